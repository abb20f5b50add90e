// A packet decoded in slices (decodePacketSlice) or parts (decodeCapturedParts) gives what the
// whole decode gives: the same messages, indexes, problems and text. The CLI's decode and the
// analyzer take packets in parts of 4096 messages, so a hostile packet of 800,000 tiny messages
// does not become 800,000 objects at once (it took 500 MB).
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodePacket, decodePacketSlice } from '../src/codec/message.js';
import { Session } from '../src/codec/session.js';
import { decodeCaptured, decodeCapturedParts } from '../src/stream/messages.js';
import { renderFrame } from '../src/render/text.js';
import { encodeCapture } from '../src/capture/writer.js';
import type { CapturedPacket, PacketToWrite } from '../src/capture/types.js';
import { CAPTURES, packetsOf } from './helpers.js';

vi.setConfig({ testTimeout: 120_000 });

/** `n` 20-byte RTM_NEWLINK messages (a 4-byte ifinfomsg, cut short: `@len`), then `tail` stray bytes (a problem). */
function tinyMessages(n: number, tail = 0): Uint8Array {
  const b = new Uint8Array(n * 20 + tail);
  const dv = new DataView(b.buffer);
  for (let i = 0; i < n; i++) {
    dv.setUint32(i * 20, 20, true);
    dv.setUint16(i * 20 + 4, 16, true);
    dv.setUint32(i * 20 + 8, i, true); // seq
    dv.setUint32(i * 20 + 16, 0x00030008, true);
  }
  b.fill(0xee, n * 20);
  return b;
}

const packet = (data: Uint8Array, frame = 1) => ({
  frame, sec: 1700000000, nsec: 5000, protocol: 0, direction: 'to-user', data, origLen: data.length, truncated: false, problems: [],
} as unknown as CapturedPacket & PacketToWrite);

let dir: string;
beforeAll(() => { dir = mkdtempSync(join(tmpdir(), 'nlscope-parts-')); });
afterAll(() => { rmSync(dir, { recursive: true, force: true }); });

describe('a packet in slices', () => {
  it('slices of 1, 2, 3 and 4096 messages give the whole decode of every captured packet', async () => {
    for (const file of CAPTURES) {
      const packets = await packetsOf(file);
      for (const size of [1, 2, 3, 4096]) {
        const whole = new Session(), sliced = new Session();
        for (const p of packets) {
          if (p.protocol < 0) continue;
          const direction = p.direction === 'to-user' ? 'to-user' : 'to-kernel';
          const a = decodePacket(p.data, { protocol: p.protocol, direction, session: whole });
          const messages: unknown[] = [], problems: unknown[] = [];
          let from = 0;
          do {
            const s = decodePacketSlice(p.data, { protocol: p.protocol, direction, session: sliced, envelope: (i) => ({ i }) }, from, messages.length, size);
            expect(s.next, `${file} frame ${p.frame}`).toBeGreaterThan(from);
            messages.push(...s.messages);
            problems.push(...s.problems);
            from = s.next;
          } while (from < p.data.length);
          expect(JSON.stringify(messages.map((m) => { const { i: _, ...rest } = m as Record<string, unknown>; return rest; })), `${file} frame ${p.frame}`).toBe(JSON.stringify(a.messages));
          expect(messages.map((m) => (m as { i: number }).i)).toEqual(a.messages.map((_, i) => i));
          expect(problems).toEqual(a.problems);
        }
      }
    }
  });

  it('10,000 tiny messages and a stray tail: parts of 4096 are the whole, in JSON and in text', () => {
    const p = packet(tinyMessages(10_000, 7));
    const whole = decodeCaptured(p, false, new Session(), true);
    const parts = [...decodeCapturedParts(p, false, new Session(), true, 4096)];
    expect(parts.map((f) => f.messages.length)).toEqual([4096, 4096, 1809]);
    expect(parts.map((f) => f.part)).toEqual([undefined, 1, 2]);
    expect(JSON.stringify(parts.flatMap((f) => f.messages))).toBe(JSON.stringify(whole.messages));
    expect(whole.messages.at(-1)!.index).toBe(10_000);
    // the parts' text, one after the other, is the whole frame's (the Frame line once)
    expect(parts.map((f) => renderFrame(f)).join('\n')).toBe(renderFrame(whole));
    // parts of no message (a bad maxMessages) would never end: one message each then
    const small = packet(tinyMessages(3));
    expect([...decodeCapturedParts(small, false, undefined, false, 0)].map((f) => f.messages.length)).toEqual([1, 1, 1]);
  });

  it('the CLI (decode text and jsonl, stats) gives for a 10,000-message packet what the whole decode gives', () => {
    const file = join(dir, 'tiny.pcap');
    const p1 = packet(tinyMessages(10_000), 1), p2 = packet(tinyMessages(3), 2);
    writeFileSync(file, encodeCapture([p1, p2], 'pcap'));
    const bin = join(process.cwd(), 'src/cli/bin.mjs');
    const run = (args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', maxBuffer: 1 << 28 });
    const frames = [decodeCaptured(p1, false, new Session()), decodeCaptured(p2, false, new Session())];
    const text = run(['decode', file]);
    expect(text.status, text.stderr).toBe(0);
    expect(text.stdout).toBe(frames.map((f) => renderFrame(f) + '\n\n').join(''));
    const jsonl = run(['decode', file, '--format', 'jsonl']);
    expect(jsonl.stdout).toBe(frames.flatMap((f) => f.messages.map((m) => JSON.stringify(m) + '\n')).join(''));
    const shown = run(['decode', file, '--frame', '1', '-t', 'RTM_NEWLINK']);
    expect(shown.stdout).toBe(renderFrame(frames[0]!) + '\n\n');
    // a filter that shows nothing of the first part: the Frame line comes with the first message shown
    const mixed = tinyMessages(10_000);
    for (let i = 5000; i < 10_000; i++) mixed[i * 20 + 4] = 20; // RTM_NEWADDR
    const p3 = packet(mixed, 1);
    const mixedFile = join(dir, 'mixed.pcap');
    writeFileSync(mixedFile, encodeCapture([p3], 'pcap'));
    const whole = decodeCaptured(p3, false, new Session());
    const addrs = run(['decode', mixedFile, '-t', 'RTM_NEWADDR']);
    expect(addrs.stdout).toBe(renderFrame({ ...whole, messages: whole.messages.filter((m) => (m.header as { type: string }).type === 'RTM_NEWADDR') }) + '\n\n');
    expect(addrs.stdout.match(/^Frame /gm)).toHaveLength(1);
    const stats = JSON.parse(run(['stats', file, '--format', 'json']).stdout);
    expect([stats.totals.packets, stats.totals.messages, stats.totals.notifications]).toEqual([2, 10_003, 10_003]);
  });
});
