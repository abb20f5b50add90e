// The WebAssembly run writer (src/wasm/run-writer.wat) writes what the JavaScript run writer
// (putRun in src/render/layout-writer.ts) writes, byte for byte: every kind of integer at its
// extremes, empty and long keys, text and JSON, a struct read in place or copied; and every
// capture rendered both ways. The module's committed bytes are its .wat compiled.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fieldTable, putRun } from '../src/render/layout-writer.js';
import { renderFrameInto } from '../src/render/text.js';
import { writeJson } from '../src/render/json.js';
import { decodeCaptured } from '../src/stream/messages.js';
import { Session } from '../src/codec/session.js';
import { piece, TextSink } from '../src/wire/text-sink.js';
import { BITS, NAMED, NEWLINE, QUOTE_BIG, RUN_KIND, releaseWasmBuffer, wasmBuffer, wasmMemo, wasmRun, writeRun } from '../src/wasm/run-writer.js';
import { readCaptureBatches } from '../src/capture/reader.js';
import { enumOf, flagsOf } from '../src/codec/schema.js';
import { CAPTURES, packetsOf } from './helpers.js';

const OUT = wasmBuffer(1 << 20)!;
const SRC = wasmBuffer(1 << 16)!;
/** Whether b is a view of the module's memory (asked as a boolean: a failed toBe of two
 *  ArrayBuffers of megabytes had vitest print their difference, for minutes) */
const inMemory = (b: Uint8Array | DataView) => b.buffer === OUT.buffer;
const hasWat2wasm = spawnSync('sh', ['-c', 'command -v wat2wasm']).status === 0;

/** The kinds of a run: their codes, sizes and how to store a value of each (little-endian but be16/be32) */
const KINDS = [
  { code: RUN_KIND.u8!, size: 1, set: (dv: DataView, o: number, v: bigint) => dv.setUint8(o, Number(BigInt.asUintN(8, v))) },
  { code: RUN_KIND.u16!, size: 2, set: (dv: DataView, o: number, v: bigint) => dv.setUint16(o, Number(BigInt.asUintN(16, v)), true) },
  { code: RUN_KIND.u32!, size: 4, set: (dv: DataView, o: number, v: bigint) => dv.setUint32(o, Number(BigInt.asUintN(32, v)), true) },
  { code: RUN_KIND.be16!, size: 2, set: (dv: DataView, o: number, v: bigint) => dv.setUint16(o, Number(BigInt.asUintN(16, v)), false) },
  { code: RUN_KIND.be32!, size: 4, set: (dv: DataView, o: number, v: bigint) => dv.setUint32(o, Number(BigInt.asUintN(32, v)), false) },
  { code: RUN_KIND.u64!, size: 8, set: (dv: DataView, o: number, v: bigint) => dv.setBigUint64(o, BigInt.asUintN(64, v), true) },
  { code: RUN_KIND.s8!, size: 1, set: (dv: DataView, o: number, v: bigint) => dv.setInt8(o, Number(BigInt.asIntN(8, v))) },
  { code: RUN_KIND.s16!, size: 2, set: (dv: DataView, o: number, v: bigint) => dv.setInt16(o, Number(BigInt.asIntN(16, v)), true) },
  { code: RUN_KIND.s32!, size: 4, set: (dv: DataView, o: number, v: bigint) => dv.setInt32(o, Number(BigInt.asIntN(32, v)), true) },
];

