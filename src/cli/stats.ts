// `nlscope stats FILE`: who talked to the kernel, what failed, how long it took, what got lost.
import type { Argv } from 'yargs';
import { analyzeCapture, type Summary } from '../analyze/index.js';
import { ProgressBar } from '../analyze/progress.js';
import { renderStatsText } from '../render/stats-text.js';
import { Output, fail } from './output.js';
import { captureFile } from './args.js';
import { notNetlinkLinktype } from '../capture/reader.js';
import { genlOptions, genlSession, type GenlArgs } from './genl.js';

interface Args extends GenlArgs { file: string; format: string; timeout: number; rows: number }

export const statsCommand = {
  command: 'stats <file>',
  describe: 'analyze a capture: transactions, dumps, errors, notifications, latency, loss, talkers',
  builder: (y: Argv) => genlOptions(y)
    .positional('file', captureFile('capture file (pcap or pcapng)', true))
    .option('format', { alias: 'f', choices: ['text', 'json', 'jsonl'], default: 'text', describe: 'text summary, one JSON document, or jsonl: every transaction / notification / orphan answer then the summary' })
    .option('timeout', { type: 'number', default: 10, describe: 'seconds (capture time) an open request waits for its answer' })
    .option('rows', { type: 'number', default: 5, describe: 'rows per section in the text summary' }),
  handler: (argv: Args) => runStats(argv),
};

/** Runs the analysis for a command; exits 2 when the input is unusable. */
export async function analyzeForCli(file: string, timeout: number, onItem?: Parameters<ReturnType<typeof analyzeCapture>['run']>[0], keepAnswers = 0, genl: GenlArgs = {}): Promise<Summary> {
  if (!(timeout > 0)) fail('--timeout must be a positive number of seconds');
  const session = await genlSession(genl);
  const bar = new ProgressBar(file);
  const a = analyzeCapture(file, { timeout, onProgress: bar.update, keepAnswers, session });
  let s: Summary;
  try {
    s = await a.run(onItem);
  } finally {
    bar.done();
  }
  s.file = file;
  if (s.capture.fatal && s.totals.packets === 0) fail(`${file}: ${s.capture.fatal}`, 2);
  // a capture none of whose link types carries netlink (an Ethernet pcap given by mistake)
  const linktypes = s.capture.linktypes;
  if (linktypes.length && linktypes.every((l) => notNetlinkLinktype(l))) fail(`${file}: ${notNetlinkLinktype(linktypes[0]!)}`, 2);
  if (s.capture.fatal) process.stderr.write(`nlscope: ${file}: ${s.capture.fatal} (after ${s.totals.packets} packets)\n`);
  for (const p of s.capture.problems) process.stderr.write(`nlscope: ${file}: ${p}\n`);
  if (s.capture.fatal || s.capture.problems.length || s.totals.malformed) process.exitCode = 1;
  return s;
}

export async function runStats(argv: Args): Promise<void> {
  if (!(Number.isInteger(argv.rows) && argv.rows > 0)) fail('--rows must be a positive whole number');
  const out = new Output();
  let s: Summary;
  if (argv.format === 'jsonl') {
    s = await analyzeForCli(argv.file, argv.timeout, async (it) => {
      const { requestMessage: _r, finalMessage: _f, answerMessages: _a, ...rest } = it as unknown as Record<string, unknown>;
      await out.line(JSON.stringify(it.kind === 'transaction' ? rest : it));
    }, 0, argv);
    await out.line(JSON.stringify({ kind: 'summary', ...s }));
  } else {
    s = await analyzeForCli(argv.file, argv.timeout, undefined, 0, argv);
    await out.line(argv.format === 'json' ? JSON.stringify(s, null, 1) : renderStatsText(s, { rows: argv.rows }));
  }
  await out.flush();
}
