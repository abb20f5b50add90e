// The smaller nfnetlink subsystems: extended accounting (linux/netfilter/nfnetlink_acct.h),
// hook listing (nfnetlink_hook.h, `nft list hooks`), xtables revision lookup for nft_compat
// (nf_tables_compat.h), passive OS fingerprints (nfnetlink_osf.h) and ipset (ipset/ip_set.h).
import { attrs, enumOf, enumSeq, flagsOf, select, type AttrSet, type AttrSpec, type SelectCtx } from '../../src/codec/schema.js';
import { IPPROTO } from '../netlink.js';
import { hooksOf, NFPROTO } from './common.js';

export const NFNL_MSG_ACCT = enumSeq('nfnl_acct_msg_types', [
  'NFNL_MSG_ACCT_NEW',
  'NFNL_MSG_ACCT_GET',
  'NFNL_MSG_ACCT_GET_CTRZERO',
  'NFNL_MSG_ACCT_DEL',
  'NFNL_MSG_ACCT_OVERQUOTA',
]);

export const NFACCT_F = flagsOf('nfnl_acct_flags', {
  NFACCT_F_QUOTA_PKTS: 1 << 0,
  NFACCT_F_QUOTA_BYTES: 1 << 1,
  NFACCT_F_OVERQUOTA: 1 << 2,
});

export const NFACCT_FILTER = attrs('NFACCT_FILTER', [
  [1, 'NFACCT_FILTER_MASK', 'be32', NFACCT_F],
  [2, 'NFACCT_FILTER_VALUE', 'be32', NFACCT_F],
]);

export const NFACCT = attrs('NFACCT', [
  [1, 'NFACCT_NAME', 'string'],
  [2, 'NFACCT_PKTS', 'be64'],
  [3, 'NFACCT_BYTES', 'be64'],
  [4, 'NFACCT_USE', 'be32'],
  [5, 'NFACCT_FLAGS', 'be32', NFACCT_F],
  [6, 'NFACCT_QUOTA', 'be64'],
  [7, 'NFACCT_FILTER', NFACCT_FILTER],
  [8, 'NFACCT_PAD', 'binary'],
]);

export const NFNL_MSG_HOOK = enumSeq('nfnl_hook_msg_types', ['NFNL_MSG_HOOK_GET']);

export const NFNL_HOOK_TYPE = enumOf('nfnl_hook_chaintype', {
  NFNL_HOOK_TYPE_NFTABLES: 0x1,
  NFNL_HOOK_TYPE_BPF: 0x2, // Linux 6.4
});

export const NFNLA_CHAIN = attrs('NFNLA_CHAIN', [
  [1, 'NFNLA_CHAIN_TABLE', 'string'],
  [2, 'NFNLA_CHAIN_FAMILY', 'u8', NFPROTO],
  [3, 'NFNLA_CHAIN_NAME', 'string'],
]);

export const NFNLA_HOOK_INFO = attrs('NFNLA_HOOK_INFO', [
  [1, 'NFNLA_HOOK_INFO_DESC', NFNLA_CHAIN],
  [2, 'NFNLA_HOOK_INFO_TYPE', 'be32', NFNL_HOOK_TYPE],
]);

export const NFNLA_HOOK = attrs('NFNLA_HOOK', [
  [1, 'NFNLA_HOOK_HOOKNUM', select((ctx: SelectCtx) => ({ kind: 'int', int: 'be32', enum: hooksOf(ctx.body.nfgen_family) }))],
  [2, 'NFNLA_HOOK_PRIORITY', 'sbe32'],
  [3, 'NFNLA_HOOK_DEV', 'string'],
  [4, 'NFNLA_HOOK_FUNCTION_NAME', 'string'],
  [5, 'NFNLA_HOOK_MODULE_NAME', 'string'],
  [6, 'NFNLA_HOOK_CHAIN_INFO', NFNLA_HOOK_INFO],
]);

/** NFNL_MSG_COMPAT_GET: does the kernel have this xtables match / target revision? */
export const NFNL_MSG_COMPAT = enumSeq('nft_compat_msg_types', ['NFNL_MSG_COMPAT_GET']);

export const NFTA_COMPAT = attrs('NFTA_COMPAT', [
  [1, 'NFTA_COMPAT_NAME', 'string'],
  [2, 'NFTA_COMPAT_REV', 'be32'],
  [3, 'NFTA_COMPAT_TYPE', 'be32'], // 1: a target, 0: a match (nft_compat.c)
]);

