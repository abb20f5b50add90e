// `nlscope decode` written straight from a packet's bytes, as text (the tree) or JSON: each
// message's lines or JSON as its header, fixed part and attributes are walked, with no objects in
// between.
//
// Decoding a message into objects and then walking those objects for their text cost a route
// dump most of its time (an RTM_NEWLINK has 150-300 lines). This writer walks the bytes as the
// generated walkers do (codec/attrs-compiled.ts) and writes what renderFrameInto (text.ts) and
// writeJson (json.ts) write from the decoded object, with the same key pieces and value writers.
//
// It writes directly the common case only: a declared attribute, first of its name, with its
// usual flags, size and zero padding; integers, strings, addresses, flags, whole structs (from
// their bytes, as struct views), nests (walked the same way) and selectors' choices. Of
// netlink's own messages, NLMSG_DONE and NLMSG_ERROR (with the request it answers) are written
// so too. Any other value (arrays, records, a struct of another size ...) is decoded on its own
// by the decoder's own code and written from that. Anything that would give the decoded object
// more than its values (a problem, `NAME@` details, a repeat, an unknown attribute, padding that
// is not zero, extended-ack attributes) makes the writer give up: it rewinds the output to the
// start of the message, and the message is decoded into its object and written from it, as
// without this writer. The test writes every capture, and mutations of them, both ways and
// compares.
//
// Selectors (IFLA_INFO_DATA by IFLA_INFO_KIND, IFLA_AF_SPEC by ifi_family) read the siblings and
// the message body the decoder would have built by then. Here those are proxies that decode the
// one attribute or field asked for from the bytes, and see what the decoder's objects would
// hold at that point: the fields, and the attributes before the one being decoded (all of the
// set for a selector's choice, which the decoder makes once the whole set is known).
import type { CapturedPacket } from '../capture/types.js';
import type { Session } from '../codec/session.js';
import type { AttrDecl, AttrSet, AttrValue, Direction, FieldDecl, IntKind, MessageDecl, ProtocolDecl, SelectCtx, StructDecl } from '../codec/schema.js';
import { INT_SIZE, NLA_F_NET_BYTEORDER, NLA_TYPE_MASK } from '../codec/schema.js';
import { checkedSet, decodeValueAt, hasMeta, resolveSelect, type AttrMeta } from '../codec/attrs.js';
import { chosenStruct, decodePacketSlice, DONE_DECL, flagSet, messageDecl, NLMSG_DONE, NLMSG_ERROR, NLMSG_HDRLEN, NLMSG_MIN_TYPE, typeName, type DecodeOptions } from '../codec/message.js';
import { compiledOf, isIndexKey, type Compiled, type Json } from '../codec/struct.js';
import { decodeCtx, type DecodeCtx, type Problem } from '../codec/context.js';
import { intToJson, netOrder, readInt, sharedFlagNames } from '../codec/ints.js';
import { allZero, decodeCText, formatIp4, formatIp6, formatMac, padNotZero, toHex } from '../wire/bytes.js';
import { align4 } from '../wire/writer.js';
import { piece, type Piece, type TextSink } from '../wire/text-sink.js';
import { codecsOf, protocolName } from '../../codecs/registry.js';
import { ERRNO, NLM_F_CAPPED, NLMSG } from '../../codecs/netlink.js';
import { envelopeOf, MESSAGE_KEYS, packetTime } from '../stream/messages.js';
import type { KeyEntry } from './text.js';
import type { JsonList } from './json.js';

// The writers of text and JSON, loaded by loadFormat: a decode loads its own format's only (a
// module is start-up time).
type TextModule = typeof import('./text.js');
type JsonModule = typeof import('./json.js');
let T: TextModule;
let J: JsonModule;

/** Loads what writePacketText (`text`) or writePacketJson needs; call before them. */
export async function loadFormat(format: 'text' | 'json'): Promise<void> {
  if (format === 'text') T ??= await import('./text.js');
  else J ??= await import('./json.js');
}

const NL = 10;
/** the top level of a message's attributes is at this depth of the text tree */
const TOP_DEPTH = 2;
/** the plan of a set written as JSON (text plans are per depth, from TOP_DEPTH on) */
const JSON_PLAN = 0;
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
  T.frameLineInto(out, p, protocolName(p.protocol));
  return writeMessages(walkOf(out, p, session, false), counts, (m) => T.messagesInto(out, [m]));
}

/**
 * Writes a packet's messages into `out` as JSON, each as writeJson writes its decoded object,
 * and a newline; items of `list`. Otherwise as writePacketText.
 */
export function writePacketJson(out: TextSink, p: CapturedPacket, session: Session | undefined, list: JsonList, counts?: DirectCounts): number {
  const w = walkOf(out, p, session, true);
  w.list = list;
  return writeMessages(w, counts, (m) => { J.listItem(out, list); J.writeJson(out, m); out.byte(NL); });
}

