// Bridge multicast database (RTM_*MDB), per-VLAN state (RTM_*VLAN) and VXLAN VNI filters
// (RTM_*TUNNEL): linux/if_bridge.h, linux/if_link.h. `bridge link` / `bridge fdb` are
// RTM_*LINK / RTM_*NEIGH with AF_BRIDGE (link.ts, neigh.ts).
import { attrs, prefixed, enumOf, flagsOf, struct, type AttrSet, type SelectCtx, type StructDecl } from '../../src/codec/schema.js';
import { AF } from '../netlink.js';
import { RTPROT } from './route.js';
import { BR_STATE, bridge_vlan_info, MDB_RTR_TYPE } from './link.js';
import { ETH_P } from './tc/base.js';

// ---------------------------------------------------------------- MDB

/** struct br_port_msg has a 3-byte alignment hole after family (no member: `__hole`). */
export const br_port_msg: StructDecl = struct('br_port_msg', [
  ['family', 'u8', AF],
  ['__hole', 'bytes', { size: 3, hole: true }],
  ['ifindex', 'u32'],
], { header: 'linux/if_bridge.h' });

export const MDB_STATE = enumOf('MDB', { MDB_TEMPORARY: 0, MDB_PERMANENT: 1 });

export const MDB_FLAGS = flagsOf('MDB_FLAGS', {
  MDB_FLAGS_OFFLOAD: 1 << 0,
  MDB_FLAGS_FAST_LEAVE: 1 << 1,
  MDB_FLAGS_STAR_EXCL: 1 << 2,
  MDB_FLAGS_BLOCKED: 1 << 3,
});

/** The anonymous `addr` member: union u {__be32 ip4; struct in6_addr ip6; mac_addr[6]} by proto
 *  (ETH_P_IP, ETH_P_IPV6, 0 for L2 entries); sizeof 20 (trailing alignment). */
export const br_mdb_entry_addr: StructDecl = struct('addr', [
  ['u', 'bytes', { size: 16 }],
  ['proto', 'be16', ETH_P],
], { size: 20 });

export const br_mdb_entry: StructDecl = struct('br_mdb_entry', [
  ['ifindex', 'u32'],
  ['state', 'u8', MDB_STATE],
  ['flags', 'u8', MDB_FLAGS],
  ['vid', 'u16'],
  ['addr', br_mdb_entry_addr],
], { header: 'linux/if_bridge.h' });

export const MCAST_FILTER_MODE = enumOf('MCAST', { MCAST_EXCLUDE: 0, MCAST_INCLUDE: 1 });

export const MDBA_MDB_SRCATTR = attrs('MDBA_MDB_SRCATTR', [
  [1, 'MDBA_MDB_SRCATTR_ADDRESS', 'ip'],
  [2, 'MDBA_MDB_SRCATTR_TIMER', 'u32'],
]);

export const MDBA_MDB_SRCLIST = attrs('MDBA_MDB_SRCLIST', [
  [1, 'MDBA_MDB_SRCLIST_ENTRY', MDBA_MDB_SRCATTR, { multi: true }],
]);

/** Follow the struct br_mdb_entry inside MDBA_MDB_ENTRY_INFO. */
export const MDBA_MDB_EATTR = attrs('MDBA_MDB_EATTR', [
  [1, 'MDBA_MDB_EATTR_TIMER', 'u32'],
  [2, 'MDBA_MDB_EATTR_SRC_LIST', MDBA_MDB_SRCLIST],
  [3, 'MDBA_MDB_EATTR_GROUP_MODE', 'u8', MCAST_FILTER_MODE],
  [4, 'MDBA_MDB_EATTR_SOURCE', 'ip'],
  [5, 'MDBA_MDB_EATTR_RTPROT', 'u8', RTPROT],
]);

export const MDBA_MDB_ENTRY = attrs('MDBA_MDB_ENTRY', [
  [1, 'MDBA_MDB_ENTRY_INFO', prefixed(br_mdb_entry, MDBA_MDB_EATTR), { multi: true }],
]);

export const MDBA_MDB = attrs('MDBA_MDB', [
  [1, 'MDBA_MDB_ENTRY', MDBA_MDB_ENTRY, { multi: true }],
]);

export const MDBA_ROUTER_PATTR = attrs('MDBA_ROUTER_PATTR', [
  [1, 'MDBA_ROUTER_PATTR_TIMER', 'u32'],
  [2, 'MDBA_ROUTER_PATTR_TYPE', 'u8', MDB_RTR_TYPE],
  [3, 'MDBA_ROUTER_PATTR_INET_TIMER', 'u32'],
  [4, 'MDBA_ROUTER_PATTR_INET6_TIMER', 'u32'],
  [5, 'MDBA_ROUTER_PATTR_VID', 'u16'],
]);

/** MDBA_ROUTER_PORT: the port's ifindex, then MDBA_ROUTER_PATTR attributes (kept as `@tail`). */
export const mdba_router_port: StructDecl = struct('MDBA_ROUTER_PORT', [
  ['ifindex', 'u32'],
]);

