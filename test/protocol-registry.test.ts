// Protocols load one at a time for the decode command (start-up time). What it loads must be
// what the full set declares, and a capture decoded in a process that imported no codecs must
// come out as it does with all of them loaded.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { PROTOCOLS } from '../codecs/index.js';
import { KNOWN_PROTOCOLS, loadProtocol, protocolById, protocolId, protocolNames } from '../codecs/registry.js';
import { decodeCapture } from '../src/stream/messages.js';
import { writeJson } from '../src/render/json.js';
import { TextSink } from '../src/wire/text-sink.js';

describe('protocol registry', () => {
  it('lists every protocol of codecs/index.ts, by the number and short name each declares', () => {
    expect(KNOWN_PROTOCOLS.map((p) => [p.name, p.id, p.short])).toEqual(PROTOCOLS.map((p) => [p.name, p.id, p.short]));
    // each protocol's module takes its number and short name from the registry: declared once
    expect(PROTOCOLS.map((p) => [p.id, p.short])).toEqual([[0, 'route'], [4, 'sock_diag'], [16, 'genl'], [12, 'netfilter'], [6, 'xfrm'], [9, 'audit'], [11, 'connector'], [15, 'uevent']]);
    expect(protocolNames('NETLINK_ROUTE')).toEqual({ id: 0, name: 'NETLINK_ROUTE', short: 'route' });
    expect(() => protocolNames('NETLINK_FIREWALL')).toThrow('NETLINK_FIREWALL is not a protocol of codecs/registry.ts');
    for (const p of PROTOCOLS) {
      expect(protocolById(p.id)).toBe(p);
      expect(protocolId(p.short)).toBe(p.id);
      expect(protocolId(p.name)).toBe(p.id);
    }
    expect(loadProtocol(0)).toBeUndefined(); // loaded: nothing to wait for
    expect(loadProtocol(31)).toBeUndefined(); // no codecs: generic decoding
  });

  it('decoding with a protocol\'s codecs not loaded is an error that says so, not a silent generic decode', () => {
    const script = `
      const { decodePacket } = await import(${JSON.stringify(join(process.cwd(), 'src/codec/message.ts'))});
      decodePacket(new Uint8Array(20), { protocol: 4, direction: 'to-user' });`;
    const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('the codecs of NETLINK_SOCK_DIAG are not loaded: import nlscope\'s entry (or codecs/index.js), or await loadProtocol(4) first');
  });

  it('a process that imported no codecs decodes a capture of several protocols as with all loaded', async () => {
    // rec-other holds connector, uevent and xfrm messages; rec-genl generic netlink and route
    for (const file of ['captures/rec-other.pcap', 'captures/rec-genl.pcap', 'captures/sockdiag.pcap']) {
      const script = `
        const { decodeCapture } = await import(${JSON.stringify(join(process.cwd(), 'src/stream/messages.ts'))});
        const { writeJson } = await import(${JSON.stringify(join(process.cwd(), 'src/render/json.ts'))});
        const { TextSink } = await import(${JSON.stringify(join(process.cwd(), 'src/wire/text-sink.ts'))});
        const sink = new TextSink(1 << 16);
        for await (const ev of decodeCapture(${JSON.stringify(file)})) if (ev.kind === 'frame') for (const m of ev.frame.messages) { writeJson(sink, m); sink.byte(10); }
        process.stdout.write(sink.toString());`;
      const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', maxBuffer: 1 << 28 });
      expect(r.status, r.stderr).toBe(0);
      const sink = new TextSink(1 << 16);
      for await (const ev of decodeCapture(file)) if (ev.kind === 'frame') for (const m of ev.frame.messages) { writeJson(sink, m); sink.byte(10); }
      const all = sink.toString();
      expect(all).not.toMatch(/"type":\d/); // every message type named: the codecs were there
      expect(r.stdout, file).toBe(all);
      // the decode command loads them the same way
      const cli = spawnSync(process.execPath, [join(process.cwd(), 'src/cli/bin.mjs'), 'decode', file, '--format', 'jsonl'], { encoding: 'utf8', maxBuffer: 1 << 28 });
      expect(cli.stdout, file).toBe(all);
    }
  });
});
