// NETLINK_ROUTE (rtnetlink): every RTM_* message type of linux/rtnetlink.h with its fixed
// header and attribute set, and the RTNLGRP_* multicast groups.
import { enumSeq, msg, protocol, type SelectCtx } from '../../src/codec/schema.js';
import { ifaddrmsg, IFA } from './addr.js';
import { rtmsg, RTA } from './route.js';
import { ndmsg, NDA, ndtmsg, NDTA } from './neigh.js';
import { fib_rule_hdr, FRA } from './rule.js';
import { nhmsg, NHA } from './nexthop.js';
import {
  rtgenmsg, netconfmsg, NETCONFA, NETNSA, ifaddrlblmsg, IFAL, prefixmsg, PREFIX,
  nduseroptBody, NDUSEROPT, IPMRA_CREPORT, IP6MRA_CREPORT, dcbmsg, DCB_ATTR,
} from './misc.js';
import { ifinfomsg, IFLA, if_stats_msg, IFLA_STATS } from './link.js';
import { tcmsg, TCA, tcamsg, TCA_ROOT } from './tc.js';
import { br_port_msg, mdbAttrs, br_vlan_msg, BRIDGE_VLANDB, getVlanAttrs, tunnel_msg, VXLAN_VNIFILTER } from './bridge.js';
import { protocolNames, registerProtocol } from '../registry.js';

/** enum rtnetlink_groups: multicast group numbers (bind / NETLINK_ADD_MEMBERSHIP). */
export const RTNLGRP = enumSeq('RTNLGRP', [
  'RTNLGRP_NONE',
  'RTNLGRP_LINK',
  'RTNLGRP_NOTIFY',
  'RTNLGRP_NEIGH',
  'RTNLGRP_TC',
  'RTNLGRP_IPV4_IFADDR',
  'RTNLGRP_IPV4_MROUTE',
  'RTNLGRP_IPV4_ROUTE',
  'RTNLGRP_IPV4_RULE',
  'RTNLGRP_IPV6_IFADDR',
  'RTNLGRP_IPV6_MROUTE',
  'RTNLGRP_IPV6_ROUTE',
  'RTNLGRP_IPV6_IFINFO',
  'RTNLGRP_DECnet_IFADDR',
  'RTNLGRP_NOP2',
  'RTNLGRP_DECnet_ROUTE',
  'RTNLGRP_DECnet_RULE',
  'RTNLGRP_NOP4',
  'RTNLGRP_IPV6_PREFIX',
  'RTNLGRP_IPV6_RULE',
  'RTNLGRP_ND_USEROPT',
  'RTNLGRP_PHONET_IFADDR',
  'RTNLGRP_PHONET_ROUTE',
  'RTNLGRP_DCB',
  'RTNLGRP_IPV4_NETCONF',
  'RTNLGRP_IPV6_NETCONF',
  'RTNLGRP_MDB',
  'RTNLGRP_MPLS_ROUTE',
  'RTNLGRP_NSID',
  'RTNLGRP_MPLS_NETCONF',
  'RTNLGRP_IPV4_MROUTE_R',
  'RTNLGRP_IPV6_MROUTE_R',
  'RTNLGRP_NEXTHOP',
  'RTNLGRP_BRVLAN',
  'RTNLGRP_MCTP_IFADDR',
  'RTNLGRP_TUNNEL',
  'RTNLGRP_STATS',
]);

/** RTM_NEWCACHEREPORT: attribute set by rtgen_family (ipmr or ip6mr). */
const cacheReport = (ctx: SelectCtx) =>
  ctx.body.rtgen_family === 'RTNL_FAMILY_IPMR' ? IPMRA_CREPORT
    : ctx.body.rtgen_family === 'RTNL_FAMILY_IP6MR' ? IP6MRA_CREPORT
      : undefined;

