// The analysis state machine: decoded messages in, transactions / notifications / orphan
// answers out. The only state kept is the transactions still open (plus capped tables of
// the summary), so memory does not grow with the length of the capture.
//
// Pairing (linux/netlink.h): a request goes to the kernel; its answers come back with the
// same nlmsg_seq and the socket's port id as nlmsg_pid. Requests are usually sent with
// nlmsg_pid 0 (the kernel knows the sender), so such a request waits under (protocol, seq)
// until the first answer that fits it, and the port id is learned from that answer.
import type { Json } from '../codec/struct.js';
import { attributeName, protocolById } from '../../codecs/index.js';
import type { Session } from '../codec/session.js';
import { errnoName } from '../../codecs/netlink.js';
import { notificationGroup, notificationObject } from './groups.js';
import { offendingAttribute } from './offending.js';
import { SummaryBuilder } from './summary.js';
import { Chain, IntTable, RecentValues } from './tables.js';
import type { AnalysisItem, MsgRef, Notification, Orphan, Summary, Transaction, TxResult } from './types.js';

export interface AnalyzeOptions {
  /** Seconds (capture time) without news after which an open transaction is closed: unanswered or cut off. Default 10. */
  timeout?: number;
  /** Seconds after which a request that expects no answer (no NLM_F_ACK) is closed as 'no-reply'. Default 1. */
  silentTimeout?: number;
  /** At most this many transactions open at once; the oldest is closed beyond. Default 100000. */
  maxOpen?: number;
  /** Decoded answers kept in each transaction (answerMessages). Default 0. */
  keepAnswers?: number;
  /** Keep the decoded request in each transaction (requestMessage) and the message in notifications. Default true. */
  keepMessages?: boolean;
  /** Keep where every answer of a transaction is (answerRefs), for a replay that needs their bytes. Default false. */
  keepAnswerRefs?: boolean;
  /** what the capture said so far: generic netlink message types are family names known by it */
  session?: Session;
}

interface Open {
  tx: Transaction;
  /** filed in `open`, under (protocol, tx.portId, tx.seq), once the port id is known */
  filed: boolean;
  /** waiting in `pending`, under (protocol, tx.seq), while the port id is unknown */
  pending: boolean;
  /** links of `all` (Chain) */
  prev?: Open; next?: Open; chained?: boolean;
  op: string;
  expects: boolean;
  ack: boolean;
  echo: boolean;
  /** a non-multipart reply (GET answer or echo) came */
  replied: boolean;
  multi: boolean;
  last: number;
  /** acked, its GET reply still to come (ProtocolDecl.repliesAfterAck) */
  lateReply?: boolean;
}

/** a socket's last request seq (Analyzer.lastSeq), with its links in the least-recently-used chain */
interface SocketSeq { protocolId: number; portId: number; seq: number; prev?: SocketSeq; next?: SocketSeq; chained?: boolean }

const NLMSG_ERROR = 'NLMSG_ERROR';
const NLMSG_DONE = 'NLMSG_DONE';
const NLMSG_OVERRUN = 'NLMSG_OVERRUN';

export function opOf(protocolId: number, type: string | number, session: Session | undefined): string {
  const p = protocolById(protocolId);
  if (!p) return 'other';
  const d = typeof type === 'number' ? p.messages.get(type) ?? p.resolve?.(type, session) : p.byName.get(type) ?? p.resolveName?.(type, session);
  return d?.op ?? 'other';
}

const flagsOf = (h: Json): string[] => (Array.isArray(h.flags) ? (h.flags as string[]) : []);
const isDump = (f: string[]) => f.includes('NLM_F_DUMP') || (f.includes('NLM_F_ROOT') && f.includes('NLM_F_MATCH'));

/** Whether a request of type `req` is answered with messages of type `ans`: its own type, or a
 *  GET's NEW (RTM_GETLINK: RTM_NEWLINK, IPCTNL_MSG_CT_GET_DYING: IPCTNL_MSG_CT_NEW). */
