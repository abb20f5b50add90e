// Classifiers (linux/pkt_cls.h): TCA_OPTIONS of each filter kind. Their TCA_*_ACT hold
// the actions as an indexed array (1, 2, ...) of TCA_ACT nests.
import { array, attrs, enumSeq, flagsOf, flagsSeq, struct, structs, type AttrSet, type StructDecl } from '../../../src/codec/schema.js';
import { IPPROTO } from '../route.js';
import { ETH_P, TCA_CLS_FLAGS } from './base.js';
import { sock_filter, TCA_ACT, TCA_POLICE } from './act.js';

/** TCA_*_ACT: actions in order, each a TCA_ACT nest typed by its position. */
export const TCA_ACT_LIST = array(TCA_ACT);

// ---------------------------------------------------------------- ematches (basic, cgroup, flow)

export const tcf_ematch_tree_hdr: StructDecl = struct('tcf_ematch_tree_hdr', [
  ['nmatches', 'u16'],
  ['progid', 'u16'],
], { header: 'linux/pkt_cls.h' });

export const TCF_EM_REL = flagsOf('TCF_EM', {
  TCF_EM_REL_AND: 1 << 0,
  TCF_EM_REL_OR: 1 << 1,
  TCF_EM_INVERT: 1 << 2,
  TCF_EM_SIMPLE: 1 << 3,
});

export const TCF_EM_KIND = enumSeq('TCF_EM', [
  'TCF_EM_CONTAINER', 'TCF_EM_CMP', 'TCF_EM_NBYTE', 'TCF_EM_U32', 'TCF_EM_META',
  'TCF_EM_TEXT', 'TCF_EM_VLAN', 'TCF_EM_CANID', 'TCF_EM_IPSET', 'TCF_EM_IPT',
]);

/** Each ematch: this header, then the kind's own data (kept as `@tail`). */
export const tcf_ematch_hdr: StructDecl = struct('tcf_ematch_hdr', [
  ['matchid', 'u16'],
  ['kind', 'u16', TCF_EM_KIND],
  ['flags', 'u16', TCF_EM_REL],
  ['pad', 'u16'],
], { header: 'linux/pkt_cls.h' });

export const TCA_EMATCH_TREE = attrs('TCA_EMATCH_TREE', [
  [1, 'TCA_EMATCH_TREE_HDR', tcf_ematch_tree_hdr],
  [2, 'TCA_EMATCH_TREE_LIST', array(tcf_ematch_hdr)],
]);

// ---------------------------------------------------------------- u32

export const tc_u32_key: StructDecl = struct('tc_u32_key', [
  ['mask', 'be32'],
  ['val', 'be32'],
  ['off', 's32'],
  ['offmask', 's32'],
], { header: 'linux/pkt_cls.h' });

export const TC_U32 = flagsOf('TC_U32', {
  TC_U32_TERMINAL: 1,
  TC_U32_OFFSET: 2,
  TC_U32_VAROFFSET: 4,
  TC_U32_EAT: 8,
});

/** struct tc_u32_sel has a 1-byte alignment hole before `offmask` (no member: `__hole`);
 *  nkeys struct tc_u32_key follow (keys[]). */
export const tc_u32_sel: StructDecl = struct('tc_u32_sel', [
  ['flags', 'u8', TC_U32],
  ['offshift', 'u8'],
  ['nkeys', 'u8'],
  ['__hole', 'u8', { hole: true }],
  ['offmask', 'be16'],
  ['off', 'u16'],
  ['offoff', 's16'],
  ['hoff', 's16'],
  ['hmask', 'be32'],
  ['keys', tc_u32_key, { rest: true }],
], { header: 'linux/pkt_cls.h' });

export const tc_u32_mark: StructDecl = struct('tc_u32_mark', [
  ['val', 'u32'],
  ['mask', 'u32'],
  ['success', 'u32'],
], { header: 'linux/pkt_cls.h' });

/** One u64 hit count per key follows (kcnts[]). */
export const tc_u32_pcnt: StructDecl = struct('tc_u32_pcnt', [
  ['rcnt', 'u64'],
  ['rhit', 'u64'],
  ['kcnts', 'u64', { rest: true }],
], { header: 'linux/pkt_cls.h' });

