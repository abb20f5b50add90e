// `npm run fuzz [-- --minutes M --seed S]`: a long run of the decoder's guarantees on millions of
// inputs: random bytes, mutated real packets, hostile variants of generated messages, generated
// messages. Each input must decode without an exception and come back byte for byte through the
// JSON text (generated ones: the same JSON). Mutated real packets also go through decode's writer
// from the bytes (src/render/direct.ts), whose text and JSON must be those of the decoded objects
// (`direct`). Prints inputs/s, then decode time per byte over input sizes (linear time). Failing
// inputs are written to fuzz-failures/ (hex) and counted.
import fc from 'fast-check';
import { mkdirSync, writeFileSync, readdirSync } from 'node:fs';
import { decodePacket, encodePacket } from '../src/codec/message.js';
import type { Json } from '../src/codec/struct.js';
import type { Direction } from '../src/codec/schema.js';
import { readCaptureAll } from '../src/capture/reader.js';
import { hostileArb, messageArb, validBytesArb, encodeGen } from '../src/fuzz/index.js';
import { toHex } from '../src/wire/bytes.js';
import { TextSink } from '../src/wire/text-sink.js';
import { directPacket, loadFormat, writePacketJson, writePacketText } from '../src/render/direct.js';
import { listItem, writeJson } from '../src/render/json.js';
import { renderFrameInto } from '../src/render/text.js';
import { decodeCapturedParts } from '../src/stream/messages.js';
import type { CapturedPacket } from '../src/capture/types.js';

const arg = (name: string, def: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : Number(process.env[`FUZZ_${name.toUpperCase()}`] ?? def);
};
const minutes = arg('minutes', 3);
const seed0 = arg('seed', Date.now() % 1e9);
const deadline = Date.now() + minutes * 60_000;

// xorshift32: fast, reproducible from the seed
let state = (seed0 >>> 0) || 1;
const rnd = () => { state ^= state << 13; state >>>= 0; state ^= state >>> 17; state ^= state << 5; state >>>= 0; return state; };
const below = (n: number) => rnd() % n;

const PROTOS = [0, 4, 0, 4, 12, 16, 9];
const DIRS: Direction[] = ['to-kernel', 'to-user'];

interface Kind { inputs: number; bytes: number; ms: number; failures: number }
const stats: Record<string, Kind> = {};
const kind = (k: string) => (stats[k] ??= { inputs: 0, bytes: 0, ms: 0, failures: 0 });
let saved = 0;

function fail(k: string, bytes: Uint8Array, protocol: number, direction: Direction, why: string): void {
  kind(k).failures++;
  if (saved++ < 50) {
    mkdirSync('fuzz-failures', { recursive: true });
    writeFileSync(`fuzz-failures/${k}-${saved}.txt`, `${why}\nprotocol ${protocol} ${direction}\n${toHex(bytes)}\n`);
  }
}

const same = (a: Uint8Array, b: Uint8Array) => { if (a.length !== b.length) return false; for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false; return true; };
let nth = 0;

/** Totality and losslessness (one input in 8 through the JSON text, as `decode | encode` does). */
function check(k: string, bytes: Uint8Array, protocol: number, direction: Direction): void {
  try {
    const { messages } = decodePacket(bytes, { protocol, direction });
    const json = (nth++ & 7) === 0 ? JSON.parse(JSON.stringify(messages)) as Json[] : messages;
    const back = encodePacket(json, { protocol, direction });
    if (!same(back, bytes)) fail(k, bytes, protocol, direction, 'not lossless');
  } catch (e) {
    fail(k, bytes, protocol, direction, `threw ${(e as Error).stack}`);
  }
}

/** decode's text and JSON lines of a packet, written from its bytes (direct) and from its decoded
 *  objects: they must be the same (an exception is a difference too). */
function checkDirect(p: CapturedPacket): void {
  for (const json of [false, true]) {
    const ways = [(sink: TextSink) => {
      const list = { array: false, started: false };
      if (json) writePacketJson(sink, p, undefined, list); else writePacketText(sink, p, undefined);
    }, (sink: TextSink) => {
      const list = { array: false, started: false };
      for (const f of decodeCapturedParts(p, false, undefined, true, 4096)) {
        if (!json) renderFrameInto(sink, f, !f.part);
        else for (const m of f.messages) { listItem(sink, list); writeJson(sink, m); sink.byte(10); }
      }
    }].map((write) => {
      const sink = new TextSink(1 << 16);
      try { write(sink); return sink.toString(); } catch (e) { return `threw ${(e as Error).stack}`; }
    });
    if (ways[0] !== ways[1]) fail('direct', p.data, p.protocol, p.direction as Direction, `${json ? 'JSON' : 'text'} written from the bytes differs:\n${ways[0]}\n--- from the objects:\n${ways[1]}`);
  }
}

/** mutate, and damage aimed at a TLV's or a header's fields: lengths, type bits, extreme values,
 *  spans moved, a second message */