export function answerFits(req: string | number, ans: string | number): boolean {
  if (req === ans) return true;
  if (typeof req !== 'string' || typeof ans !== 'string') return false;
  const i = req.indexOf('GET');
  if (i < 0) return false;
  const stem = `${req.slice(0, i)}NEW`;
  return ans === stem || ans === stem + req.slice(i + 3);
}

export class Analyzer {
  readonly summary = new SummaryBuilder();
  private readonly opts: Required<Omit<AnalyzeOptions, 'session'>>;
  private readonly session?: Session;
  // (tables.ts: tables that allocate nothing per transaction)
  /** transactions whose port id is known, by (protocol, pid, seq) */
  private open = new IntTable<Open>();
  /** requests sent with pid 0 not answered yet, by (protocol, seq), oldest first */
  private pending = new IntTable<Open[]>();
  /** every open transaction, oldest first */
  private all = new Chain<Open>();
  /** last request seq per socket (protocol, pid), for gaps; the least recently used goes beyond the cap */
  private lastSeq = new IntTable<SocketSeq>();
  private socketsByUse = new Chain<SocketSeq>();
  /** seqs of the last requests per protocol (any port), so that a gap counts only what the capture lacks */
  private recentSeqs = new Map<number, RecentValues>();
  /** interface names learned from RTM_NEWLINK, for naming notification objects; capped */
  private ifnames = new Map<number, string>();
  private nextId = 1;
  private now = -Infinity;
  private sinceSweep = 0;
  maxOpenSeen = 0;

  constructor(opts: AnalyzeOptions = {}) {
    this.opts = {
      timeout: opts.timeout ?? 10,
      silentTimeout: opts.silentTimeout ?? 1,
      maxOpen: opts.maxOpen ?? 100000,
      keepAnswers: opts.keepAnswers ?? 0,
      keepMessages: opts.keepMessages ?? true,
      keepAnswerRefs: opts.keepAnswerRefs ?? false,
    };
    this.session = opts.session;
  }

  /** Number of transactions open now (the state). */
  get openCount(): number { return this.all.size; }

  packet(frame: number, time: number, bytes: number, truncated: boolean, out: AnalysisItem[]): void {
    this.summary.packet(frame, time, bytes, truncated);
    if (time > this.now) this.now = time;
    if (++this.sinceSweep >= 64) { this.sinceSweep = 0; this.sweep(out); }
  }

  /** One decoded message (a jsonl object) of a packet of protocol `protocolId`. */
  message(m: Json, protocolId: number, out: AnalysisItem[]): void {
    this.summary.message(m);
    const h = m.header as Json | undefined;
    if (!h) return;
    const type = h.type as string | number;
    if (type === 'RTM_NEWLINK' && typeof m.ifi_index === 'number' && typeof m.IFLA_IFNAME === 'string') {
      if (this.ifnames.size < 65536 || this.ifnames.has(m.ifi_index)) this.ifnames.set(m.ifi_index, m.IFLA_IFNAME);
    }
    if (m.direction === 'to-kernel') this.request(m, h, protocolId, out);
    else if (m.direction === 'to-user') this.answer(m, h, protocolId, out);
  }

  private ref(m: Json, h: Json): MsgRef {
    return { frame: m.frame as number, index: m.index as number, time: m.time as number, type: h.type as string | number, len: Number(h.len) || 0 };
  }

