// nf_tables objects (linux/netfilter/nf_tables.h, subsystem NFNL_SUBSYS_NFTABLES): tables, chains,
// rules, sets and their elements, stateful objects, flowtables, generations and traces. Numbers are
// big-endian (nla_put_be32 / nla_put_be64) without NLA_F_NET_BYTEORDER; handles are be64.
// Expressions live in nft-expr.ts. Names newer than the installed 6.1 headers carry the kernel
// version that added them.
import { array, attrs, enumOf, enumSeq, flagsOf, select, type AttrSet, type SelectCtx } from '../../src/codec/schema.js';
import { IPPROTO } from '../netlink.js';
import { ARPHRD } from '../route/link.js';
import { hooksOf, NFPROTO, NF_VERDICT, NF_NETDEV_HOOKS } from './common.js';
import { IPS } from './conntrack.js';
import { timeoutsBy } from './ctextras.js';
import {
  NFTA_CONNLIMIT, NFTA_COUNTER, NFTA_DATA, NFTA_EXPR, NFTA_EXPR_LIST, NFTA_LIMIT, NFTA_QUOTA, NFTA_SYNPROXY,
  NFTA_VERDICT, NFT_OBJECT,
} from './nft-expr.js';

/** enum nf_tables_msg_types. */
export const NFT_MSG = enumSeq('nf_tables_msg_types', [
  'NFT_MSG_NEWTABLE',
  'NFT_MSG_GETTABLE',
  'NFT_MSG_DELTABLE',
  'NFT_MSG_NEWCHAIN',
  'NFT_MSG_GETCHAIN',
  'NFT_MSG_DELCHAIN',
  'NFT_MSG_NEWRULE',
  'NFT_MSG_GETRULE',
  'NFT_MSG_DELRULE',
  'NFT_MSG_NEWSET',
  'NFT_MSG_GETSET',
  'NFT_MSG_DELSET',
  'NFT_MSG_NEWSETELEM',
  'NFT_MSG_GETSETELEM',
  'NFT_MSG_DELSETELEM',
  'NFT_MSG_NEWGEN',
  'NFT_MSG_GETGEN',
  'NFT_MSG_TRACE',
  'NFT_MSG_NEWOBJ',
  'NFT_MSG_GETOBJ',
  'NFT_MSG_DELOBJ',
  'NFT_MSG_GETOBJ_RESET',
  'NFT_MSG_NEWFLOWTABLE',
  'NFT_MSG_GETFLOWTABLE',
  'NFT_MSG_DELFLOWTABLE',
  'NFT_MSG_GETRULE_RESET', // Linux 6.3 ...
  'NFT_MSG_DESTROYTABLE', // DESTROY*: delete, no error if absent (6.3)
  'NFT_MSG_DESTROYCHAIN',
  'NFT_MSG_DESTROYRULE',
  'NFT_MSG_DESTROYSET',
  'NFT_MSG_DESTROYSETELEM',
  'NFT_MSG_DESTROYOBJ',
  'NFT_MSG_DESTROYFLOWTABLE',
  'NFT_MSG_GETSETELEM_RESET', // Linux 6.5
]);

export const NFT_TABLE_F = flagsOf('nft_table_flags', {
  NFT_TABLE_F_DORMANT: 0x1,
  NFT_TABLE_F_OWNER: 0x2,
  NFT_TABLE_F_PERSIST: 0x4, // Linux 6.9
});

export const NFTA_TABLE = attrs('NFTA_TABLE', [
  [1, 'NFTA_TABLE_NAME', 'string'],
  [2, 'NFTA_TABLE_FLAGS', 'be32', NFT_TABLE_F],
  [3, 'NFTA_TABLE_USE', 'be32'], // number of chains
  [4, 'NFTA_TABLE_HANDLE', 'be64'],
  [5, 'NFTA_TABLE_PAD', 'binary'],
  [6, 'NFTA_TABLE_USERDATA', 'binary'], // libnftnl udata TLVs (comment ...)
  [7, 'NFTA_TABLE_OWNER', 'be32'], // netlink port id of the owning socket
]);

