// `ss` from a capture: the sockets of the sock_diag dumps in a capture, printed the way iproute2's ss
// (6.x, numeric) prints them. Works on the decoded JSON objects of the jsonl contract.
import type { Json } from '../codec/struct.js';
import { decodeCapture } from '../stream/messages.js';
import type { ByteSource } from '../capture/input.js';
import { fromHex } from '../wire/bytes.js';
import { decompile, run, type BcEntry } from './bytecode.js';
import { parseIp4, parseIp6 } from '../wire/bytes.js';
import { decodePacket } from '../codec/message.js';
import { dumpRequest, inetDiagRequest } from '../live/requests.js';
import { protocolId } from '../../codecs/index.js';

/** ss's state names (sstate_name), by TCP state name. */
export const SS_STATE: Record<string, string> = {
  TCP_ESTABLISHED: 'ESTAB', TCP_SYN_SENT: 'SYN-SENT', TCP_SYN_RECV: 'SYN-RECV', TCP_FIN_WAIT1: 'FIN-WAIT-1',
  TCP_FIN_WAIT2: 'FIN-WAIT-2', TCP_TIME_WAIT: 'TIME-WAIT', TCP_CLOSE: 'UNCONN', TCP_CLOSE_WAIT: 'CLOSE-WAIT',
  TCP_LAST_ACK: 'LAST-ACK', TCP_LISTEN: 'LISTEN', TCP_CLOSING: 'CLOSING', TCP_NEW_SYN_RECV: 'SYN-RECV',
  TCP_BOUND_INACTIVE: 'BOUND-INACTIVE',
};

/** Netlink protocol names as ss prints them (nl_proto_n2a). */
const NL_PROTO: Record<string, string> = {
  NETLINK_ROUTE: 'rtnl', NETLINK_UNUSED: 'unused', NETLINK_USERSOCK: 'usersock', NETLINK_FIREWALL: 'fw',
  NETLINK_SOCK_DIAG: 'tcpdiag', NETLINK_INET_DIAG: 'tcpdiag', NETLINK_NFLOG: 'nflog', NETLINK_XFRM: 'xfrm', NETLINK_SELINUX: 'selinux',
  NETLINK_ISCSI: 'iscsi', NETLINK_AUDIT: 'audit', NETLINK_FIB_LOOKUP: 'fiblookup', NETLINK_CONNECTOR: 'connector',
  NETLINK_NETFILTER: 'nft', NETLINK_IP6_FW: 'ip6fw', NETLINK_DNRTMSG: 'dec-rt', NETLINK_KOBJECT_UEVENT: 'uevent',
  NETLINK_GENERIC: 'genl', NETLINK_SCSITRANSPORT: 'scsi-trans', NETLINK_ECRYPTFS: 'ecryptfs', NETLINK_RDMA: 'rdma',
  NETLINK_CRYPTO: 'crypto', NETLINK_SMC: 'smc',
};

/** ETH_P_* names of packet sockets as ss (ll_proto_n2a) prints them. */
const ETH_P: Record<number, string> = { 0x0800: 'ip', 0x86dd: 'ipv6', 0x0806: 'arp', 0x8100: '802.1Q', 0x88cc: 'lldp', 0x8035: 'rarp', 0x888e: 'eapol', 0x8847: 'mpls_uc', 0x0004: '802_2', 0x0001: '802_3' };

const INET_NETID: Record<string, string> = { IPPROTO_TCP: 'tcp', IPPROTO_UDP: 'udp', IPPROTO_RAW: 'raw', IPPROTO_MPTCP: 'mptcp', IPPROTO_SCTP: 'sctp', IPPROTO_DCCP: 'dccp', IPPROTO_UDPLITE: 'udp', IPPROTO_ICMP: 'raw', IPPROTO_ICMPV6: 'raw' };

export interface Endpoint { addr: string; port: string; sep: string }

export interface SockRecord {
  netid: string; // tcp udp raw u_str u_dgr u_seq nl p_raw p_dgr ...
  family: string; // AF_INET ...
  state: string; // ss state name
  recvQ: number;
  sendQ: number;
  local: Endpoint;
  /** the local end with -n, when it differs (netlink: protocol and port id as numbers) */
  numericLocal?: Endpoint;
  peer: Endpoint;
  /** -o (and -e) extra of an inet socket with a timer running: " timer:(on,2.196ms,0)" */
  timer: string;
  /** -e extras (" uid:0 ino:... sk:... ...") */
  details: string;
  /** -e extras ss prints on a line of their own (a packet socket's "ver:0 cpy_thresh:0 flags( running )") */
  detailsLine?: string;
  /** -m extras (" skmem:(...)") */
  mem: string;
  /** -i extras (" bbr wscale:... rtt:..."); ss puts `infoOptions` first when -e (or -o) is given too */
  info: string;
  /** -i with -e: " ts sack ecn ecnseen fastopen" */
  infoOptions: string;
  /** values of -i as numbers, by ss's names (rtt, rttvar, cwnd, mss, bytes_sent ...) */
  tcp?: Record<string, number>;
  /** IPPROTO_* of an inet socket (from INET_DIAG_PROTOCOL or the dump request) */
  proto?: string;
  /** how many answers (dumps) carried this socket; the record is the last */
  seen: number;
  /** dedup key: family + cookie (or inode) */
  key: string;
  frame: number;
  msg: Json;
}

export interface DumpRequest { frame: number; family: string; protocol: string; filter?: string; bytecode?: string; states?: unknown }

export interface SsCollection { sockets: SockRecord[]; requests: DumpRequest[]; ifnames: Map<number, string> }

const num = (v: unknown): number => (typeof v === 'number' ? v : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : 0);
const big = (v: unknown): bigint => (typeof v === 'number' ? BigInt(v) : typeof v === 'string' && /^\d+$/.test(v) ? BigInt(v) : 0n);
const U64_MAX = 0xffffffffffffffffn;

/** C printf %g (6 significant digits, no trailing zeros). */
export function fmtG(x: number): string {
  if (x === 0) return '0';
  if (!Number.isFinite(x)) return String(x);
  const exp = Math.floor(Math.log10(Math.abs(x)));
  const p = Number(x.toPrecision(6));
  const e2 = Math.floor(Math.log10(Math.abs(p)));
  if (e2 < -4 || e2 >= 6 || exp >= 6) {
    const [m, e] = p.toExponential(5).split('e');
    const mant = m!.replace(/\.?0+$/, '');
    const ev = Number(e);
    return `${mant}e${ev < 0 ? '-' : '+'}${String(Math.abs(ev)).padStart(2, '0')}`;
  }
  return String(p);
}

