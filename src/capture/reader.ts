// Streaming reader of nlmon captures: pcap (µs / ns, either byte order) and pcapng
// (several sections, interfaces with their own time resolution and offset).
// Total on bad input: every failure is a Problem event, never an exception; a fatal
// problem ends the stream after every packet before the damage was yielded.
import { Input, type ByteSource } from './input.js';
import {
  ARPHRD_NETLINK, LINKTYPE_LINUX_SLL, LINKTYPE_LINUX_SLL2, LINKTYPE_NETLINK, PACKET_KERNEL, PACKET_USER,
  type CaptureEvent, type CaptureInfo, type CapturedPacket, type Problem,
} from './types.js';

export type { CaptureEvent } from './types.js';

export interface ReadOptions {
  /** Chunk size when reading a file path (default 1 MiB). */
  highWaterMark?: number;
  /** Copy each chunk of the source: needed only if the source reuses its buffers. */
  copyChunks?: boolean;
  /**
   * A file path is read into a few buffers used in turn instead of a new one per chunk (no
   * fresh memory to fault in per MiB: the read costs a fraction). A packet's data then holds
   * only until the reader has read two more chunks: for consumers that are done with each
   * packet before they ask for the next ones (the analyzer, the nlscope CLI). Off by default.
   */
  reuseChunks?: boolean;
}

/** Why a link type cannot carry netlink (the problem's text); undefined when it can. */
export function notNetlinkLinktype(linktype: number): string | undefined {
  if (linktype === LINKTYPE_NETLINK || linktype === LINKTYPE_LINUX_SLL || linktype === LINKTYPE_LINUX_SLL2) return undefined;
  return `link type ${linktype} is not netlink (253), LINUX_SLL (113) or LINUX_SLL2 (276)`;
}

/** No record may be bigger than this, whatever the header says (pcap caplen). */
export const MAX_PCAP_RECORD = 16 << 20;
/** No pcapng block may be bigger than this. */
export const MAX_PCAPNG_BLOCK = 64 << 20;
/** What libpcap / Wireshark accept as a normal caplen whatever the snaplen. */
const STANDARD_SNAPLEN = 262144;

const hex = (n: number) => '0x' + (n >>> 0).toString(16).padStart(8, '0');
const problem = (code: string, offset: number, path: string, message: string): Problem => ({ code, offset, path, message });
const fatal = (p: Problem): CaptureEvent => ({ kind: 'problem', problem: p, fatal: true });
const warn = (p: Problem): CaptureEvent => ({ kind: 'problem', problem: p, fatal: false });

/**
 * Read a capture file (path), Node stream or async iterable of chunks, yielding the
 * capture info, each packet, and problems. Memory stays flat whatever the file size.
 */
export async function* readCapture(source: ByteSource, opts: ReadOptions = {}): AsyncGenerator<CaptureEvent> {
  for await (const batch of readCaptureBatches(source, opts)) yield* batch;
}

/**
 * readCapture's events a batch at a time: up to BATCH_MAX events read from the bytes at hand,
 * handed out before the reader waits for more. A small-packet capture has tens of thousands of
 * packets per 50 MB, and each step through an async generator costs microseconds: per batch,
 * that cost is gone. A batch's packets hold (reuseChunks) until the next batch is asked for.
 */
export async function* readCaptureBatches(source: ByteSource, opts: ReadOptions = {}): AsyncGenerator<CaptureEvent[]> {
  const inp = new Input(source, opts);
  try {
    if (!(await inp.fill(4))) {
      if (inp.error) yield [fatal(problem('io-error', 0, 'file', inp.error.message))];
      else if (inp.avail === 0) yield [fatal(problem('empty', 0, 'file', 'empty file'))];
      else yield [fatal(problem('short-file', 0, 'header.magic', `file too short for a capture (${inp.avail} bytes)`))];
      return;
    }
    const magic = inp.view.getUint32(0, true);
    if (magic === 0x0a0d0d0a) yield* readPcapng(inp);
    else if ([0xa1b2c3d4, 0xa1b23c4d, 0xd4c3b2a1, 0x4d3cb2a1].includes(magic)) yield* readPcap(inp);
    else yield [fatal(problem('bad-magic', 0, 'header.magic', `not a pcap or pcapng file (magic ${hex(inp.view.getUint32(0, false))})`))];
  } finally {
    await inp.close();
  }
}

