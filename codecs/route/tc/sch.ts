// Queueing disciplines (linux/pkt_sched.h): TCA_OPTIONS of each qdisc / class kind and
// their TCA_XSTATS (TCA_STATS_APP) structs.
import { array, attrs, prefixed, enumOf, enumSeq, flagsOf, struct, structs, type AttrSet, type AttrValue, type StructDecl } from '../../../src/codec/schema.js';
import { tc_ratespec } from './base.js';

// ---------------------------------------------------------------- fifo, prio, multiq, plug

export const tc_fifo_qopt: StructDecl = struct('tc_fifo_qopt', [
  ['limit', 'u32'],
], { header: 'linux/pkt_sched.h' });

export const tc_skbprio_qopt: StructDecl = struct('tc_skbprio_qopt', [
  ['limit', 'u32'],
], { header: 'linux/pkt_sched.h' });

/** TCA_OPTIONS of prio and pfifo_fast (the struct itself, not a nest). */
export const tc_prio_qopt: StructDecl = struct('tc_prio_qopt', [
  ['bands', 's32'],
  ['priomap', 'u8', { count: 16 }], // TC_PRIO_MAX + 1
], { header: 'linux/pkt_sched.h' });

export const tc_multiq_qopt: StructDecl = struct('tc_multiq_qopt', [
  ['bands', 'u16'],
  ['max_bands', 'u16'],
], { header: 'linux/pkt_sched.h' });

export const TCQ_PLUG = enumOf('TCQ_PLUG', {
  TCQ_PLUG_BUFFER: 0,
  TCQ_PLUG_RELEASE_ONE: 1,
  TCQ_PLUG_RELEASE_INDEFINITE: 2,
  TCQ_PLUG_LIMIT: 3,
});

export const tc_plug_qopt: StructDecl = struct('tc_plug_qopt', [
  ['action', 's32', TCQ_PLUG],
  ['limit', 'u32'],
], { header: 'linux/pkt_sched.h' });

// ---------------------------------------------------------------- tbf

export const tc_tbf_qopt: StructDecl = struct('tc_tbf_qopt', [
  ['rate', tc_ratespec],
  ['peakrate', tc_ratespec],
  ['limit', 'u32'],
  ['buffer', 'u32'],
  ['mtu', 'u32'],
], { header: 'linux/pkt_sched.h' });

export const TCA_TBF = attrs('TCA_TBF', [
  [1, 'TCA_TBF_PARMS', tc_tbf_qopt],
  [2, 'TCA_TBF_RTAB', 'binary'], // u32[256] rate table
  [3, 'TCA_TBF_PTAB', 'binary'],
  [4, 'TCA_TBF_RATE64', 'u64'],
  [5, 'TCA_TBF_PRATE64', 'u64'],
  [6, 'TCA_TBF_BURST', 'u32'],
  [7, 'TCA_TBF_PBURST', 'u32'],
  [8, 'TCA_TBF_PAD', 'binary'],
]);

// ---------------------------------------------------------------- sfq

export const tc_sfq_qopt: StructDecl = struct('tc_sfq_qopt', [
  ['quantum', 'u32'],
  ['perturb_period', 's32'],
  ['limit', 'u32'],
  ['divisor', 'u32'],
  ['flows', 'u32'],
], { header: 'linux/pkt_sched.h' });

export const tc_sfqred_stats: StructDecl = struct('tc_sfqred_stats', [
  ['prob_drop', 'u32'],
  ['forced_drop', 'u32'],
  ['prob_mark', 'u32'],
  ['forced_mark', 'u32'],
  ['prob_mark_head', 'u32'],
  ['forced_mark_head', 'u32'],
], { header: 'linux/pkt_sched.h' });

export const TC_RED = flagsOf('TC_RED', {
  TC_RED_ECN: 1,
  TC_RED_HARDDROP: 2,
  TC_RED_ADAPTATIVE: 4,
  TC_RED_NODROP: 8,
});

/** sfq dumps v1; a request may hold only the v0 part. */
export const tc_sfq_qopt_v1: StructDecl = struct('tc_sfq_qopt_v1', [
  ['v0', tc_sfq_qopt],
  ['depth', 'u32'],
  ['headdrop', 'u32'],
  ['limit', 'u32'],
  ['qth_min', 'u32'],
  ['qth_max', 'u32'],
  ['Wlog', 'u8'],
  ['Plog', 'u8'],
  ['Scell_log', 'u8'],
  ['flags', 'u8', TC_RED],
  ['max_P', 'u32'],
  ['stats', tc_sfqred_stats],
], { header: 'linux/pkt_sched.h' });

export const tc_sfq_xstats: StructDecl = struct('tc_sfq_xstats', [
  ['allot', 's32'],
], { header: 'linux/pkt_sched.h' });

// ---------------------------------------------------------------- red, gred, choke

export const tc_red_qopt: StructDecl = struct('tc_red_qopt', [
  ['limit', 'u32'],
  ['qth_min', 'u32'],
  ['qth_max', 'u32'],
  ['Wlog', 'u8'],
  ['Plog', 'u8'],
  ['Scell_log', 'u8'],
  ['flags', 'u8', TC_RED],
], { header: 'linux/pkt_sched.h' });

export const TCA_RED = attrs('TCA_RED', [
  [1, 'TCA_RED_PARMS', tc_red_qopt],
  [2, 'TCA_RED_STAB', 'binary'], // u8[256]
  [3, 'TCA_RED_MAX_P', 'u32'],
  [4, 'TCA_RED_FLAGS', 'bitfield32'],
  [5, 'TCA_RED_EARLY_DROP_BLOCK', 'u32'],
  [6, 'TCA_RED_MARK_BLOCK', 'u32'],
]);

export const tc_red_xstats: StructDecl = struct('tc_red_xstats', [
  ['early', 'u32'],
  ['pdrop', 'u32'],
  ['other', 'u32'],
  ['marked', 'u32'],
], { header: 'linux/pkt_sched.h' });

export const tc_gred_qopt: StructDecl = struct('tc_gred_qopt', [
  ['limit', 'u32'],
  ['qth_min', 'u32'],
  ['qth_max', 'u32'],
  ['DP', 'u32'],
  ['backlog', 'u32'],
  ['qave', 'u32'],
  ['forced', 'u32'],
  ['early', 'u32'],
  ['other', 'u32'],
  ['pdrop', 'u32'],
  ['Wlog', 'u8'],
  ['Plog', 'u8'],
  ['Scell_log', 'u8'],
  ['prio', 'u8'],
  ['packets', 'u32'],
  ['bytesin', 'u32'],
], { header: 'linux/pkt_sched.h' });

