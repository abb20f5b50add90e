// strace2pcap: turn an strace log of a netlink-using program into an nlmon-style capture.
//
//   strace -f -e trace=socket,bind,sendto,sendmsg,recvfrom,recvmsg,close,clone,clone3,fork,vfork \
//          -e read=all -e write=all -xx -s 1048576 -ttt -o TRACE  ip -d link show
//   npx tsx scripts/strace2pcap.ts TRACE... OUT.pcap [--pcapng] [--ns] [--sort-time] [--frames=FILE] [--verbose]
//
// Every successful sendto/sendmsg on a netlink fd becomes one to-kernel packet, every
// recvfrom/recvmsg that returned n > 0 bytes (and was not a MSG_PEEK) one to-user packet.
// The data comes from strace's hex dumps (-e read=all -e write=all), the netlink protocol
// from the socket() call that created the fd, the time from -ttt. See README-recording.md.
import { readFileSync, writeFileSync } from 'node:fs';
import { CaptureWriter } from '../src/capture/writer.js';

const NETLINK_PROTOCOLS: Record<string, number> = {
  NETLINK_ROUTE: 0, NETLINK_UNUSED: 1, NETLINK_USERSOCK: 2, NETLINK_FIREWALL: 3,
  NETLINK_SOCK_DIAG: 4, NETLINK_INET_DIAG: 4, NETLINK_NFLOG: 5, NETLINK_XFRM: 6,
  NETLINK_SELINUX: 7, NETLINK_ISCSI: 8, NETLINK_AUDIT: 9, NETLINK_FIB_LOOKUP: 10,
  NETLINK_CONNECTOR: 11, NETLINK_NETFILTER: 12, NETLINK_IP6_FW: 13, NETLINK_DNRTMSG: 14,
  NETLINK_KOBJECT_UEVENT: 15, NETLINK_GENERIC: 16, NETLINK_SCSITRANSPORT: 18,
  NETLINK_ECRYPTFS: 19, NETLINK_RDMA: 20, NETLINK_CRYPTO: 21, NETLINK_SMC: 22,
};

type FdTable = Map<number, number>; // fd -> netlink protocol

interface Call {
  pid: number;
  sec: number;
  usec: number;
  name: string;
  args: string[];
  ret: number | null; // null: failed or unknown
  line: number;
}

interface Pending {
  call: Call;
  protocol: number;
  direction: 'to-kernel' | 'to-user';
  chunks: Map<number, Uint8Array[]>; // buffer index -> dump lines (by offset)
  buffer: number;
  bytes: Map<number, number>; // buffer index -> offset -> filled up to
}

export interface Stats {
  calls: number;
  packets: number;
  toKernel: number;
  toUser: number;
  peeks: number;
  failed: number;
  nonNetlink: number;
  missingDump: number;
  byProtocol: Map<number, number>;
  warnings: string[];
}

/** Split the top-level arguments of a syscall argument string ("3, {...}, [..], 0"). */
export function splitArgs(s: string): string[] {
  const out: string[] = [];
  let depth = 0, quote = false, cur = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (quote) {
      cur += c;
      if (c === '\\') { cur += s[++i] ?? ''; continue; }
      if (c === '"') quote = false;
      continue;
    }
    if (c === '"') { quote = true; cur += c; continue; }
    if (c === '{' || c === '[' || c === '(') depth++;
    else if (c === '}' || c === ']' || c === ')') depth--;
    if (c === ',' && depth === 0) { out.push(cur.trim()); cur = ''; continue; }
    cur += c;
  }
  if (cur.trim() !== '') out.push(cur.trim());
  return out;
}

/** Find the `) = RET...` that closes the top-level argument list; returns [args, retText]. */
function splitCall(rest: string): [string, string] | null {
  let depth = 0, quote = false;
  for (let i = 0; i < rest.length; i++) {
    const c = rest[i]!;
    if (quote) {
      if (c === '\\') { i++; continue; }
      if (c === '"') quote = false;
      continue;
    }
    if (c === '"') { quote = true; continue; }
    if (c === '{' || c === '[' || c === '(') depth++;
    else if (c === '}' || c === ']') depth--;
    else if (c === ')') {
      if (depth === 0) {
        const m = /^\)\s+=\s+(.*)$/.exec(rest.slice(i));
        if (m) return [rest.slice(0, i), m[1]!];
        return null;
      }
      depth--;
    }
  }
  return null;
}