/** enum nft_devices_attributes: device lists of netdev chains and flowtables. */
export const NFTA_DEVICE = attrs('NFTA_DEVICE', [
  [1, 'NFTA_DEVICE_NAME', 'string', { multi: true }],
  [2, 'NFTA_DEVICE_PREFIX', 'string', { multi: true }], // Linux 6.16: "eth*"
]);

/** Hook numbers are per family: NF_INET_* for ip/ip6/inet, NF_NETDEV_* for netdev ... */
const hooknum = select((ctx: SelectCtx) => ({ kind: 'int', int: 'be32', enum: hooksOf(ctx.body.nfgen_family) }));

export const NFTA_HOOK = attrs('NFTA_HOOK', [
  [1, 'NFTA_HOOK_HOOKNUM', hooknum],
  [2, 'NFTA_HOOK_PRIORITY', 'sbe32'], // htonl of a signed priority (NF_IP_PRI_FILTER 0, dstnat -100 ...)
  [3, 'NFTA_HOOK_DEV', 'string'],
  [4, 'NFTA_HOOK_DEVS', NFTA_DEVICE],
]);

export const NFT_CHAIN_F = flagsOf('nft_chain_flags', {
  NFT_CHAIN_BASE: 1 << 0,
  NFT_CHAIN_HW_OFFLOAD: 1 << 1,
  NFT_CHAIN_BINDING: 1 << 2,
});

export const NFTA_CHAIN = attrs('NFTA_CHAIN', [
  [1, 'NFTA_CHAIN_TABLE', 'string'],
  [2, 'NFTA_CHAIN_HANDLE', 'be64'],
  [3, 'NFTA_CHAIN_NAME', 'string'],
  [4, 'NFTA_CHAIN_HOOK', NFTA_HOOK],
  [5, 'NFTA_CHAIN_POLICY', 'be32', NF_VERDICT],
  [6, 'NFTA_CHAIN_USE', 'be32'], // references (jumps) to this chain
  [7, 'NFTA_CHAIN_TYPE', 'string'], // "filter", "nat", "route"
  [8, 'NFTA_CHAIN_COUNTERS', NFTA_COUNTER],
  [9, 'NFTA_CHAIN_PAD', 'binary'],
  [10, 'NFTA_CHAIN_FLAGS', 'be32', NFT_CHAIN_F],
  [11, 'NFTA_CHAIN_ID', 'be32'],
  [12, 'NFTA_CHAIN_USERDATA', 'binary'],
]);

export const NFT_RULE_COMPAT_F = flagsOf('nft_rule_compat_flags', {
  NFT_RULE_COMPAT_F_UNUSED: 1 << 0,
  NFT_RULE_COMPAT_F_INV: 1 << 1,
});

export const NFTA_RULE_COMPAT = attrs('NFTA_RULE_COMPAT', [
  [1, 'NFTA_RULE_COMPAT_PROTO', 'be32', { enum: IPPROTO }],
  [2, 'NFTA_RULE_COMPAT_FLAGS', 'be32', NFT_RULE_COMPAT_F],
]);

export const NFTA_RULE = attrs('NFTA_RULE', [
  [1, 'NFTA_RULE_TABLE', 'string'],
  [2, 'NFTA_RULE_CHAIN', 'string'],
  [3, 'NFTA_RULE_HANDLE', 'be64'],
  [4, 'NFTA_RULE_EXPRESSIONS', NFTA_EXPR_LIST],
  [5, 'NFTA_RULE_COMPAT', NFTA_RULE_COMPAT],
  [6, 'NFTA_RULE_POSITION', 'be64'], // handle of the rule to insert after / before
  [7, 'NFTA_RULE_USERDATA', 'binary'], // libnftnl udata TLVs (comment ...)
  [8, 'NFTA_RULE_PAD', 'binary'],
  [9, 'NFTA_RULE_ID', 'be32'],
  [10, 'NFTA_RULE_POSITION_ID', 'be32'],
  [11, 'NFTA_RULE_CHAIN_ID', 'be32'],
]);

