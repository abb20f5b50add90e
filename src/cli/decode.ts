// `nlscope decode FILE`: every message of a capture, as a tree, JSON or jsonl.
import type { Argv } from 'yargs';
import { decodeCaptureBatches, decodeCapturedParts, PART_MESSAGES } from '../stream/messages.js';
import type { CapturedPacket } from '../capture/types.js';
import { Output, fail } from './output.js';
import { KNOWN_PROTOCOLS, loadProtocol, protocolById, protocolId } from '../../codecs/registry.js';
import { NLMSG } from '../../codecs/netlink.js';
import type { Session } from '../codec/session.js';
import type { Json } from '../codec/struct.js';
import { genlOptions, genlSession, type GenlArgs } from './genl.js';
import { captureFile, frameMatcher, listOption } from './args.js';

interface Args extends GenlArgs { file: string; format: string; frame?: string[]; protocol?: string; type?: string[] }

export const decodeCommand = {
  command: 'decode <file>',
  describe: 'decode every netlink message of a pcap/pcapng capture',
  builder: (y: Argv) => genlOptions(y)
    .positional('file', captureFile('capture file (pcap or pcapng, nlmon link types 253, 113, 276)', true))
    .option('format', { alias: 'f', choices: ['text', 'json', 'jsonl'], default: 'text', describe: 'output format' })
    .option('frame', listOption('only these frames, 1-based: 4, or a list of numbers and ranges (2,5-7); repeatable'))
    .option('protocol', { alias: 'p', type: 'string', describe: 'only this netlink protocol (route, sock_diag, NETLINK_ROUTE, 0 ...)' })
    .option('type', { alias: 't', ...listOption('only these message types: RTM_NEWLINK, or a list (RTM_NEWLINK,RTM_NEWADDR); repeatable') }),
  handler: (argv: Args) => runDecode(argv),
};