function parseRet(r: string): number | null {
  const m = /^(-?\d+|0x[0-9a-f]+)\b/.exec(r.trim());
  if (!m) return null; // "? <unavailable>" etc.
  const n = Number(m[1]);
  if (n < 0) return null; // -1 ERRNO (...)
  return n;
}

const LINE = /^(\d+)\s+(\d+)\.(\d+)\s+(.*)$/;
const LINE_NOPID = /^(\d+)\.(\d+)\s+(.*)$/;
const DUMP = /^ \| ([0-9a-f]+)  (.*)$/;
const BUFHDR = /^ \* (\d+) bytes in buffer (\d+)/;

export function parseTrace(text: string): { packets: { sec: number; nsec: number; protocol: number; direction: 'to-kernel' | 'to-user'; data: Uint8Array; origLen?: number }[]; stats: Stats } {
  const stats: Stats = { calls: 0, packets: 0, toKernel: 0, toUser: 0, peeks: 0, failed: 0, nonNetlink: 0, missingDump: 0, byProtocol: new Map(), warnings: [] };
  const tables = new Map<number, FdTable>();
  const lastGlobal = new Map<number, number>(); // fd -> protocol of the most recent netlink socket() anywhere
  const unfinished = new Map<number, { head: string; sec: number; usec: number }>();
  const packets: ReturnType<typeof parseTrace>['packets'] = [];
  let pending = null as Pending | null; // (assigned in closures: keep TS from narrowing it to null)

  const table = (pid: number): FdTable => {
    let t = tables.get(pid);
    if (!t) { t = new Map(); tables.set(pid, t); }
    return t;
  };

  const finish = (): void => {
    if (!pending) return;
    const p = pending;
    pending = null;
    const bufs = [...p.chunks.keys()].sort((a, b) => a - b);
    if (bufs.length === 0) {
      stats.missingDump++;
      stats.warnings.push(`line ${p.call.line}: ${p.call.name} on fd ${p.call.args[0]} returned ${p.call.ret} but has no hex dump (run strace with -e read=all -e write=all)`);
      return;
    }
    const parts: Uint8Array[] = [];
    for (const b of bufs) parts.push(...p.chunks.get(b)!);
    let len = 0;
    for (const x of parts) len += x.length;
    const data = new Uint8Array(len);
    let o = 0;
    for (const x of parts) { data.set(x, o); o += x.length; }
    const ret = p.call.ret ?? len;
    if (len !== ret && !(p.direction === 'to-user' && ret > len)) {
      stats.warnings.push(`line ${p.call.line}: ${p.call.name} returned ${ret} but the dump holds ${len} bytes`);
    }
    packets.push({
      sec: p.call.sec, nsec: p.call.usec * 1000, protocol: p.protocol, direction: p.direction, data,
      ...(ret > len ? { origLen: ret } : {}),
    });
    stats.packets++;
    if (p.direction === 'to-kernel') stats.toKernel++; else stats.toUser++;
    stats.byProtocol.set(p.protocol, (stats.byProtocol.get(p.protocol) ?? 0) + 1);
  };

  const handleCall = (c: Call): void => {
    stats.calls++;
    const fd = Number(c.args[0]);
    switch (c.name) {
      case 'socket': {
        if (c.ret === null) return;
        const [family, , proto] = c.args;
        if (family === 'AF_NETLINK' || family === 'PF_NETLINK' || family === '16') {
          const p = proto !== undefined ? (NETLINK_PROTOCOLS[proto] ?? Number(proto)) : NaN;
          if (Number.isNaN(p)) { stats.warnings.push(`line ${c.line}: unknown netlink protocol ${proto}`); return; }
          table(c.pid).set(c.ret, p);
          lastGlobal.set(c.ret, p);
        } else {
          table(c.pid).delete(c.ret);
          lastGlobal.delete(c.ret);
        }
        return;
      }
      case 'close':
        if (c.ret !== null) tables.get(c.pid)?.delete(fd);
        return;
      case 'clone': case 'clone3': case 'fork': case 'vfork': {
        if (c.ret === null || c.ret === 0) return;
        const flags = c.args.join(',');
        if (/CLONE_FILES/.test(flags)) tables.set(c.ret, table(c.pid)); // shared fd table (threads)
        else tables.set(c.ret, new Map(table(c.pid)));
        return;
      }
      case 'sendto': case 'sendmsg': case 'recvfrom': case 'recvmsg': {
        const send = c.name.startsWith('send');
        // A pid whose creation we did not see (no clone traced): fall back to the latest netlink socket() with that fd.
        const protocol = tables.has(c.pid) ? tables.get(c.pid)!.get(fd) : lastGlobal.get(fd);
        if (protocol === undefined) { stats.nonNetlink++; return; }
        if (c.ret === null) { stats.failed++; return; }
        if (!send) {
          const flags = c.name === 'recvmsg' ? c.args[2] : c.args[3];
          if (flags && /MSG_PEEK/.test(flags)) { stats.peeks++; return; }
          if (c.ret === 0) return;
        }
        pending = { call: c, protocol, direction: send ? 'to-kernel' : 'to-user', chunks: new Map(), buffer: 0, bytes: new Map() };
        return;
      }
      default:
        return;
    }
  };

  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!;
    if (raw === '') continue;
    const bh = BUFHDR.exec(raw);
    if (bh) {
      if (pending) pending.buffer = Number(bh[2]);
      continue;
    }
    const d = DUMP.exec(raw);
    if (d) {
      if (!pending) continue; // dump of a non-netlink or dropped call
      const off = parseInt(d[1]!, 16);
      // The hex area is 16 bytes "xx xx xx xx xx xx xx xx  xx xx ..." (49 columns), then the ASCII column.
      const hex = d[2]!.slice(0, 49).match(/[0-9a-f]{2}/g) ?? [];
      const bytes = Uint8Array.from(hex.map((h) => parseInt(h, 16)));
      const b = pending.buffer;
      const filled = pending.bytes.get(b) ?? 0;
      if (off !== filled) stats.warnings.push(`line ${i + 1}: dump offset ${off} but ${filled} bytes so far`);
      if (!pending.chunks.has(b)) pending.chunks.set(b, []);
      pending.chunks.get(b)!.push(bytes);
      pending.bytes.set(b, filled + bytes.length);
      continue;
    }
    finish();
    let pid: number, sec: number, usec: number, rest: string;
    const m = LINE.exec(raw);
    if (m) { pid = Number(m[1]); sec = Number(m[2]); usec = Number(m[3]!.padEnd(6, '0').slice(0, 6)); rest = m[4]!; }
    else {
      const n = LINE_NOPID.exec(raw);
      if (!n) continue;
      pid = 0; sec = Number(n[1]); usec = Number(n[2]!.padEnd(6, '0').slice(0, 6)); rest = n[3]!;
    }
    if (rest.startsWith('+++') || rest.startsWith('---')) continue;
    let full: string;
    if (rest.endsWith('<unfinished ...>')) {
      unfinished.set(pid, { head: rest.slice(0, -'<unfinished ...>'.length).trimEnd(), sec, usec });
      continue;
    }
    const r = /^<\.\.\. (\w+) resumed>(.*)$/.exec(rest);
    if (r) {
      const u = unfinished.get(pid);
      unfinished.delete(pid);
      if (!u) { stats.warnings.push(`line ${i + 1}: resumed ${r[1]} without its start`); continue; }
      // Sends are stamped at entry; receives when they return (the data arrived then).
      if (r[1]!.startsWith('send')) { sec = u.sec; usec = u.usec; }
      const head = u.head;
      const tail = r[2]!.trimStart();
      full = head.endsWith('(') || tail.startsWith(')') || head === '' ? head + tail : `${head} ${tail}`;
    } else full = rest;
    const cm = /^(\w+)\((.*)$/.exec(full);
    if (!cm) continue;
    const sp = splitCall(cm[2]!);
    if (!sp) continue;
    handleCall({ pid, sec, usec, name: cm[1]!, args: splitArgs(sp[0]), ret: parseRet(sp[1]), line: i + 1 });
  }
  finish();
  return { packets, stats };
}

