// Routes (linux/rtnetlink.h): RTM_NEWROUTE / DELROUTE / GETROUTE, the rtmsg header,
// RTA_* attributes, metrics (RTAX_*), multipath next hops, and lightweight tunnel
// encapsulations (linux/lwtunnel.h and the per-encap headers).
import {
  attrs, enumOf, flagsOf, flagsSeq, enumSeq, records, select, struct,
  type AttrSet, type SelectCtx, type StructDecl,
} from '../../src/codec/schema.js';
import { AF } from '../netlink.js';

/** rtm_family etc.: address families plus the rtnetlink-only multicast routing families. */
export const RTNL_FAMILY = enumOf('RTNL_FAMILY', {
  ...Object.fromEntries(AF.byName),
  RTNL_FAMILY_IPMR: 128,
  RTNL_FAMILY_IP6MR: 129,
});

/** rtm_type */
export const RTN = enumSeq('RTN', [
  'RTN_UNSPEC',
  'RTN_UNICAST',
  'RTN_LOCAL',
  'RTN_BROADCAST',
  'RTN_ANYCAST',
  'RTN_MULTICAST',
  'RTN_BLACKHOLE',
  'RTN_UNREACHABLE',
  'RTN_PROHIBIT',
  'RTN_THROW',
  'RTN_NAT',
  'RTN_XRESOLVE',
]);

/** rtm_protocol: who installed the route. */
export const RTPROT = enumOf('RTPROT', {
  RTPROT_UNSPEC: 0,
  RTPROT_REDIRECT: 1,
  RTPROT_KERNEL: 2,
  RTPROT_BOOT: 3,
  RTPROT_STATIC: 4,
  RTPROT_GATED: 8,
  RTPROT_RA: 9,
  RTPROT_MRT: 10,
  RTPROT_ZEBRA: 11,
  RTPROT_BIRD: 12,
  RTPROT_DNROUTED: 13,
  RTPROT_XORP: 14,
  RTPROT_NTK: 15,
  RTPROT_DHCP: 16,
  RTPROT_MROUTED: 17,
  RTPROT_KEEPALIVED: 18,
  RTPROT_BABEL: 42,
  RTPROT_OPENR: 99,
  RTPROT_BGP: 186,
  RTPROT_ISIS: 187,
  RTPROT_OSPF: 188,
  RTPROT_RIP: 189,
  RTPROT_EIGRP: 192,
});

/** enum rt_scope_t */
export const RT_SCOPE = enumOf('RT_SCOPE', {
  RT_SCOPE_UNIVERSE: 0,
  RT_SCOPE_SITE: 200,
  RT_SCOPE_LINK: 253,
  RT_SCOPE_HOST: 254,
  RT_SCOPE_NOWHERE: 255,
});

/** enum rt_class_t: reserved table ids (rtm_table is u8; RTA_TABLE carries the full u32). */
export const RT_TABLE = enumOf('RT_TABLE', {
  RT_TABLE_UNSPEC: 0,
  RT_TABLE_COMPAT: 252,
  RT_TABLE_DEFAULT: 253,
  RT_TABLE_MAIN: 254,
  RT_TABLE_LOCAL: 255,
  RT_TABLE_MAX: 0xffffffff,
});

/** rtnh_flags (struct rtnexthop), nh_flags (struct nhmsg). */
export const RTNH_F = flagsOf('RTNH_F', {
  RTNH_F_DEAD: 1,
  RTNH_F_PERVASIVE: 2,
  RTNH_F_ONLINK: 4,
  RTNH_F_OFFLOAD: 8,
  RTNH_F_LINKDOWN: 16,
  RTNH_F_UNRESOLVED: 32,
  RTNH_F_TRAP: 64,
});

