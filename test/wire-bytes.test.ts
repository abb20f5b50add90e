// Address texts: RFC 5952 for IPv6, dotted quads for IPv4, the same whether or not the address
// was formatted before (formatIp4/formatIp6 keep recent texts in a hashed cache); short ASCII
// strings and 6-byte MACs the same way (decodeUtf8 and formatMac keep them too).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isIPv6 } from 'node:net';
import { decodeCText, decodeUtf8, formatIp4, formatIp6, formatMac, parseIp6 } from '../src/wire/bytes.js';

const bytes = (n: number) => fc.uint8Array({ minLength: n, maxLength: n });
/** Addresses with few distinct groups, so zero runs, repeats and hash collisions all occur. */
const ip6 = fc.array(fc.constantFrom(0, 0, 0, 1, 0xffff, 0xfe80, 0x2001, 0xdb8), { minLength: 8, maxLength: 8 }).map((g) => {
  const b = new Uint8Array(16);
  g.forEach((x, i) => { b[2 * i] = x >> 8; b[2 * i + 1] = x & 0xff; });
  return b;
});

describe('address texts', () => {
  it('RFC 5952 examples', () => {
    const t = (s: string) => formatIp6(parseIp6(s)!, 0);
    expect(t('2001:db8:0:0:1:0:0:1')).toBe('2001:db8::1:0:0:1');
    expect(t('2001:0db8:0:1:1:1:1:1')).toBe('2001:db8:0:1:1:1:1:1');
    expect(t('0:0:0:0:0:0:0:0')).toBe('::');
    expect(t('::ffff:10.1.2.3')).toBe('::ffff:10.1.2.3');
    expect(formatIp4(Uint8Array.of(255, 255, 255, 255), 0)).toBe('255.255.255.255');
    expect(formatIp4(Uint8Array.of(9, 127, 0, 0, 1), 1)).toBe('127.0.0.1');
  });

  it('a text is the same the first time and every time after, whatever came between', () => {
    fc.assert(fc.property(fc.array(fc.oneof(bytes(4), ip6, bytes(16)), { minLength: 1, maxLength: 60 }), (addrs) => {
      const first = addrs.map((a) => (a.length === 4 ? formatIp4(a, 0) : formatIp6(a, 0)));
      const again = addrs.map((a) => (a.length === 4 ? formatIp4(a, 0) : formatIp6(a, 0))).reverse().reverse();
      expect(again).toEqual(first);
      addrs.forEach((a, i) => {
        if (a.length === 4) expect(first[i]).toBe(Array.from(a).join('.'));
        else { expect(isIPv6(first[i]!)).toBe(true); expect(Array.from(parseIp6(first[i]!)!)).toEqual(Array.from(a)); }
      });
    }), { numRuns: 2000, seed: 5952 });
  });

  it('thousands of addresses that share all but their last bytes (every cache slot taken, then reused)', () => {
    for (let round = 0; round < 2; round++) {
      for (let n = 1; n <= 3000; n++) {
        const a6 = parseIp6(`2001:db8::${n.toString(16)}`)!;
        expect(formatIp6(a6, 0)).toBe(`2001:db8::${n.toString(16)}`);
        const a4 = Uint8Array.of(10, 0, n >> 8, n & 0xff);
        expect(formatIp4(a4, 0)).toBe(`10.0.${n >> 8}.${n & 0xff}`);
      }
    }
  });
});

