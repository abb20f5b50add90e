// Generated attribute walkers: one function per attribute set, a `switch` on nla_type with
// the decode of each declared attribute written out (reads inline, the struct decoder called
// directly, a named store). It decodes the common case only: a declared attribute with its
// usual flags and size, zero padding, first of its name. At the first attribute that is
// anything else (unknown, repeated, a selector's choice, odd flags, padding or size: all
// that needs problems or `NAME@` details) it hands the rest of the set to the generic walker,
// which gives the same JSON. The test decodes every capture both ways and compares.
import { INT_SIZE, NLA_F_NET_BYTEORDER, type AttrDecl, type AttrSet, type AttrValue, type IntKind, type SelectCtx } from './schema.js';
import { exact, netOrder } from './ints.js';
import { compiledOf, decodeStruct, named, READ, StructView, type Json } from './struct.js';
import type { DecodeCtx } from './context.js';
import type { Deferred } from './attrs.js';
import { decodeCText, formatIp4, formatIp6, formatMac, padNotZero, toHex } from '../wire/bytes.js';
import { roomyMaker, roomyObject } from './room.js';

export type Walker = (ctx: DecodeCtx, off: number, end: number, path: string, sel: SelectCtx, into: Json) => void;

/** What the generic walker lends the generated code. */
export interface WalkHelpers {
  /** the generic walk of [off, end), for the rest of a set; it also decodes the values deferred so far */
  generic(set: AttrSet, ctx: DecodeCtx, off: number, end: number, path: string, sel: SelectCtx, into: Json, later: Deferred[] | undefined): void;
  /** decodes deferred values (a selector's choice) once the whole set is known */
  resolve(later: Deferred[], ctx: DecodeCtx, sel: SelectCtx, into: Json): void;
  /** what a deferred value's key holds meanwhile (it keeps the key's place in wire order) */
  pending: symbol;
  /** a nested set, with the depth guard */
  nested(set: AttrSet | undefined, ctx: DecodeCtx, off: number, end: number, path: string, sel: SelectCtx, into: Json): void;
  /** any value, as the generic walker decodes it (details go into meta) */
  value(v: AttrValue, ctx: DecodeCtx, s: number, e: number, fl: number, path: string, sel: SelectCtx, meta: Json): unknown;
  childSel(sel: SelectCtx, siblings: Json): SelectCtx;
  hasMeta(meta: Json): boolean;
  /** a deferred value decoded now that its siblings are known (its `KEY@` details stored in
   *  `into`): what `resolve` does for one value */
  selected(decl: AttrDecl, ctx: DecodeCtx, s: number, e: number, path: string, sel: SelectCtx, into: Json): unknown;
}

/** Whether `obj.NAME` is a named property access in generated code (else `obj["NAME"]`). */
export const isIdentifier = (name: string): boolean => /^[A-Za-z_$][\w$]*$/.test(name) && name !== '__proto__';

/** The generated walker of a set, or undefined when the set cannot be listed (YNL sets
 *  make their declarations on demand) or has nothing to compile. */
export function compileWalker(set: AttrSet, h: WalkHelpers): Walker | undefined {
  if (Object.getPrototypeOf(set.byType) !== Map.prototype) return undefined;
  const env: unknown[] = [];
  const ref = (x: unknown) => { env.push(x); return `env[${env.length - 1}]`; };
  const cases: string[] = [];
  const selects: AttrDecl[] = [];
  for (const decl of set.byType.values()) {
    const body = caseBody(decl, ref, h, selects);
    if (body) cases.push(`case ${decl.type | (decl.flagBits ?? 0)}: ${body} break;`);
  }
  if (cases.length === 0) return undefined;
  // Selectors' values are decoded once the whole set is known (RTA_ENCAP comes before
  // RTA_ENCAP_TYPE). Their places are kept in locals (sN/eN, sN -1 when absent); at the end
  // they are decoded in wire order, or handed to the generic walker as its deferred list.
  const deferred = selects.map((d, i) => ({
    record: `s${i} >= 0 ? { key: ${JSON.stringify(d.name)}, s: s${i}, e: e${i}, fl: ${d.flagBits ?? 0}, path: ${attrPath(d)}, decl: ${ref(d)}, meta: {} } : undefined`,
    decode: `if (s${i} >= 0) into${keyOf(d)} = selected(${ref(d)}, ctx, s${i}, e${i}, ${attrPath(d)}, sel, into);`,
  }));
  const list = deferred.length === 0 ? 'undefined'
    : `[${deferred.map((d) => d.record).join(', ')}].filter((d) => d !== undefined).sort((x, y) => x.s - y.s)`;
  // Usually they came in the order they are declared in (the kernel fills a set in type order):
  // decoded one by one then. `order` is the highest declaration index met so far, -2 once one
  // came after a later-declared one.
  const finish = deferred.length === 0 ? ''
    : deferred.length === 1 ? `else ${deferred[0]!.decode}`
      : `else if (order !== -2) { ${deferred.map((d) => d.decode).join(' ')} }
else resolve(${list}, ctx, sel, into);`;
  const src = `return function walk_${set.name.replace(/\W/g, '_')}(ctx, off, end, path, sel, into) {
const b = ctx.b, dv = ctx.dv;
let pos = off, hi = 0, order = -1${selects.map((_, i) => `, s${i} = -1, e${i} = 0`).join('')};
loop: while (end - pos >= 4) {
  // nla_len and nla_type in one read (one bounds check)
  const w = dv.getUint32(pos, true), len = w & 0xffff;
  if (len < 4 || len > end - pos) break;
  const next = pos + ((len + 3) & ~3);
  if (next > end) break;
  if (padNotZero(dv, pos + len, next)) break;
  switch (w >>> 16) {
${cases.join('\n')}
  }
  break;
}
if (pos !== end) generic(set, ctx, pos, end, path, sel, into, ${deferred.length ? list : 'undefined'});
${finish}
};`;
  return new Function('env', 'set', 'generic', 'resolve', 'selected', 'PENDING', 'exact', 'padNotZero', src)(env, set, h.generic, h.resolve, h.selected, h.pending, exact, padNotZero) as Walker;
}

