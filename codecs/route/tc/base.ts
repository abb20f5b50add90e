// Traffic control pieces shared by qdiscs, classifiers and actions (linux/pkt_sched.h,
// linux/pkt_cls.h, linux/if_ether.h): handles, verdicts, rate tables, timestamps.
import { enumOf, flagsOf, struct, type StructDecl } from '../../../src/codec/schema.js';

/** Special handles of tcm_parent (TC_H_CLSACT is TC_H_INGRESS). */
export const TC_H = enumOf('TC_H', {
  TC_H_UNSPEC: 0,
  TC_H_ROOT: 0xffffffff,
  TC_H_INGRESS: 0xfffffff1,
});

/** Verdicts (TC_ACT_*); JUMP / GOTO_CHAIN carry a value in the low 28 bits. */
export const TC_ACT = enumOf('TC_ACT', {
  TC_ACT_UNSPEC: -1,
  TC_ACT_OK: 0,
  TC_ACT_RECLASSIFY: 1,
  TC_ACT_SHOT: 2,
  TC_ACT_PIPE: 3,
  TC_ACT_STOLEN: 4,
  TC_ACT_QUEUED: 5,
  TC_ACT_REPEAT: 6,
  TC_ACT_REDIRECT: 7,
  TC_ACT_TRAP: 8,
  TC_ACT_JUMP: 0x10000000,
  TC_ACT_GOTO_CHAIN: 0x20000000,
});

/** TCA_CLS_FLAGS_* of TCA_U32_FLAGS, TCA_FLOWER_FLAGS, TCA_MATCHALL_FLAGS, TCA_BPF_FLAGS_GEN. */
export const TCA_CLS_FLAGS = flagsOf('TCA_CLS_FLAGS', {
  TCA_CLS_FLAGS_SKIP_HW: 1 << 0,
  TCA_CLS_FLAGS_SKIP_SW: 1 << 1,
  TCA_CLS_FLAGS_IN_HW: 1 << 2,
  TCA_CLS_FLAGS_NOT_IN_HW: 1 << 3,
  TCA_CLS_FLAGS_VERBOSE: 1 << 4,
});

