// Netlink messages: nlmsghdr, the family's fixed header, its attributes; the
// control messages (NLMSG_ERROR with the echoed request and extended ack,
// NLMSG_DONE); packets holding several messages. Decoding never throws.
import { fieldKeys, type AttrSet, type BodySelector, type Direction, type FlagsDecl, type IntKind, type MessageDecl, type ProtocolDecl, type SelectCtx, type StructDecl } from './schema.js';
import { checkedSet, decodeAttrs, encodeAttrs, wellFormed } from './attrs.js';
import { decodeStruct, encodeStruct, type Json } from './struct.js';
import { flagNames, intFromJson, JsonValueError } from './ints.js';
import { decodeCtx, problem, Tracer, type DecodeCtx, type Problem, type Span } from './context.js';
import type { Session } from './session.js';
import { allZero, decodeUtf8, encodeUtf8, fromHex, toHex } from '../wire/bytes.js';
import { align4, Writer } from '../wire/writer.js';
import { roomyObject } from './room.js';
import { compileMessage, type MessageDecoder, type MessageHelpers } from './message-compiled.js';
import {
  ERRNO, NLM_F_ACK_FLAGS, NLM_F_ANY, NLM_F_CAPPED, NLM_F_DEL, NLM_F_GET, NLM_F_NEW, NLM_F_PLAIN, NLMSG, NLMSG_DONE_BODY, NLMSGERR_ATTR,
} from '../../codecs/netlink.js';
import { codecsOf } from '../../codecs/registry.js';

export const NLMSG_HDRLEN = 16;
export const NLMSG_ERROR = 2;
export const NLMSG_DONE = 3;
/** types below are netlink's own control messages (netlink.h) */
export const NLMSG_MIN_TYPE = 0x10;

export interface DecodeOptions {
  protocol: number;
  direction: Direction;
  /** record the byte map (teaching view) */
  trace?: boolean;
  /** starts each message's object (the capture layer puts frame, time ... first): sets its keys
   *  on `into` and returns it, or returns an object of them, whose keys are copied */
  envelope?: (index: number, into: Json) => Json;
  /** what earlier messages of the capture said (generic netlink family ids); learns from this packet */
  session?: Session;
  /** struct attribute values of the usual size as StructViews, decoded when rendered (the text
   *  view renders them from the bytes); JSON.stringify gives the same text either way */
  views?: boolean;
}

export interface DecodedPacket {
  messages: Json[];
  problems: Problem[];
  spans?: Span[];
}

/** Keys of a message object that are not netlink content. */
export const ENVELOPE_KEYS = new Set(['frame', 'index', 'time', 'direction', 'protocol', 'header', 'problems', 'error_name']);

/** Decodes every message of one packet (one socket read or write). */
export function decodePacket(data: Uint8Array, opts: DecodeOptions): DecodedPacket {
  return decodePacketSlice(data, opts, 0, 0, Infinity);
}

/**
 * Decodes the messages of a packet from byte `from` on, at most `max` of them, numbered from
 * `first` (the envelope's index); `next` is where the next slice starts (data.length: done).
 * A packet can hold a million tiny messages (16 MiB of 20-byte ones): in slices, their objects
 * need not all be alive at once. Problem offsets count from the packet's start, as decodePacket's.
 * Protocols without netlink framing decode whole, in one slice.
 */
export function decodePacketSlice(data: Uint8Array, opts: DecodeOptions, from: number, first: number, max: number): DecodedPacket & { next: number } {
  const proto = codecsOf(opts.protocol);
  if (proto?.packet) return { ...decodeUnframed(proto, data, opts), next: data.length };
  const ctx = decodeCtx(data, new DataView(data.buffer, data.byteOffset, data.byteLength), [], opts.direction, opts.trace ? new Tracer() : undefined, opts.session, opts.views);
  const messages: Json[] = [];
  let pos = from;
  const end = data.length;
  // the generated decoders of the protocol's declared types (none for a byte map)
  const decoders = proto !== undefined && ctx.trace === undefined && compiledMessages ? decodersOf(proto) : undefined;
  while (pos < end && messages.length < max) {
    // the type picks the object's maker and decoder; they look at the header again
    const decl = end - pos >= NLMSG_HDRLEN ? messageDecl(proto, ctx.dv.getUint16(pos + 4, true), ctx.session) : undefined;
    const fast = decoders !== undefined && decl !== undefined ? decoderOf(proto!, decl, decoders) : null;
    const obj = roomyObject(decl ?? UNDECLARED);
    if (opts.envelope !== undefined) {
      const o = opts.envelope(first + messages.length, obj);
      if (o !== obj) Object.assign(obj, o);
    }
    const before = ctx.problems.length;
    pos = fast !== null ? fast(ctx, pos, end, obj) : decodeMessage(ctx, proto, pos, end, obj, decl);
    if (ctx.problems.length > before) obj.problems = ctx.problems.slice(before);
    messages.push(obj);
    learnFrom(proto, obj, opts.session);
  }
  return { messages, problems: ctx.problems, spans: ctx.trace?.root, next: pos };
}

