// Benchmark of the live backend: a dump of 100,000 routes and of 50,000 sockets through the
// python helper, beside `ip route` and `ss` on the same state (a throw-away namespace).
// Wall time and peak RSS (GNU time's %M: the largest process of the command, for nlscope the
// node process; the helper's own peak is printed apart). Needs root, iproute2, python3, /usr/bin/time.
//
//   npx tsx scripts/bench-live.ts [--routes 100000] [--sockets 50000] [--runs 3]
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(fileURLToPath(new URL('.', import.meta.url)), '..');
const BIN = join(ROOT, 'src/cli/bin.mjs');
const SELF = fileURLToPath(import.meta.url);
const TSX = join(ROOT, 'node_modules/tsx/dist/cli.mjs');

// ---------------------------------------------------------------- child mode: library only
if (process.argv[2] === '--child') {
  const [, , , what, ns, decode] = process.argv;
  const { NetlinkClient } = await import('../src/live/client.js');
  const { dumpRequest, inetDiagRequest, RTM } = await import('../src/live/requests.js');
  const t0 = performance.now();
  const c = await NetlinkClient.open({ protocol: what === 'routes' ? 0 : 4, netns: ns });
  const t1 = performance.now();
  const req = what === 'routes' ? dumpRequest(RTM.GETROUTE, 12) : inetDiagRequest(2, 6);
  let n = 0;
  if (decode === 'decode') { for await (const _ of c.dump(req)) n++; } else {
    for await (const p of c.dumpPackets(req)) {
      const dv = new DataView(p.data.buffer, p.data.byteOffset, p.data.byteLength);
      for (let pos = 0; pos + 16 <= p.data.length; pos += (dv.getUint32(pos, true) + 3) & ~3) if (dv.getUint16(pos + 4, true) > 3) n++;
    }
  }
  const t2 = performance.now();
  await c.close();
  process.stdout.write(`${n} (helper start ${((t1 - t0) / 1000).toFixed(2)} s, dump ${((t2 - t1) / 1000).toFixed(2)} s)\n`);
  process.exit(0);
}

const arg = (name: string, def: number) => { const i = process.argv.indexOf(name); return i > 0 ? Number(process.argv[i + 1]) : def; };
const ROUTES = arg('--routes', 100000);
const SOCKETS = arg('--sockets', 50000);
const RUNS = arg('--runs', 3);
if (process.getuid?.() !== 0) { console.error('bench-live: must run as root'); process.exit(1); }

const NS = `nlscope-bench-${process.pid}`;
const TMP = mkdtempSync(join(tmpdir(), 'nlscope-bench-'));
const holders: ReturnType<typeof spawn>[] = [];
const cleanup = () => {
  for (const h of holders) h.kill();
  spawnSync('ip', ['netns', 'del', NS]);
  rmSync(TMP, { recursive: true, force: true });
};
process.on('exit', cleanup);
process.on('SIGINT', () => process.exit(130));

const ip = (...a: string[]) => execFileSync('ip', ['-n', NS, ...a], { encoding: 'utf8' });
execFileSync('ip', ['netns', 'add', NS]);
ip('link', 'set', 'lo', 'up');
ip('link', 'add', 'veth0', 'type', 'veth', 'peer', 'name', 'veth1');
ip('addr', 'add', '10.0.0.1/8', 'dev', 'veth0');
ip('link', 'set', 'veth0', 'up');
ip('link', 'set', 'veth1', 'up');

let t = Date.now();
const lines: string[] = [];
for (let i = 0; i < ROUTES; i++) lines.push(`route add 11.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}/32 via 10.0.0.2`);
writeFileSync(join(TMP, 'routes.batch'), lines.join('\n') + '\n');
execFileSync('ip', ['-n', NS, '-batch', join(TMP, 'routes.batch')]);
console.error(`${ROUTES} routes added in ${((Date.now() - t) / 1000).toFixed(1)} s (ip -batch)`);

// sockets: listening TCP sockets on 127.0.0.1, in processes of at most 15,000 (RLIMIT_NOFILE)
t = Date.now();
const PER = 15000;
for (let start = 0; start < SOCKETS; start += PER) {
  const count = Math.min(PER, SOCKETS - start);
  const h = spawn('ip', ['netns', 'exec', NS, 'python3', '-c', `
import socket, resource, sys, time
resource.setrlimit(resource.RLIMIT_NOFILE, (${count + 100}, resource.getrlimit(resource.RLIMIT_NOFILE)[1]))
s = []
for p in range(${1024 + start}, ${1024 + start + count}):
    x = socket.socket(); x.bind(('127.0.0.1', p)); x.listen(1); s.append(x)
print('ready', flush=True)
time.sleep(3600)`], { stdio: ['ignore', 'pipe', 'inherit'] });
  holders.push(h);
  await new Promise<void>((resolve, reject) => {
    h.stdout!.on('data', (c: Buffer) => { if (c.toString().includes('ready')) resolve(); });
    h.on('exit', (code) => reject(new Error(`socket holder exited with ${code}`)));
  });
}
console.error(`${SOCKETS} TCP sockets opened in ${((Date.now() - t) / 1000).toFixed(1)} s`);

interface Row { what: string; command: string; items: string; secs: number[]; cpu: number[]; rss: number[] }

