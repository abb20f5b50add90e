// Capture file I/O for nlmon captures: read pcap / pcapng as a stream, write pcap / pcapng.
export * from './types.js';
export { readCapture, readCaptureAll, readCaptureBatches, MAX_PCAP_RECORD, MAX_PCAPNG_BLOCK, type ReadOptions, type CaptureContents } from './reader.js';
export { CaptureWriter, encodeCapture, encodeHeader, encodePacket, formatOfPath, type WriterOptions } from './writer.js';
export type { ByteSource } from './input.js';