/** ss's numeric bandwidth (sprint_bw with -n: "%.0f"). */
const bw = (x: number): string => x.toFixed(0);

/** Collects the sockets of every sock_diag dump in decoded messages (capture order). */
export class SsCollector {
  private socks = new Map<string, SockRecord>();
  readonly requests: DumpRequest[] = [];
  readonly ifnames = new Map<number, string>();
  private lastInetProto = new Map<string, string>(); // family -> protocol of the last inet request
  /** dump requests seen, and the one each socket was last listed by; copies of one dump's listing */
  private dumps = 0;
  private dumpOf = new Map<string, number>();
  private twice = 0;

  add(m: Json): void {
    if (m.protocol === 'NETLINK_ROUTE' && m.direction === 'to-user' && (m.header as Json | undefined)?.type === 'RTM_NEWLINK') {
      if (typeof m.ifi_index === 'number' && typeof m.IFLA_IFNAME === 'string') this.ifnames.set(m.ifi_index, m.IFLA_IFNAME);
      return;
    }
    if (m.protocol !== 'NETLINK_SOCK_DIAG') return;
    const type = (m.header as Json | undefined)?.type;
    if (type !== 'SOCK_DIAG_BY_FAMILY' && type !== 'TCPDIAG_GETSOCK' && type !== 'DCCPDIAG_GETSOCK') return;
    if (m.direction === 'to-kernel') { this.request(m, String(type)); return; }
    let rec = this.record(m);
    if (!rec) return;
    // one dump that lists a socket twice (the kernel did, for a netlink socket): ss prints both
    if (this.dumpOf.get(rec.key) === this.dumps) rec.key += `#${++this.twice}`;
    this.dumpOf.set(rec.key, this.dumps);
    const prev = this.socks.get(rec.key);
    // The last copy wins (state, queues, counters), keeping the first position; attributes the last dump
    // did not ask for (a filtered dump without idiag_ext) come from the earlier copy.
    if (prev) rec = this.record({ ...prev.msg, ...m }, rec.proto) ?? rec;
    rec.seen = (prev?.seen ?? 0) + 1;
    this.socks.set(rec.key, rec);
  }

  private request(m: Json, type: string): void {
    this.dumps++;
    const family = String(m.sdiag_family ?? m.idiag_family ?? '');
    let protocol = String(m.sdiag_protocol ?? (type === 'DCCPDIAG_GETSOCK' ? 'IPPROTO_DCCP' : 'IPPROTO_TCP'));
    if (m.INET_DIAG_REQ_PROTOCOL !== undefined) protocol = String(m.INET_DIAG_REQ_PROTOCOL);
    const req: DumpRequest = { frame: num(m.frame), family, protocol, states: m.idiag_states ?? m.udiag_states };
    const bc = m.INET_DIAG_REQ_BYTECODE;
    if (typeof bc === 'string') {
      req.bytecode = bc;
      const bytes = fromHex(bc);
      if (bytes) req.filter = decompile(bytes, { ifnames: Object.fromEntries(this.ifnames) });
    }
    this.requests.push(req);
    if (family === 'AF_INET' || family === 'AF_INET6') this.lastInetProto.set(family, protocol);
  }

  private record(m: Json, proto?: string): SockRecord | undefined {
    if (m.idiag_family === 'AF_INET' || m.idiag_family === 'AF_INET6') return this.inet(m, proto);
    if (m.udiag_family === 'AF_UNIX') return this.unix(m);
    if (m.ndiag_family === 'AF_NETLINK') return this.netlink(m);
    if (m.pdiag_family === 'AF_PACKET') return this.packet(m);
    return undefined;
  }

  private ifname(i: number): string { return this.ifnames.get(i) ?? `if${i}`; }

  private inet(m: Json, known?: string): SockRecord {
    const family = String(m.idiag_family);
    const id = m.id as Json;
    // answers do not name their protocol (INET_DIAG_PROTOCOL only for raw sockets): the last request's
    const proto = m.INET_DIAG_PROTOCOL !== undefined ? String(m.INET_DIAG_PROTOCOL) : known ?? this.lastInetProto.get(family) ?? 'IPPROTO_TCP';
    const netid = INET_NETID[proto] ?? proto.replace(/^IPPROTO_/, '').toLowerCase();
    const v6only = num(m.INET_DIAG_SKV6ONLY) === 1 && m.INET_DIAG_SKV6ONLY !== undefined;
    const ifi = num(id.idiag_if);
    // the bound device goes with the local address only (ss passes no interface for the peer)
    const host = (a: unknown, port: number, local: boolean): Endpoint => {
      let s = String(a);
      if (family === 'AF_INET6') {
        if (s === '::' && !v6only) s = '*';
        else s = `[${s}]`;
      }
      if (ifi && local) s += `%${this.ifname(ifi)}`;
      return { addr: s, port: port ? String(port) : '*', sep: ':' };
    };
    const cookie = (big((id.idiag_cookie as unknown[])[1]) << 32n) | big((id.idiag_cookie as unknown[])[0]);
    const rec: SockRecord = {
      netid, family, proto, state: SS_STATE[String(m.idiag_state)] ?? String(m.idiag_state),
      recvQ: num(m.idiag_rqueue), sendQ: num(m.idiag_wqueue),
      local: host(id.idiag_src, num(id.idiag_sport), true), peer: host(id.idiag_dst, num(id.idiag_dport), false),
      timer: timerText(m), details: '', mem: '', info: '', infoOptions: '',
      seen: 1, key: `${family}/${cookie !== 0n ? `c${cookie}` : `i${num(m.idiag_inode)}/${num(id.idiag_sport)}/${String(id.idiag_dst)}/${num(id.idiag_dport)}`}`,
      frame: num(m.frame), msg: m,
    };
    // -e (sock_details_print, then v6only and shutdown)
    let d = '';
    if (num(m.idiag_uid)) d += ` uid:${num(m.idiag_uid)}`;
    d += ` ino:${num(m.idiag_inode)} sk:${cookie.toString(16)}`;
    if (num(m.INET_DIAG_MARK)) d += ` fwmark:0x${num(m.INET_DIAG_MARK).toString(16)}`;
    if (m.INET_DIAG_CGROUP_ID !== undefined && big(m.INET_DIAG_CGROUP_ID)) d += ` cgroup:unreachable:${big(m.INET_DIAG_CGROUP_ID).toString(16)}`;
    if (family === 'AF_INET6' && m.INET_DIAG_SKV6ONLY !== undefined) d += ` v6only:${num(m.INET_DIAG_SKV6ONLY)}`;
    if (Array.isArray(m.INET_DIAG_SHUTDOWN)) {
      const sh = m.INET_DIAG_SHUTDOWN as string[];
      d += ` ${sh.includes('RCV_SHUTDOWN') ? '-' : '<'}-${sh.includes('SEND_SHUTDOWN') ? '-' : '>'}`;
    }
    rec.details = d;
    rec.mem = memText(m.INET_DIAG_SKMEMINFO as Json | undefined, m.INET_DIAG_MEMINFO as Json | undefined);
    if (netid === 'tcp' || netid === 'mptcp' || netid === 'dccp') tcpInfo(rec, m);
    return rec;
  }

