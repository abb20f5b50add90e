// npm run bench: the measurements of issue 9 ("Benchmarks"), nlscope beside the tools people
// would pick instead, on the same files, in one run.
//
// 1. Builds large captures from the real recordings of captures/ (cached in /tmp/nlscope-bench):
//    sockets: rec-sockets.pcap (a real `ss -tinmoe` dump of 2000 TCP sockets: inet_diag with
//    tcp_info), routes: route-dump.pcap + rec-route.pcap + rec-link.pcap (routes, links with
//    stats). Their packets are replicated (src/capture/replicate.ts: each round later in time,
//    sequence numbers moved up) until the file reaches the size asked for.
// 2. Times, alternating (nlscope, peer, nlscope, peer ...), medians of --runs:
//    `nlscope decode --format jsonl` vs `tshark -T json`; `nlscope decode` (text) vs
//    `tshark -V`; `nlscope stats` vs pyroute2 parsing every message (scripts/pyroute2_decode.py);
//    the library loop (scripts/bench-loop.ts: decodePacket on every packet vs reading the file
//    alone, the floor, and a header-only walk; the decode's first pass, cold, and the median of
//    its later passes in the same process, warm); the peak RSS of each command.
// 3. Prints a Markdown section for BENCHMARKS.md on stdout (progress goes to stderr) and
//    writes the same as JSON to /tmp/nlscope-bench/results.json.
//
//   npx tsx scripts/bench.ts [--mb 50,500] [--runs 3] [--skip-peers] [--only sockets|routes]
//                            [--tasks jsonl,text,stats,library]
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, createWriteStream, existsSync, openSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { readCaptureAll } from '../src/capture/reader.js';
import { encodeHeader, encodePacket } from '../src/capture/writer.js';
import { replicatePackets } from '../src/capture/replicate.js';
import type { CapturedPacket } from '../src/capture/types.js';
import { buildCurrent, snapshotName } from './build-state.mjs';

const root = join(import.meta.dirname, '..');
const DIR = '/tmp/nlscope-bench';
const MB = 1e6;
const MiB = 2 ** 20;

// ------------------------------------------------------------------ options

const { values: opts } = parseArgs({
  options: {
    mb: { type: 'string', default: '50,500' },
    runs: { type: 'string', default: '3' },
    'skip-peers': { type: 'boolean', default: false },
    only: { type: 'string' },
    tasks: { type: 'string', default: 'jsonl,text,stats,library' },
  },
  strict: true,
});
const sizes = opts.mb.split(',').map((s) => Number(s.trim()));
if (!sizes.length || sizes.some((s) => !(s > 0))) usage(`--mb: "${opts.mb}" is not a list of sizes in MB`);
sizes.sort((a, b) => a - b);
const runs = Number(opts.runs);
if (!Number.isInteger(runs) || runs < 1) usage(`--runs: "${opts.runs}" is not a positive integer`);
const skipPeers = opts['skip-peers'];

// ------------------------------------------------------------------ inputs and tasks

interface InputSpec { title: string; sources: string[]; keep: (p: CapturedPacket) => boolean }
const NETLINK_SOCK_DIAG = 4;
const INPUTS: Record<string, InputSpec> = {
  sockets: {
    title: 'Socket dump: captures/rec-sockets.pcap (`ss -tinmoe` of 2000 TCP sockets, inet_diag with tcp_info), NETLINK_SOCK_DIAG packets',
    sources: ['captures/rec-sockets.pcap'],
    keep: (p) => p.protocol === NETLINK_SOCK_DIAG,
  },
  routes: {
    title: 'Route/link dump: captures/route-dump.pcap + rec-route.pcap + rec-link.pcap (routes, neighbours, rules, links with stats)',
    sources: ['captures/route-dump.pcap', 'captures/rec-route.pcap', 'captures/rec-link.pcap'],
    keep: () => true,
  },
};
const inputNames = opts.only ? [opts.only] : Object.keys(INPUTS);
for (const n of inputNames) if (!INPUTS[n]) usage(`--only: "${n}" is not one of ${Object.keys(INPUTS).join(', ')}`);

type TaskName = 'jsonl' | 'text' | 'stats';
interface Task { name: TaskName; label: string; ours: (f: string) => string[]; peer: string; peerCmd: (f: string) => string[]; peerTool: 'tshark' | 'pyroute2' }
const node = process.execPath;
// run as an installed `nlscope` runs: the program itself, whose shell lines start node with
// the settings src/cli/bin.mjs gives (glibc's malloc tunables, the young generation's size)
const nlscope = [join(root, 'src/cli/bin.mjs')];
const pyroute2Script = join(root, 'scripts/pyroute2_decode.py');
const TASKS: Task[] = [
  { name: 'jsonl', label: '`decode --format jsonl`', ours: (f) => [...nlscope, 'decode', f, '--format', 'jsonl'], peer: '`tshark -T json`', peerCmd: (f) => ['tshark', '-r', f, '-T', 'json'], peerTool: 'tshark' },
  { name: 'text', label: '`decode` (text)', ours: (f) => [...nlscope, 'decode', f], peer: '`tshark -V`', peerCmd: (f) => ['tshark', '-r', f, '-V'], peerTool: 'tshark' },
  { name: 'stats', label: '`stats`', ours: (f) => [...nlscope, 'stats', f], peer: 'pyroute2 parse (scripts/pyroute2_decode.py)', peerCmd: (f) => ['/usr/bin/python3', pyroute2Script, f], peerTool: 'pyroute2' },
];
const taskNames = opts.tasks.split(',').map((s) => s.trim()).filter(Boolean);
for (const t of taskNames) if (![...TASKS.map((x) => x.name), 'library'].includes(t as TaskName)) usage(`--tasks: "${t}" is not one of jsonl, text, stats, library`);
const tasks = TASKS.filter((t) => taskNames.includes(t.name));
const doLibrary = taskNames.includes('library');

