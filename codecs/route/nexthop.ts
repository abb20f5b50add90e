// Nexthop objects (linux/nexthop.h): RTM_NEWNEXTHOP / DELNEXTHOP / GETNEXTHOP and the
// resilient-group buckets (RTM_*NEXTHOPBUCKET).
import { attrs, enumSeq, flagsOf, select, struct, structs, type StructDecl } from '../../src/codec/schema.js';
import { LWTUNNEL_ENCAP, RTNH_F, RTNL_FAMILY, RTPROT, RT_SCOPE, lwtunnelEncap } from './route.js';

export const nhmsg: StructDecl = struct('nhmsg', [
  ['nh_family', 'u8', RTNL_FAMILY],
  ['nh_scope', 'u8', RT_SCOPE], // return only
  ['nh_protocol', 'u8', RTPROT],
  ['resvd', 'u8'],
  ['nh_flags', 'u32', RTNH_F],
], { header: 'linux/nexthop.h' });

/** entry of NHA_GROUP */
export const nexthop_grp: StructDecl = struct('nexthop_grp', [
  ['id', 'u32'],
  ['weight', 'u8'], // weight - 1: its low byte
  ['weight_high', 'u8', { was: 'resvd1' }], // 6.12: the high byte (weight = (weight_high << 8 | weight) + 1)
  ['resvd2', 'u16'],
], { header: 'linux/nexthop.h' });

export const NEXTHOP_GRP_TYPE = enumSeq('NEXTHOP_GRP_TYPE', [
  'NEXTHOP_GRP_TYPE_MPATH', // hash-threshold
  'NEXTHOP_GRP_TYPE_RES', // resilient
]);

/** NHA_OP_FLAGS (added upstream after the installed 6.1 headers) */
export const NHA_OP_FLAG = flagsOf('NHA_OP_FLAG', {
  NHA_OP_FLAG_DUMP_STATS: 1 << 0,
  NHA_OP_FLAG_DUMP_HW_STATS: 1 << 1,
  NHA_OP_FLAG_RESP_GRP_RESVD_0: 2 ** 31,
});

/** NHA_RES_GROUP; type 0 is the 64-bit alignment pad (NHA_RES_GROUP_PAD = NHA_RES_GROUP_UNSPEC). */
export const NHA_RES_GROUP = attrs('NHA_RES_GROUP', [
  [0, 'NHA_RES_GROUP_PAD', 'binary'],
  [1, 'NHA_RES_GROUP_BUCKETS', 'u16'],
  [2, 'NHA_RES_GROUP_IDLE_TIMER', 'u32'], // clock_t
  [3, 'NHA_RES_GROUP_UNBALANCED_TIMER', 'u32'], // clock_t
  [4, 'NHA_RES_GROUP_UNBALANCED_TIME', 'u64'], // clock_t
]);

export const NHA_RES_BUCKET = attrs('NHA_RES_BUCKET', [
  [0, 'NHA_RES_BUCKET_PAD', 'binary'],
  [1, 'NHA_RES_BUCKET_INDEX', 'u16'],
  [2, 'NHA_RES_BUCKET_IDLE_TIME', 'u64'], // clock_t
  [3, 'NHA_RES_BUCKET_NH_ID', 'u32'],
]);

// NHA_GROUP_STATS (added upstream after the installed 6.1 headers)
export const NHA_GROUP_STATS_ENTRY = attrs('NHA_GROUP_STATS_ENTRY', [
  [1, 'NHA_GROUP_STATS_ENTRY_ID', 'u32'],
  [2, 'NHA_GROUP_STATS_ENTRY_PACKETS', 'uint'],
  [3, 'NHA_GROUP_STATS_ENTRY_PACKETS_HW', 'uint'],
]);

export const NHA_GROUP_STATS = attrs('NHA_GROUP_STATS', [
  [1, 'NHA_GROUP_STATS_ENTRY', NHA_GROUP_STATS_ENTRY, { multi: true, nested: true }],
]);

export const NHA = attrs('NHA', [
  [1, 'NHA_ID', 'u32'],
  [2, 'NHA_GROUP', structs(nexthop_grp)],
  [3, 'NHA_GROUP_TYPE', 'u16', NEXTHOP_GRP_TYPE],
  [4, 'NHA_BLACKHOLE', 'flag'],
  [5, 'NHA_OIF', 'u32'],
  [6, 'NHA_GATEWAY', 'ip'],
  [7, 'NHA_ENCAP_TYPE', 'u16', LWTUNNEL_ENCAP],
  // the kernel puts NHA_ENCAP before NHA_ENCAP_TYPE
  [8, 'NHA_ENCAP', select((ctx) => lwtunnelEncap(ctx.siblings.NHA_ENCAP_TYPE, ctx.siblings.NHA_ENCAP))],
  [9, 'NHA_GROUPS', 'flag'],
  [10, 'NHA_MASTER', 'u32'],
  [11, 'NHA_FDB', 'flag'],
  [12, 'NHA_RES_GROUP', NHA_RES_GROUP, { nested: true }],
  [13, 'NHA_RES_BUCKET', NHA_RES_BUCKET, { nested: true }],
  // added upstream after the installed 6.1 headers
  [14, 'NHA_OP_FLAGS', 'u32', NHA_OP_FLAG],
  [15, 'NHA_GROUP_STATS', NHA_GROUP_STATS, { nested: true }],
  [16, 'NHA_HW_STATS_ENABLE', 'u32'],
  [17, 'NHA_HW_STATS_USED', 'u32'],
]);
