// rtnetlink links (RTM_NEWLINK/GETLINK/SETLINK, RTM_NEWSTATS): struct ifinfomsg and the
// IFLA_* attribute tree of linux/if_link.h, with the per-kind sets of IFLA_INFO_DATA,
// the bridge sets of linux/if_bridge.h and the tunnel sets of linux/if_tunnel.h.
// Values from the installed uapi headers; the few newer ones that the captured kernel
// (6.18) sends are marked "newer uapi".
import {
  prefixed,
  array, attrs, enumOf, enumSeq, flagsOf, flagsSeq, select, struct,
  type AttrSet, type FieldSpec, type StructDecl,
} from '../../src/codec/schema.js';
import { AF } from '../netlink.js';

// ---------------------------------------------------------------- constants

/** Link-layer types (linux/if_arp.h), ifi_type. */
export const ARPHRD = enumOf('ARPHRD', {
  ARPHRD_NETROM: 0,
  ARPHRD_ETHER: 1,
  ARPHRD_EETHER: 2,
  ARPHRD_AX25: 3,
  ARPHRD_PRONET: 4,
  ARPHRD_CHAOS: 5,
  ARPHRD_IEEE802: 6,
  ARPHRD_ARCNET: 7,
  ARPHRD_APPLETLK: 8,
  ARPHRD_DLCI: 15,
  ARPHRD_ATM: 19,
  ARPHRD_METRICOM: 23,
  ARPHRD_IEEE1394: 24,
  ARPHRD_EUI64: 27,
  ARPHRD_INFINIBAND: 32,
  ARPHRD_SLIP: 256,
  ARPHRD_CSLIP: 257,
  ARPHRD_SLIP6: 258,
  ARPHRD_CSLIP6: 259,
  ARPHRD_RSRVD: 260,
  ARPHRD_ADAPT: 264,
  ARPHRD_ROSE: 270,
  ARPHRD_X25: 271,
  ARPHRD_HWX25: 272,
  ARPHRD_CAN: 280,
  ARPHRD_MCTP: 290,
  ARPHRD_PPP: 512,
  ARPHRD_CISCO: 513,
  ARPHRD_HDLC: 513, // alias of ARPHRD_CISCO
  ARPHRD_LAPB: 516,
  ARPHRD_DDCMP: 517,
  ARPHRD_RAWHDLC: 518,
  ARPHRD_RAWIP: 519,
  ARPHRD_TUNNEL: 768,
  ARPHRD_TUNNEL6: 769,
  ARPHRD_FRAD: 770,
  ARPHRD_SKIP: 771,
  ARPHRD_LOOPBACK: 772,
  ARPHRD_LOCALTLK: 773,
  ARPHRD_FDDI: 774,
  ARPHRD_BIF: 775,
  ARPHRD_SIT: 776,
  ARPHRD_IPDDP: 777,
  ARPHRD_IPGRE: 778,
  ARPHRD_PIMREG: 779,
  ARPHRD_HIPPI: 780,
  ARPHRD_ASH: 781,
  ARPHRD_ECONET: 782,
  ARPHRD_IRDA: 783,
  ARPHRD_FCPP: 784,
  ARPHRD_FCAL: 785,
  ARPHRD_FCPL: 786,
  ARPHRD_FCFABRIC: 787,
  ARPHRD_IEEE802_TR: 800,
  ARPHRD_IEEE80211: 801,
  ARPHRD_IEEE80211_PRISM: 802,
  ARPHRD_IEEE80211_RADIOTAP: 803,
  ARPHRD_IEEE802154: 804,
  ARPHRD_IEEE802154_MONITOR: 805,
  ARPHRD_PHONET: 820,
  ARPHRD_PHONET_PIPE: 821,
  ARPHRD_CAIF: 822,
  ARPHRD_IP6GRE: 823,
  ARPHRD_NETLINK: 824,
  ARPHRD_6LOWPAN: 825,
  ARPHRD_VSOCKMON: 826,
  ARPHRD_VOID: 0xffff,
  ARPHRD_NONE: 0xfffe,
});

/** Device flags (linux/if.h, enum net_device_flags), ifi_flags / ifi_change. */
export const IFF = flagsOf('IFF', {
  IFF_UP: 1 << 0,
  IFF_BROADCAST: 1 << 1,
  IFF_DEBUG: 1 << 2,
  IFF_LOOPBACK: 1 << 3,
  IFF_POINTOPOINT: 1 << 4,
  IFF_NOTRAILERS: 1 << 5,
  IFF_RUNNING: 1 << 6,
  IFF_NOARP: 1 << 7,
  IFF_PROMISC: 1 << 8,
  IFF_ALLMULTI: 1 << 9,
  IFF_MASTER: 1 << 10,
  IFF_SLAVE: 1 << 11,
  IFF_MULTICAST: 1 << 12,
  IFF_PORTSEL: 1 << 13,
  IFF_AUTOMEDIA: 1 << 14,
  IFF_DYNAMIC: 1 << 15,
  IFF_LOWER_UP: 1 << 16,
  IFF_DORMANT: 1 << 17,
  IFF_ECHO: 1 << 18,
});

/** RFC 2863 operational state (linux/if.h), IFLA_OPERSTATE. */
export const IF_OPER = enumSeq('IF_OPER', [
  'IF_OPER_UNKNOWN',
  'IF_OPER_NOTPRESENT',
  'IF_OPER_DOWN',
  'IF_OPER_LOWERLAYERDOWN',
  'IF_OPER_TESTING',
  'IF_OPER_DORMANT',
  'IF_OPER_UP',
]);

/** IFLA_LINKMODE (linux/if.h). */
export const IF_LINK_MODE = enumSeq('IF_LINK_MODE', [
  'IF_LINK_MODE_DEFAULT',
  'IF_LINK_MODE_DORMANT',
  'IF_LINK_MODE_TESTING',
]);

/** IFLA_EXT_MASK (linux/rtnetlink.h). */
export const RTEXT_FILTER = flagsOf('RTEXT_FILTER', {
  RTEXT_FILTER_VF: 1 << 0,
  RTEXT_FILTER_BRVLAN: 1 << 1,
  RTEXT_FILTER_BRVLAN_COMPRESSED: 1 << 2,
  RTEXT_FILTER_SKIP_STATS: 1 << 3,
  RTEXT_FILTER_MRP: 1 << 4,
  RTEXT_FILTER_CFM_CONFIG: 1 << 5,
  RTEXT_FILTER_CFM_STATUS: 1 << 6,
  RTEXT_FILTER_MST: 1 << 7,
});

/** IFLA_EVENT. */
export const IFLA_EVENT = enumSeq('IFLA_EVENT', [
  'IFLA_EVENT_NONE',
  'IFLA_EVENT_REBOOT',
  'IFLA_EVENT_FEATURES',
  'IFLA_EVENT_BONDING_FAILOVER',
  'IFLA_EVENT_NOTIFY_PEERS',
  'IFLA_EVENT_IGMP_RESEND',
  'IFLA_EVENT_BONDING_OPTIONS',
]);

/** IFLA_INET6_ADDR_GEN_MODE (enum in6_addr_gen_mode). */
export const IN6_ADDR_GEN_MODE = enumSeq('IN6_ADDR_GEN_MODE', [
  'IN6_ADDR_GEN_MODE_EUI64',
  'IN6_ADDR_GEN_MODE_NONE',
  'IN6_ADDR_GEN_MODE_STABLE_PRIVACY',
  'IN6_ADDR_GEN_MODE_RANDOM',
]);

/** inet6_dev.if_flags in IFLA_INET6_FLAGS: defined in the kernel's include/net/if_inet6.h, not in uapi. */
export const IF_INET6_FLAGS = flagsOf('IF_INET6', {
  IF_RS_SENT: 0x10,
  IF_RA_RCVD: 0x20,
  IF_RA_MANAGED: 0x40,
  IF_RA_OTHERCONF: 0x80,
  IF_READY: 0x80000000,
});

/** VLAN ethertypes used by IFLA_VLAN_PROTOCOL / IFLA_BR_VLAN_PROTOCOL (linux/if_ether.h). */
const ETH_P_VLAN = enumOf('ETH_P', { ETH_P_8021Q: 0x8100, ETH_P_8021AD: 0x88a8 });

/** XDP (linux/if_link.h). */
export const XDP_FLAGS = flagsOf('XDP_FLAGS', {
  XDP_FLAGS_UPDATE_IF_NOEXIST: 1 << 0,
  XDP_FLAGS_SKB_MODE: 1 << 1,
  XDP_FLAGS_DRV_MODE: 1 << 2,
  XDP_FLAGS_HW_MODE: 1 << 3,
  XDP_FLAGS_REPLACE: 1 << 4,
});
export const XDP_ATTACHED = enumSeq('XDP_ATTACHED', [
  'XDP_ATTACHED_NONE',
  'XDP_ATTACHED_DRV',
  'XDP_ATTACHED_SKB',
  'XDP_ATTACHED_HW',
  'XDP_ATTACHED_MULTI',
]);

// bridge (linux/if_bridge.h, if_link.h)
export const BR_STATE = enumOf('BR_STATE', {
  BR_STATE_DISABLED: 0,
  BR_STATE_LISTENING: 1,
  BR_STATE_LEARNING: 2,
  BR_STATE_FORWARDING: 3,
  BR_STATE_BLOCKING: 4,
});
export const BRIDGE_FLAGS = flagsOf('BRIDGE_FLAGS', { BRIDGE_FLAGS_MASTER: 1, BRIDGE_FLAGS_SELF: 2 });
/** IFLA_BRIDGE_MODE. */
export const BRIDGE_MODE = enumOf('BRIDGE_MODE', { BRIDGE_MODE_VEB: 0, BRIDGE_MODE_VEPA: 1, BRIDGE_MODE_UNDEF: 0xffff });
/** IFLA_BRPORT_MODE (the anonymous enum after struct ifla_bridge_id). */
export const BRPORT_MODE = enumOf('BRIDGE_MODE', { BRIDGE_MODE_UNSPEC: 0, BRIDGE_MODE_HAIRPIN: 1 });
export const BRIDGE_VLAN_INFO = flagsOf('BRIDGE_VLAN_INFO', {
  BRIDGE_VLAN_INFO_MASTER: 1 << 0,
  BRIDGE_VLAN_INFO_PVID: 1 << 1,
  BRIDGE_VLAN_INFO_UNTAGGED: 1 << 2,
  BRIDGE_VLAN_INFO_RANGE_BEGIN: 1 << 3,
  BRIDGE_VLAN_INFO_RANGE_END: 1 << 4,
  BRIDGE_VLAN_INFO_BRENTRY: 1 << 5,
  BRIDGE_VLAN_INFO_ONLY_OPTS: 1 << 6,
});
export const MDB_RTR_TYPE = enumSeq('MDB_RTR_TYPE', [
  'MDB_RTR_TYPE_DISABLED',
  'MDB_RTR_TYPE_TEMP_QUERY',
  'MDB_RTR_TYPE_PERM',
  'MDB_RTR_TYPE_TEMP',
]);
/** bits of struct br_boolopt_multi: BIT(enum br_boolopt_id). */
export const BR_BOOLOPT = flagsSeq('BR_BOOLOPT', [
  'BR_BOOLOPT_NO_LL_LEARN',
  'BR_BOOLOPT_MCAST_VLAN_SNOOPING',
  'BR_BOOLOPT_MST_ENABLE',
  'BR_BOOLOPT_MDB_OFFLOAD_FAIL_NOTIFICATION', // newer uapi (6.16)
  'BR_BOOLOPT_FDB_LOCAL_VLAN_0', // newer uapi (6.18)
]);

// macvlan / ipvlan / vxlan / geneve / macsec / vlan
export const MACVLAN_MODE = enumOf('MACVLAN_MODE', {
  MACVLAN_MODE_PRIVATE: 1,
  MACVLAN_MODE_VEPA: 2,
  MACVLAN_MODE_BRIDGE: 4,
  MACVLAN_MODE_PASSTHRU: 8,
  MACVLAN_MODE_SOURCE: 16,
});
export const MACVLAN_MACADDR = enumSeq('MACVLAN_MACADDR', [
  'MACVLAN_MACADDR_ADD',
  'MACVLAN_MACADDR_DEL',
  'MACVLAN_MACADDR_FLUSH',
  'MACVLAN_MACADDR_SET',
]);
export const MACVLAN_FLAG = flagsOf('MACVLAN_FLAG', { MACVLAN_FLAG_NOPROMISC: 1, MACVLAN_FLAG_NODST: 2 });
export const IPVLAN_MODE = enumSeq('IPVLAN_MODE', ['IPVLAN_MODE_L2', 'IPVLAN_MODE_L3', 'IPVLAN_MODE_L3S']);
export const IPVLAN_F = flagsOf('IPVLAN_F', { IPVLAN_F_PRIVATE: 0x01, IPVLAN_F_VEPA: 0x02 });
export const VXLAN_DF = enumSeq('VXLAN_DF', ['VXLAN_DF_UNSET', 'VXLAN_DF_SET', 'VXLAN_DF_INHERIT']);
export const GENEVE_DF = enumSeq('GENEVE_DF', ['GENEVE_DF_UNSET', 'GENEVE_DF_SET', 'GENEVE_DF_INHERIT']);
export const MACSEC_VALIDATE = enumSeq('MACSEC_VALIDATE', ['MACSEC_VALIDATE_DISABLED', 'MACSEC_VALIDATE_CHECK', 'MACSEC_VALIDATE_STRICT']);
export const MACSEC_OFFLOAD = enumSeq('MACSEC_OFFLOAD', ['MACSEC_OFFLOAD_OFF', 'MACSEC_OFFLOAD_PHY', 'MACSEC_OFFLOAD_MAC']);
/** struct ifla_vlan_flags bits (linux/if_vlan.h, enum vlan_flags). */
export const VLAN_FLAG = flagsOf('VLAN_FLAG', {
  VLAN_FLAG_REORDER_HDR: 0x1,
  VLAN_FLAG_GVRP: 0x2,
  VLAN_FLAG_LOOSE_BINDING: 0x4,
  VLAN_FLAG_MVRP: 0x8,
  VLAN_FLAG_BRIDGE_BINDING: 0x10,
});

