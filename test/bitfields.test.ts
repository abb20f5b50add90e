// C bitfields (`__u8 tcpi_snd_wscale:4, tcpi_rcv_wscale:4;`): each member a key of its own, read
// the same by the generated decoder, the generic (byte map) decoder and the text and JSON views;
// encoded back byte for byte, bits no member covers kept.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { bitfields, enumSeq, struct, type StructDecl } from '../src/codec/schema.js';
import { compiledOf, decodeStruct, encodeStruct, StructView, type Json } from '../src/codec/struct.js';
import { Tracer } from '../src/codec/context.js';
import { JsonValueError } from '../src/codec/ints.js';
import { Writer } from '../src/wire/writer.js';
import { TextSink } from '../src/wire/text-sink.js';
import { viewRenderer } from '../src/render/text.js';
import { viewWriter } from '../src/render/json.js';
import { cDeclaration } from '../src/render/layout.js';
import { tcp_info } from '../codecs/sock_diag/tcp.js';
import { inet_diag_sockopt } from '../codecs/sock_diag/inet.js';
import { messagesOf } from './helpers.js';

const E = enumSeq('E', ['ZERO', 'ONE', 'TWO', 'THREE']);
/** a unit of each width, members with and without an enum, and uncovered bits in two units */
const decl: StructDecl = struct('bits_test', [
  ['before', 'u8'],
  bitfields('u8', [['lo', 4], ['hi', 4]]),
  bitfields('u8', [['flag', 1], ['mode', 2, E]]),
  ['__pad', 'u8'],
  bitfields('u16', [['a', 3], ['b', 9]]),
  ['__pad2', 'u16'],
  bitfields('u32', [['x', 31], ['y', 1]]),
  ['after', 'u32'],
]);

const bytesOf = (hex: string) => Uint8Array.from(Buffer.from(hex, 'hex'));
const ctxOf = (b: Uint8Array, trace?: Tracer) => ({ b, dv: new DataView(b.buffer, b.byteOffset, b.byteLength), problems: [], direction: 'to-user' as const, trace });
const encode = (d: StructDecl, j: Json): string => { const w = new Writer(64); encodeStruct(d, j, w, d.size, d.name); return Buffer.from(w.finish()).toString('hex'); };

