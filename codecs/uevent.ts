// NETLINK_KOBJECT_UEVENT: not nlmsghdr-framed. A packet is one event, NUL-separated strings:
//  - from the kernel (group 1): "ACTION@DEVPATH\0ACTION=add\0DEVPATH=...\0SUBSYSTEM=...\0SEQNUM=..\0"
//    (lib/kobject_uevent.c)
//  - from udevd to libudev listeners (group 2): "libudev\0", the rest of struct
//    monitor_netlink_header (systemd, sd-device/device-monitor.c), then the properties.
// JSON: {action, devpath, env: {KEY: "value", ...}} or {prefix: "libudev", magic, ..., env};
// env is a list of "KEY=VALUE" strings when an object cannot keep the exact bytes and order
// (repeated keys, strings without '=', keys JavaScript would reorder).
import { enumOf, struct, type Direction, type PacketCodec, type ProtocolDecl, type StructDecl } from '../src/codec/schema.js';
import { decodeStruct, encodeStruct, type Json } from '../src/codec/struct.js';
import { JsonValueError } from '../src/codec/ints.js';
import { decodeCtx, type Problem, type Tracer } from '../src/codec/context.js';
import { decodeUtf8, encodeUtf8, fromHex, toHex } from '../src/wire/bytes.js';
import { Writer } from '../src/wire/writer.js';
import { protocolNames, registerProtocol } from './registry.js';

/** Multicast groups (lib/kobject_uevent.c, libudev). */
export const UEVENT_GROUP = enumOf('UEVENT_GROUP', { UEVENT_GROUP_KERNEL: 1, UEVENT_GROUP_UDEV: 2 });

/** libudev's header; magic and the filter hashes are in network order (socket filters read them). */
export const monitor_netlink_header: StructDecl = struct('monitor_netlink_header', [
  ['prefix', 'string', { size: 8 }], // "libudev"
  ['magic', 'be32'], // UDEV_MONITOR_MAGIC 0xfeedcafe
  ['header_size', 'u32'],
  ['properties_off', 'u32'],
  ['properties_len', 'u32'],
  ['filter_subsystem_hash', 'be32'],
  ['filter_devtype_hash', 'be32'],
  ['filter_tag_bloom_hi', 'be32'],
  ['filter_tag_bloom_lo', 'be32'],
]);

const HEADER_SIZE = monitor_netlink_header.size;
const LIBUDEV_PREFIX = [0x6c, 0x69, 0x62, 0x75, 0x64, 0x65, 0x76, 0x00]; // "libudev\0"

// ---------------------------------------------------------------- strings

/** NUL-separated strings of [s, e); undefined when not UTF-8. `terminated`: the last ends in NUL. */
function splitStrings(b: Uint8Array, s: number, e: number): { strings: string[]; terminated: boolean } | undefined {
  const strings: string[] = [];
  let p = s;
  while (p < e) {
    let n = p;
    while (n < e && b[n] !== 0) n++;
    const text = decodeUtf8(b, p, n);
    if (text === undefined) return undefined;
    strings.push(text);
    p = n + 1;
  }
  return { strings, terminated: e === s || b[e - 1] === 0 };
}

/** Keys an object keeps in insertion order and as own data (not array indexes, not __proto__). */
const ORDERED_KEY = /^(?!__proto__$)(?!(0|[1-9]\d*)$)[^=]+$/;

/** "KEY=VALUE" strings as an object when that keeps them exactly, else the list. */
function envOf(strings: readonly string[]): Json | string[] {
  const env: Json = {};
  for (const s of strings) {
    const eq = s.indexOf('=');
    const key = eq > 0 ? s.slice(0, eq) : '';
    if (!ORDERED_KEY.test(key) || Object.hasOwn(env, key)) return [...strings];
    env[key] = s.slice(eq + 1);
  }
  return env;
}