export const tc_gred_sopt: StructDecl = struct('tc_gred_sopt', [
  ['DPs', 'u32'],
  ['def_DP', 'u32'],
  ['grio', 'u8'],
  ['flags', 'u8', TC_RED],
  ['pad1', 'u16'],
], { header: 'linux/pkt_sched.h' });

export const TCA_GRED_VQ = attrs('TCA_GRED_VQ', [
  [1, 'TCA_GRED_VQ_PAD', 'binary'],
  [2, 'TCA_GRED_VQ_DP', 'u32'],
  [3, 'TCA_GRED_VQ_STAT_BYTES', 'u64'],
  [4, 'TCA_GRED_VQ_STAT_PACKETS', 'u32'],
  [5, 'TCA_GRED_VQ_STAT_BACKLOG', 'u32'],
  [6, 'TCA_GRED_VQ_STAT_PROB_DROP', 'u32'],
  [7, 'TCA_GRED_VQ_STAT_PROB_MARK', 'u32'],
  [8, 'TCA_GRED_VQ_STAT_FORCED_DROP', 'u32'],
  [9, 'TCA_GRED_VQ_STAT_FORCED_MARK', 'u32'],
  [10, 'TCA_GRED_VQ_STAT_PDROP', 'u32'],
  [11, 'TCA_GRED_VQ_STAT_OTHER', 'u32'],
  [12, 'TCA_GRED_VQ_FLAGS', 'u32', TC_RED],
]);

export const TCA_GRED_VQ_ENTRY = attrs('TCA_GRED_VQ_ENTRY', [
  [1, 'TCA_GRED_VQ_ENTRY', TCA_GRED_VQ, { multi: true }],
]);

export const TCA_GRED = attrs('TCA_GRED', [
  [1, 'TCA_GRED_PARMS', structs(tc_gred_qopt)], // one per DP (MAX_DPs in dumps)
  [2, 'TCA_GRED_STAB', 'binary'],
  [3, 'TCA_GRED_DPS', tc_gred_sopt],
  [4, 'TCA_GRED_MAX_P', 'u32list'],
  [5, 'TCA_GRED_LIMIT', 'u32'],
  [6, 'TCA_GRED_VQ_LIST', TCA_GRED_VQ_ENTRY],
]);

export const tc_choke_qopt: StructDecl = struct('tc_choke_qopt', [
  ['limit', 'u32'],
  ['qth_min', 'u32'],
  ['qth_max', 'u32'],
  ['Wlog', 'u8'],
  ['Plog', 'u8'],
  ['Scell_log', 'u8'],
  ['flags', 'u8', TC_RED],
], { header: 'linux/pkt_sched.h' });

export const TCA_CHOKE = attrs('TCA_CHOKE', [
  [1, 'TCA_CHOKE_PARMS', tc_choke_qopt],
  [2, 'TCA_CHOKE_STAB', 'binary'],
  [3, 'TCA_CHOKE_MAX_P', 'u32'],
]);

export const tc_choke_xstats: StructDecl = struct('tc_choke_xstats', [
  ['early', 'u32'],
  ['pdrop', 'u32'],
  ['other', 'u32'],
  ['marked', 'u32'],
  ['matched', 'u32'],
], { header: 'linux/pkt_sched.h' });

// ---------------------------------------------------------------- htb

export const tc_htb_opt: StructDecl = struct('tc_htb_opt', [
  ['rate', tc_ratespec],
  ['ceil', tc_ratespec],
  ['buffer', 'u32'],
  ['cbuffer', 'u32'],
  ['quantum', 'u32'],
  ['level', 'u32'],
  ['prio', 'u32'],
], { header: 'linux/pkt_sched.h' });

export const tc_htb_glob: StructDecl = struct('tc_htb_glob', [
  ['version', 'u32'],
  ['rate2quantum', 'u32'],
  ['defcls', 'u32'],
  ['debug', 'u32'],
  ['direct_pkts', 'u32'],
], { header: 'linux/pkt_sched.h' });

/** Options of the htb qdisc (INIT, DIRECT_QLEN, OFFLOAD) and of its classes (the rest). */
export const TCA_HTB = attrs('TCA_HTB', [
  [1, 'TCA_HTB_PARMS', tc_htb_opt],
  [2, 'TCA_HTB_INIT', tc_htb_glob],
  [3, 'TCA_HTB_CTAB', 'binary'], // u32[256] rate tables
  [4, 'TCA_HTB_RTAB', 'binary'],
  [5, 'TCA_HTB_DIRECT_QLEN', 'u32'],
  [6, 'TCA_HTB_RATE64', 'u64'],
  [7, 'TCA_HTB_CEIL64', 'u64'],
  [8, 'TCA_HTB_PAD', 'binary'],
  [9, 'TCA_HTB_OFFLOAD', 'flag'],
]);

export const tc_htb_xstats: StructDecl = struct('tc_htb_xstats', [
  ['lends', 'u32'],
  ['borrows', 'u32'],
  ['giants', 'u32'],
  ['tokens', 's32'],
  ['ctokens', 's32'],
], { header: 'linux/pkt_sched.h' });

// ---------------------------------------------------------------- hfsc

/** TCA_OPTIONS of the hfsc qdisc (the struct itself); classes use TCA_HFSC. */
export const tc_hfsc_qopt: StructDecl = struct('tc_hfsc_qopt', [
  ['defcls', 'u16'],
], { header: 'linux/pkt_sched.h' });

export const tc_service_curve: StructDecl = struct('tc_service_curve', [
  ['m1', 'u32'],
  ['d', 'u32'],
  ['m2', 'u32'],
], { header: 'linux/pkt_sched.h' });

export const tc_hfsc_stats: StructDecl = struct('tc_hfsc_stats', [
  ['work', 'u64'],
  ['rtwork', 'u64'],
  ['period', 'u32'],
  ['level', 'u32'],
], { header: 'linux/pkt_sched.h' });

export const TCA_HFSC = attrs('TCA_HFSC', [
  [1, 'TCA_HFSC_RSC', tc_service_curve],
  [2, 'TCA_HFSC_FSC', tc_service_curve],
  [3, 'TCA_HFSC_USC', tc_service_curve],
]);

// ---------------------------------------------------------------- cbq

export const TCF_CBQ_LSS = flagsOf('TCF_CBQ_LSS', {
  TCF_CBQ_LSS_BOUNDED: 1,
  TCF_CBQ_LSS_ISOLATED: 2,
});