  private unix(m: Json): SockRecord {
    const type = String(m.udiag_type);
    const netid = type === 'SOCK_STREAM' ? 'u_str' : type === 'SOCK_DGRAM' ? 'u_dgr' : type === 'SOCK_SEQPACKET' ? 'u_seq' : 'u_???';
    let name = '*';
    const raw = typeof m.UNIX_DIAG_NAME === 'string' ? fromHex(m.UNIX_DIAG_NAME) : undefined;
    if (raw && raw.length) {
      if (raw[0] === 0) name = Array.from(raw, (c) => (c === 0 ? '@' : String.fromCharCode(c))).join('');
      else { const end = raw.indexOf(0); name = Buffer.from(raw.subarray(0, end < 0 ? raw.length : end)).toString('latin1'); }
    }
    const rq = m.UNIX_DIAG_RQLEN as Json | undefined;
    const cookie = (big((m.udiag_cookie as unknown[])[1]) << 32n) | big((m.udiag_cookie as unknown[])[0]);
    const ino = num(m.udiag_ino);
    const rec: SockRecord = {
      netid, family: 'AF_UNIX', state: SS_STATE[String(m.udiag_state)] ?? String(m.udiag_state),
      recvQ: num(rq?.udiag_rqueue), sendQ: num(rq?.udiag_wqueue),
      local: { addr: name, port: String(ino), sep: ' ' }, peer: { addr: '*', port: String(num(m.UNIX_DIAG_PEER)), sep: ' ' },
      timer: '', details: '', mem: memText(m.UNIX_DIAG_MEMINFO as Json | undefined), info: '', infoOptions: '',
      seen: 1, key: `AF_UNIX/${cookie ? `c${cookie}` : `i${ino}`}`, frame: num(m.frame), msg: m,
    };
    // -e as ss's unix_show_sock prints it: the shutdown marker, the file's inode and device
    // (UNIX_DIAG_VFS) and a listener's embryonic peers
    if (Array.isArray(m.UNIX_DIAG_SHUTDOWN)) {
      const sh = m.UNIX_DIAG_SHUTDOWN as string[];
      rec.details += ` ${sh.includes('RCV_SHUTDOWN') ? '-' : '<'}-${sh.includes('SEND_SHUTDOWN') ? '-' : '>'}`;
    }
    const vfs = m.UNIX_DIAG_VFS as Json | undefined;
    if (vfs) {
      const dev = num(vfs.udiag_vfs_dev);
      // ss reads the kernel's dev_t (major << 20 | minor) with glibc's major()/minor(): /dev/vda1 (254:1) comes out 0/65025
      rec.details += ` ino:${num(vfs.udiag_vfs_ino)} dev:${(dev >>> 8) & 0xfff}/${(dev & 0xff) | ((dev >>> 12) & ~0xff)}`;
    }
    if (Array.isArray(m.UNIX_DIAG_ICONS)) rec.details += ` peers:${(m.UNIX_DIAG_ICONS as unknown[]).map((p) => ` ${num(p)}`).join('')}`;
    return rec;
  }

  private netlink(m: Json): SockRecord {
    const proto = String(m.ndiag_protocol);
    const pname = NL_PROTO[proto] ?? proto.replace(/^NETLINK_/, '').toLowerCase();
    const portid = num(m.ndiag_portid);
    const mem = m.NETLINK_DIAG_MEMINFO as Json | undefined;
    const connected = num(m.ndiag_state) === 1;
    const cookie = (big((m.ndiag_cookie as unknown[])[1]) << 32n) | big((m.ndiag_cookie as unknown[])[0]);
    // ss prints "kernel" for port 0 and comm/pid from /proc otherwise; a capture has no comm: the pid alone
    // (what ss prints when /proc has no such process). Negative port ids are autobound ones.
    const port = (portid | 0) === -1 ? '*' : String(portid | 0);
    // -n: the protocol and port id as numbers (ss: 0:0 for rtnl:kernel)
    const protoNumber = protocolId(proto);
    return {
      netid: 'nl', family: 'AF_NETLINK', state: connected ? 'ESTAB' : 'UNCONN',
      recvQ: num(mem?.SK_MEMINFO_RMEM_ALLOC), sendQ: num(mem?.SK_MEMINFO_WMEM_ALLOC),
      local: { addr: pname, port: portid === 0 ? 'kernel' : port, sep: ':' },
      numericLocal: { addr: protoNumber === undefined ? pname : String(protoNumber), port, sep: ':' },
      peer: connected ? { addr: String(num(m.ndiag_dst_group)), port: String(num(m.ndiag_dst_portid)), sep: ':' } : { addr: '', port: '*', sep: '' },
      timer: '', details: ` ino:${num(m.ndiag_ino)} sk:${cookie.toString(16)}`, mem: memText(mem), info: '', infoOptions: '',
      seen: 1, key: `AF_NETLINK/${cookie ? `c${cookie}` : `i${num(m.ndiag_ino)}`}`, frame: num(m.frame), msg: m,
    };
  }

