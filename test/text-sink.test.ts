// TextSink writes what String() and UTF-8 would: numbers of every size, pieces of every length
// (written as whole 8-byte words whose overhang must never show), and a buffer that grows mid-piece.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { KeyCache, nineDigits, piece, TextSink } from '../src/wire/text-sink.js';
import { oldSpaceGrowth } from './helpers.js';

describe('TextSink', () => {
  it('numbers as String() prints them', () => {
    const edge = [0, 9, 10, 99, 100, 999999999, 1000000000, 2 ** 31 - 1, 2 ** 31, 2 ** 32 - 1, 2 ** 32, 2 ** 53, -1, -0, 0.5, 1e21, NaN, Infinity,
      2 ** 53 - 1, -(2 ** 53 - 1), 2 ** 53 + 2, 1e9, 1e9 - 1, 1e9 + 1, 1e15, 1e15 + 7, 4_000_000_000_000_000, -(2 ** 31), -(2 ** 31) - 1, 1795552287.024696, -Infinity];
    // integers of every size up to 2^53 and beyond, both signs: the split into digits above and below 10^9
    const big = fc.oneof(fc.maxSafeInteger(), fc.bigInt({ min: 0n, max: 2n ** 60n }).map(Number), fc.integer({ min: 0, max: 999_999_999 }).map((lo) => 7e9 + lo));
    fc.assert(fc.property(fc.array(fc.oneof(fc.constantFrom(...edge), fc.nat(), fc.integer(), fc.double(), big)), (vs) => {
      const s = new TextSink(8);
      for (const v of vs) { s.num(v); s.byte(32); }
      expect(s.toString()).toBe(vs.map((v) => `${String(v)} `).join(''));
    }), { numRuns: 500, seed: 1 });
  });

  it('a number written again, or between others, as String() prints it (the text of the last double is kept)', () => {
    const v = fc.oneof(fc.double(), fc.constantFrom(0.5, -0.5, 1795552287.024696, 1e21, -0, 2 ** 53 + 2), fc.integer());
    fc.assert(fc.property(fc.array(fc.tuple(v, fc.nat({ max: 3 }))), (runs) => {
      const s = new TextSink(8);
      const expected: string[] = [];
      for (const [x, times] of runs) for (let i = 0; i <= times; i++) { s.num(x); s.byte(32); expected.push(`${String(x)} `); }
      expect(s.toString()).toBe(expected.join(''));
    }), { numRuns: 500, seed: 4 });
  });

  it('nine digits, zero-padded (the last nine of a large integer, a timestamp\'s nanoseconds)', () => {
    fc.assert(fc.property(fc.oneof(fc.integer({ min: 0, max: 999_999_999 }), fc.constantFrom(0, 1, 9, 10, 99_999_999, 100_000_000, 999_999_999)), (v) => {
      const buf = new Uint8Array(12);
      const end = nineDigits(buf, 2, v);
      expect(end).toBe(11);
      expect(Buffer.from(buf.subarray(2, end)).toString()).toBe(String(v).padStart(9, '0'));
    }), { numRuns: 500, seed: 3 });
  });

  it('numbers leave no garbage in the old generation (String() filed each in V8\'s number-to-string cache there)', () => {
    const s = new TextSink(1 << 16);
    // 100,000 counters above 2^31 and timestamps: through String(), 7.4 MB there
    const grew = oldSpaceGrowth(() => {
      for (let i = 0; i < 100_000; i++) {
        s.num(5_000_000_000 + i * 7919); s.byte(32); s.num(1795552287.024696 + i / 1e6); s.byte(10);
        if (s.pos > 60_000) s.pos = 0;
      }
    });
    expect(grew).toBeLessThan(512 * 1024);
  });

  it('pieces and text in any order, from a tiny buffer that grows', () => {
    const part = fc.oneof(
      fc.string({ maxLength: 40 }).map((t) => ({ t, p: true })),
      // any text as a piece: its 8-byte words are doubles, which must never spell a NaN
      fc.string({ unit: 'binary', maxLength: 40 }).map((t) => ({ t: t.replace(/[\ud800-\udfff]/g, '?'), p: true })),
      fc.constantFrom('\u007f\u007f\u007f\u007f\u007f\u007f\u007f\u007f', '\u{10ffff}\u007f\u007f\u007f\u007f', 'ab\u{f0000}\u007f').map((t) => ({ t, p: true })),
      fc.string({ unit: 'grapheme', maxLength: 10 }).map((t) => ({ t, p: false })),
    );
    fc.assert(fc.property(fc.array(part, { maxLength: 30 }), fc.nat(16), (parts, size) => {
      const s = new TextSink(size + 1);
      for (const { t, p } of parts) if (p) s.piece(piece(t)); else s.text(t);
      expect(s.toString()).toBe(parts.map((x) => x.t).join(''));
      const taken = s.take();
      expect(taken.toString('utf8')).toBe(parts.map((x) => x.t).join(''));
      s.giveBack(taken);
      s.text('again');
      expect(s.toString()).toBe('again');
    }), { numRuns: 500, seed: 2 });
  });

  it('bytes written earlier, written again at the end, across the buffer growing', () => {
    fc.assert(fc.property(fc.array(fc.string({ unit: 'grapheme', maxLength: 30 }), { minLength: 1, maxLength: 8 }), fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 8 }), fc.nat(16), (texts, spans, size) => {
      const s = new TextSink(size + 1);
      for (const t of texts) s.text(t);
      let expected = Buffer.from(texts.join(''));
      for (const [a, b] of spans) {
        const from = a % (expected.length + 1), to = from + (b % (expected.length - from + 1));
        s.again(from, to);
        expected = Buffer.concat([expected, expected.subarray(from, to)]);
        expect(s.pos).toBe(expected.length);
      }
      expect(Buffer.from(s.buf.subarray(0, s.pos))).toEqual(expected);
    }), { numRuns: 300, seed: 3 });
  });
});

