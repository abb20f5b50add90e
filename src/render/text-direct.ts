// The text tree of `nlscope decode`, written straight from a packet's bytes: each message's
// lines as its header, fixed part and attributes are walked, with no objects in between.
//
// Decoding a message into objects and then walking those objects for their lines cost a route
// dump most of its time (an RTM_NEWLINK has 150-300 lines). This writer walks the bytes as the
// generated walkers do (codec/attrs-compiled.ts) and writes each line as renderFrameInto
// (text.ts) writes it from the decoded object, with the same key pieces and value writers.
//
// It writes directly the common case only: a declared attribute, first of its name, with its
// usual flags, size and zero padding; integers, strings, addresses, flags, whole structs (from
// their bytes, as struct views), nests (walked the same way) and selectors' choices. Any other
// value (arrays, records, a struct of another size ...) is decoded on its own by the decoder's
// own code and rendered as renderValue renders it. Anything that would give the decoded object
// more than its values (a problem, `NAME@` details, a repeat, an unknown attribute, `@pad`) makes
// the writer give up: it rewinds the output to the start of the message, and the message is
// decoded into its object and rendered from it, as without this writer. The test renders every
// capture, and mutations of them, both ways and compares the text.
//
// Selectors (IFLA_INFO_DATA by IFLA_INFO_KIND, IFLA_AF_SPEC by ifi_family) read the siblings and
// the message body the decoder would have built by then. Here those are proxies that decode the
// one attribute or field asked for from the bytes, and see what the decoder's objects would
// hold at that point: the fields, and the attributes before the one being decoded (all of the
// set for a selector's choice, which the decoder makes once the whole set is known).
import type { CapturedPacket } from '../capture/types.js';
import type { Session } from '../codec/session.js';
import type { AttrDecl, AttrSet, AttrValue, Direction, IntKind, ProtocolDecl, SelectCtx, StructDecl } from '../codec/schema.js';
import { INT_SIZE, NLA_F_NET_BYTEORDER, NLA_TYPE_MASK } from '../codec/schema.js';
import { checkedSet, decodeValueAt, hasMeta, resolveSelect, type AttrMeta } from '../codec/attrs.js';
import { chosenStruct, decodePacketSlice, flagSet, messageDecl, NLMSG_HDRLEN, NLMSG_MIN_TYPE, typeName, type DecodeOptions } from '../codec/message.js';
import { compiledOf, type Compiled, type Json } from '../codec/struct.js';
import { decodeCtx, type DecodeCtx, type Problem } from '../codec/context.js';
import { flagNames, intToJson, netOrder, readInt } from '../codec/ints.js';
import { allZero, decodeUtf8, formatIp4, formatIp6, formatMac, toHex } from '../wire/bytes.js';
import { align4 } from '../wire/writer.js';
import type { TextSink } from '../wire/text-sink.js';
import { codecsOf, protocolName } from '../../codecs/registry.js';
import { envelopeOf } from '../stream/messages.js';
import {
  frameLineInto, isLeaf, keyEntry, leafLine, messagesInto, NO_PARENT, P_COLON, P_FLAGS, P_LEN, P_MESSAGE, P_PID, P_SEQ,
  renderValue, scalarInto, SKIP, SPECIAL_KEYS, structInto, type KeyEntry,
} from './text.js';

const NL = 10;
/** the top level of a message's attributes is at this depth of the text tree */
const TOP_DEPTH = 2;
/** sets nested deeper are left to the decoder (which keeps the bytes past 64 levels) */
const MAX_LEVEL = 48;

/** Whether a packet's messages can be written from their bytes: a netlink packet read whole, of
 *  a protocol whose decode depends on nothing but the bytes (no learning, no unframed records). */
