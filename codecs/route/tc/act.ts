// Actions (linux/pkt_cls.h, linux/tc_act/*.h): the TCA_ACT_* set found in TCA_ACT_TAB and in
// every classifier's TCA_*_ACT, and the options of each action kind.
import {
  attrs, enumOf, flagsOf, select, struct, structs, type AttrSet, type FieldSpec, type StructDecl,
} from '../../../src/codec/schema.js';
import { ETH_P, TC_ACT, tc_cnt, tc_ratespec, tcf_t } from './base.js';
import { TCA_STATS } from './stats.js';

/** The `tc_gen` macro every action's parameters start with. */
const tc_gen: readonly FieldSpec[] = [
  ['index', 'u32'],
  ['capab', 'u32'],
  ['action', 's32', TC_ACT],
  ['refcnt', 's32'],
  ['bindcnt', 's32'],
];

export const TCA_ACT_FLAGS = flagsOf('TCA_ACT_FLAGS', {
  TCA_ACT_FLAGS_NO_PERCPU_STATS: 1 << 0,
  TCA_ACT_FLAGS_SKIP_HW: 1 << 1,
  TCA_ACT_FLAGS_SKIP_SW: 1 << 2,
});

export const TCA_ACT_HW_STATS = flagsOf('TCA_ACT_HW_STATS', {
  TCA_ACT_HW_STATS_IMMEDIATE: 1 << 0,
  TCA_ACT_HW_STATS_DELAYED: 1 << 1,
});

/** enum tca_id: action type identifiers. */
export const TCA_ID = enumOf('TCA_ID', {
  TCA_ID_UNSPEC: 0, TCA_ID_POLICE: 1, TCA_ID_GACT: 5, TCA_ID_IPT: 6, TCA_ID_PEDIT: 7, TCA_ID_MIRRED: 8,
  TCA_ID_NAT: 9, TCA_ID_XT: 10, TCA_ID_SKBEDIT: 11, TCA_ID_VLAN: 12, TCA_ID_BPF: 13, TCA_ID_CONNMARK: 14,
  TCA_ID_SKBMOD: 15, TCA_ID_CSUM: 16, TCA_ID_TUNNEL_KEY: 17, TCA_ID_SIMP: 22, TCA_ID_IFE: 25,
  TCA_ID_SAMPLE: 26, TCA_ID_CTINFO: 27, TCA_ID_MPLS: 28, TCA_ID_CT: 29, TCA_ID_GATE: 30,
});

// ---------------------------------------------------------------- police

export const tc_police: StructDecl = struct('tc_police', [
  ['index', 'u32'],
  ['action', 's32', TC_ACT],
  ['limit', 'u32'],
  ['burst', 'u32'],
  ['mtu', 'u32'],
  ['rate', tc_ratespec],
  ['peakrate', tc_ratespec],
  ['refcnt', 's32'],
  ['bindcnt', 's32'],
  ['capab', 'u32'],
], { header: 'linux/pkt_cls.h' });

/** Options of the police action, and TCA_*_POLICE of classifiers. */
export const TCA_POLICE = attrs('TCA_POLICE', [
  [1, 'TCA_POLICE_TBF', tc_police],
  [2, 'TCA_POLICE_RATE', 'binary'], // u32[256] rate tables
  [3, 'TCA_POLICE_PEAKRATE', 'binary'],
  [4, 'TCA_POLICE_AVRATE', 'u32'],
  [5, 'TCA_POLICE_RESULT', 's32', TC_ACT],
  [6, 'TCA_POLICE_TM', tcf_t],
  [7, 'TCA_POLICE_PAD', 'binary'],
  [8, 'TCA_POLICE_RATE64', 'u64'],
  [9, 'TCA_POLICE_PEAKRATE64', 'u64'],
  [10, 'TCA_POLICE_PKTRATE64', 'u64'],
  [11, 'TCA_POLICE_PKTBURST64', 'u64'],
]);

// ---------------------------------------------------------------- gact

