// Layouts drawn from the declarations in codecs/: the C declaration of a struct, a table of
// offsets and sizes, an RFC-style byte diagram, the attributes of a set, and the whole shape
// of a message kind (nlmsghdr + fixed header + attributes). Used by `nlscope layout` and by
// the teaching view (`nlscope explain --html`).
import type { AttrSet, AttrValue, EnumDecl, FieldDecl, FlagsDecl, MessageDecl, ProtocolDecl, StructDecl } from '../codec/schema.js';
import { INT_SIZE, NLA_F_NESTED, NLA_F_NET_BYTEORDER, type Direction } from '../codec/schema.js';
import { PROTOCOLS } from '../../codecs/index.js';
import * as netlink from '../../codecs/netlink.js';
import * as route from '../../codecs/route/index.js';
import * as routeAddr from '../../codecs/route/addr.js';
import * as routeBridge from '../../codecs/route/bridge.js';
import * as routeLink from '../../codecs/route/link.js';
import * as routeMisc from '../../codecs/route/misc.js';
import * as routeNeigh from '../../codecs/route/neigh.js';
import * as routeNexthop from '../../codecs/route/nexthop.js';
import * as routeRoute from '../../codecs/route/route.js';
import * as routeRule from '../../codecs/route/rule.js';
import * as routeTc from '../../codecs/route/tc.js';
import * as sockDiag from '../../codecs/sock_diag/index.js';
import * as genl from '../../codecs/genl/index.js';
import * as netfilter from '../../codecs/netfilter/index.js';
import * as audit from '../../codecs/audit.js';
import * as xfrm from '../../codecs/xfrm.js';
import * as connector from '../../codecs/connector.js';

// ---------------------------------------------------------------- registry

const MODULES: ReadonlyArray<Record<string, unknown>> = [
  netlink, route, routeAddr, routeBridge, routeLink, routeMisc, routeNeigh, routeNexthop, routeRoute, routeRule, routeTc, sockDiag,
  genl, netfilter, audit, xfrm, connector,
];

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const isStruct = (v: unknown): v is StructDecl => isObj(v) && v.kind === 'struct' && Array.isArray(v.fields);
const isSet = (v: unknown): v is AttrSet => isObj(v) && v.kind === 'attrs' && v.byType instanceof Map;

export interface Registry {
  /** struct name -> distinct layouts of that name (copies with the same fields count once) */
  structs: Map<string, StructDecl[]>;
  /** attribute set name (IFLA, IFLA_INFO, INET_DIAG ...) -> set */
  sets: Map<string, AttrSet>;
  /** where each struct is carried: `IFLA > IFLA_STATS64` */
  usedBy: Map<StructDecl, string[]>;
}

let registry: Registry | undefined;

const signature = (s: StructDecl): string => s.fields.map((f) => `${f.name}:${typeof f.kind === 'object' ? signature(f.kind) : f.kind}:${f.size}:${f.count ?? ''}`).join(',');

