// Reproducible corpora (same seed, same bytes) and the external-program harness.
import fc, { type Arbitrary } from 'fast-check';
import { spawn } from 'node:child_process';
import type { PacketToWrite } from '../capture/types.js';
import { encodeGen, messageArb, messageTypes, packetArb, resolveProtocol, type GenOptions } from './arbitraries.js';
import { hostileArb, type Hostile } from './hostile.js';
import type { Json } from '../codec/struct.js';

export interface CorpusItem {
  packet: PacketToWrite;
  /** message type (the declared types are cycled through in order) */
  type: string;
  /** the generated message (valid corpora) */
  message?: Json;
  /** the broken rule (hostile corpora) */
  rule?: string;
  detail?: string;
}

/** Seed of item i: a fixed mix of the corpus seed and the index. */
function itemSeed(seed: number, i: number): number {
  let h = (seed ^ 0x9e3779b9) >>> 0;
  h = Math.imul(h ^ (i + 0x7f4a7c15), 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) | 0;
}

/** `count` packets of one message each, cycling through every declared type (then NLMSG_ERROR, NLMSG_DONE). */
export function* corpus(opts: { family: string | number; count: number; seed: number; hostile?: boolean; gen?: GenOptions }): Generator<CorpusItem> {
  const proto = resolveProtocol(opts.family);
  const types = messageTypes(proto);
  for (let i = 0; i < opts.count; i++) {
    const type = types[i % types.length]!;
    const seed = itemSeed(opts.seed, i);
    const [m] = fc.sample(messageArb(proto, type, opts.gen), { seed, numRuns: 1 });
    const direction = m!.direction as 'to-kernel' | 'to-user';
    const time = { sec: 1700000000 + Math.floor(i / 1000), nsec: (i % 1000) * 1000000 };
    const data = encodeGen({ protocol: proto.id, direction, messages: [m!] });
    if (!opts.hostile) {
      yield { packet: { ...time, protocol: proto.id, direction, data }, type, message: m };
      continue;
    }
    const [h] = fc.sample(hostileArb(fc.constant({ bytes: data, protocol: proto.id, direction })), { seed, numRuns: 1 });
    yield { packet: { ...time, protocol: proto.id, direction, data: h!.bytes }, type, rule: h!.rule, detail: h!.detail };
  }
}

export type CrashKind = 'signal' | 'nonzero' | number[];

export interface ExecResult { code: number | null; signal: string | null; timedOut: boolean; stderr: string }

/** Runs `cmd` (through /bin/sh) with `input` on stdin. */
export function runOnce(cmd: string, input: Uint8Array, timeoutMs: number): Promise<ExecResult> {
  return new Promise((resolve) => {
    const child = spawn('/bin/sh', ['-c', cmd], { stdio: ['pipe', 'ignore', 'pipe'], detached: true });
    let stderr = '';
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try { process.kill(-child.pid!, 'SIGKILL'); } catch { /* gone */ }
    }, timeoutMs);
    child.stderr.on('data', (d: Buffer) => { if (stderr.length < 4000) stderr += d.toString(); });
    child.stdin.on('error', () => { /* the program did not read its input */ });
    child.stdin.end(Buffer.from(input));
    child.on('error', (e) => { clearTimeout(timer); resolve({ code: 127, signal: null, timedOut, stderr: e.message }); });
    child.on('close', (code, signal) => { clearTimeout(timer); resolve({ code, signal, timedOut, stderr }); });
  });
}

/** Did the program crash or hang, by the kinds asked for? Signals always count. */
export function failed(r: ExecResult, crashOn: CrashKind): string | undefined {
  if (r.timedOut) return 'hang (timeout)';
  if (r.signal) return `killed by ${r.signal}`;
  if (r.code === null || r.code === 0) return undefined;
  if (crashOn === 'nonzero') return `exit ${r.code}`;
  if (Array.isArray(crashOn) && crashOn.includes(r.code)) return `exit ${r.code}`;
  return undefined;
}

export interface ExecReport {
  runs: number;
  failure?: { reason: string; bytes: Uint8Array; direction: string; protocol: number; rule?: string; detail?: string; stderr: string; shrinks: number };
}

/** Feeds generated packets (or hostile variants) to `cmd`; on a crash or hang, shrinks to a minimal input. */
export async function execFuzz(opts: { cmd: string; family: string | number; count: number; seed: number; hostile?: boolean; timeoutMs: number; crashOn: CrashKind; shrink?: boolean }): Promise<ExecReport> {
  const proto = resolveProtocol(opts.family);
  const valid = packetArb(proto, { maxMessages: 3 }).map((p) => ({ bytes: encodeGen(p), protocol: p.protocol, direction: p.direction }));
  const arb: Arbitrary<{ bytes: Uint8Array; protocol: number; direction: 'to-kernel' | 'to-user'; rule?: string; detail?: string }> =
    opts.hostile ? hostileArb(valid) as Arbitrary<Hostile> : valid;
  let last: { reason: string; stderr: string } | undefined;
  const details = await fc.check(fc.asyncProperty(arb, async (input) => {
    const r = await runOnce(opts.cmd, input.bytes, opts.timeoutMs);
    const reason = failed(r, opts.crashOn);
    if (reason) last = { reason, stderr: r.stderr };
    return reason === undefined;
  }), { numRuns: opts.count, seed: opts.seed, endOnFailure: opts.shrink === false });
  if (!details.failed || !details.counterexample) return { runs: details.numRuns };
  const x = details.counterexample[0];
  // re-run the minimal input for its own reason
  const r = await runOnce(opts.cmd, x.bytes, opts.timeoutMs);
  return {
    runs: details.numRuns,
    failure: {
      reason: failed(r, opts.crashOn) ?? last?.reason ?? 'failed', bytes: x.bytes, direction: x.direction, protocol: x.protocol,
      rule: x.rule, detail: x.detail, stderr: r.stderr || last?.stderr || '', shrinks: details.numShrinks,
    },
  };
}