/** Runs a command under GNU time: wall seconds, peak RSS in KiB, output lines (or the child's count). */
function measure(cmd: string[], count: (out: string) => string): { secs: number; cpu: number; rss: number; items: string } {
  const r = spawnSync('/usr/bin/time', ['-f', '%e %M %U %S', '-o', join(TMP, 'time'), ...cmd], { encoding: 'utf8', maxBuffer: 1 << 30 });
  if (r.status !== 0) throw new Error(`${cmd.join(' ')}: exit ${r.status}: ${r.stderr}`);
  const [secs, rss, user, sys] = execFileSync('tail', ['-1', join(TMP, 'time')], { encoding: 'utf8' }).trim().split(' ').map(Number);
  return { secs: secs!, cpu: user! + sys!, rss: rss!, items: count(r.stdout) };
}
const lineCount = (s: string) => String(s.split('\n').filter(Boolean).length);
const jsonlMessages = (s: string) => String(s.split('\n').filter((l) => l.includes('"RTM_NEWROUTE"') || l.includes('"SOCK_DIAG_BY_FAMILY"')).length);

const node = process.execPath;
const cases: Array<[string, string, string[], (o: string) => string]> = [
  ['routes', 'ip -4 route show table all', ['ip', '-n', NS, '-4', 'route', 'show', 'table', 'all'], lineCount],
  ['routes', 'ip -j -4 route show table all', ['ip', '-n', NS, '-j', '-4', 'route', 'show', 'table', 'all'], (o) => String((JSON.parse(o) as unknown[]).length)],
  ['routes', 'nlscope dump routes --format jsonl', [node, BIN, 'dump', 'routes', '--netns', NS, '--format', 'jsonl'], jsonlMessages],
  ['routes', 'nlscope dump routes (text)', [node, BIN, 'dump', 'routes', '--netns', NS], (o) => String(o.split('\n').filter((l) => l.includes('RTM_NEWROUTE')).length)],
  ['routes', 'library dump, decoded', [node, TSX, SELF, '--child', 'routes', NS, 'decode'], (o) => o.trim()],
  ['routes', 'library dumpPackets, raw', [node, TSX, SELF, '--child', 'routes', NS, 'raw'], (o) => o.trim()],
  ['sockets', 'ss -tan', ['ip', 'netns', 'exec', NS, 'ss', '-tan'], (o) => String(Number(lineCount(o)) - 1)],
  ['sockets', 'nlscope dump sockets --format jsonl', [node, BIN, 'dump', 'sockets', '--netns', NS, '--format', 'jsonl'], jsonlMessages],
  ['sockets', 'library dump (TCP v4), decoded', [node, TSX, SELF, '--child', 'sockets', NS, 'decode'], (o) => o.trim()],
  ['sockets', 'library dumpPackets (TCP v4), raw', [node, TSX, SELF, '--child', 'sockets', NS, 'raw'], (o) => o.trim()],
];

const rows: Row[] = [];
for (const [what, command, cmd, count] of cases) {
  const row: Row = { what, command, items: '', secs: [], cpu: [], rss: [] };
  for (let i = 0; i < RUNS; i++) {
    const m = measure(cmd, count);
    row.secs.push(m.secs); row.cpu.push(m.cpu); row.rss.push(m.rss); row.items = m.items;
  }
  rows.push(row);
  console.error(`${command}: ${row.secs.join(' ')} s`);
}

// the helper's own peak RSS, for one dump of each
const helperPeak = (what: string) => {
  const f = join(TMP, `frames-${what}`);
  writeFileSync(f, Buffer.concat([
    frame(1, 1, Buffer.from(JSON.stringify({ protocol: what === 'routes' ? 0 : 4, rcvbuf: 1 << 20 }))),
    frame(2, 1, what === 'routes' ? reqBytes(26, 12) : inetReq()),
  ]));
  // stdin stays open 5 s (the helper ends at EOF), the answers go to /dev/null
  execFileSync('/usr/bin/time', ['-f', '%M', '-o', join(TMP, 'htime'), 'bash', '-c',
    `(cat ${f}; sleep 5) | ip netns exec ${NS} python3 ${join(ROOT, 'src/live/helper.py')} > /dev/null`]);
  return Number(execFileSync('tail', ['-1', join(TMP, 'htime')], { encoding: 'utf8' }).trim());
};
function frame(op: number, sock: number, p: Buffer): Buffer {
  const h = Buffer.alloc(9); h.writeUInt32LE(5 + p.length, 0); h.writeUInt8(op, 4); h.writeUInt32LE(sock, 5);
  return Buffer.concat([h, p]);
}
function reqBytes(type: number, body: number): Buffer {
  const b = Buffer.alloc(16 + body); b.writeUInt32LE(16 + body, 0); b.writeUInt16LE(type, 4); b.writeUInt16LE(0x301, 6); b.writeUInt32LE(1, 8);
  return b;
}
function inetReq(): Buffer { const b = reqBytes(20, 56); b.writeUInt8(2, 16); b.writeUInt8(6, 17); b.writeUInt32LE(0xffffffff, 20); return b; }

const med = (a: number[]) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)]!;
const table = [
  `| state | command | items | wall time (median of ${RUNS}) | CPU user+sys | peak RSS |`,
  '| --- | --- | ---: | ---: | ---: | ---: |',
  ...rows.map((r) => `| ${r.what === 'routes' ? `${ROUTES} routes` : `${SOCKETS} sockets`} | ${r.command} | ${r.items} | ${med(r.secs).toFixed(2)} s | ${med(r.cpu).toFixed(2)} s | ${(med(r.rss) / 1024).toFixed(0)} MiB |`),
];
console.log(table.join('\n'));
console.log(`\npython helper alone (a dump piped to /dev/null): peak RSS ${(helperPeak('routes') / 1024).toFixed(0)} MiB for the routes, ${(helperPeak('sockets') / 1024).toFixed(0)} MiB for the sockets`);

// the socket holders keep the event loop alive: end here (cleanup runs on exit)
process.exit(0);
