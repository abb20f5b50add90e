// The capture analyzer: totals checked against counts taken straight from the bytes,
// synthetic captures for each situation the analysis must get right, bounded state.
import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync, spawnSync } from 'node:child_process';
import { analyzeCapture, type AnalysisItem, type Summary, type Transaction } from '../src/analyze/index.js';
import { renderStatsText } from '../src/render/stats-text.js';
import { encodeCapture } from '../src/capture/writer.js';
import type { CapturedPacket, PacketToWrite } from '../src/capture/types.js';
import { replicatePackets } from '../src/capture/replicate.js';
import { encodePacket, encodeMessage } from '../src/codec/message.js';
import type { Json } from '../src/codec/struct.js';
import { CAPTURES, packetsOf } from './helpers.js';

// ---------------------------------------------------------------- counts from the bytes

interface Raw { packets: number; messages: number; errors: number; acks: number; dumps: number; notifications: number; unanswered: number; extacks: string[] }

const u32 = (b: Uint8Array, o: number) => new DataView(b.buffer, b.byteOffset, b.byteLength).getUint32(o, true);
const i32 = (b: Uint8Array, o: number) => new DataView(b.buffer, b.byteOffset, b.byteLength).getInt32(o, true);
const u16 = (b: Uint8Array, o: number) => new DataView(b.buffer, b.byteOffset, b.byteLength).getUint16(o, true);
const al4 = (n: number) => (n + 3) & ~3;

/** Is this request type a GET (answered by data)? rtnetlink: RTM_GET* = type % 4 == 2; sock_diag: every request type but SOCK_DESTROY (21). */
const isGet = (proto: number, type: number) => (proto === 0 ? type >= 16 && type % 4 === 2 : proto === 4 ? type !== 21 : false);

/** Walks the nlmsghdr chain of every packet itself: no decoder, no analyzer. */
function rawCounts(packets: CapturedPacket[]): Raw {
  const r: Raw = { packets: packets.length, messages: 0, errors: 0, acks: 0, dumps: 0, notifications: 0, unanswered: 0, extacks: [] };
  const pendingGets = new Map<string, number>();
  const expecting: { key: string; i: number }[] = [];
  const answeredAfter = new Map<string, number[]>(); // key -> positions of to-user messages with pid != 0
  let pos = 0;
  for (const p of packets) {
    const b = p.data;
    let o = 0;
    while (o + 16 <= b.length) {
      const len = u32(b, o), type = u16(b, o + 4), flags = u16(b, o + 6), seq = u32(b, o + 8), pid = u32(b, o + 12);
      r.messages++;
      pos++;
      const key = `${p.protocol}:${seq}`;
      if (p.direction === 'to-kernel') {
        const dump = isGet(p.protocol, type) && (flags & 0x300) === 0x300;
        if (dump) r.dumps++;
        if (isGet(p.protocol, type) && !dump) pendingGets.set(key, (pendingGets.get(key) ?? 0) + 1);
        if (isGet(p.protocol, type) || flags & 0x4 || flags & 0x8) expecting.push({ key, i: pos });
      } else if (p.direction === 'to-user') {
        if (pid !== 0) { const l = answeredAfter.get(key) ?? []; l.push(pos); answeredAfter.set(key, l); }
        if (type === 2 && len >= 20) {
          const err = i32(b, o + 16);
          if (err < 0) r.errors++; else if (err === 0) r.acks++;
          // an error (or ACK) answers a GET as well: it is no longer waiting for its reply
          if (len >= 36 && isGet(p.protocol, u16(b, o + 24))) {
            const n = pendingGets.get(key) ?? 0;
            if (n > 0) pendingGets.set(key, n - 1);
          }
          if (len >= 36) {
            const echoLen = u32(b, o + 20);
            const capped = (flags & 0x100) !== 0;
            let t = o + 20 + al4(capped ? 16 : echoLen);
            while (t + 4 <= o + len) {
              const alen = u16(b, t), atype = u16(b, t + 2) & 0x3fff;
              if (alen < 4) break;
              if (atype === 1) r.extacks.push(new TextDecoder().decode(b.subarray(t + 4, t + alen)).replace(/\0+$/, ''));
              t += al4(alen);
            }
          }
        } else if (type !== 3 && type !== 4 && !(flags & 0x2)) {
          const n = pendingGets.get(key) ?? 0;
          if (pid !== 0 && n > 0) pendingGets.set(key, n - 1); // the reply of a GET
          else r.notifications++;
        }
      }
      if (len < 16 || o + len > b.length) break;
      o += al4(len);
      if (b.subarray(o).every((x) => x === 0)) break;
    }
  }
  for (const e of expecting) if (!(answeredAfter.get(e.key) ?? []).some((i) => i > e.i)) r.unanswered++;
  return r;
}

async function analyze(path: string, opts: Parameters<typeof analyzeCapture>[1] = {}): Promise<{ s: Summary; items: AnalysisItem[]; maxOpen: number }> {
  const items: AnalysisItem[] = [];
  let maxOpen = 0;
  const s = await analyzeCapture(path, { ...opts, onState: (n) => { if (n > maxOpen) maxOpen = n; } }).run((it) => { items.push(it); });
  s.file = path;
  return { s, items, maxOpen };
}