export const NFT_SET_F = flagsOf('nft_set_flags', {
  NFT_SET_ANONYMOUS: 0x1,
  NFT_SET_CONSTANT: 0x2,
  NFT_SET_INTERVAL: 0x4,
  NFT_SET_MAP: 0x8,
  NFT_SET_TIMEOUT: 0x10,
  NFT_SET_EVAL: 0x20,
  NFT_SET_OBJECT: 0x40,
  NFT_SET_CONCAT: 0x80,
  NFT_SET_EXPR: 0x100,
});

export const NFT_SET_POL = enumSeq('nft_set_policies', ['NFT_SET_POL_PERFORMANCE', 'NFT_SET_POL_MEMORY']);

/** enum nft_data_types: set data types; user space numbers its own types below the reserved range. */
export const NFT_DATA_TYPES = enumOf('nft_data_types', { NFT_DATA_VALUE: 0, NFT_DATA_VERDICT: 0xffffff00 });

export const NFTA_SET_FIELD = attrs('NFTA_SET_FIELD', [
  [1, 'NFTA_SET_FIELD_LEN', 'be32'], // bytes of one concatenated field
]);

export const NFTA_SET_FIELD_LIST = attrs('NFTA_LIST_SET_FIELD', [
  [1, 'NFTA_LIST_ELEM', NFTA_SET_FIELD, { multi: true }],
]);

export const NFTA_SET_DESC = attrs('NFTA_SET_DESC', [
  [1, 'NFTA_SET_DESC_SIZE', 'be32'],
  [2, 'NFTA_SET_DESC_CONCAT', NFTA_SET_FIELD_LIST],
]);

export const NFTA_SET = attrs('NFTA_SET', [
  [1, 'NFTA_SET_TABLE', 'string'],
  [2, 'NFTA_SET_NAME', 'string'],
  [3, 'NFTA_SET_FLAGS', 'be32', NFT_SET_F],
  [4, 'NFTA_SET_KEY_TYPE', 'be32'], // nft's own datatype ids (concatenations packed 6 bits each)
  [5, 'NFTA_SET_KEY_LEN', 'be32'],
  [6, 'NFTA_SET_DATA_TYPE', 'be32', NFT_DATA_TYPES],
  [7, 'NFTA_SET_DATA_LEN', 'be32'],
  [8, 'NFTA_SET_POLICY', 'be32', NFT_SET_POL],
  [9, 'NFTA_SET_DESC', NFTA_SET_DESC],
  [10, 'NFTA_SET_ID', 'be32'],
  [11, 'NFTA_SET_TIMEOUT', 'be64'], // ms
  [12, 'NFTA_SET_GC_INTERVAL', 'be32'], // ms
  [13, 'NFTA_SET_USERDATA', 'binary'],
  [14, 'NFTA_SET_PAD', 'binary'],
  [15, 'NFTA_SET_OBJ_TYPE', 'be32', NFT_OBJECT],
  [16, 'NFTA_SET_HANDLE', 'be64'],
  [17, 'NFTA_SET_EXPR', NFTA_EXPR],
  [18, 'NFTA_SET_EXPRESSIONS', NFTA_EXPR_LIST],
  [19, 'NFTA_SET_TYPE', 'string'], // Linux 6.18: the set backend, seen as a kernel address in text ("0xffffffff825090e0"): one per backend, another with each kernel build
  [20, 'NFTA_SET_COUNT', 'be32'], // Linux 6.18: elements
]);

export const NFT_SET_ELEM_F = flagsOf('nft_set_elem_flags', {
  NFT_SET_ELEM_INTERVAL_END: 0x1,
  NFT_SET_ELEM_CATCHALL: 0x2,
});

export const NFTA_SET_ELEM = attrs('NFTA_SET_ELEM', [
  [1, 'NFTA_SET_ELEM_KEY', NFTA_DATA],
  [2, 'NFTA_SET_ELEM_DATA', NFTA_DATA],
  [3, 'NFTA_SET_ELEM_FLAGS', 'be32', NFT_SET_ELEM_F],
  [4, 'NFTA_SET_ELEM_TIMEOUT', 'be64'], // ms
  [5, 'NFTA_SET_ELEM_EXPIRATION', 'be64'], // ms left
  [6, 'NFTA_SET_ELEM_USERDATA', 'binary'],
  [7, 'NFTA_SET_ELEM_EXPR', NFTA_EXPR],
  [8, 'NFTA_SET_ELEM_PAD', 'binary'],
  [9, 'NFTA_SET_ELEM_OBJREF', 'string'],
  [10, 'NFTA_SET_ELEM_KEY_END', NFTA_DATA],
  [11, 'NFTA_SET_ELEM_EXPRESSIONS', NFTA_EXPR_LIST],
]);

