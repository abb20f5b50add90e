// nf_tables expressions (linux/netfilter/nf_tables.h, nf_tables_compat.h): NFTA_EXPR_NAME names
// the expression, NFTA_EXPR_DATA holds that expression's attributes. The kernel puts every
// 16/32/64-bit value with nla_put_be16/be32/be64 (registers, keys, lengths, flags), so they are
// declared big-endian; NLA_F_NET_BYTEORDER is not set. Newer than the installed 6.1 headers:
// marked with the kernel version that added them.
import { attrs, enumOf, enumSeq, flagsOf, select, type AttrSet, type SelectCtx } from '../../src/codec/schema.js';
import { IP_CT_DIR, NFPROTO, NF_VERDICT } from './common.js';

/** enum nft_registers: NFT_REG_1..4 are 16-byte registers, NFT_REG32_00..15 4-byte ones. */
export const NFT_REG = enumOf('nft_registers', {
  NFT_REG_VERDICT: 0, NFT_REG_1: 1, NFT_REG_2: 2, NFT_REG_3: 3, NFT_REG_4: 4,
  NFT_REG32_00: 8, NFT_REG32_01: 9, NFT_REG32_02: 10, NFT_REG32_03: 11, NFT_REG32_04: 12, NFT_REG32_05: 13,
  NFT_REG32_06: 14, NFT_REG32_07: 15, NFT_REG32_08: 16, NFT_REG32_09: 17, NFT_REG32_10: 18, NFT_REG32_11: 19,
  NFT_REG32_12: 20, NFT_REG32_13: 21, NFT_REG32_14: 22, NFT_REG32_15: 23,
});

/** Verdict codes: the netfilter verdicts (NF_DROP, NF_ACCEPT ...) and enum nft_verdicts (negative). */
export const NFT_VERDICT = enumOf('nft_verdicts', {
  ...Object.fromEntries(NF_VERDICT.byName),
  NFT_CONTINUE: -1,
  NFT_BREAK: -2,
  NFT_JUMP: -3,
  NFT_GOTO: -4,
  NFT_RETURN: -5,
});

export const NFTA_VERDICT = attrs('NFTA_VERDICT', [
  [1, 'NFTA_VERDICT_CODE', 'sbe32', NFT_VERDICT],
  [2, 'NFTA_VERDICT_CHAIN', 'string'],
  [3, 'NFTA_VERDICT_CHAIN_ID', 'be32'],
]);

/** struct nft_data: a value (bytes as they sit in the register, host or network order by what was
 *  loaded) or a verdict. */
export const NFTA_DATA = attrs('NFTA_DATA', [
  [1, 'NFTA_DATA_VALUE', 'binary'],
  [2, 'NFTA_DATA_VERDICT', NFTA_VERDICT],
]);

export const NFTA_IMMEDIATE = attrs('NFTA_IMMEDIATE', [
  [1, 'NFTA_IMMEDIATE_DREG', 'be32', NFT_REG],
  [2, 'NFTA_IMMEDIATE_DATA', NFTA_DATA],
]);

export const NFT_BITWISE_OPS = enumSeq('nft_bitwise_ops', [
  'NFT_BITWISE_MASK_XOR', // NFT_BITWISE_BOOL
  'NFT_BITWISE_LSHIFT',
  'NFT_BITWISE_RSHIFT',
  'NFT_BITWISE_AND', // Linux 6.13: AND, OR, XOR of two registers
  'NFT_BITWISE_OR',
  'NFT_BITWISE_XOR',
]);

export const NFTA_BITWISE = attrs('NFTA_BITWISE', [
  [1, 'NFTA_BITWISE_SREG', 'be32', NFT_REG],
  [2, 'NFTA_BITWISE_DREG', 'be32', NFT_REG],
  [3, 'NFTA_BITWISE_LEN', 'be32'],
  [4, 'NFTA_BITWISE_MASK', NFTA_DATA],
  [5, 'NFTA_BITWISE_XOR', NFTA_DATA],
  [6, 'NFTA_BITWISE_OP', 'be32', NFT_BITWISE_OPS],
  [7, 'NFTA_BITWISE_DATA', NFTA_DATA],
  [8, 'NFTA_BITWISE_SREG2', 'be32', NFT_REG], // Linux 6.13
]);

export const NFT_BYTEORDER_OPS = enumSeq('nft_byteorder_ops', ['NFT_BYTEORDER_NTOH', 'NFT_BYTEORDER_HTON']);

