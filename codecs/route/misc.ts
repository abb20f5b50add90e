// Smaller rtnetlink message families: per-device IP config (linux/netconf.h), namespace ids
// (linux/net_namespace.h), IPv6 address labels (linux/if_addrlabel.h), IPv6 prefix
// notifications and ND user options (linux/rtnetlink.h), multicast cache reports
// (linux/mroute.h, linux/mroute6.h), data center bridging (linux/dcbnl.h).
import { attrs, enumOf, enumSeq, flagsOf, struct, type BodySelector, type StructDecl } from '../../src/codec/schema.js';
import { AF } from '../netlink.js';
import { RTNL_FAMILY } from './route.js';

/** General form of an address-family dependent request (dumps, RTM_*NSID, cache reports). */
export const rtgenmsg: StructDecl = struct('rtgenmsg', [
  ['rtgen_family', 'u8', RTNL_FAMILY],
], { header: 'linux/rtnetlink.h' });

// ---------------------------------------------------------------- netconf

export const netconfmsg: StructDecl = struct('netconfmsg', [
  ['ncm_family', 'u8', AF],
], { header: 'linux/netconf.h' });

/** NETCONFA_IFINDEX special values */
export const NETCONFA_IFINDEX_VALUES = enumOf('NETCONFA_IFINDEX', {
  NETCONFA_IFINDEX_ALL: -1,
  NETCONFA_IFINDEX_DEFAULT: -2,
});

export const NETCONFA = attrs('NETCONFA', [
  [1, 'NETCONFA_IFINDEX', 's32', NETCONFA_IFINDEX_VALUES],
  [2, 'NETCONFA_FORWARDING', 's32'],
  [3, 'NETCONFA_RP_FILTER', 's32'],
  [4, 'NETCONFA_MC_FORWARDING', 's32'],
  [5, 'NETCONFA_PROXY_NEIGH', 's32'],
  [6, 'NETCONFA_IGNORE_ROUTES_WITH_LINKDOWN', 's32'],
  [7, 'NETCONFA_INPUT', 's32'],
  [8, 'NETCONFA_BC_FORWARDING', 's32'],
]);

// ---------------------------------------------------------------- namespace ids

export const NETNSA_NSID_VALUES = enumOf('NETNSA_NSID', {
  NETNSA_NSID_NOT_ASSIGNED: -1,
});

export const NETNSA = attrs('NETNSA', [
  [1, 'NETNSA_NSID', 's32', NETNSA_NSID_VALUES],
  [2, 'NETNSA_PID', 'u32'],
  [3, 'NETNSA_FD', 'u32'],
  [4, 'NETNSA_TARGET_NSID', 's32', NETNSA_NSID_VALUES],
  [5, 'NETNSA_CURRENT_NSID', 's32', NETNSA_NSID_VALUES],
]);

// ---------------------------------------------------------------- address labels

export const ifaddrlblmsg: StructDecl = struct('ifaddrlblmsg', [
  ['ifal_family', 'u8', AF],
  ['__ifal_reserved', 'u8'],
  ['ifal_prefixlen', 'u8'],
  ['ifal_flags', 'u8'],
  ['ifal_index', 'u32'],
  ['ifal_seq', 'u32'],
], { header: 'linux/if_addrlabel.h' });

export const IFAL = attrs('IFAL', [
  [1, 'IFAL_ADDRESS', 'ip'],
  [2, 'IFAL_LABEL', 'u32'],
]);

// ---------------------------------------------------------------- prefix information

/** RTM_NEWPREFIX: an IPv6 prefix learned from a router advertisement. prefix_type is the
 *  ND option type (3, prefix information); prefix_flags bits are kernel-internal
 *  (IF_PREFIX_ONLINK 1, IF_PREFIX_AUTOCONF 2, not in uapi). */
export const prefixmsg: StructDecl = struct('prefixmsg', [
  ['prefix_family', 'u8', AF],
  ['prefix_pad1', 'u8'],
  ['prefix_pad2', 'u16'],
  ['prefix_ifindex', 's32'],
  ['prefix_type', 'u8'],
  ['prefix_len', 'u8'],
  ['prefix_flags', 'u8'],
  ['prefix_pad3', 'u8'],
], { header: 'linux/rtnetlink.h' });