export function directPacket(p: CapturedPacket): boolean {
  if (p.protocol < 0 || p.problems.length > 0 || p.data.length === 0 || (p.direction !== 'to-user' && p.direction !== 'to-kernel')) return false;
  let proto: ProtocolDecl | undefined;
  try { proto = codecsOf(p.protocol); } catch { return false; }
  return proto !== undefined && !proto.packet && !proto.learn && !proto.lenWithoutHeader && !proto.resolve;
}

/**
 * Writes a packet's frame line and messages into `out`, as renderFrameInto writes its decoded
 * frame (directPacket must have said yes). Returns how many of its messages have problems
 * (those were decoded, and their problems written as the decoder's are). `counts` adds up how
 * many messages were written from their bytes and how many were decoded.
 */
export function writePacketText(out: TextSink, p: CapturedPacket, session: Session | undefined, counts?: DirectCounts): number {
  frameLineInto(out, p, protocolName(p.protocol));
  const proto = codecsOf(p.protocol)!;
  const data = p.data;
  const direction: Direction = p.direction === 'to-user' ? 'to-user' : 'to-kernel';
  const w = new Walk(out, data, direction, session);
  let opts: DecodeOptions | undefined;
  let withProblems = 0;
  for (let pos = 0, index = 0; pos < data.length; index++) {
    const start = out.pos;
    w.bail = false;
    let next: number;
    try { next = writeMessage(w, proto, pos, data.length, index); } catch { next = -1; } // a codec's bug: the decoder says so
    if (next < 0) {
      out.pos = start;
      opts ??= { protocol: p.protocol, direction, envelope: envelopeOf(p), session, views: true };
      const r = decodePacketSlice(data, opts, pos, index, 1);
      messagesInto(out, r.messages);
      for (const m of r.messages) if (m.problems) withProblems++;
      next = r.next;
      if (counts) counts.decoded++;
    } else if (counts) counts.direct++;
    pos = next;
  }
  return withProblems;
}

export interface DirectCounts { direct: number; decoded: number }

/** What the writer of one packet keeps: where it is in the bytes, per level of nesting. */
class Walk {
  readonly dv: DataView;
  /** for the values decoded on their own; problems they report make the writer give up */
  readonly ctx: DecodeCtx;
  readonly problems: Problem[] = [];
  /** a proxy could not answer a selector as the decoder's objects would: give up */
  bail = false;
  // the message: its fixed part's layout and offset, its fields decoded when a selector asks
  body: Compiled | undefined;
  bodyOff = 0;
  bodyObj: Json | undefined;
  bodyProxy: Json | undefined;
  // per level of attribute sets (0: the message's own), the set and its bytes, and `limits`:
  // selectors see the attributes that start before it
  readonly sets: Array<AttrSet | undefined> = [];
  readonly offs: number[] = [];
  readonly ends: number[] = [];
  readonly limits: number[] = [];

  constructor(readonly out: TextSink, readonly b: Uint8Array, readonly direction: Direction, readonly session: Session | undefined) {
    this.dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
    this.ctx = decodeCtx(b, this.dv, this.problems, direction, undefined, session, true);
  }
}