/** Every struct and attribute set reachable from the codecs' exports and protocols. */
export function codecRegistry(): Registry {
  if (registry) return registry;
  const structs = new Map<string, StructDecl[]>();
  const sigs = new Map<string, StructDecl>();
  const sets = new Map<string, AttrSet>();
  const usedBy = new Map<StructDecl, string[]>();
  const addStruct = (s: StructDecl, where?: string): StructDecl => {
    const key = `${s.name}|${signature(s)}`;
    let canon = sigs.get(key);
    // The same layout declared twice (a family's genlmsghdr with its own command names, and the
    // plain one): show the declaration of the C struct, the one with its header.
    if (canon && !canon.header && s.header) {
      const list = structs.get(s.name)!;
      list[list.indexOf(canon)] = s;
      const u = usedBy.get(canon);
      if (u) { usedBy.set(s, u); usedBy.delete(canon); }
      sigs.set(key, s);
      canon = s;
    }
    if (!canon) {
      canon = s;
      sigs.set(key, s);
      const list = structs.get(s.name) ?? [];
      list.push(s);
      structs.set(s.name, list);
      for (const f of s.fields) if (typeof f.kind === 'object') addStruct(f.kind);
    }
    if (where) {
      const u = usedBy.get(canon) ?? [];
      if (!u.includes(where) && u.length < 8) u.push(where);
      usedBy.set(canon, u);
    }
    return canon;
  };
  const visitValue = (v: AttrValue, where: string): void => {
    switch (v.kind) {
      case 'struct': case 'structs': addStruct(v.struct, where); return;
      case 'records': addStruct(v.struct, where); visitSet(v.set()); return;
      case 'nest': visitSet(v.set()); return;
      case 'array': visitValue(v.item, `${where}[]`); return;
      default: return;
    }
  };
  const visitSet = (s: AttrSet): void => {
    if (sets.get(s.name) === s) return;
    if (!sets.has(s.name)) sets.set(s.name, s);
    else return;
    for (const a of s.byType.values()) visitValue(a.value, `${s.name} > ${a.name}`);
  };
  for (const p of PROTOCOLS) {
    for (const m of p.messages.values()) {
      for (const b of bodiesOf(m)) addStruct(b, m.name);
      if (isSet(m.attrs)) visitSet(m.attrs);
    }
  }
  for (const mod of MODULES) {
    for (const v of Object.values(mod)) {
      if (isStruct(v)) addStruct(v);
      else if (isSet(v)) visitSet(v);
    }
  }
  addStruct(netlink.nlmsghdr); addStruct(netlink.nlattr);
  registry = { structs, sets, usedBy };
  return registry;
}

/** The fixed headers a message kind can carry (selectors probed over the first two bytes). */
export function bodiesOf(m: MessageDecl, direction?: Direction): StructDecl[] {
  if (!m.body) return [];
  if (isStruct(m.body)) return [m.body];
  const sel = m.body;
  const seen: StructDecl[] = [];
  const probe = new Uint8Array(256);
  for (const dir of direction ? [direction] : (['to-kernel', 'to-user'] as const)) {
    for (let a = 0; a < 256; a++) {
      for (let b = 0; b < 256; b += b === 0 ? 1 : 1) {
        probe[0] = a; probe[1] = b;
        const st = sel({ direction: dir, bytes: probe, offset: 0, length: probe.length });
        if (st && !seen.includes(st)) seen.push(st);
      }
    }
  }
  return seen;
}

/** Finds a struct by name, preferring the real C struct (declared with its header). */
export function findStruct(name: string, fieldNames?: readonly string[]): StructDecl | undefined {
  const list = codecRegistry().structs.get(name);
  if (!list?.length) return undefined;
  if (fieldNames?.length) {
    const fit = list.find((s) => fieldNames.every((n) => s.fields.some((f) => f.name === n)));
    if (fit) return fit;
  }
  return list.find((s) => s.header) ?? list[0];
}

export function findMessage(name: string): { proto: ProtocolDecl; msg: MessageDecl } | undefined {
  for (const proto of PROTOCOLS) {
    const m = proto.byName.get(name) ?? proto.byName.get(name.toUpperCase());
    if (m) return { proto, msg: m };
  }
  return undefined;
}

// ---------------------------------------------------------------- C types

/** `enum TCP_STATE (TCP_ESTABLISHED, ...)`: the declaration's name and its first names. */
function namesOf(d: EnumDecl | FlagsDecl): string {
  const names = d.kind === 'enum' ? [...d.byValue.values()] : [...d.byName.keys()];
  return `${d.kind === 'enum' ? 'enum' : 'flags'} ${d.name} (${names.slice(0, 2).join(', ')}${names.length > 2 ? ', ...' : ''})`;
}

const C_INT: Record<string, string> = {
  u8: '__u8', u16: '__u16', u32: '__u32', u64: '__u64', s8: '__s8', s16: '__s16', s32: '__s32', s64: '__s64',
  be16: '__be16', be32: '__be32', be64: '__be64', sbe32: '__be32',
};

