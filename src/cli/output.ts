// Buffered stdout with back-pressure; a closed pipe (`| head`) ends quietly.
export class Output {
  private buf: string[] = [];
  private size = 0;
  closed = false;

  constructor(private readonly stream: NodeJS.WritableStream = process.stdout) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') { this.closed = true; return; }
      throw e;
    });
  }

  async line(s: string): Promise<void> {
    if (this.closed) return;
    this.buf.push(s, '\n');
    this.size += s.length + 1;
    if (this.size >= 1 << 16) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.closed || this.buf.length === 0) return;
    const chunk = this.buf.join('');
    this.buf = [];
    this.size = 0;
    // Wait for room, or for the error of a closed pipe (which the 'error' handler records).
    if (!this.stream.write(chunk)) await new Promise<void>((resolve) => {
      this.stream.once('drain', resolve);
      this.stream.once('error', () => resolve());
    });
  }
}

/** A one-line error for the user; never a stack trace. */
export function fail(message: string, code = 2): never {
  process.stderr.write(`nlscope: ${message}\n`);
  process.exit(code);
}
