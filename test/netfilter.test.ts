// NETLINK_NETFILTER codecs (codecs/netfilter): hand-built messages of each major kind decode to the
// kernel's names and values and encode back byte for byte; generated attribute trees of every
// declared message type round-trip; cut and lying inputs never throw and stay lossless.
// The bytes here are written with a tiny TLV builder of their own, not with the codec.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decodePacket, encodePacket } from '../src/codec/message.js';
import type { Json } from '../src/codec/struct.js';
import type { Direction } from '../src/codec/schema.js';
import { toHex } from '../src/wire/bytes.js';
import { encodeGen, hostileArb, messageArb, messageTypes, RULES, validBytesArb } from '../src/fuzz/index.js';
import { NETFILTER } from '../codecs/netfilter/index.js';
import { protocolById } from '../codecs/index.js';

const NETLINK_NETFILTER = 12;

// ------------------------------------------------------------------ byte builders (host = little-endian)
const cat = (...parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) { out.set(p, o); o += p.length; }
  return out;
};
const u8 = (v: number) => Uint8Array.of(v);
const be16 = (v: number) => Uint8Array.of(v >> 8, v & 0xff);
const be32 = (v: number) => { const b = new Uint8Array(4); new DataView(b.buffer).setUint32(0, v >>> 0, false); return b; };
const be64 = (v: number) => { const b = new Uint8Array(8); new DataView(b.buffer).setBigUint64(0, BigInt(v), false); return b; };
const str = (s: string) => cat(new TextEncoder().encode(s), u8(0));
const hex = (h: string) => Uint8Array.from(h.match(/../g)!.map((x) => parseInt(x, 16)));
const NESTED = 0x8000;

/** struct nlattr + value + NLA_ALIGN padding. */
function attr(type: number, value: Uint8Array): Uint8Array {
  const len = 4 + value.length;
  const b = new Uint8Array((len + 3) & ~3);
  new DataView(b.buffer).setUint16(0, len, true);
  new DataView(b.buffer).setUint16(2, type, true);
  b.set(value, 4);
  return b;
}
const nest = (type: number, ...children: Uint8Array[]) => attr(type, cat(...children));

/** struct nlmsghdr + struct nfgenmsg + attributes. */
function nfmsg(type: number, flags: number, seq: number, family: number, resId: number, ...attrs: Uint8Array[]): Uint8Array {
  const body = cat(u8(family), u8(0), be16(resId), ...attrs);
  const b = new Uint8Array(16 + body.length);
  const dv = new DataView(b.buffer);
  dv.setUint32(0, b.length, true);
  dv.setUint16(4, type, true);
  dv.setUint16(6, flags, true);
  dv.setUint32(8, seq, true);
  dv.setUint32(12, 0, true);
  b.set(body, 16);
  return b;
}

const NFT = (msg: number) => (10 << 8) | msg; // NFNL_SUBSYS_NFTABLES
const CT = (msg: number) => (1 << 8) | msg; // NFNL_SUBSYS_CTNETLINK
const EXP = (msg: number) => (2 << 8) | msg; // NFNL_SUBSYS_CTNETLINK_EXP

/** Decodes, expects no problems, and encodes the JSON text back to the same bytes. */
function decodeBoth(bytes: Uint8Array, direction: Direction): Json[] {
  const d = decodePacket(bytes, { protocol: NETLINK_NETFILTER, direction });
  expect(d.problems).toEqual([]);
  const again = encodePacket(JSON.parse(JSON.stringify(d.messages)) as Json[], { protocol: NETLINK_NETFILTER, direction });
  expect(toHex(again)).toBe(toHex(bytes));
  return d.messages;
}

/** One nf_tables expression: NFTA_LIST_ELEM { NFTA_EXPR_NAME, NFTA_EXPR_DATA { ... } }. */
const expr = (name: string, ...data: Uint8Array[]) => nest(1, attr(1, str(name)), ...(data.length ? [nest(2, ...data)] : []));

