// fast-check arbitraries of netlink messages, derived from the codecs/ declarations.
// Nothing here knows a family: struct fields come from StructDecls (ints in range for their
// kind, enum names, flag lists, addresses as text), attributes from AttrSets (declared value
// kinds, nests to a bounded depth, multi attributes as arrays), `select` values through their
// selector with the deciding siblings generated first. Values are built in nlscope's canonical
// JSON form, so decode(encode(m)) gives m back. Everything is made of fast-check combinators
// (tuple / option / array / chain / map): failing inputs shrink to small messages.
import fc, { type Arbitrary } from 'fast-check';
import {
  INT_SIZE,
  type AttrDecl, type AttrSet, type AttrValue, type BodySelector, type Direction, type EnumDecl, type FieldDecl,
  type FlagsDecl, type IntKind, type MessageDecl, type ProtocolDecl, type SelectCtx, type StructDecl,
} from '../codec/schema.js';
import { flagNames, intToJson } from '../codec/ints.js';
import { encodeAttrs, resolveSelect } from '../codec/attrs.js';
import { encodeMessage, encodePacket, flagSet } from '../codec/message.js';
import { bitsIntoJson, bitsRest, encodeStruct, type Json } from '../codec/struct.js';
import { allZero, formatIp4, formatIp6, formatMac, toHex } from '../wire/bytes.js';
import { Writer } from '../wire/writer.js';
import { PROTOCOLS, protocolById, protocolId, protocolName } from '../../codecs/index.js';
import { ERRNO, NLM_F_ACK_FLAGS, NLM_F_CAPPED, NLMSGERR_ATTR } from '../../codecs/netlink.js';
import { deciders, usefulStrings } from './dictionary.js';

export interface GenOptions {
  /** direction of the message (default: either; NLMSG_ERROR / NLMSG_DONE are always to-user) */
  direction?: Direction;
  /** levels of nested attributes below the message (default 3) */
  maxDepth?: number;
  /** about how many attributes a set holds at the top level (default 5; fewer deeper) */
  attrsPerSet?: number;
  /** items of arrays, multi attributes, records (default 3) */
  maxItems?: number;
}

/** A packet: messages of one protocol and direction, as one socket read or write. */
export interface GenPacket {
  protocol: number;
  direction: Direction;
  messages: Json[];
}

interface Opts { maxDepth: number; attrsPerSet: number; maxItems: number }

const defaults = (o: GenOptions = {}): Opts => ({ maxDepth: o.maxDepth ?? 3, attrsPerSet: o.attrsPerSet ?? 5, maxItems: o.maxItems ?? 3 });

/** `arb` with probability `p`, else undefined (shrinks to undefined: the attribute goes away). */
function maybe<T>(arb: Arbitrary<T>, p: number): Arbitrary<T | undefined> {
  const present = Math.max(1, Math.round(p * 1000));
  return fc.oneof({ withCrossShrink: true }, { weight: 1000 - present, arbitrary: fc.constant(undefined) }, { weight: present, arbitrary: arb });
}

/** Builds the arbitrary only when a value is drawn (recursive declarations, big sets). */
const lazy = <T>(f: () => Arbitrary<T>): Arbitrary<T> => fc.constant(null).chain(f);

// ---------------------------------------------------------------- integers

const RANGE: Record<IntKind, [bigint, bigint]> = {
  u8: [0n, 0xffn], u16: [0n, 0xffffn], u32: [0n, 0xffffffffn], u64: [0n, 0xffffffffffffffffn],
  s8: [-0x80n, 0x7fn], s16: [-0x8000n, 0x7fffn], s32: [-0x80000000n, 0x7fffffffn], s64: [-(2n ** 63n), 2n ** 63n - 1n],
  be16: [0n, 0xffffn], be32: [0n, 0xffffffffn], be64: [0n, 0xffffffffffffffffn], sbe32: [-0x80000000n, 0x7fffffffn],
};

/** The JSON form of a 64-bit value: a number when exact, else a decimal string (as the decoder). */
export function json64(v: bigint, signed: boolean): number | string {
  const lim = 2n ** 53n;
  return v < lim && v >= (signed ? -lim : 0n) ? Number(v) : v.toString();
}

const intCache = new Map<string, Arbitrary<unknown>>();