/** Issue 9's targets (medians, same machine, same run). */
const TARGETS = {
  jsonl: 10, // jsonl decode >= 10x faster than tshark -T json
  text: 3, // text decode >= 3x faster than tshark -V
  stats: 10, // stats >= 10x faster than pyroute2's parse
  libraryMessagesPerSecond: 1e6, // on the inet_diag messages of a socket dump
  walkOverFloor: 3, // lazy header-only walk within 3x of the file read floor
  peakRssMiB: 200, // decode and stats on the largest capture, and the same as on the smallest
  sameRss: 0.1, // "the same": the largest capture's peak within 10% of the smallest's
};

/** Passes of the decode loop per library run: the first is timed as the cold figure, the
 *  median of the rest as the warm one (a long-running consumer's speed). */
const WARM_PASSES = 5;

function usage(msg: string): never {
  process.stderr.write(`bench: ${msg}\nusage: npx tsx scripts/bench.ts [--mb 50,500] [--runs 3] [--skip-peers] [--only sockets|routes] [--tasks jsonl,text,stats,library]\n`);
  process.exit(2);
}
const log = (s: string) => process.stderr.write(`[bench] ${s}\n`);

// ------------------------------------------------------------------ running commands

interface Run {
  ok: boolean; seconds: number; rssMiB: number | null; cpuSeconds: number | null; exit: number | null; error?: string;
  /** nlscope commands: whether src/cli/bin.mjs found dist/ current (else it ran the sources through tsx) */
  dist?: boolean;
  /** nlscope commands: whether it started from the build's start-up snapshot */
  snapshot?: boolean;
}

const TIME = existsSync('/usr/bin/time') && spawnSync('/usr/bin/time', ['-f', '%M', 'true']).status === 0 ? '/usr/bin/time' : undefined;
const PY_RUSAGE = 'import resource,subprocess,sys\nrc=subprocess.call(sys.argv[2:])\nu=resource.getrusage(resource.RUSAGE_CHILDREN)\n' +
  'open(sys.argv[1],"w").write("%f %f %d\\n"%(u.ru_utime,u.ru_stime,u.ru_maxrss))\nsys.exit(rc if rc>=0 else 128-rc)';
const PYTHON_RUSAGE = !TIME && existsSync('/usr/bin/python3');
const rssMethod = TIME ? 'GNU time (`/usr/bin/time -f %M`)' : PYTHON_RUSAGE ? 'getrusage(RUSAGE_CHILDREN) of a python wrapper' : 'n/a';

/** Runs a command with stdout to /dev/null; wall time, peak RSS, and whether it succeeded. */
function run(cmd: string[], okExit = (code: number) => code === 0): Run {
  const usageFile = join(DIR, 'usage.txt'), errFile = join(DIR, 'stderr.txt');
  rmSync(usageFile, { force: true });
  const full = TIME ? [TIME, '-f', '%U %S %M', '-o', usageFile, ...cmd]
    : PYTHON_RUSAGE ? ['/usr/bin/python3', '-c', PY_RUSAGE, usageFile, ...cmd] : cmd;
  const err = openOut(errFile);
  const t0 = process.hrtime.bigint();
  const r = spawnSync(full[0]!, full.slice(1), { cwd: root, stdio: ['ignore', 'ignore', err] });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  closeFd(err);
  let rssMiB: number | null = null, cpuSeconds: number | null = null;
  if (existsSync(usageFile)) {
    // GNU time puts "Command exited with non-zero status N" before the numbers
    const nums = readFileSync(usageFile, 'utf8').trim().split('\n').at(-1)!.split(' ').map(Number);
    if (nums.length === 3 && nums.every(Number.isFinite)) { cpuSeconds = nums[0]! + nums[1]!; rssMiB = nums[2]! / 1024; }
  }
  const exit = r.status;
  let error: string | undefined;
  if (r.error) error = r.error.message;
  else if (r.signal) error = `killed by ${r.signal}`;
  else if (exit === null || !okExit(exit)) error = `exit ${exit}: ${lastLine(errFile)}`;
  return { ok: !error, seconds, rssMiB, cpuSeconds, exit, error };
}

/** Runs a command, its stdout into a file (the checks read what the tools printed). */
function runToFile(cmd: string[], out: string): { exit: number | null; error?: string } {
  const fd = openOut(out), errFile = join(DIR, 'stderr.txt'), err = openOut(errFile);
  const r = spawnSync(cmd[0]!, cmd.slice(1), { cwd: root, stdio: ['ignore', fd, err] });
  closeFd(fd); closeFd(err);
  const error = r.error ? r.error.message : r.signal ? `killed by ${r.signal}` : r.status !== 0 ? `exit ${r.status}: ${lastLine(errFile)}` : undefined;
  return { exit: r.status, error };
}

const openOut = (path: string) => openSync(path, 'w');
const closeFd = (fd: number) => closeSync(fd);
function lastLine(path: string): string {
  const lines = readFileSync(path, 'utf8').split('\n').map((l) => l.trim())
    .filter((l) => l && !/^Running as user "root"/.test(l) && !/^Command exited with/.test(l));
  return lines.at(-1)?.slice(0, 200) ?? '(nothing on stderr)';
}

