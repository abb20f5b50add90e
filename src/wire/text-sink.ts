// A growable byte buffer for text output. Renderers write small pieces (a cached
// indented key, digits of a number, an ASCII value) straight as bytes: building a
// string per line and joining millions of them costs more than rendering them.
export class TextSink {
  buf: Buffer;
  pos = 0;

  constructor(private readonly size = 1 << 20) {
    this.buf = Buffer.allocUnsafe(size);
  }

  /** Room for n more bytes. */
  ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + n));
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }

  bytes(b: Uint8Array): void {
    const n = b.length;
    this.ensure(n);
    // short pieces (an indented key) copy faster by hand than through TypedArray.set
    if (n > 64) { this.buf.set(b, this.pos); this.pos += n; return; }
    const buf = this.buf;
    let p = this.pos;
    for (let i = 0; i < n; i++) buf[p++] = b[i]!;
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

  /** A number as JavaScript prints it (String(n)); small non-negative integers digit by digit. */
  num(v: number): void {
    if (!(v >= 0 && v <= 0xffffffff && v === Math.floor(v))) { this.text(String(v)); return; }
    this.ensure(10);
    if (v < 10) { this.buf[this.pos++] = 48 + v; return; }
    let digits = 1;
    for (let x = v; x >= 10; x = Math.floor(x / 10)) digits++;
    let p = this.pos + digits;
    this.pos = p;
    for (let x = v; ; ) {
      const q = Math.floor(x / 10);
      this.buf[--p] = 48 + (x - q * 10);
      if (q === 0) break;
      x = q;
    }
  }

  /** Takes what was written; the sink starts over in a new buffer of its first size (the taker
   *  may hold on to the bytes, a stream until they are written). */
  take(): Buffer {
    const out = this.buf.subarray(0, this.pos);
    this.buf = Buffer.allocUnsafe(this.size);
    this.pos = 0;
    return out;
  }

  toString(): string {
    return this.buf.toString('utf8', 0, this.pos);
  }
}
