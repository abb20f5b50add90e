// The WebAssembly run writer (run-writer.wat) and the memory it writes in. A run of integer
// fields of a struct (putRun in src/render/layout-writer.ts: plain, shown by name, bitfield
// members) is most of the text and JSON of a socket dump: per field a key of ~25 bytes and a
// few digits or a name. The same loop compiled from WebAssembly took half the time of
// TurboFan's code for it (tcp_info's 90 fields, in one process, on the bench VM), since it
// stores 8 bytes of key at a time with no bounds checks and writes two digits per division.
// A name's text is JavaScript's (the table's `other`), kept per value in the module's memory
// the first time JavaScript writes it.
//
// It writes only into its own memory, so the output goes there too: an output buffer (the
// CLI's, through `wasmBuffer`) is a view of it. A struct's bytes are read in place when the
// packet is in it too, else copied into a scratch area first. Everything else (another sink,
// WebAssembly missing, the tables full) takes the JavaScript path, which gives the same bytes.
//
// The memory is made on first use, not as the module loads: the start-up snapshot cannot hold
// WebAssembly objects.
import { RUN_WRITER_WASM } from './run-writer-bytes.js';

/** A run's table in the module's memory. */
export interface WasmRun {
  /** its entries: [offset, kind, key address, key length, texts' table] as 5 i32s each */
  readonly entries: number;
  readonly end: number;
  /** the most it writes, for TextSink.ensure */
  readonly room: number;
  /** the bytes of the struct it reads: [first, span) */
  readonly first: number;
  readonly span: number;
  readonly mode: number;
}

/** The integer kinds of a run's fields, as the codes of its table (the low 4 bits of an
 *  entry's kind), which the .wat and putRun (src/render/layout-writer.ts) both read, each as
 *  READ (src/codec/struct.ts) has the generated code read it. */
export const RUN_KIND: Readonly<Record<string, number>> = { u8: 1, u16: 2, u32: 3, be16: 4, be32: 5, u64: 6, s8: 7, s16: 8, s32: 9 };
/** bytes of each RUN_KIND */
const RUN_SIZE = [0, 1, 2, 4, 2, 4, 8, 1, 2, 4];
/** An entry's kind past its integer's: shown by name (a NamedField's), and a bitfield member
 *  (its shift at bit 8 and width at bit 16: the value is `(unit >>> shift) & (2 ** width - 1)`,
 *  as struct.ts reads a member). */
export const NAMED = 16, BITS = 32;

/** Modes of the run function: a newline after each field (text); a u64 of 2^53 or more in
 *  quotes (JSON, where a JavaScript number cannot hold it and the decoder gives a string). */
export const NEWLINE = 1, QUOTE_BIG = 2;

/** Per field at most: a sign or a quote, 20 digits, a quote, a newline. */
const VALUE_ROOM = 24;
/** The longest text of a value shown by name that the module writes (longer ones, a flags
 *  value with many names, JavaScript writes); the 8 past it, the overhang of its last word. */
const NAMED_ROOM = 256 + 8;
const ENTRY = 20;
/** Slots of a table of texts of a field shown by name: twice the values layout-writer.ts keeps
 *  per field (256), so a probe always ends at an empty slot. */
const MEMO_SLOTS = 512, SLOT = 12;

// The memory's map (256 pages of 64 KiB, as the .wat declares; untouched pages take no memory):
/** the bytes of a packet that is not in this memory, copied here a window at a time for the
 *  runs of its structs */
const SCRATCH = 0, SCRATCH_SIZE = 1 << 16;
/** a window's usual size: a few messages of a dump, not the rest of a large packet of one */
const WINDOW = 4096;
/** "00" to "99", the module's data (the .wat's data segment) */
const DIGIT_PAIRS = 1 << 16;
/** where a run that stopped at a value it has no text of puts that entry's address (the .wat's) */
const STOP = DIGIT_PAIRS + 248;
/** keys, entries and the texts of named values, allocated as layouts are first written and
 *  values first met, never freed (a few KiB a layout, 6 KiB a field shown by name) */
const TABLES = DIGIT_PAIRS + 256, TABLES_END = 4 << 20;
/** buffers given out by wasmBuffer (the CLI's output, the capture reader's chunks) */
const REGIONS = 4 << 20, REGIONS_END = 256 << 16;