/** Writes the message at `pos`; returns where the next starts, or -1 when the decoder must. */
function writeMessage(w: Walk, proto: ProtocolDecl, pos: number, end: number, index: number): number {
  const { b, dv, out } = w;
  if (end - pos < NLMSG_HDRLEN) return -1;
  const len = dv.getUint32(pos, true);
  const type = dv.getUint16(pos + 4, true);
  if (type < NLMSG_MIN_TYPE || len < NLMSG_HDRLEN || len > end - pos) return -1;
  const decl = messageDecl(proto, type, w.session);
  if (!decl || decl.text !== undefined) return -1;
  // `  Netlink message 0: RTM_NEWLINK  len=1184 flags=NLM_F_MULTI seq=1 pid=4242`
  out.piece(P_MESSAGE); out.num(index);
  out.piece(P_COLON); scalarInto(out, typeName(decl) ?? type);
  out.piece(P_LEN); out.num(len);
  out.piece(P_FLAGS);
  const flags = flagNames(dv.getUint16(pos + 6, true), flagSet(type, decl));
  if (flags.length === 0) out.byte(48);
  for (let i = 0; i < flags.length; i++) { if (i) out.byte(124); out.text(flags[i]!); }
  out.piece(P_SEQ); out.num(dv.getUint32(pos + 8, true));
  out.piece(P_PID); out.num(dv.getUint32(pos + 12, true));
  out.byte(NL);

  const s = pos + NLMSG_HDRLEN, e = pos + len;
  const st: StructDecl | undefined = typeof decl.body === 'function' ? chosenStruct(decl.body, w.ctx, s, e) : decl.body;
  w.body = undefined; w.bodyObj = undefined; w.bodyProxy = undefined; w.bodyOff = s;
  let a = s;
  if (st) {
    // the whole struct and its usual zero padding (else decodeStruct keeps `@len` or `@tail`)
    const c = compiledOf(st);
    const defaultLen = align4(st.size);
    if (!c || e - s < defaultLen || defaultLen < c.size || !allZero(b, s + c.size, s + defaultLen) || !topFieldsPlain(c)) return -1;
    structInto(out, c, b, dv, s, TOP_DEPTH);
    w.body = c;
    a = s + defaultLen;
  }
  // a set chosen by the fields (sock_diag by family) sees no attribute yet
  w.sets[0] = undefined; w.offs[0] = w.ends[0] = w.limits[0] = a;
  let set: AttrSet | undefined;
  if (typeof decl.attrs === 'function') {
    set = checkedSet(decl.attrs, selAt(w, 0));
    if (w.bail) return -1;
  } else set = decl.attrs;
  if (a < e) {
    if (!set || !topNamesPlain(set, w.body) || !writeSet(w, set, a, e, TOP_DEPTH, 0)) return -1;
  }
  // padding to the next message: what decodeMessage takes for padding, else it keeps `@pad`
  let next = Math.min(pos + align4(len), end);
  if (allZero(b, e, end)) next = end;
  const padDefault = next === end ? 0 : align4(len) - len;
  if (next - e !== padDefault || !allZero(b, e, next)) return -1;
  return next;
}

// ---------------------------------------------------------------- attribute sets

/** A declared attribute's plan at a depth: its line's key pieces, the flag bits it usually has. */
interface Entry { readonly decl: AttrDecl; readonly kb: KeyEntry; readonly rawType: number }

// How writeSet writes a type's value: integers of 32 bits or less with no names and the
// scalars inline; anything else through valueInto.
const OP_NONE = 0, OP_U8 = 1, OP_U16 = 2, OP_U32 = 3, OP_S8 = 4, OP_S16 = 5, OP_S32 = 6, OP_BE16 = 7, OP_BE32 = 8, OP_SBE32 = 9;
const OP_STRING = 10, OP_BINARY = 11, OP_FLAG = 12, OP_IP = 13, OP_IP4 = 14, OP_IP6 = 15, OP_MAC = 16, OP_UINT = 17, OP_SINT = 18;
const OP_OTHER = 19;
const INT_OPS: Partial<Record<IntKind, number>> = { u8: OP_U8, u16: OP_U16, u32: OP_U32, s8: OP_S8, s16: OP_S16, s32: OP_S32, be16: OP_BE16, be32: OP_BE32, sbe32: OP_SBE32 };
const SCALAR_OPS: Record<string, number> = { string: OP_STRING, binary: OP_BINARY, flag: OP_FLAG, ip: OP_IP, ip4: OP_IP4, ip6: OP_IP6, mac: OP_MAC, uint: OP_UINT, sint: OP_SINT };
/** value sizes of the integer ops */
const OP_SIZE = [0, 1, 2, 4, 1, 2, 4, 2, 4, 4];
/** sets with types past this are left to the decoder (their tables would be large) */
const MAX_TYPE = 4096;