/** tc_cbq_lssopt.change: which members are set. */
export const TCF_CBQ_LSS_CHANGE = flagsOf('TCF_CBQ_LSS', {
  TCF_CBQ_LSS_FLAGS: 1,
  TCF_CBQ_LSS_EWMA: 2,
  TCF_CBQ_LSS_MAXIDLE: 4,
  TCF_CBQ_LSS_MINIDLE: 8,
  TCF_CBQ_LSS_OFFTIME: 0x10,
  TCF_CBQ_LSS_AVPKT: 0x20,
});

export const tc_cbq_lssopt: StructDecl = struct('tc_cbq_lssopt', [
  ['change', 'u8', TCF_CBQ_LSS_CHANGE],
  ['flags', 'u8', TCF_CBQ_LSS],
  ['ewma_log', 'u8'],
  ['level', 'u8'],
  ['maxidle', 'u32'],
  ['minidle', 'u32'],
  ['offtime', 'u32'],
  ['avpkt', 'u32'],
], { header: 'linux/pkt_sched.h' });

export const tc_cbq_wrropt: StructDecl = struct('tc_cbq_wrropt', [
  ['flags', 'u8'],
  ['priority', 'u8'],
  ['cpriority', 'u8'],
  ['__reserved', 'u8'],
  ['allot', 'u32'],
  ['weight', 'u32'],
], { header: 'linux/pkt_sched.h' });

export const TC_CBQ_OVL = enumOf('TC_CBQ_OVL', {
  TC_CBQ_OVL_CLASSIC: 0,
  TC_CBQ_OVL_DELAY: 1,
  TC_CBQ_OVL_LOWPRIO: 2,
  TC_CBQ_OVL_DROP: 3,
  TC_CBQ_OVL_RCLASSIC: 4,
});

export const tc_cbq_ovl: StructDecl = struct('tc_cbq_ovl', [
  ['strategy', 'u8', TC_CBQ_OVL],
  ['priority2', 'u8'],
  ['pad', 'u16'],
  ['penalty', 'u32'],
], { header: 'linux/pkt_sched.h' });

export const tc_cbq_police: StructDecl = struct('tc_cbq_police', [
  ['police', 'u8'],
  ['__res1', 'u8'],
  ['__res2', 'u16'],
], { header: 'linux/pkt_sched.h' });

export const tc_cbq_fopt: StructDecl = struct('tc_cbq_fopt', [
  ['split', 'u32'],
  ['defmap', 'u32'],
  ['defchange', 'u32'],
], { header: 'linux/pkt_sched.h' });

export const tc_cbq_xstats: StructDecl = struct('tc_cbq_xstats', [
  ['borrows', 'u32'],
  ['overactions', 'u32'],
  ['avgidle', 's32'],
  ['undertime', 's32'],
], { header: 'linux/pkt_sched.h' });

export const TCA_CBQ = attrs('TCA_CBQ', [
  [1, 'TCA_CBQ_LSSOPT', tc_cbq_lssopt],
  [2, 'TCA_CBQ_WRROPT', tc_cbq_wrropt],
  [3, 'TCA_CBQ_FOPT', tc_cbq_fopt],
  [4, 'TCA_CBQ_OVL_STRATEGY', tc_cbq_ovl],
  [5, 'TCA_CBQ_RATE', tc_ratespec],
  [6, 'TCA_CBQ_RTAB', 'binary'],
  [7, 'TCA_CBQ_POLICE', tc_cbq_police],
]);

// ---------------------------------------------------------------- dsmark, atm

export const TCA_DSMARK = attrs('TCA_DSMARK', [
  [1, 'TCA_DSMARK_INDICES', 'u16'],
  [2, 'TCA_DSMARK_DEFAULT_INDEX', 'u16'],
  [3, 'TCA_DSMARK_SET_TC_INDEX', 'flag'],
  [4, 'TCA_DSMARK_MASK', 'u8'],
  [5, 'TCA_DSMARK_VALUE', 'u8'],
]);

export const TCA_ATM = attrs('TCA_ATM', [
  [1, 'TCA_ATM_FD', 'u32'],
  [2, 'TCA_ATM_PTR', 'binary'],
  [3, 'TCA_ATM_HDR', 'binary'],
  [4, 'TCA_ATM_EXCESS', 'u32'],
  [5, 'TCA_ATM_ADDR', 'binary'], // struct sockaddr_atmpvc (linux/atm.h)
  [6, 'TCA_ATM_STATE', 'u32'],
]);

// ---------------------------------------------------------------- netem

/** TCA_OPTIONS of netem: this struct, then (in the same attribute) the TCA_NETEM attributes. */
export const tc_netem_qopt: StructDecl = struct('tc_netem_qopt', [
  ['latency', 'u32'],
  ['limit', 'u32'],
  ['loss', 'u32'],
  ['gap', 'u32'],
  ['duplicate', 'u32'],
  ['jitter', 'u32'],
], { header: 'linux/pkt_sched.h' });

export const tc_netem_corr: StructDecl = struct('tc_netem_corr', [
  ['delay_corr', 'u32'],
  ['loss_corr', 'u32'],
  ['dup_corr', 'u32'],
], { header: 'linux/pkt_sched.h' });

export const tc_netem_reorder: StructDecl = struct('tc_netem_reorder', [
  ['probability', 'u32'],
  ['correlation', 'u32'],
], { header: 'linux/pkt_sched.h' });

export const tc_netem_corrupt: StructDecl = struct('tc_netem_corrupt', [
  ['probability', 'u32'],
  ['correlation', 'u32'],
], { header: 'linux/pkt_sched.h' });

export const tc_netem_rate: StructDecl = struct('tc_netem_rate', [
  ['rate', 'u32'],
  ['packet_overhead', 's32'],
  ['cell_size', 'u32'],
  ['cell_overhead', 's32'],
], { header: 'linux/pkt_sched.h' });

export const tc_netem_slot: StructDecl = struct('tc_netem_slot', [
  ['min_delay', 's64'],
  ['max_delay', 's64'],
  ['max_packets', 's32'],
  ['max_bytes', 's32'],
  ['dist_delay', 's64'],
  ['dist_jitter', 's64'],
], { header: 'linux/pkt_sched.h' });

export const tc_netem_gimodel: StructDecl = struct('tc_netem_gimodel', [
  ['p13', 'u32'],
  ['p31', 'u32'],
  ['p32', 'u32'],
  ['p14', 'u32'],
  ['p23', 'u32'],
], { header: 'linux/pkt_sched.h' });

