// Lossless and total: every captured packet comes back byte for byte through the
// JSON form, and no byte string makes the decoder throw.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decodePacket, encodePacket } from '../src/codec/message.js';
import type { Json } from '../src/codec/struct.js';
import { toHex } from '../src/wire/bytes.js';
import { CAPTURES, packetsOf } from './helpers.js';
import { decodeCaptured } from '../src/stream/messages.js';
import { Session } from '../src/codec/session.js';

/** decode -> JSON text -> encode, as `nlscope decode | nlscope encode` does. */
function throughJson(data: Uint8Array, protocol: number, direction: 'to-kernel' | 'to-user',
  sessions?: { decode: Session; encode: Session }): Uint8Array {
  const { messages } = decodePacket(data, { protocol, direction, session: sessions?.decode });
  const again = JSON.parse(JSON.stringify(messages)) as Json[];
  return encodePacket(again, { protocol, direction, session: sessions?.encode });
}

describe('captured packets round-trip byte for byte', () => {
  for (const file of CAPTURES) {
    it(file, async () => {
      const packets = await packetsOf(file);
      expect(packets.length).toBeGreaterThan(10);
      // Each side learns generic netlink family ids from the messages it has seen, in order.
      const sessions = { decode: new Session(), encode: new Session() };
      for (const p of packets) {
        const dir = p.direction === 'to-user' ? 'to-user' : 'to-kernel';
        const back = throughJson(p.data, p.protocol, dir, sessions);
        if (toHex(back) !== toHex(p.data)) {
          throw new Error(`frame ${p.frame} differs\nwant ${toHex(p.data)}\ngot  ${toHex(back)}`);
        }
      }
    });
  }
});

const SHIPPED_GENL = new Set(['nlctrl', 'ethtool']);

describe('real kernel traffic decodes cleanly', () => {
  for (const file of CAPTURES) {
    it(`${file}: no problems, no unnamed attributes`, async () => {
      const unnamed = new Set<string>();
      const problems: string[] = [];
      const session = new Session();
      for (const p of await packetsOf(file)) {
        const f = decodeCaptured(p, false, session);
        for (const m of f.messages) {
          for (const pr of (m.problems as Array<{ message: string; path: string }>) ?? []) problems.push(`frame ${p.frame}: ${pr.path} ${pr.message}`);
          // generic netlink families nlscope ships no spec for (tcp_metrics, mptcp_pm) keep raw attributes
          if (m.protocol === 'NETLINK_GENERIC' && !SHIPPED_GENL.has(String((m.header as Json | undefined)?.type))) continue;
          const visit = (v: unknown, path: string) => {
            if (!v || typeof v !== 'object') return;
            for (const [k, x] of Object.entries(v as Json)) {
              if (k.startsWith('#') || k === '@raw' || k === '@payload') unnamed.add(`${m.header && (m.header as Json).type} ${path}/${k}`);
              visit(x, `${path}/${k}`);
            }
          };
          visit(m, '');
        }
      }
      expect(problems).toEqual([]);
      expect([...unnamed]).toEqual([]);
    });
  }
});

const protocols = fc.constantFrom(0, 4, 6, 9, 11, 12, 15, 16);
const directions = fc.constantFrom('to-kernel' as const, 'to-user' as const);

describe('total and lossless on any bytes', () => {
  it('random bytes: decode never throws, encode gives the same bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), protocols, directions, (b, proto, dir) => {
      expect(toHex(throughJson(b, proto, dir))).toBe(toHex(b));
    }), { numRuns: 3000 });
  });

  it('mutated real packets: decode never throws, encode gives the same bytes', async () => {
    const packets = (await Promise.all(CAPTURES.map(packetsOf))).flat();
    fc.assert(fc.property(
      fc.integer({ min: 0, max: packets.length - 1 }),
      fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 }),
      fc.option(fc.nat(), { nil: undefined }),
      (i, flips, cut) => {
        const p = packets[i];
        const b = p.data.slice(0, cut === undefined ? undefined : cut % (p.data.length + 1));
        for (const [at, v] of flips) if (b.length) b[at % b.length] = v;
        const dir = p.direction === 'to-user' ? 'to-user' : 'to-kernel';
        expect(toHex(throughJson(b, p.protocol, dir))).toBe(toHex(b));
      }), { numRuns: 3000 });
  });
});