export const TCA_U32 = attrs('TCA_U32', [
  [1, 'TCA_U32_CLASSID', 'u32'],
  [2, 'TCA_U32_HASH', 'u32'],
  [3, 'TCA_U32_LINK', 'u32'],
  [4, 'TCA_U32_DIVISOR', 'u32'],
  [5, 'TCA_U32_SEL', tc_u32_sel],
  [6, 'TCA_U32_POLICE', TCA_POLICE],
  [7, 'TCA_U32_ACT', TCA_ACT_LIST],
  [8, 'TCA_U32_INDEV', 'string'],
  [9, 'TCA_U32_PCNT', tc_u32_pcnt],
  [10, 'TCA_U32_MARK', tc_u32_mark],
  [11, 'TCA_U32_FLAGS', 'u32', TCA_CLS_FLAGS],
  [12, 'TCA_U32_PAD', 'binary'],
]);

// ---------------------------------------------------------------- rsvp, route, fw, tcindex

export const tc_rsvp_gpi: StructDecl = struct('tc_rsvp_gpi', [
  ['key', 'u32'],
  ['mask', 'u32'],
  ['offset', 's32'],
], { header: 'linux/pkt_cls.h' });

export const tc_rsvp_pinfo: StructDecl = struct('tc_rsvp_pinfo', [
  ['dpi', tc_rsvp_gpi],
  ['spi', tc_rsvp_gpi],
  ['protocol', 'u8', IPPROTO],
  ['tunnelid', 'u8'],
  ['tunnelhdr', 'u8'],
  ['pad', 'u8'],
], { header: 'linux/pkt_cls.h' });

export const TCA_RSVP = attrs('TCA_RSVP', [
  [1, 'TCA_RSVP_CLASSID', 'u32'],
  [2, 'TCA_RSVP_DST', 'ip'],
  [3, 'TCA_RSVP_SRC', 'ip'],
  [4, 'TCA_RSVP_PINFO', tc_rsvp_pinfo],
  [5, 'TCA_RSVP_POLICE', TCA_POLICE],
  [6, 'TCA_RSVP_ACT', TCA_ACT_LIST],
]);

export const TCA_ROUTE4 = attrs('TCA_ROUTE4', [
  [1, 'TCA_ROUTE4_CLASSID', 'u32'],
  [2, 'TCA_ROUTE4_TO', 'u32'],
  [3, 'TCA_ROUTE4_FROM', 'u32'],
  [4, 'TCA_ROUTE4_IIF', 'u32'],
  [5, 'TCA_ROUTE4_POLICE', TCA_POLICE],
  [6, 'TCA_ROUTE4_ACT', TCA_ACT_LIST],
]);

export const TCA_FW = attrs('TCA_FW', [
  [1, 'TCA_FW_CLASSID', 'u32'],
  [2, 'TCA_FW_POLICE', TCA_POLICE],
  [3, 'TCA_FW_INDEV', 'string'],
  [4, 'TCA_FW_ACT', TCA_ACT_LIST],
  [5, 'TCA_FW_MASK', 'u32'],
]);

export const TCA_TCINDEX = attrs('TCA_TCINDEX', [
  [1, 'TCA_TCINDEX_HASH', 'u32'],
  [2, 'TCA_TCINDEX_MASK', 'u16'],
  [3, 'TCA_TCINDEX_SHIFT', 'u32'],
  [4, 'TCA_TCINDEX_FALL_THROUGH', 'u32'],
  [5, 'TCA_TCINDEX_CLASSID', 'u32'],
  [6, 'TCA_TCINDEX_POLICE', TCA_POLICE],
  [7, 'TCA_TCINDEX_ACT', TCA_ACT_LIST],
]);

// ---------------------------------------------------------------- flow

