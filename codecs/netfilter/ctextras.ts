// Conntrack's satellites: timeout policies (linux/netfilter/nfnetlink_cttimeout.h, subsystem
// NFNL_SUBSYS_CTNETLINK_TIMEOUT, also nf_tables' ct timeout objects) and user-space helpers
// (nfnetlink_cthelper.h, NFNL_SUBSYS_CTHELPER). Timeouts are seconds, put with nla_put_be32.
import { attrs, enumSeq, select, type AttrSet, type SelectCtx } from '../../src/codec/schema.js';
import { IPPROTO } from '../netlink.js';

export const IPCTNL_MSG_TIMEOUT = enumSeq('ctnl_timeout_msg_types', [
  'IPCTNL_MSG_TIMEOUT_NEW',
  'IPCTNL_MSG_TIMEOUT_GET',
  'IPCTNL_MSG_TIMEOUT_DELETE',
  'IPCTNL_MSG_TIMEOUT_DEFAULT_SET',
  'IPCTNL_MSG_TIMEOUT_DEFAULT_GET',
]);

export const CTA_TIMEOUT_GENERIC = attrs('CTA_TIMEOUT_GENERIC', [
  [1, 'CTA_TIMEOUT_GENERIC_TIMEOUT', 'be32'],
]);

export const CTA_TIMEOUT_TCP = attrs('CTA_TIMEOUT_TCP', [
  [1, 'CTA_TIMEOUT_TCP_SYN_SENT', 'be32'],
  [2, 'CTA_TIMEOUT_TCP_SYN_RECV', 'be32'],
  [3, 'CTA_TIMEOUT_TCP_ESTABLISHED', 'be32'],
  [4, 'CTA_TIMEOUT_TCP_FIN_WAIT', 'be32'],
  [5, 'CTA_TIMEOUT_TCP_CLOSE_WAIT', 'be32'],
  [6, 'CTA_TIMEOUT_TCP_LAST_ACK', 'be32'],
  [7, 'CTA_TIMEOUT_TCP_TIME_WAIT', 'be32'],
  [8, 'CTA_TIMEOUT_TCP_CLOSE', 'be32'],
  [9, 'CTA_TIMEOUT_TCP_SYN_SENT2', 'be32'],
  [10, 'CTA_TIMEOUT_TCP_RETRANS', 'be32'],
  [11, 'CTA_TIMEOUT_TCP_UNACK', 'be32'],
]);

export const CTA_TIMEOUT_UDP = attrs('CTA_TIMEOUT_UDP', [
  [1, 'CTA_TIMEOUT_UDP_UNREPLIED', 'be32'],
  [2, 'CTA_TIMEOUT_UDP_REPLIED', 'be32'],
]);

export const CTA_TIMEOUT_UDPLITE = attrs('CTA_TIMEOUT_UDPLITE', [
  [1, 'CTA_TIMEOUT_UDPLITE_UNREPLIED', 'be32'],
  [2, 'CTA_TIMEOUT_UDPLITE_REPLIED', 'be32'],
]);

export const CTA_TIMEOUT_ICMP = attrs('CTA_TIMEOUT_ICMP', [
  [1, 'CTA_TIMEOUT_ICMP_TIMEOUT', 'be32'],
]);

export const CTA_TIMEOUT_DCCP = attrs('CTA_TIMEOUT_DCCP', [
  [1, 'CTA_TIMEOUT_DCCP_REQUEST', 'be32'],
  [2, 'CTA_TIMEOUT_DCCP_RESPOND', 'be32'],
  [3, 'CTA_TIMEOUT_DCCP_PARTOPEN', 'be32'],
  [4, 'CTA_TIMEOUT_DCCP_OPEN', 'be32'],
  [5, 'CTA_TIMEOUT_DCCP_CLOSEREQ', 'be32'],
  [6, 'CTA_TIMEOUT_DCCP_CLOSING', 'be32'],
  [7, 'CTA_TIMEOUT_DCCP_TIMEWAIT', 'be32'],
]);

export const CTA_TIMEOUT_SCTP = attrs('CTA_TIMEOUT_SCTP', [
  [1, 'CTA_TIMEOUT_SCTP_CLOSED', 'be32'],
  [2, 'CTA_TIMEOUT_SCTP_COOKIE_WAIT', 'be32'],
  [3, 'CTA_TIMEOUT_SCTP_COOKIE_ECHOED', 'be32'],
  [4, 'CTA_TIMEOUT_SCTP_ESTABLISHED', 'be32'],
  [5, 'CTA_TIMEOUT_SCTP_SHUTDOWN_SENT', 'be32'],
  [6, 'CTA_TIMEOUT_SCTP_SHUTDOWN_RECD', 'be32'],
  [7, 'CTA_TIMEOUT_SCTP_SHUTDOWN_ACK_SENT', 'be32'],
  [8, 'CTA_TIMEOUT_SCTP_HEARTBEAT_SENT', 'be32'],
  [9, 'CTA_TIMEOUT_SCTP_HEARTBEAT_ACKED', 'be32'], // no longer used
]);