export const tc_netem_gemodel: StructDecl = struct('tc_netem_gemodel', [
  ['p', 'u32'],
  ['r', 'u32'],
  ['h', 'u32'],
  ['k1', 'u32'],
], { header: 'linux/pkt_sched.h' });

export const NETEM_LOSS = attrs('NETEM_LOSS', [
  [1, 'NETEM_LOSS_GI', tc_netem_gimodel],
  [2, 'NETEM_LOSS_GE', tc_netem_gemodel],
]);

export const TCA_NETEM = attrs('TCA_NETEM', [
  [1, 'TCA_NETEM_CORR', tc_netem_corr],
  [2, 'TCA_NETEM_DELAY_DIST', 'binary'], // s16 table
  [3, 'TCA_NETEM_REORDER', tc_netem_reorder],
  [4, 'TCA_NETEM_CORRUPT', tc_netem_corrupt],
  [5, 'TCA_NETEM_LOSS', NETEM_LOSS],
  [6, 'TCA_NETEM_RATE', tc_netem_rate],
  [7, 'TCA_NETEM_ECN', 'u32'],
  [8, 'TCA_NETEM_RATE64', 'u64'],
  [9, 'TCA_NETEM_PAD', 'binary'],
  [10, 'TCA_NETEM_LATENCY64', 's64'],
  [11, 'TCA_NETEM_JITTER64', 's64'],
  [12, 'TCA_NETEM_SLOT', tc_netem_slot],
  [13, 'TCA_NETEM_SLOT_DIST', 'binary'],
]);

// ---------------------------------------------------------------- drr, qfq

export const TCA_DRR = attrs('TCA_DRR', [
  [1, 'TCA_DRR_QUANTUM', 'u32'],
]);

export const tc_drr_stats: StructDecl = struct('tc_drr_stats', [
  ['deficit', 'u32'],
], { header: 'linux/pkt_sched.h' });

export const TCA_QFQ = attrs('TCA_QFQ', [
  [1, 'TCA_QFQ_WEIGHT', 'u32'],
  [2, 'TCA_QFQ_LMAX', 'u32'],
]);

export const tc_qfq_stats: StructDecl = struct('tc_qfq_stats', [
  ['weight', 'u32'],
  ['lmax', 'u32'],
], { header: 'linux/pkt_sched.h' });

// ---------------------------------------------------------------- mqprio

export const TC_MQPRIO_HW_OFFLOAD = enumSeq('TC_MQPRIO_HW_OFFLOAD', ['TC_MQPRIO_HW_OFFLOAD_NONE', 'TC_MQPRIO_HW_OFFLOAD_TCS']);
export const TC_MQPRIO_MODE = enumSeq('TC_MQPRIO_MODE', ['TC_MQPRIO_MODE_DCB', 'TC_MQPRIO_MODE_CHANNEL']);
export const TC_MQPRIO_SHAPER = enumSeq('TC_MQPRIO_SHAPER', ['TC_MQPRIO_SHAPER_DCB', 'TC_MQPRIO_SHAPER_BW_RATE']);

/** TCA_OPTIONS of mqprio: this struct (NLA_ALIGNed), then the TCA_MQPRIO attributes; also TCA_TAPRIO_ATTR_PRIOMAP. */
export const tc_mqprio_qopt: StructDecl = struct('tc_mqprio_qopt', [
  ['num_tc', 'u8'],
  ['prio_tc_map', 'u8', { count: 16 }], // TC_QOPT_BITMASK + 1
  ['hw', 'u8', TC_MQPRIO_HW_OFFLOAD],
  ['count', 'u16', { count: 16 }], // TC_QOPT_MAX_QUEUE
  ['offset', 'u16', { count: 16 }],
], { header: 'linux/pkt_sched.h' });

/** The rate nests hold one u64 per traffic class, typed like the nest itself. */
export const TCA_MQPRIO_MIN_RATE64_LIST = attrs('TCA_MQPRIO', [
  [3, 'TCA_MQPRIO_MIN_RATE64', 'u64', { multi: true }],
]);
export const TCA_MQPRIO_MAX_RATE64_LIST = attrs('TCA_MQPRIO', [
  [4, 'TCA_MQPRIO_MAX_RATE64', 'u64', { multi: true }],
]);

export const TCA_MQPRIO = attrs('TCA_MQPRIO', [
  [1, 'TCA_MQPRIO_MODE', 'u16', TC_MQPRIO_MODE],
  [2, 'TCA_MQPRIO_SHAPER', 'u16', TC_MQPRIO_SHAPER],
  [3, 'TCA_MQPRIO_MIN_RATE64', TCA_MQPRIO_MIN_RATE64_LIST],
  [4, 'TCA_MQPRIO_MAX_RATE64', TCA_MQPRIO_MAX_RATE64_LIST],
]);

// ---------------------------------------------------------------- sfb

export const tc_sfb_qopt: StructDecl = struct('tc_sfb_qopt', [
  ['rehash_interval', 'u32'],
  ['warmup_time', 'u32'],
  ['max', 'u32'],
  ['bin_size', 'u32'],
  ['increment', 'u32'],
  ['decrement', 'u32'],
  ['limit', 'u32'],
  ['penalty_rate', 'u32'],
  ['penalty_burst', 'u32'],
], { header: 'linux/pkt_sched.h' });

export const TCA_SFB = attrs('TCA_SFB', [
  [1, 'TCA_SFB_PARMS', tc_sfb_qopt],
]);

export const tc_sfb_xstats: StructDecl = struct('tc_sfb_xstats', [
  ['earlydrop', 'u32'],
  ['penaltydrop', 'u32'],
  ['bucketdrop', 'u32'],
  ['queuedrop', 'u32'],
  ['childdrop', 'u32'],
  ['marked', 'u32'],
  ['maxqlen', 'u32'],
  ['maxprob', 'u32'],
  ['avgprob', 'u32'],
], { header: 'linux/pkt_sched.h' });

// ---------------------------------------------------------------- codel, fq_codel, fq

export const TCA_CODEL = attrs('TCA_CODEL', [
  [1, 'TCA_CODEL_TARGET', 'u32'],
  [2, 'TCA_CODEL_LIMIT', 'u32'],
  [3, 'TCA_CODEL_INTERVAL', 'u32'],
  [4, 'TCA_CODEL_ECN', 'u32'],
  [5, 'TCA_CODEL_CE_THRESHOLD', 'u32'],
]);

