// `nlscope replay FILE --live`: re-send the recorded requests to the running kernel and diff the
// answers against the recorded ones. `nlscope replay FILE --serve`: a fake kernel answering with
// the recorded answers, through the helper protocol on stdin/stdout.
import type { Argv } from 'yargs';
import { Connection, NetlinkClient, TimeoutError, type FrameServer } from '../live/client.js';
import { FakeKernel, pairExchanges, readPackets, serveStdio, type Exchange } from '../live/fake.js';
import { diffAnswers, formatDifference, type Difference } from '../live/diff.js';
import { OP, parseRecv, type Frame } from '../live/protocol.js';
import { CaptureWriter } from '../capture/writer.js';
import { decodePacket } from '../codec/message.js';
import type { Json } from '../codec/struct.js';
import { protocolById, protocolName } from '../../codecs/index.js';
import { NLM_F_CAPPED, NLM_F_COMMON, NLMSG, NLMSG_MIN_TYPE } from '../../codecs/netlink.js';
import { walkHeaders } from '../codec/headers.js';
import { connectionOptions, liveFail, liveOptions, type LiveArgs } from './dump.js';
import { Output, fail } from './output.js';
import { captureFile } from './args.js';

interface Args extends LiveArgs { file: string; live: boolean; serve: boolean; 'allow-changes': boolean; strict: boolean; format: string; timeout: number }

export const replayCommand = {
  command: 'replay <file>',
  describe: 'replay a capture: --live against the kernel (diff of the answers), --serve as a fake kernel for the helper protocol',
  builder: (y: Argv) => liveOptions(y
    .positional('file', captureFile('capture file (pcap or pcapng)', true))
    .option('live', { type: 'boolean', default: false, describe: 're-send the recorded requests to the kernel and compare the answers (exit 0 equal, 1 different)' })
    .option('serve', { type: 'boolean', default: false, describe: 'answer requests on stdin/stdout (helper protocol) with the recorded answers' })
    .option('allow-changes', { type: 'boolean', default: false, describe: 'also re-send requests that change state (not only GET and dumps)' })
    .option('strict', { type: 'boolean', default: false, describe: 'compare volatile values too (counters, timers, cache info, seq/pid)' })
    .option('format', { alias: 'f', choices: ['text', 'jsonl'], default: 'text', describe: 'output format of the differences' })
    .option('timeout', { type: 'number', default: 5000, describe: 'milliseconds to wait for each answer' })
    .check((a) => {
      if (!(a.timeout > 0)) throw new Error(`--timeout must be a positive number of milliseconds (got ${a.timeout})`);
      if (a.live === a.serve) throw new Error('give one of --live or --serve');
      if (a.serve && a.file === '/dev/stdin') throw new Error('--serve answers requests on standard input: give the capture as a file');
      return true;
    })),
  handler: (argv: Args) => (argv.serve ? runServe(argv) : runReplayLive(argv)),
};

const NLM_F_DUMP = 0x300;
const { NLM_F_ACK, NLM_F_ECHO } = NLM_F_COMMON;
const NLMSG_ERROR = NLMSG.byName.get('NLMSG_ERROR')!;

/** nlmsg_type and nlmsg_flags of a recorded request (host order, as captured). */
const typeOf = (ex: Exchange): number => ex.request[4]! | (ex.request[5]! << 8);
const flagsOf = (ex: Exchange): number => ex.request[6]! | (ex.request[7]! << 8);
const isDump = (ex: Exchange): boolean => (flagsOf(ex) & NLM_F_DUMP) === NLM_F_DUMP;

function requestName(ex: Exchange): string {
  const type = typeOf(ex);
  const name = ex.command ?? ex.name ?? NLMSG.byValue.get(type) ?? protocolById(ex.protocol)?.messages.get(type)?.name ?? String(type);
  return `${name}${isDump(ex) ? ' (dump)' : ''}`;
}

/** NLMSG_ERROR and NLMSG_DONE end an answer. */
const isEnd = (m: Json) => { const t = (m.header as Json | undefined)?.type; return t === 'NLMSG_ERROR' || t === 'NLMSG_DONE'; };

/** How long a request that asks for no answer is given to answer with an error. */
const QUIET_MS = 250;

/** Whether the kernel answers this request when it works: NLM_F_ACK or NLM_F_ECHO, a GET, a dump. */
function expectsAnswer(ex: Exchange): boolean {
  return (flagsOf(ex) & (NLM_F_ACK | NLM_F_ECHO)) !== 0 || isDump(ex) || ex.op === 'get';
}

/** GET requests and dumps only change nothing. A generic netlink family's messages are all
 *  of one type; its commands say what they do by name (CTRL_CMD_GETFAMILY,
 *  ETHTOOL_MSG_LINKINFO_GET, MPTCP_PM_CMD_GET_LIMITS read; ETHTOOL_MSG_FEATURES_SET does not). */