/** An integer of `kind` in range, in JSON form: enum names (mostly known values), flag lists. */
export function intArb(kind: IntKind, en?: EnumDecl, fl?: FlagsDecl): Arbitrary<unknown> {
  const key = `${kind}/${en?.name ?? ''}/${fl?.name ?? ''}`;
  const hit = en || fl ? undefined : intCache.get(key);
  if (hit) return hit;
  const [min, max] = RANGE[kind];
  const wide = INT_SIZE[kind] === 8;
  const signed = kind.startsWith('s');
  const raw: Arbitrary<bigint> = wide
    ? fc.bigInt({ min, max })
    : fc.integer({ min: Number(min), max: Number(max) }).map(BigInt);
  let value: Arbitrary<bigint> = raw;
  if (en) {
    const known = [...en.byValue.keys()].filter((v) => BigInt(v) >= min && BigInt(v) <= max).map(BigInt);
    if (known.length) value = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...known) }, { weight: 1, arbitrary: raw });
  } else if (fl) {
    const masks = fl.bits.map(([m]) => BigInt(m)).filter((m) => m <= max && m > 0n);
    if (masks.length) {
      const combo = fc.subarray(masks).map((ms) => ms.reduce((a, m) => a | m, 0n));
      value = fc.oneof({ weight: 4, arbitrary: combo }, { weight: 1, arbitrary: raw });
    }
  }
  const arb = value.map((v) => {
    const j = wide ? json64(v, signed) : Number(v);
    return typeof j === 'number' ? intToJson(j, en, fl) : j;
  });
  if (!en && !fl) intCache.set(key, arb);
  return arb;
}

// ---------------------------------------------------------------- scalars

/** Text as the decoder gives it back: no NUL; no leading U+FEFF (see the report: the UTF-8
 *  decoder drops a leading BOM, so such a string cannot come back). */
export const textArb: Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.string({ maxLength: 15 }) },
  { weight: 1, arbitrary: fc.string({ maxLength: 8, unit: 'binary' }) },
).filter((s) => !s.includes('\0') && !s.startsWith('\uFEFF'));

const bytesArb = (min: number, max: number) => fc.uint8Array({ minLength: min, maxLength: max });
const hexArb = (min: number, max: number) => bytesArb(min, max).map((b) => toHex(b));
const ip4Arb = bytesArb(4, 4).map((b) => formatIp4(b, 0));
/** IPv6 with runs of zero groups (so `::` compression is exercised). */
const ip6Arb = fc.array(fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 0xffff })), { minLength: 8, maxLength: 8 }).map((g) => {
  const b = new Uint8Array(16);
  g.forEach((x, i) => { b[2 * i] = x >> 8; b[2 * i + 1] = x & 0xff; });
  return formatIp6(b, 0);
});
const macArb = fc.oneof({ weight: 5, arbitrary: bytesArb(6, 6) }, { weight: 1, arbitrary: bytesArb(1, 20) }).map((b) => formatMac(b, 0, b.length));
const u32 = fc.integer({ min: 0, max: 0xffffffff });

function scalarArb(kind: string, name: string, set: AttrSet | undefined, ctx: SelectCtx): Arbitrary<unknown> {
  switch (kind) {
    case 'string':
      if (set && deciders().has(name)) {
        const dict = usefulStrings(set, name, ctx.body as Json);
        return fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...dict) }, { weight: 1, arbitrary: textArb });
      }
      return textArb;
    case 'binary': return hexArb(0, 24);
    case 'flag': return fc.constant(true);
    case 'ip': return fc.oneof(ip4Arb, ip6Arb);
    case 'ip4': return ip4Arb;
    case 'ip6': return ip6Arb;
    case 'mac': return macArb;
    case 'bitfield32': return fc.record({ value: u32, selector: u32 });
    case 'u32list': return fc.array(u32, { maxLength: 8 });
    case 'uint': return fc.oneof(u32, fc.bigInt({ min: 2n ** 32n, max: 2n ** 64n - 1n }).map((v) => json64(v, false)));
    case 'sint': return fc.oneof(
      fc.integer({ min: -0x80000000, max: 0x7fffffff }),
      fc.oneof(fc.bigInt({ min: 2n ** 31n, max: 2n ** 63n - 1n }), fc.bigInt({ min: -(2n ** 63n), max: -(2n ** 31n) - 1n })).map((v) => json64(v, true)),
    );
    default: return hexArb(0, 16);
  }
}