/** The messages of the walk's packet, each from its bytes or else decoded and given to `decoded`. */
function writeMessages(w: Walk, counts: DirectCounts | undefined, decoded: (m: Json) => void): number {
  const { out, p } = w;
  const proto = codecsOf(p.protocol)!;
  const data = p.data;
  let opts: DecodeOptions | undefined;
  let withProblems = 0;
  for (let pos = 0, index = 0; pos < data.length; index++) {
    const start = out.pos, started = w.list.started;
    // (a codec that threw may have left problems of a value decoded on its own)
    w.bail = false; w.problems.length = 0;
    let next: number;
    try { next = writeMessage(w, proto, pos, data.length, index); } catch { next = -1; } // a codec's bug: the decoder says so
    if (next < 0) {
      out.pos = start;
      // the envelope parts this message wrote are rewound over (the decoder's JSON of it starts
      // with the same bytes, but nothing here should rest on that)
      if (w.env.fresh) w.env.forget();
      w.list.started = started;
      opts ??= { protocol: p.protocol, direction: w.direction, envelope: envelopeOf(p), session: w.session, views: true };
      const r = decodePacketSlice(data, opts, pos, index, 1);
      for (const m of r.messages) { decoded(m); if (m.problems) withProblems++; }
      next = r.next;
      if (counts) counts.decoded++;
    } else {
      w.env.fresh = false;
      if (counts) counts.direct++;
    }
    pos = next;
  }
  return withProblems;
}

export interface DirectCounts { direct: number; decoded: number }

/** The walk of the last packet written into `out` in this format, started on `p`; a new one
 *  for another sink. (Most packets of a dump hold a message or two: a Walk of their own, with
 *  its arrays, cost them ~0.4 us of ~3.) */
const walks: [Walk | undefined, Walk | undefined] = [undefined, undefined];
function walkOf(out: TextSink, p: CapturedPacket, session: Session | undefined, json: boolean): Walk {
  const w = walks[json ? 1 : 0];
  if (w !== undefined && w.out === out) { w.start(p, session); return w; }
  return walks[json ? 1 : 0] = new Walk(out, p, session, json);
}

/** What the writer of one packet keeps: where it is in the bytes, per level of nesting. */
class Walk {
  // the packet (set by start)
  p!: CapturedPacket;
  session: Session | undefined;
  b!: Uint8Array;
  dv!: DataView;
  direction!: Direction;
  /** for the values decoded on their own; problems they report make the writer give up */
  ctx!: DecodeCtx;
  readonly problems: Problem[] = [];
  /** a proxy could not answer a selector as the decoder's objects would: give up */
  bail = false;
  // the message: its fixed part's layout and offset, its fields decoded when a selector asks
  body: Compiled | undefined;
  bodyOff = 0;
  bodyObj: Json | undefined;
  /** what selectors see of the message (it reads the fields above as they are) */
  bodyProxy: Json | undefined;
  // per level of attribute sets (0: the message's own), the set and its bytes, and `limits`:
  // selectors see the attributes that start before it
  readonly sets: Array<AttrSet | undefined> = [];
  readonly offs: number[] = [];
  readonly ends: number[] = [];
  readonly limits: number[] = [];

  /** JSON: the list the messages are items of */
  list: JsonList = { array: false, started: false };
  /** JSON: the parts of the envelope this packet's messages share, where they were written */
  readonly env = new EnvelopeParts();

  /** `json`: JSON, else text */
  constructor(readonly out: TextSink, p: CapturedPacket, session: Session | undefined, readonly json: boolean) {
    this.start(p, session);
  }

  /** Starts on packet `p` (writeMessage sets the state of each message). */
  start(p: CapturedPacket, session: Session | undefined): void {
    this.p = p; this.session = session;
    this.b = p.data;
    this.dv = new DataView(p.data.buffer, p.data.byteOffset, p.data.byteLength);
    this.direction = p.direction === 'to-user' ? 'to-user' : 'to-kernel';
    this.ctx = decodeCtx(this.b, this.dv, this.problems, this.direction, undefined, session, true);
    this.env.forget();
  }
}