// rawCounts knows which rtnetlink and sock_diag types are requests; the other families'
// captures are checked by their own golden tests.
const OTHER_FAMILIES = /rec-(genl|nft|conntrack|other|audit)\.pcap$/;
const REAL = [...CAPTURES, ...['captures/rec-errors.pcap'].filter((f) => existsSync(f))].filter((f) => !OTHER_FAMILIES.test(f));

describe('analyzer on real captures: totals equal counts from the bytes', () => {
  for (const path of REAL) {
    it(path, async () => {
      const raw = rawCounts(await packetsOf(path));
      const { s, items } = await analyze(path);
      const t = s.totals;
      expect({ packets: t.packets, messages: t.messages, errors: t.errors, acks: t.acks, dumps: t.dumps, notifications: t.notifications, unanswered: t.unanswered })
        .toEqual({ packets: raw.packets, messages: raw.messages, errors: raw.errors, acks: raw.acks, dumps: raw.dumps, notifications: raw.notifications, unanswered: raw.unanswered });
      // nothing left dangling in these clean captures
      expect(t.orphanAnswers).toBe(0);
      expect(t.cutOff).toBe(0);
      // every message is accounted for: requests, answers of transactions, notifications
      const txs = items.filter((i): i is Transaction => i.kind === 'transaction');
      expect(txs.reduce((a, x) => a + x.answers, 0) + t.notifications).toBe(t.answers);
      expect(txs.length).toBe(t.requests);
      // every extended-ack message appears in the text and in the JSON output
      const text = renderStatsText(s);
      const json = JSON.stringify(s);
      for (const m of raw.extacks) {
        expect(text).toContain(m);
        expect(json).toContain(m);
      }
      expect(text.split('\n').length).toBeLessThanOrEqual(50);
    });
  }

  it('pairs requests sent with pid 0 by seq and learns the port id (route-dump: a GETLINK inside a route dump with the same seq)', async () => {
    const { items } = await analyze('captures/route-dump.pcap');
    const txs = items.filter((i): i is Transaction => i.kind === 'transaction');
    const dump = txs.find((x) => x.request?.frame === 37)!;
    expect(dump.dump).toBe(true);
    expect(dump.portId).toBe(5288);
    expect(dump.result).toBe('ok');
    const get = txs.find((x) => x.request?.frame === 39)!;
    expect(get.type).toBe('RTM_GETLINK');
    expect(get.portId).toBe(3706932391);
    expect(get.firstAnswer?.frame).toBe(40);
    expect(get.answers).toBe(1);
    expect(dump.answers).toBe(27);
  });

  it('rec-other.pcap: proc connector events (typed NLMSG_DONE, the connector\'s own type) are notifications of CN_IDX_PROC', async () => {
    const { s } = await analyze('captures/rec-other.pcap');
    expect(s.totals.orphanAnswers).toBe(0);
    const groups = Object.fromEntries(s.notifications.byGroup.map((g) => [g.group, g.count]));
    expect(groups.CN_IDX_PROC).toBe(4);
  });

  it('rec-audit.pcap: audit replies carry nlmsg_pid 0 and still answer their request (by seq and type)', async () => {
    const { s, items } = await analyze('captures/rec-audit.pcap');
    expect(s.totals.unanswered).toBe(0);
    expect(s.totals.orphanAnswers).toBe(0);
    const txs = items.filter((i): i is Transaction => i.kind === 'transaction');
    const list = txs.find((x) => x.type === 'AUDIT_LIST_RULES')!;
    expect([list.dump, list.answers, list.result]).toEqual([true, 2, 'ok']);
    expect(txs.find((x) => x.type === 'AUDIT_GET_FEATURE')!.answers).toBe(1);
    // `auditctl -s` asks with NLM_F_ACK: the ACK comes first, the status reply (pid 0) after it,
    // and both belong to the request (the reply was counted as a notification before)
    const get = txs.find((x) => x.type === 'AUDIT_GET')!;
    expect([get.answers, get.acked, get.result, get.answerTypes]).toEqual([2, true, 'ok', { NLMSG_ERROR: 1, AUDIT_GET: 1 }]);
    expect([get.firstAnswer?.frame, get.lastAnswer?.frame]).toEqual([2, 3]);
    // kauditd's records (seq 0) stay notifications
    expect(s.notifications.byType.map((t) => t.type).sort()).toEqual(['AUDIT_REPLACE', 'AUDIT_USER_AVC']);
  });

  it('changes.pcap: groups notifications by derived multicast group and object', async () => {
    const { s } = await analyze('captures/changes.pcap');
    const groups = Object.fromEntries(s.notifications.byGroup.map((g) => [g.group, g.count]));
    expect(groups.RTNLGRP_LINK).toBeGreaterThan(0);
    expect(groups.RTNLGRP_IPV4_ROUTE).toBeGreaterThan(0);
    expect(groups.RTNLGRP_IPV6_ROUTE).toBeGreaterThan(0);
    expect(groups.RTNLGRP_IPV4_IFADDR).toBeGreaterThan(0);
    expect(s.notifications.byObject.some((o) => o.object.startsWith('link 6'))).toBe(true);
    expect(s.errors.find((e) => e.extack === 'Unknown device type')?.errno).toBe('EOPNOTSUPP');
    expect(s.errors.find((e) => e.done)?.errno).toBe('ENOENT');
  });
});