export const prefix_cacheinfo: StructDecl = struct('prefix_cacheinfo', [
  ['preferred_time', 'u32'],
  ['valid_time', 'u32'],
], { header: 'linux/rtnetlink.h' });

export const PREFIX = attrs('PREFIX', [
  [1, 'PREFIX_ADDRESS', 'ip'],
  [2, 'PREFIX_CACHEINFO', prefix_cacheinfo],
]);

// ---------------------------------------------------------------- ND user options

export const nduseroptmsg: StructDecl = struct('nduseroptmsg', [
  ['nduseropt_family', 'u8', AF],
  ['nduseropt_pad1', 'u8'],
  ['nduseropt_opts_len', 'u16'], // bytes of ND options after the struct, before the attributes
  ['nduseropt_ifindex', 's32'],
  ['nduseropt_icmp_type', 'u8'],
  ['nduseropt_icmp_code', 'u8'],
  ['nduseropt_pad2', 'u16'],
  ['nduseropt_pad3', 'u32'],
], { header: 'linux/rtnetlink.h' });

const withOpts = new Map<number, StructDecl>();
/** RTM_NEWNDUSEROPT body: struct nduseroptmsg followed by nduseropt_opts_len bytes of raw
 *  ND options (RA options the kernel does not handle, e.g. RDNSS); attributes come after. */
export const nduseroptBody: BodySelector = ({ bytes, offset, length, json }) => {
  if (json) return withOptions(typeof json.nduseropt_opts === 'string' ? json.nduseropt_opts.length >> 1 : 0);
  if (length < nduseroptmsg.size) return nduseroptmsg;
  return withOptions(Math.min(bytes[offset + 2] | (bytes[offset + 3] << 8), length - nduseroptmsg.size));
};

function withOptions(optsLen: number): StructDecl {
  if (optsLen <= 0) return nduseroptmsg;
  let s = withOpts.get(optsLen);
  if (!s) {
    s = struct('nduseroptmsg', [
      ...nduseroptmsg.fields.map((f) => [f.name, f.kind, { enum: f.enum, flags: f.flags }] as const),
      ['nduseropt_opts', 'bytes', { size: optsLen }],
    ]);
    withOpts.set(optsLen, s);
  }
  return s;
}

export const NDUSEROPT = attrs('NDUSEROPT', [
  [1, 'NDUSEROPT_SRCADDR', 'ip'],
]);

// ---------------------------------------------------------------- multicast cache reports

/** IPMRA_CREPORT_MSGTYPE (linux/mroute.h) */
export const IGMPMSG = enumOf('IGMPMSG', {
  IGMPMSG_NOCACHE: 1,
  IGMPMSG_WRONGVIF: 2,
  IGMPMSG_WHOLEPKT: 3,
  IGMPMSG_WRVIFWHOLE: 4,
});

/** IP6MRA_CREPORT_MSGTYPE (linux/mroute6.h) */
export const MRT6MSG = enumOf('MRT6MSG', {
  MRT6MSG_NOCACHE: 1,
  MRT6MSG_WRONGMIF: 2,
  MRT6MSG_WHOLEPKT: 3,
  MRT6MSG_WRMIFWHOLE: 4,
});

/** RTM_NEWCACHEREPORT with rtgen_family RTNL_FAMILY_IPMR */
export const IPMRA_CREPORT = attrs('IPMRA_CREPORT', [
  [1, 'IPMRA_CREPORT_MSGTYPE', 'u8', IGMPMSG],
  [2, 'IPMRA_CREPORT_VIF_ID', 'u32'],
  [3, 'IPMRA_CREPORT_SRC_ADDR', 'ip4'],
  [4, 'IPMRA_CREPORT_DST_ADDR', 'ip4'],
  [5, 'IPMRA_CREPORT_PKT', 'binary'],
  [6, 'IPMRA_CREPORT_TABLE', 'u32'],
]);

