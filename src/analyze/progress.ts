// A progress bar on stderr, drawn only when stderr is a terminal (nothing when piped).
import { statSync } from 'node:fs';
import type { Progress } from './index.js';

export class ProgressBar {
  private last = 0;
  private drawn = false;
  private readonly total: number;

  constructor(file: string, private readonly stream: NodeJS.WriteStream = process.stderr, private readonly enabled = !!stream.isTTY) {
    let size = 0;
    try { size = statSync(file).size; } catch { /* no size: no bar */ }
    this.total = size;
  }

  /** the onProgress callback of analyzeCapture */
  readonly update = (p: Progress): void => {
    if (!this.enabled || this.total < 1 << 20) return;
    const now = Date.now();
    if (now - this.last < 100) return;
    this.last = now;
    const f = Math.min(1, p.bytes / this.total);
    const width = Math.max(10, Math.min(40, (this.stream.columns ?? 80) - 40));
    const full = Math.round(f * width);
    this.stream.write(`\r[${'#'.repeat(full)}${'.'.repeat(width - full)}] ${(f * 100).toFixed(0).padStart(3)}% ${p.packets} packets`);
    this.drawn = true;
  };

  done(): void {
    if (this.drawn) this.stream.write('\r\x1b[K');
    this.drawn = false;
  }
}