  private request(m: Json, h: Json, protocolId: number, out: AnalysisItem[]): void {
    const type = h.type as string | number;
    const flags = flagsOf(h);
    const op = opOf(protocolId, type, this.session);
    const dump = isDump(flags);
    const ack = flags.includes('NLM_F_ACK');
    const echo = flags.includes('NLM_F_ECHO');
    const pid = Number(h.pid) || 0;
    const seq = Number(h.seq) || 0;
    const ref = this.ref(m, h);
    const tx: Transaction = {
      kind: 'transaction', id: this.nextId++, protocol: m.protocol as string | number, protocolId,
      portId: pid || null, seq, type, flags, dump, requestSeen: true, request: ref,
      ...(this.opts.keepMessages ? { requestMessage: m } : {}),
      answers: 0, requestBytes: ref.len, answerBytes: 0, answerTypes: {}, start: ref.time,
      result: 'unanswered', acked: false, interrupted: false, filtered: false,
    };
    const o: Open = { tx, filed: false, pending: false, op, expects: dump || op === 'get' || ack || echo, ack, echo, replied: false, multi: false, last: ref.time };
    let seqs = this.recentSeqs.get(protocolId);
    if (!seqs) this.recentSeqs.set(protocolId, seqs = new RecentValues(1024));
    seqs.add(seq);
    if (pid) {
      this.place(o, out);
      this.checkSeq(tx, out);
    } else this.repend(o);
    this.all.push(o);
    if (this.all.size > this.maxOpenSeen) this.maxOpenSeen = this.all.size;
    if (this.all.size > this.opts.maxOpen) this.close(this.all.first!, undefined, 'evicted', out);
  }

  /** Files an open transaction under its full key (its port id is known); one already there is superseded. */
  private place(o: Open, out: AnalysisItem[]): void {
    const { protocolId, portId, seq } = o.tx;
    const old = this.open.get(protocolId, portId!, seq);
    if (old && old !== o) this.close(old, undefined, 'superseded', out);
    o.filed = true;
    this.open.set(protocolId, portId!, seq, o);
  }

  private checkSeq(tx: Transaction, out: AnalysisItem[]): void {
    if (tx.portId === null || !tx.request) return;
    let sock = this.lastSeq.get(tx.protocolId, tx.portId);
    if (sock) {
      const last = sock.seq;
      const d = tx.seq - last;
      if (d > 1 && d <= 1000) {
        // a seq between that the capture holds a request of is not lost: its answers came with
        // nlmsg_pid 0 (audit), so it never got this port, or another socket of the process sent it
        const seen = this.recentSeqs.get(tx.protocolId);
        let missing = 0;
        for (let q = last + 1; q < tx.seq; q++) if (!seen?.has(q)) missing++;
        if (missing) this.summary.seqGap({ protocol: tx.protocol, portId: tx.portId, after: last, next: tx.seq, missing, frame: tx.request.frame });
      }
      if (d <= 0) return;
      sock.seq = tx.seq;
    } else {
      if (this.lastSeq.size >= 4096) {
        const lru = this.socketsByUse.first!;
        this.socketsByUse.remove(lru);
        this.lastSeq.delete(lru.protocolId, lru.portId);
      }
      sock = { protocolId: tx.protocolId, portId: tx.portId, seq: tx.seq };
      this.lastSeq.set(tx.protocolId, tx.portId, 0, sock);
    }
    this.socketsByUse.push(sock); // the most recently used, last
    void out;
  }

  /** Can `m` be an answer of the open transaction? */
  private accepts(o: Open, m: Json, h: Json): boolean {
    const type = h.type;
    const tx = o.tx;
    const flags = flagsOf(h);
    if (o.lateReply) return type === tx.type && !flags.includes('NLM_F_MULTI');
    if (type === NLMSG_ERROR) {
      const echo = (m.msg as Json | undefined)?.header as Json | undefined;
      if (echo && tx.requestSeen && (echo.type !== tx.type || Number(echo.seq) !== tx.seq)) return false;
      return true;
    }
    if (type === NLMSG_DONE) return tx.dump || o.multi || o.op === 'get';
    if (type === NLMSG_OVERRUN) return true;
    if (flags.includes('NLM_F_MULTI')) return tx.dump || o.op === 'get' || o.multi;
    if (tx.dump) return false;
    if (o.op === 'get' && !o.replied) return true;
    if (o.echo && !o.replied) return true;
    return false;
  }