/** C type and array suffix of a field: `['__be32', '[4]']`. */
export function cType(f: FieldDecl): [string, string] {
  const k = f.kind;
  const count = f.count !== undefined ? `[${f.count}]` : '';
  if (typeof k === 'object') return [`struct ${k.name}`, count];
  if (k in C_INT) return [C_INT[k], count];
  switch (k) {
    case 'ip4': return ['__be32', count];
    case 'ip6': return ['__u8', `${count}[16]`];
    case 'inaddr': return ['__be32', `${count}[4]`];
    case 'mac': return ['unsigned char', `${count}[6]`];
    case 'string': return ['char', `${count}[${f.size}]`];
    default: return ['__u8', `${count}[${f.size}]`];
  }
}

/** What the engine makes of a field: byte order, enum or flag names, address text. */
export function fieldNote(f: FieldDecl): string {
  const k = f.kind;
  const notes: string[] = [];
  if (typeof k === 'object') notes.push(`struct, ${k.size} bytes`);
  else if (k.startsWith('be') || k === 'sbe32') notes.push(`network byte order${k === 'sbe32' ? ', signed' : ''}`);
  else if (k in INT_SIZE && INT_SIZE[k as keyof typeof INT_SIZE] > 1) notes.push('host byte order');
  if (k === 'ip4') notes.push('IPv4 address, network order');
  if (k === 'ip6') notes.push('IPv6 address, network order');
  if (k === 'inaddr') notes.push(`address by ${f.family ?? 'family'}, network order`);
  if (k === 'mac') notes.push('link-layer address');
  if (k === 'string') notes.push('NUL-padded string');
  if (f.enum) notes.push(namesOf(f.enum));
  if (f.flags) notes.push(namesOf(f.flags));
  if (f.hole) notes.push('alignment hole: no member in C');
  if (f.bits) notes.push(`bits ${f.bits.map((m) => bitRange(m.shift, m.width)).join(', ')}${f.bitsRest ? `; ${bitRange(f.bitsRest.shift, f.size * 8 - f.bitsRest.shift)} unused` : ''}`);
  return notes.join('; ');
}

/** `tcpi_snd_wscale:4, tcpi_rcv_wscale:4`: a bitfield's members as C declares them. */
const bitsDecl = (f: FieldDecl): string => f.bits!.map((m) => `${m.name}:${m.width}`).join(', ');
const bitRange = (shift: number, width: number): string => (width === 1 ? `${shift}` : `${shift}-${shift + width - 1}`);

/** The C declaration of a struct, with offsets as comments (embedded structs declared first). */
export function cDeclaration(s: StructDecl, done = new Set<string>()): string {
  const out: string[] = [];
  for (const f of s.fields) {
    if (typeof f.kind === 'object' && !done.has(f.kind.name)) { done.add(f.kind.name); out.push(cDeclaration(f.kind, done), ''); }
  }
  done.add(s.name);
  // an alignment hole is no member: a comment where its bytes are
  const rows = s.fields.map((f) => {
    const [t, suffix] = cType(f);
    if (f.hole) return { t: '', decl: '/* hole */' };
    return { t, decl: `${f.bits ? bitsDecl(f) : `${f.name}${suffix}`};` };
  });
  const tw = Math.max(...rows.map((r) => r.t.length));
  const dw = Math.max(...rows.map((r) => r.decl.length));
  out.push(`struct ${s.name} {${s.header ? `  /* <${s.header}> */` : ''}`);
  let off = 0;
  s.fields.forEach((f, i) => {
    const size = f.size * (f.count ?? 1);
    const note = fieldNote(f);
    out.push(`\t${rows[i].t.padEnd(tw)} ${rows[i].decl.padEnd(dw)} /* ${String(off).padStart(3)} +${String(size).padEnd(3)}${note ? ` ${note}` : ''} */`);
    off += size;
  });
  const tail = s.size - off;
  out.push(`};  /* sizeof ${s.size}${tail > 0 ? `: ${tail} bytes of trailing padding` : ''} */`);
  return out.join('\n');
}

// ---------------------------------------------------------------- tables

export interface Row { offset: number; size: number; name: string; type: string; note: string; depth: number }

