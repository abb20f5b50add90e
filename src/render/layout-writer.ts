// Writing a struct straight from its bytes, for the text and JSON views of StructViews: a
// function generated per layout (and key set) that reads each field as the layout's decoder
// reads it and hands it to the field writers below, which every layout shares. So the output is
// the decoded object's, without the object.
import { exact, intToJson } from '../codec/ints.js';
import { READ, type Compiled, type Json } from '../codec/struct.js';
import type { EnumDecl, FlagsDecl, IntKind } from '../codec/schema.js';
import { digits, pieceOf, TextSink, wholeDigits, type Piece } from '../wire/text-sink.js';
import { BITS, NAMED, NEWLINE, QUOTE_BIG, RUN_KIND, wasmMemo, wasmMemoSet, wasmRun, writeRun, type WasmRun } from '../wasm/run-writer.js';

/** Writes a struct from its bytes at off (b and dv: the packet); `outer`, when the struct is a
 *  field of another, gives the families of its addresses, as to its decoder. */
export type LayoutWriter = (out: TextSink, b: Uint8Array, dv: DataView, off: number, outer?: Json) => void;

/** Writes field i, a struct (`inner`) at off, with its key, from its bytes (the room the layout
 *  reserved may be used up: the layout writer asks for it again). */
export type NestedWriter = (out: TextSink, i: number, inner: Compiled, b: Uint8Array, dv: DataView, off: number, outer: Json | undefined) => void;

/** Writes key i (value v) at the sink's position. */
export type FieldWriter = (out: TextSink, i: number, v: unknown) => void;

/** Bytes past a field's key for a small integer: 10 digits and a newline. */
const NUMBER_ROOM = 11;

/** What a layout writer reserves before its first field: every key with a small number, and
 *  the closing byte. `other` may use it up; the field writer asks for it again after that. */
const roomOf = (keys: readonly Piece[]): number => keys.reduce((n, k) => n + k.length + NUMBER_ROOM, 1);

/**
 * The keys of a layout's fields (text at one depth, or JSON) as the field writers use them:
 * every key's 8-byte words in one array. The writers are functions of the module taking this
 * table, not closures per layout: each closure was compiled by TurboFan on its own, one more
 * compile per layout and depth while the decode waited in slower code.
 */
export interface FieldTable {
  readonly words: Float64Array;
  /** key i's words are words[starts[i]] up to words[starts[i + 1]] */
  readonly starts: Int32Array;
  readonly lengths: Int32Array;
  /** 1: a newline after each field (text); 0: JSON's table */
  readonly nl: number;
  readonly room: number;
  /** writes field i when its value is not a small integer (the key too) */
  readonly other: FieldWriter;
}

export function fieldTable(keys: readonly Piece[], newline: boolean, other: FieldWriter): FieldTable {
  const starts = new Int32Array(keys.length + 1);
  keys.forEach((k, i) => { starts[i + 1] = starts[i]! + k.words.length; });
  const words = new Float64Array(starts[keys.length]!);
  keys.forEach((k, i) => words.set(k.words, starts[i]));
  return { words, starts, lengths: Int32Array.from(keys, (k) => k.length), nl: newline ? 1 : 0, room: roomOf(keys), other };
}

/** A field shown by name (an enum or flags of at most 32 bits): the text of each value met, as
 *  the field writer `other` writes it after the key, so a name is written as one piece. */
interface NamedField {
  readonly en: EnumDecl | undefined;
  readonly fl: FlagsDecl | undefined;
  readonly memo: Map<number, Piece>;
  /** the same texts for the WebAssembly writer: its table's address (0: none) */
  wasm: number;
}
/** Values kept per named field: a field's values are few (states, option bits) */
const MEMO_LIMIT = 256;

/**
 * The generated writer of a layout: each field read as the decoder reads it, then written by
 * `putField` into room reserved once for the keys and small numbers; `close`, when given, is a
 * byte written last (JSON's `}`). Consecutive plain integer fields (most of tcp_info) are
 * written by `putRun` from a table of offsets instead: one loop shared by every layout rather
 * than a call per field, so the generated function is smaller (TurboFan compiles it sooner)
 * and each field cheaper.
 */
