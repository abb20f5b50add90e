// The summary of an analysis, accumulated item by item in memory bounded by the number of
// distinct keys (message types, errors, port ids, objects), each table capped.
import type { Json } from '../codec/struct.js';
import { Quantiles } from './latency.js';
import type { ErrorGroup, Notification, Orphan, SeqGap, Summary, Transaction } from './types.js';

/** Caps: tables stop growing here (the rest is counted in an "other" row or dropped from lists). */
export const LIMITS = { keys: 10000, list: 100, frames: 20 };

type Proto = string | number;

const k2 = (a: unknown, b: unknown) => `${String(a)}\u0000${String(b)}`;

class CappedMap<V> {
  readonly map = new Map<string, V>();
  overflow = 0;
  constructor(private readonly limit: number) {}
  get(key: string, make: () => V): V | undefined {
    let v = this.map.get(key);
    if (v === undefined) {
      if (this.map.size >= this.limit) { this.overflow++; return undefined; }
      v = make();
      this.map.set(key, v);
    }
    return v;
  }
}

const pushCapped = <T>(list: T[], v: T, cap = LIMITS.frames) => { if (list.length < cap) list.push(v); };

type Talker = Summary['talkers'][number];
type TypeRow = Summary['transactionsByType'][number];
type DumpRow = Omit<Summary['dumps']['byType'][number], 'duration'> & { duration: Quantiles };

export class SummaryBuilder {
  readonly s: Summary;
  private msgTypes = new CappedMap<Summary['messageTypes'][number]>(LIMITS.keys);
  private txTypes = new CappedMap<TypeRow>(LIMITS.keys);
  private dumpTypes = new CappedMap<DumpRow>(LIMITS.keys);
  private errors = new CappedMap<ErrorGroup>(LIMITS.keys);
  private notifTypes = new CappedMap<Summary['notifications']['byType'][number]>(LIMITS.keys);
  private notifGroups = new CappedMap<{ group: string; count: number }>(LIMITS.keys);
  private notifObjects = new CappedMap<Summary['notifications']['byObject'][number]>(LIMITS.keys);
  private causes = new CappedMap<{ portId: number; count: number }>(LIMITS.keys);
  private talkers = new CappedMap<Talker & { protoSet: Set<Proto> }>(LIMITS.keys);
  private latency = new CappedMap<{ protocol: Proto; type: Proto; first: Quantiles; last: Quantiles }>(LIMITS.keys);
  private malformedByCode = new CappedMap<{ n: number }>(1000);

  constructor() {
    this.s = {
      capture: { linktypes: [], duration: 0, problems: [] },
      totals: {
        packets: 0, bytes: 0, messages: 0, requests: 0, answers: 0, transactions: 0, dumps: 0, partialDumps: 0, interruptedDumps: 0,
        errors: 0, acks: 0, doneErrors: 0, notifications: 0, unanswered: 0, cutOff: 0, noReply: 0, orphanAnswers: 0,
        overruns: 0, enobufs: 0, seqGaps: 0, truncatedPackets: 0, malformed: 0,
      },
      transactionsByType: [],
      dumps: { count: 0, partial: 0, interrupted: 0, filtered: 0, messages: 0, bytes: 0, byType: [], interruptedList: [] },
      errors: [],
      notifications: { count: 0, byType: [], byGroup: [], byObject: [], byCause: [] },
      loss: {
        overruns: 0, enobufs: 0, seqGaps: [], seqGapsTotal: 0, answersWithoutRequest: { count: 0, frames: [] },
        unanswered: { count: 0, list: [] }, cutOff: { count: 0, list: [] }, truncatedPackets: { count: 0, frames: [] },
        malformed: { count: 0, byCode: {}, frames: [] },
      },
      talkers: [],
      messageTypes: [],
      latency: [],
      state: { maxOpen: 0, openAtEnd: 0, timeout: 0 },
    };
  }

