// The nlattr TLV walker. Attributes become keys of a JSON object, in wire order:
// the kernel's name (or `#type` when unknown) -> typed value. Whatever the typed
// value cannot say (flags the kernel set differently, extra NULs, odd padding)
// goes into a sibling `NAME@` entry, so encoding gives back the same bytes.
import {
  fieldKeys, INT_SIZE, NLA_F_NESTED, NLA_F_NET_BYTEORDER, NLA_TYPE_MASK, toValue,
  type AttrDecl, type AttrSet, type AttrValue, type IntKind, type SelectCtx, type StructDecl,
} from './schema.js';
import { intFromJson, intToJson, JsonValueError, readInt, netOrder, writeInt } from './ints.js';
import { decodeCtx, problem, type DecodeCtx } from './context.js';
import { decodeStruct, decodeStructValue, encodeStruct, type Json } from './struct.js';
import {
  allZero, decodeUtf8, encodeUtf8, formatIp4, formatIp6, formatMac, fromHex, parseIp, parseIp4, parseIp6, parseMac, toHex,
} from '../wire/bytes.js';
import { align4, type Writer } from '../wire/writer.js';
import { compileWalker, isIdentifier, type WalkHelpers, type Walker } from './attrs-compiled.js';
import { roomyObject } from './room.js';

/** Per-attribute details beyond the value (all optional). */
export interface AttrMeta {
  /** the NLA_F_* flag names actually set, when they differ from the declaration */
  flags?: string[];
  /** NUL bytes after a string, when not exactly one */
  nul?: number;
  /** padding bytes after the value, when not the NLA_ALIGN zeros */
  pad?: string;
  /** value size of a variable-size integer (NLA_UINT / NLA_SINT) when not the smallest */
  size?: number;
  /** child types of an indexed array, when not 1, 2, ... */
  types?: number[];
  /** child flags of an indexed array, when any is set */
  itemFlags?: string[][];
}

const FLAG_NAMES: ReadonlyArray<readonly [number, string]> = [[NLA_F_NESTED, 'NLA_F_NESTED'], [NLA_F_NET_BYTEORDER, 'NLA_F_NET_BYTEORDER']];

function flagList(bits: number): string[] {
  return FLAG_NAMES.filter(([m]) => bits & m).map(([, n]) => n);
}
function flagBits(names: unknown): number {
  if (!Array.isArray(names)) return 0;
  let v = 0;
  for (const n of names) for (const [m, name] of FLAG_NAMES) if (n === name) v |= m;
  return v;
}

export const RAW = '@raw';
/** Placeholder of a deferred value while the rest of its set is decoded. */
const PENDING = Symbol('pending');
const raw = (ctx: DecodeCtx, s: number, e: number) => ({ [RAW]: toHex(ctx.b, s, e) });

/** Nests deeper than this stay bytes (`@trailing`) with a 'nest-too-deep' problem: a hostile
 *  input of thousands of levels must not exhaust the stack (real messages nest < 10 levels). */
export const MAX_NEST_DEPTH = 64;
let nestDepth = 0;

/** Walks [off, end) as attributes of `set` (undefined: all unknown) into `into`. */
export function decodeAttrs(set: AttrSet | undefined, ctx: DecodeCtx, off: number, end: number, path: string, sel: SelectCtx, into: Json): void {
  if (nestDepth >= MAX_NEST_DEPTH) {
    problem(ctx, 'nest-too-deep', off, path, `attributes nested more than ${MAX_NEST_DEPTH} levels deep, kept as bytes`);
    if (off < end) into['@trailing'] = toHex(ctx.b, off, end);
    return;
  }
  nestDepth++;
  try {
    const fast = set !== undefined && ctx.trace === undefined && compiledWalkers ? walkerOf(set) : undefined;
    if (fast !== undefined) fast(ctx, off, end, path, sel, into);
    else walkAttrs(set, ctx, off, end, path, sel, into);
  } finally { nestDepth--; }
}

/**
 * One attribute's value decoded on its own, as the walk of its set decodes it when `depth` sets
 * enclose it (the top level of a message is depth 1): for writers that walk the bytes
 * themselves (render/direct.ts) and decode only what they do not write directly.
 */
export function decodeValueAt(depth: number, v: AttrValue, ctx: DecodeCtx, s: number, e: number, fl: number, sel: SelectCtx, meta: AttrMeta): unknown {
  const saved = nestDepth;
  nestDepth = depth;
  try { return decodeValue(v, ctx, s, e, fl, '', sel, meta); } finally { nestDepth = saved; }
}

/** Whether sets decode through their generated walkers (off: the generic walker only, which
 *  the test compares them with). */
let compiledWalkers = true;
export function useCompiledWalkers(on: boolean): void { compiledWalkers = on; }

const WALKER = Symbol('walker');
const HELPERS: WalkHelpers = {
  generic: walkAttrs as WalkHelpers['generic'],
  resolve: resolveLater as WalkHelpers['resolve'],
  pending: PENDING,
  nested: decodeAttrs,
  value: (v, ctx, s, e, fl, path, sel, meta) => decodeValue(v, ctx, s, e, fl, path, sel, meta as AttrMeta),
  childSel,
  hasMeta: (m) => hasMeta(m as AttrMeta),
  selected: decodeSelected,
};