export async function runDecode(argv: Args): Promise<void> {
  const out = new Output();
  let frames: ((frame: number) => boolean) | undefined;
  try { frames = argv.frame ? frameMatcher(argv.frame) : undefined; } catch (e) { fail((e as Error).message); }
  const proto = argv.protocol !== undefined ? protocolId(argv.protocol) : undefined;
  if (argv.protocol !== undefined && proto === undefined) fail(`unknown protocol "${argv.protocol}"`);
  const types = argv.type ? new Set(argv.type) : undefined;
  // a filter that matched nothing says so (a misspelt type name otherwise prints nothing at all)
  const matched = new Set<string>();
  let framesMatched = 0;
  const session = await genlSession(argv);
  // the writer of the format asked for, only (the other's modules are start-up time)
  const text = argv.format === 'text' ? await import('../render/text.js') : undefined;
  const json = text ? undefined : await import('../render/json.js');
  // packets written from their bytes where they can be (no objects in between); --type looks
  // at decoded messages, so with it every packet is decoded
  const direct = !types ? await import('../render/direct.js') : undefined;
  await direct?.loadFormat(text ? 'text' : 'json');
  const list = { array: argv.format === 'json', started: false };
  let packets = 0;
  let problems = 0;
  // text: the frame being written; the blank line after it is written once it is done (a
  // packet decoded in parts writes its Frame line at its first part with messages shown)
  let textFrame = 0;
  const endFrame = () => { if (textFrame) out.sink.byte(10); textFrame = 0; };
  if (argv.format === 'json') await out.line('[');
  // struct values are written straight from their bytes (text and JSON alike); each frame is
  // written out (its bytes copied into the output) before the next is read, so chunks can be
  // reused. Frames come a batch at a time: no async step per frame (small packets are many).
  read: for await (const batch of decodeCaptureBatches(argv.file, { session, views: true, reuseChunks: true, maxMessages: PART_MESSAGES, undecoded: direct?.directPacket })) for (const ev of batch) {
    if (ev.kind === 'problem') {
      problems++;
      if (ev.fatal) {
        endFrame();
        await out.flush();
        if (argv.format === 'json') { await out.line(']'); await out.flush(); }
        const where = ev.problem.offset ? ` at byte ${ev.problem.offset}` : '';
        if (packets === 0) fail(`${argv.file}: ${ev.problem.message}`, 2);
        process.stderr.write(`nlscope: ${argv.file}: ${ev.problem.message}${where} (after ${packets} packets)\n`);
        process.exitCode = 1;
        return;
      }
      // a pcap file whose link type is not netlink's: no packet of it can be read (decode said
      // "unsupported-linktype" for every one, exit 1)
      if (ev.problem.code === 'unsupported-linktype' && ev.problem.path === 'header.linktype' && packets === 0) fail(`${argv.file}: ${ev.problem.message}`, 2);
      process.stderr.write(`nlscope: ${argv.file}: ${ev.problem.message}\n`);
      continue;
    }
    if (ev.kind === 'packet') {
      packets++;
      if (out.closed) break read;
      // a frame the filters leave out is not shown; its problems count all the same (the exit
      // code says whether the capture decoded cleanly), as those of a decoded frame do below
      const p = ev.packet;
      if (frames && !frames(p.frame)) { problems += problemsOf(p, session); continue; }
      if (frames) framesMatched++;
      if (proto !== undefined && p.protocol !== proto) { problems += problemsOf(p, session); continue; }
      if (text) {
        endFrame();
        textFrame = p.frame;
        problems += direct!.writePacketText(out.sink, p, session);
      } else problems += direct!.writePacketJson(out.sink, p, session, list);
      const full = out.maybeFlush();
      if (full) await full;
      continue;
    }
    const f = ev.frame;
    if (!f.part) packets++;
    for (const m of f.messages) if (m.problems) problems++;
    if (out.closed) break read;
    if (frames && !frames(f.packet.frame)) continue;
    if (frames) framesMatched++;
    if (proto !== undefined && f.packet.protocol !== proto) continue;
    const msgs = types ? f.messages.filter((m) => {
      const type = (m.header as Json | undefined)?.type;
      // by name (RTM_NEWLINK, ethtool) or by number (16: what the header says, named or not)
      let t = String(type);
      if (!types.has(t)) {
        const n = typeNumber(type, f.packet.protocol, session);
        if (n === undefined || !types.has(String(n))) return false;
        t = String(n);
      }
      matched.add(t);
      return true;
    }) : f.messages;
    if (msgs.length === 0) continue;
    if (text) {
      // the Frame line goes with the first part shown (a filter may have shown none of the first)
      const head = f.packet.frame !== textFrame;
      if (head) endFrame();
      textFrame = f.packet.frame;
      text.renderFrameInto(out.sink, msgs === f.messages ? f : { ...f, messages: msgs }, head);
    }
    else if (json) {
      for (const m of msgs) {
        json.listItem(out.sink, list);
        json.writeJson(out.sink, m);
        out.sink.byte(10);
      }
    }
    // the frame into the buffer, then one check for a full chunk (not an await per line or frame)
    const full = out.maybeFlush();
    if (full) await full;
  }
  endFrame();
  if (argv.format === 'json') await out.line(']');
  await out.flush();
  // (not when the reader went away, `| head`: the filters did not see the whole capture)
  if (!out.closed) {
    if (types) {
      // knownType asks every protocol, and the generic netlink families
      await Promise.all(KNOWN_PROTOCOLS.map((p) => loadProtocol(p.id)));
      const { knownFamily } = await import('../../codecs/genl/families.js');
      for (const t of types) {
        if (!matched.has(t)) warn(`--type ${t} matched no message${knownType(t, session, knownFamily) ? '' : ' (not a message type nlscope knows; generic netlink messages go by family name)'}`);
      }
    }
    if (frames && framesMatched === 0) warn(`--frame matched no frame (the capture has ${packets})`);
  }
  if (problems) process.exitCode = 1;
}

const warn = (s: string) => process.stderr.write(`nlscope: ${s}\n`);

/** How many of a packet's messages have problems, decoded a part at a time (as the frames
 *  that are shown are). */
function problemsOf(p: CapturedPacket, session: Session): number {
  let n = 0;
  for (const f of decodeCapturedParts(p, false, session, true, PART_MESSAGES)) for (const m of f.messages) if (m.problems) n++;
  return n;
}

const knownType = (t: string, session: Session, knownFamily: (name: string) => unknown) => /^\d+$/.test(t) || NLMSG.byName.has(t) || KNOWN_PROTOCOLS.some((p) => protocolById(p.id)?.byName.has(t))
  || [...session.genlFamilies.values()].includes(t) || knownFamily(t) !== undefined;

/** The number of a message type as decoded (a name: of NLMSG, of the protocol, a generic netlink family). */
function typeNumber(type: unknown, protocol: number, session: Session): number | undefined {
  if (typeof type === 'number') return type;
  if (typeof type !== 'string') return undefined;
  return NLMSG.byName.get(type) ?? protocolById(protocol)?.byName.get(type)?.type ?? session.genlId(type);
}