export const NFTA_SET_ELEM_LIST = attrs('NFTA_SET_ELEM_LIST', [
  [1, 'NFTA_SET_ELEM_LIST_TABLE', 'string'],
  [2, 'NFTA_SET_ELEM_LIST_SET', 'string'],
  // the kernel types every element NFTA_LIST_ELEM (1); libnftnl numbers them 1, 2, 3 ...: an indexed array
  [3, 'NFTA_SET_ELEM_LIST_ELEMENTS', array(NFTA_SET_ELEM)],
  [4, 'NFTA_SET_ELEM_LIST_SET_ID', 'be32'],
]);

/** Object data: nft_ct_helper_obj_dump, nft_ct_timeout_obj_dump, nft_ct_expect_obj_dump put the
 *  layer 3 family as be16 (htons(NFPROTO_*)) and the layer 4 protocol as u8. */
export const NFTA_CT_HELPER = attrs('NFTA_CT_HELPER', [
  [1, 'NFTA_CT_HELPER_NAME', 'string'],
  [2, 'NFTA_CT_HELPER_L3PROTO', 'be16', NFPROTO],
  [3, 'NFTA_CT_HELPER_L4PROTO', 'u8', IPPROTO],
]);

export const NFTA_CT_TIMEOUT = attrs('NFTA_CT_TIMEOUT', [
  [1, 'NFTA_CT_TIMEOUT_L3PROTO', 'be16', NFPROTO],
  [2, 'NFTA_CT_TIMEOUT_L4PROTO', 'u8', IPPROTO],
  [3, 'NFTA_CT_TIMEOUT_DATA', timeoutsBy('NFTA_CT_TIMEOUT_L4PROTO')],
]);

export const NFTA_CT_EXPECT = attrs('NFTA_CT_EXPECT', [
  [1, 'NFTA_CT_EXPECT_L3PROTO', 'be16', NFPROTO],
  [2, 'NFTA_CT_EXPECT_L4PROTO', 'u8', IPPROTO],
  [3, 'NFTA_CT_EXPECT_DPORT', 'be16'],
  [4, 'NFTA_CT_EXPECT_TIMEOUT', 'u32'], // nla_put_u32: host order, ms
  [5, 'NFTA_CT_EXPECT_SIZE', 'u8'],
]);

export const NFTA_SECMARK = attrs('NFTA_SECMARK', [
  [1, 'NFTA_SECMARK_CTX', 'string'],
]);

export const NFTA_TUNNEL_KEY_IP = attrs('NFTA_TUNNEL_KEY_IP', [
  [1, 'NFTA_TUNNEL_KEY_IP_SRC', 'ip4'],
  [2, 'NFTA_TUNNEL_KEY_IP_DST', 'ip4'],
]);

export const NFTA_TUNNEL_KEY_IP6 = attrs('NFTA_TUNNEL_KEY_IP6', [
  [1, 'NFTA_TUNNEL_KEY_IP6_SRC', 'ip6'],
  [2, 'NFTA_TUNNEL_KEY_IP6_DST', 'ip6'],
  [3, 'NFTA_TUNNEL_KEY_IP6_FLOWLABEL', 'be32'],
]);

export const NFTA_TUNNEL_KEY_VXLAN = attrs('NFTA_TUNNEL_KEY_VXLAN', [
  [1, 'NFTA_TUNNEL_KEY_VXLAN_GBP', 'be32'],
]);

export const NFTA_TUNNEL_KEY_ERSPAN = attrs('NFTA_TUNNEL_KEY_ERSPAN', [
  [1, 'NFTA_TUNNEL_KEY_ERSPAN_VERSION', 'be32'],
  [2, 'NFTA_TUNNEL_KEY_ERSPAN_V1_INDEX', 'be32'],
  [3, 'NFTA_TUNNEL_KEY_ERSPAN_V2_HWID', 'u8'],
  [4, 'NFTA_TUNNEL_KEY_ERSPAN_V2_DIR', 'u8'],
]);

