// walkHeaders: the header-only path sees the same messages as the full decoder.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { walkHeaders } from '../src/codec/headers.js';
import { decodePacket } from '../src/codec/message.js';
import { CAPTURES, packetsOf } from './helpers.js';
import type { Json } from '../src/codec/struct.js';

describe('walkHeaders', () => {
  it('finds every message the decoder finds, with the same header values', async () => {
    let total = 0;
    for (const file of CAPTURES) {
      for (const p of await packetsOf(file)) {
        if (p.protocol === 15 || p.protocol === 9) continue; // uevents are not nlmsghdr-framed; kauditd records count nlmsg_len without the header
        const seen: Array<[number, number, number, number, number]> = [];
        walkHeaders(p.data, (type, flags, seq, pid, _off, len) => { seen.push([type, flags, seq, pid, len]); });
        const { messages } = decodePacket(p.data, { protocol: p.protocol, direction: p.direction === 'to-user' ? 'to-user' : 'to-kernel' });
        const whole = messages.filter((m) => m.header && !('@raw' in m));
        expect(seen.length).toBe(whole.length);
        seen.forEach(([, , seq, pid, len], i) => {
          const h = whole[i]!.header as Json;
          expect([h.seq, h.pid, h.len]).toEqual([seq, pid, len]);
        });
        total += seen.length;
      }
    }
    expect(total).toBeGreaterThan(900);
  });

  it('stops when asked', () => {
    const two = new Uint8Array(32);
    new DataView(two.buffer).setUint32(0, 16, true);
    new DataView(two.buffer).setUint32(16, 16, true);
    let calls = 0;
    expect(walkHeaders(two, () => { calls++; return false; })).toBe(1);
    expect(calls).toBe(1);
  });

  it('never throws, offsets grow, every message lies inside the packet', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 200 }), (b) => {
      let last = -1;
      walkHeaders(b, (_t, _f, _s, _p, off, len) => {
        expect(off).toBeGreaterThan(last);
        expect(off + len).toBeLessThanOrEqual(b.length);
        last = off;
      });
    }), { numRuns: 2000 });
  });
});
