// Connection tracking over nfnetlink (linux/netfilter/nfnetlink_conntrack.h): entries (CTA_*),
// expectations (CTA_EXPECT_*) and statistics (CTA_STATS_*). ctnetlink puts every number with
// nla_put_be16/be32/be64, so they are declared big-endian; u8 values have no byte order. Both the
// kernel and libnetfilter_conntrack flag nests NLA_F_NESTED.
import { attrs, enumOf, enumSeq, flagsOf, flagsSeq, struct, type StructDecl } from '../../src/codec/schema.js';
import { IPPROTO } from '../netlink.js';
import { IP_CT_DIR } from './common.js';

/** enum cntl_msg_types (subsystem NFNL_SUBSYS_CTNETLINK). */
export const IPCTNL_MSG_CT = enumSeq('cntl_msg_types', [
  'IPCTNL_MSG_CT_NEW',
  'IPCTNL_MSG_CT_GET',
  'IPCTNL_MSG_CT_DELETE',
  'IPCTNL_MSG_CT_GET_CTRZERO',
  'IPCTNL_MSG_CT_GET_STATS_CPU',
  'IPCTNL_MSG_CT_GET_STATS',
  'IPCTNL_MSG_CT_GET_DYING',
  'IPCTNL_MSG_CT_GET_UNCONFIRMED',
]);

/** enum ctnl_exp_msg_types (subsystem NFNL_SUBSYS_CTNETLINK_EXP). */
export const IPCTNL_MSG_EXP = enumSeq('ctnl_exp_msg_types', [
  'IPCTNL_MSG_EXP_NEW',
  'IPCTNL_MSG_EXP_GET',
  'IPCTNL_MSG_EXP_DELETE',
  'IPCTNL_MSG_EXP_GET_STATS_CPU',
]);

/** enum ip_conntrack_status (linux/netfilter/nf_conntrack_common.h): bit n is IPS_*_BIT = n. */
export const IPS = flagsSeq('IPS', [
  'IPS_EXPECTED',
  'IPS_SEEN_REPLY',
  'IPS_ASSURED',
  'IPS_CONFIRMED',
  'IPS_SRC_NAT',
  'IPS_DST_NAT',
  'IPS_SEQ_ADJUST',
  'IPS_SRC_NAT_DONE',
  'IPS_DST_NAT_DONE',
  'IPS_DYING',
  'IPS_FIXED_TIMEOUT',
  'IPS_TEMPLATE',
  'IPS_UNTRACKED', // IPS_NAT_CLASH since 5.6 reuses this bit
  'IPS_HELPER',
  'IPS_OFFLOAD',
  'IPS_HW_OFFLOAD',
]);

/** Expectation flags (NF_CT_EXPECT_*, nf_conntrack_common.h). */
export const NF_CT_EXPECT = flagsOf('NF_CT_EXPECT', {
  NF_CT_EXPECT_PERMANENT: 0x1,
  NF_CT_EXPECT_INACTIVE: 0x2,
  NF_CT_EXPECT_USERSPACE: 0x4,
});

/** enum tcp_conntrack (linux/netfilter/nf_conntrack_tcp.h); TCP_CONNTRACK_SYN_SENT2 is LISTEN's alias. */
export const TCP_CONNTRACK = enumOf('tcp_conntrack', {
  TCP_CONNTRACK_NONE: 0,
  TCP_CONNTRACK_SYN_SENT: 1,
  TCP_CONNTRACK_SYN_RECV: 2,
  TCP_CONNTRACK_ESTABLISHED: 3,
  TCP_CONNTRACK_FIN_WAIT: 4,
  TCP_CONNTRACK_CLOSE_WAIT: 5,
  TCP_CONNTRACK_LAST_ACK: 6,
  TCP_CONNTRACK_TIME_WAIT: 7,
  TCP_CONNTRACK_CLOSE: 8,
  TCP_CONNTRACK_LISTEN: 9,
  TCP_CONNTRACK_SYN_SENT2: 9,
  TCP_CONNTRACK_MAX: 10,
  TCP_CONNTRACK_IGNORE: 11,
  TCP_CONNTRACK_RETRANS: 12,
  TCP_CONNTRACK_UNACK: 13,
});