describe('the WebAssembly run writer', () => {
  it.skipIf(!hasWat2wasm)('its committed bytes are run-writer.wat compiled (needs wat2wasm, from Debian\'s wabt)', () => {
    const r = spawnSync(process.execPath, ['scripts/build-wasm.mjs', '--check'], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('has its memory here (else every test below would compare the JavaScript path with itself)', () => {
    expect(OUT).toBeInstanceOf(Buffer);
    expect(SRC).toBeInstanceOf(Buffer);
    expect(inMemory(SRC)).toBe(true);
  });

  it('writes a run as putRun does: every kind at its extremes, names, bitfields, text and JSON, in place and copied', () => {
    const value = fc.oneof(
      fc.bigInt({ min: -(2n ** 63n), max: 2n ** 64n - 1n }),
      fc.bigInt({ min: -300n, max: 300n }),
      fc.constantFrom(0n, 1n, 2n, 9n, 10n, 99n, 100n, 2n ** 31n - 1n, 2n ** 31n, 2n ** 32n - 1n, 2n ** 32n, 2n ** 53n - 1n, 2n ** 53n, 2n ** 53n + 1n,
        10n ** 19n - 1n, 10n ** 19n, 2n ** 64n - 1n, -1n, -(2n ** 31n), -(2n ** 15n), -128n));
    // a field: plain, shown by name (an enum or flags; not u64), or a bitfield member (a shift
    // and width within its unit, a name or not)
    const field = fc.record({
      kind: fc.integer({ min: 0, max: KINDS.length - 1 }),
      v: value,
      key: fc.string({ maxLength: 40 }).map((s) => s.replace(/[^\x20-\x7e]/g, 'x')),
      how: fc.constantFrom('plain', 'plain', 'enum', 'flags', 'bits', 'bits-enum'),
      shift: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 31 })),
      width: fc.oneof(fc.constantFrom(1, 31, 32), fc.integer({ min: 1, max: 32 })),
    });
    const layout = fc.record({ fields: fc.array(field, { minLength: 1, maxLength: 12 }), json: fc.boolean(), at: fc.integer({ min: 0, max: 64 }), inPlace: fc.boolean() });
    const STATE = enumOf('STATE', { ZERO: 0, ONE: 1, TWO: 2, [`A_LONG_NAME_${'X'.repeat(300)}`]: 3, MINUS: -1 });
    const OPTS = flagsOf('OPTS', { B0: 1, B1: 2, B7: 0x80, B15: 0x8000, B31: 0x80000000 });
    let named = 0;
    fc.assert(fc.property(layout, ({ fields, json, at, inPlace }) => {
      // the struct: each field at the next offset of its size's alignment, the whole at `at`
      const offsets: number[] = [];
      let size = 0;
      for (const f of fields) {
        const s = KINDS[f.kind]!.size;
        size = Math.ceil(size / s) * s;
        offsets.push(size);
        size += s;
      }
      const bytes = inPlace ? SRC.subarray(0, at + size) : new Uint8Array(at + size);
      const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      fields.forEach((f, j) => KINDS[f.kind]!.set(dv, at + offsets[j]!, f.v));
      // the other path of putRun, as text.ts and json.ts write a leaf
      const keys = fields.map((f) => f.key);
      const table = fieldTable(keys.map(piece), !json, (out, i, v) => {
        out.text(keys[i]!);
        if (json) out.text(JSON.stringify(v));
        else { if (Array.isArray(v)) out.text(v.join(' | ')); else if (typeof v === 'number') out.num(v); else out.text(String(v)); out.byte(10); }
      });
      // names and bits as layoutWriter codes them (a u64 is never by name nor a bitfield unit)
      const namedOf = () => fields.map((f) => {
        const code = KINDS[f.kind]!.code;
        const how = code === RUN_KIND.u64 ? 'plain' : f.how;
        const width = Math.min(f.width, 32 - f.shift) || 1;
        const kind = how === 'plain' ? code : how === 'enum' || how === 'flags' ? code | NAMED : code | BITS | f.shift << 8 | width << 16 | (how === 'bits-enum' ? NAMED : 0);
        const en = how === 'enum' || how === 'bits-enum' ? STATE : undefined;
        return { kind, field: kind & NAMED ? { en, fl: how === 'flags' ? OPTS : undefined, memo: new Map(), wasm: 0 } : undefined };
      });
      const jsNamed = namedOf(), wasmNamed = namedOf();
      const run = Int32Array.from(fields.flatMap((_, j) => [offsets[j]!, jsNamed[j]!.kind, j, jsNamed[j]!.field ? j : -1]));
      const w = wasmRun(table, run, json ? QUOTE_BIG : NEWLINE, (j) => wasmNamed[j]!.field!.wasm = wasmMemo())!;
      expect(w).toBeDefined();
      const jsFields = jsNamed.map((n) => n.field) as never[], wasmFields = wasmNamed.map((n) => n.field) as never[];
      // twice: the first time names are met (JavaScript writes them and keeps their text), the
      // second time the module writes them from what was kept
      for (let pass = 0; pass < 2; pass++) {
        const js = new TextSink(16);
        js.ensure(table.room);
        putRun(js, table, dv, at, run, null, jsFields);
        const wasm = new TextSink(OUT.length, OUT);
        wasm.text('>'); // not at the buffer's start
        wasm.ensure(table.room);
        putRun(wasm, table, dv, at, run, w, wasmFields);
        expect(inMemory(wasm.buf)).toBe(true);
        expect(wasm.toString()).toBe(`>${js.toString()}`);
      }
      // the module wrote the whole run once every value had a text (none too long to keep)
      const long = jsNamed.some((n) => [...(n.field?.memo.values() ?? [])].some((text) => text.length > 256));
      if (!long) {
        const again = new TextSink(OUT.length, OUT);
        again.ensure(w.room);
        expect(writeRun(again, dv, at, w)).toBe(fields.length);
      }
      named += wasmNamed.filter((n) => n.field).length;
    }), { numRuns: 150, seed: 31 });
    expect(named).toBeGreaterThan(100); // names were among the fields
  });

  it('a packet that is not in its memory is copied in a window at a time: the runs after one find their bytes there, a new view or a run outside copies again', () => {
    const table = fieldTable([piece('a: '), piece('b: ')], true, () => { throw new Error('not reached'); });
    const run = Int32Array.from([0, 3, 0, -1, 4, 3, 1, -1]);
    const w = wasmRun(table, run, NEWLINE, () => 0)!;
    const text = (dv: DataView, at: number) => {
      const out = new TextSink(OUT.length, OUT);
      expect(writeRun(out, dv, at, w)).toBe(2);
      return out.toString();
    };
    // one buffer reused for packet after packet (a reader's reused chunk), a view per packet
    const chunk = new Uint8Array(4096);
    const at = (n: number) => new DataView(chunk.buffer, n, 64);
    chunk.set([7, 0, 0, 0, 42, 0, 0, 0], 8);
    const first = at(0);
    expect(text(first, 8)).toBe('a: 7\nb: 42\n');
    expect(text(first, 12)).toBe('a: 42\nb: 0\n'); // another run of the same packet: what was copied
    chunk.set([9, 0, 0, 0, 1, 1, 0, 0], 8);
    expect(text(at(0), 8)).toBe('a: 9\nb: 257\n');
    chunk.set([5, 0, 0, 0, 6, 0, 0, 0], 16);
    expect(text(at(8), 8)).toBe('a: 5\nb: 6\n'); // at another offset of the buffer
    // a packet larger than the copy's room: runs before the window, in it, past it
    const big = new Uint8Array(70_000);
    big.set([3, 0, 0, 0, 4, 0, 0, 0], 69_000);
    big.set([1, 0, 0, 0, 2, 0, 0, 0], 16);
    big.set([11, 0, 0, 0, 12, 0, 0, 0], 4000);
    big.set([13, 0, 0, 0, 14, 0, 0, 0], 4108); // past a window that starts at 16
    const bigView = new DataView(big.buffer);
    expect(text(bigView, 69_000)).toBe('a: 3\nb: 4\n');
    expect(text(bigView, 16)).toBe('a: 1\nb: 2\n');
    expect(text(bigView, 4000)).toBe('a: 11\nb: 12\n');
    expect(text(bigView, 4108)).toBe('a: 13\nb: 14\n');
    expect(text(bigView, 69_996 - 4)).toBe('a: 0\nb: 0\n'); // the last bytes of the packet
    expect(text(at(8), 8)).toBe('a: 5\nb: 6\n');
  });

  it('a sink whose buffer is not in its memory, or left it to grow, is written by JavaScript', () => {
    const table = fieldTable([piece('a: '), piece('b: ')], true, () => { throw new Error('not reached'); });
    const run = Int32Array.from([0, 3, 0, -1, 4, 3, 1, -1]);
    const dv = new DataView(Uint8Array.from([7, 0, 0, 0, 42, 0, 0, 0]).buffer);
    const w = wasmRun(table, run, NEWLINE, () => 0)!;
    const plain = new TextSink(64);
    expect(writeRun(plain, dv, 0, w)).toBe(0);
    expect(plain.pos).toBe(0);
    putRun(plain, table, dv, 0, run, w, []);
    expect(plain.toString()).toBe('a: 7\nb: 42\n');
    // a sink in the memory that must grow past its buffer: the new buffer is an ordinary one
    const small = new TextSink(4, OUT.subarray(0, 4));
    putRun(small, table, dv, 0, run, w, []);
    expect(inMemory(small.buf)).toBe(false);
    expect(small.toString()).toBe('a: 7\nb: 42\n');
  });

  it('a reader\'s chunks are in its memory, reader after reader (each gives them back when it closes)', async () => {
    // 12 MiB of buffers: without giving back, the fifth reader of 3 chunks of 1 MiB had none
    for (let reader = 0; reader < 10; reader++) {
      let packets = 0;
      for await (const batch of readCaptureBatches('captures/rec-sockets.pcap', { reuseChunks: true })) {
        for (const ev of batch) if (ev.kind === 'packet') { expect(inMemory(ev.packet.data), `reader ${reader}`).toBe(true); packets++; }
        if (reader % 2 && packets > 5) break; // stopped early: given back too
      }
      expect(packets).toBeGreaterThan(5);
    }
    // what was given back is not given out twice at once
    const a = wasmBuffer(1 << 20)!, b = wasmBuffer(1 << 20)!;
    expect(inMemory(a)).toBe(true);
    expect(Math.abs(a.byteOffset - b.byteOffset)).toBeGreaterThanOrEqual(1 << 20);
    releaseWasmBuffer(a);
    releaseWasmBuffer(b);
  });

  it('the nlscope command without WebAssembly (node --jitless) writes the same', () => {
    // a few hundred sockets (tcp_info, names, bitfields) and a link dump, text and JSON
    const bin = join(process.cwd(), 'src/cli/bin.mjs');
    for (const file of ['captures/rec-ss.pcap', 'captures/rec-link.pcap']) {
      for (const format of ['text', 'jsonl']) {
        const args = [bin, 'decode', file, '--format', format];
        const jitless = spawnSync(process.execPath, ['--jitless', ...args], { encoding: 'utf8', maxBuffer: 1 << 26 });
        const usual = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 26 });
        // (node warns that --jitless turns WebAssembly off: what this test is for)
        expect(jitless.status).toBe(0);
        expect(jitless.stderr).not.toMatch(/nlscope|Error/);
        expect(jitless.stdout.length).toBeGreaterThan(1000);
        expect(jitless.stdout, `${file} ${format}`).toBe(usual.stdout);
      }
    }
  });

  it.each(CAPTURES)('%s renders the same in its memory as outside it, text and JSON', async (path) => {
    const s1 = new Session(), s2 = new Session();
    for (const p of await packetsOf(path)) {
      const f1 = decodeCaptured(p, false, s1, true), f2 = decodeCaptured(p, false, s2, true);
      const inside = new TextSink(OUT.length, OUT), outside = new TextSink(1 << 16);
      renderFrameInto(inside, f1);
      renderFrameInto(outside, f2);
      for (const m of f1.messages) writeJson(inside, m);
      for (const m of f2.messages) writeJson(outside, m);
      expect(inside.toString(), `${path} frame ${p.frame}`).toBe(outside.toString());
    }
  });
});
