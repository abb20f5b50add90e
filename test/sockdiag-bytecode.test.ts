// Bytecode filters: compile() matches ss 6.1 byte for byte, decompile() reads it back, and a real kernel
// (inside a fresh network namespace) accepts the programs and filters exactly as `ss` does.
import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { audit, compile, decompile, normalize, run } from '../src/sockdiag/bytecode.js';
import { decodePacket, encodeMessage } from '../src/codec/message.js';
import { fromHex, toHex } from '../src/wire/bytes.js';
import { SsCollector } from '../src/sockdiag/ss.js';
import type { Json } from '../src/codec/struct.js';

/** What ss 6.1 (iproute2-6.1.0) put in INET_DIAG_REQ_BYTECODE for these filters (strace -e write=3). */
const SS_61: [string, string][] = [
  ['dport = :8080', '0810140000000000901f000000000000'],
  ['dport >= :1024', '04080c0000000004'],
  ['sport == :22', '07101400000000001600000000000000'],
  ['src 192.0.2.0/24', '0710140002180000ffffffffc0000200'],
  ['dst [2001:db8::1]', '081c20000a800000ffffffff20010db8000000000000000000000001'],
  ['fwmark = 0x1/0xff', '0a0c100001000000ff000000'],
  ['autobound', '06040800'],
  ['not dport = :1', '0810140000000000010000000000000001040800'],
  ['dport = :1 and sport = :2', '0810240000000000010000000000000007101400000000000200000000000000'],
  ['dport != :5', '0810140000000000050000000000000001040800'],
  ['dport < :5', '04080c000000050001040800'],
  ['dport > :5', '05080c000000050001040800'],
  ['sport <= :5', '03080c0000000500'],
  ['src 10.0.0.1:80', '0710140002200000500000000a000001'],
  ['src :80', '07101400000000005000000000000000'],
  ['dst 10.0.0.0/8', '0810140002080000ffffffff0a000000'],
  ['dst 2001:db8::/32', '081c20000a200000ffffffff20010db8000000000000000000000000'],
  ['dport = :1 or dport = :2 and dport = :3', '08101400000000000100000000000000010414000810240000000000020000000000000008101400000000000300000000000000'],
  ['dport = :1 and dport = :2 or dport = :3', '08102400000000000100000000000000081014000000000002000000000000000104140008101400000000000300000000000000'],
  ['src *', '0710140000000000ffffffff00000000'],
  ['src 10.0.0.0/8:80', '0710140002080000500000000a000000'],
  ['dst [2001:db8::1]:443', '081c20000a800000bb01000020010db8000000000000000000000001'],
  ['not ( dport = :1 or sport = :2 )', '08101400000000000100000000000000010414000710140000000000020000000000000001040800'],
  ['( dport = :8080 or sport = :9000 )', '0810140000000000901f0000000000000104140007101400000000002823000000000000'],
];

describe('compile / decompile', () => {
  for (const [expr, hex] of SS_61) {
    it(`${expr}`, () => {
      expect(toHex(compile(expr))).toBe(hex); // byte-identical to ss
      const bytes = fromHex(hex)!;
      expect(audit(bytes)).toEqual([]);
      const text = decompile(bytes);
      expect(text).toBe(normalize(expr)); // expression -> bytecode -> expression (normalized)
      expect(toHex(compile(text))).toBe(hex); // and back to the same bytes
    });
  }
  it('reads other layouts generically and runs programs as the kernel does', () => {
    // a NOP in front is not ss's layout: read as if-then-else
    expect(decompile(fromHex('00040400' + '0810140000000000901f000000000000')!)).toBe('dport = :8080');
    expect(decompile(new Uint8Array())).toBe('true');
    const bc = compile('( dport = :8080 or sport = :9000 ) and not src 10.0.0.0/8');
    const e = (sport: number, dport: number, src: number[]) => ({ family: 2, sport, dport, saddr: Uint8Array.from(src), daddr: new Uint8Array(4) });
    expect(run(bc, e(1, 8080, [192, 0, 2, 1]))).toBe(true);
    expect(run(bc, e(9000, 1, [192, 0, 2, 1]))).toBe(true);
    expect(run(bc, e(9000, 1, [10, 1, 2, 3]))).toBe(false);
    expect(run(bc, e(1, 2, [192, 0, 2, 1]))).toBe(false);
    expect(decompile(bc)).toBe('(dport = :8080 or sport = :9000) and not src 10.0.0.0/8');
    expect(decompile(compile('dev = 3'))).toBe('dev = 3');
    expect(decompile(compile('dev = 3'), { ifnames: { 3: 'eth0' } })).toBe('dev = eth0');
    expect(decompile(compile('cgroup 4242'))).toBe('cgroup 4242');
    expect(() => compile('dport = :99999')).toThrow();
    expect(() => compile('dport = :1 or')).toThrow();
  });
});

// ---------------------------------------------------------------- against the kernel

const NS = `nlscope-bc-${process.pid}`;
const nsOk = (() => {
  if (process.platform !== 'linux') return false;
  const r = spawnSync('ip', ['netns', 'add', NS], { encoding: 'utf8' });
  return r.status === 0;
})();
afterAll(() => { if (nsOk) spawnSync('ip', ['netns', 'del', NS]); });
if (!nsOk) console.warn(`sockdiag-bytecode: skipping the kernel test: "ip netns add" was refused (needs root / CAP_SYS_ADMIN and iproute2)`);

/** Runs in the namespace: sockets listening and connected, then each netlink request (hex) sent to
 *  NETLINK_SOCK_DIAG with the answers read back, and `ss -tanH FILTER` for each filter. */
