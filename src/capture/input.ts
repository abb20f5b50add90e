// Chunked input for the capture reader: a window of bytes over a stream of chunks.
// Records are read straight out of the chunk they lie in; only a record that straddles
// two chunks is copied (into a buffer of just that record), so memory stays flat.
import { closeSync, openSync, readSync } from 'node:fs';
import { releaseWasmBuffer, wasmBuffer } from '../wasm/run-writer.js';

export type ByteSource = string | NodeJS.ReadableStream | AsyncIterable<Uint8Array>;

const EMPTY = new Uint8Array(0);

function chunksOf(source: ByteSource, highWaterMark: number, ring: Buffer[] | undefined): AsyncIterator<Uint8Array | string> {
  if (typeof source === 'string') return fileChunks(source, highWaterMark, ring);
  return (source as AsyncIterable<Uint8Array | string>)[Symbol.asyncIterator]();
}

/** Buffers used in turn when chunks are reused: a chunk is overwritten three reads later. */
const CHUNK_RING = 3;

/**
 * A file in chunks read with readSync: a capture is read front to back as fast as it is
 * decoded, and a thread-pool round trip per chunk (createReadStream) left the decoder idle
 * for a third of its time. Each chunk is a new buffer (packets are views into it), unless
 * buffers are to be used in turn (`ring`, filled here up to CHUNK_RING, the caller's to give
 * back): fresh memory costs a page fault per 4 KiB, which was most of the read's time. (A FIFO
 * or /dev/stdin path works the same: readSync blocks until data comes.)
 */
async function* fileChunks(path: string, size: number, ring: Buffer[] | undefined): AsyncGenerator<Uint8Array> {
  // /dev/stdin is read as fd 0 itself: opening it again fails (ENXIO) when standard input is a
  // socket, as a parent process's pipe often is (node's child_process, systemd)
  const stdin = path === '/dev/stdin';
  const fd = stdin ? 0 : openSync(path, 'r');
  let turn = 0;
  try {
    for (;;) {
      // chunks used in turn are in the WebAssembly run writer's memory, which reads structs
      // there in place (src/wasm/run-writer.ts)
      const buf = ring ? (ring[turn++ % CHUNK_RING] ??= wasmBuffer(size) ?? Buffer.allocUnsafe(size)) : Buffer.allocUnsafe(size);
      let n: number;
      try { n = readSync(fd, buf, 0, size, null); } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'EAGAIN') { await new Promise((r) => setTimeout(r, 5)); continue; }
        throw e;
      }
      if (n === 0) return;
      yield n === size ? buf : buf.subarray(0, n);
    }
  } finally {
    if (!stdin) closeSync(fd);
  }
}

export class Input {
  /** The current window; bytes before `pos` are consumed. */
  buf: Uint8Array = EMPTY;
  view: DataView = new DataView(EMPTY.buffer);
  pos = 0;
  /** File offset of buf[0]. */
  private base = 0;
  /** Tail of a chunk whose head went into a straddling record. */
  private pending: Uint8Array | null = null;
  private it: AsyncIterator<Uint8Array | string>;
  private eof = false;
  /** Copy every chunk the source gives: for sources that reuse their buffers. */
  private copyChunks: boolean;
  /** Set when the source failed (missing file, read error). */
  error: Error | null = null;

  /** Chunks come from buffers used in turn (a file path with reuseChunks): these. */
  private reuse: boolean;
  private readonly ring: Buffer[] = [];

  constructor(source: ByteSource, opts: { highWaterMark?: number; copyChunks?: boolean; reuseChunks?: boolean } = {}) {
    this.reuse = typeof source === 'string' && (opts.reuseChunks ?? false);
    this.it = chunksOf(source, opts.highWaterMark ?? 1 << 20, this.reuse ? this.ring : undefined);
    this.copyChunks = opts.copyChunks ?? false;
  }

  get avail(): number { return this.buf.length - this.pos; }
  /** File offset of the next unread byte. */
  get offset(): number { return this.base + this.pos; }
  /** Bytes left in the whole input are known to be exactly `avail` (end of input reached). */
  get atEnd(): boolean { return this.eof && this.pending === null; }

  private async nextChunk(): Promise<Uint8Array | null> {
    if (this.pending) { const p = this.pending; this.pending = null; return p; }
    while (!this.eof) {
      let r: IteratorResult<Uint8Array | string>;
      try { r = await this.it.next(); } catch (e) {
        this.error = e instanceof Error ? e : new Error(String(e));
        this.eof = true;
        return null;
      }
      if (r.done) { this.eof = true; return null; }
      const v = r.value;
      const c = typeof v === 'string' ? Buffer.from(v, 'latin1') : v;
      if (c.length === 0) continue;
      // Plain Uint8Array views (not Buffer) so packet data compares and serialises the same whatever the source.
      return this.copyChunks ? new Uint8Array(c) : new Uint8Array(c.buffer, c.byteOffset, c.length);
    }
    return null;
  }

  /**
   * Make at least n bytes available from pos. Returns false if the input ends first
   * (then everything left is in the window). The caller bounds n before asking.
   */
  async fill(n: number): Promise<boolean> {
    if (this.avail >= n) return true;
    const parts: Uint8Array[] = [];
    let have = this.avail;
    if (have > 0) parts.push(this.buf.subarray(this.pos));
    let reads = 0;
    let copied = 0;
    while (have < n) {
      // A record longer than two chunks (or short reads from a FIFO): with buffers used in
      // turn, the next read would overwrite one that parts still shows; copy those first
      if (this.reuse && ++reads >= CHUNK_RING) for (; copied < parts.length; copied++) parts[copied] = parts[copied]!.slice();
      const c = await this.nextChunk();
      if (!c) break;
      parts.push(c);
      have += c.length;
    }
    let next: Uint8Array;
    if (parts.length === 0) next = EMPTY;
    else if (parts.length === 1) next = parts[0]!;
    else {
      // Straddling: copy only the n bytes needed; the rest of the last chunk waits untouched.
      const last = parts[parts.length - 1]!;
      const over = have - n;
      if (over > 0) {
        this.pending = last.subarray(last.length - over);
        parts[parts.length - 1] = last.subarray(0, last.length - over);
        have = n;
      }
      next = new Uint8Array(have);
      let o = 0;
      for (const p of parts) { next.set(p, o); o += p.length; }
    }
    this.base += this.pos;
    this.pos = 0;
    this.buf = next;
    this.view = new DataView(next.buffer, next.byteOffset, next.byteLength);
    return have >= n;
  }

  /** Stop the source (closes the file when we opened it). The reader's consumer is done with
   *  its packets then, so the chunks used in turn go back (those in the WebAssembly writer's
   *  memory serve the next reader; fileChunks ends at the end of the file, while the window
   *  still shows its last chunk, so not there). */
  async close(): Promise<void> {
    try { await this.it.return?.(); } catch { /* already failed: nothing to close */ }
    for (const b of this.ring.splice(0)) releaseWasmBuffer(b);
  }
}