export function isReadOnly(ex: Exchange): boolean {
  const type = typeOf(ex);
  if (type < NLMSG_MIN_TYPE) return false;
  const op = ex.op ?? protocolById(ex.protocol)?.messages.get(type)?.op;
  if (ex.command !== undefined) return /_GET/.test(ex.command) || (isDump(ex) && !/_(DEL|SET|NEW|ADD|FLUSH)/.test(ex.command));
  if (isDump(ex) && op !== 'del') return true;
  return op === 'get';
}

export async function runReplayLive(argv: Args): Promise<void> {
  let packets;
  let cut = false;
  try { packets = await readPackets(argv.file, (m) => { cut = true; warnCut(m); }); } catch (e) { fail((e as Error).message); }
  const { exchanges } = pairExchanges(packets);
  if (exchanges.length === 0) fail(`${argv.file}: no requests to replay`);
  const out = new Output();
  let conn: Connection;
  try { conn = await Connection.start(connectionOptions(argv)); } catch (e) { liveFail('replay', e); }
  // one live socket per recorded one: tools differ in the options their sockets have
  const clients = new Map<string, NetlinkClient>();
  const sockets = recordedSocketOptions(exchanges);
  let replayed = 0, skipped = 0, differing = 0;
  let failure: unknown = null;
  const report = async (ex: Exchange, diffs: Difference[]) => {
    if (diffs.length === 0) return;
    differing++;
    if (argv.format === 'jsonl') {
      for (const d of diffs) await out.line(JSON.stringify({ frame: ex.frame, protocol: protocolName(ex.protocol), request: requestName(ex), ...d }));
    } else {
      await out.line(`frame ${ex.frame} ${requestName(ex)}: ${diffs.length} difference${diffs.length > 1 ? 's' : ''}`);
      for (const d of diffs) await out.line(formatDifference(d));
    }
  };
  const recordedOf = (ex: Exchange) => ex.answers.flatMap((a) => decodePacket(a, { protocol: ex.protocol, direction: 'to-user' }).messages);
  const timedOut = (ex: Exchange, recorded: Json[]): Difference[] =>
    // not "recorded, not answered now": the kernel may have answered in part, or late
    [{ message: `${requestName(ex)}: no complete answer within ${argv.timeout} ms (recorded: ${recorded.length} message${recorded.length === 1 ? '' : 's'})`, path: '', kind: 'timeout' }];
  try {
    for (const unit of packetUnits(exchanges)) {
      if (!argv['allow-changes'] && !unit.every(isReadOnly)) { skipped += unit.length; continue; }
      const first = unit[0]!;
      const sock = socketOf(unit.find((ex) => ex.portId !== undefined) ?? first);
      let client = clients.get(sock);
      if (!client) { client = await NetlinkClient.open({ protocol: first.protocol, connection: conn, socket: sockets.get(sock) }); clients.set(sock, client); }
      replayed += unit.length;
      if (unit.length > 1) {
        // the messages of one request packet go together, as they were sent (an nf_tables
        // batch is taken only whole); each gets its own answers
        let live: Json[][] | undefined;
        try {
          live = (await client.exchangePacket(unit.map((ex) => ex.request), { timeoutMs: argv.timeout })).map((ps) => ps.flatMap((p) => client!.decode(p)));
        } catch (e) { if (!(e instanceof TimeoutError)) throw e; }
        for (const [i, ex] of unit.entries()) {
          const recorded = recordedOf(ex);
          await report(ex, live ? diffAnswers(recorded, live[i]!, { strict: argv.strict }) : timedOut(ex, recorded));
        }
        continue;
      }
      const ex = first;
      const recorded = recordedOf(ex);
      let diffs: Difference[];
      // a request that asks for no answer (no NLM_F_ACK or ECHO, no GET, no dump) gets none when it
      // works, only an error when it fails: silence for a short while is its answer
      const silent = !expectsAnswer(ex);
      try {
        let live: Json[];
        try {
          live = (await client.exchange(ex.request, { timeoutMs: silent ? Math.min(argv.timeout, QUIET_MS) : argv.timeout })).flatMap((p) => client!.decode(p));
        } catch (e) {
          if (!(e instanceof TimeoutError)) throw e;
          live = e.received.flatMap((p) => client!.decode(p));
          // no end came, and none was recorded (a reply without the ACK asked for, as the capture
          // shows it): what came is the answer. Otherwise the wait is the difference.
          if (!silent && (live.length === 0 || recorded.some(isEnd))) throw e;
        }
        diffs = diffAnswers(recorded, live, { strict: argv.strict });
      } catch (e) {
        if (!(e instanceof TimeoutError)) throw e;
        diffs = timedOut(ex, recorded);
      }
      await report(ex, diffs);
    }
  } catch (e) { failure = e; }
  await out.flush();
  try { await conn.close(); } catch (e) { failure ??= e; }
  if (failure) liveFail('replay', failure);
  process.stderr.write(`nlscope: replayed ${replayed} request${replayed === 1 ? '' : 's'}, ${differing} with different answers` +
    (skipped ? `; ${skipped} skipped (they change state: --allow-changes)` : '') + '\n');
  process.exitCode = differing || cut ? 1 : 0;
}