/** rtm_flags: the kernel also reports the RTNH_F_* bits of a single-path route here (ip shows "linkdown", "onlink"). */
export const RTM_F = flagsOf('RTM_F', {
  RTNH_F_DEAD: 1,
  RTNH_F_PERVASIVE: 2,
  RTNH_F_ONLINK: 4,
  RTNH_F_OFFLOAD: 8,
  RTNH_F_LINKDOWN: 16,
  RTNH_F_UNRESOLVED: 32,
  RTNH_F_TRAP: 64,
  RTM_F_NOTIFY: 0x100,
  RTM_F_CLONED: 0x200,
  RTM_F_EQUALIZE: 0x400,
  RTM_F_PREFIX: 0x800,
  RTM_F_LOOKUP_TABLE: 0x1000,
  RTM_F_FIB_MATCH: 0x2000,
  RTM_F_OFFLOAD: 0x4000,
  RTM_F_TRAP: 0x8000,
  RTM_F_OFFLOAD_FAILED: 0x20000000,
});

import { IPPROTO } from '../netlink.js';
export { IPPROTO };

/** RTA_PREF: IPv6 router preference (linux/icmpv6.h). */
export const ICMPV6_ROUTER_PREF = enumOf('ICMPV6_ROUTER_PREF', {
  ICMPV6_ROUTER_PREF_LOW: 0x3,
  ICMPV6_ROUTER_PREF_MEDIUM: 0x0,
  ICMPV6_ROUTER_PREF_HIGH: 0x1,
  ICMPV6_ROUTER_PREF_INVALID: 0x2,
});

export const rtmsg: StructDecl = struct('rtmsg', [
  ['rtm_family', 'u8', RTNL_FAMILY],
  ['rtm_dst_len', 'u8'],
  ['rtm_src_len', 'u8'],
  ['rtm_tos', 'u8'],
  ['rtm_table', 'u8', RT_TABLE],
  ['rtm_protocol', 'u8', RTPROT],
  ['rtm_scope', 'u8', RT_SCOPE],
  ['rtm_type', 'u8', RTN],
  ['rtm_flags', 'u32', RTM_F],
], { header: 'linux/rtnetlink.h' });

/** One path of RTA_MULTIPATH; rtnh_len covers the struct and the RTA_* attributes after it. */
export const rtnexthop: StructDecl = struct('rtnexthop', [
  ['rtnh_len', 'u16'],
  ['rtnh_flags', 'u8', RTNH_F],
  ['rtnh_hops', 'u8'], // weight - 1 (TTL threshold for multicast routes)
  ['rtnh_ifindex', 's32'],
], { header: 'linux/rtnetlink.h' });

/** RTA_VIA: struct rtvia {__kernel_sa_family_t rtvia_family; __u8 rtvia_addr[];} (sizeof 2). */
export const rtvia: StructDecl = struct('rtvia', [
  ['rtvia_family', 'u16', AF],
], { header: 'linux/rtnetlink.h' });

/** rtvia with its address, as the kernel sends it: IPv4 routes use RTA_VIA only for an
 *  IPv6 gateway (an IPv4 one is RTA_GATEWAY); MPLS routes mostly via IPv4. Another
 *  address length stays as the struct's tail bytes. */
export const rtvia_in6: StructDecl = struct('rtvia', [
  ['rtvia_family', 'u16', AF],
  ['rtvia_addr', 'ip6'],
]);
export const rtvia_in: StructDecl = struct('rtvia', [
  ['rtvia_family', 'u16', AF],
  ['rtvia_addr', 'ip4'],
]);

export const rta_cacheinfo: StructDecl = struct('rta_cacheinfo', [
  ['rta_clntref', 'u32'],
  ['rta_lastuse', 'u32'],
  ['rta_expires', 's32'],
  ['rta_error', 'u32'],
  ['rta_used', 'u32'],
  ['rta_id', 'u32'],
  ['rta_ts', 'u32'],
  ['rta_tsage', 'u32'],
], { header: 'linux/rtnetlink.h' });

