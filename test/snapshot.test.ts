// The start-up snapshot (src/cli/snapshot.ts, made by scripts/build.mjs): the nlscope program
// starts from it while the build is current, and writes what it writes from the modules.
import { describe, expect, it } from 'vitest';
import { spawn, spawnSync, execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, realpathSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { buildCurrent, snapshotName } from '../scripts/build-state.mjs';

const ROOT = realpathSync(process.cwd());
const PROGRAM = join(ROOT, 'src/cli/bin.mjs');
/** the environment of an installed command: node from the PATH, no V8 options */
const ENV: NodeJS.ProcessEnv = { ...process.env, PATH: `${dirname(process.execPath)}:${process.env.PATH ?? ''}` };
delete ENV.NODE_OPTIONS;
delete ENV.NODE_V8_COVERAGE;

/** Why this checkout's build is not the one to test (none, or sources newer: working on the
 *  code), or undefined. A current build without a snapshot is a failure below, not a skip. */
function notCurrent(): string | undefined {
  if (!existsSync(join(ROOT, 'dist', '.built'))) return 'no build (npm run build)';
  return buildCurrent(ROOT) ? undefined : 'sources newer than the build (npm run build)';
}

const skip = notCurrent();
if (skip) console.warn(`snapshot tests skipped: ${skip}`);

describe.skipIf(skip !== undefined)('the nlscope program from its snapshot', () => {
  it('is made by the build, for the node that ran it', () => {
    expect(readdirSync(join(ROOT, 'dist')).filter((f) => f.endsWith('.blob'))).toEqual([snapshotName()]);
  });

  it('starts node on the snapshot (its command line, read while it waits for standard input)', async () => {
    const child = spawn(PROGRAM, ['decode', '-'], { env: ENV, stdio: ['pipe', 'pipe', 'pipe'] });
    let cmdline = '';
    for (let i = 0; i < 100 && !cmdline.includes('node'); i++) {
      await new Promise((r) => setTimeout(r, 50));
      try { cmdline = readFileSync(`/proc/${child.pid}/cmdline`, 'utf8'); } catch { /* not yet */ }
    }
    child.stdin.end();
    await new Promise((r) => child.on('close', r));
    const argv = cmdline.split('\0').filter(Boolean);
    expect(argv.slice(1)).toEqual(['--max-semi-space-size=4', '--snapshot-blob', join(ROOT, 'dist', snapshotName()), 'decode', '-']);
  });

  it('writes what the modules write: output, errors and exit codes', () => {
    const modules = (args: string[], env = ENV) => spawnSync(process.execPath, ['--max-semi-space-size=4', PROGRAM, ...args], { env, encoding: 'utf8', maxBuffer: 1 << 28 });
    const snapshot = (args: string[], env = ENV) => spawnSync(PROGRAM, args, { env, encoding: 'utf8', maxBuffer: 1 << 28 });
    const cases = [
      ['decode', 'captures/route-dump.pcap'], ['decode', '-f', 'jsonl', 'captures/rec-sockets.pcap'], ['decode', '-f', 'json', 'captures/rec-genl.pcap'],
      ['decode', '-f', 'jsonl', 'captures/rec-other.pcap', '--type', 'RTM_NEWLINK'], ['stats', 'captures/route-dump.pcap'], ['stats', '--format', 'json', 'captures/sockdiag.pcap'],
      ['layout', 'tcp_info'], ['explain', 'captures/route-dump.pcap', '--frame', '2'], ['ss', 'captures/rec-sockets.pcap'],
      // help is laid out by the full yargs, from the modules
      ['decode', '--help'], ['help'],
      ['decode', 'captures/missing.pcap'], ['decode', 'captures/route-dump.pcap', '--bogus'], ['nope'], ['decode', 'README.md'],
    ];
    for (const args of cases) {
      const a = snapshot(args), b = modules(args);
      expect([a.status, a.stderr, a.stdout], args.join(' ')).toEqual([b.status, b.stderr, b.stdout]);
      expect(a.stdout.length + a.stderr.length, args.join(' ')).toBeGreaterThan(0);
    }
    // yargs' messages in the user's language, chosen as the command runs (the snapshot ran
    // yargs once as it was made)
    const german = { ...ENV, LC_ALL: 'de_DE.UTF-8' };
    const a = snapshot(['decode', 'captures/route-dump.pcap', '--bogus'], german);
    expect([a.status, a.stderr]).toEqual([2, 'nlscope: Unbekanntes Argument: bogus\n']);
    expect(a.stderr).toBe(modules(['decode', 'captures/route-dump.pcap', '--bogus'], german).stderr);
  });

  it('hands a tree moved since the build to the modules of where it is now', () => {
    const tree = mkdtempSync(join(tmpdir(), 'nlscope-moved-'));
    try {
      mkdirSync(join(tree, 'src', 'cli'), { recursive: true });
      writeFileSync(join(tree, 'src', 'cli', 'bin.mjs'), 'process.stdout.write(JSON.stringify(["moved", process.argv.slice(2)]));');
      const r = spawnSync(process.execPath, ['--max-semi-space-size=4', '--snapshot-blob', join(ROOT, 'dist', snapshotName()), 'decode', 'x.pcap'],
        { env: { ...ENV, NLSCOPE_ROOT: tree }, encoding: 'utf8' });
      expect([r.status, r.stdout]).toEqual([0, JSON.stringify(['moved', ['decode', 'x.pcap']])]);
    } finally {
      rmSync(tree, { recursive: true, force: true });
    }
  });
});

describe('src/cli/bin.mjs choosing the snapshot', () => {
  it('takes it only when made by this node, current, without V8 options, and the first argument is a command', () => {
    const tree = mkdtempSync(join(tmpdir(), 'nlscope-snap-'));
    try {
      for (const d of ['src/cli', 'codecs', 'dist/src/cli']) mkdirSync(join(tree, d), { recursive: true });
      copyFileSync(PROGRAM, join(tree, 'src/cli/bin.mjs'));
      writeFileSync(join(tree, 'codecs', 'x.ts'), '');
      writeFileSync(join(tree, 'dist/src/cli/main.js'), 'process.stdout.write(JSON.stringify(["modules", process.argv.slice(2)]));');
      // a snapshot that says it ran, with what it was given
      const entry = join(tree, 'entry.cjs');
      writeFileSync(entry, 'require("v8").startupSnapshot.setDeserializeMainFunction(() => process.stdout.write(JSON.stringify(["snapshot", process.argv.slice(1), process.env.NLSCOPE_ROOT])));');
      const blob = join(tree, 'dist', snapshotName());
      execFileSync(process.execPath, ['--max-semi-space-size=4', '--snapshot-blob', blob, '--build-snapshot', entry], { stdio: 'ignore' });
      const old = new Date(Date.now() - 60_000);
      for (const f of ['src/cli/bin.mjs', 'codecs/x.ts']) utimesSync(join(tree, f), old, old);
      writeFileSync(join(tree, 'dist/.built'), '');
      const run = (args: string[], env: NodeJS.ProcessEnv = ENV) => JSON.parse(spawnSync(join(tree, 'src/cli/bin.mjs'), args, { env, encoding: 'utf8' }).stdout);
      expect(run(['decode', 'a b.pcap'])).toEqual(['snapshot', ['decode', 'a b.pcap'], realpathSync(tree)]);
      // node would read these as its own options
      expect(run(['--help'])).toEqual(['modules', ['--help']]);
      expect(run([])).toEqual(['modules', []]);
      // V8 refuses a snapshot under other flags
      expect(run(['decode'], { ...ENV, NODE_OPTIONS: '--no-warnings' })).toEqual(['modules', ['decode']]);
      // a README is not a source; a newer source is (then the TypeScript, through tsx: not in this tree)
      writeFileSync(join(tree, 'codecs', 'README.md'), '');
      expect(run(['decode'])).toEqual(['snapshot', ['decode'], realpathSync(tree)]);
      writeFileSync(join(tree, 'codecs', 'x.ts'), '');
      const stale = spawnSync(join(tree, 'src/cli/bin.mjs'), ['decode'], { env: ENV, encoding: 'utf8' });
      expect(stale.stdout).toBe('');
      expect(stale.stderr).toMatch(/tsx/);
      // made by another node
      utimesSync(join(tree, 'codecs', 'x.ts'), old, old);
      rmSync(blob);
      writeFileSync(join(tree, 'dist', 'nlscope-1-1.blob'), '');
      expect(run(['decode'])).toEqual(['modules', ['decode']]);
    } finally {
      rmSync(tree, { recursive: true, force: true });
    }
  });
});
