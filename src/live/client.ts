// Live netlink through a helper process (Node has no AF_NETLINK): the client side of the
// protocol of src/live/PROTOCOL.md. request / dump / subscribe with sequence numbers and port
// ids handled, every packet optionally recorded as an nlmon capture.
import { errnoName } from '../../codecs/netlink.js';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { decodePacket, encodeMessage } from '../codec/message.js';
import type { Json } from '../codec/struct.js';
import { CaptureWriter } from '../capture/writer.js';
import { joinMessages } from '../codec/headers.js';
import { protocolById, protocolId, protocolName } from '../../codecs/index.js';
import { RTNLGRP } from '../../codecs/route/index.js';
import {
  encodeFrame, FrameParser, jsonFrame, OP, parseJson, parseRecv,
  type Frame, type HelperErrorInfo, type RecvMeta, type SocketOptions,
} from './protocol.js';

const NLMSG_NOOP = 1;
const NLMSG_ERROR = 2;
const NLMSG_DONE = 3;
const NLMSG_OVERRUN = 4;
const NLM_F_REQUEST = 0x1;
const NLM_F_MULTI = 0x2;
const NLM_F_ACK = 0x4;
const NLM_F_DUMP_INTR = 0x10;
const NLM_F_DUMP = 0x300;

// ---------------------------------------------------------------- errors

/** The helper could not start, died, was killed, or broke the protocol. */
export class HelperError extends Error {
  override name = 'HelperError';
  constructor(message: string, readonly command: string, readonly exitCode: number | null = null,
    readonly signal: string | null = null, readonly stderr = '') { super(message); }
}

/** An error the kernel (NLMSG_ERROR / NLMSG_DONE) or the socket (errno of a syscall) returned. */
export class NetlinkError extends Error {
  override name = 'NetlinkError';
  constructor(
    /** positive errno */
    readonly errno: number,
    /** errno name: EEXIST, ENOBUFS ... */
    readonly code: string,
    /** extended ack message (NLMSGERR_ATTR_MSG) */
    readonly extack?: string,
    /** extended ack offset of the bad attribute in the request (NLMSGERR_ATTR_OFFS) */
    readonly offset?: number,
    /** 'kernel': an NLMSG_ERROR/DONE answer; 'socket': a failed send/recv in the helper */
    readonly source: 'kernel' | 'socket' = 'kernel',
    /** the decoded error message */
    readonly answer?: Json,
  ) {
    super(`${code}${extack ? `: ${extack}` : ''}${offset !== undefined ? ` (at byte ${offset} of the request)` : ''}`);
  }
}

/** NLM_F_DUMP_INTR on every attempt of a dump. */
export class DumpInterruptedError extends Error {
  override name = 'DumpInterruptedError';
  constructor(readonly attempts: number) { super(`dump interrupted (NLM_F_DUMP_INTR) on all ${attempts} attempts: the state kept changing`); }
}

/** How long an exchange whose reply follows its ACK (audit) waits for that reply. */
const LATE_REPLY_MS = 500;

export class TimeoutError extends Error {
  override name = 'TimeoutError';
  constructor(message: string, /** what had come when time ran out (exchange) */ readonly received: ReceivedPacket[] = []) {
    super(message);
  }
}

// ---------------------------------------------------------------- transports

/** Carries frames to a helper and back. */
export interface Transport {
  readonly name: string;
  write(frame: Uint8Array): void;
  /** Set by the connection. */
  onFrame: (f: Frame) => void;
  /** Called once when the transport ends; err null for an orderly close. */
  onClose: (err: Error | null) => void;
  pause(): void;
  resume(): void;
  close(): Promise<void>;
  /** Ends the helper abruptly (tests; the process id when there is one). */
  kill(signal?: NodeJS.Signals): void;
  readonly pid?: number;
}

/** The built-in Python helper's path. */
export const HELPER_PY = fileURLToPath(new URL('./helper.py', import.meta.url));

/** The command that starts the helper: option, else $NLSCOPE_HELPER, else python3 helper.py. */
export function helperCommand(opts: { helper?: string | string[]; netns?: string } = {}): string[] {
  let cmd: string[];
  const given = opts.helper ?? process.env.NLSCOPE_HELPER;
  if (Array.isArray(given)) cmd = given;
  else if (given && given.trim().startsWith('[')) cmd = JSON.parse(given) as string[];
  else if (given) cmd = shellWords(given);
  else cmd = [existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3', HELPER_PY];
  if (opts.netns) cmd = ['ip', 'netns', 'exec', opts.netns, ...cmd];
  return cmd;
}

/** A command line split as a shell splits it: on blanks, except inside '...' or "..." or after a
 *  backslash (`--helper "python3 '/my dir/helper.py'"`). */
export function shellWords(s: string): string[] {
  const out: string[] = [];
  let word: string | null = null;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === "'") {
      const end = s.indexOf("'", i + 1);
      if (end < 0) throw new Error(`unmatched ' in command: ${s}`);
      word = (word ?? '') + s.slice(i + 1, end);
      i = end;
    } else if (c === '"') {
      // inside "...", a backslash quotes only " \\ $ `
      let j = i + 1;
      word ??= '';
      for (; j < s.length && s[j] !== '"'; j++) word += s[j] === '\\' && '"\\$`'.includes(s[j + 1] ?? '') ? s[++j] : s[j];
      if (j >= s.length) throw new Error(`unmatched " in command: ${s}`);
      i = j;
    } else if (c === '\\' && i + 1 < s.length) word = (word ?? '') + s[++i];
    else if (/\s/.test(c)) { if (word !== null) out.push(word); word = null; }
    else word = (word ?? '') + c;
  }
  if (word !== null) out.push(word);
  return out;
}

