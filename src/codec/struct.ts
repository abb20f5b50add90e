// Fixed-layout structs: decoded by the length actually present (newer kernels
// append fields), encoded back byte for byte. The JSON object holds the fields
// by their kernel names; `@tail` keeps odd trailing bytes lossless.
import { INT_SIZE, type EnumDecl, type FieldDecl, type FlagsDecl, type IntKind, type StructDecl } from './schema.js';
import { enumTable, exact, flagNames, readInt, intToJson, intFromJson, writeInt, JsonValueError } from './ints.js';
import type { DecodeCtx } from './context.js';
import { allZero, decodeUtf8, encodeUtf8, formatIp4, formatIp6, formatMac, fromHex, parseIp4, parseIp6, parseMac, toHex } from '../wire/bytes.js';
import type { Writer } from '../wire/writer.js';

export type Json = Record<string, unknown>;

/** A key that objects list before all others, whatever the order it was set in (an array index). */
export const isIndexKey = (k: string): boolean => /^(0|[1-9]\d*)$/.test(k);

/** Sum of the declared fields' sizes (sizeof may add trailing padding). */
const sizes = new WeakMap<StructDecl, number>();
export function fieldsSize(decl: StructDecl): number {
  let n = sizes.get(decl);
  if (n === undefined) {
    n = 0;
    for (const f of decl.fields) if (!f.rest) n += f.size * (f.count ?? 1);
    sizes.set(decl, n);
  }
  return n;
}

/**
 * Decodes `decl` from [off, off+len). `defaultLen` is the region length an encoder
 * would produce from a complete struct (sizeof, or NLMSG_ALIGN(sizeof) for message
 * bodies); bytes after the fields are expected to be zero up to it.
 * `outer` lets 'inaddr' fields find their family in an enclosing struct.
 */
export function decodeStruct(decl: StructDecl, ctx: DecodeCtx, off: number, len: number, defaultLen: number, path: string, outer?: Json, into?: Json): Json {
  // The common case, a whole struct followed by its usual padding, goes through code
  // generated for the layout (one object literal, no per-field dispatch).
  if (ctx.trace === undefined) {
    const fast = compiledOf(decl);
    if (fast !== null && len >= fast.size && len - fast.size === Math.max(defaultLen - fast.size, 0) && allZero(ctx.b, off + fast.size, off + len)) {
      return into !== undefined ? fast.decodeInto(ctx.b, ctx.dv, off, outer, into) : fast.decode(ctx.b, ctx.dv, off, outer);
    }
  }
  if (into) return Object.assign(into, decodeStruct(decl, ctx, off, len, defaultLen, path, outer));
  const obj: Json = {};
  const end = off + len;
  // A family field after the addresses it describes (xfrm_selector) is read before them.
  for (const l of lateFamilies(decl)) {
    if (off + l.at + l.field.size <= end) outer = { ...outer, [l.field.name]: intToJson(readInt(ctx.dv, off + l.at, l.field.kind as IntKind), l.field.enum, l.field.flags) };
  }
  let pos = off;
  let done = 0;
  /** set bits that no bitfield member covers: after the fields, as the compiled decoder puts them */
  let rest: Json | undefined;
  const trace = ctx.trace;
  if (trace) trace.open(off, path, 'struct', decl.name);
  for (const f of decl.fields) {
    const count = f.rest ? Math.floor((end - pos) / f.size) : f.count ?? 1;
    const total = f.size * count;
    if (pos + total > end) break;
    done++;
    if (f.rest) {
      const arr: unknown[] = [];
      for (let i = 0; i < count; i++) arr.push(decodeField(f, ctx, pos + i * f.size, obj, outer, path));
      obj[f.name] = arr;
      if (trace && typeof f.kind !== 'object') trace.leaf(pos, total, `${path}.${f.name}`, 'field', arr, decl.name);
      pos += total;
      continue;
    }
    if (f.bits) {
      const raw = readInt(ctx.dv, pos, f.kind as IntKind) as number;
      const part: Json = {};
      bitsIntoJson(raw, f, part);
      Object.assign(obj, part);
      const r = bitsRest(raw, f);
      if (r !== undefined) (rest ??= {})[f.bitsRest!.key] = r;
      // the byte map shows each member's bits and value: `tcpi_snd_wscale:4=7, tcpi_rcv_wscale:4=10`
      if (trace) {
        const shown = f.bits.map((m) => `${m.name}:${m.width}=${String(part[m.name])}`);
        if (r !== undefined) shown.push(`unused bits ${r}`);
        trace.leaf(pos, total, `${path}.${f.name}`, 'field', shown.join(', '), decl.name, traceType(f));
      }
      pos += total;
      continue;
    }
    if (f.count === undefined) {
      obj[f.name] = decodeField(f, ctx, pos, obj, outer, path);
    } else {
      const arr: unknown[] = [];
      for (let i = 0; i < count; i++) arr.push(decodeField(f, ctx, pos + i * f.size, obj, outer, path));
      obj[f.name] = arr;
    }
    if (trace && typeof f.kind !== 'object') trace.leaf(pos, total, `${path}.${f.name}`, 'field', obj[f.name], decl.name, traceType(f));
    pos += total;
  }
  if (rest) Object.assign(obj, rest);
  // What follows the last whole field: sizeof padding (zeros, expected when the
  // struct is complete) or part of a field cut short. Kept when not the default.
  const tailLen = end - pos;
  const complete = done === decl.fields.length;
  const expected = complete ? Math.max(defaultLen - fieldsSize(decl), 0) : 0;
  // A struct cut at a field boundary (a 1-byte rtgenmsg request, an older kernel's shorter
  // tcp_info) says how long it was, so encoding keeps it short.
  if (!complete && tailLen === 0) obj['@len'] = len;
  else if (tailLen !== expected || !allZero(ctx.b, pos, end)) obj['@tail'] = toHex(ctx.b, pos, end);
  if (trace) {
    if (tailLen > 0) trace.leaf(pos, tailLen, `${path}.${complete ? 'pad' : 'tail'}`, complete && allZero(ctx.b, pos, end) ? 'pad' : 'raw', toHex(ctx.b, pos, end));
    trace.close(end);
  }
  return obj;
}

