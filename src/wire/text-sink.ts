// A growable byte buffer for text output. Renderers write small pieces (a cached
// indented key, digits of a number, an ASCII value) straight as bytes: building a
// string per line and joining millions of them costs more than rendering them.

/** A constant piece of text (an indented `key: `) ready to write: its bytes as little-endian
 *  8-byte doubles, so writing it is a few 8-byte stores instead of a byte loop. */
export interface Piece {
  /** the bytes, zero-padded to a multiple of 8 */
  readonly words: Float64Array;
  readonly length: number;
}

export function piece(text: string): Piece {
  const p = pieceOf(Buffer.from(text, 'utf8'));
  if (!p) throw new Error(`piece ${JSON.stringify(text)}: bytes spell a NaN`);
  return p;
}

/** Bytes as a piece; undefined when 8 of them spell a NaN, which a load or store could change
 *  (a top byte of 0x7f or 0xff after one of 0xf0 or more: never in valid UTF-8). */
export function pieceOf(bytes: Uint8Array): Piece | undefined {
  const words = new Float64Array(Math.ceil(bytes.length / 8));
  new Uint8Array(words.buffer).set(bytes);
  return words.some(Number.isNaN) ? undefined : { words, length: bytes.length };
}

/**
 * Pieces (or entries holding them) made once per key, as renderers look them up per line. At
 * most `limit` are kept: keys from the wire (`#123`, `NAME~2`) are not a fixed set. A
 * null-prototype object, not a Map: its lookup by a property key took a third less time.
 */
export class KeyCache<T> {
  private readonly byKey: Record<string, T> = Object.create(null);
  private count = 0;

  constructor(private readonly make: (key: string) => T, private readonly limit = 10_000) {}

  get(key: string): T {
    let v = this.byKey[key];
    if (v === undefined) {
      v = this.make(key);
      if (this.count < this.limit) { this.byKey[key] = v; this.count++; }
    }
    return v;
  }
}

const EMPTY = Buffer.alloc(0);

/** Bytes kept free past the end of what is written: a piece's last word may overhang. */
const SLACK = 8;

export class TextSink {
  buf: Buffer;
  /** over buf, for word writes (generated renderers write through it too) */
  dv: DataView;
  pos = 0;

  /** the buffer last taken, which giveBack may return */
  private taken: Buffer | undefined;
  /** the first buffer, and whether a taker holds it (taken and not given back) */
  private readonly home: Buffer;
  private homeHeld = false;
  /** the last double `num` wrote and its text */
  private lastDouble = NaN;
  private lastDoubleText = 'NaN';