export const tc_gact: StructDecl = struct('tc_gact', [...tc_gen], { header: 'linux/tc_act/tc_gact.h' });

export const PGACT = enumOf('PGACT', {
  PGACT_NONE: 0,
  PGACT_NETRAND: 1,
  PGACT_DETERM: 2,
});

export const tc_gact_p: StructDecl = struct('tc_gact_p', [
  ['ptype', 'u16', PGACT],
  ['pval', 'u16'],
  ['paction', 's32', TC_ACT],
], { header: 'linux/tc_act/tc_gact.h' });

export const TCA_GACT = attrs('TCA_GACT', [
  [1, 'TCA_GACT_TM', tcf_t],
  [2, 'TCA_GACT_PARMS', tc_gact],
  [3, 'TCA_GACT_PROB', tc_gact_p],
  [4, 'TCA_GACT_PAD', 'binary'],
]);

// ---------------------------------------------------------------- mirred

export const TCA_MIRRED_EACTION = enumOf('TCA_MIRRED_EACTION', {
  TCA_EGRESS_REDIR: 1,
  TCA_EGRESS_MIRROR: 2,
  TCA_INGRESS_REDIR: 3,
  TCA_INGRESS_MIRROR: 4,
});

export const tc_mirred: StructDecl = struct('tc_mirred', [
  ...tc_gen,
  ['eaction', 's32', TCA_MIRRED_EACTION],
  ['ifindex', 'u32'],
], { header: 'linux/tc_act/tc_mirred.h' });

export const TCA_MIRRED = attrs('TCA_MIRRED', [
  [1, 'TCA_MIRRED_TM', tcf_t],
  [2, 'TCA_MIRRED_PARMS', tc_mirred],
  [3, 'TCA_MIRRED_PAD', 'binary'],
]);

// ---------------------------------------------------------------- skbedit

export const SKBEDIT_F = flagsOf('SKBEDIT_F', {
  SKBEDIT_F_PRIORITY: 0x1,
  SKBEDIT_F_QUEUE_MAPPING: 0x2,
  SKBEDIT_F_MARK: 0x4,
  SKBEDIT_F_PTYPE: 0x8,
  SKBEDIT_F_MASK: 0x10,
  SKBEDIT_F_INHERITDSFIELD: 0x20,
  SKBEDIT_F_TXQ_SKBHASH: 0x40,
});

export const tc_skbedit: StructDecl = struct('tc_skbedit', [...tc_gen], { header: 'linux/tc_act/tc_skbedit.h' });

export const TCA_SKBEDIT = attrs('TCA_SKBEDIT', [
  [1, 'TCA_SKBEDIT_TM', tcf_t],
  [2, 'TCA_SKBEDIT_PARMS', tc_skbedit],
  [3, 'TCA_SKBEDIT_PRIORITY', 'u32'],
  [4, 'TCA_SKBEDIT_QUEUE_MAPPING', 'u16'],
  [5, 'TCA_SKBEDIT_MARK', 'u32'],
  [6, 'TCA_SKBEDIT_PAD', 'binary'],
  [7, 'TCA_SKBEDIT_PTYPE', 'u16'], // PACKET_* (linux/if_packet.h)
  [8, 'TCA_SKBEDIT_MASK', 'u32'],
  [9, 'TCA_SKBEDIT_FLAGS', 'u64', SKBEDIT_F],
  [10, 'TCA_SKBEDIT_QUEUE_MAPPING_MAX', 'u16'],
]);

// ---------------------------------------------------------------- vlan

export const TCA_VLAN_ACT = enumOf('TCA_VLAN_ACT', {
  TCA_VLAN_ACT_POP: 1,
  TCA_VLAN_ACT_PUSH: 2,
  TCA_VLAN_ACT_MODIFY: 3,
  TCA_VLAN_ACT_POP_ETH: 4,
  TCA_VLAN_ACT_PUSH_ETH: 5,
});

export const tc_vlan: StructDecl = struct('tc_vlan', [
  ...tc_gen,
  ['v_action', 's32', TCA_VLAN_ACT],
], { header: 'linux/tc_act/tc_vlan.h' });