describe('nf_tables messages, hand-built', () => {
  // nft -f: a batch creating a table, a base chain and a rule "tcp dport 22 counter jump other"
  const batch = cat(
    nfmsg(0x10, 0x01, 0, 0, 10), // NFNL_MSG_BATCH_BEGIN, res_id NFNL_SUBSYS_NFTABLES
    nfmsg(NFT(0), 0x01 | 0x400, 1, 1, 0, attr(1, str('t')), attr(2, be32(0))), // NEWTABLE inet t
    nfmsg(NFT(3), 0x01 | 0x400, 2, 1, 0, // NEWCHAIN inet t c, hook prerouting priority -150, policy drop
      attr(1, str('t')), attr(3, str('c')),
      nest(4 | NESTED, attr(1, be32(0)), attr(2, be32(-150))),
      attr(5, be32(0)), attr(7, str('filter'))),
    nfmsg(NFT(6), 0x01 | 0x400 | 0x800, 3, 1, 0, // NEWRULE, NLM_F_CREATE | NLM_F_APPEND
      attr(1, str('t')), attr(2, str('c')),
      nest(4, // NFTA_RULE_EXPRESSIONS
        expr('payload', attr(1, be32(1)), attr(2, be32(2)), attr(3, be32(2)), attr(4, be32(2))),
        expr('cmp', attr(1, be32(1)), attr(2, be32(0)), nest(3, attr(1, hex('0016')))),
        expr('counter', attr(1, be64(0)), attr(2, be64(0))),
        expr('immediate', attr(1, be32(0)), nest(2, nest(2, attr(1, be32(-3)), attr(2, str('other'))))),
        expr('notrack'))),
    nfmsg(0x11, 0x01, 4, 0, 10), // NFNL_MSG_BATCH_END
  );

  it('a batch: begin, table, chain, rule with expressions, end', () => {
    const [begin, table, chain, rule, end] = decodeBoth(batch, 'to-kernel');
    expect(begin).toMatchObject({ header: { type: 'NFNL_MSG_BATCH_BEGIN', flags: ['NLM_F_REQUEST'] }, nfgen_family: 'AF_UNSPEC', res_id: 'NFNL_SUBSYS_NFTABLES' });
    expect(end).toMatchObject({ header: { type: 'NFNL_MSG_BATCH_END' }, res_id: 'NFNL_SUBSYS_NFTABLES' });
    expect(table).toMatchObject({ header: { type: 'NFT_MSG_NEWTABLE', flags: ['NLM_F_REQUEST', 'NLM_F_CREATE'] }, nfgen_family: 'NFPROTO_INET', NFTA_TABLE_NAME: 't', NFTA_TABLE_FLAGS: [] });
    expect(chain).toMatchObject({
      header: { type: 'NFT_MSG_NEWCHAIN' },
      NFTA_CHAIN_TABLE: 't', NFTA_CHAIN_NAME: 'c', NFTA_CHAIN_TYPE: 'filter', NFTA_CHAIN_POLICY: 'NF_DROP',
      NFTA_CHAIN_HOOK: { NFTA_HOOK_HOOKNUM: 'NF_INET_PRE_ROUTING', NFTA_HOOK_PRIORITY: -150 },
      'NFTA_CHAIN_HOOK@': { flags: ['NLA_F_NESTED'] }, // user space flags its nests, the kernel's dumps do not
    });
    expect((rule.header as Json).flags).toEqual(['NLM_F_REQUEST', 'NLM_F_CREATE', 'NLM_F_APPEND']);
    const exprs = (rule.NFTA_RULE_EXPRESSIONS as Json).NFTA_LIST_ELEM as Json[];
    expect(exprs.map((e) => e.NFTA_EXPR_NAME)).toEqual(['payload', 'cmp', 'counter', 'immediate', 'notrack']);
    expect(exprs[0]!.NFTA_EXPR_DATA).toEqual({ NFTA_PAYLOAD_DREG: 'NFT_REG_1', NFTA_PAYLOAD_BASE: 'NFT_PAYLOAD_TRANSPORT_HEADER', NFTA_PAYLOAD_OFFSET: 2, NFTA_PAYLOAD_LEN: 2 });
    expect(exprs[1]!.NFTA_EXPR_DATA).toEqual({ NFTA_CMP_SREG: 'NFT_REG_1', NFTA_CMP_OP: 'NFT_CMP_EQ', NFTA_CMP_DATA: { NFTA_DATA_VALUE: '0016' } });
    expect(exprs[2]!.NFTA_EXPR_DATA).toEqual({ NFTA_COUNTER_BYTES: 0, NFTA_COUNTER_PACKETS: 0 });
    expect(exprs[3]!.NFTA_EXPR_DATA).toEqual({
      NFTA_IMMEDIATE_DREG: 'NFT_REG_VERDICT',
      NFTA_IMMEDIATE_DATA: { NFTA_DATA_VERDICT: { NFTA_VERDICT_CODE: 'NFT_JUMP', NFTA_VERDICT_CHAIN: 'other' } },
    });
    expect(exprs[4]!.NFTA_EXPR_DATA).toBeUndefined();
  });

  it('hook numbers are named by family, priorities are signed, handles 64-bit', () => {
    const netdev = nfmsg(NFT(3), 0x02, 9, 5, 7, // NEWCHAIN answer, netdev family, generation 7
      attr(1, str('nd')), attr(2, be64(2 ** 40 + 5)), attr(3, str('ingress')),
      nest(4, attr(1, be32(0)), attr(2, be32(-500)), nest(4, attr(1, str('veth0')), attr(1, str('veth1')))),
      attr(5, be32(1)), attr(6, be32(0)), attr(10, be32(1)));
    const bridge = nfmsg(NFT(3), 0x02, 9, 7, 7, attr(1, str('b')), attr(3, str('out')), nest(4, attr(1, be32(4)), attr(2, be32(300))));
    const [nd, br] = decodeBoth(cat(netdev, bridge), 'to-user');
    expect(nd).toMatchObject({
      nfgen_family: 'NFPROTO_NETDEV', res_id: 7, NFTA_CHAIN_HANDLE: 2 ** 40 + 5, NFTA_CHAIN_POLICY: 'NF_ACCEPT', NFTA_CHAIN_FLAGS: ['NFT_CHAIN_BASE'],
      NFTA_CHAIN_HOOK: { NFTA_HOOK_HOOKNUM: 'NF_NETDEV_INGRESS', NFTA_HOOK_PRIORITY: -500, NFTA_HOOK_DEVS: { NFTA_DEVICE_NAME: ['veth0', 'veth1'] } },
    });
    expect(br).toMatchObject({ nfgen_family: 'NFPROTO_BRIDGE', NFTA_CHAIN_HOOK: { NFTA_HOOK_HOOKNUM: 'NF_BR_POST_ROUTING', NFTA_HOOK_PRIORITY: 300 } });
  });

  it('set elements: libnftnl numbers them 1, 2 ...; the kernel types them all NFTA_LIST_ELEM', () => {
    const elem = (key: string, ...more: Uint8Array[]) => cat(nest(1 | NESTED, attr(1, hex(key))), ...more);
    const fromNft = nfmsg(NFT(12), 0x01 | 0x400, 5, 1, 0, attr(1, str('t')), attr(2, str('m')),
      nest(3 | NESTED,
        nest(1 | NESTED, elem('0016', nest(2 | NESTED, nest(2 | NESTED, attr(1, be32(1)))))),
        nest(2 | NESTED, elem('0017', nest(2 | NESTED, nest(2 | NESTED, attr(1, be32(0))))))));
    const fromKernel = nfmsg(NFT(12), 0x02, 5, 2, 3, attr(1, str('t')), attr(2, str('s')),
      nest(3, nest(1, nest(1, attr(1, hex('0a0a0000')))), nest(1, attr(3, be32(1)), nest(1, attr(1, hex('0a0a0100'))))));
    const [nft, kernel] = decodeBoth(cat(fromNft, fromKernel), 'to-user');
    expect(nft.NFTA_SET_ELEM_LIST_ELEMENTS).toEqual([
      { NFTA_SET_ELEM_KEY: { NFTA_DATA_VALUE: '0016' }, 'NFTA_SET_ELEM_KEY@': { flags: ['NLA_F_NESTED'] }, NFTA_SET_ELEM_DATA: { NFTA_DATA_VERDICT: { NFTA_VERDICT_CODE: 'NF_ACCEPT' }, 'NFTA_DATA_VERDICT@': { flags: ['NLA_F_NESTED'] } }, 'NFTA_SET_ELEM_DATA@': { flags: ['NLA_F_NESTED'] } },
      { NFTA_SET_ELEM_KEY: { NFTA_DATA_VALUE: '0017' }, 'NFTA_SET_ELEM_KEY@': { flags: ['NLA_F_NESTED'] }, NFTA_SET_ELEM_DATA: { NFTA_DATA_VERDICT: { NFTA_VERDICT_CODE: 'NF_DROP' }, 'NFTA_DATA_VERDICT@': { flags: ['NLA_F_NESTED'] } }, 'NFTA_SET_ELEM_DATA@': { flags: ['NLA_F_NESTED'] } },
    ]);
    expect(kernel.NFTA_SET_ELEM_LIST_ELEMENTS).toEqual([
      { NFTA_SET_ELEM_KEY: { NFTA_DATA_VALUE: '0a0a0000' } },
      { NFTA_SET_ELEM_FLAGS: ['NFT_SET_ELEM_INTERVAL_END'], NFTA_SET_ELEM_KEY: { NFTA_DATA_VALUE: '0a0a0100' } },
    ]);
    expect(kernel['NFTA_SET_ELEM_LIST_ELEMENTS@']).toEqual({ types: [1, 1] });
  });

  it('objects: data chosen by NFTA_OBJ_TYPE; sets; generations; flowtables', () => {
    const quota = nfmsg(NFT(18), 0x02, 1, 1, 4, attr(1, str('t')), attr(2, str('q')), attr(3, be32(2)),
      nest(4, attr(1, be64(100 * 1024 * 1024)), attr(2, be32(1)), attr(4, be64(68))), attr(5, be32(1)), attr(6, be64(5)));
    const helper = nfmsg(NFT(18), 0x02, 1, 2, 4, attr(1, str('t')), attr(2, str('ftp')), attr(3, be32(3)),
      nest(4, attr(1, str('ftp')), attr(2, be16(2)), attr(3, u8(6))));
    const set = nfmsg(NFT(9), 0x02, 1, 1, 4, attr(1, str('t')), attr(2, str('m')), attr(3, be32(0x8 | 0x4)),
      attr(4, be32(13)), attr(5, be32(2)), attr(6, be32(0xffffff00)), attr(7, be32(16)), nest(9, attr(1, be32(8))));
    const gen = nfmsg(NFT(15), 0, 0, 0, 3, attr(1, be32(3)), attr(2, be32(24962)), attr(3, str('nft')));
    const flowtable = nfmsg(NFT(22), 0x02, 1, 1, 4, attr(1, str('t')), attr(2, str('ft')),
      nest(3, attr(1, be32(0)), attr(2, be32(-100)), nest(3, attr(1, str('eth0')))), attr(7, be32(2)));
    const [q, h, s, g, f] = decodeBoth(cat(quota, helper, set, gen, flowtable), 'to-user');
    expect(q).toMatchObject({ NFTA_OBJ_TYPE: 'NFT_OBJECT_QUOTA', NFTA_OBJ_DATA: { NFTA_QUOTA_BYTES: 104857600, NFTA_QUOTA_FLAGS: ['NFT_QUOTA_F_INV'], NFTA_QUOTA_CONSUMED: 68 }, NFTA_OBJ_HANDLE: 5 });
    expect(h).toMatchObject({ NFTA_OBJ_TYPE: 'NFT_OBJECT_CT_HELPER', NFTA_OBJ_DATA: { NFTA_CT_HELPER_NAME: 'ftp', NFTA_CT_HELPER_L3PROTO: 'NFPROTO_IPV4', NFTA_CT_HELPER_L4PROTO: 'IPPROTO_TCP' } });
    expect(s).toMatchObject({ NFTA_SET_FLAGS: ['NFT_SET_INTERVAL', 'NFT_SET_MAP'], NFTA_SET_DATA_TYPE: 'NFT_DATA_VERDICT', NFTA_SET_DESC: { NFTA_SET_DESC_SIZE: 8 } });
    expect(g).toMatchObject({ header: { type: 'NFT_MSG_NEWGEN' }, NFTA_GEN_ID: 3, NFTA_GEN_PROC_PID: 24962, NFTA_GEN_PROC_NAME: 'nft' });
    expect(f).toMatchObject({ NFTA_FLOWTABLE_HOOK: { NFTA_FLOWTABLE_HOOK_NUM: 'NF_NETDEV_INGRESS', NFTA_FLOWTABLE_HOOK_PRIORITY: -100, NFTA_FLOWTABLE_HOOK_DEVS: { NFTA_DEVICE_NAME: ['eth0'] } }, NFTA_FLOWTABLE_FLAGS: ['NFT_FLOWTABLE_COUNTER'] });
  });

  it('NLM_F_ names follow the kind of request; errors echo the request', () => {
    const dump = nfmsg(NFT(7), 0x01 | 0x300, 1, 0, 0); // GETRULE dump
    const del = nfmsg(NFT(8), 0x01 | 0x04, 2, 1, 0, attr(1, str('t')), attr(2, str('c')), attr(3, be64(9999)));
    const [d, x] = decodeBoth(cat(dump, del), 'to-kernel');
    expect((d.header as Json).flags).toEqual(['NLM_F_DUMP', 'NLM_F_REQUEST']);
    expect(x).toMatchObject({ header: { type: 'NFT_MSG_DELRULE', flags: ['NLM_F_REQUEST', 'NLM_F_ACK'] }, NFTA_RULE_HANDLE: 9999 });
    const err = new Uint8Array(20 + del.length);
    const dv = new DataView(err.buffer);
    dv.setUint32(0, err.length, true); dv.setUint16(4, 2, true); dv.setUint32(8, 2, true); dv.setInt32(16, -2, true);
    err.set(del, 20);
    const [e] = decodeBoth(err, 'to-user');
    expect(e).toMatchObject({ error: -2, error_name: 'ENOENT', msg: { header: { type: 'NFT_MSG_DELRULE' }, NFTA_RULE_HANDLE: 9999 } });
  });

  it('every message type of every subsystem is declared by its full (subsystem << 8) | msg number', () => {
    const byName = NETFILTER.byName;
    expect(byName.get('NFT_MSG_NEWTABLE')?.type).toBe(0x0a00);
    expect(byName.get('NFT_MSG_GETSETELEM_RESET')?.type).toBe(0x0a21);
    expect(byName.get('IPCTNL_MSG_CT_GET_UNCONFIRMED')?.type).toBe(0x0107);
    expect(byName.get('IPCTNL_MSG_EXP_GET_STATS_CPU')?.type).toBe(0x0203);
    expect(byName.get('NFQNL_MSG_VERDICT_BATCH')?.type).toBe(0x0303);
    expect(byName.get('NFULNL_MSG_CONFIG')?.type).toBe(0x0401);
    expect(byName.get('IPSET_CMD_GET_BYINDEX')?.type).toBe(0x060f);
    expect(byName.get('NFNL_MSG_ACCT_OVERQUOTA')?.type).toBe(0x0704);
    expect(byName.get('IPCTNL_MSG_TIMEOUT_DEFAULT_GET')?.type).toBe(0x0804);
    expect(byName.get('NFNL_MSG_CTHELPER_DEL')?.type).toBe(0x0902);
    expect(byName.get('NFNL_MSG_COMPAT_GET')?.type).toBe(0x0b00);
    expect(byName.get('NFNL_MSG_HOOK_GET')?.type).toBe(0x0c00);
    expect(protocolById(NETLINK_NETFILTER)).toBe(NETFILTER);
    const ops = Object.fromEntries([...NETFILTER.messages.values()].map((m) => [m.name, m.op]));
    expect([ops.NFT_MSG_NEWRULE, ops.NFT_MSG_GETRULE_RESET, ops.NFT_MSG_DESTROYSET, ops.IPCTNL_MSG_CT_DELETE, ops.NFT_MSG_TRACE, ops.IPSET_CMD_LIST])
      .toEqual(['new', 'get', 'del', 'del', 'other', 'get']);
  });
});

