// `nlscope report`: one self-contained offline HTML page (inline CSS, inline SVG, a few
// lines of inline script; no network fetch): a timeline of transactions and notifications,
// a latency chart, the error and dump tables, each row linking to its decoded messages.
import type { Json } from '../codec/struct.js';
import type { AnalysisItem, Notification, Orphan, Summary, Transaction } from '../analyze/types.js';

export interface ReportLimits { rows: number; messages: number }

/** Decoded answers the page shows of each transaction (a dump's first parts): AnalyzeOptions.keepAnswers. */
export const REPORT_ANSWERS = 256;

/** Keeps what the page shows, capped (so the report of a huge capture stays a page). */
export class ReportCollector {
  readonly transactions: Transaction[] = [];
  readonly notifications: Notification[] = [];
  readonly orphans: Orphan[] = [];
  readonly errors: Transaction[] = [];
  readonly dumps: Transaction[] = [];
  readonly messages = new Map<string, Json>();
  dropped = { transactions: 0, notifications: 0, orphans: 0, errors: 0, dumps: 0, messages: 0 };
  constructor(readonly limits: ReportLimits = { rows: 3000, messages: 6000 }) {}

  private keep(m: Json | undefined): void {
    if (!m || m.frame === undefined) return;
    const id = msgId(m);
    if (this.messages.has(id)) return;
    if (this.messages.size >= this.limits.messages) { this.dropped.messages++; return; }
    this.messages.set(id, m);
  }

  add(it: AnalysisItem): void {
    const cap = this.limits.rows;
    if (it.kind === 'transaction') {
      const slim = { ...it };
      const keepMsgs = () => {
        this.keep(it.requestMessage);
        this.keep(it.finalMessage);
        for (const a of it.answerMessages ?? []) this.keep(a);
      };
      if (this.transactions.length < cap) { this.transactions.push(slim); keepMsgs(); } else this.dropped.transactions++;
      if (it.result === 'error') { if (this.errors.length < cap) { this.errors.push(slim); keepMsgs(); } else this.dropped.errors++; }
      if (it.dump) { if (this.dumps.length < cap) { this.dumps.push(slim); keepMsgs(); } else this.dropped.dumps++; }
    } else if (it.kind === 'notification') {
      if (this.notifications.length < cap) { this.notifications.push(it); this.keep(it.message); } else this.dropped.notifications++;
    } else if (this.orphans.length < cap) { this.orphans.push(it); this.keep(it.message); } else this.dropped.orphans++;
  }
}

const msgId = (m: Json | { frame: number; index: number }) => `m-${m.frame}-${m.index}`;

