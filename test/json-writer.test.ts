// The JSON of `decode --format jsonl/json` is written as bytes (src/render/json.ts), struct views
// straight from the packet (src/render/layout-writer.ts). It must be JSON.stringify's text, byte
// for byte: every capture, generated and hostile packets, and any JSON-like value.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decodeCaptured } from '../src/stream/messages.js';
import { writeJson, viewWriter } from '../src/render/json.js';
import { fieldTable, putField, putRun } from '../src/render/layout-writer.js';
import { renderFrame } from '../src/render/text.js';
import { compiledOf, StructView } from '../src/codec/struct.js';
import { enumOf, flagsOf, struct } from '../src/codec/schema.js';
import { exact } from '../src/codec/ints.js';
import { piece, TextSink } from '../src/wire/text-sink.js';
import { Session } from '../src/codec/session.js';
import { CAPTURES, familyPacketArb, packetsOf, viewLayoutsOf } from './helpers.js';

function written(v: unknown, size = 1 << 16): string {
  const out = new TextSink(size);
  writeJson(out, v);
  return out.toString();
}

describe('JSON written as bytes is JSON.stringify', () => {
  it.each(CAPTURES)('%s, with and without struct views', async (path) => {
    const s1 = new Session(), s2 = new Session();
    for (const p of await packetsOf(path)) {
      const plain = decodeCaptured(p, false, s1);
      const viewed = decodeCaptured(p, false, s2, true);
      for (const [i, m] of plain.messages.entries()) {
        const expected = JSON.stringify(m);
        expect(written(viewed.messages[i]), `${path} frame ${p.frame}`).toBe(expected);
        expect(written(m, 1)).toBe(expected); // from a one-byte buffer: every write grows it
      }
    }
  });

  for (const family of ['route', 'sock_diag']) {
    it(`valid and hostile ${family} messages`, () => {
      fc.assert(fc.property(familyPacketArb(family), (p) => {
        const viewed = decodeCaptured(p, false, undefined, true).messages;
        expect(viewed.map((m) => written(m))).toEqual(decodeCaptured(p, false).messages.map((m) => JSON.stringify(m)));
      }), { numRuns: 300, seed: 78 });
    }, 60_000);
  }

  it('any JSON-like value: escapes, surrogates, -0, NaN, holes, undefined, integer keys, classes', () => {
    const text = fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.constantFrom('"', '\\', '\u2028', '\ud800', 'a\u0000b', '\u007f', 'é'));
    const leaf = fc.oneof(text, fc.double(), fc.integer(), fc.constantFrom(0, -0, 2 ** 31 - 1, 2 ** 31, -(2 ** 31), 2 ** 53, NaN, Infinity, true, false, null, undefined, new Date(0)));
    const value = fc.letrec((tie) => ({
      v: fc.oneof({ maxDepth: 4 }, leaf, fc.array(tie('v')), fc.dictionary(fc.oneof(text, fc.constantFrom('0', '7', '10', '01', '-1', '__proto__', 'toJSON')), tie('v'))),
    })).v;
    fc.assert(fc.property(value, (v) => {
      const expected = JSON.stringify(v) ?? 'null';
      expect(written(v)).toBe(expected);
      expect(written(v, 1)).toBe(expected);
    }), { numRuns: 2000, seed: 5 });
    const sparse: unknown[] = [1];
    sparse[3] = 'x';
    expect(written([sparse, [undefined, () => 1, Symbol('s')], { a: undefined, f: () => 1, b: 1 }])).toBe(JSON.stringify([sparse, [undefined, () => 1, Symbol('s')], { a: undefined, f: () => 1, b: 1 }]));
    expect(written({ toJSON: () => 'mine' })).toBe('"mine"');
    expect(written(Object.assign(Object.create(null), { z: 1, 2: 2, a: [3] }))).toBe('{"2":2,"z":1,"a":[3]}');
  });

  it('every struct view of the captures has a generated JSON writer', async () => {
    const layouts = await viewLayoutsOf(['captures/rec-sockets.pcap', 'captures/rec-link.pcap']);
    expect([...layouts.keys()]).toEqual(expect.arrayContaining(['tcp_info', 'rtnl_link_stats64', 'ipv6_devconf']));
    for (const [name, c] of layouts) expect(viewWriter(c), name).toBeInstanceOf(Function);
  });
});