describe('MAC texts (formatMac keeps recent 6-byte ones by a hash of their bytes)', () => {
  const reference = (b: Uint8Array, s: number, e: number) => Array.from(b.subarray(s, e), (x) => x.toString(16).padStart(2, '0')).join(':');
  /** MACs of few distinct bytes (repeats, and slots shared by different ones), and other lengths */
  const mac = fc.oneof(
    fc.array(fc.constantFrom(0, 1, 0x80, 0xff, 0x02, 0xee), { minLength: 6, maxLength: 6 }).map((a) => Uint8Array.from(a)),
    fc.uint8Array({ minLength: 6, maxLength: 6 }),
    fc.uint8Array({ minLength: 0, maxLength: 20 }),
  );

  it('each text is its bytes, at any offset, whatever came before it', () => {
    fc.assert(fc.property(fc.array(fc.tuple(mac, fc.nat(3)), { minLength: 1, maxLength: 80 }), (macs) => {
      for (const [m, pad] of [...macs, ...macs.slice().reverse()]) {
        const b = new Uint8Array(pad + m.length + 2).fill(0xaa);
        b.set(m, pad);
        expect(formatMac(b, pad, pad + m.length)).toBe(reference(m, 0, m.length));
      }
    }), { numRuns: 1000, seed: 2201 });
  });

  it('thousands of MACs that share all but their last bytes (every cache slot taken, then reused)', () => {
    for (let round = 0; round < 2; round++) {
      for (let n = 0; n < 70000; n += 7) {
        const m = Uint8Array.of(0x02, n >> 16, 0, 0, (n >> 8) & 0xff, n & 0xff);
        expect(formatMac(m, 0, 6)).toBe(reference(m, 0, 6));
        const swapped = Uint8Array.of(n & 0xff, (n >> 8) & 0xff, 0, 0, 0x02, n >> 16);
        expect(formatMac(swapped, 0, 6)).toBe(reference(swapped, 0, 6));
      }
    }
  });
});

describe('short strings (decodeUtf8 keeps recent ASCII texts by a hash of their bytes)', () => {
  const oracle = new TextDecoder('utf-8', { fatal: true });
  it('each text is its bytes, whatever came before it, for texts of one length and a few letters', () => {
    // few letters and lengths, so texts of the same length share cache slots
    const text = fc.array(fc.constantFrom(0x61, 0x62, 0x63, 0x30, 0x2e), { minLength: 0, maxLength: 40 }).map((a) => Uint8Array.from(a));
    fc.assert(fc.property(fc.array(text, { minLength: 1, maxLength: 60 }), (texts) => {
      for (const round of [0, 1]) {
        for (const t of texts) {
          // inside a larger buffer: the text is read from an offset
          const b = new Uint8Array(t.length + 5); b.set(t, 3);
          expect(decodeUtf8(b, 3, 3 + t.length), `round ${round}`).toBe(oracle.decode(t));
        }
      }
    }), { numRuns: 300, seed: 11 });
  });
  it('2000 distinct names of the same length (every slot taken, then reused) and non-ASCII text', () => {
    const enc = new TextEncoder();
    for (let r = 0; r < 2; r++) {
      for (let i = 0; i < 2000; i++) {
        const name = `veth${String(i).padStart(5, '0')}`;
        expect(decodeUtf8(enc.encode(name), 0, name.length)).toBe(name);
      }
    }
    const u = enc.encode('größe');
    expect(decodeUtf8(u, 0, u.length)).toBe('größe');
    expect(decodeUtf8(Uint8Array.from([0xff, 0x41]), 0, 2)).toBeUndefined();
  });
  it('decodeCText: decodeUtf8\'s text, or undefined when the bytes hold a NUL (ASCII or not) or are not UTF-8', () => {
    // NULs, ASCII letters, a control character, é (c3 a9) and bytes that are no UTF-8
    const bytes = fc.array(fc.constantFrom(0, 0x61, 0x62, 0x09, 0xc3, 0xa9, 0xff), { minLength: 0, maxLength: 24 }).map((a) => Uint8Array.from(a));
    fc.assert(fc.property(bytes, fc.nat(3), (t, at) => {
      const b = new Uint8Array(at + t.length + 2).fill(0x7a);
      b.set(t, at);
      const text = decodeCText(b, at, at + t.length);
      if (t.includes(0)) expect(text).toBeUndefined();
      else expect(text).toBe(decodeUtf8(b, at, at + t.length));
      if (!t.includes(0) && !t.includes(0xff) && !t.includes(0xc3) && !t.includes(0xa9)) expect(text).toBe(oracle.decode(t));
    }), { numRuns: 2000, seed: 2203 });
  });
});
