// Declarations of netlink layouts as plain data. Everything in codecs/ is built
// with the helpers below; the engine (struct.ts, attrs.ts, message.ts) compiles
// them once into decoders, encoders, names and byte maps.
import type { Session } from './session.js';
import type { Tracer } from './context.js';

/** Integer kinds. Plain names are host order (little-endian here, as captured);
 *  `be*` are network order (ports, `__be32` addresses, NLA_F_NET_BYTEORDER); `sbe32` is a
 *  signed value sent in network order (nf_tables: htonl(priority), verdict codes NFT_JUMP = -3). */
export type IntKind =
  | 'u8' | 'u16' | 'u32' | 'u64'
  | 's8' | 's16' | 's32' | 's64'
  | 'be16' | 'be32' | 'be64' | 'sbe32';

export const INT_SIZE: Record<IntKind, number> = {
  u8: 1, u16: 2, u32: 4, u64: 8, s8: 1, s16: 2, s32: 4, s64: 8, be16: 2, be32: 4, be64: 8, sbe32: 4,
};

export interface EnumDecl {
  readonly kind: 'enum';
  readonly name: string;
  readonly byValue: ReadonlyMap<number, string>;
  readonly byName: ReadonlyMap<string, number>;
}

export interface FlagsDecl {
  readonly kind: 'flags';
  readonly name: string;
  /** [mask, name], wider masks first so combined names (NLM_F_DUMP) win. */
  readonly bits: ReadonlyArray<readonly [number, string]>;
  readonly byName: ReadonlyMap<string, number>;
}

/** An enum from `{NAME: value}` (one line per constant, as in the header). */
export function enumOf(name: string, values: Record<string, number>): EnumDecl {
  const byValue = new Map<number, string>();
  const byName = new Map<string, number>();
  for (const [k, v] of Object.entries(values)) {
    if (!byValue.has(v)) byValue.set(v, k);
    byName.set(k, v);
  }
  return { kind: 'enum', name, byValue, byName };
}

/** An enum whose values are 0, 1, 2 ... in the order given (C `enum { A, B, C }`). */
export function enumSeq(name: string, names: readonly string[], start = 0): EnumDecl {
  const values: Record<string, number> = {};
  names.forEach((n, i) => { if (n) values[n] = start + i; });
  return enumOf(name, values);
}

/** A flag set from `{NAME: mask}`. */
export function flagsOf(name: string, masks: Record<string, number>): FlagsDecl {
  const bits = Object.entries(masks)
    .filter(([, m]) => m !== 0)
    .map(([n, m]) => [m >>> 0, n] as const)
    .sort((a, b) => popcount(b[0]) - popcount(a[0]));
  const byName = new Map<string, number>(Object.entries(masks).map(([n, m]) => [n, m >>> 0]));
  return { kind: 'flags', name, bits, byName };
}

/** A flag set whose bits are 1<<0, 1<<1 ... in the order given (BIT(enum value)). */
export function flagsSeq(name: string, names: readonly string[], start = 0): FlagsDecl {
  const masks: Record<string, number> = {};
  names.forEach((n, i) => { if (n) masks[n] = 2 ** (start + i); });
  return flagsOf(name, masks);
}

function popcount(x: number): number {
  let c = 0;
  for (let v = x >>> 0; v; v >>>= 1) c += v & 1;
  return c;
}

// ---------------------------------------------------------------- structs

/** How a fixed-layout field is shown. */
export type FieldKind =
  | IntKind
  | 'ip4'      // 4 bytes, network order, dotted quad
  | 'ip6'      // 16 bytes
  | 'inaddr'   // 16 bytes (__be32[4]) shown by the family field named in `family`
  | 'mac'      // 6 bytes
  | 'string'   // fixed char[size], NUL padded
  | 'bytes';   // opaque, hex