describe('conntrack messages, hand-built', () => {
  // CTA_IP_V4_SRC/DST (1, 2) or CTA_IP_V6_SRC/DST (3, 4) by the address length
  const tuple = (type: number, src: string, dst: string, proto: number, sport: number, dport: number) => nest(type | NESTED,
    nest(1 | NESTED, attr(src.length === 8 ? 1 : 3, hex(src)), attr(src.length === 8 ? 2 : 4, hex(dst))),
    nest(2 | NESTED, attr(1, u8(proto)), attr(2, be16(sport)), attr(3, be16(dport))));
  const V6A = '20010db8001000000000000000000002';
  const V6B = '20010db8001000000000000000000001';

  it('an entry: tuples, status, timeout, counters, TCP state and flags, zone, timestamps', () => {
    const entry = nfmsg(CT(0), 0x02, 7, 10, 0,
      tuple(1, V6A, V6B, 6, 40003, 8081), tuple(2, V6B, V6A, 6, 8081, 40003),
      attr(3, be32(0x8 | 0x4 | 0x2)), attr(8, be32(0x2a)),
      nest(9 | NESTED, attr(1, be64(4)), attr(2, be64(996))), nest(10 | NESTED, attr(1, be64(3)), attr(2, be64(724))),
      attr(12, be32(0xdeadbeef)), attr(11, be32(1)), attr(7, be32(431991)),
      nest(4 | NESTED, nest(1 | NESTED, attr(1, u8(3)), attr(2, u8(7)), attr(3, u8(7)), attr(4, hex('2300')), attr(5, hex('2300')))),
      attr(18, be16(5)), nest(20 | NESTED, attr(1, be64(1795625215000000000))), attr(22, hex('00000000000000000000000000000001')));
    const [m] = decodeBoth(entry, 'to-user');
    expect(m).toEqual({
      header: { len: entry.length, type: 'IPCTNL_MSG_CT_NEW', flags: ['NLM_F_MULTI'], seq: 7, pid: 0 },
      nfgen_family: 'AF_INET6', version: 0, res_id: 0,
      CTA_TUPLE_ORIG: { CTA_TUPLE_IP: { CTA_IP_V6_SRC: '2001:db8:10::2', CTA_IP_V6_DST: '2001:db8:10::1' }, CTA_TUPLE_PROTO: { CTA_PROTO_NUM: 'IPPROTO_TCP', CTA_PROTO_SRC_PORT: 40003, CTA_PROTO_DST_PORT: 8081 } },
      CTA_TUPLE_REPLY: { CTA_TUPLE_IP: { CTA_IP_V6_SRC: '2001:db8:10::1', CTA_IP_V6_DST: '2001:db8:10::2' }, CTA_TUPLE_PROTO: { CTA_PROTO_NUM: 'IPPROTO_TCP', CTA_PROTO_SRC_PORT: 8081, CTA_PROTO_DST_PORT: 40003 } },
      CTA_STATUS: ['IPS_SEEN_REPLY', 'IPS_ASSURED', 'IPS_CONFIRMED'],
      CTA_MARK: 42,
      CTA_COUNTERS_ORIG: { CTA_COUNTERS_PACKETS: 4, CTA_COUNTERS_BYTES: 996 },
      CTA_COUNTERS_REPLY: { CTA_COUNTERS_PACKETS: 3, CTA_COUNTERS_BYTES: 724 },
      CTA_ID: 0xdeadbeef, CTA_USE: 1, CTA_TIMEOUT: 431991,
      CTA_PROTOINFO: { CTA_PROTOINFO_TCP: {
        CTA_PROTOINFO_TCP_STATE: 'TCP_CONNTRACK_ESTABLISHED', CTA_PROTOINFO_TCP_WSCALE_ORIGINAL: 7, CTA_PROTOINFO_TCP_WSCALE_REPLY: 7,
        CTA_PROTOINFO_TCP_FLAGS_ORIGINAL: { flags: ['IP_CT_TCP_FLAG_WINDOW_SCALE', 'IP_CT_TCP_FLAG_SACK_PERM', 'IP_CT_TCP_FLAG_MAXACK_SET'], mask: [] },
        CTA_PROTOINFO_TCP_FLAGS_REPLY: { flags: ['IP_CT_TCP_FLAG_WINDOW_SCALE', 'IP_CT_TCP_FLAG_SACK_PERM', 'IP_CT_TCP_FLAG_MAXACK_SET'], mask: [] },
      } },
      CTA_ZONE: 5,
      CTA_TIMESTAMP: { CTA_TIMESTAMP_START: '1795625215000000000' },
      CTA_LABELS: '00000000000000000000000000000001',
    });
  });

  it('icmp tuples, NAT ranges, helper and secctx', () => {
    const icmp = nest(1 | NESTED, nest(1 | NESTED, attr(1, hex('0a0a0002')), attr(2, hex('0a0a0001'))),
      nest(2 | NESTED, attr(1, u8(1)), attr(4, be16(20044)), attr(5, u8(8)), attr(6, u8(0))));
    const m = nfmsg(CT(0), 0, 0, 2, 0, icmp,
      nest(6 | NESTED, attr(1, hex('0a0a0001')), attr(2, hex('0a0a0001')), nest(3 | NESTED, attr(1, be16(1024)), attr(2, be16(2048)))),
      nest(5 | NESTED, attr(1, str('ftp'))), nest(19 | NESTED, attr(1, str('system_u:object_r:unlabeled_t:s0'))));
    const [e] = decodeBoth(m, 'to-user');
    expect(e).toMatchObject({
      nfgen_family: 'AF_INET',
      CTA_TUPLE_ORIG: { CTA_TUPLE_IP: { CTA_IP_V4_SRC: '10.10.0.2', CTA_IP_V4_DST: '10.10.0.1' }, CTA_TUPLE_PROTO: { CTA_PROTO_NUM: 'IPPROTO_ICMP', CTA_PROTO_ICMP_ID: 20044, CTA_PROTO_ICMP_TYPE: 8, CTA_PROTO_ICMP_CODE: 0 } },
      CTA_NAT_SRC: { CTA_NAT_V4_MINIP: '10.10.0.1', CTA_NAT_V4_MAXIP: '10.10.0.1', CTA_NAT_PROTO: { CTA_PROTONAT_PORT_MIN: 1024, CTA_PROTONAT_PORT_MAX: 2048 } },
      CTA_HELP: { CTA_HELP_NAME: 'ftp' },
      CTA_SECCTX: { CTA_SECCTX_NAME: 'system_u:object_r:unlabeled_t:s0' },
    });
  });

  it('statistics: per cpu (res_id is the cpu), global, expectations', () => {
    const cpu = nfmsg(CT(4), 0x02, 1, 0, 1, attr(2, be32(11)), attr(4, be32(2)), attr(8, be32(30)), attr(15, be32(0)));
    const global = nfmsg(CT(5), 0x02, 1, 0, 0, attr(1, be32(5)), attr(2, be32(262144)));
    const exp = nfmsg(EXP(3), 0x02, 1, 0, 0, attr(1, be32(1)), attr(2, be32(1)), attr(3, be32(0)));
    const [c, g, x] = decodeBoth(cat(cpu, global, exp), 'to-user');
    expect(c).toMatchObject({ header: { type: 'IPCTNL_MSG_CT_GET_STATS_CPU' }, res_id: 1, CTA_STATS_FOUND: 11, CTA_STATS_INVALID: 2, CTA_STATS_INSERT: 30, CTA_STATS_CHAIN_TOOLONG: 0 });
    expect(g).toMatchObject({ header: { type: 'IPCTNL_MSG_CT_GET_STATS' }, CTA_STATS_GLOBAL_ENTRIES: 5, CTA_STATS_GLOBAL_MAX_ENTRIES: 262144 });
    expect(x).toMatchObject({ header: { type: 'IPCTNL_MSG_EXP_GET_STATS_CPU' }, CTA_STATS_EXP_NEW: 1, CTA_STATS_EXP_CREATE: 1, CTA_STATS_EXP_DELETE: 0 });
  });

  it('an expectation: master, tuple and mask, timeout, flags, helper', () => {
    const m = nfmsg(EXP(0), 0x02, 1, 2, 0,
      tuple(1, '0a0a0002', '0a0a0001', 6, 40000, 21),
      nest(2 | NESTED, nest(1 | NESTED, attr(1, hex('0a0a0002')), attr(2, hex('0a0a0001'))), nest(2 | NESTED, attr(1, u8(6)), attr(2, be16(0)), attr(3, be16(50000)))),
      nest(3 | NESTED, nest(1 | NESTED, attr(1, hex('ffffffff')), attr(2, hex('ffffffff'))), nest(2 | NESTED, attr(1, u8(6)), attr(2, be16(0)), attr(3, be16(0xffff)))),
      attr(4, be32(299)), attr(5, be32(77)), attr(8, be32(0x4)), attr(6, str('ftp')), attr(9, be32(0)));
    const [e] = decodeBoth(m, 'to-user');
    expect(e).toMatchObject({
      header: { type: 'IPCTNL_MSG_EXP_NEW' },
      CTA_EXPECT_TUPLE: { CTA_TUPLE_PROTO: { CTA_PROTO_DST_PORT: 50000 } },
      CTA_EXPECT_MASK: { CTA_TUPLE_IP: { CTA_IP_V4_SRC: '255.255.255.255' } },
      CTA_EXPECT_TIMEOUT: 299, CTA_EXPECT_ID: 77, CTA_EXPECT_FLAGS: ['NF_CT_EXPECT_USERSPACE'], CTA_EXPECT_HELP_NAME: 'ftp', CTA_EXPECT_CLASS: 0,
    });
    expect(e.CTA_EXPECT_MASTER).toBeDefined();
  });
});