const sh = (cmd: string, args: string[]) => {
  const r = spawnSync(cmd, args, { cwd: root, encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : undefined;
};
const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2; };

// ------------------------------------------------------------------ building the captures

/** The packets of the sources kept, each source moved in time to follow the one before. */
async function sourcePackets(spec: InputSpec): Promise<CapturedPacket[]> {
  const out: CapturedPacket[] = [];
  for (const src of spec.sources) {
    const c = await readCaptureAll(join(root, src));
    const fatal = c.problems.find((p) => p.fatal);
    if (fatal) throw new Error(`${src}: ${fatal.problem.message}`);
    const kept = c.packets.filter(spec.keep);
    if (!kept.length) continue;
    // whole seconds, so nanoseconds stay exact; at least one second after the previous source
    const shift = out.length ? out.at(-1)!.sec + 2 - kept[0]!.sec : 0;
    for (const p of kept) out.push({ ...p, sec: p.sec + shift });
  }
  if (!out.length) throw new Error(`no packets in ${spec.sources.join(', ')}`);
  return out;
}

interface Built { file: string; bytes: number; rounds: number; reused: boolean }

/**
 * A capture of `rounds` rounds of the packets, cached: the name carries a fingerprint of the
 * first two rounds (the recordings and how they are replicated), and a cached file is reused
 * only with the size expected. Older builds of the same name are removed.
 */
async function build(name: string, packets: CapturedPacket[], rounds: number): Promise<Built> {
  const hash = createHash('sha256');
  let roundBytes = 0;
  for (const p of replicatePackets(packets, 2)) { const rec = encodePacket(p, 'pcap'); hash.update(rec); roundBytes += rec.length; }
  roundBytes /= 2;
  const fingerprint = hash.digest('hex').slice(0, 12);
  const file = join(DIR, `${name}-${fingerprint}.pcap`);
  for (const old of readdirSync(DIR)) {
    if (old.startsWith(`${name}-`) && /^[0-9a-f]{12}\.pcap(\.tmp)?$/.test(old.slice(name.length + 1)) && join(DIR, old) !== file) rmSync(join(DIR, old));
  }
  const bytes = encodeHeader('pcap').length + rounds * roundBytes;
  if (existsSync(file) && statSync(file).size === bytes) return { file, bytes, rounds, reused: true };
  const tmp = `${file}.tmp`;
  const ws = createWriteStream(tmp);
  ws.write(encodeHeader('pcap'));
  let batch: Uint8Array[] = [], batchBytes = 0;
  const flush = async () => {
    if (!batch.length) return;
    const ok = ws.write(Buffer.concat(batch, batchBytes));
    batch = []; batchBytes = 0;
    if (!ok) await once(ws, 'drain');
  };
  for (const p of replicatePackets(packets, rounds)) {
    const rec = encodePacket(p, 'pcap');
    batch.push(rec); batchBytes += rec.length;
    if (batchBytes >= 4 * MiB) await flush();
  }
  await flush();
  ws.end();
  await once(ws, 'finish');
  if (statSync(tmp).size !== bytes) throw new Error(`${tmp}: ${statSync(tmp).size} bytes written, ${bytes} expected`);
  renameSync(tmp, file);
  return { file, bytes, rounds, reused: false };
}

// ------------------------------------------------------------------ the library loop

interface LoopResult { seconds: number; decodeSeconds?: number; passes?: Array<{ seconds: number; decodeSeconds?: number; probe?: [number, number] }>; packets: number; messages: number; bytes: number; problems: number; fatal?: string }
interface LoopRun extends Run { result?: LoopResult }

/** One scripts/bench-loop.ts run in a fresh process: its own timing of the loop, and its peak RSS. */
function loop(mode: 'floor' | 'walk' | 'decode', file: string, dist: boolean, passes = 1): LoopRun {
  const out = join(DIR, 'loop.json');
  rmSync(out, { force: true });
  // the child prints its JSON line into a file: stdout stays /dev/null like every other command
  const r = run([node, '--import', 'tsx', join(root, 'scripts/bench-loop.ts'), mode, file, '--out', out, '--passes', String(passes), ...(dist ? ['--dist'] : [])]);
  if (!r.ok) return r;
  try {
    const result = JSON.parse(readFileSync(out, 'utf8')) as LoopResult;
    if (result.fatal) return { ...r, ok: false, error: `capture unreadable: ${result.fatal}`, result };
    return { ...r, result };
  } catch (e) {
    return { ...r, ok: false, error: `no result from bench-loop.ts (${(e as Error).message})` };
  }
}

// ------------------------------------------------------------------ checks: what each tool read

interface Checks { messages: number; packets: number; avgMessageBytes: number; lines: string[]; problems: string[] }

/** Runs each tool once on one round of the input and counts what it read. */
function checks(file: string, dist: boolean, peers: { tshark: boolean; pyroute2: boolean }): Checks {
  const lines: string[] = [], problems: string[] = [];
  const lib = loop('decode', file, dist);
  const walk = loop('walk', file, dist);
  if (!lib.result || !walk.result) {
    problems.push(`library loop: ${lib.error ?? walk.error}`);
    return { messages: 0, packets: 0, avgMessageBytes: 0, lines, problems };
  }
  const { messages, packets, bytes } = lib.result;
  if (walk.result.messages !== messages) problems.push(`header walk counted ${walk.result.messages} messages, decodePacket ${messages}`);
  lines.push(`library: ${packets} packets, ${messages} messages (${(bytes / messages).toFixed(0)} B per message on average), ${lib.result.problems} decode problems`);
  const out = join(DIR, 'check.out');
  const count = (re: RegExp) => (readFileSync(out, 'utf8').match(re) ?? []).length;
  const want = (name: TaskName) => tasks.some((t) => t.name === name);
  if (want('jsonl')) {
    const r = runToFile([...nlscope, 'decode', file, '--format', 'jsonl'], out);
    const n = count(/\n/g);
    lines.push(`nlscope decode --format jsonl: ${n} lines${r.error ? `, ${r.error}` : ''}`);
    if (r.error || n !== messages) problems.push(`nlscope decode --format jsonl printed ${n} lines for ${messages} messages${r.error ? ` (${r.error})` : ''}`);
  }
  if (want('text')) {
    const r = runToFile([...nlscope, 'decode', file], out);
    const size = statSync(out).size;
    lines.push(`nlscope decode (text): ${(size / MB).toFixed(1)} MB of text${r.error ? `, ${r.error}` : ''}`);
    if (r.error || size === 0) problems.push(`nlscope decode (text): ${r.error ?? 'no output'}`);
  }
  if (want('stats')) {
    const r = runToFile([...nlscope, 'stats', file, '--format', 'json'], out);
    let n = -1;
    try { n = (JSON.parse(readFileSync(out, 'utf8')) as { totals: { messages: number } }).totals.messages; } catch { /* n stays -1 */ }
    lines.push(`nlscope stats: ${n} messages analyzed${r.error ? `, ${r.error}` : ''}`);
    if (r.error || n !== messages) problems.push(`nlscope stats analyzed ${n} of ${messages} messages${r.error ? ` (${r.error})` : ''}`);
  }
  if (peers.tshark && (want('jsonl') || want('text'))) {
    const r = runToFile(['tshark', '-r', file, '-T', 'json'], out);
    const frames = count(/"_index"/g), headers = count(/"netlink\.hdr_len"/g);
    lines.push(`tshark -T json: ${frames} frames, ${headers} netlink headers dissected (echoed requests inside NLMSG_ERROR count too)${r.error ? `, ${r.error}` : ''}`);
    if (r.error || frames !== packets || headers < messages) problems.push(`tshark -T json: ${frames} of ${packets} frames, ${headers} headers for ${messages} messages${r.error ? ` (${r.error})` : ''}`);
  }
  if (peers.pyroute2 && want('stats')) {
    const r = runToFile(['/usr/bin/python3', pyroute2Script, file], out);
    type Rec = { skip?: string; exception?: string };
    const recs = readFileSync(out, 'utf8').split('\n').filter(Boolean)
      .map((l): Rec => { try { return JSON.parse(l) as Rec; } catch { return { exception: `not JSON: ${l.slice(0, 80)}` }; } });
    const skipped = new Map<string, number>();
    let exceptions = 0;
    for (const m of recs) {
      if (m.skip && m.skip !== 'control message') skipped.set(m.skip, (skipped.get(m.skip) ?? 0) + 1);
      if (m.exception) exceptions++;
    }
    const nSkipped = [...skipped.values()].reduce((a, b) => a + b, 0);
    lines.push(`pyroute2: ${recs.length} messages read, ${recs.length - nSkipped - exceptions} parsed by a pyroute2 class, ${nSkipped} without one` +
      (skipped.size ? ` (${[...skipped].map(([why, n]) => `${n}x ${why}`).join('; ')})` : '') + `, ${exceptions} exceptions${r.error ? `, ${r.error}` : ''}`);
    if (r.error || recs.length !== messages || exceptions) problems.push(`pyroute2: ${recs.length} of ${messages} messages, ${exceptions} exceptions${r.error ? ` (${r.error})` : ''}`);
  }
  rmSync(out, { force: true });
  return { messages, packets, avgMessageBytes: bytes / messages, lines, problems };
}

const REPLICATION_CHECK_ROUNDS = 3;

/**
 * The replicated rounds must analyze as that many separate copies of the recording (time
 * moves on, sequence numbers do not collide): every total of `nlscope stats` on k rounds is
 * k times the total on one round.
 */
function checkReplication(ck: Checks, one: string, few: string, k: number): void {
  const totals = (file: string): Record<string, number> | string => {
    const out = join(DIR, 'check.out');
    const r = runToFile([...nlscope, 'stats', file, '--format', 'json'], out);
    try {
      if (r.error) return r.error;
      return (JSON.parse(readFileSync(out, 'utf8')) as { totals: Record<string, number> }).totals;
    } catch (e) {
      return (e as Error).message;
    } finally {
      rmSync(out, { force: true });
    }
  };
  const a = totals(one), b = totals(few);
  if (typeof a === 'string' || typeof b === 'string') {
    ck.problems.push(`replication check: nlscope stats failed (${typeof a === 'string' ? a : b})`);
    return;
  }
  const off = Object.keys(a).filter((key) => typeof a[key] === 'number' && b[key] !== k * a[key]!);
  if (off.length) ck.problems.push(`replication: ${k} rounds do not analyze as ${k} x one round: ${off.map((key) => `${key} ${a[key]} -> ${b[key]}`).join(', ')}`);
  else ck.lines.push(`replication: nlscope stats on ${k} rounds gives ${k}x every total of one round (${b.transactions} transactions, ${b.unanswered} unanswered, ${b.orphanAnswers} orphan answers)`);
}

// ------------------------------------------------------------------ machine, versions, build

/** Whether src/cli/bin.mjs finds dist/ current (else it runs the sources through tsx). */
const distCurrent = (): boolean => buildCurrent(root);

/** Whether the program starts from the build's start-up snapshot (src/cli/bin.mjs's rule):
 *  one made by this node, the build current (`current`: distCurrent()), no V8 options in the
 *  environment. */
function fromSnapshot(current: boolean): boolean {
  return current && existsSync(join(root, 'dist', snapshotName()))
    && !process.env.NODE_OPTIONS && !process.env.NODE_V8_COVERAGE;
}

mkdirSync(DIR, { recursive: true });
const loadStart = loadavg();
const startedAt = new Date();
// This machine's two CPUs can be two threads of one physical core: work on the other one (a
// test run, a build, valgrind) slows the measured command's loads 1.5-2x, as the core probe
// shows (BENCHMARKS.md, twenty-fourth session).
if (loadStart[0]! > 0.5) log(`the machine is not quiet (load average ${loadStart[0]!.toFixed(2)} over the last minute): work running beside the benchmark slows what it measures`);

log('npm run build');
const buildRun = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: ['ignore', process.stderr, process.stderr] });
const buildOk = buildRun.status === 0;
const distAtStart = distCurrent();

