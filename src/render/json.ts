// JSON of decoded messages, written as UTF-8 bytes straight into a TextSink: the same bytes as
// Buffer.from(JSON.stringify(value)), without the string in between. StructViews (DecodeOptions
// .views) are written from their packet bytes by a generated writer per layout, so a socket's
// tcp_info never becomes an object. This is most of `decode --format jsonl`'s time.
import { isIndexKey, StructView, type Compiled, type Json } from '../codec/struct.js';
import { KeyCache, piece, type Piece, type TextSink } from '../wire/text-sink.js';
import { fieldTable, layoutWriter, type LayoutWriter, type NestedWriter } from './layout-writer.js';

const NULL = piece('null'), TRUE = piece('true'), FALSE = piece('false');

/**
 * Writes `JSON.stringify(v)` as UTF-8 for the values a decode gives: plain objects, arrays,
 * strings, numbers, booleans, null and StructViews. Anything else (another class, an object
 * with its own toJSON) goes through JSON.stringify itself.
 */
export function writeJson(out: TextSink, v: unknown): void {
  switch (typeof v) {
    case 'string': writeString(out, v); return;
    case 'number': writeNumber(out, v); return;
    case 'boolean': out.piece(v ? TRUE : FALSE); return;
    case 'object':
      if (v === null) { out.piece(NULL); return; }
      if (v instanceof StructView) { writeView(out, v); return; }
      if (Array.isArray(v)) { writeArray(out, v); return; }
      if (isPlain(v)) { writeObject(out, v as Json); return; }
  }
  out.utf8(JSON.stringify(v) ?? 'null');
}

/** Where a list of JSON messages is: `array`, a JSON array's items (a comma before each but the
 *  first), else JSON lines; `started`, whether a message has been written. */
export interface JsonList { readonly array: boolean; started: boolean }

/** A comma if the list needs one before its next item. */
export function listItem(out: TextSink, list: JsonList): void {
  if (list.array && list.started) out.byte(44);
  list.started = true;
}

function isPlain(o: object): boolean {
  const proto = Object.getPrototypeOf(o);
  return (proto === Object.prototype || proto === null) && typeof (o as Json).toJSON !== 'function';
}

/** Skipped as an object's property, null as an array's item (as JSON.stringify does). */
const isAbsent = (v: unknown) => v === undefined || typeof v === 'function' || typeof v === 'symbol';

function writeObject(out: TextSink, o: Json): void {
  out.byte(123);
  let first = true;
  for (const k in o) {
    const v = o[k];
    if (isAbsent(v)) continue;
    // the usual values written here, the rest through writeJson
    const t = typeof v;
    const kp = KEYS.get(k);
    out.piece(first ? kp[0] : kp[1]);
    first = false;
    if (t === 'string') writeString(out, v as string);
    else if (t === 'number') writeNumber(out, v as number);
    else writeJson(out, v);
  }
  out.byte(125);
}

function writeArray(out: TextSink, a: unknown[]): void {
  out.byte(91);
  for (let i = 0; i < a.length; i++) {
    if (i) out.byte(44);
    const v = a[i];
    if (isAbsent(v)) out.piece(NULL);
    else writeJson(out, v);
  }
  out.byte(93);
}

/** Printable ASCII without `"` and `\` as it is; anything else as JSON.stringify escapes it. */
export function writeString(out: TextSink, s: string): void {
  const n = s.length;
  out.ensure(n + 2);
  const b = out.buf;
  let p = out.pos;
  b[p++] = 34;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c > 0x7e || c === 34 || c === 92) { out.utf8(JSON.stringify(s)); return; }
    b[p++] = c;
  }
  b[p++] = 34;
  out.pos = p;
}

function writeNumber(out: TextSink, v: number): void {
  if (Number.isFinite(v)) out.num(v);
  else out.piece(NULL);
}

/** `"key":` and `,"key":`, per key. */
const KEYS = new KeyCache<[Piece, Piece]>((key) => {
  const q = JSON.stringify(key);
  return [piece(`${q}:`), piece(`,${q}:`)];
});

// ---------------------------------------------------------------- struct views

const WRITERS = Symbol('json writers');
const FIELDS = Symbol('json fields writers');

/** A layout's writer made by `make`, kept on the layout under `key` (null: none, it threw or
 *  declined). */
function writerOf(c: Compiled, key: symbol, make: (c: Compiled) => LayoutWriter | null): LayoutWriter | null {
  const kept = c as Compiled & Record<symbol, LayoutWriter | null | undefined>;
  let w = kept[key];
  if (w === undefined) {
    try { w = make(c); } catch { w = null; }
    kept[key] = w;
  }
  return w;
}

function writeView(out: TextSink, v: StructView): void {
  structJson(out, v.compiled, v.b, v.dv, v.off);
}

/** The JSON of a whole struct at `off`, from its bytes, as writeJson writes its decoded object. */
export function structJson(out: TextSink, c: Compiled, b: Uint8Array, dv: DataView, off: number, outer?: Json): void {
  const w = writerOf(c, WRITERS, viewWriter);
  if (w) w(out, b, dv, off, outer);
  else writeJson(out, c.decode(b, dv, off, outer));
}

/** A struct field (inet_diag_msg's id) as writeJson writes its object: its key, then the struct
 *  from its bytes (keys: the layout's key pieces). */
const nestedJson = (keys: readonly Piece[]): NestedWriter => (out, i, inner, b, dv, off, outer) => {
  out.piece(keys[i]!);
  structJson(out, inner, b, dv, off, outer);
};

/** A struct's fields as more keys of an object already open, `,"a":1,"b":2`, as writeJson
 *  writes them (a message's fixed part: its fields are keys of the message's own object). */
export function fieldsJson(out: TextSink, c: Compiled, b: Uint8Array, dv: DataView, off: number): void {
  const w = writerOf(c, FIELDS, fieldsWriter);
  if (w) { w(out, b, dv, off); return; }
  const o = c.decode(b, dv, off, undefined);
  for (const k in o) {
    const v = o[k];
    if (isAbsent(v)) continue;
    out.piece(KEYS.get(k)[1]);
    writeJson(out, v);
  }
}

/** Whether a layout's decoded object has its keys once each, in field order (no repeated name,
 *  no array index, which objects list first). */
const oneKeyPerField = (names: readonly string[]): boolean => new Set(names).size === names.length && !names.some(isIndexKey);

/** fieldsJson's writer of a layout, as viewWriter's without the braces. */
function fieldsWriter(c: Compiled): LayoutWriter | null {
  const names = c.keys;
  if (!oneKeyPerField(names)) return null;
  if (names.length === 0) return () => {};
  const keys = names.map((n) => piece(`,${JSON.stringify(n)}:`));
  return layoutWriter(c, fieldTable(keys, false, (out, i, v) => { out.piece(keys[i]!); writeJson(out, v); }), -1, nestedJson(keys));
}

/**
 * The JSON of a layout, written from its bytes (layout-writer.ts): `{"a":1,"b":2}` with each key
 * and its comma as one piece. A layout whose decoded object would not have one key per field in
 * field order (a repeated name, an integer-like name that objects put first) or no field at all
 * keeps the decoded object.
 */
export function viewWriter(c: Compiled): LayoutWriter | null {
  const names = c.keys;
  if (names.length === 0 || !oneKeyPerField(names)) return null;
  const keys = names.map((n, i) => piece(`${i ? ',' : '{'}${JSON.stringify(n)}:`));
  return layoutWriter(c, fieldTable(keys, false, (out, i, v) => { out.piece(keys[i]!); writeJson(out, v); }), 125, nestedJson(keys));
}