  /** `buf`: where to start writing (a buffer the caller chose: the CLI's is in the WebAssembly
   *  writer's memory), else one of `size` bytes. */
  constructor(private readonly size = 1 << 20, buf?: Buffer) {
    this.buf = this.home = buf ?? Buffer.allocUnsafe(size);
    this.dv = new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.byteLength);
  }

  /** Room for n more bytes (and the slack a piece's last word needs). */
  ensure(n: number): void {
    if (this.pos + n + SLACK <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.size, this.pos + n + SLACK));
    this.buf.copy(next, 0, 0, this.pos);
    this.use(next);
  }

  private use(b: Buffer): void {
    this.buf = b;
    this.dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  }

  bytes(b: Uint8Array): void {
    this.ensure(b.length);
    this.buf.set(b, this.pos);
    this.pos += b.length;
  }

  /** A constant piece: whole words (the overhang is overwritten by what follows, or ignored). */
  piece(k: Piece): void {
    this.ensure(k.length);
    this.pos = this.put(k, this.pos);
  }

  /** A piece's words at p (room made by the caller); returns where its text ends. */
  private put(k: Piece, p: number): number {
    const w = k.words, dv = this.dv;
    for (let i = 0, q = p; i < w.length; i++, q += 8) dv.setFloat64(q, w[i]!, true);
    return p + k.length;
  }

  /** A line of a tree: a piece (`<indent>key: `), a number (as `num`), a newline. One call
   *  and one check for room where a line's three writes took three of each. */
  keyNum(k: Piece, v: number): void {
    this.ensure(k.length + 11);
    let p = this.put(k, this.pos);
    if (v >= 0 && v < 0x80000000 && (v | 0) === v) p = digits(this.buf, p, v);
    else { this.pos = p; this.num(v); this.ensure(1); p = this.pos; }
    this.buf[p] = 10;
    this.pos = p + 1;
  }

  /** A line of a tree: a piece, text (as `text`), a newline. */
  keyText(k: Piece, s: string): void {
    const m = s.length;
    this.ensure(k.length + m * 3 + 1);
    const b = this.buf;
    let p = this.put(k, this.pos);
    for (let i = 0; i < m; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0x80) { p += b.write(s.slice(i), p, 'utf8'); break; }
      b[p++] = c;
    }
    b[p] = 10;
    this.pos = p + 1;
  }

  /** A line of a tree: a piece, bytes [from, to) of `src` as they are, a newline. */
  keyBytes(k: Piece, src: Uint8Array, from: number, to: number): void {
    this.ensure(k.length + to - from + 1);
    const b = this.buf;
    let p = this.put(k, this.pos);
    for (let i = from; i < to; i++) b[p++] = src[i]!;
    b[p] = 10;
    this.pos = p + 1;
  }

  /** Bytes [from, to) of what was written, written again (a packet's envelope, the same for
   *  each of its messages); they must still be there (not rewound over, not taken). */
  again(from: number, to: number): void {
    const n = to - from;
    this.ensure(n);
    const b = this.buf;
    let p = this.pos;
    // byte by byte: a segment is 20-100 bytes, where copyWithin's call into the runtime costs more
    for (let i = from; i < to; i++) b[p++] = b[i]!;
    this.pos = p;
  }

  byte(c: number): void {
    this.ensure(1);
    this.buf[this.pos++] = c;
  }

  /** Text of any length as UTF-8 in one call (a JSON line): Buffer's encoder, no per-character loop. */
  utf8(s: string): void {
    this.ensure(s.length * 3); // at most 3 bytes of UTF-8 per UTF-16 unit
    this.pos += this.buf.write(s, this.pos, 'utf8');
  }

  /** Any text, as UTF-8 (ASCII byte by byte, the rest through Buffer). */
  text(s: string): void {
    const n = s.length;
    this.ensure(n * 3);
    const b = this.buf;
    let p = this.pos;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0x80) { this.pos += b.write(s, this.pos, 'utf8'); return; }
      b[p++] = c;
    }
    this.pos = p;
  }

  /** A number as JavaScript prints it (String(n)): integers up to 2^53 digit by digit in
   *  integer arithmetic, the rest through JSON.stringify. Not String: V8 files a number's
   *  text in its number-to-string cache, which lives in the old generation, so each new
   *  counter or timestamp printed was old-space garbage (a 500 MB jsonl decode peaked 93 MiB
   *  against 75 MiB at 50 MB); JSON.stringify gives the same text in the young generation. */
  num(v: number): void {
    if (v >= 0 && v < 0x80000000 && (v | 0) === v) {
      this.ensure(10);
      this.pos = digits(this.buf, this.pos, v);
    } else if (Number.isSafeInteger(v)) {
      this.ensure(17);
      if (v < 0) { this.buf[this.pos++] = 45; v = -v; } // -
      this.pos = wholeDigits(this.buf, this.pos, v);
    } else if (Number.isFinite(v)) {
      // the text of the last one kept: a message's `time` is its packet's, the same for every
      // message of a dump's packet, and JSON.stringify of a double took ~290 ns on the bench VM
      if (v !== this.lastDouble) { this.lastDouble = v; this.lastDoubleText = JSON.stringify(v); }
      this.text(this.lastDoubleText);
    } else this.text(String(v));
  }

  /** Takes what was written; the sink starts over in a new buffer of its first size (the taker
   *  may hold on to the bytes, a stream until they are written). */
  take(): Buffer {
    this.taken = this.buf;
    if (this.buf === this.home) this.homeHeld = true;
    const out = this.buf.subarray(0, this.pos);
    this.use(EMPTY); // the next write allocates, unless the taker gives this one back first
    this.pos = 0;
    return out;
  }

  /** Starts over in the buffer just taken, when its taker is done with it (a write that
   *  completed at once) and nothing was written since: no new buffer per chunk. Or in the first
   *  buffer, when the one taken grew past it (a frame of megabytes of text) and no taker holds
   *  the first: the CLI's first buffer is the one the WebAssembly writer can write into. */
  giveBack(taken: Buffer): void {
    const last = this.taken;
    this.taken = undefined;
    if (this.buf !== EMPTY || last === undefined || taken.buffer !== last.buffer || taken.byteOffset !== last.byteOffset) return;
    if (last === this.home) this.homeHeld = false;
    this.use(this.homeHeld ? last : this.home);
  }

  toString(): string {
    return this.buf.toString('utf8', 0, this.pos);
  }
}

/** Writes an integer of [0, 2^53] at p (room for 16 digits); returns the end. */
export function wholeDigits(buf: Uint8Array, p: number, v: number): number {
  if (v < 0x80000000) return digits(buf, p, v);
  // the digits above the last nine (below 2^53 / 10^9 < 2^31), then those nine, zero-padded
  const hi = Math.floor(v / 1e9);
  return nineDigits(buf, digits(buf, p, hi), v - hi * 1e9);
}

/** Writes an integer of [0, 10^9) at p as nine digits, zero-padded (room for 9); returns the
 *  end. (The last nine digits of a large integer; a timestamp's nanoseconds.) */
export function nineDigits(buf: Uint8Array, p: number, v: number): number {
  for (let z = 100_000_000; z > v && z > 1; z = (z / 10) | 0) buf[p++] = 48;
  return digits(buf, p, v);
}

/** Writes a non-negative integer below 2^31 at p (room for 10 digits); returns the end.
 *  (TextSink.num, and generated renderers that write into the sink's buffer themselves.) */
export function digits(buf: Uint8Array, p: number, v: number): number {
  if (v < 10) { buf[p] = 48 + v; return p + 1; }
  const n = v < 100 ? 2 : v < 1000 ? 3 : v < 10000 ? 4 : v < 100000 ? 5 : v < 1000000 ? 6
    : v < 10000000 ? 7 : v < 100000000 ? 8 : v < 1000000000 ? 9 : 10;
  const end = p + n;
  let q = end, x = v;
  do {
    const d = (x / 10) | 0;
    buf[--q] = 48 + x - d * 10;
    x = d;
  } while (x !== 0);
  return end;
}