// ---------------------------------------------------------------- structs

/** Placeholder of an `inaddr` field until the family is known (finalize). */
class Inaddr { constructor(readonly b: Uint8Array) {} }

const inaddrArb = fc.oneof(
  bytesArb(4, 4).map((b) => { const x = new Uint8Array(16); x.set(b); return x; }),
  bytesArb(16, 16),
).map((b) => new Inaddr(b));

function fieldItemArb(f: FieldDecl): Arbitrary<unknown> {
  const k = f.kind;
  if (typeof k === 'object') return structRaw(k, false);
  switch (k) {
    case 'ip4': return ip4Arb;
    case 'ip6': return ip6Arb;
    case 'mac': return bytesArb(6, 6).map((b) => formatMac(b, 0, 6));
    case 'bytes': return hexArb(f.size, f.size);
    case 'string': return fc.string({ maxLength: f.size });
    case 'inaddr': return inaddrArb;
    default: return intArb(k, f.enum, f.flags);
  }
}

function fieldArb(f: FieldDecl, allowRest: boolean): Arbitrary<unknown> {
  const item = fieldItemArb(f);
  if (f.rest) return allowRest ? fc.array(item, { maxLength: 3 }) : fc.constant([]);
  if (f.count !== undefined) return fc.array(item, { minLength: f.count, maxLength: f.count });
  return item;
}

/** Field values (addresses of `inaddr` fields still raw). */
function structRaw(st: StructDecl, allowRest: boolean): Arbitrary<Json> {
  const last = st.fields[st.fields.length - 1];
  return fc.tuple(...st.fields.map((f) => fieldArb(f, allowRest && f === last))).map((vals) => {
    const o: Json = {};
    // a bitfield's unit is drawn whole, then shown as its members (and, after every field, its
    // uncovered bits when set)
    st.fields.forEach((f, i) => { if (f.bits) bitsIntoJson(vals[i] as number, f, o); else o[f.name] = vals[i]; });
    st.fields.forEach((f, i) => { const r = f.bits && bitsRest(vals[i] as number, f); if (r) o[f.bitsRest!.key] = r; });
    return o;
  });
}

/** The canonical JSON of a struct: `inaddr` shown by its family, as the decoder does. */
function finalize(st: StructDecl, o: Json, outer?: Json): Json {
  const out: Json = {};
  const scope = outer ? { ...outer, ...o } : o;
  const conv = (f: FieldDecl, v: unknown): unknown => {
    if (typeof f.kind === 'object') return finalize(f.kind, v as Json, scope);
    if (v instanceof Inaddr) {
      const fam = f.family ? (o[f.family] ?? outer?.[f.family]) : undefined;
      if ((fam === 'AF_INET' || fam === 2) && allZero(v.b, 4, 16)) return formatIp4(v.b, 0);
      if (fam === 'AF_INET6' || fam === 10) return formatIp6(v.b, 0);
      return toHex(v.b);
    }
    return v;
  };
  for (const f of st.fields) {
    if (f.bits) {
      for (const m of f.bits) out[m.name] = o[m.name];
      continue;
    }
    const v = o[f.name];
    out[f.name] = Array.isArray(v) && (f.count !== undefined || f.rest) ? v.map((x) => conv(f, x)) : conv(f, v);
  }
  for (const f of st.fields) if (f.bitsRest && o[f.bitsRest.key] !== undefined) out[f.bitsRest.key] = o[f.bitsRest.key];
  return out;
}

/** A struct in JSON form; `rest` lets a flexible array member hold items. */
export function structArb(st: StructDecl, opts: { rest?: boolean } = {}): Arbitrary<Json> {
  return structRaw(st, opts.rest ?? false).map((o) => finalize(st, o));
}

// ---------------------------------------------------------------- attributes

function childCtx(ctx: SelectCtx, siblings: Json): SelectCtx {
  return { siblings, parent: ctx, body: ctx.body, direction: ctx.direction };
}