export const ROUTE = protocol(protocolNames('NETLINK_ROUTE'), [
  msg(16, 'RTM_NEWLINK', 'new', ifinfomsg, IFLA),
  msg(17, 'RTM_DELLINK', 'del', ifinfomsg, IFLA),
  msg(18, 'RTM_GETLINK', 'get', ifinfomsg, IFLA),
  msg(19, 'RTM_SETLINK', 'set', ifinfomsg, IFLA),

  msg(20, 'RTM_NEWADDR', 'new', ifaddrmsg, IFA),
  msg(21, 'RTM_DELADDR', 'del', ifaddrmsg, IFA),
  msg(22, 'RTM_GETADDR', 'get', ifaddrmsg, IFA),

  msg(24, 'RTM_NEWROUTE', 'new', rtmsg, RTA),
  msg(25, 'RTM_DELROUTE', 'del', rtmsg, RTA),
  msg(26, 'RTM_GETROUTE', 'get', rtmsg, RTA),

  msg(28, 'RTM_NEWNEIGH', 'new', ndmsg, NDA),
  msg(29, 'RTM_DELNEIGH', 'del', ndmsg, NDA),
  msg(30, 'RTM_GETNEIGH', 'get', ndmsg, NDA),

  msg(32, 'RTM_NEWRULE', 'new', fib_rule_hdr, FRA),
  msg(33, 'RTM_DELRULE', 'del', fib_rule_hdr, FRA),
  msg(34, 'RTM_GETRULE', 'get', fib_rule_hdr, FRA),

  msg(36, 'RTM_NEWQDISC', 'new', tcmsg, TCA),
  msg(37, 'RTM_DELQDISC', 'del', tcmsg, TCA),
  msg(38, 'RTM_GETQDISC', 'get', tcmsg, TCA),

  msg(40, 'RTM_NEWTCLASS', 'new', tcmsg, TCA),
  msg(41, 'RTM_DELTCLASS', 'del', tcmsg, TCA),
  msg(42, 'RTM_GETTCLASS', 'get', tcmsg, TCA),

  msg(44, 'RTM_NEWTFILTER', 'new', tcmsg, TCA),
  msg(45, 'RTM_DELTFILTER', 'del', tcmsg, TCA),
  msg(46, 'RTM_GETTFILTER', 'get', tcmsg, TCA),

  msg(48, 'RTM_NEWACTION', 'new', tcamsg, TCA_ROOT),
  msg(49, 'RTM_DELACTION', 'del', tcamsg, TCA_ROOT),
  msg(50, 'RTM_GETACTION', 'get', tcamsg, TCA_ROOT),

  msg(52, 'RTM_NEWPREFIX', 'new', prefixmsg, PREFIX),

  // dump requests and their replies (same type): IPv6 multicast / anycast addresses
  msg(58, 'RTM_GETMULTICAST', 'get', ifaddrmsg, IFA),
  msg(62, 'RTM_GETANYCAST', 'get', ifaddrmsg, IFA),

  msg(64, 'RTM_NEWNEIGHTBL', 'new', ndtmsg, NDTA),
  msg(66, 'RTM_GETNEIGHTBL', 'get', ndtmsg, NDTA),
  msg(67, 'RTM_SETNEIGHTBL', 'set', ndtmsg, NDTA),

  msg(68, 'RTM_NEWNDUSEROPT', 'new', nduseroptBody, NDUSEROPT),

  msg(72, 'RTM_NEWADDRLABEL', 'new', ifaddrlblmsg, IFAL),
  msg(73, 'RTM_DELADDRLABEL', 'del', ifaddrlblmsg, IFAL),
  msg(74, 'RTM_GETADDRLABEL', 'get', ifaddrlblmsg, IFAL),

  msg(78, 'RTM_GETDCB', 'get', dcbmsg, DCB_ATTR),
  msg(79, 'RTM_SETDCB', 'set', dcbmsg, DCB_ATTR),

  msg(80, 'RTM_NEWNETCONF', 'new', netconfmsg, NETCONFA),
  msg(81, 'RTM_DELNETCONF', 'del', netconfmsg, NETCONFA),
  msg(82, 'RTM_GETNETCONF', 'get', netconfmsg, NETCONFA),

  msg(84, 'RTM_NEWMDB', 'new', br_port_msg, mdbAttrs),
  msg(85, 'RTM_DELMDB', 'del', br_port_msg, mdbAttrs),
  msg(86, 'RTM_GETMDB', 'get', br_port_msg, mdbAttrs),

  msg(88, 'RTM_NEWNSID', 'new', rtgenmsg, NETNSA),
  msg(89, 'RTM_DELNSID', 'del', rtgenmsg, NETNSA),
  msg(90, 'RTM_GETNSID', 'get', rtgenmsg, NETNSA),

  msg(92, 'RTM_NEWSTATS', 'new', if_stats_msg, IFLA_STATS),
  msg(94, 'RTM_GETSTATS', 'get', if_stats_msg, IFLA_STATS),
  msg(95, 'RTM_SETSTATS', 'set', if_stats_msg, IFLA_STATS),

  msg(96, 'RTM_NEWCACHEREPORT', 'new', rtgenmsg, cacheReport),

  // filter chains of a qdisc or shared block
  msg(100, 'RTM_NEWCHAIN', 'new', tcmsg, TCA),
  msg(101, 'RTM_DELCHAIN', 'del', tcmsg, TCA),
  msg(102, 'RTM_GETCHAIN', 'get', tcmsg, TCA),

  msg(104, 'RTM_NEWNEXTHOP', 'new', nhmsg, NHA),
  msg(105, 'RTM_DELNEXTHOP', 'del', nhmsg, NHA),
  msg(106, 'RTM_GETNEXTHOP', 'get', nhmsg, NHA),

  // alternative interface names (IFLA_PROP_LIST / IFLA_ALT_IFNAME)
  msg(108, 'RTM_NEWLINKPROP', 'new', ifinfomsg, IFLA),
  msg(109, 'RTM_DELLINKPROP', 'del', ifinfomsg, IFLA),
  msg(110, 'RTM_GETLINKPROP', 'get', ifinfomsg, IFLA),

  msg(112, 'RTM_NEWVLAN', 'new', br_vlan_msg, BRIDGE_VLANDB),
  msg(113, 'RTM_DELVLAN', 'del', br_vlan_msg, BRIDGE_VLANDB),
  msg(114, 'RTM_GETVLAN', 'get', br_vlan_msg, getVlanAttrs),

  msg(116, 'RTM_NEWNEXTHOPBUCKET', 'new', nhmsg, NHA),
  msg(117, 'RTM_DELNEXTHOPBUCKET', 'del', nhmsg, NHA),
  msg(118, 'RTM_GETNEXTHOPBUCKET', 'get', nhmsg, NHA),

  msg(120, 'RTM_NEWTUNNEL', 'new', tunnel_msg, VXLAN_VNIFILTER),
  msg(121, 'RTM_DELTUNNEL', 'del', tunnel_msg, VXLAN_VNIFILTER),
  msg(122, 'RTM_GETTUNNEL', 'get', tunnel_msg, VXLAN_VNIFILTER),
], RTNLGRP);

registerProtocol(ROUTE); // decodes by this protocol's number once this module is loaded