  private packet(m: Json): SockRecord {
    const type = String(m.pdiag_type);
    const prot = num(m.pdiag_num);
    const info = m.PACKET_DIAG_INFO as Json | undefined;
    const mem = m.PACKET_DIAG_MEMINFO as Json | undefined;
    const ifi = num(info?.pdi_index);
    const cookie = (big((m.pdiag_cookie as unknown[])[1]) << 32n) | big((m.pdiag_cookie as unknown[])[0]);
    const rec: SockRecord = {
      netid: type === 'SOCK_RAW' ? 'p_raw' : type === 'SOCK_DGRAM' ? 'p_dgr' : 'p_???', family: 'AF_PACKET', state: 'UNCONN',
      recvQ: num(mem?.SK_MEMINFO_RMEM_ALLOC), sendQ: num(mem?.SK_MEMINFO_WMEM_ALLOC),
      local: { addr: prot === 3 ? '*' : ETH_P[prot] ?? `0x${prot.toString(16).padStart(4, '0')}`, port: ifi === 0 ? '*' : this.ifname(ifi), sep: ':' },
      peer: { addr: '', port: '*', sep: '' },
      timer: '', details: '', mem: memText(mem), info: '', infoOptions: '',
      seen: 1, key: `AF_PACKET/${cookie ? `c${cookie}` : `i${num(m.pdiag_ino)}`}`, frame: num(m.frame), msg: m,
    };
    if (m.PACKET_DIAG_UID !== undefined && num(m.PACKET_DIAG_UID)) rec.details += ` uid:${num(m.PACKET_DIAG_UID)}`;
    rec.details += ` ino:${num(m.pdiag_ino)} sk:${cookie.toString(16)}`;
    if (info) {
      // packet_show_sock: the PACKET_DIAG_INFO flags by ss's words, 0 for none
      const flags = Array.isArray(info.pdi_flags) ? (info.pdi_flags as string[]) : [];
      const words = flags.map((f) => PDI_WORDS[f] ?? f.toLowerCase());
      rec.detailsLine = `ver:${num(info.pdi_version)} cpy_thresh:${num(info.pdi_copy_thresh)} flags( ${words.length ? words.join(' ') : '0'} )`;
    }
    return rec;
  }

  result(): SsCollection {
    // interface names may arrive after the dumps (ss asks for links lazily): print with all of them
    const sockets = [...this.socks.values()].map((r) => ({ ...(this.record(r.msg, r.proto) ?? r), seen: r.seen }));
    return { sockets, requests: this.requests, ifnames: this.ifnames };
  }
}

/** ss's timer names by inet_diag_msg.idiag_timer (linux/inet_diag.h: 1 retransmit, 2 keepalive,
 *  3 TIME_WAIT, 4 zero window probe; ss shows anything past 4 as unknown). */
const TIMER_NAMES = ['off', 'on', 'keepalive', 'timewait', 'persist', 'unknown'];

/** ss -o: " timer:(name,time left,retransmits)" when a timer runs (idiag_timer not 0). */
function timerText(m: Json): string {
  const timer = num(m.idiag_timer);
  if (!timer) return '';
  return ` timer:(${TIMER_NAMES[Math.min(timer, 5)]},${msTimer(num(m.idiag_expires))},${num(m.idiag_retrans)})`;
}

/** ss's print_ms_timer: 2.196ms (seconds.milliseconds), 55sec, 3min20sec, 119min; 0 is empty. */
export function msTimer(timeout: number): string {
  let secs = Math.floor(timeout / 1000);
  const minutes = Math.floor(secs / 60);
  secs %= 60;
  let msecs = timeout % 1000;
  let s = '';
  if (minutes) {
    msecs = 0;
    s += `${minutes}min`;
    if (minutes > 9) secs = 0;
  }
  if (secs) {
    if (secs > 9) msecs = 0;
    s += `${secs}${msecs ? '.' : 'sec'}`;
  }
  if (msecs) s += `${String(msecs).padStart(3, '0')}ms`;
  return s;
}

/** print_skmeminfo (or the older mem:(...) from INET_DIAG_MEMINFO). */
function memText(sk: Json | undefined, old?: Json): string {
  if (sk) {
    let s = ` skmem:(r${num(sk.SK_MEMINFO_RMEM_ALLOC)},rb${num(sk.SK_MEMINFO_RCVBUF)},t${num(sk.SK_MEMINFO_WMEM_ALLOC)},tb${num(sk.SK_MEMINFO_SNDBUF)},f${num(sk.SK_MEMINFO_FWD_ALLOC)},w${num(sk.SK_MEMINFO_WMEM_QUEUED)},o${num(sk.SK_MEMINFO_OPTMEM)}`;
    if (sk.SK_MEMINFO_BACKLOG !== undefined) s += `,bl${num(sk.SK_MEMINFO_BACKLOG)}`;
    if (sk.SK_MEMINFO_DROPS !== undefined) s += `,d${num(sk.SK_MEMINFO_DROPS)}`;
    return s + ')';
  }
  if (old) return ` mem:(r${num(old.idiag_rmem)},w${num(old.idiag_wmem)},f${num(old.idiag_fmem)},t${num(old.idiag_tmem)})`;
  return '';
}

