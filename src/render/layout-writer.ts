// Writing a struct straight from its bytes, for the text and JSON views of StructViews: a
// function generated per layout (and key set) that reads each field as the layout's decoder
// reads it and hands it to one shared field writer. So the output is the decoded object's,
// without the object.
import { exact } from '../codec/ints.js';
import type { Compiled } from '../codec/struct.js';
import { digits, type Piece, type TextSink } from '../wire/text-sink.js';

/** Writes a struct from its bytes at off (b and dv: the packet). */
export type LayoutWriter = (out: TextSink, b: Uint8Array, dv: DataView, off: number) => void;

/** Writes key i (value v) at the sink's position. */
export type FieldWriter = (out: TextSink, i: number, v: unknown) => void;

/** Bytes past a field's key for a small integer: 10 digits and a newline. */
const NUMBER_ROOM = 11;

/** What a layout writer reserves before its first field: every key with a small number, and
 *  the closing byte. `other` may use it up; the field writer asks for it again after that. */
const roomOf = (keys: readonly Piece[]): number => keys.reduce((n, k) => n + k.length + NUMBER_ROOM, 1);

/**
 * The generated writer of a layout: each field read as the decoder reads it, then written by
 * `put` (fieldWriter) into room reserved once for the keys and small numbers; `close`, when
 * given, is a byte written last (JSON's `}`).
 */
export function layoutWriter(c: Compiled, keys: readonly Piece[], put: FieldWriter, close = -1): LayoutWriter {
  // keys are the compiled layout's keys: one per field, or per member of a bitfield
  let k = 0;
  const src = `return function write_${c.decl.name.replace(/\W/g, '_')}(out, b, dv, off) {
const outer = undefined;
let hi = 0;
${c.reads.head}
out.ensure(${roomOf(keys)});
${c.reads.fields.map((read, i) => `${read}\n${c.reads.outs[i]!.map((o) => `put(out, ${k++}, ${o.expr});`).join('\n')}`).join('\n')}
${c.reads.late.map((o) => `if (${o.when}) put(out, ${k++}, ${o.expr});`).join('\n')}
${close >= 0 ? `out.byte(${close});` : ''}
};`;
  return new Function('env', 'exact', 'put', src)(c.reads.env, exact, put) as LayoutWriter;
}

/**
 * Writes field i: a small non-negative integer in place (its key's 8-byte words, the digits,
 * a newline when asked for; room for it was ensured), any other value through `other` (which
 * writes the key too). One call per field rather than this code written out per field: that
 * made a layout's writer so big that TurboFan took 0.3-0.5 s to compile it (tcp_info, ipv6
 * devconf), most of a short decode's time, for a steady speed no better.
 */
export function fieldWriter(keys: readonly Piece[], newline: boolean, other: FieldWriter): FieldWriter {
  const starts = new Int32Array(keys.length + 1);
  keys.forEach((k, i) => { starts[i + 1] = starts[i]! + k.words.length; });
  const W8 = new Float64Array(starts[keys.length]!);
  keys.forEach((k, i) => W8.set(k.words, starts[i]));
  const lengths = Int32Array.from(keys, (k) => k.length);
  const nl = newline ? 1 : 0;
  const room = roomOf(keys);
  return (out: TextSink, i: number, v: unknown): void => {
    if (typeof v === 'number' && v >= 0 && v < 2147483648 && (v | 0) === v) {
      const buf = out.buf, odv = out.dv;
      let p = out.pos;
      for (let j = starts[i]!, e = starts[i + 1]!, q = p; j < e; j++, q += 8) odv.setFloat64(q, W8[j]!, true);
      p += lengths[i]!;
      if (v < 10) buf[p++] = 48 + v; else p = digits(buf, p, v);
      if (nl) buf[p++] = 10;
      out.pos = p;
    } else {
      other(out, i, v);
      out.ensure(room);
    }
  };
}