describe('TextSink buffers', () => {
  it('starts over in its first buffer once a grown one is given back, unless a taker still holds the first', () => {
    const first = Buffer.alloc(16);
    const s = new TextSink(16, first);
    s.text('small');
    let taken = s.take();
    s.giveBack(taken);
    expect(s.buf).toBe(first); // given back: written on again
    s.text('x'.repeat(40)); // grows past it
    expect(s.buf).not.toBe(first);
    taken = s.take();
    expect(taken.toString()).toBe('x'.repeat(40));
    s.giveBack(taken);
    expect(s.buf).toBe(first); // the grown one dropped
    s.text('y');
    // the first one taken and kept by its taker (a write still queued): never written on again
    const kept = s.take();
    s.text('z'.repeat(40));
    taken = s.take();
    s.giveBack(taken);
    expect(s.buf).not.toBe(first);
    expect(s.buf.buffer === taken.buffer).toBe(true);
    s.text('w');
    expect(kept.toString()).toBe('y');
    expect(s.toString()).toBe('w');
    // until it comes back: then it is the one written on
    s.take();
    s.giveBack(kept); // not the one just taken: nothing changes
    expect(s.buf.length).toBe(0);
  });
});

describe('KeyCache', () => {
  it('makes an entry once per key, keeps at most its limit, and makes the rest anew each time', () => {
    const made: string[] = [];
    const cache = new KeyCache((k) => { made.push(k); return { k }; }, 3);
    const first = ['a', '__proto__', 'toJSON'].map((k) => cache.get(k));
    expect(['a', '__proto__', 'toJSON'].map((k) => cache.get(k))).toEqual(first);
    expect(cache.get('__proto__')).toBe(first[1]); // an own key like any other (no prototype)
    expect(made).toEqual(['a', '__proto__', 'toJSON']);
    // past the limit: the same entry's content, made on every lookup, never kept
    expect(cache.get('d')).toEqual({ k: 'd' });
    expect(cache.get('d')).toEqual({ k: 'd' });
    expect(made).toEqual(['a', '__proto__', 'toJSON', 'd', 'd']);
    expect(cache.get('a')).toBe(first[0]);
  });
});