/** A protocol's lesson from one message, when it learns and there is a session to teach;
 *  a codec bug there must not stop the decode. */
function learnFrom(proto: ProtocolDecl | undefined, obj: Json, session: Session | undefined): void {
  if (proto === undefined || proto.learn === undefined || session === undefined) return;
  try { proto.learn(obj, session); } catch { /* nothing learned */ }
}

/** what stands for messages without a declaration (control messages, unknown types) in roomyObject */
const UNDECLARED = {};

/** NLMSG_DONE of a protocol that does not declare type 3 itself: its error field, then
 *  extended-ack attributes (decoded, encoded and written from the bytes as this says) */
export const DONE_DECL: MessageDecl = { type: NLMSG_DONE, name: 'NLMSG_DONE', op: 'other', body: NLMSG_DONE_BODY, attrs: NLMSGERR_ATTR };

/** The name a message type shows in JSON (none for an anonymous layout: the number shows). */
export function typeName(decl: MessageDecl | undefined): string | undefined {
  return decl !== undefined && decl.anonymous !== true ? decl.name : undefined;
}

/** The declaration of a message type: the static table, else what the session knows. */
export function messageDecl(proto: ProtocolDecl | undefined, type: number, session: Session | undefined): MessageDecl | undefined {
  const decl = proto === undefined ? undefined : declsByType(proto)[type] ?? proto.messages.get(type);
  if (decl !== undefined || proto === undefined || proto.resolve === undefined || type < NLMSG_MIN_TYPE) return decl;
  try { return proto.resolve(type, session); } catch { return undefined; }
}

const BY_TYPE = Symbol('byType');
const NO_DECLS: ReadonlyArray<MessageDecl | undefined> = [];
/** A protocol's message declarations in an array indexed by type, made once (an element load
 *  per message costs less than a Map lookup); empty when the types are too large for one. */
function declsByType(proto: ProtocolDecl): ReadonlyArray<MessageDecl | undefined> {
  const p = proto as ProtocolDecl & { [BY_TYPE]?: ReadonlyArray<MessageDecl | undefined> };
  let t = p[BY_TYPE];
  if (t === undefined) {
    if (!Object.isExtensible(p)) return NO_DECLS; // a frozen protocol: the Map only
    const max = Math.max(-1, ...proto.messages.keys());
    t = max < 4096 ? Array.from({ length: max + 1 }, (_, i) => proto.messages.get(i)) : NO_DECLS;
    p[BY_TYPE] = t;
  }
  return t;
}

/** Protocols without nlmsghdr framing decode the packet as a whole. */
function decodeUnframed(proto: ProtocolDecl, data: Uint8Array, opts: DecodeOptions): DecodedPacket {
  let r: ReturnType<NonNullable<ProtocolDecl['packet']>['decode']>;
  let trace = opts.trace ? new Tracer() : undefined;
  try { r = proto.packet!.decode(data, opts.direction, trace); } catch (err) {
    r = { messages: [{ '@raw': toHex(data) }], problems: [{ code: 'codec-error', offset: 0, path: proto.name, message: String(err) }] };
    trace = undefined;
  }
  const messages = r.messages.map((m, i) => Object.assign(opts.envelope ? opts.envelope(i, {}) : {}, m) as Json);
  if (r.problems.length && messages.length) messages[0]!.problems = r.problems;
  // a codec that draws no byte map shows the packet as one raw span
  const spans: Span[] | undefined = !opts.trace ? undefined
    : trace?.root.length ? trace.root : [{ offset: 0, length: data.length, path: proto.name, role: 'raw', value: proto.name }];
  return { messages, problems: r.problems, spans };
}