// ---------------------------------------------------------------- compiled decoders

export interface Compiled {
  decl: StructDecl;
  /** bytes the fields cover (fieldsSize) */
  size: number;
  /** the decoder's generated reads, for other generated readers (`b`, `dv`, `off`, `outer`, a
   *  `hi` scratch variable, `env` and `exact` in scope): `head` (families read early), then
   *  `fields[i]` defines `v<i>`; `outs[i]`: the keys field i gives and their values; `late`: keys
   *  that follow all fields and are there only `when` (a bitfield's uncovered bits that are set) */
  reads: { env: readonly unknown[]; head: string; fields: readonly string[]; outs: readonly (readonly Out[])[]; late: readonly Out[]; nested: readonly (Nested | undefined)[] };
  /** the keys of the decoded object, every `outs` key in order, then the `late` ones */
  keys: readonly string[];
  decode(b: Uint8Array, dv: DataView, off: number, outer: Json | undefined): Json;
  /** the same fields stored into an existing object (a message's envelope) */
  decodeInto(b: Uint8Array, dv: DataView, off: number, outer: Json | undefined, into: Json): Json;
}

/** A field that is one struct (not an array of them): its layout's generated decoder, and the
 *  expression of the `outer` its decoder is called with (the families its addresses take). */
export interface Nested { compiled: Compiled; outer: string }

/** A key of the decoded object and the generated expression of its value (over the field's
 *  `v<i>`); `when`, if given, is the condition for the key to be there at all. */
export interface Out { key: string; expr: string; when?: string }

const compiledCache = new WeakMap<StructDecl, Compiled | null>();
const COMPILED = Symbol('compiled');

/** The generated decoder of a layout, or null when it has a part only the generic path reads
 *  (a flexible array member). Built once per declaration, kept on it (a WeakMap lookup per
 *  struct decoded costs; frozen declarations use one). */
