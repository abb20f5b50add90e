// Statistics of qdiscs, classes, filters and actions (linux/gen_stats.h, linux/pkt_sched.h).
import { attrs, select, struct, type SelectCtx, type StructDecl } from '../../../src/codec/schema.js';
import { isClassHandle, xstatsFor } from './sch.js';

/** TCA_STATS: the old fixed block (sizeof 40: trailing alignment). */
export const tc_stats: StructDecl = struct('tc_stats', [
  ['bytes', 'u64'],
  ['packets', 'u32'],
  ['drops', 'u32'],
  ['overlimits', 'u32'],
  ['bps', 'u32'],
  ['pps', 'u32'],
  ['qlen', 'u32'],
  ['backlog', 'u32'],
], { header: 'linux/pkt_sched.h', size: 40 });

export const gnet_stats_basic: StructDecl = struct('gnet_stats_basic', [
  ['bytes', 'u64'],
  ['packets', 'u32'],
], { header: 'linux/gen_stats.h', size: 16 });

export const gnet_stats_rate_est: StructDecl = struct('gnet_stats_rate_est', [
  ['bps', 'u32'],
  ['pps', 'u32'],
], { header: 'linux/gen_stats.h' });

export const gnet_stats_rate_est64: StructDecl = struct('gnet_stats_rate_est64', [
  ['bps', 'u64'],
  ['pps', 'u64'],
], { header: 'linux/gen_stats.h' });

export const gnet_stats_queue: StructDecl = struct('gnet_stats_queue', [
  ['qlen', 'u32'],
  ['backlog', 'u32'],
  ['drops', 'u32'],
  ['requeues', 'u32'],
  ['overlimits', 'u32'],
], { header: 'linux/gen_stats.h' });

export const gnet_estimator: StructDecl = struct('gnet_estimator', [
  ['interval', 's8'],
  ['ewma_log', 'u8'],
], { header: 'linux/gen_stats.h' });

/** Kind-specific statistics: TCA_KIND of the message (qdisc or class by tcm_handle). */
export const appStats = (ctx: SelectCtx) => xstatsFor(ctx.siblings.TCA_KIND, isClassHandle(ctx.body.tcm_handle));

/** TCA_STATS2 and TCA_ACT_STATS. */
export const TCA_STATS = attrs('TCA_STATS', [
  [1, 'TCA_STATS_BASIC', gnet_stats_basic],
  [2, 'TCA_STATS_RATE_EST', gnet_stats_rate_est],
  [3, 'TCA_STATS_QUEUE', gnet_stats_queue],
  [4, 'TCA_STATS_APP', select((ctx) => ctx.parent ? appStats(ctx.parent) : undefined)],
  [5, 'TCA_STATS_RATE_EST64', gnet_stats_rate_est64],
  [6, 'TCA_STATS_PAD', 'binary'],
  [7, 'TCA_STATS_BASIC_HW', gnet_stats_basic],
  [8, 'TCA_STATS_PKT64', 'u64'],
]);
