// The generated attribute walkers (src/codec/attrs-compiled.ts) are a faster path to the same
// JSON: every capture, valid generated messages and hostile variants of them decode to the same
// messages, keys in the same order, and the same problems, with and without them.
import { afterEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decodePacket, encodePacket, useCompiledMessages, type DecodeOptions } from '../src/codec/message.js';
import { useCompiledWalkers } from '../src/codec/attrs.js';
import { Session } from '../src/codec/session.js';
import { attrs, protocol, struct } from '../src/codec/schema.js';
import { registerProtocol } from '../codecs/registry.js';
import { hostileArb, messageTypes, validBytesArb } from '../src/fuzz/index.js';
import { CAPTURES, packetsOf } from './helpers.js';

type Switch = (on: boolean) => void;

/** The decode of one packet with a generated path (`sw` on) and without it (`sw` off). */
function bothWays(sw: Switch, data: Uint8Array, opts: DecodeOptions, generic: DecodeOptions = opts) {
  sw(true);
  const fast = JSON.stringify(decodePacket(data, opts));
  sw(false);
  const slow = JSON.stringify(decodePacket(data, generic));
  sw(true);
  return { fast, slow };
}
/** ... with the generated walkers and with the generic one only */
const both = (data: Uint8Array, opts: DecodeOptions, generic?: DecodeOptions) => bothWays(useCompiledWalkers, data, opts, generic);

afterEach(() => { useCompiledWalkers(true); useCompiledMessages(true); });

/** Every capture, and valid and hostile generated messages, decode the same both ways. */
function sameBothWays(sw: Switch, seed: number): void {
  it.each(CAPTURES)('%s', async (path) => {
    // one session per side: generic netlink learns family ids from the capture as it goes
    const s1 = new Session(), s2 = new Session();
    let compared = 0;
    for (const p of await packetsOf(path)) {
      const opts = { protocol: p.protocol, direction: p.direction === 'to-kernel' ? 'to-kernel' : 'to-user' } as const;
      const { fast, slow } = bothWays(sw, p.data, { ...opts, session: s1 }, { ...opts, session: s2 });
      expect(fast, `${path} frame ${p.frame}`).toBe(slow);
      compared++;
    }
    expect(compared).toBeGreaterThan(0);
  });

  for (const family of ['route', 'sock_diag', 'netfilter', 'generic']) {
    it(`valid and hostile ${family} messages`, () => {
      const types = messageTypes(family).filter((t) => t !== 'RTM_NEWNDUSEROPT');
      const valid = validBytesArb(family, { types, maxMessages: 3 });
      fc.assert(fc.property(fc.oneof(valid, hostileArb(valid)), (v) => {
        const { fast, slow } = bothWays(sw, v.bytes, { protocol: v.protocol, direction: v.direction });
        expect(fast).toBe(slow);
      }), { numRuns: 300, seed });
    }, 60_000);
  }
}