/** tcp_show_info of ss 6.x: the -i line and its numbers. */
function tcpInfo(rec: SockRecord, m: Json): void {
  const i = m.INET_DIAG_INFO as Json | undefined;
  const cong = typeof m.INET_DIAG_CONG === 'string' ? m.INET_DIAG_CONG : '';
  const t: Record<string, number> = {};
  let s = '';
  if (!i) { if (cong) s += ` ${cong}`; rec.info = s; return; }
  const opts = Array.isArray(i.tcpi_options) ? (i.tcpi_options as string[]) : [];
  if (opts.includes('TCPI_OPT_TIMESTAMPS')) s += ' ts';
  if (opts.includes('TCPI_OPT_SACK')) s += ' sack';
  if (opts.includes('TCPI_OPT_ECN')) s += ' ecn';
  if (opts.includes('TCPI_OPT_ECN_SEEN')) s += ' ecnseen';
  if (opts.includes('TCPI_OPT_SYN_DATA')) s += ' fastopen';
  rec.infoOptions = s; // ss prints these with -e / -o only
  s = '';
  if (cong) s += ` ${cong}`;
  if (opts.includes('TCPI_OPT_WSCALE')) {
    t.snd_wscale = num(i.tcpi_snd_wscale); t.rcv_wscale = num(i.tcpi_rcv_wscale);
    s += ` wscale:${t.snd_wscale},${t.rcv_wscale}`;
  }
  const rto = num(i.tcpi_rto) / 1000, rtt = num(i.tcpi_rtt) / 1000, rttvar = num(i.tcpi_rttvar) / 1000, ato = num(i.tcpi_ato) / 1000;
  if (rto) { s += ` rto:${fmtG(rto)}`; t.rto = rto; }
  if (num(i.tcpi_backoff)) { s += ` backoff:${num(i.tcpi_backoff)}`; t.backoff = num(i.tcpi_backoff); }
  if (rtt) { s += ` rtt:${fmtG(rtt)}/${fmtG(rttvar)}`; t.rtt = rtt; t.rttvar = rttvar; }
  if (ato) { s += ` ato:${fmtG(ato)}`; t.ato = ato; }
  const add = (name: string, v: number, text = `${v}`) => { if (v) { s += ` ${name}:${text}`; t[name] = v; } };
  add('mss', num(i.tcpi_snd_mss));
  add('pmtu', num(i.tcpi_pmtu));
  add('rcvmss', num(i.tcpi_rcv_mss));
  add('advmss', num(i.tcpi_advmss));
  add('cwnd', num(i.tcpi_snd_cwnd));
  if (num(i.tcpi_snd_ssthresh) < 0xffff) add('ssthresh', num(i.tcpi_snd_ssthresh));
  add('bytes_sent', num(i.tcpi_bytes_sent));
  add('bytes_retrans', num(i.tcpi_bytes_retrans));
  add('bytes_acked', num(i.tcpi_bytes_acked));
  add('bytes_received', num(i.tcpi_bytes_received));
  add('segs_out', num(i.tcpi_segs_out));
  add('segs_in', num(i.tcpi_segs_in));
  add('data_segs_out', num(i.tcpi_data_segs_out));
  add('data_segs_in', num(i.tcpi_data_segs_in));
  const dctcp = m.INET_DIAG_DCTCPINFO as Json | undefined;
  if (dctcp && num(dctcp.dctcp_enabled)) s += ` dctcp:(ce_state:${num(dctcp.dctcp_ce_state)},alpha:${num(dctcp.dctcp_alpha)},ab_ecn:${num(dctcp.dctcp_ab_ecn)},ab_tot:${num(dctcp.dctcp_ab_tot)})`;
  else if (dctcp) s += ' dctcp:fallback_mode';
  const bbr = m.INET_DIAG_BBRINFO as Json | undefined;
  if (bbr) {
    const b = Number((big(bbr.bbr_bw_hi) << 32n) | big(bbr.bbr_bw_lo));
    t.bbr_bw = b * 8; t.bbr_mrtt = num(bbr.bbr_min_rtt) / 1000;
    s += ` bbr:(bw:${bw(b * 8)}bps,mrtt:${fmtG(num(bbr.bbr_min_rtt) / 1000)}`;
    if (num(bbr.bbr_pacing_gain)) s += `,pacing_gain:${fmtG(num(bbr.bbr_pacing_gain) / 256)}`;
    if (num(bbr.bbr_cwnd_gain)) s += `,cwnd_gain:${fmtG(num(bbr.bbr_cwnd_gain) / 256)}`;
    s += ')';
  }
  const cwnd = num(i.tcpi_snd_cwnd), mss = num(i.tcpi_snd_mss), rttUs = num(i.tcpi_rtt);
  if (rttUs > 0 && mss && cwnd) { const sb = (cwnd * mss * 8000000) / rttUs; s += ` send ${bw(sb)}bps`; t.send = Number(bw(sb)); }
  add('lastsnd', num(i.tcpi_last_data_sent));
  add('lastrcv', num(i.tcpi_last_data_recv));
  add('lastack', num(i.tcpi_last_ack_recv));
  const pr = big(i.tcpi_pacing_rate), pmax = big(i.tcpi_max_pacing_rate);
  if (pr && pr !== U64_MAX) {
    s += ` pacing_rate ${bw(Number(pr) * 8)}bps`; t.pacing_rate = Number(pr) * 8;
    if (pmax !== U64_MAX) s += `/${bw(Number(pmax) * 8)}bps`;
  }
  const dr = Number(big(i.tcpi_delivery_rate));
  if (dr) { s += ` delivery_rate ${bw(dr * 8)}bps`; t.delivery_rate = dr * 8; }
  add('delivered', num(i.tcpi_delivered));
  add('delivered_ce', num(i.tcpi_delivered_ce));
  if (num(i.tcpi_delivery_rate_app_limited)) s += ' app_limited';
  const busy = Number(big(i.tcpi_busy_time));
  if (busy) {
    s += ` busy:${Math.floor(busy / 1000)}ms`; t.busy = Math.floor(busy / 1000);
    const rw = Number(big(i.tcpi_rwnd_limited)), sb = Number(big(i.tcpi_sndbuf_limited));
    if (rw) s += ` rwnd_limited:${Math.floor(rw / 1000)}ms(${((rw * 100) / busy).toFixed(1)}%)`;
    if (sb) s += ` sndbuf_limited:${Math.floor(sb / 1000)}ms(${((sb * 100) / busy).toFixed(1)}%)`;
  }
  add('unacked', num(i.tcpi_unacked));
  if (num(i.tcpi_retrans) || num(i.tcpi_total_retrans)) {
    s += ` retrans:${num(i.tcpi_retrans)}/${num(i.tcpi_total_retrans)}`;
    t.retrans = num(i.tcpi_retrans); t.retrans_total = num(i.tcpi_total_retrans);
  }
  add('lost', num(i.tcpi_lost));
  if (rec.state !== 'LISTEN') add('sacked', num(i.tcpi_sacked));
  add('dsack_dups', num(i.tcpi_dsack_dups));
  add('fackets', num(i.tcpi_fackets));
  if (i.tcpi_reordering !== undefined && num(i.tcpi_reordering) !== 3) { s += ` reordering:${num(i.tcpi_reordering)}`; t.reordering = num(i.tcpi_reordering); }
  add('reord_seen', num(i.tcpi_reord_seen));
  const rcvRtt = num(i.tcpi_rcv_rtt) / 1000;
  if (rcvRtt) { s += ` rcv_rtt:${fmtG(rcvRtt)}`; t.rcv_rtt = rcvRtt; }
  add('rcv_space', num(i.tcpi_rcv_space));
  add('rcv_ssthresh', num(i.tcpi_rcv_ssthresh));
  add('notsent', num(i.tcpi_notsent_bytes));
  // ~0U: no RTT measured yet (a SYN-SENT socket): ss leaves it out
  const minrtt = num(i.tcpi_min_rtt) === 0xffffffff ? 0 : num(i.tcpi_min_rtt) / 1000;
  if (minrtt) { s += ` minrtt:${fmtG(minrtt)}`; t.minrtt = minrtt; }
  add('rcv_ooopack', num(i.tcpi_rcv_ooopack));
  add('snd_wnd', num(i.tcpi_snd_wnd));
  if (num(i.tcpi_rcv_wnd)) t.rcv_wnd = num(i.tcpi_rcv_wnd); // ss 6.1 does not print it (later versions do)
  rec.info = s;
  rec.tcp = t;
}

// ---------------------------------------------------------------- selection and printing

