// `nlscope encode FILE.jsonl -o OUT.pcap`: the jsonl of `decode` (edited or not)
// back into a capture. Unedited, every packet comes back byte for byte.
import type { Argv } from 'yargs';
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { CaptureWriter, formatOfPath } from '../capture/writer.js';
import { encodePacket } from '../codec/message.js';
import type { Json } from '../codec/struct.js';
import { fromHex } from '../wire/bytes.js';
import { protocolId } from '../../codecs/index.js';
import { fail } from './output.js';

interface Args { file: string; output: string; format?: string; nanosecond?: boolean }

export const encodeCommand = {
  command: 'encode <file>',
  describe: 'turn decode --format jsonl output (possibly edited) back into a pcap/pcapng capture',
  builder: (y: Argv) => y
    .positional('file', { type: 'string', demandOption: true, describe: 'jsonl file, one message per line (- for stdin)' })
    .option('output', { alias: 'o', type: 'string', demandOption: true, describe: 'capture to write (.pcap or .pcapng)' })
    .option('format', { choices: ['pcap', 'pcapng'], describe: 'capture format (default: by extension)' })
    .option('nanosecond', { type: 'boolean', default: false, describe: 'nanosecond timestamps' }),
  handler: (argv: Args) => runEncode(argv),
};

/** One packet: the messages of one frame, in order. */
export function packetOf(lines: Json[]): { sec: number; nsec: number; protocol: number; direction: 'to-kernel' | 'to-user'; data: Uint8Array; origLen?: number } {
  const first = lines[0];
  const protocol = protocolId(first.protocol as string | number);
  if (protocol === undefined) throw new Error(`unknown protocol ${JSON.stringify(first.protocol)}`);
  const direction = first.direction === 'to-user' ? 'to-user' : 'to-kernel';
  const time = Number(first.time ?? 0);
  let sec = Math.floor(time);
  let nsec = Math.round((time - sec) * 1e6) * 1000;
  if (nsec >= 1e9) { sec += 1; nsec -= 1e9; }
  const raw = lines.length === 1 && !first.header && typeof first['@raw'] === 'string' ? fromHex(first['@raw'] as string) : undefined;
  const data = raw ?? encodePacket(lines, { protocol, direction });
  return { sec, nsec, protocol, direction, data, origLen: typeof first.origlen === 'number' ? first.origlen : undefined };
}

export async function runEncode(argv: Args): Promise<void> {
  const format = (argv.format as 'pcap' | 'pcapng' | undefined) ?? formatOfPath(argv.output);
  if (!format) fail(`${argv.output}: name the output .pcap or .pcapng, or give --format`);
  const input = argv.file === '-' ? process.stdin : createReadStream(argv.file);
  const opened = new Promise<void>((resolve, reject) => {
    if (argv.file === '-') resolve();
    else { input.once('open', () => resolve()); input.once('error', reject); }
  });
  try { await opened; } catch (e) { fail(`${argv.file}: ${(e as Error).message}`); }
  const writer = new CaptureWriter(argv.output, { format, nanosecond: argv.nanosecond });
  const rl = createInterface({ input, crlfDelay: Infinity });
  let group: Json[] = [];
  let lineNo = 0;
  let groupLine = 0;
  let packets = 0;
  const flush = async () => {
    if (!group.length) return;
    try { await writer.write(packetOf(group)); } catch (e) { fail(`${argv.file}:${groupLine}: ${(e as Error).message}`); }
    packets++;
    group = [];
  };
  for await (const line of rl) {
    lineNo++;
    if (!line.trim()) continue;
    let obj: Json;
    try { obj = JSON.parse(line) as Json; } catch (e) { fail(`${argv.file}:${lineNo}: not JSON (${(e as Error).message})`); }
    if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) fail(`${argv.file}:${lineNo}: expected one JSON object per line`);
    // A new packet starts at a new frame number, or at index 0 when frames are absent.
    const newPacket = group.length > 0 && (obj.frame !== undefined ? obj.frame !== group[0].frame : obj.index === 0 || obj.index === undefined);
    if (newPacket) await flush();
    if (!group.length) groupLine = lineNo;
    group.push(obj);
  }
  await flush();
  await writer.close();
  process.stderr.write(`nlscope: wrote ${packets} packets to ${argv.output}\n`);
}