// ---------------------------------------------------------------- synthetic captures

const IFI = { ifi_family: 'AF_UNSPEC', __ifi_pad: 0, ifi_type: 0, ifi_index: 0, ifi_flags: [], ifi_change: 0 };
const IFA = { ifa_family: 'AF_INET', ifa_prefixlen: 24, ifa_flags: [], ifa_scope: 0, ifa_index: 2 };
const RT = { rtm_family: 'AF_INET6', rtm_dst_len: 64, rtm_src_len: 0, rtm_tos: 0, rtm_table: 'RT_TABLE_MAIN', rtm_protocol: 'RTPROT_KERNEL', rtm_scope: 'RT_SCOPE_UNIVERSE', rtm_type: 'RTN_UNICAST', rtm_flags: [] };

type Dir = 'to-kernel' | 'to-user';
let clock = 1_700_000_000_000_000; // µs
const pk = (direction: Dir, msgs: Json[], protocol = 0, dt = 100): PacketToWrite => {
  clock += dt;
  return { sec: Math.floor(clock / 1e6), nsec: (clock % 1e6) * 1000, protocol, direction, data: encodePacket(msgs, { protocol, direction }) };
};
const hdr = (type: string, flags: string[], seq: number, pid: number) => ({ header: { type, flags, seq, pid } });
const link = (i: number, seq: number, pid: number, flags = ['NLM_F_MULTI']) => ({ ...hdr('RTM_NEWLINK', flags, seq, pid), ...IFI, ifi_index: i, IFLA_IFNAME: `eth${i}`, IFLA_MTU: 1500 });
const done = (seq: number, pid: number, error = 0) => ({ ...hdr('NLMSG_DONE', ['NLM_F_MULTI'], seq, pid), error });
const getlinkDump = (seq: number) => ({ ...hdr('RTM_GETLINK', ['NLM_F_REQUEST', 'NLM_F_DUMP'], seq, 0), ...IFI });

let dir: string;
beforeAll(() => { dir = mkdtempSync(join(tmpdir(), 'nlscope-analyze-')); });
afterAll(() => { rmSync(dir, { recursive: true, force: true }); });

let n = 0;
function write(packets: PacketToWrite[]): string {
  const p = join(dir, `t${n++}.pcap`);
  writeFileSync(p, encodeCapture(packets, 'pcap'));
  return p;
}

const txsOf = (items: AnalysisItem[]) => items.filter((i): i is Transaction => i.kind === 'transaction');