export const MDBA_ROUTER = attrs('MDBA_ROUTER', [
  [1, 'MDBA_ROUTER_PORT', mdba_router_port, { multi: true }],
]);

export const MDBE_ATTR = attrs('MDBE_ATTR', [
  [1, 'MDBE_ATTR_SOURCE', 'ip'],
]);

/** RTM_NEWMDB / RTM_DELMDB requests (to the kernel). */
export const MDBA_SET_ENTRY = attrs('MDBA_SET_ENTRY', [
  [1, 'MDBA_SET_ENTRY', br_mdb_entry],
  [2, 'MDBA_SET_ENTRY_ATTRS', MDBE_ATTR],
]);

/** Dumps and notifications (from the kernel). */
export const MDBA = attrs('MDBA', [
  [1, 'MDBA_MDB', MDBA_MDB],
  [2, 'MDBA_ROUTER', MDBA_ROUTER],
]);

/** MDB messages: MDBA_SET_ENTRY to the kernel, MDBA from it. */
export const mdbAttrs = (ctx: SelectCtx): AttrSet => (ctx.direction === 'to-kernel' ? MDBA_SET_ENTRY : MDBA);

// ---------------------------------------------------------------- VLAN database

export const br_vlan_msg: StructDecl = struct('br_vlan_msg', [
  ['family', 'u8', AF],
  ['reserved1', 'u8'],
  ['reserved2', 'u16'],
  ['ifindex', 'u32'],
], { header: 'linux/if_bridge.h' });

export const BRIDGE_VLANDB_DUMPF = flagsOf('BRIDGE_VLANDB_DUMPF', {
  BRIDGE_VLANDB_DUMPF_STATS: 1 << 0,
  BRIDGE_VLANDB_DUMPF_GLOBAL: 1 << 1,
});

/** RTM_GETVLAN dump requests. */
export const BRIDGE_VLANDB_DUMP = attrs('BRIDGE_VLANDB_DUMP', [
  [1, 'BRIDGE_VLANDB_DUMP_FLAGS', 'u32', BRIDGE_VLANDB_DUMPF],
]);

/** BRIDGE_VLANDB_TINFO_CMD: RTM_SETLINK or RTM_DELLINK. */
export const BRIDGE_VLANDB_TINFO_CMD = enumOf('RTM', { RTM_SETLINK: 19, RTM_DELLINK: 17 });

export const BRIDGE_VLANDB_TINFO = attrs('BRIDGE_VLANDB_TINFO', [
  [1, 'BRIDGE_VLANDB_TINFO_ID', 'u32'],
  [2, 'BRIDGE_VLANDB_TINFO_CMD', 'u32', BRIDGE_VLANDB_TINFO_CMD],
]);

export const BRIDGE_VLANDB_STATS = attrs('BRIDGE_VLANDB_STATS', [
  [1, 'BRIDGE_VLANDB_STATS_RX_BYTES', 'u64'],
  [2, 'BRIDGE_VLANDB_STATS_RX_PACKETS', 'u64'],
  [3, 'BRIDGE_VLANDB_STATS_TX_BYTES', 'u64'],
  [4, 'BRIDGE_VLANDB_STATS_TX_PACKETS', 'u64'],
  [5, 'BRIDGE_VLANDB_STATS_PAD', 'binary'],
]);

export const BRIDGE_VLANDB_ENTRY = attrs('BRIDGE_VLANDB_ENTRY', [
  [1, 'BRIDGE_VLANDB_ENTRY_INFO', bridge_vlan_info],
  [2, 'BRIDGE_VLANDB_ENTRY_RANGE', 'u16'],
  [3, 'BRIDGE_VLANDB_ENTRY_STATE', 'u8', BR_STATE],
  [4, 'BRIDGE_VLANDB_ENTRY_TUNNEL_INFO', BRIDGE_VLANDB_TINFO, { nested: true }],
  [5, 'BRIDGE_VLANDB_ENTRY_STATS', BRIDGE_VLANDB_STATS, { nested: true }],
  [6, 'BRIDGE_VLANDB_ENTRY_MCAST_ROUTER', 'u8', MDB_RTR_TYPE],
]);

export const BRIDGE_QUERIER = attrs('BRIDGE_QUERIER', [
  [1, 'BRIDGE_QUERIER_IP_ADDRESS', 'ip4'],
  [2, 'BRIDGE_QUERIER_IP_PORT', 'u32'],
  [3, 'BRIDGE_QUERIER_IP_OTHER_TIMER', 'u64'],
  [4, 'BRIDGE_QUERIER_PAD', 'binary'],
  [5, 'BRIDGE_QUERIER_IPV6_ADDRESS', 'ip6'],
  [6, 'BRIDGE_QUERIER_IPV6_PORT', 'u32'],
  [7, 'BRIDGE_QUERIER_IPV6_OTHER_TIMER', 'u64'],
]);