/** Decodes the message at `pos` into `obj`; returns where the next one starts. */
function decodeMessage(ctx: DecodeCtx, proto: ProtocolDecl | undefined, pos: number, end: number, obj: Json, decl: MessageDecl | undefined): number {
  const { dv, trace } = ctx;
  if (end - pos < NLMSG_HDRLEN) {
    problem(ctx, 'short-header', pos, '', `${end - pos} bytes left, too short for a netlink header`);
    obj['@raw'] = toHex(ctx.b, pos, end);
    if (trace !== undefined) trace.leaf(pos, end - pos, 'trailing', 'raw', obj['@raw']);
    return end;
  }
  const wireLen = dv.getUint32(pos, true);
  const type = dv.getUint16(pos + 4, true);
  const flags = dv.getUint16(pos + 6, true);
  // kauditd's records to auditd leave the header out of nlmsg_len; the JSON keeps the wire value
  const len = headerLeftOut(proto, wireLen, type, end - pos, ctx.direction) ? wireLen + NLMSG_HDRLEN : wireLen;
  const tname = (type < NLMSG_MIN_TYPE ? NLMSG.byValue.get(type) : undefined) ?? typeName(decl) ?? type;
  obj.header = {
    len: wireLen, type: tname, flags: flagNames(flags, flagSet(type, decl)),
    seq: dv.getUint32(pos + 8, true), pid: dv.getUint32(pos + 12, true),
  };
  // (String() of a string is a call into V8's runtime per message)
  const path = typeof tname === 'string' ? tname : String(tname);
  if (trace !== undefined) {
    trace.open(pos, path, 'message');
    traceHeader(trace, pos, obj.header as Json);
  }
  if (len < NLMSG_HDRLEN || len > end - pos) {
    problem(ctx, len < NLMSG_HDRLEN ? 'nlmsg-len-short' : 'nlmsg-len-overrun', pos, path,
      `nlmsg_len ${len} but ${end - pos} bytes left in the packet`);
    // Keep the rest as is; a cut message still shows its header.
    obj['@raw'] = toHex(ctx.b, pos + NLMSG_HDRLEN, end);
    if (trace !== undefined) { trace.leaf(pos + NLMSG_HDRLEN, end - pos - NLMSG_HDRLEN, `${path}.payload`, 'raw', obj['@raw']); trace.close(end); }
    return end;
  }
  const s = pos + NLMSG_HDRLEN;
  const e = pos + len;
  if (type === NLMSG_ERROR) decodeError(ctx, proto, s, e, flags, obj, path);
  // a protocol that declares NLMSG_DONE itself reads it so (the connector sends every cn_msg as one)
  else if (decl !== undefined) decodeBody(ctx, decl.body, decl.attrs, s, e, obj, path, decl.text);
  else if (type === NLMSG_DONE) decodeBody(ctx, DONE_DECL.body, DONE_DECL.attrs, s, e, obj, path);
  else decodeGeneric(ctx, s, e, obj, path);
  const next = finishMessage(ctx, pos, len, e, end, obj);
  if (trace !== undefined) { trace.leaf(e, next - e, `${path}.pad`, 'pad'); trace.close(next); }
  return next;
}

/** The padding after the message that ends at `e` (its `@pad` when it is not the usual), and
 *  where the next message starts. */
function finishMessage(ctx: DecodeCtx, pos: number, len: number, e: number, end: number, obj: Json): number {
  // Messages start on 4-byte boundaries; the padding is usually zero. Zeros up to the
  // end of the packet are padding too: tools send requests in zeroed buffers larger
  // than the message, and the kernel ignores what follows (netlink_rcv_skb).
  let next = Math.min(pos + align4(len), end);
  if (allZero(ctx.b, e, end)) next = end;
  const padDefault = next === end ? 0 : align4(len) - len;
  if (next - e !== padDefault || !allZero(ctx.b, e, next)) {
    obj['@pad'] = allZero(ctx.b, e, next) ? next - e : toHex(ctx.b, e, next);
  }
  return next;
}

