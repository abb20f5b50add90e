// The library decode loop alone, in memory: messages/s of decodePacket over the real
// packets of a capture (no file I/O, no output). `npx tsx scripts/bench-lib.ts [FILE] [--secs 3]`
import { readCaptureAll } from '../src/capture/reader.js';
import '../codecs/index.js'; // every protocol's codecs, as the package entry loads them
import { decodePacket } from '../src/codec/message.js';

const args = process.argv.slice(2);
const file = args.find((a) => !a.startsWith('--')) ?? 'captures/sockdiag.pcap';
const secs = Number(args[args.indexOf('--secs') + 1] ?? 3) || 3;
const onlyProto = args.includes('--proto') ? Number(args[args.indexOf('--proto') + 1]) : undefined;
const { packets } = await readCaptureAll(file);
const ps = packets.filter((p) => p.direction === 'to-user' && (onlyProto === undefined || p.protocol === onlyProto))
  .map((p) => ({ data: p.data, protocol: p.protocol }));
let msgs = 0, bytes = 0;
const t0 = performance.now();
let t = t0;
while (t - t0 < secs * 1000) {
  for (const p of ps) {
    msgs += decodePacket(p.data, { protocol: p.protocol, direction: 'to-user' }).messages.length;
    bytes += p.data.length;
  }
  t = performance.now();
}
const s = (t - t0) / 1000;
console.log(`${file}: ${(msgs / s / 1e3).toFixed(0)}k messages/s, ${(bytes / s / 2 ** 20).toFixed(0)} MB/s (${msgs} messages, ${(bytes / msgs).toFixed(0)} B/message)`);
