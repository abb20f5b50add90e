// Generated message decoders: one function per message type a protocol declares (from its static
// table), the generic decodeMessage (message.ts) written out for that type. Its name, flag set,
// body layout and attribute set are constants in the code, and the calls it makes each see one
// callee; the generic function, shared by every type of every protocol, looks them up per message
// and its call sites see them all. It decodes every message of its type whose header is sound
// (nlmsg_len within the packet); any other hands the message to the generic decoder. The test
// decodes every capture both ways and compares (test/compiled-walkers.test.ts).
import type { MessageDecl, ProtocolDecl, StructDecl } from './schema.js';
import type { DecodeCtx } from './context.js';
import { compiledOf, decodeStruct, type Json } from './struct.js';
import { checkedSet, decodeAttrs, wellFormed } from './attrs.js';
import { isIdentifier } from './attrs-compiled.js';
import { flagNames } from './ints.js';
import { allZero, toHex } from '../wire/bytes.js';
import { align4 } from '../wire/writer.js';

/** Decodes the message at `pos` (at least a header's 16 bytes before `end`) into `obj`; returns
 *  where the next one starts. */
export type MessageDecoder = (ctx: DecodeCtx, pos: number, end: number, obj: Json) => number;

/** What message.ts lends the generated code (its own pieces of decodeMessage). */
export interface MessageHelpers {
  /** the generic decode of the message (a header that is not sound) */
  generic(ctx: DecodeCtx, proto: ProtocolDecl, pos: number, end: number, obj: Json, decl: MessageDecl): number;
  /** the padding after the message, and where the next one starts */
  finish(ctx: DecodeCtx, pos: number, len: number, e: number, end: number, obj: Json): number;
  flagSet(type: number, decl: MessageDecl): unknown;
  typeName(decl: MessageDecl): string | undefined;
  chosenStruct(choose: NonNullable<MessageDecl['body']>, ctx: DecodeCtx, s: number, e: number): StructDecl | undefined;
}

let made = 0;

/** The generated decoder of `decl`, a type of `proto`'s static table, or undefined where the
 *  generic decoder must do it all: control messages (types below 16), text payloads, protocols
 *  whose nlmsg_len may leave the header out. */
export function compileMessage(proto: ProtocolDecl, decl: MessageDecl, h: MessageHelpers): MessageDecoder | undefined {
  if (decl.type < 0x10 || decl.text !== undefined || proto.lenWithoutHeader !== undefined) return undefined;
  const env: unknown[] = [];
  const ref = (x: unknown) => { env.push(x); return `env[${env.length - 1}]`; };
  const name = h.typeName(decl) ?? decl.type;
  const path = String(name);
  const body = decl.body;
  let bodyCode = '';
  if (typeof body === 'function') {
    // chosen per message (sock_diag: by the family byte); decoded as decodeBody does
    bodyCode = `const st = ${ref(h.chosenStruct)}(${ref(body)}, ctx, s, e);
if (st !== undefined) {
  const dl = (st.size + 3) & ~3, region = e - s < dl ? e - s : dl;
  ${ref(decodeStruct)}(st, ctx, s, region, dl, st.name, undefined, obj);
  a = s + region;
}`;
  } else if (body !== undefined) {
    // a whole struct and zero padding: its generated decoder, straight (decodeStruct's fast case)
    const dl = align4(body.size);
    const fast = compiledOf(body);
    const direct = fast !== null && fast.size <= dl
      ? `if (region === ${dl}${fast.size < dl ? ` && ${ref(allZero)}(ctx.b, s + ${fast.size}, s + ${dl})` : ''}) ${ref(fast.decodeInto)}(ctx.b, dv, s, undefined, obj);
else ` : '';
    bodyCode = `const region = e - s < ${dl} ? e - s : ${dl};
${direct}${ref(decodeStruct)}(${ref(body)}, ctx, s, region, ${dl}, ${JSON.stringify(body.name)}, undefined, obj);
a = s + region;`;
  }
  const attrs = decl.attrs;
  const setCode = typeof attrs === 'function' ? `${ref(checkedSet)}(${ref(attrs)}, sel)` : attrs !== undefined ? ref(attrs) : 'undefined';
  const attrsCode = attrs !== undefined && typeof attrs !== 'function'
    ? `if (a < e) ${ref(decodeAttrs)}(set, ctx, a, e, '', sel, obj);`
    : `if (a < e) {
  if (set === undefined && !${ref(wellFormed)}(ctx, a, e)) obj['@payload'] = ${ref(toHex)}(ctx.b, a, e);
  else ${ref(decodeAttrs)}(set, ctx, a, e, '', sel, obj);
}`;
  const fnName = `message_${isIdentifier(path) ? path : 'type'}_${++made}`;
  const src = `return function ${fnName}(ctx, pos, end, obj) {
const dv = ctx.dv;
const len = dv.getUint32(pos, true);
if (len < 16 || len > end - pos) return generic(ctx, proto, pos, end, obj, decl);
obj.header = { len: len, type: ${JSON.stringify(name)}, flags: flagNames(dv.getUint16(pos + 6, true), flags), seq: dv.getUint32(pos + 8, true), pid: dv.getUint32(pos + 12, true) };
const s = pos + 16, e = pos + len;
let a = s;
${bodyCode}
// (selectCtx's object, written out: a call to it here measured 40-90 instructions a message)
const sel = { siblings: obj, body: obj, direction: ctx.direction };
const set = ${setCode};
${attrsCode}
return finish(ctx, pos, len, e, end, obj);
};`;
  return new Function('env', 'proto', 'decl', 'generic', 'finish', 'flagNames', 'flags', src)(
    env, proto, decl, h.generic, h.finish, flagNames, h.flagSet(decl.type, decl)) as MessageDecoder;
}