export const TCA_VLAN = attrs('TCA_VLAN', [
  [1, 'TCA_VLAN_TM', tcf_t],
  [2, 'TCA_VLAN_PARMS', tc_vlan],
  [3, 'TCA_VLAN_PUSH_VLAN_ID', 'u16'],
  [4, 'TCA_VLAN_PUSH_VLAN_PROTOCOL', 'be16', ETH_P],
  [5, 'TCA_VLAN_PAD', 'binary'],
  [6, 'TCA_VLAN_PUSH_VLAN_PRIORITY', 'u8'],
  [7, 'TCA_VLAN_PUSH_ETH_DST', 'mac'],
  [8, 'TCA_VLAN_PUSH_ETH_SRC', 'mac'],
]);

// ---------------------------------------------------------------- pedit

export const tc_pedit_key: StructDecl = struct('tc_pedit_key', [
  ['mask', 'u32'],
  ['val', 'u32'],
  ['off', 'u32'],
  ['at', 'u32'],
  ['offmask', 'u32'],
  ['shift', 'u32'],
], { header: 'linux/tc_act/tc_pedit.h' });

/** nkeys struct tc_pedit_key follow (at sizeof 24) and stay in `@tail`. */
export const tc_pedit_sel: StructDecl = struct('tc_pedit_sel', [
  ...tc_gen,
  ['nkeys', 'u8'],
  ['flags', 'u8'],
], { header: 'linux/tc_act/tc_pedit.h', size: 24 });

export const PEDIT_HDR_TYPE = enumOf('pedit_header_type', {
  TCA_PEDIT_KEY_EX_HDR_TYPE_NETWORK: 0,
  TCA_PEDIT_KEY_EX_HDR_TYPE_ETH: 1,
  TCA_PEDIT_KEY_EX_HDR_TYPE_IP4: 2,
  TCA_PEDIT_KEY_EX_HDR_TYPE_IP6: 3,
  TCA_PEDIT_KEY_EX_HDR_TYPE_TCP: 4,
  TCA_PEDIT_KEY_EX_HDR_TYPE_UDP: 5,
});

export const PEDIT_CMD = enumOf('pedit_cmd', {
  TCA_PEDIT_KEY_EX_CMD_SET: 0,
  TCA_PEDIT_KEY_EX_CMD_ADD: 1,
});

export const TCA_PEDIT_KEY_EX = attrs('TCA_PEDIT_KEY_EX', [
  [1, 'TCA_PEDIT_KEY_EX_HTYPE', 'u16', PEDIT_HDR_TYPE],
  [2, 'TCA_PEDIT_KEY_EX_CMD', 'u16', PEDIT_CMD],
]);

/** TCA_PEDIT_KEYS_EX holds one TCA_PEDIT_KEY_EX nest per key. */
export const TCA_PEDIT_KEYS_EX = attrs('TCA_PEDIT', [
  [6, 'TCA_PEDIT_KEY_EX', TCA_PEDIT_KEY_EX, { multi: true }],
]);

export const TCA_PEDIT = attrs('TCA_PEDIT', [
  [1, 'TCA_PEDIT_TM', tcf_t],
  [2, 'TCA_PEDIT_PARMS', tc_pedit_sel],
  [3, 'TCA_PEDIT_PAD', 'binary'],
  [4, 'TCA_PEDIT_PARMS_EX', tc_pedit_sel],
  [5, 'TCA_PEDIT_KEYS_EX', TCA_PEDIT_KEYS_EX],
  [6, 'TCA_PEDIT_KEY_EX', TCA_PEDIT_KEY_EX],
]);

// ---------------------------------------------------------------- simple (defact)

export const tc_defact: StructDecl = struct('tc_defact', [...tc_gen], { header: 'linux/tc_act/tc_defact.h' });

