// `nlscope ss [FILE]`: sockets printed as `ss` prints them: those of a capture's sock_diag dumps,
// or (no FILE) those of the live kernel, dumped through the helper with the requests ss sends.
import type { Argv } from 'yargs';
import { existsSync } from 'node:fs';
import {
  OPTIONAL_NETIDS, filterSockets, formatSs, selectSockets, selectedNetids, splitFilterWords, ssFromCapture, ssFromDumps, ssRequests,
  type SsCollection, type SsOptions,
} from '../sockdiag/ss.js';
import { compile, hasUnix, matchUnix, parse, type Expr } from '../sockdiag/bytecode.js';
import { NetlinkClient, NetlinkError } from '../live/client.js';
import { dumpRequest, RTM } from '../live/requests.js';
import { liveOptions, withConnection, type LiveArgs } from './dump.js';
import { Output, fail } from './output.js';
import { captureFile, frameMatcher, listOption } from './args.js';

interface Args extends SsOptions, LiveArgs {
  file?: string; filter?: string[]; frame?: string[]; format: string; numeric?: boolean; processes?: boolean; query?: string[];
}

/** First words of an ss filter: such a first positional is the filter, not a FILE. */
const FILTER_WORD = /^\s*(\(|!|not\b|state\b|exclude\b|excl\b|src\b|dst\b|sport\b|dport\b|dev\b|fwmark\b|cgroup\b|autobound\b|sport==|dport==|true\b|false\b)/i;

export const ssCommand = {
  command: 'ss [file] [filter..]',
  describe: 'sockets as ss prints them: of a capture\'s sock_diag dumps, or (no FILE) of the live kernel through the netlink helper',
  builder: (y: Argv) => liveOptions(y
    .positional('file', captureFile('capture file (pcap or pcapng); without it the live kernel is dumped (--netns, --helper, --record apply)', false))
    .positional('filter', { type: 'string', array: true, describe: 'ss filter: [state NAME | exclude NAME]... [EXPRESSION], e.g. state established \'( dport = :8080 or sport = :9000 )\'; unix paths: -x src \'/run/*\' or src \'unix:@dbus*\'' })
    .option('tcp', { alias: 't', type: 'boolean', describe: 'TCP sockets' })
    .option('udp', { alias: 'u', type: 'boolean', describe: 'UDP sockets' })
    .option('raw', { alias: 'w', type: 'boolean', describe: 'RAW sockets' })
    .option('unix', { alias: 'x', type: 'boolean', describe: 'unix sockets' })
    .option('packet', { alias: '0', type: 'boolean', describe: 'packet sockets' })
    .option('ipv4', { alias: '4', type: 'boolean', describe: 'IPv4 sockets only' })
    .option('ipv6', { alias: '6', type: 'boolean', describe: 'IPv6 sockets only' })
    .option('frame', listOption('FILE: only the dumps in these frames (4, 2,5-7, 10-20): one ss run of a capture of several; default: every dump, the last answer of a socket kept'))
    .option('query', { alias: 'A', ...listOption('socket tables, comma-separated as in ss: all, inet, tcp, udp, raw, unix, packet, netlink, unix_stream, unix_dgram, unix_seqpacket, packet_raw, packet_dgram') })
    .option('all', { alias: 'a', type: 'boolean', describe: 'listening and non-listening sockets' })
    .option('listening', { alias: 'l', type: 'boolean', describe: 'listening sockets only' })
    .option('extended', { alias: 'e', type: 'boolean', describe: 'uid, inode, sk cookie, cgroup, v6only, shutdown (and the timers of -o)' })
    .option('options', { alias: 'o', type: 'boolean', describe: 'timers: timer:(on|keepalive|timewait|persist,time left,retransmits)' })
    .option('info', { alias: 'i', type: 'boolean', describe: 'tcp_info: rtt, cwnd, mss, retrans, bytes, pacing, delivery rate, congestion control' })
    .option('memory', { alias: 'm', type: 'boolean', describe: 'socket memory: skmem:(r,rb,t,tb,f,w,o,bl,d)' })
    .option('numeric', { alias: 'n', type: 'boolean', describe: 'numeric: netlink sockets by protocol and port id numbers (ports are always numbers: no service names)' })
    .option('processes', { alias: 'p', type: 'boolean', describe: 'accepted for ss compatibility; process names are not in netlink answers' })
    .option('requests', { type: 'boolean', describe: 'list each dump request first, with its bytecode filter as an ss expression' })
    .option('format', { alias: 'f', choices: ['text', 'json'], default: 'text', describe: 'text like ss, or JSON records' })
    .example('$0 ss capture.pcap -tanie', 'the TCP sockets of a capture\'s dumps, with tcp_info and details')
    .example('$0 ss -tln --netns blue', 'listening TCP sockets of namespace blue, live')
    .example('$0 ss -tan state established \'( dport = :22 )\' --record ss.pcap', 'live, the dumps recorded as an nlmon capture')),
  handler: (argv: Args) => runSs(argv),
};

export async function runSs(argv: Args): Promise<void> {
  const out = new Output();
  try { selectedNetids(argv); } catch (e) { fail((e as Error).message); }
  // `nlscope ss state established ...`: no FILE, the first word starts the filter
  if (argv.file !== undefined && FILTER_WORD.test(argv.file)) { argv.filter = [argv.file, ...(argv.filter ?? [])]; argv.file = undefined; }
  let f: ReturnType<typeof splitFilterWords> = { expr: '' };
  let bytecode: Uint8Array | undefined;
  /** an expression on unix socket paths: run by us on the unix sockets, as ss runs it */
  let unixExpr: Expr | undefined;
  /** device names of `dev NAME`: their indexes are those of the namespace dumped (or captured) */
  const devices = new Set<string>();
  let unix = false;
  try {
    f = splitFilterWords((argv.filter ?? []).map(String));
    if (f.expr) {
      const ids = selectedNetids(argv);
      unix = !!ids && [...ids].every((id) => id.startsWith('u_'));
      const tree = parse(f.expr, { unix, ifindex: (name) => { devices.add(name); return 0; } });
      // a path pattern selects unix sockets only (ss: the filter's family becomes AF_UNIX)
      if (hasUnix(tree)) { unixExpr = tree; argv.unix = true; argv.tcp = argv.udp = argv.raw = argv.packet = false; argv.query = undefined; }
      else if (!devices.size) bytecode = compile(tree);
    }
  } catch (e) { fail((e as Error).message); }
  /** the filter compiled with the device indexes of `links` (name -> ifindex) */
  const withDevices = (links: Map<string, number>): Uint8Array => {
    try {
      return compile(parse(f.expr, { unix, ifindex: (name) => links.get(name) }));
    } catch (e) {
      const where = argv.file !== undefined ? `the link dumps of ${argv.file}${links.size ? '' : ' (it has none)'}` : argv.netns ? `namespace ${argv.netns}` : 'this namespace';
      fail(`${(e as Error).message} in ${where}`);
    }
  };
  if (argv.file === undefined) {
    await withConnection(argv, 'ss', out, async (conn) => {
      const diag = await NetlinkClient.open({ protocol: 4, connection: conn });
      const warned = new Set<string>();
      let route: NetlinkClient | undefined;
      const links = new Map<string, number>();
      if (devices.size) {
        route = await NetlinkClient.open({ protocol: 0, connection: conn });
        for await (const m of route.dump(dumpRequest(RTM.GETLINK, 16), { mode: 'snapshot' })) {
          if (typeof m.IFLA_IFNAME === 'string' && typeof m.ifi_index === 'number') links.set(m.IFLA_IFNAME, m.ifi_index);
        }
        bytecode = withDevices(links);
      }
      const c = await ssFromDumps(ssRequests(argv, f.states, bytecode), (req) => diag.dump(req, { mode: 'snapshot' }), {
        // tables whose module this kernel lacks answer ENOENT (or EOPNOTSUPP): left out, as ss leaves them
        skip: (netid, e) => {
          if (!(OPTIONAL_NETIDS.has(netid) && e instanceof NetlinkError && (e.errno === 2 || e.errno === 95))) return false;
          // a table asked for by name says why it is empty (ss falls back to /proc/net for raw sockets)
          if (selectedNetids({ ...argv, ipv4: false, ipv6: false })?.has(netid) && !warned.has(netid)) {
            warned.add(netid);
            process.stderr.write(`nlscope: ss: the kernel has no sock_diag module for ${netid} sockets (${e.code}): none listed\n`);
          }
          return true;
        },
        links: async function* () {
          route ??= await NetlinkClient.open({ protocol: 0, connection: conn });
          yield* route.dump(dumpRequest(RTM.GETLINK, 16), { mode: 'snapshot' });
        },
        ifnames: new Map([...links].map(([n, i]) => [i, n])),
      });
      await print(out, argv, f, bytecode, c, unixExpr);
    });
    return;
  }
  let frames: ((frame: number) => boolean) | undefined;
  try { frames = argv.frame ? frameMatcher(argv.frame) : undefined; } catch (e) { fail((e as Error).message); }
  // `ss -t 'mark 0'`: a word that starts no filter is taken for FILE
  if (!existsSync(argv.file) && argv.file !== '/dev/stdin') fail(`${argv.file}: no such capture file (a filter starts with state, exclude, sport, dport, src, dst, dev, fwmark, cgroup, autobound, not or "(")`);
  let c;
  try {
    c = await ssFromCapture(argv.file, frames);
  } catch (e) {
    fail(`${argv.file}: ${(e as Error).message}`);
  }
  // a capture's devices are those of its link dumps
  if (devices.size) bytecode = withDevices(new Map([...c.ifnames].map(([i, n]) => [n, i])));
  await print(out, argv, f, bytecode, c, unixExpr);
  await out.flush();
  if (c.problems) process.exitCode = 1;
}

async function print(out: Output, argv: Args, f: ReturnType<typeof splitFilterWords>, bytecode: Uint8Array | undefined, c: SsCollection, unixExpr?: Expr): Promise<void> {
  // `state X` replaces ss's default state selection
  let socks = selectSockets(c.sockets, f.states ? { ...argv, all: true } : argv);
  if (f.states) { const st = f.states; socks = socks.filter((s) => st.has(s.state)); }
  if (bytecode) socks = filterSockets(socks, bytecode);
  // a socket without a name matches as '' (ss prints it as *)
  if (unixExpr) socks = socks.filter((s) => matchUnix(unixExpr, s.local.addr === '*' ? '' : s.local.addr, s.peer.addr === '*' ? '' : s.peer.addr));
  if (argv.format === 'json') {
    await out.line(JSON.stringify({
      requests: c.requests,
      sockets: socks.map(({ msg: _m, key: _k, ...r }) => r),
    }, null, 1));
  } else {
    await out.line(formatSs(socks, { ...argv, oneState: f.states?.size === 1 }, c.requests));
  }
}
