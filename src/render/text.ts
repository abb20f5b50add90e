// A tree per packet, like `tshark -V`, with the kernel's names.
// Written for speed (a capture of gigabytes renders millions of lines): bytes go straight
// into a TextSink; the indented `key: ` of each line is encoded once per key and depth.
import { MESSAGE_KEYS, type DecodedFrame } from '../stream/messages.js';
import type { CapturedPacket } from '../capture/types.js';
import { StructView, type Compiled, type Json } from '../codec/struct.js';
import { KeyCache, nineDigits, piece, TextSink, type Piece } from '../wire/text-sink.js';
import { fieldTable, layoutWriter, type LayoutWriter } from './layout-writer.js';
import { ERRNO } from '../../codecs/netlink.js';
import { attributeName, protocolId } from '../../codecs/registry.js';

/** a message's keys that are not lines of its own */
const SKIP = MESSAGE_KEYS;
const pad = (depth: number) => '  '.repeat(depth);
const NL = 10;

/** The `2026-11-25T16:33:29` of a capture second, as a piece (one Date per second of capture). */
let lastSec = NaN;
let lastSecPiece: Piece = piece('');
function secondPiece(sec: number): Piece {
  if (sec !== lastSec) {
    lastSec = sec;
    lastSecPiece = piece(new Date(sec * 1000).toISOString().slice(0, 19));
  }
  return lastSecPiece;
}

/** `2026-11-25T16:33:29.120112000` for a capture timestamp: the second, a dot, 9 digits of ns. */
function timestampInto(out: TextSink, sec: number, nsec: number): void {
  out.piece(secondPiece(sec));
  out.ensure(10);
  const b = out.buf;
  let p = out.pos;
  b[p++] = 46; // .
  // nanoseconds below 10^9 (the reader's), zero-padded to 9 digits; anything else as it is
  if (nsec >= 0 && nsec < 1e9 && (nsec | 0) === nsec) {
    out.pos = nineDigits(b, p, nsec);
  } else {
    out.pos = p;
    out.num(nsec);
  }
}

const DIRECTION: Record<string, Piece> = {};
const directionPiece = (d: string): Piece => (DIRECTION[d] ??= piece(`, ${d}, `));

export function renderFrame(f: DecodedFrame): string {
  const sink = new TextSink(1 << 14);
  renderFrameInto(sink, f);
  sink.pos--; // the last newline
  return sink.toString();
}

/** `renderFrame` into a sink, with a newline after every line, the last one too. `frameLine`:
 *  whether the `Frame N:` line comes first (not for a later part of a packet decoded in parts,
 *  which continues the frame's message list). */
export function renderFrameInto(out: TextSink, f: DecodedFrame, frameLine = !f.part): void {
  if (frameLine) frameLineInto(out, f.packet, f.messages[0]?.protocol ?? f.packet.protocol);
  messagesInto(out, f.messages);
}

/** `Frame 3: 1184 bytes, 2026-11-25T16:33:29.120112000, to-user, NETLINK_ROUTE` and its
 *  newline, piece by piece (`protocol`: as the packet's first message names it). */
export function frameLineInto(out: TextSink, p: CapturedPacket, protocol: unknown): void {
  out.piece(P_FRAME); out.num(p.frame);
  out.piece(P_COLON); out.num(p.data.length); out.piece(P_BYTES);
  if (p.truncated) { out.piece(P_OF); out.num(p.origLen); out.byte(41); }
  out.piece(P_COMMA);
  timestampInto(out, p.sec, p.nsec);
  out.piece(directionPiece(p.direction));
  scalarInto(out, protocol);
  out.byte(NL);
}

/** The lines of decoded messages: each one's `Netlink message` line, its fields, its problems. */
export function messagesInto(out: TextSink, messages: readonly Json[]): void {
  for (const m of messages) {
    const h = m.header as Json | undefined;
    if (h) messageLineInto(out, m.index, h.type, h.len, h.flags as string[], h.seq, h.pid);
    else if (typeof m.action === 'string') line(out, `  Uevent ${m.index}: ${m.action}@${m.devpath ?? ''}`);
    else line(out, `  Netlink data ${m.index}: unusable`);
    renderObject(out, m, 2, true);
    for (const pr of (m.problems as Array<{ offset: number; path: string; message: string }> | undefined) ?? []) {
      line(out, `    [problem at byte ${pr.offset}${pr.path ? `, ${pr.path}` : ''}: ${pr.message}]`);
    }
  }
}

/** `  Netlink message 0: RTM_NEWLINK  len=1184 flags=NLM_F_MULTI seq=1 pid=4242` and its newline,
 *  piece by piece (a message's index and header, as decoded). */