/** Whether declared types decode through their generated decoders (off: the generic one only,
 *  which the test compares them with). */
let compiledMessages = true;
export function useCompiledMessages(on: boolean): void { compiledMessages = on; }

const MESSAGE_HELPERS: MessageHelpers = {
  generic: decodeMessage as MessageHelpers['generic'],
  finish: finishMessage,
  flagSet,
  typeName,
  chosenStruct,
};

const DECODERS = Symbol('decoders');
type Decoders = Array<MessageDecoder | null | undefined>;
/** The generated decoders of a protocol's types, by type: made on first use of each type and
 *  kept (null: none); a frozen protocol has none. */
function decodersOf(proto: ProtocolDecl): Decoders | undefined {
  const p = proto as ProtocolDecl & { [DECODERS]?: Decoders };
  let t = p[DECODERS];
  if (t === undefined) {
    if (!Object.isExtensible(p)) return undefined;
    t = p[DECODERS] = new Array<MessageDecoder | null | undefined>(declsByType(proto).length); // holey, not a dictionary
  }
  return t;
}

/** The generated decoder of `decl` from the protocol's table `t`, made on first use for a type
 *  of its static table; null for any other (a generic netlink family's, declared as the capture
 *  names it). */
function decoderOf(proto: ProtocolDecl, decl: MessageDecl, t: Decoders): MessageDecoder | null {
  const type = decl.type;
  let f = t[type];
  if (f === undefined) {
    if (declsByType(proto)[type] !== decl) return null;
    try { f = compileMessage(proto, decl, MESSAGE_HELPERS) ?? null; } catch { f = null; }
    t[type] = f;
  }
  return f;
}

/** Whether the protocol says this nlmsg_len counts the payload only (never throws). */
function headerLeftOut(proto: ProtocolDecl | undefined, len: number, type: number, left: number, direction: Direction): boolean {
  if (proto === undefined || proto.lenWithoutHeader === undefined) return false;
  try { return proto.lenWithoutHeader(len, type, left, direction) === true; } catch { return false; }
}

function traceHeader(trace: Tracer, pos: number, h: Json): void {
  const f = [['nlmsg_len', 4, h.len], ['nlmsg_type', 2, h.type], ['nlmsg_flags', 2, h.flags], ['nlmsg_seq', 4, h.seq], ['nlmsg_pid', 4, h.pid]] as const;
  let o = pos;
  for (const [name, size, value] of f) { trace.leaf(o, size, `nlmsghdr.${name}`, 'field', value, 'nlmsghdr', size === 4 ? 'u32' : 'u16'); o += size; }
}

/** NLM_F names of bits 8..11 depend on the kind of request. */
export function flagSet(type: number, decl?: MessageDecl) {
  if (type === NLMSG_ERROR) return NLM_F_ACK_FLAGS;
  switch (decl?.op) {
    case 'get': return NLM_F_GET;
    case 'new': return NLM_F_NEW;
    case 'del': return NLM_F_DEL;
    default: return NLM_F_PLAIN;
  }
}

function selectCtx(obj: Json, direction: Direction): SelectCtx {
  return { siblings: obj, body: obj, direction };
}

type BodySpec = MessageDecl['body'];

/** The body layout a selector gives, or undefined when it gives anything else (never throws). */
export function chosenStruct(choose: BodySelector, ctx: Pick<DecodeCtx, 'direction' | 'b'>, s: number, e: number): StructDecl | undefined {
  let r: unknown;
  try { r = choose({ direction: ctx.direction, bytes: ctx.b, offset: s, length: e - s }); } catch { return undefined; }
  // (typeof and null compared, not `r &&`: V8's truth test of any value is a dozen instructions)
  return typeof r === 'object' && r !== null && (r as { kind?: unknown }).kind === 'struct' ? (r as StructDecl) : undefined;
}

type AttrsSpec = MessageDecl['attrs'];