/** One deferred value that is not `multi`, decoded now that its siblings are known: returns it
 *  and stores its `KEY@` details (resolveLater's work for one value). */
function decodeSelected(decl: AttrDecl, ctx: DecodeCtx, s: number, e: number, path: string, sel: SelectCtx, into: Json): unknown {
  // the selector's answer as it is: the usual one, a layout (tcp_info once per socket), has no
  // details and goes straight to its decoder, without a value description made for it
  // (measured: ~200 of a socket message's ~6,700 instructions went to the layers between)
  const value = decl.value;
  const r = value.kind === 'select' ? selectorAnswer(value, sel) : value;
  if (isLayout(r)) return decodeStructValue(r, ctx, s, e - s, path);
  const chosen = valueOf(r);
  if (chosen !== undefined && chosen.kind === 'struct') return decodeStructValue(chosen.struct, ctx, s, e - s, path);
  const meta: AttrMeta = {};
  // (a choice the selector refused is asked again there, and kept as bytes)
  const v = decodeValue(chosen ?? decl.value, ctx, s, e, decl.flagBits ?? 0, path, sel, meta);
  if (hasMeta(meta)) into[`${decl.name}@`] = meta;
  return v;
}
/** The generated walker of a set, made on first use and kept on the set (null: none). */
function walkerOf(set: AttrSet): Walker | undefined {
  const s = set as AttrSet & { [WALKER]?: Walker | null };
  let w = s[WALKER];
  if (w === undefined) {
    if (!Object.isExtensible(s)) return undefined; // a frozen set decodes through the generic walker
    try { w = compileWalker(set, HELPERS) ?? null; } catch { w = null; }
    s[WALKER] = w;
  }
  return w === null ? undefined : w;
}

/**
 * Stores by a constant name, one generated function per attribute name. V8 turns an object
 * that gets more than a dozen properties through `obj[key] = v` into a hash table (slow to
 * read and to JSON.stringify); a named store `obj.IFLA_MTU = v` keeps it a fast object.
 */
const setters = new Map<string, (o: Json, v: unknown) => void>();
export function setterOf(name: string): (o: Json, v: unknown) => void {
  let f = setters.get(name);
  if (!f) {
    f = isIdentifier(name)
      ? new Function('o', 'v', `o.${name} = v;`) as (o: Json, v: unknown) => void
      : (o: Json, v: unknown) => { o[name] = v; };
    setters.set(name, f);
  }
  return f;
}

/** Details of an integer attribute with none (shared, never written). */
const NO_META: AttrMeta = Object.freeze({});

/** The setter of a declared attribute, kept on the declaration (a Map lookup per attribute costs). */
const SETTER = Symbol('setter');
function setterOfDecl(decl: AttrDecl): (o: Json, v: unknown) => void {
  const d = decl as AttrDecl & { [SETTER]?: (o: Json, v: unknown) => void };
  return d[SETTER] ??= setterOf(decl.name);
}

export interface Deferred { key: string; s: number; e: number; fl: number; path: string; decl: AttrDecl; meta: AttrMeta }

/** Per-walk state that most walks never need, made on first use. */
interface WalkState { repeats?: Map<string, number>; later?: Deferred[]; preview?: SelectCtx }

/** The siblings of a set decoded ahead (no trace, no problems), for selectors while tracing. */
function previewOf(st: WalkState, set: AttrSet | undefined, ctx: DecodeCtx, off: number, end: number, path: string, sel: SelectCtx): SelectCtx {
  if (!st.preview) {
    const siblings: Json = {};
    st.preview = { ...sel, siblings };
    decodeAttrs(set, decodeCtx(ctx.b, ctx.dv, [], ctx.direction, undefined, ctx.session, ctx.views), off, end, path, st.preview, siblings);
  }
  return st.preview;
}

/** Leaf values (ints, scalars) decode with an empty path; a problem they report gets its path after. */
function isLeaf(v: AttrValue): boolean {
  return v.kind === 'int' || v.kind === 'scalar';
}