export function compiledOf(decl: StructDecl): Compiled | null {
  const d = decl as StructDecl & { [COMPILED]?: Compiled | null };
  // null is a kept answer too ("no generated decoder"): only undefined means "not tried yet"
  let c = d[COMPILED];
  if (c === undefined) c = compiledCache.get(decl);
  if (c === undefined) {
    try { c = compile(decl); } catch { c = null; }
    if (Object.isExtensible(d)) d[COMPILED] = c; else compiledCache.set(decl, c);
  }
  return c;
}

/** Family fields that the inaddr fields of `decl` (or of structs inside it) look up. */
function familyNames(decl: StructDecl, out = new Set<string>()): Set<string> {
  for (const f of decl.fields) {
    if (typeof f.kind === 'object') familyNames(f.kind, out);
    else if (f.kind === 'inaddr' && f.family) out.add(f.family);
  }
  return out;
}

/** Family fields that come after an address (of this struct or of one inside it) that needs them,
 *  with their offsets: xfrm_selector {daddr, saddr, ..., family}. Found once per layout. */
const lateCache = new WeakMap<StructDecl, { field: FieldDecl; at: number }[]>();
function lateFamilies(decl: StructDecl): { field: FieldDecl; at: number }[] {
  let late = lateCache.get(decl);
  if (late) return late;
  late = [];
  const wanted = new Set<string>();
  let at = 0;
  for (const f of decl.fields) {
    if (typeof f.kind === 'object') familyNames(f.kind, wanted);
    else if (f.kind === 'inaddr' && f.family) wanted.add(f.family);
    else if (wanted.has(f.name) && f.count === undefined && !f.rest && f.kind in INT_SIZE) late.push({ field: f, at });
    at += f.rest ? 0 : f.size * (f.count ?? 1);
  }
  lateCache.set(decl, late);
  return late;
}

/** Generated-code reads of each integer kind at an offset expression (`dv`, `b` and a `hi`
 *  scratch variable in scope; `exact` for 64-bit values past 2^53). */
export const READ: Partial<Record<IntKind, (o: string) => string>> = {
  u8: (o) => `b[${o}]`,
  s8: (o) => `dv.getInt8(${o})`,
  u16: (o) => `dv.getUint16(${o}, true)`,
  s16: (o) => `dv.getInt16(${o}, true)`,
  be16: (o) => `dv.getUint16(${o}, false)`,
  u32: (o) => `dv.getUint32(${o}, true)`,
  s32: (o) => `dv.getInt32(${o}, true)`,
  be32: (o) => `dv.getUint32(${o}, false)`,
  sbe32: (o) => `dv.getInt32(${o}, false)`,
  // exact as a double below 2^53 (the high word under 2^21): the usual counter, read inline.
  // A high word of 0 gives the low word as it is read: a small integer, where the product would
  // make a boxed double of every value (a heap allocation per counter of every tcp_info)
  u64: (o) => `((hi = dv.getUint32(${o} + 4, true)) === 0 ? dv.getUint32(${o}, true) : hi < 0x200000 ? hi * 4294967296 + dv.getUint32(${o}, true) : exact(dv.getUint32(${o}, true), hi, false))`,
  s64: (o) => `exact(dv.getUint32(${o}, true), dv.getInt32(${o} + 4, true), true)`,
  be64: (o) => `exact(dv.getUint32(${o} + 4, false), dv.getUint32(${o}, false), false)`,
};

/** Generated code for an integer read (`raw`, of `kind`) shown with its names: enum names from
 *  the enum's array (its Map when it has none), flag names (directly for reads of 32 bits or
 *  less, always numbers; 64-bit ones may be text). `hi` is the scratch variable READ uses. */
export function named(raw: string, kind: IntKind, en: EnumDecl | undefined, fl: FlagsDecl | undefined, ref: (x: unknown) => string): string {
  if (en) {
    const table = enumTable(en);
    return table ? `((hi = ${raw}), ${ref(table)}[hi] ?? hi)` : `((hi = ${raw}), ${ref(en.byValue)}.get(hi) ?? hi)`;
  }
  if (fl) return INT_SIZE[kind] <= 4 ? `${ref(flagNames)}(${raw}, ${ref(fl)})` : `${ref(intToJson)}(${raw}, undefined, ${ref(fl)})`;
  return raw;
}

