// Two builds of nlscope timed in one process, round by round: A, then B, then B, then A ...
// over the same packets held in memory. Whole commands timed one after another on the machine
// BENCHMARKS.md was measured on differed by up to 2x from one process to the next (its memory
// is shared with other machines: an allocating loop's speed varies, a computing loop's much
// less), so a change of 5% could not be told from noise that way. Here both builds meet the
// same moments of the machine, and the median of B/A per round is the difference.
//
//   npx tsx scripts/ab.ts A B [--mode decode|text|json] [--file F] [--rounds N]
//
// A and B: a git revision (built into a worktree under /tmp/nlscope-ab, kept for the next
// run; `git worktree remove` takes it away) or a directory holding a built tree (its dist/),
// `.` for this one.
// --mode decode: decodePacket on every packet (the library loop); text, json: `nlscope
// decode`'s writer (render/direct.ts) into memory. The builds' outputs are compared first:
// a difference is reported and the exit code is 1.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, symlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { readCaptureAll } from '../src/capture/reader.js';
import { loadPass, type Pass, type PassMode } from './passes.js';

const root = join(import.meta.dirname, '..');
const { values: opts, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    mode: { type: 'string', default: 'decode' },
    file: { type: 'string' },
    rounds: { type: 'string', default: '60' },
  },
});
const mode = opts.mode!;
const rounds = Number(opts.rounds);
if (positionals.length !== 2 || !['decode', 'text', 'json'].includes(mode) || !(Number.isInteger(rounds) && rounds >= 2)) {
  process.stderr.write('usage: npx tsx scripts/ab.ts A B [--mode decode|text|json] [--file F] [--rounds N]\n');
  process.exit(2);
}
const file = opts.file ?? join(root, 'captures', mode === 'decode' ? 'rec-sockets.pcap' : 'route-dump.pcap');

/** The dist/ of a built tree: the directory given, or a worktree of the revision, built once. */
function distOf(spec: string): string {
  const dir = resolve(spec);
  if (existsSync(join(dir, 'dist', '.built'))) return join(dir, 'dist');
  let rev: string;
  try { rev = execFileSync('git', ['rev-parse', '--verify', `${spec}^{commit}`], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim(); } catch {
    process.stderr.write(`ab: ${spec} is neither a built tree (no dist/.built) nor a git revision\n`);
    process.exit(2);
  }
  const tree = join('/tmp/nlscope-ab', rev.slice(0, 12));
  if (!existsSync(join(tree, 'dist', '.built'))) {
    mkdirSync('/tmp/nlscope-ab', { recursive: true });
    if (!existsSync(tree)) execFileSync('git', ['worktree', 'add', '--detach', tree, rev], { cwd: root, stdio: 'ignore' });
    if (!existsSync(join(tree, 'node_modules'))) symlinkSync(join(root, 'node_modules'), join(tree, 'node_modules'));
    process.stderr.write(`ab: building ${spec} (${rev.slice(0, 12)}) in ${tree}\n`);
    execFileSync(process.execPath, [join(tree, 'scripts', 'build.mjs')], { cwd: tree, stdio: 'inherit' });
  }
  return join(tree, 'dist');
}

const [specA, specB] = positionals as [string, string];
const A = await loadPass(distOf(specA), mode as PassMode);
const B = await loadPass(distOf(specB), mode as PassMode);
const { packets, fatal } = await readCaptureAll(file);
if (fatal || packets.length === 0) {
  process.stderr.write(`ab: ${file}: ${fatal?.message ?? 'no packets'}\n`);
  process.exit(2);
}
const same = A(packets, true).output === B(packets, true).output;
if (!same) process.stderr.write(`ab: ${specA} and ${specB} give different output for ${file} (--mode ${mode})\n`);

/** passes over the packets per round: a round of a few milliseconds is at the mercy of one
 *  interruption; set after the warm-up so that a round takes about ROUND_MS */
let passes = 1;
const ROUND_MS = 30;
const time = (r: Pass): number => {
  const t = process.hrtime.bigint();
  for (let i = 0; i < passes; i++) r(packets, false);
  return Number(process.hrtime.bigint() - t) / 1e6;
};
// the first rounds warm both builds up (V8 compiles the hot functions): left out
const WARMUP = Math.min(10, rounds >> 1);
const ta: number[] = [], tb: number[] = [];
for (let i = 0; i < rounds; i++) {
  let a: number, b: number;
  if (i % 2 === 0) { a = time(A); b = time(B); } else { b = time(B); a = time(A); }
  if (i >= WARMUP) { ta.push(a); tb.push(b); }
  else if (i === WARMUP - 1) passes = Math.max(1, Math.round(ROUND_MS / Math.min(a, b)));
}
/** the value a fraction q of the way up the sorted values */
const quantile = (x: number[], q: number) => [...x].sort((p, r) => p - r)[Math.floor(q * x.length)]!;
const ratios = ta.map((a, i) => tb[i]! / a);
const ms = (x: number[]) => `median ${quantile(x, 0.5).toFixed(2)} ms, min ${Math.min(...x).toFixed(2)} ms`;
console.log(`${file} (${packets.length} packets), --mode ${mode}, ${ta.length} rounds each (${passes} passes over the file per round) after ${WARMUP} to warm up:`);
console.log(`  A ${specA}: ${ms(ta)}`);
console.log(`  B ${specB}: ${ms(tb)}`);
console.log(`  B/A per round: median ${quantile(ratios, 0.5).toFixed(3)} (quartiles ${quantile(ratios, 0.25).toFixed(3)}-${quantile(ratios, 0.75).toFixed(3)})${same ? '' : '; OUTPUT DIFFERS'}`);
if (!same) process.exitCode = 1;