/** RTM_NEWCACHEREPORT with rtgen_family RTNL_FAMILY_IP6MR */
export const IP6MRA_CREPORT = attrs('IP6MRA_CREPORT', [
  [1, 'IP6MRA_CREPORT_MSGTYPE', 'u8', MRT6MSG],
  [2, 'IP6MRA_CREPORT_MIF_ID', 'u32'],
  [3, 'IP6MRA_CREPORT_SRC_ADDR', 'ip6'],
  [4, 'IP6MRA_CREPORT_DST_ADDR', 'ip6'],
  [5, 'IP6MRA_CREPORT_PKT', 'binary'],
]);

// ---------------------------------------------------------------- data center bridging (DCB)

/** dcbmsg.cmd */
export const DCB_CMD = enumSeq('DCB_CMD', [
  'DCB_CMD_UNDEFINED',
  'DCB_CMD_GSTATE',
  'DCB_CMD_SSTATE',
  'DCB_CMD_PGTX_GCFG',
  'DCB_CMD_PGTX_SCFG',
  'DCB_CMD_PGRX_GCFG',
  'DCB_CMD_PGRX_SCFG',
  'DCB_CMD_PFC_GCFG',
  'DCB_CMD_PFC_SCFG',
  'DCB_CMD_SET_ALL',
  'DCB_CMD_GPERM_HWADDR',
  'DCB_CMD_GCAP',
  'DCB_CMD_GNUMTCS',
  'DCB_CMD_SNUMTCS',
  'DCB_CMD_PFC_GSTATE',
  'DCB_CMD_PFC_SSTATE',
  'DCB_CMD_BCN_GCFG',
  'DCB_CMD_BCN_SCFG',
  'DCB_CMD_GAPP',
  'DCB_CMD_SAPP',
  'DCB_CMD_IEEE_SET',
  'DCB_CMD_IEEE_GET',
  'DCB_CMD_GDCBX',
  'DCB_CMD_SDCBX',
  'DCB_CMD_GFEATCFG',
  'DCB_CMD_SFEATCFG',
  'DCB_CMD_CEE_GET',
  'DCB_CMD_IEEE_DEL',
]);

export const dcbmsg: StructDecl = struct('dcbmsg', [
  ['dcb_family', 'u8', AF],
  ['cmd', 'u8', DCB_CMD],
  ['dcb_pad', 'u16'],
], { header: 'linux/dcbnl.h' });

/** ieee_ets.tc_tsa[] values */
export const IEEE_8021QAZ_TSA = enumOf('IEEE_8021QAZ_TSA', {
  IEEE_8021QAZ_TSA_STRICT: 0,
  IEEE_8021QAZ_TSA_CB_SHAPER: 1,
  IEEE_8021QAZ_TSA_ETS: 2,
  IEEE_8021QAZ_TSA_VENDOR: 255,
});

/** dcb_app.selector */
export const IEEE_8021QAZ_APP_SEL = enumOf('IEEE_8021QAZ_APP_SEL', {
  IEEE_8021QAZ_APP_SEL_ETHERTYPE: 1,
  IEEE_8021QAZ_APP_SEL_STREAM: 2,
  IEEE_8021QAZ_APP_SEL_DGRAM: 3,
  IEEE_8021QAZ_APP_SEL_ANY: 4,
  IEEE_8021QAZ_APP_SEL_DSCP: 5,
});

/** ieee_qcn.cndd_state_machine[] */
export const DCB_CNDD = enumSeq('DCB_CNDD', [
  'DCB_CNDD_RESET',
  'DCB_CNDD_EDGE',
  'DCB_CNDD_INTERIOR',
  'DCB_CNDD_INTERIOR_READY',
]);

/** DCB_CAP_ATTR_DCBX, DCB_ATTR_DCBX */
export const DCB_CAP_DCBX = flagsOf('DCB_CAP_DCBX', {
  DCB_CAP_DCBX_HOST: 0x01,
  DCB_CAP_DCBX_LLD_MANAGED: 0x02,
  DCB_CAP_DCBX_VER_CEE: 0x04,
  DCB_CAP_DCBX_VER_IEEE: 0x08,
  DCB_CAP_DCBX_STATIC: 0x10,
});