export const NFTA_BYTEORDER = attrs('NFTA_BYTEORDER', [
  [1, 'NFTA_BYTEORDER_SREG', 'be32', NFT_REG],
  [2, 'NFTA_BYTEORDER_DREG', 'be32', NFT_REG],
  [3, 'NFTA_BYTEORDER_OP', 'be32', NFT_BYTEORDER_OPS],
  [4, 'NFTA_BYTEORDER_LEN', 'be32'],
  [5, 'NFTA_BYTEORDER_SIZE', 'be32'],
]);

export const NFT_CMP_OPS = enumSeq('nft_cmp_ops', ['NFT_CMP_EQ', 'NFT_CMP_NEQ', 'NFT_CMP_LT', 'NFT_CMP_LTE', 'NFT_CMP_GT', 'NFT_CMP_GTE']);

export const NFTA_CMP = attrs('NFTA_CMP', [
  [1, 'NFTA_CMP_SREG', 'be32', NFT_REG],
  [2, 'NFTA_CMP_OP', 'be32', NFT_CMP_OPS],
  [3, 'NFTA_CMP_DATA', NFTA_DATA],
]);

export const NFT_RANGE_OPS = enumSeq('nft_range_ops', ['NFT_RANGE_EQ', 'NFT_RANGE_NEQ']);

export const NFTA_RANGE = attrs('NFTA_RANGE', [
  [1, 'NFTA_RANGE_SREG', 'be32', NFT_REG],
  [2, 'NFTA_RANGE_OP', 'be32', NFT_RANGE_OPS],
  [3, 'NFTA_RANGE_FROM_DATA', NFTA_DATA],
  [4, 'NFTA_RANGE_TO_DATA', NFTA_DATA],
]);

export const NFT_LOOKUP_F = flagsOf('nft_lookup_flags', { NFT_LOOKUP_F_INV: 1 << 0 });

export const NFTA_LOOKUP = attrs('NFTA_LOOKUP', [
  [1, 'NFTA_LOOKUP_SET', 'string'],
  [2, 'NFTA_LOOKUP_SREG', 'be32', NFT_REG],
  [3, 'NFTA_LOOKUP_DREG', 'be32', NFT_REG],
  [4, 'NFTA_LOOKUP_SET_ID', 'be32'],
  [5, 'NFTA_LOOKUP_FLAGS', 'be32', NFT_LOOKUP_F],
]);

export const NFT_DYNSET_OPS = enumSeq('nft_dynset_ops', ['NFT_DYNSET_OP_ADD', 'NFT_DYNSET_OP_UPDATE', 'NFT_DYNSET_OP_DELETE']);
export const NFT_DYNSET_F = flagsOf('nft_dynset_flags', { NFT_DYNSET_F_INV: 1 << 0, NFT_DYNSET_F_EXPR: 1 << 1 });

export const NFTA_DYNSET = attrs('NFTA_DYNSET', [
  [1, 'NFTA_DYNSET_SET_NAME', 'string'],
  [2, 'NFTA_DYNSET_SET_ID', 'be32'],
  [3, 'NFTA_DYNSET_OP', 'be32', NFT_DYNSET_OPS],
  [4, 'NFTA_DYNSET_SREG_KEY', 'be32', NFT_REG],
  [5, 'NFTA_DYNSET_SREG_DATA', 'be32', NFT_REG],
  [6, 'NFTA_DYNSET_TIMEOUT', 'be64'], // ms
  [7, 'NFTA_DYNSET_EXPR', () => NFTA_EXPR],
  [8, 'NFTA_DYNSET_PAD', 'binary'],
  [9, 'NFTA_DYNSET_FLAGS', 'be32', NFT_DYNSET_F],
  [10, 'NFTA_DYNSET_EXPRESSIONS', () => NFTA_EXPR_LIST],
]);

export const NFT_PAYLOAD_BASES = enumSeq('nft_payload_bases', [
  'NFT_PAYLOAD_LL_HEADER',
  'NFT_PAYLOAD_NETWORK_HEADER',
  'NFT_PAYLOAD_TRANSPORT_HEADER',
  'NFT_PAYLOAD_INNER_HEADER',
  'NFT_PAYLOAD_TUN_HEADER', // Linux 6.2
]);
export const NFT_PAYLOAD_CSUM_TYPES = enumSeq('nft_payload_csum_types', ['NFT_PAYLOAD_CSUM_NONE', 'NFT_PAYLOAD_CSUM_INET', 'NFT_PAYLOAD_CSUM_SCTP']);
export const NFT_PAYLOAD_CSUM_F = flagsOf('nft_payload_csum_flags', { NFT_PAYLOAD_L4CSUM_PSEUDOHDR: 1 << 0 });