export const BRIDGE_VLANDB_GOPTS = attrs('BRIDGE_VLANDB_GOPTS', [
  [1, 'BRIDGE_VLANDB_GOPTS_ID', 'u16'],
  [2, 'BRIDGE_VLANDB_GOPTS_RANGE', 'u16'],
  [3, 'BRIDGE_VLANDB_GOPTS_MCAST_SNOOPING', 'u8'],
  [4, 'BRIDGE_VLANDB_GOPTS_MCAST_IGMP_VERSION', 'u8'],
  [5, 'BRIDGE_VLANDB_GOPTS_MCAST_MLD_VERSION', 'u8'],
  [6, 'BRIDGE_VLANDB_GOPTS_MCAST_LAST_MEMBER_CNT', 'u32'],
  [7, 'BRIDGE_VLANDB_GOPTS_MCAST_STARTUP_QUERY_CNT', 'u32'],
  [8, 'BRIDGE_VLANDB_GOPTS_MCAST_LAST_MEMBER_INTVL', 'u64'],
  [9, 'BRIDGE_VLANDB_GOPTS_PAD', 'binary'],
  [10, 'BRIDGE_VLANDB_GOPTS_MCAST_MEMBERSHIP_INTVL', 'u64'],
  [11, 'BRIDGE_VLANDB_GOPTS_MCAST_QUERIER_INTVL', 'u64'],
  [12, 'BRIDGE_VLANDB_GOPTS_MCAST_QUERY_INTVL', 'u64'],
  [13, 'BRIDGE_VLANDB_GOPTS_MCAST_QUERY_RESPONSE_INTVL', 'u64'],
  [14, 'BRIDGE_VLANDB_GOPTS_MCAST_STARTUP_QUERY_INTVL', 'u64'],
  [15, 'BRIDGE_VLANDB_GOPTS_MCAST_QUERIER', 'u8'],
  [16, 'BRIDGE_VLANDB_GOPTS_MCAST_ROUTER_PORTS', MDBA_ROUTER, { nested: true }],
  [17, 'BRIDGE_VLANDB_GOPTS_MCAST_QUERIER_STATE', BRIDGE_QUERIER, { nested: true }],
  [18, 'BRIDGE_VLANDB_GOPTS_MSTI', 'u16'],
]);

export const BRIDGE_VLANDB = attrs('BRIDGE_VLANDB', [
  [1, 'BRIDGE_VLANDB_ENTRY', BRIDGE_VLANDB_ENTRY, { multi: true, nested: true }],
  [2, 'BRIDGE_VLANDB_GLOBAL_OPTIONS', BRIDGE_VLANDB_GOPTS, { multi: true, nested: true }],
]);

/** RTM_GETVLAN: BRIDGE_VLANDB_DUMP in requests, BRIDGE_VLANDB in replies. */
export const getVlanAttrs = (ctx: SelectCtx): AttrSet => (ctx.direction === 'to-kernel' ? BRIDGE_VLANDB_DUMP : BRIDGE_VLANDB);

// ---------------------------------------------------------------- VXLAN VNI filter

export const TUNNEL_MSG_FLAG = flagsOf('TUNNEL_MSG_FLAG', { TUNNEL_MSG_FLAG_STATS: 0x01 });

export const tunnel_msg: StructDecl = struct('tunnel_msg', [
  ['family', 'u8', AF],
  ['flags', 'u8', TUNNEL_MSG_FLAG],
  ['reserved2', 'u16'],
  ['ifindex', 'u32'],
], { header: 'linux/if_link.h' });

export const VNIFILTER_ENTRY_STATS = attrs('VNIFILTER_ENTRY_STATS', [
  [1, 'VNIFILTER_ENTRY_STATS_RX_BYTES', 'u64'],
  [2, 'VNIFILTER_ENTRY_STATS_RX_PKTS', 'u64'],
  [3, 'VNIFILTER_ENTRY_STATS_RX_DROPS', 'u64'],
  [4, 'VNIFILTER_ENTRY_STATS_RX_ERRORS', 'u64'],
  [5, 'VNIFILTER_ENTRY_STATS_TX_BYTES', 'u64'],
  [6, 'VNIFILTER_ENTRY_STATS_TX_PKTS', 'u64'],
  [7, 'VNIFILTER_ENTRY_STATS_TX_DROPS', 'u64'],
  [8, 'VNIFILTER_ENTRY_STATS_TX_ERRORS', 'u64'],
  [9, 'VNIFILTER_ENTRY_STATS_PAD', 'binary'],
]);

export const VXLAN_VNIFILTER_ENTRY = attrs('VXLAN_VNIFILTER_ENTRY', [
  [1, 'VXLAN_VNIFILTER_ENTRY_START', 'u32'],
  [2, 'VXLAN_VNIFILTER_ENTRY_END', 'u32'],
  [3, 'VXLAN_VNIFILTER_ENTRY_GROUP', 'ip4'],
  [4, 'VXLAN_VNIFILTER_ENTRY_GROUP6', 'ip6'],
  [5, 'VXLAN_VNIFILTER_ENTRY_STATS', VNIFILTER_ENTRY_STATS, { nested: true }],
]);

export const VXLAN_VNIFILTER = attrs('VXLAN_VNIFILTER', [
  [1, 'VXLAN_VNIFILTER_ENTRY', VXLAN_VNIFILTER_ENTRY, { multi: true, nested: true }],
]);