/** DCB_FEATCFG_ATTR_* values */
export const DCB_FEATCFG = flagsOf('DCB_FEATCFG', {
  DCB_FEATCFG_ERROR: 0x01,
  DCB_FEATCFG_ENABLE: 0x02,
  DCB_FEATCFG_WILLING: 0x04,
  DCB_FEATCFG_ADVERTISE: 0x08,
});

/** DCB_APP_ATTR_IDTYPE */
export const DCB_APP_IDTYPE = enumOf('DCB_APP_IDTYPE', {
  DCB_APP_IDTYPE_ETHTYPE: 0x00,
  DCB_APP_IDTYPE_PORTNUM: 0x01,
});

export const ieee_ets: StructDecl = struct('ieee_ets', [
  ['willing', 'u8'],
  ['ets_cap', 'u8'],
  ['cbs', 'u8'],
  ['tc_tx_bw', 'u8', { count: 8 }],
  ['tc_rx_bw', 'u8', { count: 8 }],
  ['tc_tsa', 'u8', { count: 8, enum: IEEE_8021QAZ_TSA }],
  ['prio_tc', 'u8', { count: 8 }],
  ['tc_reco_bw', 'u8', { count: 8 }],
  ['tc_reco_tsa', 'u8', { count: 8, enum: IEEE_8021QAZ_TSA }],
  ['reco_prio_tc', 'u8', { count: 8 }],
], { header: 'linux/dcbnl.h' });

export const ieee_maxrate: StructDecl = struct('ieee_maxrate', [
  ['tc_maxrate', 'u64', { count: 8 }],
], { header: 'linux/dcbnl.h' });

export const ieee_qcn: StructDecl = struct('ieee_qcn', [
  ['rpg_enable', 'u8', { count: 8 }],
  ['rppp_max_rps', 'u32', { count: 8 }],
  ['rpg_time_reset', 'u32', { count: 8 }],
  ['rpg_byte_reset', 'u32', { count: 8 }],
  ['rpg_threshold', 'u32', { count: 8 }],
  ['rpg_max_rate', 'u32', { count: 8 }],
  ['rpg_ai_rate', 'u32', { count: 8 }],
  ['rpg_hai_rate', 'u32', { count: 8 }],
  ['rpg_gd', 'u32', { count: 8 }],
  ['rpg_min_dec_fac', 'u32', { count: 8 }],
  ['rpg_min_rate', 'u32', { count: 8 }],
  ['cndd_state_machine', 'u32', { count: 8, enum: DCB_CNDD }],
], { header: 'linux/dcbnl.h' });

export const ieee_qcn_stats: StructDecl = struct('ieee_qcn_stats', [
  ['rppp_rp_centiseconds', 'u64', { count: 8 }],
  ['rppp_created_rps', 'u32', { count: 8 }],
], { header: 'linux/dcbnl.h' });

/** struct ieee_pfc: alignment holes before `delay` and after it (no members in C). */
export const ieee_pfc: StructDecl = struct('ieee_pfc', [
  ['pfc_cap', 'u8'],
  ['pfc_en', 'u8'],
  ['mbc', 'u8'],
  ['__pad', 'u8', { hole: true }],
  ['delay', 'u16'],
  ['__pad2', 'bytes', { size: 2, hole: true }],
  ['requests', 'u64', { count: 8 }],
  ['indications', 'u64', { count: 8 }],
], { header: 'linux/dcbnl.h' });

export const dcbnl_buffer: StructDecl = struct('dcbnl_buffer', [
  ['prio2buffer', 'u8', { count: 8 }],
  ['buffer_size', 'u32', { count: 8 }],
  ['total_size', 'u32'],
], { header: 'linux/dcbnl.h' });

export const cee_pg: StructDecl = struct('cee_pg', [
  ['willing', 'u8'],
  ['error', 'u8'],
  ['pg_en', 'u8'],
  ['tcs_supported', 'u8'],
  ['pg_bw', 'u8', { count: 8 }],
  ['prio_pg', 'u8', { count: 8 }],
], { header: 'linux/dcbnl.h' });

export const cee_pfc: StructDecl = struct('cee_pfc', [
  ['willing', 'u8'],
  ['error', 'u8'],
  ['pfc_en', 'u8'],
  ['tcs_supported', 'u8'],
], { header: 'linux/dcbnl.h' });

