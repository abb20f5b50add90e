// Dump requests of `nlscope dump KIND`, as bytes (header + zeroed family header), and the
// dumps that need several requests (tc classes per device, filters per qdisc and class, sockets
// per family).
import type { NetlinkClient, ReceivedPacket, DumpOptions } from './client.js';

export const DUMP_KINDS = ['links', 'addrs', 'routes', 'neighs', 'rules', 'qdiscs', 'classes', 'filters', 'nexthops', 'sockets'] as const;
export type DumpKind = typeof DUMP_KINDS[number];

const NLM_F_REQUEST = 1;
const NLM_F_DUMP = 0x300;

export const RTM = {
  GETLINK: 18, GETADDR: 22, GETROUTE: 26, GETNEIGH: 30, GETRULE: 34, GETQDISC: 38, GETTCLASS: 42, GETTFILTER: 46, GETNEXTHOP: 106,
} as const;
const SOCK_DIAG_BY_FAMILY = 20;

/** A dump request: nlmsghdr + a zeroed body of `bodyLen` bytes, `init` fills the body. */
export function dumpRequest(type: number, bodyLen: number, init?: (body: DataView) => void): Uint8Array {
  const b = new Uint8Array(16 + bodyLen);
  const v = new DataView(b.buffer);
  v.setUint32(0, b.length, true);
  v.setUint16(4, type, true);
  v.setUint16(6, NLM_F_REQUEST | NLM_F_DUMP, true);
  init?.(new DataView(b.buffer, 16));
  return b;
}

/** One-request dumps of NETLINK_ROUTE: type and family-header size. */
const SIMPLE: Partial<Record<DumpKind, [number, number]>> = {
  links: [RTM.GETLINK, 16], // ifinfomsg
  addrs: [RTM.GETADDR, 8], // ifaddrmsg
  routes: [RTM.GETROUTE, 12], // rtmsg
  neighs: [RTM.GETNEIGH, 12], // ndmsg
  rules: [RTM.GETRULE, 12], // fib_rule_hdr
  qdiscs: [RTM.GETQDISC, 20], // tcmsg
  nexthops: [RTM.GETNEXTHOP, 8], // nhmsg
};

/** tcmsg request for one device (and parent). */
export function tcRequest(type: number, ifindex: number, parent = 0): Uint8Array {
  return dumpRequest(type, 20, (v) => { v.setInt32(4, ifindex, true); v.setUint32(12, parent, true); });
}

/** inet_diag_req_v2: every state of one family and IP protocol. */
export function inetDiagRequest(family: number, protocol: number, ext = 0, states = 0xffffffff): Uint8Array {
  return dumpRequest(SOCK_DIAG_BY_FAMILY, 56, (v) => { v.setUint8(0, family); v.setUint8(1, protocol); v.setUint8(2, ext); v.setUint32(4, states, true); });
}

/** The sock_diag requests of `dump sockets`: TCP, UDP, raw (v4, v6), UNIX, netlink, packet. */
export function socketRequests(): Uint8Array[] {
  const AF_INET = 2, AF_INET6 = 10, AF_UNIX = 1, AF_NETLINK = 16, AF_PACKET = 17;
  const out: Uint8Array[] = [];
  for (const proto of [6, 17]) for (const fam of [AF_INET, AF_INET6]) out.push(inetDiagRequest(fam, proto));
  // unix_diag_req: all states, UDIAG_SHOW_NAME | VFS | PEER | RQLEN
  out.push(dumpRequest(SOCK_DIAG_BY_FAMILY, 24, (v) => { v.setUint8(0, AF_UNIX); v.setUint32(4, 0xffffffff, true); v.setUint32(12, 1 | 2 | 4 | 16, true); }));
  // netlink_diag_req: NDIAG_PROTO_ALL, NDIAG_SHOW_GROUPS
  out.push(dumpRequest(SOCK_DIAG_BY_FAMILY, 20, (v) => { v.setUint8(0, AF_NETLINK); v.setUint8(1, 255); v.setUint32(8, 1 << 1, true); }));
  // packet_diag_req: PACKET_SHOW_INFO
  out.push(dumpRequest(SOCK_DIAG_BY_FAMILY, 20, (v) => { v.setUint8(0, AF_PACKET); v.setUint32(8, 1, true); }));
  return out;
}