/** `later`: values a generated walker deferred before it handed the rest of the set over. */
function walkAttrs(set: AttrSet | undefined, ctx: DecodeCtx, off: number, end: number, path: string, sel: SelectCtx, into: Json, later?: Deferred[]): void {
  const { dv } = ctx;
  const st: WalkState = { later };
  let pos = off;
  let lastKey = '';
  const trace = ctx.trace;
  while (end - pos >= 4) {
    const nlaLen = dv.getUint16(pos, true);
    const rawType = dv.getUint16(pos + 2, true);
    if (nlaLen < 4 || nlaLen > end - pos) {
      problem(ctx, nlaLen < 4 ? 'nla-len-short' : 'nla-len-overrun', pos, path,
        `attribute type ${rawType & NLA_TYPE_MASK} claims nla_len ${nlaLen}, ${end - pos} bytes left`);
      break;
    }
    const type = rawType & NLA_TYPE_MASK;
    const fl = rawType & (NLA_F_NESTED | NLA_F_NET_BYTEORDER);
    const decl = set?.byType.get(type);
    const name = decl ? decl.name : `#${type}`;
    const leaf = !trace && decl !== undefined && isLeaf(decl.value);
    // Building "A > B > C" for every attribute costs more than decoding most of them: leaves get it only on a problem.
    const apath = leaf ? '' : path ? `${path} > ${name}` : name;
    const vEnd = pos + nlaLen;
    const padEnd = Math.min(pos + align4(nlaLen), end);
    // integers never have details beyond flags and padding: no object for them unless those differ
    let meta: AttrMeta = leaf && decl!.value.kind === 'int' ? NO_META : {};
    if (trace) {
      trace.open(pos, apath, 'attr');
      trace.leaf(pos, 2, `${apath}.nla_len`, 'nla_len', nlaLen, 'nlattr', 'u16');
      trace.leaf(pos + 2, 2, `${apath}.nla_type`, 'nla_type', flagList(fl).length ? `${name} | ${flagList(fl).join(' | ')}` : name, 'nlattr', 'u16');
    }
    // A value chosen by its siblings waits for the whole set: the kernel often
    // puts the deciding attribute after it (RTA_ENCAP before RTA_ENCAP_TYPE).
    // (When tracing, spans must come in byte order: decode in place, choosing from a preview.)
    const isSelect = decl?.value.kind === 'select';
    const deferred = isSelect && !trace;
    let value: unknown;
    if (deferred) value = PENDING;
    else if (leaf) {
      const before = ctx.problems.length;
      value = decodeValue(decl!.value, ctx, pos + 4, vEnd, fl, '', sel, meta);
      for (let i = before; i < ctx.problems.length; i++) if (ctx.problems[i]!.path === '') ctx.problems[i]!.path = path ? `${path} > ${name}` : name;
    } else if (decl) value = decodeValue(decl.value, ctx, pos + 4, vEnd, fl, apath, isSelect ? previewOf(st, set, ctx, off, end, path, sel) : sel, meta);
    else value = decodeUnknown(ctx, pos + 4, vEnd, fl, apath, sel);
    if (trace && !isTraced(decl?.value, value)) trace.leaf(pos + 4, nlaLen - 4, `${apath}.value`, 'value', value, undefined, traceType(decl?.value, fl, value, isSelect ? previewOf(st, set, ctx, off, end, path, sel) : sel));
    if (fl !== (decl?.flagBits ?? 0)) { if (meta === NO_META) meta = {}; meta.flags = flagList(fl); }
    const padLen = padEnd - vEnd;
    if (padLen !== ((4 - (nlaLen & 3)) & 3) || (padLen > 0 && !allZero(ctx.b, vEnd, padEnd))) { if (meta === NO_META) meta = {}; meta.pad = toHex(ctx.b, vEnd, padEnd); }
    if (trace) {
      trace.leaf(vEnd, padLen, `${apath}.pad`, 'pad');
      trace.close(padEnd, value);
    }
    const multi = decl?.multi === true;
    // Most attributes: first of their name, nothing beyond the value.
    if (!multi && into[name] === undefined && !hasMeta(meta)) { (decl ? setterOfDecl(decl) : setterOf(name))(into, value); lastKey = name; }
    else lastKey = store(into, name, value, meta, multi, lastKey, st.repeats ??= new Map());
    if (deferred) (st.later ??= []).push({ key: lastKey, s: pos + 4, e: vEnd, fl, path: apath, decl: decl!, meta });
    pos = padEnd;
  }
  if (st.later) resolveLater(st.later, ctx, sel, into);
  if (pos < end) {
    if (end - pos < 4) problem(ctx, 'nla-trailing', pos, path, `${end - pos} bytes after the last attribute`);
    into['@trailing'] = toHex(ctx.b, pos, end);
    if (trace) trace.leaf(pos, end - pos, path ? `${path} > trailing` : 'trailing', 'raw', toHex(ctx.b, pos, end));
  }
}

/** Decodes the deferred values of a set, in wire order, now that all their siblings are known. */
function resolveLater(later: Deferred[], ctx: DecodeCtx, sel: SelectCtx, into: Json): void {
  for (const d of later) {
    const v = decodeValue(d.decl.value, ctx, d.s, d.e, d.fl, d.path, sel, d.meta);
    const cur = into[d.key];
    if (Array.isArray(cur) && d.decl.multi) cur[cur.indexOf(PENDING)] = v; else into[d.key] = v;
    if (hasMeta(d.meta) && !d.decl.multi) into[`${d.key}@`] = d.meta;
  }
}

