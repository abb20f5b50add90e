// `nlscope dump KIND`: a live dump through the helper (links, addresses, routes ... sockets).
import type { Argv } from 'yargs';
import { accessSync, constants } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { Connection, HelperError, NetlinkClient, NetlinkError, type ConnectionOptions } from '../live/client.js';
import { DUMP_KINDS, dumpKind, type DumpKind } from '../live/requests.js';
import { renderLive, withoutDone } from '../live/render.js';
import { Output, fail } from './output.js';

export interface LiveArgs { record?: string; netns?: string; helper?: string }

/** Options shared by the live commands. */
export function liveOptions<T>(y: Argv<T>) {
  return y
    .option('record', { type: 'string', describe: 'write every message, both directions, to this nlmon capture (.pcap or .pcapng)' })
    .option('netns', { type: 'string', describe: 'run the helper in this network namespace (ip netns exec NAME)' })
    .option('helper', { type: 'string', describe: 'command of the netlink helper (default $NLSCOPE_HELPER, else python3 src/live/helper.py); e.g. "nlscope replay FILE --serve"' });
}

export function connectionOptions(a: LiveArgs): ConnectionOptions {
  // `--netns` with no name would run in this namespace: not what was asked
  if (a.netns !== undefined && !String(a.netns).trim()) fail('--netns needs the name of a network namespace (ip netns list)');
  if (a.record !== undefined) {
    if (!/\.pcap(ng)?$/i.test(a.record)) fail(`--record ${a.record}: name it .pcap or .pcapng`);
    // before anything is dumped, not after
    try { accessSync(dirname(resolve(a.record)), constants.W_OK); } catch (e) { fail(`--record ${a.record}: cannot write there (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`); }
  }
  return { record: a.record, netns: a.netns === undefined ? undefined : String(a.netns), helper: a.helper };
}

/** One line for a live failure; exit 1 for the kernel's errors, 2 for the helper's. */
export function liveFail(what: string, e: unknown): never {
  if (e instanceof NetlinkError) fail(`${what}: ${e.message}`, 1);
  if (e instanceof HelperError) fail(e.message, 2);
  fail(`${what}: ${e instanceof Error ? e.message : String(e)}`, 2);
}

interface Args extends LiveArgs { kind: DumpKind[]; format: string }

export const dumpCommand = {
  command: 'dump <kind..>',
  describe: 'dump kernel state live through the netlink helper',
  builder: (y: Argv) => liveOptions(y
    .positional('kind', { choices: DUMP_KINDS, array: true, demandOption: true, describe: 'what to dump (several: one after the other, one helper, one --record file)' })
    .option('format', { alias: 'f', choices: ['text', 'jsonl'], default: 'text', describe: 'output format' })),
  handler: (argv: Args) => runDump(argv),
};

/**
 * Runs `body` on a helper connection (started from the live options, --record included), then
 * flushes `out`, closes the connection and turns any failure into liveFail's one line.
 */
export async function withConnection(a: LiveArgs, what: string, out: Output, body: (conn: Connection) => Promise<void>): Promise<void> {
  let conn: Connection;
  try { conn = await Connection.start(connectionOptions(a)); } catch (e) { liveFail(what, e); }
  let failure: unknown = null;
  try { await body(conn); } catch (e) { failure = e; }
  await out.flush();
  try { await conn.close(); } catch (e) { failure ??= e; }
  if (failure) liveFail(what, failure);
}

export async function runDump(argv: Args): Promise<void> {
  const out = new Output();
  await withConnection(argv, `dump ${argv.kind.join(' ')}`, out, async (conn) => {
    let route: NetlinkClient | undefined, diag: NetlinkClient | undefined;
    for (const kind of argv.kind) {
      const protocol = kind === 'sockets' ? 4 : 0;
      const client = protocol === 4 ? (diag ??= await NetlinkClient.open({ protocol, connection: conn })) : (route ??= await NetlinkClient.open({ protocol, connection: conn }));
      // snapshot: only a consistent dump (no NLM_F_DUMP_INTR) is printed; retried up to 3 times
      for await (const p of dumpKind(kind, route, diag, { mode: 'snapshot' })) {
        for (const line of renderLive(argv.format, p, protocol, withoutDone(client.decode(p)))) await out.line(line);
        if (out.closed) break;
      }
      if (out.closed) break;
    }
  });
}