export const TCA_DEF = attrs('TCA_DEF', [
  [1, 'TCA_DEF_TM', tcf_t],
  [2, 'TCA_DEF_PARMS', tc_defact],
  [3, 'TCA_DEF_DATA', 'string'],
  [4, 'TCA_DEF_PAD', 'binary'],
]);

// ---------------------------------------------------------------- bpf

/** Classic BPF instruction (linux/filter.h), for TCA_ACT_BPF_OPS / TCA_BPF_OPS. */
export const sock_filter: StructDecl = struct('sock_filter', [
  ['code', 'u16'],
  ['jt', 'u8'],
  ['jf', 'u8'],
  ['k', 'u32'],
], { header: 'linux/filter.h' });

export const tc_act_bpf: StructDecl = struct('tc_act_bpf', [...tc_gen], { header: 'linux/tc_act/tc_bpf.h' });

export const TCA_ACT_BPF = attrs('TCA_ACT_BPF', [
  [1, 'TCA_ACT_BPF_TM', tcf_t],
  [2, 'TCA_ACT_BPF_PARMS', tc_act_bpf],
  [3, 'TCA_ACT_BPF_OPS_LEN', 'u16'],
  [4, 'TCA_ACT_BPF_OPS', structs(sock_filter)],
  [5, 'TCA_ACT_BPF_FD', 'u32'],
  [6, 'TCA_ACT_BPF_NAME', 'string'],
  [7, 'TCA_ACT_BPF_PAD', 'binary'],
  [8, 'TCA_ACT_BPF_TAG', 'binary'],
  [9, 'TCA_ACT_BPF_ID', 'u32'],
]);

// ---------------------------------------------------------------- csum

export const TCA_CSUM_UPDATE_FLAG = flagsOf('TCA_CSUM_UPDATE_FLAG', {
  TCA_CSUM_UPDATE_FLAG_IPV4HDR: 1,
  TCA_CSUM_UPDATE_FLAG_ICMP: 2,
  TCA_CSUM_UPDATE_FLAG_IGMP: 4,
  TCA_CSUM_UPDATE_FLAG_TCP: 8,
  TCA_CSUM_UPDATE_FLAG_UDP: 16,
  TCA_CSUM_UPDATE_FLAG_UDPLITE: 32,
  TCA_CSUM_UPDATE_FLAG_SCTP: 64,
});

export const tc_csum: StructDecl = struct('tc_csum', [
  ...tc_gen,
  ['update_flags', 'u32', TCA_CSUM_UPDATE_FLAG],
], { header: 'linux/tc_act/tc_csum.h' });

export const TCA_CSUM = attrs('TCA_CSUM', [
  [1, 'TCA_CSUM_PARMS', tc_csum],
  [2, 'TCA_CSUM_TM', tcf_t],
  [3, 'TCA_CSUM_PAD', 'binary'],
]);

// ---------------------------------------------------------------- tunnel_key

export const TCA_TUNNEL_KEY_ACT = enumOf('TCA_TUNNEL_KEY_ACT', {
  TCA_TUNNEL_KEY_ACT_SET: 1,
  TCA_TUNNEL_KEY_ACT_RELEASE: 2,
});

export const tc_tunnel_key: StructDecl = struct('tc_tunnel_key', [
  ...tc_gen,
  ['t_action', 's32', TCA_TUNNEL_KEY_ACT],
], { header: 'linux/tc_act/tc_tunnel_key.h' });

export const TCA_TUNNEL_KEY_ENC_OPT_GENEVE = attrs('TCA_TUNNEL_KEY_ENC_OPT_GENEVE', [
  [1, 'TCA_TUNNEL_KEY_ENC_OPT_GENEVE_CLASS', 'be16'],
  [2, 'TCA_TUNNEL_KEY_ENC_OPT_GENEVE_TYPE', 'u8'],
  [3, 'TCA_TUNNEL_KEY_ENC_OPT_GENEVE_DATA', 'binary'],
]);

export const TCA_TUNNEL_KEY_ENC_OPT_VXLAN = attrs('TCA_TUNNEL_KEY_ENC_OPT_VXLAN', [
  [1, 'TCA_TUNNEL_KEY_ENC_OPT_VXLAN_GBP', 'u32'],
]);

