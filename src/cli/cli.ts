// The nlscope command line, whichever way node started it: from the modules (main.ts) or from
// the start-up snapshot (snapshot.ts). Each command is a module in this folder; all work is
// library code.
import { fail } from './output.js';
import type { YargsFactory } from './yargs-light.js';

// Each command module is loaded only when asked for: the rest (fast-check, the live client,
// the analyzer ...) would cost start-up time to every short command.
export const COMMANDS: Record<string, () => Promise<object>> = {
  decode: () => import('./decode.js').then((m) => m.decodeCommand),
  encode: () => import('./encode.js').then((m) => m.encodeCommand),
  explain: () => import('./explain.js').then((m) => m.explainCommand),
  layout: () => import('./layout.js').then((m) => m.layoutCommand),
  stats: () => import('./stats.js').then((m) => m.statsCommand),
  report: () => import('./report.js').then((m) => m.reportCommand),
  ss: () => import('./ss.js').then((m) => m.ssCommand),
  dump: () => import('./dump.js').then((m) => m.dumpCommand),
  monitor: () => import('./monitor.js').then((m) => m.monitorCommand),
  replay: () => import('./replay.js').then((m) => m.replayCommand),
  fuzz: () => import('./fuzz.js').then((m) => m.fuzzCommand),
};

/** Runs the command `args` name; `yargs` is loaded alongside the command's module. */
export async function runCli(args: string[], yargs: () => Promise<YargsFactory>): Promise<void> {
  process.on('uncaughtException', (e) => fail(e instanceof Error ? e.message : String(e), 2));
  process.on('unhandledRejection', (e) => fail(e instanceof Error ? e.message : String(e), 2));
  const only = Object.hasOwn(COMMANDS, args[0] ?? '') ? COMMANDS[args[0]!] : undefined;
  const [factory, modules] = await Promise.all([
    yargs(),
    only ? only().then((m) => [m]) : Promise.all(Object.values(COMMANDS).map((load) => load())),
  ]);
  let cli = factory(args)
    .scriptName('nlscope')
    .usage('$0 <command> [options]\n\nDecode, encode and analyze netlink traffic captured on nlmon interfaces.');
  // yargs' command-module typing does not carry each module's own argument types.
  for (const m of modules) cli = cli.command(m as never);
  await cli
    .demandCommand(1, 'name a command')
    .strict()
    // yargs writes some messages on several lines ("Invalid values:\n  Argument: ..."): one line
    .fail((msg, err) => fail((msg ?? err?.message ?? 'bad arguments').replace(/:?\s*\n\s*/g, ': '), 2))
    .epilogue('Exit codes: 0 clean, 1 problems found in the input, 2 unusable input or bad arguments.')
    .help()
    .parseAsync();
}
