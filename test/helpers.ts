// Shared by the tests: the captures shipped in captures/, decoded once.
import { spawnSync } from 'node:child_process';
import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { existsSync } from 'node:fs';
import { readCaptureAll } from '../src/capture/reader.js';
import type { CapturedPacket } from '../src/capture/types.js';
import { decodeCaptured, type DecodedFrame } from '../src/stream/messages.js';
import type { Json } from '../src/codec/struct.js';
import { Session } from '../src/codec/session.js';
import { StructView, type Compiled } from '../src/codec/struct.js';
import fc from 'fast-check';
import { hostileArb, messageTypes, validBytesArb } from '../src/fuzz/index.js';

export const CAPTURES = ['captures/route-dump.pcap', 'captures/sockdiag.pcap', 'captures/changes.pcap', 'captures/rec-link.pcap', 'captures/rec-route.pcap', 'captures/rec-bridge.pcap', 'captures/rec-tc.pcap', 'captures/rec-ss.pcap', 'captures/rec-errors.pcap',
  // issue 10's families: generic netlink (ethtool, nlctrl ...), netfilter, audit / xfrm / connector / uevent
  'captures/rec-genl.pcap', 'captures/rec-nft.pcap', 'captures/rec-conntrack.pcap', 'captures/rec-other.pcap', 'captures/rec-audit.pcap',
  // a real socket dump with tcp_info (the benchmark's input)
  'captures/rec-sockets.pcap'];

const cache = new Map<string, CapturedPacket[]>();

export async function packetsOf(path: string): Promise<CapturedPacket[]> {
  let p = cache.get(path);
  if (!p) {
    const all = await readCaptureAll(path);
    p = all.packets;
    cache.set(path, p);
  }
  return p;
}

export async function framesOf(path: string): Promise<DecodedFrame[]> {
  const session = new Session();
  return (await packetsOf(path)).map((p) => decodeCaptured(p, false, session));
}

export async function messagesOf(path: string): Promise<Json[]> {
  return (await framesOf(path)).flatMap((f) => f.messages);
}

/** Every key of an object tree, depth first. */
export function* walk(v: unknown, path = ''): Generator<[string, unknown, string]> {
  if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v as Json)) {
      yield [k, x, path];
      yield* walk(x, path ? `${path}.${k}` : k);
    }
  }
}

/** The Python that runs the live helper: the system one (it has AF_NETLINK). */
export const PYTHON = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';

/**
 * Creates network namespace `ns` for a test against the kernel; returns why it cannot
 * (not Linux, not root, no AF_NETLINK in python, `ip netns add` refused), or null.
 */
export function makeNamespace(ns: string): string | null {
  if (process.platform !== 'linux') return 'not Linux';
  if (process.getuid?.() !== 0) return 'not root (ip netns add needs it)';
  const py = spawnSync(PYTHON, ['-c', 'import socket; socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 0).close()'], { encoding: 'utf8' });
  if (py.status !== 0) return `python3 has no usable AF_NETLINK: ${(py.stderr || py.error?.message || '').trim().split('\n').pop()}`;
  const add = spawnSync('ip', ['netns', 'add', ns], { encoding: 'utf8' });
  if (add.status !== 0) return `ip netns add refused: ${(add.stderr || add.error?.message || '').trim()}`;
  return null;
}

/** Packets of up to 3 generated messages of a family, valid or hostile, as captured packets. */
export function familyPacketArb(family: string): fc.Arbitrary<CapturedPacket> {
  const types = messageTypes(family).filter((t) => t !== 'RTM_NEWNDUSEROPT');
  const valid = validBytesArb(family, { types, maxMessages: 3 });
  return fc.oneof(valid, hostileArb(valid)).map((v) => ({
    frame: 1, sec: 0, nsec: 0, linktype: 253, protocol: v.protocol, direction: v.direction, pkttype: -1,
    data: v.bytes, origLen: v.bytes.length, truncated: false, interfaceId: 0, problems: [],
  }));
}

/** The layouts of every struct view met in the captures (decoded with views), by name. */
export async function viewLayoutsOf(paths: string[]): Promise<Map<string, Compiled>> {
  const layouts = new Map<string, Compiled>();
  const visit = (v: unknown): void => {
    if (v instanceof StructView) layouts.set(v.compiled.decl.name, v.compiled);
    else if (v && typeof v === 'object') Object.values(v).forEach(visit);
  };
  for (const path of paths) {
    const session = new Session();
    for (const p of await packetsOf(path)) decodeCaptured(p, false, session, true).messages.forEach(visit);
  }
  return layouts;
}

/** Bytes V8's old generation grew by while `work` ran, after two full collections have made
 *  everything before it old. Young garbage does not count; what V8 allocates in the old
 *  generation directly (an old Map's new table, a number's cached text) does. */
export function oldSpaceGrowth(work: () => void): number {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  const oldSpace = () => getHeapSpaceStatistics().find((s) => s.space_name === 'old_space')!.space_used_size;
  gc(); gc();
  const before = oldSpace();
  work();
  return oldSpace() - before;
}