/** The attributes of one set (JSON object, wire order: deciding attributes first). */
export function setArb(set: AttrSet, parent: SelectCtx | undefined, initial: Json, top: { body: Json; direction: Direction }, depth: number, o: Opts): Arbitrary<Json> {
  const decls = [...set.byType.values()];
  const dec = deciders();
  const first = decls.filter((d) => dec.has(d.name) && d.value.kind !== 'select');
  const rest = decls.filter((d) => !first.includes(d));
  const expected = Math.max(1, o.attrsPerSet - depth * 1.5);
  const p = Math.min(0.6, expected / Math.max(1, rest.length));
  const ctx0: SelectCtx = { siblings: { ...initial }, parent, body: top.body, direction: top.direction };
  const firstArb = fc.tuple(...first.map((d) => maybe(attrArb(d, ctx0, set, depth, o), 0.75)));
  return firstArb.chain((fv) => {
    const got: Json = {};
    first.forEach((d, i) => { if (fv[i] !== undefined) got[d.name] = fv[i]; });
    const ctx: SelectCtx = { siblings: { ...initial, ...got }, parent, body: top.body, direction: top.direction };
    const plain = rest.filter((d) => d.value.kind !== 'select');
    const selects = rest.filter((d) => d.value.kind === 'select');
    return fc.tuple(...plain.map((d) => maybe(attrArb(d, ctx, set, depth, o), p))).chain((pv) => {
      // Values chosen by context see every other sibling, as the decoder (which defers them) and the encoder do.
      const all: Json = { ...initial, ...got };
      plain.forEach((d, i) => { if (pv[i] !== undefined) all[d.name] = pv[i]; });
      const full: SelectCtx = { siblings: all, parent, body: top.body, direction: top.direction };
      return fc.tuple(...selects.map((d) => maybe(attrArb(d, full, set, depth, o), p))).map((sv) => {
        const out: Json = { ...got };
        for (const d of rest) {
          const i = plain.indexOf(d);
          const v = i >= 0 ? pv[i] : sv[selects.indexOf(d)];
          if (v !== undefined) out[d.name] = v;
        }
        return out;
      });
    });
  });
}

function attrArb(d: AttrDecl, ctx: SelectCtx, set: AttrSet, depth: number, o: Opts): Arbitrary<unknown> {
  const one = valueArb(d.value, d.name, ctx, set, depth, o);
  return d.multi ? fc.array(one, { minLength: 1, maxLength: o.maxItems }) : one;
}

/** A value of kind `v` for attribute `name` of `set`, in the context of its siblings. */
export function valueArb(v: AttrValue, name: string, ctx: SelectCtx, set: AttrSet | undefined, depth: number, o: Opts): Arbitrary<unknown> {
  const deeper = depth + 1 <= o.maxDepth;
  switch (v.kind) {
    case 'int': return intArb(v.int, v.enum, v.flags);
    case 'scalar': return scalarArb(v.scalar, name, set, ctx);
    case 'nest': return deeper ? lazy(() => setArb(v.set(), ctx, {}, ctx as never, depth + 1, o)) : fc.constant({});
    case 'struct': return structArb(v.struct, { rest: true });
    case 'structs': return fc.array(structArb(v.struct), { maxLength: o.maxItems });
    case 'records': return fc.array(recordArb(v, ctx, depth, o), { maxLength: deeper ? o.maxItems : 1 });
    case 'array': return fc.array(lazy(() => valueArb(v.item, name, ctx, undefined, depth + 1, o)), { maxLength: deeper ? o.maxItems : 0 });
    case 'select': {
      // chosen exactly as the decoder and encoder choose (resolveSelect checks what the selector gives)
      const r = resolveSelect(v, ctx);
      return r ? valueArb(r, name, ctx, set, depth, o) : hexArb(0, 16);
    }
    default: {
      const k = v as { kind: string; struct?: StructDecl; set?: () => AttrSet };
      if (k.kind === 'prefixed' && k.struct && k.set) {
        const st = k.struct, s = k.set;
        return structArb(st).chain((fields) => deeper
          ? setArb(s(), ctx, fields, ctx as never, depth + 1, o).map((a) => ({ ...fields, ...a }))
          : fc.constant(fields));
      }
      return hexArb(0, 16);
    }
  }
}