export class ProcessTransport implements Transport {
  readonly name: string;
  onFrame: (f: Frame) => void = () => {};
  onClose: (err: Error | null) => void = () => {};
  private proc: ChildProcess;
  private parser = new FrameParser();
  private stderr = '';
  private closing = false;
  private ended = false;
  private spawnError: Error | null = null;

  constructor(readonly command: string[]) {
    this.name = command.join(' ');
    this.proc = spawn(command[0]!, command.slice(1), { stdio: ['pipe', 'pipe', 'pipe'] });
    this.proc.on('error', (e: NodeJS.ErrnoException) => {
      this.spawnError = e;
      // 'close' may not follow a failed spawn
      if (e.code === 'ENOENT' || e.code === 'EACCES') this.finish(new HelperError(`cannot start the netlink helper "${this.name}": ${e.code === 'ENOENT' ? 'command not found' : 'permission denied'}`, this.name));
    });
    this.proc.stdin!.on('error', () => { /* EPIPE: reported by 'close' */ });
    this.proc.stdout!.on('data', (chunk: Buffer) => {
      let frames: Frame[];
      try { frames = this.parser.push(chunk); } catch (e) {
        this.finish(new HelperError(`the netlink helper "${this.name}" broke the protocol: ${(e as Error).message}`, this.name));
        this.proc.kill('SIGKILL');
        return;
      }
      for (const f of frames) { if (this.ended) return; this.onFrame(f); }
    });
    this.proc.stderr!.on('data', (c: Buffer) => { this.stderr = (this.stderr + c.toString()).slice(-2000); });
    this.proc.on('close', (code, signal) => {
      if (this.closing && (code === 0 || signal === 'SIGTERM')) { this.finish(null); return; }
      const tail = this.stderr.trim() ? ` (helper said: ${this.stderr.trim().split('\n').slice(-3).join(' / ')})` : '';
      const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
      const what = this.spawnError ? `failed: ${this.spawnError.message}` : how;
      this.finish(new HelperError(`the netlink helper "${this.name}" ${what}${tail}`, this.name, code, signal, this.stderr));
    });
  }

  get pid(): number | undefined { return this.proc.pid; }

  private finish(err: Error | null): void {
    if (this.ended) return;
    this.ended = true;
    this.onClose(err);
  }

  write(frame: Uint8Array): void {
    if (this.ended || !this.proc.stdin!.writable) return;
    this.proc.stdin!.write(frame);
  }

  pause(): void { this.proc.stdout!.pause(); }
  resume(): void { this.proc.stdout!.resume(); }

  async close(): Promise<void> {
    if (this.ended) return;
    this.closing = true;
    const done = new Promise<void>((r) => this.proc.once('close', () => r()));
    this.proc.stdin!.end();
    const t = setTimeout(() => this.proc.kill('SIGTERM'), 2000);
    await done;
    clearTimeout(t);
  }

  kill(signal: NodeJS.Signals = 'SIGKILL'): void { this.proc.kill(signal); }
}

/** The server side of the protocol, for in-process helpers (the fake kernel). */
export interface FrameServer {
  /** Handle one frame from the client; emit answers through `emit`. */
  handle(f: Frame, emit: (frame: Uint8Array) => void): void;
  hello(): Json;
}

/** Connects a client to an in-process FrameServer (no child process). */
export class LoopbackTransport implements Transport {
  readonly name: string;
  onFrame: (f: Frame) => void = () => {};
  onClose: (err: Error | null) => void = () => {};
  private parser = new FrameParser();
  private ended = false;
  private paused: Uint8Array[] | null = null;

  constructor(private server: FrameServer, name = 'in-process fake kernel') {
    this.name = name;
    queueMicrotask(() => this.deliver(jsonFrame(OP.HELLO, 0, server.hello())));
  }

  private deliver(frame: Uint8Array): void {
    if (this.ended) return;
    if (this.paused) { this.paused.push(frame); return; }
    for (const f of this.parser.push(frame)) this.onFrame(f);
  }

  write(frame: Uint8Array): void {
    if (this.ended) return;
    const server = this.server;
    for (const f of new FrameParser().push(frame)) setImmediate(() => server.handle(f, (b) => this.deliver(b)));
  }

  pause(): void { this.paused ??= []; }
  resume(): void {
    const q = this.paused;
    this.paused = null;
    for (const b of q ?? []) this.deliver(b);
  }

  async close(): Promise<void> { if (!this.ended) { this.ended = true; this.onClose(null); } }
  kill(): void { if (!this.ended) { this.ended = true; this.onClose(new HelperError(`${this.name} was killed`, this.name)); } }
}

// ---------------------------------------------------------------- connection

