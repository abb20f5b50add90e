// `nlscope monitor`: rtnetlink notifications live, like `ip monitor`.
import type { Argv } from 'yargs';
import { Connection, groupNumber, NetlinkClient, type MonitorEvent } from '../live/client.js';
import { dumpRequest, RTM } from '../live/requests.js';
import { renderLive } from '../live/render.js';
import { connectionOptions, liveFail, liveOptions, type LiveArgs } from './dump.js';
import { Output, fail } from './output.js';
import { listOption } from './args.js';
import type { Json } from '../codec/struct.js';
import { RTNLGRP } from '../../codecs/route/index.js';

/** `ip monitor` object names -> RTNLGRP groups. Any RTNLGRP name or number works too. */
export const GROUP_ALIASES: Record<string, string[]> = {
  link: ['LINK'],
  addr: ['IPV4_IFADDR', 'IPV6_IFADDR'], address: ['IPV4_IFADDR', 'IPV6_IFADDR'],
  route: ['IPV4_ROUTE', 'IPV6_ROUTE'],
  mroute: ['IPV4_MROUTE', 'IPV6_MROUTE'],
  neigh: ['NEIGH'],
  rule: ['IPV4_RULE', 'IPV6_RULE'],
  nexthop: ['NEXTHOP'],
  netconf: ['IPV4_NETCONF', 'IPV6_NETCONF'],
  nsid: ['NSID'],
  prefix: ['IPV6_PREFIX'],
  tc: ['TC'],
  mdb: ['MDB'],
  vlan: ['BRVLAN'],
  stats: ['STATS'],
};
const DEFAULT_GROUPS = ['link', 'addr', 'route', 'neigh', 'rule', 'nexthop', 'netconf', 'nsid', 'prefix'];

/** What to dump again after an overrun, by alias. */
const RESYNC: Record<string, number[]> = {
  link: [RTM.GETLINK], addr: [RTM.GETADDR], address: [RTM.GETADDR], route: [RTM.GETROUTE], neigh: [RTM.GETNEIGH],
  rule: [RTM.GETRULE], nexthop: [RTM.GETNEXTHOP], tc: [RTM.GETQDISC],
};
const BODY: Record<number, number> = { [RTM.GETLINK]: 16, [RTM.GETADDR]: 8, [RTM.GETROUTE]: 12, [RTM.GETNEIGH]: 12, [RTM.GETRULE]: 12, [RTM.GETNEXTHOP]: 8, [RTM.GETQDISC]: 20 };

export function resolveGroups(names: string[]): number[] {
  const out = new Set<number>();
  for (const n of names) {
    const alias = GROUP_ALIASES[n.toLowerCase()];
    if (alias) for (const g of alias) out.add(groupNumber(g));
    else out.add(groupNumber(n));
  }
  return [...out];
}

interface Args extends LiveArgs { groups?: string[]; count?: number; format: string; resync: boolean; 'all-nsid': boolean; rcvbuf?: number }

export const monitorCommand = {
  command: 'monitor',
  describe: 'print rtnetlink notifications live (like ip monitor)',
  builder: (y: Argv) => liveOptions(y
    .option('groups', { alias: 'g', ...listOption(`groups: ${Object.keys(GROUP_ALIASES).join(', ')}, or RTNLGRP names / numbers (default ${DEFAULT_GROUPS.join(',')})`) })
    .option('count', { alias: 'c', type: 'number', describe: 'stop after N notifications' })
    .option('format', { alias: 'f', choices: ['text', 'jsonl'], default: 'text', describe: 'output format' })
    .option('resync', { type: 'boolean', default: false, describe: 'after an overrun (ENOBUFS), dump the affected state again' })
    .option('all-nsid', { type: 'boolean', default: false, describe: 'NETLINK_LISTEN_ALL_NSID: notifications of peer namespaces too' })
    .option('rcvbuf', { type: 'number', describe: 'receive buffer size in bytes (SO_RCVBUFFORCE)' })),
  handler: (argv: Args) => runMonitor(argv),
};