/** Writes the message at `pos`; returns where the next starts, or -1 when the decoder must. */
function writeMessage(w: Walk, proto: ProtocolDecl, pos: number, end: number, index: number): number {
  const { b, dv, out } = w;
  if (end - pos < NLMSG_HDRLEN) return -1;
  const len = dv.getUint32(pos, true);
  const type = dv.getUint16(pos + 4, true);
  if (len < NLMSG_HDRLEN || len > end - pos) return -1;
  if (type === NLMSG_ERROR) {
    if (!writeError(w, proto, pos, len, index)) return -1;
  } else {
    let decl = messageDecl(proto, type, w.session);
    // of netlink's own messages, NLMSG_DONE (one per dump) when the protocol does not declare it:
    // read as DONE_DECL says, as decodeMessage reads it; the others are decoded
    if (type < NLMSG_MIN_TYPE) decl = type === NLMSG_DONE && decl === undefined ? DONE_DECL : undefined;
    if (!decl || decl.text !== undefined) return -1;
    const flags = sharedFlagNames(dv.getUint16(pos + 6, true), flagSet(type, decl));
    if (w.json) envelopeJson(w, index, len, typeName(decl) ?? type, flags, dv.getUint32(pos + 8, true), dv.getUint32(pos + 12, true));
    else T.messageLineInto(out, index, typeName(decl) ?? type, len, flags, dv.getUint32(pos + 8, true), dv.getUint32(pos + 12, true));
    if (!writeBody(w, decl, pos + NLMSG_HDRLEN, pos + len, TOP_DEPTH)) return -1;
  }
  const e = pos + len;
  // padding to the next message: what decodeMessage takes for padding. Zeros of another length
  // (a request sent in a zeroed buffer larger than it) are its `@pad` count, the message's last
  // key; padding that is not zero is its `@pad` in hex, left to the decoder
  let next = Math.min(pos + align4(len), end);
  if (allZero(b, e, end)) next = end;
  const padDefault = next === end ? 0 : align4(len) - len;
  if (!allZero(b, e, next)) return -1;
  if (next - e !== padDefault) {
    if (w.json) { out.piece(J_PAD); out.num(next - e); } else out.keyNum((PAD_KEY ??= T.keyEntry(TOP_DEPTH, '@pad')).leaf, next - e);
  }
  if (w.json) { out.byte(125); out.byte(NL); }
  return next;
}

const J_PAD = piece(',"@pad":');
/** text: the `@pad` line's key (made once the text writer is loaded) */
let PAD_KEY: KeyEntry | undefined;

/** A message's fixed part and attributes, [s, e), as `decl` lays them out (text: at `depth`,
 *  that of the message's own keys); false when the decoder must. */
function writeBody(w: Walk, decl: MessageDecl, s: number, e: number, depth: number): boolean {
  const { b, dv, out } = w;
  const st: StructDecl | undefined = typeof decl.body === 'function' ? chosenStruct(decl.body, w.ctx, s, e) : decl.body;
  w.body = undefined; w.bodyObj = undefined; w.bodyOff = s;
  let a = s;
  if (st) {
    // the whole struct and its usual zero padding (else decodeStruct keeps `@len` or `@tail`)
    const c = compiledOf(st);
    const defaultLen = align4(st.size);
    if (!c || e - s < defaultLen || defaultLen < c.size || !allZero(b, s + c.size, s + defaultLen)) return false;
    // (NLMSG_DONE's `error` is a line of its own in text, `error: -4 (EINTR)`, unless it is 0 or more)
    if (!topFieldsPlain(c, !w.json) && !(decl === DONE_DECL && dv.getInt32(s, true) >= 0)) return false;
    if (w.json) J.fieldsJson(out, c, b, dv, s); else T.structInto(out, c, b, dv, s, depth);
    w.body = c;
    a = s + defaultLen;
  }
  // a set chosen by the fields (sock_diag by family) sees no attribute yet
  w.sets[0] = undefined; w.offs[0] = w.ends[0] = w.limits[0] = a;
  let set: AttrSet | undefined;
  if (typeof decl.attrs === 'function') {
    set = checkedSet(decl.attrs, selAt(w, 0));
    if (w.bail) return false;
  } else set = decl.attrs;
  if (a < e) {
    if (!set || !topNamesPlain(set, w.body) || !writeSet(w, set, a, e, w.json ? JSON_PLAN : depth, 0, false)) return false;
  }
  return true;
}

/**
 * NLMSG_ERROR as decodeError reads it: `error` (and its name when negative), then `msg`, the
 * request it answers: its header, and unless NLM_F_CAPPED its fixed part and attributes, read
 * as a message to the kernel. One with extended-ack attributes after the request, a request cut
 * or of a type nlscope does not know, or odd padding after it, is left to the decoder.
 */
