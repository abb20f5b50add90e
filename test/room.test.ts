// Message objects and nested attribute sets are made with room for their keys (src/codec/room.ts):
// to every reader they must be the plain objects that `{}` made.
import { describe, expect, it } from 'vitest';
import { roomyObject } from '../src/codec/room.js';
import { decodePacket } from '../src/codec/message.js';
import { CAPTURES, framesOf, packetsOf } from './helpers.js';

/** Every object of a decoded tree that is not an array, with its path. */
function* objects(v: unknown, path: string): Generator<[object, string]> {
  if (typeof v !== 'object' || v === null) return;
  if (Array.isArray(v)) { for (let i = 0; i < v.length; i++) yield* objects(v[i], `${path}[${i}]`); return; }
  yield [v, path];
  for (const [k, x] of Object.entries(v)) yield* objects(x, `${path}.${k}`);
}

describe('roomy objects', () => {
  it('are plain empty objects: prototype, constructor, keys, JSON, spread, equality', () => {
    const kind = {};
    const o = roomyObject(kind);
    expect(Object.getPrototypeOf(o)).toBe(Object.prototype);
    expect(o.constructor).toBe(Object);
    expect(Reflect.ownKeys(o)).toEqual([]);
    expect(JSON.stringify(o)).toBe('{}');
    // keys in the order they were set, whatever room there was
    for (let i = 0; i < 80; i++) o[`z${79 - i}`] = i;
    expect(Object.keys(o)).toEqual(Array.from({ length: 80 }, (_, i) => `z${79 - i}`));
    expect(o).toStrictEqual({ ...o });
    expect(String(o)).toBe('[object Object]');
    // another object of the kind starts empty; another kind has its own maker
    expect(Reflect.ownKeys(roomyObject(kind))).toEqual([]);
    expect(Object.getPrototypeOf(roomyObject({}))).toBe(Object.prototype);
  });

  it('the kind keeps its maker out of sight (no key, no JSON change); a frozen kind is left as it is', () => {
    const kind = { kind: 'attrs', name: 'X' };
    const a = roomyObject(kind), b = roomyObject(kind);
    a.x = 1;
    expect(Reflect.ownKeys(b)).toEqual([]);
    expect(Object.keys(kind)).toEqual(['kind', 'name']);
    expect(JSON.stringify(kind)).toBe('{"kind":"attrs","name":"X"}');
    const frozen = Object.freeze({ kind: 'attrs', name: 'Y' });
    const c = roomyObject(frozen);
    c.y = 2;
    expect(Object.getPrototypeOf(c)).toBe(Object.prototype);
    expect(Reflect.ownKeys(roomyObject(frozen))).toEqual([]);
    expect(Reflect.ownKeys(frozen)).toEqual(['kind', 'name']);
  });

  it('a kind that is no object (a codec thunk that gave nothing) gives a plain object, not a throw', () => {
    for (const k of [undefined, null, 3, 'x']) expect(Object.getPrototypeOf(roomyObject(k as unknown as object))).toBe(Object.prototype);
  });

  it.each(CAPTURES)('every object of every decoded message of %s is plain', async (path) => {
    let n = 0;
    for (const f of await framesOf(path)) for (const m of f.messages) for (const [o, at] of objects(m, `frame ${f.packet.frame}`)) {
      expect(Object.getPrototypeOf(o), at).toBe(Object.prototype);
      expect(Object.getOwnPropertySymbols(o), at).toEqual([]);
      n++;
    }
    expect(n).toBeGreaterThan(0);
  });

  it('the library decode without an envelope, and an envelope that returns its own object, give the same keys', async () => {
    const p = (await packetsOf('captures/route-dump.pcap'))[3]!;
    const opts = { protocol: p.protocol, direction: 'to-user' } as const;
    const bare = decodePacket(p.data, opts).messages;
    const own = decodePacket(p.data, { ...opts, envelope: (index) => ({ frame: 9, index }) }).messages;
    const into = decodePacket(p.data, { ...opts, envelope: (index, o) => Object.assign(o, { frame: 9, index }) }).messages;
    expect(bare.length).toBeGreaterThan(1);
    expect(JSON.stringify(own)).toBe(JSON.stringify(into));
    own.forEach((m, i) => {
      expect(Object.keys(m).slice(0, 2)).toEqual(['frame', 'index']);
      expect(m.index).toBe(i);
      expect(JSON.stringify({ ...m, frame: undefined, index: undefined })).toBe(JSON.stringify(bare[i]));
    });
  });
});