export const TCA_TUNNEL_KEY_ENC_OPT_ERSPAN = attrs('TCA_TUNNEL_KEY_ENC_OPT_ERSPAN', [
  [1, 'TCA_TUNNEL_KEY_ENC_OPT_ERSPAN_VER', 'u8'],
  [2, 'TCA_TUNNEL_KEY_ENC_OPT_ERSPAN_INDEX', 'be32'],
  [3, 'TCA_TUNNEL_KEY_ENC_OPT_ERSPAN_DIR', 'u8'],
  [4, 'TCA_TUNNEL_KEY_ENC_OPT_ERSPAN_HWID', 'u8'],
]);

export const TCA_TUNNEL_KEY_ENC_OPTS = attrs('TCA_TUNNEL_KEY_ENC_OPTS', [
  [1, 'TCA_TUNNEL_KEY_ENC_OPTS_GENEVE', TCA_TUNNEL_KEY_ENC_OPT_GENEVE, { multi: true }],
  [2, 'TCA_TUNNEL_KEY_ENC_OPTS_VXLAN', TCA_TUNNEL_KEY_ENC_OPT_VXLAN],
  [3, 'TCA_TUNNEL_KEY_ENC_OPTS_ERSPAN', TCA_TUNNEL_KEY_ENC_OPT_ERSPAN],
]);

export const TCA_TUNNEL_KEY = attrs('TCA_TUNNEL_KEY', [
  [1, 'TCA_TUNNEL_KEY_TM', tcf_t],
  [2, 'TCA_TUNNEL_KEY_PARMS', tc_tunnel_key],
  [3, 'TCA_TUNNEL_KEY_ENC_IPV4_SRC', 'ip4'],
  [4, 'TCA_TUNNEL_KEY_ENC_IPV4_DST', 'ip4'],
  [5, 'TCA_TUNNEL_KEY_ENC_IPV6_SRC', 'ip6'],
  [6, 'TCA_TUNNEL_KEY_ENC_IPV6_DST', 'ip6'],
  [7, 'TCA_TUNNEL_KEY_ENC_KEY_ID', 'be32'], // header says be64; the kernel puts and expects 4 bytes
  [8, 'TCA_TUNNEL_KEY_PAD', 'binary'],
  [9, 'TCA_TUNNEL_KEY_ENC_DST_PORT', 'be16'],
  [10, 'TCA_TUNNEL_KEY_NO_CSUM', 'u8'],
  [11, 'TCA_TUNNEL_KEY_ENC_OPTS', TCA_TUNNEL_KEY_ENC_OPTS],
  [12, 'TCA_TUNNEL_KEY_ENC_TOS', 'u8'],
  [13, 'TCA_TUNNEL_KEY_ENC_TTL', 'u8'],
]);

// ---------------------------------------------------------------- connmark, ctinfo, nat

/** tc_gen + zone; sizeof 24 (trailing alignment). */
export const tc_connmark: StructDecl = struct('tc_connmark', [
  ...tc_gen,
  ['zone', 'u16'],
], { header: 'linux/tc_act/tc_connmark.h', size: 24 });

export const TCA_CONNMARK = attrs('TCA_CONNMARK', [
  [1, 'TCA_CONNMARK_PARMS', tc_connmark],
  [2, 'TCA_CONNMARK_TM', tcf_t],
  [3, 'TCA_CONNMARK_PAD', 'binary'],
]);

export const tc_ctinfo: StructDecl = struct('tc_ctinfo', [...tc_gen], { header: 'linux/tc_act/tc_ctinfo.h' });