/** RTA_MULTIPATH-style records: the struct, its attributes, the length field counting both. */
function recordArb(v: Extract<AttrValue, { kind: 'records' }>, ctx: SelectCtx, depth: number, o: Opts): Arbitrary<Json> {
  const deeper = depth + 1 <= o.maxDepth;
  return structArb(v.struct).chain((fields) => (deeper ? setArb(v.set(), ctx, fields, ctx as never, depth + 1, o) : fc.constant({}))
    .map((attrs) => {
      const rec: Json = { ...fields, ...attrs };
      const w = new Writer(256);
      encodeStruct(v.struct, rec, w, v.struct.size, '');
      w.align4();
      encodeAttrs(v.set(), rec, w, '', childCtx(ctx, rec), new Set(v.struct.fields.map((f) => f.name)));
      return { ...rec, [v.lenField]: w.pos };
    }));
}

// ---------------------------------------------------------------- bodies

const probeCache = new WeakMap<BodySelector, Map<Direction, Map<StructDecl, Array<[number, number]>>>>();

/** Every layout a body selector gives for some first two bytes, with those bytes (as the encoder probes). */
function bodyChoices(sel: BodySelector, direction: Direction): Map<StructDecl, Array<[number, number]>> {
  let byDir = probeCache.get(sel);
  if (!byDir) probeCache.set(sel, byDir = new Map());
  let m = byDir.get(direction);
  if (m) return m;
  m = new Map();
  const probe = new Uint8Array(256);
  for (let a = 0; a < 256; a++) {
    for (let b = 0; b < 256; b++) {
      probe[0] = a; probe[1] = b;
      const st = sel({ direction, bytes: probe, offset: 0, length: probe.length });
      if (!st) continue;
      let l = m.get(st);
      if (!l) m.set(st, l = []);
      l.push([a, b]);
    }
  }
  byDir.set(direction, m);
  return m;
}

/** Sets the fields covering bytes 0 and 1 so the body selector picks this layout again. */
function patchFirstBytes(st: StructDecl, o: Json, [b0, b1]: [number, number]): Json {
  const out = { ...o };
  let off = 0;
  for (const f of st.fields) {
    if (off >= 2) break;
    if (typeof f.kind === 'string' && f.kind in INT_SIZE && f.count === undefined) {
      const size = INT_SIZE[f.kind as IntKind];
      let v: number | undefined;
      if (size === 1) v = off === 0 ? b0 : b1;
      else if (size >= 2 && off === 0) {
        const le = f.kind.startsWith('be') || f.kind === 'sbe32' ? (b0 << 8) | b1 : b0 | (b1 << 8);
        if (size === 2) v = le;
        else { // keep the upper bytes of the generated value
          const cur = o[f.name];
          const n = typeof cur === 'number' ? cur : 0;
          v = f.kind.startsWith('be') || f.kind === 'sbe32' ? n : (Math.floor(n / 0x10000) * 0x10000 + le);
        }
      }
      if (v !== undefined) {
        if (f.kind.startsWith('s') && size === 1 && v > 0x7f) v -= 0x100;
        if (f.bits) {
          bitsIntoJson(v, f, out);
          if (f.bitsRest) { delete out[f.bitsRest.key]; const r = bitsRest(v, f); if (r) out[f.bitsRest.key] = r; }
        } else out[f.name] = intToJson(v, f.enum, f.flags);
      }
    }
    off += f.size * (f.count ?? 1);
  }
  return out;
}

function bodyArb(decl: MessageDecl, direction: Direction): Arbitrary<Json | undefined> {
  const b = decl.body;
  if (!b) return fc.constant(undefined);
  if (typeof b !== 'function') return structRaw(b, false).map((o) => finalize(b, o));
  const choices = [...bodyChoices(b, direction)];
  if (!choices.length) return fc.constant(undefined);
  return fc.oneof(...choices.map(([st, pairs]) =>
    fc.tuple(structRaw(st, false), fc.constantFrom(...pairs)).map(([o, pair]) => patchFirstBytes(st, o, pair))
      // the layout may depend on more than the first bytes (a length field): follow the selector
      .map((o) => ({ o, next: reselect(b, direction, st, finalize(st, o)) }))
      .filter(({ next }) => next !== undefined && next.size <= 2048)
      .chain(({ o, next }) => next === st ? fc.constant(finalize(st, o))
        : structRaw(next!, false).map((o2) => finalize(next!, { ...o2, ...o })))));
}

/** The layout the selector picks for these fields followed by room (as in a whole message). */
function reselect(sel: BodySelector, direction: Direction, st: StructDecl, fields: Json): StructDecl | undefined {
  const w = new Writer(256);
  encodeStruct(st, fields, w, st.size, st.name);
  const bytes = new Uint8Array(w.pos + 0x10000);
  bytes.set(w.finish());
  return sel({ direction, bytes, offset: 0, length: bytes.length });
}

