// A larger capture from a small one, for memory and speed measurements: the packets
// repeated `times` times, each round shifted in time and in sequence numbers (patched
// in place, so pairing by (port, seq) still sees distinct transactions).
import type { CapturedPacket, PacketToWrite } from './types.js';
import { align4 } from '../wire/writer.js';

const NLMSG_ERROR = 2;
/** Sequence numbers of round r move up by r * SEQ_STEP. */
const SEQ_STEP = 100000;

export function* replicatePackets(packets: readonly CapturedPacket[], times: number): Generator<PacketToWrite> {
  if (packets.length === 0) return;
  const span = packets[packets.length - 1].sec - packets[0].sec + 2;
  for (let r = 0; r < times; r++) {
    for (const p of packets) {
      const b = new Uint8Array(p.data);
      const dv = new DataView(b.buffer);
      const bump = (o: number) => { const s = dv.getUint32(o, true); if (s !== 0) dv.setUint32(o, (s + r * SEQ_STEP) >>> 0, true); };
      for (let o = 0; o + 16 <= b.length;) {
        const len = dv.getUint32(o, true);
        bump(o + 8);
        if (dv.getUint16(o + 4, true) === NLMSG_ERROR && len >= 36) bump(o + 28); // the echoed request's seq
        if (len < 16) break;
        o += align4(len);
      }
      yield { sec: p.sec + r * span, nsec: p.nsec, protocol: p.protocol, direction: p.direction === 'to-user' ? 'to-user' : 'to-kernel', data: b };
    }
  }
}
