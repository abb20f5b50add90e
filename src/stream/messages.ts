// Capture -> netlink messages: each packet of a capture decoded into the JSON
// objects of the jsonl contract, streamed.
import { readCaptureBatches } from '../capture/reader.js';
import type { CaptureEvent, CapturedPacket, Problem as CaptureProblem } from '../capture/types.js';
import type { ByteSource } from '../capture/input.js';
import { decodePacketSlice, type DecodeOptions } from '../codec/message.js';
import { Session } from '../codec/session.js';
import type { Json } from '../codec/struct.js';
import type { Span } from '../codec/context.js';
import { toHex } from '../wire/bytes.js';
import { loadProtocol, protocolName } from '../../codecs/registry.js';

export interface DecodedFrame {
  packet: CapturedPacket;
  messages: Json[];
  spans?: Span[];
  /** a later part of a packet decoded in parts (decodeCapturedParts): 1, 2 ...; absent on the first */
  part?: number;
}

export type FrameEvent =
  | { kind: 'frame'; frame: DecodedFrame }
  /** a packet left undecoded for the consumer (DecodeCaptureOptions.undecoded) */
  | { kind: 'packet'; packet: CapturedPacket }
  | { kind: 'problem'; problem: CaptureProblem; fatal: boolean };

/** Seconds since the epoch as a number (microsecond-exact for pcap timestamps). */
export function packetTime(p: { sec: number; nsec: number }): number {
  return p.sec + p.nsec / 1e9;
}

/** The keys a decoded message's object has beside its netlink content: the envelope (first,
 *  envelopeOf), the header, its problems. */
export const MESSAGE_KEYS: ReadonlySet<string> = new Set(['frame', 'index', 'time', 'direction', 'protocol', 'origlen', 'header', 'problems']);

/** The envelope of a packet's messages (DecodeOptions.envelope): frame, index, time, direction,
 *  protocol (and origlen), set on the message's own object (made with room for its keys, codec/room.ts). */
export function envelopeOf(packet: CapturedPacket): (index: number, o: Json) => Json {
  const time = packetTime(packet);
  const protocol = protocolName(packet.protocol);
  return (index, o) => {
    o.frame = packet.frame; o.index = index; o.time = time; o.direction = packet.direction; o.protocol = protocol;
    if (packet.truncated) o.origlen = packet.origLen;
    return o;
  };
}

/** Decodes one captured packet into message objects (envelope first, as the jsonl contract orders it). */
export function decodeCaptured(packet: CapturedPacket, trace = false, session?: Session, views = false): DecodedFrame {
  return decodeCapturedParts(packet, trace, session, views, Infinity).next().value!;
}

/** Messages of a packet decoded at a time by the CLI's decode and the analyzer: a hostile
 *  packet of 800,000 tiny messages in one part took 500 MB (the parts' output is the same). */
export const PART_MESSAGES = 4096;

/**
 * decodeCaptured in parts of at most `maxMessages` messages each, for a consumer done with
 * each part before it asks for the next: one packet may hold 800,000 tiny messages, and their
 * objects all at once took 500 MB. A packet of fewer messages is one part, as decodeCaptured.
 */
export function* decodeCapturedParts(packet: CapturedPacket, trace: boolean, session: Session | undefined, views: boolean, maxMessages: number): Generator<DecodedFrame> {
  const envelope = envelopeOf(packet);
  if (packet.protocol < 0 || packet.direction === 'unknown' && packet.data.length === 0) {
    const o = envelope(0, {});
    o.problems = packet.problems;
    o['@raw'] = toHex(packet.data);
    yield { packet, messages: [o] };
    return;
  }
  const opts: DecodeOptions = { protocol: packet.protocol, direction: packet.direction === 'to-user' ? 'to-user' : 'to-kernel', trace, envelope, session, views };
  const max = maxMessages >= 1 ? maxMessages : 1; // a part of no message would never end
  let from = 0, count = 0, part = 0;
  do {
    const { messages, spans, next } = decodePacketSlice(packet.data, opts, from, count, max);
    if (part === 0 && packet.problems.length && messages.length) {
      const first = messages[0];
      first.problems = [...packet.problems.map(relabel), ...((first.problems as unknown[]) ?? [])];
    }
    yield part === 0 ? { packet, messages, spans } : { packet, messages, spans, part };
    from = next;
    count += messages.length;
    part++;
  } while (from < packet.data.length);
}

const relabel = (p: CaptureProblem) => ({ ...p, path: p.path || 'capture' });

/** Streams decoded frames from a capture file.
 *  `views`: struct values as StructViews, for the text and JSON writers (DecodeOptions.views).
 *  `reuseChunks`: for a consumer done with each frame (its packet bytes and views) before it
 *  asks for the next (ReadOptions.reuseChunks).
 *  `maxMessages`: a packet of more messages comes in parts of that many (decodeCapturedParts). */
export async function* decodeCapture(source: ByteSource, opts: DecodeCaptureOptions = {}): AsyncGenerator<FrameEvent> {
  for await (const frames of decodeCaptureBatches(source, opts)) yield* frames;
}

export interface DecodeCaptureOptions {
  trace?: boolean; session?: Session; views?: boolean; reuseChunks?: boolean; maxMessages?: number;
  /** packets the consumer reads itself (the text writer that writes from the bytes): they come
   *  as `packet` events, undecoded, their protocol's codecs loaded */
  undecoded?: (packet: CapturedPacket) => boolean;
}

/**
 * decodeCapture a batch of packets at a time (readCaptureBatches): each batch's frames are
 * decoded one by one as the batch is iterated, with no async step between them. Iterate each
 * batch to its end (or stop) before asking for the next: its packets' bytes may be reused then.
 */
export async function* decodeCaptureBatches(source: ByteSource, opts: DecodeCaptureOptions = {}): AsyncGenerator<Iterable<FrameEvent>> {
  // Generic netlink ids are learned from the capture itself, in capture order. Each protocol's
  // codecs are loaded as the capture reaches it (codecs/registry.ts).
  const session = opts.session ?? new Session();
  for await (const batch of readCaptureBatches(source, { reuseChunks: opts.reuseChunks })) {
    for (const ev of batch) {
      const codecs = ev.kind === 'packet' ? loadProtocol(ev.packet.protocol) : undefined;
      if (codecs) await codecs;
    }
    yield framesOf(batch, opts, session);
  }
}

function* framesOf(batch: readonly CaptureEvent[], opts: DecodeCaptureOptions, session: Session): Generator<FrameEvent> {
  for (const ev of batch) {
    if (ev.kind === 'packet') {
      if (opts.undecoded?.(ev.packet)) { yield ev; continue; }
      for (const frame of decodeCapturedParts(ev.packet, opts.trace ?? false, session, opts.views ?? false, opts.maxMessages ?? Infinity)) yield { kind: 'frame', frame };
    } else if (ev.kind === 'problem') yield ev;
  }
}