// tunnels (linux/if_tunnel.h, linux/ip6_tunnel.h)
/** GRE_* are __cpu_to_be16() constants: the attribute is read as be16, so the masks are the plain values. */
export const GRE_FLAGS = flagsOf('GRE', {
  GRE_CSUM: 0x8000,
  GRE_ROUTING: 0x4000,
  GRE_KEY: 0x2000,
  GRE_SEQ: 0x1000,
  GRE_STRICT: 0x0800,
  GRE_REC: 0x0700,
  GRE_ACK: 0x0080,
  GRE_FLAGS: 0x0078,
  GRE_VERSION: 0x0007,
});
export const TUNNEL_ENCAP = enumSeq('TUNNEL_ENCAP', ['TUNNEL_ENCAP_NONE', 'TUNNEL_ENCAP_FOU', 'TUNNEL_ENCAP_GUE', 'TUNNEL_ENCAP_MPLS']);
export const TUNNEL_ENCAP_FLAG = flagsOf('TUNNEL_ENCAP_FLAG', {
  TUNNEL_ENCAP_FLAG_CSUM: 1 << 0,
  TUNNEL_ENCAP_FLAG_CSUM6: 1 << 1,
  TUNNEL_ENCAP_FLAG_REMCSUM: 1 << 2,
});
/** IFLA_GRE_FLAGS / IFLA_IPTUN_FLAGS of ip6 tunnels. */
export const IP6_TNL_F = flagsOf('IP6_TNL_F', {
  IP6_TNL_F_IGN_ENCAP_LIMIT: 0x1,
  IP6_TNL_F_USE_ORIG_TCLASS: 0x2,
  IP6_TNL_F_USE_ORIG_FLOWLABEL: 0x4,
  IP6_TNL_F_MIP6_DEV: 0x8,
  IP6_TNL_F_RCV_DSCP_COPY: 0x10,
  IP6_TNL_F_USE_ORIG_FWMARK: 0x20,
  IP6_TNL_F_ALLOW_LOCAL_REMOTE: 0x40,
});

// bonding (linux/if_bonding.h)
export const BOND_MODE = enumSeq('BOND_MODE', [
  'BOND_MODE_ROUNDROBIN',
  'BOND_MODE_ACTIVEBACKUP',
  'BOND_MODE_XOR',
  'BOND_MODE_BROADCAST',
  'BOND_MODE_8023AD',
  'BOND_MODE_TLB',
  'BOND_MODE_ALB',
]);
export const BOND_LINK = enumSeq('BOND_LINK', ['BOND_LINK_UP', 'BOND_LINK_FAIL', 'BOND_LINK_DOWN', 'BOND_LINK_BACK']);
export const BOND_STATE = enumSeq('BOND_STATE', ['BOND_STATE_ACTIVE', 'BOND_STATE_BACKUP']);
export const BOND_XMIT_POLICY = enumSeq('BOND_XMIT_POLICY', [
  'BOND_XMIT_POLICY_LAYER2',
  'BOND_XMIT_POLICY_LAYER34',
  'BOND_XMIT_POLICY_LAYER23',
  'BOND_XMIT_POLICY_ENCAP23',
  'BOND_XMIT_POLICY_ENCAP34',
  'BOND_XMIT_POLICY_VLAN_SRCMAC',
]);
export const LACP_STATE = flagsOf('LACP_STATE', {
  LACP_STATE_LACP_ACTIVITY: 0x1,
  LACP_STATE_LACP_TIMEOUT: 0x2,
  LACP_STATE_AGGREGATION: 0x4,
  LACP_STATE_SYNCHRONIZATION: 0x8,
  LACP_STATE_COLLECTING: 0x10,
  LACP_STATE_DISTRIBUTING: 0x20,
  LACP_STATE_DEFAULTED: 0x40,
  LACP_STATE_EXPIRED: 0x80,
});

// misc kinds
/** IFLA_TUN_TYPE (linux/if_tun.h). */
export const TUN_TYPE = enumOf('IFF', { IFF_TUN: 0x0001, IFF_TAP: 0x0002 });
export const GTP_ROLE = enumSeq('GTP_ROLE', ['GTP_ROLE_GGSN', 'GTP_ROLE_SGSN']);
export const IPOIB_MODE = enumSeq('IPOIB_MODE', ['IPOIB_MODE_DATAGRAM', 'IPOIB_MODE_CONNECTED']);
export const HSR_PROTOCOL = enumSeq('HSR_PROTOCOL', ['HSR_PROTOCOL_HSR', 'HSR_PROTOCOL_PRP']);
export const RMNET_FLAGS = flagsOf('RMNET_FLAGS', {
  RMNET_FLAGS_INGRESS_DEAGGREGATION: 1 << 0,
  RMNET_FLAGS_INGRESS_MAP_COMMANDS: 1 << 1,
  RMNET_FLAGS_INGRESS_MAP_CKSUMV4: 1 << 2,
  RMNET_FLAGS_EGRESS_MAP_CKSUMV4: 1 << 3,
  RMNET_FLAGS_INGRESS_MAP_CKSUMV5: 1 << 4,
  RMNET_FLAGS_EGRESS_MAP_CKSUMV5: 1 << 5,
});

// SR-IOV
export const IFLA_VF_LINK_STATE = enumSeq('IFLA_VF_LINK_STATE', [
  'IFLA_VF_LINK_STATE_AUTO',
  'IFLA_VF_LINK_STATE_ENABLE',
  'IFLA_VF_LINK_STATE_DISABLE',
]);
export const PORT_REQUEST = enumSeq('PORT_REQUEST', [
  'PORT_REQUEST_PREASSOCIATE',
  'PORT_REQUEST_PREASSOCIATE_RR',
  'PORT_REQUEST_ASSOCIATE',
  'PORT_REQUEST_DISASSOCIATE',
]);
export const PORT_RESPONSE = enumOf('PORT_RESPONSE', {
  PORT_VDP_RESPONSE_SUCCESS: 0,
  PORT_VDP_RESPONSE_INVALID_FORMAT: 1,
  PORT_VDP_RESPONSE_INSUFFICIENT_RESOURCES: 2,
  PORT_VDP_RESPONSE_UNUSED_VTID: 3,
  PORT_VDP_RESPONSE_VTID_VIOLATION: 4,
  PORT_VDP_RESPONSE_VTID_VERSION_VIOALTION: 5,
  PORT_VDP_RESPONSE_OUT_OF_SYNC: 6,
  PORT_PROFILE_RESPONSE_SUCCESS: 0x100,
  PORT_PROFILE_RESPONSE_INPROGRESS: 0x101,
  PORT_PROFILE_RESPONSE_INVALID: 0x102,
  PORT_PROFILE_RESPONSE_BADSTATE: 0x103,
  PORT_PROFILE_RESPONSE_INSUFFICIENT_RESOURCES: 0x104,
  PORT_PROFILE_RESPONSE_ERROR: 0x105,
});

/** if_stats_msg.filter_mask: IFLA_STATS_FILTER_BIT(attr) = 1 << (attr - 1). */
export const IFLA_STATS_FILTER = flagsSeq('IFLA_STATS_FILTER', [
  'IFLA_STATS_LINK_64',
  'IFLA_STATS_LINK_XSTATS',
  'IFLA_STATS_LINK_XSTATS_SLAVE',
  'IFLA_STATS_LINK_OFFLOAD_XSTATS',
  'IFLA_STATS_AF_SPEC',
]);

// ---------------------------------------------------------------- structs

export const ifinfomsg: StructDecl = struct('ifinfomsg', [
  ['ifi_family', 'u8', AF],
  ['__ifi_pad', 'u8'],
  ['ifi_type', 'u16', ARPHRD],
  ['ifi_index', 's32'],
  ['ifi_flags', 'u32', IFF],
  ['ifi_change', 'u32', IFF],
], { header: 'linux/rtnetlink.h' });

export const if_stats_msg: StructDecl = struct('if_stats_msg', [
  ['family', 'u8', AF],
  ['pad1', 'u8'],
  ['pad2', 'u16'],
  ['ifindex', 'u32'],
  ['filter_mask', 'u32', IFLA_STATS_FILTER],
], { header: 'linux/if_link.h' });

const STATS_FIELDS = [
  'rx_packets', 'tx_packets', 'rx_bytes', 'tx_bytes', 'rx_errors', 'tx_errors', 'rx_dropped', 'tx_dropped',
  'multicast', 'collisions',
  'rx_length_errors', 'rx_over_errors', 'rx_crc_errors', 'rx_frame_errors', 'rx_fifo_errors', 'rx_missed_errors',
  'tx_aborted_errors', 'tx_carrier_errors', 'tx_fifo_errors', 'tx_heartbeat_errors', 'tx_window_errors',
  'rx_compressed', 'tx_compressed', 'rx_nohandler',
] as const;

/** IFLA_STATS: the same counters as rtnl_link_stats64, 32 bits wide. */
export const rtnl_link_stats: StructDecl = struct('rtnl_link_stats',
  STATS_FIELDS.map((n): FieldSpec => [n, 'u32']), { header: 'linux/if_link.h' });

export const rtnl_link_stats64: StructDecl = struct('rtnl_link_stats64',
  [...STATS_FIELDS, 'rx_otherhost_dropped'].map((n): FieldSpec => [n, 'u64']), { header: 'linux/if_link.h' });

export const rtnl_hw_stats64: StructDecl = struct('rtnl_hw_stats64', [
  ['rx_packets', 'u64'],
  ['tx_packets', 'u64'],
  ['rx_bytes', 'u64'],
  ['tx_bytes', 'u64'],
  ['rx_errors', 'u64'],
  ['tx_errors', 'u64'],
  ['rx_dropped', 'u64'],
  ['tx_dropped', 'u64'],
  ['multicast', 'u64'],
], { header: 'linux/if_link.h' });

export const rtnl_link_ifmap: StructDecl = struct('rtnl_link_ifmap', [
  ['mem_start', 'u64'],
  ['mem_end', 'u64'],
  ['base_addr', 'u64'],
  ['irq', 'u16'],
  ['dma', 'u8'],
  ['port', 'u8'],
], { header: 'linux/if_link.h', size: 32 });

export const ifla_cacheinfo: StructDecl = struct('ifla_cacheinfo', [
  ['max_reasm_len', 'u32'],
  ['tstamp', 'u32'],
  ['reachable_time', 'u32'],
  ['retrans_time', 'u32'],
], { header: 'linux/if_link.h' });

/** IFLA_INET_CONF: __u32 per IPV4_DEVCONF_* (array index = value - 1). */
export const ipv4_devconf: StructDecl = struct('ipv4_devconf', [
  ['IPV4_DEVCONF_FORWARDING', 'u32'],
  ['IPV4_DEVCONF_MC_FORWARDING', 'u32'],
  ['IPV4_DEVCONF_PROXY_ARP', 'u32'],
  ['IPV4_DEVCONF_ACCEPT_REDIRECTS', 'u32'],
  ['IPV4_DEVCONF_SECURE_REDIRECTS', 'u32'],
  ['IPV4_DEVCONF_SEND_REDIRECTS', 'u32'],
  ['IPV4_DEVCONF_SHARED_MEDIA', 'u32'],
  ['IPV4_DEVCONF_RP_FILTER', 'u32'],
  ['IPV4_DEVCONF_ACCEPT_SOURCE_ROUTE', 'u32'],
  ['IPV4_DEVCONF_BOOTP_RELAY', 'u32'],
  ['IPV4_DEVCONF_LOG_MARTIANS', 'u32'],
  ['IPV4_DEVCONF_TAG', 'u32'],
  ['IPV4_DEVCONF_ARPFILTER', 'u32'],
  ['IPV4_DEVCONF_MEDIUM_ID', 'u32'],
  ['IPV4_DEVCONF_NOXFRM', 'u32'],
  ['IPV4_DEVCONF_NOPOLICY', 'u32'],
  ['IPV4_DEVCONF_FORCE_IGMP_VERSION', 'u32'],
  ['IPV4_DEVCONF_ARP_ANNOUNCE', 'u32'],
  ['IPV4_DEVCONF_ARP_IGNORE', 'u32'],
  ['IPV4_DEVCONF_PROMOTE_SECONDARIES', 'u32'],
  ['IPV4_DEVCONF_ARP_ACCEPT', 'u32'],
  ['IPV4_DEVCONF_ARP_NOTIFY', 'u32'],
  ['IPV4_DEVCONF_ACCEPT_LOCAL', 'u32'],
  ['IPV4_DEVCONF_SRC_VMARK', 'u32'],
  ['IPV4_DEVCONF_PROXY_ARP_PVLAN', 'u32'],
  ['IPV4_DEVCONF_ROUTE_LOCALNET', 'u32'],
  ['IPV4_DEVCONF_IGMPV2_UNSOLICITED_REPORT_INTERVAL', 'u32'],
  ['IPV4_DEVCONF_IGMPV3_UNSOLICITED_REPORT_INTERVAL', 'u32'],
  ['IPV4_DEVCONF_IGNORE_ROUTES_WITH_LINKDOWN', 'u32'],
  ['IPV4_DEVCONF_DROP_UNICAST_IN_L2_MULTICAST', 'u32'],
  ['IPV4_DEVCONF_DROP_GRATUITOUS_ARP', 'u32'],
  ['IPV4_DEVCONF_BC_FORWARDING', 'u32'],
  ['IPV4_DEVCONF_ARP_EVICT_NOCARRIER', 'u32'],
]);