function mutateFields(p: { data: Uint8Array }): Uint8Array {
  let b = mutate(p);
  if (b.length < 16) return b;
  const v = () => new DataView(b.buffer, b.byteOffset, b.byteLength);
  const at = below(b.length - 3) & ~3;
  switch (below(6)) {
    case 0: v().setUint16(at, [0, 3, 4, 5, 8, 0xffff, v().getUint16(at, true) + 4, v().getUint16(at, true) - 4][below(8)]! & 0xffff, true); break;
    case 1: v().setUint16(at + 2, v().getUint16(at + 2, true) ^ [0x8000, 0x4000, 1, 2][below(4)]!, true); break;
    case 2: v().setUint32(at, [0, 1, 0xffffffff, 0x80000000, 0x7fffffff][below(5)]!, true); break;
    case 3: v().setUint32(0, [b.length + 4, b.length - 4, 16, 17][below(4)]! >>> 0, true); break;
    case 4: v().setUint16(4, [2, 3, 16 + below(100), 20, 24][below(5)]!, true); break;
    default: { const len = Math.min(v().getUint32(0, true), b.length); if (len >= 16) { const r = new Uint8Array(((b.length + 3) & ~3) + len); r.set(b); r.set(b.subarray(0, len), (b.length + 3) & ~3); b = r; } }
  }
  return b;
}

function randomBytes(): Uint8Array {
  const n = below(16) === 0 ? below(4096) : below(160);
  const b = new Uint8Array(n);
  for (let i = 0; i < n; i++) b[i] = rnd() & 0xff;
  // often a plausible header: a length that fits, a known type
  if (n >= 16 && below(2) === 0) { b[0] = n & 0xff; b[1] = n >> 8; b[2] = 0; b[3] = 0; b[4] = 16 + below(110); b[5] = 0; }
  return b;
}

function mutate(p: { data: Uint8Array }): Uint8Array {
  let b = p.data.slice();
  const ops = 1 + below(4);
  for (let o = 0; o < ops && b.length; o++) {
    switch (below(6)) {
      case 0: b[below(b.length)] ^= 1 << below(8); break;
      case 1: b[below(b.length)] = rnd() & 0xff; break;
      case 2: b = b.slice(0, below(b.length + 1)); break;
      case 3: { const at = below(b.length); const v = [0, 0xff, 0x7f, 0x80, 4, 3][below(6)]!; b[at] = v; break; }
      case 4: { const at = below(b.length) & ~1; if (at + 1 < b.length) { b[at] = 0xff; b[at + 1] = 0xff; } break; }
      default: { const at = below(b.length + 1); const ins = new Uint8Array(1 + below(3)); const r = new Uint8Array(b.length + ins.length); r.set(b.subarray(0, at)); r.set(ins, at); r.set(b.subarray(at), at + ins.length); b = r; }
    }
  }
  return b;
}

function timed(k: string, f: () => number): void {
  const t = performance.now();
  const bytes = f();
  const s = kind(k);
  s.ms += performance.now() - t;
  s.bytes += bytes;
}