export const NFTA_TUNNEL_KEY_GENEVE = attrs('NFTA_TUNNEL_KEY_GENEVE', [
  [1, 'NFTA_TUNNEL_KEY_GENEVE_CLASS', 'be16'],
  [2, 'NFTA_TUNNEL_KEY_GENEVE_TYPE', 'u8'],
  [3, 'NFTA_TUNNEL_KEY_GENEVE_DATA', 'binary'],
]);

export const NFTA_TUNNEL_KEY_OPTS = attrs('NFTA_TUNNEL_KEY_OPTS', [
  [1, 'NFTA_TUNNEL_KEY_OPTS_VXLAN', NFTA_TUNNEL_KEY_VXLAN],
  [2, 'NFTA_TUNNEL_KEY_OPTS_ERSPAN', NFTA_TUNNEL_KEY_ERSPAN],
  [3, 'NFTA_TUNNEL_KEY_OPTS_GENEVE', NFTA_TUNNEL_KEY_GENEVE, { multi: true }],
]);

export const NFT_TUNNEL_F = flagsOf('nft_tunnel_flags', {
  NFT_TUNNEL_F_ZERO_CSUM_TX: 1 << 0,
  NFT_TUNNEL_F_DONT_FRAGMENT: 1 << 1,
  NFT_TUNNEL_F_SEQ_NUMBER: 1 << 2,
});

/** The tunnel object (NFT_OBJECT_TUNNEL): the metadata it attaches. */
export const NFTA_TUNNEL_KEY = attrs('NFTA_TUNNEL_KEY', [
  [1, 'NFTA_TUNNEL_KEY_ID', 'be32'],
  [2, 'NFTA_TUNNEL_KEY_IP', NFTA_TUNNEL_KEY_IP],
  [3, 'NFTA_TUNNEL_KEY_IP6', NFTA_TUNNEL_KEY_IP6],
  [4, 'NFTA_TUNNEL_KEY_FLAGS', 'be32', NFT_TUNNEL_F],
  [5, 'NFTA_TUNNEL_KEY_TOS', 'u8'],
  [6, 'NFTA_TUNNEL_KEY_TTL', 'u8'],
  [7, 'NFTA_TUNNEL_KEY_SPORT', 'be16'],
  [8, 'NFTA_TUNNEL_KEY_DPORT', 'be16'],
  [9, 'NFTA_TUNNEL_KEY_OPTS', NFTA_TUNNEL_KEY_OPTS],
]);

/** NFTA_OBJ_DATA by NFTA_OBJ_TYPE. */
export const OBJ_DATA: ReadonlyMap<unknown, AttrSet> = new Map([
  ['NFT_OBJECT_COUNTER', NFTA_COUNTER],
  ['NFT_OBJECT_QUOTA', NFTA_QUOTA],
  ['NFT_OBJECT_CT_HELPER', NFTA_CT_HELPER],
  ['NFT_OBJECT_LIMIT', NFTA_LIMIT],
  ['NFT_OBJECT_CONNLIMIT', NFTA_CONNLIMIT],
  ['NFT_OBJECT_TUNNEL', NFTA_TUNNEL_KEY],
  ['NFT_OBJECT_CT_TIMEOUT', NFTA_CT_TIMEOUT],
  ['NFT_OBJECT_SECMARK', NFTA_SECMARK],
  ['NFT_OBJECT_CT_EXPECT', NFTA_CT_EXPECT],
  ['NFT_OBJECT_SYNPROXY', NFTA_SYNPROXY],
]);

export const NFTA_OBJ = attrs('NFTA_OBJ', [
  [1, 'NFTA_OBJ_TABLE', 'string'],
  [2, 'NFTA_OBJ_NAME', 'string'],
  [3, 'NFTA_OBJ_TYPE', 'be32', NFT_OBJECT],
  [4, 'NFTA_OBJ_DATA', select((ctx) => OBJ_DATA.get(ctx.siblings.NFTA_OBJ_TYPE))],
  [5, 'NFTA_OBJ_USE', 'be32'],
  [6, 'NFTA_OBJ_HANDLE', 'be64'],
  [7, 'NFTA_OBJ_PAD', 'binary'],
  [8, 'NFTA_OBJ_USERDATA', 'binary'],
]);

