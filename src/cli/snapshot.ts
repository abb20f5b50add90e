// The nlscope command from a V8 start-up snapshot. scripts/build.mjs bundles this module and
// has node run it with --build-snapshot: the heap it leaves (yargs, the decode and stats
// commands, every protocol's codecs, loaded and evaluated) is saved in dist/, and node started
// on that file runs `main` with all of it in place. Loading them from the modules took ~0.15 s of
// every run. src/cli/bin.mjs's shell line starts node on the snapshot while the build is current.
import * as v8 from 'node:v8';
import { spawnSync } from 'node:child_process';
import { realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
// the build leaves its help layout out (cliui, string-width): help runs from the modules
import yargs from 'yargs';
import '../../codecs/index.js';
import { decodeCommand } from './decode.js';
import { statsCommand } from './stats.js';
import '../render/text.js';
import '../render/json.js';
import '../render/direct.js';
import { runCli } from './cli.js';
import { wantsHelp, withoutHelpCache, type YargsFactory } from './yargs-light.js';

/** The tree the snapshot was built in: the paths it holds (the live helper, the YNL specs,
 *  yargs' locales) are this tree's. */
const BUILT_IN = realpathSync(join(dirname(fileURLToPath(import.meta.url)), '..', '..'));

function main(): void {
  // node was given no script: the arguments after its options are the command's
  const args = process.argv.slice(1);
  // where the program is now (the shell line says): children need not see it
  const root = process.env.NLSCOPE_ROOT ?? BUILT_IN;
  delete process.env.NLSCOPE_ROOT;
  if (root !== BUILT_IN || wantsHelp(args)) return fromModules(root, args);
  void runCli(args, async () => withoutHelpCache(yargs as unknown as YargsFactory));
}

/** Help, which the full yargs lays out, or a tree moved since its build: the command from its
 *  modules, in a node of its own. */
function fromModules(root: string, args: string[]): void {
  // node's options as the shell line gave them, less the snapshot
  const at = process.execArgv.indexOf('--snapshot-blob');
  const options = at < 0 ? process.execArgv : [...process.execArgv.slice(0, at), ...process.execArgv.slice(at + 2)];
  const r = spawnSync(process.execPath, [...options.filter((o) => !o.startsWith('--snapshot-blob=')), join(root, 'src', 'cli', 'bin.mjs'), ...args], { stdio: 'inherit' });
  process.exit(r.status ?? 2);
}

/** yargs run once on a decode's arguments (the handler left out) before the heap is saved: its
 *  functions are then compiled to bytecode in the snapshot. */
function warmYargs(): void {
  const cli = withoutHelpCache(yargs as unknown as YargsFactory)(['decode', 'capture.pcap', '--format', 'jsonl'])
    .command({ ...decodeCommand, handler: () => {} } as never).command({ ...statsCommand, handler: () => {} } as never)
    .demandCommand(1).strict().fail(() => {});
  void cli.parse();
}

if (v8.startupSnapshot.isBuildingSnapshot()) {
  v8.startupSnapshot.setDeserializeMainFunction(main);
  warmYargs();
}