/**
 * A set's plan at a depth, as tables indexed by nla_type (without its flag bits): one walker
 * reads them for every set. (A walker generated per set wrote as fast once compiled, but a
 * route dump meets some twenty sets, and compiling a function each took 1.2 s of the compiler
 * thread while the first megabytes ran interpreted.) `ok` false: the set's names would not be
 * plain keys of an object (repeated, special to the renderer, `NAME@`, array indices,
 * `__proto__`), or its types are too large: the decoder writes it.
 */
interface Plan {
  readonly ok: boolean;
  readonly names: ReadonlySet<string>;
  /** OP_* per type; OP_NONE for undeclared and `multi` ones */
  readonly op: Uint8Array;
  /** nla_type with the flag bits the declaration has */
  readonly raw: Uint16Array;
  /** the declaration's index in the set, for the bit that catches a repeat */
  readonly slot: Uint16Array;
  readonly entries: ReadonlyArray<Entry | undefined>;
}

const PLANS = new WeakMap<AttrSet, Plan[]>();
function planOf(set: AttrSet, depth: number): Plan {
  let byDepth = PLANS.get(set);
  if (!byDepth) PLANS.set(set, byDepth = []);
  let plan = byDepth[depth];
  if (!plan) {
    const names = new Set<string>();
    let ok = true, size = 0;
    for (const decl of set.byType.values()) {
      if (names.has(decl.name) || !plainKey(decl.name)) ok = false;
      names.add(decl.name);
      size = Math.max(size, (decl.type & NLA_TYPE_MASK) + 1);
    }
    if (size > MAX_TYPE) { ok = false; size = 0; }
    const op = new Uint8Array(size), raw = new Uint16Array(size), slot = new Uint16Array(size);
    const entries: Array<Entry | undefined> = [];
    let i = 0;
    for (const decl of set.byType.values()) {
      const t = decl.type & NLA_TYPE_MASK;
      if (t >= size || t !== decl.type || decl.multi) continue;
      const v = decl.value;
      op[t] = v.kind === 'int' && !v.enum && !v.flags && !(decl.flagBits! & NLA_F_NET_BYTEORDER) ? INT_OPS[v.int] ?? OP_OTHER
        : v.kind === 'scalar' ? SCALAR_OPS[v.scalar] ?? OP_OTHER : OP_OTHER;
      raw[t] = decl.type | (decl.flagBits ?? 0);
      slot[t] = i++;
      entries[t] = { decl, kb: keyEntry(depth, decl.name), rawType: raw[t]! };
    }
    byDepth[depth] = plan = { ok, names, op, raw, slot, entries };
  }
  return plan;
}

/** A key that renders as its own line wherever it is (renderObject's plain key). */
const plainKey = (k: string): boolean => k !== '__proto__' && !SPECIAL_KEYS.has(k) && !k.endsWith('@') && !/^(0|[1-9]\d*)$/.test(k);

/** A message's fields are lines of its own: none is an envelope key, special or odd. */
const FIELDS_PLAIN = new WeakMap<Compiled, boolean>();
function topFieldsPlain(c: Compiled): boolean {
  let ok = FIELDS_PLAIN.get(c);
  if (ok === undefined) FIELDS_PLAIN.set(c, ok = c.keys.every((k) => plainKey(k) && !SKIP.has(k)));
  return ok;
}

/** A message's attributes are keys of its own: none an envelope key or one of its fields. */
const NAMES_PLAIN = new WeakMap<AttrSet, WeakMap<Compiled, boolean> | boolean>();
const NO_BODY = {} as Compiled;
function topNamesPlain(set: AttrSet, body: Compiled | undefined): boolean {
  const c = body ?? NO_BODY;
  let byBody = NAMES_PLAIN.get(set) as WeakMap<Compiled, boolean> | undefined;
  if (!byBody) NAMES_PLAIN.set(set, byBody = new WeakMap());
  let ok = byBody.get(c);
  if (ok === undefined) {
    const plan = planOf(set, TOP_DEPTH);
    ok = plan.ok && ![...plan.names].some((n) => SKIP.has(n) || (body !== undefined && body.keys.includes(n)));
    byBody.set(c, ok);
  }
  return ok;
}