/** Containers trace their own children; leaves are traced by the walker. */
function isTraced(v: AttrValue | undefined, value: unknown): boolean {
  if (value && typeof value === 'object' && RAW in value) return false;
  if (!v) return typeof value === 'object' && value !== null;
  return v.kind === 'nest' || v.kind === 'struct' || v.kind === 'structs' || v.kind === 'records' || v.kind === 'array' || v.kind === 'prefixed' ||
    (v.kind === 'select' && typeof value === 'object' && value !== null && !(RAW in value));
}

/** Wire type of an attribute value for the byte map (tracing only): `u32`, `be16` (also when
 *  NLA_F_NET_BYTEORDER made a host-order declaration), `string`, `binary`, `raw` ... */
function traceType(v: AttrValue | undefined, fl: number, value: unknown, sel: SelectCtx): string {
  if (value && typeof value === 'object' && RAW in value) return 'raw';
  if (!v) return 'binary';
  const r = v.kind === 'select' ? resolveSelect(v, sel) : v;
  if (!r) return 'binary';
  if (r.kind === 'int') return fl & NLA_F_NET_BYTEORDER ? netOrder(r.int) : r.int;
  if (r.kind === 'scalar') return r.scalar;
  return r.kind;
}

export function hasMeta(m: AttrMeta): boolean {
  // field by field: a for-in over a fresh object per attribute costs more than the decode
  return m.flags !== undefined || m.pad !== undefined || m.nul !== undefined || m.size !== undefined || m.types !== undefined || m.itemFlags !== undefined;
}

/** Puts a value under its key: repeats of a multi attribute extend its array, other repeats get `NAME~2`. */
function store(into: Json, name: string, value: unknown, meta: AttrMeta, multi: boolean, lastKey: string, repeats: Map<string, number>): string {
  const m = hasMeta(meta) ? meta : undefined;
  if (multi) {
    const cur = into[name];
    if (cur === undefined || (lastKey === name && Array.isArray(cur))) {
      const arr = (cur as unknown[]) ?? (into[name] = []) as unknown[];
      const metas = into[`${name}@`] as (AttrMeta | null)[] | undefined;
      if (m || metas) {
        const list = metas ?? (into[`${name}@`] = arr.map(() => null)) as (AttrMeta | null)[];
        list.push(m ?? null);
      }
      arr.push(value);
      return name;
    }
  }
  let key = name;
  if (into[key] !== undefined) {
    // the next free `NAME~n`, counted per name: thousands of repeats stay linear
    let n = repeats.get(name) ?? 2;
    while (into[`${name}~${n}`] !== undefined) n++;
    key = `${name}~${n}`;
    repeats.set(name, n + 1);
  }
  into[key] = multi ? [value] : value;
  if (m) into[`${key}@`] = multi ? [m] : m;
  return key;
}

function childSel(sel: SelectCtx, siblings: Json): SelectCtx {
  return { siblings, parent: sel, body: sel.body, direction: sel.direction };
}

/** Resolves a `select` to a concrete value description (undefined: opaque). */
export function resolveSelect(v: AttrValue, sel: SelectCtx): AttrValue | undefined {
  return v.kind === 'select' ? valueOf(selectorAnswer(v, sel)) : v;
}

/** What a select's selector answers, as it is (undefined when it throws: decoding never throws). */
function selectorAnswer(v: Extract<AttrValue, { kind: 'select' }>, sel: SelectCtx): unknown {
  try { return v.select(sel); } catch { return undefined; }
}

const VALUE_KINDS = new Set(['int', 'scalar', 'nest', 'array', 'struct', 'structs', 'records', 'select', 'prefixed']);

/**
 * What a selector chose, checked: selectors look names up in tables with strings from the
 * wire (TCA_KIND "constructor" finds Object.prototype.constructor), so anything that is not a
 * declaration counts as "unknown: keep the bytes" and decoding stays total.
 */
export function checkedValue(choose: () => unknown): AttrValue | undefined {
  let r: unknown;
  try { r = choose(); } catch { return undefined; }
  return valueOf(r);
}

/** Whether a selector's answer is a layout itself (not a value description of one). */
function isLayout(r: unknown): r is StructDecl {
  return typeof r === 'object' && r !== null && (r as { kind?: unknown }).kind === 'struct' && 'fields' in r;
}

/**
 * The value description of a selector's choice. A select runs per message (RTA_DST per route),
 * so each description is made once per kind name, set or struct and shared (none is written
 * to). A new one per call was garbage in V8's old generation: toValue's objects are the
 * codecs' own declarations, made at load and kept, so V8 had learned to allocate them there.
 */
function valueOf(r: unknown): AttrValue | undefined {
  if (typeof r === 'string') return INT_SIZE[r as IntKind] !== undefined || SCALARS.has(r) ? scalarValue(r) : undefined;
  if (typeof r === 'function') {
    const set = checkedSet(r as () => unknown, undefined);
    return set ? nestValue(set) : undefined;
  }
  if (!r || typeof r !== 'object') return undefined;
  const kind = (r as { kind?: unknown }).kind;
  // a struct is the usual choice (INET_DIAG_INFO once per socket)
  if (isLayout(r)) return structValue(r);
  if (kind === 'attrs') return nestValue(r as AttrSet);
  // already a value description ({ kind: 'struct', struct } among them)
  return typeof kind === 'string' && VALUE_KINDS.has(kind) ? (r as AttrValue) : undefined;
}

