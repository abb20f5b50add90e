// Traffic control messages (linux/rtnetlink.h): RTM_*QDISC, RTM_*TCLASS, RTM_*TFILTER and
// RTM_*CHAIN carry struct tcmsg + TCA_*; RTM_*ACTION carry struct tcamsg + TCA_ROOT_*.
// TCA_OPTIONS depends on TCA_KIND: qdisc kinds (tc/sch.ts) and filter kinds (tc/cls.ts)
// have distinct names. Actions live in tc/act.ts, statistics in tc/stats.ts.
import { array, attrs, select, struct, type SelectCtx, type StructDecl } from '../../src/codec/schema.js';
import { AF } from '../netlink.js';
import { TC_H, tc_estimator, tc_sizespec } from './tc/base.js';
import { CLASS_OPTIONS, isClassHandle, QDISC_OPTIONS } from './tc/sch.js';
import { FILTER_OPTIONS } from './tc/cls.js';
import { TCA_ACT } from './tc/act.js';
import { appStats, TCA_STATS, tc_stats } from './tc/stats.js';

export * from './tc/base.js';
export * from './tc/sch.js';
export * from './tc/stats.js';
export * from './tc/act.js';
export * from './tc/cls.js';

export const tcmsg: StructDecl = struct('tcmsg', [
  ['tcm_family', 'u8', AF],
  ['tcm__pad1', 'u8'],
  ['tcm__pad2', 'u16'],
  ['tcm_ifindex', 's32'], // TCM_IFINDEX_MAGIC_BLOCK (-1): tcm_parent is a block index
  ['tcm_handle', 'u32'],
  ['tcm_parent', 'u32', TC_H],
  ['tcm_info', 'u32'], // filters: prio << 16 | protocol (__be16)
], { header: 'linux/rtnetlink.h' });

export const TCA_STAB = attrs('TCA_STAB', [
  [1, 'TCA_STAB_BASE', tc_sizespec],
  [2, 'TCA_STAB_DATA', 'binary'], // u16[tsize]
]);

/** TCA_OPTIONS by kind: qdisc and class kinds, filter kinds. */
export function tcOptions(ctx: SelectCtx) {
  const kind = String(ctx.siblings.TCA_KIND);
  if (isClassHandle(ctx.body.tcm_handle) && CLASS_OPTIONS[kind]) return CLASS_OPTIONS[kind];
  return QDISC_OPTIONS[kind] ?? FILTER_OPTIONS[kind];
}

export const TCA = attrs('TCA', [
  [1, 'TCA_KIND', 'string'],
  [2, 'TCA_OPTIONS', select(tcOptions)],
  [3, 'TCA_STATS', tc_stats],
  [4, 'TCA_XSTATS', select(appStats)],
  [5, 'TCA_RATE', tc_estimator],
  [6, 'TCA_FCNT', 'u32'],
  [7, 'TCA_STATS2', TCA_STATS],
  [8, 'TCA_STAB', TCA_STAB],
  [9, 'TCA_PAD', 'binary'],
  [10, 'TCA_DUMP_INVISIBLE', 'flag'],
  [11, 'TCA_CHAIN', 'u32'],
  [12, 'TCA_HW_OFFLOAD', 'u8'],
  [13, 'TCA_INGRESS_BLOCK', 'u32'],
  [14, 'TCA_EGRESS_BLOCK', 'u32'],
  [15, 'TCA_DUMP_FLAGS', 'bitfield32'], // TCA_DUMP_FLAGS_TERSE
  [16, 'TCA_EXT_WARN_MSG', 'string'],
]);

export const tcamsg: StructDecl = struct('tcamsg', [
  ['tca_family', 'u8', AF],
  ['tca__pad1', 'u8'],
  ['tca__pad2', 'u16'],
], { header: 'linux/rtnetlink.h' });

/** TCA_ROOT_TAB (TCA_ACT_TAB): the actions, typed by position (dumps count from 0). */
export const TCA_ROOT = attrs('TCA_ROOT', [
  [1, 'TCA_ROOT_TAB', array(TCA_ACT)],
  [2, 'TCA_ROOT_FLAGS', 'bitfield32'], // TCA_ACT_FLAG_LARGE_DUMP_ON, TCA_ACT_FLAG_TERSE_DUMP
  [3, 'TCA_ROOT_COUNT', 'u32'],
  [4, 'TCA_ROOT_TIME_DELTA', 'u32'], // msecs
  [5, 'TCA_ROOT_EXT_WARN_MSG', 'string'],
]);
