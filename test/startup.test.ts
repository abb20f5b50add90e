// Start-up of the command line: the compiled build is used while it is current; yargs comes
// without its help layout unless help is asked for, and reads arguments as the full yargs.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
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

describe('src/cli/bin.mjs', () => {
  /** A tree with bin.mjs, a codecs/ folder and a current build whose main.js is `main` (JS); removed after `use`. */
  function withTree(main: string, use: (root: string) => void): void {
    const root = mkdtempSync(join(tmpdir(), 'nlscope-bin-'));
    try {
      mkdirSync(join(root, 'src', 'cli'), { recursive: true });
      mkdirSync(join(root, 'codecs'), { recursive: true });
      mkdirSync(join(root, 'dist', 'src', 'cli'), { recursive: true });
      copyFileSync(join(process.cwd(), 'src/cli/bin.mjs'), join(root, 'src/cli/bin.mjs'));
      writeFileSync(join(root, 'dist', 'src', 'cli', 'main.js'), main);
      writeFileSync(join(root, 'dist', '.built'), '');
      use(root);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  }

  it('runs the build while no source is newer; a newer README is not a source (it sent every run through tsx)', () => {
    withTree("process.stdout.write('dist');", (root) => {
      writeFileSync(join(root, 'codecs', 'x.ts'), '');
      const old = new Date(Date.now() - 60_000);
      for (const f of ['src/cli/bin.mjs', 'codecs/x.ts']) utimesSync(join(root, f), old, old);
      writeFileSync(join(root, 'codecs', 'README.md'), 'edited after the build');
      const fresh = spawnSync(process.execPath, [join(root, 'src/cli/bin.mjs')], { encoding: 'utf8' });
      expect(fresh.stdout).toBe('dist');
      // a newer source: the TypeScript through tsx (not installed in this tree: an error, not 'dist')
      writeFileSync(join(root, 'codecs', 'x.ts'), '');
      const stale = spawnSync(process.execPath, [join(root, 'src/cli/bin.mjs')], { encoding: 'utf8' });
      expect(stale.stdout).not.toBe('dist');
      expect(stale.stderr).toMatch(/tsx/);
    });
  });

  it('run as a program (directly, or through a link as npm installs it), starts node with malloc keeping what it frees, a young generation of fixed size and no extra CA certificates to read', () => {
    withTree("process.stdout.write(JSON.stringify([process.env.GLIBC_TUNABLES ?? null, process.argv.slice(2), process.execArgv, process.env.NODE_EXTRA_CA_CERTS ?? null]));", (root) => {
      mkdirSync(join(root, 'bin'));
      symlinkSync(join(root, 'src/cli/bin.mjs'), join(root, 'bin', 'nlscope'));
      const old = new Date(Date.now() - 60_000);
      utimesSync(join(root, 'src/cli/bin.mjs'), old, old);
      const ours = 'glibc.malloc.arena_max=1:glibc.malloc.trim_threshold=268435456:glibc.malloc.top_pad=67108864';
      // node from the PATH, as the hashbang of an installed command finds it
      // (a bundle of certificates node would read as it starts: nlscope opens no TLS connection)
      const env: NodeJS.ProcessEnv = { ...process.env, PATH: `${dirname(process.execPath)}:${process.env.PATH ?? ''}`, NODE_EXTRA_CA_CERTS: '/nonexistent/ca.pem' };
      delete env.GLIBC_TUNABLES;
      const args = ['decode', 'a b.pcap', '--format', "it's"];
      for (const program of [join(root, 'src/cli/bin.mjs'), join(root, 'bin', 'nlscope')]) {
        const r = spawnSync(program, args, { encoding: 'utf8', env });
        expect([r.status, r.stderr], program).toEqual([0, '']);
        expect(JSON.parse(r.stdout), program).toEqual([ours, args, ['--max-semi-space-size=4'], null]);
      }
      // a user's own tunables come after ours, and glibc takes the last of a name
      const mine = spawnSync(join(root, 'bin', 'nlscope'), [], { encoding: 'utf8', env: { ...env, GLIBC_TUNABLES: 'glibc.malloc.arena_max=4' } });
      expect(JSON.parse(mine.stdout)).toEqual([`${ours}:glibc.malloc.arena_max=4`, [], ['--max-semi-space-size=4'], null]);
      // started by node itself, the file is a module as before (the shell lines are a string and a comment)
      const byNode = spawnSync(process.execPath, [join(root, 'src/cli/bin.mjs'), 'x'], { encoding: 'utf8', env });
      expect(JSON.parse(byNode.stdout)).toEqual([null, ['x'], [], '/nonexistent/ca.pem']);
    });
  });
});

describe('what a command loads', () => {
  // a loader hook that lists each module node loads, on stderr; --import registers it
  const lister = "export async function load(u, c, next) { process.stderr.write('LOAD ' + u + '\\n'); return next(u, c); }";
  const dataUrl = (js: string) => `data:text/javascript,${encodeURIComponent(js)}`;
  const hook = dataUrl(`import { register } from 'node:module'; register(${JSON.stringify(dataUrl(lister))});`);
  const loads = (args: string[]) => {
    const r = spawnSync(process.execPath, ['--import', hook, BIN, ...args], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    return r.stderr.split('\n').filter((l) => l.startsWith('LOAD ')).map((l) => l.slice(5));
  };

  it('decode of a capture without generic netlink loads no YNL compiler, and only its own format\'s writer', () => {
    const text = loads(['decode', 'captures/route-dump.pcap']);
    expect(text.some((u) => /\/render\/text\.[jt]s$/.test(u))).toBe(true);
    expect(text.filter((u) => /\/ynl\/|\/genl\/families\.|\/render\/json\.|\/yaml\//.test(u))).toEqual([]);
    const jsonl = loads(['decode', '-f', 'jsonl', 'captures/route-dump.pcap']);
    expect(jsonl.some((u) => /\/render\/json\.[jt]s$/.test(u))).toBe(true);
    expect(jsonl.filter((u) => /\/ynl\/|\/genl\/families\.|\/render\/text\./.test(u))).toEqual([]);
  });
});
