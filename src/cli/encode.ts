// `nlscope encode FILE.jsonl -o OUT.pcap`: the jsonl of `decode` (edited or not)
// back into a capture. Unedited, every packet comes back byte for byte.
// `nlscope encode --message '<json>' [--explain]`: one hand-written, partial message
// (lengths left out, flags as names, addresses as text) filled in and shown byte by byte.
import type { Argv } from 'yargs';
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { readFileSync, rmSync } from 'node:fs';
import { CaptureWriter, formatOfPath } from '../capture/writer.js';
import { encodePacket } from '../codec/message.js';
import { encodeStruct, type Json } from '../codec/struct.js';
import { fieldKeys, type Direction, type FieldDecl, type StructDecl } from '../codec/schema.js';
import { JsonValueError } from '../codec/ints.js';
import { Writer, align4 } from '../wire/writer.js';
import { fromHex, toHex } from '../wire/bytes.js';
import { protocolById, protocolId } from '../../codecs/index.js';
import { NLMSG } from '../../codecs/netlink.js';
import { bodiesOf } from '../render/layout.js';
import { explainBytes, explainJson, renderExplainText } from '../render/explain.js';
import { writeStdout } from './explain.js';
import { fail } from './output.js';
import { genlOptions, genlSession, type GenlArgs } from './genl.js';
import type { Session } from '../codec/session.js';

interface Args extends GenlArgs {
  file?: string; output?: string; format?: string; nanosecond?: boolean;
  message?: string; protocol?: string; direction?: string; explain?: boolean; json?: boolean; color?: boolean;
}

export const encodeCommand = {
  command: 'encode [file]',
  describe: 'turn decode --format jsonl output (possibly edited) back into a pcap/pcapng capture; or build one message from hand-written JSON (--message)',
  builder: (y: Argv) => genlOptions(y)
    .positional('file', { type: 'string', describe: 'decode --format jsonl (or json) output: one message per line (- for stdin)' })
    .option('output', { alias: 'o', type: 'string', describe: 'capture to write (.pcap or .pcapng); required with FILE' })
    .option('format', { choices: ['pcap', 'pcapng'], describe: 'capture format (default: by extension)' })
    .option('nanosecond', { type: 'boolean', default: false, describe: 'nanosecond timestamps' })
    .option('message', { alias: 'm', type: 'string', describe: 'one message (or a list: one packet) as JSON, partial: lengths, padding and missing fields are filled in; @FILE reads a file, - stdin' })
    .option('protocol', { alias: 'p', type: 'string', describe: 'netlink protocol of --message, and of lines of FILE without a "protocol" key (route, sock_diag ...); default: the "protocol" key, else route' })
    .option('direction', { alias: 'd', choices: ['to-kernel', 'to-user'], describe: 'direction of --message; default: its "direction" key, else to-kernel when NLM_F_REQUEST is set' })
    .option('explain', { alias: 'x', type: 'boolean', describe: 'with --message: print the bytes annotated, field by field' })
    .option('json', { type: 'boolean', describe: 'with --message --explain: the field tree as JSON (as explain --format json)' })
    .option('color', { type: 'boolean', describe: 'ANSI colors for --explain (default: when stdout is a terminal)' })
    .example("$0 encode -m '{\"header\":{\"type\":\"RTM_GETLINK\",\"flags\":[\"NLM_F_REQUEST\",\"NLM_F_DUMP\"]}}' --explain", 'the dump request of `ip link`, built and explained'),
  handler: (argv: Args) => (argv.message !== undefined ? runEncodeMessage(argv) : runEncode(argv as Args & { file: string; output: string })),
};

// ---------------------------------------------------------------- hand-written messages

const NET_FLAG_REQUEST = 'NLM_F_REQUEST';