/**
 * Events per batch at most. A batch of a whole chunk (~1,000 small packets) outlived the
 * young generation while its packets were decoded one by one: promoted, it cost ~18 MiB of
 * peak memory and old-generation collections. 16 keeps them young, one async step per 16.
 */
const BATCH_MAX = 16;

/** The events gathered so far, as one batch; the list starts again empty. */
function* handOut(batch: CaptureEvent[]): Generator<CaptureEvent[]> {
  if (batch.length) yield batch.splice(0);
}

/** End of input inside a record: fatal, or an I/O error if the source failed. */
function cut(inp: Input, what: string, path: string, need: number): CaptureEvent {
  if (inp.error) return fatal(problem('io-error', inp.offset, path, inp.error.message));
  return fatal(problem('cut', inp.offset, path, `${what} cut by end of file (needs ${need} bytes, ${inp.avail} left)`));
}

// ---------------------------------------------------------------- pcap

async function* readPcap(inp: Input): AsyncGenerator<CaptureEvent[]> {
  if (!(await inp.fill(24))) { yield [cut(inp, 'pcap file header', 'header', 24)]; return; }
  // events since the last wait for bytes: handed out before each wait (the wait may reuse a chunk)
  const batch: CaptureEvent[] = [];
  const v = inp.view;
  const m = v.getUint32(0, true);
  const le = m === 0xa1b2c3d4 || m === 0xa1b23c4d;
  const ns = m === 0xa1b23c4d || m === 0x4d3cb2a1;
  const major = v.getUint16(4, le);
  const snaplen = v.getUint32(16, le);
  // Upper bits of the link type word carry FCS information (as Wireshark masks it).
  const linktype = v.getUint32(20, le) & 0x03ffffff;
  batch.push({ kind: 'info', info: { format: 'pcap', linktypes: [linktype], nanosecond: ns, bigEndian: !le, snaplen } });
  const notNetlink = notNetlinkLinktype(linktype);
  if (notNetlink) batch.push(warn(problem('unsupported-linktype', 20, 'header.linktype', notNetlink)));
  if (major !== 2) batch.push(warn(problem('bad-version', 4, 'header.version', `pcap version ${major}.${v.getUint16(6, le)}, expected 2.4`)));
  const st: PcapState = {
    le, linktype, snaplen, fracMax: ns ? 1e9 : 1e6, fracMul: ns ? 1 : 1000,
    softMax: Math.max(snaplen, STANDARD_SNAPLEN), frame: 1, caplen: 0,
  };
  inp.pos += 24;
  for (;;) {
    const stop = scanPcap(inp, st, batch);
    yield* handOut(batch);
    if (stop === STOP_FATAL) return;
    if (stop === STOP_NEED_HEADER && !(await inp.fill(16))) {
      if (inp.avail > 0 || inp.error) yield [cut(inp, `record header of frame ${st.frame}`, `frame[${st.frame}]`, 16)];
      return;
    }
    if (stop === STOP_NEED_DATA && !(await inp.fill(16 + st.caplen))) {
      yield [cut(inp, `frame ${st.frame} (${st.caplen} bytes)`, `frame[${st.frame}].data`, 16 + st.caplen)];
      return;
    }
  }
}

/** A pcap file's facts that its records are read with, and where the reading is. */
interface PcapState {
  readonly le: boolean;
  readonly linktype: number;
  readonly snaplen: number;
  /** a timestamp's fraction is below this (1e6 µs, 1e9 ns), and times this is in ns */
  readonly fracMax: number;
  readonly fracMul: number;
  /** caplen over this (the snaplen, or 256 KiB) is a problem on the packet */
  readonly softMax: number;
  /** the number of the next frame */
  frame: number;
  /** the caplen of the record waiting for its data (STOP_NEED_DATA) */
  caplen: number;
}

/** Why scanPcap stopped: the batch is full; the window ends inside a record's header, or inside
 *  its data; a fatal problem (in the batch). */
const STOP_FULL = 0, STOP_NEED_HEADER = 1, STOP_NEED_DATA = 2, STOP_FATAL = 3;

