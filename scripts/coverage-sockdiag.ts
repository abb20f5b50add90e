// sock_diag coverage, counted: nlscope (from the codecs data) beside Wireshark (tshark -G fields),
// strace (its decoder tables, counted from strace/strace src/netlink_inet_diag.c) and pyroute2 (the
// installed pyroute2.netlink.diag module, introspected with /usr/bin/python3).
// Run: npx tsx scripts/coverage-sockdiag.ts  (prints a markdown table)
import { spawnSync } from 'node:child_process';
import type { AttrSet, StructDecl } from '../src/codec/schema.js';
import {
  INET_DIAG, INET_DIAG_REQ, NETLINK_DIAG, PACKET_DIAG, UNIX_DIAG, inet_diag_msg, inet_diag_req_v2, netlink_diag_req,
  packet_diag_req, tcp_info, unix_diag_req,
} from '../codecs/sock_diag/index.js';

/** Leaf fields of a struct (embedded structs flattened). */
const leaves = (s: StructDecl): number => s.fields.reduce((n, f) => n + (typeof f.kind === 'object' && (f.kind as StructDecl).kind === 'struct' ? leaves(f.kind as StructDecl) : 1), 0);
/** Attributes that have a typed decoder (not raw bytes / padding). */
const typed = (a: AttrSet): number => [...a.byType.values()].filter((d) => !(d.value.kind === 'scalar' && d.value.scalar === 'binary')).length;
const both = (a: AttrSet): string => `${a.byType.size} declared, ${typed(a)} typed`;

// ---- nlscope
const nl = {
  inet: both(INET_DIAG),
  tcpInfo: tcp_info.fields.length,
  unix: both(UNIX_DIAG), netlink: both(NETLINK_DIAG), packet: both(PACKET_DIAG),
  req: leaves(inet_diag_req_v2) + leaves(unix_diag_req) + leaves(netlink_diag_req) + leaves(packet_diag_req),
  reqAttrs: INET_DIAG_REQ.byType.size, msg: leaves(inet_diag_msg),
};