export interface ConnectionOptions {
  /** helper command (array, or a command line); default $NLSCOPE_HELPER or python3 src/live/helper.py */
  helper?: string | string[];
  /** run the helper in this network namespace (ip netns exec NAME ...) */
  netns?: string;
  /** a ready transport instead of spawning (e.g. new LoopbackTransport(fakeKernel)) */
  transport?: Transport;
  /** record every packet, both directions, as an nlmon capture (.pcap / .pcapng, or a writer) */
  record?: string | CaptureWriter;
  /** how long to wait for the helper's HELLO; default 60 s (a loaded machine starting tsx ...) */
  startTimeoutMs?: number;
}

interface SocketSink {
  protocol: number;
  packet(data: Uint8Array, meta: RecvMeta, frame: number, time: number): void;
  error(err: Error): void;
  opened?: (info: { portid: number }) => void;
  closed?: () => void;
}

const HIGH_WATER = 8 << 20;
const LOW_WATER = 1 << 20;

/** One helper: sockets, recording, flow control. */
export class Connection {
  hello: Json = {};
  private sockets = new Map<number, SocketSink>();
  private nextId = 1;
  private failure: Error | null = null;
  private closed = false;
  private writer?: CaptureWriter;
  private ownWriter = false;
  private recordChain: Promise<void> = Promise.resolve();
  private recordError: Error | null = null;
  private queued = 0;
  private paused = false;
  /** packets sent and received so far (frame numbers of the record file) */
  frames = 0;

  private constructor(readonly transport: Transport) {}

  static async start(opts: ConnectionOptions = {}): Promise<Connection> {
    const t = opts.transport ?? new ProcessTransport(helperCommand(opts));
    const c = new Connection(t);
    if (opts.record) {
      c.writer = typeof opts.record === 'string' ? new CaptureWriter(opts.record) : opts.record;
      c.ownWriter = typeof opts.record === 'string';
    }
    const hello = new Promise<Json>((resolve, reject) => {
      const timer = setTimeout(() => { reject(new HelperError(`the netlink helper "${t.name}" did not answer within ${(opts.startTimeoutMs ?? 60000) / 1000} s`, t.name)); t.kill('SIGKILL'); }, opts.startTimeoutMs ?? 60000);
      t.onFrame = (f) => {
        if (f.op === OP.HELLO) { clearTimeout(timer); t.onFrame = (g) => c.frame(g); resolve(parseJson<Json>(f.payload)); }
        else { clearTimeout(timer); reject(new HelperError(`the netlink helper "${t.name}" did not start with HELLO`, t.name)); t.kill('SIGKILL'); }
      };
      t.onClose = (err) => { clearTimeout(timer); c.fail(err ?? new HelperError(`the netlink helper "${t.name}" ended`, t.name)); reject(c.failure); };
    });
    try {
      c.hello = await hello;
    } catch (e) {
      if (c.writer && c.ownWriter) await c.writer.close().catch(() => {});
      throw e;
    }
    t.onClose = (err) => c.fail(err ?? new HelperError(`the netlink helper "${t.name}" ended`, t.name));
    return c;
  }

  get error(): Error | null { return this.failure; }

  private fail(err: Error): void {
    if (this.failure) return;
    this.failure = err;
    for (const s of this.sockets.values()) s.error(err);
    this.sockets.clear();
  }

  private frame(f: Frame): void {
    const s = this.sockets.get(f.sock);
    if (!s) return;
    if (f.op === OP.RECV) {
      const { meta, data } = parseRecv(f.payload);
      const frame = ++this.frames;
      const time = now();
      this.record(s.protocol, 'to-user', data, time);
      s.packet(data, meta, frame, time);
    } else if (f.op === OP.ERROR) {
      const e = parseJson<HelperErrorInfo>(f.payload);
      const err = new NetlinkError(e.errno, e.name, `${e.op}: ${e.message}`, undefined, 'socket');
      Object.assign(err, { op: e.op, seq: e.seq });
      s.error(err);
    } else if (f.op === OP.OPENED) {
      s.opened?.(parseJson<{ portid: number }>(f.payload));
    } else if (f.op === OP.CLOSED) {
      this.sockets.delete(f.sock);
      s.closed?.();
    }
  }

  private record(protocol: number, direction: 'to-kernel' | 'to-user', data: Uint8Array, time: number): void {
    const w = this.writer;
    if (!w) return;
    const sec = Math.floor(time);
    const nsec = Math.min(999999999, Math.round((time - sec) * 1e6) * 1000);
    const copy = data.slice();
    this.recordChain = this.recordChain.then(() => w.write({ sec, nsec, protocol, direction, data: copy })).catch((e: Error) => { this.recordError ??= e; });
  }

  /** Flow control: the consumers hold `bytes` more (negative: fewer). */
  account(bytes: number): void {
    this.queued += bytes;
    if (!this.paused && this.queued > HIGH_WATER) { this.paused = true; this.transport.pause(); }
    else if (this.paused && this.queued < LOW_WATER) { this.paused = false; this.transport.resume(); }
  }