/** IFLA_INET6_CONF: __s32 per DEVCONF_* (array index = value). */
export const ipv6_devconf: StructDecl = struct('ipv6_devconf', [
  ['DEVCONF_FORWARDING', 's32'],
  ['DEVCONF_HOPLIMIT', 's32'],
  ['DEVCONF_MTU6', 's32'],
  ['DEVCONF_ACCEPT_RA', 's32'],
  ['DEVCONF_ACCEPT_REDIRECTS', 's32'],
  ['DEVCONF_AUTOCONF', 's32'],
  ['DEVCONF_DAD_TRANSMITS', 's32'],
  ['DEVCONF_RTR_SOLICITS', 's32'],
  ['DEVCONF_RTR_SOLICIT_INTERVAL', 's32'],
  ['DEVCONF_RTR_SOLICIT_DELAY', 's32'],
  ['DEVCONF_USE_TEMPADDR', 's32'],
  ['DEVCONF_TEMP_VALID_LFT', 's32'],
  ['DEVCONF_TEMP_PREFERED_LFT', 's32'],
  ['DEVCONF_REGEN_MAX_RETRY', 's32'],
  ['DEVCONF_MAX_DESYNC_FACTOR', 's32'],
  ['DEVCONF_MAX_ADDRESSES', 's32'],
  ['DEVCONF_FORCE_MLD_VERSION', 's32'],
  ['DEVCONF_ACCEPT_RA_DEFRTR', 's32'],
  ['DEVCONF_ACCEPT_RA_PINFO', 's32'],
  ['DEVCONF_ACCEPT_RA_RTR_PREF', 's32'],
  ['DEVCONF_RTR_PROBE_INTERVAL', 's32'],
  ['DEVCONF_ACCEPT_RA_RT_INFO_MAX_PLEN', 's32'],
  ['DEVCONF_PROXY_NDP', 's32'],
  ['DEVCONF_OPTIMISTIC_DAD', 's32'],
  ['DEVCONF_ACCEPT_SOURCE_ROUTE', 's32'],
  ['DEVCONF_MC_FORWARDING', 's32'],
  ['DEVCONF_DISABLE_IPV6', 's32'],
  ['DEVCONF_ACCEPT_DAD', 's32'],
  ['DEVCONF_FORCE_TLLAO', 's32'],
  ['DEVCONF_NDISC_NOTIFY', 's32'],
  ['DEVCONF_MLDV1_UNSOLICITED_REPORT_INTERVAL', 's32'],
  ['DEVCONF_MLDV2_UNSOLICITED_REPORT_INTERVAL', 's32'],
  ['DEVCONF_SUPPRESS_FRAG_NDISC', 's32'],
  ['DEVCONF_ACCEPT_RA_FROM_LOCAL', 's32'],
  ['DEVCONF_USE_OPTIMISTIC', 's32'],
  ['DEVCONF_ACCEPT_RA_MTU', 's32'],
  ['DEVCONF_STABLE_SECRET', 's32'],
  ['DEVCONF_USE_OIF_ADDRS_ONLY', 's32'],
  ['DEVCONF_ACCEPT_RA_MIN_HOP_LIMIT', 's32'],
  ['DEVCONF_IGNORE_ROUTES_WITH_LINKDOWN', 's32'],
  ['DEVCONF_DROP_UNICAST_IN_L2_MULTICAST', 's32'],
  ['DEVCONF_DROP_UNSOLICITED_NA', 's32'],
  ['DEVCONF_KEEP_ADDR_ON_DOWN', 's32'],
  ['DEVCONF_RTR_SOLICIT_MAX_INTERVAL', 's32'],
  ['DEVCONF_SEG6_ENABLED', 's32'],
  ['DEVCONF_SEG6_REQUIRE_HMAC', 's32'],
  ['DEVCONF_ENHANCED_DAD', 's32'],
  ['DEVCONF_ADDR_GEN_MODE', 's32'],
  ['DEVCONF_DISABLE_POLICY', 's32'],
  ['DEVCONF_ACCEPT_RA_RT_INFO_MIN_PLEN', 's32'],
  ['DEVCONF_NDISC_TCLASS', 's32'],
  ['DEVCONF_RPL_SEG_ENABLED', 's32'],
  ['DEVCONF_RA_DEFRTR_METRIC', 's32'],
  ['DEVCONF_IOAM6_ENABLED', 's32'],
  ['DEVCONF_IOAM6_ID', 's32'],
  ['DEVCONF_IOAM6_ID_WIDE', 's32'],
  ['DEVCONF_NDISC_EVICT_NOCARRIER', 's32'],
  ['DEVCONF_ACCEPT_UNTRACKED_NA', 's32'],
  ['DEVCONF_ACCEPT_RA_MIN_LFT', 's32'],
  ['DEVCONF_FORCE_FORWARDING', 's32'], // newer uapi (6.17): 59
]);

/** IFLA_INET6_STATS: __u64 per IPSTATS_MIB_* (index = value). Named as current kernels name them:
 *  6.3 renamed [5] (OutRequests) from IPSTATS_MIB_OUTPKTS to IPSTATS_MIB_OUTREQUESTS and appended
 *  IPSTATS_MIB_OUTPKTS (OutTransmits) as [37]. */
export const ipstats_mib: StructDecl = struct('ipstats_mib', [
  ['IPSTATS_MIB_NUM', 'u64'], // number of counters that follow
  ['IPSTATS_MIB_INPKTS', 'u64'],
  ['IPSTATS_MIB_INOCTETS', 'u64'],
  ['IPSTATS_MIB_INDELIVERS', 'u64'],
  ['IPSTATS_MIB_OUTFORWDATAGRAMS', 'u64'],
  ['IPSTATS_MIB_OUTREQUESTS', 'u64'],
  ['IPSTATS_MIB_OUTOCTETS', 'u64'],
  ['IPSTATS_MIB_INHDRERRORS', 'u64'],
  ['IPSTATS_MIB_INTOOBIGERRORS', 'u64'],
  ['IPSTATS_MIB_INNOROUTES', 'u64'],
  ['IPSTATS_MIB_INADDRERRORS', 'u64'],
  ['IPSTATS_MIB_INUNKNOWNPROTOS', 'u64'],
  ['IPSTATS_MIB_INTRUNCATEDPKTS', 'u64'],
  ['IPSTATS_MIB_INDISCARDS', 'u64'],
  ['IPSTATS_MIB_OUTDISCARDS', 'u64'],
  ['IPSTATS_MIB_OUTNOROUTES', 'u64'],
  ['IPSTATS_MIB_REASMTIMEOUT', 'u64'],
  ['IPSTATS_MIB_REASMREQDS', 'u64'],
  ['IPSTATS_MIB_REASMOKS', 'u64'],
  ['IPSTATS_MIB_REASMFAILS', 'u64'],
  ['IPSTATS_MIB_FRAGOKS', 'u64'],
  ['IPSTATS_MIB_FRAGFAILS', 'u64'],
  ['IPSTATS_MIB_FRAGCREATES', 'u64'],
  ['IPSTATS_MIB_INMCASTPKTS', 'u64'],
  ['IPSTATS_MIB_OUTMCASTPKTS', 'u64'],
  ['IPSTATS_MIB_INBCASTPKTS', 'u64'],
  ['IPSTATS_MIB_OUTBCASTPKTS', 'u64'],
  ['IPSTATS_MIB_INMCASTOCTETS', 'u64'],
  ['IPSTATS_MIB_OUTMCASTOCTETS', 'u64'],
  ['IPSTATS_MIB_INBCASTOCTETS', 'u64'],
  ['IPSTATS_MIB_OUTBCASTOCTETS', 'u64'],
  ['IPSTATS_MIB_CSUMERRORS', 'u64'],
  ['IPSTATS_MIB_NOECTPKTS', 'u64'],
  ['IPSTATS_MIB_ECT1PKTS', 'u64'],
  ['IPSTATS_MIB_ECT0PKTS', 'u64'],
  ['IPSTATS_MIB_CEPKTS', 'u64'],
  ['IPSTATS_MIB_REASM_OVERLAPS', 'u64'],
  ['IPSTATS_MIB_OUTPKTS', 'u64', { since: '6.3' }],
]);

/** IFLA_INET6_ICMP6STATS: __u64 per ICMP6_MIB_*. */
export const icmp6_mib: StructDecl = struct('icmp6_mib', [
  ['ICMP6_MIB_NUM', 'u64'], // number of counters that follow
  ['ICMP6_MIB_INMSGS', 'u64'],
  ['ICMP6_MIB_INERRORS', 'u64'],
  ['ICMP6_MIB_OUTMSGS', 'u64'],
  ['ICMP6_MIB_OUTERRORS', 'u64'],
  ['ICMP6_MIB_CSUMERRORS', 'u64'],
  ['ICMP6_MIB_RATELIMITHOST', 'u64'],
]);

export const mpls_link_stats: StructDecl = struct('mpls_link_stats', [
  ['rx_packets', 'u64'],
  ['tx_packets', 'u64'],
  ['rx_bytes', 'u64'],
  ['tx_bytes', 'u64'],
  ['rx_errors', 'u64'],
  ['tx_errors', 'u64'],
  ['rx_dropped', 'u64'],
  ['tx_dropped', 'u64'],
  ['rx_noroute', 'u64'],
], { header: 'linux/mpls.h' });

// bridge
export const ifla_bridge_id: StructDecl = struct('ifla_bridge_id', [
  ['prio', 'u8', { count: 2 }],
  ['addr', 'mac'],
], { header: 'linux/if_link.h' });

export const bridge_vlan_info: StructDecl = struct('bridge_vlan_info', [
  ['flags', 'u16', BRIDGE_VLAN_INFO],
  ['vid', 'u16'],
], { header: 'linux/if_bridge.h' });

export const br_boolopt_multi: StructDecl = struct('br_boolopt_multi', [
  ['optval', 'u32', BR_BOOLOPT],
  ['optmask', 'u32', BR_BOOLOPT],
], { header: 'linux/if_bridge.h' });

export const bridge_vlan_xstats: StructDecl = struct('bridge_vlan_xstats', [
  ['rx_bytes', 'u64'],
  ['rx_packets', 'u64'],
  ['tx_bytes', 'u64'],
  ['tx_packets', 'u64'],
  ['vid', 'u16'],
  ['flags', 'u16', BRIDGE_VLAN_INFO],
  ['pad2', 'u32'],
], { header: 'linux/if_bridge.h' });

export const bridge_stp_xstats: StructDecl = struct('bridge_stp_xstats', [
  ['transition_blk', 'u64'],
  ['transition_fwd', 'u64'],
  ['rx_bpdu', 'u64'],
  ['tx_bpdu', 'u64'],
  ['rx_tcn', 'u64'],
  ['tx_tcn', 'u64'],
], { header: 'linux/if_bridge.h' });

/** [BR_MCAST_DIR_RX, BR_MCAST_DIR_TX] pairs. */
export const br_mcast_stats: StructDecl = struct('br_mcast_stats', [
  ['igmp_v1queries', 'u64', { count: 2 }],
  ['igmp_v2queries', 'u64', { count: 2 }],
  ['igmp_v3queries', 'u64', { count: 2 }],
  ['igmp_leaves', 'u64', { count: 2 }],
  ['igmp_v1reports', 'u64', { count: 2 }],
  ['igmp_v2reports', 'u64', { count: 2 }],
  ['igmp_v3reports', 'u64', { count: 2 }],
  ['igmp_parse_errors', 'u64'],
  ['mld_v1queries', 'u64', { count: 2 }],
  ['mld_v2queries', 'u64', { count: 2 }],
  ['mld_leaves', 'u64', { count: 2 }],
  ['mld_v1reports', 'u64', { count: 2 }],
  ['mld_v2reports', 'u64', { count: 2 }],
  ['mld_parse_errors', 'u64'],
  ['mcast_bytes', 'u64', { count: 2 }],
  ['mcast_packets', 'u64', { count: 2 }],
], { header: 'linux/if_bridge.h' });

// link kinds
export const ifla_vlan_flags: StructDecl = struct('ifla_vlan_flags', [
  ['flags', 'u32', VLAN_FLAG],
  ['mask', 'u32', VLAN_FLAG],
], { header: 'linux/if_link.h' });

export const ifla_vlan_qos_mapping: StructDecl = struct('ifla_vlan_qos_mapping', [
  ['from', 'u32'],
  ['to', 'u32'],
], { header: 'linux/if_link.h' });

export const ifla_vxlan_port_range: StructDecl = struct('ifla_vxlan_port_range', [
  ['low', 'be16'],
  ['high', 'be16'],
], { header: 'linux/if_link.h' });

export const ifla_rmnet_flags: StructDecl = struct('ifla_rmnet_flags', [
  ['flags', 'u32', RMNET_FLAGS],
  ['mask', 'u32', RMNET_FLAGS],
], { header: 'linux/if_link.h' });

// SR-IOV
export const ifla_vf_mac: StructDecl = struct('ifla_vf_mac', [
  ['vf', 'u32'],
  ['mac', 'bytes', { size: 32 }], // MAX_ADDR_LEN
], { header: 'linux/if_link.h' });

export const ifla_vf_broadcast: StructDecl = struct('ifla_vf_broadcast', [
  ['broadcast', 'bytes', { size: 32 }],
], { header: 'linux/if_link.h' });

export const ifla_vf_vlan: StructDecl = struct('ifla_vf_vlan', [
  ['vf', 'u32'],
  ['vlan', 'u32'],
  ['qos', 'u32'],
], { header: 'linux/if_link.h' });

export const ifla_vf_vlan_info: StructDecl = struct('ifla_vf_vlan_info', [
  ['vf', 'u32'],
  ['vlan', 'u32'],
  ['qos', 'u32'],
  ['vlan_proto', 'be16', ETH_P_VLAN],
], { header: 'linux/if_link.h', size: 16 });

export const ifla_vf_tx_rate: StructDecl = struct('ifla_vf_tx_rate', [
  ['vf', 'u32'],
  ['rate', 'u32'],
], { header: 'linux/if_link.h' });

export const ifla_vf_rate: StructDecl = struct('ifla_vf_rate', [
  ['vf', 'u32'],
  ['min_tx_rate', 'u32'],
  ['max_tx_rate', 'u32'],
], { header: 'linux/if_link.h' });

export const ifla_vf_spoofchk: StructDecl = struct('ifla_vf_spoofchk', [
  ['vf', 'u32'],
  ['setting', 'u32'],
], { header: 'linux/if_link.h' });

/** struct ifla_vf_guid: a 4-byte alignment hole after vf (no member in C). */
export const ifla_vf_guid: StructDecl = struct('ifla_vf_guid', [
  ['vf', 'u32'],
  ['__hole', 'bytes', { size: 4, hole: true }],
  ['guid', 'u64'],
], { header: 'linux/if_link.h' });

export const ifla_vf_link_state: StructDecl = struct('ifla_vf_link_state', [
  ['vf', 'u32'],
  ['link_state', 'u32', IFLA_VF_LINK_STATE],
], { header: 'linux/if_link.h' });