export const NFTA_FLOWTABLE_HOOK = attrs('NFTA_FLOWTABLE_HOOK', [
  [1, 'NFTA_FLOWTABLE_HOOK_NUM', 'be32', NF_NETDEV_HOOKS], // flowtables hook netdev ingress
  [2, 'NFTA_FLOWTABLE_HOOK_PRIORITY', 'sbe32'],
  [3, 'NFTA_FLOWTABLE_HOOK_DEVS', NFTA_DEVICE],
]);

export const NFT_FLOWTABLE_F = flagsOf('nft_flowtable_flags', {
  NFT_FLOWTABLE_HW_OFFLOAD: 0x1,
  NFT_FLOWTABLE_COUNTER: 0x2,
});

export const NFTA_FLOWTABLE = attrs('NFTA_FLOWTABLE', [
  [1, 'NFTA_FLOWTABLE_TABLE', 'string'],
  [2, 'NFTA_FLOWTABLE_NAME', 'string'],
  [3, 'NFTA_FLOWTABLE_HOOK', NFTA_FLOWTABLE_HOOK],
  [4, 'NFTA_FLOWTABLE_USE', 'be32'],
  [5, 'NFTA_FLOWTABLE_HANDLE', 'be64'],
  [6, 'NFTA_FLOWTABLE_PAD', 'binary'],
  [7, 'NFTA_FLOWTABLE_FLAGS', 'be32', NFT_FLOWTABLE_F],
]);

/** NFT_MSG_NEWGEN (answer to GETGEN, and the event closing every committed batch). */
export const NFTA_GEN = attrs('NFTA_GEN', [
  [1, 'NFTA_GEN_ID', 'be32'],
  [2, 'NFTA_GEN_PROC_PID', 'be32'], // the process that committed it
  [3, 'NFTA_GEN_PROC_NAME', 'string'],
]);

export const NFT_TRACETYPE = enumSeq('nft_trace_types', ['NFT_TRACETYPE_UNSPEC', 'NFT_TRACETYPE_POLICY', 'NFT_TRACETYPE_RETURN', 'NFT_TRACETYPE_RULE']);

/** NFT_MSG_TRACE events (nft monitor trace). */
export const NFTA_TRACE = attrs('NFTA_TRACE', [
  [1, 'NFTA_TRACE_TABLE', 'string'],
  [2, 'NFTA_TRACE_CHAIN', 'string'],
  [3, 'NFTA_TRACE_RULE_HANDLE', 'be64'],
  [4, 'NFTA_TRACE_TYPE', 'be32', NFT_TRACETYPE],
  [5, 'NFTA_TRACE_VERDICT', NFTA_VERDICT],
  [6, 'NFTA_TRACE_ID', 'be32'],
  [7, 'NFTA_TRACE_LL_HEADER', 'binary'],
  [8, 'NFTA_TRACE_NETWORK_HEADER', 'binary'],
  [9, 'NFTA_TRACE_TRANSPORT_HEADER', 'binary'],
  [10, 'NFTA_TRACE_IIF', 'be32'],
  [11, 'NFTA_TRACE_IIFTYPE', 'be16', ARPHRD],
  [12, 'NFTA_TRACE_OIF', 'be32'],
  [13, 'NFTA_TRACE_OIFTYPE', 'be16', ARPHRD],
  [14, 'NFTA_TRACE_MARK', 'be32'],
  [15, 'NFTA_TRACE_NFPROTO', 'be32', NFPROTO],
  [16, 'NFTA_TRACE_POLICY', 'be32', NF_VERDICT],
  [17, 'NFTA_TRACE_PAD', 'binary'],
  [18, 'NFTA_TRACE_CT_ID', 'be32'], // Linux 6.13: conntrack of the packet
  [19, 'NFTA_TRACE_CT_DIRECTION', 'u8'],
  [20, 'NFTA_TRACE_CT_STATUS', 'be32', IPS],
  [21, 'NFTA_TRACE_CT_STATE', 'be32'], // NF_CT_STATE_BIT(ctinfo) bits
]);