/** RTA_SESSION (no longer used); `u` is a union of ports / icmpt / spi. */
export const rta_session: StructDecl = struct('rta_session', [
  ['proto', 'u8', IPPROTO],
  ['pad1', 'u8'],
  ['pad2', 'u16'],
  ['u', 'bytes', { size: 4 }],
], { header: 'linux/rtnetlink.h' });

export const rta_mfc_stats: StructDecl = struct('rta_mfc_stats', [
  ['mfcs_packets', 'u64'],
  ['mfcs_bytes', 'u64'],
  ['mfcs_wrong_if', 'u64'],
], { header: 'linux/rtnetlink.h' });

/** One MPLS label stack entry (linux/mpls.h): label << 12 | tc << 9 | bos << 8 | ttl. */
export const mpls_label: StructDecl = struct('mpls_label', [
  ['entry', 'be32'],
], { header: 'linux/mpls.h' });

// ---------------------------------------------------------------- metrics

export const RTAX_NAMES = [
  'RTAX_UNSPEC',
  'RTAX_LOCK',
  'RTAX_MTU',
  'RTAX_WINDOW',
  'RTAX_RTT',
  'RTAX_RTTVAR',
  'RTAX_SSTHRESH',
  'RTAX_CWND',
  'RTAX_ADVMSS',
  'RTAX_REORDERING',
  'RTAX_HOPLIMIT',
  'RTAX_INITCWND',
  'RTAX_FEATURES',
  'RTAX_RTO_MIN',
  'RTAX_INITRWND',
  'RTAX_QUICKACK',
  'RTAX_CC_ALGO',
  'RTAX_FASTOPEN_NO_COOKIE',
] as const;

/** RTAX_LOCK: bit (1 << RTAX_x) locks metric x. */
export const RTAX_LOCK = flagsSeq('RTAX_LOCK', ['', ...RTAX_NAMES.slice(1)]);

export const RTAX_FEATURE = flagsOf('RTAX_FEATURE', {
  RTAX_FEATURE_ECN: 1 << 0,
  RTAX_FEATURE_SACK: 1 << 1,
  RTAX_FEATURE_TIMESTAMP: 1 << 2,
  RTAX_FEATURE_ALLFRAG: 1 << 3,
});

export const RTAX = attrs('RTAX', [
  [1, 'RTAX_LOCK', 'u32', RTAX_LOCK],
  [2, 'RTAX_MTU', 'u32'],
  [3, 'RTAX_WINDOW', 'u32'],
  [4, 'RTAX_RTT', 'u32'],
  [5, 'RTAX_RTTVAR', 'u32'],
  [6, 'RTAX_SSTHRESH', 'u32'],
  [7, 'RTAX_CWND', 'u32'],
  [8, 'RTAX_ADVMSS', 'u32'],
  [9, 'RTAX_REORDERING', 'u32'],
  [10, 'RTAX_HOPLIMIT', 'u32'],
  [11, 'RTAX_INITCWND', 'u32'],
  [12, 'RTAX_FEATURES', 'u32', RTAX_FEATURE],
  [13, 'RTAX_RTO_MIN', 'u32'],
  [14, 'RTAX_INITRWND', 'u32'],
  [15, 'RTAX_QUICKACK', 'u32'],
  [16, 'RTAX_CC_ALGO', 'string'],
  [17, 'RTAX_FASTOPEN_NO_COOKIE', 'u32'],
]);

// ---------------------------------------------------------------- lightweight tunnels

export const LWTUNNEL_ENCAP = enumSeq('LWTUNNEL_ENCAP', [
  'LWTUNNEL_ENCAP_NONE',
  'LWTUNNEL_ENCAP_MPLS',
  'LWTUNNEL_ENCAP_IP',
  'LWTUNNEL_ENCAP_ILA',
  'LWTUNNEL_ENCAP_IP6',
  'LWTUNNEL_ENCAP_SEG6',
  'LWTUNNEL_ENCAP_BPF',
  'LWTUNNEL_ENCAP_SEG6_LOCAL',
  'LWTUNNEL_ENCAP_RPL',
  'LWTUNNEL_ENCAP_IOAM6',
  'LWTUNNEL_ENCAP_XFRM',
]);