/** TCA_FLOW_KEYS: bit n is FLOW_KEY_ value n. */
export const FLOW_KEY = flagsSeq('FLOW_KEY', [
  'FLOW_KEY_SRC', 'FLOW_KEY_DST', 'FLOW_KEY_PROTO', 'FLOW_KEY_PROTO_SRC', 'FLOW_KEY_PROTO_DST',
  'FLOW_KEY_IIF', 'FLOW_KEY_PRIORITY', 'FLOW_KEY_MARK', 'FLOW_KEY_NFCT', 'FLOW_KEY_NFCT_SRC',
  'FLOW_KEY_NFCT_DST', 'FLOW_KEY_NFCT_PROTO_SRC', 'FLOW_KEY_NFCT_PROTO_DST', 'FLOW_KEY_RTCLASSID',
  'FLOW_KEY_SKUID', 'FLOW_KEY_SKGID', 'FLOW_KEY_VLAN_TAG', 'FLOW_KEY_RXHASH',
]);

export const FLOW_MODE = enumSeq('FLOW_MODE', ['FLOW_MODE_MAP', 'FLOW_MODE_HASH']);

export const TCA_FLOW = attrs('TCA_FLOW', [
  [1, 'TCA_FLOW_KEYS', 'u32', FLOW_KEY],
  [2, 'TCA_FLOW_MODE', 'u32', FLOW_MODE],
  [3, 'TCA_FLOW_BASECLASS', 'u32'],
  [4, 'TCA_FLOW_RSHIFT', 'u32'],
  [5, 'TCA_FLOW_ADDEND', 'u32'],
  [6, 'TCA_FLOW_MASK', 'u32'],
  [7, 'TCA_FLOW_XOR', 'u32'],
  [8, 'TCA_FLOW_DIVISOR', 'u32'],
  [9, 'TCA_FLOW_ACT', TCA_ACT_LIST],
  [10, 'TCA_FLOW_POLICE', TCA_POLICE],
  [11, 'TCA_FLOW_EMATCHES', TCA_EMATCH_TREE],
  [12, 'TCA_FLOW_PERTURB', 'u32'],
]);

// ---------------------------------------------------------------- basic, cgroup

export const tc_basic_pcnt: StructDecl = struct('tc_basic_pcnt', [
  ['rcnt', 'u64'],
  ['rhit', 'u64'],
], { header: 'linux/pkt_cls.h' });

export const TCA_BASIC = attrs('TCA_BASIC', [
  [1, 'TCA_BASIC_CLASSID', 'u32'],
  [2, 'TCA_BASIC_EMATCHES', TCA_EMATCH_TREE],
  [3, 'TCA_BASIC_ACT', TCA_ACT_LIST],
  [4, 'TCA_BASIC_POLICE', TCA_POLICE],
  [5, 'TCA_BASIC_PCNT', tc_basic_pcnt],
  [6, 'TCA_BASIC_PAD', 'binary'],
]);

export const TCA_CGROUP = attrs('TCA_CGROUP', [
  [1, 'TCA_CGROUP_ACT', TCA_ACT_LIST],
  [2, 'TCA_CGROUP_POLICE', TCA_POLICE],
  [3, 'TCA_CGROUP_EMATCHES', TCA_EMATCH_TREE],
]);

// ---------------------------------------------------------------- bpf

export const TCA_BPF_FLAG = flagsOf('TCA_BPF_FLAG', { TCA_BPF_FLAG_ACT_DIRECT: 1 << 0 });

export const TCA_BPF = attrs('TCA_BPF', [
  [1, 'TCA_BPF_ACT', TCA_ACT_LIST],
  [2, 'TCA_BPF_POLICE', TCA_POLICE],
  [3, 'TCA_BPF_CLASSID', 'u32'],
  [4, 'TCA_BPF_OPS_LEN', 'u16'],
  [5, 'TCA_BPF_OPS', structs(sock_filter)],
  [6, 'TCA_BPF_FD', 'u32'],
  [7, 'TCA_BPF_NAME', 'string'],
  [8, 'TCA_BPF_FLAGS', 'u32', TCA_BPF_FLAG],
  [9, 'TCA_BPF_FLAGS_GEN', 'u32', TCA_CLS_FLAGS],
  [10, 'TCA_BPF_TAG', 'binary'],
  [11, 'TCA_BPF_ID', 'u32'],
]);

// ---------------------------------------------------------------- matchall

export const tc_matchall_pcnt: StructDecl = struct('tc_matchall_pcnt', [
  ['rhit', 'u64'],
], { header: 'linux/pkt_cls.h' });