export function messageLineInto(out: TextSink, index: unknown, type: unknown, len: unknown, flags: readonly string[], seq: unknown, pid: unknown): void {
  out.piece(P_MESSAGE); scalarInto(out, index);
  out.piece(P_COLON); scalarInto(out, type);
  out.piece(P_LEN); scalarInto(out, len);
  out.piece(P_FLAGS);
  if (flags.length === 0) out.byte(48);
  for (let i = 0; i < flags.length; i++) { if (i) out.byte(124); out.text(flags[i]!); }
  out.piece(P_SEQ); scalarInto(out, seq);
  out.piece(P_PID); scalarInto(out, pid);
  out.byte(NL);
}

const P_FRAME = piece('Frame '), P_BYTES = piece(' bytes'), P_OF = piece(' (of '), P_COMMA = piece(', ');
const P_MESSAGE = piece('  Netlink message '), P_COLON = piece(': '), P_LEN = piece('  len='), P_FLAGS = piece(' flags=');
const P_SEQ = piece(' seq='), P_PID = piece(' pid=');

function line(out: TextSink, s: string): void {
  out.text(s);
  out.byte(NL);
}

/** A key at a depth: `<indent>key: ` (a leaf's line) and `<indent>key:` (a nest's) as pieces;
 *  `plain`: not one of SPECIAL_KEYS; `envelope`: one of SKIP (not a line of a message's own). */
export interface KeyEntry { readonly leaf: Piece; readonly head: Piece; readonly plain: boolean; readonly envelope: boolean }
/** per depth, the entries by key */
const KEYS: Array<KeyCache<KeyEntry>> = [];
export function keyEntry(depth: number, key: string): KeyEntry {
  const byKey = KEYS[depth] ??= new KeyCache((k) => {
    const head = `${pad(depth)}${k}:`;
    return { leaf: piece(`${head} `), head: piece(head), plain: !SPECIAL_KEYS.has(k), envelope: SKIP.has(k) };
  });
  return byKey.get(key);
}
function scalarInto(out: TextSink, v: unknown): void {
  switch (typeof v) {
    case 'string': out.text(v); return;
    case 'number': out.num(v); return;
    case 'boolean': out.text(v ? 'true' : 'false'); return;
    default:
      if (Array.isArray(v)) {
        if (v.length === 0) { out.byte(48); return; }
        scalarInto(out, v[0]);
        for (let i = 1; i < v.length; i++) { out.text(' | '); scalarInto(out, v[i]); }
        return;
      }
      if (v && typeof v === 'object' && '@raw' in v) { out.text('raw '); out.text(String((v as Json)['@raw'])); return; }
      out.text(JSON.stringify(v) ?? 'undefined');
  }
}

export function isLeaf(v: unknown): boolean {
  if (v === null || typeof v !== 'object') return true;
  if (Array.isArray(v)) {
    for (const x of v) if (x !== null && typeof x === 'object') return false;
    return true;
  }
  return '@raw' in (v as object);
}

const isMetaKey = (k: string) => k.charCodeAt(k.length - 1) === 64; // '@'

/** The fields of an object, one line each (nested objects indented); `NAME@` details as notes. */
function renderObject(out: TextSink, o: Json, depth: number, top = false): void {
  if (o instanceof StructView) { renderView(out, o, depth); return; } // an item of an array of structs
  let hasMeta = false;
  for (const k in o) if (isMetaKey(k)) { hasMeta = true; break; }
  for (const k in o) {
    if (isMetaKey(k)) continue;
    // one lookup of the key's entry per line: the envelope check and the line's pieces
    const e = keyEntry(depth, k);
    if (top && e.envelope) continue;
    const v = o[k];
    // the usual line, a number or text without a note, here; the rest through renderValue
    if (!hasMeta && e.plain) {
      const t = typeof v;
      if (t === 'number' || t === 'string') {
        out.piece(e.leaf);
        if (t === 'number') out.num(v as number); else out.text(v as string);
        out.byte(NL);
        continue;
      }
    }
    renderValue(out, k, v, depth, o, hasMeta, e);
  }
}

/** `<indent>key: value[ note]` and its newline, for a leaf value. */
export function leafLine(out: TextSink, key: Piece, v: unknown, note: string): void {
  out.piece(key);
  scalarInto(out, v);
  if (note) out.text(note);
  out.byte(NL);
}

/** The keys whose line depends on their parent (specialLine); an object loop writes every
 *  other number or text itself, and a struct with a field of these names renders generically. */
export const SPECIAL_KEYS = new Set(['error', 'error_name', 'NLMSGERR_ATTR_MISS_TYPE']);