/** linux/mpls_iptunnel.h */
export const MPLS_IPTUNNEL = attrs('MPLS_IPTUNNEL', [
  [1, 'MPLS_IPTUNNEL_DST', 'binary'], // label stack: struct mpls_label[]
  [2, 'MPLS_IPTUNNEL_TTL', 'u8'],
]);

/** IP tunnel flags (linux/if_tunnel.h), __be16 on the wire. */
export const TUNNEL_FLAGS = flagsOf('TUNNEL', {
  TUNNEL_CSUM: 0x01,
  TUNNEL_ROUTING: 0x02,
  TUNNEL_KEY: 0x04,
  TUNNEL_SEQ: 0x08,
  TUNNEL_STRICT: 0x10,
  TUNNEL_REC: 0x20,
  TUNNEL_VERSION: 0x40,
  TUNNEL_NO_KEY: 0x80,
  TUNNEL_DONT_FRAGMENT: 0x0100,
  TUNNEL_OAM: 0x0200,
  TUNNEL_CRIT_OPT: 0x0400,
  TUNNEL_GENEVE_OPT: 0x0800,
  TUNNEL_VXLAN_OPT: 0x1000,
  TUNNEL_NOCACHE: 0x2000,
  TUNNEL_ERSPAN_OPT: 0x4000,
  TUNNEL_GTP_OPT: 0x8000,
});

export const LWTUNNEL_IP_OPT_GENEVE = attrs('LWTUNNEL_IP_OPT_GENEVE', [
  [1, 'LWTUNNEL_IP_OPT_GENEVE_CLASS', 'be16'],
  [2, 'LWTUNNEL_IP_OPT_GENEVE_TYPE', 'u8'],
  [3, 'LWTUNNEL_IP_OPT_GENEVE_DATA', 'binary'],
]);

export const LWTUNNEL_IP_OPT_VXLAN = attrs('LWTUNNEL_IP_OPT_VXLAN', [
  [1, 'LWTUNNEL_IP_OPT_VXLAN_GBP', 'u32'],
]);

export const LWTUNNEL_IP_OPT_ERSPAN = attrs('LWTUNNEL_IP_OPT_ERSPAN', [
  [1, 'LWTUNNEL_IP_OPT_ERSPAN_VER', 'u8'],
  [2, 'LWTUNNEL_IP_OPT_ERSPAN_INDEX', 'be32'],
  [3, 'LWTUNNEL_IP_OPT_ERSPAN_DIR', 'u8'],
  [4, 'LWTUNNEL_IP_OPT_ERSPAN_HWID', 'u8'],
]);

export const LWTUNNEL_IP_OPTS = attrs('LWTUNNEL_IP_OPTS', [
  [1, 'LWTUNNEL_IP_OPTS_GENEVE', LWTUNNEL_IP_OPT_GENEVE, { multi: true }], // one nest per option
  [2, 'LWTUNNEL_IP_OPTS_VXLAN', LWTUNNEL_IP_OPT_VXLAN],
  [3, 'LWTUNNEL_IP_OPTS_ERSPAN', LWTUNNEL_IP_OPT_ERSPAN],
]);

export const LWTUNNEL_IP = attrs('LWTUNNEL_IP', [
  [1, 'LWTUNNEL_IP_ID', 'be64'],
  [2, 'LWTUNNEL_IP_DST', 'ip4'],
  [3, 'LWTUNNEL_IP_SRC', 'ip4'],
  [4, 'LWTUNNEL_IP_TTL', 'u8'],
  [5, 'LWTUNNEL_IP_TOS', 'u8'],
  [6, 'LWTUNNEL_IP_FLAGS', 'be16', TUNNEL_FLAGS],
  [7, 'LWTUNNEL_IP_PAD', 'binary'],
  [8, 'LWTUNNEL_IP_OPTS', LWTUNNEL_IP_OPTS],
]);

