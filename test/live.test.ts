// The live backend: helper protocol, client, dump / monitor / replay commands, the fake kernel.
// Tests needing the kernel build their own network namespace and skip (with the reason) when
// that is not possible: not root, `ip netns add` refused, python3 without AF_NETLINK.
import { makeNamespace, PYTHON } from './helpers.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { Connection, HelperError, LoopbackTransport, NetlinkClient, NetlinkError } from '../src/live/client.js';
import { FakeKernel, pairExchanges, readPackets } from '../src/live/fake.js';
import { diffAnswers } from '../src/live/diff.js';
import { DUMP_KINDS, dumpKind, dumpRequest, RTM } from '../src/live/requests.js';
import { decodePacket } from '../src/codec/message.js';
import { jsonFrame, OP, type Frame } from '../src/live/protocol.js';
import type { Json } from '../src/codec/struct.js';

const BIN = join(process.cwd(), 'src/cli/bin.mjs');
const PY = PYTHON;
const HELPER = join(process.cwd(), 'src/live/helper.py');
const TMP = mkdtempSync(join(tmpdir(), 'nlscope-live-'));
const NS = `nlscope-test-${randomBytes(4).toString('hex')}`;

const probe = () => makeNamespace(NS);
const skipReason = probe();
if (skipReason) console.warn(`live tests against the kernel skipped: ${skipReason}`);
const hasTshark = spawnSync('tshark', ['--version']).status === 0;

const nlscope = (args: string[], opts: { input?: string } = {}) =>
  spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', input: opts.input, maxBuffer: 1 << 28, timeout: 60000 });
const ipn = (...args: string[]) => execFileSync('ip', ['-n', NS, ...args], { encoding: 'utf8' });
const jsonl = (s: string): Json[] => s.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Json);

afterAll(() => {
  if (!skipReason) spawnSync('ip', ['netns', 'del', NS]);
  rmSync(TMP, { recursive: true, force: true });
});

/** A helper that says HELLO, opens sockets and never answers anything else. */
const SILENT_HELPER = [PY, '-c', `
import json, struct, sys, time
out = sys.stdout.buffer
def emit(op, sid, obj):
    p = json.dumps(obj).encode(); out.write(struct.pack('<IBI', 5 + len(p), op, sid) + p); out.flush()
emit(0x80, 0, {'protocol_version': 1, 'helper': 'silent'})
inp = sys.stdin.buffer
while True:
    h = inp.read(9)
    if len(h) < 9: break
    n, op, sid = struct.unpack('<IBI', h)
    inp.read(n - 5)
    if op == 1: emit(0x81, sid, {'portid': 4242})
`];

describe('helper failures (no kernel needed)', () => {
  it('a missing helper is a clear HelperError', async () => {
    await expect(NetlinkClient.open({ helper: ['/nonexistent/nlscope-helper'] })).rejects.toThrow(/cannot start the netlink helper .*command not found/);
    await expect(NetlinkClient.open({ helper: ['/nonexistent/nlscope-helper'] })).rejects.toBeInstanceOf(HelperError);
  });

  it('a helper dying before HELLO is a clear HelperError', async () => {
    await expect(NetlinkClient.open({ helper: [PY, '-c', 'import sys; sys.stderr.write("boom\\n"); sys.exit(3)'] }))
      .rejects.toThrow(/exited with code 3 \(helper said: boom\)/);
  });

  it('a helper killed mid-request rejects the pending request, dump and later calls', async () => {
    const c = await NetlinkClient.open({ helper: SILENT_HELPER });
    const req = c.request({ header: { type: 'RTM_GETLINK', flags: [] }, ifi_family: 'AF_UNSPEC', __ifi_pad: 0, ifi_type: 0, ifi_index: 1, ifi_flags: [], ifi_change: [] });
    const it = c.dump(dumpRequest(RTM.GETADDR, 8))[Symbol.asyncIterator]();
    const first = it.next();
    await new Promise((r) => setTimeout(r, 100));
    c.connection.transport.kill('SIGKILL');
    await expect(req).rejects.toThrow(/killed by SIGKILL/);
    await expect(first).rejects.toThrow(/killed by SIGKILL/);
    await expect(c.request(dumpRequest(RTM.GETLINK, 16))).rejects.toThrow(/killed by SIGKILL/);
    await c.close();
  });

  it('the python helper exits when stdin closes', async () => {
    if (skipReason) return;
    const conn = await Connection.start({ helper: [PY, HELPER] });
    expect(conn.hello.helper).toBe('python');
    await conn.close();
  });
});

describe('fake kernel (no kernel needed)', () => {
  it('answers the requests of an iproute2 capture with the recorded answers, any seq', async () => {
    const packets = await readPackets('captures/route-dump.pcap');
    const { exchanges } = pairExchanges(packets);
    const dump = exchanges.find((e) => (e.request[4]! | (e.request[5]! << 8)) === RTM.GETLINK && e.answers.length > 0)!;
    expect(dump).toBeDefined();
    const kernel = new FakeKernel(packets);
    const c = await NetlinkClient.open({ transport: new LoopbackTransport(kernel) });
    const live: Json[] = [];
    for await (const m of c.dump(dump.request)) live.push(m);
    const recorded = dump.answers.flatMap((a) => decodePacket(a, { protocol: 0, direction: 'to-user' }).messages)
      .filter((m) => (m.header as Json).type !== 'NLMSG_DONE');
    expect(live.length).toBe(recorded.length);
    expect(live.map((m) => m.IFLA_IFNAME)).toEqual(recorded.map((m) => m.IFLA_IFNAME));
    expect(diffAnswers(recorded, live)).toEqual([]);
    // seq and pid are the client's
    expect((live[0]!.header as Json).pid).toBe(c.portid);
    // an unknown request: EOPNOTSUPP with the fake kernel's extended ack
    const unknown = dumpRequest(RTM.GETNEXTHOP, 8);
    unknown[7] = 0; // not a dump
    const err = await c.request(unknown).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NetlinkError);
    expect((err as NetlinkError).code).toBe('EOPNOTSUPP');
    expect((err as NetlinkError).extack).toMatch(/no recorded answer/);
    await c.close();
  });
});