export interface SsOptions {
  tcp?: boolean; udp?: boolean; raw?: boolean; unix?: boolean; packet?: boolean;
  /** -4 / -6: IPv4 / IPv6 sockets only (the inet tables, unless others are asked for by name) */
  ipv4?: boolean; ipv6?: boolean;
  /** -A: tcp,udp,raw,unix,packet,netlink,inet,all,unix_stream,unix_dgram,unix_seqpacket,packet_raw,packet_dgram */
  query?: string[];
  all?: boolean; listening?: boolean;
  extended?: boolean; info?: boolean; memory?: boolean;
  /** -o: timers (ss shows them with -e too) */
  options?: boolean;
  /** a `state` filter chose one state: ss leaves the State column out */
  oneState?: boolean;
  /** -n: netlink sockets by protocol and port id numbers */
  numeric?: boolean;
  /** print each dump request with its decoded bytecode filter */
  requests?: boolean;
}

const DB_NETIDS: Record<string, string[]> = {
  tcp: ['tcp'], udp: ['udp'], raw: ['raw'], mptcp: ['mptcp'], sctp: ['sctp'], dccp: ['dccp'],
  unix: ['u_str', 'u_dgr', 'u_seq'], unix_stream: ['u_str'], unix_dgram: ['u_dgr'], unix_seqpacket: ['u_seq'],
  packet: ['p_raw', 'p_dgr'], packet_raw: ['p_raw'], packet_dgram: ['p_dgr'], netlink: ['nl'],
  inet: ['tcp', 'udp', 'raw', 'mptcp', 'sctp', 'dccp'],
};
DB_NETIDS.all = [...new Set(Object.values(DB_NETIDS).flat())];

/** The netids a set of options selects (undefined: all found). */
export function selectedNetids(o: SsOptions): Set<string> | undefined {
  const names: string[] = [];
  if (o.tcp) names.push('tcp');
  if (o.udp) names.push('udp');
  if (o.raw) names.push('raw');
  if (o.unix) names.push('unix');
  if (o.packet) names.push('packet');
  for (const q of o.query ?? []) for (const x of q.split(',')) if (x) names.push(x === 'unix_seq' ? 'unix_seqpacket' : x);
  if (!names.length && (o.ipv4 || o.ipv6)) names.push('inet');
  if (!names.length) return undefined;
  const out = new Set<string>();
  for (const n of names) {
    const ids = DB_NETIDS[n];
    if (!ids) throw new Error(`unknown socket table "${n}" (${Object.keys(DB_NETIDS).join(', ')})`);
    for (const i of ids) out.add(i);
  }
  return out;
}

/** ss's state selection: -a all, -l listening (LISTEN, UNCONN), default connected ones. */
export function stateSelected(state: string, o: SsOptions): boolean {
  if (o.all) return true;
  const listening = state === 'LISTEN' || state === 'UNCONN';
  if (o.listening) return listening;
  return !listening && state !== 'TIME-WAIT' && state !== 'SYN-RECV';
}

export function selectSockets(sockets: SockRecord[], o: SsOptions): SockRecord[] {
  const ids = selectedNetids(o);
  return sockets.filter((s) => (!ids || ids.has(s.netid)) && stateSelected(s.state, o) && familySelected(s.family, o))
    // in ss's order of tables (netlink, packet, unix, raw, udp, tcp ...), each in the kernel's
    // order (sort is stable)
    .sort((a, b) => tableRank(a.netid) - tableRank(b.netid));
}

/** -4 / -6 (both or neither: either) leave out inet sockets of the other family. */
function familySelected(family: string, o: SsOptions): boolean {
  if (o.ipv4 === o.ipv6 || (family !== 'AF_INET' && family !== 'AF_INET6')) return true;
  return o.ipv4 ? family === 'AF_INET' : family === 'AF_INET6';
}

/** ss's main() shows the tables in this order (packet and unix sockets of every type from one dump each). */
const TABLE_ORDER = [['nl'], ['p_raw', 'p_dgr'], ['u_str', 'u_dgr', 'u_seq'], ['raw'], ['udp'], ['tcp'], ['dccp'], ['sctp'], ['mptcp']];
const tableRank = (netid: string) => { const i = TABLE_ORDER.findIndex((t) => t.includes(netid)); return i < 0 ? TABLE_ORDER.length : i; };

const localOf = (s: SockRecord, o: SsOptions) => {
  const l = o.numeric && s.numericLocal ? s.numericLocal : s.local;
  return { la: l.addr, lsep: l.sep, lp: l.port };
};

/** ss's words for PACKET_DIAG_INFO's pdi_flags (packet_show_sock). */
const PDI_WORDS: Record<string, string> = { PDI_RUNNING: 'running', PDI_AUXDATA: 'auxdata', PDI_ORIGDEV: 'origdev', PDI_VNETHDR: 'vnethdr', PDI_LOSS: 'loss' };

/** The -e, -m, -o and -i text of a socket, where ss prints it: `extra` at the end of the
 *  socket's line, `second` on a line of its own. -m's skmem: a unix socket's on its line before
 *  -e's details, a packet socket's last (after -e's PACKET_DIAG_INFO line when there is one),
 *  the others' on the second line. -e turns on -o's show_options too (timers, and the tcp option
 *  words of -i first). */
function extrasOf(s: SockRecord, o: SsOptions): { extra: string; second: string } {
  const mem = o.memory ? s.mem : '';
  const at = s.family === 'AF_UNIX' ? 'line' : s.family === 'AF_PACKET' ? 'last' : 'second';
  const detailsLine = o.extended ? s.detailsLine ?? '' : '';
  const options = o.options || o.extended;
  return {
    extra: (options ? s.timer : '') + (at === 'line' ? mem : '') + (o.extended ? s.details : '') + (at === 'last' && !detailsLine ? mem : ''),
    second: (detailsLine ? detailsLine + (at === 'last' ? mem : '') : '') + (at === 'second' ? mem : '') + (o.info ? (options ? s.infoOptions : '') + s.info : ''),
  };
}

