// Shared by the tests: the captures shipped in captures/, decoded once.
import { readCaptureAll } from '../src/capture/reader.js';
import type { CapturedPacket } from '../src/capture/types.js';
import { decodeCaptured, type DecodedFrame } from '../src/stream/messages.js';
import type { Json } from '../src/codec/struct.js';

export const CAPTURES = ['captures/route-dump.pcap', 'captures/sockdiag.pcap', 'captures/changes.pcap', 'captures/rec-link.pcap', 'captures/rec-route.pcap', 'captures/rec-bridge.pcap', 'captures/rec-tc.pcap', 'captures/rec-ss.pcap', 'captures/rec-errors.pcap'];

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
  return (await packetsOf(path)).map((p) => decodeCaptured(p));
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
