// Byte <-> text helpers shared by the codec and the renderers.

const HEX: string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

export function toHex(b: Uint8Array, start = 0, end = b.length): string {
  // Long runs through Buffer: one flat string in linear time (a `+=` rope of a megabyte is not).
  if (end - start > 32) return Buffer.from(b.buffer, b.byteOffset + start, end - start).toString('hex');
  let s = '';
  for (let i = start; i < end; i++) s += HEX[b[i]];
  return s;
}

/** Parses hex, tolerating separators (`:`, ` `, `-`) and a `0x` prefix. Returns undefined when not hex. */
export function fromHex(s: string): Uint8Array | undefined {
  const clean = s.replace(/^0x/i, '').replace(/[\s:-]/g, '');
  if (clean.length % 2 !== 0 || /[^0-9a-f]/i.test(clean)) return undefined;
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(clean.substr(i * 2, 2), 16);
  return out;
}

// The texts of recent addresses, direct-mapped by a hash of their bytes: a dump repeats a few
// addresses thousands of times, and a lookup costs far less than formatting (and makes no garbage).
const IP4_KEYS = new Int32Array(1024).fill(-1);
const IP4_TEXT: string[] = new Array<string>(1024).fill('');
const IP6_KEYS = new Int32Array(4 * 256);
const IP6_TEXT: Array<string | undefined> = new Array<string | undefined>(256).fill(undefined);

export function formatIp4(b: Uint8Array, o: number): string {
  const key = (b[o]! << 24 | b[o + 1]! << 16 | b[o + 2]! << 8 | b[o + 3]!) | 0;
  const h = (Math.imul(key, 0x9e3779b1) >>> 22);
  // -1 (255.255.255.255) is also the empty slot's mark: that address is formatted every time
  if (IP4_KEYS[h] === key && key !== -1) return IP4_TEXT[h]!;
  const text = `${b[o]}.${b[o + 1]}.${b[o + 2]}.${b[o + 3]}`;
  IP4_KEYS[h] = key;
  IP4_TEXT[h] = text;
  return text;
}

/** RFC 5952 text: lowercase, longest zero run (>= 2 groups) compressed, IPv4-mapped shown dotted. */
export function formatIp6(b: Uint8Array, o: number): string {
  const w0 = (b[o]! << 24 | b[o + 1]! << 16 | b[o + 2]! << 8 | b[o + 3]!) | 0;
  const w1 = (b[o + 4]! << 24 | b[o + 5]! << 16 | b[o + 6]! << 8 | b[o + 7]!) | 0;
  const w2 = (b[o + 8]! << 24 | b[o + 9]! << 16 | b[o + 10]! << 8 | b[o + 11]!) | 0;
  const w3 = (b[o + 12]! << 24 | b[o + 13]! << 16 | b[o + 14]! << 8 | b[o + 15]!) | 0;
  const h = Math.imul(w0 ^ Math.imul(w1, 31) ^ Math.imul(w2, 961) ^ Math.imul(w3, 29791), 0x9e3779b1) >>> 24;
  const k = h * 4;
  const hit = IP6_TEXT[h];
  if (hit !== undefined && IP6_KEYS[k] === w0 && IP6_KEYS[k + 1] === w1 && IP6_KEYS[k + 2] === w2 && IP6_KEYS[k + 3] === w3) return hit;
  const text = ip6Text(b, o);
  IP6_KEYS[k] = w0; IP6_KEYS[k + 1] = w1; IP6_KEYS[k + 2] = w2; IP6_KEYS[k + 3] = w3;
  IP6_TEXT[h] = text;
  return text;
}

function ip6Text(b: Uint8Array, o: number): string {
  const g: number[] = [];
  for (let i = 0; i < 8; i++) g.push((b[o + 2 * i] << 8) | b[o + 2 * i + 1]);
  if (g[0] === 0 && g[1] === 0 && g[2] === 0 && g[3] === 0 && g[4] === 0 && g[5] === 0xffff) {
    return `::ffff:${formatIp4(b, o + 12)}`;
  }
  let bestStart = -1, bestLen = 0;
  for (let i = 0; i < 8;) {
    if (g[i] !== 0) { i++; continue; }
    let j = i;
    while (j < 8 && g[j] === 0) j++;
    if (j - i > bestLen && j - i >= 2) { bestStart = i; bestLen = j - i; }
    i = j;
  }
  if (bestStart < 0) return g.map((x) => x.toString(16)).join(':');
  const head = g.slice(0, bestStart).map((x) => x.toString(16)).join(':');
  const tail = g.slice(bestStart + bestLen).map((x) => x.toString(16)).join(':');
  return `${head}::${tail}`;
}

export function parseIp4(s: string): Uint8Array | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(s);
  if (!m) return undefined;
  const out = new Uint8Array(4);
  for (let i = 0; i < 4; i++) {
    const v = Number(m[i + 1]);
    if (v > 255) return undefined;
    out[i] = v;
  }
  return out;
}

export function parseIp6(s: string): Uint8Array | undefined {
  let text = s;
  const out = new Uint8Array(16);
  let tail4: Uint8Array | undefined;
  const lastColon = text.lastIndexOf(':');
  if (lastColon >= 0 && text.indexOf('.', lastColon) > 0) {
    tail4 = parseIp4(text.slice(lastColon + 1));
    if (!tail4) return undefined;
    text = text.slice(0, lastColon + 1) + '0:0';
  }
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const parse = (part: string) => (part === '' ? [] : part.split(':'));
  const head = parse(halves[0]);
  const tail = halves.length === 2 ? parse(halves[1]) : [];
  const groups = head.length + tail.length;
  if (halves.length === 1 ? groups !== 8 : groups > 7) return undefined;
  const all = [...head, ...Array(8 - groups).fill('0'), ...tail];
  for (let i = 0; i < 8; i++) {
    if (!/^[0-9a-f]{1,4}$/i.test(all[i])) return undefined;
    const v = parseInt(all[i], 16);
    out[2 * i] = v >> 8;
    out[2 * i + 1] = v & 0xff;
  }
  if (tail4) out.set(tail4, 12);
  return out;
}