  /** Opens a netlink socket in the helper. */
  open(opts: SocketOptions, sink: Omit<SocketSink, 'opened' | 'protocol'>): Promise<{ id: number; portid: number }> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.closed) return Promise.reject(new Error('connection closed'));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      let open = false;
      const full: SocketSink = {
        protocol: opts.protocol ?? 0,
        packet: sink.packet,
        error: (e) => { if (open) sink.error(e); else { this.sockets.delete(id); reject(e); } },
        opened: ({ portid }) => { open = true; resolve({ id, portid }); },
        closed: sink.closed,
      };
      this.sockets.set(id, full);
      this.transport.write(jsonFrame(OP.OPEN, id, opts));
    });
  }

  send(id: number, data: Uint8Array): void {
    if (this.failure) throw this.failure;
    const s = this.sockets.get(id);
    if (!s) throw new Error(`socket ${id} is not open`);
    ++this.frames;
    this.record(s.protocol, 'to-kernel', data, now());
    this.transport.write(encodeFrame(OP.SEND, id, data));
  }

  setopt(id: number, opts: SocketOptions): void {
    this.transport.write(jsonFrame(OP.SETOPT, id, opts));
  }

  closeSocket(id: number): void {
    if (!this.sockets.has(id) || this.failure) return;
    this.transport.write(encodeFrame(OP.CLOSE, id));
  }

  /** Closes the helper and the record file. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.transport.onClose = () => {};
    await this.transport.close();
    this.fail(new Error('connection closed'));
    await this.recordChain;
    if (this.writer && this.ownWriter) await this.writer.close();
    if (this.recordError) throw this.recordError;
  }
}

function now(): number {
  return (performance.timeOrigin + performance.now()) / 1000;
}

// ---------------------------------------------------------------- a queue for async iterators

class Queue<T> {
  private items: T[] = [];
  private waiting: { resolve: (v: IteratorResult<T>) => void; reject: (e: Error) => void } | null = null;
  private done = false;
  private error: Error | null = null;

  push(v: T): void {
    if (this.done) return;
    if (this.waiting) { const w = this.waiting; this.waiting = null; w.resolve({ value: v, done: false }); } else this.items.push(v);
  }
  end(err?: Error): void {
    if (this.done) return;
    this.done = true;
    this.error = err ?? null;
    if (this.waiting) {
      const w = this.waiting; this.waiting = null;
      if (this.items.length === 0) { if (err) w.reject(err); else w.resolve({ value: undefined, done: true }); }
    }
  }
  next(): Promise<IteratorResult<T>> {
    if (this.items.length) return Promise.resolve({ value: this.items.shift()!, done: false });
    if (this.done) return this.error ? Promise.reject(this.error) : Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve, reject) => { this.waiting = { resolve, reject }; });
  }
  get ended(): boolean { return this.done; }
}

// ---------------------------------------------------------------- the client

export interface ReceivedPacket { data: Uint8Array; frame: number; time: number; meta: RecvMeta }

export interface ClientOptions extends ConnectionOptions {
  /** netlink protocol: number or name (route, sock_diag, NETLINK_ROUTE ...); default route */
  protocol?: number | string;
  /** socket options; default ext_ack on, rcvbuf 1 MiB */
  socket?: Omit<SocketOptions, 'protocol' | 'groups'>;
  /** a connection to share (several protocols through one helper) */
  connection?: Connection;
}

export interface RequestOptions { timeoutMs?: number }

export interface DumpOptions extends RequestOptions {
  /** attempts after an NLM_F_DUMP_INTR dump; default 3 */
  retries?: number;
  /**
   * 'stream' (default): messages as the parts arrive; after an interrupted attempt the dump
   * starts again (onRestart tells) and the messages come again.
   * 'snapshot': the raw packets of an attempt are held until NLMSG_DONE; only a consistent
   * attempt is given out.
   */
  mode?: 'stream' | 'snapshot';
  onRestart?: (attempt: number) => void;
}

export type MonitorEvent =
  | { kind: 'notification'; message: Json; group: number; nsid: number; portid: number; /** length of the packet it came in */ bytes: number }
  | { kind: 'overrun'; count: number; error: NetlinkError }
  | { kind: 'resync'; message: Json }
  | { kind: 'resync-done'; messages: number }
  | { kind: 'resync-failed'; error: Error };

export interface SubscribeOptions {
  /** re-dump requests run (on the request socket) after each ENOBUFS overrun, given out as 'resync' events */
  resync?: Array<Json | Uint8Array>;
  socket?: Omit<SocketOptions, 'protocol' | 'groups'>;
}

interface Pending {
  packet(p: ReceivedPacket, seqMsgs: number): void;
  error(e: Error): void;
}

const seqBase = Math.floor(Date.now() / 1000) >>> 0;

/** The number of an RTNLGRP group from a name (link, ipv4_route, RTNLGRP_LINK) or number. */
export function groupNumber(g: number | string): number {
  if (typeof g === 'number') return g;
  if (/^\d+$/.test(g)) return Number(g);
  const up = g.toUpperCase();
  const n = RTNLGRP.byName.get(up.startsWith('RTNLGRP_') ? up : `RTNLGRP_${up}`);
  if (n === undefined) throw new Error(`unknown multicast group "${g}"`);
  return n;
}

/** A netlink socket of one protocol, through a helper. */
export class NetlinkClient {
  portid = 0;
  private seq = seqBase;
  private pending = new Map<number, Pending>();
  private dumpLock: Promise<void> = Promise.resolve();
  private subs = new Set<{ id: number; end: (e?: Error) => void }>();
  private failure: Error | null = null;

  private constructor(readonly connection: Connection, readonly protocol: number, private ownConnection: boolean, private sockId = 0) {}

