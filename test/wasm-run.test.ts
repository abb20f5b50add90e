// The WebAssembly run writer (src/wasm/run-writer.wat) writes what the JavaScript run writer
// (putRun in src/render/layout-writer.ts) writes, byte for byte: every kind of integer at its
// extremes, empty and long keys, text and JSON, a struct read in place or copied; and every
// capture rendered both ways. The module's committed bytes are its .wat compiled.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fieldTable, putRun } from '../src/render/layout-writer.js';
import { renderFrameInto } from '../src/render/text.js';
import { writeJson } from '../src/render/json.js';
import { decodeCaptured } from '../src/stream/messages.js';
import { Session } from '../src/codec/session.js';
import { piece, TextSink } from '../src/wire/text-sink.js';
import { NEWLINE, QUOTE_BIG, wasmBuffer, wasmRun, writeRun } from '../src/wasm/run-writer.js';
import { CAPTURES, packetsOf } from './helpers.js';

const OUT = wasmBuffer(1 << 20)!;
const SRC = wasmBuffer(1 << 16)!;
const hasWat2wasm = spawnSync('sh', ['-c', 'command -v wat2wasm']).status === 0;

/** RUN_KIND's codes, sizes and how to store a value of each (little-endian but be16/be32) */
const KINDS = [
  { code: 1, size: 1, set: (dv: DataView, o: number, v: bigint) => dv.setUint8(o, Number(BigInt.asUintN(8, v))) },
  { code: 2, size: 2, set: (dv: DataView, o: number, v: bigint) => dv.setUint16(o, Number(BigInt.asUintN(16, v)), true) },
  { code: 3, size: 4, set: (dv: DataView, o: number, v: bigint) => dv.setUint32(o, Number(BigInt.asUintN(32, v)), true) },
  { code: 4, size: 2, set: (dv: DataView, o: number, v: bigint) => dv.setUint16(o, Number(BigInt.asUintN(16, v)), false) },
  { code: 5, size: 4, set: (dv: DataView, o: number, v: bigint) => dv.setUint32(o, Number(BigInt.asUintN(32, v)), false) },
  { code: 6, size: 8, set: (dv: DataView, o: number, v: bigint) => dv.setBigUint64(o, BigInt.asUintN(64, v), true) },
  { code: 7, size: 1, set: (dv: DataView, o: number, v: bigint) => dv.setInt8(o, Number(BigInt.asIntN(8, v))) },
  { code: 8, size: 2, set: (dv: DataView, o: number, v: bigint) => dv.setInt16(o, Number(BigInt.asIntN(16, v)), true) },
  { code: 9, size: 4, set: (dv: DataView, o: number, v: bigint) => dv.setInt32(o, Number(BigInt.asIntN(32, v)), true) },
];
const SIZE = (code: number) => KINDS.find((k) => k.code === code)!.size;

describe('the WebAssembly run writer', () => {
  it.skipIf(!hasWat2wasm)('its committed bytes are run-writer.wat compiled (needs wat2wasm, from Debian\'s wabt)', () => {
    const r = spawnSync(process.execPath, ['scripts/build-wasm.mjs', '--check'], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('has its memory here (else every test below would compare the JavaScript path with itself)', () => {
    expect(OUT).toBeInstanceOf(Buffer);
    expect(SRC).toBeInstanceOf(Buffer);
    expect(OUT.buffer).toBe(SRC.buffer);
  });

  it('writes a run as putRun does: every kind at its extremes, text and JSON, in place and copied', () => {
    const value = fc.oneof(
      fc.bigInt({ min: -(2n ** 63n), max: 2n ** 64n - 1n }),
      fc.bigInt({ min: -300n, max: 300n }),
      fc.constantFrom(0n, 9n, 10n, 99n, 100n, 2n ** 31n - 1n, 2n ** 31n, 2n ** 32n - 1n, 2n ** 32n, 2n ** 53n - 1n, 2n ** 53n, 2n ** 53n + 1n,
        10n ** 19n - 1n, 10n ** 19n, 2n ** 64n - 1n, -1n, -(2n ** 31n), -(2n ** 15n), -128n));
    const field = fc.record({ kind: fc.integer({ min: 0, max: KINDS.length - 1 }), v: value, key: fc.string({ maxLength: 40 }).map((s) => s.replace(/[^\x20-\x7e]/g, 'x')) });
    const layout = fc.record({ fields: fc.array(field, { minLength: 1, maxLength: 30 }), json: fc.boolean(), at: fc.integer({ min: 0, max: 64 }), inPlace: fc.boolean() });
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
        else { if (typeof v === 'number') out.num(v); else out.text(String(v)); out.byte(10); }
      });
      const run = Int32Array.from(fields.flatMap((f, j) => [offsets[j]!, KINDS[f.kind]!.code, j]));
      const js = new TextSink(16);
      js.ensure(table.room);
      putRun(js, table, dv, at, run);
      const w = wasmRun(table, run, json ? QUOTE_BIG : NEWLINE, SIZE)!;
      expect(w).toBeDefined();
      const wasm = new TextSink(OUT.length, OUT);
      wasm.text('>'); // not at the buffer's start
      expect(writeRun(wasm, dv, at, w)).toBe(true);
      expect(wasm.buf.buffer).toBe(OUT.buffer);
      expect(wasm.toString()).toBe(`>${js.toString()}`);
      // and through putRun, as the generated writers call it
      const again = new TextSink(OUT.length, OUT);
      again.ensure(table.room);
      putRun(again, table, dv, at, run, w);
      expect(again.toString()).toBe(js.toString());
    }), { numRuns: 2000, seed: 31 });
  });

  it('a sink whose buffer is not in its memory, or left it to grow, is written by JavaScript', () => {
    const table = fieldTable([piece('a: '), piece('b: ')], true, () => { throw new Error('not reached'); });
    const run = Int32Array.from([0, 3, 0, 4, 3, 1]);
    const dv = new DataView(Uint8Array.from([7, 0, 0, 0, 42, 0, 0, 0]).buffer);
    const w = wasmRun(table, run, NEWLINE, SIZE)!;
    const plain = new TextSink(64);
    expect(writeRun(plain, dv, 0, w)).toBe(false);
    expect(plain.pos).toBe(0);
    putRun(plain, table, dv, 0, run, w);
    expect(plain.toString()).toBe('a: 7\nb: 42\n');
    // a sink in the memory that must grow past its buffer: the new buffer is an ordinary one
    const small = new TextSink(4, OUT.subarray(0, 4));
    putRun(small, table, dv, 0, run, w);
    expect(small.buf.buffer).not.toBe(OUT.buffer);
    expect(small.toString()).toBe('a: 7\nb: 42\n');
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