export const ifla_vf_rss_query_en: StructDecl = struct('ifla_vf_rss_query_en', [
  ['vf', 'u32'],
  ['setting', 'u32'],
], { header: 'linux/if_link.h' });

export const ifla_vf_trust: StructDecl = struct('ifla_vf_trust', [
  ['vf', 'u32'],
  ['setting', 'u32'],
], { header: 'linux/if_link.h' });

export const ifla_port_vsi: StructDecl = struct('ifla_port_vsi', [
  ['vsi_mgr_id', 'u8'],
  ['vsi_type_id', 'u8', { count: 3 }],
  ['vsi_type_version', 'u8'],
  ['pad', 'u8', { count: 3 }],
], { header: 'linux/if_link.h' });

// ---------------------------------------------------------------- IFLA_AF_SPEC / IFLA_PROTINFO

export const IFLA_INET = attrs('IFLA_INET', [
  [1, 'IFLA_INET_CONF', ipv4_devconf],
]);

/** IFLA_AF_SPEC[AF_INET6], and IFLA_PROTINFO of AF_INET6 link messages. */
export const IFLA_INET6 = attrs('IFLA_INET6', [
  [1, 'IFLA_INET6_FLAGS', 'u32', IF_INET6_FLAGS],
  [2, 'IFLA_INET6_CONF', ipv6_devconf],
  [3, 'IFLA_INET6_STATS', ipstats_mib],
  [4, 'IFLA_INET6_MCAST', 'binary'], // never filled by the kernel
  [5, 'IFLA_INET6_CACHEINFO', ifla_cacheinfo],
  [6, 'IFLA_INET6_ICMP6STATS', icmp6_mib],
  [7, 'IFLA_INET6_TOKEN', 'ip6'],
  [8, 'IFLA_INET6_ADDR_GEN_MODE', 'u8', IN6_ADDR_GEN_MODE],
  [9, 'IFLA_INET6_RA_MTU', 'u32'],
]);

/** linux/mpls.h: IFLA_STATS_AF_SPEC[AF_MPLS]. */
export const MPLS_STATS = attrs('MPLS_STATS', [
  [1, 'MPLS_STATS_LINK', mpls_link_stats],
]);

export const IFLA_MCTP = attrs('IFLA_MCTP', [
  [1, 'IFLA_MCTP_NET', 'u32'],
]);

/** IFLA_AF_SPEC of non-bridge messages and IFLA_STATS_AF_SPEC: one nest per address family. */
export const IFLA_AF_SPEC_AF = attrs('IFLA_AF_SPEC', [
  [2, 'AF_INET', IFLA_INET],
  [10, 'AF_INET6', IFLA_INET6],
  [28, 'AF_MPLS', MPLS_STATS],
  [45, 'AF_MCTP', IFLA_MCTP],
]);

// ---------------------------------------------------------------- bridge

export const BRIDGE_QUERIER = attrs('BRIDGE_QUERIER', [
  [1, 'BRIDGE_QUERIER_IP_ADDRESS', 'ip4'],
  [2, 'BRIDGE_QUERIER_IP_PORT', 'u32'],
  [3, 'BRIDGE_QUERIER_IP_OTHER_TIMER', 'u64'],
  [4, 'BRIDGE_QUERIER_PAD', 'binary'],
  [5, 'BRIDGE_QUERIER_IPV6_ADDRESS', 'ip6'],
  [6, 'BRIDGE_QUERIER_IPV6_PORT', 'u32'],
  [7, 'BRIDGE_QUERIER_IPV6_OTHER_TIMER', 'u64'],
]);

/** IFLA_INFO_DATA of kind "bridge". Times are clock_t (USER_HZ), timers u64 centiseconds. */
export const IFLA_BR = attrs('IFLA_BR', [
  [1, 'IFLA_BR_FORWARD_DELAY', 'u32'],
  [2, 'IFLA_BR_HELLO_TIME', 'u32'],
  [3, 'IFLA_BR_MAX_AGE', 'u32'],
  [4, 'IFLA_BR_AGEING_TIME', 'u32'],
  [5, 'IFLA_BR_STP_STATE', 'u32'],
  [6, 'IFLA_BR_PRIORITY', 'u16'],
  [7, 'IFLA_BR_VLAN_FILTERING', 'u8'],
  [8, 'IFLA_BR_VLAN_PROTOCOL', 'be16', ETH_P_VLAN],
  [9, 'IFLA_BR_GROUP_FWD_MASK', 'u16'],
  [10, 'IFLA_BR_ROOT_ID', ifla_bridge_id],
  [11, 'IFLA_BR_BRIDGE_ID', ifla_bridge_id],
  [12, 'IFLA_BR_ROOT_PORT', 'u16'],
  [13, 'IFLA_BR_ROOT_PATH_COST', 'u32'],
  [14, 'IFLA_BR_TOPOLOGY_CHANGE', 'u8'],
  [15, 'IFLA_BR_TOPOLOGY_CHANGE_DETECTED', 'u8'],
  [16, 'IFLA_BR_HELLO_TIMER', 'u64'],
  [17, 'IFLA_BR_TCN_TIMER', 'u64'],
  [18, 'IFLA_BR_TOPOLOGY_CHANGE_TIMER', 'u64'],
  [19, 'IFLA_BR_GC_TIMER', 'u64'],
  [20, 'IFLA_BR_GROUP_ADDR', 'mac'],
  [21, 'IFLA_BR_FDB_FLUSH', 'flag'],
  [22, 'IFLA_BR_MCAST_ROUTER', 'u8', MDB_RTR_TYPE],
  [23, 'IFLA_BR_MCAST_SNOOPING', 'u8'],
  [24, 'IFLA_BR_MCAST_QUERY_USE_IFADDR', 'u8'],
  [25, 'IFLA_BR_MCAST_QUERIER', 'u8'],
  [26, 'IFLA_BR_MCAST_HASH_ELASTICITY', 'u32'],
  [27, 'IFLA_BR_MCAST_HASH_MAX', 'u32'],
  [28, 'IFLA_BR_MCAST_LAST_MEMBER_CNT', 'u32'],
  [29, 'IFLA_BR_MCAST_STARTUP_QUERY_CNT', 'u32'],
  [30, 'IFLA_BR_MCAST_LAST_MEMBER_INTVL', 'u64'],
  [31, 'IFLA_BR_MCAST_MEMBERSHIP_INTVL', 'u64'],
  [32, 'IFLA_BR_MCAST_QUERIER_INTVL', 'u64'],
  [33, 'IFLA_BR_MCAST_QUERY_INTVL', 'u64'],
  [34, 'IFLA_BR_MCAST_QUERY_RESPONSE_INTVL', 'u64'],
  [35, 'IFLA_BR_MCAST_STARTUP_QUERY_INTVL', 'u64'],
  [36, 'IFLA_BR_NF_CALL_IPTABLES', 'u8'],
  [37, 'IFLA_BR_NF_CALL_IP6TABLES', 'u8'],
  [38, 'IFLA_BR_NF_CALL_ARPTABLES', 'u8'],
  [39, 'IFLA_BR_VLAN_DEFAULT_PVID', 'u16'],
  [40, 'IFLA_BR_PAD', 'binary'],
  [41, 'IFLA_BR_VLAN_STATS_ENABLED', 'u8'],
  [42, 'IFLA_BR_MCAST_STATS_ENABLED', 'u8'],
  [43, 'IFLA_BR_MCAST_IGMP_VERSION', 'u8'],
  [44, 'IFLA_BR_MCAST_MLD_VERSION', 'u8'],
  [45, 'IFLA_BR_VLAN_STATS_PER_PORT', 'u8'],
  [46, 'IFLA_BR_MULTI_BOOLOPT', br_boolopt_multi],
  [47, 'IFLA_BR_MCAST_QUERIER_STATE', BRIDGE_QUERIER, { nested: true }],
  [48, 'IFLA_BR_FDB_N_LEARNED', 'u32'], // newer uapi (6.8)
  [49, 'IFLA_BR_FDB_MAX_LEARNED', 'u32'], // newer uapi (6.8)
]);

/** Bridge port: IFLA_INFO_SLAVE_DATA of slave kind "bridge", IFLA_PROTINFO of AF_BRIDGE messages. */
export const IFLA_BRPORT = attrs('IFLA_BRPORT', [
  [1, 'IFLA_BRPORT_STATE', 'u8', BR_STATE],
  [2, 'IFLA_BRPORT_PRIORITY', 'u16'],
  [3, 'IFLA_BRPORT_COST', 'u32'],
  [4, 'IFLA_BRPORT_MODE', 'u8', BRPORT_MODE],
  [5, 'IFLA_BRPORT_GUARD', 'u8'],
  [6, 'IFLA_BRPORT_PROTECT', 'u8'],
  [7, 'IFLA_BRPORT_FAST_LEAVE', 'u8'],
  [8, 'IFLA_BRPORT_LEARNING', 'u8'],
  [9, 'IFLA_BRPORT_UNICAST_FLOOD', 'u8'],
  [10, 'IFLA_BRPORT_PROXYARP', 'u8'],
  [11, 'IFLA_BRPORT_LEARNING_SYNC', 'u8'],
  [12, 'IFLA_BRPORT_PROXYARP_WIFI', 'u8'],
  [13, 'IFLA_BRPORT_ROOT_ID', ifla_bridge_id],
  [14, 'IFLA_BRPORT_BRIDGE_ID', ifla_bridge_id],
  [15, 'IFLA_BRPORT_DESIGNATED_PORT', 'u16'],
  [16, 'IFLA_BRPORT_DESIGNATED_COST', 'u16'],
  [17, 'IFLA_BRPORT_ID', 'u16'],
  [18, 'IFLA_BRPORT_NO', 'u16'],
  [19, 'IFLA_BRPORT_TOPOLOGY_CHANGE_ACK', 'u8'],
  [20, 'IFLA_BRPORT_CONFIG_PENDING', 'u8'],
  [21, 'IFLA_BRPORT_MESSAGE_AGE_TIMER', 'u64'],
  [22, 'IFLA_BRPORT_FORWARD_DELAY_TIMER', 'u64'],
  [23, 'IFLA_BRPORT_HOLD_TIMER', 'u64'],
  [24, 'IFLA_BRPORT_FLUSH', 'flag'],
  [25, 'IFLA_BRPORT_MULTICAST_ROUTER', 'u8', MDB_RTR_TYPE],
  [26, 'IFLA_BRPORT_PAD', 'binary'],
  [27, 'IFLA_BRPORT_MCAST_FLOOD', 'u8'],
  [28, 'IFLA_BRPORT_MCAST_TO_UCAST', 'u8'],
  [29, 'IFLA_BRPORT_VLAN_TUNNEL', 'u8'],
  [30, 'IFLA_BRPORT_BCAST_FLOOD', 'u8'],
  [31, 'IFLA_BRPORT_GROUP_FWD_MASK', 'u16'],
  [32, 'IFLA_BRPORT_NEIGH_SUPPRESS', 'u8'],
  [33, 'IFLA_BRPORT_ISOLATED', 'u8'],
  [34, 'IFLA_BRPORT_BACKUP_PORT', 'u32'],
  [35, 'IFLA_BRPORT_MRP_RING_OPEN', 'u8'],
  [36, 'IFLA_BRPORT_MRP_IN_OPEN', 'u8'],
  [37, 'IFLA_BRPORT_MCAST_EHT_HOSTS_LIMIT', 'u32'],
  [38, 'IFLA_BRPORT_MCAST_EHT_HOSTS_CNT', 'u32'],
  [39, 'IFLA_BRPORT_LOCKED', 'u8'],
  [40, 'IFLA_BRPORT_MAB', 'u8'], // newer uapi (6.2)
  [41, 'IFLA_BRPORT_MCAST_N_GROUPS', 'u32'], // newer uapi (6.3)
  [42, 'IFLA_BRPORT_MCAST_MAX_GROUPS', 'u32'], // newer uapi (6.3)
  [43, 'IFLA_BRPORT_NEIGH_VLAN_SUPPRESS', 'u8'], // newer uapi (6.5)
  [44, 'IFLA_BRPORT_BACKUP_NHID', 'u32'], // newer uapi (6.5)
]);

export const IFLA_BRIDGE_VLAN_TUNNEL = attrs('IFLA_BRIDGE_VLAN_TUNNEL', [
  [1, 'IFLA_BRIDGE_VLAN_TUNNEL_ID', 'u32'],
  [2, 'IFLA_BRIDGE_VLAN_TUNNEL_VID', 'u16'],
  [3, 'IFLA_BRIDGE_VLAN_TUNNEL_FLAGS', 'u16', BRIDGE_VLAN_INFO],
]);

