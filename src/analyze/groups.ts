// Multicast groups of notifications. nlmon captures do not carry the group a message was
// sent to, so it is derived from the message type and address family the way the kernel
// chooses it (rtnetlink: rtnl_notify callers; sock_diag: sock_diag_broadcast_destroy).
import type { Json } from '../codec/struct.js';

const byFamily = (fam: unknown, table: Record<string, string>): string | undefined =>
  table[String(fam)] ?? undefined;

function familyOf(m: Json): unknown {
  for (const k of ['ifi_family', 'ifa_family', 'rtm_family', 'ndm_family', 'family', 'ncm_family', 'tcm_family', 'tca_family',
    'nh_family', 'rtgen_family', 'prefix_family', 'nduseropt_family', 'ifal_family', 'dcb_family', 'idiag_family', 'sdiag_family']) {
    if (k in m) return m[k];
  }
  return undefined;
}

/** RTNLGRP_* (SKNLGRP_*, NFNLGRP_*) a notification went to; undefined when not derivable (audit
 *  sends the same records to auditd by unicast and to AUDIT_NLGRP_READLOG: nlmon does not say which). */
export function notificationGroup(protocolId: number, type: string | number, m: Json): string | undefined {
  const fam = familyOf(m);
  if (protocolId === 0) {
    switch (type) {
      case 'RTM_NEWLINK': case 'RTM_DELLINK':
        return fam === 'AF_INET6' ? 'RTNLGRP_IPV6_IFINFO' : 'RTNLGRP_LINK';
      case 'RTM_NEWADDR': case 'RTM_DELADDR':
        return byFamily(fam, { AF_INET: 'RTNLGRP_IPV4_IFADDR', AF_INET6: 'RTNLGRP_IPV6_IFADDR', AF_MCTP: 'RTNLGRP_MCTP_IFADDR', AF_PHONET: 'RTNLGRP_PHONET_IFADDR' });
      case 'RTM_NEWROUTE': case 'RTM_DELROUTE':
        return byFamily(fam, {
          AF_INET: 'RTNLGRP_IPV4_ROUTE', AF_INET6: 'RTNLGRP_IPV6_ROUTE', AF_MPLS: 'RTNLGRP_MPLS_ROUTE',
          RTNL_FAMILY_IPMR: 'RTNLGRP_IPV4_MROUTE', RTNL_FAMILY_IP6MR: 'RTNLGRP_IPV6_MROUTE', AF_PHONET: 'RTNLGRP_PHONET_ROUTE',
        });
      case 'RTM_NEWNEIGH': case 'RTM_DELNEIGH': return 'RTNLGRP_NEIGH';
      case 'RTM_NEWRULE': case 'RTM_DELRULE':
        return byFamily(fam, { AF_INET: 'RTNLGRP_IPV4_RULE', AF_INET6: 'RTNLGRP_IPV6_RULE' });
      case 'RTM_NEWQDISC': case 'RTM_DELQDISC': case 'RTM_NEWTCLASS': case 'RTM_DELTCLASS':
      case 'RTM_NEWTFILTER': case 'RTM_DELTFILTER': case 'RTM_NEWACTION': case 'RTM_DELACTION':
      case 'RTM_NEWCHAIN': case 'RTM_DELCHAIN':
        return 'RTNLGRP_TC';
      case 'RTM_NEWPREFIX': return 'RTNLGRP_IPV6_PREFIX';
      case 'RTM_NEWNDUSEROPT': return 'RTNLGRP_ND_USEROPT';
      case 'RTM_NEWNETCONF': case 'RTM_DELNETCONF':
        return byFamily(fam, { AF_INET: 'RTNLGRP_IPV4_NETCONF', AF_INET6: 'RTNLGRP_IPV6_NETCONF', AF_MPLS: 'RTNLGRP_MPLS_NETCONF' });
      case 'RTM_NEWMDB': case 'RTM_DELMDB': return 'RTNLGRP_MDB';
      case 'RTM_NEWNSID': case 'RTM_DELNSID': return 'RTNLGRP_NSID';
      case 'RTM_NEWNEXTHOP': case 'RTM_DELNEXTHOP': case 'RTM_NEWNEXTHOPBUCKET': case 'RTM_DELNEXTHOPBUCKET':
        return 'RTNLGRP_NEXTHOP';
      case 'RTM_NEWVLAN': case 'RTM_DELVLAN': return 'RTNLGRP_BRVLAN';
      case 'RTM_NEWTUNNEL': case 'RTM_DELTUNNEL': return 'RTNLGRP_TUNNEL';
      case 'RTM_NEWSTATS': return 'RTNLGRP_STATS';
      case 'RTM_SETDCB': case 'RTM_GETDCB': return 'RTNLGRP_DCB';
      case 'RTM_NEWCACHEREPORT':
        return byFamily(fam, { RTNL_FAMILY_IPMR: 'RTNLGRP_IPV4_MROUTE_R', RTNL_FAMILY_IP6MR: 'RTNLGRP_IPV6_MROUTE_R' });
      default: return undefined;
    }
  }
  if (protocolId === 4 && type === 'SOCK_DIAG_BY_FAMILY') {
    // sock_diag_broadcast_destroy: group by family and protocol of the socket
    const proto = m.INET_DIAG_PROTOCOL;
    const v6 = fam === 'AF_INET6';
    if (proto === 'IPPROTO_TCP' || proto === 6) return v6 ? 'SKNLGRP_INET6_TCP_DESTROY' : 'SKNLGRP_INET_TCP_DESTROY';
    if (proto === 'IPPROTO_UDP' || proto === 17) return v6 ? 'SKNLGRP_INET6_UDP_DESTROY' : 'SKNLGRP_INET_UDP_DESTROY';
  }
  if (protocolId === 12 && typeof type === 'string') {
    // ctnetlink_conntrack_event / ctnetlink_expect_event: a new entry has NLM_F_CREATE, else an update
    const created = ((m.header as Json | undefined)?.flags as string[] | undefined)?.includes('NLM_F_CREATE');
    switch (type) {
      case 'IPCTNL_MSG_CT_NEW': return created ? 'NFNLGRP_CONNTRACK_NEW' : 'NFNLGRP_CONNTRACK_UPDATE';
      case 'IPCTNL_MSG_CT_DELETE': return 'NFNLGRP_CONNTRACK_DESTROY';
      case 'IPCTNL_MSG_EXP_NEW': return created ? 'NFNLGRP_CONNTRACK_EXP_NEW' : 'NFNLGRP_CONNTRACK_EXP_UPDATE';
      case 'IPCTNL_MSG_EXP_DELETE': return 'NFNLGRP_CONNTRACK_EXP_DESTROY';
      case 'NFT_MSG_TRACE': return 'NFNLGRP_NFTRACE';
      default: return type.startsWith('NFT_MSG_') ? 'NFNLGRP_NFTABLES' : undefined;
    }
  }
  // the connector's group is the cn_msg's idx (CN_IDX_PROC ...)
  if (protocolId === 11) return str((m.id as Json | undefined)?.idx);
  return undefined;
}