export const LWTUNNEL_IP6 = attrs('LWTUNNEL_IP6', [
  [1, 'LWTUNNEL_IP6_ID', 'be64'],
  [2, 'LWTUNNEL_IP6_DST', 'ip6'],
  [3, 'LWTUNNEL_IP6_SRC', 'ip6'],
  [4, 'LWTUNNEL_IP6_HOPLIMIT', 'u8'],
  [5, 'LWTUNNEL_IP6_TC', 'u8'],
  [6, 'LWTUNNEL_IP6_FLAGS', 'be16', TUNNEL_FLAGS],
  [7, 'LWTUNNEL_IP6_PAD', 'binary'],
  [8, 'LWTUNNEL_IP6_OPTS', LWTUNNEL_IP_OPTS],
]);

/** linux/ila.h: attributes shared by the ILA genl family and the ILA lwtunnel. */
export const ILA_DIR = flagsOf('ILA_DIR', { ILA_DIR_IN: 1 << 0, ILA_DIR_OUT: 1 << 1 });
export const ILA_CSUM = enumSeq('ILA_CSUM', [
  'ILA_CSUM_ADJUST_TRANSPORT',
  'ILA_CSUM_NEUTRAL_MAP',
  'ILA_CSUM_NO_ACTION',
  'ILA_CSUM_NEUTRAL_MAP_AUTO',
]);
export const ILA_ATYPE = enumOf('ILA_ATYPE', {
  ILA_ATYPE_IID: 0,
  ILA_ATYPE_LUID: 1,
  ILA_ATYPE_VIRT_V4: 2,
  ILA_ATYPE_VIRT_UNI_V6: 3,
  ILA_ATYPE_VIRT_MULTI_V6: 4,
  ILA_ATYPE_NONLOCAL_ADDR: 5,
  ILA_ATYPE_RSVD_1: 6,
  ILA_ATYPE_RSVD_2: 7,
  ILA_ATYPE_USE_FORMAT: 32,
});
export const ILA_HOOK = enumSeq('ILA_HOOK', ['ILA_HOOK_ROUTE_OUTPUT', 'ILA_HOOK_ROUTE_INPUT']);

export const ILA_ATTR = attrs('ILA_ATTR', [
  [1, 'ILA_ATTR_LOCATOR', 'u64'],
  [2, 'ILA_ATTR_IDENTIFIER', 'u64'],
  [3, 'ILA_ATTR_LOCATOR_MATCH', 'u64'],
  [4, 'ILA_ATTR_IFINDEX', 's32'],
  [5, 'ILA_ATTR_DIR', 'u32', ILA_DIR],
  [6, 'ILA_ATTR_PAD', 'binary'],
  [7, 'ILA_ATTR_CSUM_MODE', 'u8', ILA_CSUM],
  [8, 'ILA_ATTR_IDENT_TYPE', 'u8', ILA_ATYPE],
  [9, 'ILA_ATTR_HOOK_TYPE', 'u8', ILA_HOOK],
]);

/** linux/seg6.h */
export const SR6_FLAG1 = flagsOf('SR6_FLAG1', {
  SR6_FLAG1_PROTECTED: 1 << 6,
  SR6_FLAG1_OAM: 1 << 5,
  SR6_FLAG1_ALERT: 1 << 4,
  SR6_FLAG1_HMAC: 1 << 3,
});

/** IPv6 segment routing header; the segments (struct in6_addr[], first_segment + 1 of them) and TLVs follow. */
export const ipv6_sr_hdr: StructDecl = struct('ipv6_sr_hdr', [
  ['nexthdr', 'u8', IPPROTO],
  ['hdrlen', 'u8'], // in 8-byte units, not counting the first 8
  ['type', 'u8'],
  ['segments_left', 'u8'],
  ['first_segment', 'u8'],
  ['flags', 'u8', SR6_FLAG1],
  ['tag', 'be16'], // __u16 in the header, network order on the wire
], { header: 'linux/seg6.h' });

