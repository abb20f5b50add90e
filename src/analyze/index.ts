// Library API of the capture analyzer:
//
//   const a = analyzeCapture('capture.pcap');
//   for await (const item of a) { ... }        // transactions, notifications, orphan answers, as they complete
//   const summary = a.summary!;                  // after the loop (or: await a.run())
//
// Streaming: memory is bounded by the transactions still open.
import { readCaptureBatches } from '../capture/reader.js';
import type { ByteSource } from '../capture/input.js';
import { decodeCapturedParts, PART_MESSAGES } from '../stream/messages.js';
import { Session } from '../codec/session.js';
import { Analyzer, type AnalyzeOptions } from './analyzer.js';
import type { AnalysisItem, Summary, Transaction } from './types.js';

export type { AnalyzeOptions } from './analyzer.js';
export { Analyzer } from './analyzer.js';
export * from './types.js';

export interface Progress { bytes: number; packets: number }

export interface CaptureAnalysisOptions extends AnalyzeOptions {
  /** called every few hundred packets with the (approximate) bytes of the file read so far */
  onProgress?: (p: Progress) => void;
  /** called with the open-transaction count after every packet (memory checks) */
  onState?: (open: number) => void;
  /** generic netlink family ids known before the capture starts (`--genl-family`); learns from the capture */
  session?: Session;
}

export class CaptureAnalysis implements AsyncIterable<AnalysisItem> {
  /** The summary: set when the iteration has ended. */
  summary?: Summary;
  readonly analyzer: Analyzer;
  private started = false;

  private readonly session: Session;

  constructor(private readonly source: ByteSource, private readonly opts: CaptureAnalysisOptions = {}) {
    // the decoder and the analyzer share what the capture says (generic netlink family ids)
    this.session = opts.session ?? new Session();
    this.analyzer = new Analyzer({ ...opts, session: this.session });
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<AnalysisItem> {
    if (this.started) throw new Error('a CaptureAnalysis can be iterated once');
    this.started = true;
    const a = this.analyzer;
    const out: AnalysisItem[] = [];
    let format: 'pcap' | 'pcapng' = 'pcap';
    let bytes = 24;
    let packets = 0;
    const session = this.session;
    // packets are decoded into JSON (no views) and dropped before the next is read: the
    // chunks can be reused (nothing given out holds the capture's bytes). A batch of packets at
    // a time: no async step per packet.
    for await (const batch of readCaptureBatches(this.source, { reuseChunks: true })) for (const ev of batch) {
      if (ev.kind === 'info') {
        format = ev.info.format;
        const c = a.summary.s.capture;
        c.format ??= format;
        for (const l of ev.info.linktypes) if (!c.linktypes.includes(l)) c.linktypes.push(l);
        continue;
      }
      if (ev.kind === 'problem') {
        a.summary.problem(ev.problem.message, ev.fatal);
        continue;
      }
      const p = ev.packet;
      packets++;
      bytes += format === 'pcap' ? 32 + p.data.length : 32 + ((16 + p.data.length + 3) & ~3);
      a.packet(p.frame, p.sec + p.nsec / 1e9, p.data.length, p.truncated, out);
      // in parts: a packet of 800,000 tiny messages need not be 800,000 objects at once
      for (const f of decodeCapturedParts(p, false, session, false, PART_MESSAGES)) {
        for (const m of f.messages) a.message(m, p.protocol, out);
        if (out.length > PART_MESSAGES) { yield* out; out.length = 0; }
      }
      this.opts.onState?.(a.openCount);
      if (this.opts.onProgress && packets % 256 === 0) this.opts.onProgress({ bytes, packets });
      if (out.length) { yield* out; out.length = 0; }
    }
    this.summary = a.finish(out);
    this.opts.onProgress?.({ bytes, packets });
    yield* out;
  }

  /** Only the transactions (requests with their answers). */
  async *transactions(): AsyncGenerator<Transaction> {
    for await (const it of this) if (it.kind === 'transaction') yield it;
  }

  /** Runs the whole analysis; returns the summary. */
  async run(onItem?: (it: AnalysisItem) => void | Promise<void>): Promise<Summary> {
    for await (const it of this) if (onItem) await onItem(it);
    return this.summary!;
  }
}

export function analyzeCapture(source: ByteSource, opts: CaptureAnalysisOptions = {}): CaptureAnalysis {
  return new CaptureAnalysis(source, opts);
}