describe('a request packet of several messages (an nf_tables batch), fake kernel', () => {
  it('goes as one packet, each message with a seq of its own, then an NLMSG_NOOP whose ACK ends the wait; answers come back per message', async () => {
    const packets = await readPackets('captures/rec-nft.pcap');
    const { exchanges } = pairExchanges(packets);
    // frame 319: BATCH_BEGIN, NFT_MSG_NEWRULE with NLM_F_ECHO, BATCH_END
    const batch = exchanges.filter((e) => e.frame === 319);
    expect(batch.map((e) => e.name)).toEqual(['NFNL_MSG_BATCH_BEGIN', 'NFT_MSG_NEWRULE', 'NFNL_MSG_BATCH_END']);
    const kernel = new FakeKernel(packets);
    const sent: Uint8Array[] = [];
    const server = { hello: () => kernel.hello(), handle: (f: Frame, emit: (b: Uint8Array) => void) => { if (f.op === OP.SEND) sent.push(f.payload.slice()); kernel.handle(f, emit); } };
    const c = await NetlinkClient.open({ protocol: 'netfilter', transport: new LoopbackTransport(server) });
    const answers = await c.exchangePacket(batch.map((e) => e.request), { timeoutMs: 2000 });
    const headers = (b: Uint8Array) => decodePacket(b, { protocol: 12, direction: 'to-kernel' }).messages.map((m) => m.header as Json);
    expect(sent.length).toBe(2);
    expect(headers(sent[0]!).map((h) => h.type)).toEqual(['NFNL_MSG_BATCH_BEGIN', 'NFT_MSG_NEWRULE', 'NFNL_MSG_BATCH_END']);
    const seqs = headers(sent[0]!).map((h) => h.seq as number);
    expect(new Set(seqs).size).toBe(3);
    expect(headers(sent[1]!)).toEqual([expect.objectContaining({ type: 'NLMSG_NOOP', flags: ['NLM_F_REQUEST', 'NLM_F_ACK'] })]);
    // the echo of the rule to its message, nothing to the batch's ends
    expect(answers.map((ps) => ps.flatMap((p) => c.decode(p)).map((m) => (m.header as Json).type))).toEqual([[], ['NFT_MSG_NEWRULE'], []]);
    expect(answers[1]!.flatMap((p) => c.decode(p)).map((m) => (m.header as Json).seq)).toEqual([seqs[1]]);
    await c.close();
  });
});

describe('--helper command lines', () => {
  it('are split as a shell splits them: quotes and backslashes keep blanks in a word', async () => {
    const { shellWords } = await import('../src/live/client.js');
    expect(shellWords(`python3 '/my dir/h.py' "a b" c\\ d "x\\"y" ''`)).toEqual(['python3', '/my dir/h.py', 'a b', 'c d', 'x"y', '']);
    expect(() => shellWords('python3 "/x')).toThrow('unmatched');
  });
});

describe('diff of timers', () => {
  it('bridge timers and tc action times change by themselves: no difference unless --strict', () => {
    const msg = (t: number): Json => ({ header: { type: 'RTM_NEWLINK' }, ifi_index: 4, IFLA_IFNAME: 'br0', IFLA_LINKINFO: { IFLA_INFO_KIND: 'bridge', IFLA_INFO_DATA: { IFLA_BR_GC_TIMER: t, IFLA_BR_HELLO_TIMER: t } }, TCA_MIRRED_TM: { install: t, lastuse: t } });
    expect(diffAnswers([msg(22626)], [msg(22456)])).toEqual([]);
    expect(diffAnswers([msg(22626)], [msg(22456)], { strict: true }).length).toBe(4);
  });
});