export const tc_codel_xstats: StructDecl = struct('tc_codel_xstats', [
  ['maxpacket', 'u32'],
  ['count', 'u32'],
  ['lastcount', 'u32'],
  ['ldelay', 'u32'],
  ['drop_next', 's32'],
  ['drop_overlimit', 'u32'],
  ['ecn_mark', 'u32'],
  ['dropping', 'u32'],
  ['ce_mark', 'u32'],
], { header: 'linux/pkt_sched.h' });

export const TCA_FQ_CODEL = attrs('TCA_FQ_CODEL', [
  [1, 'TCA_FQ_CODEL_TARGET', 'u32'],
  [2, 'TCA_FQ_CODEL_LIMIT', 'u32'],
  [3, 'TCA_FQ_CODEL_INTERVAL', 'u32'],
  [4, 'TCA_FQ_CODEL_ECN', 'u32'],
  [5, 'TCA_FQ_CODEL_FLOWS', 'u32'],
  [6, 'TCA_FQ_CODEL_QUANTUM', 'u32'],
  [7, 'TCA_FQ_CODEL_CE_THRESHOLD', 'u32'],
  [8, 'TCA_FQ_CODEL_DROP_BATCH_SIZE', 'u32'],
  [9, 'TCA_FQ_CODEL_MEMORY_LIMIT', 'u32'],
  [10, 'TCA_FQ_CODEL_CE_THRESHOLD_SELECTOR', 'u8'],
  [11, 'TCA_FQ_CODEL_CE_THRESHOLD_MASK', 'u8'],
]);

export const TCA_FQ_CODEL_XSTATS = enumSeq('TCA_FQ_CODEL_XSTATS', ['TCA_FQ_CODEL_XSTATS_QDISC', 'TCA_FQ_CODEL_XSTATS_CLASS']);

export const tc_fq_codel_qd_stats: StructDecl = struct('tc_fq_codel_qd_stats', [
  ['maxpacket', 'u32'],
  ['drop_overlimit', 'u32'],
  ['ecn_mark', 'u32'],
  ['new_flow_count', 'u32'],
  ['new_flows_len', 'u32'],
  ['old_flows_len', 'u32'],
  ['ce_mark', 'u32'],
  ['memory_usage', 'u32'],
  ['drop_overmemory', 'u32'],
], { header: 'linux/pkt_sched.h' });

export const tc_fq_codel_cl_stats: StructDecl = struct('tc_fq_codel_cl_stats', [
  ['deficit', 's32'],
  ['ldelay', 'u32'],
  ['count', 'u32'],
  ['lastcount', 'u32'],
  ['dropping', 'u32'],
  ['drop_next', 's32'],
], { header: 'linux/pkt_sched.h' });

// struct tc_fq_codel_xstats is `type` + a union: one declaration per union member.
// The class variant ends 12 bytes before sizeof (the union's qdisc member is longer).
export const tc_fq_codel_xstats_qdisc: StructDecl = struct('tc_fq_codel_xstats', [
  ['type', 'u32', TCA_FQ_CODEL_XSTATS],
  ['qdisc_stats', tc_fq_codel_qd_stats],
], { header: 'linux/pkt_sched.h' });
export const tc_fq_codel_xstats_class: StructDecl = struct('tc_fq_codel_xstats', [
  ['type', 'u32', TCA_FQ_CODEL_XSTATS],
  ['class_stats', tc_fq_codel_cl_stats],
], { header: 'linux/pkt_sched.h', size: 40 });

export const TCA_FQ = attrs('TCA_FQ', [
  [1, 'TCA_FQ_PLIMIT', 'u32'],
  [2, 'TCA_FQ_FLOW_PLIMIT', 'u32'],
  [3, 'TCA_FQ_QUANTUM', 'u32'],
  [4, 'TCA_FQ_INITIAL_QUANTUM', 'u32'],
  [5, 'TCA_FQ_RATE_ENABLE', 'u32'],
  [6, 'TCA_FQ_FLOW_DEFAULT_RATE', 'u32'],
  [7, 'TCA_FQ_FLOW_MAX_RATE', 'u32'],
  [8, 'TCA_FQ_BUCKETS_LOG', 'u32'],
  [9, 'TCA_FQ_FLOW_REFILL_DELAY', 'u32'],
  [10, 'TCA_FQ_ORPHAN_MASK', 'u32'],
  [11, 'TCA_FQ_LOW_RATE_THRESHOLD', 'u32'],
  [12, 'TCA_FQ_CE_THRESHOLD', 'u32'],
  [13, 'TCA_FQ_TIMER_SLACK', 'u32'],
  [14, 'TCA_FQ_HORIZON', 'u32'],
  [15, 'TCA_FQ_HORIZON_DROP', 'u8'],
  // newer than the installed header: every fq dump since 6.7 has the bands' priomap and weights
  [16, 'TCA_FQ_PRIOMAP', tc_prio_qopt], // 6.7
  [17, 'TCA_FQ_WEIGHTS', 'u32list'], // 6.7: s32 weights[FQ_BANDS]
  [18, 'TCA_FQ_OFFLOAD_HORIZON', 'u32'], // 6.13
]);

export const tc_fq_qd_stats: StructDecl = struct('tc_fq_qd_stats', [
  ['gc_flows', 'u64'],
  ['highprio_packets', 'u64'],
  ['tcp_retrans', 'u64'],
  ['throttled', 'u64'],
  ['flows_plimit', 'u64'],
  ['pkts_too_long', 'u64'],
  ['allocation_errors', 'u64'],
  ['time_next_delayed_flow', 's64'],
  ['flows', 'u32'],
  ['inactive_flows', 'u32'],
  ['throttled_flows', 'u32'],
  ['unthrottle_latency_ns', 'u32'],
  ['ce_mark', 'u64'],
  ['horizon_drops', 'u64'],
  ['horizon_caps', 'u64'],
  ['fastpath_packets', 'u64', { since: '6.7' }],
  ['band_drops', 'u64', { count: 3, since: '6.7' }], // FQ_BANDS
  ['band_pkt_count', 'u32', { count: 3, since: '6.7' }],
  ['pad', 'u32', { since: '6.7' }],
], { header: 'linux/pkt_sched.h' });

// ---------------------------------------------------------------- hhf, pie, fq_pie