/** Fixed header then attributes (or, for text payloads, the text under the key `text` names), in [s, e). */
function decodeBody(ctx: DecodeCtx, bodySpec: BodySpec, attrsSpec: AttrsSpec, s: number, e: number, obj: Json, path: string, text?: string): void {
  let st: StructDecl | undefined;
  if (typeof bodySpec === 'function') st = chosenStruct(bodySpec, ctx, s, e);
  else st = bodySpec;
  let a = s;
  // (the tests compare with undefined: a truth test of a value of any type costs more, per message)
  if (st !== undefined) {
    const defaultLen = align4(st.size);
    const region = Math.min(defaultLen, e - s);
    decodeStruct(st, ctx, s, region, defaultLen, st.name, undefined, obj);
    a = s + region;
  }
  if (text !== undefined) { if (a < e) decodeText(ctx, text, a, e, obj, path); return; }
  const sel = selectCtx(obj, ctx.direction);
  const set: AttrSet | undefined = typeof attrsSpec === 'function' ? checkedSet(attrsSpec, sel) : attrsSpec;
  if (a < e) {
    if (set === undefined && !wellFormed(ctx, a, e)) {
      obj['@payload'] = toHex(ctx.b, a, e);
      if (ctx.trace) ctx.trace.leaf(a, e - a, `${path}.payload`, 'raw', obj['@payload']);
    } else decodeAttrs(set, ctx, a, e, '', sel, obj);
  }
}

/** A text payload (audit records): the text, and the NUL bytes after it in `KEY@` when there are
 *  any; hex when it is not text (invalid UTF-8, bytes after a NUL). */
function decodeText(ctx: DecodeCtx, key: string, s: number, e: number, obj: Json, path: string): void {
  let n = s;
  while (n < e && ctx.b[n] !== 0) n++;
  const text = decodeUtf8(ctx.b, s, n);
  if (text === undefined || !allZero(ctx.b, n, e)) {
    obj['@payload'] = toHex(ctx.b, s, e);
    if (ctx.trace) ctx.trace.leaf(s, e - s, `${path}.payload`, 'raw', obj['@payload']);
    return;
  }
  obj[key] = text;
  if (n < e) obj[`${key}@`] = { nul: e - n };
  if (ctx.trace) ctx.trace.leaf(s, e - s, `${path}.${key}`, 'field', text, undefined, 'text');
}

/** Unknown type: a chain of attributes if the payload is one (from 0, or after a 4-byte header), else hex. */
function decodeGeneric(ctx: DecodeCtx, s: number, e: number, obj: Json, path: string): void {
  if (s === e) return;
  const sel = selectCtx(obj, ctx.direction);
  if (wellFormed(ctx, s, e)) { decodeAttrs(undefined, ctx, s, e, '', sel, obj); return; }
  if (e - s >= 4 && wellFormed(ctx, s + 4, e)) {
    obj['@header'] = toHex(ctx.b, s, s + 4);
    if (ctx.trace) ctx.trace.leaf(s, 4, `${path}.header`, 'raw', obj['@header']);
    decodeAttrs(undefined, ctx, s + 4, e, '', sel, obj);
    return;
  }
  obj['@payload'] = toHex(ctx.b, s, e);
  if (ctx.trace) ctx.trace.leaf(s, e - s, `${path}.payload`, 'raw', obj['@payload']);
}

