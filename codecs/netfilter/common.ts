// Pieces every netfilter subsystem shares (linux/netfilter/nfnetlink.h, linux/netfilter.h):
// the nfgenmsg header, subsystem ids, multicast groups, protocol families, hooks and verdicts.
import { attrs, enumOf, enumSeq, struct, type EnumDecl, type StructDecl } from '../../src/codec/schema.js';
import { AF } from '../netlink.js';

/** Subsystem ids: the high byte of every nfnetlink message type (NFNL_SUBSYS_ID). */
export const NFNL_SUBSYS = enumSeq('NFNL_SUBSYS', [
  'NFNL_SUBSYS_NONE',
  'NFNL_SUBSYS_CTNETLINK',
  'NFNL_SUBSYS_CTNETLINK_EXP',
  'NFNL_SUBSYS_QUEUE',
  'NFNL_SUBSYS_ULOG',
  'NFNL_SUBSYS_OSF',
  'NFNL_SUBSYS_IPSET',
  'NFNL_SUBSYS_ACCT',
  'NFNL_SUBSYS_CTNETLINK_TIMEOUT',
  'NFNL_SUBSYS_CTHELPER',
  'NFNL_SUBSYS_NFTABLES',
  'NFNL_SUBSYS_NFT_COMPAT',
  'NFNL_SUBSYS_HOOK',
]);

/** enum nfnetlink_groups (bind / NETLINK_ADD_MEMBERSHIP). */
export const NFNLGRP = enumSeq('NFNLGRP', [
  'NFNLGRP_NONE',
  'NFNLGRP_CONNTRACK_NEW',
  'NFNLGRP_CONNTRACK_UPDATE',
  'NFNLGRP_CONNTRACK_DESTROY',
  'NFNLGRP_CONNTRACK_EXP_NEW',
  'NFNLGRP_CONNTRACK_EXP_UPDATE',
  'NFNLGRP_CONNTRACK_EXP_DESTROY',
  'NFNLGRP_NFTABLES',
  'NFNLGRP_ACCT_QUOTA',
  'NFNLGRP_NFTRACE',
]);

/** Netfilter protocol families (linux/netfilter.h): nf_tables' nfgen_family, NFTA_NAT_FAMILY ...
 *  IPv4 and IPv6 share AF_INET / AF_INET6 numbers; NFPROTO_INET (1) is nf_tables' dual-stack family. */
export const NFPROTO = enumOf('NFPROTO', {
  NFPROTO_UNSPEC: 0,
  NFPROTO_INET: 1,
  NFPROTO_IPV4: 2,
  NFPROTO_ARP: 3,
  NFPROTO_NETDEV: 5,
  NFPROTO_BRIDGE: 7,
  NFPROTO_IPV6: 10,
  NFPROTO_DECNET: 12,
});

export const NFNETLINK_V0 = 0;

/** struct nfgenmsg, the fixed header of every nfnetlink message. `family` names nfgen_family
 *  (AF_* for conntrack, queue and log; NFPROTO_* for nf_tables), `resId` names res_id when it
 *  holds a subsystem id (batch begin / end). */
export function nfgenmsgOf(family: EnumDecl, resId?: EnumDecl): StructDecl {
  return struct('nfgenmsg', [
    ['nfgen_family', 'u8', family],
    ['version', 'u8'], // NFNETLINK_V0
    ['res_id', 'be16', resId ? { enum: resId } : {}], // nf_tables: ruleset generation (low 16 bits); stats: cpu
  ], { header: 'linux/netfilter/nfnetlink.h' });
}

export const nfgenmsg = nfgenmsgOf(AF);
export const nfgenmsgNfproto = nfgenmsgOf(NFPROTO);
export const nfgenmsgBatch = nfgenmsgOf(AF, NFNL_SUBSYS);

/** Control messages below the subsystems (type 0x10, 0x11: NLMSG_MIN_TYPE, NLMSG_MIN_TYPE + 1). */
export const NFNL_MSG_BATCH_BEGIN = 0x10;
export const NFNL_MSG_BATCH_END = 0x11;

export const NFNL_BATCH = attrs('NFNL_BATCH', [
  [1, 'NFNL_BATCH_GENID', 'be32'], // the ruleset generation the batch expects (-ERESTART if stale)
]);

/** Hook verdicts (linux/netfilter.h NF_DROP ...): chain policies, queue verdicts. */
export const NF_VERDICT = enumSeq('NF_VERDICT', ['NF_DROP', 'NF_ACCEPT', 'NF_STOLEN', 'NF_QUEUE', 'NF_REPEAT', 'NF_STOP']);

/** Hooks by family: enum nf_inet_hooks (NF_INET_INGRESS is inet's ingress hook), nf_dev_hooks,
 *  NF_ARP_* (linux/netfilter_arp.h), NF_BR_* (linux/netfilter_bridge.h). */
export const NF_INET_HOOKS = enumSeq('nf_inet_hooks', ['NF_INET_PRE_ROUTING', 'NF_INET_LOCAL_IN', 'NF_INET_FORWARD', 'NF_INET_LOCAL_OUT', 'NF_INET_POST_ROUTING', 'NF_INET_INGRESS']);
export const NF_NETDEV_HOOKS = enumSeq('nf_dev_hooks', ['NF_NETDEV_INGRESS', 'NF_NETDEV_EGRESS']);
export const NF_ARP_HOOKS = enumSeq('NF_ARP', ['NF_ARP_IN', 'NF_ARP_OUT', 'NF_ARP_FORWARD']);
export const NF_BR_HOOKS = enumSeq('NF_BR', ['NF_BR_PRE_ROUTING', 'NF_BR_LOCAL_IN', 'NF_BR_FORWARD', 'NF_BR_LOCAL_OUT', 'NF_BR_POST_ROUTING', 'NF_BR_BROUTING']);

const HOOKS_BY_FAMILY: ReadonlyMap<unknown, EnumDecl> = new Map<unknown, EnumDecl>([
  ['NFPROTO_INET', NF_INET_HOOKS], ['NFPROTO_IPV4', NF_INET_HOOKS], ['NFPROTO_IPV6', NF_INET_HOOKS],
  ['NFPROTO_NETDEV', NF_NETDEV_HOOKS], ['NFPROTO_ARP', NF_ARP_HOOKS], ['NFPROTO_BRIDGE', NF_BR_HOOKS],
]);

/** The hook names of a family (JSON form of nfgen_family), undefined when it has none. */
export function hooksOf(family: unknown): EnumDecl | undefined {
  return HOOKS_BY_FAMILY.get(family);
}

/** enum ip_conntrack_dir (linux/netfilter/nf_conntrack_tuple_common.h). */
export const IP_CT_DIR = enumSeq('ip_conntrack_dir', ['IP_CT_DIR_ORIGINAL', 'IP_CT_DIR_REPLY']);

/** enum ip_conntrack_info (linux/netfilter/nf_conntrack_common.h): NFQA_CT_INFO, NFULA_CT_INFO. */
export const IP_CT_INFO = enumOf('ip_conntrack_info', {
  IP_CT_ESTABLISHED: 0,
  IP_CT_RELATED: 1,
  IP_CT_NEW: 2,
  IP_CT_ESTABLISHED_REPLY: 3, // IP_CT_ESTABLISHED + IP_CT_IS_REPLY: the name a value of 3 gets
  IP_CT_IS_REPLY: 3,
  IP_CT_RELATED_REPLY: 4,
});
