// A fake kernel built from a capture: it answers requests with the answers recorded for the
// same request (matched by protocol, type, flags and body; not by sequence number or port id).
// It speaks the helper protocol (a FrameServer), so a client runs against it unchanged: in
// process (LoopbackTransport) or as `nlscope replay FILE --serve` over stdin/stdout.
import { readCapture } from '../capture/reader.js';
import type { ByteSource } from '../capture/input.js';
import type { Json } from '../codec/struct.js';
import { toHex } from '../wire/bytes.js';
import { encodeFrame, FrameParser, jsonFrame, OP, parseJson, PROTOCOL_VERSION, recvFrame, type Frame, type SocketOptions } from './protocol.js';
import type { FrameServer } from './client.js';
import { Analyzer, opOf } from '../analyze/analyzer.js';
import type { AnalysisItem, MsgRef } from '../analyze/types.js';
import { decodePacket } from '../codec/message.js';
import { Session } from '../codec/session.js';
import { packetTime } from '../stream/messages.js';
import { joinMessages } from '../codec/headers.js';
import { protocolName } from '../../codecs/index.js';

const NLMSG_NOOP = 1;
const NLMSG_ERROR = 2;
const NLM_F_ACK = 0x4;
const NLM_F_ECHO = 0x8;
const EOPNOTSUPP = 95;

export interface RecordedPacket {
  protocol: number;
  direction: 'to-kernel' | 'to-user';
  data: Uint8Array;
  /** capture time, seconds: when a request waited too long for its answers (pairExchanges) */
  time?: number;
}

export interface Exchange {
  protocol: number;
  /** 1-based packet number of the request in the capture */
  frame: number;
  request: Uint8Array;
  /** answer packets, each holding only the messages of this request's sequence number */
  answers: Uint8Array[];
  /** the request's type as decoded (a generic netlink family by name), what its declaration
   *  says it does, and a generic netlink request's command */
  name?: string;
  op?: string;
  command?: string;
  /** the port id of the socket that sent it (from its answers), when known */
  portId?: number;
}

/**
 * Pairs the requests of a capture with their answers as `nlscope stats` pairs them (the
 * Analyzer): by protocol, sequence number and port id, the port id learned from the first
 * answer when the request was sent with nlmsg_pid 0, and by the kind of answer a request
 * takes. iproute2 gives every socket of a process the same sequence number, so the sequence
 * number alone gave a dump's NLMSG_DONE to a later GET of another socket. To-user messages
 * that answer no request and are not control messages are notifications.
 */