describe('NFQUEUE and NFLOG messages, hand-built', () => {
  const QUEUE = (m: number) => (3 << 8) | m;
  const ULOG = (m: number) => (4 << 8) | m;

  it('a queued packet (packed header, timestamp, hardware address, its conntrack), the verdict, the binding', () => {
    const packet = nfmsg(QUEUE(0), 0, 0, 2, 0,
      attr(1, cat(be32(77), be16(0x0800), u8(1))), // struct nfqnl_msg_packet_hdr: 7 bytes, packed
      attr(3, be32(0x10)), attr(4, cat(be64(1795625215), be64(250000))), attr(5, be32(2)),
      attr(9, cat(be16(6), Uint8Array.of(0, 0), hex('02aabbccddee0000'))),
      attr(10, hex('450000540000')),
      nest(11 | NESTED, attr(3, be32(0x8 | 0x2))), attr(12, be32(0)));
    const verdict = nfmsg(QUEUE(1), 0x01, 1, 0, 3, attr(2, cat(be32(1), be32(77))), attr(3, be32(0x20)));
    const bind = nfmsg(QUEUE(2), 0x01 | 0x04, 2, 0, 3, attr(1, cat(u8(1), u8(0), be16(2))), attr(2, cat(be32(0xffff), u8(2))));
    const [p] = decodeBoth(packet, 'to-user');
    const [v, b] = decodeBoth(cat(verdict, bind), 'to-kernel');
    expect(p).toMatchObject({
      header: { type: 'NFQNL_MSG_PACKET' }, nfgen_family: 'AF_INET',
      NFQA_PACKET_HDR: { packet_id: 77, hw_protocol: 'ETH_P_IP', hook: 1 },
      NFQA_MARK: 16, NFQA_TIMESTAMP: { sec: 1795625215, usec: 250000 }, NFQA_IFINDEX_INDEV: 2,
      NFQA_HWADDR: { hw_addrlen: 6, _pad: 0, hw_addr: '02aabbccddee0000' }, NFQA_PAYLOAD: '450000540000',
      NFQA_CT: { CTA_STATUS: ['IPS_SEEN_REPLY', 'IPS_CONFIRMED'] }, NFQA_CT_INFO: 'IP_CT_ESTABLISHED',
    });
    expect(v).toMatchObject({ header: { type: 'NFQNL_MSG_VERDICT' }, res_id: 3, NFQA_VERDICT_HDR: { verdict: 'NF_ACCEPT', id: 77 }, NFQA_MARK: 32 });
    expect(b).toMatchObject({ header: { type: 'NFQNL_MSG_CONFIG' }, NFQA_CFG_CMD: { command: 'NFQNL_CFG_CMD_BIND', pf: 'AF_INET' }, NFQA_CFG_PARAMS: { copy_range: 0xffff, copy_mode: 'NFQNL_COPY_PACKET' } });
  });

  it('a logged packet with its prefix and uid', () => {
    const m = nfmsg(ULOG(0), 0, 0, 10, 5, attr(1, cat(be16(0x86dd), u8(3), u8(0))), attr(10, str('nlscope: ')), attr(11, be32(1000)), attr(15, be16(1)), attr(17, be16(14)));
    const [l] = decodeBoth(m, 'to-user');
    expect(l).toMatchObject({
      header: { type: 'NFULNL_MSG_PACKET' }, nfgen_family: 'AF_INET6', res_id: 5,
      NFULA_PACKET_HDR: { hw_protocol: 'ETH_P_IPV6', hook: 3 }, NFULA_PREFIX: 'nlscope: ', NFULA_UID: 1000, NFULA_HWTYPE: 'ARPHRD_ETHER', NFULA_HWLEN: 14,
    });
  });
});