/** The table as ss prints it (header, columns aligned, -e/-m/-i extras). */
export function formatSs(sockets: SockRecord[], o: SsOptions, requests: DumpRequest[] = []): string {
  const ids = selectedNetids(o);
  const netidCol = !ids || ids.size > 1 ? true : false;
  const rows = sockets.map((s) => ({
    netid: s.netid, state: s.state, rq: String(s.recvQ), sq: String(s.sendQ),
    ...localOf(s, o), pa: s.peer.addr, psep: s.peer.sep, pp: s.peer.port,
    ...extrasOf(s, o),
  }));
  const w = (k: 'netid' | 'state' | 'rq' | 'sq' | 'la' | 'lp' | 'pa' | 'pp', min: number) => Math.max(min, ...rows.map((r) => r[k].length));
  const W = { netid: w('netid', 5), state: w('state', 6), rq: w('rq', 6), sq: w('sq', 6), la: w('la', 13), lp: w('lp', 4), pa: w('pa', 12), pp: w('pp', 4) };
  const lines: string[] = [];
  if (o.requests) {
    for (const r of requests) lines.push(`# frame ${r.frame}: dump ${r.family} ${r.protocol}${r.filter !== undefined ? ` filter: ${r.filter}` : ''}`);
  }
  const stateCol = !o.oneState;
  const head = (netidCol ? 'Netid'.padEnd(W.netid) + ' ' : '') + (stateCol ? 'State'.padEnd(W.state) + ' ' : '') + 'Recv-Q'.padEnd(W.rq) + ' ' + 'Send-Q'.padEnd(W.sq) + ' '
    + 'Local Address:Port'.padStart(W.la + 1 + W.lp) + ' ' + 'Peer Address:Port'.padStart(W.pa + 1 + W.pp) + ' Process';
  lines.push(head);
  for (const r of rows) {
    let line = (netidCol ? r.netid.padEnd(W.netid) + ' ' : '') + (stateCol ? r.state.padEnd(W.state) + ' ' : '') + r.rq.padEnd(W.rq) + ' ' + r.sq.padEnd(W.sq) + ' '
      + (r.la.padStart(W.la) + (r.lsep || ' ') + r.lp.padEnd(W.lp)) + ' ' + (r.pa.padStart(W.pa) + (r.psep || ' ') + r.pp.padEnd(W.pp));
    line += r.extra;
    lines.push(line.trimEnd());
    if (r.second) lines.push('\t' + r.second);
  }
  return lines.join('\n');
}

/** Reads a capture and collects its sockets (of the frames `frames` takes, when given). */
export async function ssFromCapture(source: ByteSource, frames?: (frame: number) => boolean): Promise<SsCollection & { problems: number }> {
  const c = new SsCollector();
  let problems = 0;
  for await (const ev of decodeCapture(source)) {
    if (ev.kind === 'problem') { problems++; if (ev.fatal) throw new Error(ev.problem.message); continue; }
    if (ev.kind !== 'frame') continue;
    // a capture of several ss runs: the frames of one (its request and answers), else every dump merged
    if (frames && !frames(ev.frame.packet.frame)) continue;
    for (const m of ev.frame.messages) c.add(m);
  }
  return { ...c.result(), problems };
}

// ---------------------------------------------------------------- live: the dumps ss sends

/** TCP state numbers (include/net/tcp_states.h) by ss state name; UNIX sockets use the same bits. */
const TCP_STATE_NUM: Array<[number, string]> = [
  [1, 'ESTAB'], [2, 'SYN-SENT'], [3, 'SYN-RECV'], [4, 'FIN-WAIT-1'], [5, 'FIN-WAIT-2'], [6, 'TIME-WAIT'], [7, 'UNCONN'],
  [8, 'CLOSE-WAIT'], [9, 'LAST-ACK'], [10, 'LISTEN'], [11, 'CLOSING'], [12, 'SYN-RECV'], [13, 'BOUND-INACTIVE'],
];

/** The idiag_states / udiag_states bits of a selection: a `state` filter's states, else -a / -l / connected. */
export function stateMask(o: SsOptions, states?: Set<string>): number {
  let mask = 0;
  for (const [n, name] of TCP_STATE_NUM) if (states ? states.has(name) : stateSelected(name, o)) mask |= 1 << n;
  return mask >>> 0;
}

const AF_UNIX = 1, AF_INET = 2, AF_INET6 = 10, AF_NETLINK = 16, AF_PACKET = 17;
const SOCK_DIAG_BY_FAMILY = 20;
/** inet tables dumped live (netid -> IPPROTO); mptcp (a protocol above 255) is not asked for. */
const LIVE_INET: Array<[string, number]> = [['tcp', 6], ['dccp', 33], ['udp', 17], ['raw', 255], ['sctp', 132]];
/** Dumps that kernels without the module (or its diag module) refuse: skipped, as ss does. */
export const OPTIONAL_NETIDS = new Set(['dccp', 'sctp', 'raw', 'nl', 'p_raw']);

export interface SsLiveRequest { netid: string; bytes: Uint8Array }

/**
 * The SOCK_DIAG_BY_FAMILY requests ss sends for a selection: per inet protocol one per family
 * (v4, v6) with idiag_ext for -m (MEMINFO, SKMEMINFO) and -i (INFO, VEGASINFO, CONG), the state
 * bits and the compiled filter (INET_DIAG_REQ_BYTECODE); UNIX, netlink and packet dumps as ss
 * asks for them. -e needs no extension (uid, inode, cookie, v6only, shutdown, mark, cgroup come
 * with every answer). No selection: every table ss shows by default.
 */
export function ssRequests(o: SsOptions, states?: Set<string>, bytecode?: Uint8Array): SsLiveRequest[] {
  const ids = selectedNetids(o);
  const want = (id: string) => !ids || ids.has(id);
  const mask = stateMask(o, states);
  const out: SsLiveRequest[] = [];
  let ext = 0;
  if (o.memory) ext |= (1 << (1 - 1)) | (1 << (7 - 1)); // INET_DIAG_MEMINFO, INET_DIAG_SKMEMINFO
  if (o.info) ext |= (1 << (2 - 1)) | (1 << (3 - 1)) | (1 << (4 - 1)); // INET_DIAG_INFO, VEGASINFO, CONG
  for (const [netid, proto] of LIVE_INET) {
    if (!want(netid)) continue;
    for (const fam of [AF_INET, AF_INET6]) {
      if (o.ipv4 !== o.ipv6 && (fam === AF_INET) !== !!o.ipv4) continue;
      let bytes = inetDiagRequest(fam, proto, ext, mask);
      if (proto === 255) bytes[16 + 3] = 255; // sdiag_raw_protocol: every raw protocol
      if (bytecode) {
        const alen = 4 + bytecode.length;
        const b = dumpRequest(SOCK_DIAG_BY_FAMILY, 56 + ((alen + 3) & ~3));
        b.set(bytes.subarray(16, 16 + 56), 16);
        const v = new DataView(b.buffer);
        v.setUint16(72, alen, true);
        v.setUint16(74, 1, true); // INET_DIAG_REQ_BYTECODE
        b.set(bytecode, 76);
        bytes = b;
      }
      out.push({ netid, bytes });
    }
  }
  if (want('u_str') || want('u_dgr') || want('u_seq')) {
    // unix_diag_req: UDIAG_SHOW_NAME | PEER | RQLEN, MEMINFO for -m, VFS | ICONS for -e (as ss asks)
    const show = 0x1 | 0x4 | 0x10 | (o.memory ? 0x20 : 0) | (o.extended ? 0x2 | 0x8 : 0);
    out.push({ netid: 'u_str', bytes: dumpRequest(SOCK_DIAG_BY_FAMILY, 24, (v) => { v.setUint8(0, AF_UNIX); v.setUint32(4, mask, true); v.setUint32(12, show, true); }) });
  }
  if (want('nl')) {
    // netlink_diag_req: NDIAG_PROTO_ALL, NDIAG_SHOW_GROUPS | MEMINFO (the queues)
    out.push({ netid: 'nl', bytes: dumpRequest(SOCK_DIAG_BY_FAMILY, 20, (v) => { v.setUint8(0, AF_NETLINK); v.setUint8(1, 255); v.setUint32(8, 0x2 | 0x1, true); }) });
  }
  if (want('p_raw') || want('p_dgr')) {
    // packet_diag_req: PACKET_SHOW_INFO | MEMINFO
    out.push({ netid: 'p_raw', bytes: dumpRequest(SOCK_DIAG_BY_FAMILY, 20, (v) => { v.setUint8(0, AF_PACKET); v.setUint32(8, 0x1 | 0x10, true); }) });
  }
  return out;
}