function writeError(w: Walk, proto: ProtocolDecl, pos: number, len: number, index: number): boolean {
  const { b, dv, out } = w;
  const s = pos + NLMSG_HDRLEN, e = pos + len;
  // (kauditd's nlmsg_len may leave the header out: decodeMessage knows when)
  if (e - s < 4 + NLMSG_HDRLEN || proto.lenWithoutHeader) return false;
  const flagBits = dv.getUint16(pos + 6, true);
  const h = s + 4;
  const echoLen = dv.getUint32(h, true);
  const echoType = dv.getUint16(h + 4, true);
  const echoDecl = messageDecl(proto, echoType, w.session);
  // what the request takes, and where the extended ack would start
  const whole = !(flagBits & NLM_F_CAPPED) && echoLen > NLMSG_HDRLEN;
  let tlv = h + NLMSG_HDRLEN;
  if (whole) {
    if (h + echoLen > e || echoDecl === undefined || echoDecl.text !== undefined || echoType < NLMSG_MIN_TYPE) return false;
    tlv = Math.min(s + align4(4 + echoLen), e);
    const echoEnd = h + echoLen;
    if (!allZero(b, echoEnd, tlv) || tlv - echoEnd !== align4(echoEnd - s) - (echoEnd - s)) return false;
  }
  if (tlv < e) return false;
  const flags = sharedFlagNames(flagBits, flagSet(NLMSG_ERROR, undefined));
  const error = dv.getInt32(s, true);
  const errorName = error < 0 ? ERRNO.byValue.get(-error) ?? `errno ${-error}` : undefined;
  const echoTypeName = NLMSG.byValue.get(echoType) ?? typeName(echoDecl) ?? echoType;
  const echoFlags = sharedFlagNames(dv.getUint16(h + 6, true), flagSet(echoType, echoDecl));
  if (w.json) {
    envelopeJson(w, index, len, 'NLMSG_ERROR', flags, dv.getUint32(pos + 8, true), dv.getUint32(pos + 12, true));
    out.piece(J_ERROR); out.num(error);
    if (errorName !== undefined) { out.piece(J_ERROR_NAME); J.writeString(out, errorName); }
    out.piece(J_MSG_LEN); out.num(echoLen);
    typeAndFlagsJson(out, echoTypeName, echoFlags);
    out.piece(J_SEQ); out.num(dv.getUint32(h + 8, true));
    out.piece(J_PID); out.num(dv.getUint32(h + 12, true));
    out.byte(125);
  } else {
    T.messageLineInto(out, index, 'NLMSG_ERROR', len, flags, dv.getUint32(pos + 8, true), dv.getUint32(pos + 12, true));
    // as renderValue writes them: a negative error with its name (text.ts specialLine), then
    // the request's header as an object of leaves (flags joined by ` | `, none as 0)
    const k = T.keyEntry;
    T.leafLine(out, k(TOP_DEPTH, 'error').leaf, error, errorName === undefined ? '' : ` (${errorName})`);
    out.piece(k(TOP_DEPTH, 'msg').head); out.byte(NL);
    out.piece(k(TOP_DEPTH + 1, 'header').head); out.byte(NL);
    T.leafLine(out, k(TOP_DEPTH + 2, 'len').leaf, echoLen, '');
    T.leafLine(out, k(TOP_DEPTH + 2, 'type').leaf, echoTypeName, '');
    T.leafLine(out, k(TOP_DEPTH + 2, 'flags').leaf, echoFlags, '');
    T.leafLine(out, k(TOP_DEPTH + 2, 'seq').leaf, dv.getUint32(h + 8, true), '');
    T.leafLine(out, k(TOP_DEPTH + 2, 'pid').leaf, dv.getUint32(h + 12, true), '');
  }
  if (whole) {
    // the request went to the kernel: its selectors see that direction
    const direction = w.direction, ctx = w.ctx;
    w.direction = 'to-kernel';
    w.ctx = decodeCtx(b, dv, w.problems, 'to-kernel', undefined, w.session, true);
    try {
      if (!writeBody(w, echoDecl!, h + NLMSG_HDRLEN, h + echoLen, TOP_DEPTH + 1)) return false;
    } finally { w.direction = direction; w.ctx = ctx; }
  }
  if (w.json) out.byte(125); // the request's object
  return true;
}

const J_ERROR = piece(',"error":'), J_ERROR_NAME = piece(',"error_name":'), J_MSG_LEN = piece(',"msg":{"header":{"len":');

// `{"frame":1,"index":0,"time":...,"direction":"to-user","protocol":"NETLINK_ROUTE","header":{...}`
const J_FRAME = piece('{"frame":'), J_INDEX = piece(',"index":'), J_TIME = piece(',"time":'), J_DIRECTION = piece(',"direction":');
const J_PROTOCOL = piece(',"protocol":'), J_ORIGLEN = piece(',"origlen":'), J_LEN = piece(',"header":{"len":'), J_TYPE = piece(',"type":');
const J_FLAGS = piece(',"flags":'), J_SEQ = piece(',"seq":'), J_PID = piece(',"pid":');

/** A message's JSON up to its header's end, as its decoded object starts (the envelope of
 *  stream/messages.ts, then the header decodeMessage sets). */