describe('ipset messages, hand-built', () => {
  const NETORDER = 0x4000;
  const IPSET = (cmd: number) => (6 << 8) | cmd; // NFNL_SUBSYS_IPSET

  it('numbers flagged NLA_F_NET_BYTEORDER are network order; element commands carry one element, LIST answers a list', () => {
    // ipset add s1 10.0.0.1,tcp:80 timeout 60 comment "web"
    const add = nfmsg(IPSET(9), 0x01 | 0x04 | 0x200, 1, 2, 0, attr(1, u8(7)), attr(2, str('s1')),
      nest(7 | NESTED, nest(1 | NESTED, attr(1 | NETORDER, hex('0a000001'))), attr(4 | NETORDER, be16(80)), attr(6 | NETORDER, be32(60)),
        attr(7, u8(6)), attr(26, str('web')), attr(9 | NETORDER, be32(0))));
    // the kernel's LIST answer: set parameters in IPSET_ATTR_DATA, members in IPSET_ATTR_ADT
    const list = nfmsg(IPSET(7), 0x02, 2, 2, 0, attr(1, u8(7)), attr(2, str('s1')), attr(3, str('hash:ip,port')),
      nest(7 | NESTED, attr(18 | NETORDER, be32(1024)), attr(19 | NETORDER, be32(65536)), attr(8 | NETORDER, be32(0x18))),
      nest(8 | NESTED, nest(7 | NESTED, nest(1 | NESTED, attr(1, hex('0a000001'))), attr(4 | NETORDER, be16(80)), attr(24 | NETORDER, be64(300))),
        nest(7 | NESTED, nest(1 | NESTED, attr(1, hex('0a000002'))), attr(4 | NETORDER, be16(53)))));
    const [a] = decodeBoth(add, 'to-kernel');
    const [l] = decodeBoth(list, 'to-user');
    expect(a).toEqual({
      header: { len: add.length, type: 'IPSET_CMD_ADD', flags: ['NLM_F_REQUEST', 'NLM_F_ACK', 'NLM_F_EXCL'], seq: 1, pid: 0 },
      nfgen_family: 'NFPROTO_IPV4', version: 0, res_id: 0, IPSET_ATTR_PROTOCOL: 7, IPSET_ATTR_SETNAME: 's1',
      IPSET_ATTR_DATA: { IPSET_ATTR_IP: { IPSET_ATTR_IPADDR_IPV4: '10.0.0.1' }, IPSET_ATTR_PORT: 80, IPSET_ATTR_TIMEOUT: 60, IPSET_ATTR_PROTO: 'IPPROTO_TCP', IPSET_ATTR_COMMENT: 'web', IPSET_ATTR_CADT_LINENO: 0 },
    });
    expect(l).toMatchObject({
      header: { type: 'IPSET_CMD_LIST', flags: ['NLM_F_MULTI'] }, IPSET_ATTR_TYPENAME: 'hash:ip,port',
      IPSET_ATTR_DATA: { IPSET_ATTR_HASHSIZE: 1024, IPSET_ATTR_MAXELEM: 65536, IPSET_ATTR_CADT_FLAGS: ['IPSET_FLAG_WITH_COUNTERS', 'IPSET_FLAG_WITH_COMMENT'] },
      IPSET_ATTR_ADT: { IPSET_ATTR_DATA: [
        { IPSET_ATTR_IP: { IPSET_ATTR_IPADDR_IPV4: '10.0.0.1', 'IPSET_ATTR_IPADDR_IPV4@': { flags: [] } }, IPSET_ATTR_PORT: 80, IPSET_ATTR_BYTES: 300 },
        { IPSET_ATTR_IP: { IPSET_ATTR_IPADDR_IPV4: '10.0.0.2', 'IPSET_ATTR_IPADDR_IPV4@': { flags: [] } }, IPSET_ATTR_PORT: 53 },
      ] },
    });
  });
});