const have = (cmd: string) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
const tsharkVersion = have('tshark') ? sh('tshark', ['--version'])?.split('\n')[0]?.replace(/\.$/, '') : undefined;
const pyroute2Ok = existsSync('/usr/bin/python3') && spawnSync('/usr/bin/python3', ['-c', 'import pyroute2']).status === 0;
const pyroute2Version = !pyroute2Ok ? undefined
  : sh('dpkg-query', ['-W', '-f=${Version}', 'python3-pyroute2'])
    ?? sh('/usr/bin/python3', ['-c', 'import importlib.metadata as m; print(m.version("pyroute2"))']);
const peers = { tshark: !skipPeers && !!tsharkVersion, pyroute2: !skipPeers && pyroute2Ok };
const commit = sh('git', ['rev-parse', '--short', 'HEAD']) ?? 'unknown';
const dirty = (sh('git', ['status', '--porcelain', '--', 'src', 'codecs']) ?? '').split('\n').filter(Boolean).length;
const cpuModel = cpus()[0]?.model ?? 'unknown CPU';

// ------------------------------------------------------------------ the run

interface TaskResult {
  task: TaskName; ours: Run[]; peer: Run[] | null; peerName: string;
  oursSeconds: number | null; peerSeconds: number | null; oursRssMiB: number | null; peerRssMiB: number | null; ratio: number | null;
  /** peer/nlscope of each alternated pair: next to each other in time, they show how far a
   *  phase of the machine moved the ratio of the medians */
  pairs: number[];
}
interface LibraryResult {
  floor: LoopRun[]; walk: LoopRun[]; decode: LoopRun[];
  floorSeconds: number | null; walkSeconds: number | null; decodeSeconds: number | null;
  /** time inside decodePacket alone (the decode loop without the file read) */
  decodeOnlySeconds: number | null;
  messages: number; bytes: number;
  /** messages/s of the decode loop alone, and of the streamed loop (read + decode) */
  messagesPerSecond: number | null; streamedMessagesPerSecond: number | null;
  /** the decode loop alone in the passes after the first (scripts/bench-loop.ts --passes) */
  warmDecodeSeconds: number | null; warmMessagesPerSecond: number | null;
  decodeMBps: number | null; floorMBps: number | null; walkMBps: number | null;
  decodeOverFloor: number | null; walkOverFloor: number | null;
}
interface CaseResult { input: string; sizeMB: number; file: string; bytes: number; rounds: number; reused: boolean; tasks: TaskResult[]; library?: LibraryResult }

