import { describe, expect, it } from 'vitest';
import { execFileSync, spawn } from 'node:child_process';
import { Readable } from 'node:stream';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { readCapture, readCaptureAll, readCaptureBatches, type CaptureContents } from '../src/capture/reader.js';
import { decodeCapture, decodeCaptureBatches } from '../src/stream/messages.js';
import '../codecs/index.js';
import type { CapturedPacket } from '../src/capture/types.js';

const CAPTURES = ['changes', 'route-dump', 'sockdiag'] as const;
const path = (name: string) => `captures/${name}.pcap`;

function hasTshark(): boolean {
  try { execFileSync('tshark', ['--version'], { stdio: 'ignore' }); return true; } catch { return false; }
}
const TSHARK = hasTshark();
const tshark = (args: string[]) => execFileSync('tshark', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });

/** Feed bytes in chunks of the given sizes (cycled), to exercise records straddling chunks. */
async function* chunked(bytes: Uint8Array, sizes: number[]): AsyncGenerator<Uint8Array> {
  for (let o = 0, i = 0; o < bytes.length; i++) {
    const n = sizes[i % sizes.length]!;
    yield bytes.slice(o, o + n); // a fresh copy, as a stream would give
    o += n;
  }
}
const fromBytes = (b: Uint8Array) => chunked(b, [b.length || 1]);
const read = (b: Uint8Array) => readCaptureAll(fromBytes(b));

function cat(...parts: Uint8Array[]): Uint8Array { return new Uint8Array(Buffer.concat(parts)); }

// ------------------------------------------------------------------ builders

/** 16-byte cooked header of LINKTYPE_NETLINK and LINUX_SLL (big-endian). */
function sll(pkttype: number, protocol: number, hatype = 824): Uint8Array {
  const b = new Uint8Array(16), v = new DataView(b.buffer);
  v.setUint16(0, pkttype); v.setUint16(2, hatype); v.setUint16(14, protocol);
  return b;
}
/** 20-byte LINUX_SLL2 header. */
function sll2(pkttype: number, protocol: number, hatype = 824): Uint8Array {
  const b = new Uint8Array(20), v = new DataView(b.buffer);
  v.setUint16(0, protocol); v.setUint32(4, 7); v.setUint16(8, hatype); v.setUint8(10, pkttype);
  return b;
}
const pkttypeOf = (p: CapturedPacket) => (p.direction === 'to-kernel' ? 7 : 6);

interface Rec { sec: number; frac: number; bytes: Uint8Array; caplen?: number; len?: number }
function pcap(recs: Rec[], o: { be?: boolean; ns?: boolean; linktype?: number; snaplen?: number } = {}): Uint8Array {
  const le = !o.be;
  const h = new DataView(new ArrayBuffer(24));
  h.setUint32(0, o.ns ? 0xa1b23c4d : 0xa1b2c3d4, le);
  h.setUint16(4, 2, le); h.setUint16(6, 4, le);
  h.setUint32(16, o.snaplen ?? 262144, le); h.setUint32(20, o.linktype ?? 253, le);
  const parts: Uint8Array[] = [new Uint8Array(h.buffer)];
  for (const r of recs) {
    const v = new DataView(new ArrayBuffer(16));
    v.setUint32(0, r.sec, le); v.setUint32(4, r.frac, le);
    v.setUint32(8, r.caplen ?? r.bytes.length, le); v.setUint32(12, r.len ?? r.bytes.length, le);
    parts.push(new Uint8Array(v.buffer), r.bytes);
  }
  return cat(...parts);
}