  static async open(opts: ClientOptions = {}): Promise<NetlinkClient> {
    const protocol = protocolId(opts.protocol ?? 0);
    if (protocol === undefined) throw new Error(`unknown netlink protocol "${opts.protocol}"`);
    const conn = opts.connection ?? await Connection.start(opts);
    const c = new NetlinkClient(conn, protocol, !opts.connection);
    try {
      const { id, portid } = await conn.open({ protocol, ext_ack: true, rcvbuf: 1 << 20, ...opts.socket }, {
        packet: (data, meta, frame, time) => c.onPacket({ data, meta, frame, time }),
        error: (e) => c.onError(e),
      });
      c.sockId = id;
      c.portid = portid;
    } catch (e) {
      if (!opts.connection) await conn.close().catch(() => {});
      throw e;
    }
    return c;
  }

  /** Another protocol through the same helper. */
  socket(protocol: number | string, socket?: ClientOptions['socket']): Promise<NetlinkClient> {
    return NetlinkClient.open({ protocol, connection: this.connection, socket });
  }

  private onPacket(p: ReceivedPacket): void {
    const { data } = p;
    const dv = new DataView(data.buffer, data.byteOffset, data.byteLength);
    // Messages of one packet normally answer one request; hand each its own.
    let pos = 0;
    const counts = new Map<number, number>();
    while (pos + 16 <= data.length) {
      const len = dv.getUint32(pos, true);
      const seq = dv.getUint32(pos + 8, true);
      counts.set(seq, (counts.get(seq) ?? 0) + 1);
      if (len < 16) break;
      pos += (len + 3) & ~3;
    }
    if (counts.size === 1) {
      const [seq, n] = [...counts][0]!;
      this.pending.get(seq)?.packet(p, n);
      return;
    }
    for (const [seq, n] of counts) {
      const h = this.pending.get(seq);
      if (h) h.packet({ ...p, data: onlySeq(data, seq) }, n);
    }
  }

  private onError(e: Error): void {
    if (e instanceof NetlinkError && e.source === 'socket') {
      const seq = (e as NetlinkError & { seq?: number }).seq;
      if (seq !== undefined && this.pending.has(seq)) { this.pending.get(seq)!.error(e); return; }
      // ENOBUFS on the request socket: answers were lost, for every pending request
      for (const h of [...this.pending.values()]) h.error(e);
      return;
    }
    this.failure = e;
    for (const h of [...this.pending.values()]) h.error(e);
    this.pending.clear();
    for (const s of this.subs) s.end(e);
  }

  private nextSeq(): number {
    do { this.seq = (this.seq + 1) >>> 0; } while (this.seq === 0 || this.pending.has(this.seq));
    return this.seq;
  }

  /** The request's bytes with our seq, pid 0, and NLM_F_REQUEST plus addFlags; `asIs` keeps the
   *  flags as they are (replay: the connector takes messages without NLM_F_REQUEST). */
  private prepare(msg: Json | Uint8Array, addFlags: number, seq: number, asIs = false): Uint8Array {
    const bytes = msg instanceof Uint8Array ? msg.slice() : encodeMessage(msg, { protocol: this.protocol, direction: 'to-kernel' });
    if (bytes.length < 16) throw new Error('a netlink request needs at least a 16-byte header');
    const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (!asIs) dv.setUint16(6, dv.getUint16(6, true) | NLM_F_REQUEST | addFlags, true);
    dv.setUint32(8, seq, true);
    dv.setUint32(12, 0, true);
    return bytes;
  }

  /** Decodes one received packet into message objects (the jsonl contract's envelope first). */
  decode(p: ReceivedPacket): Json[] {
    const protocol = protocolName(this.protocol);
    return decodePacket(p.data, {
      protocol: this.protocol, direction: 'to-user',
      envelope: (index) => ({ frame: p.frame, index, time: Math.round(p.time * 1e6) / 1e6, direction: 'to-user', protocol }),
    }).messages;
  }

  private check(): void {
    if (this.failure) throw this.failure;
    if (this.connection.error) throw this.connection.error;
  }

  /**
   * Sends one request (NLM_F_REQUEST | NLM_F_ACK added, seq and pid set) and resolves to the
   * answers (decoded, the final ACK left out), or rejects with a NetlinkError. A request with
   * NLM_F_DUMP collects the whole dump.
   */
  async request(msg: Json | Uint8Array, opts: RequestOptions = {}): Promise<Json[]> {
    this.check();
    const probe = msg instanceof Uint8Array ? msg : encodeMessage(msg, { protocol: this.protocol, direction: 'to-kernel' });
    const flags = new DataView(probe.buffer, probe.byteOffset).getUint16(6, true);
    if ((flags & NLM_F_DUMP) === NLM_F_DUMP) {
      const out: Json[] = [];
      for await (const m of this.dump(probe, { ...opts, mode: 'snapshot' })) out.push(m);
      return out;
    }
    const seq = this.nextSeq();
    const bytes = this.prepare(probe, NLM_F_ACK, seq);
    return new Promise<Json[]>((resolve, reject) => {
      const answers: Json[] = [];
      let timer: NodeJS.Timeout | undefined;
      const finish = (err: Error | null) => {
        this.pending.delete(seq);
        if (timer) clearTimeout(timer);
        if (err) reject(err); else resolve(answers);
      };
      this.pending.set(seq, {
        packet: (p) => {
          for (const m of this.decode(p)) {
            const h = m.header as Json;
            if (h.seq !== seq) continue;
            if (h.type === 'NLMSG_ERROR') { finish(m.error === 0 ? null : errorOf(m)); return; }
            answers.push(m);
          }
        },
        error: (e) => finish(e),
      });
      if (opts.timeoutMs) timer = setTimeout(() => finish(new TimeoutError(`no answer within ${opts.timeoutMs} ms`)), opts.timeoutMs);
      try { this.connection.send(this.sockId, bytes); } catch (e) { finish(e as Error); }
    });
  }

