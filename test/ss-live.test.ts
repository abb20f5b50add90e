// `nlscope ss` without FILE: the live kernel's sockets, dumped through the helper in a fresh
// network namespace. Skips (with the reason) when not root, `ip netns add` is refused or python3
// has no AF_NETLINK.
import { makeNamespace, PYTHON } from './helpers.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';

const BIN = join(process.cwd(), 'src/cli/bin.mjs');
const PY = PYTHON;
const NS = `nlscope-ss-${randomBytes(4).toString('hex')}`;
const PORT = 7345;

const probe = () => makeNamespace(NS);
const skipReason = probe();
if (skipReason) console.warn(`nlscope ss live tests skipped: ${skipReason}`);
const hasSs = spawnSync('ss', ['-V']).status === 0;

const nlscope = (args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', maxBuffer: 1 << 26, timeout: 60000 });

/** State, local and peer of each row of ss-style output (one netid: no Netid column). */
function rows(text: string, header: boolean): string[] {
  const lines = text.split('\n').filter((l) => l.trim() && !l.startsWith('\t'));
  return (header ? lines.slice(1) : lines).map((l) => { const c = l.trim().split(/\s+/); return `${c[0]} ${c[3]} ${c[4]}`; }).sort();
}

/** Runs python `code` in namespace `ns` (lo up), which opens sockets and keeps them until
 *  release() closes its stdin. */
async function holdSockets(ns: string, code: string): Promise<ChildProcess> {
  expect(spawnSync('ip', ['-n', ns, 'link', 'set', 'lo', 'up']).status).toBe(0);
  const py = spawn('ip', ['netns', 'exec', ns, PY, '-c', `${code}\nimport sys\nprint('ready', flush=True)\nsys.stdin.read()\n`], { stdio: ['pipe', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    let out = '';
    py.stdout!.on('data', (d: Buffer) => { out += d; if (out.includes('ready')) resolve(); });
    py.on('exit', (status) => reject(new Error(`the python holding the sockets exited (${status})`)));
  });
  return py;
}

async function release(py: ChildProcess | undefined): Promise<void> {
  if (!py || py.exitCode !== null) return;
  const gone = new Promise((r) => py.on('exit', r));
  py.stdin!.end();
  const t = setTimeout(() => py.kill('SIGKILL'), 5000);
  await gone;
  clearTimeout(t);
}

describe.skipIf(!!skipReason)('nlscope ss, live (fresh network namespace)', () => {
  let py: ChildProcess | undefined;
  beforeAll(async () => {
    // a listener and a connected pair, held open until stdin closes
    py = await holdSockets(NS, `
import socket, sys
l = socket.socket(); l.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); l.bind(('127.0.0.1', ${PORT})); l.listen()
c = socket.create_connection(('127.0.0.1', ${PORT})); a, _ = l.accept()
c.setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1)
# a unix listener with a connection not yet accepted (ss -e: ino, dev and peers of the listener)
import os
u = socket.socket(socket.AF_UNIX); u.bind('/tmp/${NS}.sock'); u.listen(2)
uc = socket.socket(socket.AF_UNIX); uc.connect('/tmp/${NS}.sock')
# a closed pair: its active closer waits in TIME-WAIT with a timer
c2 = socket.create_connection(('127.0.0.1', ${PORT})); a2, _ = l.accept(); c2.close(); a2.close()
`);
  }, 30000);

  afterAll(async () => {
    await release(py);
    spawnSync('ip', ['netns', 'del', NS]);
    rmSync(`/tmp/${NS}.sock`, { force: true });
  });

  it('-o (and -e) show the timers as ss does: timer:(keepalive,119min,0), timer:(timewait,59sec,0)', () => {
    const r = nlscope(['ss', '-tano', '--netns', NS]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/ESTAB .* timer:\(keepalive,1\d\dmin,0\)/);
    expect(r.stdout).toMatch(/TIME-WAIT .* timer:\(timewait,\d+sec,0\)/);
    expect(nlscope(['ss', '-tane', '--netns', NS]).stdout).toMatch(/timer:\(keepalive,/);
    expect(nlscope(['ss', '-tan', '--netns', NS]).stdout).not.toMatch(/timer:/);
    if (!hasSs) { console.warn('ss not installed: timers not compared with it'); return; }
    // the timer words (names, retransmits) as ss prints them; the times left move on
    const words = (t: string) => [...t.matchAll(/timer:\((\w+),[^,]*,(\d+)\)/g)].map((m) => `${m[1]}/${m[2]}`).sort();
    const real = spawnSync('ip', ['netns', 'exec', NS, 'ss', '-tano'], { encoding: 'utf8' }).stdout;
    expect(words(r.stdout)).toEqual(words(real));
    expect(words(real).length).toBeGreaterThanOrEqual(2);
  }, 120000);

  it('a table asked for by name that the kernel cannot dump says so (ss -w without raw_diag printed an empty table)', () => {
    const r = nlscope(['ss', '-wan', '--netns', NS]);
    expect(r.status).toBe(0);
    // with raw_diag loaded the table is dumped and nothing is said; without it, one line
    if (r.stderr) expect(r.stderr).toBe('nlscope: ss: the kernel has no sock_diag module for raw sockets (ENOENT): none listed\n');
    // not asked for by name (-a: every table): no word
    expect(nlscope(['ss', '-an', '--netns', NS]).stderr).toBe('');
  }, 120000);

  it('ss -xae and -xam: unix sockets as ss prints them (shutdown marker, ino and dev of the file, peers; skmem on the line)', () => {
    if (!hasSs) { console.warn('ss not installed: unix sockets not compared with it'); return; }
    for (const flags of ['-xae', '-xam']) {
      const mine = nlscope(['ss', flags, '--netns', NS]);
      expect(mine.status).toBe(0);
      const real = spawnSync('ip', ['netns', 'exec', NS, 'ss', flags], { encoding: 'utf8' }).stdout;
      const rowsOf = (t: string) => t.split('\n').slice(1).filter((l) => l.includes(`/tmp/${NS}.sock`) || /^u_str +ESTAB/.test(l)).map((l) => l.trim().split(/\s+/).join(' ')).sort();
      expect(rowsOf(mine.stdout), flags).toEqual(rowsOf(real));
      expect(rowsOf(real).length).toBe(2);
    }
    expect(nlscope(['ss', '-xae', '--netns', NS]).stdout).toMatch(/<-> ino:\d+ dev:\d+\/\d+ peers: \d+/);
  }, 120000);

  it('a unix path pattern (src PATTERN with -x, src unix:PATTERN without) selects as ss does: fnmatch on the names', () => {
    if (!hasSs) { console.warn('ss (iproute2) not installed: the unix path filter is not compared'); return; }
    const cols = (text: string, header: boolean) => text.split('\n').slice(header ? 1 : 0).filter((l) => l.trim())
      .map((l) => { const c = l.trim().split(/\s+/); return `${c[0]} ${c[1]} ${c[4]} ${c[5]}`; }).sort();
    for (const args of [['-xa', 'src', `/tmp/${NS.toUpperCase()}*`], ['-a', 'src', `unix:/tmp/${NS}.s?ck`], ['-xa', 'not', 'src', `/tmp/${NS}*`]]) {
      const r = nlscope(['ss', ...args, '--netns', NS]);
      expect(r.stderr, args.join(' ')).toBe('');
      const ss = spawnSync('ip', ['netns', 'exec', NS, 'ss', '-H', ...args], { encoding: 'utf8' });
      expect(ss.status).toBe(0);
      expect(cols(r.stdout, true), args.join(' ')).toEqual(cols(ss.stdout, false));
    }
    // the listener carries the path (its connection waits, not accepted), the connecting socket none
    expect(cols(nlscope(['ss', '-xa', '--netns', NS, 'src', `/tmp/${NS}*`]).stdout, true)).toEqual([expect.stringMatching(new RegExp(`^u_str LISTEN /tmp/${NS}\\.sock \\d+$`))]);
  }, 120000);

  it('-an lists the tables in ss\'s order (netlink, packet, unix, raw, udp, tcp)', () => {
    if (!hasSs) { console.warn('ss not installed: the order of tables not compared with it'); return; }
    const order = (t: string) => t.split('\n').slice(1).map((l) => l.split(/\s+/)[0]).filter((n) => n).filter((n, i, a) => n !== a[i - 1]);
    const real = spawnSync('ip', ['netns', 'exec', NS, 'ss', '-an'], { encoding: 'utf8' }).stdout;
    const mine = nlscope(['ss', '-an', '--netns', NS]).stdout;
    expect(order(mine)).toEqual(order(real));
    expect(order(real).indexOf('nl')).toBeLessThan(order(real).indexOf('tcp'));
  }, 120000);

  it('ss -tln --netns shows the listening socket', () => {
    const r = nlscope(['ss', '-tln', '--netns', NS]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^State\s+Recv-Q\s+Send-Q\s+Local Address:Port\s+Peer Address:Port\s+Process$/);
    expect(lines.length).toBe(2); // -l: the listener only, not the pair
    expect(rows(r.stdout, true)).toEqual([`LISTEN 127.0.0.1:${PORT} 0.0.0.0:*`]);
  }, 120000);

  it('ss -tan --netns shows the established pair with the endpoints ss -tanH prints', () => {
    const r = nlscope(['ss', '-tan', '--netns', NS]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const mine = rows(r.stdout, true);
    const est = mine.filter((x) => x.startsWith('ESTAB '));
    expect(est.length).toBe(2);
    expect(est.filter((x) => x.includes(` 127.0.0.1:${PORT} `) || x.endsWith(` 127.0.0.1:${PORT}`)).length).toBe(2);
    expect(mine).toContain(`LISTEN 127.0.0.1:${PORT} 0.0.0.0:*`);
    if (!hasSs) { console.warn('ss (iproute2) not installed: the comparison with ss -tanH not made'); return; }
    const ss = spawnSync('ip', ['netns', 'exec', NS, 'ss', '-tanH'], { encoding: 'utf8' });
    expect(ss.status).toBe(0);
    expect(mine).toEqual(rows(ss.stdout, false));
  }, 120000);

  it('a state filter and an expression: only the matching side of the pair (bytecode sent to the kernel)', () => {
    const r = nlscope(['ss', '-tn', '--requests', '--netns', NS, 'state', 'established', `( sport = :${PORT} )`]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const reqs = r.stdout.split('\n').filter((l) => l.startsWith('# '));
    expect(reqs).toEqual([
      `# frame 1: dump AF_INET IPPROTO_TCP filter: sport = :${PORT}`,
      `# frame 2: dump AF_INET6 IPPROTO_TCP filter: sport = :${PORT}`,
    ]);
    // one state selected: no State column, as ss prints it
    const table = r.stdout.split('\n').filter((l) => l.trim() && !l.startsWith('# '));
    expect(table[0]).toMatch(/^Recv-Q Send-Q/);
    expect(table.slice(1).map((l) => l.trim().split(/\s+/).slice(2).join(' '))).toEqual([expect.stringMatching(new RegExp(`^127\\.0\\.0\\.1:${PORT} 127\\.0\\.0\\.1:\\d+$`))]);
  }, 120000);
});

// tcp_info's bitfields against ss: a client with a small receive buffer announces window scale 0
// while its peer announces more, so the two 4-bit members differ (wscale:10,0 and wscale:0,10)
// and their order shows.
const NS2 = `nlscope-wscale-${randomBytes(4).toString('hex')}`;
const skip2 = skipReason ?? makeNamespace(NS2);
// here, not only in the describe's afterAll: that one does not run when a test filter (-t) skips
// the whole describe, and the namespace, made when the file loads, would stay
afterAll(() => {
  if (!skipReason) spawnSync('ip', ['netns', 'del', NS]);
  if (!skip2) spawnSync('ip', ['netns', 'del', NS2]);
});

describe.skipIf(!!skip2)('nlscope ss -ti, live: tcp_info bitfields as ss prints them', () => {
  let py: ChildProcess | undefined;
  beforeAll(async () => {
    py = await holdSockets(NS2, `
import socket, sys
l = socket.socket(); l.bind(('127.0.0.1', ${PORT})); l.listen()
c = socket.socket(); c.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 2048); c.connect(('127.0.0.1', ${PORT}))
a, _ = l.accept()
# a UDP socket bound to lo (ss -e/dev filter: idiag_if), and one that is not
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); u.setsockopt(socket.SOL_SOCKET, socket.SO_BINDTODEVICE, b'lo'); u.bind(('0.0.0.0', ${PORT + 1}))
u2 = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM); u2.bind(('::', ${PORT + 2}))
# packet sockets: one for every protocol, one bound to lo for IPv4
p = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(3))
p2 = socket.socket(socket.AF_PACKET, socket.SOCK_DGRAM, socket.htons(0x800)); p2.bind(('lo', 0x800))
`);
  }, 30000);

  afterAll(async () => {
    await release(py);
    spawnSync('ip', ['netns', 'del', NS2]);
  });

  /** local address -> "wscale:S,R" and app_limited, from ss -ti style output */
  const infoOf = (text: string): Record<string, string> => {
    const out: Record<string, string> = {};
    const lines = text.split('\n');
    lines.forEach((l, i) => {
      const row = /^ESTAB\s+\d+\s+\d+\s+(\S+)/.exec(l.trim());
      const info = lines[i + 1] ?? '';
      if (row && info.startsWith('\t')) out[row[1]!] = `${/wscale:\d+,\d+/.exec(info)?.[0]}${/ app_limited/.test(info) ? ' app_limited' : ''}`;
    });
    return out;
  };

  it('dev NAME names a device of the namespace dumped, not of ours; a bound socket shows %dev on its local address only; -4 / -6 as ss', () => {
    const cols = (text: string, header: boolean) => text.split('\n').slice(header ? 1 : 0).filter((l) => l.trim())
      .map((l) => l.trim().split(/\s+/).slice(0, 6).join(' ')).sort();
    const bound = nlscope(['ss', '-uan', '--netns', NS2, 'dev', 'lo']);
    expect(bound.stderr).toBe('');
    expect(cols(bound.stdout, true)).toEqual([`UNCONN 0 0 0.0.0.0%lo:${PORT + 1} 0.0.0.0:*`]);
    // --requests names the device in the filter it sent (it printed dev = 1)
    expect(nlscope(['ss', '-uan', '--requests', '--netns', NS2, 'dev', 'lo']).stdout).toMatch(/^# frame 1: dump AF_INET IPPROTO_UDP filter: dev = lo$/m);
    // a device of this namespace only (its index may mean another device there): refused
    const mine = readdirSync('/sys/class/net').find((n) => n !== 'lo') ?? 'nlscope-no-such-dev'; // the namespace has lo only
    const other = nlscope(['ss', '-uan', '--netns', NS2, 'dev', mine]);
    expect([other.status, other.stderr.trim()]).toEqual([2, `nlscope: unknown device "${mine}" in namespace ${NS2}`]);
    if (!hasSs) { console.warn('ss (iproute2) not installed: the comparison with ss is not made'); return; }
    for (const args of [['-uan', 'dev', 'lo'], ['-4', '-uan'], ['-6', '-uan'], ['-4', '-tan'], ['-6', '-tan']]) {
      const r = nlscope(['ss', ...args, '--netns', NS2]);
      const ss = spawnSync('ip', ['netns', 'exec', NS2, 'ss', '-H', ...args], { encoding: 'utf8' });
      expect(cols(r.stdout, true), args.join(' ')).toEqual(cols(ss.stdout, false));
    }
  }, 120000);

  it('packet sockets with -e and -m as ss prints them: the PACKET_DIAG_INFO line (ver, cpy_thresh, flags), skmem last', () => {
    if (!hasSs) { console.warn('ss (iproute2) not installed: the packet sockets are not compared'); return; }
    const norm = (text: string) => text.split('\n').slice(1).filter((l) => l.trim()).map((l) => l.replace(/[ \t]+/g, ' ').trim());
    for (const o of ['-0ae', '-0am', '-0aem']) {
      const r = nlscope(['ss', o, '--netns', NS2]);
      const ss = spawnSync('ip', ['netns', 'exec', NS2, 'ss', o], { encoding: 'utf8' });
      expect(norm(r.stdout), o).toEqual(norm(ss.stdout));
    }
    expect(nlscope(['ss', '-0ae', '--netns', NS2]).stdout).toMatch(/\n\tver:0 cpy_thresh:0 flags\( running \)/);
  }, 120000);

  it('wscale:snd,rcv and app_limited of each socket are the ones ss -ti prints', () => {
    const r = nlscope(['ss', '-tin', '--netns', NS2]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const mine = infoOf(r.stdout);
    const server = mine[`127.0.0.1:${PORT}`];
    const client = Object.entries(mine).find(([k]) => k !== `127.0.0.1:${PORT}`)?.[1];
    // the client (2 KiB receive buffer) scales its window by 0, the server by more
    expect(client).toMatch(/^wscale:([1-9]\d*),0\b/);
    expect(server).toMatch(/^wscale:0,([1-9]\d*)\b/);
    if (!hasSs) { console.warn('ss (iproute2) not installed: the comparison with ss -tinH not made'); return; }
    const ss = spawnSync('ip', ['netns', 'exec', NS2, 'ss', '-tinH'], { encoding: 'utf8' });
    expect(ss.status).toBe(0);
    expect(mine).toEqual(infoOf(ss.stdout));
  }, 120000);
});