/** Fields flattened (embedded structs expanded, indented), with absolute offsets. */
export function structRows(s: StructDecl, base = 0, depth = 0): Row[] {
  const rows: Row[] = [];
  let off = base;
  for (const f of s.fields) {
    const size = f.size * (f.count ?? 1);
    const [t, suffix] = cType(f);
    rows.push({ offset: off, size, name: f.bits ? '(bitfields)' : f.name, type: `${t}${suffix}`, note: fieldNote(f), depth });
    // each member of a bitfield: its bits of the unit
    for (const m of f.bits ?? []) {
      rows.push({ offset: off, size, name: m.name, type: `:${m.width}`, note: `bit${m.width > 1 ? 's' : ''} ${bitRange(m.shift, m.width)}${m.enum ? `; ${namesOf(m.enum)}` : ''}`, depth: depth + 1 });
    }
    if (typeof f.kind === 'object') {
      for (let i = 0; i < (f.count ?? 1); i++) rows.push(...structRows(f.kind, off + i * f.kind.size, depth + 1));
    }
    off += size;
  }
  if (depth === 0 && s.size > off - base) rows.push({ offset: off, size: s.size - (off - base), name: '(padding)', type: '', note: 'sizeof alignment', depth });
  return rows;
}

/** A box-drawn table. */
export function boxTable(headers: string[], rows: string[][], align: ('l' | 'r')[] = []): string {
  const w = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (l: string, m: string, r: string) => l + w.map((n) => '─'.repeat(n + 2)).join(m) + r;
  const fmt = (cells: string[]) => '│' + cells.map((c, i) => ' ' + (align[i] === 'r' ? c.padStart(w[i]) : c.padEnd(w[i])) + ' ').join('│') + '│';
  return [line('┌', '┬', '┐'), fmt(headers), line('├', '┼', '┤'), ...rows.map(fmt), line('└', '┴', '┘')].join('\n');
}

export function structTable(s: StructDecl, base = 0): string {
  const rows = structRows(s, base).map((r) => [String(r.offset), String(r.size), '  '.repeat(r.depth) + r.name, r.type, r.note]);
  return boxTable(['offset', 'size', 'field', 'C type', 'notes'], rows, ['r', 'r', 'l', 'l', 'l']);
}

/**
 * An RFC-style picture, 4 bytes a row: each field's cells span its bytes.
 *   0       1       2       3
 * +-------+-------+---------------+
 * |family | pad   |     type      |
 */
export function byteDiagram(cells: ReadonlyArray<{ offset: number; size: number; name: string }>, total: number, base = 0): string {
  const CW = 8; // characters per byte
  const out: string[] = [];
  out.push('       ' + [0, 1, 2, 3].map((i) => String(i).padEnd(CW)).join(''));
  const owner = (b: number) => cells.find((c) => b >= c.offset - base && b < c.offset - base + c.size);
  const border = (row: number) => {
    let s = '      +';
    for (let i = 0; i < 4; i++) {
      const b = row * 4 + i;
      if (b >= total) break;
      const o = owner(b);
      const cont = o && b - (o.offset - base) >= 4; // middle of a field spanning rows: no line
      s += (cont ? ' '.repeat(CW - 1) : '-'.repeat(CW - 1)) + '+';
    }
    return s;
  };
  const rowsN = Math.ceil(total / 4);
  for (let row = 0; row < rowsN; row++) {
    out.push(border(row));
    let s = String(base + row * 4).padStart(5) + ' |';
    for (let i = 0; i < 4;) {
      const b = row * 4 + i;
      if (b >= total) break;
      const o = owner(b);
      const start = o ? o.offset - base : b;
      const endInRow = Math.min(o ? start + o.size : b + 1, (row + 1) * 4, total);
      const nBytes = endInRow - b;
      const width = nBytes * CW - 1;
      let label = '';
      if (o && start === b) label = o.name;
      else if (o && start < row * 4 && b === row * 4 && start + o.size > (row + 1) * 4 && row === Math.floor(start / 4) + 1) label = '';
      if (label.length > width) label = label.slice(0, Math.max(width - 1, 1)) + (width > 1 ? '…' : '');
      const padL = Math.floor((width - label.length) / 2);
      s += ' '.repeat(padL) + label + ' '.repeat(width - label.length - padL) + '|';
      i += nBytes;
    }
    out.push(s);
  }
  // bottom border
  let s = '      +';
  const last = (rowsN - 1) * 4;
  for (let b = last; b < Math.min(last + 4, total); b++) s += '-'.repeat(CW - 1) + '+';
  out.push(s);
  return out.join('\n');
}