describe('analyzer on synthetic captures', () => {
  it('a dump split across many packets is one transaction', async () => {
    const pkts = [pk('to-kernel', [getlinkDump(42)])];
    for (let p = 0; p < 50; p++) pkts.push(pk('to-user', [0, 1, 2, 3].map((k) => link(p * 4 + k + 1, 42, 1234))));
    pkts.push(pk('to-user', [done(42, 1234)]));
    const { s, items } = await analyze(write(pkts));
    const txs = txsOf(items);
    expect(txs).toHaveLength(1);
    expect(txs[0]).toMatchObject({ dump: true, answers: 201, result: 'ok', portId: 1234, seq: 42, type: 'RTM_GETLINK', interrupted: false });
    expect(txs[0].latencyLast! > txs[0].latencyFirst!).toBe(true);
    expect(s.totals).toMatchObject({ packets: 52, messages: 202, dumps: 1, notifications: 0, unanswered: 0, orphanAnswers: 0 });
    expect(s.dumps.byType[0]).toMatchObject({ type: 'RTM_GETLINK', count: 1, messages: 201, maxMessages: 201 });
  });

  it('an interrupted dump (NLM_F_DUMP_INTR) is flagged', async () => {
    const pkts = [
      pk('to-kernel', [getlinkDump(7)]),
      pk('to-user', [link(1, 7, 55), link(2, 7, 55)]),
      pk('to-user', [link(3, 7, 55, ['NLM_F_MULTI', 'NLM_F_DUMP_INTR'])]),
      pk('to-user', [done(7, 55)]),
    ];
    const { s, items } = await analyze(write(pkts));
    expect(txsOf(items)[0]).toMatchObject({ interrupted: true, result: 'ok', answers: 4 });
    expect(s.totals.interruptedDumps).toBe(1);
    expect(s.dumps.interruptedList[0]).toMatchObject({ type: 'RTM_GETLINK', portId: 55, seq: 7 });
    expect(renderStatsText(s)).toContain('INTERRUPTED');
  });

  it('an error with extended ack and offset names the offending attribute', async () => {
    const req = { ...hdr('RTM_NEWLINK', ['NLM_F_REQUEST', 'NLM_F_ACK'], 9, 0), ...IFI, ifi_index: 4, IFLA_IFNAME: 'dummy0', IFLA_MTU: 70000, IFLA_LINKINFO: { IFLA_INFO_KIND: 'dummy' } };
    // find the offsets from the bytes: IFLA_MTU (type 4) and IFLA_LINKINFO > IFLA_INFO_KIND
    const bytes = encodeMessage(req, { protocol: 0, direction: 'to-kernel' });
    const offsets: Record<number, number> = {};
    for (let o = 32; o + 4 <= bytes.length; o += al4(u16(bytes, o))) offsets[u16(bytes, o + 2)] = o;
    const mtuOff = offsets[4];
    const kindOff = offsets[18] + 4;
    const { header: _h, ...body } = req;
    const whole = { ...hdr('NLMSG_ERROR', ['NLM_F_ACK_TLVS'], 9, 77), error: -22, msg: { header: { ...req.header, len: bytes.length }, ...body }, NLMSGERR_ATTR_MSG: 'mtu greater than device maximum', NLMSGERR_ATTR_OFFS: mtuOff };
    const req2 = { ...req, header: { ...req.header, seq: 10 } };
    const capped = { ...hdr('NLMSG_ERROR', ['NLM_F_CAPPED', 'NLM_F_ACK_TLVS'], 10, 77), error: -95, msg: { header: { ...req2.header, len: bytes.length } }, NLMSGERR_ATTR_MSG: 'Unknown device type', NLMSGERR_ATTR_OFFS: kindOff };
    const { s, items } = await analyze(write([pk('to-kernel', [req]), pk('to-user', [whole]), pk('to-kernel', [req2]), pk('to-user', [capped])]));
    const txs = txsOf(items);
    expect(txs[0]).toMatchObject({ result: 'error', errno: 'EINVAL', extack: 'mtu greater than device maximum', extackOffset: mtuOff, offendingAttr: 'IFLA_MTU', portId: 77 });
    // NLM_F_CAPPED echoes only the header: the attribute is found in the request the capture saw
    expect(txs[1]).toMatchObject({ result: 'error', errno: 'EOPNOTSUPP', offendingAttr: 'IFLA_LINKINFO > IFLA_INFO_KIND' });
    expect(s.errors.map((e) => e.attribute).sort()).toEqual(['IFLA_LINKINFO > IFLA_INFO_KIND', 'IFLA_MTU']);
    const text = renderStatsText(s);
    expect(text).toContain('"mtu greater than device maximum" at IFLA_MTU');
    expect(text).toContain('Unknown device type');
  });

  it('an acked GET: audit waits past the ACK for its reply, rtnetlink ends at the ACK', async () => {
    // rec-audit.pcap without frame 3 (AUDIT_GET's reply, which came after the ACK)
    const audit = (await packetsOf('captures/rec-audit.pcap')).filter((p) => p.frame !== 3);
    const a = await analyze(write(replicate(audit, 1)));
    const get = txsOf(a.items).find((x) => x.type === 'AUDIT_GET')!;
    expect([get.answers, get.acked, get.result, get.closedBy]).toEqual([1, true, 'ok', undefined]);
    expect(a.s.totals.notifications).toBe(2);
    // rtnetlink answers a GET before its ACK: a message of the same seq after the ACK is not its reply
    const req = { ...hdr('RTM_GETLINK', ['NLM_F_REQUEST', 'NLM_F_ACK'], 5, 0), ...IFI, ifi_index: 3 };
    const r = await analyze(write([pk('to-kernel', [req]), pk('to-user', [{ ...hdr('NLMSG_ERROR', ['NLM_F_CAPPED'], 5, 99), error: 0, msg: { header: { ...req.header, len: 32 } } }]),
      pk('to-user', [{ ...link(3, 5, 0, []) }])]));
    expect(txsOf(r.items).map((x) => [x.answers, x.acked, x.result])).toEqual([[1, true, 'ok']]);
    expect(r.s.totals.notifications).toBe(1);
  });

  it('requests of one seq from pid 0 (iproute2: every socket of a process): an answer goes to the request of its kind', async () => {
    // GETLINK then GETADDR, both seq 5; the address answer comes first (it went to the GETLINK)
    const pkts = [
      pk('to-kernel', [{ ...hdr('RTM_GETLINK', ['NLM_F_REQUEST'], 5, 0), ...IFI, ifi_index: 3 }]),
      pk('to-kernel', [{ ...hdr('RTM_GETADDR', ['NLM_F_REQUEST'], 5, 0), ifa_family: 'AF_INET', ifa_prefixlen: 0, ifa_flags: [], ifa_scope: 0, ifa_index: 3 }]),
      pk('to-user', [{ ...hdr('RTM_NEWADDR', [], 5, 200), ifa_family: 'AF_INET', ifa_prefixlen: 24, ifa_flags: [], ifa_scope: 0, ifa_index: 3, IFA_ADDRESS: '192.0.2.1' }]),
      pk('to-user', [{ ...link(3, 5, 100, []) }]),
    ];
    const { items } = await analyze(write(pkts));
    expect(txsOf(items).map((x) => [x.type, x.answerTypes, x.portId, x.result])).toEqual([
      ['RTM_GETADDR', { RTM_NEWADDR: 1 }, 200, 'ok'],
      ['RTM_GETLINK', { RTM_NEWLINK: 1 }, 100, 'ok'],
    ]);
  });

  it('a single GET answered in one NLM_F_MULTI message and no NLMSG_DONE (ctnetlink) is ok, not cut off', async () => {
    const { s } = await analyze('captures/rec-conntrack.pcap');
    // frame 15: IPCTNL_MSG_CT_GET_STATS, answered by one NLM_F_MULTI message (frame 16); frame 19 a dump cut short
    expect(s.loss.cutOff.list.map((x) => x.frame)).not.toContain(15);
    expect(s.loss.cutOff.list.map((x) => x.frame)).toContain(19);
  });

  it('an unanswered request; a request without NLM_F_ACK that gets nothing is not unanswered', async () => {
    const pkts = [
      pk('to-kernel', [{ ...hdr('RTM_GETLINK', ['NLM_F_REQUEST'], 77, 0), ...IFI, ifi_index: 9 }]),
      pk('to-kernel', [{ ...hdr('RTM_NEWLINK', ['NLM_F_REQUEST'], 78, 0), ...IFI, ifi_index: 9, IFLA_MTU: 1400 }]),
      pk('to-kernel', [getlinkDump(79)]),
      pk('to-user', [link(1, 79, 300), done(79, 300)]),
    ];
    const { s, items } = await analyze(write(pkts));
    const byType = Object.fromEntries(txsOf(items).map((x) => [`${x.type}:${x.seq}`, x.result]));
    expect(byType).toEqual({ 'RTM_GETLINK:77': 'unanswered', 'RTM_NEWLINK:78': 'no-reply', 'RTM_GETLINK:79': 'ok' });
    expect(s.totals).toMatchObject({ unanswered: 1, noReply: 1, transactions: 3 });
    expect(s.loss.unanswered.list[0]).toMatchObject({ type: 'RTM_GETLINK', seq: 77, frame: 1 });
  });

  it('an unanswered request is closed by the timeout, not kept until the end', async () => {
    const pkts = [pk('to-kernel', [{ ...hdr('RTM_GETLINK', ['NLM_F_REQUEST'], 5, 0), ...IFI }])];
    for (let i = 0; i < 200; i++) pkts.push(pk('to-user', [link(1, 0, 0, [])], 0, 100_000)); // 20 s of notifications
    const seen: number[] = [];
    const a = analyzeCapture(write(pkts), { timeout: 2 });
    for await (const it of a) if (it.kind === 'transaction') seen.push(it.request!.frame);
    expect(a.summary!.totals.unanswered).toBe(1);
    expect(a.summary!.state.openAtEnd).toBe(0);
  });

  it('a notification storm: counted by type, group and object, no state kept', async () => {
    const pkts: PacketToWrite[] = [];
    for (let p = 0; p < 100; p++) {
      pkts.push(pk('to-user', [
        link(1 + (p % 5), 0, 0, []),
        ...Array.from({ length: 4 }, (_, k) => ({ ...hdr(k % 2 ? 'RTM_DELADDR' : 'RTM_NEWADDR', [], 0, 0), ...IFA, IFA_LOCAL: `10.0.${p % 3}.${k}`, IFA_ADDRESS: `10.0.${p % 3}.${k}` })),
        ...Array.from({ length: 5 }, (_, k) => ({ ...hdr('RTM_NEWROUTE', [], 0, 0), ...RT, RTA_DST: `fe80::${k}` })),
      ], 0, 10));
    }
    // a request in the middle of the storm, answered
    pkts.splice(50, 0, pk('to-kernel', [{ ...hdr('RTM_NEWADDR', ['NLM_F_REQUEST', 'NLM_F_ACK'], 11, 0), ...IFA, IFA_LOCAL: '10.9.9.9' }]));
    pkts.splice(52, 0, pk('to-user', [{ ...hdr('NLMSG_ERROR', [], 11, 901), error: 0, msg: { header: { len: 40, type: 'RTM_NEWADDR', flags: ['NLM_F_REQUEST', 'NLM_F_ACK'], seq: 11, pid: 0 } } }]));
    const { s, maxOpen, items } = await analyze(write(pkts));
    expect(s.totals.notifications).toBe(1000);
    expect(s.totals.acks).toBe(1);
    expect(txsOf(items)[0]).toMatchObject({ result: 'ok', acked: true, portId: 901 });
    const groups = Object.fromEntries(s.notifications.byGroup.map((g) => [g.group, g.count]));
    expect(groups).toEqual({ RTNLGRP_LINK: 100, RTNLGRP_IPV4_IFADDR: 400, RTNLGRP_IPV6_ROUTE: 500 });
    const types = Object.fromEntries(s.notifications.byType.map((t) => [t.type, t.count]));
    expect(types).toEqual({ RTM_NEWLINK: 100, RTM_NEWADDR: 200, RTM_DELADDR: 200, RTM_NEWROUTE: 500 });
    expect(s.notifications.byObject.find((o) => o.object === 'link 1 (eth1)')?.count).toBe(20);
    expect(s.notifications.byObject.find((o) => o.object === 'route fe80::1/64 table main')?.count).toBe(100);
    expect(maxOpen).toBeLessThanOrEqual(1);
  });

  it('a capture that begins mid-dump', async () => {
    const pkts = [
      pk('to-user', [link(5, 500, 321), link(6, 500, 321)]),
      pk('to-user', [link(7, 500, 321)]),
      pk('to-user', [done(500, 321)]),
      pk('to-kernel', [getlinkDump(501)]),
      pk('to-user', [link(1, 501, 321), done(501, 321)]),
    ];
    const { s, items } = await analyze(write(pkts));
    const txs = txsOf(items);
    expect(txs).toHaveLength(2);
    expect(txs[0]).toMatchObject({ requestSeen: false, dump: true, answers: 4, result: 'ok', portId: 321, seq: 500 });
    expect(txs[0].latencyFirst).toBeUndefined();
    expect(txs[1]).toMatchObject({ requestSeen: true, answers: 2, result: 'ok' });
    expect(s.totals).toMatchObject({ dumps: 1, partialDumps: 1, orphanAnswers: 4, notifications: 0 });
    expect(s.latency.map((l) => l.first.count)).toEqual([1]);
  });

  it('a capture that ends mid-dump: cut off', async () => {
    const { s, items } = await analyze(write([pk('to-kernel', [getlinkDump(3)]), pk('to-user', [link(1, 3, 8)])]));
    expect(txsOf(items)[0]).toMatchObject({ result: 'cut-off', closedBy: 'end-of-capture', answers: 1 });
    expect(s.totals.cutOff).toBe(1);
  });

  it('ENOBUFS, NLMSG_OVERRUN, answers without request, sequence gaps, truncated packets', async () => {
    const pkts = [
      pk('to-kernel', [getlinkDump(20)]),
      pk('to-user', [link(1, 20, 66)]),
      pk('to-user', [{ ...hdr('NLMSG_ERROR', [], 20, 66), error: -105, msg: { header: { len: 32, type: 'RTM_GETLINK', flags: ['NLM_F_REQUEST', 'NLM_F_DUMP'], seq: 20, pid: 0 } } }]),
      pk('to-user', [{ ...hdr('NLMSG_OVERRUN', [], 0, 66) }]),
      pk('to-user', [{ ...hdr('NLMSG_ERROR', [], 999, 66), error: -1, msg: { header: { len: 32, type: 'RTM_SETLINK', flags: ['NLM_F_REQUEST', 'NLM_F_ACK'], seq: 999, pid: 0 } } }]),
      pk('to-kernel', [{ ...hdr('RTM_GETLINK', ['NLM_F_REQUEST'], 21, 66), ...IFI }]),
      pk('to-user', [link(1, 21, 66, [])]),
      pk('to-kernel', [{ ...hdr('RTM_GETLINK', ['NLM_F_REQUEST'], 25, 66), ...IFI }]),
      pk('to-user', [link(1, 25, 66, [])]),
    ];
    const cut = pk('to-user', [link(2, 0, 0, [])]);
    pkts.push({ ...cut, data: cut.data.subarray(0, 20), origLen: cut.data.length });
    const { s, items } = await analyze(write(pkts));
    expect(txsOf(items)[0]).toMatchObject({ result: 'error', errno: 'ENOBUFS', dump: true });
    expect(s.totals).toMatchObject({ enobufs: 1, overruns: 1, errors: 2, orphanAnswers: 2, seqGaps: 3, truncatedPackets: 1 });
    expect(s.totals.malformed).toBeGreaterThan(0);
    expect(s.loss.seqGaps[0]).toMatchObject({ portId: 66, after: 21, next: 25, missing: 3 });
    expect(s.errors.find((e) => e.errno === 'EPERM')?.requestType).toBe('RTM_SETLINK');
    const text = renderStatsText(s);
    for (const w of ['ENOBUFS', 'NLMSG_OVERRUN', 'answers without request', 'seq numbers skipped', 'truncated']) expect(text).toContain(w);
  });

  it('a GET with NLM_F_ACK ends at the ACK, not at its reply; sock_diag pairs by seq too', async () => {
    const pkts = [
      pk('to-kernel', [{ ...hdr('RTM_GETLINK', ['NLM_F_REQUEST', 'NLM_F_ACK'], 30, 0), ...IFI }]),
      pk('to-user', [link(1, 30, 12, [])]),
      pk('to-user', [{ ...hdr('NLMSG_ERROR', ['NLM_F_CAPPED'], 30, 12), error: 0, msg: { header: { len: 32, type: 'RTM_GETLINK', flags: ['NLM_F_REQUEST', 'NLM_F_ACK'], seq: 30, pid: 0 } } }]),
    ];
    const { s, items } = await analyze(write(pkts));
    expect(txsOf(items)[0]).toMatchObject({ answers: 2, acked: true, result: 'ok' });
    expect(s.totals.notifications).toBe(0);
  });
});