/** A zero of a field's kind, in the JSON form encodeStruct takes. */
function zeroOf(f: FieldDecl): unknown {
  const k = f.kind;
  if (f.count !== undefined) return [];
  if (typeof k === 'object') return completeStruct(k, {});
  switch (k) {
    case 'ip4': return '0.0.0.0';
    case 'ip6': return '::';
    case 'mac': return '00:00:00:00:00:00';
    case 'string': return '';
    case 'bytes': return '00'.repeat(f.size);
    case 'inaddr': return '00'.repeat(16);
    default: return 0;
  }
}

/** Fields left out are zero: give the struct its last field (the encoder zero-fills up to it), recursively. */
export function completeStruct(st: StructDecl, j: Json): Json {
  const out: Json = { ...j };
  for (const f of st.fields) {
    const v = out[f.name];
    if (typeof f.kind === 'object' && f.count === undefined && v && typeof v === 'object' && !Array.isArray(v)) out[f.name] = completeStruct(f.kind, v as Json);
  }
  const last = st.fields[st.fields.length - 1];
  // a bitfield unit has no key of its own: its last member stands for it
  const lastKey = last.bits ? last.bits[last.bits.length - 1]!.name : last.name;
  if (out[lastKey] === undefined) out[lastKey] = zeroOf(last);
  return out;
}

function flagNamesOf(h: Json): string[] {
  const f = h.flags;
  if (Array.isArray(f)) return f.map(String);
  if (typeof f === 'string') return f.split(/[|,\s]+/);
  if (typeof f === 'number') return f & 1 ? [NET_FLAG_REQUEST] : [];
  return [];
}

/** Normalizes a hand-written message: header defaults, `flags: "A|B"`, the fixed header completed. */
export function completeMessage(obj: Json, protocol: number, direction: Direction, session?: Session): Json {
  const h = obj.header as Json | undefined;
  if (!h || typeof h !== 'object' || h.type === undefined) throw new JsonValueError('a message needs "header": {"type": "RTM_..." , "flags": [...]}');
  const header: Json = { ...h };
  if (typeof header.flags === 'string') header.flags = flagNamesOf(header);
  delete header.len; // computed
  const out: Json = { ...obj, header };
  const t = String(header.type);
  if (NLMSG.byName.has(t)) return out;
  const proto = protocolById(protocol);
  // generic netlink families are named by the session (the id of `ethtool` in this capture)
  const decl = proto?.byName.get(t) ?? proto?.resolveName?.(t, session);
  if (!decl) {
    if (typeof header.type === 'number' || /^\d+$/.test(t)) return out;
    const hint = proto?.resolveName ? ` (a generic netlink family needs its id: --genl-family ID=${t})` : '';
    throw new JsonValueError(`header.type: ${t} is not a message type of protocol ${protocol}${hint}`);
  }
  const bodies = decl.body ? bodiesOf(decl, direction) : [];
  if (bodies.length === 1 && typeof decl.body === 'object') return completeStruct(bodies[0], out);
  // The fixed header is chosen by its first bytes (sock_diag): take the layout whose bytes select it again.
  // the text of a text payload (audit records) is not a struct field
  const textKeys = decl.text === undefined ? [] : [decl.text, `${decl.text}@`];
  const given = Object.keys(obj).filter((k) => /^[a-z_]/.test(k) && !['header', 'protocol', 'direction', ...textKeys].includes(k));
  let why: Error | undefined;
  for (const st of bodies) {
    if (!given.every((k) => fieldKeys(st).includes(k))) continue;
    const filled = completeStruct(st, out);
    try {
      const w = new Writer(256);
      encodeStruct(st, filled, w, align4(st.size), st.name);
      const bytes = w.finish();
      if (typeof decl.body === 'function' && decl.body({ direction, bytes, offset: 0, length: bytes.length }) === st) return filled;
    } catch (e) { why = e as Error; }
  }
  // No layout takes these fields: say why rather than encode a message without its fixed header.
  if (given.length) {
    throw why ?? new JsonValueError(`${t} ${direction}: no fixed header (${bodies.map((b) => b.name).join(', ')}) has the fields ${given.join(', ')}`);
  }
  return out;
}