  /**
   * A dump (NLM_F_DUMP added) as an async iterator of decoded messages, part by part. Dumps on
   * one socket run one after another (the kernel allows one at a time). NLM_F_DUMP_INTR: the
   * dump runs again, up to `retries` times, then DumpInterruptedError.
   */
  async *dump(msg: Json | Uint8Array, opts: DumpOptions = {}): AsyncGenerator<Json, void, undefined> {
    for await (const p of this.dumpPackets(msg, opts)) yield* this.decode(p);
  }

  /** dump(), as the received packets (undecoded). */
  async *dumpPackets(msg: Json | Uint8Array, opts: DumpOptions = {}): AsyncGenerator<ReceivedPacket, void, undefined> {
    this.check();
    const retries = opts.retries ?? 3;
    const mode = opts.mode ?? 'stream';
    const template = msg instanceof Uint8Array ? msg : encodeMessage(msg, { protocol: this.protocol, direction: 'to-kernel' });
    let release!: () => void;
    const prev = this.dumpLock;
    this.dumpLock = new Promise<void>((r) => { release = r; });
    await prev;
    let draining = false;
    try {
      for (let attempt = 1; ; attempt++) {
        this.check();
        const seq = this.nextSeq();
        const bytes = this.prepare(template, NLM_F_DUMP, seq);
        const q = new Queue<ReceivedPacket>();
        let interrupted = false;
        let finished = false;
        let timer: NodeJS.Timeout | undefined;
        const end = (err?: Error) => {
          finished = true;
          if (timer) clearTimeout(timer);
          this.pending.delete(seq);
          q.end(err);
        };
        this.pending.set(seq, {
          packet: (p) => {
            const r = scan(p.data, seq);
            if (r.intr) interrupted = true;
            if (r.messages > 0) { this.connection.account(p.data.length); q.push(p); }
            if (r.error) end(r.error);
            else if (r.done) end();
          },
          error: (e) => end(e),
        });
        if (opts.timeoutMs) timer = setTimeout(() => end(new TimeoutError(`dump did not finish within ${opts.timeoutMs} ms`)), opts.timeoutMs);
        try { this.connection.send(this.sockId, bytes); } catch (e) { end(e as Error); }
        const held: ReceivedPacket[] = [];
        try {
          for (;;) {
            const r = await q.next();
            if (r.done) break;
            this.connection.account(-r.value.data.length);
            if (mode === 'snapshot') held.push(r.value);
            else yield r.value;
          }
        } finally {
          if (!finished) {
            // The consumer stopped early: let the kernel finish this dump, dropping the rest,
            // before the next dump on this socket may start.
            draining = true;
            if (timer) clearTimeout(timer);
            const stop = () => { this.pending.delete(seq); release(); };
            this.pending.set(seq, { packet: (p) => { const r = scan(p.data, seq); if (r.done || r.error) stop(); }, error: stop });
            q.end();
          }
        }
        if (!interrupted) { for (const p of held) yield p; return; }
        if (attempt > retries) throw new DumpInterruptedError(attempt);
        opts.onRestart?.(attempt + 1);
      }
    } finally {
      if (!draining) release();
    }
  }