  private answer(m: Json, h: Json, protocolId: number, out: AnalysisItem[]): void {
    const pid = Number(h.pid) || 0;
    const seq = Number(h.seq) || 0;
    const type = h.type as string | number;
    const flags = flagsOf(h);
    const multi = flags.includes('NLM_F_MULTI');
    let o: Open | undefined;
    if (pid !== 0) {
      const known = this.open.get(protocolId, pid, seq);
      if (known && this.accepts(known, m, h)) o = known;
      else {
        const list = this.pending.get(protocolId, seq);
        // requests sent with pid 0 and the same seq (iproute2: every socket of a process) wait side
        // by side: an answer goes to the one of its kind (RTM_NEWADDR to RTM_GETADDR) before the oldest
        const fit = list?.filter((c) => this.accepts(c, m, h));
        const cand = fit?.find((c) => answerFits(c.tx.type, type)) ?? fit?.[0];
        if (cand) {
          this.unpend(cand);
          cand.tx.portId = pid;
          this.place(cand, out);
          this.checkSeq(cand.tx, out);
          o = cand;
        }
      }
    }
    if (!o && pid === 0 && seq !== 0 && type !== NLMSG_ERROR) {
      // Some families answer with nlmsg_pid 0 (audit_send_reply): an answer of the request with
      // this seq that is still waiting, when it is of the request's own type (or ends its dump).
      const list = this.pending.get(protocolId, seq) ?? [];
      o = list.find((c) => (c.tx.type === type || (type === NLMSG_DONE && c.tx.dump)) && this.accepts(c, m, h));
    }
    if (o) { this.addAnswer(o, m, h, out); return; }
    // The connector sends every message typed NLMSG_DONE (its own declaration): those are events.
    const control = type === NLMSG_ERROR || type === NLMSG_OVERRUN || (type === NLMSG_DONE && !protocolById(protocolId)?.messages.has(3));
    if (multi && pid !== 0 && type !== NLMSG_ERROR && type !== NLMSG_DONE) {
      // A multipart answer of no request we saw: a dump begun before the capture.
      const ref = this.ref(m, h);
      const tx: Transaction = {
        kind: 'transaction', id: this.nextId++, protocol: m.protocol as string | number, protocolId,
        portId: pid, seq, type, flags: [], dump: true, requestSeen: false,
        answers: 0, requestBytes: 0, answerBytes: 0, answerTypes: {}, start: ref.time,
        result: 'cut-off', acked: false, interrupted: false, filtered: false,
      };
      const p: Open = { tx, filed: false, pending: false, op: 'get', expects: true, ack: false, echo: false, replied: false, multi: true, last: ref.time };
      this.place(p, out);
      this.all.push(p);
      if (this.all.size > this.maxOpenSeen) this.maxOpenSeen = this.all.size;
      this.addAnswer(p, m, h, out);
      return;
    }
    if (control || multi) {
      const orphan: Orphan = {
        kind: 'orphan', protocol: m.protocol as string | number, protocolId, type, ref: this.ref(m, h), portId: pid, seq,
        ...(typeof m.error === 'number' ? { error: m.error } : {}),
        ...(typeof m.error === 'number' && m.error < 0 ? { errno: errnoName(m) } : {}),
        ...(typeof m.NLMSGERR_ATTR_MSG === 'string' ? { extack: m.NLMSGERR_ATTR_MSG } : {}),
        message: m,
      };
      this.summary.orphan(orphan);
      out.push(orphan);
      return;
    }
    // group and object only when known, set in place: a `delete` of them made every such
    // notification a dictionary-mode object (a hash table per notification, slow to read)
    const group = notificationGroup(protocolId, type, m);
    const object = notificationObject(type, m, (i) => this.ifnames.get(i));
    const n: Notification = {
      kind: 'notification', protocol: m.protocol as string | number, protocolId, type,
      ...(group === undefined ? {} : { group }),
      ...(object === undefined ? {} : { object }),
      ref: this.ref(m, h), portId: pid, seq, message: this.opts.keepMessages ? m : { header: h },
    };
    this.summary.notification(n);
    out.push(n);
  }