/**
 * Adds the records that lie whole in the window to `batch`, up to BATCH_MAX events, and says
 * why it stopped. It never waits: the loop over records is a plain function, outside the async
 * generator. Inside it, with the generator's resume points, V8's optimizing compiler took
 * 55-68 ms over the loop (`--trace-opt`, a 50 MB socket dump) while the decoder's functions
 * waited in its queue; alone it takes ~7 ms, and the first read of a 50 MB route dump (47,559
 * packets) 84-91 ms instead of 113-135. After the wait, a record whose data was missing is
 * read again from its header: the window keeps it from there.
 */
function scanPcap(inp: Input, st: PcapState, batch: CaptureEvent[]): number {
  for (;;) {
    if (inp.avail < 16) return STOP_NEED_HEADER;
    const v = inp.view;
    const p = inp.pos;
    const at = inp.offset;
    const frame = st.frame;
    let sec = v.getUint32(p, st.le);
    let frac = v.getUint32(p + 4, st.le);
    const caplen = v.getUint32(p + 8, st.le);
    const len = v.getUint32(p + 12, st.le);
    // Over 16 MiB is never a netlink packet and would make us buffer it: fatal. Over the snaplen
    // (or 256 KiB) but sane: read it, with a problem on the packet (Wireshark would refuse it).
    if (caplen > MAX_PCAP_RECORD) {
      batch.push(fatal(problem('bad-caplen', at + 8, `frame[${frame}].caplen`, `caplen ${caplen} is over the ${MAX_PCAP_RECORD}-byte limit`)));
      return STOP_FATAL;
    }
    if (inp.avail < 16 + caplen) { st.caplen = caplen; return STOP_NEED_DATA; }
    const problems: Problem[] = [];
    if (caplen > st.softMax) problems.push(problem('caplen-over-snaplen', at + 8, `frame[${frame}].caplen`, `caplen ${caplen} is over the snaplen ${st.snaplen}`));
    if (frac >= st.fracMax) {
      problems.push(problem('bad-timestamp', at + 4, `frame[${frame}].ts_frac`, `fraction ${frac} is not below ${st.fracMax}`));
      sec += Math.floor(frac / st.fracMax);
      frac %= st.fracMax;
    }
    batch.push({
      kind: 'packet',
      packet: cooked(st.linktype, inp.buf, v, p + 16, caplen, len, at + 16, frame, 0, sec, frac * st.fracMul, problems),
    });
    inp.pos = p + 16 + caplen;
    st.frame = frame + 1;
    if (batch.length >= BATCH_MAX) return STOP_FULL;
  }
}

// ---------------------------------------------------------------- cooked headers

/**
 * Build a packet from the captured bytes at buf[off..off+caplen): strip the cooked header
 * of the link type and read packet type, ARPHRD and protocol from it.
 */
function cooked(
  linktype: number, buf: Uint8Array, v: DataView, off: number, caplen: number, len: number, fileOff: number,
  frame: number, interfaceId: number, sec: number, nsec: number, problems: Problem[],
): CapturedPacket {
  // (no closures or eager strings here: this runs for every packet)
  let hlen = 0, pkttype = -1, hatype = -1, protocol = -1;
  if (len < caplen) {
    problems.push(problem('bad-len', fileOff, `frame[${frame}].len`, `original length ${len} is below captured length ${caplen}`));
    len = caplen;
  }
  if (linktype === LINKTYPE_NETLINK || linktype === LINKTYPE_LINUX_SLL) hlen = 16;
  else if (linktype === LINKTYPE_LINUX_SLL2) hlen = 20;
  // linktype -1: no usable interface; the caller has said why.
  else if (linktype >= 0) problems.push(problem('unsupported-linktype', fileOff, `frame[${frame}].linktype`, notNetlinkLinktype(linktype)!));
  if (hlen > 0 && caplen < hlen) {
    problems.push(problem('short-cooked-header', fileOff, `frame[${frame}].cooked`, `${caplen} bytes captured, the cooked header needs ${hlen}`));
    hlen = 0;
  } else if (hlen === 16) {
    pkttype = v.getUint16(off, false);
    hatype = v.getUint16(off + 2, false);
    protocol = v.getUint16(off + 14, false);
  } else if (hlen === 20) {
    protocol = v.getUint16(off, false);
    hatype = v.getUint16(off + 8, false);
    pkttype = v.getUint8(off + 10);
  }
  if (hlen > 0 && hatype !== ARPHRD_NETLINK) {
    problems.push(problem('not-netlink', fileOff + (hlen === 16 ? 2 : 8), `frame[${frame}].cooked.hatype`, `not netlink (ARPHRD ${hatype})`));
    protocol = -1;
  }
  let direction: CapturedPacket['direction'] = 'unknown';
  if (pkttype === PACKET_KERNEL) direction = 'to-kernel';
  else if (pkttype === PACKET_USER) direction = 'to-user';
  else if (hlen > 0) problems.push(problem('unknown-pkttype', fileOff + (hlen === 16 ? 0 : 10), `frame[${frame}].cooked.pkttype`,
    `packet type ${pkttype} is neither 7 (to kernel) nor 6 (to user)`));
  const truncated = caplen < len;
  if (truncated) problems.push(problem('truncated', fileOff, `frame[${frame}].caplen`, `only ${caplen} of ${len} bytes captured`));
  return {
    frame, sec, nsec, linktype, protocol, direction, pkttype,
    data: buf.subarray(off + hlen, off + caplen),
    origLen: Math.max(0, len - hlen),
    truncated, interfaceId, problems,
  };
}