// ---------------------------------------------------------------- messages

export function resolveProtocol(p: number | string | ProtocolDecl): ProtocolDecl {
  if (typeof p === 'object') return p;
  const id = protocolId(p);
  const proto = id === undefined ? undefined : protocolById(id);
  if (!proto) throw new Error(`no declared protocol ${JSON.stringify(p)} (known: ${PROTOCOLS.filter((x) => !x.packet).map((x) => x.short).join(', ')})`);
  if (proto.packet) throw new Error(`${proto.short} packets are not netlink messages (no nlmsghdr); the fuzzing kit generates netlink messages`);
  return proto;
}

/** Message type names a family declares, then the control messages every family has. */
export function messageTypes(p: number | string | ProtocolDecl, control = true): string[] {
  const proto = resolveProtocol(p);
  // a protocol may declare a control type itself (the connector's NLMSG_DONE carries a cn_msg)
  const controls = control ? ['NLMSG_ERROR', 'NLMSG_DONE'].filter((n) => !proto.byName.has(n)) : [];
  return [...[...proto.messages.values()].map((m) => m.name), ...controls];
}

function nlmFlagsArb(type: number, decl: MessageDecl | undefined, direction: Direction, extra = 0): Arbitrary<string[]> {
  const names = flagSet(type, decl);
  const masks = [...new Set(names.bits.map(([m]) => m))];
  return fc.oneof(
    { weight: 5, arbitrary: fc.subarray(masks).map((ms) => ms.reduce((a, m) => a | m, 0)) },
    { weight: 1, arbitrary: fc.integer({ min: 0, max: 0xffff }) },
    // NLM_F_REQUEST exactly on what user space sends (the kernel never sets it; dissectors read it as the direction)
  ).map((v) => flagNames(((v & ~1) | extra | (direction === 'to-kernel' ? 1 : 0)) & 0xffff, names));
}

const seqArb = fc.oneof(fc.integer({ min: 0, max: 0xffff }), u32);

/** Sets header.len (and nothing else) from the encoded size. */
function withLen(m: Json, protocol: number, direction: Direction): Json {
  const len = encodeMessage(m, { protocol, direction }).length;
  return { ...m, header: { ...(m.header as Json), len } };
}

function envelope(proto: ProtocolDecl, direction: Direction): Json {
  return { direction, protocol: protocolName(proto.id) };
}

function declaredMessageArb(proto: ProtocolDecl, decl: MessageDecl, direction: Direction, o: Opts): Arbitrary<Json> {
  // nlmsg_pid 0 on requests (the kernel ignores it; Wireshark tells requests by it), a port id on replies
  const pidArb = direction === 'to-kernel' ? fc.constant(0) : u32;
  return fc.tuple(nlmFlagsArb(decl.type, decl, direction), seqArb, pidArb, bodyArb(decl, direction)).chain(([flags, seq, pid, body]) => {
    const fields = body ?? {};
    const sel: SelectCtx = { siblings: fields, body: fields, direction };
    let set: AttrSet | undefined;
    try { set = typeof decl.attrs === 'function' ? decl.attrs(sel) : decl.attrs; } catch { set = undefined; }
    const attrs = decl.text !== undefined ? textPayloadArb(decl.text)
      : set ? setArb(set, undefined, fields, { body: fields, direction }, 0, o) : fc.constant({});
    return attrs.map((a) => withLen({
      ...envelope(proto, direction),
      header: { len: 0, type: decl.name, flags, seq, pid },
      ...fields, ...a,
    }, proto.id, direction));
  });
}

/** A text payload (audit records) as the decoder gives it: absent when empty, then the NUL bytes
 *  after it when there are any. */
function textPayloadArb(key: string): Arbitrary<Json> {
  return fc.tuple(maybe(textArb.filter((t) => t !== ''), 0.9), fc.integer({ min: 0, max: 2 }))
    .map(([text, nul]) => (text === undefined ? {} : nul ? { [key]: text, [`${key}@`]: { nul } } : { [key]: text }));
}

const NLMSG_ERROR = 2;
const NLMSG_DONE = 3;
const ACK_TLVS = 0x200;

