// Integers: reading and writing each IntKind, and their JSON form
// (enum names, flag-name lists, 64-bit values as numbers when exact, else strings).
import type { EnumDecl, FlagsDecl, IntKind } from './schema.js';
import type { Writer } from '../wire/writer.js';

/** Reads an integer; 64-bit kinds give a number when exact, else a decimal string. */
export function readInt(dv: DataView, off: number, kind: IntKind): number | string {
  switch (kind) {
    case 'u8': return dv.getUint8(off);
    case 's8': return dv.getInt8(off);
    case 'u16': return dv.getUint16(off, true);
    case 's16': return dv.getInt16(off, true);
    case 'be16': return dv.getUint16(off, false);
    case 'u32': return dv.getUint32(off, true);
    case 's32': return dv.getInt32(off, true);
    case 'be32': return dv.getUint32(off, false);
    case 'sbe32': return dv.getInt32(off, false);
    case 'u64': return exact(dv.getUint32(off, true), dv.getUint32(off + 4, true), false);
    case 'be64': return exact(dv.getUint32(off + 4, false), dv.getUint32(off, false), false);
    case 's64': return exact(dv.getUint32(off, true), dv.getInt32(off + 4, true), true);
  }
}

const U64_MAX = '18446744073709551615';

export function exact(lo: number, hi: number, signed: boolean): number | string {
  // 2^53 bounds: the value is exact as a double when |hi| < 2^21.
  if (hi >= 0 && hi < 0x200000) return hi * 0x100000000 + lo;
  if (signed && hi < 0 && hi >= -0x200000) return hi * 0x100000000 + lo;
  // ~0ULL ("unlimited": tcpi_max_pacing_rate, rate limits) is common: skip the BigInt
  if (!signed && hi === 0xffffffff && lo === 0xffffffff) return U64_MAX;
  const big = (BigInt(hi) << 32n) | BigInt(lo);
  return (signed ? BigInt.asIntN(64, big) : BigInt.asUintN(64, big)).toString();
}

/** The kind of a value flagged NLA_F_NET_BYTEORDER: network order, whatever the declaration
 *  (a host-order declaration reads big-endian; a `be*` one stays as it is). */
export function netOrder(kind: IntKind): IntKind {
  switch (kind) {
    case 'u16': return 'be16';
    case 'u32': return 'be32';
    case 's32': return 'sbe32';
    case 'u64': return 'be64';
    default: return kind;
  }
}

/** Writes an integer given as a number, bigint or numeric string. */
export function writeInt(w: Writer, kind: IntKind, v: number | bigint): void {
  switch (kind) {
    case 'u8': case 's8': w.u8(Number(v) & 0xff); return;
    case 'u16': case 's16': w.u16(Number(v) & 0xffff); return;
    case 'be16': w.u16(Number(v) & 0xffff, true); return;
    case 'u32': case 's32': w.u32(Number(v)); return;
    case 'be32': case 'sbe32': w.u32(Number(v), true); return;
    case 'u64': case 's64': w.u64(BigInt(v)); return;
    case 'be64': w.u64(BigInt(v), true); return;
  }
}

/** JSON form of an integer with its names. */
export function intToJson(v: number | string, en?: EnumDecl, fl?: FlagsDecl): unknown {
  if (typeof v !== 'number') return v;
  if (en) return en.byValue.get(v) ?? v;
  if (fl) return flagNames(v, fl);
  return v;
}

const tables = new WeakMap<EnumDecl, ReadonlyArray<string | undefined> | null>();
/** An enum's names in an array indexed by value, for generated decoders (an element load costs
 *  less than a Map lookup); undefined when its values are not all small non-negative integers. */
export function enumTable(en: EnumDecl): ReadonlyArray<string | undefined> | undefined {
  let t = tables.get(en);
  if (t === undefined) {
    const values = [...en.byValue.keys()];
    const max = Math.max(-1, ...values);
    t = max < 4096 && values.every((v) => Number.isInteger(v) && v >= 0)
      ? Array.from({ length: max + 1 }, (_, v) => en.byValue.get(v))
      : null;
    tables.set(en, t);
  }
  return t ?? undefined;
}

/** Recent flag values' names per flag set: the same few values repeat across a dump. */
const namesCache = new WeakMap<FlagsDecl, Map<number, readonly string[]>>();

const NAMES = Symbol('names');
/** the last value named with each flag set, and its names: a dump repeats one value (NLM_F_MULTI) */
const LAST = Symbol('last');

export function flagNames(v: number, fl: FlagsDecl): Array<string> {
  return copyOf(sharedFlagNames(v, fl));
}