const SCALAR_VALUES = new Map<string, AttrValue>();
function scalarValue(kind: string): AttrValue {
  let v = SCALAR_VALUES.get(kind);
  if (!v) SCALAR_VALUES.set(kind, v = toValue(kind as IntKind)); // (the kinds are a fixed few)
  return v;
}

const NEST_VALUES = new WeakMap<AttrSet, AttrValue>();
function nestValue(set: AttrSet): AttrValue {
  let v = NEST_VALUES.get(set);
  if (!v) NEST_VALUES.set(set, v = { kind: 'nest', set: () => set });
  return v;
}

const STRUCT_VALUE = Symbol('structValue');
/** `{ kind: 'struct', struct }` of a layout, made once (kept on the declaration when it is extensible). */
function structValue(st: StructDecl): AttrValue {
  const d = st as StructDecl & { [STRUCT_VALUE]?: AttrValue };
  const v = d[STRUCT_VALUE];
  if (v) return v;
  const made = toValue(st);
  if (Object.isExtensible(d)) d[STRUCT_VALUE] = made;
  return made;
}

/** The attribute set a thunk or selector gives for `arg`, or undefined when it gives anything
 *  else or throws. */
export function checkedSet<A>(choose: (arg: A) => unknown, arg: A): AttrSet | undefined {
  let r: unknown;
  try { r = choose(arg); } catch { return undefined; }
  return typeof r === 'object' && r !== null && (r as { kind?: unknown }).kind === 'attrs' ? (r as AttrSet) : undefined;
}

const SCALARS = new Set(['string', 'binary', 'flag', 'ip', 'ip4', 'ip6', 'mac', 'bitfield32', 'u32list', 'uint', 'sint']);

function decodeValue(v: AttrValue, ctx: DecodeCtx, s: number, e: number, fl: number, path: string, sel: SelectCtx, meta: AttrMeta): unknown {
  const len = e - s;
  const b = ctx.b;
  switch (v.kind) {
    case 'int': {
      const size = INT_SIZE[v.int];
      if (len !== size) {
        problem(ctx, 'bad-size', s, path, `expected ${size} bytes, got ${len}`);
        return raw(ctx, s, e);
      }
      const kind = fl & NLA_F_NET_BYTEORDER ? netOrder(v.int) : v.int;
      return intToJson(readInt(ctx.dv, s, kind), v.enum, v.flags);
    }
    case 'scalar': return decodeScalar(v.scalar, ctx, s, e, path, meta);
    case 'nest': {
      const set = v.set();
      const child = roomyObject(set);
      decodeAttrs(set, ctx, s, e, path, childSel(sel, child), child);
      return child;
    }
    case 'struct': return decodeStructValue(v.struct, ctx, s, len, path);
    case 'structs': {
      const size = v.struct.size;
      if (len % size !== 0) {
        problem(ctx, 'bad-size', s, path, `${len} bytes is not a whole number of ${v.struct.name} (${size})`);
        return raw(ctx, s, e);
      }
      const out: Json[] = [];
      for (let p = s, i = 0; p < e; p += size, i++) out.push(decodeStruct(v.struct, ctx, p, size, size, `${path}[${i}]`));
      return out;
    }
    case 'records': return decodeRecords(v, ctx, s, e, path, sel);
    case 'prefixed': {
      const region = Math.min(align4(v.struct.size), len);
      const obj = decodeStruct(v.struct, ctx, s, region, align4(v.struct.size), path);
      if (s + region < e) decodeAttrs(v.set(), ctx, s + region, e, path, childSel(sel, obj), obj);
      return obj;
    }
    case 'array': return decodeArray(v.item, ctx, s, e, path, sel, meta);
    case 'select': {
      const r = resolveSelect(v, sel);
      if (!r) return len === 0 ? '' : toHex(b, s, e);
      return decodeValue(r, ctx, s, e, fl, path, sel, meta);
    }
  }
}