describe('generated messages round-trip', () => {
  const types = messageTypes('netfilter');

  it(`decode(encode(m)) is m for every declared type (${types.length})`, () => {
    expect(types.length).toBeGreaterThan(80);
    for (const t of types) {
      fc.assert(fc.property(messageArb('netfilter', t, { maxDepth: 5 }), (m) => {
        const direction = m.direction as Direction;
        const bytes = encodeGen({ protocol: NETLINK_NETFILTER, direction, messages: [m] });
        const d = decodePacket(bytes, { protocol: NETLINK_NETFILTER, direction, envelope: () => ({ direction, protocol: m.protocol }) });
        expect(d.problems).toEqual([]);
        expect(JSON.stringify(d.messages[0])).toBe(JSON.stringify(m));
      }), { numRuns: 12, seed: 20261125 });
    }
  }, 120_000);

  it('random nf_tables rules and conntrack entries: deep trees round-trip both ways', () => {
    for (const t of ['NFT_MSG_NEWRULE', 'NFT_MSG_NEWSETELEM', 'NFT_MSG_NEWOBJ', 'NFT_MSG_NEWSET', 'IPCTNL_MSG_CT_NEW', 'IPCTNL_MSG_EXP_NEW']) {
      fc.assert(fc.property(messageArb('netfilter', t, { maxDepth: 7, attrsPerSet: 8, maxItems: 4 }), (m) => {
        const direction = m.direction as Direction;
        const bytes = encodeGen({ protocol: NETLINK_NETFILTER, direction, messages: [m] });
        const d = decodePacket(bytes, { protocol: NETLINK_NETFILTER, direction, envelope: () => ({ direction, protocol: m.protocol }) });
        expect(d.problems).toEqual([]);
        expect(JSON.stringify(d.messages[0])).toBe(JSON.stringify(m));
        const back = encodePacket(JSON.parse(JSON.stringify(d.messages)) as Json[], { protocol: NETLINK_NETFILTER, direction });
        expect(toHex(back)).toBe(toHex(bytes));
      }), { numRuns: 60, seed: 7 });
    }
  }, 120_000);
});

