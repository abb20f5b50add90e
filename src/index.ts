// nlscope as a library: the codec, capture I/O, the analyzer, the fuzzing kit.
// (The live client and the CLI are reached through their own modules.)
export { decodePacket, decodePacketSlice, encodePacket, encodeMessage, type DecodeOptions, type DecodedPacket, type EncodeOptions } from './codec/message.js';
export { walkHeaders } from './codec/headers.js';
export { Session } from './codec/session.js';
export { StructView, type Json } from './codec/struct.js';
export type { Problem, Span } from './codec/context.js';
export { JsonValueError } from './codec/ints.js';
export * as schema from './codec/schema.js';
export { PROTOCOLS, protocolById, protocolId, protocolName } from '../codecs/index.js';
export { decodeCapture, decodeCaptureBatches, decodeCaptured, decodeCapturedParts, type DecodedFrame, type FrameEvent } from './stream/messages.js';
export * from './capture/index.js';
export { analyzeCapture, CaptureAnalysis, type CaptureAnalysisOptions } from './analyze/index.js';
export { renderFrame } from './render/text.js';
export { writeJson } from './render/json.js';
export { TextSink } from './wire/text-sink.js';