export const TCA_CTINFO = attrs('TCA_CTINFO', [
  [1, 'TCA_CTINFO_PAD', 'binary'],
  [2, 'TCA_CTINFO_TM', tcf_t],
  [3, 'TCA_CTINFO_ACT', tc_ctinfo],
  [4, 'TCA_CTINFO_ZONE', 'u16'],
  [5, 'TCA_CTINFO_PARMS_DSCP_MASK', 'u32'],
  [6, 'TCA_CTINFO_PARMS_DSCP_STATEMASK', 'u32'],
  [7, 'TCA_CTINFO_PARMS_CPMARK_MASK', 'u32'],
  [8, 'TCA_CTINFO_STATS_DSCP_SET', 'u64'],
  [9, 'TCA_CTINFO_STATS_DSCP_ERROR', 'u64'],
  [10, 'TCA_CTINFO_STATS_CPMARK_SET', 'u64'],
]);

export const TCA_NAT_FLAG = flagsOf('TCA_NAT_FLAG', { TCA_NAT_FLAG_EGRESS: 1 });

export const tc_nat: StructDecl = struct('tc_nat', [
  ...tc_gen,
  ['old_addr', 'ip4'],
  ['new_addr', 'ip4'],
  ['mask', 'ip4'],
  ['flags', 'u32', TCA_NAT_FLAG],
], { header: 'linux/tc_act/tc_nat.h' });

export const TCA_NAT = attrs('TCA_NAT', [
  [1, 'TCA_NAT_PARMS', tc_nat],
  [2, 'TCA_NAT_TM', tcf_t],
  [3, 'TCA_NAT_PAD', 'binary'],
]);

// ---------------------------------------------------------------- sample, ct, mpls

export const tc_sample: StructDecl = struct('tc_sample', [...tc_gen], { header: 'linux/tc_act/tc_sample.h' });

export const TCA_SAMPLE = attrs('TCA_SAMPLE', [
  [1, 'TCA_SAMPLE_TM', tcf_t],
  [2, 'TCA_SAMPLE_PARMS', tc_sample],
  [3, 'TCA_SAMPLE_RATE', 'u32'],
  [4, 'TCA_SAMPLE_TRUNC_SIZE', 'u32'],
  [5, 'TCA_SAMPLE_PSAMPLE_GROUP', 'u32'],
  [6, 'TCA_SAMPLE_PAD', 'binary'],
]);

export const TCA_CT_ACT = flagsOf('TCA_CT_ACT', {
  TCA_CT_ACT_COMMIT: 1 << 0,
  TCA_CT_ACT_FORCE: 1 << 1,
  TCA_CT_ACT_CLEAR: 1 << 2,
  TCA_CT_ACT_NAT: 1 << 3,
  TCA_CT_ACT_NAT_SRC: 1 << 4,
  TCA_CT_ACT_NAT_DST: 1 << 5,
});

export const tc_ct: StructDecl = struct('tc_ct', [...tc_gen], { header: 'linux/tc_act/tc_ct.h' });

export const TCA_CT = attrs('TCA_CT', [
  [1, 'TCA_CT_PARMS', tc_ct],
  [2, 'TCA_CT_TM', tcf_t],
  [3, 'TCA_CT_ACTION', 'u16', TCA_CT_ACT],
  [4, 'TCA_CT_ZONE', 'u16'],
  [5, 'TCA_CT_MARK', 'u32'],
  [6, 'TCA_CT_MARK_MASK', 'u32'],
  [7, 'TCA_CT_LABELS', 'binary'], // u128
  [8, 'TCA_CT_LABELS_MASK', 'binary'],
  [9, 'TCA_CT_NAT_IPV4_MIN', 'ip4'],
  [10, 'TCA_CT_NAT_IPV4_MAX', 'ip4'],
  [11, 'TCA_CT_NAT_IPV6_MIN', 'ip6'],
  [12, 'TCA_CT_NAT_IPV6_MAX', 'ip6'],
  [13, 'TCA_CT_NAT_PORT_MIN', 'be16'],
  [14, 'TCA_CT_NAT_PORT_MAX', 'be16'],
  [15, 'TCA_CT_PAD', 'binary'],
]);

