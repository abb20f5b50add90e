// TextSink writes what String() and UTF-8 would: numbers of every size, pieces of every length
// (written as whole 8-byte words whose overhang must never show), and a buffer that grows mid-piece.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { piece, TextSink } from '../src/wire/text-sink.js';

describe('TextSink', () => {
  it('numbers as String() prints them', () => {
    const edge = [0, 9, 10, 99, 100, 999999999, 1000000000, 2 ** 31 - 1, 2 ** 31, 2 ** 32 - 1, 2 ** 32, 2 ** 53, -1, -0, 0.5, 1e21, NaN, Infinity];
    fc.assert(fc.property(fc.array(fc.oneof(fc.constantFrom(...edge), fc.nat(), fc.integer(), fc.double())), (vs) => {
      const s = new TextSink(8);
      for (const v of vs) { s.num(v); s.byte(32); }
      expect(s.toString()).toBe(vs.map((v) => `${String(v)} `).join(''));
    }), { numRuns: 500, seed: 1 });
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
});