export const OSF_MSG = enumSeq('nf_osf_msg_types', ['OSF_MSG_ADD', 'OSF_MSG_REMOVE']);

export const OSF_ATTR = attrs('OSF_ATTR', [
  [1, 'OSF_ATTR_FINGER', 'binary'], // struct nf_osf_user_finger
]);

/** enum ipset_cmd: the message number within NFNL_SUBSYS_IPSET. */
export const IPSET_CMD = enumSeq('ipset_cmd', [
  'IPSET_CMD_NONE',
  'IPSET_CMD_PROTOCOL',
  'IPSET_CMD_CREATE',
  'IPSET_CMD_DESTROY',
  'IPSET_CMD_FLUSH',
  'IPSET_CMD_RENAME',
  'IPSET_CMD_SWAP',
  'IPSET_CMD_LIST',
  'IPSET_CMD_SAVE',
  'IPSET_CMD_ADD',
  'IPSET_CMD_DEL',
  'IPSET_CMD_TEST',
  'IPSET_CMD_HEADER',
  'IPSET_CMD_TYPE',
  'IPSET_CMD_GET_BYNAME',
  'IPSET_CMD_GET_BYINDEX',
]);

export const IPSET_FLAG = flagsOf('ipset_cmd_flags', {
  IPSET_FLAG_EXIST: 1 << 0,
  IPSET_FLAG_LIST_SETNAME: 1 << 1,
  IPSET_FLAG_LIST_HEADER: 1 << 2,
  IPSET_FLAG_SKIP_COUNTER_UPDATE: 1 << 3,
  IPSET_FLAG_SKIP_SUBCOUNTER_UPDATE: 1 << 4,
  IPSET_FLAG_MATCH_COUNTERS: 1 << 5,
  IPSET_FLAG_RETURN_NOMATCH: 1 << 7,
  IPSET_FLAG_MAP_SKBMARK: 1 << 8,
  IPSET_FLAG_MAP_SKBPRIO: 1 << 9,
  IPSET_FLAG_MAP_SKBQUEUE: 1 << 10,
});

export const IPSET_CADT_FLAG = flagsOf('ipset_cadt_flags', {
  IPSET_FLAG_BEFORE: 1 << 0,
  IPSET_FLAG_PHYSDEV: 1 << 1,
  IPSET_FLAG_NOMATCH: 1 << 2,
  IPSET_FLAG_WITH_COUNTERS: 1 << 3,
  IPSET_FLAG_WITH_COMMENT: 1 << 4,
  IPSET_FLAG_WITH_FORCEADD: 1 << 5,
  IPSET_FLAG_WITH_SKBINFO: 1 << 6,
  IPSET_FLAG_IFACE_WILDCARD: 1 << 7,
});

// ipset puts its numbers with nla_put_net16/32/64 and its addresses with NLA_F_NET_BYTEORDER set:
// declared host order with `netorder`, the flag makes them network order on the wire.
const net = { netorder: true } as const;
const nested = { nested: true } as const;

export const IPSET_ATTR_IPADDR = attrs('IPSET_ATTR_IPADDR', [
  [1, 'IPSET_ATTR_IPADDR_IPV4', 'ip4', net],
  [2, 'IPSET_ATTR_IPADDR_IPV6', 'ip6', net],
]);

/** Attributes 1..16 are shared by create and element data (IPSET_ATTR_CADT_MAX). */
const CADT = [
  [1, 'IPSET_ATTR_IP', IPSET_ATTR_IPADDR, nested], // IPSET_ATTR_IP_FROM
  [2, 'IPSET_ATTR_IP_TO', IPSET_ATTR_IPADDR, nested],
  [3, 'IPSET_ATTR_CIDR', 'u8'],
  [4, 'IPSET_ATTR_PORT', 'u16', net], // IPSET_ATTR_PORT_FROM
  [5, 'IPSET_ATTR_PORT_TO', 'u16', net],
  [6, 'IPSET_ATTR_TIMEOUT', 'u32', net], // seconds
  [7, 'IPSET_ATTR_PROTO', 'u8', IPPROTO],
  [8, 'IPSET_ATTR_CADT_FLAGS', 'u32', { flags: IPSET_CADT_FLAG, netorder: true }],
  [9, 'IPSET_ATTR_CADT_LINENO', 'u32', net],
  [10, 'IPSET_ATTR_MARK', 'u32', net],
  [11, 'IPSET_ATTR_MARKMASK', 'u32', net],
] as const satisfies readonly AttrSpec[];