/** A pcapng block: type, length, body padded to 4, length. */
function block(type: number, body: Uint8Array, le: boolean): Uint8Array {
  const padded = (body.length + 3) & ~3;
  const b = new Uint8Array(12 + padded), v = new DataView(b.buffer);
  v.setUint32(0, type, le); v.setUint32(4, b.length, le); v.setUint32(b.length - 4, b.length, le);
  b.set(body, 8);
  return b;
}
function fields(le: boolean, spec: [('u16' | 'u32' | 'i64'), number | bigint][]): Uint8Array {
  const size = spec.reduce((a, [t]) => a + (t === 'u16' ? 2 : t === 'u32' ? 4 : 8), 0);
  const v = new DataView(new ArrayBuffer(size));
  let o = 0;
  for (const [t, x] of spec) {
    if (t === 'u16') { v.setUint16(o, Number(x), le); o += 2; }
    else if (t === 'u32') { v.setUint32(o, Number(x), le); o += 4; }
    else { v.setBigInt64(o, BigInt(x), le); o += 8; }
  }
  return new Uint8Array(v.buffer);
}
const shb = (le: boolean) => block(0x0a0d0d0a, fields(le, [['u32', 0x1a2b3c4d], ['u16', 1], ['u16', 0], ['i64', -1n]]), le);
function idb(le: boolean, linktype: number, o: { tsresol?: number; tsoffset?: bigint; snaplen?: number } = {}): Uint8Array {
  const opts: Uint8Array[] = [];
  if (o.tsresol !== undefined) opts.push(fields(le, [['u16', 9], ['u16', 1]]), new Uint8Array([o.tsresol, 0, 0, 0]));
  if (o.tsoffset !== undefined) opts.push(fields(le, [['u16', 14], ['u16', 8], ['i64', o.tsoffset]]));
  if (opts.length) opts.push(new Uint8Array(4)); // opt_endofopt
  return block(1, cat(fields(le, [['u16', linktype], ['u16', 0], ['u32', o.snaplen ?? 0]]), ...opts), le);
}
function epb(le: boolean, ifid: number, ts: bigint, bytes: Uint8Array, len = bytes.length): Uint8Array {
  return block(6, cat(fields(le, [['u32', ifid], ['u32', ts >> 32n], ['u32', ts & 0xffffffffn], ['u32', bytes.length], ['u32', len]]), bytes), le);
}
function opb(le: boolean, ifid: number, ts: bigint, bytes: Uint8Array): Uint8Array {
  return block(2, cat(fields(le, [['u16', ifid], ['u16', 0], ['u32', ts >> 32n], ['u32', ts & 0xffffffffn], ['u32', bytes.length], ['u32', bytes.length]]), bytes), le);
}
const spb = (le: boolean, bytes: Uint8Array, len = bytes.length) => block(3, cat(fields(le, [['u32', len]]), bytes), le);

// ------------------------------------------------------------------ real captures

const real = new Map<string, CaptureContents>();
async function load(name: string): Promise<CaptureContents> {
  if (!real.has(name)) real.set(name, await readCaptureAll(path(name)));
  return real.get(name)!;
}
const keyOf = (p: CapturedPacket) => ({ sec: p.sec, nsec: p.nsec, protocol: p.protocol, direction: p.direction, data: Buffer.from(p.data).toString('hex') });

/*
 * Expected numbers measured with tshark 4.0.17 on the captures (copied from the starter captures):
 *   total:      tshark -r F | wc -l
 *   directions: tshark -r F -Y 'frame[0:2]==00:07 && netlink.family==P' | wc -l   (00:06 for to-user)
 *   bytes:      sum of frame.cap_len (cooked header included)
 *   first/last: tshark -r F -T fields -e frame.time_epoch
 */
const EXPECTED = {
  'changes': { total: 110, counts: { 'to-kernel/0': 28, 'to-user/0': 52, 'to-kernel/4': 14, 'to-user/4': 16 }, bytes: 33548, first: [1795552290, 924135000], last: [1795552292, 79141000] },
  'route-dump': { total: 79, counts: { 'to-kernel/0': 32, 'to-user/0': 47 }, bytes: 68900, first: [1795552286, 977483000], last: [1795552287, 84765000] },
  'sockdiag': { total: 25, counts: { 'to-kernel/4': 9, 'to-user/4': 16 }, bytes: 4780, first: [1795552288, 288888000], last: [1795552290, 858531000] },
} as const;