/** ifindex / handle / parent / kind of each tcmsg answer in a packet. */
export function tcObjects(p: ReceivedPacket): Array<{ ifindex: number; handle: number; parent: number; kind: string }> {
  const d = p.data;
  const dv = new DataView(d.buffer, d.byteOffset, d.byteLength);
  const out: Array<{ ifindex: number; handle: number; parent: number; kind: string }> = [];
  let pos = 0;
  while (pos + 36 <= d.length) {
    const len = dv.getUint32(pos, true);
    if (len < 16) break;
    const type = dv.getUint16(pos + 4, true);
    if (type === 36 || type === 40) { // RTM_NEWQDISC, RTM_NEWTCLASS
      let kind = '';
      for (let a = pos + 36; a + 4 <= pos + len;) {
        const alen = dv.getUint16(a, true);
        if (alen < 4) break;
        if ((dv.getUint16(a + 2, true) & 0x3fff) === 1) { // TCA_KIND
          kind = new TextDecoder().decode(d.subarray(a + 4, a + alen)).replace(/\0+$/, '');
          break;
        }
        a += (alen + 3) & ~3;
      }
      out.push({ ifindex: dv.getInt32(pos + 20, true), handle: dv.getUint32(pos + 24, true), parent: dv.getUint32(pos + 28, true), kind });
    }
    pos += (len + 3) & ~3;
  }
  return out;
}

/**
 * The packets of a dump of KIND. `route` is a NETLINK_ROUTE client; `diag` (NETLINK_SOCK_DIAG)
 * is needed for sockets only.
 */
export async function* dumpKind(kind: DumpKind, route: NetlinkClient | undefined, diag: NetlinkClient | undefined, opts: DumpOptions = {}): AsyncGenerator<ReceivedPacket> {
  const simple = SIMPLE[kind];
  if (simple) { yield* need(route, kind).dumpPackets(dumpRequest(simple[0], simple[1]), opts); return; }
  if (kind === 'sockets') {
    for (const r of socketRequests()) yield* need(diag, kind).dumpPackets(r, opts);
    return;
  }
  const c = need(route, kind);
  // classes and filters are dumped per device / per qdisc: find the qdiscs first.
  const qdiscs: Array<{ ifindex: number; handle: number; parent: number; kind: string }> = [];
  for await (const p of c.dumpPackets(dumpRequest(RTM.GETQDISC, 20), { ...opts, mode: 'snapshot' })) qdiscs.push(...tcObjects(p));
  const devices = [...new Set(qdiscs.map((q) => q.ifindex))];
  if (kind === 'classes') {
    for (const dev of devices) yield* c.dumpPackets(tcRequest(RTM.GETTCLASS, dev), opts);
    return;
  }
  // filters: under each qdisc (ingress / clsact: their blocks), and under each class
  const parents: Array<[number, number]> = [];
  for (const q of qdiscs) {
    if (q.kind === 'ingress') parents.push([q.ifindex, 0xfffffff1]);
    else if (q.kind === 'clsact') parents.push([q.ifindex, 0xfffffff2], [q.ifindex, 0xfffffff3]);
    else if (q.handle) parents.push([q.ifindex, q.handle]);
  }
  for (const dev of devices) {
    for await (const p of c.dumpPackets(tcRequest(RTM.GETTCLASS, dev), { ...opts, mode: 'snapshot' })) {
      for (const cl of tcObjects(p)) parents.push([cl.ifindex, cl.handle]);
    }
  }
  const seen = new Set<string>();
  for (const [dev, parent] of parents) {
    const k = `${dev}:${parent}`;
    if (seen.has(k)) continue;
    seen.add(k);
    yield* c.dumpPackets(tcRequest(RTM.GETTFILTER, dev, parent), opts);
  }
}

function need(c: NetlinkClient | undefined, kind: string): NetlinkClient {
  if (!c) throw new Error(`dump ${kind}: no client for its protocol`);
  return c;
}