  packet(frame: number, time: number, bytes: number, truncated: boolean): void {
    const t = this.s.totals;
    t.packets++;
    t.bytes += bytes;
    const c = this.s.capture;
    if (c.firstTime === undefined || time < c.firstTime) c.firstTime = time;
    if (c.lastTime === undefined || time > c.lastTime) c.lastTime = time;
    if (truncated) {
      t.truncatedPackets++;
      this.s.loss.truncatedPackets.count++;
      pushCapped(this.s.loss.truncatedPackets.frames, frame);
    }
  }

  /** Every message object of the decoder, header or not. */
  message(m: Json): void {
    const problems = m.problems as { code: string }[] | undefined;
    if (problems?.length) {
      this.s.totals.malformed++;
      this.s.loss.malformed.count++;
      pushCapped(this.s.loss.malformed.frames, m.frame as number);
      for (const p of problems) {
        const r = this.malformedByCode.get(p.code, () => ({ n: 0 }));
        if (r) r.n++;
      }
    }
    const h = m.header as Json | undefined;
    if (!h) return;
    this.s.totals.messages++;
    const dir = String(m.direction);
    if (dir === 'to-kernel') this.s.totals.requests++;
    else if (dir === 'to-user') this.s.totals.answers++;
    const row = this.msgTypes.get(k2(m.protocol, h.type) + dir, () => ({ protocol: m.protocol as Proto, type: h.type as Proto, direction: dir, count: 0, bytes: 0 }));
    if (row) { row.count++; row.bytes += Number(h.len) || 0; }
    if (dir !== 'to-user') return;
    if (h.type === 'NLMSG_ERROR' && typeof m.error === 'number') {
      if (m.error < 0) this.s.totals.errors++;
      else if (m.error === 0) this.s.totals.acks++;
      if (m.error === -105) { this.s.totals.enobufs++; this.s.loss.enobufs++; }
    } else if (h.type === 'NLMSG_DONE' && typeof m.error === 'number' && m.error < 0) {
      this.s.totals.doneErrors++;
      if (m.error === -105) { this.s.totals.enobufs++; this.s.loss.enobufs++; }
    } else if (h.type === 'NLMSG_OVERRUN') {
      this.s.totals.overruns++;
      this.s.loss.overruns++;
    }
  }

  private talker(portId: number, time: number, proto: Proto) {
    const t = this.talkers.get(String(portId), () => ({
      portId, kind: portId === 0 ? 'unknown' : portId > 0 && portId < 4194304 ? 'pid' : 'kernel-assigned',
      protocols: [], protoSet: new Set<Proto>(), requests: 0, dumps: 0, answers: 0, bytesSent: 0, bytesReceived: 0,
      errors: 0, notificationsCaused: 0, first: time, last: time,
    }));
    if (t) {
      t.protoSet.add(proto);
      if (time < t.first) t.first = time;
      if (time > t.last) t.last = time;
    }
    return t;
  }

