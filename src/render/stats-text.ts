// `nlscope stats`: the summary of an analysis as a compact text a person reads in one screen.
import type { Percentiles, Summary } from '../analyze/types.js';

// the unit is chosen after rounding: 0.0009996 s is 1.00ms, not 1000µs
export const ms = (s: number) => (s >= 0.9995 ? `${s.toFixed(2)}s` : Math.round(s * 1e6) >= 1000 ? `${(s * 1000).toFixed(s >= 0.1 ? 0 : 2)}ms` : `${Math.round(s * 1e6)}µs`);
/** the first `n` frames of a list, with … when there are more (of `count`) */
const firstFrames = (frames: readonly number[], count: number, n: number) => `${frames.slice(0, n).join(',')}${count > n ? ',…' : ''}`;
const bytes = (n: number) => (n >= 1 << 20 ? `${(n / (1 << 20)).toFixed(1)} MiB` : n >= 1024 ? `${(n / 1024).toFixed(1)} KiB` : `${n} B`);
const iso = (t?: number) => (t === undefined ? '?' : new Date(t * 1000).toISOString().replace('T', ' ').replace('Z', ''));
const short = (p: string | number) => String(p).replace(/^NETLINK_/, '').toLowerCase();
const pct = (p: Percentiles) => `${ms(p.p50)} / ${ms(p.p90)} / ${ms(p.p99)} / ${ms(p.max)}`;
const more = (n: number, shown: number) => (n > shown ? [`  ... ${n - shown} more`] : []);
const trunc = (s: string, n: number) => (s.length > n ? s.slice(0, n - 1) + '…' : s);