/**
 * Requests in the units they are replayed in: the messages of one request packet together,
 * unless one of them is a dump (its parts come as they are read: one at a time, as the
 * kernel allows one dump per socket), else one by one.
 */
export function packetUnits(exchanges: readonly Exchange[]): Exchange[][] {
  const units: Exchange[][] = [];
  for (const ex of exchanges) {
    const last = units.at(-1);
    if (last && last[0]!.frame === ex.frame && last[0]!.protocol === ex.protocol) last.push(ex);
    else units.push([ex]);
  }
  return units.flatMap((u) => (u.length > 1 && u.some(isDump) ? u.map((ex) => [ex]) : [u]));
}

/** The recorded socket a request came from: protocol and port id (0: not known, as for a batch
 *  that was not answered). */
export const socketOf = (ex: Exchange): string => `${ex.protocol}:${ex.portId ?? 0}`;

/**
 * The socket options each recorded socket (socketOf) had, as far as its answers show them: a
 * dump answered NLM_F_DUMP_FILTERED was asked on a socket with NETLINK_GET_STRICT_CHK (iproute2
 * sets it), an NLMSG_ERROR with NLM_F_CAPPED came to one with NETLINK_CAP_ACK. Without them the
 * kernel ignores the dump's filters, and every unchanged answer would differ. Sockets of one
 * protocol differ: in one capture, nft has no NETLINK_CAP_ACK where another tool has it.
 */
export function recordedSocketOptions(exchanges: readonly Exchange[]): Map<string, { strict_chk?: boolean; cap_ack?: boolean }> {
  const out = new Map<string, { strict_chk?: boolean; cap_ack?: boolean }>();
  for (const ex of exchanges) {
    for (const packet of ex.answers) {
      walkHeaders(packet, (type, flags) => {
        const strict = type >= NLMSG_MIN_TYPE && (flags & NLM_F_COMMON.NLM_F_DUMP_FILTERED) !== 0;
        const cap = type === NLMSG_ERROR && (flags & NLM_F_CAPPED) !== 0;
        if (!strict && !cap) return;
        const o = out.get(socketOf(ex)) ?? {};
        if (strict) o.strict_chk = true;
        if (cap) o.cap_ack = true;
        out.set(socketOf(ex), o);
      });
    }
  }
  return out;
}

/** A capture cut short is replayed up to the cut, and the run ends with exit 1 (as decode). */
const warnCut = (message: string) => process.stderr.write(`nlscope: ${message} (the packets before it are used)\n`);

/** Records what a FrameServer is sent and sends back. */
function recording(server: FrameServer, writer: CaptureWriter): FrameServer & { done(): Promise<void> } {
  const protocols = new Map<number, number>();
  let chain: Promise<void> = Promise.resolve();
  const rec = (protocol: number, direction: 'to-kernel' | 'to-user', data: Uint8Array) => {
    const t = Date.now();
    const copy = data.slice();
    chain = chain.then(() => writer.write({ sec: Math.floor(t / 1000), nsec: (t % 1000) * 1e6, protocol, direction, data: copy }));
  };
  return {
    hello: () => server.hello(),
    handle: (f: Frame, emit) => {
      if (f.op === OP.OPEN) protocols.set(f.sock, (JSON.parse(new TextDecoder().decode(f.payload) || '{}') as { protocol?: number }).protocol ?? 0);
      if (f.op === OP.SEND) rec(protocols.get(f.sock) ?? 0, 'to-kernel', f.payload);
      server.handle(f, (b) => {
        if (b[4] === OP.RECV) {
          const sock = new DataView(b.buffer, b.byteOffset).getUint32(5, true);
          rec(protocols.get(sock) ?? 0, 'to-user', parseRecv(b.subarray(9)).data);
        }
        emit(b);
      });
    },
    done: async () => { await chain; await writer.close(); },
  };
}

export async function runServe(argv: Args): Promise<void> {
  let kernel: FakeKernel;
  let cut = false;
  try { kernel = await FakeKernel.fromCapture(argv.file, (m) => { cut = true; warnCut(m); }); } catch (e) { fail((e as Error).message); }
  if (argv.record && !/\.pcap(ng)?$/i.test(argv.record)) fail(`--record ${argv.record}: name it .pcap or .pcapng`);
  const server = argv.record ? recording(kernel, new CaptureWriter(argv.record)) : kernel;
  await serveStdio(server);
  if ('done' in server) await server.done();
  const s = kernel.stats;
  process.stderr.write(`nlscope: fake kernel answered ${s.answered} of ${s.requests} requests${s.unmatched ? ` (${s.unmatched} unknown: EOPNOTSUPP)` : ''}\n`);
  if (cut) process.exitCode = 1;
}
