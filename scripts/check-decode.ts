// Decodes captures and lists what nlscope could not name: problems, unknown
// attributes (#N), raw values, struct tails, undecoded payloads; and checks that
// every packet re-encodes byte for byte.  npx tsx scripts/check-decode.ts FILE...
import { readCapture } from '../src/capture/reader.js';
import '../codecs/index.js'; // every protocol's codecs, as the package entry loads them
import { decodePacket, encodePacket } from '../src/codec/message.js';
import type { Json } from '../src/codec/struct.js';
import { toHex } from '../src/wire/bytes.js';
import { Session } from '../src/codec/session.js';

for (const file of process.argv.slice(2)) {
  let packets = 0, messages = 0, mismatched = 0;
  const issues = new Map<string, number>();
  const note = (k: string) => issues.set(k, (issues.get(k) ?? 0) + 1);
  // generic netlink ids are learned from the capture, in order, on each side
  const decoding = new Session();
  const encoding = new Session();
  for await (const ev of readCapture(file)) {
    if (ev.kind === 'problem') { note(`capture: ${ev.problem.message}`); continue; }
    if (ev.kind !== 'packet') continue;
    const p = ev.packet;
    packets++;
    const direction = p.direction === 'to-user' ? 'to-user' : 'to-kernel';
    const { messages: ms } = decodePacket(p.data, { protocol: p.protocol, direction, session: decoding });
    messages += ms.length;
    const back = encodePacket(JSON.parse(JSON.stringify(ms)) as Json[], { protocol: p.protocol, direction, session: encoding });
    if (toHex(back) !== toHex(p.data)) mismatched++;
    for (const m of ms) {
      const type = String((m.header as Json | undefined)?.type);
      for (const pr of (m.problems as Array<{ path: string; message: string }>) ?? []) note(`${type}: problem ${pr.path}: ${pr.message}`);
      const visit = (v: unknown, path: string) => {
        if (!v || typeof v !== 'object') return;
        for (const [k, x] of Object.entries(v as Json)) {
          if (k.startsWith('#')) note(`${type}: unknown ${path}/${k}`);
          else if (k === '@raw' || k === '@payload' || k === '@trailing') note(`${type}: ${k} at ${path}`);
          else if (k === '@tail') note(`${type}: @tail at ${path} (${String(x).length / 2} bytes)`);
          if (!k.endsWith('@')) visit(x, `${path}/${k}`);
        }
      };
      visit(m, '');
    }
  }
  console.log(`${file}: ${packets} packets, ${messages} messages, ${mismatched} not byte-identical after decode -> encode`);
  for (const [k, n] of [...issues].sort((a, b) => b[1] - a[1])) console.log(`  ${String(n).padStart(5)}  ${k}`);
}