/** struct nlmsgerr: error, the echoed request (whole unless NLM_F_CAPPED), then extended-ack TLVs. */
function decodeError(ctx: DecodeCtx, proto: ProtocolDecl | undefined, s: number, e: number, flags: number, obj: Json, path: string): void {
  const { dv, trace } = ctx;
  if (e - s < 4) { decodeGeneric(ctx, s, e, obj, path); return; }
  const error = dv.getInt32(s, true);
  obj.error = error;
  if (error < 0) obj.error_name = ERRNO.byValue.get(-error) ?? `errno ${-error}`;
  if (trace) trace.leaf(s, 4, 'nlmsgerr.error', 'field', error === 0 ? '0 (ACK)' : `${error} (${obj.error_name})`, 'nlmsgerr', 's32');
  if (e - s < 4 + NLMSG_HDRLEN) {
    if (e - s > 4) { obj['@payload'] = toHex(ctx.b, s + 4, e); trace?.leaf(s + 4, e - s - 4, `${path}.payload`, 'raw'); }
    return;
  }
  const h = s + 4;
  const echoLen = dv.getUint32(h, true);
  const echoType = dv.getUint16(h + 4, true);
  const echoDecl = messageDecl(proto, echoType, ctx.session);
  const echo: Json = {
    header: {
      len: echoLen, type: NLMSG.byValue.get(echoType) ?? typeName(echoDecl) ?? echoType,
      flags: flagNames(dv.getUint16(h + 6, true), flagSet(echoType, echoDecl)),
      seq: dv.getUint32(h + 8, true), pid: dv.getUint32(h + 12, true),
    },
  };
  obj.msg = echo;
  const epath = 'nlmsgerr.msg';
  if (trace) { trace.open(h, epath, 'message'); traceHeader(trace, h, echo.header as Json); }
  let tlv = h + NLMSG_HDRLEN;
  if (!(flags & NLM_F_CAPPED) && echoLen > NLMSG_HDRLEN) {
    const echoEnd = Math.min(h + echoLen, e);
    if (h + echoLen > e) problem(ctx, 'echo-cut', h, path, `echoed request of ${echoLen} bytes, ${e - h} present`);
    // The echoed request went to the kernel: decode it as such.
    const sub = decodeCtx(ctx.b, ctx.dv, ctx.problems, 'to-kernel', ctx.trace, ctx.session, ctx.views);
    if (echoDecl) decodeBody(sub, echoDecl.body, echoDecl.attrs, tlv, echoEnd, echo, epath, echoDecl.text);
    else decodeGeneric(sub, tlv, echoEnd, echo, epath);
    tlv = Math.min(s + align4(4 + echoLen), e);
    const padDefault = align4(echoEnd - s) - (echoEnd - s);
    if (!allZero(ctx.b, echoEnd, tlv) || tlv - echoEnd !== padDefault) echo['@pad'] = toHex(ctx.b, echoEnd, tlv);
    trace?.leaf(echoEnd, tlv - echoEnd, `${epath}.pad`, 'pad');
  }
  trace?.close(tlv);
  if (tlv < e) decodeAttrs(NLMSGERR_ATTR, ctx, tlv, e, '', selectCtx(obj, ctx.direction), obj);
}

// ---------------------------------------------------------------- encode

export interface EncodeOptions {
  protocol: number;
  direction: Direction;
  /** family ids (generic netlink) known so far; learns from the messages encoded */
  session?: Session;
}

/** Encodes one message object (the JSON form) back to bytes. Throws JsonValueError on values it cannot encode. */
export function encodeMessage(obj: Json, opts: EncodeOptions, w = new Writer()): Uint8Array {
  const proto = codecsOf(opts.protocol);
  if (proto?.packet) return proto.packet.encode([obj], opts.direction);
  const start = w.pos;
  writeMessage(obj, opts, w, proto);
  learnFrom(proto, obj, opts.session);
  return w.buf.slice(start, w.pos);
}

/** Encodes the messages of one packet, with the padding between them. */
export function encodePacket(messages: Json[], opts: EncodeOptions): Uint8Array {
  const proto = codecsOf(opts.protocol);
  if (proto?.packet) return proto.packet.encode(messages, opts.direction);
  const w = new Writer(1024);
  messages.forEach((m, i) => {
    writeMessage(m, opts, w, proto);
    learnFrom(proto, m, opts.session);
    const pad = m['@pad'];
    if (typeof pad === 'number') w.zeros(pad);
    else if (typeof pad === 'string') w.bytes(hex(pad, 'message @pad'));
    else if (i < messages.length - 1) w.align4();
  });
  return w.finish();
}

function hex(v: unknown, what: string): Uint8Array {
  const b = fromHex(String(v));
  if (!b) throw new JsonValueError(`${what}: ${JSON.stringify(v)} is not hex`);
  return b;
}

function headerFields(h: Json, proto: ProtocolDecl | undefined, session: Session | undefined): { type: number; flags: number; decl?: MessageDecl } {
  const t = h.type;
  let type: number;
  let decl: MessageDecl | undefined;
  if (typeof t === 'number') type = t;
  else if (typeof t === 'string' && NLMSG.byName.has(t)) type = NLMSG.byName.get(t)!;
  else if (typeof t === 'string' && proto?.byName.has(t)) { decl = proto.byName.get(t); type = decl!.type; }
  else if (typeof t === 'string' && /^\d+$/.test(t)) type = Number(t);
  else if (typeof t === 'string' && (decl = resolveName(proto, t, session))) type = decl.type;
  else throw new JsonValueError(`header.type: unknown message type ${JSON.stringify(t)}${proto ? ` for ${proto.name}` : ''}`);
  decl ??= messageDecl(proto, type, session);
  const flags = flagsFromJson(h.flags ?? 0, flagSet(type, decl));
  return { type, flags, decl };
}