function compile(decl: StructDecl): Compiled | null {
  if (decl.fields.some((f) => f.rest)) return null;
  const env: unknown[] = [];
  const ref = (x: unknown) => { env.push(x); return `env[${env.length - 1}]`; };
  const lines: string[] = [];
  const fieldLines: string[] = [];
  const outs: Out[][] = [];
  const late: Out[] = [];
  const local = new Map<string, string>();
  /** locals that later fields read (families of addresses): read into a constant first */
  const used = new Set<string>();
  const localOf = (name: string): string | undefined => {
    const l = local.get(name);
    if (l !== undefined) used.add(l);
    return l;
  };
  /** each field's value expression, for a literal that reads it in place */
  const inline: string[] = [];
  const nested: (Nested | undefined)[] = [];
  // a family field after the addresses it describes is read before them
  lateFamilies(decl).forEach(({ field, at }, i) => {
    const read = READ[field.kind as IntKind];
    const raw = read ? read(`off + ${at}`) : `${ref(readInt)}(dv, off + ${at}, ${JSON.stringify(field.kind)})`;
    lines.push(`const late${i} = ${ref(intToJson)}(${raw}, ${field.enum ? ref(field.enum) : 'undefined'}, ${field.flags ? ref(field.flags) : 'undefined'});`);
    local.set(field.name, `late${i}`);
  });
  const head = lines.join('\n');
  let pos = 0;
  decl.fields.forEach((f, i) => {
    const one = (at: number): string => {
      const o = `off + ${at}`;
      const k = f.kind;
      if (typeof k === 'object') {
        const inner = compiledOf(k);
        // an embedded struct's own padding (xfrm_id in xfrm_usersa_info) is kept, when not zero,
        // only by the generic path (as that struct's @tail)
        if (!inner || inner.size !== k.size) throw new Error('not compiled');
        // inaddr fields inside find their family here or further out
        const fams = [...familyNames(k)];
        const outerExpr = fams.length
          ? `{ ${fams.map((n) => `${JSON.stringify(n)}: ${localOf(n) ?? `outer?.[${JSON.stringify(n)}]`}`).join(', ')} }`
          : 'undefined';
        if (f.count === undefined) nested[i] = { compiled: inner, outer: outerExpr };
        return `${ref(inner.decode)}(b, dv, ${o}, ${outerExpr})`;
      }
      switch (k) {
        case 'ip4': return `${ref(formatIp4)}(b, ${o})`;
        case 'ip6': return `${ref(formatIp6)}(b, ${o})`;
        case 'mac': return `${ref(formatMac)}(b, ${o}, ${o} + 6)`;
        case 'bytes': return `${ref(toHex)}(b, ${o}, ${o} + ${f.size})`;
        case 'string': return `${ref(decodeFixedString)}(b, ${o}, ${f.size})`;
        case 'inaddr': {
          const fam = f.family ? localOf(f.family) ?? `outer?.[${JSON.stringify(f.family)}]` : 'undefined';
          return `${ref(decodeInaddr)}(b, dv, ${o}, ${fam})`;
        }
        default: {
          const read = READ[k as IntKind];
          const raw = read ? read(o) : `${ref(readInt)}(dv, ${o}, ${JSON.stringify(k)})`;
          return named(raw, k as IntKind, f.enum, f.flags, ref);
        }
      }
    };
    const v = `v${i}`;
    if (f.bits) {
      // the unit is read once; each member is its bits of it
      fieldLines.push(`const ${v} = ${READ[f.kind as IntKind]!(`off + ${pos}`)};`);
      outs.push(f.bits.map((m) => ({ key: m.name, expr: named(`((${v} >>> ${m.shift}) & ${2 ** m.width - 1})`, 'u32', m.enum, undefined, ref) })));
      const r = f.bitsRest;
      if (r) late.push({ key: r.key, expr: `(${v} >>> ${r.shift})`, when: `(${v} >>> ${r.shift}) !== 0` });
    } else {
      const expr = f.count === undefined ? one(pos) : `[${Array.from({ length: f.count }, (_, j) => one(pos + j * f.size)).join(', ')}]`;
      fieldLines.push(`const ${v} = ${expr};`);
      inline[i] = expr;
      outs.push([{ key: f.name, expr: v }]);
    }
    local.set(f.name, v);
    pos += f.size * (f.count ?? 1);
  });
  // A value that nothing else reads is read in its place in the literal: 70 values read
  // first and stored after were kept on the stack in between (a store and a load each)
  const keep = (i: number) => inline[i] === undefined || used.has(`v${i}`);
  lines.push(...fieldLines.filter((_, i) => keep(i)));
  const all = outs.flat();
  const inOuts = outs.map((o, i) => keep(i) ? o : [{ key: o[0]!.key, expr: inline[i]! }]).flat();
  const lit = `{ ${inOuts.map((o) => `${JSON.stringify(o.key)}: ${o.expr}`).join(', ')} }`;
  const setLate = (obj: string) => late.map((o) => `if (${o.when}) ${obj}[${JSON.stringify(o.key)}] = ${o.expr};`).join('\n');
  const name = decl.name.replace(/\W/g, '_');
  const body = `return function decode_${name}(b, dv, off, outer) {\nlet hi = 0;\n${lines.join('\n')}\n${
    late.length ? `const o = ${lit};\n${setLate('o')}\nreturn o;` : `return ${lit};`}\n};`;
  const decode = new Function('env', 'exact', body)(env, exact) as Compiled['decode'];
  // (into an object that is not new, a store checks its map: the values read first, then
  // stored together, measured fewer instructions than each stored as it is read)
  const intoBody = `return function decode_into_${name}(b, dv, off, outer, into) {\nlet hi = 0;\n${[head, ...fieldLines].filter((l) => l).join('\n')}\n${
    all.map((o) => `into[${JSON.stringify(o.key)}] = ${o.expr};`).join('\n')}\n${setLate('into')}\nreturn into;\n};`;
  const decodeInto = new Function('env', 'exact', intoBody)(env, exact) as Compiled['decodeInto'];
  return { decl, size: fieldsSize(decl), decode, decodeInto, reads: { env, head, fields: fieldLines, outs, late, nested }, keys: [...all, ...late].map((o) => o.key) };
}