export const NFTA_PAYLOAD = attrs('NFTA_PAYLOAD', [
  [1, 'NFTA_PAYLOAD_DREG', 'be32', NFT_REG],
  [2, 'NFTA_PAYLOAD_BASE', 'be32', NFT_PAYLOAD_BASES],
  [3, 'NFTA_PAYLOAD_OFFSET', 'be32'],
  [4, 'NFTA_PAYLOAD_LEN', 'be32'],
  [5, 'NFTA_PAYLOAD_SREG', 'be32', NFT_REG],
  [6, 'NFTA_PAYLOAD_CSUM_TYPE', 'be32', NFT_PAYLOAD_CSUM_TYPES],
  [7, 'NFTA_PAYLOAD_CSUM_OFFSET', 'be32'],
  [8, 'NFTA_PAYLOAD_CSUM_FLAGS', 'be32', NFT_PAYLOAD_CSUM_F],
]);

export const NFT_EXTHDR_F = flagsOf('nft_exthdr_flags', { NFT_EXTHDR_F_PRESENT: 1 << 0 });
export const NFT_EXTHDR_OP = enumSeq('nft_exthdr_op', ['NFT_EXTHDR_OP_IPV6', 'NFT_EXTHDR_OP_TCPOPT', 'NFT_EXTHDR_OP_IPV4', 'NFT_EXTHDR_OP_SCTP', 'NFT_EXTHDR_OP_DCCP']);

export const NFTA_EXTHDR = attrs('NFTA_EXTHDR', [
  [1, 'NFTA_EXTHDR_DREG', 'be32', NFT_REG],
  [2, 'NFTA_EXTHDR_TYPE', 'u8'],
  [3, 'NFTA_EXTHDR_OFFSET', 'be32'],
  [4, 'NFTA_EXTHDR_LEN', 'be32'],
  [5, 'NFTA_EXTHDR_FLAGS', 'be32', NFT_EXTHDR_F],
  [6, 'NFTA_EXTHDR_OP', 'be32', NFT_EXTHDR_OP],
  [7, 'NFTA_EXTHDR_SREG', 'be32', NFT_REG],
]);

export const NFT_META_KEYS = enumOf('nft_meta_keys', {
  ...Object.fromEntries([
    'NFT_META_LEN', 'NFT_META_PROTOCOL', 'NFT_META_PRIORITY', 'NFT_META_MARK', 'NFT_META_IIF', 'NFT_META_OIF',
    'NFT_META_IIFNAME', 'NFT_META_OIFNAME', 'NFT_META_IFTYPE', 'NFT_META_OIFTYPE', 'NFT_META_SKUID', 'NFT_META_SKGID',
    'NFT_META_NFTRACE', 'NFT_META_RTCLASSID', 'NFT_META_SECMARK', 'NFT_META_NFPROTO', 'NFT_META_L4PROTO',
    'NFT_META_BRI_IIFNAME', 'NFT_META_BRI_OIFNAME', 'NFT_META_PKTTYPE', 'NFT_META_CPU', 'NFT_META_IIFGROUP',
    'NFT_META_OIFGROUP', 'NFT_META_CGROUP', 'NFT_META_PRANDOM', 'NFT_META_SECPATH', 'NFT_META_IIFKIND',
    'NFT_META_OIFKIND', 'NFT_META_BRI_IIFPVID', 'NFT_META_BRI_IIFVPROTO', 'NFT_META_TIME_NS', 'NFT_META_TIME_DAY',
    'NFT_META_TIME_HOUR', 'NFT_META_SDIF', 'NFT_META_SDIFNAME',
  ].map((n, i) => [n, i])),
  NFT_META_IIFTYPE: 8,
  NFT_META_BRI_BROUTE: 35, // Linux 6.4 (6.1's __NFT_META_IIFTYPE placeholder moved to 36)
  NFT_META_BRI_IIFHWADDR: 37, // Linux 6.17
});

export const NFTA_META = attrs('NFTA_META', [
  [1, 'NFTA_META_DREG', 'be32', NFT_REG],
  [2, 'NFTA_META_KEY', 'be32', NFT_META_KEYS],
  [3, 'NFTA_META_SREG', 'be32', NFT_REG],
]);

export const NFT_RT_KEYS = enumSeq('nft_rt_keys', ['NFT_RT_CLASSID', 'NFT_RT_NEXTHOP4', 'NFT_RT_NEXTHOP6', 'NFT_RT_TCPMSS', 'NFT_RT_XFRM']);

export const NFTA_RT = attrs('NFTA_RT', [
  [1, 'NFTA_RT_DREG', 'be32', NFT_REG],
  [2, 'NFTA_RT_KEY', 'be32', NFT_RT_KEYS],
]);

