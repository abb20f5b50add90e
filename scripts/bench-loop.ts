// One library measurement of scripts/bench.ts, in a fresh process so each starts with an
// empty heap: the capture streamed with readCaptureBatches and
//   floor   read every packet, decode nothing (the file read floor)
//   walk    walkHeaders on each packet: the nlmsghdr chain only (the lazy walk)
//   decode  decodePacket on every packet: every message and attribute, as the CLI decodes
// Prints one JSON line (to --out FILE if given): seconds (the loop only, after start-up),
// decodeSeconds (decode: the time inside decodePacket alone, without reading the file),
// packets, messages, bytes.
//   npx tsx scripts/bench-loop.ts floor|walk|decode FILE [--out FILE] [--dist] [--passes N]
// --dist loads the compiled library from dist/ (what the nlscope command runs when the
// build is current) instead of the TypeScript sources.
// --passes N: the loop runs N times over the file in this one process; `passes` lists each
// pass's seconds and decodeSeconds, the top-level numbers are the first pass's. The first
// pass pays for V8's warm-up (functions interpreted until hot enough to compile); the later
// ones are the speed of a long-running consumer (a monitoring agent decoding dump after dump).
// Chunks are reused (reuseChunks), as the CLI's decode reads: each packet is done with
// before the next batch is read.
// Around each pass, scripts/core-probe.ts times a loop of L1 loads (`probe`: ns per iteration
// before and after the pass): whether the pass ran with the whole core or shared it.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { probeCore, warmProbe } from './core-probe.js';

type Reader = typeof import('../src/capture/reader.js');
type Message = typeof import('../src/codec/message.js');
type SessionModule = typeof import('../src/codec/session.js');
type Headers = typeof import('../src/codec/headers.js');

const [mode, file] = process.argv.slice(2);
const fromDist = process.argv.includes('--dist');
const outAt = process.argv.indexOf('--out');
const outFile = outAt > 0 ? process.argv[outAt + 1] : undefined;
const passesAt = process.argv.indexOf('--passes');
const passCount = passesAt > 0 ? Number(process.argv[passesAt + 1]) : 1;
if (!['floor', 'walk', 'decode'].includes(mode ?? '') || !file || !(Number.isInteger(passCount) && passCount >= 1)) {
  process.stderr.write('usage: bench-loop.ts floor|walk|decode FILE [--out FILE] [--dist] [--passes N]\n');
  process.exit(2);
}

const root = join(import.meta.dirname, '..');
const load = <T>(rel: string): Promise<T> =>
  import(fromDist ? pathToFileURL(join(root, 'dist', rel + '.js')).href : `../${rel}.js`) as Promise<T>;
await load('codecs/index'); // every protocol's codecs, as the package entry loads them
const { readCaptureBatches } = await load<Reader>('src/capture/reader');
const { decodePacket } = await load<Message>('src/codec/message');
const { Session } = await load<SessionModule>('src/codec/session');
const { walkHeaders } = await load<Headers>('src/codec/headers');

let packets = 0, messages = 0, bytes = 0, problems = 0;
/** what the walk read, folded into one number and printed, so the reads are not dead code */
let headerSum = 0;
let fatal: string | undefined;
/** time inside decodePacket alone (the loop's time less reading the file), per packet of ~50 messages */
let inDecode = 0n;
const passes: Array<{ seconds: number; decodeSeconds?: number; probe: [number, number] }> = [];
warmProbe();
let probeBefore = probeCore();

for (let pass = 0; pass < passCount; pass++) {
  // each pass counts afresh, with a new session (what one pass over the capture would see)
  packets = messages = bytes = problems = 0;
  inDecode = 0n;
  const session = new Session();
  const t0 = process.hrtime.bigint();
  // a batch of packets at a time (the library's fastest read: no async step per packet)
  for await (const batch of readCaptureBatches(file, { reuseChunks: true })) for (const ev of batch) {
    if (ev.kind === 'problem') {
      problems++;
      if (ev.fatal) fatal = ev.problem.message;
      continue;
    }
    if (ev.kind !== 'packet') continue;
    const p = ev.packet;
    packets++;
    bytes += p.data.length;
    if (mode === 'walk') {
      // the library's header-only walk; what it reads is folded into one number, so the reads are not dead code
      messages += walkHeaders(p.data, (type, flags) => { headerSum = (headerSum + type + flags) | 0; });
    } else if (mode === 'decode') {
      const direction = p.direction === 'to-user' ? 'to-user' : 'to-kernel';
      const d0 = process.hrtime.bigint();
      const r = decodePacket(p.data, { protocol: p.protocol, direction, session });
      inDecode += process.hrtime.bigint() - d0;
      messages += r.messages.length;
      problems += r.problems.length;
    }
  }
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const probeAfter = probeCore();
  passes.push({ seconds, decodeSeconds: mode === 'decode' ? Number(inDecode) / 1e9 : undefined, probe: [probeBefore, probeAfter] });
  probeBefore = probeAfter;
  if (fatal) break;
}
const { seconds, decodeSeconds } = passes[0]!;
const line = JSON.stringify({ mode, file, dist: fromDist, seconds, decodeSeconds, passes, packets, messages, bytes, problems, headerSum, fatal }) + '\n';
if (outFile) writeFileSync(outFile, line);
else process.stdout.write(line);
if (fatal) process.exitCode = 1;