/** A bitfield's members (with their enum names) as keys of obj. */
export function bitsIntoJson(raw: number, f: FieldDecl, obj: Json): void {
  for (const m of f.bits!) obj[m.name] = intToJson((raw >>> m.shift) & (2 ** m.width - 1), m.enum);
}

/** The bits of a bitfield's unit that no member covers, when any is set. A struct's JSON has
 *  them (key `bitsRest.key`) after all its fields. */
export function bitsRest(raw: number, f: FieldDecl): number | undefined {
  const r = f.bitsRest;
  return r && raw >>> r.shift !== 0 ? raw >>> r.shift : undefined;
}

/** Whether obj gives any member of the bitfield (or its uncovered bits). */
const hasBits = (f: FieldDecl, obj: Json): boolean =>
  f.bits!.some((m) => obj[m.name] !== undefined) || (f.bitsRest !== undefined && obj[f.bitsRest.key] !== undefined);

/** The unit of a bitfield from its members in obj (missing ones 0); a member that its bits
 *  cannot hold is an error, not cut to fit. */
export function bitsFromJson(f: FieldDecl, obj: Json, path: string): number {
  const part = (key: string, width: number, en: EnumDecl | undefined): number => {
    const j = obj[key];
    if (j === undefined) return 0;
    const tooWide = () => new JsonValueError(`${path}.${key}: ${JSON.stringify(j)} is not a ${width}-bit value: 0 to ${2 ** width - 1}`);
    let v: number | bigint;
    // a number out of range (-1, 1.5) is told against the member's bits, not the unit's type
    try { v = intFromJson(j, 'u32', en); } catch (e) { if (typeof j === 'number') throw tooWide(); throw new JsonValueError(`${path}.${key}: ${(e as Error).message}`); }
    if (typeof v !== 'number' || v > 2 ** width - 1) throw tooWide();
    return v;
  };
  let raw = 0;
  for (const m of f.bits!) raw += part(m.name, m.width, m.enum) * 2 ** m.shift;
  const r = f.bitsRest;
  if (r) raw += part(r.key, f.size * 8 - r.shift, undefined) * 2 ** r.shift;
  return raw;
}