describe('a layout field writer', () => {
  it('writes the key and a small number (and a newline), inside the room reserved; the rest goes to its other path', () => {
    // keys of every length across the 8-byte stores; numbers at each digit count and the edges
    // of the in-place path (negative, fractional, 2^31 and text take the other path)
    const keys = Array.from({ length: 41 }, (_, n) => `${'k'.repeat(n)}:${n % 2 ? ' ' : ''}`);
    const values: unknown[] = [0, 9, 10, 99, 100, 12345, 999999999, 1000000000, 2147483647, 2147483648, -1, 1.5, 'x'];
    for (const newline of [true, false]) {
      const table = fieldTable(keys.map(piece), newline, (out, i, v) => out.text(`${keys[i]}<${String(v)}>`));
      for (const [i, key] of keys.entries()) {
        for (const v of values) {
          const out = new TextSink(1);
          out.ensure(key.length + 12); // as a layout writer does: the buffer is this and the slack, no more
          putField(out, table, i, v);
          const small = typeof v === 'number' && v >= 0 && v < 2 ** 31 && Number.isInteger(v);
          expect(out.toString()).toBe(small ? `${key}${v}${newline ? '\n' : ''}` : `${key}<${String(v)}>`);
        }
      }
    }
  });

  it('a run of integer fields keeps its place when a field in the middle goes the other path and grows the buffer', () => {
    // u32, u64 and s32 fields, a key each (a layout's room covers each key once); the other
    // path writes 4 KiB, so the sink's buffer is replaced mid-run
    // (a non-negative integer up to 2^53 is written in place: past 2^31, up to 6 bytes beyond the
    // room of its key, so a run of them asks for the room again)
    const field = fc.record({ kind: fc.constantFrom(3, 6, 9), v: fc.oneof(fc.integer({ min: 0, max: 20 }), fc.integer({ min: -(2 ** 31), max: 2 ** 32 - 1 }), fc.constantFrom(2 ** 31, 2 ** 32, 2 ** 40 + 7, 2 ** 53 - 1, 2 ** 53, 2 ** 64 - 2 ** 12)) });
    fc.assert(fc.property(fc.array(field, { minLength: 1, maxLength: 12 }), (fields) => {
      const keys = fields.map((_, j) => `${'k'.repeat(j + 1)}: `);
      const table = fieldTable(keys.map(piece), true, (out, i, v) => out.text(`${keys[i]}<${String(v)}>${'.'.repeat(4096)}\n`));
      const bytes = new DataView(new ArrayBuffer(8 * fields.length));
      const run: number[] = [];
      let expected = '';
      fields.forEach(({ kind, v }, j) => {
        // the value the field reads back as: u32 and s32 wrap to 32 bits; u64 holds |v|
        const read = kind === 3 ? v >>> 0 : kind === 9 ? v | 0 : Math.abs(v);
        if (kind === 6) { bytes.setUint32(8 * j, read % 2 ** 32, true); bytes.setUint32(8 * j + 4, Math.floor(read / 2 ** 32), true); }
        else bytes.setUint32(8 * j, read >>> 0, true);
        run.push(8 * j, kind, j, -1);
        // past 2^53 (the high word 2^21 or more) the value is exact()'s, which only the other path writes
        expected += read >= 0 && read < 2 ** 53 ? `${keys[j]}${read}\n` : `${keys[j]}<${kind === 6 ? exact(read % 2 ** 32, Math.floor(read / 2 ** 32), false) : read}>${'.'.repeat(4096)}\n`;
      });
      const out = new TextSink(16);
      out.ensure(table.room); // as a layout writer does before its first field
      putRun(out, table, bytes, 0, Int32Array.from(run), null, []);
      expect(out.toString()).toBe(expected);
    }), { numRuns: 300, seed: 9 });
  });

  it('a field shown by name writes the text its other path gave for the value, kept per value', () => {
    // an enum with long names and a flags set, in text and JSON, from a buffer that must grow:
    // known and unknown values, and more distinct values than are kept (the rest still written)
    const STATE = enumOf('STATE', { ZERO: 0, [`A_LONG_STATE_NAME_${'X'.repeat(40)}`]: 1, TWO: 2 });
    const BITS = flagsOf('BITS', Object.fromEntries(Array.from({ length: 16 }, (_, i) => [`FLAG_WITH_A_NAME_${i}`, 1 << i])));
    const decl = struct('named', [['state', 'u8', STATE], ['pad', 'u8'], ['bits', 'u16', BITS], ['state32', 'u32', STATE], ['n', 'u32']]);
    const c = compiledOf(decl)!;
    const packet = { frame: 1, sec: 0, nsec: 0, linktype: 253, protocol: 0, direction: 'to-user', pkttype: 6, data: new Uint8Array(0), origLen: 0, truncated: false, interfaceId: 0, problems: [] };
    const text = (v: unknown) => renderFrame({ packet, messages: [{ index: 0, s: v }] } as unknown as Parameters<typeof renderFrame>[0]);
    const values = fc.record({ state: fc.integer({ min: 0, max: 255 }), bits: fc.integer({ min: 0, max: 0xffff }), state32: fc.oneof(fc.constantFrom(0, 1, 2), fc.integer({ min: 0, max: 2 ** 32 - 1 })), n: fc.nat() });
    let runs = 0;
    fc.assert(fc.property(values, ({ state, bits, state32, n }) => {
      const b = new Uint8Array(c.size + 5);
      const dv = new DataView(b.buffer);
      b[1] = state; dv.setUint16(3, bits, true); dv.setUint32(5, state32, true); dv.setUint32(9, n, true);
      const view = new StructView(c, b, dv, 1);
      const decoded = c.decode(b, dv, 1, undefined);
      expect(text(view)).toBe(text(decoded));
      const out = new TextSink(1);
      writeJson(out, view);
      expect(out.toString()).toBe(JSON.stringify(decoded));
      runs++;
    }), { numRuns: 1000, seed: 23 });
    expect(runs).toBe(1000); // over 256 distinct flag values: past what a field keeps
  });
});