export const IFLA_BRIDGE_MRP_INSTANCE = attrs('IFLA_BRIDGE_MRP_INSTANCE', [
  [1, 'IFLA_BRIDGE_MRP_INSTANCE_RING_ID', 'u32'],
  [2, 'IFLA_BRIDGE_MRP_INSTANCE_P_IFINDEX', 'u32'],
  [3, 'IFLA_BRIDGE_MRP_INSTANCE_S_IFINDEX', 'u32'],
  [4, 'IFLA_BRIDGE_MRP_INSTANCE_PRIO', 'u16'],
]);
export const IFLA_BRIDGE_MRP_PORT_STATE = attrs('IFLA_BRIDGE_MRP_PORT_STATE', [
  [1, 'IFLA_BRIDGE_MRP_PORT_STATE_STATE', 'u32'],
]);
export const IFLA_BRIDGE_MRP_PORT_ROLE = attrs('IFLA_BRIDGE_MRP_PORT_ROLE', [
  [1, 'IFLA_BRIDGE_MRP_PORT_ROLE_ROLE', 'u32'],
]);
export const IFLA_BRIDGE_MRP_RING_STATE = attrs('IFLA_BRIDGE_MRP_RING_STATE', [
  [1, 'IFLA_BRIDGE_MRP_RING_STATE_RING_ID', 'u32'],
  [2, 'IFLA_BRIDGE_MRP_RING_STATE_STATE', 'u32'],
]);
export const IFLA_BRIDGE_MRP_RING_ROLE = attrs('IFLA_BRIDGE_MRP_RING_ROLE', [
  [1, 'IFLA_BRIDGE_MRP_RING_ROLE_RING_ID', 'u32'],
  [2, 'IFLA_BRIDGE_MRP_RING_ROLE_ROLE', 'u32'],
]);
export const IFLA_BRIDGE_MRP_START_TEST = attrs('IFLA_BRIDGE_MRP_START_TEST', [
  [1, 'IFLA_BRIDGE_MRP_START_TEST_RING_ID', 'u32'],
  [2, 'IFLA_BRIDGE_MRP_START_TEST_INTERVAL', 'u32'],
  [3, 'IFLA_BRIDGE_MRP_START_TEST_MAX_MISS', 'u32'],
  [4, 'IFLA_BRIDGE_MRP_START_TEST_PERIOD', 'u32'],
  [5, 'IFLA_BRIDGE_MRP_START_TEST_MONITOR', 'u32'],
]);
export const IFLA_BRIDGE_MRP_INFO = attrs('IFLA_BRIDGE_MRP_INFO', [
  [1, 'IFLA_BRIDGE_MRP_INFO_RING_ID', 'u32'],
  [2, 'IFLA_BRIDGE_MRP_INFO_P_IFINDEX', 'u32'],
  [3, 'IFLA_BRIDGE_MRP_INFO_S_IFINDEX', 'u32'],
  [4, 'IFLA_BRIDGE_MRP_INFO_PRIO', 'u16'],
  [5, 'IFLA_BRIDGE_MRP_INFO_RING_STATE', 'u32'],
  [6, 'IFLA_BRIDGE_MRP_INFO_RING_ROLE', 'u32'],
  [7, 'IFLA_BRIDGE_MRP_INFO_TEST_INTERVAL', 'u32'],
  [8, 'IFLA_BRIDGE_MRP_INFO_TEST_MAX_MISS', 'u32'],
  [9, 'IFLA_BRIDGE_MRP_INFO_TEST_MONITOR', 'u32'],
  [10, 'IFLA_BRIDGE_MRP_INFO_I_IFINDEX', 'u32'],
  [11, 'IFLA_BRIDGE_MRP_INFO_IN_STATE', 'u32'],
  [12, 'IFLA_BRIDGE_MRP_INFO_IN_ROLE', 'u32'],
  [13, 'IFLA_BRIDGE_MRP_INFO_IN_TEST_INTERVAL', 'u32'],
  [14, 'IFLA_BRIDGE_MRP_INFO_IN_TEST_MAX_MISS', 'u32'],
]);
export const IFLA_BRIDGE_MRP_IN_STATE = attrs('IFLA_BRIDGE_MRP_IN_STATE', [
  [1, 'IFLA_BRIDGE_MRP_IN_STATE_IN_ID', 'u32'],
  [2, 'IFLA_BRIDGE_MRP_IN_STATE_STATE', 'u32'],
]);
export const IFLA_BRIDGE_MRP_IN_ROLE = attrs('IFLA_BRIDGE_MRP_IN_ROLE', [
  [1, 'IFLA_BRIDGE_MRP_IN_ROLE_RING_ID', 'u32'],
  [2, 'IFLA_BRIDGE_MRP_IN_ROLE_IN_ID', 'u16'],
  [3, 'IFLA_BRIDGE_MRP_IN_ROLE_ROLE', 'u32'],
  [4, 'IFLA_BRIDGE_MRP_IN_ROLE_I_IFINDEX', 'u32'],
]);
export const IFLA_BRIDGE_MRP_START_IN_TEST = attrs('IFLA_BRIDGE_MRP_START_IN_TEST', [
  [1, 'IFLA_BRIDGE_MRP_START_IN_TEST_IN_ID', 'u32'],
  [2, 'IFLA_BRIDGE_MRP_START_IN_TEST_INTERVAL', 'u32'],
  [3, 'IFLA_BRIDGE_MRP_START_IN_TEST_MAX_MISS', 'u32'],
  [4, 'IFLA_BRIDGE_MRP_START_IN_TEST_PERIOD', 'u32'],
]);
export const IFLA_BRIDGE_MRP = attrs('IFLA_BRIDGE_MRP', [
  [1, 'IFLA_BRIDGE_MRP_INSTANCE', IFLA_BRIDGE_MRP_INSTANCE, { nested: true }],
  [2, 'IFLA_BRIDGE_MRP_PORT_STATE', IFLA_BRIDGE_MRP_PORT_STATE, { nested: true }],
  [3, 'IFLA_BRIDGE_MRP_PORT_ROLE', IFLA_BRIDGE_MRP_PORT_ROLE, { nested: true }],
  [4, 'IFLA_BRIDGE_MRP_RING_STATE', IFLA_BRIDGE_MRP_RING_STATE, { nested: true }],
  [5, 'IFLA_BRIDGE_MRP_RING_ROLE', IFLA_BRIDGE_MRP_RING_ROLE, { nested: true }],
  [6, 'IFLA_BRIDGE_MRP_START_TEST', IFLA_BRIDGE_MRP_START_TEST, { nested: true }],
  [7, 'IFLA_BRIDGE_MRP_INFO', IFLA_BRIDGE_MRP_INFO, { multi: true, nested: true }],
  [8, 'IFLA_BRIDGE_MRP_IN_ROLE', IFLA_BRIDGE_MRP_IN_ROLE, { nested: true }],
  [9, 'IFLA_BRIDGE_MRP_IN_STATE', IFLA_BRIDGE_MRP_IN_STATE, { nested: true }],
  [10, 'IFLA_BRIDGE_MRP_START_IN_TEST', IFLA_BRIDGE_MRP_START_IN_TEST, { nested: true }],
]);

export const IFLA_BRIDGE_CFM_MEP_CREATE = attrs('IFLA_BRIDGE_CFM_MEP_CREATE', [
  [1, 'IFLA_BRIDGE_CFM_MEP_CREATE_INSTANCE', 'u32'],
  [2, 'IFLA_BRIDGE_CFM_MEP_CREATE_DOMAIN', 'u32'],
  [3, 'IFLA_BRIDGE_CFM_MEP_CREATE_DIRECTION', 'u32'],
  [4, 'IFLA_BRIDGE_CFM_MEP_CREATE_IFINDEX', 'u32'],
]);
export const IFLA_BRIDGE_CFM_MEP_DELETE = attrs('IFLA_BRIDGE_CFM_MEP_DELETE', [
  [1, 'IFLA_BRIDGE_CFM_MEP_DELETE_INSTANCE', 'u32'],
]);
export const IFLA_BRIDGE_CFM_MEP_CONFIG = attrs('IFLA_BRIDGE_CFM_MEP_CONFIG', [
  [1, 'IFLA_BRIDGE_CFM_MEP_CONFIG_INSTANCE', 'u32'],
  [2, 'IFLA_BRIDGE_CFM_MEP_CONFIG_UNICAST_MAC', 'mac'],
  [3, 'IFLA_BRIDGE_CFM_MEP_CONFIG_MDLEVEL', 'u32'],
  [4, 'IFLA_BRIDGE_CFM_MEP_CONFIG_MEPID', 'u32'],
]);
export const IFLA_BRIDGE_CFM_CC_CONFIG = attrs('IFLA_BRIDGE_CFM_CC_CONFIG', [
  [1, 'IFLA_BRIDGE_CFM_CC_CONFIG_INSTANCE', 'u32'],
  [2, 'IFLA_BRIDGE_CFM_CC_CONFIG_ENABLE', 'u32'],
  [3, 'IFLA_BRIDGE_CFM_CC_CONFIG_EXP_INTERVAL', 'u32'],
  [4, 'IFLA_BRIDGE_CFM_CC_CONFIG_EXP_MAID', 'binary'], // 48-byte MAID
]);
export const IFLA_BRIDGE_CFM_CC_PEER_MEP = attrs('IFLA_BRIDGE_CFM_CC_PEER_MEP', [
  [1, 'IFLA_BRIDGE_CFM_CC_PEER_MEP_INSTANCE', 'u32'],
  [2, 'IFLA_BRIDGE_CFM_CC_PEER_MEPID', 'u32'],
]);
export const IFLA_BRIDGE_CFM_CC_RDI = attrs('IFLA_BRIDGE_CFM_CC_RDI', [
  [1, 'IFLA_BRIDGE_CFM_CC_RDI_INSTANCE', 'u32'],
  [2, 'IFLA_BRIDGE_CFM_CC_RDI_RDI', 'u32'],
]);
export const IFLA_BRIDGE_CFM_CC_CCM_TX = attrs('IFLA_BRIDGE_CFM_CC_CCM_TX', [
  [1, 'IFLA_BRIDGE_CFM_CC_CCM_TX_INSTANCE', 'u32'],
  [2, 'IFLA_BRIDGE_CFM_CC_CCM_TX_DMAC', 'mac'],
  [3, 'IFLA_BRIDGE_CFM_CC_CCM_TX_SEQ_NO_UPDATE', 'u32'],
  [4, 'IFLA_BRIDGE_CFM_CC_CCM_TX_PERIOD', 'u32'],
  [5, 'IFLA_BRIDGE_CFM_CC_CCM_TX_IF_TLV', 'u32'],
  [6, 'IFLA_BRIDGE_CFM_CC_CCM_TX_IF_TLV_VALUE', 'u8'],
  [7, 'IFLA_BRIDGE_CFM_CC_CCM_TX_PORT_TLV', 'u32'],
  [8, 'IFLA_BRIDGE_CFM_CC_CCM_TX_PORT_TLV_VALUE', 'u8'],
]);
export const IFLA_BRIDGE_CFM_MEP_STATUS = attrs('IFLA_BRIDGE_CFM_MEP_STATUS', [
  [1, 'IFLA_BRIDGE_CFM_MEP_STATUS_INSTANCE', 'u32'],
  [2, 'IFLA_BRIDGE_CFM_MEP_STATUS_OPCODE_UNEXP_SEEN', 'u32'],
  [3, 'IFLA_BRIDGE_CFM_MEP_STATUS_VERSION_UNEXP_SEEN', 'u32'],
  [4, 'IFLA_BRIDGE_CFM_MEP_STATUS_RX_LEVEL_LOW_SEEN', 'u32'],
]);
export const IFLA_BRIDGE_CFM_CC_PEER_STATUS = attrs('IFLA_BRIDGE_CFM_CC_PEER_STATUS', [
  [1, 'IFLA_BRIDGE_CFM_CC_PEER_STATUS_INSTANCE', 'u32'],
  [2, 'IFLA_BRIDGE_CFM_CC_PEER_STATUS_PEER_MEPID', 'u32'],
  [3, 'IFLA_BRIDGE_CFM_CC_PEER_STATUS_CCM_DEFECT', 'u32'],
  [4, 'IFLA_BRIDGE_CFM_CC_PEER_STATUS_RDI', 'u32'],
  [5, 'IFLA_BRIDGE_CFM_CC_PEER_STATUS_PORT_TLV_VALUE', 'u8'],
  [6, 'IFLA_BRIDGE_CFM_CC_PEER_STATUS_IF_TLV_VALUE', 'u8'],
  [7, 'IFLA_BRIDGE_CFM_CC_PEER_STATUS_SEEN', 'u32'],
  [8, 'IFLA_BRIDGE_CFM_CC_PEER_STATUS_TLV_SEEN', 'u32'],
  [9, 'IFLA_BRIDGE_CFM_CC_PEER_STATUS_SEQ_UNEXP_SEEN', 'u32'],
]);
/** The *_INFO entries of a dump reuse the layouts of the matching config nests. */
export const IFLA_BRIDGE_CFM = attrs('IFLA_BRIDGE_CFM', [
  [1, 'IFLA_BRIDGE_CFM_MEP_CREATE', IFLA_BRIDGE_CFM_MEP_CREATE, { nested: true }],
  [2, 'IFLA_BRIDGE_CFM_MEP_DELETE', IFLA_BRIDGE_CFM_MEP_DELETE, { nested: true }],
  [3, 'IFLA_BRIDGE_CFM_MEP_CONFIG', IFLA_BRIDGE_CFM_MEP_CONFIG, { nested: true }],
  [4, 'IFLA_BRIDGE_CFM_CC_CONFIG', IFLA_BRIDGE_CFM_CC_CONFIG, { nested: true }],
  [5, 'IFLA_BRIDGE_CFM_CC_PEER_MEP_ADD', IFLA_BRIDGE_CFM_CC_PEER_MEP, { nested: true }],
  [6, 'IFLA_BRIDGE_CFM_CC_PEER_MEP_REMOVE', IFLA_BRIDGE_CFM_CC_PEER_MEP, { nested: true }],
  [7, 'IFLA_BRIDGE_CFM_CC_RDI', IFLA_BRIDGE_CFM_CC_RDI, { nested: true }],
  [8, 'IFLA_BRIDGE_CFM_CC_CCM_TX', IFLA_BRIDGE_CFM_CC_CCM_TX, { nested: true }],
  [9, 'IFLA_BRIDGE_CFM_MEP_CREATE_INFO', IFLA_BRIDGE_CFM_MEP_CREATE, { multi: true, nested: true }],
  [10, 'IFLA_BRIDGE_CFM_MEP_CONFIG_INFO', IFLA_BRIDGE_CFM_MEP_CONFIG, { multi: true, nested: true }],
  [11, 'IFLA_BRIDGE_CFM_CC_CONFIG_INFO', IFLA_BRIDGE_CFM_CC_CONFIG, { multi: true, nested: true }],
  [12, 'IFLA_BRIDGE_CFM_CC_RDI_INFO', IFLA_BRIDGE_CFM_CC_RDI, { multi: true, nested: true }],
  [13, 'IFLA_BRIDGE_CFM_CC_CCM_TX_INFO', IFLA_BRIDGE_CFM_CC_CCM_TX, { multi: true, nested: true }],
  [14, 'IFLA_BRIDGE_CFM_CC_PEER_MEP_INFO', IFLA_BRIDGE_CFM_CC_PEER_MEP, { multi: true, nested: true }],
  [15, 'IFLA_BRIDGE_CFM_MEP_STATUS_INFO', IFLA_BRIDGE_CFM_MEP_STATUS, { multi: true, nested: true }],
  [16, 'IFLA_BRIDGE_CFM_CC_PEER_STATUS_INFO', IFLA_BRIDGE_CFM_CC_PEER_STATUS, { multi: true, nested: true }],
]);

