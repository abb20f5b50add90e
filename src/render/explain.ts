// The teaching view: every byte of a packet's netlink data next to what it means. Built
// from the decoder's byte map (Tracer spans): a tree of fields whose leaves label each
// byte exactly once, rendered as an annotated hex dump (terminal) or JSON; the HTML page
// (explain-html.ts) uses the same model.
import type { Span } from '../codec/context.js';
import { toHex } from '../wire/bytes.js';
import { decodePacket } from '../codec/message.js';
import type { Direction } from '../codec/schema.js';
import type { Session } from '../codec/session.js';
import { protocolName } from '../../codecs/index.js';

/** A span of the decoder's byte map (offset from the start of the packet's netlink data, path,
 *  value, role, struct, wire type), with what the teaching view adds to it. */
export interface ExplainField extends Omit<Span, 'children'> {
  /** byte order of a multi-byte number or address */
  order?: 'host' | 'network';
  /** why network order: `be16 field`, `NLA_F_NET_BYTEORDER`, `address` */
  orderWhy?: string;
  /** the raw bytes of a leaf, hex */
  hex?: string;
  children?: ExplainField[];
}

export interface Explained {
  frame?: number;
  /** which message of the packet (when --index chose one) */
  index?: number;
  protocol: string | number;
  direction: string;
  /** bytes of netlink data in the packet */
  length: number;
  fields: ExplainField[];
  problems?: Array<{ code: string; offset: number; path: string; message: string }>;
}

const HOST_INTS = new Set(['u16', 'u32', 'u64', 's16', 's32', 's64', 'uint', 'sint', 'u32list', 'bitfield32']);
const NET_INTS = new Set(['be16', 'be32', 'be64', 'sbe32']);
const ADDRESSES = new Set(['ip', 'ip4', 'ip6', 'inaddr']);

/** JSON-safe copy of a decoded value (64-bit values may be bigint). */
function jsonSafe(v: unknown): unknown {
  if (typeof v === 'bigint') return v.toString();
  if (Array.isArray(v)) return v.map(jsonSafe);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, jsonSafe(x)]));
  return v;
}

function baseType(t: string): string {
  const i = t.indexOf('[');
  return i < 0 ? t : t.slice(0, i);
}

/** Turns the tracer's spans into the field tree (byte order and raw bytes on the leaves). */
export function explainSpans(data: Uint8Array, spans: readonly Span[]): ExplainField[] {
  const conv = (s: Span, parent?: Span): ExplainField => {
    const kids = s.children?.length ? s.children : undefined;
    const f: ExplainField = { offset: s.offset, length: s.length, path: s.path, role: s.role };
    if (s.struct) f.struct = s.struct;
    if (kids) {
      const v = s.value;
      if (v !== undefined && (v === null || typeof v !== 'object')) f.value = jsonSafe(v);
      f.children = kids.map((k) => conv(k, s));
      return f;
    }
    if (s.value !== undefined) f.value = jsonSafe(s.value);
    if (s.type) {
      f.type = s.type;
      const bt = baseType(s.type);
      const netFlag = s.role === 'value' && parent?.children?.some((c) => c.role === 'nla_type' && String(c.value).includes('NLA_F_NET_BYTEORDER'));
      if (NET_INTS.has(bt)) { f.order = 'network'; f.orderWhy = netFlag ? 'NLA_F_NET_BYTEORDER' : `${bt}`; }
      else if (ADDRESSES.has(bt)) { f.order = 'network'; f.orderWhy = 'address'; }
      else if (HOST_INTS.has(bt)) f.order = 'host';
    }
    f.hex = toHex(data, s.offset, s.offset + s.length);
    return f;
  };
  return spans.map((s) => conv(s));
}

/** The leaves (fields without children), in byte order. */
export function leavesOf(fields: readonly ExplainField[]): ExplainField[] {
  const out: ExplainField[] = [];
  const walk = (fs: readonly ExplainField[]) => { for (const f of fs) { if (f.children?.length) walk(f.children); else out.push(f); } };
  walk(fields);
  return out.sort((a, b) => a.offset - b.offset);
}

/** Where the leaves fail to tile [start, end) exactly once: gaps, overlaps, stragglers. */
export function tilingErrors(fields: readonly ExplainField[], start: number, end: number): string[] {
  const errs: string[] = [];
  let pos = start;
  for (const l of leavesOf(fields)) {
    if (l.offset > pos) errs.push(`bytes ${pos}..${l.offset - 1} have no field (before ${l.path})`);
    else if (l.offset < pos) errs.push(`${l.path} at ${l.offset} overlaps bytes up to ${pos - 1}`);
    pos = Math.max(pos, l.offset + l.length);
  }
  if (pos !== end) errs.push(`fields end at ${pos}, data at ${end}`);
  return errs;
}

// ---------------------------------------------------------------- values in words

function readUnsigned(hex: string, order: 'host' | 'network' | undefined): bigint {
  const bytes = hex.match(/../g) ?? [];
  const ordered = order === 'network' ? bytes : [...bytes].reverse();
  return ordered.length ? BigInt('0x' + ordered.join('')) : 0n;
}