// ---------------------------------------------------------------- pcapng

interface Iface {
  linktype: number;
  snaplen: number;
  /** Decimal resolution 10^-k with k <= 9: timestamp units per second, and ns per unit. */
  units: number;
  nsPerUnit: number;
  /** Any other resolution: units per second as a bigint. */
  bigUnits: bigint;
  /** if_tsoffset: seconds added to every timestamp. */
  offset: number;
}

const SHB = 0x0a0d0d0a, IDB = 1, OPB = 2, SPB = 3, EPB = 6;

async function* readPcapng(inp: Input): AsyncGenerator<CaptureEvent[]> {
  // events since the last wait for bytes: handed out before each wait (the wait may reuse a chunk)
  const batch: CaptureEvent[] = [];
  const st: PcapngState = { le: true, ifaces: [], info: null, infoDirty: false, frame: 0, block: 0, len: 0 };
  for (;;) {
    const stop = scanPcapng(inp, st, batch);
    if (stop === STOP_FATAL) break;
    yield* handOut(batch);
    if (stop === STOP_NEED_HEADER && !(await inp.fill(12))) {
      if (inp.avail > 0 || inp.error) batch.push(cut(inp, `header of block ${st.block}`, `block[${st.block}]`, 12));
      break;
    }
    if (stop === STOP_NEED_DATA && !(await inp.fill(st.len))) {
      batch.push(cut(inp, `block ${st.block} (${st.len} bytes)`, `block[${st.block}]`, st.len));
      break;
    }
  }
  if (st.infoDirty || !st.info) batch.push({ kind: 'info', info: pcapngInfo(st.ifaces, st.le) });
  yield* handOut(batch);
}

/** Where the reading of a pcapng file is: its section's byte order and interfaces, the info
 *  last given (a new one is due when a section or interface changed), the next numbers. */
interface PcapngState {
  le: boolean;
  ifaces: Iface[];
  info: CaptureInfo | null;
  infoDirty: boolean;
  /** packets so far (the number of the last one) */
  frame: number;
  /** the number of the next block */
  block: number;
  /** the length of the block waiting for its bytes (STOP_NEED_DATA) */
  len: number;
}