export function structDiagram(s: StructDecl, base = 0): string {
  const cells: { offset: number; size: number; name: string }[] = [];
  let off = base;
  for (const f of s.fields) { const size = f.size * (f.count ?? 1); cells.push({ offset: off, size, name: f.name }); off += size; }
  if (s.size > off - base) cells.push({ offset: off, size: s.size - (off - base), name: 'pad' });
  return byteDiagram(cells, s.size, base);
}

// ---------------------------------------------------------------- attribute sets

/** How an attribute value is declared, in words. */
export function describeValue(v: AttrValue): string {
  switch (v.kind) {
    case 'int': return `${v.int}${v.int.startsWith('be') || v.int === 'sbe32' ? ' (network order)' : ''}${v.enum ? ` ${namesOf(v.enum)}` : ''}${v.flags ? ` ${namesOf(v.flags)}` : ''}`;
    case 'scalar': return v.scalar === 'string' ? 'string (NUL-terminated)' : v.scalar === 'flag' ? 'flag (no payload)' : v.scalar;
    case 'nest': return `nest of ${v.set().name}_*`;
    case 'array': return `indexed array of ${describeValue(v.item)}`;
    case 'struct': return `struct ${v.struct.name} (${v.struct.size} bytes)`;
    case 'structs': return `array of struct ${v.struct.name} (${v.struct.size} bytes each)`;
    case 'records': return `list of struct ${v.struct.name} + ${v.set().name}_* (${v.lenField} covers both)`;
    case 'select': return 'chosen by context (kind, family ...)';
    default: return 'value';
  }
}

export function setTable(set: AttrSet): string {
  const rows = [...set.byType.values()].sort((a, b) => a.type - b.type).map((a) => [
    String(a.type), a.name, describeValue(a.value), [a.flagBits && a.flagBits & NLA_F_NESTED ? 'NLA_F_NESTED' : '', a.flagBits && a.flagBits & NLA_F_NET_BYTEORDER ? 'NLA_F_NET_BYTEORDER' : '', a.multi ? 'repeats' : ''].filter(Boolean).join(', '),
  ]);
  return boxTable(['nla_type', 'name', 'value', 'notes'], rows, ['r', 'l', 'l', 'l']);
}

// ---------------------------------------------------------------- the command's text

export interface LayoutOptions { direction?: Direction }

/** Full text for `nlscope layout NAME`, or undefined when the name is unknown. */
export function renderLayout(name: string, opts: LayoutOptions = {}): string | undefined {
  const reg = codecRegistry();
  const m = findMessage(name);
  if (m) return renderMessage(m.proto, m.msg, opts);
  const structs = reg.structs.get(name);
  if (structs?.length) return structs.map((s) => renderStruct(s)).join('\n\n');
  const set = reg.sets.get(name) ?? reg.sets.get(name.toUpperCase());
  if (set) return renderSet(set);
  return undefined;
}

/** What the C header says in comments, for the two structs every message is made of. */
const FOOTNOTES: Record<string, string> = {
  nlattr: [
    'nla_len counts the 4-byte header plus the value, not the padding; the next attribute starts at NLA_ALIGN(nla_len) (a multiple of 4).',
    'nla_type: bit 15 NLA_F_NESTED (the value is attributes), bit 14 NLA_F_NET_BYTEORDER (an integer value in network order), bits 0..13 the type (NLA_TYPE_MASK).',
  ].join('\n'),
  nlmsghdr: [
    'nlmsg_len counts the header, the fixed header and the attributes; the next message starts at NLMSG_ALIGN(nlmsg_len).',
    'nlmsg_type: 1..15 are control messages (NLMSG_NOOP, NLMSG_ERROR, NLMSG_DONE, NLMSG_OVERRUN), family types start at 16 (NLMSG_MIN_TYPE).',
    'nlmsg_flags: bits 0..5 common (NLM_F_REQUEST, NLM_F_MULTI, NLM_F_ACK, NLM_F_ECHO ...), bits 8..11 by kind of request (GET: ROOT/MATCH/ATOMIC, NEW: REPLACE/EXCL/CREATE/APPEND ...).',
  ].join('\n'),
};