export const IFLA_BRIDGE_MST_ENTRY = attrs('IFLA_BRIDGE_MST_ENTRY', [
  [1, 'IFLA_BRIDGE_MST_ENTRY_MSTI', 'u16'],
  [2, 'IFLA_BRIDGE_MST_ENTRY_STATE', 'u8', BR_STATE],
]);
export const IFLA_BRIDGE_MST = attrs('IFLA_BRIDGE_MST', [
  [1, 'IFLA_BRIDGE_MST_ENTRY', IFLA_BRIDGE_MST_ENTRY, { multi: true, nested: true }],
]);

/** IFLA_AF_SPEC of AF_BRIDGE messages (the enum starts at 0). */
export const IFLA_BRIDGE = attrs('IFLA_BRIDGE', [
  [0, 'IFLA_BRIDGE_FLAGS', 'u16', BRIDGE_FLAGS],
  [1, 'IFLA_BRIDGE_MODE', 'u16', BRIDGE_MODE],
  [2, 'IFLA_BRIDGE_VLAN_INFO', bridge_vlan_info, { multi: true }],
  [3, 'IFLA_BRIDGE_VLAN_TUNNEL_INFO', IFLA_BRIDGE_VLAN_TUNNEL, { multi: true }],
  [4, 'IFLA_BRIDGE_MRP', IFLA_BRIDGE_MRP, { nested: true }],
  [5, 'IFLA_BRIDGE_CFM', IFLA_BRIDGE_CFM, { nested: true }],
  [6, 'IFLA_BRIDGE_MST', IFLA_BRIDGE_MST, { nested: true }],
]);

// ---------------------------------------------------------------- IFLA_INFO_DATA by kind

/** "veth": VETH_INFO_PEER holds a struct ifinfomsg followed by IFLA attributes; the schema has
 *  no "struct + attributes" value without a length field, so it stays binary. */
export const VETH_INFO = attrs('VETH_INFO', [
  [1, 'VETH_INFO_PEER', prefixed(ifinfomsg, () => IFLA)],
]);

export const IFLA_VLAN_QOS = attrs('IFLA_VLAN_QOS', [
  [1, 'IFLA_VLAN_QOS_MAPPING', ifla_vlan_qos_mapping, { multi: true }],
]);

export const IFLA_VLAN = attrs('IFLA_VLAN', [
  [1, 'IFLA_VLAN_ID', 'u16'],
  [2, 'IFLA_VLAN_FLAGS', ifla_vlan_flags],
  [3, 'IFLA_VLAN_EGRESS_QOS', IFLA_VLAN_QOS],
  [4, 'IFLA_VLAN_INGRESS_QOS', IFLA_VLAN_QOS],
  [5, 'IFLA_VLAN_PROTOCOL', 'be16', ETH_P_VLAN],
]);

export const IFLA_MACVLAN_MACADDR_DATA = attrs('IFLA_MACVLAN_MACADDR_DATA', [
  [4, 'IFLA_MACVLAN_MACADDR', 'mac', { multi: true }],
]);

/** "macvlan" / "macvtap". */
export const IFLA_MACVLAN = attrs('IFLA_MACVLAN', [
  [1, 'IFLA_MACVLAN_MODE', 'u32', MACVLAN_MODE],
  [2, 'IFLA_MACVLAN_FLAGS', 'u16', MACVLAN_FLAG],
  [3, 'IFLA_MACVLAN_MACADDR_MODE', 'u32', MACVLAN_MACADDR],
  [4, 'IFLA_MACVLAN_MACADDR', 'mac'],
  [5, 'IFLA_MACVLAN_MACADDR_DATA', IFLA_MACVLAN_MACADDR_DATA],
  [6, 'IFLA_MACVLAN_MACADDR_COUNT', 'u32'],
  [7, 'IFLA_MACVLAN_BC_QUEUE_LEN', 'u32'],
  [8, 'IFLA_MACVLAN_BC_QUEUE_LEN_USED', 'u32'],
]);

export const IFLA_VRF = attrs('IFLA_VRF', [
  [1, 'IFLA_VRF_TABLE', 'u32'],
]);

/** IFLA_INFO_SLAVE_DATA of slave kind "vrf". */
export const IFLA_VRF_PORT = attrs('IFLA_VRF_PORT', [
  [1, 'IFLA_VRF_PORT_TABLE', 'u32'],
]);

export const IFLA_MACSEC = attrs('IFLA_MACSEC', [
  [1, 'IFLA_MACSEC_SCI', 'be64'], // sci_t: network order
  [2, 'IFLA_MACSEC_PORT', 'be16'],
  [3, 'IFLA_MACSEC_ICV_LEN', 'u8'],
  [4, 'IFLA_MACSEC_CIPHER_SUITE', 'u64'], // MACSEC_CIPHER_ID_*: 64-bit ids
  [5, 'IFLA_MACSEC_WINDOW', 'u32'],
  [6, 'IFLA_MACSEC_ENCODING_SA', 'u8'],
  [7, 'IFLA_MACSEC_ENCRYPT', 'u8'],
  [8, 'IFLA_MACSEC_PROTECT', 'u8'],
  [9, 'IFLA_MACSEC_INC_SCI', 'u8'],
  [10, 'IFLA_MACSEC_ES', 'u8'],
  [11, 'IFLA_MACSEC_SCB', 'u8'],
  [12, 'IFLA_MACSEC_REPLAY_PROTECT', 'u8'],
  [13, 'IFLA_MACSEC_VALIDATION', 'u8', MACSEC_VALIDATE],
  [14, 'IFLA_MACSEC_PAD', 'binary'],
  [15, 'IFLA_MACSEC_OFFLOAD', 'u8', MACSEC_OFFLOAD],
]);

export const IFLA_XFRM = attrs('IFLA_XFRM', [
  [1, 'IFLA_XFRM_LINK', 'u32'],
  [2, 'IFLA_XFRM_IF_ID', 'u32'],
  [3, 'IFLA_XFRM_COLLECT_METADATA', 'flag'],
]);

/** "ipvlan" / "ipvtap". */
export const IFLA_IPVLAN = attrs('IFLA_IPVLAN', [
  [1, 'IFLA_IPVLAN_MODE', 'u16', IPVLAN_MODE],
  [2, 'IFLA_IPVLAN_FLAGS', 'u16', IPVLAN_F],
]);

export const IFLA_VXLAN = attrs('IFLA_VXLAN', [
  [1, 'IFLA_VXLAN_ID', 'u32'],
  [2, 'IFLA_VXLAN_GROUP', 'ip4'],
  [3, 'IFLA_VXLAN_LINK', 'u32'],
  [4, 'IFLA_VXLAN_LOCAL', 'ip4'],
  [5, 'IFLA_VXLAN_TTL', 'u8'],
  [6, 'IFLA_VXLAN_TOS', 'u8'],
  [7, 'IFLA_VXLAN_LEARNING', 'u8'],
  [8, 'IFLA_VXLAN_AGEING', 'u32'],
  [9, 'IFLA_VXLAN_LIMIT', 'u32'],
  [10, 'IFLA_VXLAN_PORT_RANGE', ifla_vxlan_port_range],
  [11, 'IFLA_VXLAN_PROXY', 'u8'],
  [12, 'IFLA_VXLAN_RSC', 'u8'],
  [13, 'IFLA_VXLAN_L2MISS', 'u8'],
  [14, 'IFLA_VXLAN_L3MISS', 'u8'],
  [15, 'IFLA_VXLAN_PORT', 'be16'],
  [16, 'IFLA_VXLAN_GROUP6', 'ip6'],
  [17, 'IFLA_VXLAN_LOCAL6', 'ip6'],
  [18, 'IFLA_VXLAN_UDP_CSUM', 'u8'],
  [19, 'IFLA_VXLAN_UDP_ZERO_CSUM6_TX', 'u8'],
  [20, 'IFLA_VXLAN_UDP_ZERO_CSUM6_RX', 'u8'],
  [21, 'IFLA_VXLAN_REMCSUM_TX', 'u8'],
  [22, 'IFLA_VXLAN_REMCSUM_RX', 'u8'],
  [23, 'IFLA_VXLAN_GBP', 'flag'],
  [24, 'IFLA_VXLAN_REMCSUM_NOPARTIAL', 'flag'],
  [25, 'IFLA_VXLAN_COLLECT_METADATA', 'u8'],
  [26, 'IFLA_VXLAN_LABEL', 'be32'],
  [27, 'IFLA_VXLAN_GPE', 'flag'],
  [28, 'IFLA_VXLAN_TTL_INHERIT', 'u8'], // NLA_FLAG in requests, dumped as u8
  [29, 'IFLA_VXLAN_DF', 'u8', VXLAN_DF],
  [30, 'IFLA_VXLAN_VNIFILTER', 'u8'],
  [31, 'IFLA_VXLAN_LOCALBYPASS', 'u8'], // newer uapi (6.7)
  [32, 'IFLA_VXLAN_LABEL_POLICY', 'u32'], // newer uapi (6.9): enum ifla_vxlan_label_policy
  [33, 'IFLA_VXLAN_RESERVED_BITS', 'binary'], // newer uapi (6.14): struct vxlanhdr mask
  [34, 'IFLA_VXLAN_MC_ROUTE', 'u8'], // newer uapi (6.16)
]);

export const IFLA_GENEVE = attrs('IFLA_GENEVE', [
  [1, 'IFLA_GENEVE_ID', 'u32'],
  [2, 'IFLA_GENEVE_REMOTE', 'ip4'],
  [3, 'IFLA_GENEVE_TTL', 'u8'],
  [4, 'IFLA_GENEVE_TOS', 'u8'],
  [5, 'IFLA_GENEVE_PORT', 'be16'],
  [6, 'IFLA_GENEVE_COLLECT_METADATA', 'flag'],
  [7, 'IFLA_GENEVE_REMOTE6', 'ip6'],
  [8, 'IFLA_GENEVE_UDP_CSUM', 'u8'],
  [9, 'IFLA_GENEVE_UDP_ZERO_CSUM6_TX', 'u8'],
  [10, 'IFLA_GENEVE_UDP_ZERO_CSUM6_RX', 'u8'],
  [11, 'IFLA_GENEVE_LABEL', 'be32'],
  [12, 'IFLA_GENEVE_TTL_INHERIT', 'u8'],
  [13, 'IFLA_GENEVE_DF', 'u8', GENEVE_DF],
  [14, 'IFLA_GENEVE_INNER_PROTO_INHERIT', 'flag'],
]);

export const IFLA_BAREUDP = attrs('IFLA_BAREUDP', [
  [1, 'IFLA_BAREUDP_PORT', 'be16'],
  [2, 'IFLA_BAREUDP_ETHERTYPE', 'be16'],
  [3, 'IFLA_BAREUDP_SRCPORT_MIN', 'u16'],
  [4, 'IFLA_BAREUDP_MULTIPROTO_MODE', 'flag'],
]);

export const IFLA_PPP = attrs('IFLA_PPP', [
  [1, 'IFLA_PPP_DEV_FD', 's32'],
]);

export const IFLA_GTP = attrs('IFLA_GTP', [
  [1, 'IFLA_GTP_FD0', 'u32'],
  [2, 'IFLA_GTP_FD1', 'u32'],
  [3, 'IFLA_GTP_PDP_HASHSIZE', 'u32'],
  [4, 'IFLA_GTP_ROLE', 'u32', GTP_ROLE],
  [5, 'IFLA_GTP_CREATE_SOCKETS', 'u8'],
  [6, 'IFLA_GTP_RESTART_COUNT', 'u8'],
]);

export const IFLA_BOND_AD_INFO = attrs('IFLA_BOND_AD_INFO', [
  [1, 'IFLA_BOND_AD_INFO_AGGREGATOR', 'u16'],
  [2, 'IFLA_BOND_AD_INFO_NUM_PORTS', 'u16'],
  [3, 'IFLA_BOND_AD_INFO_ACTOR_KEY', 'u16'],
  [4, 'IFLA_BOND_AD_INFO_PARTNER_KEY', 'u16'],
  [5, 'IFLA_BOND_AD_INFO_PARTNER_MAC', 'mac'],
]);

/** "bond". The target lists are nests whose children are typed by slot index (from 0). */
export const IFLA_BOND = attrs('IFLA_BOND', [
  [1, 'IFLA_BOND_MODE', 'u8', BOND_MODE],
  [2, 'IFLA_BOND_ACTIVE_SLAVE', 'u32'],
  [3, 'IFLA_BOND_MIIMON', 'u32'],
  [4, 'IFLA_BOND_UPDELAY', 'u32'],
  [5, 'IFLA_BOND_DOWNDELAY', 'u32'],
  [6, 'IFLA_BOND_USE_CARRIER', 'u8'],
  [7, 'IFLA_BOND_ARP_INTERVAL', 'u32'],
  [8, 'IFLA_BOND_ARP_IP_TARGET', array('ip4')],
  [9, 'IFLA_BOND_ARP_VALIDATE', 'u32'],
  [10, 'IFLA_BOND_ARP_ALL_TARGETS', 'u32'],
  [11, 'IFLA_BOND_PRIMARY', 'u32'],
  [12, 'IFLA_BOND_PRIMARY_RESELECT', 'u8'],
  [13, 'IFLA_BOND_FAIL_OVER_MAC', 'u8'],
  [14, 'IFLA_BOND_XMIT_HASH_POLICY', 'u8', BOND_XMIT_POLICY],
  [15, 'IFLA_BOND_RESEND_IGMP', 'u32'],
  [16, 'IFLA_BOND_NUM_PEER_NOTIF', 'u8'],
  [17, 'IFLA_BOND_ALL_SLAVES_ACTIVE', 'u8'],
  [18, 'IFLA_BOND_MIN_LINKS', 'u32'],
  [19, 'IFLA_BOND_LP_INTERVAL', 'u32'],
  [20, 'IFLA_BOND_PACKETS_PER_SLAVE', 'u32'],
  [21, 'IFLA_BOND_AD_LACP_RATE', 'u8'],
  [22, 'IFLA_BOND_AD_SELECT', 'u8'],
  [23, 'IFLA_BOND_AD_INFO', IFLA_BOND_AD_INFO],
  [24, 'IFLA_BOND_AD_ACTOR_SYS_PRIO', 'u16'],
  [25, 'IFLA_BOND_AD_USER_PORT_KEY', 'u16'],
  [26, 'IFLA_BOND_AD_ACTOR_SYSTEM', 'mac'],
  [27, 'IFLA_BOND_TLB_DYNAMIC_LB', 'u8'],
  [28, 'IFLA_BOND_PEER_NOTIF_DELAY', 'u32'],
  [29, 'IFLA_BOND_AD_LACP_ACTIVE', 'u8'],
  [30, 'IFLA_BOND_MISSED_MAX', 'u8'],
  [31, 'IFLA_BOND_NS_IP6_TARGET', array('ip6')],
  [32, 'IFLA_BOND_COUPLED_CONTROL', 'u8'],
]);