/** Writes the attributes of [off, end) at `depth`; false when the decoder must (nothing is
 *  undone here: the caller rewinds). */
function writeSet(w: Walk, set: AttrSet, off: number, end: number, depth: number, level: number): boolean {
  if (level >= MAX_LEVEL) return false;
  const plan = planOf(set, depth);
  if (!plan.ok) return false;
  const { b, dv, out } = w;
  const { op: ops, raw: raws, slot: slots, entries } = plan;
  const size = ops.length;
  w.sets[level] = set; w.offs[level] = off; w.ends[level] = end;
  // declarations met so far (a repeat gives the decoder's `NAME~2`): bits for the first 64, a set past
  let seenLo = 0, seenHi = 0;
  let seenMore: Set<number> | undefined;
  let pos = off;
  while (end - pos >= 4) {
    const len = dv.getUint16(pos, true);
    if (len < 4 || len > end - pos) return false;
    const next = pos + ((len + 3) & ~3);
    if (next > end) return false;
    for (let i = pos + len; i < next; i++) if (b[i] !== 0) return false;
    const raw = dv.getUint16(pos + 2, true);
    const type = raw & NLA_TYPE_MASK;
    const op = type < size ? ops[type]! : OP_NONE;
    if (op === OP_NONE || raws[type] !== raw) return false;
    const slot = slots[type]!;
    if (slot < 32) { if (seenLo & (1 << slot)) return false; seenLo |= 1 << slot; }
    else if (slot < 64) { if (seenHi & (1 << (slot - 32))) return false; seenHi |= 1 << (slot - 32); }
    else { if (seenMore?.has(slot)) return false; (seenMore ??= new Set()).add(slot); }
    const s = pos + 4, n = len - 4;
    const en = entries[type]!;
    if (op < OP_STRING) {
      if (n !== OP_SIZE[op]) return false;
      out.keyNum(en.kb.leaf, op === OP_U8 ? b[s]! : op === OP_U16 ? dv.getUint16(s, true) : op === OP_U32 ? dv.getUint32(s, true)
        : op === OP_S8 ? dv.getInt8(s) : op === OP_S16 ? dv.getInt16(s, true) : op === OP_S32 ? dv.getInt32(s, true)
          : op === OP_BE16 ? dv.getUint16(s, false) : op === OP_BE32 ? dv.getUint32(s, false) : dv.getInt32(s, false));
    } else if (op === OP_OTHER) {
      w.limits[level] = pos;
      if (!valueInto(w, en, en.decl.value, s, pos + len, raw & ~NLA_TYPE_MASK, depth, level)) return false;
    } else {
      let t: string | undefined;
      switch (op) {
        case OP_STRING: {
          // text and exactly one NUL (else the decoder keeps details)
          if (n === 0 || b[s + n - 1] !== 0) return false;
          let z = s;
          while (b[z] !== 0) z++;
          if (z === s + n - 1) t = decodeUtf8(b, s, z);
          break;
        }
        case OP_BINARY: t = toHex(b, s, s + n); break;
        case OP_FLAG: if (n === 0) t = 'true'; break;
        case OP_IP: t = n === 4 ? formatIp4(b, s) : n === 16 ? formatIp6(b, s) : undefined; break;
        case OP_IP4: if (n === 4) t = formatIp4(b, s); break;
        case OP_IP6: if (n === 16) t = formatIp6(b, s); break;
        case OP_MAC: t = formatMac(b, s, s + n); break;
        case OP_UINT: if (n === 4) { out.keyNum(en.kb.leaf, dv.getUint32(s, true)); pos = next; continue; } break;
        case OP_SINT: if (n === 4) { out.keyNum(en.kb.leaf, dv.getInt32(s, true)); pos = next; continue; } break;
      }
      if (t === undefined) return false;
      out.keyText(en.kb.leaf, t);
    }
    pos = next;
  }
  return pos === end;
}