export const NFT_HASH_TYPES = enumSeq('nft_hash_types', ['NFT_HASH_JENKINS', 'NFT_HASH_SYM']);

export const NFTA_HASH = attrs('NFTA_HASH', [
  [1, 'NFTA_HASH_SREG', 'be32', NFT_REG],
  [2, 'NFTA_HASH_DREG', 'be32', NFT_REG],
  [3, 'NFTA_HASH_LEN', 'be32'],
  [4, 'NFTA_HASH_MODULUS', 'be32'],
  [5, 'NFTA_HASH_SEED', 'be32'],
  [6, 'NFTA_HASH_OFFSET', 'be32'],
  [7, 'NFTA_HASH_TYPE', 'be32', NFT_HASH_TYPES],
  [8, 'NFTA_HASH_SET_NAME', 'string'], // deprecated
  [9, 'NFTA_HASH_SET_ID', 'be32'], // deprecated
]);

export const NFT_SOCKET_KEYS = enumSeq('nft_socket_keys', ['NFT_SOCKET_TRANSPARENT', 'NFT_SOCKET_MARK', 'NFT_SOCKET_WILDCARD', 'NFT_SOCKET_CGROUPV2']);

export const NFTA_SOCKET = attrs('NFTA_SOCKET', [
  [1, 'NFTA_SOCKET_KEY', 'be32', NFT_SOCKET_KEYS],
  [2, 'NFTA_SOCKET_DREG', 'be32', NFT_REG],
  [3, 'NFTA_SOCKET_LEVEL', 'be32'],
]);

export const NFT_CT_KEYS = enumSeq('nft_ct_keys', [
  'NFT_CT_STATE', 'NFT_CT_DIRECTION', 'NFT_CT_STATUS', 'NFT_CT_MARK', 'NFT_CT_SECMARK', 'NFT_CT_EXPIRATION',
  'NFT_CT_HELPER', 'NFT_CT_L3PROTOCOL', 'NFT_CT_SRC', 'NFT_CT_DST', 'NFT_CT_PROTOCOL', 'NFT_CT_PROTO_SRC',
  'NFT_CT_PROTO_DST', 'NFT_CT_LABELS', 'NFT_CT_PKTS', 'NFT_CT_BYTES', 'NFT_CT_AVGPKT', 'NFT_CT_ZONE',
  'NFT_CT_EVENTMASK', 'NFT_CT_SRC_IP', 'NFT_CT_DST_IP', 'NFT_CT_SRC_IP6', 'NFT_CT_DST_IP6', 'NFT_CT_ID',
]);

export const NFTA_CT = attrs('NFTA_CT', [
  [1, 'NFTA_CT_DREG', 'be32', NFT_REG],
  [2, 'NFTA_CT_KEY', 'be32', NFT_CT_KEYS],
  [3, 'NFTA_CT_DIRECTION', 'u8', IP_CT_DIR],
  [4, 'NFTA_CT_SREG', 'be32', NFT_REG],
]);

/** The flow_offload expression (`flow add @ft`). */
export const NFTA_FLOW = attrs('NFTA_FLOW', [
  [1, 'NFTA_FLOW_TABLE_NAME', 'string'],
]);

export const NFT_LIMIT_TYPE = enumSeq('nft_limit_type', ['NFT_LIMIT_PKTS', 'NFT_LIMIT_PKT_BYTES']);
export const NFT_LIMIT_F = flagsOf('nft_limit_flags', { NFT_LIMIT_F_INV: 1 << 0 });

export const NFTA_LIMIT = attrs('NFTA_LIMIT', [
  [1, 'NFTA_LIMIT_RATE', 'be64'],
  [2, 'NFTA_LIMIT_UNIT', 'be64'], // seconds
  [3, 'NFTA_LIMIT_BURST', 'be32'],
  [4, 'NFTA_LIMIT_TYPE', 'be32', NFT_LIMIT_TYPE],
  [5, 'NFTA_LIMIT_FLAGS', 'be32', NFT_LIMIT_F],
  [6, 'NFTA_LIMIT_PAD', 'binary'],
]);

export const NFT_CONNLIMIT_F = flagsOf('nft_connlimit_flags', { NFT_CONNLIMIT_F_INV: 1 << 0 });

export const NFTA_CONNLIMIT = attrs('NFTA_CONNLIMIT', [
  [1, 'NFTA_CONNLIMIT_COUNT', 'be32'],
  [2, 'NFTA_CONNLIMIT_FLAGS', 'be32', NFT_CONNLIMIT_F],
]);