  transaction(tx: Transaction): void {
    const t = this.s.totals;
    t.transactions++;
    const typeRow = this.txTypes.get(k2(tx.protocol, tx.type), () => ({
      protocol: tx.protocol, type: tx.type, count: 0, ok: 0, errors: 0, unanswered: 0, cutOff: 0, noReply: 0, dumps: 0, answers: 0, bytes: 0,
    }));
    if (typeRow) {
      typeRow.count++;
      typeRow.answers += tx.answers;
      typeRow.bytes += tx.requestBytes + tx.answerBytes;
      if (tx.dump) typeRow.dumps++;
      if (tx.result === 'ok') typeRow.ok++;
      else if (tx.result === 'error') typeRow.errors++;
      else if (tx.result === 'unanswered') typeRow.unanswered++;
      else if (tx.result === 'cut-off') typeRow.cutOff++;
      else typeRow.noReply++;
    }
    const brief = { id: tx.id, protocol: tx.protocol, type: tx.type, portId: tx.portId, seq: tx.seq, frame: tx.request?.frame ?? tx.firstAnswer?.frame ?? 0 };
    if (tx.result === 'unanswered') { t.unanswered++; this.s.loss.unanswered.count++; pushCapped(this.s.loss.unanswered.list, brief, LIMITS.list); }
    if (tx.result === 'cut-off') { t.cutOff++; this.s.loss.cutOff.count++; pushCapped(this.s.loss.cutOff.list, { ...brief, answers: tx.answers }, LIMITS.list); }
    if (tx.result === 'no-reply') t.noReply++;
    if (tx.dump) {
      const d = this.s.dumps;
      if (tx.requestSeen) { t.dumps++; d.count++; } else { t.partialDumps++; d.partial++; }
      d.messages += tx.answers;
      d.bytes += tx.answerBytes;
      if (tx.filtered) d.filtered++;
      if (tx.interrupted) {
        t.interruptedDumps++;
        d.interrupted++;
        pushCapped(d.interruptedList, { id: tx.id, type: tx.type, portId: tx.portId, seq: tx.seq, frame: brief.frame }, LIMITS.list);
      }
      const row = this.dumpTypes.get(k2(tx.protocol, tx.type), () => ({
        protocol: tx.protocol, type: tx.type, count: 0, messages: 0, bytes: 0, interrupted: 0, maxMessages: 0, duration: new Quantiles(),
      }));
      if (row) {
        row.count++;
        row.messages += tx.answers;
        row.bytes += tx.answerBytes;
        if (tx.interrupted) row.interrupted++;
        row.maxMessages = Math.max(row.maxMessages, tx.answers);
        if (tx.latencyLast !== undefined) row.duration.add(tx.latencyLast);
      }
    }
    if (tx.error !== undefined && tx.error < 0) {
      const done = tx.finalMessage?.header && (tx.finalMessage.header as Json).type === 'NLMSG_DONE';
      // generic netlink: a family's messages are one type; the command says what failed
      const cmd = tx.requestMessage?.cmd;
      const requestType = typeof cmd === 'string' ? cmd : tx.type;
      const key = [tx.protocol, tx.errno, requestType, tx.extack ?? '', tx.extackOffset ?? '', tx.offendingAttr ?? '', tx.missingAttr ?? '', done ? 'd' : ''].join('\u0000');
      const g = this.errors.get(key, () => ({
        protocol: tx.protocol, errno: tx.errno ?? String(tx.error), error: tx.error!, requestType,
        ...(tx.extack !== undefined ? { extack: tx.extack } : {}),
        ...(tx.extackOffset !== undefined ? { offset: tx.extackOffset } : {}),
        ...(tx.offendingAttr !== undefined ? { attribute: tx.offendingAttr } : {}),
        ...(tx.missingAttr !== undefined ? { missing: tx.missingAttr } : {}),
        count: 0, frames: [], ...(done ? { done: true } : {}),
      }));
      if (g) { g.count++; pushCapped(g.frames, tx.lastAnswer?.frame ?? 0); }
    }
    if (tx.requestSeen && tx.latencyFirst !== undefined) {
      const l = this.latency.get(k2(tx.protocol, tx.type), () => ({ protocol: tx.protocol, type: tx.type, first: new Quantiles(), last: new Quantiles() }));
      if (l) { l.first.add(tx.latencyFirst); l.last.add(tx.latencyLast ?? tx.latencyFirst); }
    }
    const tk = this.talker(tx.portId ?? 0, tx.start, tx.protocol);
    if (tk) {
      if (tx.requestSeen) { tk.requests++; tk.bytesSent += tx.requestBytes; }
      if (tx.dump && tx.requestSeen) tk.dumps++;
      tk.answers += tx.answers;
      tk.bytesReceived += tx.answerBytes;
      if (tx.result === 'error') tk.errors++;
      if (tx.lastAnswer && tx.lastAnswer.time > tk.last) tk.last = tx.lastAnswer.time;
    }
  }

