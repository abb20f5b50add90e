// `nlscope report FILE -o report.html`: the analysis as one self-contained offline HTML page.
import { writeFile } from 'node:fs/promises';
import type { Argv } from 'yargs';
import { captureFile } from './args.js';
import { ReportCollector, renderReportHtml } from '../render/report-html.js';
import { analyzeForCli } from './stats.js';
import { fail } from './output.js';
import { genlOptions, type GenlArgs } from './genl.js';

interface Args extends GenlArgs { file: string; output: string; timeout: number; rows: number }

export const reportCommand = {
  command: 'report <file>',
  describe: 'write an HTML report of a capture: timeline, latency chart, errors, dumps, decoded messages',
  builder: (y: Argv) => genlOptions(y)
    .positional('file', captureFile('capture file (pcap or pcapng)', true))
    .option('output', { alias: 'o', type: 'string', demandOption: true, describe: 'HTML file to write' })
    .option('timeout', { type: 'number', default: 10, describe: 'seconds (capture time) an open request waits for its answer' })
    .option('rows', { type: 'number', default: 3000, describe: 'at most this many rows per table in the page' }),
  handler: (argv: Args) => runReport(argv),
};

export async function runReport(argv: Args): Promise<void> {
  if (!(argv.rows > 0)) fail('--rows must be positive');
  const c = new ReportCollector({ rows: argv.rows, messages: argv.rows * 2 });
  const s = await analyzeForCli(argv.file, argv.timeout, (it) => c.add(it), 1, argv);
  try {
    await writeFile(argv.output, renderReportHtml(s, c));
  } catch (e) {
    fail(`${argv.output}: ${(e as Error).message}`, 2);
  }
}