/** The header's flags: names of the message's kind, else any NLM_F_ name (NLM_F_CREATE on a GET is 0x400). */
function flagsFromJson(v: unknown, kind: FlagsDecl): number {
  try { return pathInt(v, 'u16', 'header.flags', kind); } catch (e) {
    if (!(e instanceof JsonValueError)) throw e;
    try { return pathInt(v, 'u16', 'header.flags', NLM_F_ANY); } catch { throw e; }
  }
}

/** intFromJson of a header field, its path in the error (`header.seq: -1 is not a u32 value ...`). */
function pathInt(v: unknown, kind: IntKind, path: string, fl?: FlagsDecl): number {
  try { return Number(intFromJson(v, kind, undefined, fl)); } catch (e) {
    if (e instanceof JsonValueError) throw new JsonValueError(`${path}: ${e.message}`);
    throw e;
  }
}

function resolveName(proto: ProtocolDecl | undefined, name: string, session: Session | undefined): MessageDecl | undefined {
  if (!proto?.resolveName) return undefined;
  try { return proto.resolveName(name, session); } catch { return undefined; }
}

function writeMessage(obj: Json, opts: EncodeOptions, w: Writer, proto: ProtocolDecl | undefined): void {
  if (!obj.header) {
    if (typeof obj['@raw'] === 'string') { w.bytes(hex(obj['@raw'], '@raw')); return; }
    throw new JsonValueError('message without header');
  }
  const h = obj.header as Json;
  const { type, flags, decl } = headerFields(h, proto, opts.session);
  const start = w.pos;
  w.u32(0);
  w.u16(type);
  w.u16(flags);
  w.u32(pathInt(h.seq ?? 0, 'u32', 'header.seq'));
  w.u32(pathInt(h.pid ?? 0, 'u32', 'header.pid'));
  if (typeof obj['@raw'] === 'string') {
    // A message cut by the end of the packet: its length field is data.
    w.bytes(hex(obj['@raw'], '@raw'));
    w.patchU32(start, Number(h.len ?? w.pos - start));
    return;
  }
  if (type === NLMSG_ERROR) writeError(obj, flags, w, proto, opts);
  else if (type === NLMSG_DONE && !decl) writeBody(obj, DONE_DECL.body, DONE_DECL.attrs, w, opts.direction);
  else writeBody(obj, decl?.body, decl?.attrs, w, opts.direction, decl?.text);
  const total = w.pos - start;
  // as decoded: a record whose nlmsg_len left the header out (kauditd) keeps it out
  const payloadOnly = h.len === total - NLMSG_HDRLEN && headerLeftOut(proto, total - NLMSG_HDRLEN, type, total, opts.direction);
  w.patchU32(start, payloadOnly ? total - NLMSG_HDRLEN : total);
}

function writeBody(obj: Json, bodySpec: BodySpec, attrsSpec: AttrsSpec, w: Writer, direction: Direction, text?: string): void {
  if (typeof obj['@header'] === 'string') w.bytes(hex(obj['@header'], '@header'));
  let st: StructDecl | undefined;
  if (typeof bodySpec === 'function') st = chooseBody(obj, bodySpec, direction);
  else st = bodySpec;
  const skip = new Set<string>(ENVELOPE_KEYS);
  if (st) {
    encodeStruct(st, obj, w, align4(st.size), st.name);
    for (const k of fieldKeys(st)) skip.add(k);
  }
  if (typeof obj['@payload'] === 'string') { w.bytes(hex(obj['@payload'], '@payload')); return; }
  if (text !== undefined) {
    if (obj[text] !== undefined) w.bytes(encodeUtf8(String(obj[text])));
    const nul = (obj[`${text}@`] as Json | undefined)?.nul;
    w.zeros(typeof nul === 'number' && nul > 0 ? nul : 0);
    return;
  }
  const sel = selectCtx(obj, direction);
  const set = typeof attrsSpec === 'function' ? checkedSet(attrsSpec, sel) : attrsSpec;
  encodeAttrs(set, obj, w, '', sel, skip);
}