export function renderStatsText(s: Summary, opts: { rows?: number } = {}): string {
  const rows = opts.rows ?? 5;
  const t = s.totals;
  const c = s.capture;
  const L: string[] = [];
  L.push(`${s.file ?? 'capture'}: ${c.format ?? '?'}, ${t.packets} packets, ${t.messages} messages, ${bytes(t.bytes)}, ${c.duration.toFixed(3)}s from ${iso(c.firstTime)}`);
  if (c.fatal) L.push(`  capture ends early: ${c.fatal}`);
  L.push(`transactions ${t.transactions}: ${t.dumps} dumps${t.partialDumps ? ` (+${t.partialDumps} begun before the capture)` : ''}, ${t.transactions - t.dumps - t.partialDumps} other requests; ` +
    `${t.acks} acks, ${t.errors} errors${t.doneErrors ? ` (+${t.doneErrors} dumps ended with an error)` : ''}, ${t.unanswered} unanswered, ${t.cutOff} cut off${t.noReply ? `, ${t.noReply} without reply (no ACK asked)` : ''}`);
  if (t.interruptedDumps) L.push(`  ${t.interruptedDumps} INTERRUPTED dumps (NLM_F_DUMP_INTR: the state changed mid-dump, re-dump)`);

  const ed = s.errors.length;
  if (ed) {
    L.push(`errors (${s.errors.reduce((a, e) => a + e.count, 0)}):`);
    // the busiest groups, and every group with an extended-ack message (the kernel's own words)
    const shown = s.errors.filter((e, i) => i < rows + 3 || (e.extack !== undefined && i < 40));
    for (const e of shown) {
      const where = (e.attribute ? ` at ${e.attribute}` : e.offset !== undefined ? ` at offset ${e.offset}` : '') + (e.missing ? ` missing ${e.missing}` : '');
      L.push(`  ${String(e.count).padStart(4)} ${e.errno.padEnd(12)} ${String(e.requestType).padEnd(21)}${e.done ? ' (NLMSG_DONE)' : ''}${e.extack ? ` "${e.extack}"` : ''}${where}  frame ${firstFrames(e.frames, e.count, 3)}`);
    }
    L.push(...more(ed, shown.length));
  }

  const d = s.dumps;
  if (d.count + d.partial) {
    const top = d.byType.slice(0, rows).map((r) => `${r.type} x${r.count} (${r.messages} msgs${r.interrupted ? `, ${r.interrupted} INTR` : ''})`).join(', ');
    L.push(`dumps ${d.count + d.partial}: ${d.messages} messages, ${bytes(d.bytes)}; ${top}${d.byType.length > rows ? ', ...' : ''}`);
  }

  const n = s.notifications;
  if (n.count) {
    L.push(`notifications ${n.count}: ${n.byGroup.slice(0, rows).map((g) => `${g.group} ${g.count}`).join(', ')}${n.byGroup.length > rows ? ', ...' : ''}`);
    L.push(`  by type: ${n.byType.slice(0, rows).map((r) => `${r.type} ${r.count}`).join(', ')}${n.byType.length > rows ? ', ...' : ''}`);
    if (n.byObject.length) L.push(`  busiest: ${n.byObject.slice(0, 3).map((o) => `${o.object} (${o.count})`).join(', ')}`);
  }

  if (s.latency.length) {
    L.push(`latency first answer p50 / p90 / p99 / max (last answer max):`);
    for (const l of s.latency.slice(0, rows)) {
      L.push(`  ${String(l.type).padEnd(22)} n=${String(l.first.count).padEnd(5)} ${pct(l.first)}  (${ms(l.last.max)})${l.approximate ? ' ~' : ''}`);
    }
    L.push(...more(s.latency.length, rows));
  }

  const lo = s.loss;
  const trouble = [
    lo.overruns && `${lo.overruns} NLMSG_OVERRUN`,
    lo.enobufs && `${lo.enobufs} ENOBUFS`,
    lo.seqGapsTotal && `${lo.seqGapsTotal} seq numbers skipped (possible lost requests) on ${new Set(lo.seqGaps.map((g) => g.portId)).size} sockets`,
    lo.answersWithoutRequest.count && `${lo.answersWithoutRequest.count} answers without request (frames ${firstFrames(lo.answersWithoutRequest.frames, lo.answersWithoutRequest.count, 5)})`,
    lo.unanswered.count && `${lo.unanswered.count} unanswered requests (frames ${firstFrames(lo.unanswered.list.map((u) => u.frame), lo.unanswered.count, 5)})`,
    lo.cutOff.count && `${lo.cutOff.count} cut off (frames ${firstFrames(lo.cutOff.list.map((u) => u.frame), lo.cutOff.count, 5)})`,
    lo.truncatedPackets.count && `${lo.truncatedPackets.count} truncated packets`,
    lo.malformed.count && `${lo.malformed.count} malformed messages (${Object.entries(lo.malformed.byCode).map(([k, v]) => `${k} ${v}`).join(', ')})`,
    c.problems.length && `${c.problems.length} capture problems`,
  ].filter(Boolean);
  L.push(`loss & trouble: ${trouble.length ? trouble.join('; ') : 'none seen'}`);

  if (s.talkers.length) {
    L.push(`talkers (port id: requests / answers / errors / bytes sent+received):`);
    for (const k of s.talkers.slice(0, rows)) {
      const name = k.kind === 'pid' ? `${k.portId} (pid?)` : k.kind === 'unknown' ? 'unknown' : `${k.portId}`;
      L.push(`  ${trunc(name, 18).padEnd(18)} ${k.protocols.map(short).join(',').padEnd(10)} ${k.requests} / ${k.answers} / ${k.errors} / ${bytes(k.bytesSent + k.bytesReceived)}${k.notificationsCaused ? `, caused ${k.notificationsCaused} notifications` : ''}`);
    }
    L.push(...more(s.talkers.length, rows));
  }

  const mt = s.messageTypes;
  if (mt.length) {
    const arrow = (dir: string) => (dir === 'to-kernel' ? '>' : dir === 'to-user' ? '<' : '?');
    // a type seen on several protocols (NLMSG_ERROR, NLMSG_DONE) says which one each row counts
    const protocols = new Map<string, Set<string>>();
    for (const r of mt) {
      const k = `${r.direction}/${r.type}`;
      let set = protocols.get(k);
      if (!set) protocols.set(k, set = new Set());
      set.add(String(r.protocol));
    }
    const name = (r: (typeof mt)[number]) => (protocols.get(`${r.direction}/${r.type}`)!.size > 1 ? `${r.type} [${short(r.protocol)}]` : String(r.type));
    L.push(`messages by type (> to kernel, < to user): ${mt.slice(0, rows + 3).map((r) => `${arrow(r.direction)}${name(r)} ${r.count} (${bytes(r.bytes)})`).join(', ')}${mt.length > rows + 3 ? ', ...' : ''}`);
  }
  return L.join('\n');
}