/** Ethernet protocol ids (linux/if_ether.h). */
export const ETH_P = enumOf('ETH_P', {
  ETH_P_LOOP: 0x0060, ETH_P_PUP: 0x0200, ETH_P_PUPAT: 0x0201, ETH_P_TSN: 0x22f0, ETH_P_ERSPAN2: 0x22eb,
  ETH_P_IP: 0x0800, ETH_P_X25: 0x0805, ETH_P_ARP: 0x0806, ETH_P_IEEEPUP: 0x0a00, ETH_P_IEEEPUPAT: 0x0a01,
  ETH_P_BATMAN: 0x4305, ETH_P_DEC: 0x6000, ETH_P_DNA_DL: 0x6001, ETH_P_DNA_RC: 0x6002, ETH_P_DNA_RT: 0x6003,
  ETH_P_LAT: 0x6004, ETH_P_DIAG: 0x6005, ETH_P_CUST: 0x6006, ETH_P_SCA: 0x6007, ETH_P_TEB: 0x6558,
  ETH_P_RARP: 0x8035, ETH_P_ATALK: 0x809b, ETH_P_AARP: 0x80f3, ETH_P_8021Q: 0x8100, ETH_P_ERSPAN: 0x88be,
  ETH_P_IPX: 0x8137, ETH_P_IPV6: 0x86dd, ETH_P_PAUSE: 0x8808, ETH_P_SLOW: 0x8809, ETH_P_WCCP: 0x883e,
  ETH_P_MPLS_UC: 0x8847, ETH_P_MPLS_MC: 0x8848, ETH_P_ATMMPOA: 0x884c, ETH_P_PPP_DISC: 0x8863,
  ETH_P_PPP_SES: 0x8864, ETH_P_LINK_CTL: 0x886c, ETH_P_ATMFATE: 0x8884, ETH_P_PAE: 0x888e,
  ETH_P_PROFINET: 0x8892, ETH_P_REALTEK: 0x8899, ETH_P_AOE: 0x88a2, ETH_P_ETHERCAT: 0x88a4,
  ETH_P_8021AD: 0x88a8, ETH_P_802_EX1: 0x88b5, ETH_P_PREAUTH: 0x88c7, ETH_P_TIPC: 0x88ca, ETH_P_LLDP: 0x88cc,
  ETH_P_MRP: 0x88e3, ETH_P_MACSEC: 0x88e5, ETH_P_8021AH: 0x88e7, ETH_P_MVRP: 0x88f5, ETH_P_1588: 0x88f7,
  ETH_P_NCSI: 0x88f8, ETH_P_PRP: 0x88fb, ETH_P_CFM: 0x8902, ETH_P_FCOE: 0x8906, ETH_P_IBOE: 0x8915,
  ETH_P_TDLS: 0x890d, ETH_P_FIP: 0x8914, ETH_P_80221: 0x8917, ETH_P_HSR: 0x892f, ETH_P_NSH: 0x894f,
  ETH_P_LOOPBACK: 0x9000, ETH_P_QINQ1: 0x9100, ETH_P_QINQ2: 0x9200, ETH_P_QINQ3: 0x9300, ETH_P_EDSA: 0xdada,
  ETH_P_DSA_8021Q: 0xdadb, ETH_P_DSA_A5PSW: 0xe001, ETH_P_IFE: 0xed3e, ETH_P_AF_IUCV: 0xfbfb,
  ETH_P_802_3_MIN: 0x0600, ETH_P_802_3: 0x0001, ETH_P_AX25: 0x0002, ETH_P_ALL: 0x0003, ETH_P_802_2: 0x0004,
  ETH_P_SNAP: 0x0005, ETH_P_DDCMP: 0x0006, ETH_P_WAN_PPP: 0x0007, ETH_P_PPP_MP: 0x0008,
  ETH_P_LOCALTALK: 0x0009, ETH_P_CAN: 0x000c, ETH_P_CANFD: 0x000d, ETH_P_CANXL: 0x000e,
  ETH_P_PPPTALK: 0x0010, ETH_P_TR_802_2: 0x0011, ETH_P_MOBITEX: 0x0015, ETH_P_CONTROL: 0x0016,
  ETH_P_IRDA: 0x0017, ETH_P_ECONET: 0x0018, ETH_P_HDLC: 0x0019, ETH_P_ARCNET: 0x001a, ETH_P_DSA: 0x001b,
  ETH_P_TRAILER: 0x001c, ETH_P_PHONET: 0x00f5, ETH_P_IEEE802154: 0x00f6, ETH_P_CAIF: 0x00f7,
  ETH_P_XDSA: 0x00f8, ETH_P_MAP: 0x00f9, ETH_P_MCTP: 0x00fa,
});

/** enum tc_link_layer (low 4 bits of tc_ratespec.linklayer). */
export const TC_LINKLAYER = enumOf('TC_LINKLAYER', {
  TC_LINKLAYER_UNAWARE: 0,
  TC_LINKLAYER_ETHERNET: 1,
  TC_LINKLAYER_ATM: 2,
});

export const tc_ratespec: StructDecl = struct('tc_ratespec', [
  ['cell_log', 'u8'],
  ['linklayer', 'u8', TC_LINKLAYER],
  ['overhead', 'u16'],
  ['cell_align', 's16'],
  ['mpu', 'u16'],
  ['rate', 'u32'],
], { header: 'linux/pkt_sched.h' });

export const tc_sizespec: StructDecl = struct('tc_sizespec', [
  ['cell_log', 'u8'],
  ['size_log', 'u8'],
  ['cell_align', 's16'],
  ['overhead', 's32'],
  ['linklayer', 'u32', TC_LINKLAYER],
  ['mpu', 'u32'],
  ['mtu', 'u32'],
  ['tsize', 'u32'],
], { header: 'linux/pkt_sched.h' });

/** Install / last use / expiry / first use times of an action, in jiffies. */
export const tcf_t: StructDecl = struct('tcf_t', [
  ['install', 'u64'],
  ['lastuse', 'u64'],
  ['expires', 'u64'],
  ['firstuse', 'u64'],
], { header: 'linux/pkt_cls.h' });

export const tc_cnt: StructDecl = struct('tc_cnt', [
  ['refcnt', 's32'],
  ['bindcnt', 's32'],
], { header: 'linux/pkt_cls.h' });

export const tc_estimator: StructDecl = struct('tc_estimator', [
  ['interval', 's8'],
  ['ewma_log', 'u8'],
], { header: 'linux/pkt_sched.h' });