export const IFLA_BOND_SLAVE = attrs('IFLA_BOND_SLAVE', [
  [1, 'IFLA_BOND_SLAVE_STATE', 'u8', BOND_STATE],
  [2, 'IFLA_BOND_SLAVE_MII_STATUS', 'u8', BOND_LINK],
  [3, 'IFLA_BOND_SLAVE_LINK_FAILURE_COUNT', 'u32'],
  [4, 'IFLA_BOND_SLAVE_PERM_HWADDR', 'mac'],
  [5, 'IFLA_BOND_SLAVE_QUEUE_ID', 'u16'],
  [6, 'IFLA_BOND_SLAVE_AD_AGGREGATOR_ID', 'u16'],
  [7, 'IFLA_BOND_SLAVE_AD_ACTOR_OPER_PORT_STATE', 'u8', LACP_STATE],
  [8, 'IFLA_BOND_SLAVE_AD_PARTNER_OPER_PORT_STATE', 'u16', LACP_STATE],
  [9, 'IFLA_BOND_SLAVE_PRIO', 's32'],
  [10, 'IFLA_BOND_SLAVE_ACTOR_PORT_PRIO', 'u16'],
  [11, 'IFLA_BOND_SLAVE_AD_CHURN_ACTOR_STATE', 'u8'],
  [12, 'IFLA_BOND_SLAVE_AD_CHURN_PARTNER_STATE', 'u8'],
]);

export const IFLA_TUN = attrs('IFLA_TUN', [
  [1, 'IFLA_TUN_OWNER', 'u32'],
  [2, 'IFLA_TUN_GROUP', 'u32'],
  [3, 'IFLA_TUN_TYPE', 'u8', TUN_TYPE],
  [4, 'IFLA_TUN_PI', 'u8'],
  [5, 'IFLA_TUN_VNET_HDR', 'u8'],
  [6, 'IFLA_TUN_PERSIST', 'u8'],
  [7, 'IFLA_TUN_MULTI_QUEUE', 'u8'],
  [8, 'IFLA_TUN_NUM_QUEUES', 'u32'],
  [9, 'IFLA_TUN_NUM_DISABLED_QUEUES', 'u32'],
]);

/** "ipip", "sit", "ip6tnl". Addresses are 4 or 16 bytes by kind. */
export const IFLA_IPTUN = attrs('IFLA_IPTUN', [
  [1, 'IFLA_IPTUN_LINK', 'u32'],
  [2, 'IFLA_IPTUN_LOCAL', 'ip'],
  [3, 'IFLA_IPTUN_REMOTE', 'ip'],
  [4, 'IFLA_IPTUN_TTL', 'u8'],
  [5, 'IFLA_IPTUN_TOS', 'u8'],
  [6, 'IFLA_IPTUN_ENCAP_LIMIT', 'u8'],
  [7, 'IFLA_IPTUN_FLOWINFO', 'be32'],
  // ip6tnl puts IP6_TNL_F_* as u32; sit puts i_flags (SIT_ISATAP) as 16 bits
  [8, 'IFLA_IPTUN_FLAGS', select((ctx) => (ctx.parent?.siblings.IFLA_INFO_KIND === 'ip6tnl' ? 'u32' : 'u16'))],
  [9, 'IFLA_IPTUN_PROTO', 'u8'],
  [10, 'IFLA_IPTUN_PMTUDISC', 'u8'],
  [11, 'IFLA_IPTUN_6RD_PREFIX', 'ip6'],
  [12, 'IFLA_IPTUN_6RD_RELAY_PREFIX', 'ip4'],
  [13, 'IFLA_IPTUN_6RD_PREFIXLEN', 'u16'],
  [14, 'IFLA_IPTUN_6RD_RELAY_PREFIXLEN', 'u16'],
  [15, 'IFLA_IPTUN_ENCAP_TYPE', 'u16', TUNNEL_ENCAP],
  [16, 'IFLA_IPTUN_ENCAP_FLAGS', 'u16', TUNNEL_ENCAP_FLAG],
  [17, 'IFLA_IPTUN_ENCAP_SPORT', 'be16'],
  [18, 'IFLA_IPTUN_ENCAP_DPORT', 'be16'],
  [19, 'IFLA_IPTUN_COLLECT_METADATA', 'flag'],
  [20, 'IFLA_IPTUN_FWMARK', 'u32'],
]);

/** "gre", "gretap", "erspan", "ip6gre", "ip6gretap", "ip6erspan". */
export const IFLA_GRE = attrs('IFLA_GRE', [
  [1, 'IFLA_GRE_LINK', 'u32'],
  [2, 'IFLA_GRE_IFLAGS', 'be16', GRE_FLAGS],
  [3, 'IFLA_GRE_OFLAGS', 'be16', GRE_FLAGS],
  [4, 'IFLA_GRE_IKEY', 'be32'],
  [5, 'IFLA_GRE_OKEY', 'be32'],
  [6, 'IFLA_GRE_LOCAL', 'ip'],
  [7, 'IFLA_GRE_REMOTE', 'ip'],
  [8, 'IFLA_GRE_TTL', 'u8'],
  [9, 'IFLA_GRE_TOS', 'u8'],
  [10, 'IFLA_GRE_PMTUDISC', 'u8'],
  [11, 'IFLA_GRE_ENCAP_LIMIT', 'u8'],
  [12, 'IFLA_GRE_FLOWINFO', 'be32'],
  [13, 'IFLA_GRE_FLAGS', 'u32', IP6_TNL_F],
  [14, 'IFLA_GRE_ENCAP_TYPE', 'u16', TUNNEL_ENCAP],
  [15, 'IFLA_GRE_ENCAP_FLAGS', 'u16', TUNNEL_ENCAP_FLAG],
  [16, 'IFLA_GRE_ENCAP_SPORT', 'be16'],
  [17, 'IFLA_GRE_ENCAP_DPORT', 'be16'],
  [18, 'IFLA_GRE_COLLECT_METADATA', 'flag'],
  [19, 'IFLA_GRE_IGNORE_DF', 'u8'],
  [20, 'IFLA_GRE_FWMARK', 'u32'],
  [21, 'IFLA_GRE_ERSPAN_INDEX', 'u32'],
  [22, 'IFLA_GRE_ERSPAN_VER', 'u8'],
  [23, 'IFLA_GRE_ERSPAN_DIR', 'u8'],
  [24, 'IFLA_GRE_ERSPAN_HWID', 'u16'],
]);

/** "vti", "vti6". */
export const IFLA_VTI = attrs('IFLA_VTI', [
  [1, 'IFLA_VTI_LINK', 'u32'],
  [2, 'IFLA_VTI_IKEY', 'be32'],
  [3, 'IFLA_VTI_OKEY', 'be32'],
  [4, 'IFLA_VTI_LOCAL', 'ip'],
  [5, 'IFLA_VTI_REMOTE', 'ip'],
  [6, 'IFLA_VTI_FWMARK', 'u32'],
]);

export const IFLA_IPOIB = attrs('IFLA_IPOIB', [
  [1, 'IFLA_IPOIB_PKEY', 'u16'],
  [2, 'IFLA_IPOIB_MODE', 'u16', IPOIB_MODE],
  [3, 'IFLA_IPOIB_UMCAST', 'u16'],
]);

/** "hsr" (and PRP). */
export const IFLA_HSR = attrs('IFLA_HSR', [
  [1, 'IFLA_HSR_SLAVE1', 'u32'],
  [2, 'IFLA_HSR_SLAVE2', 'u32'],
  [3, 'IFLA_HSR_MULTICAST_SPEC', 'u8'],
  [4, 'IFLA_HSR_SUPERVISION_ADDR', 'mac'],
  [5, 'IFLA_HSR_SEQ_NR', 'u16'],
  [6, 'IFLA_HSR_VERSION', 'u8'],
  [7, 'IFLA_HSR_PROTOCOL', 'u8', HSR_PROTOCOL],
  [8, 'IFLA_HSR_INTERLINK', 'u32'], // the interlink device's ifindex
]);

export const IFLA_RMNET = attrs('IFLA_RMNET', [
  [1, 'IFLA_RMNET_MUX_ID', 'u16'],
  [2, 'IFLA_RMNET_FLAGS', ifla_rmnet_flags],
]);

export const IFLA_DSA = attrs('IFLA_DSA', [
  [1, 'IFLA_DSA_MASTER', 'u32'],
]);

/** IFLA_INFO_DATA by IFLA_INFO_KIND. */
export const INFO_DATA_BY_KIND: Readonly<Record<string, AttrSet>> = {
  veth: VETH_INFO,
  vxcan: VETH_INFO, // same VETH_INFO_PEER layout
  bridge: IFLA_BR,
  vlan: IFLA_VLAN,
  macvlan: IFLA_MACVLAN,
  macvtap: IFLA_MACVLAN,
  vrf: IFLA_VRF,
  macsec: IFLA_MACSEC,
  xfrm: IFLA_XFRM,
  ipvlan: IFLA_IPVLAN,
  ipvtap: IFLA_IPVLAN,
  vxlan: IFLA_VXLAN,
  geneve: IFLA_GENEVE,
  bareudp: IFLA_BAREUDP,
  ppp: IFLA_PPP,
  gtp: IFLA_GTP,
  bond: IFLA_BOND,
  tun: IFLA_TUN,
  ipip: IFLA_IPTUN,
  sit: IFLA_IPTUN,
  ip6tnl: IFLA_IPTUN,
  gre: IFLA_GRE,
  gretap: IFLA_GRE,
  erspan: IFLA_GRE,
  ip6gre: IFLA_GRE,
  ip6gretap: IFLA_GRE,
  ip6erspan: IFLA_GRE,
  vti: IFLA_VTI,
  vti6: IFLA_VTI,
  ipoib: IFLA_IPOIB,
  hsr: IFLA_HSR,
  rmnet: IFLA_RMNET,
  dsa: IFLA_DSA,
};

/** IFLA_INFO_SLAVE_DATA by IFLA_INFO_SLAVE_KIND. */
export const INFO_SLAVE_DATA_BY_KIND: Readonly<Record<string, AttrSet>> = {
  bridge: IFLA_BRPORT,
  bond: IFLA_BOND_SLAVE,
  vrf: IFLA_VRF_PORT,
};

const byKind = (table: Readonly<Record<string, AttrSet>>, kind: unknown): AttrSet | undefined =>
  typeof kind === 'string' && Object.prototype.hasOwnProperty.call(table, kind) ? table[kind] : undefined;

export const IFLA_INFO = attrs('IFLA_INFO', [
  [1, 'IFLA_INFO_KIND', 'string'],
  [2, 'IFLA_INFO_DATA', select((ctx) => byKind(INFO_DATA_BY_KIND, ctx.siblings.IFLA_INFO_KIND))],
  [3, 'IFLA_INFO_XSTATS', 'binary'], // driver specific (can: struct can_device_stats)
  [4, 'IFLA_INFO_SLAVE_KIND', 'string'],
  [5, 'IFLA_INFO_SLAVE_DATA', select((ctx) => byKind(INFO_SLAVE_DATA_BY_KIND, ctx.siblings.IFLA_INFO_SLAVE_KIND))],
]);

// ---------------------------------------------------------------- SR-IOV, ports, XDP

export const IFLA_VF_STATS = attrs('IFLA_VF_STATS', [
  [0, 'IFLA_VF_STATS_RX_PACKETS', 'u64'],
  [1, 'IFLA_VF_STATS_TX_PACKETS', 'u64'],
  [2, 'IFLA_VF_STATS_RX_BYTES', 'u64'],
  [3, 'IFLA_VF_STATS_TX_BYTES', 'u64'],
  [4, 'IFLA_VF_STATS_BROADCAST', 'u64'],
  [5, 'IFLA_VF_STATS_MULTICAST', 'u64'],
  [6, 'IFLA_VF_STATS_PAD', 'binary'],
  [7, 'IFLA_VF_STATS_RX_DROPPED', 'u64'],
  [8, 'IFLA_VF_STATS_TX_DROPPED', 'u64'],
]);

export const IFLA_VF_VLAN_LIST = attrs('IFLA_VF_VLAN_LIST', [
  [1, 'IFLA_VF_VLAN_INFO', ifla_vf_vlan_info, { multi: true }],
]);

export const IFLA_VF = attrs('IFLA_VF', [
  [1, 'IFLA_VF_MAC', ifla_vf_mac],
  [2, 'IFLA_VF_VLAN', ifla_vf_vlan],
  [3, 'IFLA_VF_TX_RATE', ifla_vf_tx_rate],
  [4, 'IFLA_VF_SPOOFCHK', ifla_vf_spoofchk],
  [5, 'IFLA_VF_LINK_STATE', ifla_vf_link_state],
  [6, 'IFLA_VF_RATE', ifla_vf_rate],
  [7, 'IFLA_VF_RSS_QUERY_EN', ifla_vf_rss_query_en],
  [8, 'IFLA_VF_STATS', IFLA_VF_STATS],
  [9, 'IFLA_VF_TRUST', ifla_vf_trust],
  [10, 'IFLA_VF_IB_NODE_GUID', ifla_vf_guid],
  [11, 'IFLA_VF_IB_PORT_GUID', ifla_vf_guid],
  [12, 'IFLA_VF_VLAN_LIST', IFLA_VF_VLAN_LIST],
  [13, 'IFLA_VF_BROADCAST', ifla_vf_broadcast],
]);

/** IFLA_VFINFO_LIST. */
export const IFLA_VF_INFO = attrs('IFLA_VF_INFO', [
  [1, 'IFLA_VF_INFO', IFLA_VF, { multi: true }],
]);