export interface FieldDecl {
  readonly name: string;
  readonly kind: FieldKind | StructDecl;
  /** bytes, for 'string' | 'bytes'; computed for the rest */
  readonly size: number;
  /** array length (C `__u32 x[2]`) */
  readonly count?: number;
  readonly enum?: EnumDecl;
  readonly flags?: FlagsDecl;
  /** for 'inaddr': name of the sibling field holding the address family */
  readonly family?: string;
  /** a flexible array member (`keys[]`): as many items as the bytes hold; not in sizeof */
  readonly rest?: boolean;
  /** kernel version that appended this field, when newer than the installed uapi headers
   *  (the layout test compares only the fields before the first such one) */
  readonly since?: string;
  /** C bitfield members sharing this integer (the storage unit): each is a key of the struct's
   *  JSON of its own, and the unit has no key. Declared with `bitfields()`. */
  readonly bits?: readonly BitMember[];
  /** the key of the unit's bits that no member covers (kept when not zero: lossless) */
  readonly bitsRest?: { readonly key: string; readonly shift: number };
  /** an alignment hole the compiler leaves (no member in C): named here, so its bytes are kept */
  readonly hole?: boolean;
  /** the member's name in the installed (older) header, where a newer kernel renamed it (a
   *  reserved byte given a meaning): the gcc test asks for that name */
  readonly was?: string;
}

/** One member of a bitfield: `__u8 tcpi_snd_wscale : 4`. gcc on a little-endian host
 *  (what captures hold) fills a unit from its least significant bit: shift is where it starts. */
export interface BitMember {
  readonly name: string;
  readonly width: number;
  readonly shift: number;
  readonly enum?: EnumDecl;
}

export interface StructDecl {
  readonly kind: 'struct';
  readonly name: string;
  readonly fields: readonly FieldDecl[];
  /** sizeof(struct) as the kernel declares it (the last field may end earlier: trailing padding) */
  readonly size: number;
  /** the C declaration, for the teaching view */
  readonly header?: string;
}

export type FieldOpts = {
  enum?: EnumDecl; flags?: FlagsDecl; count?: number; size?: number; family?: string; since?: string; rest?: boolean;
  bits?: readonly BitSpec[]; hole?: boolean; was?: string;
};
/** A bitfield member as declared: name, width in bits, and the enum its values name. */
export type BitSpec = readonly [name: string, width: number] | readonly [name: string, width: number, en: EnumDecl];
export type FieldSpec =
  | readonly [name: string, kind: FieldKind | StructDecl]
  | readonly [name: string, kind: FieldKind | StructDecl, opts: FieldOpts | EnumDecl | FlagsDecl];

const FIXED: Partial<Record<FieldKind, number>> = { ip4: 4, ip6: 16, inaddr: 16, mac: 6 };

/** A struct from an ordered field list: `struct('ifinfomsg', [['ifi_family','u8',AF], ...])`.
 *  `size` is the kernel's sizeof; it defaults to the sum of the fields. */
export function struct(name: string, specs: readonly FieldSpec[], opts: { size?: number; header?: string } = {}): StructDecl {
  const fields: FieldDecl[] = specs.map(([fname, kind, o]) => {
    const fo: FieldOpts = o === undefined ? {} : 'kind' in o ? (o.kind === 'enum' ? { enum: o as EnumDecl } : { flags: o as FlagsDecl }) : (o as FieldOpts);
    let size: number;
    if (typeof kind === 'object') size = kind.size;
    else if (kind in INT_SIZE) size = INT_SIZE[kind as IntKind];
    else size = FIXED[kind] ?? fo.size ?? 0;
    if (size <= 0) throw new Error(`struct ${name}: field ${fname} needs a size`);
    const f: FieldDecl = { name: fname, kind, size, count: fo.count, enum: fo.enum, flags: fo.flags, family: fo.family, since: fo.since, rest: fo.rest, hole: fo.hole, was: fo.was };
    return fo.bits ? { ...f, ...bitLayout(name, f, fo.bits) } : f;
  });
  const sum = fields.reduce((s, f) => s + (f.rest ? 0 : f.size * (f.count ?? 1)), 0);
  return { kind: 'struct', name, fields, size: opts.size ?? sum, header: opts.header };
}

/**
 * C bitfield members that share one integer, in declaration order (the first takes the low
 * bits): `bitfields('u8', [['tcpi_snd_wscale', 4], ['tcpi_rcv_wscale', 4]])` is
 * `__u8 tcpi_snd_wscale : 4, tcpi_rcv_wscale : 4;`. The unit is named after its members.
 */
export function bitfields(kind: 'u8' | 'u16' | 'u32', members: readonly BitSpec[], opts: { since?: string } = {}): FieldSpec {
  return [members.map((m) => m[0]).join(','), kind, { bits: members, since: opts.since }];
}