export const NFTA_COUNTER = attrs('NFTA_COUNTER', [
  [1, 'NFTA_COUNTER_BYTES', 'be64'],
  [2, 'NFTA_COUNTER_PACKETS', 'be64'],
  [3, 'NFTA_COUNTER_PAD', 'binary'],
]);

export const NFTA_LAST = attrs('NFTA_LAST', [
  [1, 'NFTA_LAST_SET', 'be32'],
  [2, 'NFTA_LAST_MSECS', 'be64'],
  [3, 'NFTA_LAST_PAD', 'binary'],
]);

export const NFT_LOGLEVEL = enumSeq('nft_log_level', [
  'NFT_LOGLEVEL_EMERG', 'NFT_LOGLEVEL_ALERT', 'NFT_LOGLEVEL_CRIT', 'NFT_LOGLEVEL_ERR', 'NFT_LOGLEVEL_WARNING',
  'NFT_LOGLEVEL_NOTICE', 'NFT_LOGLEVEL_INFO', 'NFT_LOGLEVEL_DEBUG', 'NFT_LOGLEVEL_AUDIT',
]);

/** NF_LOG_* (linux/netfilter/nf_log.h). */
export const NF_LOG = flagsOf('NF_LOG', {
  NF_LOG_TCPSEQ: 0x01, NF_LOG_TCPOPT: 0x02, NF_LOG_IPOPT: 0x04, NF_LOG_UID: 0x08, NF_LOG_NFLOG: 0x10, NF_LOG_MACDECODE: 0x20,
});

export const NFTA_LOG = attrs('NFTA_LOG', [
  [1, 'NFTA_LOG_GROUP', 'be16'],
  [2, 'NFTA_LOG_PREFIX', 'string'],
  [3, 'NFTA_LOG_SNAPLEN', 'be32'],
  [4, 'NFTA_LOG_QTHRESHOLD', 'be16'],
  [5, 'NFTA_LOG_LEVEL', 'be32', NFT_LOGLEVEL],
  [6, 'NFTA_LOG_FLAGS', 'be32', NF_LOG],
]);

export const NFT_QUEUE_FLAG = flagsOf('NFT_QUEUE_FLAG', { NFT_QUEUE_FLAG_BYPASS: 0x01, NFT_QUEUE_FLAG_CPU_FANOUT: 0x02 });

export const NFTA_QUEUE = attrs('NFTA_QUEUE', [
  [1, 'NFTA_QUEUE_NUM', 'be16'],
  [2, 'NFTA_QUEUE_TOTAL', 'be16'],
  [3, 'NFTA_QUEUE_FLAGS', 'be16', NFT_QUEUE_FLAG],
  [4, 'NFTA_QUEUE_SREG_QNUM', 'be32', NFT_REG],
]);

export const NFT_QUOTA_F = flagsOf('nft_quota_flags', { NFT_QUOTA_F_INV: 1 << 0, NFT_QUOTA_F_DEPLETED: 1 << 1 });

export const NFTA_QUOTA = attrs('NFTA_QUOTA', [
  [1, 'NFTA_QUOTA_BYTES', 'be64'],
  [2, 'NFTA_QUOTA_FLAGS', 'be32', NFT_QUOTA_F],
  [3, 'NFTA_QUOTA_PAD', 'binary'],
  [4, 'NFTA_QUOTA_CONSUMED', 'be64'],
]);

export const NFT_REJECT_TYPES = enumSeq('nft_reject_types', ['NFT_REJECT_ICMP_UNREACH', 'NFT_REJECT_TCP_RST', 'NFT_REJECT_ICMPX_UNREACH']);
export const NFT_REJECT_ICMPX = enumSeq('nft_reject_inet_code', [
  'NFT_REJECT_ICMPX_NO_ROUTE', 'NFT_REJECT_ICMPX_PORT_UNREACH', 'NFT_REJECT_ICMPX_HOST_UNREACH', 'NFT_REJECT_ICMPX_ADMIN_PROHIBITED',
]);

export const NFTA_REJECT = attrs('NFTA_REJECT', [
  [1, 'NFTA_REJECT_TYPE', 'be32', NFT_REJECT_TYPES],
  // the abstract ICMPX codes by name; ICMP / ICMPv6 codes stay numbers
  [2, 'NFTA_REJECT_ICMP_CODE', select((ctx: SelectCtx) => ({ kind: 'int', int: 'u8', enum: ctx.siblings.NFTA_REJECT_TYPE === 'NFT_REJECT_ICMPX_UNREACH' ? NFT_REJECT_ICMPX : undefined }))],
]);

export const NFT_NAT_TYPES = enumSeq('nft_nat_types', ['NFT_NAT_SNAT', 'NFT_NAT_DNAT']);