const dist = distAtStart;
const results: CaseResult[] = [];
const checksOf: Record<string, Checks> = {};
const plan: Array<{ input: string; size: number; built: Built }> = [];
for (const input of inputNames) {
  const spec = INPUTS[input]!;
  const packets = await sourcePackets(spec);
  const one = await build(`${input}-1round`, packets, 1);
  for (const size of sizes) {
    const rounds = Math.max(1, Math.ceil((size * MB - encodeHeader('pcap').length) / (one.bytes - encodeHeader('pcap').length)));
    log(`${input} ${size} MB: ${rounds} rounds of ${packets.length} packets`);
    const built = await build(`${input}-${size}MB`, packets, rounds);
    log(`${built.reused ? 'reusing' : 'built'} ${built.file} (${(built.bytes / MB).toFixed(1)} MB)`);
    plan.push({ input, size, built });
  }
  log(`${input}: checking what each tool reads of one round`);
  checksOf[input] = checks(one.file, dist, peers);
  const few = await build(`${input}-${REPLICATION_CHECK_ROUNDS}rounds`, packets, REPLICATION_CHECK_ROUNDS);
  checkReplication(checksOf[input]!, one.file, few.file, REPLICATION_CHECK_ROUNDS);
  for (const p of checksOf[input]!.problems) log(`CHECK FAILED: ${input}: ${p}`);
}

const okMedian = (rs: Run[], f: (r: Run) => number | null): number | null => {
  if (!rs.length || rs.some((r) => !r.ok)) return null;
  const xs = rs.map(f);
  return xs.every((x): x is number => x !== null) ? median(xs) : null;
};
const okMax = (rs: Run[]) => (rs.length && rs.every((r) => r.ok && r.rssMiB !== null) ? Math.max(...rs.map((r) => r.rssMiB!)) : null);

for (const { input, size, built } of plan) {
  const c: CaseResult = { input, sizeMB: size, file: built.file, bytes: built.bytes, rounds: built.rounds, reused: built.reused, tasks: [] };
  for (const t of tasks) {
    const peerOn = peers[t.peerTool];
    const ours: Run[] = [], peer: Run[] = [];
    for (let i = 0; i < runs; i++) {
      const fromDist = distCurrent();
      const a = { ...run(t.ours(built.file)), dist: fromDist, snapshot: fromSnapshot(fromDist) };
      ours.push(a);
      log(`${input} ${size} MB ${t.name} ${i + 1}/${runs}: nlscope ${fmtRun(a)}`);
      if (peerOn) {
        const b = run(t.peerCmd(built.file));
        peer.push(b);
        log(`${input} ${size} MB ${t.name} ${i + 1}/${runs}: ${t.peerTool} ${fmtRun(b)}`);
      }
    }
    const oursSeconds = okMedian(ours, (r) => r.seconds), peerSeconds = peerOn ? okMedian(peer, (r) => r.seconds) : null;
    c.tasks.push({
      task: t.name, ours, peer: peerOn ? peer : null, peerName: t.peer, oursSeconds, peerSeconds,
      oursRssMiB: okMax(ours), peerRssMiB: peerOn ? okMax(peer) : null,
      ratio: oursSeconds && peerSeconds ? peerSeconds / oursSeconds : null,
      pairs: peerOn ? ours.flatMap((a, i) => (a.ok && peer[i]?.ok ? [peer[i]!.seconds / a.seconds] : [])) : [],
    });
  }
  if (doLibrary) {
    const floor: LoopRun[] = [], walk: LoopRun[] = [], decode: LoopRun[] = [];
    for (let i = 0; i < runs; i++) {
      floor.push(loop('floor', built.file, dist));
      walk.push(loop('walk', built.file, dist));
      decode.push(loop('decode', built.file, dist, WARM_PASSES));
      log(`${input} ${size} MB library ${i + 1}/${runs}: floor ${fmtRun(floor.at(-1)!)}, walk ${fmtRun(walk.at(-1)!)}, decode ${fmtRun(decode.at(-1)!)}`);
    }
    const inner = (rs: LoopRun[]) => okMedian(rs, (r) => (r as LoopRun).result?.seconds ?? null);
    const floorSeconds = inner(floor), walkSeconds = inner(walk), decodeSeconds = inner(decode);
    const decodeOnlySeconds = okMedian(decode, (r) => (r as LoopRun).result?.decodeSeconds ?? null);
    // warm: per run, the median of the passes after the first (the JIT has compiled the decoder)
    const warmDecodeSeconds = okMedian(decode, (r) => {
      const later = ((r as LoopRun).result?.passes ?? []).slice(1).map((p) => p.decodeSeconds ?? NaN).filter((v) => v > 0);
      return later.length ? median(later) : null;
    });
    const messages = decode.find((r) => r.result)?.result?.messages ?? 0;
    const bytes = built.bytes;
    c.library = {
      floor, walk, decode, floorSeconds, walkSeconds, decodeSeconds, decodeOnlySeconds, messages, bytes,
      messagesPerSecond: decodeOnlySeconds ? messages / decodeOnlySeconds : null,
      warmDecodeSeconds, warmMessagesPerSecond: warmDecodeSeconds ? messages / warmDecodeSeconds : null,
      streamedMessagesPerSecond: decodeSeconds ? messages / decodeSeconds : null,
      decodeMBps: decodeOnlySeconds ? bytes / MB / decodeOnlySeconds : null,
      floorMBps: floorSeconds ? bytes / MB / floorSeconds : null,
      walkMBps: walkSeconds ? bytes / MB / walkSeconds : null,
      decodeOverFloor: decodeSeconds && floorSeconds ? decodeSeconds / floorSeconds : null,
      walkOverFloor: walkSeconds && floorSeconds ? walkSeconds / floorSeconds : null,
    };
  }
  results.push(c);
}