const INT_WIDTH: Record<string, number> = { u8: 1, s8: 1, u16: 2, s16: 2, be16: 2, u32: 4, s32: 4, be32: 4, sbe32: 4, u64: 8, s64: 8, be64: 8 };

function quote(s: string): string {
  return JSON.stringify(s);
}

/** The value of a leaf as a person reads it: `RTM_NEWLINK (16)`, `IFF_UP|IFF_RUNNING (0x41)`, `"lo" + NUL`. */
export function describeLeaf(f: ExplainField, parent?: ExplainField): string {
  const hex = f.hex ?? '';
  const v = f.value;
  if (f.role === 'pad') {
    const zero = /^(00)*$/.test(hex);
    if (parent?.role === 'message') {
      // NLMSG_ALIGN pads a message to 4 bytes; more than that (zeros to the end of the packet,
      // which the kernel ignores) is not alignment padding
      const align = (4 - ((f.offset - parent.offset) % 4)) % 4;
      if (f.length > align) {
        return `${f.length} byte${f.length === 1 ? '' : 's'} after the message (nlmsg_len ${f.offset - parent.offset}${align ? `, ${align} of NLMSG_ALIGN padding` : ', aligned'}), to the end of the packet${zero ? '' : `, not zero: ${hex}`}`;
      }
    }
    const what = f.path.endsWith('.pad') && parent?.role === 'attr' ? 'NLA_ALIGN padding'
      : parent?.role === 'message' ? 'NLMSG_ALIGN padding'
        : parent?.role === 'struct' ? 'struct padding (sizeof)' : 'padding';
    return `${f.length} byte${f.length === 1 ? '' : 's'} of ${what}${zero ? '' : `, not zero: ${hex}`}`;
  }
  if (f.role === 'raw') return `raw ${hex}`;
  if (f.role === 'nla_len' && typeof v === 'number') {
    const padded = Math.ceil(v / 4) * 4;
    return `${v} = 4 header + ${v - 4} value${padded !== v ? `, next attribute at +${padded}` : ''}`;
  }
  if (f.role === 'nla_type') {
    const raw = Number(readUnsigned(hex, 'host'));
    const type = raw & 0x3fff;
    const flags = raw & 0xc000;
    const name = String(v).split(' | ')[0];
    const shown = String(v);
    if (flags) return `${shown} (0x${raw.toString(16).padStart(4, '0')} = ${type} | 0x${flags.toString(16)})`;
    return name === String(type) || typeof v === 'number' ? `${type}` : `${shown} (${type})`;
  }
  const bt = f.type ? baseType(f.type) : '';
  if (bt in INT_WIDTH && f.length === INT_WIDTH[bt] && !(v && typeof v === 'object' && !Array.isArray(v))) {
    let n = readUnsigned(hex, f.order ?? 'host');
    if (bt.startsWith('s')) { const bits = BigInt(f.length * 8); if (n >= 1n << (bits - 1n)) n -= 1n << bits; }
    if (Array.isArray(v)) return v.length ? `${v.join('|')} (0x${n.toString(16)})` : `0 (no flags)`;
    if (typeof v === 'string' && !/^-?\d+$/.test(v) && !v.startsWith('0x')) {
      // enum names, error codes already worded by the decoder ("-17 (EEXIST)")
      return /^-?\d+ \(/.test(v) ? v : `${v} (${n})`;
    }
    return String(v ?? n);
  }
  if (typeof v === 'string' && (bt === 'string')) {
    const textLen = new TextEncoder().encode(v).length;
    const nul = f.length - textLen;
    if (f.type === 'string') return nul > 0 ? `${quote(v)} + ${nul === 1 ? 'NUL' : `${nul} NULs`}` : `${quote(v)} (no NUL terminator)`;
    return nul > 0 ? `${quote(v)} + ${nul} NUL${nul === 1 ? '' : 's'} of padding` : quote(v); // char[N]
  }
  if (v === true && bt === 'flag') return 'true (flag: present, no payload)';
  if (v === undefined) return hex;
  if (typeof v === 'string') return v;
  return JSON.stringify(v);
}

/** The byte-order note of a leaf: `host order`, `network order (NLA_F_NET_BYTEORDER)`. */
export function orderNote(f: ExplainField): string {
  if (!f.type) return '';
  if (f.order === 'network') return `${f.type}, network order${f.orderWhy === 'NLA_F_NET_BYTEORDER' ? ' (NLA_F_NET_BYTEORDER)' : ''}`;
  if (f.order === 'host') return `${f.type}, host order`;
  return f.type;
}

// ---------------------------------------------------------------- terminal

export interface TextOptions {
  color: boolean;
  /** where the bytes came from: `frame 4 of captures/route-dump.pcap` */
  source?: string;
  /** bytes of hex per line */
  width?: number;
}

const ANSI: Record<string, string> = {
  header: '36', field: '32', nla_len: '33', nla_type: '33', value: '35', pad: '90', raw: '31', title: '1', dim: '2',
};

export function renderExplainText(ex: Explained, opts: TextOptions): string {
  const width = opts.width ?? 8;
  const paint = (code: string | undefined, s: string) => (opts.color && code ? `\x1b[${code}m${s}\x1b[0m` : s);
  const colorOf = (f: ExplainField) => f.struct === 'nlmsghdr' || f.struct === 'nlmsgerr' ? ANSI.header : ANSI[f.role];
  const out: string[] = [];
  const msgs = ex.fields.filter((f) => f.role === 'message').length;
  out.push(paint(ANSI.title, `${opts.source ? `${opts.source}: ` : ''}${ex.length} bytes of netlink data, ${ex.direction}, ${ex.protocol}, ${msgs} message${msgs === 1 ? '' : 's'}${ex.index !== undefined ? ` (showing message ${ex.index})` : ''}`));
  out.push(paint(ANSI.dim, 'offsets: decimal, from the start of the netlink data. host order: the sender\'s (little-endian on this capture); network order: big-endian.'));
  const hexw = width * 3 - 1;
  const walk = (fs: readonly ExplainField[], depth: number, parent?: ExplainField) => {
    for (const f of fs) {
      const ind = '  '.repeat(depth);
      if (f.children?.length) {
        out.push(paint(ANSI.title, `${' '.repeat(7 + hexw + 2)}${ind}${containerTitle(f)}`));
        walk(f.children, depth + 1, f);
        continue;
      }
      const bytes = (f.hex ?? '').match(/../g) ?? [];
      const first = bytes.slice(0, width).join(' ');
      const note = orderNote(f);
      const line = `${String(f.offset).padStart(5)}  ${paint(colorOf(f), first.padEnd(hexw))}  ${ind}${paint(colorOf(f), f.path)}  ${truncate(describeLeaf(f, parent), 400)}${note ? '  ' + paint(ANSI.dim, `[${note}]`) : ''}`;
      out.push(line);
      for (let i = width; i < bytes.length; i += width) {
        out.push(`${String(f.offset + i).padStart(5)}  ${paint(colorOf(f), bytes.slice(i, i + width).join(' '))}`);
      }
    }
  };
  walk(ex.fields, 0);
  for (const p of ex.problems ?? []) out.push(paint(ANSI.raw, `problem at byte ${p.offset}${p.path ? ` (${p.path})` : ''}: ${p.message}`));
  return out.join('\n');
}

function truncate(s: string, n: number): string {
  return s.length > n ? s.slice(0, n - 1) + '…' : s;
}

/** A container's heading: `RTM_NEWLINK: message, 1468 bytes at 0`. */
export function containerTitle(f: ExplainField): string {
  const at = `${f.length} bytes at ${f.offset}`;
  switch (f.role) {
    case 'message': return `${f.path}: netlink message, ${at}`;
    case 'struct': return `${f.path}: struct ${f.struct}, ${at}`;
    case 'record': return `${f.path}: struct ${f.struct} + attributes, ${at}`;
    case 'attr': {
      const t = f.children?.find((c) => c.role === 'nla_type');
      const nested = t && String(t.value).includes('NLA_F_NESTED') ? ', NLA_F_NESTED' : '';
      const kids = f.children?.filter((c) => c.role === 'attr').length ?? 0;
      return `${f.path}: attribute, ${at}${nested}${kids ? `, ${kids} nested attribute${kids === 1 ? '' : 's'}` : ''}`;
    }
    default: return `${f.path}: ${f.role}, ${at}`;
  }
}

// ---------------------------------------------------------------- from bytes


export interface ExplainOptions {
  protocol: number;
  direction: Direction;
  frame?: number;
  /** only the fields of this message (0-based); offsets stay relative to the packet */
  index?: number;
  /** what the capture said before this packet (generic netlink family ids) */
  session?: Session;
}

/** Decodes one packet's netlink data with the byte map on and builds the teaching view. */
export function explainBytes(data: Uint8Array, opts: ExplainOptions): Explained {
  const { spans, problems } = decodePacket(data, { protocol: opts.protocol, direction: opts.direction, trace: true, session: opts.session });
  let fields = explainSpans(data, spans ?? []);
  if (opts.index !== undefined) {
    const msgs = fields.filter((f) => f.role === 'message');
    const m = msgs[opts.index];
    if (!m) throw new RangeError(`message index ${opts.index} out of range: the packet holds ${msgs.length} message${msgs.length === 1 ? '' : 's'}`);
    fields = [m];
  }
  const ex: Explained = { protocol: protocolName(opts.protocol), direction: opts.direction, length: data.length, fields };
  if (opts.frame !== undefined) ex.frame = opts.frame;
  if (opts.index !== undefined) ex.index = opts.index;
  if (problems.length) ex.problems = problems;
  return ex;
}

/** The JSON document of `--format json`: the frame's description, then the field tree. */
export function explainJson(ex: Explained): string {
  const doc: Record<string, unknown> = {};
  if (ex.frame !== undefined) doc.frame = ex.frame;
  if (ex.index !== undefined) doc.index = ex.index;
  doc.protocol = ex.protocol;
  doc.direction = ex.direction;
  doc.length = ex.length;
  doc.fields = ex.fields;
  if (ex.problems) doc.problems = ex.problems;
  return JSON.stringify(doc, null, 1);
}