/** 1,2,3,5,7,8 -> "1-3,5,7-8" */
function ranges(ns: number[]): string {
  const out: string[] = [];
  for (let i = 0; i < ns.length; i++) {
    let j = i;
    while (j + 1 < ns.length && ns[j + 1] === ns[j]! + 1) j++;
    out.push(j === i ? `${ns[i]}` : `${ns[i]}-${ns[j]}`);
    i = j;
  }
  return out.join(',');
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const framesFile = argv.find((a) => a.startsWith('--frames='))?.slice('--frames='.length);
  const flags = new Set(argv.filter((a) => a.startsWith('--') && !a.startsWith('--frames=')));
  const pos = argv.filter((a) => !a.startsWith('--'));
  if (pos.length < 2 || [...flags].some((f) => !['--pcapng', '--ns', '--sort-time', '--verbose'].includes(f))) {
    process.stderr.write('usage: strace2pcap.ts TRACE... OUT.pcap [--pcapng] [--ns] [--sort-time] [--frames=FILE] [--verbose]\n' +
      '  several traces (e.g. one per command) are appended in the order given;\n' +
      '  --sort-time merges them by time instead (a background listener traced next to the commands);\n' +
      '  --frames=FILE writes "TRACE<tab>frame numbers" (1-based ranges, e.g. 3-7,9) per trace\n');
    process.exit(2);
  }
  const out = pos.pop()!;
  const stats: Stats = { calls: 0, packets: 0, toKernel: 0, toUser: 0, peeks: 0, failed: 0, nonNetlink: 0, missingDump: 0, byProtocol: new Map(), warnings: [] };
  const w = new CaptureWriter(out, { ...(flags.has('--pcapng') ? { format: 'pcapng' as const } : {}), nanosecond: flags.has('--ns') });
  const packets: (ReturnType<typeof parseTrace>['packets'][number] & { trace: number })[] = [];
  for (const [t, trace] of pos.entries()) {
    const r = parseTrace(readFileSync(trace, 'utf8'));
    for (const p of r.packets) packets.push({ ...p, trace: t });
    for (const k of ['calls', 'packets', 'toKernel', 'toUser', 'peeks', 'failed', 'nonNetlink', 'missingDump'] as const) stats[k] += r.stats[k];
    for (const [p, n] of r.stats.byProtocol) stats.byProtocol.set(p, (stats.byProtocol.get(p) ?? 0) + n);
    stats.warnings.push(...r.stats.warnings.map((x) => `${trace}: ${x}`));
  }
  // Stable: packets of one process keep their syscall order when strace stamped them alike.
  if (flags.has('--sort-time')) packets.sort((a, b) => a.sec - b.sec || a.nsec - b.nsec);
  const frames: number[][] = pos.map(() => []);
  for (const [i, { trace, ...p }] of packets.entries()) {
    await w.write(p);
    frames[trace]!.push(i + 1);
  }
  await w.close();
  if (framesFile) writeFileSync(framesFile, pos.map((t, i) => `${t}\t${ranges(frames[i]!)}\n`).join(''));
  const protos = [...stats.byProtocol].map(([p, n]) => `proto ${p}: ${n}`).join(', ');
  process.stderr.write(`strace2pcap: ${out}: ${stats.packets} packets (${stats.toKernel} to-kernel, ${stats.toUser} to-user; ${protos || 'none'}); ` +
    `skipped ${stats.peeks} MSG_PEEK, ${stats.failed} failed calls, ${stats.nonNetlink} non-netlink I/O\n`);
  const shown = flags.has('--verbose') ? stats.warnings : stats.warnings.slice(0, 10);
  for (const w of shown) process.stderr.write(`strace2pcap: warning: ${w}\n`);
  if (shown.length < stats.warnings.length) process.stderr.write(`strace2pcap: ... ${stats.warnings.length - shown.length} more warnings (--verbose)\n`);
  if (stats.missingDump) process.exitCode = 1;
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('strace2pcap.ts')) await main();