/** The line(s) of one value of kind `v` at [s, e); false when the decoder must. */
function valueInto(w: Walk, en: Entry, v: AttrValue, s: number, e: number, fl: number, depth: number, level: number): boolean {
  const { out, b, dv } = w;
  const len = e - s;
  switch (v.kind) {
    case 'int': {
      if (len !== INT_SIZE[v.int]) return false;
      return leafInto(out, en.kb, intToJson(readInt(dv, s, fl & NLA_F_NET_BYTEORDER ? netOrder(v.int) : v.int), v.enum, v.flags));
    }
    case 'scalar':
      switch (v.scalar) {
        case 'string': {
          // text and exactly one NUL (else the decoder keeps details)
          if (len === 0 || b[e - 1] !== 0) return false;
          let n = s;
          while (b[n] !== 0) n++;
          const t = n === e - 1 ? decodeUtf8(b, s, n) : undefined;
          return t !== undefined && textLine(out, en.kb, t);
        }
        case 'binary': return textLine(out, en.kb, toHex(b, s, e));
        case 'flag': return len === 0 && textLine(out, en.kb, 'true');
        case 'ip': return len === 4 ? textLine(out, en.kb, formatIp4(b, s)) : len === 16 && textLine(out, en.kb, formatIp6(b, s));
        case 'ip4': return len === 4 && textLine(out, en.kb, formatIp4(b, s));
        case 'ip6': return len === 16 && textLine(out, en.kb, formatIp6(b, s));
        case 'mac': return textLine(out, en.kb, formatMac(b, s, e));
        case 'uint': return len === 4 && leafInto(out, en.kb, dv.getUint32(s, true));
        case 'sint': return len === 4 && leafInto(out, en.kb, dv.getInt32(s, true));
        default: return decodedInto(w, en, v, s, e, fl, depth, level);
      }
    case 'struct': {
      const c = compiledOf(v.struct);
      // the usual size: from its bytes, as the decoder's struct view renders
      if (c && c.size === v.struct.size && len === c.size) {
        out.piece(en.kb.head); out.byte(NL);
        structInto(out, c, b, dv, s, depth + 1);
        return true;
      }
      return decodedInto(w, en, v, s, e, fl, depth, level);
    }
    case 'nest': {
      let set: AttrSet;
      try { set = v.set(); } catch { return false; }
      const start = out.pos;
      out.piece(en.kb.head); out.byte(NL);
      if (writeSet(w, set, s, e, depth + 1, level + 1)) return true;
      // something in it the decoder must see: the nest decoded on its own
      out.pos = start;
      return decodedInto(w, en, v, s, e, fl, depth, level);
    }
    case 'select': {
      // the decoder chooses once the whole set is known
      w.limits[level] = w.ends[level]!;
      const r = resolveSelect(v, selAt(w, level));
      if (w.bail) return false;
      if (r === undefined) return textLine(out, en.kb, len === 0 ? '' : toHex(b, s, e));
      return valueInto(w, en, r, s, e, fl, depth, level);
    }
    default: return decodedInto(w, en, v, s, e, fl, depth, level);
  }
}

/** A value decoded on its own (at the nesting its set has) and rendered as renderValue does. */
function decodedInto(w: Walk, en: Entry, v: AttrValue, s: number, e: number, fl: number, depth: number, level: number): boolean {
  const meta: AttrMeta = {};
  const x = decodeValueAt(level + 1, v, w.ctx, s, e, fl, selAt(w, level), meta);
  if (w.bail || w.problems.length > 0 || hasMeta(meta)) { w.problems.length = 0; return false; }
  renderValue(w.out, en.decl.name, x, depth, NO_PARENT, false, en.kb);
  return true;
}

function textLine(out: TextSink, kb: KeyEntry, t: string): true {
  out.keyText(kb.leaf, t);
  return true;
}