export function layoutWriter(c: Compiled, t: FieldTable, close = -1, nested?: NestedWriter): LayoutWriter {
  // keys are the compiled layout's keys: one per field, or per member of a bitfield
  const runs: Int32Array[] = [];
  // each run's table for the WebAssembly writer, when it has one
  const wruns: Array<WasmRun | null> = [];
  const named: NamedField[] = [];
  const inners: Compiled[] = [];
  const code: string[] = [];
  // [offset, kind, key, named field or -1] of the fields not yet written, and the code that
  // writes the one pending entry when it stays alone
  let pending: number[] = [];
  let lone = '';
  const flush = () => {
    if (pending.length === 4) code.push(lone);
    else if (pending.length) {
      const run = Int32Array.from(pending);
      wruns.push(wasmRun(t, run, t.nl ? NEWLINE : QUOTE_BIG, (j) => named[j]!.wasm = wasmMemo()) ?? null);
      code.push(`$putRun(out, $t, dv, off, $runs[${runs.push(run) - 1}], $wruns[${wruns.length - 1}], $named);`);
    }
    pending = [];
  };
  const namedField = (en: EnumDecl | undefined, fl: FlagsDecl | undefined) => named.push({ en, fl, memo: new Map(), wasm: 0 }) - 1;
  // a field's variable (v3) that later code reads: an address family, say
  const readLater = (i: number): boolean => {
    const v = new RegExp(`\\bv${i}\\b`);
    return c.reads.fields.some((r, j) => j > i && v.test(r)) || c.reads.outs.some((os, j) => j > i && os.some((o) => v.test(o.expr)))
      || c.reads.late.some((o) => v.test(o.expr) || (o.when !== undefined && v.test(o.when)));
  };
  let k = 0, pos = 0;
  c.decl.fields.forEach((f, i) => {
    const kind = typeof f.kind === 'string' ? RUN_KIND[f.kind] : undefined;
    const read = c.reads.fields[i]!;
    const first = k;
    const puts = c.reads.outs[i]!.map((o) => `$put(out, $t, ${k++}, ${o.expr});`);
    if (kind && f.count === undefined && !f.bits && !f.enum && !f.flags) {
      // the run reads it itself: its variable only where later code needs it
      const needed = readLater(i);
      if (needed) code.push(read);
      pending.push(pos, kind, first, -1);
      lone = needed ? puts[0]! : `${read}\n${puts[0]!}`;
    } else if (kind && kind !== RUN_KIND.u64 && f.count === undefined && !f.bits && !readLater(i)) {
      // by name, from the text of the value kept the first time it was met
      const j = namedField(f.enum, f.flags);
      pending.push(pos, kind | NAMED, first, j);
      lone = `$putNamed(out, $t, ${first}, ${READ[f.kind as IntKind]!(`off + ${pos}`)}, $named[${j}]);`;
    } else if (kind && kind !== RUN_KIND.u64 && f.count === undefined && f.bits) {
      // each member an entry (by name when it has an enum); the unit read again per member,
      // and by the code here too where later code needs it (the bits no member covers)
      if (readLater(i)) code.push(read);
      f.bits.forEach((m, j) => pending.push(pos, kind | BITS | m.shift << 8 | m.width << 16 | (m.enum ? NAMED : 0), first + j, m.enum ? namedField(m.enum, undefined) : -1));
      lone = readLater(i) ? puts.join('\n') : `${read}\n${puts.join('\n')}`;
    } else if (nested !== undefined && c.reads.nested[i] !== undefined && !readLater(i)) {
      // a struct in the struct: written from its bytes by its own layout's writer, where its
      // object was decoded and written key by key
      const n = c.reads.nested[i]!;
      flush();
      code.push(`$nested(out, ${first}, $inners[${inners.push(n.compiled) - 1}], b, dv, off + ${pos}, ${n.outer});`, `out.ensure(${t.room});`);
    } else {
      flush();
      code.push(read, ...puts);
    }
    pos += f.size * (f.count ?? 1);
  });
  flush();
  const src = `return function write_${c.decl.name.replace(/\W/g, '_')}(out, b, dv, off, outer) {
let hi = 0;
${c.reads.head}
out.ensure(${t.room});
${code.join('\n')}
${c.reads.late.map((o) => `if (${o.when}) $put(out, $t, ${k++}, ${o.expr});`).join('\n')}
${close >= 0 ? `out.byte(${close});` : ''}
};`;
  return new Function('env', 'exact', '$put', '$putRun', '$putNamed', '$t', '$runs', '$wruns', '$named', '$nested', '$inners', src)(
    c.reads.env, exact, putField, putRun, putNamed, t, runs, wruns, named, nested, inners) as LayoutWriter;
}

/** Key i's 8-byte words at p (odv over the sink's buffer, room ensured); returns the key's end. */
function key(odv: DataView, t: FieldTable, i: number, p: number): number {
  const w = t.words;
  for (let j = t.starts[i]!, e = t.starts[i + 1]!, q = p; j < e; j++, q += 8) odv.setFloat64(q, w[j]!, true);
  return p + t.lengths[i]!;
}

/** Key i and v, a non-negative integer below 2^31, at p in the sink's buffer (room ensured;
 *  odv over buf): the key's 8-byte words, the digits, a newline when the table asks for one.
 *  Returns the end. */
function small(buf: Uint8Array, odv: DataView, t: FieldTable, i: number, v: number, p: number): number {
  p = key(odv, t, i, p);
  if (v < 10) buf[p++] = 48 + v; else p = digits(buf, p, v);
  if (t.nl) buf[p++] = 10;
  return p;
}

/** Key i and v, a non-negative integer up to 2^53, at p as `small` writes it: up to 6 bytes past
 *  the key's room, so the caller asks for the room again. */
