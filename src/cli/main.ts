// nlscope command line: each command is a module in this folder; all work is library code.
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { decodeCommand } from './decode.js';
import { encodeCommand } from './encode.js';
import { explainCommand } from './explain.js';
import { layoutCommand } from './layout.js';
import { statsCommand } from './stats.js';
import { reportCommand } from './report.js';
import { dumpCommand } from './dump.js';
import { monitorCommand } from './monitor.js';
import { replayCommand } from './replay.js';
import { fuzzCommand } from './fuzz.js';
import { ssCommand } from './ss.js';
import { fail } from './output.js';

process.on('uncaughtException', (e) => fail(e instanceof Error ? e.message : String(e), 2));
process.on('unhandledRejection', (e) => fail(e instanceof Error ? e.message : String(e), 2));

await yargs(hideBin(process.argv))
  .scriptName('nlscope')
  .usage('$0 <command> [options]\n\nDecode, encode and analyze netlink traffic captured on nlmon interfaces.')
  .command(decodeCommand)
  .command(encodeCommand)
  .command(explainCommand)
  .command(layoutCommand)
  .command(statsCommand)
  .command(reportCommand)
  .command(dumpCommand)
  .command(monitorCommand)
  .command(replayCommand)
  .command(fuzzCommand)
  .command(ssCommand)
  .demandCommand(1, 'name a command')
  .strict()
  .fail((msg, err) => fail(msg ?? err?.message ?? 'bad arguments', 2))
  .epilogue('Exit codes: 0 clean, 1 problems found in the input, 2 unusable input or bad arguments.')
  .help()
  .parseAsync();