describe('real nlmon captures', () => {
  for (const name of CAPTURES) {
    it(`${name}: frames, directions, protocols and timestamps as tshark reads them`, async () => {
      const r = await load(name);
      const want = EXPECTED[name];
      expect(r.fatal).toBeUndefined();
      expect(r.problems).toEqual([]);
      expect(r.infos).toEqual([{ format: 'pcap', linktypes: [253], nanosecond: false, bigEndian: false, snaplen: 262144 }]);
      expect(r.packets.length).toBe(want.total);
      expect(r.packets.map((p) => p.frame)).toEqual(r.packets.map((_, i) => i + 1));
      const counts: Record<string, number> = {};
      for (const p of r.packets) counts[`${p.direction}/${p.protocol}`] = (counts[`${p.direction}/${p.protocol}`] ?? 0) + 1;
      expect(counts).toEqual(want.counts);
      expect(r.packets.reduce((a, p) => a + 16 + p.data.length, 0)).toBe(want.bytes);
      expect([r.packets[0]!.sec, r.packets[0]!.nsec]).toEqual(want.first);
      expect([r.packets.at(-1)!.sec, r.packets.at(-1)!.nsec]).toEqual(want.last);
      for (const p of r.packets) {
        expect(p.problems).toEqual([]);
        expect(p.truncated).toBe(false);
        expect(p.origLen).toBe(p.data.length);
        expect(p.linktype).toBe(253);
        expect(p.interfaceId).toBe(0);
        // Each packet holds whole netlink messages: the first nlmsg_len fits.
        expect(new DataView(p.data.buffer, p.data.byteOffset).getUint32(0, true)).toBeLessThanOrEqual(p.data.length);
      }
    });

    it.skipIf(!TSHARK)(`${name}: every frame agrees with tshark (skipped without tshark on PATH)`, async () => {
      const r = await load(name);
      const rows = tshark(['-n', '-r', path(name), '-T', 'fields', '-e', 'frame.number', '-e', 'frame.time_epoch', '-e', 'frame.cap_len', '-e', 'netlink.family'])
        .trim().split('\n').map((l) => l.split('\t'));
      const toKernel = new Set(tshark(['-n', '-r', path(name), '-Y', 'frame[0:2]==00:07', '-T', 'fields', '-e', 'frame.number']).trim().split('\n').map(Number));
      expect(rows.length).toBe(r.packets.length);
      rows.forEach(([num, epoch, caplen, family], i) => {
        const p = r.packets[i]!;
        expect(p.frame).toBe(Number(num));
        expect(`${p.sec}.${String(p.nsec).padStart(9, '0')}`).toBe(epoch);
        expect(p.data.length + 16).toBe(Number(caplen));
        expect(p.protocol).toBe(Number(family));
        expect(p.direction).toBe(toKernel.has(p.frame) ? 'to-kernel' : 'to-user');
      });
    }, 60_000); // tshark takes a second or more to start
  }

  it('reads the same through tiny chunks, a Node stream and a small highWaterMark', async () => {
    const want = (await load('changes')).packets.map(keyOf);
    const bytes = new Uint8Array(readFileSync(path('changes')));
    for (const sizes of [[1], [3, 7, 1, 13], [4096], [100000]]) {
      const r = await readCaptureAll(chunked(bytes, sizes));
      expect(r.problems).toEqual([]);
      expect(r.packets.map(keyOf)).toEqual(want);
    }
    const viaStream = await readCaptureAll(Readable.from(chunked(bytes, [777])));
    expect(viaStream.packets.map(keyOf)).toEqual(want);
    const viaPath = await readCaptureAll(path('changes'), { highWaterMark: 64 });
    expect(viaPath.packets.map(keyOf)).toEqual(want);
  });

  it('a file read ahead in chunks of any size, a FIFO read in turn, and no descriptor left open', async () => {
    const want = (await load('route-dump')).packets.map(keyOf);
    const size = readFileSync(path('route-dump')).length;
    // chunk sizes around the file's own size and small ones: the last read is short, or empty
    for (const highWaterMark of [17, 1000, 4096, size - 1, size, size + 1]) {
      const r = await readCaptureAll(path('route-dump'), { highWaterMark });
      expect(r.problems, `highWaterMark ${highWaterMark}`).toEqual([]);
      expect(r.packets.map(keyOf), `highWaterMark ${highWaterMark}`).toEqual(want);
    }
    const dir = mkdtempSync(join(tmpdir(), 'nlscope-fifo-'));
    try {
      const fifo = join(dir, 'capture');
      execFileSync('mkfifo', [fifo]);
      for (const reuseChunks of [false, true]) {
        // short reads from the pipe: records over many chunks, with buffers used in turn too
        const writer = spawn('sh', ['-c', `cat "$1" > "$2"`, 'sh', path('route-dump'), fifo]);
        const got: unknown[] = [];
        for await (const e of readCapture(fifo, { highWaterMark: 1000, reuseChunks })) if (e.kind === 'packet') got.push(keyOf(e.packet));
        await new Promise((done) => writer.on('close', done));
        expect(got, `reuseChunks ${reuseChunks}`).toEqual(want);
      }
    } finally { rmSync(dir, { recursive: true, force: true }); }
    // a consumer that stops early: the reads in flight finish, then the file is closed
    const open = () => readdirSync('/proc/self/fd').length;
    const before = open();
    let n = 0;
    for await (const e of readCapture(path('route-dump'), { highWaterMark: 100 })) if (e.kind === 'packet' && ++n === 2) break;
    expect(n).toBe(2);
    expect(open()).toBe(before);
  });

  it('reuseChunks: the same packets, read at the time each is given, through buffers used in turn', async () => {
    for (const name of ['route-dump', 'rec-sockets', 'changes']) {
      const want = (await load(name)).packets.map(keyOf);
      for (const highWaterMark of [100, 1000, 4096, 1 << 20]) {
        const got: unknown[] = [];
        let problems = 0;
        for await (const e of readCapture(path(name), { highWaterMark, reuseChunks: true })) {
          if (e.kind === 'packet') got.push(keyOf(e.packet));
          else if (e.kind === 'problem') problems++;
        }
        expect(problems, `${name} at ${highWaterMark}`).toBe(0);
        expect(got, `${name} at ${highWaterMark}`).toEqual(want);
      }
    }
  });

  it('batches (readCaptureBatches, decodeCaptureBatches): the same events; with reuseChunks every packet of a batch intact until the next batch', async () => {
    for (const name of ['route-dump', 'rec-sockets', 'changes']) {
      const all = await load(name);
      const want = all.packets.map(keyOf);
      for (const highWaterMark of [100, 4096, 1 << 20]) {
        const got: unknown[] = [];
        let batches = 0;
        for await (const batch of readCaptureBatches(path(name), { highWaterMark, reuseChunks: true })) {
          batches++;
          // short batches: a whole chunk's packets outlived the young generation (+18 MiB peak)
          expect(batch.length).toBeLessThanOrEqual(16);
          // read after the whole batch was made: a reused chunk would show as changed bytes
          for (const e of batch) if (e.kind === 'packet') got.push(keyOf(e.packet));
        }
        expect(got, `${name} at ${highWaterMark}`).toEqual(want);
        // a batch per wait for bytes: fewer than the packets once chunks hold several
        if (highWaterMark === 1 << 20) expect(batches).toBeLessThan(Math.max(2, want.length / 4));
      }
      const frames: string[] = [];
      const batched: string[] = [];
      for await (const ev of decodeCapture(path(name))) if (ev.kind === 'frame') frames.push(JSON.stringify(ev.frame.messages));
      for await (const b of decodeCaptureBatches(path(name), { reuseChunks: true })) for (const ev of b) if (ev.kind === 'frame') batched.push(JSON.stringify(ev.frame.messages));
      expect(batched, name).toEqual(frames);
    }
  });

  it('packet data stays valid after the iterator moves on', async () => {
    const kept: Uint8Array[] = [];
    const copies: string[] = [];
    for await (const e of readCapture(path('route-dump'), { highWaterMark: 100 })) {
      if (e.kind === 'packet') { kept.push(e.packet.data); copies.push(Buffer.from(e.packet.data).toString('hex')); }
    }
    expect(kept.map((d) => Buffer.from(d).toString('hex'))).toEqual(copies);
  });

  it('stops reading (closes the source) when the consumer stops early', async () => {
    const bytes = new Uint8Array(readFileSync(path('changes')));
    let closed = false;
    async function* source() { try { yield* chunked(bytes, [1000]); } finally { closed = true; } }
    let n = 0;
    for await (const e of readCapture(source())) if (e.kind === 'packet' && ++n === 3) break;
    expect(n).toBe(3);
    expect(closed).toBe(true);
  });
});