/** Whether sockets of a collection name interfaces (bound inet sockets, packet sockets): the link names are needed. */
export function needsIfnames(sockets: SockRecord[]): boolean {
  return sockets.some((s) => s.family === 'AF_PACKET' || num((s.msg.id as Json | undefined)?.idiag_if) !== 0);
}

/**
 * Collects the sockets of live dumps: each request (decoded, as a capture would show it) and then
 * its answers go through the same collector as a capture's messages. `dump` runs one request and
 * yields the decoded answers; `skip(netid, error)` says whether a failed dump is left out.
 */
export async function ssFromDumps(
  requests: SsLiveRequest[], dump: (req: Uint8Array) => AsyncIterable<Json>,
  opts: { skip?: (netid: string, e: unknown) => boolean; links?: () => AsyncIterable<Json>; ifnames?: ReadonlyMap<number, string> } = {},
): Promise<SsCollection> {
  const c = new SsCollector();
  // devices already known (a `dev NAME` filter looked them up): the requests' filters name them
  for (const [i, n] of opts.ifnames ?? []) c.ifnames.set(i, n);
  let frame = 0;
  for (const r of requests) {
    const decoded = decodePacket(r.bytes, {
      protocol: 4, direction: 'to-kernel',
      envelope: (index) => ({ frame: ++frame, index, direction: 'to-kernel', protocol: 'NETLINK_SOCK_DIAG' }),
    }).messages;
    try {
      const answers: Json[] = [];
      for await (const m of dump(r.bytes)) answers.push(m);
      for (const m of decoded) c.add(m);
      for (const m of answers) c.add(m);
    } catch (e) {
      if (!opts.skip?.(r.netid, e)) throw e;
    }
  }
  if (opts.links && needsIfnames(c.result().sockets)) for await (const m of opts.links()) c.add(m);
  return c.result();
}

// ---------------------------------------------------------------- ss filter words: state ... and an expression

/** ss's state words (`state established`, `exclude listening`) as ss state names. */
const STATE_WORDS: Record<string, string[]> = {
  established: ['ESTAB'], 'syn-sent': ['SYN-SENT'], 'syn-recv': ['SYN-RECV'], 'fin-wait-1': ['FIN-WAIT-1'],
  'fin-wait-2': ['FIN-WAIT-2'], 'time-wait': ['TIME-WAIT'], closed: ['UNCONN'], 'close-wait': ['CLOSE-WAIT'],
  'last-ack': ['LAST-ACK'], listening: ['LISTEN'], listen: ['LISTEN'], closing: ['CLOSING'],
  all: Object.values(SS_STATE),
  connected: ['ESTAB', 'SYN-SENT', 'SYN-RECV', 'FIN-WAIT-1', 'FIN-WAIT-2', 'CLOSE-WAIT', 'LAST-ACK', 'CLOSING', 'TIME-WAIT'],
  synchronized: ['ESTAB', 'SYN-RECV', 'FIN-WAIT-1', 'FIN-WAIT-2', 'CLOSE-WAIT', 'LAST-ACK', 'CLOSING', 'TIME-WAIT'],
  bucket: ['SYN-RECV', 'TIME-WAIT'], big: ['ESTAB', 'SYN-SENT', 'FIN-WAIT-1', 'FIN-WAIT-2', 'UNCONN', 'CLOSE-WAIT', 'LAST-ACK', 'LISTEN', 'CLOSING'],
};

/** Splits ss's trailing words into the state selection (`state X`, `exclude X`) and the filter expression. */
export function splitFilterWords(words: string[]): { states?: Set<string>; expr: string } {
  let states: Set<string> | undefined;
  const rest: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if ((w === 'state' || w === 'exclude' || w === 'excl') && i + 1 < words.length) {
      const names = STATE_WORDS[words[i + 1]!.toLowerCase()];
      if (!names) throw new Error(`unknown state "${words[i + 1]}"`);
      if (w === 'state') { states ??= new Set(); for (const n of names) states.add(n); }
      else { states ??= new Set(Object.values(SS_STATE)); for (const n of names) states.delete(n); }
      i++;
      continue;
    }
    rest.push(w);
  }
  return { states, expr: rest.join(' ').trim() };
}

/** The kernel's view of an inet socket for running a filter program on it. */
export function bcEntry(s: SockRecord): BcEntry | undefined {
  const m = s.msg;
  const id = m.id as Json | undefined;
  if (!id || (s.family !== 'AF_INET' && s.family !== 'AF_INET6')) return undefined;
  const v6 = s.family === 'AF_INET6';
  const addr = (a: unknown) => (v6 ? parseIp6(String(a)) : parseIp4(String(a))) ?? new Uint8Array(v6 ? 16 : 4);
  return {
    family: v6 ? 10 : 2, sport: num(id.idiag_sport), dport: num(id.idiag_dport), saddr: addr(id.idiag_src), daddr: addr(id.idiag_dst),
    ifindex: num(id.idiag_if), mark: m.INET_DIAG_MARK === undefined ? undefined : num(m.INET_DIAG_MARK),
    cgroupId: m.INET_DIAG_CGROUP_ID === undefined ? undefined : big(m.INET_DIAG_CGROUP_ID),
  };
}

/** Keeps the inet sockets a compiled filter accepts (other families have no ports: dropped, as ss does). */
export function filterSockets(sockets: SockRecord[], bytecode: Uint8Array): SockRecord[] {
  return sockets.filter((s) => { const e = bcEntry(s); return e !== undefined && run(bytecode, e); });
}