describe('diff of nf_tables answers', () => {
  it('a set\'s elements in another order, counters, the asking process and the set backend\'s address are no difference (they are when --strict)', () => {
    const elem = (port: string, verdict: string) => ({ NFTA_SET_ELEM_KEY: { NFTA_DATA_VALUE: port }, NFTA_SET_ELEM_DATA: { NFTA_DATA_VERDICT: { NFTA_VERDICT_CODE: verdict } } });
    const msg = (elems: Json[], pid: number, bytes: number): Json => ({
      header: { type: 'NFT_MSG_NEWSETELEM' }, NFTA_SET_ELEM_LIST_SET: 'ports', NFTA_SET_ELEM_LIST_ELEMENTS: elems,
      NFTA_GEN_PROC_PID: pid, NFTA_GEN_PROC_NAME: pid === 1 ? 'nft' : 'python3', NFTA_COUNTER_BYTES: bytes,
      // (one kernel build's address for the set backend, as Linux 6.18 sends it, and another's)
      NFTA_SET_TYPE: pid === 1 ? '0xffffffff825090e0' : '0xffffffff825080e0',
    });
    const recorded = [msg([elem('0016', 'NF_ACCEPT'), elem('0017', 'NF_DROP')], 1, 120)];
    const live = [msg([elem('0017', 'NF_DROP'), elem('0016', 'NF_ACCEPT')], 2, 0)];
    expect(diffAnswers(recorded, live)).toEqual([]);
    expect(diffAnswers(recorded, live, { strict: true }).map((d) => d.path)).toEqual(expect.arrayContaining([
      'NFTA_SET_ELEM_LIST_ELEMENTS[0].NFTA_SET_ELEM_KEY.NFTA_DATA_VALUE', 'NFTA_GEN_PROC_PID', 'NFTA_COUNTER_BYTES', 'NFTA_SET_TYPE',
    ]));
    // a changed element still is one
    const changed = [msg([elem('0017', 'NF_DROP'), elem('0016', 'NF_DROP')], 1, 120)];
    expect(diffAnswers(recorded, changed).map((d) => [d.recorded, d.live])).toEqual([['NF_ACCEPT', 'NF_DROP']]);
  });
});

describe('pairing recorded requests with their answers (replay, fake kernel)', () => {
  const u16 = (b: Uint8Array, o: number) => b[o]! | (b[o + 1]! << 8);
  const u32 = (b: Uint8Array, o: number) => new DataView(b.buffer, b.byteOffset).getUint32(o, true);
  /** every message of a packet: [type, pid] */
  const heads = (p: Uint8Array) => {
    const out: Array<[number, number]> = [];
    for (let pos = 0; pos + 16 <= p.length; pos = (pos + u32(p, pos) + 3) & ~3) {
      out.push([u16(p, pos + 4), u32(p, pos + 12)]);
      if (u32(p, pos) < 16) break;
    }
    return out;
  };

  it('pairs by port id too: iproute2 gives every socket the same seq (a dump\'s NLMSG_DONE is not a later GET\'s)', async () => {
    // route-dump.pcap: `ip` dumps links with one socket, then GETs single links with another,
    // all with seq 1795552287; the dump's NLMSG_DONE (frame 47, pid 5288) used to go to the last GET
    const { exchanges } = pairExchanges(await readPackets('captures/route-dump.pcap'));
    for (const ex of exchanges) {
      const answers = ex.answers.flatMap(heads);
      // one socket answers one request
      expect(new Set(answers.map(([, pid]) => pid)).size, `frame ${ex.frame}`).toBeLessThanOrEqual(1);
      const dump = (u16(ex.request, 6) & 0x300) === 0x300;
      if (!dump) expect(answers.filter(([t]) => t === 3), `frame ${ex.frame}: NLMSG_DONE answering a GET`).toEqual([]);
    }
    const gets = exchanges.filter((e) => u16(e.request, 4) === RTM.GETLINK && (u16(e.request, 6) & 0x300) !== 0x300);
    expect(gets.length).toBeGreaterThan(0);
    // a single GET takes one answer: its RTM_NEWLINK (16), or an NLMSG_ERROR (2)
    for (const g of gets) expect([[16], [2]]).toContainEqual(g.answers.flatMap(heads).map(([t]) => t));
  });

  it('a capture replayed against its own fake kernel gives every recorded answer back (route-dump, changes)', async () => {
    for (const file of ['captures/route-dump.pcap', 'captures/changes.pcap']) {
      const packets = await readPackets(file);
      const { exchanges } = pairExchanges(packets);
      const c = await NetlinkClient.open({ transport: new LoopbackTransport(new FakeKernel(packets)) });
      let compared = 0;
      for (const ex of exchanges) {
        if (ex.protocol !== 0 || ex.answers.length === 0 || ex.op !== 'get') continue;
        const recorded = ex.answers.flatMap((a) => decodePacket(a, { protocol: 0, direction: 'to-user' }).messages);
        const live = (await c.exchange(ex.request, { timeoutMs: 2000 })).flatMap((p) => c.decode(p));
        expect(diffAnswers(recorded, live), `${file} frame ${ex.frame}`).toEqual([]);
        compared++;
      }
      expect(compared).toBeGreaterThan(5);
      await c.close();
    }
  });

  it('generic netlink: requests are named by family and command; GET commands are read-only, SETs are not', async () => {
    const { isReadOnly } = await import('../src/cli/replay.js');
    const { exchanges } = pairExchanges(await readPackets('captures/rec-genl.pcap'));
    const byCommand = new Map(exchanges.filter((e) => e.command).map((e) => [e.command!, e]));
    expect(byCommand.get('ETHTOOL_MSG_LINKINFO_GET')?.name).toBe('ethtool');
    expect(isReadOnly(byCommand.get('ETHTOOL_MSG_LINKINFO_GET')!)).toBe(true);
    expect(isReadOnly(byCommand.get('CTRL_CMD_GETFAMILY')!)).toBe(true);
    expect(isReadOnly(byCommand.get('ETHTOOL_MSG_FEATURES_SET')!)).toBe(false);
  });
});