  /**
   * Sends a request as it is (its flags kept; seq and pid set) and resolves to every answer
   * packet, the final NLMSG_DONE / NLMSG_ERROR included: the raw exchange, for replays. Ends at
   * NLMSG_DONE or NLMSG_ERROR, or, for a request without NLM_F_ACK or NLM_F_DUMP, at the
   * first answer that is not part of a multipart series.
   */
  async exchange(msg: Uint8Array, opts: RequestOptions = {}): Promise<ReceivedPacket[]> {
    this.check();
    const seq = this.nextSeq();
    const bytes = this.prepare(msg, 0, seq, true);
    const head = new DataView(bytes.buffer, bytes.byteOffset);
    const flags = head.getUint16(6, true);
    const isDump = (flags & NLM_F_DUMP) === NLM_F_DUMP;
    // audit answers a GET's ACK first and its reply after (ProtocolDecl.repliesAfterAck): the ACK
    // does not end such an exchange; the reply does, or a short wait without one
    const proto = protocolById(this.protocol);
    const replyAfterAck = !isDump && (flags & NLM_F_ACK) !== 0 && !!proto?.repliesAfterAck
      && proto.messages.get(head.getUint16(4, true))?.op === 'get';
    let release = () => {};
    if (isDump) {
      const prev = this.dumpLock;
      this.dumpLock = new Promise<void>((r) => { release = r; });
      await prev;
    }
    return new Promise<ReceivedPacket[]>((resolve, reject) => {
      const packets: ReceivedPacket[] = [];
      let timer: NodeJS.Timeout | undefined;
      const finish = (err: Error | null) => {
        this.pending.delete(seq);
        if (timer) clearTimeout(timer);
        release();
        if (err) reject(err); else resolve(packets);
      };
      this.pending.set(seq, {
        packet: (p) => {
          packets.push(p);
          const dv = new DataView(p.data.buffer, p.data.byteOffset, p.data.byteLength);
          let pos = 0, end = false;
          while (pos + 16 <= p.data.length) {
            const len = dv.getUint32(pos, true);
            const type = dv.getUint16(pos + 4, true);
            const f = dv.getUint16(pos + 6, true);
            if (dv.getUint32(pos + 8, true) === seq) {
              if (replyAfterAck && type === NLMSG_ERROR && dv.getInt32(pos + 16, true) === 0) {
                if (timer) clearTimeout(timer);
                timer = setTimeout(() => finish(null), LATE_REPLY_MS);
              } else if (type === NLMSG_ERROR || type === NLMSG_DONE || type === NLMSG_OVERRUN) end = true;
              else if (!isDump && (!(flags & NLM_F_ACK) || replyAfterAck) && !(f & NLM_F_MULTI)) end = true;
            }
            if (len < 16) break;
            pos += (len + 3) & ~3;
          }
          if (end) finish(null);
        },
        error: (e) => finish(e),
      });
      timer = setTimeout(() => finish(new TimeoutError(`no complete answer within ${opts.timeoutMs ?? 5000} ms`, packets)), opts.timeoutMs ?? 5000);
      try { this.connection.send(this.sockId, bytes); } catch (e) { finish(e as Error); }
    });
  }

  /**
   * Several requests sent in one packet, as a tool sent them, each with a sequence number of its
   * own; resolves to the answer packets of each, in order. An nf_tables batch (BATCH_BEGIN, the
   * changes, BATCH_END) must come this way: the kernel takes its messages only together. Its
   * messages usually ask for no answer and get none when they work, so the end is marked: the
   * kernel handles a packet whole before the next one on the socket, and an NLMSG_NOOP asking
   * for an ACK sent after it is acknowledged after everything the packet caused. Not for dumps
   * (their parts come as they are read, after that ACK).
   */
  async exchangePacket(msgs: readonly Uint8Array[], opts: RequestOptions = {}): Promise<ReceivedPacket[][]> {
    this.check();
    const seqs: number[] = [];
    const parts = msgs.map((m) => { const seq = this.nextSeq(); seqs.push(seq); return this.prepare(m, 0, seq, true); });
    const barrier = this.nextSeq();
    const answers: ReceivedPacket[][] = seqs.map(() => []);
    return new Promise<ReceivedPacket[][]>((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const finish = (err: Error | null) => {
        for (const seq of [...seqs, barrier]) this.pending.delete(seq);
        if (timer) clearTimeout(timer);
        if (err) reject(err); else resolve(answers);
      };
      seqs.forEach((seq, i) => this.pending.set(seq, { packet: (p) => { answers[i]!.push(p); }, error: (e) => finish(e) }));
      this.pending.set(barrier, { packet: () => finish(null), error: (e) => finish(e) });
      timer = setTimeout(() => finish(new TimeoutError(`no complete answer within ${opts.timeoutMs ?? 5000} ms`, answers.flat())), opts.timeoutMs ?? 5000);
      const noop = new Uint8Array(16);
      const dv = new DataView(noop.buffer);
      dv.setUint32(0, 16, true);
      dv.setUint16(4, NLMSG_NOOP, true);
      dv.setUint16(6, NLM_F_REQUEST | NLM_F_ACK, true);
      dv.setUint32(8, barrier, true);
      try {
        this.connection.send(this.sockId, joinMessages(parts));
        this.connection.send(this.sockId, noop);
      } catch (e) { finish(e as Error); }
    });
  }

  /**
   * Notifications of multicast groups (numbers or RTNLGRP names: link, ipv4_route ...) on a
   * socket of their own. ENOBUFS (the kernel dropped notifications) is an 'overrun' event,
   * counted; with `resync` the given dumps run again and their answers follow as 'resync'
   * events. End it with return() (break) or close().
   */
  subscribe(groups: Array<number | string>, opts: SubscribeOptions = {}): Subscription {
    return new Subscription(this, groups.map(groupNumber), opts);
  }

  /** @internal */
  attach(groups: number[], opts: SubscribeOptions, q: Queue<MonitorEvent>, sub: Subscription): Promise<number> {
    this.check();
    const entry = { id: 0, end: (e?: Error) => q.end(e) };
    this.subs.add(entry);
    const protocol = protocolName(this.protocol);
    return this.connection.open({ protocol: this.protocol, rcvbuf: 1 << 20, ...opts.socket, groups }, {
      packet: (data, meta, frame, time) => {
        const ms = decodePacket(data, {
          protocol: this.protocol, direction: 'to-user',
          envelope: (index) => ({ frame, index, time: Math.round(time * 1e6) / 1e6, direction: 'to-user', protocol }),
        }).messages;
        for (const message of ms) q.push({ kind: 'notification', message, group: meta.group, nsid: meta.nsid, portid: meta.portid, bytes: data.length });
      },
      error: (e) => {
        if (e instanceof NetlinkError && e.code === 'ENOBUFS') {
          sub.overruns++;
          q.push({ kind: 'overrun', count: sub.overruns, error: e });
          if (opts.resync?.length) void this.resync(opts.resync, q);
        } else if (e instanceof NetlinkError && e.source === 'socket') {
          q.push({ kind: 'overrun', count: sub.overruns, error: e });
        } else q.end(e);
      },
      closed: () => { this.subs.delete(entry); q.end(); },
    }).then(({ id }) => { entry.id = id; return id; }, (e: Error) => { this.subs.delete(entry); throw e; });
  }

