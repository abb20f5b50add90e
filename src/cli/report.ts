// `nlscope report FILE -o report.html`: the analysis as one self-contained offline HTML page.
import { writeFile } from 'node:fs/promises';
import type { Argv } from 'yargs';
import { captureFile } from './args.js';
import { REPORT_ANSWERS, ReportCollector, renderReportHtml } from '../render/report-html.js';
import { analyzeForCli } from './stats.js';
import { Output, fail } from './output.js';
import { genlOptions, type GenlArgs } from './genl.js';

interface Args extends GenlArgs { file: string; output: string; timeout: number; rows: number }

export const reportCommand = {
  command: 'report <file>',
  describe: 'write an HTML report of a capture: timeline, latency chart, errors, dumps, decoded messages',
  builder: (y: Argv) => genlOptions(y)
    .positional('file', captureFile('capture file (pcap or pcapng)', true))
    .option('output', { alias: 'o', type: 'string', demandOption: true, describe: 'HTML file to write; - for standard output' })
    .option('timeout', { type: 'number', default: 10, describe: 'seconds (capture time) an open request waits for its answer' })
    .option('rows', { type: 'number', default: 3000, describe: 'at most this many rows per table in the page' }),
  handler: (argv: Args) => runReport(argv),
};

export async function runReport(argv: Args): Promise<void> {
  if (!(Number.isInteger(argv.rows) && argv.rows > 0)) fail('--rows must be a positive whole number');
  const c = new ReportCollector({ rows: argv.rows, messages: argv.rows * 2 });
  const s = await analyzeForCli(argv.file, argv.timeout, (it) => c.add(it), REPORT_ANSWERS, argv);
  try {
    // -o - writes the page to standard output (as `-` reads a capture from standard input)
    if (argv.output === '' || argv.output === '-') {
      const out = new Output();
      await out.line(renderReportHtml(s, c).replace(/\n$/, ''));
      await out.flush();
    }
    else await writeFile(argv.output, renderReportHtml(s, c));
  } catch (e) {
    fail(`${argv.output}: ${(e as Error).message}`, 2);
  }
}