  notification(n: Notification): void {
    const s = this.s.notifications;
    this.s.totals.notifications++;
    s.count++;
    const row = this.notifTypes.get(k2(n.protocol, n.type), () => ({ protocol: n.protocol, type: n.type, ...(n.group ? { group: n.group } : {}), count: 0, bytes: 0 }));
    if (row) { row.count++; row.bytes += n.ref.len; }
    const g = this.notifGroups.get(n.group ?? '(unknown)', () => ({ group: n.group ?? '(unknown)', count: 0 }));
    if (g) g.count++;
    if (n.object) {
      const o = this.notifObjects.get(n.object, () => ({ ...(n.group ? { group: n.group } : {}), object: n.object!, count: 0, types: {} }));
      if (o) { o.count++; o.types[String(n.type)] = (o.types[String(n.type)] ?? 0) + 1; }
    }
    if (n.portId !== 0) {
      const c = this.causes.get(String(n.portId), () => ({ portId: n.portId, count: 0 }));
      if (c) c.count++;
      const tk = this.talker(n.portId, n.ref.time, n.protocol);
      if (tk) tk.notificationsCaused++;
    }
  }

  orphan(o: Orphan | Transaction): void {
    // answers without a request: orphans and every answer of a dump begun before the capture
    const n = o.kind === 'orphan' ? 1 : o.answers;
    const frame = o.kind === 'orphan' ? o.ref.frame : o.firstAnswer?.frame ?? 0;
    this.s.totals.orphanAnswers += n;
    this.s.loss.answersWithoutRequest.count += n;
    pushCapped(this.s.loss.answersWithoutRequest.frames, frame);
    if (o.kind === 'orphan') {
      if (o.error !== undefined && o.error < 0) {
        const key = [o.protocol, o.errno, '(no request)', o.extack ?? ''].join('\u0000');
        const g = this.errors.get(key, () => ({
          protocol: o.protocol, errno: o.errno ?? String(o.error), error: o.error!,
          requestType: String((o.message.msg as Json | undefined)?.header ? ((o.message.msg as Json).header as Json).type : '(no request)'),
          ...(o.extack !== undefined ? { extack: o.extack } : {}), count: 0, frames: [],
        }));
        if (g) { g.count++; pushCapped(g.frames, o.ref.frame); }
      }
      const tk = this.talker(o.portId, o.ref.time, o.protocol);
      if (tk) { tk.answers++; tk.bytesReceived += o.ref.len; }
    }
  }

  seqGap(g: SeqGap): void {
    this.s.totals.seqGaps += g.missing;
    this.s.loss.seqGapsTotal += g.missing;
    pushCapped(this.s.loss.seqGaps, g, LIMITS.list);
  }

  problem(message: string, fatal: boolean): void {
    if (fatal) this.s.capture.fatal = message;
    else pushCapped(this.s.capture.problems, message);
  }

  /** The finished summary (tables sorted, busiest first). */
  finish(state: Summary['state']): Summary {
    const s = this.s;
    const c = s.capture;
    c.duration = c.firstTime !== undefined && c.lastTime !== undefined ? c.lastTime - c.firstTime : 0;
    const byCount = <T extends { count: number }>(a: T, b: T) => b.count - a.count;
    s.messageTypes = [...this.msgTypes.map.values()].sort(byCount);
    s.transactionsByType = [...this.txTypes.map.values()].sort(byCount);
    s.dumps.byType = [...this.dumpTypes.map.values()].map((d) => ({ ...d, duration: d.duration.summary() })).sort(byCount);
    s.errors = [...this.errors.map.values()].sort(byCount);
    s.notifications.byType = [...this.notifTypes.map.values()].sort(byCount);
    s.notifications.byGroup = [...this.notifGroups.map.values()].sort(byCount);
    s.notifications.byObject = [...this.notifObjects.map.values()].sort(byCount).slice(0, LIMITS.list);
    s.notifications.byCause = [...this.causes.map.values()].sort(byCount).slice(0, LIMITS.list);
    s.talkers = [...this.talkers.map.values()]
      .map(({ protoSet, ...t }) => ({ ...t, protocols: [...protoSet] }))
      .sort((a, b) => b.requests + b.answers - (a.requests + a.answers));
    s.latency = [...this.latency.map.values()]
      .map((l) => ({ protocol: l.protocol, type: l.type, first: l.first.summary(), last: l.last.summary(), approximate: l.first.approximate }))
      .sort((a, b) => b.first.count - a.first.count);
    s.loss.malformed.byCode = Object.fromEntries([...this.malformedByCode.map].map(([k, v]) => [k, v.n]));
    s.state = state;
    return s;
  }
}