const distAtEnd = distCurrent();
const loadEnd = loadavg();

// The moments of the machine (scripts/core-probe.ts): a warm pass had the whole core when the
// probes before and after it were within WHOLE_CORE of the fastest probe of this run; slower
// probes mean another thread shared the core (1.5-2x slower loads, and the decoder with them).
const WHOLE_CORE = 1.15;
const probeFastest = Math.min(...results.flatMap((c) => (c.library?.decode ?? []).flatMap((r) => (r.result?.passes ?? []).flatMap((p) => p.probe ?? []))));
/** the warm passes (2..) of a case's decode runs that had the whole core: their median messages/s */
function wholeCore(l: LibraryResult): { passes: number; of: number; messagesPerSecond: number | null } {
  const warm = l.decode.flatMap((r) => (r.result?.passes ?? []).slice(1));
  const whole = warm.filter((p) => p.probe && p.decodeSeconds && Math.max(...p.probe) <= probeFastest * WHOLE_CORE);
  return { passes: whole.length, of: warm.length, messagesPerSecond: whole.length ? l.messages / median(whole.map((p) => p.decodeSeconds!)) : null };
}
const probeNote = (l: LibraryResult): string => {
  const probes = l.decode.flatMap((r) => (r.result?.passes ?? []).flatMap((p) => p.probe ?? []));
  if (!probes.length) return 'no core probe';
  const w = wholeCore(l);
  return `core probe (L1 loads) ${Math.min(...probes).toFixed(2)}-${Math.max(...probes).toFixed(2)} ns, fastest of the run ${probeFastest.toFixed(2)}; ` +
    `${w.passes} of ${w.of} warm passes with the whole core${w.messagesPerSecond === null ? '' : `: ${fmtInt(w.messagesPerSecond)} messages/s (median)`}`;
};

// ------------------------------------------------------------------ targets

interface TargetRow { target: string; input: string; size: string; measured: string; met: boolean | null }
const targets: TargetRow[] = [];
const x = (v: number | null, digits = 1) => (v === null ? 'n/a' : `${v.toFixed(digits)}x`);
for (const c of results) {
  const size = `${c.sizeMB} MB`;
  for (const t of c.tasks) {
    const want = TARGETS[t.task];
    const failed = [...t.ours, ...(t.peer ?? [])].some((r) => !r.ok);
    // Met when the ratio of the medians is, and the median of the pairs too: on a machine whose
    // speed comes and goes in phases (BENCHMARKS.md), a pair, run next to each other, shares a
    // phase that the two medians may not.
    const pairMedian = t.pairs.length > 1 ? median(t.pairs) : null;
    const pairs = pairMedian !== null ? ` (median of the pairs ${x(pairMedian, 2)}; pairs ${t.pairs.map((r) => x(r, 2)).join(', ')})` : '';
    const measured = t.peer === null ? 'peer not run' : failed ? 'error' : x(t.ratio) + pairs;
    const met = t.ratio === null ? null : t.ratio >= want && (pairMedian === null || pairMedian >= want);
    targets.push({ target: `${TASKS.find((k) => k.name === t.task)!.label} >= ${want}x faster than ${t.peerName}`, input: c.input, size, measured, met });
  }
  if (c.library) {
    const l = c.library;
    if (c.input === 'sockets') {
      targets.push({ target: `library decode loop alone >= ${fmtInt(TARGETS.libraryMessagesPerSecond)} inet_diag messages/s, first pass (cold)`, input: c.input, size, measured: l.messagesPerSecond === null ? 'n/a' : `${fmtInt(l.messagesPerSecond)}/s (with the file read: ${l.streamedMessagesPerSecond === null ? 'n/a' : fmtInt(l.streamedMessagesPerSecond)}/s)`, met: l.messagesPerSecond === null ? null : l.messagesPerSecond >= TARGETS.libraryMessagesPerSecond });
      targets.push({ target: `library decode loop alone >= ${fmtInt(TARGETS.libraryMessagesPerSecond)} inet_diag messages/s, warm (passes 2-${WARM_PASSES})`, input: c.input, size, measured: l.warmMessagesPerSecond === null ? 'n/a' : `${fmtInt(l.warmMessagesPerSecond)}/s`, met: l.warmMessagesPerSecond === null ? null : l.warmMessagesPerSecond >= TARGETS.libraryMessagesPerSecond });
      const w = wholeCore(l);
      targets.push({ target: `library decode loop alone >= ${fmtInt(TARGETS.libraryMessagesPerSecond)} inet_diag messages/s, warm passes with the whole core (core probe within ${WHOLE_CORE}x of its fastest)`, input: c.input, size, measured: w.messagesPerSecond === null ? `none of ${w.of} passes` : `${fmtInt(w.messagesPerSecond)}/s (${w.passes} of ${w.of} passes)`, met: w.messagesPerSecond === null ? null : w.messagesPerSecond >= TARGETS.libraryMessagesPerSecond });
    }
    targets.push({ target: `header-only walk within ${TARGETS.walkOverFloor}x of the read floor`, input: c.input, size, measured: x(l.walkOverFloor, 2), met: l.walkOverFloor === null ? null : l.walkOverFloor <= TARGETS.walkOverFloor });
  }
}
// Memory: decode and stats on the largest capture under the limit, and the same as on the smallest.
for (const input of inputNames) {
  const mine = results.filter((c) => c.input === input);
  const small = mine[0], large = mine.at(-1);
  if (!small || !large) continue;
  for (const t of tasks) {
    const rl = large.tasks.find((k) => k.task === t.name)?.oursRssMiB ?? null;
    const rs = small.tasks.find((k) => k.task === t.name)?.oursRssMiB ?? null;
    const label = `nlscope ${t.label.replaceAll('`', '')}`;
    targets.push({ target: `peak RSS of ${label} < ${TARGETS.peakRssMiB} MiB`, input, size: `${large.sizeMB} MB`, measured: rl === null ? 'n/a' : `${rl.toFixed(0)} MiB`, met: rl === null ? null : rl < TARGETS.peakRssMiB });
    if (small !== large) {
      const same = rl !== null && rs !== null ? rl <= rs * (1 + TARGETS.sameRss) : null;
      targets.push({ target: `peak RSS of ${label} the same on ${large.sizeMB} MB as on ${small.sizeMB} MB (within ${TARGETS.sameRss * 100}%)`, input, size: `${small.sizeMB} -> ${large.sizeMB} MB`, measured: rl === null || rs === null ? 'n/a' : `${rs.toFixed(0)} -> ${rl.toFixed(0)} MiB`, met: same });
    }
  }
}

