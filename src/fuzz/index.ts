// The fuzzing kit: fast-check arbitraries derived from codecs/, hostile mutators, corpora, harness.
export {
  messageArb, packetArb, dumpArb, validBytesArb, encodeGen, messageTypes, structArb, intArb, replyType, json64,
  type GenOptions, type GenPacket,
} from './arbitraries.js';
export { hostileArb, RULES, type Hostile, type Rule, type ValidBytes } from './hostile.js';
export { corpus, execFuzz, runOnce, failed, type CorpusItem, type CrashKind, type ExecReport } from './corpus.js';
export { deciders, kindStrings } from './dictionary.js';
