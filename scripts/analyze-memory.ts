// Memory of the analyzer: a capture replicated N times (seq numbers and time shifted),
// analyzed in a fresh process each time; prints peak RSS, heap and open transactions.
//   npx tsx scripts/analyze-memory.ts [CAPTURE] [TIMES...]
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readCaptureAll } from '../src/capture/reader.js';
import { encodeHeader, encodePacket } from '../src/capture/writer.js';
import { analyzeCapture } from '../src/analyze/index.js';
import { replicatePackets } from '../src/capture/replicate.js';


async function replicate(src: string, times: number, out: string): Promise<void> {
  const { packets } = await readCaptureAll(src);
  const ws = createWriteStream(out);
  ws.write(encodeHeader('pcap'));
  for (const p of replicatePackets(packets, times)) {
    if (!ws.write(encodePacket(p, 'pcap'))) await once(ws, 'drain');
  }
  ws.end();
  await once(ws, 'finish');
}

if (process.argv[2] === '--child') {
  const file = process.argv[3];
  let maxOpen = 0;
  let peakRss = 0, peakHeap = 0, peakLive = 0, n = 0;
  const gc = (globalThis as { gc?: () => void }).gc;
  const sample = () => { const m = process.memoryUsage(); peakRss = Math.max(peakRss, m.rss); peakHeap = Math.max(peakHeap, m.heapUsed); };
  // live heap after a full collection, every 20000 packets: what the analysis really keeps
  const live = () => { if (gc) { gc(); peakLive = Math.max(peakLive, process.memoryUsage().heapUsed); } };
  const t = Date.now();
  const s = await analyzeCapture(file, { onState: (o) => { if (o > maxOpen) maxOpen = o; if (++n % 500 === 0) sample(); if (n % 20000 === 0) live(); } }).run();
  sample();
  live();
  process.stdout.write(JSON.stringify({ messages: s.totals.messages, transactions: s.totals.transactions, maxOpen, peakRssMiB: +(peakRss / 2 ** 20).toFixed(1), peakHeapMiB: +(peakHeap / 2 ** 20).toFixed(1), liveHeapMiB: +(peakLive / 2 ** 20).toFixed(1), seconds: (Date.now() - t) / 1000 }) + '\n');
} else {
  const src = process.argv[2] ?? 'captures/route-dump.pcap';
  const times = process.argv.length > 3 ? process.argv.slice(3).map(Number) : [1, 10, 100, 1000];
  const dir = mkdtempSync(join(tmpdir(), 'nlscope-mem-'));
  try {
    console.log(`capture ${src}`);
    console.log('times  file MiB  messages  transactions  maxOpen  peak RSS MiB  peak heap MiB  live heap MiB  seconds');
    for (const k of times) {
      const f = join(dir, `x${k}.pcap`);
      await replicate(src, k, f);
      const out = execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', import.meta.filename, '--child', f], { encoding: 'utf8' });
      const r = JSON.parse(out);
      console.log(`${String(k).padStart(5)}  ${(statSync(f).size / 2 ** 20).toFixed(1).padStart(8)}  ${String(r.messages).padStart(8)}  ${String(r.transactions).padStart(12)}  ${String(r.maxOpen).padStart(7)}  ${String(r.peakRssMiB).padStart(12)}  ${String(r.peakHeapMiB).padStart(13)}  ${String(r.liveHeapMiB).padStart(13)}  ${String(r.seconds).padStart(7)}`);
      rmSync(f);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
