// `nlscope fuzz`: reproducible corpora of generated (or hostile) messages as a capture or raw
// files, and `--exec CMD` to feed them to another program and report crashes and hangs, minimized.
import type { Argv } from 'yargs';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CaptureWriter, formatOfPath } from '../capture/writer.js';
import type { CrashKind } from '../fuzz/corpus.js';
import { decodePacket } from '../codec/message.js';
import { PROTOCOLS } from '../../codecs/index.js';
import { toHex } from '../wire/bytes.js';
import { fail } from './output.js';

interface Args {
  family: string; count: number; seed: number; hostile: boolean; write?: string; format?: string; output?: string;
  exec?: string; timeout: number; 'crash-on': string; shrink: boolean;
}

export const fuzzCommand = {
  command: 'fuzz',
  describe: 'generate a reproducible corpus of valid or hostile messages (pcap or raw files), or fuzz a program with --exec',
  builder: (y: Argv) => y
    .option('family', { type: 'string', default: 'route', choices: PROTOCOLS.filter((p) => !p.packet).map((p) => p.short), describe: 'netlink family (of nlmsghdr messages: not uevent)' })
    .option('count', { alias: 'n', type: 'number', default: 100, describe: 'messages (corpus) or runs (--exec)' })
    .option('seed', { alias: 's', type: 'number', default: 1, describe: 'same seed, same bytes' })
    .option('hostile', { type: 'boolean', default: false, describe: 'break one rule in each message (lengths, nesting, truncation ...)' })
    .option('write', { alias: 'w', type: 'string', describe: 'capture to write (.pcap or .pcapng)' })
    .option('format', { choices: ['pcap', 'pcapng', 'raw'], describe: 'raw: one file per message in --output DIR' })
    .option('output', { alias: 'o', type: 'string', describe: 'directory for --format raw' })
    .option('exec', { type: 'string', describe: 'program (sh -c) to feed each packet on stdin' })
    .option('timeout', { type: 'number', default: 2000, describe: '--exec: ms before a run counts as a hang' })
    .option('shrink', { type: 'boolean', default: true, describe: '--exec: minimize the failing input (--no-shrink to stop at the first)' })
    .option('crash-on', { type: 'string', default: 'signal', describe: '--exec: what counts as a crash besides signals and hangs: signal | nonzero | CODE,CODE...' }),
  handler: (argv: Args) => runFuzz(argv),
};

function crashKind(s: string): CrashKind {
  if (s === 'signal' || s === 'nonzero') return s;
  const codes = s.split(',').map((x) => Number(x.trim()));
  if (!codes.length || codes.some((c) => !Number.isInteger(c) || c < 1 || c > 255)) fail(`--crash-on: expected signal, nonzero or exit codes, got ${s}`);
  return codes;
}

export async function runFuzz(argv: Args): Promise<void> {
  if (!Number.isInteger(argv.count) || argv.count < 1) fail('--count must be a positive integer');
  if (!Number.isInteger(argv.seed)) fail('--seed must be an integer');
  // The fuzzing kit builds its arbitraries when loaded: only when this command runs (not for --help).
  const { corpus, execFuzz } = await import('../fuzz/corpus.js');
  if (argv.exec) {
    const report = await execFuzz({
      cmd: argv.exec, family: argv.family, count: argv.count, seed: argv.seed, hostile: argv.hostile,
      timeoutMs: argv.timeout, crashOn: crashKind(argv['crash-on']), shrink: argv.shrink,
    });
    if (!report.failure) {
      process.stdout.write(`nlscope: ${report.runs} inputs, no crash or hang\n`);
      return;
    }
    const f = report.failure;
    const decoded = decodePacket(f.bytes, { protocol: f.protocol, direction: f.direction as 'to-user' });
    process.stdout.write(`${f.reason} after ${report.runs} inputs; minimized in ${f.shrinks} steps to ${f.bytes.length} bytes (${f.direction})\n`);
    if (f.rule) process.stdout.write(`rule broken: ${f.rule} (${f.detail})\n`);
    process.stdout.write(`hex: ${toHex(f.bytes)}\n`);
    for (const m of decoded.messages) process.stdout.write(`${JSON.stringify(m)}\n`);
    if (f.stderr.trim()) process.stdout.write(`stderr: ${f.stderr.trim().split('\n').slice(0, 10).join('\n        ')}\n`);
    if (argv.write) {
      const w = new CaptureWriter(argv.write, { format: formatOfPath(argv.write) ?? 'pcap' });
      await w.write({ sec: 0, nsec: 0, protocol: f.protocol, direction: f.direction as 'to-user', data: f.bytes });
      await w.close();
    }
    process.exit(1);
  }
  const format = argv.format ?? (argv.write ? formatOfPath(argv.write) : undefined);
  if (format === 'raw') {
    if (!argv.output) fail('--format raw needs --output DIR');
    mkdirSync(argv.output, { recursive: true });
    let i = 0;
    for (const item of corpus({ family: argv.family, count: argv.count, seed: argv.seed, hostile: argv.hostile })) {
      writeFileSync(join(argv.output, `${String(i).padStart(6, '0')}-${item.type}${item.rule ? `-${item.rule}` : ''}.bin`), item.packet.data);
      i++;
    }
    process.stderr.write(`nlscope: wrote ${i} files to ${argv.output}\n`);
    return;
  }
  if (!argv.write) fail('name the output: -w corpus.pcap, --format raw -o DIR, or --exec CMD');
  if (!format) fail(`${argv.write}: name the output .pcap or .pcapng, or give --format`);
  const writer = new CaptureWriter(argv.write, { format: format as 'pcap' | 'pcapng' });
  let n = 0;
  const types = new Set<string>();
  for (const item of corpus({ family: argv.family, count: argv.count, seed: argv.seed, hostile: argv.hostile })) {
    await writer.write(item.packet);
    types.add(item.type);
    n++;
  }
  await writer.close();
  process.stderr.write(`nlscope: wrote ${n} packets (${types.size} message types${argv.hostile ? ', hostile' : ''}) to ${argv.write}\n`);
}