function envelopeJson(w: Walk, index: number, len: number, type: unknown, flags: readonly string[], seq: number, pid: number): void {
  const { out, p, env } = w;
  J.listItem(out, w.list);
  out.piece(J_FRAME); out.num(p.frame);
  out.piece(J_INDEX); out.num(index);
  // The packet's time, direction and protocol, and usually its messages' type and flags, are
  // the same for each of its messages (a dump's packet holds ten to fifty): written for one of
  // them, then copied from there (env, kept once that message is written whole)
  if (env.packetTo !== 0) out.again(env.packetFrom, env.packetTo);
  else {
    env.fresh = true;
    env.packetFrom = out.pos;
    out.piece(J_TIME); out.num(packetTime(p));
    out.piece(J_DIRECTION); J.writeString(out, p.direction);
    out.piece(J_PROTOCOL); J.writeJson(out, protocolName(p.protocol));
    if (p.truncated) { out.piece(J_ORIGLEN); out.num(p.origLen); }
    out.piece(J_LEN);
    env.packetTo = out.pos;
  }
  out.num(len);
  if (env.typeTo !== 0 && env.type === type && env.flags === flags) out.again(env.typeFrom, env.typeTo);
  else {
    env.fresh = true;
    env.type = type; env.flags = flags; env.typeFrom = out.pos;
    typeAndFlagsJson(out, type, flags);
    out.piece(J_SEQ);
    env.typeTo = out.pos;
  }
  out.num(seq);
  out.piece(J_PID); out.num(pid);
  out.byte(125);
}

/** A header's `,"type":...,"flags":[...]` (a message's, or the request an NLMSG_ERROR answers). */
function typeAndFlagsJson(out: TextSink, type: unknown, flags: readonly string[]): void {
  out.piece(J_TYPE);
  if (typeof type === 'string') J.writeString(out, type); else J.writeJson(out, type);
  out.piece(J_FLAGS);
  out.byte(91);
  for (let i = 0; i < flags.length; i++) { if (i) out.byte(44); J.writeString(out, flags[i]!); }
  out.byte(93);
}

/** Where in the sink a packet's repeated envelope parts were written (envelopeJson): from the
 *  time to the header's `"len":`, and from the header's `,"type":` to its `"seq":` (for `type`
 *  and `flags`). `fresh`: written by the message being written, whose bytes are rewound over
 *  if the decoder must write it: forgotten then. A `*To` of 0: none yet. */
class EnvelopeParts {
  packetFrom = 0; packetTo = 0;
  typeFrom = 0; typeTo = 0;
  type: unknown = undefined;
  flags: readonly string[] | undefined = undefined;
  fresh = false;
  /** a new packet, or a message that was written and then rewound */
  forget(): void { this.packetTo = this.typeTo = 0; this.type = this.flags = undefined; this.fresh = false; }
}

// ---------------------------------------------------------------- attribute sets

/** A declared attribute's plan at a depth: its key pieces. */
interface Entry {
  readonly decl: AttrDecl;
  /** text: the line's pieces at the plan's depth */
  readonly kb: KeyEntry;
  /** JSON: `"NAME":` (first key of an object) and `,"NAME":` */
  readonly first: Piece; readonly rest: Piece;
}

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
  /** OP_* per type; OP_NONE for undeclared and `multi` ones */
  readonly op: Uint8Array;
  /** nla_type with the flag bits the declaration has */
  readonly raw: Uint16Array;
  /** the declaration's index in the set, for the bit that catches a repeat */
  readonly slot: Uint16Array;
  readonly entries: ReadonlyArray<Entry | undefined>;
}

const NO_PIECE = piece(''), NO_KEY: KeyEntry = { leaf: NO_PIECE, head: NO_PIECE, plain: true, envelope: false };
/** each set's plans by depth, kept on the set (a property load per set written, where a WeakMap
 *  lookup cost more); a frozen set keeps its plans in the WeakMap */
const PLAN = Symbol('plans');
const PLANS = new WeakMap<AttrSet, Plan[]>();
function planOf(set: AttrSet, depth: number): Plan {
  const keep = set as AttrSet & { [PLAN]?: Plan[] };
  let byDepth = keep[PLAN] ?? PLANS.get(set);
  if (!byDepth) {
    byDepth = [];
    if (Object.isExtensible(set)) Object.defineProperty(set, PLAN, { value: byDepth }); else PLANS.set(set, byDepth);
  }
  let plan = byDepth[depth];
  if (!plan) {
    const names = new Set<string>();
    let ok = true, size = 0;
    for (const decl of set.byType.values()) {
      if (names.has(decl.name) || !plainKey(decl.name, depth !== JSON_PLAN)) ok = false;
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
      const q = JSON.stringify(decl.name);
      entries[t] = depth === JSON_PLAN ? { decl, kb: NO_KEY, first: piece(`${q}:`), rest: piece(`,${q}:`) }
        : { decl, kb: T.keyEntry(depth, decl.name), first: NO_PIECE, rest: NO_PIECE };
    }
    byDepth[depth] = plan = { ok, op, raw, slot, entries };
  }
  return plan;
}

