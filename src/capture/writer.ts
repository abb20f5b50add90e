// Writer of nlmon-style captures: LINKTYPE_NETLINK (253) in pcap (little-endian, µs or ns)
// or pcapng (SHB + one IDB + an EPB per packet), each packet behind the 16-byte cooked header.
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import { ARPHRD_NETLINK, LINKTYPE_NETLINK, PACKET_KERNEL, PACKET_USER, type CaptureFormat, type PacketToWrite } from './types.js';

export interface WriterOptions {
  /** pcap or pcapng; for a path it defaults to the extension (.pcap / .pcapng). */
  format?: CaptureFormat;
  /** Nanosecond timestamps (pcap magic a1b23c4d, pcapng if_tsresol=9); default microseconds. */
  nanosecond?: boolean;
  /** close() ends the stream given (default true). */
  end?: boolean;
}

const SNAPLEN = 262144;
const COOKED = 16;

/** The file header: pcap global header, or pcapng SHB + IDB. */
export function encodeHeader(format: CaptureFormat, nanosecond = false): Uint8Array {
  if (format === 'pcap') {
    const b = new Uint8Array(24), v = new DataView(b.buffer);
    v.setUint32(0, nanosecond ? 0xa1b23c4d : 0xa1b2c3d4, true);
    v.setUint16(4, 2, true);
    v.setUint16(6, 4, true);
    v.setUint32(16, SNAPLEN, true);
    v.setUint32(20, LINKTYPE_NETLINK, true);
    return b;
  }
  const idbLen = nanosecond ? 32 : 20; // if_tsresol option (4 + 1 padded to 4) + opt_endofopt (4)
  const b = new Uint8Array(28 + idbLen), v = new DataView(b.buffer);
  v.setUint32(0, 0x0a0d0d0a, true);
  v.setUint32(4, 28, true);
  v.setUint32(8, 0x1a2b3c4d, true);
  v.setUint16(12, 1, true);
  v.setUint16(14, 0, true);
  v.setInt32(16, -1, true); // section length unknown
  v.setInt32(20, -1, true);
  v.setUint32(24, 28, true);
  v.setUint32(28, 1, true);
  v.setUint32(32, idbLen, true);
  v.setUint16(36, LINKTYPE_NETLINK, true);
  v.setUint32(40, SNAPLEN, true);
  if (nanosecond) {
    v.setUint16(44, 9, true); // if_tsresol
    v.setUint16(46, 1, true);
    v.setUint8(48, 9); // 10^-9
  }
  v.setUint32(28 + idbLen - 4, idbLen, true);
  return b;
}

/** One packet record (pcap record or pcapng EPB) with the LINKTYPE_NETLINK cooked header. */
export function encodePacket(p: PacketToWrite, format: CaptureFormat, nanosecond = false): Uint8Array {
  const { sec, nsec, data } = p;
  if (!Number.isInteger(sec) || sec < 0 || sec > 0xffffffff || !Number.isInteger(nsec) || nsec < 0 || nsec >= 1e9) {
    throw new RangeError(`bad timestamp ${sec}.${nsec}`);
  }
  if (p.direction !== 'to-kernel' && p.direction !== 'to-user') throw new RangeError(`bad direction ${String(p.direction)}`);
  const caplen = COOKED + data.length;
  const len = COOKED + Math.max(p.origLen ?? data.length, data.length);
  const head = format === 'pcap' ? 16 : 28;
  const total = format === 'pcap' ? head + caplen : head + ((caplen + 3) & ~3) + 4;
  const b = new Uint8Array(total), v = new DataView(b.buffer);
  if (format === 'pcap') {
    v.setUint32(0, sec, true);
    v.setUint32(4, nanosecond ? nsec : Math.floor(nsec / 1000), true);
    v.setUint32(8, caplen, true);
    v.setUint32(12, len, true);
  } else {
    const units = nanosecond ? 1e9 : 1e6;
    const frac = nanosecond ? nsec : Math.floor(nsec / 1000);
    // 64-bit sec*units+frac as hi:lo without losing precision (it passes 2^53 for ns).
    const a = Math.floor(sec / 65536) * units; // < 2^48
    const b0 = (sec % 65536) * units + frac; // < 2^47
    const c = a + Math.floor(b0 / 65536);
    v.setUint32(0, 6, true);
    v.setUint32(4, total, true);
    v.setUint32(8, 0, true); // interface 0
    v.setUint32(12, Math.floor(c / 65536), true);
    v.setUint32(16, (c % 65536) * 65536 + (b0 % 65536), true);
    v.setUint32(20, caplen, true);
    v.setUint32(24, len, true);
    v.setUint32(total - 4, total, true);
  }
  v.setUint16(head, p.direction === 'to-kernel' ? PACKET_KERNEL : PACKET_USER, false);
  v.setUint16(head + 2, ARPHRD_NETLINK, false);
  v.setUint16(head + 14, p.protocol, false);
  b.set(data, head + COOKED);
  return b;
}

/** A whole capture in memory: for tests and small captures. */
export function encodeCapture(packets: Iterable<PacketToWrite>, format: CaptureFormat, opts: { nanosecond?: boolean } = {}): Uint8Array {
  const parts = [encodeHeader(format, opts.nanosecond)];
  let size = parts[0]!.length;
  for (const p of packets) { const b = encodePacket(p, format, opts.nanosecond); parts.push(b); size += b.length; }
  const out = new Uint8Array(size);
  let o = 0;
  for (const b of parts) { out.set(b, o); o += b.length; }
  return out;
}

/** The format a file name asks for, or undefined. */
export function formatOfPath(path: string): CaptureFormat | undefined {
  if (/\.pcapng$/i.test(path)) return 'pcapng';
  if (/\.pcap$/i.test(path)) return 'pcap';
  return undefined;
}

/** Streams packets to a file or Writable, waiting for 'drain' when the stream is full. */
export class CaptureWriter {
  readonly format: CaptureFormat;
  readonly nanosecond: boolean;
  private out: NodeJS.WritableStream;
  private end: boolean;
  private error: Error | null = null;
  private closed = false;

  constructor(target: string | NodeJS.WritableStream, opts: WriterOptions = {}) {
    const format = opts.format ?? (typeof target === 'string' ? formatOfPath(target) : 'pcap');
    if (!format) throw new Error(`cannot tell the capture format of ${String(target)}: name it .pcap or .pcapng, or give a format`);
    this.format = format;
    this.nanosecond = opts.nanosecond ?? false;
    this.out = typeof target === 'string' ? createWriteStream(target) : target;
    this.end = opts.end ?? true;
    // Keep a stream error for the next write/close instead of crashing the process.
    this.out.on('error', (e: Error) => { this.error ??= e; });
    this.out.write(encodeHeader(format, this.nanosecond));
  }

  async write(p: PacketToWrite): Promise<void> {
    if (this.error) throw this.error;
    if (this.closed) throw new Error('capture writer is closed');
    // once() rejects if the stream fails while we wait.
    if (!this.out.write(encodePacket(p, this.format, this.nanosecond))) await once(this.out, 'drain');
  }

  /** Flush and (unless end: false) end the stream; resolves when everything is written. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.error) throw this.error;
    if (!this.end) return;
    this.out.end();
    await finished(this.out);
    if (this.error) throw this.error;
  }
}