/** NF_NAT_RANGE_* (linux/netfilter/nf_nat.h). */
export const NF_NAT_RANGE = flagsOf('NF_NAT_RANGE', {
  NF_NAT_RANGE_MAP_IPS: 1 << 0,
  NF_NAT_RANGE_PROTO_SPECIFIED: 1 << 1,
  NF_NAT_RANGE_PROTO_RANDOM: 1 << 2,
  NF_NAT_RANGE_PERSISTENT: 1 << 3,
  NF_NAT_RANGE_PROTO_RANDOM_FULLY: 1 << 4,
  NF_NAT_RANGE_PROTO_OFFSET: 1 << 5,
  NF_NAT_RANGE_NETMAP: 1 << 6,
});

export const NFTA_NAT = attrs('NFTA_NAT', [
  [1, 'NFTA_NAT_TYPE', 'be32', NFT_NAT_TYPES],
  [2, 'NFTA_NAT_FAMILY', 'be32', NFPROTO],
  [3, 'NFTA_NAT_REG_ADDR_MIN', 'be32', NFT_REG],
  [4, 'NFTA_NAT_REG_ADDR_MAX', 'be32', NFT_REG],
  [5, 'NFTA_NAT_REG_PROTO_MIN', 'be32', NFT_REG],
  [6, 'NFTA_NAT_REG_PROTO_MAX', 'be32', NFT_REG],
  [7, 'NFTA_NAT_FLAGS', 'be32', NF_NAT_RANGE],
]);

export const NFTA_TPROXY = attrs('NFTA_TPROXY', [
  [1, 'NFTA_TPROXY_FAMILY', 'be32', NFPROTO],
  [2, 'NFTA_TPROXY_REG_ADDR', 'be32', NFT_REG],
  [3, 'NFTA_TPROXY_REG_PORT', 'be32', NFT_REG],
]);

export const NFTA_MASQ = attrs('NFTA_MASQ', [
  [1, 'NFTA_MASQ_FLAGS', 'be32', NF_NAT_RANGE],
  [2, 'NFTA_MASQ_REG_PROTO_MIN', 'be32', NFT_REG],
  [3, 'NFTA_MASQ_REG_PROTO_MAX', 'be32', NFT_REG],
]);

export const NFTA_REDIR = attrs('NFTA_REDIR', [
  [1, 'NFTA_REDIR_REG_PROTO_MIN', 'be32', NFT_REG],
  [2, 'NFTA_REDIR_REG_PROTO_MAX', 'be32', NFT_REG],
  [3, 'NFTA_REDIR_FLAGS', 'be32', NF_NAT_RANGE],
]);

export const NFTA_DUP = attrs('NFTA_DUP', [
  [1, 'NFTA_DUP_SREG_ADDR', 'be32', NFT_REG],
  [2, 'NFTA_DUP_SREG_DEV', 'be32', NFT_REG],
]);

export const NFTA_FWD = attrs('NFTA_FWD', [
  [1, 'NFTA_FWD_SREG_DEV', 'be32', NFT_REG],
  [2, 'NFTA_FWD_SREG_ADDR', 'be32', NFT_REG],
  [3, 'NFTA_FWD_NFPROTO', 'be32', NFPROTO],
]);

/** NFT_OBJECT_* (#defines): stateful object types. */
export const NFT_OBJECT = enumSeq('NFT_OBJECT', [
  'NFT_OBJECT_UNSPEC', 'NFT_OBJECT_COUNTER', 'NFT_OBJECT_QUOTA', 'NFT_OBJECT_CT_HELPER', 'NFT_OBJECT_LIMIT',
  'NFT_OBJECT_CONNLIMIT', 'NFT_OBJECT_TUNNEL', 'NFT_OBJECT_CT_TIMEOUT', 'NFT_OBJECT_SECMARK', 'NFT_OBJECT_CT_EXPECT',
  'NFT_OBJECT_SYNPROXY',
]);

export const NFTA_OBJREF = attrs('NFTA_OBJREF', [
  [1, 'NFTA_OBJREF_IMM_TYPE', 'be32', NFT_OBJECT],
  [2, 'NFTA_OBJREF_IMM_NAME', 'string'],
  [3, 'NFTA_OBJREF_SET_SREG', 'be32', NFT_REG],
  [4, 'NFTA_OBJREF_SET_NAME', 'string'],
  [5, 'NFTA_OBJREF_SET_ID', 'be32'],
]);

