// Buffered stdout with back-pressure; a closed pipe (`| head`) ends quietly.
// Lines are encoded straight into one byte buffer per chunk: no joined string, one
// UTF-8 pass, one write per megabyte.
const CHUNK = 1 << 20;

export class Output {
  private buf = Buffer.allocUnsafe(CHUNK);
  private pos = 0;
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
    // at most 3 bytes of UTF-8 per UTF-16 unit, and the newline
    if (this.pos + s.length * 3 + 1 > this.buf.length) {
      await this.flush();
      if (s.length * 3 + 1 > this.buf.length) this.buf = Buffer.allocUnsafe(s.length * 3 + 1);
    }
    this.pos += this.buf.write(s, this.pos, 'utf8');
    this.buf[this.pos++] = 10;
  }

  /** Bytes already encoded (rendered text). */
  async bytes(b: Uint8Array): Promise<void> {
    if (this.closed) return;
    await this.flush();
    await this.send(b);
  }

  async flush(): Promise<void> {
    if (this.closed || this.pos === 0) return;
    const chunk = this.buf.subarray(0, this.pos);
    // The stream may hold on to the chunk until written: continue in a new buffer.
    this.buf = Buffer.allocUnsafe(CHUNK);
    this.pos = 0;
    await this.send(chunk);
  }

  private async send(chunk: Uint8Array): Promise<void> {
    if (this.closed) return;
    // Wait for room, or for the close of the pipe (which the 'error' handler records).
    if (!this.stream.write(chunk)) await new Promise<void>((resolve) => {
      this.wake = resolve;
      this.stream.once('drain', resolve);
    });
    this.wake = undefined;
  }
}

/** A one-line error for the user; never a stack trace. */
export function fail(message: string, code = 2): never {
  process.stderr.write(`nlscope: ${message}\n`);
  process.exit(code);
}