function decodeScalar(kind: string, ctx: DecodeCtx, s: number, e: number, path: string, meta: AttrMeta): unknown {
  const b = ctx.b;
  const len = e - s;
  switch (kind) {
    case 'string': {
      let n = s;
      while (n < e && b[n] !== 0) n++;
      const text = decodeUtf8(b, s, n);
      if (text === undefined || !allZero(b, n, e)) return raw(ctx, s, e);
      if (e - n !== 1) meta.nul = e - n;
      return text;
    }
    case 'binary': return toHex(b, s, e);
    case 'flag': return len === 0 ? true : raw(ctx, s, e);
    case 'ip': return len === 4 ? formatIp4(b, s) : len === 16 ? formatIp6(b, s) : raw(ctx, s, e);
    case 'ip4': return len === 4 ? formatIp4(b, s) : raw(ctx, s, e);
    case 'ip6': return len === 16 ? formatIp6(b, s) : raw(ctx, s, e);
    case 'mac': return formatMac(b, s, e);
    case 'bitfield32':
      return len === 8 ? { value: ctx.dv.getUint32(s, true), selector: ctx.dv.getUint32(s + 4, true) } : raw(ctx, s, e);
    case 'u32list': {
      if (len % 4 !== 0) return raw(ctx, s, e);
      const out: number[] = [];
      for (let p = s; p < e; p += 4) out.push(ctx.dv.getUint32(p, true));
      return out;
    }
    case 'uint': case 'sint': {
      const signed = kind === 'sint';
      if (len === 4) return signed ? ctx.dv.getInt32(s, true) : ctx.dv.getUint32(s, true);
      if (len === 8) {
        const v = readInt(ctx.dv, s, signed ? 's64' : 'u64');
        if (typeof v === 'number' && (signed ? v >= -0x80000000 && v < 0x80000000 : v < 0x100000000)) meta.size = 8;
        return v;
      }
      problem(ctx, 'bad-size', s, path, `expected 4 or 8 bytes, got ${len}`);
      return raw(ctx, s, e);
    }
  }
  return toHex(b, s, e);
}

function decodeRecords(v: Extract<AttrValue, { kind: 'records' }>, ctx: DecodeCtx, s: number, e: number, path: string, sel: SelectCtx): unknown {
  // Check the framing first, so a bad record makes the whole value raw (lossless).
  const size = v.struct.size;
  const lenField = v.struct.fields.find((f) => f.name === v.lenField);
  let off = 0;
  for (const f of v.struct.fields) { if (f === lenField) break; off += f.size; }
  for (let p = s; p < e;) {
    const rl = e - p >= off + 2 ? (lenField?.size === 4 ? ctx.dv.getUint32(p + off, true) : ctx.dv.getUint16(p + off, true)) : 0;
    if (rl < size || rl > e - p) {
      problem(ctx, 'bad-record', p, path, `${v.struct.name}.${v.lenField} ${rl} does not fit in ${e - p} bytes`);
      return raw(ctx, s, e);
    }
    p += Math.min(align4(rl), e - p);
  }
  const out: Json[] = [];
  const set = v.set();
  for (let p = s, i = 0; p < e; i++) {
    const rl = lenField?.size === 4 ? ctx.dv.getUint32(p + off, true) : ctx.dv.getUint16(p + off, true);
    const rpath = `${path}[${i}]`;
    if (ctx.trace) ctx.trace.open(p, rpath, 'record', v.struct.name);
    const rec = decodeStruct(v.struct, ctx, p, size, size, rpath);
    decodeAttrs(set, ctx, p + align4(size), p + rl, rpath, childSel(sel, rec), rec);
    const next = Math.min(p + align4(rl), e);
    if (!allZero(ctx.b, p + rl, next) || next - (p + rl) !== align4(rl) - rl) rec['@pad'] = toHex(ctx.b, p + rl, next);
    if (ctx.trace) { ctx.trace.leaf(p + rl, next - p - rl, `${rpath}.pad`, 'pad'); ctx.trace.close(next); }
    out.push(rec);
    p = next;
  }
  return out;
}

function decodeArray(item: AttrValue, ctx: DecodeCtx, s: number, e: number, path: string, sel: SelectCtx, meta: AttrMeta): unknown {
  // Children are attributes whose type is their index; any oddity keeps the whole value raw.
  const out: unknown[] = [];
  const types: number[] = [];
  const flags: string[][] = [];
  let anyFlags = false;
  const problemsBefore = ctx.problems.length;
  let p = s;
  while (e - p >= 4) {
    const l = ctx.dv.getUint16(p, true);
    const t = ctx.dv.getUint16(p + 2, true);
    if (l < 4 || l > e - p) { problem(ctx, 'nla-len-overrun', p, path, `array item claims nla_len ${l}`); return raw(ctx, s, e); }
    const ipath = `${path}[${out.length}]`;
    const m: AttrMeta = {};
    if (ctx.trace) {
      ctx.trace.open(p, ipath, 'attr');
      ctx.trace.leaf(p, 2, `${ipath}.nla_len`, 'nla_len', l, 'nlattr', 'u16');
      ctx.trace.leaf(p + 2, 2, `${ipath}.nla_type`, 'nla_type', t & NLA_TYPE_MASK, 'nlattr', 'u16');
    }
    const value = decodeValue(item, ctx, p + 4, p + l, t & ~NLA_TYPE_MASK, ipath, sel, m);
    const next = Math.min(p + align4(l), e);
    if (ctx.trace) {
      if (!isTraced(item, value)) ctx.trace.leaf(p + 4, l - 4, `${ipath}.value`, 'value', value, undefined, traceType(item, t & ~NLA_TYPE_MASK, value, sel));
      ctx.trace.leaf(p + l, next - p - l, `${ipath}.pad`, 'pad');
      ctx.trace.close(next, value);
    }
    if (hasMeta(m) || !allZero(ctx.b, p + l, next) || (next - p - l) !== align4(l) - l) return raw(ctx, s, e);
    out.push(value);
    types.push(t & NLA_TYPE_MASK);
    const f = flagList(t & ~NLA_TYPE_MASK & 0xffff);
    flags.push(f);
    if (f.length) anyFlags = true;
    p = next;
  }
  // 1-3 bytes left (after the items, or a value too short for any): no item holds them
  if (p < e) return raw(ctx, s, e);
  if (ctx.problems.length > problemsBefore && out.length === 0 && e > s) return raw(ctx, s, e);
  if (!types.every((t, i) => t === i + 1)) meta.types = types;
  if (anyFlags) meta.itemFlags = flags;
  return out;
}