/** A key that renders as its own line wherever it is (renderObject's plain key). */
const plainKey = (k: string, text: boolean): boolean => k !== '__proto__' && !(text && T.SPECIAL_KEYS.has(k)) && !k.endsWith('@') && !isIndexKey(k);

/** A message's fields are lines of its own: none is an envelope key, special or odd. */
const FIELDS_PLAIN = [new WeakMap<Compiled, boolean>(), new WeakMap<Compiled, boolean>()];
let lastFields: Compiled | undefined, lastFieldsText = false, lastFieldsOk = false;
function topFieldsPlain(c: Compiled, text: boolean): boolean {
  // a dump's messages are of one kind: the last answer first
  if (c === lastFields && text === lastFieldsText) return lastFieldsOk;
  lastFields = c; lastFieldsText = text;
  return lastFieldsOk = fieldsPlain(c, text);
}
function fieldsPlain(c: Compiled, text: boolean): boolean {
  const cache = FIELDS_PLAIN[text ? 1 : 0]!;
  let ok = cache.get(c);
  if (ok === undefined) cache.set(c, ok = c.keys.every((k) => plainKey(k, text) && !MESSAGE_KEYS.has(k)));
  return ok;
}

/** A message's attributes are keys of its own: none an envelope key or one of its fields. */
const NAMES_PLAIN = new WeakMap<AttrSet, WeakMap<Compiled, boolean> | boolean>();
const NO_BODY = {} as Compiled;
let lastSet: AttrSet | undefined, lastBody: Compiled | undefined, lastOk = false;
function topNamesPlain(set: AttrSet, body: Compiled | undefined): boolean {
  // a dump's messages are of one kind: the last answer first
  if (set === lastSet && body === lastBody) return lastOk;
  lastSet = set; lastBody = body;
  return lastOk = namesPlain(set, body);
}
function namesPlain(set: AttrSet, body: Compiled | undefined): boolean {
  const c = body ?? NO_BODY;
  let byBody = NAMES_PLAIN.get(set) as WeakMap<Compiled, boolean> | undefined;
  if (!byBody) NAMES_PLAIN.set(set, byBody = new WeakMap());
  let ok = byBody.get(c);
  if (ok === undefined) {
    // (whether the names are plain keys at all is the set's plan's to say)
    ok = ![...set.byName.keys()].some((n) => MESSAGE_KEYS.has(n) || (body !== undefined && body.keys.includes(n)));
    byBody.set(c, ok);
  }
  return ok;
}

/** Writes the attributes of [off, end) at `depth` (JSON_PLAN for JSON: `first`, whether the
 *  first is its object's first key); false when the decoder must (nothing is undone here: the
 *  caller rewinds). */
function writeSet(w: Walk, set: AttrSet, off: number, end: number, depth: number, level: number, first: boolean): boolean {
  if (level >= MAX_LEVEL) return false;
  const plan = planOf(set, depth);
  if (!plan.ok) return false;
  const { b, dv, out, json } = w;
  const { op: ops, raw: raws, slot: slots, entries } = plan;
  const size = ops.length;
  w.sets[level] = set; w.offs[level] = off; w.ends[level] = end;
  // declarations met so far (a repeat gives the decoder's `NAME~2`): bits for the first 64, a set past
  let seenLo = 0, seenHi = 0;
  let seenMore: Set<number> | undefined;
  let pos = off;
  while (end - pos >= 4) {
    // nla_len and nla_type in one read (one bounds check)
    const word = dv.getUint32(pos, true), len = word & 0xffff;
    if (len < 4 || len > end - pos) return false;
    const next = pos + ((len + 3) & ~3);
    if (next > end) return false;
    if (padNotZero(dv, pos + len, next)) return false;
    const raw = word >>> 16;
    const type = raw & NLA_TYPE_MASK;
    const op = type < size ? ops[type]! : OP_NONE;
    if (op === OP_NONE || raws[type] !== raw) return false;
    const slot = slots[type]!;
    if (slot < 32) { if (seenLo & (1 << slot)) return false; seenLo |= 1 << slot; }
    else if (slot < 64) { if (seenHi & (1 << (slot - 32))) return false; seenHi |= 1 << (slot - 32); }
    else { if (seenMore?.has(slot)) return false; (seenMore ??= new Set()).add(slot); }
    const s = pos + 4, n = len - 4;
    const en = entries[type]!;
    // JSON: the key here, the value below; text: the key is part of the value's line(s)
    if (json) { out.piece(first ? en.first : en.rest); first = false; }
    if (op === OP_STRING && n > 0 && plainText(b, s, s + n - 1, json) && b[s + n - 1] === 0) {
      // the usual name (IFLA_IFNAME, INET_DIAG_CONG): its bytes are its text, copied as they are
      if (json) { out.byte(34); out.bytes(b.subarray(s, s + n - 1)); out.byte(34); }
      else out.keyBytes(en.kb.leaf, b, s, s + n - 1);
    } else if (op < OP_STRING) {
      if (n !== OP_SIZE[op]) return false;
      const v = op === OP_U8 ? b[s]! : op === OP_U16 ? dv.getUint16(s, true) : op === OP_U32 ? dv.getUint32(s, true)
        : op === OP_S8 ? dv.getInt8(s) : op === OP_S16 ? dv.getInt16(s, true) : op === OP_S32 ? dv.getInt32(s, true)
          : op === OP_BE16 ? dv.getUint16(s, false) : op === OP_BE32 ? dv.getUint32(s, false) : dv.getInt32(s, false);
      if (json) out.num(v); else out.keyNum(en.kb.leaf, v);
    } else if (op === OP_OTHER) {
      w.limits[level] = pos;
      if (!valueInto(w, en, en.decl.value, s, pos + len, raw & ~NLA_TYPE_MASK, depth, level)) return false;
    } else {
      const x = scalarValue(w, op, s, n);
      if (x === undefined) return false;
      if (json) J.writeJson(out, x);
      else if (!leafInto(out, en.kb, x)) return false;
    }
    pos = next;
  }
  return pos === end;
}