const PY = String.raw`
import socket, sys, json, subprocess, time
req = json.loads(sys.stdin.read())
subprocess.run(['ip', 'link', 'set', 'lo', 'up'], check=True)
keep = []
def listen(fam, addr, port):
    s = socket.socket(fam, socket.SOCK_STREAM); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((addr, port)); s.listen(8); keep.append(s); return s
def connect(fam, addr, port, srv):
    c = socket.socket(fam, socket.SOCK_STREAM); c.connect((addr, port)); keep.append(c)
    a, _ = srv.accept(); keep.append(a)
l8080 = listen(socket.AF_INET, '127.0.0.1', 8080)
l9000 = listen(socket.AF_INET, '127.0.0.1', 9000)
l7000 = listen(socket.AF_INET, '127.0.0.1', 7000)
l6 = listen(socket.AF_INET6, '::1', 8080)
connect(socket.AF_INET, '127.0.0.1', 8080, l8080)
connect(socket.AF_INET, '127.0.0.1', 9000, l9000)
connect(socket.AF_INET, '127.0.0.1', 7000, l7000)
connect(socket.AF_INET6, '::1', 8080, l6)
b = socket.socket(socket.AF_INET, socket.SOCK_STREAM); b.bind(('127.0.0.1', 9100)); b.connect(('127.0.0.1', 7000)); keep.append(b); keep.append(l7000.accept()[0])
out = {'answers': [], 'ss': []}
for h in req['requests']:
    nl = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 4)  # NETLINK_SOCK_DIAG
    nl.bind((0, 0)); nl.send(bytes.fromhex(h))
    got = []
    done = False
    while not done:
        d = nl.recv(65536); got.append(d.hex())
        off = 0
        while off + 16 <= len(d):
            ln = int.from_bytes(d[off:off+4], 'little'); ty = int.from_bytes(d[off+4:off+6], 'little')
            if ty in (2, 3): done = True
            off += (ln + 3) & ~3
            if ln < 16: done = True; break
    nl.close(); out['answers'].append(got)
for f in req['filters']:
    r = subprocess.run(['ss', '-tanH', f], capture_output=True, text=True)
    out['ss'].append(r.stdout)
print(json.dumps(out))
`;

const FILTERS = [
  '( dport = :8080 or sport = :9000 )',
  'dport >= :8000',
  'not ( sport = :7000 or dport = :7000 )',
  'src 127.0.0.0/8 and sport < :8500',
  'dst [::1]',
  'sport = :9100 or dport > :8080',
  'dport != :7000 and not src 127.0.0.1:8080',
];

function request(family: 'AF_INET' | 'AF_INET6', bytecode: Uint8Array, seq: number): Uint8Array {
  const any = family === 'AF_INET' ? '0.0.0.0' : '::';
  const obj: Json = {
    header: { type: 'SOCK_DIAG_BY_FAMILY', flags: ['NLM_F_REQUEST', 'NLM_F_DUMP'], seq, pid: 0 },
    sdiag_family: family, sdiag_protocol: 'IPPROTO_TCP', idiag_ext: [], pad: 0, idiag_states: 0xfff,
    id: { idiag_sport: 0, idiag_dport: 0, idiag_src: any, idiag_dst: any, idiag_if: 0, idiag_cookie: [0, 0] },
    INET_DIAG_REQ_BYTECODE: toHex(bytecode),
  };
  return encodeMessage(obj, { protocol: 4, direction: 'to-kernel' });
}

describe.skipIf(!nsOk)('the kernel accepts compiled filters and filters as ss does', () => {
  it('in a fresh network namespace', () => {
    try {
      const requests: string[] = [];
      FILTERS.forEach((f, i) => {
        const bc = compile(f);
        requests.push(toHex(request('AF_INET', bc, 2 * i + 1)), toHex(request('AF_INET6', bc, 2 * i + 2)));
      });
      // the request we built decodes back to the same filter
      const again = decodePacket(fromHex(requests[0]!)!, { protocol: 4, direction: 'to-kernel' }).messages[0]!;
      expect(decompile(fromHex(String(again.INET_DIAG_REQ_BYTECODE))!)).toBe(normalize(FILTERS[0]!));
      const r = spawnSync('ip', ['netns', 'exec', NS, '/usr/bin/python3', '-c', PY], {
        input: JSON.stringify({ requests, filters: FILTERS }), encoding: 'utf8', timeout: 30_000,
      });
      expect(r.status, r.stderr).toBe(0);
      const out = JSON.parse(r.stdout) as { answers: string[][]; ss: string[] };
      FILTERS.forEach((f, i) => {
        const c = new SsCollector();
        for (const k of [2 * i, 2 * i + 1]) {
          for (const h of out.answers[k]!) {
            const { messages } = decodePacket(fromHex(h)!, { protocol: 4, direction: 'to-user' });
            for (const m of messages) {
              const type = (m.header as Json).type;
              expect(type === 'NLMSG_ERROR' ? `${f}: kernel answered ${m.error_name}` : 'ok').toBe('ok'); // the kernel accepted the program
              c.add({ ...m, protocol: 'NETLINK_SOCK_DIAG', direction: 'to-user', frame: 0 });
            }
          }
        }
        const mine = c.result().sockets.map((s) => `${s.state} ${s.local.addr}:${s.local.port} ${s.peer.addr}:${s.peer.port}`).sort();
        const theirs = out.ss[i]!.split('\n').filter((l) => l.trim()).map((l) => { const t = l.trim().split(/\s+/); return `${t[0]} ${t[3]} ${t[4]}`; }).sort();
        expect(theirs.length, f).toBeGreaterThan(0);
        expect(mine, f).toEqual(theirs);
      });
    } finally {
      spawnSync('ip', ['netns', 'del', NS]); // the sockets died with the python process
    }
  });
});