/** enum sctp_conntrack (linux/netfilter/nf_conntrack_sctp.h). */
export const SCTP_CONNTRACK = enumSeq('sctp_conntrack', [
  'SCTP_CONNTRACK_NONE',
  'SCTP_CONNTRACK_CLOSED',
  'SCTP_CONNTRACK_COOKIE_WAIT',
  'SCTP_CONNTRACK_COOKIE_ECHOED',
  'SCTP_CONNTRACK_ESTABLISHED',
  'SCTP_CONNTRACK_SHUTDOWN_SENT',
  'SCTP_CONNTRACK_SHUTDOWN_RECD',
  'SCTP_CONNTRACK_SHUTDOWN_ACK_SENT',
  'SCTP_CONNTRACK_HEARTBEAT_SENT',
  'SCTP_CONNTRACK_HEARTBEAT_ACKED',
]);

/** IP_CT_TCP_FLAG_* (nf_conntrack_tcp.h). */
export const IP_CT_TCP_FLAG = flagsOf('IP_CT_TCP_FLAG', {
  IP_CT_TCP_FLAG_WINDOW_SCALE: 0x01,
  IP_CT_TCP_FLAG_SACK_PERM: 0x02,
  IP_CT_TCP_FLAG_CLOSE_INIT: 0x04,
  IP_CT_TCP_FLAG_BE_LIBERAL: 0x08,
  IP_CT_TCP_FLAG_DATA_UNACKNOWLEDGED: 0x10,
  IP_CT_TCP_FLAG_MAXACK_SET: 0x20,
  IP_CT_EXP_CHALLENGE_ACK: 0x40,
  IP_CT_TCP_SIMULTANEOUS_OPEN: 0x80,
});

export const nf_ct_tcp_flags: StructDecl = struct('nf_ct_tcp_flags', [
  ['flags', 'u8', IP_CT_TCP_FLAG],
  ['mask', 'u8', IP_CT_TCP_FLAG],
], { header: 'linux/netfilter/nf_conntrack_tcp.h' });

export const CTA_IP = attrs('CTA_IP', [
  [1, 'CTA_IP_V4_SRC', 'ip4'],
  [2, 'CTA_IP_V4_DST', 'ip4'],
  [3, 'CTA_IP_V6_SRC', 'ip6'],
  [4, 'CTA_IP_V6_DST', 'ip6'],
]);

export const CTA_PROTO = attrs('CTA_PROTO', [
  [1, 'CTA_PROTO_NUM', 'u8', IPPROTO],
  [2, 'CTA_PROTO_SRC_PORT', 'be16'],
  [3, 'CTA_PROTO_DST_PORT', 'be16'],
  [4, 'CTA_PROTO_ICMP_ID', 'be16'],
  [5, 'CTA_PROTO_ICMP_TYPE', 'u8'],
  [6, 'CTA_PROTO_ICMP_CODE', 'u8'],
  [7, 'CTA_PROTO_ICMPV6_ID', 'be16'],
  [8, 'CTA_PROTO_ICMPV6_TYPE', 'u8'],
  [9, 'CTA_PROTO_ICMPV6_CODE', 'u8'],
]);

export const CTA_TUPLE = attrs('CTA_TUPLE', [
  [1, 'CTA_TUPLE_IP', CTA_IP, { nested: true }],
  [2, 'CTA_TUPLE_PROTO', CTA_PROTO, { nested: true }],
  [3, 'CTA_TUPLE_ZONE', 'be16'],
]);

export const CTA_PROTOINFO_TCP = attrs('CTA_PROTOINFO_TCP', [
  [1, 'CTA_PROTOINFO_TCP_STATE', 'u8', TCP_CONNTRACK],
  [2, 'CTA_PROTOINFO_TCP_WSCALE_ORIGINAL', 'u8'],
  [3, 'CTA_PROTOINFO_TCP_WSCALE_REPLY', 'u8'],
  [4, 'CTA_PROTOINFO_TCP_FLAGS_ORIGINAL', nf_ct_tcp_flags],
  [5, 'CTA_PROTOINFO_TCP_FLAGS_REPLY', nf_ct_tcp_flags],
]);

export const CTA_PROTOINFO_DCCP = attrs('CTA_PROTOINFO_DCCP', [
  [1, 'CTA_PROTOINFO_DCCP_STATE', 'u8'], // enum ct_dccp_states is kernel-internal
  [2, 'CTA_PROTOINFO_DCCP_ROLE', 'u8'],
  [3, 'CTA_PROTOINFO_DCCP_HANDSHAKE_SEQ', 'be64'],
  [4, 'CTA_PROTOINFO_DCCP_PAD', 'binary'],
]);

export const CTA_PROTOINFO_SCTP = attrs('CTA_PROTOINFO_SCTP', [
  [1, 'CTA_PROTOINFO_SCTP_STATE', 'u8', SCTP_CONNTRACK],
  [2, 'CTA_PROTOINFO_SCTP_VTAG_ORIGINAL', 'be32'],
  [3, 'CTA_PROTOINFO_SCTP_VTAG_REPLY', 'be32'],
]);