function whole(buf: Uint8Array, odv: DataView, t: FieldTable, i: number, v: number, p: number): number {
  p = wholeDigits(buf, key(odv, t, i, p), v);
  if (t.nl) buf[p++] = 10;
  return p;
}

/** Field i of a NamedField, its raw value read: key and text in two runs of words. */
function putNamed(out: TextSink, t: FieldTable, i: number, raw: number, f: NamedField): void {
  let pc = f.memo.get(raw);
  if (pc === undefined) {
    const v = intToJson(raw, f.en, f.fl);
    pc = valuePiece(t, i, v);
    if (pc === undefined) { viaOther(out, t, i, v); return; }
    if (f.memo.size < MEMO_LIMIT) {
      f.memo.set(raw, pc);
      if (f.wasm) wasmMemoSet(f.wasm, raw, pc);
    }
  }
  const long = pc.length > NUMBER_ROOM;
  if (long) out.ensure(t.lengths[i]! + pc.length);
  const odv = out.dv, start = key(odv, t, i, out.pos), pw = pc.words;
  for (let j = 0, q = start; j < pw.length; j++, q += 8) odv.setFloat64(q, pw[j]!, true);
  out.pos = start + pc.length;
  if (long) out.ensure(t.room);
}

const SCRATCH = new TextSink(1 << 10);
/** What `other` writes after key i for v; undefined when it cannot be a piece. */
function valuePiece(t: FieldTable, i: number, v: unknown): Piece | undefined {
  SCRATCH.pos = 0;
  t.other(SCRATCH, i, v);
  return pieceOf(SCRATCH.buf.slice(t.lengths[i]!, SCRATCH.pos));
}

/** Field i: a small non-negative integer in place, any other value through the table's `other`. */
export function putField(out: TextSink, t: FieldTable, i: number, v: unknown): void {
  if (typeof v === 'number' && v >= 0 && v < 2147483648 && (v | 0) === v) out.pos = small(out.buf, out.dv, t, i, v, out.pos);
  else viaOther(out, t, i, v);
}

/** Field i through the table's `other` (which writes the key too), then the room again. */
function viaOther(out: TextSink, t: FieldTable, i: number, v: unknown): void {
  t.other(out, i, v);
  out.ensure(t.room);
}

/** A run of integer fields: [offset, kind, key, named field] entries (layoutWriter's), each
 *  read as the generated code reads it (READ in struct.ts). By the WebAssembly writer when the
 *  run has a table there (w) and the sink's buffer is in its memory, up to a named value it has
 *  no text of yet; the rest here, the position and buffer in locals (written back around a call
 *  that writes through the sink): per field, the key's words and the digits. */
export function putRun(out: TextSink, t: FieldTable, dv: DataView, off: number, run: Int32Array, w: WasmRun | null, named: readonly NamedField[]): void {
  let j = 0;
  if (w !== null) {
    j = 4 * writeRun(out, dv, off, w);
    if (j !== 0) out.ensure(t.room); // what the layout's later fields count on
    if (j === run.length) return;
  }
  let buf = out.buf, odv = out.dv, p = out.pos;
  for (; j < run.length; j += 4) {
    const at = off + run[j]!, kind = run[j + 1]!, i = run[j + 2]!;
    let v: number;
    switch (kind & 15) {
      case 1: v = dv.getUint8(at); break; // u8
      case 2: v = dv.getUint16(at, true); break; // u16
      case 3: v = dv.getUint32(at, true); break; // u32
      case 4: v = dv.getUint16(at, false); break; // be16
      case 5: v = dv.getUint32(at, false); break; // be32
      case 7: v = dv.getInt8(at); break; // s8
      case 8: v = dv.getInt16(at, true); break; // s16
      case 9: v = dv.getInt32(at, true); break; // s32
      default: { // 6: u64, as READ's u64 gives it (exact: a number below 2^53)
        const hi = dv.getUint32(at + 4, true), lo = dv.getUint32(at, true);
        if (hi === 0) { v = lo; break; }
        if (hi < 0x200000) { v = hi * 4294967296 + lo; break; }
        out.pos = p;
        viaOther(out, t, i, exact(lo, hi, false));
        buf = out.buf; odv = out.dv; p = out.pos;
        continue;
      }
    }
    if (kind & BITS) v = (v >>> (kind >> 8 & 31)) & (2 ** (kind >> 16 & 63) - 1);
    if (kind & NAMED) {
      out.pos = p;
      putNamed(out, t, i, v, named[run[j + 3]!]!);
      buf = out.buf; odv = out.dv; p = out.pos;
    } else if (v >= 0 && v < 2147483648) p = small(buf, odv, t, i, v, p);
    else if (v >= 0) { // up to 2^53: 16 digits, past the room of one
      out.pos = whole(buf, odv, t, i, v, p);
      out.ensure(t.room);
      buf = out.buf; odv = out.dv; p = out.pos;
    } else {
      out.pos = p;
      viaOther(out, t, i, v);
      buf = out.buf; odv = out.dv; p = out.pos;
    }
  }
  out.pos = p;
}