export const TCA_HHF = attrs('TCA_HHF', [
  [1, 'TCA_HHF_BACKLOG_LIMIT', 'u32'],
  [2, 'TCA_HHF_QUANTUM', 'u32'],
  [3, 'TCA_HHF_HH_FLOWS_LIMIT', 'u32'],
  [4, 'TCA_HHF_RESET_TIMEOUT', 'u32'],
  [5, 'TCA_HHF_ADMIT_BYTES', 'u32'],
  [6, 'TCA_HHF_EVICT_TIMEOUT', 'u32'],
  [7, 'TCA_HHF_NON_HH_WEIGHT', 'u32'],
]);

export const tc_hhf_xstats: StructDecl = struct('tc_hhf_xstats', [
  ['drop_overlimit', 'u32'],
  ['hh_overlimit', 'u32'],
  ['hh_tot_count', 'u32'],
  ['hh_cur_count', 'u32'],
], { header: 'linux/pkt_sched.h' });

export const TCA_PIE = attrs('TCA_PIE', [
  [1, 'TCA_PIE_TARGET', 'u32'],
  [2, 'TCA_PIE_LIMIT', 'u32'],
  [3, 'TCA_PIE_TUPDATE', 'u32'],
  [4, 'TCA_PIE_ALPHA', 'u32'],
  [5, 'TCA_PIE_BETA', 'u32'],
  [6, 'TCA_PIE_ECN', 'u32'],
  [7, 'TCA_PIE_BYTEMODE', 'u32'],
  [8, 'TCA_PIE_DQ_RATE_ESTIMATOR', 'u32'],
]);

export const tc_pie_xstats: StructDecl = struct('tc_pie_xstats', [
  ['prob', 'u64'],
  ['delay', 'u32'],
  ['avg_dq_rate', 'u32'],
  ['dq_rate_estimating', 'u32'],
  ['packets_in', 'u32'],
  ['dropped', 'u32'],
  ['overlimit', 'u32'],
  ['maxq', 'u32'],
  ['ecn_mark', 'u32'],
], { header: 'linux/pkt_sched.h' });

export const TCA_FQ_PIE = attrs('TCA_FQ_PIE', [
  [1, 'TCA_FQ_PIE_LIMIT', 'u32'],
  [2, 'TCA_FQ_PIE_FLOWS', 'u32'],
  [3, 'TCA_FQ_PIE_TARGET', 'u32'],
  [4, 'TCA_FQ_PIE_TUPDATE', 'u32'],
  [5, 'TCA_FQ_PIE_ALPHA', 'u32'],
  [6, 'TCA_FQ_PIE_BETA', 'u32'],
  [7, 'TCA_FQ_PIE_QUANTUM', 'u32'],
  [8, 'TCA_FQ_PIE_MEMORY_LIMIT', 'u32'],
  [9, 'TCA_FQ_PIE_ECN_PROB', 'u32'],
  [10, 'TCA_FQ_PIE_ECN', 'u32'],
  [11, 'TCA_FQ_PIE_BYTEMODE', 'u32'],
  [12, 'TCA_FQ_PIE_DQ_RATE_ESTIMATOR', 'u32'],
]);

export const tc_fq_pie_xstats: StructDecl = struct('tc_fq_pie_xstats', [
  ['packets_in', 'u32'],
  ['dropped', 'u32'],
  ['overlimit', 'u32'],
  ['overmemory', 'u32'],
  ['ecn_mark', 'u32'],
  ['new_flow_count', 'u32'],
  ['new_flows_len', 'u32'],
  ['old_flows_len', 'u32'],
  ['memory_usage', 'u32'],
], { header: 'linux/pkt_sched.h' });

// ---------------------------------------------------------------- cbs, etf

export const tc_cbs_qopt: StructDecl = struct('tc_cbs_qopt', [
  ['offload', 'u8'],
  ['_pad', 'u8', { count: 3 }],
  ['hicredit', 's32'],
  ['locredit', 's32'],
  ['idleslope', 's32'],
  ['sendslope', 's32'],
], { header: 'linux/pkt_sched.h' });

export const TCA_CBS = attrs('TCA_CBS', [
  [1, 'TCA_CBS_PARMS', tc_cbs_qopt],
]);

export const TC_ETF = flagsOf('TC_ETF', {
  TC_ETF_DEADLINE_MODE_ON: 1 << 0,
  TC_ETF_OFFLOAD_ON: 1 << 1,
  TC_ETF_SKIP_SOCK_CHECK: 1 << 2,
});

export const tc_etf_qopt: StructDecl = struct('tc_etf_qopt', [
  ['delta', 's32'],
  ['clockid', 's32'],
  ['flags', 'u32', TC_ETF],
], { header: 'linux/pkt_sched.h' });

export const TCA_ETF = attrs('TCA_ETF', [
  [1, 'TCA_ETF_PARMS', tc_etf_qopt],
]);

// ---------------------------------------------------------------- cake

export const CAKE_FLOW = enumSeq('CAKE_FLOW', [
  'CAKE_FLOW_NONE', 'CAKE_FLOW_SRC_IP', 'CAKE_FLOW_DST_IP', 'CAKE_FLOW_HOSTS',
  'CAKE_FLOW_FLOWS', 'CAKE_FLOW_DUAL_SRC', 'CAKE_FLOW_DUAL_DST', 'CAKE_FLOW_TRIPLE',
]);
export const CAKE_DIFFSERV = enumSeq('CAKE_DIFFSERV', [
  'CAKE_DIFFSERV_DIFFSERV3', 'CAKE_DIFFSERV_DIFFSERV4', 'CAKE_DIFFSERV_DIFFSERV8',
  'CAKE_DIFFSERV_BESTEFFORT', 'CAKE_DIFFSERV_PRECEDENCE',
]);
export const CAKE_ACK = enumSeq('CAKE_ACK', ['CAKE_ACK_NONE', 'CAKE_ACK_FILTER', 'CAKE_ACK_AGGRESSIVE']);
export const CAKE_ATM = enumSeq('CAKE_ATM', ['CAKE_ATM_NONE', 'CAKE_ATM_ATM', 'CAKE_ATM_PTM']);