/**
 * Body selectors look at the first bytes (the family, sometimes the protocol). To
 * choose the same layout when encoding, try each layout the selector can return:
 * the right one is a fixed point (its own bytes select it again).
 */
function chooseBody(obj: Json, sel: BodySelector, direction: Direction): StructDecl | undefined {
  // A layout that depends on more than the first bytes (RTM_NEWNDUSEROPT: nduseropt_opts_len
  // bytes of options follow the struct) is chosen by its selector from the JSON form.
  const direct = sel({ direction, bytes: new Uint8Array(0), offset: 0, length: 0, json: obj });
  if (direct) return direct;
  // A layout whose first field the JSON lacks is not this body: its bytes would come from
  // `@tail` alone and could select it by accident (a cut smc_diag_msg read as vsock_diag_msg).
  const fits = (st: StructDecl) => st.fields.length === 0 || obj[fieldKeys(st)[0]!] !== undefined;
  for (const st of candidates(sel, direction)) {
    if (!fits(st)) continue;
    try {
      const w = new Writer(256);
      encodeStruct(st, obj, w, align4(st.size), st.name);
      const bytes = w.finish();
      if (sel({ direction, bytes, offset: 0, length: bytes.length }) === st) return st;
    } catch { /* not this layout */ }
  }
  return undefined;
}

const candidateCache = new WeakMap<BodySelector, Map<Direction, StructDecl[]>>();

/** Every layout a selector returns for some first two bytes, found once. */
function candidates(sel: BodySelector, direction: Direction): StructDecl[] {
  let byDir = candidateCache.get(sel);
  if (!byDir) candidateCache.set(sel, byDir = new Map());
  let list = byDir.get(direction);
  if (list) return list;
  const seen = new Set<StructDecl>();
  const probe = new Uint8Array(256);
  for (let fam = 0; fam < 256; fam++) {
    for (let second = 0; second < 256; second++) {
      probe[0] = fam;
      probe[1] = second;
      const st = sel({ direction, bytes: probe, offset: 0, length: probe.length });
      if (st) seen.add(st);
    }
  }
  byDir.set(direction, list = [...seen]);
  return list;
}

function writeError(obj: Json, flags: number, w: Writer, proto: ProtocolDecl | undefined, opts: EncodeOptions): void {
  if (obj.error === undefined) { if (typeof obj['@payload'] === 'string') w.bytes(hex(obj['@payload'], '@payload')); return; }
  const s = w.pos;
  w.u32(pathInt(obj.error, 's32', 'error'));
  if (typeof obj['@payload'] === 'string') { w.bytes(hex(obj['@payload'], '@payload')); return; }
  const echo = obj.msg as Json | undefined;
  if (echo?.header) {
    const h = echo.header as Json;
    const { type, flags: ef, decl } = headerFields(h, proto, opts.session);
    const hs = w.pos;
    w.u32(0); w.u16(type); w.u16(ef);
    w.u32(pathInt(h.seq ?? 0, 'u32', 'msg.header.seq'));
    w.u32(pathInt(h.pid ?? 0, 'u32', 'msg.header.pid'));
    // As the decoder: the echoed payload is there unless capped or the echoed length says none.
    if (!(flags & NLM_F_CAPPED) && (h.len === undefined || Number(h.len) > NLMSG_HDRLEN)) {
      if (decl) writeBody(echo, decl.body, decl.attrs, w, 'to-kernel', decl.text);
      else writeBody(echo, undefined, undefined, w, 'to-kernel');
    }
    w.patchU32(hs, h.len !== undefined ? Number(h.len) : w.pos - hs);
    if (typeof echo['@pad'] === 'string') w.bytes(hex(echo['@pad'], 'msg @pad'));
    else if (!(flags & NLM_F_CAPPED)) w.zeros(align4(w.pos - s) - (w.pos - s));
  }
  encodeAttrs(NLMSGERR_ATTR, obj, w, '', selectCtx(obj, opts.direction), new Set(['msg', 'error', ...ENVELOPE_KEYS]));
}