// ------------------------------------------------------------------ generated variants

describe('generated variants', () => {
  async function sample() {
    return (await load('changes')).packets.slice(0, 12);
  }

  it('big-endian pcap, µs and ns', async () => {
    const ps = await sample();
    for (const ns of [false, true]) {
      const recs = ps.map((p, i) => ({ sec: p.sec, frac: ns ? p.nsec + i : p.nsec / 1000, bytes: cat(sll(pkttypeOf(p), p.protocol), p.data) }));
      const r = await read(pcap(recs, { be: true, ns }));
      expect(r.infos).toEqual([{ format: 'pcap', linktypes: [253], nanosecond: ns, bigEndian: true, snaplen: 262144 }]);
      expect(r.problems).toEqual([]);
      expect(r.packets.map(keyOf)).toEqual(ps.map((p, i) => keyOf({ ...p, nsec: ns ? p.nsec + i : p.nsec })));
    }
  });

  it('little-endian ns pcap keeps nanoseconds', async () => {
    const ps = await sample();
    const r = await read(pcap(ps.map((p) => ({ sec: p.sec, frac: 999999999, bytes: cat(sll(7, 16), p.data) })), { ns: true }));
    expect(r.packets.every((p) => p.nsec === 999999999 && p.protocol === 16 && p.direction === 'to-kernel')).toBe(true);
    expect(r.infos[0]!.nanosecond).toBe(true);
  });

  it('LINUX_SLL (113) and LINUX_SLL2 (276), with non-netlink ARPHRD and unknown packet types', async () => {
    const ps = await sample();
    const r113 = await read(pcap(ps.map((p) => ({ sec: p.sec, frac: p.nsec / 1000, bytes: cat(sll(pkttypeOf(p), p.protocol), p.data) })), { linktype: 113 }));
    expect(r113.packets.map(keyOf)).toEqual(ps.map(keyOf));
    expect(r113.packets.every((p) => p.linktype === 113 && p.problems.length === 0)).toBe(true);
    const r276 = await read(pcap(ps.map((p) => ({ sec: p.sec, frac: p.nsec / 1000, bytes: cat(sll2(pkttypeOf(p), p.protocol), p.data) })), { linktype: 276 }));
    expect(r276.packets.map(keyOf)).toEqual(ps.map(keyOf));
    expect(r276.packets.every((p) => p.linktype === 276 && p.problems.length === 0)).toBe(true);

    const odd = await read(pcap([
      { sec: 1, frac: 0, bytes: cat(sll2(6, 0x0800, 1), ps[0]!.data) }, // Ethernet, not netlink
      { sec: 2, frac: 0, bytes: cat(sll2(4, 0), ps[1]!.data) }, // PACKET_OUTGOING
    ], { linktype: 276 }));
    const [a, b] = odd.packets;
    expect(a!.protocol).toBe(-1);
    expect(a!.problems.map((p) => p.code)).toEqual(['not-netlink']);
    expect(a!.problems[0]!.message).toBe('not netlink (ARPHRD 1)');
    expect(a!.problems[0]!.offset).toBe(24 + 16 + 8);
    expect(b!.direction).toBe('unknown');
    expect(b!.pkttype).toBe(4);
    expect(b!.problems.map((p) => p.code)).toEqual(['unknown-pkttype']);
    expect(b!.data).toEqual(ps[1]!.data);
  });

  it('other link types: protocol -1 and a problem', async () => {
    const r = await read(pcap([{ sec: 1, frac: 0, bytes: new Uint8Array([1, 2, 3]) }], { linktype: 1 }));
    expect(r.problems.map((p) => p.problem.code)).toEqual(['unsupported-linktype']);
    expect(r.packets[0]).toMatchObject({ protocol: -1, linktype: 1, direction: 'unknown' });
    expect(r.packets[0]!.problems.map((p) => p.code)).toEqual(['unsupported-linktype']);
  });

  it('pcapng: two sections of different byte order, interfaces with different resolutions and offsets, SPB, OPB, unknown blocks', async () => {
    const ps = await sample();
    const nl = (p: CapturedPacket) => cat(sll(pkttypeOf(p), p.protocol), p.data);
    const sl2 = (p: CapturedPacket) => cat(sll2(pkttypeOf(p), p.protocol), p.data);
    const T = 1795552290n;
    const file = cat(
      shb(true),
      idb(true, 253), // default resolution µs
      block(4, new Uint8Array(8), true), // name resolution block: skipped
      idb(true, 253, { tsresol: 9, snaplen: 262144 }),
      idb(true, 276, { tsresol: 0x80 | 20, tsoffset: 100n }), // 2^-20 s and +100 s
      epb(true, 0, T * 1000000n + 123456n, nl(ps[0]!)),
      epb(true, 1, T * 1000000000n + 987654321n, nl(ps[1]!)),
      epb(true, 2, (T << 20n) + (1n << 19n), sl2(ps[2]!)), // .5 s
      block(0x12345678, new Uint8Array(20), true), // unknown block
      spb(true, nl(ps[3]!)),
      block(5, new Uint8Array(12), true), // interface statistics: skipped
      shb(false), // new section, big-endian: interfaces restart
      idb(false, 253, { tsresol: 3 }), // ms
      idb(false, 113, { tsresol: 9, tsoffset: -5n }),
      opb(false, 0, T * 1000n + 7n, nl(ps[4]!)),
      epb(false, 1, T * 1000000000n + 1n, nl(ps[5]!)),
      epb(false, 0, T * 1000n, nl(ps[6]!)),
      block(0x0a, fields(false, [['u32', 0x544c534b], ['u32', 0]]), false), // decryption secrets: skipped
    );
    const r = await read(file);
    expect(r.problems).toEqual([]);
    expect(r.packets.map((p) => p.frame)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(r.packets.map((p) => [p.interfaceId, p.linktype, p.sec, p.nsec])).toEqual([
      [0, 253, 1795552290, 123456000],
      [1, 253, 1795552290, 987654321],
      [2, 276, 1795552390, 500000000],
      [0, 253, 0, 0], // SPB: no timestamp
      [0, 253, 1795552290, 7000000],
      [1, 113, 1795552285, 1],
      [0, 253, 1795552290, 0],
    ]);
    expect(r.packets.map((p) => keyOf({ ...p, sec: 0, nsec: 0 }))).toEqual(ps.slice(0, 7).map((p) => keyOf({ ...p, sec: 0, nsec: 0 })));
    expect(r.packets.every((p) => p.problems.length === 0)).toBe(true);
    if (TSHARK) {
      // An independent reading of the same file: tshark's timestamps must agree with ours.
      const dir = mkdtempSync(join(tmpdir(), 'nlscope-'));
      const tmp = join(dir, 'variants.pcapng');
      writeFileSync(tmp, file);
      const epochs = tshark(['-n', '-r', tmp, '-T', 'fields', '-e', 'frame.time_epoch']).trim().split('\n');
      rmSync(dir, { recursive: true });
      // (tshark shows no time for the SPB, frame 4)
      expect(epochs).toEqual(r.packets.map((p) => (p.frame === 4 ? '' : `${p.sec}.${String(p.nsec).padStart(9, '0')}`)));
    }
    expect(r.infos).toEqual([
      { format: 'pcapng', linktypes: [253, 253, 276], nanosecond: true, bigEndian: false, snaplen: 0 },
      { format: 'pcapng', linktypes: [253, 113], nanosecond: true, bigEndian: true, snaplen: 0 },
    ]);
  }, 60_000);

  it('pcapng SPB: caplen is the smaller of the room in the block and the original length', async () => {
    const d = cat(sll(6, 0), new Uint8Array([20, 0, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]));
    // origlen 38 in a block padded to 40 bytes of room: data is 38 bytes, not 40
    const odd = cat(d, new Uint8Array([1, 2]));
    const r = await read(cat(shb(true), idb(true, 253), spb(true, odd, 38), spb(true, d, 100)));
    expect(r.packets[0]!.data.length).toBe(22);
    expect(r.packets[0]!.truncated).toBe(false);
    expect(r.packets[1]!.truncated).toBe(true);
    expect(r.packets[1]!.origLen).toBe(84);
  });

  it('pcapng: packet on an undescribed interface is counted, with a problem', async () => {
    const r = await read(cat(shb(true), idb(true, 253), epb(true, 5, 0n, sll(7, 0)), epb(true, 0, 0n, sll(7, 0))));
    expect(r.packets.map((p) => p.frame)).toEqual([1, 2]);
    expect(r.packets[0]).toMatchObject({ interfaceId: 5, linktype: -1, protocol: -1 });
    expect(r.packets[0]!.problems.map((p) => p.code)).toEqual(['unknown-interface']);
    expect(r.packets[1]!.problems).toEqual([]);
  });

  it('pcapng with no packets still gives its info', async () => {
    const r = await read(cat(shb(false), idb(false, 253)));
    expect(r.infos).toEqual([{ format: 'pcapng', linktypes: [253], nanosecond: false, bigEndian: true, snaplen: 0 }]);
    expect(r.packets).toEqual([]);
    expect(r.problems).toEqual([]);
  });
});

// ------------------------------------------------------------------ hostile input

describe('hostile input: a clear problem, never an exception or a hang', () => {
  const rec = (bytes: Uint8Array) => ({ sec: 1, frac: 2, bytes });
  const good = [rec(cat(sll(7, 0), new Uint8Array(20))), rec(cat(sll(6, 0), new Uint8Array(36)))];

  async function fatalOf(b: Uint8Array) {
    const r = await read(b);
    expect(r.fatal).toBeDefined();
    expect(r.problems.at(-1)!.fatal).toBe(true);
    return r;
  }

  it('empty file', async () => {
    expect((await fatalOf(new Uint8Array(0))).fatal).toMatchObject({ code: 'empty', message: 'empty file', offset: 0 });
  });
  it('3 bytes', async () => {
    expect((await fatalOf(new Uint8Array([0xd4, 0xc3, 0xb2]))).fatal!.code).toBe('short-file');
  });
  it('text and wrong magic', async () => {
    expect((await fatalOf(new TextEncoder().encode('hello world\n'))).fatal!.message).toBe('not a pcap or pcapng file (magic 0x68656c6c)');
    expect((await fatalOf(new Uint8Array([0xde, 0xad, 0xbe, 0xef, 0, 0, 0, 0]))).fatal!.message).toBe('not a pcap or pcapng file (magic 0xdeadbeef)');
  });
  it('missing file', async () => {
    const r = await readCaptureAll('captures/no-such-file.pcap');
    expect(r.fatal!.code).toBe('io-error');
  });
  it('cut file header', async () => {
    expect((await fatalOf(pcap([]).subarray(0, 20))).fatal).toMatchObject({ code: 'cut', offset: 0 });
  });
  it('cut record header: the packets before it are returned', async () => {
    const f = pcap(good);
    const r = await fatalOf(f.subarray(0, 24 + 52 + 5));
    expect(r.packets.length).toBe(1);
    expect(r.fatal).toMatchObject({ code: 'cut', offset: 24 + 16 + 36, path: 'frame[2]' });
  });
  it('cut record body', async () => {
    const f = pcap(good);
    const r = await fatalOf(f.subarray(0, f.length - 1));
    expect(r.packets.length).toBe(1);
    expect(r.fatal).toMatchObject({ code: 'cut', offset: 24 + 16 + 36, path: 'frame[2].data' });
  });
  it('caplen 0xffffffff', async () => {
    const r = await fatalOf(pcap([good[0]!, { ...rec(new Uint8Array(10)), caplen: 0xffffffff }]));
    expect(r.packets.length).toBe(1);
    expect(r.fatal).toMatchObject({ code: 'bad-caplen', offset: 24 + 52 + 8, path: 'frame[2].caplen' });
  });
  it('caplen over the snaplen but sane: read, with a problem', async () => {
    const r = await read(pcap([rec(cat(sll(7, 0), new Uint8Array(300000)))], { snaplen: 100 }));
    expect(r.fatal).toBeUndefined();
    expect(r.packets[0]!.problems.map((p) => p.code)).toEqual(['caplen-over-snaplen']);
  });
  it('a truncated packet (caplen < len)', async () => {
    const r = await read(pcap([good[0]!, { ...rec(cat(sll(6, 0), new Uint8Array(8))), len: 1000 }, good[1]!]));
    expect(r.fatal).toBeUndefined();
    const p = r.packets[1]!;
    expect(p).toMatchObject({ truncated: true, origLen: 1000 - 16, frame: 2 });
    expect(p.data.length).toBe(8);
    expect(p.problems.map((x) => x.code)).toEqual(['truncated']);
    expect(r.packets.length).toBe(3);
  });
  it('caplen shorter than the cooked header', async () => {
    const r = await read(pcap([rec(new Uint8Array(5))]));
    expect(r.packets[0]!.problems.map((x) => x.code)).toEqual(['short-cooked-header']);
    expect(r.packets[0]!.protocol).toBe(-1);
  });
  for (const [name, len, code] of [['0', 0, 'bad-block-length'], ['5', 5, 'bad-block-length'], ['huge', 0xfffffff0, 'bad-block-length'], ['past the end', 4096, 'cut']] as const) {
    it(`pcapng block length ${name}`, async () => {
      const bad = epb(true, 0, 0n, sll(7, 0));
      new DataView(bad.buffer, bad.byteOffset).setUint32(4, len, true);
      const r = await fatalOf(cat(shb(true), idb(true, 253), epb(true, 0, 1n, sll(7, 0)), bad, epb(true, 0, 2n, sll(7, 0))));
      expect(r.packets.length).toBe(1);
      expect(r.fatal!.code).toBe(code);
      expect(r.fatal!.offset).toBe(28 + 20 + 48 + (code === 'cut' ? 0 : 4));
    });
  }
  it('pcapng section header length too small and bad byte-order magic', async () => {
    const s = shb(true);
    new DataView(s.buffer).setUint32(4, 12, true);
    expect((await fatalOf(s)).fatal!.code).toBe('bad-block-length');
    const t = shb(true);
    new DataView(t.buffer).setUint32(8, 0x12345678, true);
    expect((await fatalOf(t)).fatal!.code).toBe('bad-byte-order');
  });
  it('pcapng packet blocks too short for their fields: counted, with a problem, and reading goes on', async () => {
    const r = await read(cat(shb(true), idb(true, 253), block(6, new Uint8Array(8), true), block(3, new Uint8Array(0), true), epb(true, 0, 0n, sll(7, 0))));
    expect(r.fatal).toBeUndefined();
    expect(r.packets.map((p) => [p.frame, p.problems.map((x) => x.code)])).toEqual([[1, ['short-block']], [2, ['short-block']], [3, []]]);
  });
  it('pcapng caplen over the block: clamped, with a problem', async () => {
    const b = epb(true, 0, 0n, sll(7, 0));
    new DataView(b.buffer, b.byteOffset).setUint32(20, 9999, true);
    const r = await read(cat(shb(true), idb(true, 253), b));
    expect(r.packets[0]!.problems.map((x) => x.code)).toEqual(['bad-caplen']);
    expect(r.packets[0]!.data.length).toBe(0);
  });
  it('pcapng mismatched trailing length and bad option: warnings', async () => {
    const b = idb(true, 253, { tsresol: 9 });
    new DataView(b.buffer, b.byteOffset).setUint16(18, 200, true); // option length past the block
    const e = epb(true, 0, 5n, sll(7, 0));
    new DataView(e.buffer, e.byteOffset).setUint32(e.length - 4, 4, true);
    const r = await read(cat(shb(true), b, e));
    expect(r.fatal).toBeUndefined();
    expect(r.problems.map((p) => p.problem.code)).toEqual(['bad-option', 'block-length-mismatch']);
    expect(r.packets.length).toBe(1);
  });
  it('random bytes after a good header', async () => {
    const r = await read(cat(pcap(good), new Uint8Array(1000).map((_, i) => (i * 7919) & 0xff)));
    expect(r.packets.length).toBeGreaterThanOrEqual(2);
    expect(r.packets.slice(0, 2).map((p) => p.data.length)).toEqual([20, 36]);
  });
  it('a source that fails midway: the packets before, then an io-error', async () => {
    const f = pcap(good);
    async function* failing() { yield f.subarray(0, 24 + 52 + 3); throw new Error('disk on fire'); }
    const r = await readCaptureAll(failing());
    expect(r.packets.length).toBe(1);
    expect(r.fatal).toMatchObject({ code: 'io-error', message: 'disk on fire' });
  });
});

describe('property: never throws, always ends', () => {
  it('random byte strings', async () => {
    await fc.assert(fc.asyncProperty(fc.uint8Array({ maxLength: 400 }), fc.integer({ min: 1, max: 64 }), async (b, chunk) => {
      const r = await readCaptureAll(chunked(b, [chunk]));
      expect(r.fatal !== undefined || r.packets.length >= 0).toBe(true);
    }), { numRuns: 300 });
  });

  it('random byte strings behind a valid pcap / pcapng header', async () => {
    const heads = [pcap([]), pcap([], { be: true, ns: true }), cat(shb(true), idb(true, 253)), cat(shb(false), idb(false, 276, { tsresol: 0x85 }))];
    await fc.assert(fc.asyncProperty(fc.constantFrom(...heads), fc.uint8Array({ maxLength: 300 }), async (h, b) => {
      await readCaptureAll(fromBytes(cat(h, b)));
    }), { numRuns: 300 });
  });

  it('a damaged or cut capture, pcap or pcapng, reads the same whole and through any chunk sizes', async () => {
    // The reader stops where the window ends inside a record (or block) and reads it again from
    // its header once the bytes are there: every event, problem and offset must come out as when
    // the file is read in one piece, whatever the damage.
    const ps = (await load('route-dump')).packets.slice(0, 12);
    const nl = (p: CapturedPacket) => cat(sll(pkttypeOf(p), p.protocol), p.data);
    const files = [
      new Uint8Array(readFileSync(path('route-dump'))).slice(0, 6000),
      pcap(ps.map((p, i) => ({ sec: 1795552290 + i, frac: 999999 * (i % 2), bytes: nl(p) })), { be: true, ns: true }),
      cat(shb(true), idb(true, 253, { tsresol: 9 }), ...ps.slice(0, 6).map((p, i) => epb(true, 0, BigInt(i) << 33n, nl(p))),
        shb(false), idb(false, 276), ...ps.slice(6).map((p, i) => (i % 3 ? epb(false, 0, BigInt(i), nl(p)) : spb(false, nl(p))))),
    ];
    const all = (r: CaptureContents) => JSON.stringify({ ...r, packets: r.packets.map((p) => ({ ...p, data: Buffer.from(p.data).toString('hex') })) });
    const seen = { fatal: 0, cut: 0, warned: 0 };
    const word = fc.constantFrom(0, 1, 11, 12, 13, 16, 28, 0xffffffff, (1 << 24) + 4, 0x0a0d0d0a, 0x1a2b3c4d, 0x4d3c2b1a, 6);
    await fc.assert(fc.asyncProperty(
      fc.nat(files.length - 1),
      fc.array(fc.oneof(
        fc.tuple(fc.constant('byte' as const), fc.nat(), fc.integer({ min: 0, max: 255 })),
        fc.tuple(fc.constant('word' as const), fc.nat(), word),
      ), { maxLength: 4 }),
      fc.option(fc.nat(), { freq: 1 }),
      fc.array(fc.integer({ min: 1, max: 700 }), { minLength: 1, maxLength: 4 }),
      async (i, edits, cutAt, sizes) => {
        let b = files[i]!.slice();
        for (const [kind, at, v] of edits) {
          if (kind === 'byte') b[at % b.length] = v;
          else { const o = (at % b.length) & ~3; if (o + 4 <= b.length) new DataView(b.buffer).setUint32(o, v >>> 0, (at & 4) === 0); }
        }
        if (cutAt !== null) b = b.slice(0, cutAt % (b.length + 1));
        const whole = await read(b);
        expect(all(await readCaptureAll(chunked(b, sizes))), JSON.stringify(sizes)).toBe(all(whole));
        if (whole.fatal) seen.fatal++;
        if (whole.fatal?.code === 'cut') seen.cut++;
        if (whole.problems.some((p) => !p.fatal) || whole.packets.some((p) => p.problems.length > 0)) seen.warned++;
      },
    ), { numRuns: 400, seed: 2111 });
    // the runs went through the reader's stops: damage that ends the file, and files cut short
    expect(seen.cut).toBeGreaterThan(40);
    expect(seen.fatal - seen.cut).toBeGreaterThan(3);
    expect(seen.warned).toBeGreaterThan(40);
  }, 60_000);

  it('mutations of a real capture: packets before the first damaged byte are unchanged', async () => {
    const bytes = new Uint8Array(readFileSync(path('sockdiag')));
    const want = (await load('sockdiag')).packets;
    const ends = want.map((p) => 0); // file offset where each record ends
    let o = 24;
    want.forEach((p, i) => { o += 16 + 16 + p.data.length; ends[i] = o; });
    await fc.assert(fc.asyncProperty(
      fc.array(fc.tuple(fc.nat(bytes.length - 1), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 }),
      fc.nat(bytes.length),
      fc.integer({ min: 1, max: 4096 }),
      async (edits, cutAt, chunk) => {
        const m = bytes.slice(0, Math.max(cutAt, 1));
        for (const [at, val] of edits) if (at < m.length) m[at] = val;
        const r = await readCaptureAll(chunked(m, [chunk]));
        const firstDamage = Math.min(m.length, ...edits.map(([at]) => at));
        const intact = ends.filter((e) => e <= firstDamage).length;
        expect(r.packets.length).toBeGreaterThanOrEqual(firstDamage >= 24 ? intact : 0);
        for (let i = 0; i < intact; i++) expect(keyOf(r.packets[i]!)).toEqual(keyOf(want[i]!));
      },
    ), { numRuns: 300 });
  });
});