function bitLayout(struct: string, f: FieldDecl, specs: readonly BitSpec[]): Pick<FieldDecl, 'bits' | 'bitsRest'> {
  const unit = f.size * 8;
  if (!['u8', 'u16', 'u32'].includes(f.kind as string) || f.count !== undefined || f.rest || f.enum || f.flags) {
    throw new Error(`struct ${struct}: bitfield ${f.name} must be a plain u8, u16 or u32`);
  }
  let shift = 0;
  const bits = specs.map(([name, width, en]) => {
    if (!(width >= 1 && shift + width <= unit)) throw new Error(`struct ${struct}: bitfield ${name} does not fit its ${unit}-bit unit`);
    const m: BitMember = { name, width, shift, enum: en };
    shift += width;
    return m;
  });
  // bits no member covers are padding the kernel zeroes; a key of their own keeps them when set
  return { bits, bitsRest: shift < unit ? { key: `@bits_after_${bits[bits.length - 1]!.name}`, shift } : undefined };
}

/** The keys of a struct's JSON object in field order: a bitfield's members stand for their unit
 *  (the key of uncovered bits, which shows only when they are set, is not among them). */
export function fieldKeys(decl: StructDecl): string[] {
  const keys: string[] = [];
  for (const f of decl.fields) {
    if (f.bits) for (const m of f.bits) keys.push(m.name);
    else keys.push(f.name);
  }
  return keys;
}

// ---------------------------------------------------------------- attributes

/** Value kinds of attributes. */
export type ValueKind =
  | IntKind
  | 'string'     // NLA_STRING / NLA_NUL_STRING: text; the NUL is kept by the codec
  | 'binary'     // opaque bytes, hex
  | 'flag'       // NLA_FLAG: zero length, value true
  | 'ip'         // 4 or 16 bytes by length
  | 'ip4' | 'ip6'
  | 'mac'        // link-layer address: colon hex of any length
  | 'bitfield32' // struct nla_bitfield32 {value, selector}
  | 'u32list'    // array of host u32 (e.g. inet devconf)
  | 'uint'       // NLA_UINT: u32 or u64 by length
  | 'sint';      // NLA_SINT

/** Chooses a nested set (or struct) from what has been decoded so far. */
export type Selector = (ctx: SelectCtx) => AttrSet | StructDecl | ValueKind | AttrValue | undefined;

export interface SelectCtx {
  /** attributes decoded so far at this level, by name (as in JSON) */
  readonly siblings: Readonly<Record<string, unknown>>;
  /** the enclosing context (for attributes inside a nest), the message level at the top */
  readonly parent?: SelectCtx;
  /** the fixed header of the message (ifinfomsg, rtmsg ...), JSON form */
  readonly body: Readonly<Record<string, unknown>>;
  readonly direction: Direction;
}

export type Direction = 'to-kernel' | 'to-user';

export type AttrValue =
  | { readonly kind: 'int'; readonly int: IntKind; readonly enum?: EnumDecl; readonly flags?: FlagsDecl }
  | { readonly kind: 'scalar'; readonly scalar: Exclude<ValueKind, IntKind>; readonly names?: EnumDecl }
  | { readonly kind: 'nest'; readonly set: () => AttrSet }
  | { readonly kind: 'array'; readonly item: AttrValue }              // indexed: nla_type is the index
  | { readonly kind: 'struct'; readonly struct: StructDecl }
  | { readonly kind: 'structs'; readonly struct: StructDecl }          // packed array of structs
  // list of records, each a struct whose `lenField` counts the struct plus the attributes
  // that follow it (struct rtnexthop in RTA_MULTIPATH)
  | { readonly kind: 'records'; readonly struct: StructDecl; readonly lenField: string; readonly set: () => AttrSet }
  | { readonly kind: 'select'; readonly select: Selector }
  // a struct followed by attributes in one value (VETH_INFO_PEER: ifinfomsg + IFLA_*;
  // netem's TCA_OPTIONS: tc_netem_qopt + TCA_NETEM_*), like a message body
  | { readonly kind: 'prefixed'; readonly struct: StructDecl; readonly set: () => AttrSet };

export interface AttrDecl {
  readonly type: number;
  readonly name: string;
  readonly value: AttrValue;
  /** the attribute may appear several times in one set: JSON value is an array */
  readonly multi?: boolean;
  /** NLA_F_NESTED / NLA_F_NET_BYTEORDER bits the kernel normally sets on it */
  readonly flagBits?: number;
}

