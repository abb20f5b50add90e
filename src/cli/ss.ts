// `nlscope ss FILE`: the sockets of a capture's sock_diag dumps, printed as `ss` prints them.
import type { Argv } from 'yargs';
import { filterSockets, formatSs, selectSockets, selectedNetids, splitFilterWords, ssFromCapture, type SsOptions } from '../sockdiag/ss.js';
import { compile } from '../sockdiag/bytecode.js';
import { Output, fail } from './output.js';

interface Args extends SsOptions {
  file: string; filter?: string[]; format: string; numeric?: boolean; processes?: boolean; query?: string[];
}

export const ssCommand = {
  command: 'ss <file> [filter..]',
  describe: 'the sockets found in a capture\'s sock_diag dumps, as ss prints them',
  builder: (y: Argv) => y
    .positional('file', { type: 'string', demandOption: true, describe: 'capture file (pcap or pcapng)' })
    .positional('filter', { type: 'string', array: true, describe: 'ss filter: [state NAME | exclude NAME]... [EXPRESSION], e.g. state established \'( dport = :8080 or sport = :9000 )\'' })
    .option('tcp', { alias: 't', type: 'boolean', describe: 'TCP sockets' })
    .option('udp', { alias: 'u', type: 'boolean', describe: 'UDP sockets' })
    .option('raw', { alias: 'w', type: 'boolean', describe: 'RAW sockets' })
    .option('unix', { alias: 'x', type: 'boolean', describe: 'unix sockets' })
    .option('packet', { alias: '0', type: 'boolean', describe: 'packet sockets' })
    .option('query', { alias: 'A', type: 'string', array: true, describe: 'socket tables: all, inet, tcp, udp, raw, unix, packet, netlink, unix_stream, unix_dgram, unix_seqpacket, packet_raw, packet_dgram' })
    .option('all', { alias: 'a', type: 'boolean', describe: 'listening and non-listening sockets' })
    .option('listening', { alias: 'l', type: 'boolean', describe: 'listening sockets only' })
    .option('extended', { alias: 'e', type: 'boolean', describe: 'uid, inode, sk cookie, cgroup, v6only, shutdown' })
    .option('info', { alias: 'i', type: 'boolean', describe: 'tcp_info: rtt, cwnd, mss, retrans, bytes, pacing, delivery rate, congestion control' })
    .option('memory', { alias: 'm', type: 'boolean', describe: 'socket memory: skmem:(r,rb,t,tb,f,w,o,bl,d)' })
    .option('numeric', { alias: 'n', type: 'boolean', describe: 'numeric (always: no service names)' })
    .option('processes', { alias: 'p', type: 'boolean', describe: 'accepted for ss compatibility; process names are not in netlink answers' })
    .option('requests', { type: 'boolean', describe: 'list each dump request first, with its bytecode filter as an ss expression' })
    .option('format', { alias: 'f', choices: ['text', 'json'], default: 'text', describe: 'text like ss, or JSON records' }),
  handler: (argv: Args) => runSs(argv),
};

export async function runSs(argv: Args): Promise<void> {
  const out = new Output();
  try { selectedNetids(argv); } catch (e) { fail((e as Error).message); }
  let c;
  try {
    c = await ssFromCapture(argv.file);
  } catch (e) {
    fail(`${argv.file}: ${(e as Error).message}`);
  }
  let f: ReturnType<typeof splitFilterWords> = { expr: '' };
  let bytecode: Uint8Array | undefined;
  try {
    f = splitFilterWords((argv.filter ?? []).map(String));
    if (f.expr) bytecode = compile(f.expr);
  } catch (e) { fail((e as Error).message); }
  // `state X` replaces ss's default state selection
  let socks = selectSockets(c.sockets, f.states ? { ...argv, all: true } : argv);
  if (f.states) { const st = f.states; socks = socks.filter((s) => st.has(s.state)); }
  if (bytecode) socks = filterSockets(socks, bytecode);
  if (argv.format === 'json') {
    await out.line(JSON.stringify({
      requests: c.requests,
      sockets: socks.map(({ msg: _m, key: _k, ...r }) => r),
    }, null, 1));
  } else {
    await out.line(formatSs(socks, argv, c.requests));
  }
  await out.flush();
  if (c.problems) process.exitCode = 1;
}