export const CTA_TIMEOUT_ICMPV6 = attrs('CTA_TIMEOUT_ICMPV6', [
  [1, 'CTA_TIMEOUT_ICMPV6_TIMEOUT', 'be32'],
]);

export const CTA_TIMEOUT_GRE = attrs('CTA_TIMEOUT_GRE', [
  [1, 'CTA_TIMEOUT_GRE_UNREPLIED', 'be32'],
  [2, 'CTA_TIMEOUT_GRE_REPLIED', 'be32'],
]);

/** Timeout attributes by layer 4 protocol (JSON form: IPPROTO names); others use the generic set. */
const TIMEOUTS_BY_L4: ReadonlyMap<unknown, AttrSet> = new Map([
  ['IPPROTO_TCP', CTA_TIMEOUT_TCP],
  ['IPPROTO_UDP', CTA_TIMEOUT_UDP],
  ['IPPROTO_UDPLITE', CTA_TIMEOUT_UDPLITE],
  ['IPPROTO_ICMP', CTA_TIMEOUT_ICMP],
  ['IPPROTO_DCCP', CTA_TIMEOUT_DCCP],
  ['IPPROTO_SCTP', CTA_TIMEOUT_SCTP],
  ['IPPROTO_ICMPV6', CTA_TIMEOUT_ICMPV6],
  ['IPPROTO_GRE', CTA_TIMEOUT_GRE],
]);

/** The timeout set of the protocol named by the sibling attribute `l4Attr`. */
export function timeoutsBy(l4Attr: string) {
  return select((ctx: SelectCtx) => TIMEOUTS_BY_L4.get(ctx.siblings[l4Attr]) ?? CTA_TIMEOUT_GENERIC);
}

/** enum ctattr_timeout: a named timeout policy. */
export const CTA_TIMEOUT = attrs('CTA_TIMEOUT', [
  [1, 'CTA_TIMEOUT_NAME', 'string'],
  [2, 'CTA_TIMEOUT_L3PROTO', 'be16'], // AF_INET / AF_INET6 (ETH_P numbers in old tools)
  [3, 'CTA_TIMEOUT_L4PROTO', 'u8', IPPROTO],
  [4, 'CTA_TIMEOUT_DATA', timeoutsBy('CTA_TIMEOUT_L4PROTO')],
  [5, 'CTA_TIMEOUT_USE', 'be32'],
]);

export const NFNL_MSG_CTHELPER = enumSeq('nfnl_cthelper_msg_types', [
  'NFNL_MSG_CTHELPER_NEW',
  'NFNL_MSG_CTHELPER_GET',
  'NFNL_MSG_CTHELPER_DEL',
]);

export const NFCTH_TUPLE = attrs('NFCTH_TUPLE', [
  [1, 'NFCTH_TUPLE_L3PROTONUM', 'be16'],
  [2, 'NFCTH_TUPLE_L4PROTONUM', 'u8', IPPROTO],
]);

export const NFCTH_POLICY = attrs('NFCTH_POLICY', [
  [1, 'NFCTH_POLICY_NAME', 'string'],
  [2, 'NFCTH_POLICY_EXPECT_MAX', 'be32'],
  [3, 'NFCTH_POLICY_EXPECT_TIMEOUT', 'be32'],
]);

export const NFCTH_POLICY_SET = attrs('NFCTH_POLICY_SET', [
  [1, 'NFCTH_POLICY_SET_NUM', 'be32'],
  [2, 'NFCTH_POLICY_SET1', NFCTH_POLICY],
  [3, 'NFCTH_POLICY_SET2', NFCTH_POLICY],
  [4, 'NFCTH_POLICY_SET3', NFCTH_POLICY],
  [5, 'NFCTH_POLICY_SET4', NFCTH_POLICY],
]);

export const NFCTH_STATUS = enumSeq('NFCT_HELPER_STATUS', ['NFCT_HELPER_STATUS_DISABLED', 'NFCT_HELPER_STATUS_ENABLED']);

export const NFCTH = attrs('NFCTH', [
  [1, 'NFCTH_NAME', 'string'],
  [2, 'NFCTH_TUPLE', NFCTH_TUPLE],
  [3, 'NFCTH_QUEUE_NUM', 'be32'],
  [4, 'NFCTH_POLICY', NFCTH_POLICY_SET],
  [5, 'NFCTH_PRIV_DATA_LEN', 'be32'],
  [6, 'NFCTH_STATUS', 'be32', NFCTH_STATUS],
]);