function envStrings(env: unknown, path: string): string[] {
  if (env === undefined) return [];
  if (Array.isArray(env)) return env.map((x) => String(x));
  if (env && typeof env === 'object') return Object.entries(env as Json).map(([k, v]) => `${k}=${String(v)}`);
  throw new JsonValueError(`${path}: env must be an object or a list of strings`);
}

function writeStrings(w: Writer, strings: readonly string[], terminated: boolean): void {
  strings.forEach((s, i) => {
    w.bytes(encodeUtf8(s));
    if (i < strings.length - 1 || terminated) w.u8(0);
  });
}

// ---------------------------------------------------------------- decode

/** The byte map of NUL-separated strings in [s, e): each string with its NUL. `first` names
 *  the first string (the kernel's ACTION@DEVPATH); the rest are env entries by key. */
function traceStrings(trace: Tracer, b: Uint8Array, s: number, e: number, first?: string): void {
  let i = 0;
  for (let p = s; p < e; i++) {
    let n = p;
    while (n < e && b[n] !== 0) n++;
    const text = decodeUtf8(b, p, n) ?? toHex(b, p, n);
    const eq = text.indexOf('=');
    const path = i === 0 && first ? first : `env.${eq > 0 ? text.slice(0, eq) : `[${i}]`}`;
    // the string with its NUL, as a NUL-terminated attribute string is shown
    trace.leaf(p, Math.min(n + 1, e) - p, `uevent.${path}`, 'field', text, undefined, 'string');
    p = n + 1;
  }
}

function isLibudev(b: Uint8Array): boolean {
  return b.length >= LIBUDEV_PREFIX.length && LIBUDEV_PREFIX.every((c, i) => b[i] === c);
}

function decodeKernel(b: Uint8Array, trace?: Tracer): Json {
  const split = splitStrings(b, 0, b.length);
  if (!split) {
    trace?.leaf(0, b.length, 'uevent', 'raw', toHex(b));
    return { '@raw': toHex(b) };
  }
  const obj: Json = {};
  let strings = split.strings;
  const first = strings[0];
  const at = first === undefined ? -1 : first.indexOf('@');
  if (at >= 0) {
    obj.action = first!.slice(0, at);
    obj.devpath = first!.slice(at + 1);
    strings = strings.slice(1);
  }
  obj.env = envOf(strings);
  if (!split.terminated) obj['@unterminated'] = true;
  if (trace) {
    trace.open(0, 'uevent', 'message');
    traceStrings(trace, b, 0, b.length, at >= 0 ? 'action@devpath' : undefined);
    trace.close(b.length);
  }
  return obj;
}

function decodeLibudev(b: Uint8Array, direction: Direction, problems: Problem[], trace?: Tracer): Json {
  trace?.open(0, 'uevent', 'message');
  const obj = decodeLibudevBody(b, direction, problems, trace);
  trace?.close(b.length);
  return obj;
}

function decodeLibudevBody(b: Uint8Array, direction: Direction, problems: Problem[], trace?: Tracer): Json {
  const ctx = decodeCtx(b, new DataView(b.buffer, b.byteOffset, b.byteLength), problems, direction, trace, undefined, undefined);
  const region = Math.min(HEADER_SIZE, b.length);
  const obj = decodeStruct(monitor_netlink_header, ctx, 0, region, HEADER_SIZE, monitor_netlink_header.name);
  if (region < HEADER_SIZE) {
    problems.push({ code: 'libudev-short', offset: 0, path: 'monitor_netlink_header', message: `${b.length} bytes, the header takes ${HEADER_SIZE}` });
    return obj;
  }
  const off = obj.properties_off as number;
  const len = obj.properties_len as number;
  const props = off >= HEADER_SIZE && off + len <= b.length ? splitStrings(b, off, off + len) : undefined;
  if (!props) {
    if (off < HEADER_SIZE || off + len > b.length) {
      problems.push({ code: 'libudev-properties', offset: 12, path: 'monitor_netlink_header.properties_off', message: `properties at ${off}+${len} of a ${b.length}-byte packet` });
    }
    if (b.length > HEADER_SIZE) obj['@payload'] = toHex(b, HEADER_SIZE);
    trace?.leaf(HEADER_SIZE, b.length - HEADER_SIZE, 'uevent.payload', 'raw', obj['@payload']);
    return obj;
  }
  if (off > HEADER_SIZE) obj['@gap'] = toHex(b, HEADER_SIZE, off);
  obj.env = envOf(props.strings);
  if (!props.terminated) obj['@unterminated'] = true;
  if (off + len < b.length) obj['@trailing'] = toHex(b, off + len);
  if (trace) {
    trace.leaf(HEADER_SIZE, off - HEADER_SIZE, 'uevent.gap', 'raw', obj['@gap']);
    traceStrings(trace, b, off, off + len);
    trace.leaf(off + len, b.length - off - len, 'uevent.trailing', 'raw', obj['@trailing']);
  }
  return obj;
}