/** Unknown attribute: a nest of unknowns when flagged NLA_F_NESTED and well formed, else hex. */
function decodeUnknown(ctx: DecodeCtx, s: number, e: number, fl: number, path: string, sel: SelectCtx): unknown {
  if (fl & NLA_F_NESTED && wellFormed(ctx, s, e)) {
    const child: Json = {};
    decodeAttrs(undefined, ctx, s, e, path, childSel(sel, child), child);
    return child;
  }
  return toHex(ctx.b, s, e);
}

/** True when [s, e) is exactly a chain of attributes (with zero padding). */
export function wellFormed(ctx: DecodeCtx, s: number, e: number): boolean {
  let p = s;
  while (e - p >= 4) {
    const l = ctx.dv.getUint16(p, true);
    if (l < 4 || l > e - p) return false;
    const next = Math.min(p + align4(l), e);
    if (!allZero(ctx.b, p + l, next)) return false;
    p = next;
  }
  return p === e;
}

// ---------------------------------------------------------------- encode

/** Is `key` an attribute key (not a meta entry, not a struct field)? */
export function isAttrKey(key: string): boolean {
  const c = key.charCodeAt(0);
  return (c === 35 /* # */ || (c >= 65 && c <= 90)) && !key.endsWith('@');
}

/** Encodes every attribute key of `j` (in order) as attributes of `set`. */
export function encodeAttrs(set: AttrSet | undefined, j: Json, w: Writer, path: string, sel: SelectCtx, skip?: ReadonlySet<string>): void {
  for (const key of Object.keys(j)) {
    if (!isAttrKey(key) || skip?.has(key)) continue;
    const val = j[key];
    const metaAny = j[`${key}@`];
    let name = key;
    const tilde = key.indexOf('~');
    if (tilde > 0) name = key.slice(0, tilde);
    let type: number;
    let decl: AttrDecl | undefined;
    if (name.startsWith('#')) {
      type = Number(name.slice(1));
      if (!Number.isInteger(type) || type < 0 || type > NLA_TYPE_MASK) throw new JsonValueError(`${path ? `${path}: ` : ''}bad attribute key ${key}`);
    } else {
      decl = set?.byName.get(name);
      // at the top level there is no path before it
      if (!decl) throw new JsonValueError(`${path ? `${path}: ` : ''}${name} is not an attribute of ${set?.name ?? 'this message'}`);
      type = decl.type;
    }
    const apath = path ? `${path} > ${name}` : name;
    if (decl?.multi && Array.isArray(val)) {
      const metas = Array.isArray(metaAny) ? metaAny : [];
      val.forEach((v, i) => encodeOne(decl, type, v, (metas[i] ?? {}) as AttrMeta, w, apath, sel));
    } else {
      encodeOne(decl, type, val, (metaAny ?? {}) as AttrMeta, w, apath, sel);
    }
  }
  if (typeof j['@trailing'] === 'string') w.bytes(fromHex(j['@trailing'] as string) ?? new Uint8Array(0));
}

function encodeOne(decl: AttrDecl | undefined, type: number, val: unknown, meta: AttrMeta, w: Writer, path: string, sel: SelectCtx): void {
  const start = w.pos;
  const fl = meta.flags !== undefined ? flagBits(meta.flags) : (decl?.flagBits ?? 0);
  w.u16(0);
  w.u16(type | fl);
  if (decl) encodeValue(decl.value, val, meta, fl, w, path, sel);
  else if (typeof val === 'object' && val !== null && !(RAW in val)) encodeAttrs(undefined, val as Json, w, path, childSel(sel, val as Json));
  else writeRawOrHex(val, w, path);
  const len = w.pos - start;
  if (len > 0xffff) throw new JsonValueError(`${path}: attribute of ${len} bytes exceeds nla_len`);
  w.patchU16(start, len);
  if (meta.pad !== undefined) w.bytes(fromHex(meta.pad) ?? new Uint8Array(0));
  else w.align4();
}

function writeRawOrHex(val: unknown, w: Writer, path: string): void {
  const text = typeof val === 'object' && val !== null && RAW in val ? String((val as Json)[RAW]) : val === true ? '' : String(val ?? '');
  const bytes = fromHex(text);
  if (!bytes) throw new JsonValueError(`${path}: ${JSON.stringify(val)} is not hex`);
  w.bytes(bytes);
}