describe('replay of a damaged capture, bad options (fake kernel)', () => {
  it('a capture cut mid-record is replayed up to the cut, exit 1 (it refused the whole file, exit 2); a timeout says so', () => {
    const cut = join(TMP, 'cut.pcap');
    writeFileSync(cut, readFileSync('captures/route-dump.pcap').subarray(0, 30000));
    const r = nlscope(['replay', cut, '--live', '--timeout', '300', '--helper', `${process.execPath} ${BIN} replay ${cut} --serve`]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/cut by end of file .*\(the packets before it are used\)/);
    expect(Number(/replayed (\d+) requests/.exec(r.stderr)?.[1])).toBeGreaterThan(5);
    // the dump whose answers fell past the cut: no answer, and the output says it waited, not "not answered now"
    expect(r.stdout).toMatch(/! RTM_GETLINK \(dump\): no complete answer within 300 ms \(recorded: 0 messages\)/);
  }, 60000);

  it('requests that ask for no answer (an nf_tables batch without NLM_F_ACK) are answered by silence: rec-nft against its own fake kernel has no difference (54 timed out)', () => {
    const r = nlscope(['replay', 'captures/rec-nft.pcap', '--live', '--allow-changes', '--helper', `${process.execPath} ${BIN} replay captures/rec-nft.pcap --serve`]);
    expect([r.status, r.stdout]).toEqual([0, '']);
    expect(r.stderr).toMatch(/replayed 218 requests, 0 with different answers/);
  }, 120000);

  it('an answer recorded without its end (the ACK asked for never came) is matched by the same answer without an end: rec-genl and rec-conntrack against their own fake kernel', () => {
    for (const f of ['captures/rec-genl.pcap', 'captures/rec-conntrack.pcap']) {
      const r = nlscope(['replay', f, '--live', '--allow-changes', '--timeout', '500', '--helper', `${process.execPath} ${BIN} replay ${f} --serve`]);
      expect([r.status, r.stdout], f).toEqual([0, '']);
      expect(r.stderr).toMatch(/replayed \d+ requests, 0 with different answers/);
    }
  }, 120000);

  it('audit answers a GET\'s ACK first and its reply after: the client waits for the reply (rec-audit against its own fake kernel: no difference)', () => {
    const f = 'captures/rec-audit.pcap';
    const r = nlscope(['replay', f, '--live', '--allow-changes', '--timeout', '500', '--helper', `${process.execPath} ${BIN} replay ${f} --serve`]);
    expect([r.status, r.stdout]).toEqual([0, '']);
    expect(r.stderr).toMatch(/replayed 10 requests, 0 with different answers/);
  }, 60000);

  it('every capture against its own fake kernel: no difference (the recording socket\'s own entry in a netlink socket dump; connector messages sent without NLM_F_REQUEST, as recorded)', () => {
    const differing: string[] = [];
    for (const f of readdirSync('captures').filter((n) => n.endsWith('.pcap')).map((n) => `captures/${n}`)) {
      const r = nlscope(['replay', f, '--live', '--allow-changes', '--timeout', '1000', '--helper', `${process.execPath} ${BIN} replay ${f} --serve`]);
      if (r.status !== 0 || r.stdout !== '' || !/, 0 with different answers/.test(r.stderr)) differing.push(`${f}: exit ${r.status}\n${r.stdout}${r.stderr}`);
    }
    expect(differing).toEqual([]);
  }, 300000);

  it('--timeout must be positive', () => {
    const r = nlscope(['replay', 'captures/route-dump.pcap', '--live', '--timeout', '-5']);
    expect([r.status, r.stderr.trim().split('\n').length]).toEqual([2, 1]);
    expect(r.stderr).toMatch(/--timeout must be a positive number/);
  });
});

describe('replay opens sockets as the recording tool had them', () => {
  it('NETLINK_GET_STRICT_CHK where a dump came back NLM_F_DUMP_FILTERED, NETLINK_CAP_ACK where an error came NLM_F_CAPPED', async () => {
    const { recordedSocketOptions } = await import('../src/cli/replay.js');
    const optionsOf = async (file: string) => [...recordedSocketOptions(pairExchanges(await readPackets(file)).exchanges)];
    expect((await optionsOf('captures/route-dump.pcap')).filter(([k, o]) => k.startsWith('0:') && o.strict_chk).length).toBeGreaterThan(0);
    expect((await optionsOf('captures/rec-genl.pcap')).filter(([k, o]) => k.startsWith('16:') && o.cap_ack).length).toBeGreaterThan(0);
    expect(await optionsOf('captures/rec-sockets.pcap')).toEqual([]);
  });

  it('each recorded socket its own: in rec-nft, the tool whose errors came NLM_F_CAPPED (port 24909) has NETLINK_CAP_ACK, nft (port 25085) does not', async () => {
    const { recordedSocketOptions } = await import('../src/cli/replay.js');
    const options = recordedSocketOptions(pairExchanges(await readPackets('captures/rec-nft.pcap')).exchanges);
    expect(options.get('12:24909')).toEqual({ cap_ack: true });
    expect(options.get('12:25085')).toBeUndefined();
  });

  it('against the kernel: filtered dumps are filtered again (NLM_F_DUMP_FILTERED is no difference)', () => {
    if (skipReason) return;
    const r = nlscope(['replay', 'captures/rec-route.pcap', '--live', '--netns', NS, '--timeout', '2000']);
    expect(r.stderr).toMatch(/replayed \d+ requests/);
    expect(r.stdout).not.toMatch(/NLM_F_DUMP_FILTERED/);
  }, 60000);
});