export function pairExchanges(packets: Iterable<RecordedPacket & { frame?: number }>, session = new Session()): { exchanges: Exchange[]; notifications: Map<number, Uint8Array[]> } {
  const exchanges: Exchange[] = [];
  const notifications = new Map<number, Uint8Array[]>();
  const analyzer = new Analyzer({ keepMessages: false, keepAnswerRefs: true, session });
  /** requests by `frame:index`; the bytes of every to-user message by `frame:index` */
  const requests = new Map<string, Exchange>();
  const answers = new Map<string, Uint8Array>();
  const items: AnalysisItem[] = [];
  let n = 0;
  for (const p of packets) {
    n++;
    const frame = p.frame ?? n;
    const time = p.time ?? 0;
    const raw = messagesOf(p.data);
    raw.forEach((m, index) => {
      if (p.direction === 'to-user') { answers.set(`${frame}:${index}`, m); return; }
      const ex: Exchange = { protocol: p.protocol, frame, request: m.slice(), answers: [] };
      requests.set(`${frame}:${index}`, ex);
      exchanges.push(ex);
    });
    analyzer.packet(frame, time, p.data.length, false, items);
    const protocol = protocolName(p.protocol);
    const envelope = (index: number): Json => ({ frame, index, time, direction: p.direction, protocol });
    const { messages } = decodePacket(p.data, { protocol: p.protocol, direction: p.direction, session, envelope });
    for (const m of messages) {
      if (m.index as number >= raw.length) break; // past what messagesOf split: not a message
      const h = m.header as Json | undefined;
      const ex = requests.get(`${frame}:${m.index}`);
      if (ex && h && p.direction === 'to-kernel') {
        ex.name = String(h.type);
        ex.op = opOf(p.protocol, h.type as string | number, session);
        if (typeof m.cmd === 'string') ex.command = m.cmd; // generic netlink
      }
      analyzer.message(m, p.protocol, items);
    }
  }
  analyzer.finish(items);
  /** the messages of `refs` grouped into one packet per frame, in order */
  const packetsOf = (refs: readonly MsgRef[]): Uint8Array[] => {
    const out: Uint8Array[] = [];
    let group: Uint8Array[] = [];
    refs.forEach((r, i) => {
      const m = answers.get(`${r.frame}:${r.index}`);
      if (m) group.push(m);
      if (i === refs.length - 1 || refs[i + 1]!.frame !== r.frame) { if (group.length) out.push(joinMessages(group)); group = []; }
    });
    return out;
  };
  const notes: MsgRef[] = [];
  let noteProtocol = -1;
  const flushNotes = () => { for (const pk of packetsOf(notes)) push(notifications, noteProtocol, pk); notes.length = 0; };
  for (const it of items) {
    if (it.kind === 'transaction') {
      const ex = it.request && requests.get(`${it.request.frame}:${it.request.index}`);
      if (ex && it.answerRefs) ex.answers.push(...packetsOf(it.answerRefs));
      if (ex && it.portId !== null) ex.portId = it.portId;
    } else if (it.kind === 'notification') {
      if (it.protocolId !== noteProtocol) { flushNotes(); noteProtocol = it.protocolId; }
      notes.push(it.ref);
    }
  }
  flushNotes();
  return { exchanges, notifications };
}

/** Reads the packets of a capture (pcap / pcapng, nlmon link types) into memory. A file that
 *  ends in the middle of a record throws, or with `onCut` gives the packets before it. */
export async function readPackets(source: ByteSource, onCut?: (message: string) => void): Promise<Array<RecordedPacket & { frame: number; time: number }>> {
  const packets: Array<RecordedPacket & { frame: number; time: number }> = [];
  for await (const ev of readCapture(source)) {
    if (ev.kind === 'packet' && ev.packet.protocol >= 0 && ev.packet.direction !== 'unknown' && !ev.packet.truncated) {
      packets.push({ frame: ev.packet.frame, protocol: ev.packet.protocol, direction: ev.packet.direction, data: ev.packet.data.slice(), time: packetTime(ev.packet) });
    } else if (ev.kind === 'problem' && ev.fatal) {
      const message = `${typeof source === 'string' ? source : 'capture'}: ${ev.problem.message}`;
      // a capture cut short (a recording stopped mid-write) still holds its whole packets
      if (!onCut || packets.length === 0) throw new Error(message);
      onCut(message);
      break;
    }
  }
  return packets;
}

/** Splits a packet into its messages (with their padding). */
export function messagesOf(data: Uint8Array): Uint8Array[] {
  const dv = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const out: Uint8Array[] = [];
  let pos = 0;
  while (pos + 16 <= data.length) {
    const len = dv.getUint32(pos, true);
    if (len < 16 || pos + len > data.length) break;
    out.push(data.subarray(pos, pos + len));
    pos = (pos + len + 3) & ~3;
  }
  return out;
}

function u16(b: Uint8Array, o: number): number { return b[o]! | (b[o + 1]! << 8); }
function u32(b: Uint8Array, o: number): number { return new DataView(b.buffer, b.byteOffset, b.byteLength).getUint32(o, true); }

/** The matching key of a request message: protocol, type, flags (some bits masked), body without trailing zeros. */
function keyOf(protocol: number, msg: Uint8Array, mask = 0xffff): string {
  let end = msg.length;
  while (end > 16 && msg[end - 1] === 0) end--;
  return `${protocol}:${u16(msg, 4)}:${u16(msg, 6) & mask}:${toHex(msg, 16, end)}`;
}

