import { afterAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { readCaptureAll } from '../src/capture/reader.js';
import { CaptureWriter, encodeCapture, formatOfPath } from '../src/capture/writer.js';
import type { CaptureFormat, CapturedPacket, PacketToWrite } from '../src/capture/types.js';

const CAPTURES = ['changes', 'route-dump', 'sockdiag'];
const dir = mkdtempSync(join(tmpdir(), 'nlscope-writer-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function hasTshark(): boolean {
  try { execFileSync('tshark', ['--version'], { stdio: 'ignore' }); return true; } catch { return false; }
}
const TSHARK = hasTshark();
const tshark = (args: string[]) => execFileSync('tshark', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });

const toWrite = (p: CapturedPacket): PacketToWrite => ({ sec: p.sec, nsec: p.nsec, protocol: p.protocol, direction: p.direction as 'to-kernel' | 'to-user', data: p.data, origLen: p.origLen });
const keyOf = (p: CapturedPacket | PacketToWrite) => ({ sec: p.sec, nsec: p.nsec, protocol: p.protocol, direction: p.direction, data: Buffer.from(p.data).toString('hex'), origLen: p.origLen ?? p.data.length });
async function* once(b: Uint8Array) { yield b; }

const VARIANTS: { format: CaptureFormat; nanosecond: boolean }[] = [
  { format: 'pcap', nanosecond: false }, { format: 'pcap', nanosecond: true },
  { format: 'pcapng', nanosecond: false }, { format: 'pcapng', nanosecond: true },
];

describe('round trip of the real captures', () => {
  for (const name of CAPTURES) {
    for (const { format, nanosecond } of VARIANTS) {
      it(`${name} as ${format} ${nanosecond ? 'ns' : 'µs'}: same packets, bytes and timestamps`, async () => {
        const src = await readCaptureAll(`captures/${name}.pcap`);
        const want = src.packets.map(keyOf);

        // In memory
        const mem = await readCaptureAll(once(encodeCapture(src.packets.map(toWrite), format, { nanosecond })));
        expect(mem.problems).toEqual([]);
        expect(mem.infos).toEqual([{ format, linktypes: [253], nanosecond, bigEndian: false, snaplen: 262144 }]);
        expect(mem.packets.map(keyOf)).toEqual(want);
        expect(mem.packets.every((p) => p.problems.length === 0)).toBe(true);

        // Through a file, the format taken from the extension
        const file = join(dir, `${name}-${nanosecond ? 'ns' : 'us'}.${format}`);
        const w = new CaptureWriter(file, { nanosecond });
        expect(w.format).toBe(format);
        for (const p of src.packets) await w.write(toWrite(p));
        await w.close();
        const back = await readCaptureAll(file);
        expect(back.packets.map(keyOf)).toEqual(want);
        // The writer and the pure encoder give the same bytes.
        expect(new Uint8Array(readFileSync(file))).toEqual(encodeCapture(src.packets.map(toWrite), format, { nanosecond }));
        // A pcap µs copy of a pcap µs capture is the very same file.
        if (format === 'pcap' && !nanosecond) expect(readFileSync(file).equals(readFileSync(`captures/${name}.pcap`))).toBe(true);

      });
    }
  }

  // tshark takes a second to start: its check runs on one capture (both protocols, both directions), every format.
  it.skipIf(!TSHARK)('tshark reads every written format the same as the original (skipped without tshark on PATH)', async () => {
    const orig = 'captures/changes.pcap';
    const src = await readCaptureAll(orig);
    const fieldsOf = (f: string) => tshark(['-n', '-r', f, '-T', 'fields', '-e', 'frame.number', '-e', 'frame.time_epoch', '-e', 'frame.cap_len', '-e', 'netlink.family']);
    const toKernel = (f: string) => tshark(['-n', '-r', f, '-Y', 'frame[0:2]==00:07', '-T', 'fields', '-e', 'frame.number']);
    const want = [fieldsOf(orig), toKernel(orig)];
    for (const { format, nanosecond } of VARIANTS) {
      const file = join(dir, `tshark-${nanosecond ? 'ns' : 'us'}.${format}`);
      const w = new CaptureWriter(file, { nanosecond });
      for (const p of src.packets) await w.write(toWrite(p));
      await w.close();
      expect([fieldsOf(file), toKernel(file)]).toEqual(want);
    }
    for (const format of ['pcap', 'pcapng'] as const) {
      const file = join(dir, `tshark-empty.${format}`);
      await new CaptureWriter(file).close();
      expect(tshark(['-n', '-r', file]).trim()).toBe('');
    }
  }, 60_000);
});

describe('timestamps', () => {
  const at = (sec: number, nsec: number): PacketToWrite => ({ sec, nsec, protocol: 0, direction: 'to-user', data: new Uint8Array([16, 0, 0, 0, 3, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0]) });
  const times = [at(0, 0), at(1, 1), at(1795552290, 123456789), at(0xffffffff, 999999999), at(4294, 967296000)];

  for (const { format, nanosecond } of VARIANTS) {
    it(`${format} ${nanosecond ? 'keeps nanoseconds' : 'keeps microseconds (truncating)'}`, async () => {
      const r = await readCaptureAll(once(encodeCapture(times, format, { nanosecond })));
      expect(r.packets.map((p) => [p.sec, p.nsec])).toEqual(times.map((t) => [t.sec, nanosecond ? t.nsec : Math.floor(t.nsec / 1000) * 1000]));
    });
  }

  it('rejects timestamps and directions it cannot write', () => {
    expect(() => encodeCapture([at(-1, 0)], 'pcap')).toThrow(RangeError);
    expect(() => encodeCapture([at(1, 1e9)], 'pcapng')).toThrow(RangeError);
    expect(() => encodeCapture([{ ...at(1, 0), direction: 'unknown' as never }], 'pcap')).toThrow(RangeError);
  });
});

describe('CaptureWriter', () => {
  it('writes the cooked header nlmon writes: packet type 7/6, ARPHRD 824, no address, protocol', () => {
    const b = encodeCapture([{ sec: 1, nsec: 0, protocol: 4, direction: 'to-kernel', data: new Uint8Array([0xaa]) }], 'pcap');
    expect(Buffer.from(b.subarray(24 + 16)).toString('hex')).toBe('00070338' + '0000' + '0000000000000000' + '0004' + 'aa');
    const u = encodeCapture([{ sec: 1, nsec: 0, protocol: 0, direction: 'to-user', data: new Uint8Array(0) }], 'pcapng');
    expect(Buffer.from(u.subarray(28 + 20 + 28, 28 + 20 + 28 + 4)).toString('hex')).toBe('00060338');
  });

  it('a cut packet keeps its original length', async () => {
    const b = encodeCapture([{ sec: 1, nsec: 0, protocol: 0, direction: 'to-user', data: new Uint8Array(8), origLen: 100 }], 'pcapng');
    const r = await readCaptureAll(once(b));
    expect(r.packets[0]).toMatchObject({ truncated: true, origLen: 100 });
  });

  it('chooses the format by extension, or asks for one', () => {
    expect(formatOfPath('a/b.pcap')).toBe('pcap');
    expect(formatOfPath('x.PCAPNG')).toBe('pcapng');
    expect(formatOfPath('x.cap')).toBeUndefined();
    expect(() => new CaptureWriter(join(dir, 'x.cap'))).toThrow(/format/);
  });

  it('waits for drain on a slow stream and loses nothing', async () => {
    const got: Buffer[] = [];
    let pending = 0, maxPending = 0;
    const slow = new Writable({
      highWaterMark: 64,
      write(chunk: Buffer, _enc, cb) {
        pending++; maxPending = Math.max(maxPending, pending);
        setTimeout(() => { got.push(chunk); pending--; cb(); }, 1);
      },
    });
    let drains = 0;
    slow.on('drain', () => drains++);
    const src = await readCaptureAll('captures/sockdiag.pcap');
    const w = new CaptureWriter(slow, { format: 'pcapng', nanosecond: true });
    for (const p of src.packets) await w.write(toWrite(p));
    await w.close();
    expect(drains).toBeGreaterThan(0);
    expect(maxPending).toBe(1);
    const all = new Uint8Array(Buffer.concat(got));
    expect(all).toEqual(encodeCapture(src.packets.map(toWrite), 'pcapng', { nanosecond: true }));
  });

  it('reports a failing stream from write/close instead of crashing', async () => {
    const bad = new Writable({ write(_c, _e, cb) { cb(new Error('no space left')); } });
    const w = new CaptureWriter(bad, { format: 'pcap' });
    const p: PacketToWrite = { sec: 1, nsec: 0, protocol: 0, direction: 'to-user', data: new Uint8Array(4) };
    await expect((async () => { for (let i = 0; i < 100; i++) await w.write(p); await w.close(); })()).rejects.toThrow('no space left');
  });

  it('an empty capture is just the header, and reads back clean', async () => {
    for (const format of ['pcap', 'pcapng'] as const) {
      const file = join(dir, `empty.${format}`);
      const w = new CaptureWriter(file);
      await w.close();
      const r = await readCaptureAll(file);
      expect(r.packets).toEqual([]);
      expect(r.problems).toEqual([]);
      expect(r.infos[0]!.format).toBe(format);
    }
  });
});