describe('adversarial input: total and lossless', () => {
  const lossless = (bytes: Uint8Array, direction: Direction) => {
    const d = decodePacket(bytes, { protocol: NETLINK_NETFILTER, direction });
    const back = encodePacket(JSON.parse(JSON.stringify(d.messages)) as Json[], { protocol: NETLINK_NETFILTER, direction });
    return { d, same: toHex(back) === toHex(bytes) };
  };
  const rule = nfmsg(NFT(6), 0x02, 3, 1, 0, attr(1, str('t')), attr(2, str('c')), attr(3, be64(4)),
    nest(4, expr('meta', attr(1, be32(1)), attr(2, be32(3))), expr('cmp', attr(1, be32(1)), attr(2, be32(0)), nest(3, attr(1, hex('07000000')))),
      expr('immediate', attr(1, be32(0)), nest(2, nest(2, attr(1, be32(1)))))));

  it('every cut of a rule decodes without throwing, reports the cut, and encodes back', () => {
    for (let n = 0; n < rule.length; n++) {
      const { d, same } = lossless(rule.subarray(0, n), 'to-user');
      expect(same, `cut at ${n}`).toBe(true);
      if (n > 0) expect(d.problems.length, `cut at ${n}`).toBeGreaterThan(0);
    }
  });

  it('lying nla_len anywhere in the rule: no throw, same bytes back', () => {
    fc.assert(fc.property(fc.integer({ min: 20, max: rule.length - 2 }), fc.integer({ min: 0, max: 0xffff }), (at, len) => {
      const b = rule.slice();
      b[at] = len & 0xff; b[at + 1] = len >> 8;
      expect(lossless(b, 'to-user').same).toBe(true);
    }), { numRuns: 400, seed: 3 });
  });

  it('an unknown expression keeps its data as bytes; an unknown object type too', () => {
    const m = nfmsg(NFT(6), 0, 0, 1, 0, nest(4, expr('nosuchexpr', attr(1, be32(5)))));
    const [r] = decodeBoth(m, 'to-user');
    expect((r.NFTA_RULE_EXPRESSIONS as Json).NFTA_LIST_ELEM).toEqual([{ NFTA_EXPR_NAME: 'nosuchexpr', NFTA_EXPR_DATA: '0800010000000005' }]);
    const proto = nfmsg(NFT(6), 0, 0, 1, 0, nest(4, expr('constructor', attr(1, be32(5)))));
    expect(decodeBoth(proto, 'to-user')).toHaveLength(1);
  });

  it('hostile variants of generated netfilter packets (every rule of the fuzzing kit)', () => {
    const seen = new Set<string>();
    fc.assert(fc.property(hostileArb(validBytesArb('netfilter', { maxMessages: 3 })), (h) => {
      seen.add(h.rule);
      const { d, same } = lossless(h.bytes, h.direction);
      expect(same, `${h.rule}: ${h.detail}`).toBe(true);
      if (h.expect.length) expect(d.problems.map((p) => p.code), `${h.rule}: ${h.detail}`).toEqual(expect.arrayContaining([expect.toSatisfy((c: string) => h.expect.includes(c))]));
    }), { numRuns: 200, seed: 1125 });
    expect(seen.size).toBeGreaterThanOrEqual(RULES.length - 2);
  }, 60_000);
});