// ------------------------------------------------------------------ the report

function fmtRun(r: Run): string {
  return r.ok ? `${r.seconds.toFixed(2)} s${r.rssMiB !== null ? `, ${r.rssMiB.toFixed(0)} MiB` : ''}` : `ERROR ${r.error}`;
}
function fmtInt(n: number): string { return Math.round(n).toLocaleString('en-US'); }
const cellS = (rs: Run[] | null, v: number | null) => (rs === null ? 'not run' : v !== null ? v.toFixed(2) : `error: ${rs.find((r) => !r.ok)?.error ?? 'no measurement'}`);
const cellMiB = (rs: Run[] | null, v: number | null) => (rs === null ? 'not run' : v !== null ? v.toFixed(0) : rs.some((r) => !r.ok) ? 'error' : 'n/a');
const fmtLoad = (l: number[]) => l.map((v) => v.toFixed(2)).join(', ');

const md: string[] = [];
const day = startedAt.toISOString().slice(0, 10);
md.push(`## ${day}, decode (scripts/bench.ts --mb ${sizes.join(',')} --runs ${runs}${skipPeers ? ' --skip-peers' : ''}${opts.only ? ` --only ${opts.only}` : ''}${opts.tasks !== 'jsonl,text,stats,library' ? ` --tasks ${taskNames.join(',')}` : ''})`, '');
md.push(`Machine: ${cpuModel}, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM; load average (1, 5, 15 min) ${fmtLoad(loadStart)} at the start, ${fmtLoad(loadEnd)} at the end.`);
md.push(`Versions: node ${process.version}, ${tsharkVersion ?? 'tshark not installed'}, pyroute2 ${pyroute2Version ?? (pyroute2Ok ? 'version unknown' : 'not installed')}, nlscope ${commit}${dirty ? ` with uncommitted changes in ${dirty} files of src/ and codecs/` : ''}.`);
const nlscopeRuns = results.flatMap((c) => c.tasks.flatMap((t) => t.ours));
const fromDistRuns = nlscopeRuns.filter((r) => r.dist).length;
const snapshotRuns = nlscopeRuns.filter((r) => r.snapshot).length;
md.push(`nlscope ran as the program src/cli/bin.mjs (as an installed \`nlscope\`: its shell lines start node with glibc's malloc keeping what it frees, a young generation of 2 x 4 MiB and no NODE_EXTRA_CA_CERTS${process.env.NODE_EXTRA_CA_CERTS ? `, which this machine's environment sets to \`${process.env.NODE_EXTRA_CA_CERTS}\`` : ''}), ${!buildOk ? '`npm run build` failed, so ' : ''}${
  fromDistRuns === nlscopeRuns.length ? `from the compiled dist/ (\`npm run build\` at the start) in every run, ${snapshotRuns === nlscopeRuns.length ? 'starting from its start-up snapshot (the modules loaded and evaluated) in every run' : `**from its start-up snapshot in ${snapshotRuns} of ${nlscopeRuns.length} runs**`}`
    : `**from dist/ in only ${fromDistRuns} of ${nlscopeRuns.length} runs**; in the others a source file was newer than the build and the TypeScript ran through tsx`}. ` +
  `The library loop loaded ${dist ? 'dist/' : 'the TypeScript sources (tsx): dist/ was not current after the build'}, in node with the environment as it was (GLIBC_TUNABLES ${process.env.GLIBC_TUNABLES ? `\`${process.env.GLIBC_TUNABLES}\`` : 'unset'}: a library's malloc is its host program's).`);
md.push(`Times: wall seconds, median of ${runs} run${runs > 1 ? 's' : ''}, nlscope and peer alternating, stdout to /dev/null. Peak RSS: ${rssMethod}, the highest of the runs. MB = 10^6 bytes. ` +
  'The library loop (scripts/bench-loop.ts) runs in a fresh process per measurement and times its loop only (not start-up); it reads with reused chunks, as `nlscope decode` does. ' +
  `Its decode runs ${WARM_PASSES} passes over the file in one process: the first pass (cold) includes V8's warm-up, the interpreted start before the decoder is compiled; warm is the median of the later passes, the speed of a long-running consumer. Around each pass a loop of L1 loads is timed (scripts/core-probe.ts): on this machine it runs 1.5-2x slower, and the decoder with it, while another thread shares the physical core; the passes whose probes were within ${WHOLE_CORE}x of the run's fastest had the whole core.` +
  (tasks.some((t) => t.name === 'stats') && peers.pyroute2 ? ' The pyroute2 peer reads every attribute of every message it has a class for (pyroute2 decodes attributes when read) and prints each message as a JSON line.' : ''), '');

for (const input of inputNames) {
  const ck = checksOf[input]!;
  md.push(`### ${INPUTS[input]!.title}`, '');
  md.push(`One round: ${ck.packets} packets, ${fmtInt(ck.messages)} messages, ${ck.avgMessageBytes.toFixed(0)} bytes per message on average. What each tool read of one round:`, '');
  for (const l of ck.lines) md.push(`- ${l}`);
  for (const p of ck.problems) md.push(`- **check failed: ${p}**`);
  md.push('');
  for (const c of results.filter((r) => r.input === input)) {
    const msgs = c.library?.messages ?? ck.messages * c.rounds;
    md.push(`#### ${c.sizeMB} MB: ${(c.bytes / MB).toFixed(1)} MB, ${c.rounds} round${c.rounds > 1 ? 's' : ''}, ${fmtInt(msgs)} messages`, '');
    if (c.tasks.length) {
      md.push('| task | nlscope s | nlscope MiB | peer | peer s | peer MiB | peer/nlscope |', '| --- | ---: | ---: | --- | ---: | ---: | ---: |');
      for (const t of c.tasks) {
        md.push(`| ${TASKS.find((k) => k.name === t.task)!.label} | ${cellS(t.ours, t.oursSeconds)} | ${cellMiB(t.ours, t.oursRssMiB)} | ${t.peerName} | ${cellS(t.peer, t.peerSeconds)} | ${cellMiB(t.peer, t.peerRssMiB)} | ${x(t.ratio)} |`);
      }
      md.push('');
    }
    if (c.library) {
      const l = c.library;
      const row = (name: string, rs: LoopRun[], s: number | null, mbps: number | null, over: string) =>
        `| ${name} | ${cellS(rs, s)} | ${mbps === null ? 'n/a' : mbps.toFixed(0)} | ${s === null ? 'n/a' : fmtInt(msgs / s)} | ${over} | ${cellMiB(rs, okMax(rs))} |`;
      md.push('| library loop | s | MB/s | messages/s | time / floor | peak MiB |', '| --- | ---: | ---: | ---: | ---: | ---: |');
      md.push(row('read only, `readCaptureBatches` (the floor)', l.floor, l.floorSeconds, l.floorMBps, '1.0x'));
      md.push(row('header-only walk (nlmsghdr len/type/flags)', l.walk, l.walkSeconds, l.walkMBps, x(l.walkOverFloor, 2)));
      md.push(row('read + `decodePacket`: every message and attribute', l.decode, l.decodeSeconds, l.decodeSeconds ? l.bytes / MB / l.decodeSeconds : null, x(l.decodeOverFloor, 2)));
      md.push(row('`decodePacket` alone (time inside it, no file read), first pass', l.decode, l.decodeOnlySeconds, l.decodeMBps, '-'));
      md.push(row(`\`decodePacket\` alone, warm: median of passes 2-${WARM_PASSES} in the same process`, l.decode, l.warmDecodeSeconds, l.warmDecodeSeconds ? l.bytes / MB / l.warmDecodeSeconds : null, '-'));
      md.push('', `Library: the decode loop alone ${l.messagesPerSecond === null ? 'n/a' : fmtInt(l.messagesPerSecond)} messages/s in its first pass (${l.warmMessagesPerSecond === null ? 'n/a' : fmtInt(l.warmMessagesPerSecond)} warm), ${l.decodeMBps === null ? 'n/a' : l.decodeMBps.toFixed(0)} MB/s; with the file read ${l.streamedMessagesPerSecond === null ? 'n/a' : fmtInt(l.streamedMessagesPerSecond)} messages/s (${x(l.decodeOverFloor, 2)} the floor of ${l.floorMBps === null ? 'n/a' : l.floorMBps.toFixed(0)} MB/s); header-only walk ${x(l.walkOverFloor, 2)} the floor.`, '', `The machine's moments: ${probeNote(l)}.`, '');
    }
  }
}