interface Module {
  readonly memory: ArrayBuffer;
  readonly u8: Uint8Array;
  readonly i32: Int32Array;
  readonly run: (entries: number, end: number, src: number, out: number, mode: number) => number;
  /** next free byte of TABLES */
  top: number;
  /** next free byte of REGIONS */
  regions: number;
  /** the regions given out (address: size), and those given back */
  readonly given: Map<number, number>;
  readonly spare: Map<number, number>;
}

let mod: Module | null | undefined;

/** The instance, made on first call; null where WebAssembly is not available (--jitless). */
function module(): Module | null {
  if (mod !== undefined) return mod;
  try {
    const instance = new WebAssembly.Instance(new WebAssembly.Module(Buffer.from(RUN_WRITER_WASM, 'base64')), {});
    const memory = (instance.exports.memory as WebAssembly.Memory).buffer;
    mod = {
      memory, u8: new Uint8Array(memory), i32: new Int32Array(memory),
      run: instance.exports.run as Module['run'], top: TABLES, regions: REGIONS, given: new Map(), spare: new Map(),
    };
  } catch {
    mod = null;
  }
  return mod;
}

/** A buffer of `size` bytes in the module's memory, until releaseWasmBuffer (an output
 *  buffer, a reader's chunk used in turn); undefined when there is none (no WebAssembly, or its
 *  memory all given out). */
export function wasmBuffer(size: number): Buffer | undefined {
  const m = module();
  if (!m) return undefined;
  for (const [at, n] of m.spare) {
    if (n < size) continue;
    m.spare.delete(at);
    return Buffer.from(m.memory, at, size);
  }
  if (size > REGIONS_END - m.regions) return undefined;
  const at = m.regions, n = (size + 7) & ~7;
  m.regions += n;
  m.given.set(at, n);
  return Buffer.from(m.memory, at, size);
}

/** A buffer of wasmBuffer given back, for a later wasmBuffer (anything else: nothing). */
export function releaseWasmBuffer(b: Uint8Array): void {
  const n = mod?.given.get(b.byteOffset);
  if (n !== undefined && b.buffer === mod!.memory) mod!.spare.set(b.byteOffset, n);
}

/** Table space: n bytes, 8-aligned; -1 when full. */
function alloc(m: Module, n: number): number {
  const at = m.top;
  if (at + n > TABLES_END) return -1;
  m.top = at + ((n + 7) & ~7);
  return at;
}

/** Key addresses per field table (its keys copied once, whichever runs use them). */
const KEYS = new WeakMap<object, Int32Array>();

/**
 * The table of a run ([offset, kind, key, named field] entries, as putRun reads them) of a
 * struct whose keys are `words` (each key's bytes zero-padded to 8-byte words: key i is
 * words[starts[i]] up to words[starts[i + 1]], lengths[i] bytes); `memoOf` gives the texts' table (wasmMemo) of a named field.
 * Undefined when it cannot be made.
 */
export function wasmRun(table: { readonly words: Float64Array; readonly starts: Int32Array; readonly lengths: Int32Array },
  run: Int32Array, mode: number, memoOf: (named: number) => number): WasmRun | undefined {
  const m = module();
  if (!m) return undefined;
  let keys = KEYS.get(table);
  if (!keys) {
    const addrs = new Int32Array(table.lengths.length).fill(-1);
    const bytes = new Uint8Array(table.words.buffer, table.words.byteOffset, table.words.byteLength);
    for (let i = 0; i < addrs.length; i++) {
      const from = table.starts[i]! * 8, to = table.starts[i + 1]! * 8;
      // an empty key still gets a word: the writer stores at least one
      const at = alloc(m, Math.max(to - from, 8));
      if (at < 0) return undefined;
      m.u8.set(bytes.subarray(from, to), at);
      addrs[i] = at;
    }
    KEYS.set(table, keys = addrs);
  }
  const n = run.length / 4;
  const entries = alloc(m, n * ENTRY);
  if (entries < 0) return undefined;
  let room = 0, first = Infinity, span = 0;
  for (let j = 0; j < n; j++) {
    const [offset, kind, key, named] = run.subarray(4 * j, 4 * j + 4);
    const memo = named! >= 0 ? memoOf(named!) : 0;
    if (named! >= 0 && memo === 0) return undefined;
    m.i32.set([offset!, kind!, keys[key!]!, table.lengths[key!]!, memo], (entries + j * ENTRY) >> 2);
    room += table.lengths[key!]! + (named! >= 0 ? NAMED_ROOM : VALUE_ROOM);
    first = Math.min(first, offset!);
    span = Math.max(span, offset! + RUN_SIZE[kind! & 15]!);
  }
  if (span - first > SCRATCH_SIZE) return undefined;
  return { entries, end: entries + n * ENTRY, room: room + 8, first, span, mode };
}