export interface AttrSet {
  readonly kind: 'attrs';
  readonly name: string;
  readonly byType: ReadonlyMap<number, AttrDecl>;
  readonly byName: ReadonlyMap<string, AttrDecl>;
}

export type ValueSpec =
  | ValueKind | AttrValue | StructDecl | AttrSet | (() => AttrSet);

/** `nested`: the sender sets NLA_F_NESTED on it; `netorder`: the sender sets NLA_F_NET_BYTEORDER
 *  (ipset): declare the host-order kind, the flag makes it network order on the wire. */
export type AttrOpts = { enum?: EnumDecl; flags?: FlagsDecl; multi?: boolean; nested?: boolean; netorder?: boolean };

/** `[type, name, value, opts?]`; one line per attribute, numbers from the kernel header. */
export type AttrSpec =
  | readonly [type: number, name: string, value: ValueSpec]
  | readonly [type: number, name: string, value: ValueSpec, opts: AttrOpts | EnumDecl | FlagsDecl];

const INT_KINDS = new Set(Object.keys(INT_SIZE));

export function toValue(v: ValueSpec, o: AttrOpts = {}): AttrValue {
  if (typeof v === 'function') return { kind: 'nest', set: v };
  if (typeof v === 'string') {
    if (INT_KINDS.has(v)) return { kind: 'int', int: v as IntKind, enum: o.enum, flags: o.flags };
    return { kind: 'scalar', scalar: v as Exclude<ValueKind, IntKind>, names: o.enum };
  }
  if (v.kind === 'attrs') { const s = v; return { kind: 'nest', set: () => s }; }
  if (v.kind === 'struct' && 'fields' in v) return { kind: 'struct', struct: v };
  return v as AttrValue;
}

/** An attribute set. Nested sets may be referenced lazily (`() => SET`) to allow cycles. */
export function attrs(name: string, specs: readonly AttrSpec[]): AttrSet {
  const byType = new Map<number, AttrDecl>();
  const byName = new Map<string, AttrDecl>();
  for (const [type, aname, value, o] of specs) {
    const ao: AttrOpts = o === undefined ? {} : 'kind' in o ? (o.kind === 'enum' ? { enum: o as EnumDecl } : { flags: o as FlagsDecl }) : (o as AttrOpts);
    const decl: AttrDecl = { type, name: aname, value: toValue(value, ao), multi: ao.multi, flagBits: (ao.nested ? NLA_F_NESTED : 0) | (ao.netorder ? NLA_F_NET_BYTEORDER : 0) };
    if (byType.has(type)) throw new Error(`attrs ${name}: type ${type} declared twice`);
    byType.set(type, decl);
    byName.set(aname, decl);
  }
  return { kind: 'attrs', name, byType, byName };
}

export const NLA_F_NESTED = 0x8000;
export const NLA_F_NET_BYTEORDER = 0x4000;
export const NLA_TYPE_MASK = ~(NLA_F_NESTED | NLA_F_NET_BYTEORDER) & 0xffff;

/** Value helpers for attribute tables. */
export const nest = (set: AttrSet | (() => AttrSet)): AttrValue => toValue(set);
/** Indexed array: each child's nla_type is its index (1, 2, ...), all of one kind. */
export const array = (item: ValueSpec): AttrValue => ({ kind: 'array', item: toValue(item) });
/** Packed array of fixed structs inside one attribute. */
export const structs = (s: StructDecl): AttrValue => ({ kind: 'structs', struct: s });
/** RTA_MULTIPATH-style list: struct + attributes, the struct's `lenField` covering both. */
export const records = (s: StructDecl, lenField: string, set: AttrSet | (() => AttrSet)): AttrValue =>
  ({ kind: 'records', struct: s, lenField, set: typeof set === 'function' ? set : () => set });
/** A struct, then attributes (aligned), in one value; JSON: the struct's fields and the attributes in one object. */
export const prefixed = (s: StructDecl, set: AttrSet | (() => AttrSet)): AttrValue =>
  ({ kind: 'prefixed', struct: s, set: typeof set === 'function' ? set : () => set });
/** Value chosen from context (IFLA_INFO_DATA by IFLA_INFO_KIND, ...). */
export const select = (fn: Selector): AttrValue => ({ kind: 'select', select: fn });