export const dcb_app: StructDecl = struct('dcb_app', [
  ['selector', 'u8', IEEE_8021QAZ_APP_SEL],
  ['priority', 'u8'],
  ['protocol', 'u16'],
], { header: 'linux/dcbnl.h' });

export const dcb_peer_app_info: StructDecl = struct('dcb_peer_app_info', [
  ['willing', 'u8'],
  ['error', 'u8'],
], { header: 'linux/dcbnl.h' });

export const DCB_PFC_UP_ATTR = attrs('DCB_PFC_UP_ATTR', [
  [1, 'DCB_PFC_UP_ATTR_0', 'u8'],
  [2, 'DCB_PFC_UP_ATTR_1', 'u8'],
  [3, 'DCB_PFC_UP_ATTR_2', 'u8'],
  [4, 'DCB_PFC_UP_ATTR_3', 'u8'],
  [5, 'DCB_PFC_UP_ATTR_4', 'u8'],
  [6, 'DCB_PFC_UP_ATTR_5', 'u8'],
  [7, 'DCB_PFC_UP_ATTR_6', 'u8'],
  [8, 'DCB_PFC_UP_ATTR_7', 'u8'],
  [9, 'DCB_PFC_UP_ATTR_ALL', 'flag'],
]);

export const DCB_TC_ATTR_PARAM = attrs('DCB_TC_ATTR_PARAM', [
  [1, 'DCB_TC_ATTR_PARAM_PGID', 'u8'],
  [2, 'DCB_TC_ATTR_PARAM_UP_MAPPING', 'u8'],
  [3, 'DCB_TC_ATTR_PARAM_STRICT_PRIO', 'u8'],
  [4, 'DCB_TC_ATTR_PARAM_BW_PCT', 'u8'],
  [5, 'DCB_TC_ATTR_PARAM_ALL', 'flag'],
]);

export const DCB_PG_ATTR = attrs('DCB_PG_ATTR', [
  [1, 'DCB_PG_ATTR_TC_0', DCB_TC_ATTR_PARAM],
  [2, 'DCB_PG_ATTR_TC_1', DCB_TC_ATTR_PARAM],
  [3, 'DCB_PG_ATTR_TC_2', DCB_TC_ATTR_PARAM],
  [4, 'DCB_PG_ATTR_TC_3', DCB_TC_ATTR_PARAM],
  [5, 'DCB_PG_ATTR_TC_4', DCB_TC_ATTR_PARAM],
  [6, 'DCB_PG_ATTR_TC_5', DCB_TC_ATTR_PARAM],
  [7, 'DCB_PG_ATTR_TC_6', DCB_TC_ATTR_PARAM],
  [8, 'DCB_PG_ATTR_TC_7', DCB_TC_ATTR_PARAM],
  [9, 'DCB_PG_ATTR_TC_MAX', 'binary'], // marker, not sent
  [10, 'DCB_PG_ATTR_TC_ALL', DCB_TC_ATTR_PARAM],
  [11, 'DCB_PG_ATTR_BW_ID_0', 'u8'],
  [12, 'DCB_PG_ATTR_BW_ID_1', 'u8'],
  [13, 'DCB_PG_ATTR_BW_ID_2', 'u8'],
  [14, 'DCB_PG_ATTR_BW_ID_3', 'u8'],
  [15, 'DCB_PG_ATTR_BW_ID_4', 'u8'],
  [16, 'DCB_PG_ATTR_BW_ID_5', 'u8'],
  [17, 'DCB_PG_ATTR_BW_ID_6', 'u8'],
  [18, 'DCB_PG_ATTR_BW_ID_7', 'u8'],
  [19, 'DCB_PG_ATTR_BW_ID_MAX', 'binary'], // marker, not sent
  [20, 'DCB_PG_ATTR_BW_ID_ALL', 'flag'],
]);

