// Instructions, not seconds: the library's decode (or the command's writer) counted by valgrind's
// callgrind over warm passes of a capture held in memory. On the machine BENCHMARKS.md is measured
// on, a loop's speed changes by up to 2x from one minute to the next (its memory and caches are
// shared); the count of instructions it executes does not, so a change of 1% shows.
//
//   npx tsx scripts/bench-instr.ts [--mode decode|text|json] [--file F] [--tree DIR] [--warm N] [--passes N] [--top N]
//
// decode: decodePacket on every packet (the library loop), per message; text, json: `nlscope
// decode`'s writer (render/direct.ts) into memory, per byte written. The child runs node
// --single-threaded (V8 compiles on the main thread, when a function gets hot, not in a thread
// racing the counted passes), does --warm passes uninstrumented, then turns callgrind's
// instrumentation on (callgrind_control) for --passes passes. A compile or an old-generation GC
// that falls in the window still adds to the count: repeat, and take the lowest.
// --tree: the built tree to load (its dist/): this one by default, or a worktree of another
// revision (scripts/ab.ts builds those under /tmp/nlscope-ab). --top N: the N functions that
// executed the most, JavaScript ones by name (node's --perf-basic-prof map).
// Needs valgrind (apt-get install valgrind); not a test.
import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { loadPass, type PassMode } from './passes.js';

const root = join(import.meta.dirname, '..');
const { values: opts } = parseArgs({
  options: {
    mode: { type: 'string', default: 'decode' },
    file: { type: 'string' },
    tree: { type: 'string', default: root },
    warm: { type: 'string', default: '30' },
    passes: { type: 'string', default: '20' },
    top: { type: 'string' },
    child: { type: 'boolean' },
  },
});
const mode = opts.mode!;
const warm = Number(opts.warm), passes = Number(opts.passes);
const tree = resolve(opts.tree!);
const file = resolve(opts.file ?? join(root, 'captures', mode === 'decode' ? 'rec-sockets.pcap' : 'route-dump.pcap'));
if (!['decode', 'text', 'json'].includes(mode) || !(Number.isInteger(warm) && warm >= 1) || !(Number.isInteger(passes) && passes >= 1)) {
  process.stderr.write('usage: npx tsx scripts/bench-instr.ts [--mode decode|text|json] [--file F] [--tree DIR] [--warm N] [--passes N] [--top N]\n');
  process.exit(2);
}

if (opts.child) {
  // ---- inside valgrind: the passes, and the count of what they gave
  const pass = await loadPass(join(tree, 'dist'), mode as PassMode);
  const { readCaptureAll } = await import(pathToFileURL(join(tree, 'dist', 'src/capture/reader.js')).href);
  const { packets } = await readCaptureAll(file);
  let counted = 0;
  for (let i = 0; i < warm; i++) pass(packets, false);
  execFileSync('callgrind_control', ['-i', 'on', String(process.pid)], { stdio: 'ignore' });
  for (let i = 0; i < passes; i++) counted += pass(packets, false).counted;
  execFileSync('callgrind_control', ['-i', 'off', String(process.pid)], { stdio: 'ignore' });
  process.stdout.write(`counted ${counted}\n`);
  process.exit(0);
}

// ---- the parent: valgrind around a child
if (spawnSync('valgrind', ['--version']).error) {
  process.stderr.write('bench-instr: valgrind is not installed (apt-get install valgrind)\n');
  process.exit(2);
}
const top = opts.top === undefined ? 0 : Number(opts.top);
const out = top > 0 ? `/tmp/nlscope-instr-${process.pid}.callgrind` : '/dev/null';
const maps = () => new Set(readdirSync('/tmp').filter((f) => /^perf-\d+\.map$/.test(f)));
const mapsBefore = maps();
const tsx = join(root, 'node_modules', 'tsx', 'dist', 'loader.mjs');
const child = spawnSync('valgrind', [
  '--tool=callgrind', '--instr-atstart=no', `--callgrind-out-file=${out}`, '--smc-check=all-non-file',
  process.execPath, '--single-threaded', ...(top > 0 ? ['--perf-basic-prof'] : []), '--import', pathToFileURL(tsx).href,
  import.meta.filename, '--child', '--mode', mode, '--file', file, '--tree', tree, '--warm', String(warm), '--passes', String(passes),
], { encoding: 'utf8', maxBuffer: 1 << 26 });
const counted = Number(/^counted (\d+)$/m.exec(child.stdout)?.[1]);
const ir = Number(/I\s+refs:\s+([\d,]+)/.exec(child.stderr)?.[1]?.replaceAll(',', ''));
if (child.status !== 0 || !(counted > 0) || !(ir > 0)) {
  process.stderr.write(`bench-instr: the run failed (exit ${child.status})\n${child.stderr.split('\n').filter((l) => !l.startsWith('==')).slice(-20).join('\n')}\n`);
  process.exit(1);
}
const [unit, units] = mode === 'decode' ? ['message', 'messages'] : ['byte written', 'bytes written'];
console.log(`${file} (${mode}, tree ${tree}): ${passes} passes after ${warm}: ${ir.toLocaleString('en-US')} instructions, ${counted.toLocaleString('en-US')} ${units}: ${(ir / counted).toFixed(mode === 'decode' ? 0 : 2)} per ${unit}`);

if (top > 0) {
  // JIT code has no symbols: name its addresses from the perf map node wrote
  const map = [...maps()].filter((f) => !mapsBefore.has(f)).map((f) => join('/tmp', f))[0];
  const ranges: Array<[number, number, string]> = [];
  if (map) {
    for (const line of execFileSync('cat', [map], { encoding: 'utf8', maxBuffer: 1 << 28 }).split('\n')) {
      const m = /^([0-9a-f]+) ([0-9a-f]+) (.*)$/.exec(line);
      if (m) ranges.push([parseInt(m[1]!, 16), parseInt(m[2]!, 16), m[3]!]);
    }
    ranges.sort((a, b) => a[0] - b[0]);
    rmSync(map, { force: true });
  }
  const nameOf = (addr: number): string => {
    let lo = 0, hi = ranges.length - 1, best = -1;
    while (lo <= hi) { const mid = (lo + hi) >> 1; if (ranges[mid]![0] <= addr) { best = mid; lo = mid + 1; } else hi = mid - 1; }
    return best >= 0 && addr < ranges[best]![0] + ranges[best]![1] ? ranges[best]![2] : `0x${addr.toString(16)} (no name: WebAssembly or a stub)`;
  };
  const annotated = execFileSync('callgrind_annotate', [out], { encoding: 'utf8', maxBuffer: 1 << 26 });
  let shown = 0;
  for (const line of annotated.split('\n')) {
    const m = /^\s*([\d,]+) \(\s*[\d.]+%\)\s+(.*)$/.exec(line);
    if (!m || m[2]!.startsWith('PROGRAM TOTALS')) continue;
    const n = Number(m[1]!.replaceAll(',', ''));
    const fn = m[2]!.replace(/^\?\?\?:/, '');
    const addr = /^0x([0-9a-f]+) \[\?\?\?\]$/.exec(fn);
    console.log(`${(n / counted).toFixed(mode === 'decode' ? 0 : 2).padStart(8)}  ${addr ? nameOf(parseInt(addr[1]!, 16)) : fn.slice(0, 110)}`);
    if (++shown >= top) break;
  }
  rmSync(out, { force: true });
}
