// Percentiles in bounded memory: exact over the first samples, then a log-scale histogram
// (buckets 2^(1/32) wide: within ~1.1% of the true value) with exact min, max and mean.
import type { Percentiles } from './types.js';

const EXACT = 2048;
const PER_OCTAVE = 32;
const FLOOR = 1e-9;

export class Quantiles {
  private samples: number[] | null = [];
  private hist = new Map<number, number>();
  count = 0;
  min = Infinity;
  max = -Infinity;
  private sum = 0;

  add(v: number): void {
    if (!Number.isFinite(v)) return;
    if (v < 0) v = 0;
    this.count++;
    this.sum += v;
    if (v < this.min) this.min = v;
    if (v > this.max) this.max = v;
    if (this.samples) {
      this.samples.push(v);
      if (this.samples.length > EXACT) {
        for (const s of this.samples) this.bucket(s);
        this.samples = null;
      }
    } else this.bucket(v);
  }

  get approximate(): boolean { return this.samples === null; }

  private bucket(v: number): void {
    const k = Math.floor(Math.log2(Math.max(v, FLOOR)) * PER_OCTAVE);
    this.hist.set(k, (this.hist.get(k) ?? 0) + 1);
  }

  /** Nearest-rank percentile, p in (0, 1]. */
  quantile(p: number): number {
    if (this.count === 0) return 0;
    const rank = Math.max(1, Math.ceil(p * this.count));
    if (this.samples) {
      const s = [...this.samples].sort((a, b) => a - b);
      return s[rank - 1];
    }
    const keys = [...this.hist.keys()].sort((a, b) => a - b);
    let seen = 0;
    for (const k of keys) {
      seen += this.hist.get(k)!;
      if (seen >= rank) {
        const mid = 2 ** ((k + 0.5) / PER_OCTAVE);
        return Math.min(this.max, Math.max(this.min, mid));
      }
    }
    return this.max;
  }

  summary(): Percentiles {
    if (this.count === 0) return { count: 0, p50: 0, p90: 0, p99: 0, max: 0, min: 0, mean: 0 };
    if (this.samples) {
      const s = [...this.samples].sort((a, b) => a - b);
      const at = (p: number) => s[Math.max(1, Math.ceil(p * s.length)) - 1];
      return { count: this.count, p50: at(0.5), p90: at(0.9), p99: at(0.99), max: this.max, min: this.min, mean: this.sum / this.count };
    }
    return {
      count: this.count, p50: this.quantile(0.5), p90: this.quantile(0.9), p99: this.quantile(0.99),
      max: this.max, min: this.min, mean: this.sum / this.count,
    };
  }
}
