// The command line starts without yargs' help layout unless help is asked for (start-up time):
// both builds must read the same arguments, and help must still come out whole.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { loadYargs, wantsHelp } from '../src/cli/yargs-light.js';

const BIN = join(process.cwd(), 'src/cli/bin.mjs');
const run = (args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });

async function parse(light: boolean, args: string[]) {
  const { yargs } = await loadYargs(light ? ['x'] : ['--help']);
  let failure: string | undefined;
  const argv = await yargs(args)
    .command('decode <file>', 'd', (y) => y.positional('file', { type: 'string' })
      .option('format', { choices: ['text', 'jsonl'], default: 'text' })
      .option('frame', { type: 'number', array: true, requiresArg: true }))
    .strict()
    .fail((msg) => { failure = msg; })
    .parseAsync();
  return failure ?? JSON.stringify({ ...argv, $0: undefined });
}

describe('yargs without its help layout', () => {
  it('is what a command run gets; --help, --version, help and no arguments get the full yargs', async () => {
    expect((await loadYargs(['decode', 'f.pcap'])).light).toBe(true);
    // yargs reads a last positional `help` as --help: `decode help` printed help, then 'help text needs the full yargs'
    for (const args of [['--help'], ['decode', '--help'], ['--version'], ['help'], ['decode', 'help'], ['decode', 'x.pcap', 'help'], []]) {
      expect(wantsHelp(args), args.join(' ')).toBe(true);
      expect((await loadYargs(args)).light, args.join(' ')).toBe(false);
    }
  });

  it('reads arguments, defaults, choices and errors as the full yargs does', async () => {
    for (const args of [
      ['decode', 'f.pcap'],
      ['decode', 'f.pcap', '--format', 'jsonl', '--frame', '3', '--frame', '4'],
      ['decode', 'f.pcap', '--format', 'nope'],
      ['decode', 'f.pcap', '--bogus'],
      ['decode'],
      ['decode', 'f.pcap', '--frame'],
    ]) {
      expect(await parse(true, args), args.join(' ')).toBe(await parse(false, args));
    }
  });

  it('the CLI still prints whole help text and the version; a bad option is one line', () => {
    const top = run(['--help']);
    expect(top.status).toBe(0);
    expect(top.stdout).toMatch(/Commands:\n {2}nlscope decode <file> +decode every netlink message/);
    for (const args of [['decode', '--help'], ['decode', 'help'], ['decode', 'captures/route-dump.pcap', 'help']]) {
      const sub = run(args);
      expect(sub.status, args.join(' ')).toBe(0);
      expect(sub.stdout, args.join(' ')).toMatch(/^nlscope decode <file>\n/);
      expect(sub.stdout).toMatch(/--format/);
    }
    expect(run(['--version']).stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    const bad = run(['decode', 'captures/route-dump.pcap', '--bogus']);
    expect([bad.status, bad.stderr]).toEqual([2, 'nlscope: Unknown argument: bogus\n']);
  });
});