function leafInto(out: TextSink, kb: KeyEntry, x: unknown): boolean {
  if (typeof x === 'number') { out.keyNum(kb.leaf, x); return true; }
  if (typeof x === 'string') return textLine(out, kb, x);
  if (!isLeaf(x)) return false;
  leafLine(out, kb.leaf, x, '');
  return true;
}

// ---------------------------------------------------------------- what selectors see

/** The SelectCtx the decoder would hand a value of the set at `level`. */
function selAt(w: Walk, level: number): SelectCtx {
  const body = w.bodyProxy ??= new Proxy({ w, level: 0 }, BODY) as unknown as Json;
  if (level === 0) return { siblings: body, body, direction: w.direction };
  return { siblings: new Proxy({ w, level }, SIBLINGS) as unknown as Json, parent: selAt(w, level - 1), body, direction: w.direction };
}

interface At { readonly w: Walk; readonly level: number }

/** The value of attribute `name` of the set at `level`, as its decoded object would hold it
 *  now; a value the proxy cannot give as the decoder would makes the writer give up. */
function attrValue(w: Walk, level: number, name: string, only: 'has' | 'get'): unknown {
  const set = w.sets[level];
  const decl = set?.byName.get(name);
  if (!decl) return undefined;
  if (decl.multi || (decl.value.kind !== 'int' && decl.value.kind !== 'scalar')) { w.bail = true; return undefined; }
  const { dv } = w;
  const limit = w.limits[level]!, end = w.ends[level]!;
  for (let p = w.offs[level]!; p < limit && end - p >= 4;) {
    const len = dv.getUint16(p, true);
    if (len < 4 || len > end - p) break;
    const raw = dv.getUint16(p + 2, true);
    if ((raw & NLA_TYPE_MASK) === decl.type) {
      if (only === 'has') return true;
      const x = decodeValueAt(level + 1, decl.value, w.ctx, p + 4, p + len, raw & ~NLA_TYPE_MASK, selAt(w, level), {});
      if (w.problems.length > 0) { w.problems.length = 0; w.bail = true; return undefined; }
      return x;
    }
    p += (len + 3) & ~3;
  }
  return undefined;
}

const refuse = (t: At): never => { t.w.bail = true; throw new Error('not answerable from the bytes'); };

const SIBLINGS: ProxyHandler<At> = {
  get: (t, k) => (typeof k === 'string' ? attrValue(t.w, t.level, k, 'get') : refuse(t)),
  has: (t, k) => typeof k === 'string' && attrValue(t.w, t.level, k, 'has') !== undefined,
  ownKeys: refuse, getOwnPropertyDescriptor: refuse, set: refuse, defineProperty: refuse, deleteProperty: refuse,
  getPrototypeOf: () => Object.prototype,
};

/** The message's object: its envelope, header, fields, and the attributes visible at level 0. */
const BODY: ProxyHandler<At> = {
  get: (t, k) => {
    if (typeof k !== 'string' || SKIP.has(k)) return refuse(t);
    const w = t.w;
    if (w.body?.keys.includes(k)) return (w.bodyObj ??= w.body.decode(w.b, w.dv, w.bodyOff, undefined))[k];
    return attrValue(w, 0, k, 'get');
  },
  has: (t, k) => {
    if (typeof k !== 'string') return refuse(t);
    const w = t.w;
    // (the envelope and header are there; `problems` and `origlen` depend)
    if (SKIP.has(k)) return k === 'problems' || k === 'origlen' ? refuse(t) : true;
    if (w.body?.keys.includes(k)) return k in (w.bodyObj ??= w.body.decode(w.b, w.dv, w.bodyOff, undefined));
    return attrValue(w, 0, k, 'has') !== undefined;
  },
  ownKeys: refuse, getOwnPropertyDescriptor: refuse, set: refuse, defineProperty: refuse, deleteProperty: refuse,
  getPrototypeOf: () => Object.prototype,
};