/** A table of texts for a field shown by name; 0 when there is no room for one. */
export function wasmMemo(): number {
  const m = module();
  const at = m ? alloc(m, MEMO_SLOTS * SLOT) : -1;
  return at < 0 ? 0 : at;
}

/** The text of `raw` (its bytes as a piece's words) into a table of wasmMemo, for the module to
 *  write from then on; a text too long for its room, or no room left for it, is not kept. */
export function wasmMemoSet(memo: number, raw: number, text: { readonly words: Float64Array; readonly length: number }): void {
  const m = mod!;
  if (text.length === 0 || text.length > NAMED_ROOM - 8) return;
  const at = alloc(m, text.length);
  if (at < 0) return;
  m.u8.set(new Uint8Array(text.words.buffer, text.words.byteOffset, text.length), at);
  // the .wat's probe: the value's 32 bits times 0x9e3779b1, the top 9 bits, then the next slot
  for (let slot = Math.imul(raw | 0, 0x9e3779b1) >>> 23; ; slot = (slot + 1) & (MEMO_SLOTS - 1)) {
    const p = (memo + slot * SLOT) >> 2;
    if (m.i32[p + 2] === 0) { m.i32[p] = raw | 0; m.i32[p + 1] = at; m.i32[p + 2] = text.length; return; }
    if (m.i32[p] === (raw | 0)) return;
  }
}

/** The sink a run writes into: its buffer and position (a TextSink). */
interface Sink { buf: Buffer; pos: number; ensure(n: number): void }

// The last sink buffer and packet view met, with where they are in the memory (-1: not in it).
// Reading `.buffer` of a typed array or DataView took ~40 ns each in TurboFan's code, four
// times a wasm call; a buffer and a view are the same for many runs.
let lastBuf: Uint8Array | undefined, lastBufAt = -1;
let lastView: DataView | undefined, lastViewAt = -1;
/** the window of lastView copied to SCRATCH, [winLo, winHi) of its bytes (empty: none) */
let winLo = 0, winHi = 0;

/**
 * Writes a run of the struct at `off` in dv into out, when out's buffer is in the module's
 * memory (room made first); returns how many of its entries it wrote: all, those before a value
 * shown by name it has no text of yet, or none when out's buffer is not in the memory.
 */
export function writeRun(out: Sink, dv: DataView, off: number, w: WasmRun): number {
  out.ensure(w.room);
  const m = mod!; // a WasmRun exists only with the module
  const buf = out.buf;
  if (buf !== lastBuf) {
    lastBuf = buf;
    lastBufAt = buf.buffer === m.memory ? buf.byteOffset : -1;
  }
  if (lastBufAt < 0) return 0;
  if (dv !== lastView) {
    lastView = dv;
    lastViewAt = dv.buffer === m.memory ? dv.byteOffset : -1;
    winLo = winHi = 0;
  }
  let src: number;
  if (lastViewAt >= 0) src = lastViewAt + off;
  else {
    // The packet's bytes from this run on, a window of them: the runs after it (its struct's,
    // the next messages') find theirs there. A copy per run made a view of the run's bytes each
    // time (~1,600 instructions a message of a socket dump). A view is made per packet
    // (render/direct.ts, a decode's context), so a view met again holds the same bytes.
    const lo = off + w.first, hi = off + w.span;
    if (lo < winLo || hi > winHi) {
      winLo = lo;
      winHi = Math.min(dv.byteLength, Math.max(hi, lo + WINDOW));
      m.u8.set(new Uint8Array(dv.buffer, dv.byteOffset + winLo, winHi - winLo), SCRATCH);
    }
    // the writer adds each field's offset to src in 32-bit arithmetic, so src below 0 still
    // lands in SCRATCH
    src = SCRATCH - winLo + off;
  }
  out.pos = m.run(w.entries, w.end, src, lastBufAt + out.pos, w.mode) - lastBufAt;
  const stop = m.i32[STOP >> 2]!;
  return ((stop === 0 ? w.end : stop) - w.entries) / ENTRY;
}