export const TCA_MATCHALL = attrs('TCA_MATCHALL', [
  [1, 'TCA_MATCHALL_CLASSID', 'u32'],
  [2, 'TCA_MATCHALL_ACT', TCA_ACT_LIST],
  [3, 'TCA_MATCHALL_FLAGS', 'u32', TCA_CLS_FLAGS],
  [4, 'TCA_MATCHALL_PCNT', tc_matchall_pcnt],
  [5, 'TCA_MATCHALL_PAD', 'binary'],
]);

// ---------------------------------------------------------------- flower

export const TCA_FLOWER_KEY_CT_FLAGS = flagsOf('TCA_FLOWER_KEY_CT_FLAGS', {
  TCA_FLOWER_KEY_CT_FLAGS_NEW: 1 << 0,
  TCA_FLOWER_KEY_CT_FLAGS_ESTABLISHED: 1 << 1,
  TCA_FLOWER_KEY_CT_FLAGS_RELATED: 1 << 2,
  TCA_FLOWER_KEY_CT_FLAGS_TRACKED: 1 << 3,
  TCA_FLOWER_KEY_CT_FLAGS_INVALID: 1 << 4,
  TCA_FLOWER_KEY_CT_FLAGS_REPLY: 1 << 5,
});

export const TCA_FLOWER_KEY_FLAGS = flagsOf('TCA_FLOWER_KEY_FLAGS', {
  TCA_FLOWER_KEY_FLAGS_IS_FRAGMENT: 1 << 0,
  TCA_FLOWER_KEY_FLAGS_FRAG_IS_FIRST: 1 << 1,
});

export const TCA_FLOWER_KEY_ENC_OPT_GENEVE = attrs('TCA_FLOWER_KEY_ENC_OPT_GENEVE', [
  [1, 'TCA_FLOWER_KEY_ENC_OPT_GENEVE_CLASS', 'be16'], // header says u16; the kernel puts be16
  [2, 'TCA_FLOWER_KEY_ENC_OPT_GENEVE_TYPE', 'u8'],
  [3, 'TCA_FLOWER_KEY_ENC_OPT_GENEVE_DATA', 'binary'],
]);

export const TCA_FLOWER_KEY_ENC_OPT_VXLAN = attrs('TCA_FLOWER_KEY_ENC_OPT_VXLAN', [
  [1, 'TCA_FLOWER_KEY_ENC_OPT_VXLAN_GBP', 'u32'],
]);

export const TCA_FLOWER_KEY_ENC_OPT_ERSPAN = attrs('TCA_FLOWER_KEY_ENC_OPT_ERSPAN', [
  [1, 'TCA_FLOWER_KEY_ENC_OPT_ERSPAN_VER', 'u8'],
  [2, 'TCA_FLOWER_KEY_ENC_OPT_ERSPAN_INDEX', 'be32'],
  [3, 'TCA_FLOWER_KEY_ENC_OPT_ERSPAN_DIR', 'u8'],
  [4, 'TCA_FLOWER_KEY_ENC_OPT_ERSPAN_HWID', 'u8'],
]);

export const TCA_FLOWER_KEY_ENC_OPT_GTP = attrs('TCA_FLOWER_KEY_ENC_OPT_GTP', [
  [1, 'TCA_FLOWER_KEY_ENC_OPT_GTP_PDU_TYPE', 'u8'],
  [2, 'TCA_FLOWER_KEY_ENC_OPT_GTP_QFI', 'u8'],
]);

export const TCA_FLOWER_KEY_ENC_OPTS = attrs('TCA_FLOWER_KEY_ENC_OPTS', [
  [1, 'TCA_FLOWER_KEY_ENC_OPTS_GENEVE', TCA_FLOWER_KEY_ENC_OPT_GENEVE, { multi: true }],
  [2, 'TCA_FLOWER_KEY_ENC_OPTS_VXLAN', TCA_FLOWER_KEY_ENC_OPT_VXLAN],
  [3, 'TCA_FLOWER_KEY_ENC_OPTS_ERSPAN', TCA_FLOWER_KEY_ENC_OPT_ERSPAN],
  [4, 'TCA_FLOWER_KEY_ENC_OPTS_GTP', TCA_FLOWER_KEY_ENC_OPT_GTP],
]);

