// The analyzer's state tables (src/analyze/tables.ts) behave as the Map, Set and array they
// replace, over random sequences of operations, and allocate nothing per add and delete once
// grown (a Map that lives long made old-space garbage on every transaction: stats of a 500 MB
// capture peaked 124 MiB against 92 MiB at 50 MB).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Chain, IntTable, RecentValues } from '../src/analyze/tables.js';
import { oldSpaceGrowth } from './helpers.js';

/** keys from a small range, so that sets, deletes and collisions meet; with 32-bit extremes */
const u32 = fc.oneof(fc.integer({ min: 0, max: 40 }), fc.constantFrom(0xffffffff, 0x80000000, 0x7fffffff));
const key = fc.tuple(u32, u32, u32);
type Op = { op: 'set' | 'delete' | 'get'; k: [number, number, number]; v: number };
const ops = fc.array(fc.record({ op: fc.constantFrom<Op['op']>('set', 'set', 'delete', 'get'), k: key, v: fc.integer() }), { maxLength: 600 });

describe('IntTable', () => {
  it('is a Map keyed by three 32-bit integers, through growth, shrinking and backward-shift deletes', () => {
    fc.assert(fc.property(ops, fc.constantFrom(2, 4, 16), (list, min) => {
      const t = new IntTable<number>(min);
      const m = new Map<string, number>();
      for (const { op, k, v } of list) {
        const s = k.join(':');
        if (op === 'set') { t.set(k[0], k[1], k[2], v); m.set(s, v); }
        else if (op === 'delete') expect(t.delete(k[0], k[1], k[2])).toBe(m.delete(s));
        expect(t.get(k[0], k[1], k[2])).toBe(m.get(s));
        expect(t.has(k[0], k[1], k[2])).toBe(m.has(s));
        expect(t.size).toBe(m.size);
      }
      for (const [s, v] of m) {
        const [a, b, c] = s.split(':').map(Number) as [number, number, number];
        expect(t.get(a, b, c)).toBe(v);
      }
    }), { numRuns: 300 });
  });

  it('finds every key after a long churn of one add and one delete at a time (the analyzer\'s pattern)', () => {
    const t = new IntTable<number>();
    const live: number[] = [];
    for (let seq = 1; seq <= 100_000; seq++) {
      t.set(16, 4242, seq, seq);
      live.push(seq);
      if (live.length > 5) expect(t.delete(16, 4242, live.shift()!)).toBe(true);
    }
    expect(t.size).toBe(5);
    for (const seq of live) expect(t.get(16, 4242, seq)).toBe(seq);
    expect(t.get(16, 4242, 1)).toBeUndefined();
  });

  it('allocates nothing per add and delete once grown: old space does not grow with the churn', () => {
    // what a Map did: in the old generation (where the analyzer's tables live all run), every
    // shrink and rehash of its table was a new table there; 200,000 add+delete pairs: 5.7 MB
    const t = new IntTable<object>();
    const o = {};
    for (let i = 0; i < 64; i++) t.set(1, 2, i, o); // grown once
    for (let i = 0; i < 64; i++) t.delete(1, 2, i);
    expect(oldSpaceGrowth(() => { for (let seq = 0; seq < 200_000; seq++) { t.set(1, 2, seq, o); t.delete(1, 2, seq); } })).toBeLessThan(512 * 1024);
  });
});

describe('Chain', () => {
  it('keeps insertion order as a Set does, with moves to the end and removals', () => {
    const cmd = fc.record({ op: fc.constantFrom('push', 'remove', 'first'), i: fc.integer({ min: 0, max: 9 }) });
    fc.assert(fc.property(fc.array(cmd, { maxLength: 200 }), (list) => {
      type E = { id: number; prev?: E; next?: E; chained?: boolean };
      const els: E[] = Array.from({ length: 10 }, (_, id) => ({ id }));
      const c = new Chain<E>();
      const s = new Set<E>();
      for (const { op, i } of list) {
        const e = els[i]!;
        if (op === 'push') { s.delete(e); s.add(e); c.push(e); }
        else if (op === 'remove') expect(c.remove(e)).toBe(s.delete(e));
        expect(c.size).toBe(s.size);
        expect(c.first).toBe(s.values().next().value);
        const order: E[] = [];
        for (let x = c.first; x; x = x.next) order.push(x);
        expect(order).toEqual([...s]);
        expect(c.last).toBe(order.at(-1));
      }
    }));
  });
});

describe('RecentValues', () => {
  it('holds the last N values added, counting repeats', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 30 }), { maxLength: 300 }), fc.integer({ min: 1, max: 20 }), (vals, n) => {
      const r = new RecentValues(n);
      const seen: number[] = [];
      for (const v of vals) {
        r.add(v);
        seen.push(v);
        const last = new Set(seen.slice(-n));
        for (let q = 0; q <= 30; q++) expect(r.has(q)).toBe(last.has(q));
      }
    }), { numRuns: 200 });
  });
});