if (targets.length) {
  md.push('### Targets of issue 9', '');
  md.push('| target | input | size | measured | met |', '| --- | --- | --- | ---: | --- |');
  for (const t of targets) md.push(`| ${t.target} | ${t.input} | ${t.size} | ${t.measured} | ${t.met === null ? 'n/a' : t.met ? 'met' : 'not met'} |`);
  md.push('');
}

const report = md.join('\n');
process.stdout.write(report + '\n');
writeFileSync(join(DIR, 'results.md'), report + '\n');
writeFileSync(join(DIR, 'results.json'), JSON.stringify({
  date: startedAt.toISOString(),
  options: { mb: sizes, runs, skipPeers, only: opts.only ?? null, tasks: taskNames },
  machine: { cpu: cpuModel, cores: cpus().length, ramGiB: totalmem() / 2 ** 30, loadStart, loadEnd },
  versions: { node: process.version, tshark: tsharkVersion ?? null, pyroute2: pyroute2Version ?? null, nlscope: commit, uncommittedSourceFiles: dirty },
  nlscope: { build: buildOk, distAtStart, distAtEnd, runsFromDist: fromDistRuns, runsFromSnapshot: snapshotRuns, runs: nlscopeRuns.length, rss: rssMethod },
  checks: checksOf,
  results,
  targets,
}, null, 1) + '\n');
log(`wrote ${join(DIR, 'results.json')} and ${join(DIR, 'results.md')}`);
const failed = results.some((c) => c.tasks.some((t) => [...t.ours, ...(t.peer ?? [])].some((r) => !r.ok))
  || (c.library && [...c.library.floor, ...c.library.walk, ...c.library.decode].some((r) => !r.ok)))
  || Object.values(checksOf).some((c) => c.problems.length);
if (failed) { log('some commands or checks failed: see the errors in the tables'); process.exitCode = 1; }