export const SEG6_IPTUN_MODE = enumSeq('SEG6_IPTUN_MODE', [
  'SEG6_IPTUN_MODE_INLINE',
  'SEG6_IPTUN_MODE_ENCAP',
  'SEG6_IPTUN_MODE_L2ENCAP',
  'SEG6_IPTUN_MODE_ENCAP_RED',
  'SEG6_IPTUN_MODE_L2ENCAP_RED',
]);

/** struct seg6_iptunnel_encap {int mode; struct ipv6_sr_hdr srh[];}: the SRH is shown
 *  embedded (the C sizeof is 4), its segments follow. */
export const seg6_iptunnel_encap: StructDecl = struct('seg6_iptunnel_encap', [
  ['mode', 's32', SEG6_IPTUN_MODE],
  ['srh', ipv6_sr_hdr],
]);

export const SEG6_IPTUNNEL = attrs('SEG6_IPTUNNEL', [
  [1, 'SEG6_IPTUNNEL_SRH', seg6_iptunnel_encap],
]);

/** linux/seg6_local.h */
export const SEG6_LOCAL_ACTION = enumSeq('SEG6_LOCAL_ACTION', [
  'SEG6_LOCAL_ACTION_UNSPEC',
  'SEG6_LOCAL_ACTION_END',
  'SEG6_LOCAL_ACTION_END_X',
  'SEG6_LOCAL_ACTION_END_T',
  'SEG6_LOCAL_ACTION_END_DX2',
  'SEG6_LOCAL_ACTION_END_DX6',
  'SEG6_LOCAL_ACTION_END_DX4',
  'SEG6_LOCAL_ACTION_END_DT6',
  'SEG6_LOCAL_ACTION_END_DT4',
  'SEG6_LOCAL_ACTION_END_B6',
  'SEG6_LOCAL_ACTION_END_B6_ENCAP',
  'SEG6_LOCAL_ACTION_END_BM',
  'SEG6_LOCAL_ACTION_END_S',
  'SEG6_LOCAL_ACTION_END_AS',
  'SEG6_LOCAL_ACTION_END_AM',
  'SEG6_LOCAL_ACTION_END_BPF',
  'SEG6_LOCAL_ACTION_END_DT46',
]);

export const SEG6_LOCAL_BPF_PROG = attrs('SEG6_LOCAL_BPF_PROG', [
  [1, 'SEG6_LOCAL_BPF_PROG', 'u32'],
  [2, 'SEG6_LOCAL_BPF_PROG_NAME', 'string'],
]);

export const SEG6_LOCAL_CNT = attrs('SEG6_LOCAL_CNT', [
  [1, 'SEG6_LOCAL_CNT_PAD', 'binary'],
  [2, 'SEG6_LOCAL_CNT_PACKETS', 'u64'],
  [3, 'SEG6_LOCAL_CNT_BYTES', 'u64'],
  [4, 'SEG6_LOCAL_CNT_ERRORS', 'u64'],
]);

/** SEG6_LOCAL_FLV_OPERATION: bit (1 << SEG6_LOCAL_FLV_OP_x). */
export const SEG6_LOCAL_FLV_OP = flagsSeq('SEG6_LOCAL_FLV_OP', [
  '',
  'SEG6_LOCAL_FLV_OP_PSP',
  'SEG6_LOCAL_FLV_OP_USP',
  'SEG6_LOCAL_FLV_OP_USD',
  'SEG6_LOCAL_FLV_OP_NEXT_CSID',
]);

export const SEG6_LOCAL_FLV = attrs('SEG6_LOCAL_FLV', [
  [1, 'SEG6_LOCAL_FLV_OPERATION', 'u32', SEG6_LOCAL_FLV_OP],
  [2, 'SEG6_LOCAL_FLV_LCBLOCK_BITS', 'u8'],
  [3, 'SEG6_LOCAL_FLV_LCNODE_FN_BITS', 'u8'],
]);