export const DCB_CAP_ATTR = attrs('DCB_CAP_ATTR', [
  [1, 'DCB_CAP_ATTR_ALL', 'flag'],
  [2, 'DCB_CAP_ATTR_PG', 'u8'],
  [3, 'DCB_CAP_ATTR_PFC', 'u8'],
  [4, 'DCB_CAP_ATTR_UP2TC', 'u8'],
  [5, 'DCB_CAP_ATTR_PG_TCS', 'u8'],
  [6, 'DCB_CAP_ATTR_PFC_TCS', 'u8'],
  [7, 'DCB_CAP_ATTR_GSP', 'u8'],
  [8, 'DCB_CAP_ATTR_BCN', 'u8'],
  [9, 'DCB_CAP_ATTR_DCBX', 'u8', DCB_CAP_DCBX],
]);

export const DCB_NUMTCS_ATTR = attrs('DCB_NUMTCS_ATTR', [
  [1, 'DCB_NUMTCS_ATTR_ALL', 'flag'],
  [2, 'DCB_NUMTCS_ATTR_PG', 'u8'],
  [3, 'DCB_NUMTCS_ATTR_PFC', 'u8'],
]);

export const DCB_BCN_ATTR = attrs('DCB_BCN_ATTR', [
  [1, 'DCB_BCN_ATTR_RP_0', 'u8'],
  [2, 'DCB_BCN_ATTR_RP_1', 'u8'],
  [3, 'DCB_BCN_ATTR_RP_2', 'u8'],
  [4, 'DCB_BCN_ATTR_RP_3', 'u8'],
  [5, 'DCB_BCN_ATTR_RP_4', 'u8'],
  [6, 'DCB_BCN_ATTR_RP_5', 'u8'],
  [7, 'DCB_BCN_ATTR_RP_6', 'u8'],
  [8, 'DCB_BCN_ATTR_RP_7', 'u8'],
  [9, 'DCB_BCN_ATTR_RP_ALL', 'flag'],
  [10, 'DCB_BCN_ATTR_BCNA_0', 'u32'],
  [11, 'DCB_BCN_ATTR_BCNA_1', 'u32'],
  [12, 'DCB_BCN_ATTR_ALPHA', 'u32'],
  [13, 'DCB_BCN_ATTR_BETA', 'u32'],
  [14, 'DCB_BCN_ATTR_GD', 'u32'],
  [15, 'DCB_BCN_ATTR_GI', 'u32'],
  [16, 'DCB_BCN_ATTR_TMAX', 'u32'],
  [17, 'DCB_BCN_ATTR_TD', 'u32'],
  [18, 'DCB_BCN_ATTR_RMIN', 'u32'],
  [19, 'DCB_BCN_ATTR_W', 'u32'],
  [20, 'DCB_BCN_ATTR_RD', 'u32'],
  [21, 'DCB_BCN_ATTR_RU', 'u32'],
  [22, 'DCB_BCN_ATTR_WRTT', 'u32'],
  [23, 'DCB_BCN_ATTR_RI', 'u32'],
  [24, 'DCB_BCN_ATTR_C', 'u32'],
  [25, 'DCB_BCN_ATTR_ALL', 'flag'],
]);

export const DCB_APP_ATTR = attrs('DCB_APP_ATTR', [
  [1, 'DCB_APP_ATTR_IDTYPE', 'u8', DCB_APP_IDTYPE],
  [2, 'DCB_APP_ATTR_ID', 'u16'],
  [3, 'DCB_APP_ATTR_PRIORITY', 'u8'],
]);

export const DCB_FEATCFG_ATTR = attrs('DCB_FEATCFG_ATTR', [
  [1, 'DCB_FEATCFG_ATTR_ALL', 'flag'],
  [2, 'DCB_FEATCFG_ATTR_PG', 'u8', DCB_FEATCFG],
  [3, 'DCB_FEATCFG_ATTR_PFC', 'u8', DCB_FEATCFG],
  [4, 'DCB_FEATCFG_ATTR_APP', 'u8', DCB_FEATCFG],
]);

/** DCB_ATTR_IEEE_APP_TABLE / DCB_ATTR_IEEE_PEER_APP; in the peer table type 0 carries
 *  struct dcb_peer_app_info (dcbnl_build_peer_app). */