/** scanPcap's loop for pcapng (same stops): the blocks that lie whole in the window. */
function scanPcapng(inp: Input, st: PcapngState, batch: CaptureEvent[]): number {
  for (;;) {
    if (inp.avail < 12) return STOP_NEED_HEADER;
    const v = inp.view;
    const p = inp.pos;
    const at = inp.offset;
    const block = st.block;
    const type = v.getUint32(p, st.le); // the SHB type reads the same in both orders
    if (type === SHB) {
      const bom = v.getUint32(p + 8, true);
      if (bom === 0x1a2b3c4d) st.le = true;
      else if (bom === 0x4d3c2b1a) st.le = false;
      else {
        batch.push(fatal(problem('bad-byte-order', at + 8, `block[${block}].byte_order_magic`, `bad byte-order magic ${hex(v.getUint32(p + 8, false))} in section header`)));
        return STOP_FATAL;
      }
    }
    const le = st.le;
    const len = v.getUint32(p + 4, le);
    if (len < 12 || len % 4 !== 0 || len > MAX_PCAPNG_BLOCK || (type === SHB && len < 28)) {
      batch.push(fatal(problem('bad-block-length', at + 4, `block[${block}].length`,
        `block length ${len} is ${len > MAX_PCAPNG_BLOCK ? `over the ${MAX_PCAPNG_BLOCK}-byte limit` : len % 4 ? 'not a multiple of 4' : 'too small'}`)));
      return STOP_FATAL;
    }
    // the block is read again from its header once the bytes are there
    if (inp.avail < len) { st.len = len; return STOP_NEED_DATA; }
    const trailer = v.getUint32(p + len - 4, le);
    if (trailer !== len) batch.push(warn(problem('block-length-mismatch', at + len - 4, `block[${block}].length`, `trailing block length ${trailer} differs from leading ${len}`)));

    if (type === SHB) {
      const major = v.getUint16(p + 12, le);
      if (major !== 1) batch.push(warn(problem('bad-version', at + 12, `block[${block}].version`, `pcapng version ${major}.${v.getUint16(p + 14, le)}, expected 1.0`)));
      st.ifaces = [];
      st.infoDirty = true;
    } else if (type === IDB) {
      st.ifaces.push(readIdb(v, p, len, le, at, block, batch));
      st.infoDirty = true;
    } else if (type === EPB || type === OPB || type === SPB) {
      const frame = ++st.frame;
      if (st.infoDirty) { st.info = pcapngInfo(st.ifaces, le); st.infoDirty = false; batch.push({ kind: 'info', info: st.info }); }
      batch.push({ kind: 'packet', packet: packetBlock(type, inp.buf, v, p, len, le, at, frame, st.ifaces) });
    }
    // Other blocks (name resolution, statistics, decryption secrets, custom, unknown) are skipped.
    inp.pos = p + len;
    st.block = block + 1;
    if (batch.length >= BATCH_MAX) return STOP_FULL;
  }
}

function pcapngInfo(ifaces: Iface[], le: boolean): CaptureInfo {
  return {
    format: 'pcapng',
    linktypes: ifaces.map((i) => i.linktype),
    nanosecond: ifaces.some((i) => i.units > 1e6 || i.bigUnits > 1000000n), // finer than µs
    bigEndian: !le,
    snaplen: ifaces[0]?.snaplen ?? 0,
  };
}

function readIdb(v: DataView, p: number, len: number, le: boolean, at: number, block: number, bad: CaptureEvent[]): Iface {
  const iface: Iface = { linktype: -1, snaplen: 0, units: 1e6, nsPerUnit: 1000, bigUnits: 0n, offset: 0 };
  if (len < 20) {
    bad.push(warn(problem('short-block', at, `block[${block}]`, `interface description block of ${len} bytes is too short`)));
    return iface;
  }
  iface.linktype = v.getUint16(p + 8, le);
  iface.snaplen = v.getUint32(p + 12, le);
  const end = p + len - 4;
  for (let o = p + 16; o + 4 <= end;) {
    const code = v.getUint16(o, le), olen = v.getUint16(o + 2, le);
    if (code === 0) break; // opt_endofopt
    if (o + 4 + olen > end) {
      bad.push(warn(problem('bad-option', at + (o - p), `block[${block}].options`, `option ${code} of ${olen} bytes runs past the block`)));
      break;
    }
    if (code === 9 && olen >= 1) setResolution(iface, v.getUint8(o + 4));
    else if (code === 14 && olen === 8) iface.offset = Number(v.getBigInt64(o + 4, le));
    o += 4 + ((olen + 3) & ~3);
  }
  return iface;
}

/** if_tsresol: top bit clear = 10^-k seconds, set = 2^-k seconds. */
function setResolution(iface: Iface, r: number) {
  const k = r & 0x7f;
  if (r & 0x80) { iface.units = 0; iface.bigUnits = 1n << BigInt(k); }
  else if (k <= 9) { iface.units = 10 ** k; iface.nsPerUnit = 10 ** (9 - k); }
  else { iface.units = 0; iface.bigUnits = 10n ** BigInt(k); }
}

// Result of splitTime (module-level to avoid allocating per packet).
let tSec = 0, tNsec = 0;