export const TCA_CAKE = attrs('TCA_CAKE', [
  [1, 'TCA_CAKE_PAD', 'binary'],
  [2, 'TCA_CAKE_BASE_RATE64', 'u64'],
  [3, 'TCA_CAKE_DIFFSERV_MODE', 'u32', CAKE_DIFFSERV],
  [4, 'TCA_CAKE_ATM', 'u32', CAKE_ATM],
  [5, 'TCA_CAKE_FLOW_MODE', 'u32', CAKE_FLOW],
  [6, 'TCA_CAKE_OVERHEAD', 's32'],
  [7, 'TCA_CAKE_RTT', 'u32'],
  [8, 'TCA_CAKE_TARGET', 'u32'],
  [9, 'TCA_CAKE_AUTORATE', 'u32'],
  [10, 'TCA_CAKE_MEMORY', 'u32'],
  [11, 'TCA_CAKE_NAT', 'u32'],
  [12, 'TCA_CAKE_RAW', 'u32'],
  [13, 'TCA_CAKE_WASH', 'u32'],
  [14, 'TCA_CAKE_MPU', 'u32'],
  [15, 'TCA_CAKE_INGRESS', 'u32'],
  [16, 'TCA_CAKE_ACK_FILTER', 'u32', CAKE_ACK],
  [17, 'TCA_CAKE_SPLIT_GSO', 'u32'],
  [18, 'TCA_CAKE_FWMARK', 'u32'],
]);

export const TCA_CAKE_TIN_STATS = attrs('TCA_CAKE_TIN_STATS', [
  [1, 'TCA_CAKE_TIN_STATS_PAD', 'binary'],
  [2, 'TCA_CAKE_TIN_STATS_SENT_PACKETS', 'u32'],
  [3, 'TCA_CAKE_TIN_STATS_SENT_BYTES64', 'u64'],
  [4, 'TCA_CAKE_TIN_STATS_DROPPED_PACKETS', 'u32'],
  [5, 'TCA_CAKE_TIN_STATS_DROPPED_BYTES64', 'u64'],
  [6, 'TCA_CAKE_TIN_STATS_ACKS_DROPPED_PACKETS', 'u32'],
  [7, 'TCA_CAKE_TIN_STATS_ACKS_DROPPED_BYTES64', 'u64'],
  [8, 'TCA_CAKE_TIN_STATS_ECN_MARKED_PACKETS', 'u32'],
  [9, 'TCA_CAKE_TIN_STATS_ECN_MARKED_BYTES64', 'u64'],
  [10, 'TCA_CAKE_TIN_STATS_BACKLOG_PACKETS', 'u32'],
  [11, 'TCA_CAKE_TIN_STATS_BACKLOG_BYTES', 'u32'],
  [12, 'TCA_CAKE_TIN_STATS_THRESHOLD_RATE64', 'u64'],
  [13, 'TCA_CAKE_TIN_STATS_TARGET_US', 'u32'],
  [14, 'TCA_CAKE_TIN_STATS_INTERVAL_US', 'u32'],
  [15, 'TCA_CAKE_TIN_STATS_WAY_INDIRECT_HITS', 'u32'],
  [16, 'TCA_CAKE_TIN_STATS_WAY_MISSES', 'u32'],
  [17, 'TCA_CAKE_TIN_STATS_WAY_COLLISIONS', 'u32'],
  [18, 'TCA_CAKE_TIN_STATS_PEAK_DELAY_US', 'u32'],
  [19, 'TCA_CAKE_TIN_STATS_AVG_DELAY_US', 'u32'],
  [20, 'TCA_CAKE_TIN_STATS_BASE_DELAY_US', 'u32'],
  [21, 'TCA_CAKE_TIN_STATS_SPARSE_FLOWS', 'u32'],
  [22, 'TCA_CAKE_TIN_STATS_BULK_FLOWS', 'u32'],
  [23, 'TCA_CAKE_TIN_STATS_UNRESPONSIVE_FLOWS', 'u32'],
  [24, 'TCA_CAKE_TIN_STATS_MAX_SKBLEN', 'u32'],
  [25, 'TCA_CAKE_TIN_STATS_FLOW_QUANTUM', 'u32'],
]);

/** TCA_STATS_APP of cake (qdisc and class): a nest, not a struct. */
export const TCA_CAKE_STATS = attrs('TCA_CAKE_STATS', [
  [1, 'TCA_CAKE_STATS_PAD', 'binary'],
  [2, 'TCA_CAKE_STATS_CAPACITY_ESTIMATE64', 'u64'],
  [3, 'TCA_CAKE_STATS_MEMORY_LIMIT', 'u32'],
  [4, 'TCA_CAKE_STATS_MEMORY_USED', 'u32'],
  [5, 'TCA_CAKE_STATS_AVG_NETOFF', 'u32'],
  [6, 'TCA_CAKE_STATS_MIN_NETLEN', 'u32'],
  [7, 'TCA_CAKE_STATS_MAX_NETLEN', 'u32'],
  [8, 'TCA_CAKE_STATS_MIN_ADJLEN', 'u32'],
  [9, 'TCA_CAKE_STATS_MAX_ADJLEN', 'u32'],
  [10, 'TCA_CAKE_STATS_TIN_STATS', array(TCA_CAKE_TIN_STATS)],
  [11, 'TCA_CAKE_STATS_DEFICIT', 's32'],
  [12, 'TCA_CAKE_STATS_COBALT_COUNT', 'u32'],
  [13, 'TCA_CAKE_STATS_DROPPING', 'u32'],
  [14, 'TCA_CAKE_STATS_DROP_NEXT_US', 's32'],
  [15, 'TCA_CAKE_STATS_P_DROP', 'u32'],
  [16, 'TCA_CAKE_STATS_BLUE_TIMER_US', 's32'],
]);

// ---------------------------------------------------------------- taprio

export const TC_TAPRIO_CMD = enumOf('TC_TAPRIO_CMD', {
  TC_TAPRIO_CMD_SET_GATES: 0x00,
  TC_TAPRIO_CMD_SET_AND_HOLD: 0x01,
  TC_TAPRIO_CMD_SET_AND_RELEASE: 0x02,
});

export const TCA_TAPRIO_ATTR_FLAG = flagsOf('TCA_TAPRIO_ATTR_FLAG', {
  TCA_TAPRIO_ATTR_FLAG_TXTIME_ASSIST: 1 << 0,
  TCA_TAPRIO_ATTR_FLAG_FULL_OFFLOAD: 1 << 1,
});

export const TCA_TAPRIO_SCHED_ENTRY = attrs('TCA_TAPRIO_SCHED_ENTRY', [
  [1, 'TCA_TAPRIO_SCHED_ENTRY_INDEX', 'u32'],
  [2, 'TCA_TAPRIO_SCHED_ENTRY_CMD', 'u8', TC_TAPRIO_CMD],
  [3, 'TCA_TAPRIO_SCHED_ENTRY_GATE_MASK', 'u32'],
  [4, 'TCA_TAPRIO_SCHED_ENTRY_INTERVAL', 'u32'],
]);