  private unpend(o: Open): void {
    if (!o.pending) return;
    const { protocolId, seq } = o.tx;
    const list = this.pending.get(protocolId, seq);
    if (list) {
      const i = list.indexOf(o);
      if (i >= 0) list.splice(i, 1);
      if (list.length === 0) this.pending.delete(protocolId, seq);
    }
    o.pending = false;
  }

  private addAnswer(o: Open, m: Json, h: Json, out: AnalysisItem[]): void {
    const tx = o.tx;
    const ref = this.ref(m, h);
    const type = h.type;
    const flags = flagsOf(h);
    tx.answers++;
    tx.answerBytes += ref.len;
    if (this.opts.keepAnswerRefs) (tx.answerRefs ??= []).push(ref);
    const tn = String(type);
    tx.answerTypes[tn] = (tx.answerTypes[tn] ?? 0) + 1;
    if (!tx.firstAnswer) {
      tx.firstAnswer = ref;
      if (tx.requestSeen) tx.latencyFirst = ref.time - tx.start;
    }
    tx.lastAnswer = ref;
    if (tx.requestSeen) tx.latencyLast = ref.time - tx.start;
    if (flags.includes('NLM_F_DUMP_INTR')) tx.interrupted = true;
    if (flags.includes('NLM_F_DUMP_FILTERED')) tx.filtered = true;
    if (flags.includes('NLM_F_MULTI')) o.multi = true;
    if (this.opts.keepAnswers > 0 && type !== NLMSG_ERROR && type !== NLMSG_DONE) {
      tx.answerMessages ??= [];
      if (tx.answerMessages.length < this.opts.keepAnswers) tx.answerMessages.push(m);
    }
    o.last = ref.time;
    if (type === NLMSG_ERROR || type === NLMSG_DONE) {
      this.takeError(tx, m, type === NLMSG_ERROR);
      tx.finalMessage = m;
      if (tx.acked && o.op === 'get' && !tx.dump && !o.replied && !o.multi && protocolById(tx.protocolId)?.repliesAfterAck) {
        // its reply is still to come, maybe with nlmsg_pid 0: it is looked for by seq too
        o.lateReply = true;
        this.repend(o);
        return;
      }
      this.close(o, typeof m.error === 'number' && m.error < 0 ? 'error' : 'ok', undefined, out);
      return;
    }
    if (type === NLMSG_OVERRUN || flags.includes('NLM_F_MULTI')) return;
    o.replied = true;
    // A GET answered without NLM_F_ACK ends at its reply; so does an echo without NLM_F_ACK,
    // and a GET whose ACK came first.
    if ((!o.ack || o.lateReply) && !tx.dump) this.close(o, 'ok', undefined, out);
  }

  /** Files an open transaction (again) under its seq alone, for answers with nlmsg_pid 0. */
  private repend(o: Open): void {
    if (o.pending) return;
    o.pending = true;
    const { protocolId, seq } = o.tx;
    const list = this.pending.get(protocolId, seq);
    if (list) list.push(o); else this.pending.set(protocolId, seq, 0, [o]);
  }

