// The nlscope command from its modules (src/cli/bin.mjs imports this): yargs without its help
// layout unless help is asked for (yargs-light.ts).
import { runCli } from './cli.js';
import { loadYargs } from './yargs-light.js';

const args = process.argv.slice(2);
await runCli(args, async () => (await loadYargs(args)).yargs);