const esc = (v: unknown) => String(v ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
const ms = (s: number | undefined) => (s === undefined ? '' : s >= 1 ? `${s.toFixed(2)} s` : s >= 0.001 ? `${(s * 1000).toFixed(2)} ms` : `${Math.round(s * 1e6)} µs`);
const nbytes = (n: number) => (n >= 1 << 20 ? `${(n / (1 << 20)).toFixed(1)} MiB` : n >= 1024 ? `${(n / 1024).toFixed(1)} KiB` : `${n} B`);
const RESULT_COLOR: Record<string, string> = { ok: '#2e9d4b', error: '#d63c3c', unanswered: '#e08a00', 'cut-off': '#8a4fd0', 'no-reply': '#8b8b8b' };
const NOTIF_COLOR = '#2f6fd6';

function link(m: { frame: number; index: number } | undefined, label?: string): string {
  if (!m) return '';
  return `<a href="#${msgId(m)}">${esc(label ?? `#${m.frame}`)}</a>`;
}

function table(head: string[], rows: string[][], cls = ''): string {
  if (!rows.length) return '<p class="none">none</p>';
  return `<table class="${cls}"><thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>\n${rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('\n')}\n</tbody></table>`;
}

const port = (p: number | null) => (p === null ? '?' : String(p));
const result = (t: Transaction) => `<span class="r" style="background:${RESULT_COLOR[t.result]}">${esc(t.result)}</span>${t.errno ? ` ${esc(t.errno)}` : ''}`;

function timelineSvg(c: ReportCollector, t0: number, t1: number): string {
  const W = 1300, laneH = 18, left = 150, right = 40;
  const span = Math.max(t1 - t0, 1e-6);
  const x = (t: number) => left + ((t - t0) / span) * (W - left - right);
  // lanes: the busiest sockets, then "other", then notifications
  const count = new Map<string, { n: number; first: number }>();
  for (const t of c.transactions) {
    const e = count.get(port(t.portId)) ?? { n: 0, first: t.start };
    e.n++;
    e.first = Math.min(e.first, t.start);
    count.set(port(t.portId), e);
  }
  // the 24 busiest sockets, top to bottom in the order they first spoke
  const lanes = [...count.entries()].sort((a, b) => b[1].n - a[1].n).slice(0, 24).sort((a, b) => a[1].first - b[1].first).map(([k]) => k);
  const laneOf = (p: string) => { const i = lanes.indexOf(p); return i >= 0 ? i : lanes.length; };
  const nLanes = lanes.length + 2;
  const H = nLanes * laneH + 30;
  const parts: string[] = [];
  const labels = [...lanes.map((l) => `port ${l}`), 'other sockets', 'notifications'];
  labels.forEach((l, i) => {
    parts.push(`<rect x="0" y="${i * laneH}" width="${W}" height="${laneH}" fill="${i % 2 ? '#f6f7f9' : '#fff'}"/>`);
    parts.push(`<text x="4" y="${i * laneH + 13}" class="lbl">${esc(l)}</text>`);
  });
  for (const t of c.transactions) {
    const y = laneOf(port(t.portId)) * laneH + 3;
    const a = x(t.start);
    const b = x(t.lastAnswer?.time ?? t.start);
    const w = Math.max(3, b - a);
    const tip = `#${t.id} ${t.type}${t.dump ? ' dump' : ''} port ${port(t.portId)} seq ${t.seq}: ${t.result}${t.errno ? ' ' + t.errno : ''}, ${t.answers} answers${t.latencyLast !== undefined ? ', ' + ms(t.latencyLast) : ''}`;
    parts.push(`<a href="#tx-${t.id}"><rect x="${a.toFixed(1)}" y="${y}" width="${w.toFixed(1)}" height="${laneH - 6}" fill="${RESULT_COLOR[t.result]}" opacity="0.85"><title>${esc(tip)}</title></rect></a>`);
  }
  const ny = (nLanes - 1) * laneH + 2;
  for (const n of c.notifications) {
    const a = x(n.ref.time);
    parts.push(`<a href="#${msgId(n.ref)}"><rect x="${(a - 1).toFixed(1)}" y="${ny}" width="2" height="${laneH - 4}" fill="${NOTIF_COLOR}"><title>${esc(`${n.type} ${n.group ?? ''} ${n.object ?? ''} frame ${n.ref.frame}`)}</title></rect></a>`);
  }
  // time axis
  const axisY = nLanes * laneH + 4;
  parts.push(`<line x1="${left}" y1="${axisY}" x2="${W - right}" y2="${axisY}" stroke="#999"/>`);
  for (let i = 0; i <= 10; i++) {
    const t = t0 + (span * i) / 10;
    const px = x(t);
    parts.push(`<line x1="${px}" y1="${axisY}" x2="${px}" y2="${axisY + 4}" stroke="#999"/><text x="${px}" y="${axisY + 16}" class="ax" text-anchor="middle">+${esc(ms(t - t0))}</text>`);
  }
  return `<svg class="chart" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="timeline">${parts.join('')}</svg>`;
}

function latencySvg(c: ReportCollector, t0: number, t1: number): string {
  const W = 1300, H = 260, left = 60, bottom = 30, top = 10, right = 40;
  const pts = c.transactions.filter((t) => t.latencyFirst !== undefined);
  if (!pts.length) return '<p class="none">no answered requests</p>';
  const vals = pts.flatMap((t) => [t.latencyFirst!, t.latencyLast ?? t.latencyFirst!]).map((v) => Math.max(v, 1e-6));
  let lo = Math.floor(Math.log10(Math.min(...vals)));
  let hi = Math.ceil(Math.log10(Math.max(...vals)));
  if (hi <= lo) hi = lo + 1;
  const span = Math.max(t1 - t0, 1e-6);
  const x = (t: number) => left + ((t - t0) / span) * (W - left - right);
  const y = (v: number) => top + (1 - (Math.log10(Math.max(v, 1e-6)) - lo) / (hi - lo)) * (H - top - bottom);
  const parts: string[] = [];
  for (let e = lo; e <= hi; e++) {
    const py = y(10 ** e);
    parts.push(`<line x1="${left}" y1="${py}" x2="${W - right}" y2="${py}" stroke="#e3e3e3"/><text x="${left - 4}" y="${py + 4}" class="ax" text-anchor="end">${esc(ms(10 ** e))}</text>`);
  }
  parts.push(`<line x1="${left}" y1="${H - bottom}" x2="${W - right}" y2="${H - bottom}" stroke="#999"/>`);
  for (let i = 0; i <= 10; i++) {
    const t = t0 + (span * i) / 10;
    parts.push(`<text x="${x(t)}" y="${H - bottom + 16}" class="ax" text-anchor="middle">+${esc(ms(t - t0))}</text>`);
  }
  for (const t of pts) {
    const px = x(t.start).toFixed(1);
    const tip = `#${t.id} ${t.type}: first ${ms(t.latencyFirst)}, last ${ms(t.latencyLast)}`;
    if (t.dump && t.latencyLast !== undefined && t.latencyLast > t.latencyFirst!) {
      parts.push(`<line x1="${px}" y1="${y(t.latencyFirst!).toFixed(1)}" x2="${px}" y2="${y(t.latencyLast).toFixed(1)}" stroke="#aaa"/>`);
      parts.push(`<rect x="${(+px - 2.5).toFixed(1)}" y="${(y(t.latencyLast) - 2.5).toFixed(1)}" width="5" height="5" fill="none" stroke="${RESULT_COLOR[t.result]}"/>`);
    }
    parts.push(`<a href="#tx-${t.id}"><circle cx="${px}" cy="${y(t.latencyFirst!).toFixed(1)}" r="3.5" fill="${RESULT_COLOR[t.result]}" opacity="0.8"><title>${esc(tip)}</title></circle></a>`);
  }
  return `<svg class="chart" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="latency">${parts.join('')}</svg>`;
}

function percentileBars(s: Summary, rows: number): string {
  if (!s.latency.length) return '';
  const max = Math.max(...s.latency.map((l) => l.last.max), 1e-6);
  const bar = (v: number, color: string) => `<span class="bar" style="width:${Math.max(1, (v / max) * 260).toFixed(0)}px;background:${color}"></span>`;
  return table(['request type', 'n', 'p50', 'p90', 'p99', 'max', 'last answer p50', 'last answer max', ''],
    s.latency.slice(0, rows).map((l) => [esc(l.type), String(l.first.count), ms(l.first.p50), ms(l.first.p90), ms(l.first.p99), ms(l.first.max),
      ms(l.last.p50), ms(l.last.max), `${bar(l.first.p50, '#2e9d4b')}${bar(l.first.p99, '#e0b000')}${bar(l.last.max, '#d63c3c')}`]));
}

const CSS = `
body{font:13px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0 24px 40px;color:#1d1f23;background:#fff}
h1{font-size:20px;margin:16px 0 4px}h2{font-size:16px;margin:26px 0 8px;border-bottom:1px solid #ddd;padding-bottom:3px}
.sub{color:#666;margin-bottom:10px}
.cards{display:flex;flex-wrap:wrap;gap:8px;margin:8px 0}
.card{border:1px solid #ddd;border-radius:6px;padding:6px 12px;min-width:88px}.card b{display:block;font-size:18px}.card.bad b{color:#d63c3c}
table{border-collapse:collapse;margin:4px 0 10px}th,td{border:1px solid #e0e0e0;padding:2px 7px;text-align:left;vertical-align:top}
th{background:#f3f4f6;position:sticky;top:0}tr:target td,details:target{background:#fff5c2}
td.num{text-align:right}.r{color:#fff;border-radius:3px;padding:0 5px;font-size:12px}
.chart{display:block;max-width:100%;height:auto;border:1px solid #eee}.lbl{font-size:11px;fill:#333}.ax{font-size:10px;fill:#666}
.bar{display:inline-block;height:8px;margin-right:2px;vertical-align:middle}
.legend span{display:inline-block;margin-right:14px}.legend i{display:inline-block;width:10px;height:10px;margin-right:4px;vertical-align:middle}
details{border:1px solid #e5e5e5;border-radius:4px;margin:3px 0;padding:2px 8px}summary{cursor:pointer}
pre{margin:4px 0;white-space:pre-wrap;word-break:break-all;font-size:12px}
.none{color:#888}.note{color:#a05a00}
.scroll{max-height:520px;overflow:auto;border:1px solid #eee}
`;

const SCRIPT = `
function openTarget(){var id=location.hash.slice(1);if(!id)return;var e=document.getElementById(id);if(e&&e.tagName==='DETAILS')e.open=true;}
addEventListener('hashchange',openTarget);addEventListener('load',openTarget);
`;

export function renderReportHtml(s: Summary, c: ReportCollector): string {
  const t = s.totals;
  const t0 = s.capture.firstTime ?? 0;
  const t1 = s.capture.lastTime ?? t0;
  const rel = (time: number) => `+${(time - t0).toFixed(6)}`;
  const card = (label: string, v: number | string, bad = false) => `<div class="card${bad && v ? ' bad' : ''}"><b>${esc(v)}</b>${esc(label)}</div>`;
  const legend = `<div class="legend">${Object.entries(RESULT_COLOR).map(([k, v]) => `<span><i style="background:${v}"></i>${esc(k)}</span>`).join('')}<span><i style="background:${NOTIF_COLOR}"></i>notification</span></div>`;
  const dropped = (n: number, what: string) => (n ? `<p class="note">${n} more ${what} not shown (the page keeps ${c.limits.rows}); see <code>nlscope stats --format jsonl</code>.</p>` : '');

  // every row of the timeline table: transactions and notifications in time order
  type Row = { time: number; html: string[]; id?: string };
  const rows: Row[] = [];
  for (const x of c.transactions) {
    rows.push({
      time: x.start, id: `tx-${x.id}`,
      html: [rel(x.start), `${x.id}`, 'request', esc(x.protocol).replace('NETLINK_', ''), port(x.portId), String(x.seq), `${esc(x.type)}${x.dump ? ' <b>dump</b>' : ''}${x.requestSeen ? '' : ' (request before capture)'}`,
        esc(x.flags.map((f) => f.replace('NLM_F_', '')).join(' ')), String(x.answers), nbytes(x.requestBytes + x.answerBytes), ms(x.latencyFirst), ms(x.latencyLast),
        `${result(x)}${x.extack ? ` “${esc(x.extack)}”` : ''}${x.interrupted ? ' <b>INTR</b>' : ''}`,
        [link(x.request, 'request'), link(x.answerMessages?.[0] as { frame: number; index: number } | undefined, 'answer'), link(x.finalMessage as { frame: number; index: number } | undefined, 'end')].filter(Boolean).join(' ')],
    });
  }
  for (const n of c.notifications) {
    rows.push({
      time: n.ref.time,
      html: [rel(n.ref.time), '', 'notification', esc(n.protocol).replace('NETLINK_', ''), n.portId ? String(n.portId) : '', String(n.seq), esc(n.type), esc(n.group ?? ''), '', nbytes(n.ref.len), '', '', esc(n.object ?? ''), link(n.ref, `#${n.ref.frame}`)],
    });
  }
  for (const o of c.orphans) {
    rows.push({
      time: o.ref.time,
      html: [rel(o.ref.time), '', 'orphan answer', esc(o.protocol).replace('NETLINK_', ''), String(o.portId), String(o.seq), esc(o.type), '', '', nbytes(o.ref.len), '', '', esc(o.errno ?? ''), link(o.ref, `#${o.ref.frame}`)],
    });
  }
  rows.sort((a, b) => a.time - b.time);
  const timelineTable = rows.length
    ? `<div class="scroll"><table><thead><tr>${['time', 'tx', 'kind', 'proto', 'port', 'seq', 'type', 'flags / group', 'answers', 'bytes', 'first', 'last', 'result / object', 'messages'].map((h) => `<th>${h}</th>`).join('')}</tr></thead><tbody>\n${rows.map((r) => `<tr${r.id ? ` id="${r.id}"` : ''}>${r.html.map((h) => `<td>${h}</td>`).join('')}</tr>`).join('\n')}\n</tbody></table></div>`
    : '<p class="none">none</p>';

  const errorRows = c.errors.map((x) => [rel(x.lastAnswer?.time ?? x.start), `<a href="#tx-${x.id}">${x.id}</a>`, esc(x.protocol).replace('NETLINK_', ''), port(x.portId), esc(x.type), esc(x.errno), String(x.error ?? ''),
    esc(x.extack ?? ''), x.extackOffset !== undefined ? String(x.extackOffset) : '', esc(x.offendingAttr ?? ''),
    [link(x.request, 'request'), link(x.finalMessage as { frame: number; index: number } | undefined, 'error')].filter(Boolean).join(' ')]);
  for (const o of c.orphans) if (o.error !== undefined && o.error < 0) {
    errorRows.push([rel(o.ref.time), '', esc(o.protocol).replace('NETLINK_', ''), String(o.portId), '(no request)', esc(o.errno), String(o.error), esc(o.extack ?? ''), '', '', link(o.ref, 'error')]);
  }
  // every table at most --rows rows
  const cap = c.limits.rows;
  const groupRows = s.errors.slice(0, cap).map((e) => [String(e.count), esc(e.errno), esc(e.requestType), esc(e.extack ?? ''), e.offset !== undefined ? String(e.offset) : '', esc(e.attribute ?? ''), e.frames.slice(0, 8).map((f) => String(f)).join(', ')]);
  const dumpRows = c.dumps.map((x) => [rel(x.start), `<a href="#tx-${x.id}">${x.id}</a>`, esc(x.protocol).replace('NETLINK_', ''), port(x.portId), String(x.seq), esc(x.type) + (x.requestSeen ? '' : ' (begun before capture)'),
    String(x.answers), nbytes(x.answerBytes), ms(x.latencyLast), x.interrupted ? '<b class="note">DUMP_INTR</b>' : '', x.filtered ? 'filtered' : '', result(x),
    [link(x.request, 'request'), link(x.answerMessages?.[0] as { frame: number; index: number } | undefined, 'first part'), link(x.finalMessage as { frame: number; index: number } | undefined, 'end')].filter(Boolean).join(' ')]);

  const lo = s.loss;
  const lossRows: string[][] = [
    ['NLMSG_OVERRUN', String(lo.overruns), ''],
    ['ENOBUFS', String(lo.enobufs), ''],
    ['sequence gaps (possible lost requests)', String(lo.seqGapsTotal), esc(lo.seqGaps.slice(0, 10).map((g) => `port ${g.portId}: ${g.after}→${g.next} (frame ${g.frame})`).join('; '))],
    ['answers without request', String(lo.answersWithoutRequest.count), esc(lo.answersWithoutRequest.frames.join(', '))],
    ['unanswered requests', String(lo.unanswered.count), lo.unanswered.list.slice(0, 20).map((u) => `<a href="#tx-${u.id}">${esc(u.type)} #${u.frame}</a>`).join(', ')],
    ['cut off (no end)', String(lo.cutOff.count), lo.cutOff.list.slice(0, 20).map((u) => `<a href="#tx-${u.id}">${esc(u.type)} #${u.frame}</a>`).join(', ')],
    ['truncated packets', String(lo.truncatedPackets.count), esc(lo.truncatedPackets.frames.join(', '))],
    ['malformed messages', String(lo.malformed.count), esc(Object.entries(lo.malformed.byCode).map(([k, v]) => `${k} ${v}`).join(', '))],
  ];

  const notifRows = s.notifications.byType.slice(0, cap).map((r) => [esc(r.type), esc(r.group ?? ''), String(r.count), nbytes(r.bytes)]);
  const objRows = s.notifications.byObject.slice(0, Math.min(40, cap)).map((o) => [esc(o.object), esc(o.group ?? ''), String(o.count), esc(Object.entries(o.types).map(([k, v]) => `${k} ${v}`).join(', '))]);
  const talkerRows = s.talkers.slice(0, Math.min(200, cap)).map((k) => [String(k.portId || '?'), esc(k.kind), esc(k.protocols.join(' ')), String(k.requests), String(k.dumps), String(k.answers), String(k.errors), nbytes(k.bytesSent), nbytes(k.bytesReceived), String(k.notificationsCaused)]);
  const typeRows = s.messageTypes.slice(0, cap).map((r) => [esc(r.protocol), esc(r.type), esc(r.direction), String(r.count), nbytes(r.bytes)]);

  const msgs = [...c.messages.values()].sort((a, b) => (a.frame as number) - (b.frame as number) || (a.index as number) - (b.index as number));
  const msgHtml = msgs.map((m) => {
    const h = m.header as Json | undefined;
    return `<details id="${msgId(m)}"><summary>frame ${esc(m.frame)} #${esc(m.index)} ${esc(m.direction)} ${esc(h?.type ?? '(no header)')} seq ${esc(h?.seq ?? '')} pid ${esc(h?.pid ?? '')}</summary><pre>${esc(JSON.stringify(m, null, 1))}</pre></details>`;
  }).join('\n');

  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>nlscope report: ${esc(s.file ?? 'capture')}</title><style>${CSS}</style></head>
<body>
<h1>nlscope report: ${esc(s.file ?? 'capture')}</h1>
<div class="sub">${esc(s.capture.format ?? '')} · ${t.packets} packets · ${t.messages} messages · ${nbytes(t.bytes)} · ${s.capture.duration.toFixed(3)} s from ${esc(new Date(t0 * 1000).toISOString())}${s.capture.fatal ? ` · <span class="note">capture ends early: ${esc(s.capture.fatal)}</span>` : ''}</div>
<div class="cards">${card('transactions', t.transactions)}${card('dumps', t.dumps)}${card('acks', t.acks)}${card('errors', t.errors + t.doneErrors, true)}${card('notifications', t.notifications)}${card('unanswered', t.unanswered, true)}${card('cut off', t.cutOff, true)}${card('interrupted dumps', t.interruptedDumps, true)}${card('answers w/o request', t.orphanAnswers, true)}${card('malformed', t.malformed, true)}</div>
<h2 id="timeline">Timeline</h2>
${legend}
${timelineSvg(c, t0, t1)}
<h2 id="latency">Latency (request to first answer; squares: last answer of a dump)</h2>
${latencySvg(c, t0, t1)}
${percentileBars(s, c.limits.rows)}
<h2 id="errors">Errors</h2>
${table(['time', 'tx', 'proto', 'port', 'request', 'errno', 'code', 'extended ack', 'offset', 'offending attribute', 'messages'], errorRows)}
${dropped(c.dropped.errors, 'errors')}
<h3>Grouped</h3>
${table(['count', 'errno', 'request', 'extended ack', 'offset', 'attribute', 'frames'], groupRows)}
<h2 id="dumps">Dumps</h2>
${table(['time', 'tx', 'proto', 'port', 'seq', 'type', 'messages', 'bytes', 'duration', 'interrupted', 'filtered', 'result', 'messages'], dumpRows)}
${dropped(c.dropped.dumps, 'dumps')}
<h2 id="loss">Loss and trouble</h2>
${table(['what', 'count', 'where'], lossRows)}
<h2 id="notifications">Notifications</h2>
${table(['type', 'group', 'count', 'bytes'], notifRows)}
${table(['object', 'group', 'count', 'types'], objRows)}
<h2 id="talkers">Talkers</h2>
${table(['port id', 'kind', 'protocols', 'requests', 'dumps', 'answers', 'errors', 'sent', 'received', 'notifications caused'], talkerRows)}
<h2 id="types">Messages by type</h2>
${table(['protocol', 'type', 'direction', 'count', 'bytes'], typeRows)}
<h2 id="transactions">Transactions and notifications</h2>
${timelineTable}
${dropped(c.dropped.transactions, 'transactions')}${dropped(c.dropped.notifications, 'notifications')}
<h2 id="messages">Decoded messages</h2>
<p class="note">Requests, their answers (the first ${REPORT_ANSWERS} of each) and notifications.</p>
${c.dropped.messages ? `<p class="note">${c.dropped.messages} more messages not shown (the page keeps ${c.limits.messages}); see <code>nlscope decode</code>.</p>` : ''}
${msgHtml || '<p class="none">none</p>'}
<script>${SCRIPT}</script>
</body></html>
`;
}