export const NFT_FIB_RESULT = enumSeq('nft_fib_result', ['NFT_FIB_RESULT_UNSPEC', 'NFT_FIB_RESULT_OIF', 'NFT_FIB_RESULT_OIFNAME', 'NFT_FIB_RESULT_ADDRTYPE']);
export const NFTA_FIB_F = flagsOf('nft_fib_flags', {
  NFTA_FIB_F_SADDR: 1 << 0, NFTA_FIB_F_DADDR: 1 << 1, NFTA_FIB_F_MARK: 1 << 2,
  NFTA_FIB_F_IIF: 1 << 3, NFTA_FIB_F_OIF: 1 << 4, NFTA_FIB_F_PRESENT: 1 << 5,
});

export const NFTA_FIB = attrs('NFTA_FIB', [
  [1, 'NFTA_FIB_DREG', 'be32', NFT_REG],
  [2, 'NFTA_FIB_RESULT', 'be32', NFT_FIB_RESULT],
  [3, 'NFTA_FIB_FLAGS', 'be32', NFTA_FIB_F],
]);

export const NFT_OSF_F = flagsOf('nft_osf_flags', { NFT_OSF_F_VERSION: 1 << 0 });

export const NFTA_OSF = attrs('NFTA_OSF', [
  [1, 'NFTA_OSF_DREG', 'be32', NFT_REG],
  [2, 'NFTA_OSF_TTL', 'u8'],
  [3, 'NFTA_OSF_FLAGS', 'be32', NFT_OSF_F],
]);

/** NF_SYNPROXY_OPT_* (linux/netfilter/nf_synproxy.h). */
export const NF_SYNPROXY_OPT = flagsOf('NF_SYNPROXY_OPT', {
  NF_SYNPROXY_OPT_MSS: 0x01, NF_SYNPROXY_OPT_WSCALE: 0x02, NF_SYNPROXY_OPT_SACK_PERM: 0x04,
  NF_SYNPROXY_OPT_TIMESTAMP: 0x08, NF_SYNPROXY_OPT_ECN: 0x10,
});

export const NFTA_SYNPROXY = attrs('NFTA_SYNPROXY', [
  [1, 'NFTA_SYNPROXY_MSS', 'be16'],
  [2, 'NFTA_SYNPROXY_WSCALE', 'u8'],
  [3, 'NFTA_SYNPROXY_FLAGS', 'be32', NF_SYNPROXY_OPT],
]);

export const NFT_XFRM_KEYS = enumSeq('nft_xfrm_keys', [
  'NFT_XFRM_KEY_UNSPEC', 'NFT_XFRM_KEY_DADDR_IP4', 'NFT_XFRM_KEY_DADDR_IP6', 'NFT_XFRM_KEY_SADDR_IP4',
  'NFT_XFRM_KEY_SADDR_IP6', 'NFT_XFRM_KEY_REQID', 'NFT_XFRM_KEY_SPI',
]);

export const NFTA_XFRM = attrs('NFTA_XFRM', [
  [1, 'NFTA_XFRM_DREG', 'be32', NFT_REG],
  [2, 'NFTA_XFRM_KEY', 'be32', NFT_XFRM_KEYS],
  [3, 'NFTA_XFRM_DIR', 'u8'], // XFRM_POLICY_IN / XFRM_POLICY_OUT
  [4, 'NFTA_XFRM_SPNUM', 'be32'],
]);

export const NFT_NG_TYPES = enumSeq('nft_ng_types', ['NFT_NG_INCREMENTAL', 'NFT_NG_RANDOM']);

export const NFTA_NG = attrs('NFTA_NG', [
  [1, 'NFTA_NG_DREG', 'be32', NFT_REG],
  [2, 'NFTA_NG_MODULUS', 'be32'],
  [3, 'NFTA_NG_TYPE', 'be32', NFT_NG_TYPES],
  [4, 'NFTA_NG_OFFSET', 'be32'],
  [5, 'NFTA_NG_SET_NAME', 'string'], // deprecated
  [6, 'NFTA_NG_SET_ID', 'be32'], // deprecated
]);

export const NFT_TUNNEL_KEYS = enumSeq('nft_tunnel_keys', ['NFT_TUNNEL_PATH', 'NFT_TUNNEL_ID']);
export const NFT_TUNNEL_MODE = enumSeq('nft_tunnel_mode', ['NFT_TUNNEL_MODE_NONE', 'NFT_TUNNEL_MODE_RX', 'NFT_TUNNEL_MODE_TX']);

export const NFTA_TUNNEL = attrs('NFTA_TUNNEL', [
  [1, 'NFTA_TUNNEL_KEY', 'be32', NFT_TUNNEL_KEYS],
  [2, 'NFTA_TUNNEL_DREG', 'be32', NFT_REG],
  [3, 'NFTA_TUNNEL_MODE', 'be32', NFT_TUNNEL_MODE],
]);