/** Split the 64-bit timestamp hi:lo in units of the interface into seconds and nanoseconds, exactly. */
function splitTime(iface: Iface, hi: number, lo: number) {
  const u = iface.units;
  if (u > 0) {
    // Long division in base 2^16: each step stays below 2^53, so doubles are exact.
    let q = 0, r = 0, c: number, d: number;
    c = hi >>> 16; d = Math.floor(c / u); r = c - d * u; q = d;
    c = r * 65536 + (hi & 0xffff); d = Math.floor(c / u); r = c - d * u; q = q * 65536 + d;
    c = r * 65536 + (lo >>> 16); d = Math.floor(c / u); r = c - d * u; q = q * 65536 + d;
    c = r * 65536 + (lo & 0xffff); d = Math.floor(c / u); r = c - d * u; q = q * 65536 + d;
    tSec = q; tNsec = r * iface.nsPerUnit;
  } else {
    const t = (BigInt(hi) << 32n) | BigInt(lo), U = iface.bigUnits;
    tSec = Number(t / U); tNsec = Number(((t % U) * 1000000000n) / U);
  }
  tSec += iface.offset;
}

function packetBlock(type: number, buf: Uint8Array, v: DataView, p: number, len: number, le: boolean, at: number, frame: number, ifaces: Iface[]): CapturedPacket {
  const problems: Problem[] = [];
  let ifid = 0, caplen: number, olen: number, data: number, sec = 0, nsec = 0;
  if (type === SPB) {
    if (len < 16) {
      problems.push(problem('short-block', at, `frame[${frame}]`, `simple packet block of ${len} bytes is too short`));
      return cooked(-1, buf, v, p, 0, 0, at, frame, 0, 0, 0, problems);
    }
    // No caplen field: the packet fills the block (up to its original length and the snaplen).
    olen = v.getUint32(p + 8, le);
    data = p + 12;
    caplen = Math.min(len - 16, olen);
    const snap = ifaces[0]?.snaplen ?? 0;
    if (snap > 0) caplen = Math.min(caplen, snap);
  } else {
    if (len < 32) {
      problems.push(problem('short-block', at, `frame[${frame}]`, `packet block of ${len} bytes is too short`));
      return cooked(-1, buf, v, p, 0, 0, at, frame, 0, 0, 0, problems);
    }
    ifid = type === EPB ? v.getUint32(p + 8, le) : v.getUint16(p + 8, le);
    const hi = v.getUint32(p + 12, le), lo = v.getUint32(p + 16, le);
    caplen = v.getUint32(p + 20, le);
    olen = v.getUint32(p + 24, le);
    data = p + 28;
    const room = len - 32;
    if (caplen > room) {
      problems.push(problem('bad-caplen', at + 20, `frame[${frame}].caplen`, `caplen ${caplen} is over the ${room} bytes the block holds`));
      caplen = room;
    }
    const iface = ifaces[ifid];
    if (iface) { splitTime(iface, hi, lo); sec = tSec; nsec = tNsec; }
  }
  const iface = ifaces[ifid];
  if (!iface) problems.push(problem('unknown-interface', at + 8, `frame[${frame}].interface_id`, `interface ${ifid} is not described in this section`));
  return cooked(iface ? iface.linktype : -1, buf, v, data, caplen, olen, at + (data - p), frame, ifid, sec, nsec, problems);
}

export interface CaptureContents {
  /** Every info event (pcapng gives a new one when a section or interface changes). */
  infos: CaptureInfo[];
  packets: CapturedPacket[];
  /** Problem events (not those attached to packets), in order. */
  problems: { problem: Problem; fatal: boolean }[];
  /** The fatal problem that ended reading, if any. */
  fatal?: Problem;
}

/** Read everything into arrays: for tests and small files. */
export async function readCaptureAll(source: ByteSource, opts?: ReadOptions): Promise<CaptureContents> {
  const out: CaptureContents = { infos: [], packets: [], problems: [] };
  for await (const e of readCapture(source, opts)) {
    if (e.kind === 'info') out.infos.push(e.info);
    else if (e.kind === 'packet') out.packets.push(e.packet);
    else {
      out.problems.push({ problem: e.problem, fatal: e.fatal });
      if (e.fatal) out.fatal = e.problem;
    }
  }
  return out;
}