export const CTA_PROTOINFO = attrs('CTA_PROTOINFO', [
  [1, 'CTA_PROTOINFO_TCP', CTA_PROTOINFO_TCP, { nested: true }],
  [2, 'CTA_PROTOINFO_DCCP', CTA_PROTOINFO_DCCP, { nested: true }],
  [3, 'CTA_PROTOINFO_SCTP', CTA_PROTOINFO_SCTP, { nested: true }],
]);

export const CTA_HELP = attrs('CTA_HELP', [
  [1, 'CTA_HELP_NAME', 'string'],
  [2, 'CTA_HELP_INFO', 'binary'],
]);

export const CTA_PROTONAT = attrs('CTA_PROTONAT', [
  [1, 'CTA_PROTONAT_PORT_MIN', 'be16'],
  [2, 'CTA_PROTONAT_PORT_MAX', 'be16'],
]);

export const CTA_NAT = attrs('CTA_NAT', [
  [1, 'CTA_NAT_V4_MINIP', 'ip4'],
  [2, 'CTA_NAT_V4_MAXIP', 'ip4'],
  [3, 'CTA_NAT_PROTO', CTA_PROTONAT, { nested: true }],
  [4, 'CTA_NAT_V6_MINIP', 'ip6'],
  [5, 'CTA_NAT_V6_MAXIP', 'ip6'],
]);

export const CTA_COUNTERS = attrs('CTA_COUNTERS', [
  [1, 'CTA_COUNTERS_PACKETS', 'be64'],
  [2, 'CTA_COUNTERS_BYTES', 'be64'],
  [3, 'CTA_COUNTERS32_PACKETS', 'be32'],
  [4, 'CTA_COUNTERS32_BYTES', 'be32'],
  [5, 'CTA_COUNTERS_PAD', 'binary'],
]);

export const CTA_SEQADJ = attrs('CTA_SEQADJ', [
  [1, 'CTA_SEQADJ_CORRECTION_POS', 'be32'],
  [2, 'CTA_SEQADJ_OFFSET_BEFORE', 'be32'],
  [3, 'CTA_SEQADJ_OFFSET_AFTER', 'be32'],
]);

export const CTA_SECCTX = attrs('CTA_SECCTX', [
  [1, 'CTA_SECCTX_NAME', 'string'],
]);

export const CTA_TIMESTAMP = attrs('CTA_TIMESTAMP', [
  [1, 'CTA_TIMESTAMP_START', 'be64'], // ns since the epoch
  [2, 'CTA_TIMESTAMP_STOP', 'be64'],
  [3, 'CTA_TIMESTAMP_PAD', 'binary'],
]);

export const CTA_SYNPROXY = attrs('CTA_SYNPROXY', [
  [1, 'CTA_SYNPROXY_ISN', 'be32'],
  [2, 'CTA_SYNPROXY_ITS', 'be32'],
  [3, 'CTA_SYNPROXY_TSOFF', 'be32'],
]);

/** Dump filter: which tuple attributes to compare (CTA_FILTER_F_* bits are kernel-internal). */
export const CTA_FILTER = attrs('CTA_FILTER', [
  [1, 'CTA_FILTER_ORIG_FLAGS', 'u32'],
  [2, 'CTA_FILTER_REPLY_FLAGS', 'u32'],
]);

/** enum ctattr_type: one conntrack entry (NEW/GET/DELETE and their answers and events). */
export const CTA = attrs('CTA', [
  [1, 'CTA_TUPLE_ORIG', CTA_TUPLE, { nested: true }],
  [2, 'CTA_TUPLE_REPLY', CTA_TUPLE, { nested: true }],
  [3, 'CTA_STATUS', 'be32', IPS],
  [4, 'CTA_PROTOINFO', CTA_PROTOINFO, { nested: true }],
  [5, 'CTA_HELP', CTA_HELP, { nested: true }],
  [6, 'CTA_NAT_SRC', CTA_NAT, { nested: true }],
  [7, 'CTA_TIMEOUT', 'be32'], // seconds left
  [8, 'CTA_MARK', 'be32'],
  [9, 'CTA_COUNTERS_ORIG', CTA_COUNTERS, { nested: true }],
  [10, 'CTA_COUNTERS_REPLY', CTA_COUNTERS, { nested: true }],
  [11, 'CTA_USE', 'be32'],
  [12, 'CTA_ID', 'be32'],
  [13, 'CTA_NAT_DST', CTA_NAT, { nested: true }],
  [14, 'CTA_TUPLE_MASTER', CTA_TUPLE, { nested: true }],
  [15, 'CTA_SEQ_ADJ_ORIG', CTA_SEQADJ, { nested: true }],
  [16, 'CTA_SEQ_ADJ_REPLY', CTA_SEQADJ, { nested: true }],
  [17, 'CTA_SECMARK', 'be32'], // obsolete
  [18, 'CTA_ZONE', 'be16'],
  [19, 'CTA_SECCTX', CTA_SECCTX, { nested: true }],
  [20, 'CTA_TIMESTAMP', CTA_TIMESTAMP, { nested: true }],
  [21, 'CTA_MARK_MASK', 'be32'],
  [22, 'CTA_LABELS', 'binary'], // bitmap of connlabel.conf bits
  [23, 'CTA_LABELS_MASK', 'binary'],
  [24, 'CTA_SYNPROXY', CTA_SYNPROXY, { nested: true }],
  [25, 'CTA_FILTER', CTA_FILTER, { nested: true }],
  [26, 'CTA_STATUS_MASK', 'be32', IPS],
  [27, 'CTA_TIMESTAMP_EVENT', 'be64'], // Linux 6.14: ns of the last event
]);

