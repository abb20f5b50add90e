// The text view renders struct values straight from their bytes (DecodeOptions.views, generated
// renderers in src/render/text.ts). Its text must be the text of the decoded objects, and a view
// that ends up in JSON must give the decoded object: every capture, generated and hostile packets.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decodeCaptured } from '../src/stream/messages.js';
import { decodePacket } from '../src/codec/message.js';
import { StructView, compiledOf, type Compiled } from '../src/codec/struct.js';
import { writeJson } from '../src/render/json.js';
import { TextSink } from '../src/wire/text-sink.js';
import { fileURLToPath } from 'node:url';
import { collectStructs } from './c-layout.js';
import { renderFrame, viewRenderer } from '../src/render/text.js';
import { Session } from '../src/codec/session.js';
import { CAPTURES, familyPacketArb, packetsOf, viewLayoutsOf } from './helpers.js';


describe('struct views render as the decoded structs do', () => {
  it.each(CAPTURES)('%s', async (path) => {
    const s1 = new Session(), s2 = new Session();
    let views = 0;
    for (const p of await packetsOf(path)) {
      const plain = decodeCaptured(p, false, s1);
      const viewed = decodeCaptured(p, false, s2, true);
      expect(renderFrame(viewed), `${path} frame ${p.frame}`).toBe(renderFrame(plain));
      expect(JSON.stringify(viewed.messages)).toBe(JSON.stringify(plain.messages));
      for (const m of viewed.messages) for (const v of Object.values(m)) if (v instanceof StructView) views++;
    }
    if (path.includes('sockets') || path.includes('rec-link')) expect(views).toBeGreaterThan(0);
  });

  for (const family of ['route', 'sock_diag']) {
    it(`valid and hostile ${family} messages`, () => {
      fc.assert(fc.property(familyPacketArb(family), (p) => {
        const a = renderFrame(decodeCaptured(p, false, undefined, true)).split('\n'), b = renderFrame(decodeCaptured(p, false)).split('\n');
        expect(a).toEqual(b);
      }), { numRuns: 300, seed: 77 });
    }, 60_000);
  }

  it('a view is the bytes of a whole struct; anything short or long is decoded as before', async () => {
    const p = (await packetsOf('captures/rec-sockets.pcap')).find((x) => x.direction === 'to-user' && x.data.length > 400)!;
    const d = decodePacket(p.data, { protocol: p.protocol, direction: 'to-user', views: true });
    const info = d.messages.map((m) => m.INET_DIAG_INFO).find((v) => v !== undefined);
    expect(info).toBeInstanceOf(StructView);
    expect((info as StructView).toJSON()).toEqual(decodePacket(p.data, { protocol: p.protocol, direction: 'to-user' }).messages.map((m) => m.INET_DIAG_INFO).find((v) => v !== undefined));
  });

  it('every struct view of the captures has a generated renderer (no fallback to the decoded object)', async () => {
    const layouts = await viewLayoutsOf(['captures/rec-sockets.pcap', 'captures/rec-link.pcap']);
    expect([...layouts.keys()]).toEqual(expect.arrayContaining(['tcp_info', 'rtnl_link_stats64', 'ipv6_devconf']));
    for (const [name, c] of layouts) for (const depth of [1, 3, 5]) expect(viewRenderer(c, depth), name).toBeInstanceOf(Function);
  });
});

describe('the Frame line', () => {
  // written piece by piece (renderFrameInto); this is what it says, as one template
  const expected = (p: { frame: number; data: Uint8Array; truncated: boolean; origLen: number; sec: number; nsec: number; direction: string }, protocol: string) => {
    const ns = String(p.nsec);
    const frac = p.nsec < 1e9 ? ns.padStart(9, '0') : ns;
    return `Frame ${p.frame}: ${p.data.length} bytes${p.truncated ? ` (of ${p.origLen})` : ''}, ${new Date(p.sec * 1000).toISOString().slice(0, 19)}.${frac}, ${p.direction}, ${protocol}`;
  };

  it('frame number, length, truncation, timestamp to the nanosecond, direction, protocol', () => {
    fc.assert(fc.property(
      fc.integer({ min: 1, max: 2 ** 32 }), fc.integer({ min: 0, max: 2 ** 32 - 1 }),
      // a pcap's microseconds may say more than a second (a broken file): written as they are
      fc.oneof(fc.integer({ min: 0, max: 999_999_999 }), fc.constantFrom(0, 1, 9, 10, 100_000_000, 999_999_999, 1_000_000_000, 4_294_967_295_000)),
      fc.boolean(), fc.constantFrom('to-kernel', 'to-user', 'unknown'),
      (frame, sec, nsec, truncated, direction) => {
        const data = new Uint8Array([20, 0, 0, 0, 3, 0, 2, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]); // NLMSG_DONE
        const p = { frame, sec, nsec, linktype: 253, protocol: 0, direction, pkttype: -1, data, origLen: truncated ? 4000 : 20, truncated, interfaceId: 0, problems: [] } as Parameters<typeof decodeCaptured>[0];
        const first = renderFrame(decodeCaptured(p)).split('\n')[0];
        expect(first).toBe(expected(p, 'NETLINK_ROUTE'));
      }), { numRuns: 500, seed: 11 });
  });
});

describe('every layout, any bytes: its generated writers give the decoded struct', () => {
  // runs of plain integer fields are written from a table (layout-writer.ts), the rest a call
  // per field: values at every edge (all ones: 2^32-1, u64s past 2^53) go through both paths
  it('text at two depths and JSON', async () => {
    const structs = await collectStructs(fileURLToPath(new URL('../codecs', import.meta.url)), fileURLToPath(new URL('..', import.meta.url)));
    const layouts = structs.map((s) => compiledOf(s.decl)).filter((c): c is Compiled => c !== null && c.size > 0);
    expect(layouts.length).toBeGreaterThan(50);
    const packet = { frame: 1, sec: 0, nsec: 0, linktype: 253, protocol: 0, direction: 'to-user', pkttype: 6, data: new Uint8Array(0), origLen: 0, truncated: false, interfaceId: 0, problems: [] };
    const text = (v: unknown) => renderFrame({ packet, messages: [{ index: 0, s: v, nest: { s: v } }] } as unknown as Parameters<typeof renderFrame>[0]);
    const bytesArb = (size: number) => fc.oneof(
      fc.uint8Array({ minLength: size, maxLength: size }),
      fc.constantFrom(0x00, 0x01, 0x09, 0x7f, 0x80, 0xff).map((x) => new Uint8Array(size).fill(x)),
    );
    let checked = 0;
    for (const c of layouts) {
      fc.assert(fc.property(bytesArb(c.size), (bytes) => {
        const b = new Uint8Array(bytes.length + 8); // at an odd offset: reads take the offset they are given
        b.set(bytes, 3);
        const dv = new DataView(b.buffer);
        const view = new StructView(c, b, dv, 3);
        const decoded = c.decode(b, dv, 3, undefined);
        expect(text(view), c.decl.name).toBe(text(decoded));
        const out = new TextSink(1);
        writeJson(out, view);
        expect(out.toString(), c.decl.name).toBe(JSON.stringify(decoded));
        checked++;
      }), { numRuns: 20, seed: 5 });
    }
    expect(checked).toBe(layouts.length * 20);
  });
});