// ---------------------------------------------------------------- messages

/** How the fixed part of a message is laid out for a given direction. */
export type BodySelector = (ctx: {
  direction: Direction; bytes: Uint8Array; offset: number; length: number;
  /** when encoding: the message's JSON form (a selector may choose from it; else the engine finds
   *  the layout whose own bytes select it) */
  json?: Readonly<Record<string, unknown>>;
}) => StructDecl | undefined;

export interface MessageDecl {
  readonly type: number;
  readonly name: string;
  /** selects the NLM_F_ names of bits 8..11 */
  readonly op: 'get' | 'new' | 'del' | 'set' | 'other';
  readonly body?: StructDecl | BodySelector;
  readonly attrs?: AttrSet | ((ctx: SelectCtx) => AttrSet | undefined);
  /** the payload after the fixed header is text, not attributes (audit records): its JSON key */
  readonly text?: string;
  /** a layout without a name of its own (a generic netlink id the capture has not named yet):
   *  the JSON header shows the type number */
  readonly anonymous?: boolean;
}

export interface ProtocolDecl {
  readonly id: number;
  /** kernel name: NETLINK_ROUTE */
  readonly name: string;
  /** short name for the CLI: route */
  readonly short: string;
  readonly messages: ReadonlyMap<number, MessageDecl>;
  readonly byName: ReadonlyMap<string, MessageDecl>;
  /** multicast groups (RTNLGRP_*) */
  readonly groups?: EnumDecl;
  /** message types the static table lacks, found from what the capture said earlier
   *  (generic netlink: family ids learned from CTRL answers) */
  readonly resolve?: (type: number, session: Session | undefined) => MessageDecl | undefined;
  /** the same, by name, for encoding: `ethtool` -> its id in this capture */
  readonly resolveName?: (name: string, session: Session | undefined) => MessageDecl | undefined;
  /** learns from a message just decoded or encoded (its JSON form), in capture order */
  readonly learn?: (obj: Readonly<Record<string, unknown>>, session: Session) => void;
  /** protocols whose packets are not nlmsghdr-framed (kobject uevents: text) */
  readonly packet?: PacketCodec;
  /** whether a message's nlmsg_len counts its payload only, not the 16-byte header (kauditd's
   *  records to auditd do): given that len, the type, the bytes left in the packet from the
   *  message's start, the direction. The JSON header keeps the wire value; encoding writes it back. */
  readonly lenWithoutHeader?: (len: number, type: number, left: number, direction: Direction) => boolean;
  /** whether a GET's reply may come after its ACK (audit_send_reply hands replies to a kernel
   *  thread, while the ACK goes out at once): the analyzer then waits for it past the ACK */
  readonly repliesAfterAck?: boolean;
}

/** Whole-packet codec for protocols without netlink framing. Decode never throws. */
export interface PacketCodec {
  /** `trace`, when given, records the byte map (the teaching view) */
  decode(bytes: Uint8Array, direction: Direction, trace?: Tracer): { messages: Record<string, unknown>[]; problems: { code: string; offset: number; path: string; message: string }[] };
  encode(messages: readonly Record<string, unknown>[], direction: Direction): Uint8Array;
}

/** A protocol's declaration; `names` come from codecs/registry.ts (protocolNames), where each
 *  protocol's number and short name are declared once. */
export function protocol(names: { id: number; name: string; short: string }, messages: readonly MessageDecl[], groups?: EnumDecl): ProtocolDecl {
  return {
    ...names, groups,
    messages: new Map(messages.map((m) => [m.type, m])),
    byName: new Map(messages.map((m) => [m.name, m])),
  };
}

/** A message whose payload (after the fixed header, if any) is text:
 *  `textMsg(1107, 'AUDIT_USER_AVC', 'other')` decodes to `{"text": "audit(...): ..."}`. */
export function textMsg(type: number, name: string, op: MessageDecl['op'], body?: MessageDecl['body'], key = 'text'): MessageDecl {
  return { type, name, op, body, text: key };
}

/** Shorthand: `msg(16, 'RTM_NEWLINK', 'new', ifinfomsg, IFLA)`. */
export function msg(type: number, name: string, op: MessageDecl['op'], body?: MessageDecl['body'], attrSet?: MessageDecl['attrs']): MessageDecl {
  return { type, name, op, body, attrs: attrSet };
}