  private takeError(tx: Transaction, m: Json, isError: boolean): void {
    if (typeof m.error !== 'number') return;
    tx.error = m.error;
    if (m.error === 0) { if (isError) tx.acked = true; return; }
    tx.errno = errnoName(m);
    if (typeof m.NLMSGERR_ATTR_MSG === 'string') tx.extack = m.NLMSGERR_ATTR_MSG;
    const offs = m.NLMSGERR_ATTR_OFFS;
    if (typeof offs === 'number') {
      tx.extackOffset = offs;
      // The echoed request when whole, else the request we saw (NLM_F_CAPPED echoes only the header).
      const echo = m.msg as Json | undefined;
      const capped = flagsOf(m.header as Json).includes('NLM_F_CAPPED') || !echo || Object.keys(echo).length <= 1;
      const source = !capped ? echo : tx.requestMessage;
      const attr = source ? offendingAttribute(source, offs, tx.protocolId) : undefined;
      if (attr) tx.offendingAttr = attr;
    }
    const miss = m.NLMSGERR_ATTR_MISS_TYPE;
    if (typeof miss === 'number') tx.missingAttr = this.missingName(tx, miss, m);
  }

  /** A missing attribute by name: of the request's own set, or (NLMSGERR_ATTR_MISS_NEST, the
   *  nest's offset in the request) by number inside the nest found there. */
  private missingName(tx: Transaction, type: number, m: Json): string {
    const nest = m.NLMSGERR_ATTR_MISS_NEST;
    if (typeof nest === 'number') {
      const where = tx.requestMessage ? offendingAttribute(tx.requestMessage, nest, tx.protocolId) : undefined;
      return `#${type} in ${where ?? `the nest at offset ${nest}`}`;
    }
    return attributeName(tx.protocolId, String(tx.type), type) ?? `#${type}`;
  }

  private close(o: Open, result: TxResult | undefined, closedBy: string | undefined, out: AnalysisItem[]): void {
    if (!this.all.remove(o)) return;
    this.unpend(o);
    if (o.filed) {
      const { protocolId, portId, seq } = o.tx;
      if (this.open.get(protocolId, portId!, seq) === o) this.open.delete(protocolId, portId!, seq);
      o.filed = false;
    }
    const tx = o.tx;
    if (result) tx.result = result;
    else if (tx.answers === 0) tx.result = o.expects ? 'unanswered' : 'no-reply';
    // a single GET answered in one multipart message and no NLMSG_DONE is whole (ctnetlink's
    // replies carry NLM_F_MULTI: conntrack -G, IPCTNL_MSG_CT_GET_STATS)
    else if (!tx.dump && !o.ack && (o.replied || o.multi)) tx.result = 'ok';
    else tx.result = 'cut-off';
    if (closedBy) tx.closedBy = closedBy;
    if (!tx.requestSeen) this.summary.orphan(tx);
    this.summary.transaction(tx);
    out.push(tx);
  }

  /** Closes what has waited too long (capture time). */
  private sweep(out: AnalysisItem[]): void {
    const { timeout, silentTimeout } = this.opts;
    for (let o = this.all.first, next; o; o = next) {
      next = o.next; // (closing o unlinks it)
      const idle = this.now - o.last;
      // an acked GET whose reply never came ended at its ACK
      if (o.lateReply) { if (idle > silentTimeout) this.close(o, 'ok', undefined, out); }
      else if (idle > timeout || (!o.expects && o.tx.answers === 0 && idle > silentTimeout)) this.close(o, undefined, 'timeout', out);
    }
  }

  /** End of the capture: everything still open is closed. */
  finish(out: AnalysisItem[]): Summary {
    const openAtEnd = this.all.size;
    for (let o = this.all.first, next; o; o = next) {
      next = o.next;
      if (o.lateReply) { this.close(o, 'ok', undefined, out); continue; }
      const idle = this.now - o.last;
      const silent = !o.expects && o.tx.answers === 0;
      this.close(o, undefined, silent && idle <= this.opts.silentTimeout ? 'end-of-capture' : idle > this.opts.timeout ? 'timeout' : 'end-of-capture', out);
    }
    return this.summary.finish({ maxOpen: this.maxOpenSeen, openAtEnd, timeout: this.opts.timeout });
  }
}