function readMessageArg(arg: string): string {
  if (arg === '-') return readFileSync(0, 'utf8');
  if (arg.startsWith('@')) return readFileSync(arg.slice(1), 'utf8');
  return arg;
}

export async function runEncodeMessage(argv: Args): Promise<void> {
  if (argv.file !== undefined) fail('give a jsonl FILE or --message, not both');
  let text: string;
  try { text = readMessageArg(argv.message!); } catch (e) { fail(`--message: ${(e as Error).message}`); }
  let parsed: unknown;
  try { parsed = JSON.parse(text); } catch (e) { fail(`--message: not JSON (${(e as Error).message}); YAML is not supported, write JSON`); }
  const list = (Array.isArray(parsed) ? parsed : [parsed]) as Json[];
  if (!list.length || list.some((m) => m === null || typeof m !== 'object' || Array.isArray(m))) fail('--message: expected a JSON object (one message) or a list of objects (one packet)');
  const pname = argv.protocol ?? (list[0].protocol as string | number | undefined) ?? 'route';
  const protocol = protocolId(pname);
  if (protocol === undefined) fail(`unknown protocol ${JSON.stringify(pname)}`);
  const firstHeader = (list[0].header ?? {}) as Json;
  const direction: Direction = (argv.direction as Direction | undefined)
    ?? (list[0].direction === 'to-user' || list[0].direction === 'to-kernel' ? list[0].direction : undefined)
    ?? (flagNamesOf(firstHeader).includes(NET_FLAG_REQUEST) ? 'to-kernel' : 'to-user');
  let data: Uint8Array;
  const session = await genlSession(argv);
  try {
    const messages = list.map((m) => completeMessage(m, protocol, direction, session));
    data = encodePacket(messages, { protocol, direction, session });
  } catch (e) {
    fail(`--message: ${(e as Error).message}`);
  }
  if (argv.output) {
    const format = (argv.format as 'pcap' | 'pcapng' | undefined) ?? formatOfPath(argv.output);
    if (!format) fail(`${argv.output}: name the output .pcap or .pcapng, or give --format`);
    const writer = new CaptureWriter(argv.output, { format, nanosecond: argv.nanosecond });
    const now = Date.now();
    await writer.write({ sec: Math.floor(now / 1000), nsec: (now % 1000) * 1e6, protocol, direction, data });
    await writer.close();
    process.stderr.write(`nlscope: wrote 1 packet to ${argv.output}\n`);
  }
  if (argv.explain) {
    const ex = explainBytes(data, { protocol, direction, session });
    const color = argv.color ?? (Boolean(process.stdout.isTTY) && !process.env.NO_COLOR);
    await writeStdout((argv.json ? explainJson(ex) : `${toHex(data)}\n\n${renderExplainText(ex, { color, source: `--message (${direction})` })}`) + '\n');
    if (ex.problems?.length) process.exitCode = 1;
  } else if (!argv.output) await writeStdout(toHex(data) + '\n');
}

/** One packet: the messages of one frame, in order. */
export function packetOf(lines: Json[], session?: Session, defaultProtocol: string | number = 'route'): { sec: number; nsec: number; protocol: number; direction: 'to-kernel' | 'to-user'; data: Uint8Array; origLen?: number } {
  const first = lines[0];
  // hand-written lines may leave the envelope out: the protocol given with -p (route), to-kernel
  const p = first.protocol ?? defaultProtocol;
  const protocol = typeof p === 'string' || typeof p === 'number' ? protocolId(p) : undefined;
  if (protocol === undefined) throw new Error(`unknown protocol ${JSON.stringify(p)}`);
  if (first.direction !== undefined && first.direction !== 'to-user' && first.direction !== 'to-kernel') throw new Error(`direction ${JSON.stringify(first.direction)} is not to-kernel or to-user`);
  // no direction given: to-kernel when the header says NLM_F_REQUEST, else to-user (as --message)
  const direction = first.direction === 'to-user' || first.direction === 'to-kernel' ? first.direction
    : flagNamesOf((first.header ?? {}) as Json).includes(NET_FLAG_REQUEST) ? 'to-kernel' : 'to-user';
  const time = Number(first.time ?? 0);
  let sec = Math.floor(time);
  let nsec = Math.round((time - sec) * 1e6) * 1000;
  if (nsec >= 1e9) { sec += 1; nsec -= 1e9; }
  const raw = lines.length === 1 && !first.header && typeof first['@raw'] === 'string' ? fromHex(first['@raw'] as string) : undefined;
  const data = raw ?? encodePacket(lines, { protocol, direction, session });
  return { sec, nsec, protocol, direction, data, origLen: typeof first.origlen === 'number' ? first.origlen : undefined };
}