export const SEG6_LOCAL = attrs('SEG6_LOCAL', [
  [1, 'SEG6_LOCAL_ACTION', 'u32', SEG6_LOCAL_ACTION],
  [2, 'SEG6_LOCAL_SRH', ipv6_sr_hdr], // segments follow
  [3, 'SEG6_LOCAL_TABLE', 'u32', RT_TABLE],
  [4, 'SEG6_LOCAL_NH4', 'ip4'],
  [5, 'SEG6_LOCAL_NH6', 'ip6'],
  [6, 'SEG6_LOCAL_IIF', 'u32'],
  [7, 'SEG6_LOCAL_OIF', 'u32'],
  [8, 'SEG6_LOCAL_BPF', SEG6_LOCAL_BPF_PROG],
  [9, 'SEG6_LOCAL_VRFTABLE', 'u32', RT_TABLE],
  [10, 'SEG6_LOCAL_COUNTERS', SEG6_LOCAL_CNT],
  [11, 'SEG6_LOCAL_FLAVORS', SEG6_LOCAL_FLV],
]);

/** linux/lwtunnel.h: BPF programs */
export const LWT_BPF_PROG = attrs('LWT_BPF_PROG', [
  [1, 'LWT_BPF_PROG_FD', 'u32'],
  [2, 'LWT_BPF_PROG_NAME', 'string'],
]);

export const LWT_BPF = attrs('LWT_BPF', [
  [1, 'LWT_BPF_IN', LWT_BPF_PROG],
  [2, 'LWT_BPF_OUT', LWT_BPF_PROG],
  [3, 'LWT_BPF_XMIT', LWT_BPF_PROG],
  [4, 'LWT_BPF_XMIT_HEADROOM', 'u32'],
]);

/** linux/rpl_iptunnel.h */
export const RPL_IPTUNNEL = attrs('RPL_IPTUNNEL', [
  [1, 'RPL_IPTUNNEL_SRH', 'binary'], // struct ipv6_rpl_sr_hdr (bitfields) + segments
]);

/** linux/ioam6_iptunnel.h */
export const IOAM6_IPTUNNEL_MODE = enumOf('IOAM6_IPTUNNEL_MODE', {
  IOAM6_IPTUNNEL_MODE_INLINE: 1,
  IOAM6_IPTUNNEL_MODE_ENCAP: 2,
  IOAM6_IPTUNNEL_MODE_AUTO: 3,
});

export const IOAM6_IPTUNNEL = attrs('IOAM6_IPTUNNEL', [
  [1, 'IOAM6_IPTUNNEL_MODE', 'u8', IOAM6_IPTUNNEL_MODE],
  [2, 'IOAM6_IPTUNNEL_DST', 'ip6'],
  [3, 'IOAM6_IPTUNNEL_TRACE', 'binary'], // struct ioam6_trace_hdr (bitfields)
  [4, 'IOAM6_IPTUNNEL_FREQ_K', 'u32'],
  [5, 'IOAM6_IPTUNNEL_FREQ_N', 'u32'],
]);

export const LWT_XFRM = attrs('LWT_XFRM', [
  [1, 'LWT_XFRM_IF_ID', 'u32'],
  [2, 'LWT_XFRM_LINK', 'u32'],
]);

/** Encapsulation nest chosen by the encap type (JSON name), for RTA_ENCAP and NHA_ENCAP.
 *  The kernel and iproute2 put the ENCAP attribute before ENCAP_TYPE, so while decoding the
 *  type is only known if the engine looks ahead; when ENCAP was kept raw (a hex string in
 *  `encap`), encoding keeps it raw too. */