export const TCA_MPLS_ACT = enumOf('TCA_MPLS_ACT', {
  TCA_MPLS_ACT_POP: 1,
  TCA_MPLS_ACT_PUSH: 2,
  TCA_MPLS_ACT_MODIFY: 3,
  TCA_MPLS_ACT_DEC_TTL: 4,
  TCA_MPLS_ACT_MAC_PUSH: 5,
});

export const tc_mpls: StructDecl = struct('tc_mpls', [
  ...tc_gen,
  ['m_action', 's32', TCA_MPLS_ACT],
], { header: 'linux/tc_act/tc_mpls.h' });

export const TCA_MPLS = attrs('TCA_MPLS', [
  [1, 'TCA_MPLS_TM', tcf_t],
  [2, 'TCA_MPLS_PARMS', tc_mpls],
  [3, 'TCA_MPLS_PAD', 'binary'],
  [4, 'TCA_MPLS_PROTO', 'be16', ETH_P],
  [5, 'TCA_MPLS_LABEL', 'u32'],
  [6, 'TCA_MPLS_TC', 'u8'],
  [7, 'TCA_MPLS_TTL', 'u8'],
  [8, 'TCA_MPLS_BOS', 'u8'],
]);

// ---------------------------------------------------------------- skbmod, ife, gate, ipt

export const SKBMOD_F = flagsOf('SKBMOD_F', {
  SKBMOD_F_DMAC: 0x1,
  SKBMOD_F_SMAC: 0x2,
  SKBMOD_F_ETYPE: 0x4,
  SKBMOD_F_SWAPMAC: 0x8,
  SKBMOD_F_ECN: 0x10,
});

/** struct tc_skbmod has a 4-byte alignment hole before `flags` (no member: `__hole`). */
export const tc_skbmod: StructDecl = struct('tc_skbmod', [
  ...tc_gen,
  ['__hole', 'bytes', { size: 4, hole: true }],
  ['flags', 'u64', SKBMOD_F],
], { header: 'linux/tc_act/tc_skbmod.h' });

export const TCA_SKBMOD = attrs('TCA_SKBMOD', [
  [1, 'TCA_SKBMOD_TM', tcf_t],
  [2, 'TCA_SKBMOD_PARMS', tc_skbmod],
  [3, 'TCA_SKBMOD_DMAC', 'mac'],
  [4, 'TCA_SKBMOD_SMAC', 'mac'],
  [5, 'TCA_SKBMOD_ETYPE', 'u16'],
  [6, 'TCA_SKBMOD_PAD', 'binary'],
]);

export const IFE = enumOf('IFE', { IFE_DECODE: 0, IFE_ENCODE: 1 });

/** tc_gen + flags; sizeof 24 (trailing alignment). */
export const tc_ife: StructDecl = struct('tc_ife', [
  ...tc_gen,
  ['flags', 'u16', IFE],
], { header: 'linux/tc_act/tc_ife.h', size: 24 });

/** IFE_META_* (linux/ife.h): metadata carried in the IFE header. */
export const IFE_META = attrs('IFE_META', [
  [1, 'IFE_META_SKBMARK', 'u32'],
  [2, 'IFE_META_HASHID', 'u32'],
  [3, 'IFE_META_PRIO', 'u32'],
  [4, 'IFE_META_QMAP', 'u16'],
  [5, 'IFE_META_TCINDEX', 'u16'],
]);

export const TCA_IFE = attrs('TCA_IFE', [
  [1, 'TCA_IFE_PARMS', tc_ife],
  [2, 'TCA_IFE_TM', tcf_t],
  [3, 'TCA_IFE_DMAC', 'mac'],
  [4, 'TCA_IFE_SMAC', 'mac'],
  [5, 'TCA_IFE_TYPE', 'u16'],
  [6, 'TCA_IFE_METALST', IFE_META],
  [7, 'TCA_IFE_PAD', 'binary'],
]);

export const tc_gate: StructDecl = struct('tc_gate', [...tc_gen], { header: 'linux/tc_act/tc_gate.h' });

