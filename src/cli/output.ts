// Buffered stdout with back-pressure; a closed pipe (`| head`) ends quietly.
// Output is encoded straight into one byte buffer (a TextSink) and written a megabyte at a
// time: lines through `line`, rendered text by writing into `sink` and calling `maybeFlush`.
import { TextSink } from '../wire/text-sink.js';
import { wasmBuffer } from '../wasm/run-writer.js';

const CHUNK = 1 << 20;

export class Output {
  /** the chunk being filled: written out past CHUNK bytes, with room for a frame's text
   *  beyond that (growing the buffer would copy the whole chunk). In the WebAssembly run
   *  writer's memory, which writes only there (src/wasm/run-writer.ts). */
  readonly sink = new TextSink(2 * CHUNK, wasmBuffer(2 * CHUNK));
  closed = false;
  /** resolves the wait for 'drain' when the pipe closes instead */
  private wake?: () => void;

  constructor(private readonly stream: NodeJS.WritableStream = process.stdout) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') { this.closed = true; this.wake?.(); return; }
      throw e;
    });
  }

  async line(s: string): Promise<void> {
    if (this.closed) return;
    this.sink.utf8(s);
    this.sink.byte(10);
    await this.maybeFlush();
  }

  /** Writes the chunk out once it is full; undefined (nothing to wait for) until then, so a
   *  caller per frame awaits only per chunk (an await is a turn of the event loop's queue). */
  maybeFlush(): Promise<void> | undefined {
    return this.sink.pos >= CHUNK ? this.flush() : undefined;
  }

  async flush(): Promise<void> {
    if (this.closed || this.sink.pos === 0) return;
    const chunk = this.sink.take();
    // Wait for room, or for the close of the pipe (which the 'error' handler records).
    if (!this.stream.write(chunk)) await new Promise<void>((resolve) => {
      this.wake = resolve;
      this.stream.once('drain', resolve);
    });
    // Standard output hands a chunk to the kernel before write returns when nothing is queued
    // (files, ttys, pipes on Linux): the buffer is free again. Other streams may keep it.
    else if (this.stream === process.stdout && process.stdout.writableLength === 0) this.sink.giveBack(chunk);
    this.wake = undefined;
  }
}

/** A one-line error for the user; never a stack trace. */
export function fail(message: string, code = 2): never {
  process.stderr.write(`nlscope: ${message}\n`);
  process.exit(code);
}