export function lwtunnelEncap(type: unknown, encap?: unknown): AttrSet | undefined {
  if (typeof encap === 'string') return undefined;
  switch (type) {
    case 'LWTUNNEL_ENCAP_MPLS': return MPLS_IPTUNNEL;
    case 'LWTUNNEL_ENCAP_IP': return LWTUNNEL_IP;
    case 'LWTUNNEL_ENCAP_ILA': return ILA_ATTR;
    case 'LWTUNNEL_ENCAP_IP6': return LWTUNNEL_IP6;
    case 'LWTUNNEL_ENCAP_SEG6': return SEG6_IPTUNNEL;
    case 'LWTUNNEL_ENCAP_BPF': return LWT_BPF;
    case 'LWTUNNEL_ENCAP_SEG6_LOCAL': return SEG6_LOCAL;
    case 'LWTUNNEL_ENCAP_RPL': return RPL_IPTUNNEL;
    case 'LWTUNNEL_ENCAP_IOAM6': return IOAM6_IPTUNNEL;
    case 'LWTUNNEL_ENCAP_XFRM': return LWT_XFRM;
    default: return undefined;
  }
}

// ---------------------------------------------------------------- route attributes

const isMpls = (ctx: SelectCtx): boolean => ctx.body.rtm_family === 'AF_MPLS';

export const RTA: AttrSet = attrs('RTA', [
  [1, 'RTA_DST', select((ctx) => (isMpls(ctx) ? mpls_label : 'ip'))],
  [2, 'RTA_SRC', 'ip'],
  [3, 'RTA_IIF', 'u32'],
  [4, 'RTA_OIF', 'u32'],
  [5, 'RTA_GATEWAY', 'ip'],
  [6, 'RTA_PRIORITY', 'u32'],
  [7, 'RTA_PREFSRC', 'ip'],
  [8, 'RTA_METRICS', RTAX],
  [9, 'RTA_MULTIPATH', records(rtnexthop, 'rtnh_len', () => RTA)],
  [10, 'RTA_PROTOINFO', 'binary'], // no longer used
  [11, 'RTA_FLOW', 'u32'], // realms: to << 16 | from
  [12, 'RTA_CACHEINFO', rta_cacheinfo],
  [13, 'RTA_SESSION', rta_session], // no longer used
  [14, 'RTA_MP_ALGO', 'u32'], // no longer used
  [15, 'RTA_TABLE', 'u32', RT_TABLE],
  [16, 'RTA_MARK', 'u32'],
  [17, 'RTA_MFC_STATS', rta_mfc_stats],
  [18, 'RTA_VIA', select((ctx) => (ctx.body.rtm_family === 'AF_INET' ? rtvia_in6 : isMpls(ctx) ? rtvia_in : rtvia))],
  [19, 'RTA_NEWDST', select((ctx) => (isMpls(ctx) ? 'binary' : 'ip'))], // MPLS: label stack (struct mpls_label[])
  [20, 'RTA_PREF', 'u8', ICMPV6_ROUTER_PREF],
  [21, 'RTA_ENCAP_TYPE', 'u16', LWTUNNEL_ENCAP],
  // the kernel and iproute2 put RTA_ENCAP before RTA_ENCAP_TYPE
  [22, 'RTA_ENCAP', select((ctx) => lwtunnelEncap(ctx.siblings.RTA_ENCAP_TYPE, ctx.siblings.RTA_ENCAP))],
  [23, 'RTA_EXPIRES', 'uint'], // u32 from user space (IPv6), u64 from ipmr
  [24, 'RTA_PAD', 'binary'],
  [25, 'RTA_UID', 'u32'],
  [26, 'RTA_TTL_PROPAGATE', 'u8'],
  [27, 'RTA_IP_PROTO', 'u8', IPPROTO],
  [28, 'RTA_SPORT', 'be16'],
  [29, 'RTA_DPORT', 'be16'],
  [30, 'RTA_NH_ID', 'u32'],
  // added upstream after the installed 6.1 headers (ip route get ... flowlabel)
  [31, 'RTA_FLOWLABEL', 'be32'],
]);
