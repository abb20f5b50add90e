// Buffered stdout with back-pressure; a closed pipe (`| head`) ends quietly.
export class Output {
  private buf: string[] = [];
  private size = 0;
  closed = false;

  constructor(private readonly stream: NodeJS.WritableStream = process.stdout) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') { this.closed = true; this.wake?.(); return; }
      throw e;
    });
  }

  /** resolves the wait for 'drain' when the pipe closes instead */
  private wake?: () => void;

  async line(s: string): Promise<void> {
    if (this.closed) return;
    this.buf.push(s);
    this.size += s.length + 1;
    if (this.size >= 1 << 18) await this.flush();
  }

  /** Many lines at once (a rendered frame), joined only once, at flush. */
  async lines(ls: readonly string[]): Promise<void> {
    if (this.closed) return;
    for (const s of ls) { this.buf.push(s); this.size += s.length + 1; }
    if (this.size >= 1 << 18) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.closed || this.buf.length === 0) return;
    this.buf.push('');
    const chunk = this.buf.join('\n');
    this.buf = [];
    this.size = 0;
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