export const TCA_GATE_ENTRY = attrs('TCA_GATE_ENTRY', [
  [1, 'TCA_GATE_ENTRY_INDEX', 'u32'],
  [2, 'TCA_GATE_ENTRY_GATE', 'flag'],
  [3, 'TCA_GATE_ENTRY_INTERVAL', 'u32'],
  [4, 'TCA_GATE_ENTRY_IPV', 's32'],
  [5, 'TCA_GATE_ENTRY_MAX_OCTETS', 's32'],
]);

export const TCA_GATE_ONE_ENTRY = attrs('TCA_GATE_ONE_ENTRY', [
  [1, 'TCA_GATE_ONE_ENTRY', TCA_GATE_ENTRY, { multi: true }],
]);

export const TCA_GATE = attrs('TCA_GATE', [
  [1, 'TCA_GATE_TM', tcf_t],
  [2, 'TCA_GATE_PARMS', tc_gate],
  [3, 'TCA_GATE_PAD', 'binary'],
  [4, 'TCA_GATE_PRIORITY', 's32'],
  [5, 'TCA_GATE_ENTRY_LIST', TCA_GATE_ONE_ENTRY],
  [6, 'TCA_GATE_BASE_TIME', 'u64'],
  [7, 'TCA_GATE_CYCLE_TIME', 'u64'],
  [8, 'TCA_GATE_CYCLE_TIME_EXT', 'u64'],
  [9, 'TCA_GATE_FLAGS', 'u32'],
  [10, 'TCA_GATE_CLOCKID', 's32'],
]);

export const TCA_IPT = attrs('TCA_IPT', [
  [1, 'TCA_IPT_TABLE', 'string'],
  [2, 'TCA_IPT_HOOK', 'u32'],
  [3, 'TCA_IPT_INDEX', 'u32'],
  [4, 'TCA_IPT_CNT', tc_cnt],
  [5, 'TCA_IPT_TM', tcf_t],
  [6, 'TCA_IPT_TARG', 'binary'], // struct xt_entry_target
  [7, 'TCA_IPT_PAD', 'binary'],
]);

// ---------------------------------------------------------------- the action set

/** TCA_ACT_OPTIONS by TCA_ACT_KIND. */
export const ACTION_OPTIONS: Readonly<Record<string, AttrSet>> = {
  police: TCA_POLICE,
  gact: TCA_GACT,
  mirred: TCA_MIRRED,
  skbedit: TCA_SKBEDIT,
  vlan: TCA_VLAN,
  pedit: TCA_PEDIT,
  simple: TCA_DEF,
  bpf: TCA_ACT_BPF,
  csum: TCA_CSUM,
  tunnel_key: TCA_TUNNEL_KEY,
  connmark: TCA_CONNMARK,
  ctinfo: TCA_CTINFO,
  nat: TCA_NAT,
  sample: TCA_SAMPLE,
  ct: TCA_CT,
  mpls: TCA_MPLS,
  skbmod: TCA_SKBMOD,
  ife: TCA_IFE,
  gate: TCA_GATE,
  ipt: TCA_IPT,
  xt: TCA_IPT,
};

export const TCA_ACT = attrs('TCA_ACT', [
  [1, 'TCA_ACT_KIND', 'string'],
  [2, 'TCA_ACT_OPTIONS', select((ctx) => ACTION_OPTIONS[String(ctx.siblings.TCA_ACT_KIND)])],
  [3, 'TCA_ACT_INDEX', 'u32'],
  [4, 'TCA_ACT_STATS', TCA_STATS],
  [5, 'TCA_ACT_PAD', 'binary'],
  [6, 'TCA_ACT_COOKIE', 'binary'],
  [7, 'TCA_ACT_FLAGS', 'bitfield32'], // TCA_ACT_FLAGS_*
  [8, 'TCA_ACT_HW_STATS', 'bitfield32'], // TCA_ACT_HW_STATS_*
  [9, 'TCA_ACT_USED_HW_STATS', 'bitfield32'],
  [10, 'TCA_ACT_IN_HW_COUNT', 'u32'],
]);

