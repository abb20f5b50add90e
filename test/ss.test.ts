// `nlscope ss` against what ss printed when the captures were taken: every socket ss printed appears with
// the same netid, state and endpoints, and the tcp_info numbers of -i agree with ss's.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { filterSockets, formatSs, msTimer, selectSockets, splitFilterWords, ssFromCapture, type SockRecord, type SsOptions } from '../src/sockdiag/ss.js';
import { compile } from '../src/sockdiag/bytecode.js';

interface Printed { netid?: string; state: string; local: string; peer: string; info: Record<string, number>; infoText: string }

/** Parses ss's table: header columns, one line per socket, tab-indented extra lines. */
function parseSsOutput(text: string, defaults: { state?: string; netid?: string } = {}): Printed[] {
  const out: Printed[] = [];
  let hasNetid = false, hasState = false;
  for (const line of text.split('\n')) {
    if (!line.trim() || line.startsWith('Failed to find')) continue;
    if (/Recv-Q/.test(line)) { hasNetid = line.startsWith('Netid'); hasState = /State/.test(line); continue; }
    if (line.startsWith('\t')) {
      const last = out[out.length - 1]!;
      last.infoText = line.trim();
      for (const m of line.matchAll(/\b(rtt):([\d.]+)\/([\d.]+)/g)) { last.info.rtt = Number(m[2]); last.info.rttvar = Number(m[3]); }
      for (const m of line.matchAll(/\b(rto|ato|mss|pmtu|rcvmss|advmss|cwnd|ssthresh|bytes_sent|bytes_retrans|bytes_acked|bytes_received|segs_out|segs_in|data_segs_out|data_segs_in|lastsnd|lastrcv|lastack|delivered|rcv_space|rcv_ssthresh|minrtt|snd_wnd|rcv_wnd|notsent|unacked|lost|reordering|rcv_rtt):([\d.]+)/g)) last.info[m[1]!] = Number(m[2]);
      for (const m of line.matchAll(/\b(send|pacing_rate|delivery_rate) (\d+)bps/g)) last.info[m[1]!] = Number(m[2]);
      const r = /\bretrans:(\d+)\/(\d+)/.exec(line);
      if (r) { last.info.retrans = Number(r[1]); last.info.retrans_total = Number(r[2]); }
      const b = /bbr:\(bw:(\d+)bps,mrtt:([\d.]+)/.exec(line);
      if (b) { last.info.bbr_bw = Number(b[1]); last.info.bbr_mrtt = Number(b[2]); }
      continue;
    }
    const t = line.trim().split(/\s+/);
    const netid = hasNetid ? t.shift()! : defaults.netid;
    const state = hasState ? t.shift()! : defaults.state!;
    t.shift(); t.shift(); // Recv-Q Send-Q
    const unix = netid?.startsWith('u_');
    const local = unix ? `${t[0]} ${t[1]}` : t[0]!;
    const peer = unix ? `${t[2]} ${t[3]}` : t[1]!;
    out.push({ netid, state, local: local.replace(/^(\w[\w-]*):[^/\s]+\/(\d+)$/, '$1:$2'), peer, info: {}, infoText: '' });
  }
  return out;
}

const key = (s: { netid?: string; state: string; local: string; peer: string }) => `${s.netid ?? ''} ${s.state} ${s.local} ${s.peer}`;
const ours = (r: SockRecord, netid: boolean) => ({
  netid: netid ? r.netid : undefined, state: r.state,
  local: r.local.sep === ' ' ? `${r.local.addr} ${r.local.port}` : `${r.local.addr}${r.local.sep}${r.local.port}`,
  peer: r.peer.sep === ' ' ? `${r.peer.addr} ${r.peer.port}` : `${r.peer.addr}${r.peer.sep}${r.peer.port}`,
});

interface Case { out: string; opts: SsOptions; netid: boolean; filter?: string[]; state?: string }
const CASES: Record<string, Case[]> = {
  'captures/sockdiag.pcap': [
    { out: 'captures/tool-output/ss_tcp.out', opts: { tcp: true, all: true, info: true, extended: true }, netid: false },
    { out: 'captures/tool-output/ss_udp.out', opts: { udp: true, all: true, memory: true }, netid: false },
    { out: 'captures/tool-output/ss_unix.out', opts: { unix: true, all: true }, netid: true },
    { out: 'captures/tool-output/ss_nl.out', opts: { query: ['netlink'], all: true }, netid: false },
    { out: 'captures/tool-output/ss_pkt.out', opts: { packet: true, all: true }, netid: true },
    { out: 'captures/tool-output/ss_filter.out', opts: { tcp: true }, netid: false, filter: ['state', 'established', '( dport = :8080 or sport = :9000 )'], state: 'ESTAB' },
  ],
  'captures/rec-ss.pcap': [
    { out: 'captures/rec-tool-output/ss-tcp.out', opts: { tcp: true, all: true, info: true, extended: true }, netid: false },
    { out: 'captures/rec-tool-output/ss-udp.out', opts: { udp: true, all: true, memory: true }, netid: false },
    { out: 'captures/rec-tool-output/ss-unix.out', opts: { unix: true, all: true }, netid: true },
    { out: 'captures/rec-tool-output/ss-netlink.out', opts: { query: ['netlink'], all: true }, netid: false },
    { out: 'captures/rec-tool-output/ss-packet.out', opts: { packet: true, all: true }, netid: true },
    { out: 'captures/rec-tool-output/ss-filter.out', opts: { tcp: true, info: true }, netid: false, filter: ['state', 'established', '( dport = :8080 or sport = :8080 or sport = :8081 )'], state: 'ESTAB' },
  ],
};

const INFO_KEYS = ['rtt', 'rttvar', 'rto', 'ato', 'mss', 'pmtu', 'rcvmss', 'advmss', 'cwnd', 'bytes_sent', 'bytes_acked', 'bytes_received', 'segs_out', 'segs_in', 'data_segs_out', 'data_segs_in', 'delivered', 'rcv_space', 'rcv_ssthresh', 'minrtt', 'snd_wnd', 'send', 'pacing_rate', 'delivery_rate', 'bbr_bw', 'bbr_mrtt', 'retrans', 'retrans_total', 'lastsnd', 'lastrcv', 'lastack'];

for (const [capture, cases] of Object.entries(CASES)) {
  describe(`nlscope ss ${capture}`, async () => {
    const c = await ssFromCapture(capture);
    for (const k of cases) {
      it(`matches ${k.out}`, () => {
        const printed = parseSsOutput(readFileSync(k.out, 'utf8'), { state: k.state });
        expect(printed.length).toBeGreaterThan(0);
        let socks = selectSockets(c.sockets, k.filter ? { ...k.opts, all: true } : k.opts);
        if (k.filter) {
          const f = splitFilterWords(k.filter);
          socks = socks.filter((s) => f.states!.has(s.state));
          socks = filterSockets(socks, compile(f.expr));
        }
        const mine = socks.map((s) => ours(s, k.netid));
        // the same set of sockets (state and endpoints)
        expect(new Set(mine.map(key))).toEqual(new Set(printed.map(key)));
        // tcp_info numbers of -i agree with ss's
        let compared = 0;
        for (const p of printed) {
          if (!p.infoText || !k.opts.info) continue;
          const r = socks.find((s) => key(ours(s, k.netid)) === key(p))!;
          for (const name of INFO_KEYS) {
            if (p.info[name] === undefined) continue;
            // lastsnd/lastrcv/lastack age between the dumps of one capture; compare the others exactly
            if (name.startsWith('last') && r.seen > 1) continue;
            expect(r.tcp?.[name], `${p.local} ${name}`).toBe(p.info[name]);
            compared++;
          }
          // the whole -i line, item by item, where ss printed it (ss may add fields after the capture's kernel set)
          const ages = (x: string) => (r.seen > 1 ? x.replace(/ last(snd|rcv|ack):\d+/g, '') : x);
          expect(ages(((k.opts.extended ? r.infoOptions : '') + r.info).trim())).toBe(ages(p.infoText.replace(/\s+$/, '')));
        }
        if (k.opts.info && printed.some((p) => p.infoText && Object.keys(p.info).length)) expect(compared).toBeGreaterThan(10);
        // the text form prints every socket
        const text = formatSs(socks, k.opts);
        expect(text.split('\n').filter((l) => !l.startsWith('\t')).length).toBe(socks.length + 1);
      });
    }
  });
}

describe('dedup', () => {
  it('keeps one record per socket seen in several dumps', async () => {
    const c = await ssFromCapture('captures/sockdiag.pcap');
    const est = c.sockets.filter((s) => s.netid === 'tcp' && s.state === 'ESTAB');
    expect(est.length).toBe(2); // in the -tanpie dump and the filtered dump
    expect(est.every((s) => s.tcp?.rtt)).toBe(true); // the filtered copy (no INFO asked) keeps the earlier tcp_info
    const keys = c.sockets.map((s) => s.key);
    expect(new Set(keys).size).toBe(keys.length);
    expect(c.requests.filter((r) => r.filter).map((r) => r.filter)).toEqual(['dport = :8080 or sport = :9000', 'dport = :8080 or sport = :9000']);
  });
});

describe('timers (-o)', () => {
  it('times left as ss prints them (print_ms_timer)', () => {
    const cases: Array<[number, string]> = [[0, ''], [999, '999ms'], [2196, '2.196ms'], [9050, '9.050ms'], [12345, '12sec'], [55000, '55sec'],
      [65000, '1min5sec'], [200000, '3min20sec'], [605000, '10min'], [7140000, '119min']];
    for (const [ms, text] of cases) expect(msTimer(ms), String(ms)).toBe(text);
  });
});

describe('the State column', () => {
  it('a state filter of one state leaves it out, as ss does (tool-output/ss_filter.out)', async () => {
    const c = await ssFromCapture('captures/sockdiag.pcap');
    const f = splitFilterWords(['state', 'established', '(', 'dport', '=', ':8080', 'or', 'sport', '=', ':9000', ')']);
    const socks = filterSockets(selectSockets(c.sockets, { tcp: true, all: true }).filter((s) => f.states!.has(s.state)), compile(f.expr));
    const text = formatSs(socks, { tcp: true, all: true, oneState: true });
    const real = readFileSync('captures/tool-output/ss_filter.out', 'utf8').split('\n').filter((l) => l.trim() && !/cgroup2/.test(l));
    expect(text.split('\n')[0]).toMatch(/^Recv-Q Send-Q/);
    expect(real[0]).toMatch(/^Recv-Q Send-Q/);
    const words = (lines: string[]) => lines.slice(1).map((l) => l.trim().split(/\s+/).join(' '));
    expect(words(text.split('\n'))).toEqual(words(real));
    expect(formatSs(socks, { tcp: true, all: true }).split('\n')[0]).toMatch(/^State/);
  });
});

describe('-n', () => {
  it('netlink sockets by protocol and port id numbers, as ss -n prints them (rtnl:kernel is 0:0)', async () => {
    const c = await ssFromCapture('captures/sockdiag.pcap');
    const socks = selectSockets(c.sockets, { query: ['netlink'], all: true });
    const named = formatSs(socks, { query: ['netlink'], all: true });
    const numeric = formatSs(socks, { query: ['netlink'], all: true, numeric: true });
    expect(named).toMatch(/ rtnl:kernel /);
    expect(numeric).toMatch(/ 0:0 /);
    expect(numeric).toMatch(/ 4:5352 /);
    expect(numeric).not.toMatch(/rtnl|tcpdiag|kernel/);
  });
});

describe('--frame: one ss run of a capture of several', () => {
  it('the dumps of frames 1-6 (ss -tanpie) give what that ss printed; every dump merged keeps a later run\'s values', async () => {
    const { frameMatcher } = await import('../src/cli/args.js');
    const o: SsOptions = { tcp: true, all: true, info: true, extended: true };
    const values = (t: string) => [...t.matchAll(/lastsnd:\d+ lastrcv:\d+/g)].map((m) => m[0]);
    const real = values(readFileSync('captures/rec-tool-output/ss-tcp.out', 'utf8'));
    expect(real.length).toBeGreaterThan(2);
    const one = await ssFromCapture('captures/rec-ss.pcap', frameMatcher(['1-6']));
    expect(values(formatSs(selectSockets(one.sockets, o), o))).toEqual(real);
    const all = await ssFromCapture('captures/rec-ss.pcap');
    expect(values(formatSs(selectSockets(all.sockets, o), o))).not.toEqual(real);
  });
});

describe('a socket one dump lists twice', () => {
  it('is printed twice, as ss prints it (rec-ss: two rtnl sockets of python3/15470 in one netlink dump); across dumps the last copy wins', async () => {
    const c = await ssFromCapture('captures/rec-ss.pcap');
    const o: SsOptions = { query: ['netlink'], all: true };
    const mine = formatSs(selectSockets(c.sockets, o), o).split('\n').filter((l) => / rtnl:15470 /.test(l));
    const real = readFileSync('captures/rec-tool-output/ss-netlink.out', 'utf8').split('\n').filter((l) => /rtnl:python3\/15470/.test(l));
    expect(real.length).toBe(2);
    expect(mine.length).toBe(real.length);
  });
});

describe('unix socket paths in a filter (ss matches them itself: fnmatch, case folded)', () => {
  it('parses src/dst PATTERN as a path with -x or unix:, matches as fnmatch(3) does, and compiles none into bytecode', async () => {
    const { parse, hasUnix, matchUnix, globRegExp, format, BytecodeError } = await import('../src/sockdiag/bytecode.js');
    const e = parse('src /run/*.sock or dst unix:@dbus*', { unix: true });
    expect(hasUnix(e)).toBe(true);
    expect(format(e)).toBe('src unix:/run/*.sock or dst unix:@dbus*');
    expect(matchUnix(e, '/run/systemd/notify.sock', '')).toBe(true); // * matches / too (no FNM_PATHNAME)
    expect(matchUnix(e, '/RUN/A.SOCK', '')).toBe(true); // FNM_CASEFOLD
    expect(matchUnix(e, '/tmp/x.sock', '@dbus-abc')).toBe(true);
    expect(matchUnix(e, '/tmp/x.sock', '')).toBe(false);
    // without -x an address is an inet address, unless it says unix:
    expect(hasUnix(parse('src 10.0.0.1'))).toBe(false);
    expect(hasUnix(parse('src unix:/x'))).toBe(true);
    expect(() => compile(parse('src unix:/x'))).toThrow(BytecodeError);
    // an inet condition holds for no unix socket; a socket without a name is ''
    expect(matchUnix(parse('sport = :22 or src unix:*'), '', '')).toBe(true);
    expect(matchUnix(parse('sport = :22'), '/x', '')).toBe(false);
    expect(globRegExp('/tmp/?x[AB].sock').test('/tmp/uxa.sock')).toBe(true);
    expect(globRegExp('/tmp/[!u]*').test('/tmp/uxa')).toBe(false);
    expect(globRegExp('a\\*b').test('a*b')).toBe(true);
    expect(globRegExp('a\\*b').test('axb')).toBe(false);
    expect(globRegExp('(x)+.$').test('(x)+.$')).toBe(true);
  });
});

describe('details ss prints differently', () => {
  it('tcpi_min_rtt ~0U (no RTT measured yet, SYN-SENT) is left out, not minrtt:4.29497e+06', async () => {
    const { SsCollector } = await import('../src/sockdiag/ss.js');
    const { messagesOf } = await import('./helpers.js');
    const msgs = await messagesOf('captures/sockdiag.pcap');
    const est = msgs.find((m) => (m.INET_DIAG_INFO as Record<string, unknown> | undefined)?.tcpi_state === 'TCP_ESTABLISHED')!;
    const line = (minRtt: number) => {
      const c = new SsCollector();
      for (const m of msgs.filter((x) => x.direction === 'to-kernel')) c.add(m);
      c.add({ ...est, INET_DIAG_INFO: { ...(est.INET_DIAG_INFO as object), tcpi_min_rtt: minRtt } });
      return formatSs(selectSockets(c.result().sockets, { tcp: true, all: true, info: true }), { tcp: true, all: true, info: true });
    };
    expect(line(6)).toMatch(/ minrtt:0\.006\b/);
    expect(line(0xffffffff)).not.toMatch(/minrtt/);
  });

  it('a socket bound to a device shows %dev on its local address only (ss passes no interface for the peer)', async () => {
    const { SsCollector } = await import('../src/sockdiag/ss.js');
    const { messagesOf } = await import('./helpers.js');
    const msgs = await messagesOf('captures/sockdiag.pcap');
    const est = msgs.find((m) => (m.INET_DIAG_INFO as Record<string, unknown> | undefined)?.tcpi_state === 'TCP_ESTABLISHED')!;
    const c = new SsCollector();
    c.add({ header: { type: 'RTM_NEWLINK' }, ifi_index: 1, IFLA_IFNAME: 'lo', direction: 'to-user', protocol: 'NETLINK_ROUTE' });
    for (const m of msgs.filter((x) => x.direction === 'to-kernel')) c.add(m);
    c.add({ ...est, id: { ...(est.id as object), idiag_if: 1 } });
    const [s] = c.result().sockets;
    expect(s!.local.addr).toMatch(/%lo$/);
    expect(s!.peer.addr).not.toMatch(/%/);
  });

  it('-4 / -6: the inet sockets of one family, and only the inet tables (unless others are named)', async () => {
    const { ssRequests, selectedNetids } = await import('../src/sockdiag/ss.js');
    const { sockets } = await ssFromCapture('captures/sockdiag.pcap');
    const fams = (o: SsOptions) => [...new Set(selectSockets(sockets, { all: true, ...o }).map((s) => s.family))].sort();
    expect(fams({ ipv4: true })).toEqual(['AF_INET']);
    expect(fams({ ipv6: true })).toEqual(['AF_INET6']);
    expect(fams({ ipv4: true, ipv6: true })).toEqual(['AF_INET', 'AF_INET6']);
    // tables named: those, their inet sockets of the family
    expect(fams({ ipv4: true, tcp: true })).toEqual(['AF_INET']);
    expect(fams({ ipv4: true, unix: true })).toEqual(fams({ unix: true }));
    expect(selectedNetids({ ipv6: true })).toEqual(new Set(['tcp', 'udp', 'raw', 'mptcp', 'sctp', 'dccp']));
    // the requests: AF_INET6 dumps only, no unix, netlink or packet dump
    const reqs = ssRequests({ ipv6: true, tcp: true });
    expect(reqs.map((r) => [r.netid, r.bytes[16]])).toEqual([['tcp', 10]]);
  });
});