const LOOSE = 0xffff & ~(NLM_F_ACK | NLM_F_ECHO);

export class FakeKernel implements FrameServer {
  private exact = new Map<string, Exchange[]>();
  private loose = new Map<string, Exchange[]>();
  private served = new Map<Exchange[], number>();
  /** notifications recorded (to-user packets answering no request), by protocol */
  readonly notifications: Map<number, Uint8Array[]>;
  readonly stats = { requests: 0, answered: 0, unmatched: 0 };
  private sockets = new Map<number, { protocol: number; portid: number }>();
  private nextPort = 0x7f000001;

  constructor(packets: Iterable<RecordedPacket>) {
    const { exchanges, notifications } = pairExchanges(packets);
    for (const ex of exchanges) {
      push(this.exact, keyOf(ex.protocol, ex.request), ex);
      push(this.loose, keyOf(ex.protocol, ex.request, LOOSE), ex);
    }
    this.notifications = notifications;
  }

  /** Reads a capture (pcap / pcapng, nlmon link types). */
  static async fromCapture(source: ByteSource, onCut?: (message: string) => void): Promise<FakeKernel> {
    return new FakeKernel(await readPackets(source, onCut));
  }

  /** How many recorded requests it knows. */
  get size(): number { let n = 0; for (const l of this.exact.values()) n += l.length; return n; }

  /**
   * The answer packets to one request packet sent by port `portid`, sequence numbers and port
   * ids rewritten to the request's. Unknown requests get EOPNOTSUPP with an extended ack.
   */
  answer(protocol: number, packet: Uint8Array, portid: number): Uint8Array[] {
    const out: Uint8Array[] = [];
    for (const m of messagesOf(packet)) {
      const seq = u32(m, 8);
      const flags = u16(m, 6);
      // a control message changes nothing and asks at most for its ACK, as the kernel gives it
      // (replay marks the end of a batch's answers so)
      if (u16(m, 4) === NLMSG_NOOP) { if (flags & NLM_F_ACK) out.push(errorMessage(m, 0, portid)); continue; }
      this.stats.requests++;
      let list = this.exact.get(keyOf(protocol, m));
      let loose = false;
      if (!list) { list = this.loose.get(keyOf(protocol, m, LOOSE)); loose = true; }
      if (!list) {
        this.stats.unmatched++;
        out.push(errorMessage(m, -EOPNOTSUPP, portid, 'nlscope fake kernel: no recorded answer to this request'));
        continue;
      }
      this.stats.answered++;
      const i = this.served.get(list) ?? 0;
      this.served.set(list, i + 1);
      const ex = list[Math.min(i, list.length - 1)]!;
      let acked = false;
      for (const a of ex.answers) {
        const b = a.slice();
        for (const am of messagesOf(b)) {
          const dv = new DataView(am.buffer, am.byteOffset, am.byteLength);
          dv.setUint32(8, seq, true);
          dv.setUint32(12, portid, true);
          if (u16(am, 4) === NLMSG_ERROR) {
            acked = true;
            if (am.length >= 36) { dv.setUint32(28, seq, true); dv.setUint32(32, u32(m, 12), true); }
          }
        }
        out.push(b);
      }
      // Matched without regard to NLM_F_ACK: acknowledge as asked.
      if (loose && (flags & NLM_F_ACK) && !acked && (u16(ex.request, 6) & NLM_F_ACK) === 0) out.push(errorMessage(m, 0, portid));
    }
    return out;
  }

  hello(): Json {
    return { protocol_version: PROTOCOL_VERSION, helper: 'nlscope-fake-kernel', pid: process.pid, requests: this.size };
  }