describe('generated walkers decode as the generic walker does', () => {
  sameBothWays(useCompiledWalkers, 20261125);

  it('real packets with bytes changed decode the same both ways', async () => {
    const packets = (await Promise.all(CAPTURES.map(packetsOf))).flat().filter((p) => p.data.length >= 20 && p.protocol !== 15);
    fc.assert(fc.property(fc.nat(packets.length - 1), fc.array(fc.tuple(fc.nat(), fc.nat(255)), { minLength: 1, maxLength: 4 }), (i, edits) => {
      const p = packets[i]!;
      const data = p.data.slice();
      for (const [at, v] of edits) data[16 + (at % (data.length - 16))] = v; // past the first header: its attributes change
      const { fast, slow } = both(data, { protocol: p.protocol, direction: p.direction === 'to-kernel' ? 'to-kernel' : 'to-user' });
      expect(fast).toBe(slow);
    }), { numRuns: 2000, seed: 7 });
  });

  it('the generic walker takes over mid-set: extra NULs, a repeat, an unknown type, odd padding, a bad length', () => {
    // RTM_NEWLINK: ifinfomsg, then IFLA_IFNAME "e0" with four NULs, IFLA_MTU (4) twice, an
    // unknown type 0x3ff0, IFLA_PRIORITY (13) of 1 byte with padding that is not zero, and an
    // attribute that claims more bytes than are left
    const parts: number[] = [10, 0, 3, 0, 0x65, 0x30, 0, 0, 0, 0, 0, 0];
    for (const [type, v] of [[4, 1500], [4, 9000], [0x3ff0, 7]]) {
      const a = new Uint8Array(8);
      const dv = new DataView(a.buffer);
      dv.setUint16(0, 8, true); dv.setUint16(2, type!, true); dv.setUint32(4, v!, true);
      parts.push(...a);
    }
    parts.push(5, 0, 0x0d, 0, 1, 0xff, 0xff, 0xff);
    parts.push(20, 0, 4, 0);
    const body = new Uint8Array(16 + 16 + parts.length);
    const dv = new DataView(body.buffer);
    dv.setUint32(0, body.length, true); dv.setUint16(4, 16, true);
    body.set(parts, 32);
    const { fast, slow } = both(body, { protocol: 0, direction: 'to-user' });
    expect(fast).toBe(slow);
    const d = JSON.parse(fast) as { messages: Array<Record<string, unknown>>; problems: Array<{ code: string }> };
    expect(d.messages[0]!.IFLA_IFNAME).toBe('e0');
    expect(d.messages[0]!['IFLA_IFNAME@']).toEqual({ nul: 4 });
    expect(d.messages[0]!.IFLA_MTU).toBe(1500);
    expect(d.messages[0]!['IFLA_MTU~2']).toBe(9000);
    expect(d.problems.map((p) => p.code)).toContain('nla-len-overrun');
  });
  it('attribute padding of 1, 2 and 3 bytes: zero, or one byte of it not zero (each in turn), and values that end in 0xff', () => {
    // RTM_NEWLINK: IFLA_IFNAME "e0" (7 bytes: 1 of padding), IFLA_QDISC "q" (6: 2), IFLA_CARRIER 0xff
    // (5: 3). The walker reads the padding as the top bytes of the word it ends: each pad byte
    // alone must send the set to the generic walker (its `NAME@` details), a value byte must not
    const msg = encodePacket([{ header: { type: 'RTM_NEWLINK', flags: [], seq: 1, pid: 0 }, ifi_family: 'AF_UNSPEC', IFLA_IFNAME: 'e0', IFLA_QDISC: 'q', IFLA_CARRIER: 255 }], { protocol: 0, direction: 'to-user' });
    const attrs = padded(msg, 32);
    expect(attrs.map((a) => [a.type, a.len])).toEqual([[3, 7], [6, 6], [33, 5]]);
    const plain = both(msg, { protocol: 0, direction: 'to-user' });
    expect(plain.fast).toBe(plain.slow);
    expect(JSON.parse(plain.fast).messages[0]).toMatchObject({ IFLA_IFNAME: 'e0', IFLA_QDISC: 'q', IFLA_CARRIER: 255 });
    expect(plain.fast).not.toContain('@"');
    let cases = 0;
    for (const a of attrs) {
      for (let k = a.at + a.len; k < a.at + ((a.len + 3) & ~3); k++) {
        const data = msg.slice();
        data[k] = 0x80;
        const { fast, slow } = both(data, { protocol: 0, direction: 'to-user' });
        expect(fast, `type ${a.type}, pad byte ${k - a.at - a.len}`).toBe(slow);
        expect(fast, `type ${a.type}, pad byte ${k - a.at - a.len}`).toContain('@"');
        cases++;
      }
    }
    expect(cases).toBe(6);
  });

  it('a nest whose thunk gives another set than it gave when the walker was made: objects of that set, plain', () => {
    // the generated walker makes the nest's objects with the maker of the set its thunk gave at
    // compile time, and asks roomyObject for any other
    const A = attrs('TEST_A', [[1, 'TEST_A_U32', 'u32']]);
    const B = attrs('TEST_B', [[1, 'TEST_B_U32', 'u32'], [2, 'TEST_B_STR', 'string']]);
    let current = A;
    const TOP = attrs('TEST_TOP', [[1, 'TEST_NEST', () => current], [2, 'TEST_KIND', 'string']]);
    const id = 30;
    registerProtocol(protocol({ id, name: 'NETLINK_TEST30', short: 'test30' }, [
      { type: 16, name: 'TEST_MSG', op: 'other', body: struct('test30msg', [['family', 'u8'], ['pad', 'u8'], ['pad2', 'u16']]), attrs: TOP },
    ]));
    const attr = (type: number, payload: number[]) => { const n = 4 + payload.length; return [n & 255, n >> 8, type, 0, ...payload, ...Array(((n + 3) & ~3) - n).fill(0)]; };
    const body = [7, 0, 0, 0, ...attr(1, [...attr(1, [5, 0, 0, 0]), ...attr(2, [104, 105, 0])]), ...attr(2, [120, 0])];
    const len = 16 + body.length;
    const data = new Uint8Array([len & 255, len >> 8, 0, 0, 16, 0, 2, 0, 1, 0, 0, 0, 0, 0, 0, 0, ...body]);
    const seen = new Set<string>();
    for (let i = 0; i < 12; i++) {
      current = i % 3 === 2 ? B : A; // A when the walker is made (the first decode)
      useCompiledWalkers(true);
      const m = decodePacket(data, { protocol: id, direction: 'to-user' }).messages[0]!;
      const nest = m.TEST_NEST as Record<string, unknown>;
      expect(Object.getPrototypeOf(nest)).toBe(Object.prototype);
      expect(Object.getOwnPropertySymbols(nest)).toEqual([]);
      seen.add(JSON.stringify(nest));
      const { fast, slow } = both(data, { protocol: id, direction: 'to-user' });
      expect(fast).toBe(slow);
    }
    // both sets were met: TEST_A's u32 and then bytes it does not know; TEST_B's u32 and text
    expect(seen.size).toBe(2);
    expect([...seen].some((t) => t.includes('"TEST_B_STR":"hi"'))).toBe(true);
  });

  it('deferred values: in wire order when they come out of declaration order, and across a hand-over', () => {
    // RTM_NEWROUTE AF_INET: RTA_ENCAP (22, an MPLS nest chosen by RTA_ENCAP_TYPE that follows),
    // RTA_ENCAP_TYPE (21) = LWTUNNEL_ENCAP_MPLS, then RTA_DST (1): two selectors, the later-declared
    // first. Then the same with an unknown attribute at the end, which hands the set over.
    const attr = (type: number, value: number[]) => {
      const len = 4 + value.length;
      const out = [len & 0xff, len >> 8, type & 0xff, type >> 8, ...value];
      while (out.length % 4) out.push(0);
      return out;
    };
    const encap = attr(22, attr(1, [0, 0x01, 0x41, 0x00])); // MPLS_IPTUNNEL_DST: label 20, bottom of stack
    const packet = (tail: number[]) => {
      const parts = [2, 32, 0, 0, 254, 4, 0, 1, 0, 0, 0, 0, ...encap, ...attr(21, [1, 0]), ...attr(1, [10, 0, 0, 1]), ...tail];
      const m = new Uint8Array(16 + parts.length);
      const dv = new DataView(m.buffer);
      dv.setUint32(0, m.length, true); dv.setUint16(4, 24, true);
      m.set(parts, 16);
      return m;
    };
    for (const tail of [[], attr(0x3ff0, [1, 2, 3, 4])]) {
      const { fast, slow } = both(packet(tail), { protocol: 0, direction: 'to-user' });
      expect(fast).toBe(slow);
      const m = (JSON.parse(fast) as { messages: Array<Record<string, unknown>> }).messages[0]!;
      expect(m.RTA_DST).toBe('10.0.0.1');
      expect(m.RTA_ENCAP_TYPE).toBe('LWTUNNEL_ENCAP_MPLS');
      expect(typeof m.RTA_ENCAP).toBe('object');
      expect(Object.keys(m).filter((k) => k.startsWith('RTA_'))).toEqual(['RTA_ENCAP', 'RTA_ENCAP_TYPE', 'RTA_DST']);
    }
  });
});