export async function runMonitor(argv: Args): Promise<void> {
  const names = argv.groups?.length ? argv.groups : DEFAULT_GROUPS;
  let groups: number[];
  try { groups = resolveGroups(names); } catch (e) { fail((e as Error).message); }
  if (argv.count !== undefined && !(argv.count > 0)) fail('--count must be a positive number');
  if (argv.rcvbuf !== undefined && !(Number.isInteger(argv.rcvbuf) && argv.rcvbuf > 0)) fail('--rcvbuf must be a positive number of bytes');
  const out = new Output();
  let conn: Connection;
  try { conn = await Connection.start(connectionOptions(argv)); } catch (e) { liveFail('monitor', e); }
  let failure: unknown = null;
  let seen = 0;
  try {
    const client = await NetlinkClient.open({ protocol: 0, connection: conn });
    const resync = argv.resync ? [...new Set(names.flatMap((n) => RESYNC[n.toLowerCase()] ?? []))].map((t) => dumpRequest(t, BODY[t]!)) : undefined;
    const sub = client.subscribe(groups, {
      resync,
      socket: { listen_all_nsid: argv['all-nsid'] || undefined, rcvbuf: argv.rcvbuf },
    });
    // a group this kernel does not have is refused when the socket joins it: a bad argument
    try { await sub.ready; } catch (e) { fail(`monitor: cannot listen to group${groups.length > 1 ? 's' : ''} ${groups.join(',')}: ${(e as Error).message}`, 2); }
    process.stderr.write(`nlscope: listening on ${names.join(',')} (groups ${groups.join(',')})\n`);
    const stop = () => sub.close();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    let last: { frame: number; messages: Json[]; time: number; bytes?: number; group?: number; nsid?: number } | null = null;
    const flush = async () => {
      if (!last) return;
      // as long as the packet received (a resync dump's: as its messages); the Frame line says it
      const data = new Uint8Array(last.bytes ?? last.messages.reduce((n, m) => n + ((Number((m.header as Json | undefined)?.len) + 3) & ~3), 0));
      const p = { data, frame: last.frame, time: last.time, meta: { portid: 0, group: last.group ?? 0, nsid: last.nsid ?? -1, truncated: false } };
      // the group a notification came to, and with --all-nsid its namespace (as ip monitor's [nsid N])
      const where: Json = {};
      if (last.group !== undefined) where.group = RTNLGRP.byValue.get(last.group) ?? last.group;
      if (argv['all-nsid'] && last.nsid !== undefined) where.nsid = last.nsid < 0 ? 'current' : last.nsid;
      const lines = renderLive(argv.format, p, 0, argv.format === 'jsonl' ? last.messages.map((m) => ({ ...m, ...where })) : last.messages);
      if (argv.format !== 'jsonl' && lines.length && Object.keys(where).length) {
        lines[0] = lines[0]!.replace('\n', `, ${Object.entries(where).map(([k, v]) => `${k} ${String(v)}`).join(', ')}\n`);
      }
      for (const line of lines) await out.line(line);
      last = null;
      await out.flush();
    };
    for await (const ev of sub as AsyncIterable<MonitorEvent>) {
      if (ev.kind === 'notification' || ev.kind === 'resync') {
        const m = ev.message;
        const frame = m.frame as number;
        if (last && last.frame !== frame) await flush();
        last ??= ev.kind === 'notification'
          ? { frame, messages: [], time: m.time as number, bytes: ev.bytes, group: ev.group, nsid: ev.nsid }
          : { frame, messages: [], time: m.time as number };
        last.messages.push(m);
        if (ev.kind === 'notification' && ++seen === argv.count) break;
        await flush();
      } else {
        await flush();
        if (ev.kind === 'overrun') process.stderr.write(`nlscope: monitor: ${ev.error.code}: the kernel dropped notifications (overrun ${ev.count})${argv.resync ? ', dumping again' : ', use --resync to dump again'}\n`);
        else if (ev.kind === 'resync-done') process.stderr.write(`nlscope: monitor: resync done (${ev.messages} messages)\n`);
        else process.stderr.write(`nlscope: monitor: resync failed: ${ev.error.message}\n`);
      }
      if (out.closed) break;
    }
    await flush();
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  } catch (e) { failure = e; }
  await out.flush();
  try { await conn.close(); } catch (e) { failure ??= e; }
  if (failure) liveFail('monitor', failure);
}