  handle(f: Frame, emit: (frame: Uint8Array) => void): void {
    const err = (op: string, name: string, errno: number, message: string) =>
      emit(jsonFrame(OP.ERROR, f.sock, { op, errno, name, message }));
    switch (f.op) {
      case OP.OPEN: {
        if (this.sockets.has(f.sock)) { err('open', 'EEXIST', 17, `socket id ${f.sock} already open`); return; }
        let o: SocketOptions;
        // options that are not a JSON object: ERROR, as the helper answers (PROTOCOL.md), not the end of the server
        try { o = f.payload.length ? parseJson<SocketOptions>(f.payload) : {}; } catch (e) { err('open', 'EINVAL', 22, `socket options: ${(e as Error).message}`); return; }
        if (o === null || typeof o !== 'object' || Array.isArray(o)) { err('open', 'EINVAL', 22, 'socket options: not a JSON object'); return; }
        const s = { protocol: o.protocol ?? 0, portid: this.nextPort++ };
        this.sockets.set(f.sock, s);
        emit(jsonFrame(OP.OPENED, f.sock, { portid: s.portid, protocol: s.protocol, rcvbuf: o.rcvbuf ?? 212992 }));
        if (o.groups?.length) {
          for (const n of this.notifications.get(s.protocol) ?? []) emit(recvFrame(f.sock, { portid: 0, group: 0, nsid: -1, truncated: false }, n));
        }
        return;
      }
      case OP.SEND: {
        const s = this.sockets.get(f.sock);
        if (!s) { err('send', 'EBADF', 9, `socket ${f.sock} is not open`); return; }
        for (const a of this.answer(s.protocol, f.payload, s.portid)) emit(recvFrame(f.sock, { portid: 0, group: 0, nsid: -1, truncated: false }, a));
        return;
      }
      case OP.SETOPT:
        if (!this.sockets.has(f.sock)) err('setopt', 'EBADF', 9, `socket ${f.sock} is not open`);
        return;
      case OP.CLOSE:
        this.sockets.delete(f.sock);
        emit(encodeFrame(OP.CLOSED, f.sock));
        return;
      default:
        err(`op${f.op}`, 'EINVAL', 22, `unknown operation ${f.op}`);
    }
  }
}

/** Serves a FrameServer on stdin/stdout (the helper side of the protocol). Resolves when stdin ends. */
export async function serveStdio(server: FrameServer, input: NodeJS.ReadableStream = process.stdin, output: NodeJS.WritableStream = process.stdout): Promise<void> {
  const parser = new FrameParser();
  const write = (b: Uint8Array) => { output.write(b); };
  write(jsonFrame(OP.HELLO, 0, server.hello()));
  for await (const chunk of input) {
    for (const f of parser.push(chunk as Uint8Array)) server.handle(f, write);
  }
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const l = m.get(k);
  if (l) l.push(v); else m.set(k, [v]);
}


/** NLMSG_ERROR answering `req` (echoed header only, NLM_F_CAPPED), with an extended ack message. */
function errorMessage(req: Uint8Array, error: number, portid: number, extack?: string): Uint8Array {
  const text = extack ? new TextEncoder().encode(extack + '\0') : new Uint8Array(0);
  const tlv = extack ? 4 + ((text.length + 3) & ~3) : 0;
  const len = 16 + 4 + 16 + tlv;
  const b = new Uint8Array(len);
  const dv = new DataView(b.buffer);
  dv.setUint32(0, len, true);
  dv.setUint16(4, NLMSG_ERROR, true);
  dv.setUint16(6, 0x100 | (extack ? 0x200 : 0), true); // NLM_F_CAPPED | NLM_F_ACK_TLVS
  dv.setUint32(8, u32(req, 8), true);
  dv.setUint32(12, portid, true);
  dv.setInt32(16, error, true);
  b.set(req.subarray(0, 16), 20);
  if (extack) {
    dv.setUint16(36, 4 + text.length, true);
    dv.setUint16(38, 1, true); // NLMSGERR_ATTR_MSG
    b.set(text, 40);
  }
  return b;
}