/** Whether [s, e) is printable ASCII (for JSON also without `"` and `\`): text whose UTF-8
 *  and JSON string are its own bytes. */
function plainText(b: Uint8Array, s: number, e: number, json: boolean): boolean {
  for (let i = s; i < e; i++) {
    const c = b[i]!;
    if (c < 0x20 || c > 0x7e || (json && (c === 34 || c === 92))) return false;
  }
  return true;
}

/** The value the decoder gives a scalar of op's kind in the usual case (n bytes at s), or
 *  undefined when it is not that (the decoder keeps details, or bytes). */
function scalarValue(w: Walk, op: number, s: number, n: number): string | number | boolean | undefined {
  const { b, dv } = w;
  switch (op) {
    // text and exactly one NUL, at the end
    case OP_STRING: return n === 0 || b[s + n - 1] !== 0 ? undefined : decodeCText(b, s, s + n - 1);
    case OP_BINARY: return toHex(b, s, s + n);
    case OP_FLAG: return n === 0 ? true : undefined;
    case OP_IP: return n === 4 ? formatIp4(b, s) : n === 16 ? formatIp6(b, s) : undefined;
    case OP_IP4: return n === 4 ? formatIp4(b, s) : undefined;
    case OP_IP6: return n === 16 ? formatIp6(b, s) : undefined;
    case OP_MAC: return formatMac(b, s, s + n);
    case OP_UINT: return n === 4 ? dv.getUint32(s, true) : undefined;
    case OP_SINT: return n === 4 ? dv.getInt32(s, true) : undefined;
    default: return undefined;
  }
}

/** The value of kind `v` at [s, e): its line(s), or its JSON (the key is written); false when
 *  the decoder must. */
function valueInto(w: Walk, en: Entry, v: AttrValue, s: number, e: number, fl: number, depth: number, level: number): boolean {
  const { out, b, dv, json } = w;
  const len = e - s;
  switch (v.kind) {
    case 'int': {
      if (len !== INT_SIZE[v.int]) return false;
      const x = intToJson(readInt(dv, s, fl & NLA_F_NET_BYTEORDER ? netOrder(v.int) : v.int), v.enum, v.flags);
      if (json) { J.writeJson(out, x); return true; }
      return leafInto(out, en.kb, x);
    }
    case 'scalar': {
      const op = SCALAR_OPS[v.scalar];
      if (op === undefined) return decodedInto(w, en, v, s, e, fl, depth, level);
      const x = scalarValue(w, op, s, len);
      if (x === undefined) return false;
      if (json) { J.writeJson(out, x); return true; }
      return leafInto(out, en.kb, x);
    }
    case 'struct': {
      const c = compiledOf(v.struct);
      // its declared size (with the tail padding a C compiler adds, zero): from its bytes, as
      // the decoder's struct view (or decodeStruct's generated path) gives it
      if (c && len === v.struct.size && len >= c.size && allZero(b, s + c.size, e)) {
        if (json) J.structJson(out, c, b, dv, s);
        else { out.piece(en.kb.head); out.byte(NL); T.structInto(out, c, b, dv, s, depth + 1); }
        return true;
      }
      return decodedInto(w, en, v, s, e, fl, depth, level);
    }
    case 'nest': {
      let set: AttrSet;
      try { set = v.set(); } catch { return false; }
      const start = out.pos;
      if (json) {
        out.byte(123);
        if (writeSet(w, set, s, e, JSON_PLAN, level + 1, true)) { out.byte(125); return true; }
      } else {
        out.piece(en.kb.head); out.byte(NL);
        if (writeSet(w, set, s, e, depth + 1, level + 1, true)) return true;
      }
      // something in it the decoder must see: the nest decoded on its own
      out.pos = start;
      return decodedInto(w, en, v, s, e, fl, depth, level);
    }
    case 'select': {
      // the decoder chooses once the whole set is known
      w.limits[level] = w.ends[level]!;
      const r = resolveSelect(v, selAt(w, level));
      if (w.bail) return false;
      if (r === undefined) {
        const t = len === 0 ? '' : toHex(b, s, e);
        if (json) J.writeString(out, t); else out.keyText(en.kb.leaf, t);
        return true;
      }
      return valueInto(w, en, r, s, e, fl, depth, level);
    }
    default: return decodedInto(w, en, v, s, e, fl, depth, level);
  }
}