/** IFLA_PORT_SELF and each IFLA_VF_PORT. */
export const IFLA_PORT = attrs('IFLA_PORT', [
  [1, 'IFLA_PORT_VF', 'u32'],
  [2, 'IFLA_PORT_PROFILE', 'string'],
  [3, 'IFLA_PORT_VSI_TYPE', ifla_port_vsi],
  [4, 'IFLA_PORT_INSTANCE_UUID', 'binary'],
  [5, 'IFLA_PORT_HOST_UUID', 'binary'],
  [6, 'IFLA_PORT_REQUEST', 'u8', PORT_REQUEST],
  [7, 'IFLA_PORT_RESPONSE', 'u16', PORT_RESPONSE],
]);

/** IFLA_VF_PORTS. */
export const IFLA_VF_PORT = attrs('IFLA_VF_PORT', [
  [1, 'IFLA_VF_PORT', IFLA_PORT, { multi: true }],
]);

export const IFLA_XDP = attrs('IFLA_XDP', [
  [1, 'IFLA_XDP_FD', 's32'],
  [2, 'IFLA_XDP_ATTACHED', 'u8', XDP_ATTACHED],
  [3, 'IFLA_XDP_FLAGS', 'u32', XDP_FLAGS],
  [4, 'IFLA_XDP_PROG_ID', 'u32'],
  [5, 'IFLA_XDP_DRV_PROG_ID', 'u32'],
  [6, 'IFLA_XDP_SKB_PROG_ID', 'u32'],
  [7, 'IFLA_XDP_HW_PROG_ID', 'u32'],
  [8, 'IFLA_XDP_EXPECTED_FD', 's32'],
]);

export const IFLA_PROTO_DOWN_REASON = attrs('IFLA_PROTO_DOWN_REASON', [
  [1, 'IFLA_PROTO_DOWN_REASON_MASK', 'u32'],
  [2, 'IFLA_PROTO_DOWN_REASON_VALUE', 'u32'],
]);

/** IFLA_PROP_LIST: the alternative names. */
export const IFLA_PROP_LIST = attrs('IFLA_PROP_LIST', [
  [53, 'IFLA_ALT_IFNAME', 'string', { multi: true }],
]);

/** IFLA_DEVLINK_PORT: devlink handle of the port (DEVLINK_ATTR_*, linux/devlink.h). */
export const IFLA_DEVLINK_PORT_ATTRS = attrs('DEVLINK_ATTR', [
  [1, 'DEVLINK_ATTR_BUS_NAME', 'string'],
  [2, 'DEVLINK_ATTR_DEV_NAME', 'string'],
  [3, 'DEVLINK_ATTR_PORT_INDEX', 'u32'],
]);

/** IFLA_DPLL_PIN: linux/dpll.h is not installed; DPLL_A_PIN_ID is 1 upstream. */
export const IFLA_DPLL_PIN_ATTRS = attrs('DPLL_A_PIN', [
  [1, 'DPLL_A_PIN_ID', 'u32'],
]);

// ---------------------------------------------------------------- IFLA

/** IFLA_AF_SPEC: IFLA_BRIDGE for AF_BRIDGE messages, else one nest per address family. */
const afSpec = select((ctx) => (ctx.body.ifi_family === 'AF_BRIDGE' ? IFLA_BRIDGE : IFLA_AF_SPEC_AF));

/** IFLA_PROTINFO: bridge port for AF_BRIDGE messages, IFLA_INET6 for AF_INET6 ones. */
const protInfo = select((ctx) =>
  ctx.body.ifi_family === 'AF_BRIDGE' ? IFLA_BRPORT : ctx.body.ifi_family === 'AF_INET6' ? IFLA_INET6 : undefined);

export const IFLA: AttrSet = attrs('IFLA', [
  [1, 'IFLA_ADDRESS', 'mac'],
  [2, 'IFLA_BROADCAST', 'mac'],
  [3, 'IFLA_IFNAME', 'string'],
  [4, 'IFLA_MTU', 'u32'],
  [5, 'IFLA_LINK', 'u32'],
  [6, 'IFLA_QDISC', 'string'],
  [7, 'IFLA_STATS', rtnl_link_stats],
  [8, 'IFLA_COST', 'u32'], // unused by the kernel
  [9, 'IFLA_PRIORITY', 'u32'], // unused by the kernel
  [10, 'IFLA_MASTER', 'u32'],
  [11, 'IFLA_WIRELESS', 'binary'], // wireless extensions event (linux/wireless.h)
  [12, 'IFLA_PROTINFO', protInfo],
  [13, 'IFLA_TXQLEN', 'u32'],
  [14, 'IFLA_MAP', rtnl_link_ifmap],
  [15, 'IFLA_WEIGHT', 'u32'],
  [16, 'IFLA_OPERSTATE', 'u8', IF_OPER],
  [17, 'IFLA_LINKMODE', 'u8', IF_LINK_MODE],
  [18, 'IFLA_LINKINFO', IFLA_INFO],
  [19, 'IFLA_NET_NS_PID', 'u32'],
  [20, 'IFLA_IFALIAS', 'string'],
  [21, 'IFLA_NUM_VF', 'u32'],
  [22, 'IFLA_VFINFO_LIST', IFLA_VF_INFO],
  [23, 'IFLA_STATS64', rtnl_link_stats64],
  [24, 'IFLA_VF_PORTS', IFLA_VF_PORT],
  [25, 'IFLA_PORT_SELF', IFLA_PORT],
  [26, 'IFLA_AF_SPEC', afSpec],
  [27, 'IFLA_GROUP', 'u32'],
  [28, 'IFLA_NET_NS_FD', 'u32'],
  [29, 'IFLA_EXT_MASK', 'u32', RTEXT_FILTER],
  [30, 'IFLA_PROMISCUITY', 'u32'],
  [31, 'IFLA_NUM_TX_QUEUES', 'u32'],
  [32, 'IFLA_NUM_RX_QUEUES', 'u32'],
  [33, 'IFLA_CARRIER', 'u8'],
  [34, 'IFLA_PHYS_PORT_ID', 'binary'],
  [35, 'IFLA_CARRIER_CHANGES', 'u32'],
  [36, 'IFLA_PHYS_SWITCH_ID', 'binary'],
  [37, 'IFLA_LINK_NETNSID', 's32'],
  [38, 'IFLA_PHYS_PORT_NAME', 'string'],
  [39, 'IFLA_PROTO_DOWN', 'u8'],
  [40, 'IFLA_GSO_MAX_SEGS', 'u32'],
  [41, 'IFLA_GSO_MAX_SIZE', 'u32'],
  [42, 'IFLA_PAD', 'binary'],
  [43, 'IFLA_XDP', IFLA_XDP],
  [44, 'IFLA_EVENT', 'u32', IFLA_EVENT],
  [45, 'IFLA_NEW_NETNSID', 's32'],
  [46, 'IFLA_IF_NETNSID', 's32'], // alias IFLA_TARGET_NETNSID
  [47, 'IFLA_CARRIER_UP_COUNT', 'u32'],
  [48, 'IFLA_CARRIER_DOWN_COUNT', 'u32'],
  [49, 'IFLA_NEW_IFINDEX', 's32'],
  [50, 'IFLA_MIN_MTU', 'u32'],
  [51, 'IFLA_MAX_MTU', 'u32'],
  [52, 'IFLA_PROP_LIST', IFLA_PROP_LIST, { nested: true }],
  [53, 'IFLA_ALT_IFNAME', 'string'],
  [54, 'IFLA_PERM_ADDRESS', 'mac'],
  [55, 'IFLA_PROTO_DOWN_REASON', IFLA_PROTO_DOWN_REASON, { nested: true }],
  [56, 'IFLA_PARENT_DEV_NAME', 'string'],
  [57, 'IFLA_PARENT_DEV_BUS_NAME', 'string'],
  [58, 'IFLA_GRO_MAX_SIZE', 'u32'],
  [59, 'IFLA_TSO_MAX_SIZE', 'u32'],
  [60, 'IFLA_TSO_MAX_SEGS', 'u32'],
  [61, 'IFLA_ALLMULTI', 'u32'],
  [62, 'IFLA_DEVLINK_PORT', IFLA_DEVLINK_PORT_ATTRS, { nested: true }], // newer uapi (6.4)
  [63, 'IFLA_GSO_IPV4_MAX_SIZE', 'u32'], // newer uapi (6.3)
  [64, 'IFLA_GRO_IPV4_MAX_SIZE', 'u32'], // newer uapi (6.3)
  [65, 'IFLA_DPLL_PIN', IFLA_DPLL_PIN_ATTRS, { nested: true }], // newer uapi (6.8)
  [66, 'IFLA_MAX_PACING_OFFLOAD_HORIZON', 'uint'], // newer uapi (6.13)
  [67, 'IFLA_NETNS_IMMUTABLE', 'u8'], // newer uapi (6.13)
  [68, 'IFLA_HEADROOM', 'u16'], // newer uapi (6.18)
  [69, 'IFLA_TAILROOM', 'u16'], // newer uapi (6.18)
]);

// ---------------------------------------------------------------- RTM_NEWSTATS / RTM_GETSTATS

export const BRIDGE_XSTATS = attrs('BRIDGE_XSTATS', [
  [1, 'BRIDGE_XSTATS_VLAN', bridge_vlan_xstats, { multi: true }],
  [2, 'BRIDGE_XSTATS_MCAST', br_mcast_stats],
  [3, 'BRIDGE_XSTATS_PAD', 'binary'],
  [4, 'BRIDGE_XSTATS_STP', bridge_stp_xstats],
]);

export const BOND_3AD_STAT = attrs('BOND_3AD_STAT', [
  [0, 'BOND_3AD_STAT_LACPDU_RX', 'u64'],
  [1, 'BOND_3AD_STAT_LACPDU_TX', 'u64'],
  [2, 'BOND_3AD_STAT_LACPDU_UNKNOWN_RX', 'u64'],
  [3, 'BOND_3AD_STAT_LACPDU_ILLEGAL_RX', 'u64'],
  [4, 'BOND_3AD_STAT_MARKER_RX', 'u64'],
  [5, 'BOND_3AD_STAT_MARKER_TX', 'u64'],
  [6, 'BOND_3AD_STAT_MARKER_RESP_RX', 'u64'],
  [7, 'BOND_3AD_STAT_MARKER_RESP_TX', 'u64'],
  [8, 'BOND_3AD_STAT_MARKER_UNKNOWN_RX', 'u64'],
  [9, 'BOND_3AD_STAT_PAD', 'binary'],
]);

export const BOND_XSTATS = attrs('BOND_XSTATS', [
  [1, 'BOND_XSTATS_3AD', BOND_3AD_STAT],
]);

/** IFLA_STATS_LINK_XSTATS(_SLAVE): one nest per LINK_XSTATS_TYPE_*. */
export const LINK_XSTATS_TYPE = attrs('LINK_XSTATS_TYPE', [
  [1, 'LINK_XSTATS_TYPE_BRIDGE', BRIDGE_XSTATS],
  [2, 'LINK_XSTATS_TYPE_BOND', BOND_XSTATS],
]);

export const IFLA_OFFLOAD_XSTATS_HW_S_INFO = attrs('IFLA_OFFLOAD_XSTATS_HW_S_INFO', [
  [1, 'IFLA_OFFLOAD_XSTATS_HW_S_INFO_REQUEST', 'u8'],
  [2, 'IFLA_OFFLOAD_XSTATS_HW_S_INFO_USED', 'u8'],
]);

/** IFLA_OFFLOAD_XSTATS_HW_S_INFO holds one nest per HW stats type, keyed by its IFLA_OFFLOAD_XSTATS_* value. */
export const IFLA_OFFLOAD_XSTATS_HW_S = attrs('IFLA_OFFLOAD_XSTATS_HW_S', [
  [3, 'IFLA_OFFLOAD_XSTATS_L3_STATS', IFLA_OFFLOAD_XSTATS_HW_S_INFO],
]);

export const IFLA_OFFLOAD_XSTATS = attrs('IFLA_OFFLOAD_XSTATS', [
  [1, 'IFLA_OFFLOAD_XSTATS_CPU_HIT', rtnl_link_stats64],
  [2, 'IFLA_OFFLOAD_XSTATS_HW_S_INFO', IFLA_OFFLOAD_XSTATS_HW_S],
  [3, 'IFLA_OFFLOAD_XSTATS_L3_STATS', rtnl_hw_stats64],
]);

/** Attributes of RTM_NEWSTATS (body struct if_stats_msg). Type 0 doubles as 64-bit pad. */
export const IFLA_STATS = attrs('IFLA_STATS', [
  [1, 'IFLA_STATS_LINK_64', rtnl_link_stats64],
  [2, 'IFLA_STATS_LINK_XSTATS', LINK_XSTATS_TYPE],
  [3, 'IFLA_STATS_LINK_XSTATS_SLAVE', LINK_XSTATS_TYPE],
  [4, 'IFLA_STATS_LINK_OFFLOAD_XSTATS', IFLA_OFFLOAD_XSTATS],
  [5, 'IFLA_STATS_AF_SPEC', IFLA_AF_SPEC_AF],
]);

/** IFLA_STATS_GET_FILTERS: per-group filter masks, keyed by the IFLA_STATS_LINK_* they filter. */
export const IFLA_STATS_GET_FILTERS = attrs('IFLA_STATS_GET_FILTERS', [
  [1, 'IFLA_STATS_LINK_64', 'u32'],
  [2, 'IFLA_STATS_LINK_XSTATS', 'u32'],
  [3, 'IFLA_STATS_LINK_XSTATS_SLAVE', 'u32'],
  [4, 'IFLA_STATS_LINK_OFFLOAD_XSTATS', 'u32'],
  [5, 'IFLA_STATS_AF_SPEC', 'u32'],
]);

/** Attributes of RTM_GETSTATS / RTM_SETSTATS requests. */
export const IFLA_STATS_GETSET = attrs('IFLA_STATS_GETSET', [
  [1, 'IFLA_STATS_GET_FILTERS', IFLA_STATS_GET_FILTERS, { nested: true }],
  [2, 'IFLA_STATS_SET_OFFLOAD_XSTATS_L3_STATS', 'u8'],
]);