export const TCA_FLOWER_KEY_MPLS_OPT_LSE = attrs('TCA_FLOWER_KEY_MPLS_OPT_LSE', [
  [1, 'TCA_FLOWER_KEY_MPLS_OPT_LSE_DEPTH', 'u8'],
  [2, 'TCA_FLOWER_KEY_MPLS_OPT_LSE_TTL', 'u8'],
  [3, 'TCA_FLOWER_KEY_MPLS_OPT_LSE_BOS', 'u8'],
  [4, 'TCA_FLOWER_KEY_MPLS_OPT_LSE_TC', 'u8'],
  [5, 'TCA_FLOWER_KEY_MPLS_OPT_LSE_LABEL', 'u32'],
]);

export const TCA_FLOWER_KEY_MPLS_OPTS = attrs('TCA_FLOWER_KEY_MPLS_OPTS', [
  [1, 'TCA_FLOWER_KEY_MPLS_OPTS_LSE', TCA_FLOWER_KEY_MPLS_OPT_LSE, { multi: true }],
]);

export const TCA_FLOWER = attrs('TCA_FLOWER', [
  [1, 'TCA_FLOWER_CLASSID', 'u32'],
  [2, 'TCA_FLOWER_INDEV', 'string'],
  [3, 'TCA_FLOWER_ACT', TCA_ACT_LIST],
  [4, 'TCA_FLOWER_KEY_ETH_DST', 'mac'],
  [5, 'TCA_FLOWER_KEY_ETH_DST_MASK', 'mac'],
  [6, 'TCA_FLOWER_KEY_ETH_SRC', 'mac'],
  [7, 'TCA_FLOWER_KEY_ETH_SRC_MASK', 'mac'],
  [8, 'TCA_FLOWER_KEY_ETH_TYPE', 'be16', ETH_P],
  [9, 'TCA_FLOWER_KEY_IP_PROTO', 'u8', IPPROTO],
  [10, 'TCA_FLOWER_KEY_IPV4_SRC', 'ip4'],
  [11, 'TCA_FLOWER_KEY_IPV4_SRC_MASK', 'ip4'],
  [12, 'TCA_FLOWER_KEY_IPV4_DST', 'ip4'],
  [13, 'TCA_FLOWER_KEY_IPV4_DST_MASK', 'ip4'],
  [14, 'TCA_FLOWER_KEY_IPV6_SRC', 'ip6'],
  [15, 'TCA_FLOWER_KEY_IPV6_SRC_MASK', 'ip6'],
  [16, 'TCA_FLOWER_KEY_IPV6_DST', 'ip6'],
  [17, 'TCA_FLOWER_KEY_IPV6_DST_MASK', 'ip6'],
  [18, 'TCA_FLOWER_KEY_TCP_SRC', 'be16'],
  [19, 'TCA_FLOWER_KEY_TCP_DST', 'be16'],
  [20, 'TCA_FLOWER_KEY_UDP_SRC', 'be16'],
  [21, 'TCA_FLOWER_KEY_UDP_DST', 'be16'],
  [22, 'TCA_FLOWER_FLAGS', 'u32', TCA_CLS_FLAGS],
  [23, 'TCA_FLOWER_KEY_VLAN_ID', 'u16'], // header says be16; the kernel puts host order
  [24, 'TCA_FLOWER_KEY_VLAN_PRIO', 'u8'],
  [25, 'TCA_FLOWER_KEY_VLAN_ETH_TYPE', 'be16', ETH_P],
  [26, 'TCA_FLOWER_KEY_ENC_KEY_ID', 'be32'],
  [27, 'TCA_FLOWER_KEY_ENC_IPV4_SRC', 'ip4'],
  [28, 'TCA_FLOWER_KEY_ENC_IPV4_SRC_MASK', 'ip4'],
  [29, 'TCA_FLOWER_KEY_ENC_IPV4_DST', 'ip4'],
  [30, 'TCA_FLOWER_KEY_ENC_IPV4_DST_MASK', 'ip4'],
  [31, 'TCA_FLOWER_KEY_ENC_IPV6_SRC', 'ip6'],
  [32, 'TCA_FLOWER_KEY_ENC_IPV6_SRC_MASK', 'ip6'],
  [33, 'TCA_FLOWER_KEY_ENC_IPV6_DST', 'ip6'],
  [34, 'TCA_FLOWER_KEY_ENC_IPV6_DST_MASK', 'ip6'],
  [35, 'TCA_FLOWER_KEY_TCP_SRC_MASK', 'be16'],
  [36, 'TCA_FLOWER_KEY_TCP_DST_MASK', 'be16'],
  [37, 'TCA_FLOWER_KEY_UDP_SRC_MASK', 'be16'],
  [38, 'TCA_FLOWER_KEY_UDP_DST_MASK', 'be16'],
  [39, 'TCA_FLOWER_KEY_SCTP_SRC_MASK', 'be16'],
  [40, 'TCA_FLOWER_KEY_SCTP_DST_MASK', 'be16'],
  [41, 'TCA_FLOWER_KEY_SCTP_SRC', 'be16'],
  [42, 'TCA_FLOWER_KEY_SCTP_DST', 'be16'],
  [43, 'TCA_FLOWER_KEY_ENC_UDP_SRC_PORT', 'be16'],
  [44, 'TCA_FLOWER_KEY_ENC_UDP_SRC_PORT_MASK', 'be16'],
  [45, 'TCA_FLOWER_KEY_ENC_UDP_DST_PORT', 'be16'],
  [46, 'TCA_FLOWER_KEY_ENC_UDP_DST_PORT_MASK', 'be16'],
  [47, 'TCA_FLOWER_KEY_FLAGS', 'be32', TCA_FLOWER_KEY_FLAGS],
  [48, 'TCA_FLOWER_KEY_FLAGS_MASK', 'be32', TCA_FLOWER_KEY_FLAGS],
  [49, 'TCA_FLOWER_KEY_ICMPV4_CODE', 'u8'],
  [50, 'TCA_FLOWER_KEY_ICMPV4_CODE_MASK', 'u8'],
  [51, 'TCA_FLOWER_KEY_ICMPV4_TYPE', 'u8'],
  [52, 'TCA_FLOWER_KEY_ICMPV4_TYPE_MASK', 'u8'],
  [53, 'TCA_FLOWER_KEY_ICMPV6_CODE', 'u8'],
  [54, 'TCA_FLOWER_KEY_ICMPV6_CODE_MASK', 'u8'],
  [55, 'TCA_FLOWER_KEY_ICMPV6_TYPE', 'u8'],
  [56, 'TCA_FLOWER_KEY_ICMPV6_TYPE_MASK', 'u8'],
  [57, 'TCA_FLOWER_KEY_ARP_SIP', 'ip4'],
  [58, 'TCA_FLOWER_KEY_ARP_SIP_MASK', 'ip4'],
  [59, 'TCA_FLOWER_KEY_ARP_TIP', 'ip4'],
  [60, 'TCA_FLOWER_KEY_ARP_TIP_MASK', 'ip4'],
  [61, 'TCA_FLOWER_KEY_ARP_OP', 'u8'],
  [62, 'TCA_FLOWER_KEY_ARP_OP_MASK', 'u8'],
  [63, 'TCA_FLOWER_KEY_ARP_SHA', 'mac'],
  [64, 'TCA_FLOWER_KEY_ARP_SHA_MASK', 'mac'],
  [65, 'TCA_FLOWER_KEY_ARP_THA', 'mac'],
  [66, 'TCA_FLOWER_KEY_ARP_THA_MASK', 'mac'],
  [67, 'TCA_FLOWER_KEY_MPLS_TTL', 'u8'],
  [68, 'TCA_FLOWER_KEY_MPLS_BOS', 'u8'],
  [69, 'TCA_FLOWER_KEY_MPLS_TC', 'u8'],
  [70, 'TCA_FLOWER_KEY_MPLS_LABEL', 'u32'], // header says be32; the kernel puts host order
  [71, 'TCA_FLOWER_KEY_TCP_FLAGS', 'be16'],
  [72, 'TCA_FLOWER_KEY_TCP_FLAGS_MASK', 'be16'],
  [73, 'TCA_FLOWER_KEY_IP_TOS', 'u8'],
  [74, 'TCA_FLOWER_KEY_IP_TOS_MASK', 'u8'],
  [75, 'TCA_FLOWER_KEY_IP_TTL', 'u8'],
  [76, 'TCA_FLOWER_KEY_IP_TTL_MASK', 'u8'],
  [77, 'TCA_FLOWER_KEY_CVLAN_ID', 'u16'],
  [78, 'TCA_FLOWER_KEY_CVLAN_PRIO', 'u8'],
  [79, 'TCA_FLOWER_KEY_CVLAN_ETH_TYPE', 'be16', ETH_P],
  [80, 'TCA_FLOWER_KEY_ENC_IP_TOS', 'u8'],
  [81, 'TCA_FLOWER_KEY_ENC_IP_TOS_MASK', 'u8'],
  [82, 'TCA_FLOWER_KEY_ENC_IP_TTL', 'u8'],
  [83, 'TCA_FLOWER_KEY_ENC_IP_TTL_MASK', 'u8'],
  [84, 'TCA_FLOWER_KEY_ENC_OPTS', TCA_FLOWER_KEY_ENC_OPTS],
  [85, 'TCA_FLOWER_KEY_ENC_OPTS_MASK', TCA_FLOWER_KEY_ENC_OPTS],
  [86, 'TCA_FLOWER_IN_HW_COUNT', 'u32'],
  [87, 'TCA_FLOWER_KEY_PORT_SRC_MIN', 'be16'],
  [88, 'TCA_FLOWER_KEY_PORT_SRC_MAX', 'be16'],
  [89, 'TCA_FLOWER_KEY_PORT_DST_MIN', 'be16'],
  [90, 'TCA_FLOWER_KEY_PORT_DST_MAX', 'be16'],
  [91, 'TCA_FLOWER_KEY_CT_STATE', 'u16', TCA_FLOWER_KEY_CT_FLAGS],
  [92, 'TCA_FLOWER_KEY_CT_STATE_MASK', 'u16', TCA_FLOWER_KEY_CT_FLAGS],
  [93, 'TCA_FLOWER_KEY_CT_ZONE', 'u16'],
  [94, 'TCA_FLOWER_KEY_CT_ZONE_MASK', 'u16'],
  [95, 'TCA_FLOWER_KEY_CT_MARK', 'u32'],
  [96, 'TCA_FLOWER_KEY_CT_MARK_MASK', 'u32'],
  [97, 'TCA_FLOWER_KEY_CT_LABELS', 'binary'], // u128
  [98, 'TCA_FLOWER_KEY_CT_LABELS_MASK', 'binary'],
  [99, 'TCA_FLOWER_KEY_MPLS_OPTS', TCA_FLOWER_KEY_MPLS_OPTS],
  [100, 'TCA_FLOWER_KEY_HASH', 'u32'],
  [101, 'TCA_FLOWER_KEY_HASH_MASK', 'u32'],
  [102, 'TCA_FLOWER_KEY_NUM_OF_VLANS', 'u8'],
  [103, 'TCA_FLOWER_KEY_PPPOE_SID', 'be16'],
  [104, 'TCA_FLOWER_KEY_PPP_PROTO', 'be16'],
  [105, 'TCA_FLOWER_KEY_L2TPV3_SID', 'be32'],
]);

// ---------------------------------------------------------------- by kind

/** TCA_OPTIONS of a filter (and of a chain template) by TCA_KIND. */
export const FILTER_OPTIONS: Readonly<Record<string, AttrSet>> = {
  u32: TCA_U32,
  rsvp: TCA_RSVP,
  rsvp6: TCA_RSVP,
  route: TCA_ROUTE4,
  fw: TCA_FW,
  tcindex: TCA_TCINDEX,
  flow: TCA_FLOW,
  basic: TCA_BASIC,
  cgroup: TCA_CGROUP,
  bpf: TCA_BPF,
  matchall: TCA_MATCHALL,
  flower: TCA_FLOWER,
};