export async function runEncode(argv: Args & { file?: string; output?: string }): Promise<void> {
  if (argv.file === '') argv.file = '-'; // yargs hands a lone `-` (stdin) over as ''
  if (argv.file === undefined) fail('name a jsonl FILE (decode --format jsonl) or give --message JSON');
  if (argv.output === undefined) fail('name the capture to write: -o OUT.pcap');
  const format = (argv.format as 'pcap' | 'pcapng' | undefined) ?? formatOfPath(argv.output);
  if (!format) fail(`${argv.output}: name the output .pcap or .pcapng, or give --format`);
  // Generic netlink ids are learned from the CTRL answers of the stream, as decode learned them.
  const session = await genlSession(argv);
  const input = argv.file === '-' ? process.stdin : createReadStream(argv.file);
  const opened = new Promise<void>((resolve, reject) => {
    if (argv.file === '-') resolve();
    else { input.once('open', () => resolve()); input.once('error', reject); }
  });
  try { await opened; } catch (e) { fail(`${argv.file}: ${(e as Error).message}`); }
  const writer = new CaptureWriter(argv.output, { format, nanosecond: argv.nanosecond });
  const rl = createInterface({ input, crlfDelay: Infinity });
  let group: Json[] = [];
  /** the line of each message of the group */
  let groupLines: number[] = [];
  let lineNo = 0;
  let packets = 0;
  const flush = async () => {
    if (!group.length) return;
    let packet;
    try { packet = packetOf(group, session, argv.protocol); } catch (e) {
      // the line of the message that fails on its own, else the packet's first
      const bad = group.length > 1 ? group.findIndex((m) => { try { packetOf([m], session, argv.protocol); return false; } catch { return true; } }) : 0;
      fail(`${argv.file}:${groupLines[Math.max(bad, 0)]}: ${(e as Error).message}`);
    }
    try { await writer.write(packet); } catch (e) { fail(`${argv.output}: ${(e as Error).message}`); }
    packets++;
    group = [];
    groupLines = [];
  };
  for await (const raw of rl) {
    lineNo++;
    // decode --format json's output reads as well, a line at a time: `[`, then one message per
    // line (after the first, behind a comma), then `]`
    const line = raw.trim().replace(/^,/, '');
    if (!line || line === '[' || line === ']') continue;
    let obj: Json;
    try { obj = JSON.parse(line) as Json; } catch (e) {
      fail(`${argv.file}:${lineNo}: not JSON (${(e as Error).message}); encode reads decode's jsonl or json output (other JSON arrays: jq -c '.[]' first)`);
    }
    if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) fail(`${argv.file}:${lineNo}: expected one JSON object per line`);
    // A new packet starts at a new frame number, or at index 0 when frames are absent.
    const newPacket = group.length > 0 && (obj.frame !== undefined ? obj.frame !== group[0].frame : obj.index === 0 || obj.index === undefined);
    if (newPacket) await flush();
    group.push(obj);
    groupLines.push(lineNo);
  }
  await flush();
  await writer.close();
  if (packets === 0) {
    rmSync(argv.output, { force: true });
    fail(`${argv.file}: no messages to encode (encode reads decode's jsonl or json output)`);
  }
  process.stderr.write(`nlscope: wrote ${packets} packets to ${argv.output}\n`);
}