// ---- Wireshark: fields registered for netlink-sock_diag, grouped by prefix
function wireshark(): { version: string; total: number; inet: number; unix: number; netlink: number; packet: number; mem: number } | undefined {
  const r = spawnSync('tshark', ['-G', 'fields'], { encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.status !== 0) return undefined;
  const f = r.stdout.split('\n').map((l) => l.split('\t')[2] ?? '').filter((n) => n.startsWith('netlink-sock_diag.'));
  const v = spawnSync('tshark', ['-v'], { encoding: 'utf8' }).stdout.split('\n')[0] ?? '';
  const c = (re: RegExp) => f.filter((n) => re.test(n)).length;
  return {
    version: /\d+\.\d+\.\d+/.exec(v)?.[0] ?? '?', total: f.length, inet: c(/\.inet_/), unix: c(/\.unix_/), netlink: c(/\.netlink_/), packet: c(/\.packet_/),
    mem: c(/\.(rmem_alloc|rcvbuf|wmem_alloc|sndbuf|fwd_alloc|wmem_queued)$/),
  };
}

// ---- pyroute2: nla_map entries and struct fields of the installed module
function pyroute2(): Record<string, number | string> | undefined {
  const py = `
import json, pyroute2, pyroute2.netlink.diag as d
m = d.inet_diag_msg
def named(nm): return [x for x in nm if x[0] not in ('INET_DIAG_NONE','INET_DIAG_PAD') and x[1] not in ('none',)]
typed = lambda nm: len([x for x in nm if x[1] not in ('hex','none')])
req = [f for f in d.inet_diag_req.fields if not f[0].startswith('__')] + [f for f in d.unix_diag_req.fields if not f[0].startswith('__')]
import importlib.metadata as im
try: ver = im.version('pyroute2')
except Exception: ver = getattr(pyroute2, '__version__', '?')
print(json.dumps({'version': ver,
  'inet': len(named(m.nla_map)), 'inetTyped': typed(m.nla_map), 'tcpInfo': len(m.tcp_info.fields),
  'unix': len(d.unix_diag_msg.nla_map), 'unixTyped': typed(d.unix_diag_msg.nla_map),
  'req': len(req), 'netlink': 0, 'packet': 0}))`;
  const r = spawnSync('/usr/bin/python3', ['-c', py], { encoding: 'utf8' });
  if (r.status !== 0) return undefined;
  return JSON.parse(r.stdout) as Record<string, number | string>;
}

// ---- strace: counted by hand from strace/strace src/netlink_inet_diag.c (commit 004e53fc) and
// src/netlink_sock_diag.c: inet_diag_msg_nla_decoders has 19 slots, 15 with a decoder (INFO, LOCALS,
// PEERS: "unimplemented", PAD: none); inet_diag_req_nla_decoders decodes INET_DIAG_REQ_BYTECODE (as
// inet_diag_bc_op + operands, not as an expression) only. tcp_info: not decoded. The unix, netlink and
// packet tables (netlink_{unix,netlink,packet}_diag.c): 8 of 8, 5 of 5 and 8 of 8 slots with a decoder.
const strace = { inet: '15 of 19', tcpInfo: '0', req: 'inet_diag_req_v2, inet_diag_req (all fields)', reqAttrs: '1 of 3 (BYTECODE as ops)' };

const ws = wireshark();
const pr = pyroute2();
const rows: string[][] = [
  ['what (counted how)', 'nlscope (codecs data)', ws ? `Wireshark ${ws.version} (tshark -G fields)` : 'Wireshark (tshark missing)', 'strace (decoder tables)', pr ? `pyroute2 ${pr.version} (introspected)` : 'pyroute2 (not installed)'],
  ['INET_DIAG_* answer attributes (typed values)', `${nl.inet}`, ws ? `0 typed (type only: inet_attr)` : '-', strace.inet, pr ? `${pr.inetTyped} typed of ${pr.inet} named` : '-'],
  ['tcp_info fields (INET_DIAG_INFO)', `${nl.tcpInfo} (by length sent, to 6.18)`, ws ? '0' : '-', strace.tcpInfo, pr ? `${pr.tcpInfo}` : '-'],
  ['UNIX_DIAG_* attributes', `${nl.unix}`, ws ? `${ws.unix} unix_* fields (name, peer, show bits, attr type)` : '-', '8 of 8 (netlink_unix_diag.c)', pr ? `${pr.unixTyped} typed of ${pr.unix}` : '-'],
  ['NETLINK_DIAG_* attributes', `${nl.netlink}`, ws ? `${ws.netlink} netlink_* fields (protocol, portids, show bits, attr type)` : '-', '5 of 5 (netlink_netlink_diag.c)', pr ? `${pr.netlink}` : '-'],
  ['PACKET_DIAG_* attributes', `${nl.packet}`, ws ? `${ws.packet} packet_* fields (protocol, show bits)` : '-', '8 of 8, FILTER as a BPF program (netlink_packet_diag.c)', pr ? `${pr.packet}` : '-'],
  ['SK_MEMINFO values', '9 of 9', ws ? `${ws.mem}` : '-', '9 (decode_nla_meminfo)', pr ? '0 (hex)' : '-'],
  ['request fields (inet v2 + unix + netlink + packet)', `${nl.req}`, ws ? `${ws.inet} inet_* fields (ports, addresses, if, protocol, ext, states) + show bits` : '-', strace.req, pr ? `${pr.req} (inet, unix)` : '-'],
  ['INET_DIAG_REQ_* request attributes', `${nl.reqAttrs} of 3, BYTECODE also as an ss expression (nlscope ss --requests)`, '0', strace.reqAttrs, '0'],
  ['all fields registered / declared', `${nl.msg} inet_diag_msg fields + the above`, ws ? `${ws.total} netlink-sock_diag.* fields in tshark -G fields` : '-', '-', '-'],
];

const md = rows.map((r, i) => `| ${r.join(' | ')} |${i === 0 ? `\n|${' --- |'.repeat(r.length)}` : ''}`).join('\n');
console.log(md);