/** Extended-ack attributes (possibly none). */
function extAckArb(o: Opts): Arbitrary<Json> {
  return maybe(setArb(NLMSGERR_ATTR, undefined, {}, { body: {}, direction: 'to-user' }, 1, o), 0.5).map((a) => a ?? {});
}

const errnoArb = fc.oneof(
  { weight: 2, arbitrary: fc.constant(0) },
  { weight: 4, arbitrary: fc.constantFrom(...[...ERRNO.byValue.keys()]).map((n) => -n) },
  { weight: 1, arbitrary: fc.integer({ min: -0x7fffffff, max: 0 }) },
);

function strip(m: Json): Json {
  const { direction: _d, protocol: _p, ...rest } = m;
  return rest;
}

/** NLMSG_ERROR: error code, the echoed request (whole, or its header with NLM_F_CAPPED), extended ack. */
function errorArb(proto: ProtocolDecl, o: Opts): Arbitrary<Json> {
  const decls = [...proto.messages.values()];
  const small: Opts = { ...o, maxDepth: Math.min(o.maxDepth, 2) };
  const request = fc.constantFrom(...decls).chain((d) => declaredMessageArb(proto, d, 'to-kernel', small));
  return fc.tuple(errnoArb, fc.boolean(), request, extAckArb(o), nlmFlagsArb(NLMSG_ERROR, undefined, 'to-user'), seqArb, u32)
    .map(([error, capped, req, ack, flags0, seq, pid]) => {
      let bits = 0;
      for (const n of flags0) bits |= NLM_F_ACK_FLAGS.byName.get(n) ?? (n.startsWith('0x') ? parseInt(n, 16) : 0);
      bits &= ~(NLM_F_CAPPED | ACK_TLVS);
      if (capped) bits |= NLM_F_CAPPED;
      if (Object.keys(ack).length) bits |= ACK_TLVS;
      const echo = capped ? { header: (req.header as Json) } : strip(req);
      const m: Json = {
        ...envelope(proto, 'to-user'),
        header: { len: 0, type: 'NLMSG_ERROR', flags: flagNames(bits, NLM_F_ACK_FLAGS), seq, pid },
        error,
        ...(error < 0 ? { error_name: ERRNO.byValue.get(-error) ?? `errno ${-error}` } : {}),
        msg: echo,
        ...ack,
      };
      return withLen(m, proto.id, 'to-user');
    });
}

/** NLMSG_DONE: the dump's final error (mostly 0), then extended-ack attributes. */
function doneArb(proto: ProtocolDecl, o: Opts, multi = false): Arbitrary<Json> {
  return fc.tuple(fc.oneof({ weight: 4, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: errnoArb }), extAckArb(o),
    nlmFlagsArb(NLMSG_DONE, proto.messages.get(NLMSG_DONE), 'to-user', multi ? 2 : 0), seqArb, u32)
    .map(([error, ack, flags, seq, pid]) => withLen({
      ...envelope(proto, 'to-user'),
      header: { len: 0, type: 'NLMSG_DONE', flags, seq, pid },
      error, ...ack,
    }, proto.id, 'to-user'));
}

/**
 * A valid message of `protocol` in nlscope's JSON form (with `direction` and `protocol` as the
 * decoder's jsonl has them). `type`: a declared name or number, NLMSG_ERROR, NLMSG_DONE; any when omitted.
 */
export function messageArb(protocol: number | string | ProtocolDecl, type?: string | number, opts: GenOptions = {}): Arbitrary<Json> {
  const proto = resolveProtocol(protocol);
  const o = defaults(opts);
  if (type === undefined) {
    const types = messageTypes(proto, opts.direction !== 'to-kernel');
    return fc.oneof(...types.map((t) => lazy(() => messageArb(proto, t, opts))));
  }
  if (type === 'NLMSG_ERROR' || type === NLMSG_ERROR) return errorArb(proto, o);
  if ((type === 'NLMSG_DONE' || type === NLMSG_DONE) && !proto.messages.has(NLMSG_DONE)) return doneArb(proto, o);
  const decl = typeof type === 'number' ? proto.messages.get(type) : proto.byName.get(type);
  if (!decl) throw new Error(`${proto.name} declares no message ${type}`);
  const dir = opts.direction ? fc.constant(opts.direction) : fc.constantFrom<Direction>('to-kernel', 'to-user');
  return dir.chain((d) => declaredMessageArb(proto, decl, d, o));
}