/** enum ctattr_stats_cpu: IPCTNL_MSG_CT_GET_STATS_CPU answers, one per cpu (res_id = cpu). */
export const CTA_STATS = attrs('CTA_STATS', [
  [1, 'CTA_STATS_SEARCHED', 'be32'], // no longer used
  [2, 'CTA_STATS_FOUND', 'be32'],
  [3, 'CTA_STATS_NEW', 'be32'], // no longer used
  [4, 'CTA_STATS_INVALID', 'be32'],
  [5, 'CTA_STATS_IGNORE', 'be32'], // no longer used
  [6, 'CTA_STATS_DELETE', 'be32'], // no longer used
  [7, 'CTA_STATS_DELETE_LIST', 'be32'], // no longer used
  [8, 'CTA_STATS_INSERT', 'be32'],
  [9, 'CTA_STATS_INSERT_FAILED', 'be32'],
  [10, 'CTA_STATS_DROP', 'be32'],
  [11, 'CTA_STATS_EARLY_DROP', 'be32'],
  [12, 'CTA_STATS_ERROR', 'be32'],
  [13, 'CTA_STATS_SEARCH_RESTART', 'be32'],
  [14, 'CTA_STATS_CLASH_RESOLVE', 'be32'],
  [15, 'CTA_STATS_CHAIN_TOOLONG', 'be32'],
]);

/** enum ctattr_stats_global: IPCTNL_MSG_CT_GET_STATS (conntrack -C). */
export const CTA_STATS_GLOBAL = attrs('CTA_STATS_GLOBAL', [
  [1, 'CTA_STATS_GLOBAL_ENTRIES', 'be32'],
  [2, 'CTA_STATS_GLOBAL_MAX_ENTRIES', 'be32'],
]);

/** enum ctattr_expect_stats: IPCTNL_MSG_EXP_GET_STATS_CPU answers. */
export const CTA_STATS_EXP = attrs('CTA_STATS_EXP', [
  [1, 'CTA_STATS_EXP_NEW', 'be32'],
  [2, 'CTA_STATS_EXP_CREATE', 'be32'],
  [3, 'CTA_STATS_EXP_DELETE', 'be32'],
]);

export const CTA_EXPECT_NAT = attrs('CTA_EXPECT_NAT', [
  [1, 'CTA_EXPECT_NAT_DIR', 'be32', IP_CT_DIR],
  [2, 'CTA_EXPECT_NAT_TUPLE', CTA_TUPLE, { nested: true }],
]);

/** enum ctattr_expect: one expectation. */
export const CTA_EXPECT = attrs('CTA_EXPECT', [
  [1, 'CTA_EXPECT_MASTER', CTA_TUPLE, { nested: true }],
  [2, 'CTA_EXPECT_TUPLE', CTA_TUPLE, { nested: true }],
  [3, 'CTA_EXPECT_MASK', CTA_TUPLE, { nested: true }],
  [4, 'CTA_EXPECT_TIMEOUT', 'be32'],
  [5, 'CTA_EXPECT_ID', 'be32'],
  [6, 'CTA_EXPECT_HELP_NAME', 'string'],
  [7, 'CTA_EXPECT_ZONE', 'be16'],
  [8, 'CTA_EXPECT_FLAGS', 'be32', NF_CT_EXPECT],
  [9, 'CTA_EXPECT_CLASS', 'be32'],
  [10, 'CTA_EXPECT_NAT', CTA_EXPECT_NAT, { nested: true }],
  [11, 'CTA_EXPECT_FN', 'string'],
]);