function encodeValue(v: AttrValue, val: unknown, meta: AttrMeta, fl: number, w: Writer, path: string, sel: SelectCtx): void {
  if (typeof val === 'object' && val !== null && RAW in val) { writeRawOrHex(val, w, path); return; }
  switch (v.kind) {
    case 'int': {
      const kind: IntKind = fl & NLA_F_NET_BYTEORDER ? netOrder(v.int) : v.int;
      let n: number | bigint;
      try { n = intFromJson(val, v.int, v.enum, v.flags); } catch (e) { throw new JsonValueError(`${path}: ${(e as Error).message}`); }
      writeInt(w, kind, n);
      return;
    }
    case 'scalar': encodeScalar(v.scalar, val, meta, w, path); return;
    case 'nest': encodeAttrs(v.set(), (val ?? {}) as Json, w, path, childSel(sel, (val ?? {}) as Json)); return;
    case 'struct': encodeStruct(v.struct, (val ?? {}) as Json, w, v.struct.size, path); return;
    case 'structs':
      for (const item of asArray(val, path)) encodeStruct(v.struct, item as Json, w, v.struct.size, path);
      return;
    case 'records': {
      const set = v.set();
      const lenField = v.struct.fields.find((f) => f.name === v.lenField);
      let off = 0;
      for (const f of v.struct.fields) { if (f === lenField) break; off += f.size; }
      for (const item of asArray(val, path) as Json[]) {
        const start = w.pos;
        encodeStruct(v.struct, item, w, v.struct.size, path);
        w.align4();
        encodeAttrs(set, item, w, path, childSel(sel, item), new Set(fieldKeys(v.struct)));
        const rl = w.pos - start;
        if (lenField?.size === 4) w.patchU32(start + off, rl); else w.patchU16(start + off, rl);
        if (typeof item['@pad'] === 'string') w.bytes(fromHex(item['@pad'] as string) ?? new Uint8Array(0));
        else w.align4();
      }
      return;
    }
    case 'prefixed': {
      const obj = (val ?? {}) as Json;
      encodeStruct(v.struct, obj, w, align4(v.struct.size), path);
      encodeAttrs(v.set(), obj, w, path, childSel(sel, obj), new Set(fieldKeys(v.struct)));
      return;
    }
    case 'array': {
      const items = asArray(val, path);
      items.forEach((item, i) => {
        const start = w.pos;
        const ifl = meta.itemFlags ? flagBits(meta.itemFlags[i]) : 0;
        w.u16(0);
        w.u16((meta.types?.[i] ?? i + 1) | ifl);
        encodeValue(v.item, item, {}, ifl, w, `${path}[${i}]`, sel);
        w.patchU16(start, w.pos - start);
        w.align4();
      });
      return;
    }
    case 'select': {
      const r = resolveSelect(v, sel);
      if (!r) { writeRawOrHex(val, w, path); return; }
      encodeValue(r, val, meta, fl, w, path, sel);
      return;
    }
  }
}

function asArray(val: unknown, path: string): unknown[] {
  if (!Array.isArray(val)) throw new JsonValueError(`${path}: expected a list`);
  return val;
}

function encodeScalar(kind: string, val: unknown, meta: AttrMeta, w: Writer, path: string): void {
  const fail = (what: string) => new JsonValueError(`${path}: ${JSON.stringify(val)} is not ${what}`);
  switch (kind) {
    case 'string': w.bytes(encodeUtf8(String(val))); w.zeros(meta.nul ?? 1); return;
    case 'binary': writeRawOrHex(val, w, path); return;
    case 'flag': if (val !== true && val !== '') throw fail('true'); return;
    case 'ip': {
      const a = parseIp(String(val)) ?? fromHex(String(val));
      if (!a) throw fail('an address'); w.bytes(a); return;
    }
    case 'ip4': { const a = parseIp4(String(val)); if (!a) throw fail('an IPv4 address'); w.bytes(a); return; }
    case 'ip6': { const a = parseIp6(String(val)); if (!a) throw fail('an IPv6 address'); w.bytes(a); return; }
    case 'mac': { const a = parseMac(String(val)); if (!a) throw fail('a link-layer address'); w.bytes(a); return; }
    case 'bitfield32': {
      const o = (val ?? {}) as Json;
      w.u32(Number(intFromJson(o.value ?? 0, 'u32'))); w.u32(Number(intFromJson(o.selector ?? 0, 'u32'))); return;
    }
    case 'u32list': for (const x of asArray(val, path)) w.u32(Number(intFromJson(x, 'u32'))); return;
    case 'uint': case 'sint': {
      const wide = kind === 'sint' ? 's64' : 'u64';
      const n = intFromJson(val, wide);
      const big = typeof n === 'bigint' || meta.size === 8 || (kind === 'uint' ? Number(n) > 0xffffffff : Number(n) < -0x80000000 || Number(n) > 0x7fffffff);
      if (big) writeInt(w, wide, BigInt(n)); else w.u32(Number(n));
      return;
    }
  }
  writeRawOrHex(val, w, path);
}
