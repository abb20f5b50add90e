// The text view renders struct values straight from their bytes (DecodeOptions.views, generated
// renderers in src/render/text.ts). Its text must be the text of the decoded objects, and a view
// that ends up in JSON must give the decoded object: every capture, generated and hostile packets.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decodeCaptured } from '../src/stream/messages.js';
import { decodePacket } from '../src/codec/message.js';
import { StructView } from '../src/codec/struct.js';
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