async function main(): Promise<void> {
  const files = readdirSync('captures').filter((f) => f.endsWith('.pcap')).map((f) => `captures/${f}`);
  const real = (await Promise.all(files.map((f) => readCaptureAll(f)))).flatMap((c) => c.packets).filter((p) => p.protocol >= 0);
  // the packets decode writes from their bytes
  const direct = real.filter(directPacket);
  await loadFormat('text');
  await loadFormat('json');
  console.log(`nlscope long fuzz: ${minutes} min, seed ${seed0}, ${real.length} real packets from ${files.length} captures`);
  let round = 0;
  let lastReport = Date.now();
  const start = Date.now();
  while (Date.now() < deadline) {
    round++;
    timed('random', () => {
      let n = 0;
      for (let i = 0; i < 2000; i++) { const b = randomBytes(); n += b.length; check('random', b, PROTOS[below(PROTOS.length)]!, DIRS[below(2)]!); }
      kind('random').inputs += 2000;
      return n;
    });
    timed('mutated', () => {
      let n = 0;
      for (let i = 0; i < 2000; i++) {
        const p = real[below(real.length)]!;
        const b = mutate(p); n += b.length;
        check('mutated', b, p.protocol, p.direction === 'to-user' ? 'to-user' : 'to-kernel');
      }
      kind('mutated').inputs += 2000;
      return n;
    });
    timed('direct', () => {
      let n = 0;
      for (let i = 0; i < 500; i++) {
        const p = direct[below(direct.length)]!;
        const data = mutateFields(p);
        n += data.length;
        const q = { ...p, data, origLen: below(4) ? data.length : data.length + below(200) };
        // (an empty packet, for one, is decoded by the command)
        if (!directPacket(q)) continue;
        checkDirect(q);
        kind('direct').inputs++;
      }
      return n;
    });
    timed('hostile', () => {
      let n = 0;
      const family = round % 2 ? 'route' : 'sock_diag';
      for (const h of fc.sample(hostileArb(validBytesArb(family, { maxMessages: 3 })), { seed: seed0 + round, numRuns: 40 })) {
        n += h.bytes.length;
        check('hostile', h.bytes, h.protocol, h.direction);
        if (h.expect.length) {
          const { problems } = decodePacket(h.bytes, { protocol: h.protocol, direction: h.direction });
          if (!problems.some((p) => h.expect.includes(p.code))) fail('hostile', h.bytes, h.protocol, h.direction, `${h.rule}: ${h.detail}: expected ${h.expect}`);
        }
      }
      kind('hostile').inputs += 40;
      return n;
    });
    timed('generated', () => {
      let n = 0;
      const family = round % 2 ? 'route' : 'sock_diag';
      for (const m of fc.sample(messageArb(family), { seed: seed0 + round, numRuns: 40 })) {
        const protocol = family === 'route' ? 0 : 4;
        const direction = m.direction as Direction;
        const bytes = encodeGen({ protocol, direction, messages: [m] });
        n += bytes.length;
        const d = decodePacket(bytes, { protocol, direction, envelope: () => ({ direction, protocol: m.protocol }) });
        if (d.problems.length || JSON.stringify(d.messages[0]) !== JSON.stringify(m)) fail('generated', bytes, protocol, direction, `JSON differs: ${JSON.stringify(m)}`);
      }
      kind('generated').inputs += 40;
      return n;
    });
    if (Date.now() - lastReport > 30_000) { lastReport = Date.now(); report(start); }
  }
  report(start);
  linearity();
  const failures = Object.values(stats).reduce((a, s) => a + s.failures, 0);
  console.log(failures ? `FAILURES: ${failures} (first ones in fuzz-failures/)` : 'no failures');
  process.exit(failures ? 1 : 0);
}

function report(start: number): void {
  const secs = (Date.now() - start) / 1000;
  const total = Object.values(stats).reduce((a, s) => a + s.inputs, 0);
  const parts = Object.entries(stats).map(([k, s]) =>
    `${k} ${s.inputs} (${Math.round(s.inputs / (s.ms / 1000))}/s, ${(s.bytes / 1e6).toFixed(1)} MB, ${s.failures} failed)`);
  console.log(`${secs.toFixed(0)} s: ${total} inputs, ${Math.round(total / secs)}/s overall; ${parts.join('; ')}`);
}

/** Decode time per byte as inputs grow: it should stay flat (linear time). */
function linearity(): void {
  const shapes: Record<string, (n: number) => Uint8Array> = {
    'repeated attribute': (n) => {
      const b = new Uint8Array(32 + Math.floor(n / 8) * 8);
      const dv = new DataView(b.buffer);
      dv.setUint32(0, b.length, true); dv.setUint16(4, 16, true);
      for (let p = 32; p + 8 <= b.length; p += 8) { dv.setUint16(p, 8, true); dv.setUint16(p + 2, 3, true); }
      return b;
    },
    'unknown nests': (n) => {
      const depth = Math.min(Math.floor(n / 4), 16000);
      const b = new Uint8Array(32 + depth * 4);
      const dv = new DataView(b.buffer);
      dv.setUint32(0, b.length, true); dv.setUint16(4, 16, true);
      for (let k = 0, p = 32; k < depth; k++, p += 4) { dv.setUint16(p, b.length - p, true); dv.setUint16(p + 2, 0x83ff, true); }
      return b;
    },
    'random bytes': (n) => { const b = new Uint8Array(n); for (let i = 0; i < n; i++) b[i] = rnd() & 0xff; return b; },
    'many small messages': (n) => {
      const b = new Uint8Array(Math.floor(n / 20) * 20);
      const dv = new DataView(b.buffer);
      for (let p = 0; p + 20 <= b.length; p += 20) { dv.setUint32(p, 20, true); dv.setUint16(p + 4, 16, true); dv.setUint32(p + 16, 0x00030008, true); }
      return b;
    },
  };
  console.log('decode time per byte (should stay flat as inputs grow):');
  for (const [name, make] of Object.entries(shapes)) {
    const cells: string[] = [];
    for (const size of [1 << 10, 1 << 13, 1 << 16, 1 << 19, 1 << 21]) {
      const b = make(size);
      if (!b.length) continue;
      let reps = 0;
      const t = performance.now();
      do { decodePacket(b, { protocol: 0, direction: 'to-user' }); reps++; } while (performance.now() - t < 200);
      const ns = ((performance.now() - t) * 1e6) / reps / b.length;
      cells.push(`${(b.length / 1024).toFixed(0)} KiB ${ns.toFixed(1)} ns/B`);
    }
    console.log(`  ${name}: ${cells.join(', ')}`);
  }
}

await main();