export function renderStruct(s: StructDecl, base = 0): string {
  const used = codecRegistry().usedBy.get(s);
  const title = `struct ${s.name}: ${s.size} bytes${s.header ? `, <${s.header}>` : ' (nlscope layout, not a C struct of its own)'}`;
  return [
    title,
    used?.length ? `carried by: ${used.join(', ')}` : undefined,
    '',
    cDeclaration(s),
    '',
    structTable(s, base),
    '',
    structDiagram(s, base),
    FOOTNOTES[s.name] ? `\n${FOOTNOTES[s.name]}` : undefined,
  ].filter((x) => x !== undefined).join('\n');
}

function renderSet(set: AttrSet): string {
  return [
    `attribute set ${set.name}_*: each one a struct nlattr (4 bytes: nla_len, nla_type) then the value, padded to 4 bytes (NLA_ALIGN)`,
    '',
    setTable(set),
  ].join('\n');
}

function renderMessage(proto: ProtocolDecl, m: MessageDecl, opts: LayoutOptions): string {
  const parts: string[] = [];
  const bodies = bodiesOf(m, opts.direction);
  parts.push(`${m.name} (nlmsg_type ${m.type}, ${proto.name}): struct nlmsghdr, ${bodies.length === 1 ? `struct ${bodies[0].name}` : bodies.length ? 'a fixed header chosen by family and direction' : 'no fixed header'}, then ${m.text === undefined ? 'attributes' : `text (${m.text})`}`);
  parts.push('');
  const cells: { offset: number; size: number; name: string }[] = [];
  const rows: string[][] = [];
  let off = 0;
  for (const f of netlink.nlmsghdr.fields) { cells.push({ offset: off, size: f.size, name: f.name }); rows.push([String(off), String(f.size), `nlmsghdr.${f.name}`, cType(f).join(''), fieldNote(f)]); off += f.size; }
  const body = bodies.length === 1 ? bodies[0] : undefined;
  if (body) {
    for (const r of structRows(body, 16)) {
      rows.push([String(r.offset), String(r.size), `${'  '.repeat(r.depth)}${r.depth ? '' : `${body.name}.`}${r.name}`, r.type, r.note]);
      if (r.depth === 0) cells.push({ offset: r.offset, size: r.size, name: r.name });
    }
    off = 16 + body.size;
    const aligned = 16 + Math.ceil(body.size / 4) * 4;
    if (aligned > off) { rows.push([String(off), String(aligned - off), '(NLMSG_ALIGN padding)', '', 'zeros']); cells.push({ offset: off, size: aligned - off, name: 'pad' }); off = aligned; }
  }
  // several fixed headers: at 16 comes the one the family byte (and the direction) chooses,
  // and the attributes only after it
  if (bodies.length > 1) rows.push([String(off), '...', 'fixed header chosen by family and direction', 'struct', `one of ${bodies.length} (below), NLMSG_ALIGNed`]);
  const setName = isSet(m.attrs) ? m.attrs.name : m.attrs ? 'chosen by family and direction' : undefined;
  if (setName) rows.push([bodies.length > 1 ? '...' : String(off), '...', `attributes ${setName}${isSet(m.attrs) ? '_*' : ''}`, 'struct nlattr + value', 'each padded to 4 bytes (NLA_ALIGN)']);
  parts.push(boxTable(['offset', 'size', 'field', 'C type', 'notes'], rows, ['r', 'r', 'l', 'l', 'l']));
  parts.push('');
  parts.push(byteDiagram(cells, off));
  if (bodies.length > 1) {
    parts.push('', `fixed headers by family and direction: ${bodies.map((b) => b.name).join(', ')}`);
    for (const b of bodies) parts.push('', renderStruct(b, 16));
  } else if (body) parts.push('', cDeclaration(body));
  if (isSet(m.attrs)) parts.push('', renderSet(m.attrs));
  return parts.join('\n');
}
