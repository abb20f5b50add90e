// One pass over packets held in memory, with a built tree's dist/: the library's decode
// (decodePacket on every packet) or `nlscope decode`'s writer (render/direct.ts, text or JSON)
// into the CLI's sink. scripts/ab.ts times these passes for two builds; scripts/bench-instr.ts
// counts their instructions.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CapturedPacket } from '../src/capture/types.js';

export type PassMode = 'decode' | 'text' | 'json';

/** One pass: `counted` messages decoded (decode) or bytes written (text, json); `output` their
 *  JSON or text when `keep` (for comparing two builds), else ''. A fresh session per pass. */
export type Pass = (packets: readonly CapturedPacket[], keep: boolean) => { counted: number; output: string };

export async function loadPass(dist: string, mode: PassMode): Promise<Pass> {
  // without the package.json beside it ("type": "module"), node loads dist/ by detecting its
  // syntax, and compiles it otherwise: the counts of such a copy were 5-35% off
  if (!existsSync(join(dist, '..', 'package.json'))) throw new Error(`${dist}: no package.json beside it (copy the tree's, for "type": "module")`);
  const at = (rel: string) => import(pathToFileURL(join(dist, rel)).href);
  await at('codecs/index.js');
  const { Session } = await at('src/codec/session.js');
  if (mode === 'decode') {
    const { decodePacket } = await at('src/codec/message.js');
    return (packets, keep) => {
      const session = new Session();
      const out: unknown[] = [];
      let counted = 0;
      for (const p of packets) {
        const r = decodePacket(p.data, { protocol: p.protocol, direction: p.direction === 'to-user' ? 'to-user' : 'to-kernel', session });
        counted += r.messages.length;
        if (keep) out.push(r.messages, r.problems);
      }
      return { counted, output: keep ? JSON.stringify(out) : '' };
    };
  }
  const direct = await at('src/render/direct.js');
  await direct.loadFormat(mode);
  const { TextSink } = await at('src/wire/text-sink.js');
  const { wasmBuffer } = await at('src/wasm/run-writer.js');
  // the CLI's sink: in the WebAssembly writer's memory
  const sink = new TextSink(1 << 22, wasmBuffer(1 << 22));
  // and its packets there too, as the CLI's reader reads its chunks into that memory (the
  // writer reads a struct in place there; elsewhere it copies the bytes in first)
  const inMemory = new WeakMap<readonly CapturedPacket[], CapturedPacket[]>();
  const placed = (packets: readonly CapturedPacket[]): readonly CapturedPacket[] => {
    let moved = inMemory.get(packets);
    if (moved === undefined) {
      const bytes = packets.reduce((n, p) => n + p.data.length, 0);
      const region: Uint8Array | undefined = wasmBuffer(bytes);
      if (region === undefined) return packets;
      let at = 0;
      moved = packets.map((p) => {
        region.set(p.data, at);
        const data = region.subarray(at, at += p.data.length);
        return { ...p, data };
      });
      inMemory.set(packets, moved);
    }
    return moved;
  };
  return (given, keep) => {
    const packets = placed(given);
    const session = new Session();
    const list = { array: false, started: false };
    const parts: string[] = [];
    let counted = 0;
    for (const p of packets) {
      if (!direct.directPacket(p)) continue;
      if (mode === 'text') direct.writePacketText(sink, p, session);
      else direct.writePacketJson(sink, p, session, list);
      if (sink.pos > 1 << 21) { counted += sink.pos; if (keep) parts.push(sink.toString()); sink.pos = 0; }
    }
    counted += sink.pos;
    if (keep) parts.push(sink.toString());
    sink.pos = 0;
    return { counted, output: parts.join('') };
  };
}