/** Set parameters (IPSET_CMD_CREATE, and the header of LIST / SAVE / HEADER answers). */
export const IPSET_ATTR_CREATE = attrs('IPSET_ATTR_CREATE', [
  ...CADT,
  [17, 'IPSET_ATTR_INITVAL', 'u32', net],
  [18, 'IPSET_ATTR_HASHSIZE', 'u32', net],
  [19, 'IPSET_ATTR_MAXELEM', 'u32', net],
  [20, 'IPSET_ATTR_NETMASK', 'u8'],
  [21, 'IPSET_ATTR_BUCKETSIZE', 'u8'],
  [22, 'IPSET_ATTR_RESIZE', 'u8'],
  [23, 'IPSET_ATTR_SIZE', 'u32', net],
  [24, 'IPSET_ATTR_ELEMENTS', 'u32', net],
  [25, 'IPSET_ATTR_REFERENCES', 'u32', net],
  [26, 'IPSET_ATTR_MEMSIZE', 'u32', net],
]);

/** One element (IPSET_CMD_ADD / DEL / TEST, the members of LIST answers). */
export const IPSET_ATTR_ADT_DATA = attrs('IPSET_ATTR_ADT_DATA', [
  ...CADT,
  [17, 'IPSET_ATTR_ETHER', 'mac'],
  [18, 'IPSET_ATTR_NAME', 'string'],
  [19, 'IPSET_ATTR_NAMEREF', 'string'],
  [20, 'IPSET_ATTR_IP2', IPSET_ATTR_IPADDR, nested],
  [21, 'IPSET_ATTR_CIDR2', 'u8'],
  [22, 'IPSET_ATTR_IP2_TO', IPSET_ATTR_IPADDR, nested],
  [23, 'IPSET_ATTR_IFACE', 'string'],
  [24, 'IPSET_ATTR_BYTES', 'u64', net],
  [25, 'IPSET_ATTR_PACKETS', 'u64', net],
  [26, 'IPSET_ATTR_COMMENT', 'string'],
  [27, 'IPSET_ATTR_SKBMARK', 'u64', net], // mark << 32 | mask
  [28, 'IPSET_ATTR_SKBPRIO', 'u32', net],
  [29, 'IPSET_ATTR_SKBQUEUE', 'u16', net],
  [30, 'IPSET_ATTR_PAD', 'binary'],
]);

/** IPSET_ATTR_ADT: several elements, each an IPSET_ATTR_DATA. */
export const IPSET_ATTR_ADT = attrs('IPSET_ATTR_ADT', [
  [7, 'IPSET_ATTR_DATA', IPSET_ATTR_ADT_DATA, { multi: true, nested: true }],
]);

/** Command-level attributes; IPSET_ATTR_DATA holds set parameters or one element, by command. */
function ipsetCommand(name: string, data: AttrSet): AttrSet {
  return attrs(name, [
    [1, 'IPSET_ATTR_PROTOCOL', 'u8'],
    [2, 'IPSET_ATTR_SETNAME', 'string'],
    [3, 'IPSET_ATTR_TYPENAME', 'string'], // IPSET_ATTR_SETNAME2 at rename / swap
    [4, 'IPSET_ATTR_REVISION', 'u8'],
    [5, 'IPSET_ATTR_FAMILY', 'u8', NFPROTO],
    [6, 'IPSET_ATTR_FLAGS', 'u32', { flags: IPSET_FLAG, netorder: true }],
    [7, 'IPSET_ATTR_DATA', data, nested],
    [8, 'IPSET_ATTR_ADT', IPSET_ATTR_ADT, nested],
    [9, 'IPSET_ATTR_LINENO', 'u32', net],
    [10, 'IPSET_ATTR_PROTOCOL_MIN', 'u8'], // IPSET_ATTR_REVISION_MIN
    [11, 'IPSET_ATTR_INDEX', 'u16', net],
  ]);
}

export const IPSET_ATTR = ipsetCommand('IPSET_ATTR', IPSET_ATTR_CREATE);
export const IPSET_ATTR_ELEMENT = ipsetCommand('IPSET_ATTR_ELEMENT', IPSET_ATTR_ADT_DATA);

/** The attribute set of an ipset command: element commands carry one element in IPSET_ATTR_DATA. */
export const ipsetAttrs = (name: string): AttrSet => (/^IPSET_CMD_(ADD|DEL|TEST)$/.test(name) ? IPSET_ATTR_ELEMENT : IPSET_ATTR);