  private async resync(requests: Array<Json | Uint8Array>, q: Queue<MonitorEvent>): Promise<void> {
    let n = 0;
    try {
      for (const r of requests) for await (const message of this.dump(r, { mode: 'snapshot' })) { q.push({ kind: 'resync', message }); n++; }
      q.push({ kind: 'resync-done', messages: n });
    } catch (e) {
      q.push({ kind: 'resync-failed', error: e as Error });
    }
  }

  /** Closes the socket (and the helper, unless the connection was shared). */
  async close(): Promise<void> {
    const err = new Error('client closed');
    for (const h of [...this.pending.values()]) h.error(err);
    this.pending.clear();
    for (const s of this.subs) s.end();
    if (this.ownConnection) await this.connection.close();
    else this.connection.closeSocket(this.sockId);
  }

  /** Shortcut: open a client with these options. */
  static connect = NetlinkClient.open;
}

/** Notifications of a subscription (async iterable). */
export class Subscription implements AsyncIterable<MonitorEvent> {
  overruns = 0;
  private q = new Queue<MonitorEvent>();
  private id = 0;
  /** Resolves when the socket has joined the groups (notifications from then on are seen). */
  readonly ready: Promise<void>;

  constructor(private client: NetlinkClient, readonly groups: number[], opts: SubscribeOptions) {
    this.ready = client.attach(groups, opts, this.q, this).then((id) => { this.id = id; }, (e: Error) => { this.q.end(e); throw e; });
    this.ready.catch(() => {});
  }

  close(): void {
    if (this.id) this.client.connection.closeSocket(this.id);
    this.q.end();
  }

  [Symbol.asyncIterator](): AsyncIterator<MonitorEvent> {
    return {
      next: async () => { await this.ready; return this.q.next(); },
      return: async () => { this.close(); return { value: undefined, done: true }; },
    };
  }
}

/** The kernel's error from a decoded NLMSG_ERROR or NLMSG_DONE. */
export function errorOf(m: Json): NetlinkError {
  const errno = -Number(m.error);
  const name = errnoName(m);
  const msg = typeof m.NLMSGERR_ATTR_MSG === 'string' ? m.NLMSGERR_ATTR_MSG : undefined;
  const offs = typeof m.NLMSGERR_ATTR_OFFS === 'number' ? m.NLMSGERR_ATTR_OFFS : undefined;
  return new NetlinkError(errno, name, msg, offs, 'kernel', m);
}

/** What a dump packet holds for `seq`: messages, the end, an error, NLM_F_DUMP_INTR. */
function scan(data: Uint8Array, seq: number): { messages: number; done: boolean; error?: NetlinkError; intr: boolean } {
  const dv = new DataView(data.buffer, data.byteOffset, data.byteLength);
  let pos = 0, messages = 0, done = false, intr = false;
  let error: NetlinkError | undefined;
  while (pos + 16 <= data.length) {
    const len = dv.getUint32(pos, true);
    const type = dv.getUint16(pos + 4, true);
    const flags = dv.getUint16(pos + 6, true);
    if (dv.getUint32(pos + 8, true) === seq) {
      if (flags & NLM_F_DUMP_INTR) intr = true;
      if (type === NLMSG_DONE || type === NLMSG_ERROR || type === NLMSG_OVERRUN) {
        done = true;
        const code = len >= 20 && pos + 20 <= data.length ? dv.getInt32(pos + 16, true) : 0;
        if (code < 0 || type === NLMSG_OVERRUN) {
          const m = decodePacket(data.subarray(pos, Math.min(pos + len, data.length)), { protocol: 0, direction: 'to-user' }).messages[0]!;
          error = errorOf(m);
        }
      } else messages++;
      void NLM_F_MULTI;
    }
    if (len < 16) break;
    pos += (len + 3) & ~3;
  }
  return { messages, done, error, intr };
}

/** The messages of one sequence number, from a packet mixing several. */
function onlySeq(data: Uint8Array, seq: number): Uint8Array {
  const dv = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const parts: Uint8Array[] = [];
  let pos = 0;
  while (pos + 16 <= data.length) {
    const len = dv.getUint32(pos, true);
    if (len < 16) break;
    const next = Math.min((pos + len + 3) & ~3, data.length);
    if (dv.getUint32(pos + 8, true) === seq) parts.push(data.subarray(pos, next));
    pos = next;
  }
  const out = new Uint8Array(parts.reduce((a, b) => a + b.length, 0));
  let o = 0;
  for (const p of parts) { out.set(p, o); o += p.length; }
  return out;
}

/** Opens a client: `await openClient({ protocol: 'route', netns: 'x', record: 'out.pcap' })`. */
export function openClient(opts: ClientOptions = {}): Promise<NetlinkClient> {
  return NetlinkClient.open(opts);
}