describe('bitfields', () => {
  it('members are keys of their own, from the low bit; uncovered bits come after every field, only when set', () => {
    // lo 0xa hi 0x7 | flag 1 mode 1 (ONE), bit 3 set | u16 0x1235: a 5, b 0x46, bits 12-15 = 1 | x, y
    const b = bytesOf('01' + '7a' + '0b' + '00' + '3512' + '0000' + 'ffffff7f' + '2a000000');
    const j = decodeStruct(decl, ctxOf(b), 0, b.length, b.length, '');
    expect(j).toEqual({
      before: 1, lo: 10, hi: 7, flag: 1, mode: 'ONE', __pad: 0, a: 5, b: 0x46, __pad2: 0, x: 0x7fffffff, y: 0, after: 42,
      '@bits_after_mode': 1, '@bits_after_b': 1,
    });
    expect(Object.keys(j).slice(-3)).toEqual(['after', '@bits_after_mode', '@bits_after_b']);
    expect(encode(decl, j)).toBe(Buffer.from(b).toString('hex'));
    const clean = bytesOf('01' + '7a' + '03' + '00' + '3502' + '0000' + 'ffffffff' + '2a000000');
    const k = decodeStruct(decl, ctxOf(clean), 0, clean.length, clean.length, '');
    expect(Object.keys(k).filter((x) => x.startsWith('@'))).toEqual([]);
    expect(k).toMatchObject({ mode: 'ONE', flag: 1, x: 0x7fffffff, y: 1 });
  });

  it('the generated decoder, the generic one (byte map), the text view and the JSON view agree on any bytes', () => {
    expect(compiledOf(decl)).not.toBeNull();
    const text = viewRenderer(compiledOf(decl)!, 0)!;
    const json = viewWriter(compiledOf(decl)!)!;
    fc.assert(fc.property(fc.uint8Array({ minLength: decl.size, maxLength: decl.size }), (b) => {
      const fast = decodeStruct(decl, ctxOf(b), 0, b.length, b.length, '');
      const generic = decodeStruct(decl, ctxOf(b, new Tracer()), 0, b.length, b.length, '');
      expect(generic).toEqual(fast);
      expect(Object.keys(generic)).toEqual(Object.keys(fast));
      const out = new TextSink();
      json(out, b, ctxOf(b).dv, 0);
      expect(out.toString()).toBe(JSON.stringify(fast));
      const t = new TextSink();
      text(t, b, ctxOf(b).dv, 0);
      expect(t.toString().trimEnd().split('\n').map((l) => l.split(': ')[0])).toEqual(Object.keys(fast));
      expect(JSON.stringify(new StructView(compiledOf(decl)!, b, ctxOf(b).dv, 0))).toBe(JSON.stringify(fast));
      expect(encode(decl, fast)).toBe(Buffer.from(b).toString('hex'));
    }), { numRuns: 300, seed: 11 });
  });

  it('a member given a value its bits cannot hold is an error with its path, not cut to fit', () => {
    expect(() => encode(decl, { lo: 16 })).toThrow(JsonValueError);
    expect(() => encode(decl, { lo: 16 })).toThrow('bits_test.lo: 16 is not a 4-bit value: 0 to 15');
    expect(() => encode(decl, { mode: 'FOUR' })).toThrow('bits_test.mode:');
    expect(() => encode(decl, { '@bits_after_mode': 32 })).toThrow('5-bit value');
    // out of range below or not whole: told against the member's bits, not the unit's u8
    expect(() => encode(decl, { lo: -1 })).toThrow('bits_test.lo: -1 is not a 4-bit value: 0 to 15');
    expect(() => encode(decl, { lo: 1.5 })).toThrow('bits_test.lo: 1.5 is not a 4-bit value: 0 to 15');
    // names and numbers both encode; missing members are zero
    expect(encode(decl, { hi: 15, mode: 'THREE', y: 1 }).slice(0, 6)).toBe('00f006');
  });

  it('a member that does not fit its unit is refused when declared', () => {
    expect(() => struct('bad', [bitfields('u8', [['a', 5], ['b', 4]])])).toThrow('bitfield b does not fit its 8-bit unit');
    expect(() => struct('bad', [['w', 'u64', { bits: [['a', 1]] }]])).toThrow('must be a plain u8, u16 or u32');
  });

  it('the teaching view declares them as C does', () => {
    expect(cDeclaration(tcp_info)).toContain('__u8  tcpi_snd_wscale:4, tcpi_rcv_wscale:4;');
    expect(cDeclaration(inet_diag_sockopt)).toMatch(/__u8 bind_address_no_port:1, recverr_rfc4884:1, defer_connect:1, unused:5; +\/\* +1 \+1 +bits 0, 1, 2, 3-7 \*\//);
  });
});

describe('tcp_info and inet_diag_sockopt of a real dump (captures/sockdiag.pcap)', () => {
  it('the kernel\'s member names and values: wscale 10,10 and app_limited as ss -ti printed them', async () => {
    const messages = await messagesOf('captures/sockdiag.pcap');
    const est = messages.find((m) => (m.INET_DIAG_INFO as Json | undefined)?.tcpi_state === 'TCP_ESTABLISHED')!;
    const ti = est.INET_DIAG_INFO as Json;
    expect(ti).toMatchObject({ tcpi_snd_wscale: 10, tcpi_rcv_wscale: 10, tcpi_delivery_rate_app_limited: 1, tcpi_fastopen_client_fail: 'TFO_STATUS_UNSPEC' });
    expect(Object.keys(ti)).not.toContain('tcpi_snd_rcv_wscale');
    expect(est.INET_DIAG_SOCKOPT).toEqual({
      recverr: 0, is_icsk: 1, freebind: 0, hdrincl: 0, mc_loop: 1, transparent: 0, mc_all: 1, nodefrag: 0,
      bind_address_no_port: 0, recverr_rfc4884: 0, defer_connect: 0, unused: 0,
    });
  });
});
