// The fuzzing kit: generated messages of every declared type round-trip through the codec,
// packets and dumps too; corpora are reproducible, cover the family, and tshark reads them.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodePacket } from '../src/codec/message.js';
import type { Json } from '../src/codec/struct.js';
import type { Direction } from '../src/codec/schema.js';
import { corpus, dumpArb, encodeGen, messageArb, messageTypes, packetArb, type GenPacket } from '../src/fuzz/index.js';
import { encodeCapture } from '../src/capture/writer.js';
import { writeFileSync } from 'node:fs';
import { toHex } from '../src/wire/bytes.js';

const ID: Record<string, number> = { route: 0, sock_diag: 4 };

/** decode(encode(m)), with the envelope the decoder's jsonl has. */
function again(m: Json, protocol: number): Json {
  const direction = m.direction as Direction;
  const bytes = encodeGen({ protocol, direction, messages: [m] });
  const d = decodePacket(bytes, { protocol, direction, envelope: () => ({ direction, protocol: m.protocol }) });
  expect(d.problems).toEqual([]);
  expect(d.messages).toHaveLength(1);
  return d.messages[0]!;
}

describe('decode(encode(m)) is m for generated messages of every declared type', () => {
  for (const family of ['route', 'sock_diag']) {
    const types = messageTypes(family);
    it(`${family}: ${types.length} types`, () => {
      for (const t of types) {
        fc.assert(fc.property(messageArb(family, t), (m) => {
          // JSON text equality: key order is wire order
          expect(JSON.stringify(again(m, ID[family]!))).toBe(JSON.stringify(m));
        }), { numRuns: family === 'route' ? 6 : 40, seed: 20260507 });
      }
    }, 60_000);
  }
});

function samePacket(p: GenPacket): void {
  const bytes = encodeGen(p);
  const d = decodePacket(bytes, { protocol: p.protocol, direction: p.direction, envelope: () => ({ direction: p.direction, protocol: p.messages[0]!.protocol }) });
  expect(d.problems).toEqual([]);
  expect(JSON.stringify(d.messages)).toBe(JSON.stringify(p.messages));
}

describe('packets and dumps', () => {
  it('packetArb: several messages per packet round-trip', () => {
    fc.assert(fc.property(fc.constantFrom('route', 'sock_diag').chain((f) => packetArb(f, { minMessages: 2 })), samePacket), { numRuns: 60, seed: 7 });
  });
  it('dumpArb: request with NLM_F_DUMP, NLM_F_MULTI parts, NLMSG_DONE', () => {
    fc.assert(fc.property(fc.constantFrom('route', 'sock_diag').chain((f) => dumpArb(f)), (packets) => {
      const [req, ...rest] = packets;
      expect(req!.direction).toBe('to-kernel');
      expect((req!.messages[0]!.header as Json).flags).toContain('NLM_F_DUMP');
      const done = rest[rest.length - 1]!.messages[0]!;
      expect((done.header as Json).type).toBe('NLMSG_DONE');
      for (const p of rest) for (const m of p.messages) expect((m.header as Json).flags).toContain('NLM_F_MULTI');
      const seq = (req!.messages[0]!.header as Json).seq;
      for (const p of rest) for (const m of p.messages) expect((m.header as Json).seq).toBe(seq);
      packets.forEach(samePacket);
    }), { numRuns: 40, seed: 8 });
  });
});

describe('shrinking', () => {
  it('a failing property reduces to a small message', () => {
    // "no link message names its interface" fails; the counterexample should be little more than IFLA_IFNAME
    const r = fc.check(fc.property(messageArb('route', 'RTM_NEWLINK'), (m) => m.IFLA_IFNAME === undefined), { seed: 3, numRuns: 300 });
    expect(r.failed).toBe(true);
    const m = r.counterexample![0] as Json;
    const attrs = Object.keys(m).filter((k) => /^[A-Z#]/.test(k));
    expect(attrs).toEqual(['IFLA_IFNAME']);
    expect(m.IFLA_IFNAME).toBe('');
  });
});

describe('corpora', () => {
  const bytesOf = (family: string, count: number, seed: number, hostile = false) =>
    [...corpus({ family, count, seed, hostile })].map((c) => toHex(c.packet.data)).join('|');

  it('unframed protocols (uevent) are refused with a reason, not a fast-check error', () => {
    expect(() => [...corpus({ family: 'uevent', count: 1, seed: 1 })]).toThrow(/not netlink messages/);
  });

  it('same seed, same bytes; another seed, other bytes', () => {
    expect(bytesOf('route', 60, 5)).toBe(bytesOf('route', 60, 5));
    expect(bytesOf('sock_diag', 30, 5, true)).toBe(bytesOf('sock_diag', 30, 5, true));
    expect(bytesOf('route', 20, 5)).not.toBe(bytesOf('route', 20, 6));
  });

  it('route cycles through every declared type (>= 12); nlscope finds no problem', () => {
    const types = new Set<string>();
    for (const c of corpus({ family: 'route', count: 150, seed: 9 })) {
      types.add(c.type);
      const d = decodePacket(c.packet.data, { protocol: 0, direction: c.packet.direction });
      expect(d.problems).toEqual([]);
      expect((d.messages[0]!.header as Json).type).toBe(c.type);
    }
    expect(types.size).toBeGreaterThanOrEqual(12);
    expect(types.size).toBe(messageTypes('route').length);
  });

  let tshark = true;
  try { execFileSync('tshark', ['--version'], { stdio: 'ignore' }); } catch { tshark = false; }
  for (const family of ['route', 'sock_diag']) {
    it.skipIf(!tshark)(`tshark reads every frame of a 500-message ${family} corpus, none malformed`, () => {
      const dir = mkdtempSync(join(tmpdir(), 'nlscope-fuzz-'));
      try {
        const file = join(dir, `${family}.pcap`);
        const packets = [...corpus({ family, count: 500, seed: 1 })].map((c) => c.packet);
        writeFileSync(file, encodeCapture(packets, 'pcap'));
        const out = execFileSync('tshark', ['-r', file, '-T', 'fields', '-e', 'frame.number', '-e', '_ws.malformed'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
        const lines = out.trim().split('\n');
        expect(lines).toHaveLength(500);
        expect(lines.filter((l) => l.split('\t')[1])).toEqual([]);
      } finally { rmSync(dir, { recursive: true, force: true }); }
    }, 60_000);
  }
});