/** The line of a key of SPECIAL_KEYS, named by its parent; false when it is an ordinary line. */
function specialLine(out: TextSink, key: string, v: unknown, depth: number, parent: Json): boolean {
  if (key === 'error_name') return true; // shown with error
  if (typeof v !== 'number') return false;
  const name = key === 'error'
    // NLMSG_ERROR's errno is named by the decoder (error_name); a dump's NLMSG_DONE carries one too
    ? parent.error_name ?? (v < 0 && (parent.header as Json | undefined)?.type === 'NLMSG_DONE' ? ERRNO.byValue.get(-v) : undefined)
    : missingAttribute(parent, v);
  if (!name) return false;
  line(out, `${pad(depth)}${key}: ${v} (${name})`);
  return true;
}

export function renderValue(out: TextSink, key: string, v: unknown, depth: number, parent: Json, parentHasMeta: boolean, kb = keyEntry(depth, key)): void {
  let note = '';
  if (parentHasMeta) {
    const meta = parent[`${key}@`];
    if (meta && !Array.isArray(meta) && typeof meta === 'object' && (meta as Json).flags) note = ` [${((meta as Json).flags as string[]).join('|') || 'no flags'}]`;
  }
  if (!kb.plain && specialLine(out, key, v, depth, parent)) return;
  if (v instanceof StructView) {
    out.piece(kb.head);
    if (note) out.text(note);
    out.byte(NL);
    renderView(out, v, depth + 1);
    return;
  }
  if (isLeaf(v)) { leafLine(out, kb.leaf, v, note); return; }
  out.piece(kb.head);
  if (note) out.text(note);
  out.byte(NL);
  if (Array.isArray(v)) {
    const p = pad(depth);
    for (let i = 0; i < v.length; i++) {
      const item = v[i];
      if (isLeaf(item)) { out.text(`${p}  [${i}]: `); scalarInto(out, item); out.byte(NL); }
      else {
        line(out, `${p}  [${i}]`);
        renderObject(out, item as Json, depth + 2);
      }
    }
    return;
  }
  renderObject(out, v as Json, depth + 1);
}

/** NLMSGERR_ATTR_MISS_TYPE's name: a type of the echoed request's own attribute set (inside a
 *  nest, NLMSGERR_ATTR_MISS_NEST, of the nest's set, which its offset alone does not give). */
function missingAttribute(err: Json, type: number): string | undefined {
  if (err.NLMSGERR_ATTR_MISS_NEST !== undefined || typeof err.protocol !== 'string') return undefined;
  const request = ((err.msg as Json | undefined)?.header as Json | undefined)?.type;
  const id = protocolId(err.protocol);
  return id !== undefined && typeof request === 'string' ? attributeName(id, request, type) : undefined;
}

// ---------------------------------------------------------------- struct views

const RENDERERS = Symbol('renderers');

/** Renders a struct from its bytes, as renderObject renders its decoded object. */
function renderView(out: TextSink, v: StructView, depth: number): void {
  structInto(out, v.compiled, v.b, v.dv, v.off, depth);
}

/** The lines of a whole struct at `off`, from its bytes, as renderObject writes its decoded object. */
export function structInto(out: TextSink, compiled: Compiled, b: Uint8Array, dv: DataView, off: number, depth: number, outer?: Json): void {
  const c = compiled as Compiled & { [RENDERERS]?: Array<LayoutWriter | null> };
  const byDepth = c[RENDERERS] ??= [];
  let r = byDepth[depth];
  if (r === undefined) {
    try { r = viewRenderer(c, depth); } catch { r = null; }
    byDepth[depth] = r;
  }
  if (r) r(out, b, dv, off, outer);
  else renderObject(out, c.decode(b, dv, off, outer), depth);
}

/**
 * The text of a layout at a depth, written from its bytes (layout-writer.ts): a small
 * non-negative integer in place, any other value as renderValue writes it (a leaf with the
 * layout's key piece at hand). Fields named `error` or `error_name` (which renderValue treats
 * by their parent) leave the layout to the generic path.
 */
export function viewRenderer(c: Compiled, depth: number): LayoutWriter | null {
  const names = c.keys;
  if (names.some((n) => SPECIAL_KEYS.has(n))) return null;
  const entries = names.map((n) => keyEntry(depth, n));
  const keys = entries.map((e) => e.leaf);
  const table = fieldTable(keys, true, (out, i, v) => {
    if (isLeaf(v)) leafLine(out, keys[i]!, v, '');
    else renderValue(out, names[i]!, v, depth, NO_PARENT, false);
  });
  // a struct field (inet_diag_msg's id) as renderValue writes its object: the key's line, then
  // its fields one level in
  return layoutWriter(c, table, -1, (out, i, inner, b, dv, off, outer) => {
    out.piece(entries[i]!.head);
    out.byte(NL);
    structInto(out, inner, b, dv, off, depth + 1, outer);
  });
}

export const NO_PARENT: Json = Object.freeze({}) as Json;