/** A value decoded on its own (at the nesting its set has) and written as renderValue or
 *  writeJson writes it. */
function decodedInto(w: Walk, en: Entry, v: AttrValue, s: number, e: number, fl: number, depth: number, level: number): boolean {
  const meta: AttrMeta = {};
  const x = decodeValueAt(level + 1, v, w.ctx, s, e, fl, selAt(w, level), meta);
  if (w.bail || w.problems.length > 0 || hasMeta(meta)) { w.problems.length = 0; return false; }
  if (w.json) J.writeJson(w.out, x);
  else T.renderValue(w.out, en.decl.name, x, depth, T.NO_PARENT, false, en.kb);
  return true;
}

/** A leaf's line (a number, text, a list of names); false for anything else. */
function leafInto(out: TextSink, kb: KeyEntry, x: unknown): boolean {
  if (typeof x === 'number') { out.keyNum(kb.leaf, x); return true; }
  if (typeof x === 'string') { out.keyText(kb.leaf, x); return true; }
  if (!T.isLeaf(x)) return false;
  T.leafLine(out, kb.leaf, x, '');
  return true;
}

// ---------------------------------------------------------------- what selectors see

/** A layout's keys: where a plain integer field is, WHOLE for any other key (read by decoding
 *  the struct). */
interface FieldAt { readonly at: number; readonly kind: IntKind; readonly enum: FieldDecl['enum']; readonly flags: FieldDecl['flags'] }
const WHOLE = {} as FieldAt;
const FIELDS = new WeakMap<Compiled, ReadonlyMap<string, FieldAt>>();
function fieldsOf(c: Compiled): ReadonlyMap<string, FieldAt> {
  let m = FIELDS.get(c);
  if (!m) {
    const fields = new Map<string, FieldAt>(c.keys.map((k) => [k, WHOLE]));
    let at = 0;
    for (const f of c.decl.fields) {
      if (typeof f.kind === 'string' && f.kind in INT_SIZE && f.count === undefined && !f.bits && !f.rest && fields.get(f.name) === WHOLE) {
        fields.set(f.name, { at, kind: f.kind as IntKind, enum: f.enum, flags: f.flags });
      }
      at += f.rest ? 0 : f.size * (f.count ?? 1);
    }
    // a name given twice is the decoder's to resolve
    for (const k of c.keys) if (c.keys.indexOf(k) !== c.keys.lastIndexOf(k)) fields.set(k, WHOLE);
    FIELDS.set(c, m = fields);
  }
  return m;
}

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
    if (typeof k !== 'string' || MESSAGE_KEYS.has(k)) return refuse(t);
    const w = t.w;
    const f = w.body && fieldsOf(w.body).get(k);
    if (f === undefined) return attrValue(w, 0, k, 'get');
    // a plain integer field read alone (a selector asks for the family), else the whole struct
    if (f !== WHOLE) return intToJson(readInt(w.dv, w.bodyOff + f.at, f.kind), f.enum, f.flags);
    return (w.bodyObj ??= w.body!.decode(w.b, w.dv, w.bodyOff, undefined))[k];
  },
  has: (t, k) => {
    if (typeof k !== 'string') return refuse(t);
    const w = t.w;
    // (the envelope and header are there; `problems` and `origlen` depend)
    if (MESSAGE_KEYS.has(k)) return k === 'problems' || k === 'origlen' ? refuse(t) : true;
    const f = w.body && fieldsOf(w.body).get(k);
    if (f === undefined) return attrValue(w, 0, k, 'has') !== undefined;
    return f !== WHOLE || k in (w.bodyObj ??= w.body!.decode(w.b, w.dv, w.bodyOff, undefined));
  },
  ownKeys: refuse, getOwnPropertyDescriptor: refuse, set: refuse, defineProperty: refuse, deleteProperty: refuse,
  getPrototypeOf: () => Object.prototype,
};