export const TCA_TAPRIO_SCHED = attrs('TCA_TAPRIO_SCHED', [
  [1, 'TCA_TAPRIO_SCHED_ENTRY', TCA_TAPRIO_SCHED_ENTRY, { multi: true }],
]);

export const TCA_TAPRIO_TC_ENTRY = attrs('TCA_TAPRIO_TC_ENTRY', [
  [1, 'TCA_TAPRIO_TC_ENTRY_INDEX', 'u32'],
  [2, 'TCA_TAPRIO_TC_ENTRY_MAX_SDU', 'u32'],
]);

export const TCA_TAPRIO_ATTR: AttrSet = attrs('TCA_TAPRIO_ATTR', [
  [1, 'TCA_TAPRIO_ATTR_PRIOMAP', tc_mqprio_qopt],
  [2, 'TCA_TAPRIO_ATTR_SCHED_ENTRY_LIST', TCA_TAPRIO_SCHED],
  [3, 'TCA_TAPRIO_ATTR_SCHED_BASE_TIME', 's64'],
  [4, 'TCA_TAPRIO_ATTR_SCHED_SINGLE_ENTRY', TCA_TAPRIO_SCHED_ENTRY],
  [5, 'TCA_TAPRIO_ATTR_SCHED_CLOCKID', 's32'],
  [6, 'TCA_TAPRIO_PAD', 'binary'],
  [7, 'TCA_TAPRIO_ATTR_ADMIN_SCHED', () => TCA_TAPRIO_ATTR], // base time, entry list, cycle times
  [8, 'TCA_TAPRIO_ATTR_SCHED_CYCLE_TIME', 's64'],
  [9, 'TCA_TAPRIO_ATTR_SCHED_CYCLE_TIME_EXTENSION', 's64'],
  [10, 'TCA_TAPRIO_ATTR_FLAGS', 'u32', TCA_TAPRIO_ATTR_FLAG],
  [11, 'TCA_TAPRIO_ATTR_TXTIME_DELAY', 'u32'],
  [12, 'TCA_TAPRIO_ATTR_TC_ENTRY', TCA_TAPRIO_TC_ENTRY, { multi: true }],
]);

// ---------------------------------------------------------------- ets

/** ETS nests (QUANTA, PRIOMAP) reuse the TCA_ETS numbering for their items. */
export const TCA_ETS: AttrSet = attrs('TCA_ETS', [
  [1, 'TCA_ETS_NBANDS', 'u8'],
  [2, 'TCA_ETS_NSTRICT', 'u8'],
  [3, 'TCA_ETS_QUANTA', () => TCA_ETS],
  [4, 'TCA_ETS_QUANTA_BAND', 'u32', { multi: true }],
  [5, 'TCA_ETS_PRIOMAP', () => TCA_ETS],
  [6, 'TCA_ETS_PRIOMAP_BAND', 'u8', { multi: true }],
]);

// ---------------------------------------------------------------- by kind

/** Empty TCA_OPTIONS nest (ingress, clsact). */
export const TCA_NO_OPTIONS = attrs('TCA_OPTIONS', []);

/** TCA_OPTIONS of a qdisc by TCA_KIND. */
export const QDISC_OPTIONS: Readonly<Record<string, StructDecl | AttrSet | AttrValue>> = {
  pfifo_fast: tc_prio_qopt,
  prio: tc_prio_qopt,
  pfifo: tc_fifo_qopt,
  bfifo: tc_fifo_qopt,
  pfifo_head_drop: tc_fifo_qopt,
  skbprio: tc_skbprio_qopt,
  multiq: tc_multiq_qopt,
  plug: tc_plug_qopt,
  tbf: TCA_TBF,
  sfq: tc_sfq_qopt_v1,
  red: TCA_RED,
  gred: TCA_GRED,
  choke: TCA_CHOKE,
  htb: TCA_HTB,
  hfsc: tc_hfsc_qopt,
  cbq: TCA_CBQ,
  dsmark: TCA_DSMARK,
  atm: TCA_ATM,
  netem: prefixed(tc_netem_qopt, TCA_NETEM), // the struct, then TCA_NETEM attributes
  drr: TCA_DRR,
  qfq: TCA_QFQ,
  mqprio: prefixed(tc_mqprio_qopt, TCA_MQPRIO), // the struct, then TCA_MQPRIO attributes
  sfb: TCA_SFB,
  codel: TCA_CODEL,
  fq_codel: TCA_FQ_CODEL,
  fq: TCA_FQ,
  hhf: TCA_HHF,
  pie: TCA_PIE,
  fq_pie: TCA_FQ_PIE,
  cbs: TCA_CBS,
  etf: TCA_ETF,
  cake: TCA_CAKE,
  taprio: TCA_TAPRIO_ATTR,
  ets: TCA_ETS,
  ingress: TCA_NO_OPTIONS,
  clsact: TCA_NO_OPTIONS,
};

/** Class options differ from the qdisc's only for hfsc. */
export const CLASS_OPTIONS: Readonly<Record<string, StructDecl | AttrSet>> = {
  hfsc: TCA_HFSC,
};

/** TCA_XSTATS / TCA_STATS_APP by kind (each kind fills it for its qdisc or its classes). */
export function xstatsFor(kind: unknown, isClass: boolean): StructDecl | AttrSet | undefined {
  switch (kind) {
    case 'fq_codel': return isClass ? tc_fq_codel_xstats_class : tc_fq_codel_xstats_qdisc;
    case 'codel': return tc_codel_xstats;
    case 'fq': return tc_fq_qd_stats;
    case 'htb': return tc_htb_xstats;
    case 'sfq': return tc_sfq_xstats;
    case 'red': return tc_red_xstats;
    case 'choke': return tc_choke_xstats;
    case 'hfsc': return tc_hfsc_stats;
    case 'cbq': return tc_cbq_xstats;
    case 'drr': return tc_drr_stats;
    case 'qfq': return tc_qfq_stats;
    case 'sfb': return tc_sfb_xstats;
    case 'hhf': return tc_hhf_xstats;
    case 'pie': return tc_pie_xstats;
    case 'fq_pie': return tc_fq_pie_xstats;
    case 'cake': return TCA_CAKE_STATS;
    default: return undefined;
  }
}

/** Qdisc handles are MAJ:0; a class id has a minor (tcm_handle, JSON form). */
export function isClassHandle(handle: unknown): boolean {
  return typeof handle === 'number' && (handle & 0xffff) !== 0;
}