const str = (v: unknown) => (v === undefined || v === null ? undefined : typeof v === 'object' ? JSON.stringify(v) : String(v));
const tableName = (v: unknown) => String(v ?? '').replace(/^RT_TABLE_/, '').toLowerCase() || '?';

/** What a notification is about (interface, address, route, neighbour ...), for grouping. */
export function notificationObject(type: string | number, m: Json, ifname: (index: number) => string | undefined): string | undefined {
  const dev = (i: unknown) => {
    if (typeof i !== 'number') return undefined;
    const n = ifname(i);
    return n ? `${i} (${n})` : String(i);
  };
  const t = String(type);
  if (/^RTM_(NEW|DEL)LINK$/.test(t)) {
    const name = str(m.IFLA_IFNAME) ?? (typeof m.ifi_index === 'number' ? ifname(m.ifi_index) : undefined);
    return `link ${m.ifi_index}${name ? ` (${name})` : ''}`;
  }
  if (/^RTM_(NEW|DEL)ADDR$/.test(t)) return `addr ${str(m.IFA_LOCAL) ?? str(m.IFA_ADDRESS) ?? '?'}/${m.ifa_prefixlen} dev ${dev(m.ifa_index)}`;
  if (/^RTM_(NEW|DEL)ROUTE$/.test(t)) {
    const dst = str(m.RTA_DST) ?? (m.rtm_dst_len === 0 ? 'default' : '?');
    return `route ${dst}${dst === 'default' ? '' : `/${m.rtm_dst_len}`} table ${tableName(m.RTA_TABLE ?? m.rtm_table)}`;
  }
  if (/^RTM_(NEW|DEL)NEIGH$/.test(t)) return `neigh ${str(m.NDA_DST) ?? str(m.NDA_LLADDR) ?? '?'} dev ${dev(m.ndm_ifindex)}`;
  if (/^RTM_(NEW|DEL)NETCONF$/.test(t)) {
    const i = m.NETCONFA_IFINDEX;
    return `netconf ${String(m.ncm_family ?? '')} ${typeof i === 'number' ? `dev ${dev(i)}` : str(i) ?? ''}`.trim();
  }
  if (/^RTM_(NEW|DEL)(QDISC|TCLASS|TFILTER|CHAIN)$/.test(t)) return `tc dev ${dev(m.tcm_ifindex)} handle ${str(m.tcm_handle) ?? '?'}`;
  if (/^RTM_(NEW|DEL)RULE$/.test(t)) return `rule ${String(m.family ?? '')} prio ${str(m.FRA_PRIORITY) ?? '?'} table ${tableName(m.FRA_TABLE ?? m.table)}`;
  if (/^RTM_(NEW|DEL)NEXTHOP$/.test(t)) return `nexthop ${str(m.NHA_ID) ?? '?'}`;
  if (/^RTM_(NEW|DEL)NSID$/.test(t)) return `nsid ${str(m.NETNSA_NSID) ?? '?'}`;
  if (/^RTM_(NEW|DEL)MDB$/.test(t)) return `mdb dev ${dev(m.ifindex)}`;
  return undefined;
}