/** `into.NAME`, or `into["NAME"]` when the name is not an identifier. */
const keyOf = (decl: AttrDecl): string => isIdentifier(decl.name) ? `.${decl.name}` : `[${JSON.stringify(decl.name)}]`;
/** The attribute's path for problems and nested values, as the generic walker builds it. */
const attrPath = (decl: AttrDecl): string => `(path ? path + ${JSON.stringify(' > ' + decl.name)} : ${JSON.stringify(decl.name)})`;

/** The code of one `case`: stores the value and continues the loop, or falls out to the generic walk. */
function caseBody(decl: AttrDecl, ref: (x: unknown) => string, h: WalkHelpers, selects: AttrDecl[]): string | undefined {
  const v = decl.value;
  if (decl.multi || decl.name === '__proto__') return undefined;
  const key = keyOf(decl);
  const apath = attrPath(decl);
  const store = (cond: string, expr: string) =>
    `if (${cond}into${key} === undefined) { into${key} = ${expr}; pos = next; continue loop; }`;
  const s = 'pos + 4';
  switch (v.kind) {
    case 'int': {
      const kind: IntKind = (decl.flagBits ?? 0) & NLA_F_NET_BYTEORDER ? netOrder(v.int) : v.int;
      const read = READ[kind];
      if (!read) return undefined;
      return store(`len === ${4 + INT_SIZE[v.int]} && `, named(read(s), kind, v.enum, v.flags, ref));
    }
    case 'scalar':
      switch (v.scalar) {
        // exactly one NUL, valid UTF-8: else the generic walker keeps the details
        case 'string':
          return `if (len > 4 && b[pos + len - 1] === 0 && into${key} === undefined) {
  const t = ${ref(decodeCText)}(b, pos + 4, pos + len - 1); if (t !== undefined) { into${key} = t; pos = next; continue loop; }
}`;
        case 'binary': return store('', `${ref(toHex)}(b, ${s}, pos + len)`);
        case 'flag': return store('len === 4 && ', 'true');
        case 'ip': return `${store('len === 8 && ', `${ref(formatIp4)}(b, ${s})`)} ${store('len === 20 && ', `${ref(formatIp6)}(b, ${s})`)}`;
        case 'ip4': return store('len === 8 && ', `${ref(formatIp4)}(b, ${s})`);
        case 'ip6': return store('len === 20 && ', `${ref(formatIp6)}(b, ${s})`);
        case 'mac': return store('', `${ref(formatMac)}(b, ${s}, pos + len)`);
        case 'uint': return store('len === 8 && ', `dv.getUint32(${s}, true)`);
        case 'sint': return store('len === 8 && ', `dv.getInt32(${s}, true)`);
        default: return undefined;
      }
    case 'struct': {
      // the usual size through the generated struct decoder, any other size through decodeStruct
      const st = v.struct;
      const fast = compiledOf(st);
      // (the text view asks for views of it instead: rendered later, straight from the bytes).
      // This is decodeStructValue written out: a call to it from every walker is one call site
      // for all layouts, and measured 20-30% slower than this direct call per layout
      const usual = fast && fast.size === st.size
        ? `len === ${4 + st.size} ? (ctx.views === true ? new ${ref(StructView)}(${ref(fast)}, b, dv, ${s}) : ${ref(fast.decode)}(b, dv, ${s}, undefined)) : ` : '';
      return store('', `${usual}${ref(decodeStruct)}(${ref(st)}, ctx, ${s}, len - 4, ${st.size}, '')`);
    }
    case 'select': {
      // chosen by siblings that may come later: its place is kept (the key holds it in wire
      // order meanwhile) and it is decoded at the end of the set, as the generic walker does
      const i = selects.push(decl) - 1;
      return `if (into${key} === undefined) {
  into${key} = PENDING; s${i} = ${s}; e${i} = pos + len;
  if (order !== -2) order = order > ${i} ? -2 : ${i};
  pos = next; continue loop;
}`;
    }
    case 'nest': {
      // the set the thunk gives now (all codecs are loaded once a walker is made): its objects
      // made by its own maker, called here (a site that sees one maker, which V8 inlines)
      let known: unknown;
      try { known = v.set(); } catch { known = undefined; }
      const make = typeof known === 'object' && known !== null
        ? `set === ${ref(known)} ? ${ref(roomyMaker(known))}() : ${ref(roomyObject)}(set)` : `${ref(roomyObject)}(set)`;
      return `if (into${key} === undefined) {
  const set = ${ref(v.set)}(), child = ${make};
  ${ref(h.nested)}(set, ctx, ${s}, pos + len, ${apath}, ${ref(h.childSel)}(sel, child), child);
  into${key} = child; pos = next; continue loop;
}`;
    }
    default: {
      // structs, records, prefixed, arrays: the generic value decoder; its details go to `NAME@`
      return `if (into${key} === undefined) {
  const meta = {};
  const v = ${ref(h.value)}(${ref(v)}, ctx, ${s}, pos + len, ${decl.flagBits ?? 0}, ${apath}, sel, meta);
  into${key} = v;
  if (${ref(h.hasMeta)}(meta)) into[${JSON.stringify(decl.name + '@')}] = meta;
  pos = next; continue loop;
}`;
    }
  }
}