// ---------------------------------------------------------------- bounded state

const replicate = (packets: CapturedPacket[], times: number): PacketToWrite[] => [...replicatePackets(packets, times)];

describe('memory: state bounded by the open transactions', () => {
  it('a capture 100 times larger keeps the same open state', async () => {
    for (const src of ['captures/route-dump.pcap', 'captures/changes.pcap']) {
      const packets = await packetsOf(src);
      const one = await analyze(write(replicate(packets, 1)));
      const big = await analyze(write(replicate(packets, 100)));
      expect(big.s.totals.messages).toBe(one.s.totals.messages * 100);
      expect(big.s.totals.transactions).toBe(one.s.totals.transactions * 100);
      expect(big.s.totals.notifications).toBe(one.s.totals.notifications * 100);
      expect(big.s.totals.errors).toBe(one.s.totals.errors * 100);
      expect(big.s.totals.unanswered).toBe(0);
      expect(big.maxOpen).toBeLessThanOrEqual(one.maxOpen + 1);
      expect(big.s.state.maxOpen).toBeLessThanOrEqual(5);
      // summary tables do not grow with the length either
      expect(big.s.errors.length).toBe(one.s.errors.length);
      expect(big.s.messageTypes.length).toBe(one.s.messageTypes.length);
      expect(big.s.talkers.length).toBe(one.s.talkers.length);
    }
  }, 60000);
});