export const DCB_ATTR_IEEE_APP = attrs('DCB_ATTR_IEEE_APP', [
  [0, 'DCB_ATTR_IEEE_APP_UNSPEC', dcb_peer_app_info],
  [1, 'DCB_ATTR_IEEE_APP', dcb_app, { multi: true }],
]);

export const DCB_ATTR_IEEE = attrs('DCB_ATTR_IEEE', [
  [1, 'DCB_ATTR_IEEE_ETS', ieee_ets],
  [2, 'DCB_ATTR_IEEE_PFC', ieee_pfc],
  [3, 'DCB_ATTR_IEEE_APP_TABLE', DCB_ATTR_IEEE_APP],
  [4, 'DCB_ATTR_IEEE_PEER_ETS', ieee_ets],
  [5, 'DCB_ATTR_IEEE_PEER_PFC', ieee_pfc],
  [6, 'DCB_ATTR_IEEE_PEER_APP', DCB_ATTR_IEEE_APP],
  [7, 'DCB_ATTR_IEEE_MAXRATE', ieee_maxrate],
  [8, 'DCB_ATTR_IEEE_QCN', ieee_qcn],
  [9, 'DCB_ATTR_IEEE_QCN_STATS', ieee_qcn_stats],
  [10, 'DCB_ATTR_DCB_BUFFER', dcbnl_buffer],
]);

export const DCB_ATTR_CEE_PEER_APP = attrs('DCB_ATTR_CEE_PEER_APP', [
  [1, 'DCB_ATTR_CEE_PEER_APP_INFO', dcb_peer_app_info],
  [2, 'DCB_ATTR_CEE_PEER_APP', dcb_app, { multi: true }],
]);

export const DCB_ATTR_CEE_APP = attrs('DCB_ATTR_CEE_APP', [
  [1, 'DCB_ATTR_CEE_APP', DCB_APP_ATTR, { multi: true }],
]);

export const DCB_ATTR_CEE = attrs('DCB_ATTR_CEE', [
  [1, 'DCB_ATTR_CEE_PEER_PG', cee_pg],
  [2, 'DCB_ATTR_CEE_PEER_PFC', cee_pfc],
  [3, 'DCB_ATTR_CEE_PEER_APP_TABLE', DCB_ATTR_CEE_PEER_APP],
  [4, 'DCB_ATTR_CEE_TX_PG', DCB_PG_ATTR],
  [5, 'DCB_ATTR_CEE_RX_PG', DCB_PG_ATTR],
  [6, 'DCB_ATTR_CEE_PFC', DCB_PFC_UP_ATTR],
  [7, 'DCB_ATTR_CEE_APP_TABLE', DCB_ATTR_CEE_APP],
  [8, 'DCB_ATTR_CEE_FEAT', DCB_FEATCFG_ATTR],
]);

export const DCB_ATTR = attrs('DCB_ATTR', [
  [1, 'DCB_ATTR_IFNAME', 'string'],
  [2, 'DCB_ATTR_STATE', 'u8'],
  [3, 'DCB_ATTR_PFC_STATE', 'u8'],
  [4, 'DCB_ATTR_PFC_CFG', DCB_PFC_UP_ATTR],
  [5, 'DCB_ATTR_NUM_TC', 'u8'],
  [6, 'DCB_ATTR_PG_CFG', DCB_PG_ATTR],
  [7, 'DCB_ATTR_SET_ALL', 'u8'],
  [8, 'DCB_ATTR_PERM_HWADDR', 'mac'], // MAX_ADDR_LEN (32) bytes
  [9, 'DCB_ATTR_CAP', DCB_CAP_ATTR],
  [10, 'DCB_ATTR_NUMTCS', DCB_NUMTCS_ATTR],
  [11, 'DCB_ATTR_BCN', DCB_BCN_ATTR],
  [12, 'DCB_ATTR_APP', DCB_APP_ATTR],
  [13, 'DCB_ATTR_IEEE', DCB_ATTR_IEEE],
  [14, 'DCB_ATTR_DCBX', 'u8', DCB_CAP_DCBX],
  [15, 'DCB_ATTR_FEATCFG', DCB_FEATCFG_ATTR],
  [16, 'DCB_ATTR_CEE', DCB_ATTR_CEE],
]);