/** Linux 6.2: the inner expression matches inside tunnel headers (vxlan, geneve). */
export const NFT_INNER_TYPE = enumSeq('nft_inner_type', ['NFT_INNER_UNSPEC', 'NFT_INNER_VXLAN', 'NFT_INNER_GENEVE']);
export const NFT_INNER_F = flagsOf('nft_inner_flags', { NFT_INNER_HDRSIZE: 1 << 0, NFT_INNER_LL: 1 << 1, NFT_INNER_NH: 1 << 2, NFT_INNER_TH: 1 << 3 });

export const NFTA_INNER = attrs('NFTA_INNER', [
  [1, 'NFTA_INNER_NUM', 'be32'],
  [2, 'NFTA_INNER_TYPE', 'be32', NFT_INNER_TYPE],
  [3, 'NFTA_INNER_FLAGS', 'be32', NFT_INNER_F],
  [4, 'NFTA_INNER_HDRSIZE', 'be32'],
  [5, 'NFTA_INNER_EXPR', () => NFTA_EXPR],
]);

/** xtables extensions inside nf_tables (nft_compat: iptables-nft's "match" and "target"). */
export const NFTA_MATCH = attrs('NFTA_MATCH', [
  [1, 'NFTA_MATCH_NAME', 'string'],
  [2, 'NFTA_MATCH_REV', 'be32'],
  [3, 'NFTA_MATCH_INFO', 'binary'], // the xt match's own struct
]);

export const NFTA_TARGET = attrs('NFTA_TARGET', [
  [1, 'NFTA_TARGET_NAME', 'string'],
  [2, 'NFTA_TARGET_REV', 'be32'],
  [3, 'NFTA_TARGET_INFO', 'binary'],
]);

/** NFTA_EXPR_DATA by NFTA_EXPR_NAME: the name each expression type registers with (struct nft_expr_type
 *  .name). `notrack` has no attributes: the kernel sends no NFTA_EXPR_DATA for it. */
export const EXPR_DATA: ReadonlyMap<string, AttrSet> = new Map([
  ['immediate', NFTA_IMMEDIATE],
  ['bitwise', NFTA_BITWISE],
  ['byteorder', NFTA_BYTEORDER],
  ['cmp', NFTA_CMP],
  ['range', NFTA_RANGE],
  ['lookup', NFTA_LOOKUP],
  ['dynset', NFTA_DYNSET],
  ['payload', NFTA_PAYLOAD],
  ['exthdr', NFTA_EXTHDR],
  ['meta', NFTA_META],
  ['rt', NFTA_RT],
  ['hash', NFTA_HASH],
  ['socket', NFTA_SOCKET],
  ['ct', NFTA_CT],
  ['flow_offload', NFTA_FLOW],
  ['limit', NFTA_LIMIT],
  ['connlimit', NFTA_CONNLIMIT],
  ['counter', NFTA_COUNTER],
  ['last', NFTA_LAST],
  ['log', NFTA_LOG],
  ['queue', NFTA_QUEUE],
  ['quota', NFTA_QUOTA],
  ['reject', NFTA_REJECT],
  ['nat', NFTA_NAT],
  ['tproxy', NFTA_TPROXY],
  ['masq', NFTA_MASQ],
  ['redir', NFTA_REDIR],
  ['dup', NFTA_DUP],
  ['fwd', NFTA_FWD],
  ['objref', NFTA_OBJREF],
  ['fib', NFTA_FIB],
  ['osf', NFTA_OSF],
  ['synproxy', NFTA_SYNPROXY],
  ['xfrm', NFTA_XFRM],
  ['numgen', NFTA_NG],
  ['tunnel', NFTA_TUNNEL],
  ['inner', NFTA_INNER],
  ['match', NFTA_MATCH],
  ['target', NFTA_TARGET],
]);

/** enum nft_expr_attributes: one expression; its data chosen by its name. */
export const NFTA_EXPR = attrs('NFTA_EXPR', [
  [1, 'NFTA_EXPR_NAME', 'string'],
  [2, 'NFTA_EXPR_DATA', select((ctx) => EXPR_DATA.get(String(ctx.siblings.NFTA_EXPR_NAME)))],
]);

/** A list of expressions (NFTA_RULE_EXPRESSIONS, NFTA_SET_EXPRESSIONS ...): NFTA_LIST_ELEM each. */
export const NFTA_EXPR_LIST = attrs('NFTA_LIST_EXPR', [
  [1, 'NFTA_LIST_ELEM', NFTA_EXPR, { multi: true }],
]);
