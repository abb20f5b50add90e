// Output of the live commands: the same text tree and jsonl as `nlscope decode`.
import type { Json } from '../codec/struct.js';
import type { DecodedFrame } from '../stream/messages.js';
import { renderFrame } from '../render/text.js';
import { LINKTYPE_NETLINK, PACKET_USER } from '../capture/types.js';
import type { ReceivedPacket } from './client.js';

/** A received packet as a decoded frame (frame numbers are those of the --record file). */
export function liveFrame(p: ReceivedPacket, protocol: number, messages: Json[]): DecodedFrame {
  const sec = Math.floor(p.time);
  return {
    packet: {
      frame: p.frame, sec, nsec: Math.min(999999999, Math.round((p.time - sec) * 1e6) * 1000), linktype: LINKTYPE_NETLINK,
      protocol, direction: 'to-user', pkttype: PACKET_USER, data: p.data, origLen: p.data.length, truncated: false, interfaceId: 0, problems: [],
    },
    messages,
  };
}

/** Lines for one packet's messages in `format` (text: one tree per packet; jsonl: one line per message). */
export function renderLive(format: string, p: ReceivedPacket, protocol: number, messages: Json[]): string[] {
  if (messages.length === 0) return [];
  if (format === 'jsonl') return messages.map((m) => JSON.stringify(m));
  return [renderFrame(liveFrame(p, protocol, messages)) + '\n'];
}

/** Leaves out NLMSG_DONE (and an ACK) closing a dump. */
export function withoutDone(messages: Json[]): Json[] {
  return messages.filter((m) => {
    const t = (m.header as Json | undefined)?.type;
    return t !== 'NLMSG_DONE' && !(t === 'NLMSG_ERROR' && m.error === 0);
  });
}