describe('CLI', () => {
  it('stats --format json and text', { timeout: 60000 }, () => {
    const json = JSON.parse(execFileSync(process.execPath, ['src/cli/bin.mjs', 'stats', 'captures/changes.pcap', '--format', 'json'], { encoding: 'utf8' }));
    expect(json.totals).toMatchObject({ packets: 110, messages: 115, errors: 13, acks: 10, notifications: 18, unanswered: 0, dumps: 14 });
    for (const k of ['transactionsByType', 'dumps', 'errors', 'notifications', 'loss', 'talkers', 'messageTypes', 'latency']) expect(json).toHaveProperty(k);
    const text = execFileSync(process.execPath, ['src/cli/bin.mjs', 'stats', 'captures/changes.pcap'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    expect(text).toContain('Nexthop has invalid gateway');
    expect(text).not.toContain('\r');
  });

  it('stats --format jsonl streams items then the summary', { timeout: 30000 }, () => {
    const lines = execFileSync(process.execPath, ['src/cli/bin.mjs', 'stats', 'captures/sockdiag.pcap', '-f', 'jsonl'], { encoding: 'utf8' }).trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.at(-1).kind).toBe('summary');
    expect(lines.filter((l) => l.kind === 'transaction')).toHaveLength(9);
  });

  it('exit code 2 on an unusable file, no stack trace', { timeout: 30000 }, () => {
    const p = join(dir, 'junk.pcap');
    writeFileSync(p, 'not a capture at all');
    let status = 0, stderr = '';
    try { execFileSync(process.execPath, ['src/cli/bin.mjs', 'stats', p], { stdio: ['ignore', 'pipe', 'pipe'] }); } catch (e) {
      status = (e as { status: number }).status;
      stderr = String((e as { stderr: Buffer }).stderr);
    }
    expect({ status, stderr }).toMatchObject({ status: 2 });
    expect(stderr.trim().split('\n')).toHaveLength(1);
  });
});

describe('stats text', () => {
  it('durations take their unit after rounding (0.0009996 s printed 1000µs); cut lists say there are more', async () => {
    const { ms } = await import('../src/render/stats-text.js');
    expect([0.0000004, 0.000068, 0.0009994, 0.0009996, 0.00533, 0.1234, 0.9996, 2.5].map(ms))
      .toEqual(['0µs', '68µs', '999µs', '1.00ms', '5.33ms', '123ms', '1.00s', '2.50s']);
    const r = spawnSync(process.execPath, ['src/cli/bin.mjs', 'stats', 'captures/changes.pcap'], { encoding: 'utf8' });
    // 6 ENODEV errors, 3 frames shown
    expect(r.stdout).toMatch(/6 ENODEV +RTM_NEWLINK +frame 12,16,20,…/);
    expect(r.stdout).toMatch(/3 ENOENT .*frame 85,100,104\n/);
    // NLMSG_ERROR of route and of sock_diag: two rows, each with its protocol
    const wide = spawnSync(process.execPath, ['src/cli/bin.mjs', 'stats', 'captures/changes.pcap', '--rows', '20'], { encoding: 'utf8' }).stdout;
    expect(wide).toMatch(/<NLMSG_ERROR \[route\] 19 .*<NLMSG_ERROR \[sock_diag\] 4 /);
    expect(wide).toMatch(/ <RTM_NEWLINK 17 /);
  }, 30000);
});

describe('sequence gaps', () => {
  it('a seq the capture holds a request of is not a gap (audit answers with nlmsg_pid 0: its requests never get the port)', async () => {
    // rec-audit: requests seq 1..10 all in the capture; 2, 3, 5, 9 answered with pid 0 (it said 1->4, 4->6, 8->10)
    const { s } = await analyze('captures/rec-audit.pcap');
    expect(s.loss.seqGaps).toEqual([]);
  });
});

describe('notification groups of netfilter', () => {
  it('conntrack events and nf_tables changes name their NFNLGRP_* (they were unknown)', async () => {
    const groups = async (f: string) => (await analyze(f)).items.filter((i) => i.kind === 'notification').map((n) => (n as { group?: string }).group);
    // rec-conntrack: an entry created (NLM_F_CREATE) and one deleted
    expect(await groups('captures/rec-conntrack.pcap')).toEqual(['NFNLGRP_CONNTRACK_NEW', 'NFNLGRP_CONNTRACK_DESTROY']);
    expect(new Set(await groups('captures/rec-nft.pcap'))).toEqual(new Set(['NFNLGRP_NFTABLES']));
  });
});

describe('errors of generic netlink', () => {
  it('are grouped by command, not by family (all of ethtool\'s messages are one type)', async () => {
    const { s } = await analyze('captures/rec-genl.pcap');
    const types = s.errors.map((e) => e.requestType);
    expect(types).toContain('ETHTOOL_MSG_WOL_GET');
    expect(types).toContain('CTRL_CMD_GETFAMILY');
    expect(types).not.toContain('ethtool');
  });
});

describe('NLMSGERR_ATTR_MISS_TYPE', () => {
  it('names the attribute the request lacked, from its own attribute set (stats: "missing RTA_GATEWAY")', async () => {
    const { spawnSync } = await import('node:child_process');
    const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const bin = join(process.cwd(), 'src/cli/bin.mjs');
    const run = (args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8' });
    const lines = run(['decode', 'captures/rec-errors.pcap', '--format', 'jsonl']).stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    // frame 18: the kernel's error to an RTM_NEWROUTE (with an extended ack); say it lacked RTA_GATEWAY (5)
    const i = lines.findIndex((m) => m.frame === 18);
    lines[i] = { ...lines[i], NLMSGERR_ATTR_MISS_TYPE: 5 };
    const dir = mkdtempSync(join(tmpdir(), 'nlscope-miss-'));
    try {
      writeFileSync(join(dir, 'm.jsonl'), lines.map((m) => JSON.stringify(m)).join('\n') + '\n');
      expect(run(['encode', join(dir, 'm.jsonl'), '-o', join(dir, 'm.pcap')]).status).toBe(0);
      const stats = JSON.parse(run(['stats', join(dir, 'm.pcap'), '--format', 'json']).stdout) as { errors: Array<Record<string, unknown>> };
      expect(stats.errors.find((e) => e.requestType === 'RTM_NEWROUTE' && e.missing !== undefined)?.missing).toBe('RTA_GATEWAY');
      expect(run(['stats', join(dir, 'm.pcap')]).stdout).toMatch(/RTM_NEWROUTE .* missing RTA_GATEWAY/);
      // decode's text names it beside the number (it printed 5 alone); the JSON keeps the number
      expect(run(['decode', join(dir, 'm.pcap'), '--frame', '18']).stdout).toContain('    NLMSGERR_ATTR_MISS_TYPE: 5 (RTA_GATEWAY)\n');
      const again = run(['decode', join(dir, 'm.pcap'), '--format', 'jsonl']).stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(again[i]!.NLMSGERR_ATTR_MISS_TYPE).toBe(5);
      expect(Object.keys(again[i]!).filter((k) => k.startsWith('NLMSGERR_ATTR_MISS_TYPE'))).toEqual(['NLMSGERR_ATTR_MISS_TYPE']);
    } finally { rmSync(dir, { recursive: true, force: true }); }
  });
});

describe('notification items', () => {
  it('have group and object in their place when known, and no such key when not (they were deleted, which made a hash table of each)', async () => {
    let withBoth = 0, without = 0;
    for (const f of ['captures/changes.pcap', 'captures/rec-conntrack.pcap', 'captures/rec-nft.pcap', 'captures/rec-other.pcap', 'captures/rec-audit.pcap']) {
      for (const n of (await analyze(f)).items.filter((i) => i.kind === 'notification')) {
        const keys = Object.keys(n);
        const expected = ['kind', 'protocol', 'protocolId', 'type', ...'group' in n ? ['group'] : [], ...'object' in n ? ['object'] : [], 'ref', 'portId', 'seq', 'message'];
        expect(keys, f).toEqual(expected);
        for (const k of keys) expect((n as unknown as Record<string, unknown>)[k], `${f} ${k}`).not.toBe(undefined);
        if ('group' in n && 'object' in n) withBoth++;
        if (!('group' in n) || !('object' in n)) without++;
      }
    }
    expect(withBoth).toBeGreaterThan(0);
    expect(without).toBeGreaterThan(0);
  });
});