/** A struct attribute value of [off, off+len): when the struct is whole, straight through its
 *  generated decoder (a StructView when the context asks for views), else decodeStruct. */
export function decodeStructValue(decl: StructDecl, ctx: DecodeCtx, off: number, len: number, path: string): Json | StructView {
  if (ctx.trace === undefined && len === decl.size) {
    const fast = compiledOf(decl);
    if (fast !== null && fast.size === len) return ctx.views ? new StructView(fast, ctx.b, ctx.dv, off) : fast.decode(ctx.b, ctx.dv, off, undefined);
  }
  return decodeStruct(decl, ctx, off, len, decl.size, path);
}

/**
 * A struct attribute value not yet decoded: its bytes and its generated decoder. The text
 * view asks for these (DecodeOptions.views) and renders them straight from the bytes; decoding
 * them into objects first costs more than rendering. Anything else that meets one, such as
 * JSON.stringify, gets the decoded object through toJSON.
 */
export class StructView {
  constructor(readonly compiled: Compiled, readonly b: Uint8Array, readonly dv: DataView, readonly off: number) {}
  /** the decoded object, as the value would be without views */
  toJSON(): Json {
    return this.compiled.decode(this.b, this.dv, this.off, undefined);
  }
}

/** Wire type of a field for the byte map: `u32`, `be16[2]`, `string[16]`, `bytes[8]`. */
function traceType(f: FieldDecl): string {
  const k = f.kind as string;
  const base = k === 'string' || k === 'bytes' ? `${k}[${f.size}]` : k;
  return f.count === undefined ? base : `${base}[${f.count}]`;
}

function decodeField(f: FieldDecl, ctx: DecodeCtx, at: number, obj: Json, outer: Json | undefined, path: string): unknown {
  const k = f.kind;
  if (typeof k === 'object') return decodeStruct(k, ctx, at, k.size, k.size, ctx.trace ? `${path}.${f.name}` : path, outer ? { ...outer, ...obj } : obj);
  const b = ctx.b;
  switch (k) {
    case 'ip4': return formatIp4(b, at);
    case 'ip6': return formatIp6(b, at);
    case 'mac': return formatMac(b, at, at + 6);
    case 'bytes': return toHex(b, at, at + f.size);
    case 'string': return decodeFixedString(b, at, f.size);
    case 'inaddr': return decodeInaddr(b, ctx.dv, at, familyOf(f, obj, outer));
    default: return intToJson(readInt(ctx.dv, at, k), f.enum, f.flags);
  }
}

function familyOf(f: FieldDecl, obj: Json, outer?: Json): unknown {
  if (!f.family) return undefined;
  return obj[f.family] ?? outer?.[f.family];
}

/** __be32[4] address: dotted for AF_INET when the rest is zero, IPv6 text for AF_INET6, else hex. */
function decodeInaddr(b: Uint8Array, dv: DataView, at: number, family: unknown): string {
  // three words read, not twelve bytes looped over (a byte loop costs ~30 instructions a byte)
  if ((family === 'AF_INET' || family === 2) && (dv.getUint32(at + 4, true) | dv.getUint32(at + 8, true) | dv.getUint32(at + 12, true)) === 0) return formatIp4(b, at);
  if (family === 'AF_INET6' || family === 10) return formatIp6(b, at);
  return toHex(b, at, at + 16);
}

function decodeFixedString(b: Uint8Array, at: number, size: number): unknown {
  let n = 0;
  while (n < size && b[at + n] !== 0) n++;
  const text = decodeUtf8(b, at, at + n);
  if (text !== undefined && allZero(b, at + n, at + size)) return text;
  return { '@raw': toHex(b, at, at + size) };
}