// ---------------------------------------------------------------- encode

function hexOf(v: unknown, what: string): Uint8Array {
  const b = fromHex(String(v));
  if (!b) throw new JsonValueError(`${what}: ${JSON.stringify(v)} is not hex`);
  return b;
}

function encodeOne(obj: Json, w: Writer): void {
  if (typeof obj['@raw'] === 'string') { w.bytes(hexOf(obj['@raw'], '@raw')); return; }
  const terminated = obj['@unterminated'] !== true;
  if (obj.prefix !== undefined || obj.magic !== undefined) {
    const gap = obj['@gap'] === undefined ? new Uint8Array(0) : hexOf(obj['@gap'], '@gap');
    const props = new Writer(256);
    if (typeof obj['@payload'] !== 'string') writeStrings(props, envStrings(obj.env, 'env'), terminated);
    const propBytes = props.finish();
    // offset and length of the properties are recomputed (as nlmsg_len is), unless the header
    // was kept as it came: cut short, or not pointing at the properties
    const asDecoded = typeof obj['@payload'] === 'string' || obj['@len'] !== undefined || obj['@tail'] !== undefined;
    const header: Json = asDecoded ? obj : { ...obj, properties_off: HEADER_SIZE + gap.length, properties_len: propBytes.length };
    encodeStruct(monitor_netlink_header, { prefix: 'libudev', ...header }, w, HEADER_SIZE, monitor_netlink_header.name);
    if (typeof obj['@payload'] === 'string') { w.bytes(hexOf(obj['@payload'], '@payload')); return; }
    w.bytes(gap);
    w.bytes(propBytes);
    if (obj['@trailing'] !== undefined) w.bytes(hexOf(obj['@trailing'], '@trailing'));
    return;
  }
  const strings = envStrings(obj.env, 'env');
  if (obj.action !== undefined || obj.devpath !== undefined) strings.unshift(`${String(obj.action ?? '')}@${String(obj.devpath ?? '')}`);
  writeStrings(w, strings, terminated);
}

export const ueventPacket: PacketCodec = {
  decode(bytes, direction, trace) {
    const problems: Problem[] = [];
    let obj: Json;
    try {
      obj = isLibudev(bytes) ? decodeLibudev(bytes, direction, problems, trace) : decodeKernel(bytes, trace);
    } catch (err) {
      obj = { '@raw': toHex(bytes) };
      problems.push({ code: 'codec-error', offset: 0, path: 'uevent', message: String(err) });
    }
    return { messages: [obj], problems };
  },
  encode(messages) {
    const w = new Writer(512);
    for (const m of messages) encodeOne(m, w);
    return w.finish();
  },
};

export const KOBJECT_UEVENT: ProtocolDecl = {
  ...protocolNames('NETLINK_KOBJECT_UEVENT'),
  messages: new Map(), byName: new Map(), groups: UEVENT_GROUP,
  packet: ueventPacket,
};

registerProtocol(KOBJECT_UEVENT); // decodes by this protocol's number once this module is loaded