/** Several messages in one packet (one direction). */
export function packetArb(protocol: number | string | ProtocolDecl, opts: GenOptions & { types?: Array<string | number>; minMessages?: number; maxMessages?: number } = {}): Arbitrary<GenPacket> {
  const proto = resolveProtocol(protocol);
  const dir = opts.direction ? fc.constant(opts.direction) : fc.constantFrom<Direction>('to-kernel', 'to-user');
  return dir.chain((direction) => {
    const types = (opts.types ?? messageTypes(proto, direction === 'to-user'))
      .filter((t) => direction === 'to-user' || (t !== 'NLMSG_ERROR' && t !== 'NLMSG_DONE' && t !== NLMSG_ERROR && t !== NLMSG_DONE));
    const one = fc.oneof(...types.map((t) => lazy(() => messageArb(proto, t, { ...opts, direction }))));
    return fc.array(one, { minLength: opts.minMessages ?? 1, maxLength: opts.maxMessages ?? 4 })
      .map((messages) => ({ protocol: proto.id, direction, messages }));
  });
}

function setHeader(m: Json, patch: Json): Json {
  return { ...m, header: { ...(m.header as Json), ...patch } };
}

/** The reply type of a GET: the 'new' message of the same layout declared nearest below it (or itself). */
export function replyType(proto: ProtocolDecl, get: MessageDecl): MessageDecl {
  const cands = [...proto.messages.values()].filter((m) => m.op === 'new' && m.body === get.body && m.attrs === get.attrs && m.type < get.type);
  return cands.sort((a, b) => b.type - a.type)[0] ?? get;
}

/** A dump: the request (NLM_F_REQUEST|NLM_F_DUMP), NLM_F_MULTI parts in packets, NLMSG_DONE. */
export function dumpArb(protocol: number | string | ProtocolDecl, type?: string | number, opts: GenOptions = {}): Arbitrary<GenPacket[]> {
  const proto = resolveProtocol(protocol);
  const gets = [...proto.messages.values()].filter((m) => m.op === 'get');
  const chosen = type === undefined ? fc.constantFrom(...gets)
    : fc.constant((typeof type === 'number' ? proto.messages.get(type) : proto.byName.get(type)) ?? gets[0]);
  return chosen.chain((get) => {
    const reply = replyType(proto, get);
    const getFlags = flagSet(get.type, get);
    const multiFlags = flagSet(reply.type, reply);
    return fc.tuple(
      messageArb(proto, get.name, { ...opts, direction: 'to-kernel' }),
      fc.array(fc.array(messageArb(proto, reply.name, { ...opts, direction: 'to-user' }), { minLength: 1, maxLength: 3 }), { maxLength: 3 }),
      doneArb(proto, defaults(opts), true),
      seqArb, u32, fc.boolean(),
    ).map(([req, parts, done, seq, pid, ack]) => {
      const request = setHeader(req, { flags: flagNames(0x1 | 0x300 | (ack ? 0x4 : 0), getFlags), seq, pid: 0 });
      const packets: GenPacket[] = [{ protocol: proto.id, direction: 'to-kernel', messages: [request] }];
      for (const part of parts) {
        packets.push({
          protocol: proto.id, direction: 'to-user',
          messages: part.map((m) => setHeader(m, { flags: flagNames(0x2, multiFlags), seq, pid })),
        });
      }
      packets.push({ protocol: proto.id, direction: 'to-user', messages: [setHeader(done, { flags: flagNames(0x2, flagSet(NLMSG_DONE, undefined)), seq, pid })] });
      return packets;
    });
  });
}

/** The bytes of a generated packet. */
export function encodeGen(p: GenPacket): Uint8Array {
  return encodePacket(p.messages, { protocol: p.protocol, direction: p.direction });
}

/** Valid bytes of a protocol (packets of generated messages), for the hostile mutators and harnesses. */
export function validBytesArb(protocol: number | string | ProtocolDecl, opts: GenOptions & { types?: Array<string | number>; minMessages?: number; maxMessages?: number } = {}): Arbitrary<{ bytes: Uint8Array; protocol: number; direction: Direction }> {
  return packetArb(protocol, opts).map((p) => ({ bytes: encodeGen(p), protocol: p.protocol, direction: p.direction }));
}

export { resolveProtocol as protocolOf };