/** The attributes of the message in `data` from byte `from` (offset, length, type). */
function padded(data: Uint8Array, from: number): Array<{ at: number; len: number; type: number }> {
  const dv = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const out: Array<{ at: number; len: number; type: number }> = [];
  for (let at = from; at + 4 <= data.length;) {
    const len = dv.getUint16(at, true);
    out.push({ at, len, type: dv.getUint16(at + 2, true) });
    at += (len + 3) & ~3;
  }
  return out;
}

const bothMessages = (data: Uint8Array, opts: DecodeOptions) => bothWays(useCompiledMessages, data, opts);

describe('generated message decoders (src/codec/message-compiled.ts) decode as decodeMessage does', () => {
  sameBothWays(useCompiledMessages, 20261127);

  it('real packets with header and body bytes changed (lengths, types, flags, padding) decode the same both ways', async () => {
    const packets = (await Promise.all(CAPTURES.map(packetsOf))).flat().filter((p) => p.data.length >= 20 && p.protocol !== 15);
    fc.assert(fc.property(fc.nat(packets.length - 1), fc.array(fc.tuple(fc.nat(), fc.nat(255)), { minLength: 1, maxLength: 4 }), (i, edits) => {
      const p = packets[i]!;
      const data = p.data.slice();
      // the first 40 bytes most of the time: nlmsghdr and the family header
      for (const [at, v] of edits) data[at % 3 === 0 ? at % data.length : at % Math.min(40, data.length)] = v;
      const { fast, slow } = bothMessages(data, { protocol: p.protocol, direction: p.direction === 'to-kernel' ? 'to-kernel' : 'to-user' });
      expect(fast).toBe(slow);
    }), { numRuns: 2000, seed: 11 });
  });

  it('a message of a declared type: its header cut, nlmsg_len past the packet, a short body, padding that is not zero, zeros to the end', () => {
    // RTM_NEWLINK (16) with ifinfomsg and IFLA_MTU, then variants of it
    const msg = encodePacket([{ header: { type: 'RTM_NEWLINK', flags: ['NLM_F_MULTI'], seq: 9, pid: 1 }, ifi_family: 'AF_UNSPEC', ifi_index: 3, IFLA_MTU: 1500 }], { protocol: 0, direction: 'to-user' });
    const set32 = (d: Uint8Array, at: number, v: number) => new DataView(d.buffer, d.byteOffset).setUint32(at, v, true);
    const variants: Array<[string, Uint8Array]> = [['as sent', msg]];
    { const d = msg.slice(); set32(d, 0, msg.length + 4); variants.push(['nlmsg_len past the packet', d]); }
    { const d = msg.slice(); set32(d, 0, 12); variants.push(['nlmsg_len under a header', d]); }
    { const d = msg.slice(0, 24); set32(d, 0, 24); variants.push(['a body shorter than ifinfomsg', d]); }
    { const d = new Uint8Array(msg.length + 8); d.set(msg); variants.push(['zeros to the end', d]); }
    { const d = new Uint8Array(msg.length * 2 + 4); d.set(msg); d.set(msg, msg.length + 4); d[msg.length + 1] = 7; variants.push(['padding that is not zero between two', d]); }
    { const d = new Uint8Array(msg.length + 10); d.set(msg); set32(d, msg.length, 16); d[msg.length + 4] = 16; variants.push(['a cut header after it', d]); }
    for (const [what, data] of variants) {
      const { fast, slow } = bothMessages(data, { protocol: 0, direction: 'to-user' });
      expect(fast, what).toBe(slow);
      expect(JSON.parse(fast).messages[0].header.type, what).toBe('RTM_NEWLINK');
    }
  });
});