describe('fake kernel: bad frames', () => {
  it('an OPEN whose options are not JSON is answered with ERROR EINVAL (the server ended, exit 2); the next OPEN works', async () => {
    const kernel = new FakeKernel(await readPackets('captures/route-dump.pcap'));
    const sent: Uint8Array[] = [];
    kernel.handle({ op: OP.OPEN, sock: 1, payload: new TextEncoder().encode('{x') } as Frame, (b) => sent.push(b));
    kernel.handle({ op: OP.OPEN, sock: 2, payload: new TextEncoder().encode('[1]') } as Frame, (b) => sent.push(b));
    kernel.handle({ op: OP.OPEN, sock: 3, payload: new TextEncoder().encode('{"protocol":0}') } as Frame, (b) => sent.push(b));
    const ops = sent.map((b) => b[4]);
    expect(ops).toEqual([OP.ERROR, OP.ERROR, OP.OPENED]);
    expect(new TextDecoder().decode(sent[0]!.subarray(9))).toMatch(/"name":"EINVAL","message":"socket options: /);
  });
});

describe('overruns and interrupted dumps (fake kernel)', () => {
  async function linkDump() {
    const packets = await readPackets('captures/route-dump.pcap');
    const ex = pairExchanges(packets).exchanges.find((e) => (e.request[4]! | (e.request[5]! << 8)) === RTM.GETLINK && e.answers.length > 0)!;
    return { packets, ex };
  }
  /** The answers with NLM_F_DUMP_INTR set on every message but NLMSG_DONE. */
  function interrupted(answers: Uint8Array[]): Uint8Array[] {
    return answers.map((a) => {
      const b = a.slice();
      const dv = new DataView(b.buffer);
      for (let pos = 0; pos + 16 <= b.length; pos += (dv.getUint32(pos, true) + 3) & ~3) {
        if (dv.getUint16(pos + 4, true) !== 3) dv.setUint16(pos + 6, dv.getUint16(pos + 6, true) | 0x10, true);
        if (dv.getUint32(pos, true) < 16) break;
      }
      return b;
    });
  }

  it('NLM_F_DUMP_INTR: the dump runs again (bounded), a snapshot gives only the consistent attempt', async () => {
    const { ex } = await linkDump();
    const rec = (answers: Uint8Array[]) => [
      { protocol: 0, direction: 'to-kernel' as const, data: ex.request },
      ...answers.map((data) => ({ protocol: 0, direction: 'to-user' as const, data })),
    ];
    const good = ex.answers.flatMap((a) => decodePacket(a, { protocol: 0, direction: 'to-user' }).messages).filter((m) => (m.header as Json).type !== 'NLMSG_DONE');
    // first attempt interrupted, second clean
    const kernel = new FakeKernel([...rec(interrupted(ex.answers)), ...rec(ex.answers)]);
    const c = await NetlinkClient.open({ transport: new LoopbackTransport(kernel) });
    const restarts: number[] = [];
    const got: Json[] = [];
    for await (const m of c.dump(ex.request, { mode: 'snapshot', onRestart: (n) => restarts.push(n) })) got.push(m);
    expect(restarts).toEqual([2]);
    expect(got.length).toBe(good.length);
    expect(got.every((m) => !(m.header as Json as { flags: string[] }).flags.includes('NLM_F_DUMP_INTR'))).toBe(true);
    await c.close();
    // always interrupted: DumpInterruptedError after 1 + retries attempts
    const always = new FakeKernel(rec(interrupted(ex.answers)));
    const c2 = await NetlinkClient.open({ transport: new LoopbackTransport(always) });
    await expect((async () => { for await (const _ of c2.dump(ex.request, { retries: 2 })) { /* */ } })()).rejects.toThrow(/interrupted .* all 3 attempts/);
    await c2.close();
  });

  it('ENOBUFS on a subscription: reported, counted, and the state dumped again when asked', async () => {
    const { packets, ex } = await linkDump();
    const kernel = new FakeKernel(packets);
    let subSock = 0;
    // a kernel whose notification socket overflows right after it opens
    const server = {
      hello: () => kernel.hello(),
      handle: (f: Frame, emit: (b: Uint8Array) => void) => {
        kernel.handle(f, emit);
        if (f.op === OP.OPEN && JSON.parse(new TextDecoder().decode(f.payload)).groups) {
          subSock = f.sock;
          setTimeout(() => emit(jsonFrame(OP.ERROR, subSock, { op: 'recv', errno: 105, name: 'ENOBUFS', message: 'No buffer space available' })), 20);
        }
      },
    };
    const c = await NetlinkClient.open({ transport: new LoopbackTransport(server) });
    const sub = c.subscribe(['link'], { resync: [ex.request] });
    const kinds: string[] = [];
    let resynced = 0;
    for await (const ev of sub) {
      kinds.push(ev.kind);
      if (ev.kind === 'overrun') { expect(ev.error.code).toBe('ENOBUFS'); expect(ev.count).toBe(1); }
      if (ev.kind === 'resync') resynced++;
      if (ev.kind === 'resync-done') { expect(ev.messages).toBe(resynced); break; }
    }
    expect(sub.overruns).toBe(1);
    expect(kinds.filter((k) => k === 'overrun').length).toBe(1);
    expect(resynced).toBeGreaterThan(0);
    await c.close();
  });
});

describe.skipIf(!!skipReason)('live, in a fresh network namespace', () => {
  let veth = '';
  beforeAll(() => {
    ipn('link', 'set', 'lo', 'up');
    // a device the test may change: dummy if the kernel has it, else a veth pair
    if (spawnSync('ip', ['-n', NS, 'link', 'add', 'nlt-dummy0', 'type', 'dummy']).status === 0) veth = 'nlt-dummy0';
    else { ipn('link', 'add', 'nlt-a', 'type', 'veth', 'peer', 'name', 'nlt-b'); veth = 'nlt-a'; }
  });

  // The CLI runs through tsx: seconds per run on a loaded machine.
  it('dump links --format jsonl shows each interface of ip -j link with the same IFLA_MTU', () => {
    const ip = JSON.parse(execFileSync('ip', ['-n', NS, '-j', 'link'], { encoding: 'utf8' })) as Array<{ ifname: string; mtu: number }>;
    const r = nlscope(['dump', 'links', '--format', 'jsonl', '--netns', NS]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const ours = jsonl(r.stdout);
    expect(ours.length).toBe(ip.length);
    for (const l of ip) {
      const m = ours.find((o) => o.IFLA_IFNAME === l.ifname);
      expect(m, l.ifname).toBeDefined();
      expect(m!.IFLA_MTU).toBe(l.mtu);
    }
  }, 180000);

  it('request: answers, and typed errors with errno name and extended ack', async () => {
    const c = await NetlinkClient.open({ netns: NS });
    const lo = await c.request({ header: { type: 'RTM_GETLINK', flags: [] }, ifi_family: 'AF_UNSPEC', __ifi_pad: 0, ifi_type: 0, ifi_index: 1, ifi_flags: [], ifi_change: [] });
    expect(lo.map((m) => m.IFLA_IFNAME)).toEqual(['lo']);
    const nodev = await c.request({ header: { type: 'RTM_GETLINK', flags: [] }, ifi_family: 'AF_UNSPEC', __ifi_pad: 0, ifi_type: 0, ifi_index: 99999, ifi_flags: [], ifi_change: [] }).catch((e: unknown) => e);
    expect(nodev).toBeInstanceOf(NetlinkError);
    expect((nodev as NetlinkError).code).toBe('ENODEV');
    const small = await c.request({ header: { type: 'RTM_NEWLINK', flags: [] }, ifi_family: 'AF_UNSPEC', __ifi_pad: 0, ifi_type: 0, ifi_index: 0, ifi_flags: [], ifi_change: [], IFLA_IFNAME: veth, IFLA_MTU: 10 }).catch((e: unknown) => e);
    expect(small).toBeInstanceOf(NetlinkError);
    expect((small as NetlinkError).code).toBe('EINVAL');
    expect((small as NetlinkError).extack).toMatch(/mtu less than device minimum/i);
    // a dump left early, then another dump on the same socket
    for await (const m of c.dump(dumpRequest(RTM.GETLINK, 16))) { expect(m.IFLA_IFNAME).toBeDefined(); break; }
    let n = 0;
    for await (const _ of c.dump(dumpRequest(RTM.GETLINK, 16))) n++;
    expect(n).toBeGreaterThanOrEqual(2);
    await c.close();
  }, 180000);

  it('subscribe: notifications of a changed device', async () => {
    const c = await NetlinkClient.open({ netns: NS });
    const sub = c.subscribe(['link']);
    await sub.ready;
    ipn('link', 'set', veth, 'mtu', '1400');
    for await (const ev of sub) {
      expect(ev.kind).toBe('notification');
      if (ev.kind !== 'notification') break;
      expect(ev.message.IFLA_IFNAME).toBe(veth);
      expect(ev.message.IFLA_MTU).toBe(1400);
      expect(ev.group).toBe(1);
      break;
    }
    expect(sub.overruns).toBe(0);
    ipn('link', 'set', veth, 'mtu', '1500');
    await c.close();
  }, 180000);

  it('monitor --count 2 sees an interface being added', async () => {
    const mon = spawn(process.execPath, [BIN, 'monitor', '--groups', 'link', '--count', '2', '--format', 'jsonl', '--netns', NS], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '', err = '';
    mon.stdout.on('data', (c: Buffer) => { out += c; });
    const ready = new Promise<void>((resolve) => mon.stderr.on('data', (c: Buffer) => { err += c; if (err.includes('listening')) resolve(); }));
    const exited = new Promise<number | null>((resolve) => mon.on('close', (code) => resolve(code)));
    await ready;
    const added = spawnSync('ip', ['-n', NS, 'link', 'add', 'dummy0', 'type', 'dummy']).status === 0 ? ['dummy0'] : (ipn('link', 'add', 'nlt-m0', 'type', 'veth', 'peer', 'name', 'nlt-m1'), ['nlt-m0', 'nlt-m1']);
    const timer = setTimeout(() => mon.kill(), 20000);
    expect(await exited).toBe(0);
    clearTimeout(timer);
    const msgs = jsonl(out);
    expect(msgs.length).toBe(2);
    expect(msgs.every((m) => (m.header as Json).type === 'RTM_NEWLINK')).toBe(true);
    expect(msgs.some((m) => added.includes(m.IFLA_IFNAME as string))).toBe(true);
    ipn('link', 'del', added[0]!);
  }, 180000);

  it('monitor --all-nsid: each notification says its group and the namespace it came from (nsid 5, current), as ip monitor does', async () => {
    const peer = `${NS}-peer`;
    expect(spawnSync('ip', ['netns', 'add', peer]).status).toBe(0);
    try {
      ipn('netns', 'set', peer, '5');
      spawnSync('ip', ['-n', peer, 'link', 'set', 'lo', 'up']);
      const mon = spawn(process.execPath, [BIN, 'monitor', '--groups', 'addr', '--count', '2', '--all-nsid', '--format', 'jsonl', '--netns', NS], { stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '', err = '';
      mon.stdout.on('data', (c: Buffer) => { out += c; });
      const ready = new Promise<void>((resolve) => mon.stderr.on('data', (c: Buffer) => { err += c; if (err.includes('listening')) resolve(); }));
      const exited = new Promise<number | null>((resolve) => mon.on('close', (code) => resolve(code)));
      await ready;
      ipn('addr', 'add', '10.200.0.1/32', 'dev', 'lo');
      await new Promise((r) => setTimeout(r, 300));
      spawnSync('ip', ['-n', peer, 'addr', 'add', '10.201.0.1/32', 'dev', 'lo']);
      const timer = setTimeout(() => mon.kill(), 20000);
      expect(await exited).toBe(0);
      clearTimeout(timer);
      expect(jsonl(out).map((m) => [m.IFA_ADDRESS, m.group, m.nsid])).toEqual([
        ['10.200.0.1', 'RTNLGRP_IPV4_IFADDR', 'current'],
        ['10.201.0.1', 'RTNLGRP_IPV4_IFADDR', 5],
      ]);
      ipn('addr', 'del', '10.200.0.1/32', 'dev', 'lo');
    } finally { spawnSync('ip', ['netns', 'del', peer]); }
  }, 180000);

  it('bad live arguments: one line, exit 2, before anything is dumped (--netns with no name ran in this namespace)', () => {
    for (const args of [['dump', 'links', '--netns', ''], ['dump', 'links', '--netns'], ['dump', 'links', '--netns', NS, '--record', '/nonexistent/dir/x.pcap'],
      ['dump', 'bogus'], ['monitor', '--rcvbuf', 'abc'], ['monitor', '--netns', NS, '--groups', '99', '--count', '1']]) {
      const r = nlscope(args);
      expect([r.status, r.stdout, r.stderr.trim().split('\n').length], args.join(' ')).toEqual([2, '', 1]);
    }
  }, 120000);

  it('monitor text: the Frame line gives the size of the packet received (it said 0 bytes)', async () => {
    const mon = spawn(process.execPath, [BIN, 'monitor', '--groups', 'link', '--count', '1', '--netns', NS], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '', err = '';
    mon.stdout.on('data', (c: Buffer) => { out += c; });
    const ready = new Promise<void>((resolve) => mon.stderr.on('data', (c: Buffer) => { err += c; if (err.includes('listening')) resolve(); }));
    const exited = new Promise<number | null>((resolve) => mon.on('close', (code) => resolve(code)));
    await ready;
    ipn('link', 'add', 'nlt-f0', 'type', 'veth', 'peer', 'name', 'nlt-f1');
    const timer = setTimeout(() => mon.kill(), 20000);
    expect(await exited).toBe(0);
    clearTimeout(timer);
    const bytes = Number(/^Frame 1: (\d+) bytes/m.exec(out)?.[1]);
    const lens = [...out.matchAll(/ len=(\d+) /g)].map((m) => (Number(m[1]) + 3) & ~3);
    expect(lens.length).toBeGreaterThan(0);
    expect(bytes).toBe(lens.reduce((a, b) => a + b, 0));
    ipn('link', 'del', 'nlt-f0');
  }, 180000);

  it('--record writes an nlmon capture that nlscope decode and tshark read, with the interface names', () => {
    const file = join(TMP, 'links.pcap');
    const r = nlscope(['dump', 'links', '--format', 'jsonl', '--netns', NS, '--record', file]);
    expect(r.status).toBe(0);
    const dec = jsonl(nlscope(['decode', file, '--format', 'jsonl']).stdout);
    expect(dec[0]!.direction).toBe('to-kernel');
    expect((dec[0]!.header as Json).type).toBe('RTM_GETLINK');
    expect(dec.filter((m) => m.direction === 'to-user' && m.IFLA_IFNAME).map((m) => m.IFLA_IFNAME)).toEqual(jsonl(r.stdout).map((m) => m.IFLA_IFNAME));
    expect((dec.at(-1)!.header as Json).type).toBe('NLMSG_DONE');
    if (!hasTshark) { console.warn('tshark not installed: its reading of the capture not checked'); return; }
    const ts = spawnSync('tshark', ['-r', file, '-T', 'fields', '-e', 'netlink-route.ifla_ifname'], { encoding: 'utf8' });
    expect(ts.status).toBe(0);
    const names = ts.stdout.split(/[\n,]/).map((s) => s.trim()).filter(Boolean);
    expect(names).toContain('lo');
    expect(names).toContain(veth);
  }, 180000);

  it('replay --live: nothing for an unchanged namespace, IFLA_MTU after the MTU changed', () => {
    const file = join(TMP, 'replay.pcap');
    expect(nlscope(['dump', 'links', '--netns', NS, '--record', file]).status).toBe(0);
    const same = nlscope(['replay', file, '--live', '--netns', NS]);
    expect(same.stdout).toBe('');
    expect(same.status).toBe(0);
    ipn('link', 'set', veth, 'mtu', '1280');
    try {
      const changed = nlscope(['replay', file, '--live', '--netns', NS, '--format', 'jsonl']);
      expect(changed.status).toBe(1);
      const d = jsonl(changed.stdout);
      expect(d.find((x) => x.path === 'IFLA_MTU')).toMatchObject({ recorded: 1500, live: 1280, kind: 'changed' });
      expect(d.find((x) => x.path === 'IFLA_MTU')!.message).toContain(veth);
    } finally { ipn('link', 'set', veth, 'mtu', '1500'); }
    // --strict sees the counters and the sequence numbers
    expect(nlscope(['replay', file, '--live', '--netns', NS, '--strict']).status).toBe(1);
  }, 180000);

  it('replay --allow-changes of an nft session in a fresh namespace: each batch goes whole, so the ruleset is made and every nft dump after it agrees', () => {
    const ns = `${NS}-nft`;
    expect(spawnSync('ip', ['netns', 'add', ns]).status).toBe(0);
    try {
      // does the kernel have nf_tables? NFT_MSG_GETGEN is answered NFT_MSG_NEWGEN if so
      const probe = spawnSync('ip', ['netns', 'exec', ns, PY, '-c', `
import socket, struct, sys
s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 12)
s.send(struct.pack('<IHHIIBBH', 20, (10 << 8) | 16, 1, 1, 0, 0, 0, 0))
sys.exit(0 if struct.unpack('<H', s.recv(65536)[4:6])[0] == (10 << 8) | 15 else 1)
`]);
      if (probe.status !== 0) {
        console.warn('the kernel has no nf_tables (NFT_MSG_GETGEN not answered): the nft replay is not made');
        return;
      }
      const r = nlscope(['replay', 'captures/rec-nft.pcap', '--live', '--allow-changes', '--netns', ns, '--format', 'jsonl']);
      expect(r.stderr).toMatch(/replayed 218 requests, \d+ with different answers/);
      const d = jsonl(r.stdout);
      // what differs is the namespace (the recording's had veth0 and lo up) and, at frame 319,
      // the NFT_MSG_NEWGEN that the kernel sends an NLM_F_ECHO request, which the recording
      // counted as a notification; each message of each batch went in and no nft dump differs
      const other = d.filter((x) => !String(x.request).startsWith('RTM_GETLINK') && !(x.frame === 319 && String(x.message).startsWith('NFT_MSG_NEWGEN')));
      expect(other).toEqual([]);
    } finally { spawnSync('ip', ['netns', 'del', ns]); }
  }, 180000);

  it('fake kernel: a client answered from a recorded dump, in process and through replay --serve', async () => {
    const file = join(TMP, 'fake.pcap');
    const live = nlscope(['dump', 'addrs', '--format', 'jsonl', '--netns', NS, '--record', file]);
    expect(live.status).toBe(0);
    const served = nlscope(['dump', 'addrs', '--format', 'jsonl', '--helper', `${process.execPath} ${BIN} replay ${file} --serve`]);
    expect(served.status).toBe(0);
    expect(diffAnswers(jsonl(live.stdout), jsonl(served.stdout))).toEqual([]);
    expect(jsonl(served.stdout).length).toBe(jsonl(live.stdout).length);
    const kernel = await FakeKernel.fromCapture(file);
    const c = await NetlinkClient.open({ transport: new LoopbackTransport(kernel) });
    const got: Json[] = [];
    for await (const m of c.dump(dumpRequest(RTM.GETADDR, 8))) got.push(m);
    expect(diffAnswers(jsonl(live.stdout), got)).toEqual([]);
    await c.close();
  }, 180000);

  it('every dump kind runs (library, one helper for both protocols)', async () => {
    const route = await NetlinkClient.open({ netns: NS });
    const diag = await route.socket('sock_diag');
    for (const kind of DUMP_KINDS) {
      let n = 0;
      try {
        for await (const p of dumpKind(kind, route, diag)) n += route.decode(p).length;
      } catch (e) {
        // kernels without nexthop objects answer EOPNOTSUPP
        expect(kind).toBe('nexthops');
        expect(e).toBeInstanceOf(NetlinkError);
        continue;
      }
      if (['links', 'addrs', 'routes', 'rules', 'sockets'].includes(kind)) expect(n, kind).toBeGreaterThan(0);
    }
    await route.close();
  }, 180000);

  it('a helper killed mid-dump rejects with a clear error', async () => {
    const c = await NetlinkClient.open({ netns: NS });
    const it = c.dump(dumpRequest(RTM.GETLINK, 16))[Symbol.asyncIterator]();
    c.connection.transport.kill('SIGKILL');
    await expect((async () => { for (;;) { const r = await it.next(); if (r.done) throw new Error('dump ended normally'); } })()).rejects.toThrow(/killed by SIGKILL/);
    await c.close();
  }, 180000);
});

describe('errors of the kernel', () => {
  it('a dump ended by NLMSG_DONE with an errno is named (it was "errno 2")', async () => {
    const { errorOf } = await import('../src/live/client.js');
    const e = errorOf({ header: { type: 'NLMSG_DONE', flags: ['NLM_F_MULTI'], seq: 1, pid: 1 }, error: -2 });
    expect([e.errno, e.code]).toEqual([2, 'ENOENT']);
  });
});