/** An address of either family, by its text. */
export function parseIp(s: string): Uint8Array | undefined {
  return s.includes(':') ? parseIp6(s) : parseIp4(s);
}

// 6-byte MACs (IFLA_ADDRESS, NDA_LLADDR, a bridge's ids) repeat as addresses do: their texts,
// direct-mapped by a hash of the bytes. Formatting one is eleven string concatenations (V8's
// StringAdd, a rope to flatten later): 5% of a route dump's decode went to them.
const MAC_HI = new Int32Array(256).fill(-1);
const MAC_LO = new Int32Array(256);
const MAC_TEXT: Array<string | undefined> = new Array<string | undefined>(256).fill(undefined);

export function formatMac(b: Uint8Array, start: number, end: number): string {
  if (end - start === 6) {
    const hi = b[start]! << 8 | b[start + 1]!;
    const lo = (b[start + 2]! << 24 | b[start + 3]! << 16 | b[start + 4]! << 8 | b[start + 5]!) | 0;
    const h = Math.imul(lo ^ Math.imul(hi, 0x85ebca6b), 0x9e3779b1) >>> 24;
    if (MAC_HI[h] === hi && MAC_LO[h] === lo) return MAC_TEXT[h]!;
    const text = `${HEX[b[start]!]}:${HEX[b[start + 1]!]}:${HEX[b[start + 2]!]}:${HEX[b[start + 3]!]}:${HEX[b[start + 4]!]}:${HEX[b[start + 5]!]}`;
    MAC_HI[h] = hi;
    MAC_LO[h] = lo;
    MAC_TEXT[h] = text;
    return text;
  }
  let s = '';
  for (let i = start; i < end; i++) s += (i > start ? ':' : '') + HEX[b[i]!];
  return s;
}

export function parseMac(s: string): Uint8Array | undefined {
  if (s === '') return new Uint8Array(0);
  const parts = s.split(':');
  if (!parts.every((p) => /^[0-9a-f]{1,2}$/i.test(p))) return undefined;
  return Uint8Array.from(parts.map((p) => parseInt(p, 16)));
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const encoder = new TextEncoder();

/** Decodes UTF-8, or undefined when the bytes are not valid UTF-8. */
export function decodeUtf8(b: Uint8Array, start: number, end: number): string | undefined {
  return textOf(b, start, end, true);
}

/** decodeUtf8 of a C string's bytes before its terminator: undefined also when they hold a NUL.
 *  One pass where a scan for the NUL and then decodeUtf8 were two (a byte loop costs ~30
 *  instructions a byte). */
export function decodeCText(b: Uint8Array, start: number, end: number): string | undefined {
  return textOf(b, start, end, false);
}

function textOf(b: Uint8Array, start: number, end: number, nulOk: boolean): string | undefined {
  // ASCII fast path: most netlink strings are interface names and kinds (a NUL is not ASCII here)
  let ascii = true;
  let h = end - start;
  for (let i = start; i < end; i++) {
    const c = b[i]!;
    if (c > 0x7e || c < 0x20) { ascii = false; break; }
    h = Math.imul(h ^ c, 0x01000193);
  }
  if (!ascii) {
    const bytes = b.subarray(start, end);
    if (!nulOk && bytes.includes(0)) return undefined;
    try { return utf8.decode(bytes); } catch { return undefined; }
  }
  if (end - start > STR_MAX) return asciiText(b, start, end);
  // short texts repeat (a dump names the same congestion control or device thousands of
  // times): the text of recent ones, direct-mapped by a hash of their bytes
  const slot = (h >>> 24);
  const hit = STR_TEXT[slot];
  if (hit !== undefined && hit.length === end - start) {
    const k = slot * STR_MAX;
    let same = true;
    for (let i = 0; i < end - start; i++) if (STR_KEYS[k + i] !== b[start + i]) { same = false; break; }
    if (same) return hit;
  }
  const text = asciiText(b, start, end);
  STR_KEYS.set(b.subarray(start, end), slot * STR_MAX);
  STR_TEXT[slot] = text;
  return text;
}

/** Longest text the cache keeps (IFNAMSIZ is 16; kinds and congestion names are shorter). */
const STR_MAX = 32;
const STR_KEYS = new Uint8Array(256 * STR_MAX);
const STR_TEXT: Array<string | undefined> = new Array<string | undefined>(256).fill(undefined);

function asciiText(b: Uint8Array, start: number, end: number): string {
  let s = '';
  for (let i = start; i < end; i++) s += String.fromCharCode(b[i]!);
  return s;
}

export function encodeUtf8(s: string): Uint8Array {
  return encoder.encode(s);
}

/** Whether an attribute's padding, the 1-3 bytes from `end` (its value's end) to `next` (the
 *  4-byte boundary after it), holds a byte that is not zero. They are the high bytes of the word
 *  that `next` ends: one read, where a byte loop costs ~30 instructions a byte. */
export function padNotZero(dv: DataView, end: number, next: number): boolean {
  return next !== end && dv.getUint32(next - 4, true) >>> ((4 - (next - end)) << 3) !== 0;
}

export function allZero(b: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (b[i] !== 0) return false;
  return true;
}