// ---------------------------------------------------------------- encode

/** Encodes a struct from its JSON object: every field, missing ones zero; a struct decoded
 *  short (`@len` / `@tail`) stays short: only the fields up to the last one present. */
export function encodeStruct(decl: StructDecl, j: Json, w: Writer, defaultLen: number, path: string, outer?: Json): void {
  const start = w.pos;
  const short = j['@tail'] !== undefined || j['@len'] !== undefined;
  let last = decl.fields.length;
  if (short) {
    last = 0;
    decl.fields.forEach((f, i) => { if (f.bits ? hasBits(f, j) : j[f.name] !== undefined) last = i + 1; });
  }
  for (let i = 0; i < last; i++) {
    const f = decl.fields[i];
    if (f.bits) {
      if (hasBits(f, j)) writeInt(w, f.kind as IntKind, bitsFromJson(f, j, path)); else w.zeros(f.size);
      continue;
    }
    const v = j[f.name];
    const count = f.rest ? (Array.isArray(v) ? v.length : 0) : f.count ?? 1;
    if (v === undefined) { w.zeros(f.size * count); continue; }
    if (f.count !== undefined || f.rest) {
      const arr = Array.isArray(v) ? v : [];
      for (let k = 0; k < count; k++) encodeField(f, arr[k], w, j, outer, path);
    } else encodeField(f, v, w, j, outer, path);
  }
  if (typeof j['@tail'] === 'string') {
    const t = fromHex(j['@tail'] as string);
    if (!t) throw new JsonValueError(`${path}: @tail is not hex`);
    w.bytes(t);
  } else if (typeof j['@len'] === 'number') {
    const want = start + Math.max(0, j['@len'] as number);
    if (w.pos < want) w.zeros(want - w.pos);
    else w.pos = want;
  } else if (last === decl.fields.length) {
    w.zeros(defaultLen - (w.pos - start));
  }
}

function encodeField(f: FieldDecl, v: unknown, w: Writer, obj: Json, outer: Json | undefined, path: string): void {
  const k = f.kind;
  if (v === undefined) { w.zeros(f.size); return; }
  if (typeof v === 'object' && v !== null && '@raw' in v && typeof k !== 'object') {
    const raw = fromHex(String((v as Json)['@raw']));
    if (!raw || raw.length !== f.size) throw new JsonValueError(`${path}.${f.name}: @raw must be ${f.size} bytes of hex`);
    w.bytes(raw);
    return;
  }
  if (typeof k === 'object') { encodeStruct(k, (v ?? {}) as Json, w, k.size, `${path}.${f.name}`, { ...outer, ...obj }); return; }
  const fail = (what: string) => new JsonValueError(`${path}.${f.name}: ${JSON.stringify(v)} is not ${what}`);
  switch (k) {
    case 'ip4': { const a = parseIp4(String(v)); if (!a) throw fail('an IPv4 address'); w.bytes(a); return; }
    case 'ip6': { const a = parseIp6(String(v)); if (!a) throw fail('an IPv6 address'); w.bytes(a); return; }
    case 'mac': { const a = parseMac(String(v)); if (!a || a.length !== 6) throw fail('a MAC address'); w.bytes(a); return; }
    case 'bytes': { const a = fromHex(String(v)); if (!a || a.length !== f.size) throw fail(`${f.size} bytes of hex`); w.bytes(a); return; }
    case 'string': {
      const a = encodeUtf8(String(v));
      if (a.length > f.size) throw fail(`a string of at most ${f.size} bytes`);
      w.bytes(a); w.zeros(f.size - a.length); return;
    }
    case 'inaddr': {
      const s = String(v);
      const a = s.includes(':') ? parseIp6(s) : s.includes('.') ? parseIp4(s) : fromHex(s);
      if (!a) throw fail('an address');
      w.bytes(a); w.zeros(16 - a.length); return;
    }
    default:
      writeInt(w, k as IntKind, intFromJson(v, k as IntKind, f.enum, f.flags));
      void INT_SIZE;
  }
}