/** flagNames' list itself, shared by every caller: for writers, which only read it. */
export function sharedFlagNames(v: number, fl: FlagsDecl): readonly string[] {
  // kept on the declaration (a WeakMap lookup per value costs); frozen ones use the WeakMap
  const f = fl as FlagsDecl & { [NAMES]?: Map<number, readonly string[]>; [LAST]?: { v: number; names: readonly string[] } };
  const last = f[LAST];
  if (last !== undefined && last.v === v) return last.names;
  let cache = f[NAMES] ?? namesCache.get(fl);
  if (!cache) {
    cache = new Map();
    if (Object.isExtensible(f)) f[NAMES] = cache; else namesCache.set(fl, cache);
  }
  let names = cache.get(v);
  if (!names) {
    names = computeFlagNames(v, fl);
    if (cache.size >= 512) cache.clear();
    cache.set(v, names);
  }
  if (Object.isExtensible(f)) f[LAST] = { v, names };
  return names;
}

/** A fresh copy for the caller: short lists as literals (slice() costs more than the decode). */
function copyOf(a: readonly string[]): string[] {
  switch (a.length) {
    case 0: return [];
    case 1: return [a[0]!];
    case 2: return [a[0]!, a[1]!];
    case 3: return [a[0]!, a[1]!, a[2]!];
    default: return a.slice();
  }
}

function computeFlagNames(v: number, fl: FlagsDecl): Array<string> {
  const out: string[] = [];
  // bits 32..52 of a 64-bit flag field (names cover the low 32): kept in the hex rest
  const high = v > 0xffffffff ? Math.floor(v / 0x100000000) : 0;
  let rest = v >>> 0;
  for (const [mask, name] of fl.bits) {
    if (((rest & mask) >>> 0) === mask) { out.push(name); rest = (rest & ~mask) >>> 0; }
  }
  if (rest || high) out.push('0x' + (high * 0x100000000 + rest).toString(16));
  return out;
}

export class JsonValueError extends Error {}

/** Parses the JSON form back to a number or bigint (names, flag lists, "0x..", decimal strings). */
export function intFromJson(j: unknown, kind: IntKind, en?: EnumDecl, fl?: FlagsDecl): number | bigint {
  const v = anyIntFromJson(j, kind, en, fl);
  // a value the field cannot hold is refused, not wrapped (70000000000 in a u32 wrote 0x4c533c00)
  const [lo, hi] = RANGE[kind];
  const ok = typeof v === 'bigint' ? v >= lo && v <= hi : Number.isSafeInteger(v) && v >= lo && v <= hi;
  if (!ok) {
    const why = typeof v === 'number' && Number.isInteger(v) && !Number.isSafeInteger(v) ? ' (past 2^53 a JSON number is not exact: give it as a decimal string)' : '';
    throw new JsonValueError(`${typeof j === 'string' ? `"${j}"` : JSON.stringify(j)} is not a ${kind} value: ${lo} to ${hi}${why}`);
  }
  return v;
}

/** The smallest and largest value of each integer kind. */
const RANGE: Record<IntKind, readonly [number | bigint, number | bigint]> = {
  u8: [0, 0xff], s8: [-0x80, 0x7f], u16: [0, 0xffff], be16: [0, 0xffff], s16: [-0x8000, 0x7fff],
  u32: [0, 0xffffffff], be32: [0, 0xffffffff], s32: [-0x80000000, 0x7fffffff], sbe32: [-0x80000000, 0x7fffffff],
  u64: [0, 0xffffffffffffffffn], be64: [0, 0xffffffffffffffffn], s64: [-0x8000000000000000n, 0x7fffffffffffffffn],
};

function anyIntFromJson(j: unknown, kind: IntKind, en?: EnumDecl, fl?: FlagsDecl): number | bigint {
  if (typeof j === 'number') return j;
  if (typeof j === 'bigint') return j;
  if (typeof j === 'boolean') return j ? 1 : 0;
  if (typeof j === 'string') {
    if (en?.byName.has(j)) return en.byName.get(j)!;
    if (fl?.byName.has(j)) return fl.byName.get(j)!;
    if (/^-?(0x[0-9a-f]+|\d+)$/i.test(j.trim())) {
      const neg = j.trim().startsWith('-');
      const big = BigInt(j.trim().replace('-', ''));
      const val = neg ? -big : big;
      return kind.endsWith('64') ? val : Number(val);
    }
    throw new JsonValueError(`"${j}" is not a ${en?.name ?? fl?.name ?? kind} value`);
  }
  if (Array.isArray(j)) {
    if (kind.endsWith('64')) {
      let wide = 0n;
      for (const part of j) wide |= BigInt(intFromJson(part, 'u64', undefined, fl));
      return wide <= 0x1fffffffffffffn ? Number(wide) : wide;
    }
    let acc = 0;
    for (const part of j) acc = (acc | Number(intFromJson(part, 'u32', undefined, fl))) >>> 0;
    return acc;
  }
  throw new JsonValueError(`expected a ${kind} value, got ${JSON.stringify(j)}`);
}
