// npm run bench: nlscope against tshark and pyroute2 on the same files, in one run.
// Builds large captures by replicating the real packets of captures/, then times
// each tool (median of N runs, alternating) and records peak RSS (GNU time -v style
// via /proc in a child wrapper). Results go to stdout as a Markdown table.
//
//   npx tsx scripts/bench.ts [--mb 50] [--runs 3] [--skip-peers]
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { readCaptureAll } from '../src/capture/reader.js';
import { readCapture } from '../src/capture/reader.js';
import { encodeCapture } from '../src/capture/writer.js';
import type { CapturedPacket } from '../src/capture/types.js';
import { decodePacket } from '../src/codec/message.js';

const args = process.argv.slice(2);
const opt = (name: string, def: number) => { const i = args.indexOf(`--${name}`); return i >= 0 ? Number(args[i + 1]) : def; };
const MB = opt('mb', 50);
const RUNS = opt('runs', 3);
const skipPeers = args.includes('--skip-peers');
const dir = '/tmp/nlscope-bench';
mkdirSync(dir, { recursive: true });

async function build(name: string, sources: string[], filter: (p: CapturedPacket) => boolean): Promise<string> {
  const out = join(dir, `${name}-${MB}MB.pcap`);
  if (existsSync(out)) return out;
  const packets = (await Promise.all(sources.map((s) => readCaptureAll(s)))).flatMap((c) => c.packets).filter(filter);
  const one = encodeCapture(packets.map((p) => ({ sec: p.sec, nsec: p.nsec, protocol: p.protocol, direction: p.direction === 'to-user' ? 'to-user' : 'to-kernel', data: p.data })), 'pcap');
  const body = one.subarray(24);
  const copies = Math.ceil((MB << 20) / body.length);
  const buf = new Uint8Array(24 + body.length * copies);
  buf.set(one.subarray(0, 24));
  for (let i = 0; i < copies; i++) buf.set(body, 24 + i * body.length);
  writeFileSync(out, buf);
  return out;
}

/** Runs a command, returns [seconds, peak RSS MiB] (RSS from /usr/bin/time if present). */
function measure(cmd: string[]): [number, number] {
  const hasTime = existsSync('/usr/bin/time');
  const full = hasTime ? ['/usr/bin/time', '-f', '%M', ...cmd] : cmd;
  const t0 = process.hrtime.bigint();
  const r = spawnSync(full[0], full.slice(1), { stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 26 });
  const secs = Number(process.hrtime.bigint() - t0) / 1e9;
  const lines = r.stderr.toString().trim().split('\n');
  const rss = hasTime ? Number(lines[lines.length - 1]) / 1024 : NaN;
  return [secs, rss];
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function libraryLoop(file: string): Promise<{ msgs: number; secs: number; floorSecs: number; mb: number }> {
  // Floor: read every packet, decode nothing.
  let t0 = process.hrtime.bigint();
  let n = 0;
  for await (const ev of readCapture(file)) if (ev.kind === 'packet') n++;
  const floorSecs = Number(process.hrtime.bigint() - t0) / 1e9;
  t0 = process.hrtime.bigint();
  let msgs = 0;
  for await (const ev of readCapture(file)) {
    if (ev.kind !== 'packet') continue;
    const p = ev.packet;
    msgs += decodePacket(p.data, { protocol: p.protocol, direction: p.direction === 'to-user' ? 'to-user' : 'to-kernel' }).messages.length;
  }
  void n;
  return { msgs, secs: Number(process.hrtime.bigint() - t0) / 1e9, floorSecs, mb: statSync(file).size / (1 << 20) };
}

const nl = ['node', 'src/cli/bin.mjs'];
const have = (c: string) => spawnSync('sh', ['-c', `command -v ${c}`]).status === 0;
const pyroute2 = spawnSync('/usr/bin/python3', ['-c', 'import pyroute2']).status === 0;

const files = {
  sockets: await build('sockdiag', ['captures/sockdiag.pcap'], (p) => p.protocol === 4),
  route: await build('route', ['captures/route-dump.pcap'], () => true),
};

console.log(`# nlscope benchmark\n\nMachine: ${cpus()[0]?.model ?? '?'} x${cpus().length}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}` +
  (have('tshark') ? `, ${execFileSync('tshark', ['--version']).toString().split('\n')[0]}` : '') + `; median of ${RUNS} runs.\n`);

for (const [name, file] of Object.entries(files)) {
  const lib = await libraryLoop(file);
  console.log(`## ${name}: ${file} (${lib.mb.toFixed(0)} MB, ${lib.msgs} messages)\n`);
  console.log(`Library decode loop: ${(lib.msgs / lib.secs / 1e3).toFixed(0)}k messages/s, ${(lib.mb / lib.secs).toFixed(0)} MB/s; reading alone (floor): ${(lib.mb / lib.floorSecs).toFixed(0)} MB/s (decode ${(lib.secs / lib.floorSecs).toFixed(1)}x the floor).\n`);
  const rows: Array<[string, string[], string, string[] | undefined]> = [
    ['decode jsonl vs tshark -T json', [...nl, 'decode', file, '--format', 'jsonl'], 'tshark -T json', have('tshark') && !skipPeers ? ['tshark', '-r', file, '-T', 'json'] : undefined],
    ['decode text vs tshark -V', [...nl, 'decode', file], 'tshark -V', have('tshark') && !skipPeers ? ['tshark', '-r', file, '-V'] : undefined],
    ['decode jsonl vs pyroute2 parse', [...nl, 'decode', file, '--format', 'jsonl'], 'pyroute2', pyroute2 && !skipPeers && existsSync('scripts/pyroute2_decode.py') ? ['/usr/bin/python3', 'scripts/pyroute2_decode.py', file] : undefined],
  ];
  console.log('| task | nlscope s | nlscope MiB | peer | peer s | peer MiB | ratio |');
  console.log('| --- | --- | --- | --- | --- | --- | --- |');
  for (const [task, ours, peerName, peer] of rows) {
    const a: number[] = [], ar: number[] = [], b: number[] = [], br: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const [s, r] = measure(ours); a.push(s); ar.push(r);
      if (peer) { const [s2, r2] = measure(peer); b.push(s2); br.push(r2); }
    }
    const ma = median(a), mb = peer ? median(b) : NaN;
    console.log(`| ${task} | ${ma.toFixed(2)} | ${median(ar).toFixed(0)} | ${peerName} | ${peer ? mb.toFixed(2) : 'n/a'} | ${peer ? median(br).toFixed(0) : 'n/a'} | ${peer ? (mb / ma).toFixed(1) + 'x' : 'n/a'} |`);
  }
  console.log('');
}
