// The other protocols nlmon sees: NETLINK_AUDIT (9), NETLINK_XFRM (6), NETLINK_CONNECTOR (11)
// and NETLINK_KOBJECT_UEVENT (15, not nlmsghdr-framed). Hand-built and encoder-built packets
// decode to the kernel's names and come back byte for byte; generated messages and random bytes
// round-trip; the recorded captures agree with what the tools printed; live traffic of a
// throw-away network namespace decodes as the kernel's own sockets saw it.
import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { decodePacket, encodePacket, ENVELOPE_KEYS } from '../src/codec/message.js';
import { bodiesOf } from '../src/render/layout.js';
import type { Direction } from '../src/codec/schema.js';
import type { Json } from '../src/codec/struct.js';
import type { Span } from '../src/codec/context.js';
import { intFromJson } from '../src/codec/ints.js';
import { encodeGen, messageArb, messageTypes } from '../src/fuzz/index.js';
import { fromHex, parseIp6, toHex } from '../src/wire/bytes.js';
import type { CapturedPacket } from '../src/capture/types.js';
import { protocolById } from '../codecs/index.js';
import { NLMSG } from '../codecs/netlink.js';
import { AUDIT, AUDIT_FAIL, AUDIT_FEATURE, AUDIT_FEATURE_BITMAP, AUDIT_FIELD, AUDIT_FILTER, AUDIT_ACTION, AUDIT_RECORD_KERNEL, AUDIT_RECORD_USER, AUDIT_STATUS } from '../codecs/audit.js';
import { ueventPacket } from '../codecs/uevent.js';
import { makeNamespace, packetsOf, PYTHON } from './helpers.js';

const XFRM = 6, AUDIT_ID = 9, CONNECTOR = 11, UEVENT = 15;

// ---------------------------------------------------------------- helpers

/** Little builder of hand-made packets (host order = little-endian, as captured). */
class Bytes {
  private out: number[] = [];
  u8(v: number): this { this.out.push(v & 0xff); return this; }
  u16(v: number): this { return this.u8(v).u8(v >>> 8); }
  u32(v: number): this { return this.u16(v & 0xffff).u16(v >>> 16); }
  s32(v: number): this { return this.u32(v >>> 0); }
  be16(v: number): this { return this.u8(v >>> 8).u8(v); }
  be32(v: number): this { return this.be16(v >>> 16).be16(v & 0xffff); }
  u64(v: bigint): this { return this.u32(Number(v & 0xffffffffn)).u32(Number(v >> 32n)); }
  text(s: string): this { for (const b of new TextEncoder().encode(s)) this.u8(b); return this; }
  /** char[n], NUL padded */
  chars(s: string, n: number): this { const b = new TextEncoder().encode(s); this.raw(b).zeros(n - b.length); return this; }
  zeros(n: number): this { for (let i = 0; i < n; i++) this.u8(0); return this; }
  raw(b: ArrayLike<number>): this { for (let i = 0; i < b.length; i++) this.u8(b[i]!); return this; }
  /** xfrm_address_t / __be32[4] holding an IPv4 address */
  in4(s: string): this { s.split('.').forEach((x) => this.u8(Number(x))); return this.zeros(12); }
  in6(s: string): this { return this.raw(parseIp6(s)!); }
  get length(): number { return this.out.length; }
  done(): Uint8Array { return Uint8Array.from(this.out); }
}

/** nlmsghdr + payload, padded to 4 bytes; `len` overrides nlmsg_len (kauditd's short one). */
function nlmsg(type: number, flags: number, seq: number, pid: number, payload: Uint8Array, len = 16 + payload.length): Uint8Array {
  const b = new Bytes().u32(len).u16(type).u16(flags).u32(seq).u32(pid).raw(payload);
  while (b.length % 4) b.u8(0);
  return b.done();
}

function nlattr(type: number, payload: Uint8Array): Uint8Array {
  const b = new Bytes().u16(4 + payload.length).u16(type).raw(payload);
  while (b.length % 4) b.u8(0);
  return b.done();
}

const cat = (...parts: Uint8Array[]): Uint8Array => new Bytes().raw(parts.flatMap((p) => [...p])).done();

function decode(bytes: Uint8Array, protocol: number, direction: Direction = 'to-user') {
  return decodePacket(bytes, { protocol, direction });
}

/** decode -> JSON text -> encode, as `nlscope decode | nlscope encode` does. */
function roundTrip(bytes: Uint8Array, protocol: number, direction: Direction): string {
  const { messages } = decodePacket(bytes, { protocol, direction });
  return toHex(encodePacket(JSON.parse(JSON.stringify(messages)) as Json[], { protocol, direction }));
}

function only(bytes: Uint8Array, protocol: number, direction: Direction = 'to-user'): Json {
  const d = decode(bytes, protocol, direction);
  expect(d.problems).toEqual([]);
  expect(d.messages).toHaveLength(1);
  expect(roundTrip(bytes, protocol, direction)).toBe(toHex(bytes));
  return d.messages[0]!;
}

const hdr = (m: Json) => m.header as Json;
const dirOf = (p: CapturedPacket): Direction => (p.direction === 'to-user' ? 'to-user' : 'to-kernel');

/** Every key of a decoded tree that says "not understood": unknown attributes, raw bytes. */
function unnamed(v: unknown, path = ''): string[] {
  if (!v || typeof v !== 'object') return [];
  return Object.entries(v as Json).flatMap(([k, x]) =>
    [...(k.startsWith('#') || k === '@raw' || k === '@payload' ? [`${path}/${k}`] : []), ...unnamed(x, `${path}/${k}`)]);
}

/** INDEX.tsv rows of the recorders: command name -> capture, command line, frames. */
function recorded(name: string): { capture: string; command: string; frames: number[]; output: string } {
  const rows = readFileSync('captures/rec-tool-output/INDEX.tsv', 'utf8').split('\n').map((l) => l.split('\t'));
  const row = rows.find((r) => r[0] === name);
  if (!row) throw new Error(`INDEX.tsv has no ${name}`);
  const frames = (row[4] ?? '').split(',').filter(Boolean).flatMap((r) => {
    const [a, b] = r.split('-').map(Number);
    return Array.from({ length: (b ?? a!) - a! + 1 }, (_, i) => a! + i);
  });
  return { capture: `captures/${row[1]}`, command: row[3]!, frames, output: readFileSync(`captures/rec-tool-output/${name}.out`, 'utf8') };
}

async function framesOf(name: string): Promise<{ packets: CapturedPacket[]; messages: Json[]; output: string; command: string }> {
  const r = recorded(name);
  const all = await packetsOf(r.capture);
  const packets = all.filter((p) => r.frames.includes(p.frame));
  const messages = packets.flatMap((p) => decode(p.data, p.protocol, dirOf(p)).messages.map((m) => ({ ...m, direction: dirOf(p) })));
  return { packets, messages, output: r.output, command: r.command };
}

// ---------------------------------------------------------------- NETLINK_AUDIT

const AUDIT_GET = 1000, AUDIT_USER_AVC = 1107, NLM_F_REQUEST = 1, NLM_F_ACK = 4;
const statusBytes = (fields: number[]) => fields.reduce((b, v) => b.u32(v), new Bytes()).done();

describe('NETLINK_AUDIT', () => {
  it('an AUDIT_GET answer: struct audit_status by name, by the length present', () => {
    const full = [0, 1, 1, 4736, 0, 64, 3, 0, 0x7f, 15000, 0];
    const m = only(nlmsg(AUDIT_GET, 0, 1, 0, statusBytes(full)), AUDIT_ID);
    expect(hdr(m).type).toBe('AUDIT_GET');
    expect(m).toMatchObject({ enabled: 1, failure: 'AUDIT_FAIL_PRINTK', pid: 4736, backlog_limit: 64, lost: 3, backlog_wait_time: 15000, backlog_wait_time_actual: 0 });
    expect(m.feature_bitmap).toEqual(['AUDIT_FEATURE_BITMAP_BACKLOG_LIMIT', 'AUDIT_FEATURE_BITMAP_BACKLOG_WAIT_TIME', 'AUDIT_FEATURE_BITMAP_EXECUTABLE_PATH',
      'AUDIT_FEATURE_BITMAP_EXCLUDE_EXTEND', 'AUDIT_FEATURE_BITMAP_SESSIONID_FILTER', 'AUDIT_FEATURE_BITMAP_LOST_RESET', 'AUDIT_FEATURE_BITMAP_FILTER_FS']);
    // an older kernel's status (3.x: up to `version`) stops where its bytes do
    const old = only(nlmsg(AUDIT_GET, 0, 1, 0, statusBytes(full.slice(0, 9))), AUDIT_ID);
    expect(old.feature_bitmap).toBeDefined();
    expect(old.backlog_wait_time).toBeUndefined();
    // the request is empty: no struct
    expect(Object.keys(only(nlmsg(AUDIT_GET, NLM_F_REQUEST | NLM_F_ACK, 1, 0, new Uint8Array(0)), AUDIT_ID, 'to-kernel'))).toEqual(['header']);
  });

  it('AUDIT_SET built from JSON is the bytes auditctl-like clients send (the recorded request)', async () => {
    const { packets } = await framesOf('audit');
    const recordedSet = packets.find((p) => p.direction === 'to-kernel' && new DataView(p.data.buffer, p.data.byteOffset).getUint16(4, true) === 1001)!;
    const seq = new DataView(recordedSet.data.buffer, recordedSet.data.byteOffset).getUint32(8, true);
    const pid = new DataView(recordedSet.data.buffer, recordedSet.data.byteOffset).getUint32(16 + 12, true);
    const built = encodePacket([{ header: { type: 'AUDIT_SET', flags: ['NLM_F_REQUEST', 'NLM_F_ACK'], seq }, mask: ['AUDIT_STATUS_PID'], pid }],
      { protocol: AUDIT_ID, direction: 'to-kernel' });
    expect(toHex(built)).toBe(toHex(recordedSet.data));
  });

  it("kauditd's records to auditd: nlmsg_len without the header, one record per packet", () => {
    const text = "audit(1795625830.357:3): pid=4736 uid=0 auid=4294967295 ses=4294967295 msg='nlscope'";
    const payload = new Bytes().text(text).done();
    const unicast = new Bytes().u32(payload.length).u16(AUDIT_USER_AVC).u16(0).u32(0).u32(0).raw(payload).done(); // no padding either
    const m = only(unicast, AUDIT_ID);
    expect(hdr(m)).toMatchObject({ type: 'AUDIT_USER_AVC', len: payload.length });
    expect(m.text).toBe(text);
    // the multicast copy (AUDIT_NLGRP_READLOG) has the usual length: same record
    const multicast = only(nlmsg(AUDIT_USER_AVC, 0, 0, 0, payload), AUDIT_ID);
    expect(hdr(multicast).len).toBe(16 + payload.length);
    expect(multicast.text).toBe(text);
  });

  it('user space records carry their NUL; text that is not text stays hex', () => {
    const m = only(nlmsg(1112, NLM_F_REQUEST | NLM_F_ACK, 9, 0, new Bytes().text('op=login acct="root" res=success').u8(0).done()), AUDIT_ID, 'to-kernel');
    expect(hdr(m).type).toBe('AUDIT_USER_LOGIN');
    expect(m).toMatchObject({ text: 'op=login acct="root" res=success', 'text@': { nul: 1 } });
    const binary = only(nlmsg(1300, 0, 0, 0, Uint8Array.from([0x61, 0x00, 0x62, 0xff])), AUDIT_ID);
    expect(binary['@payload']).toBe('610062ff');
  });

  it('declares every record type of linux/audit.h and libaudit once', () => {
    const byType = new Map<number, string>();
    for (const [name, type] of Object.entries({ ...AUDIT_RECORD_KERNEL, ...AUDIT_RECORD_USER })) {
      expect(byType.get(type), `${name} and ${byType.get(type)} share ${type}`).toBeUndefined();
      byType.set(type, name);
      expect(AUDIT.messages.get(type)?.name).toBe(name);
      expect(AUDIT.messages.get(type)?.text).toBe('text');
    }
    expect(AUDIT.messages.get(1329)?.name).toBe('AUDIT_REPLACE'); // a pid, not text
  });

  it('random text records round-trip (with and without the kauditd length, any NUL count)', () => {
    const types = [...AUDIT.messages.values()].filter((m) => m.text === 'text');
    fc.assert(fc.property(
      fc.constantFrom(...types), fc.string({ unit: 'grapheme', minLength: 1, maxLength: 300 }).filter((s) => !s.includes('\0') && !s.startsWith('\uFEFF')),
      fc.integer({ min: 0, max: 3 }), fc.boolean(), fc.constantFrom<Direction>('to-kernel', 'to-user'),
      (decl, text, nul, short, direction) => {
        const payload = new Bytes().text(text).zeros(nul).done();
        const bytes = short && direction === 'to-user'
          ? new Bytes().u32(payload.length).u16(decl.type).u16(0).u32(1).u32(0).raw(payload).done()
          : nlmsg(decl.type, 0, 1, 0, payload);
        const d = decode(bytes, AUDIT_ID, direction);
        expect(d.problems).toEqual([]);
        expect(d.messages).toHaveLength(1);
        expect(hdr(d.messages[0]!).type).toBe(decl.name);
        expect(d.messages[0]!.text).toBe(text);
        expect(roundTrip(bytes, AUDIT_ID, direction)).toBe(toHex(bytes));
      }), { numRuns: 600 });
  });

  it(`generated messages of every declared type: decode(encode(m)) is m (${messageTypes('audit').length} types)`, () => {
    for (const t of messageTypes('audit')) {
      fc.assert(fc.property(messageArb('audit', t), (m) => {
        const direction = m.direction as Direction;
        const bytes = encodeGen({ protocol: AUDIT_ID, direction, messages: [m] });
        const d = decodePacket(bytes, { protocol: AUDIT_ID, direction, envelope: () => ({ direction, protocol: m.protocol }) });
        expect(d.problems).toEqual([]);
        expect(JSON.stringify(d.messages)).toBe(JSON.stringify([m]));
      }), { numRuns: 3, seed: 9 });
    }
  }, 60_000);

  it('captures/rec-audit.pcap agrees with what the client printed (audit.out), no problems, nothing unnamed', async () => {
    const { packets, output } = await framesOf('audit');
    expect(packets.length).toBeGreaterThan(20);
    const lines = output.trim().split('\n').map((l) => /^(\S+): type=(\d+) nlmsg_len=(\d+) bytes=(\d+) ?(\w+(?:-\w+)?)? ?(.*)$/.exec(l)!);
    const answers = packets.filter((p) => p.direction === 'to-user');
    expect(answers).toHaveLength(lines.length);
    const typeNumber = (m: Json) => (NLMSG.byName.get(String(hdr(m).type)) ?? AUDIT.byName.get(String(hdr(m).type))?.type);
    answers.forEach((p, i) => {
      const [, , type, len, bytes, what, rest] = lines[i]!;
      const d = decode(p.data, AUDIT_ID);
      expect(d.problems).toEqual([]);
      expect(d.messages).toHaveLength(1);
      const m = d.messages[0]!;
      expect(unnamed(m)).toEqual([]);
      expect([typeNumber(m), hdr(m).len, p.data.length]).toEqual([Number(type), Number(len), Number(bytes)]);
      const kv = Object.fromEntries((rest ?? '').split(' ').map((x) => x.split('=')).filter((x) => x.length === 2).map(([k, v]) => [k, v]));
      switch (what) {
        case 'error': expect(m.error).toBe(Number(rest)); break;
        case 'status':
          expect(intFromJson(m.mask, 'u32', undefined, AUDIT_STATUS)).toBe(Number(kv.mask));
          expect(intFromJson(m.failure, 'u32', AUDIT_FAIL)).toBe(Number(kv.failure));
          expect(intFromJson(m.feature_bitmap, 'u32', undefined, AUDIT_FEATURE_BITMAP)).toBe(Number(kv.feature_bitmap));
          for (const k of ['enabled', 'pid', 'rate_limit', 'backlog_limit', 'lost', 'backlog', 'backlog_wait_time', 'backlog_wait_time_actual']) expect(m[k], k).toBe(Number(kv[k]));
          break;
        case 'features':
          expect(m.vers).toBe(Number(kv.vers));
          for (const k of ['mask', 'features', 'lock']) expect(intFromJson(m[k], 'u32', undefined, AUDIT_FEATURE), k).toBe(Number(kv[k]));
          break;
        case 'tty': expect([m.enabled, m.log_passwd]).toEqual([Number(kv.enabled), Number(kv.log_passwd)]); break;
        case 'rule': {
          const rule = /flags=(\d+) action=(\d+) fields=\[([^\]]*)\] values=\[([^\]]*)\] buf=(.*)$/.exec(rest!)!;
          expect(intFromJson(m.flags, 'u32', AUDIT_FILTER)).toBe(Number(rule[1]));
          expect(intFromJson(m.action, 'u32', AUDIT_ACTION)).toBe(Number(rule[2]));
          const n = m.field_count as number;
          expect((m.fields as unknown[]).slice(0, n).map((f) => intFromJson(f, 'u32', AUDIT_FIELD))).toEqual(rule[3]!.split(', ').map(Number));
          expect((m.values as number[]).slice(0, n)).toEqual(rule[4]!.split(', ').map(Number));
          expect(m.buf).toBe(rule[5]);
          break;
        }
        case 'signal-info': expect([m.uid, m.pid]).toEqual([Number(kv.uid), Number(kv.pid)]); break;
        case 'text': expect(m.text).toBe(rest); break;
        case 'payload':
          if (hdr(m).type === 'AUDIT_REPLACE') expect(m.pid).toBe(new DataView(fromHex(rest!)!.buffer).getUint32(0, true));
          else expect(rest).toBe('');
          break;
        default: throw new Error(`audit.out line ${i + 1}: ${lines[i]![0]}`);
      }
    });
    // the record kauditd sent to the momentary audit daemon has the short length
    const record = answers.map((p) => decode(p.data, AUDIT_ID).messages[0]!).find((m) => hdr(m).type === 'AUDIT_USER_AVC')!;
    expect(hdr(record).len).toBe(new TextEncoder().encode(String(record.text)).length);
  });
});

// ---------------------------------------------------------------- NETLINK_XFRM

const XFRM_INF = 0xffffffffffffffffn;

function selector(daddr: string, saddr: string, family: number, plen: number, proto = 0): Bytes {
  const b = new Bytes();
  const addr = family === 10 ? (s: string) => b.in6(s) : (s: string) => b.in4(s);
  addr(daddr); addr(saddr);
  return b.be16(0).be16(0).be16(0).be16(0).u16(family).u8(plen).u8(plen).u8(proto).zeros(3).s32(0).u32(0);
}
const lifetimeCfg = (b: Bytes) => { for (let i = 0; i < 8; i++) b.u64(i < 4 ? XFRM_INF : 0n); return b; };

const AUTH_KEY = '0102030405060708090a0b0c0d0e0f100102030405060708090a0b0c0d0e0f10';
const ENC_KEY = '00112233445566778899aabbccddeeff';

/** XFRM_MSG_NEWSA of an IPv4 ESP tunnel with an IPv6 selector, algorithms, mark, if_id. */
function newsa(): Uint8Array {
  const b = selector('2001:db8:2::', '2001:db8:1::', 10, 64, 6);
  b.in4('192.0.2.2').be32(0x1000).u8(50).zeros(3); // xfrm_id
  b.in4('192.0.2.1');
  lifetimeCfg(b).zeros(32).zeros(12); // lft, curlft, stats
  b.u32(0).u32(7).u16(2).u8(1).u8(32).u8(0x08).zeros(7); // seq reqid family mode replay_window flags
  const auth = new Bytes().chars('hmac(sha256)', 64).u32(256).u32(128).raw(fromHex(AUTH_KEY)!).done();
  const enc = new Bytes().chars('cbc(aes)', 64).u32(128).raw(fromHex(ENC_KEY)!).done();
  return nlmsg(0x10, NLM_F_REQUEST | NLM_F_ACK, 5, 0, cat(b.done(),
    nlattr(20, auth), nlattr(2, enc), nlattr(21, new Bytes().u32(5).u32(0xffffffff).done()),
    nlattr(31, new Bytes().u32(9).done()), nlattr(24, new Bytes().u32(1).done()), nlattr(13, new Bytes().in4('192.0.2.1').done())));
}

/** `ip xfrm policy list` blocks: the selector line, the dir line, templates. */
function parsePolicies(out: string): Json[] {
  const blocks = out.split(/\n(?=src )/).filter((b) => b.startsWith('src '));
  return blocks.map((block) => {
    const lines = block.split('\n').map((l) => l.trim()).filter(Boolean);
    const kv = (l: string) => { const t = l.split(/\s+/); const o: Json = {}; for (let i = 0; i + 1 < t.length; i += 2) o[t[i]!] = t[i + 1]; return o; };
    const tmpls: Json[] = [];
    for (let i = 2; i < lines.length; i++) if (lines[i]!.startsWith('tmpl ')) tmpls.push({ ...kv(lines[i]!.slice(5)), ...kv(lines[i + 1] ?? '') });
    return { ...kv(lines[0]!), ...kv(lines[1]!), tmpls };
  });
}

/** A decoded XFRM_MSG_NEWPOLICY against one `ip xfrm policy` block. */
function samePolicy(m: Json, p: Json): void {
  const info = m.info as Json;
  const sel = info.sel as Json;
  expect(`${sel.saddr}/${sel.prefixlen_s}`).toBe(p.src);
  expect(`${sel.daddr}/${sel.prefixlen_d}`).toBe(p.dst);
  expect(sel.proto).toBe(p.proto ? `IPPROTO_${String(p.proto).toUpperCase()}` : 'IPPROTO_IP');
  if (p.dport) expect(sel.dport).toBe(Number(p.dport));
  expect(info.dir).toBe(`XFRM_POLICY_${String(p.dir).toUpperCase()}`);
  expect(info.action).toBe(`XFRM_POLICY_${String(p.action ?? 'allow').toUpperCase()}`);
  expect(info.priority).toBe(Number(p.priority));
  if (p.ptype) expect((m.XFRMA_POLICY_TYPE as Json).type).toBe(`XFRM_POLICY_TYPE_${String(p.ptype).toUpperCase()}`);
  const tmpls = (m.XFRMA_TMPL as Json[] | undefined) ?? [];
  expect(tmpls).toHaveLength((p.tmpls as Json[]).length);
  tmpls.forEach((t, i) => {
    const want = (p.tmpls as Json[])[i]!;
    const id = t.id as Json;
    expect([t.saddr, id.daddr, id.proto, t.reqid, t.mode]).toEqual([want.src, want.dst, `IPPROTO_${String(want.proto).toUpperCase()}`, Number(want.reqid), `XFRM_MODE_${String(want.mode).toUpperCase()}`]);
  });
}

describe('NETLINK_XFRM', () => {
  it('a hand-built XFRM_MSG_NEWSA: SA, selector of its own family, algorithms with their keys, mark', () => {
    const m = only(newsa(), XFRM, 'to-kernel');
    expect(hdr(m)).toMatchObject({ type: 'XFRM_MSG_NEWSA', flags: ['NLM_F_REQUEST', 'NLM_F_ACK'] });
    expect(m.sel).toMatchObject({ daddr: '2001:db8:2::', saddr: '2001:db8:1::', family: 'AF_INET6', prefixlen_d: 64, proto: 'IPPROTO_TCP' });
    expect(m.id).toEqual({ daddr: '192.0.2.2', spi: 0x1000, proto: 'IPPROTO_ESP' });
    expect(m).toMatchObject({ saddr: '192.0.2.1', reqid: 7, family: 'AF_INET', mode: 'XFRM_MODE_TUNNEL', replay_window: 32, flags: ['XFRM_STATE_WILDRECV'] });
    expect((m.lft as Json).hard_byte_limit).toBe(XFRM_INF.toString());
    const auth = m.XFRMA_ALG_AUTH_TRUNC as Json;
    expect([auth.alg_name, auth.alg_key_len, auth.alg_trunc_len, (auth.alg_key as string[]).join('')]).toEqual(['hmac(sha256)', 256, 128, AUTH_KEY]);
    const enc = m.XFRMA_ALG_CRYPT as Json;
    expect([enc.alg_name, enc.alg_key_len, (enc.alg_key as string[]).join('')]).toEqual(['cbc(aes)', 128, ENC_KEY]);
    expect(m).toMatchObject({ XFRMA_MARK: { v: 5, m: 0xffffffff }, XFRMA_IF_ID: 9, XFRMA_SA_EXTRA_FLAGS: ['XFRM_SA_XFLAG_DONT_ENCAP_DSCP'], XFRMA_SRCADDR: { a4: '192.0.2.1' } });
  });

  it('a policy built from JSON: missing fields zero, lengths computed, names back', async () => {
    const json: Json = {
      header: { type: 'XFRM_MSG_NEWPOLICY', flags: ['NLM_F_REQUEST', 'NLM_F_ACK'], seq: 3 },
      info: { sel: { daddr: '10.20.0.0', saddr: '10.10.0.0', family: 'AF_INET', prefixlen_d: 24, prefixlen_s: 24 }, priority: 10, dir: 'XFRM_POLICY_OUT' },
      XFRMA_TMPL: [{ id: { daddr: '10.10.0.2', proto: 'IPPROTO_ESP' }, family: 'AF_INET', saddr: '10.10.0.1', reqid: 7, mode: 'XFRM_MODE_TUNNEL' }],
    };
    const bytes = encodePacket([json], { protocol: XFRM, direction: 'to-kernel' });
    const m = only(bytes, XFRM, 'to-kernel');
    expect(hdr(m).len).toBe(16 + 168 + 4 + 64);
    samePolicy(m, { src: '10.10.0.0/24', dst: '10.20.0.0/24', dir: 'out', priority: '10', tmpls: [{ src: '10.10.0.1', dst: '10.10.0.2', proto: 'esp', reqid: '7', mode: 'tunnel' }] });
    // the same policy as `ip xfrm policy add` sent it differs only in the lifetimes ip sets to "infinite"
    const { messages } = await framesOf('xfrm-policy-add');
    const sent = messages.find((x) => x.direction === 'to-kernel')!;
    expect({ ...(sent.info as Json), lft: undefined }).toEqual({ ...(m.info as Json), lft: undefined });
    expect(sent.XFRMA_TMPL).toEqual([{ ...(m.XFRMA_TMPL as Json[])[0], aalgos: 0xffffffff, ealgos: 0xffffffff, calgos: 0xffffffff }]);
  });

  it('GETSA / GETPOLICY: an id, or for a dump only filter attributes', () => {
    const dump = only(nlmsg(0x12, NLM_F_REQUEST | 0x300, 1, 0, nlattr(26, new Bytes().zeros(36).done())), XFRM, 'to-kernel');
    expect(Object.keys(dump)).toEqual(['header', 'XFRMA_ADDRESS_FILTER']);
    const one = only(nlmsg(0x12, NLM_F_REQUEST, 1, 0, new Bytes().in4('10.0.0.2').be32(0x1234).u16(2).u8(50).u8(0).done()), XFRM, 'to-kernel');
    expect(one).toMatchObject({ daddr: '10.0.0.2', spi: 0x1234, family: 'AF_INET', proto: 'IPPROTO_ESP' });
  });

  it(`generated messages of every declared type with random attribute trees: decode(encode(m)) is m (${messageTypes('xfrm').length} types)`, () => {
    for (const t of messageTypes('xfrm')) {
      fc.assert(fc.property(messageArb('xfrm', t), (m) => {
        const direction = m.direction as Direction;
        const bytes = encodeGen({ protocol: XFRM, direction, messages: [m] });
        const d = decodePacket(bytes, { protocol: XFRM, direction, envelope: () => ({ direction, protocol: m.protocol }) });
        expect(d.problems).toEqual([]);
        expect(JSON.stringify(d.messages)).toBe(JSON.stringify([m]));
      }), { numRuns: 15, seed: 6 });
    }
  }, 120_000);

  it('captures/rec-other.pcap: policies as `ip xfrm policy list` / `get` printed them', async () => {
    for (const name of ['xfrm-policy-list', 'xfrm-policy-get']) {
      const { messages, output } = await framesOf(name);
      const policies = messages.filter((m) => hdr(m).type === 'XFRM_MSG_NEWPOLICY');
      const printed = parsePolicies(output);
      expect(policies.length, name).toBe(printed.length);
      expect(printed.length).toBeGreaterThan(0);
      policies.forEach((m, i) => samePolicy(m, printed[i]!));
    }
  });

  it('captures/rec-other.pcap: SPD and SAD counts as `ip xfrm policy count` / `state count` printed them', async () => {
    const spd = await framesOf('xfrm-policy-count');
    const info = spd.messages.find((m) => hdr(m).type === 'XFRM_MSG_NEWSPDINFO')!.XFRMA_SPD_INFO as Json;
    const [, inCnt, outCnt, fwdCnt] = /SPD IN\s+(\d+) OUT\s+(\d+) FWD\s+(\d+)/.exec(spd.output)!;
    expect([info.incnt, info.outcnt, info.fwdcnt]).toEqual([Number(inCnt), Number(outCnt), Number(fwdCnt)]);
    const sad = await framesOf('xfrm-state-count');
    expect(sad.messages.find((m) => hdr(m).type === 'XFRM_MSG_NEWSADINFO')!.XFRMA_SAD_CNT).toBe(Number(/SAD count (\d+)/.exec(sad.output)![1]));
  });

  it('captures/rec-other.pcap: `ip xfrm state add` (refused by this kernel) has the SA of its command line', async () => {
    const { messages, output, command } = await framesOf('xfrm-state-add');
    const t = command.split(/\s+/);
    const arg = (k: string, n = 1) => t[t.indexOf(k) + n]!;
    const sa = messages.find((m) => hdr(m).type === 'XFRM_MSG_NEWSA')!;
    expect(sa).toMatchObject({ saddr: arg('src'), family: 'AF_INET', reqid: Number(arg('reqid')), mode: `XFRM_MODE_${arg('mode').toUpperCase()}` });
    expect(sa.id).toEqual({ daddr: arg('dst'), spi: Number(arg('spi')), proto: `IPPROTO_${arg('proto').toUpperCase()}` });
    for (const [key, attr] of [['auth', 'XFRMA_ALG_AUTH'], ['enc', 'XFRMA_ALG_CRYPT']] as const) {
      const alg = sa[attr] as Json;
      const keyHex = arg(key, 2).replace(/^0x/, '');
      expect([alg.alg_name, (alg.alg_key as string[]).join(''), alg.alg_key_len]).toEqual([arg(key).replace(/'/g, ''), keyHex, keyHex.length * 4]);
    }
    // the kernel's answer: the request echoed whole, the reason in the extended ack
    const err = messages.find((m) => hdr(m).type === 'NLMSG_ERROR')!;
    expect((err.msg as Json).id).toEqual(sa.id);
    expect(`Error: ${String(err.NLMSGERR_ATTR_MSG)}.`).toBe(output.trim());
  });
});

// ---------------------------------------------------------------- NETLINK_CONNECTOR

function cnMsg(idx: number, val: number, seq: number, ack: number, data: Uint8Array): Uint8Array {
  return new Bytes().u32(idx).u32(val).u32(seq).u32(ack).u16(data.length).u16(0).raw(data).done();
}
const procEvent = (what: number, cpu: number, ts: bigint, data: Bytes) => {
  const b = new Bytes().u32(what).u32(cpu).u64(ts).raw(data.done());
  return b.zeros(40 - b.length).done();
};

describe('NETLINK_CONNECTOR', () => {
  it('proc events by `what` (the messages are typed NLMSG_DONE)', () => {
    const fork = only(nlmsg(3, 0, 7, 0, cnMsg(1, 1, 7, 0, procEvent(1, 3, 123456789n, new Bytes().s32(100).s32(100).s32(200).s32(200)))), CONNECTOR);
    expect(hdr(fork).type).toBe('NLMSG_DONE');
    expect(fork).toMatchObject({ id: { idx: 'CN_IDX_PROC', val: 1 }, seq: 7, len: 40, what: 'PROC_EVENT_FORK', cpu: 3, timestamp_ns: 123456789, event_data: { parent_pid: 100, child_pid: 200 } });
    const comm = only(nlmsg(3, 0, 8, 0, cnMsg(1, 1, 8, 0, procEvent(0x200, 0, 1n, new Bytes().s32(5).s32(5).chars('kworker/0:1', 16)))), CONNECTOR);
    expect(comm).toMatchObject({ what: 'PROC_EVENT_COMM', event_data: { process_pid: 5, comm: 'kworker/0:1' } });
    const exit = only(nlmsg(3, 0, 9, 0, cnMsg(1, 1, 9, 0, procEvent(0x80000000, 0, 2n, new Bytes().s32(5).s32(5).u32(256).u32(17).s32(1).s32(1)))), CONNECTOR);
    expect(exit).toMatchObject({ what: 'PROC_EVENT_EXIT', event_data: { exit_code: 256, exit_signal: 17, parent_pid: 1 } });
    // a `what` this table does not know: the union as hex
    const other = only(nlmsg(3, 0, 9, 0, cnMsg(1, 1, 9, 0, procEvent(0x400, 0, 2n, new Bytes().u32(0xdead)))), CONNECTOR);
    expect(other).toMatchObject({ what: 0x400, event_data: 'adde0000' + '00'.repeat(20) });
  });

  it('the listen request built from JSON is the bytes a listener sends (old 4-byte op, 6.6 proc_input)', async () => {
    const { packets } = await framesOf('cnproc');
    const listen = packets.find((p) => p.direction === 'to-kernel')!;
    const json: Json = { header: { type: 'NLMSG_DONE', seq: 1 }, id: { idx: 'CN_IDX_PROC', val: 1 }, seq: 1, len: 4, mcast_op: 'PROC_CN_MCAST_LISTEN', '@len': 24 };
    expect(toHex(encodePacket([json], { protocol: CONNECTOR, direction: 'to-kernel' }))).toBe(toHex(listen.data));
    const input = encodePacket([{ ...json, len: 8, '@len': undefined, event_type: ['PROC_EVENT_FORK', 'PROC_EVENT_EXIT'] }], { protocol: CONNECTOR, direction: 'to-kernel' });
    expect(only(input, CONNECTOR, 'to-kernel')).toMatchObject({ len: 8, mcast_op: 'PROC_CN_MCAST_LISTEN', event_type: ['PROC_EVENT_FORK', 'PROC_EVENT_EXIT'] });
  });

  it('another connector keeps its data as hex', () => {
    const m = only(nlmsg(3, 0, 1, 0, cnMsg(0x7, 1, 1, 0, Uint8Array.from([1, 2, 3, 4, 5]))), CONNECTOR);
    expect(m).toMatchObject({ id: { idx: 'CN_IDX_DM', val: 1 }, len: 5, data: '0102030405' });
  });

  it('generated messages round-trip', () => {
    fc.assert(fc.property(messageArb('connector'), (m) => {
      const direction = m.direction as Direction;
      const bytes = encodeGen({ protocol: CONNECTOR, direction, messages: [m] });
      const d = decodePacket(bytes, { protocol: CONNECTOR, direction, envelope: () => ({ direction, protocol: m.protocol }) });
      expect(d.problems).toEqual([]);
      expect(JSON.stringify(d.messages)).toBe(JSON.stringify([m]));
    }), { numRuns: 300, seed: 11 });
  });

  it('captures/rec-other.pcap: proc events as the listener printed them (cnproc.out)', async () => {
    const { messages, output } = await framesOf('cnproc');
    const events = messages.filter((m) => m.direction === 'to-user');
    const lines = output.trim().split('\n').filter((l) => !l.startsWith('child ') && !l.startsWith('ack (ignore)'));
    expect(events.length).toBeGreaterThanOrEqual(lines.length);
    lines.forEach((line, i) => {
      const m = events[i]!;
      expect(unnamed(m)).toEqual([]);
      const e = m.event_data as Json;
      const n = line.match(/-?\d+/g)!.map(Number);
      if (line.startsWith('ack ')) expect([m.what, m.seq, e.err]).toEqual(['PROC_EVENT_NONE', n[0], n[1]]);
      else if (line.startsWith('fork ')) expect([m.what, e.parent_pid, e.parent_tgid, e.child_pid, e.child_tgid]).toEqual(['PROC_EVENT_FORK', ...n]);
      else if (line.startsWith('exec ')) expect([m.what, e.process_pid, e.process_tgid]).toEqual(['PROC_EVENT_EXEC', ...n]);
      else if (line.startsWith('exit ')) expect([m.what, e.process_pid, e.process_tgid, e.exit_code, e.exit_signal]).toEqual(['PROC_EVENT_EXIT', ...n]);
      else expect(String(m.what)).toContain(line.replace('event ', '').toUpperCase());
    });
  });
});

// ---------------------------------------------------------------- NETLINK_KOBJECT_UEVENT

/** NUL-separated strings; unterminated: the last one without its NUL. */
const kernelEvent = (strings: string[], terminated = true) =>
  new Bytes().text(strings.length ? strings.join('\0') + (terminated ? '\0' : '') : '').done();

function libudevEvent(props: string[], gap = 0): Uint8Array {
  const p = kernelEvent(props);
  return new Bytes().chars('libudev', 8).be32(0xfeedcafe).u32(40).u32(40 + gap).u32(p.length)
    .be32(0x12345678).be32(0).be32(0x80000001).be32(0x00400000).zeros(gap).raw(p).done();
}

describe('NETLINK_KOBJECT_UEVENT (not nlmsghdr-framed)', () => {
  const ENV = ['ACTION=add', 'DEVPATH=/devices/virtual/net/v0', 'SUBSYSTEM=net', 'INTERFACE=v0', 'IFINDEX=7', 'SEQNUM=2590'];

  it('a kernel uevent: action, devpath, the environment in order', () => {
    const m = only(kernelEvent(['add@/devices/virtual/net/v0', ...ENV]), UEVENT);
    expect(m).toEqual({ action: 'add', devpath: '/devices/virtual/net/v0', env: Object.fromEntries(ENV.map((e) => e.split('='))) });
    expect(Object.keys(m.env as Json)).toEqual(ENV.map((e) => e.split('=')[0]));
  });

  it("udevd's libudev packets: the header (magic in network order), the properties", () => {
    const bytes = libudevEvent([...ENV, 'USEC_INITIALIZED=1234', 'ID_NET_NAME=v0']);
    const m = only(bytes, UEVENT);
    expect(m).toMatchObject({ prefix: 'libudev', magic: 0xfeedcafe, header_size: 40, properties_off: 40, filter_subsystem_hash: 0x12345678, filter_tag_bloom_hi: 0x80000001 });
    expect((m.env as Json).USEC_INITIALIZED).toBe('1234');
    // built from JSON: offset and length of the properties are computed
    const { properties_off: _o, properties_len: _l, ...json } = m;
    expect(toHex(ueventPacket.encode([json], 'to-user'))).toBe(toHex(bytes));
    // a header that grew (header_size 48): the bytes between header and properties are kept
    const gap = only(libudevEvent(ENV, 8), UEVENT);
    expect(gap).toMatchObject({ properties_off: 48, '@gap': '00'.repeat(8) });
  });

  it('odd packets stay lossless: repeats, strings without "=", numeric keys, no final NUL, not UTF-8, bad libudev offsets', () => {
    expect(only(kernelEvent(['change@/x', 'A=1', 'A=2']), UEVENT).env).toEqual(['A=1', 'A=2']);
    expect(only(kernelEvent(['change@/x', 'A=1', 'junk', '']), UEVENT).env).toEqual(['A=1', 'junk', '']);
    expect(only(kernelEvent(['change@/x', 'B=1', '7=x']), UEVENT).env).toEqual(['B=1', '7=x']);
    expect(only(kernelEvent(['change@/x', '__proto__=x']), UEVENT).env).toEqual(['__proto__=x']);
    expect(only(kernelEvent(['remove@/x', 'A=1'], false), UEVENT)).toMatchObject({ action: 'remove', env: { A: '1' }, '@unterminated': true });
    expect(only(kernelEvent(['no header line', 'A=1']), UEVENT)).toEqual({ env: ['no header line', 'A=1'] });
    expect(only(Uint8Array.from([0x61, 0x40, 0xff, 0x00]), UEVENT)).toEqual({ '@raw': '6140ff00' });
    const bad = libudevEvent(ENV);
    new DataView(bad.buffer).setUint32(16, 5000, true); // properties_off beyond the packet
    const d = decode(bad, UEVENT);
    expect(d.problems.map((p) => p.code)).toEqual(['libudev-properties']);
    expect(roundTrip(bad, UEVENT, 'to-user')).toBe(toHex(bad));
    expect(roundTrip(bad.slice(0, 20), UEVENT, 'to-user')).toBe(toHex(bad.slice(0, 20)));
  });

  it('random environments round-trip byte for byte (kernel and libudev form)', () => {
    const str = fc.string({ unit: 'grapheme', maxLength: 40 }).filter((s) => !s.includes('\0'));
    fc.assert(fc.property(
      fc.option(fc.tuple(str.filter((s) => !s.includes('@')), str)), fc.array(str, { maxLength: 12 }), fc.boolean(), fc.boolean(),
      (head, env, terminated, libudev) => {
        const strings = [...(head ? [`${head[0]}@${head[1]}`] : []), ...env];
        // without a header line, a first string with '@' would be one
        fc.pre(libudev || head !== null || !env[0]?.includes('@'));
        // an unterminated empty last string is no string at all
        const bytes = libudev ? libudevEvent(env) : kernelEvent(strings, terminated || strings[strings.length - 1] === '');
        const d = decode(bytes, UEVENT);
        expect(d.problems).toEqual([]);
        const m = d.messages[0]!;
        if (!libudev && head) expect([m.action, m.devpath]).toEqual(head);
        const got = Array.isArray(m.env) ? m.env : Object.entries(m.env as Json).map(([k, v]) => `${k}=${String(v)}`);
        expect(got).toEqual(libudev || head ? env : strings);
        expect(roundTrip(bytes, UEVENT, 'to-user')).toBe(toHex(bytes));
      }), { numRuns: 800 });
  });

  it('captures/rec-other.pcap: the uevents as the listener printed them (uevent.out)', async () => {
    const { messages, output } = await framesOf('uevent');
    const lines = output.trim().split('\n');
    expect(messages).toHaveLength(lines.length);
    messages.forEach((m, i) => {
      expect(unnamed(m)).toEqual([]);
      const shown = [`${m.action}@${m.devpath}`, ...Object.entries(m.env as Json).map(([k, v]) => `${k}=${String(v)}`)].join(' | ');
      expect(shown).toBe(lines[i]);
    });
  });
});

// ---------------------------------------------------------------- all of them

describe('the JSON form of every declared body', () => {
  it("has no top-level field named like a key of the message's envelope (frame, index, time ...)", () => {
    const clashes: string[] = [];
    for (const id of [XFRM, AUDIT_ID, CONNECTOR]) {
      for (const m of protocolById(id)!.messages.values()) {
        for (const st of bodiesOf(m)) for (const f of st.fields) if (ENVELOPE_KEYS.has(f.name)) clashes.push(`${m.name} ${st.name}.${f.name}`);
        if (m.text !== undefined && ENVELOPE_KEYS.has(m.text)) clashes.push(`${m.name} text ${m.text}`);
      }
    }
    expect(clashes).toEqual([]);
  });
});

// ---------------------------------------------------------------- adversarial

describe('total and lossless on any bytes (protocols 6, 9, 11, 15)', () => {
  const directions = fc.constantFrom<Direction>('to-kernel', 'to-user');

  it('random bytes: decode never throws, encode gives the same bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 400 }), fc.constantFrom(XFRM, AUDIT_ID, CONNECTOR, UEVENT), directions, (b, proto, dir) => {
      expect(roundTrip(b, proto, dir)).toBe(toHex(b));
    }), { numRuns: 4000 });
  });

  it('random bytes behind a plausible nlmsghdr of each declared type', () => {
    const typed = [XFRM, AUDIT_ID, CONNECTOR].flatMap((p) => [...protocolById(p)!.messages.keys()].map((t) => [p, t] as const));
    fc.assert(fc.property(fc.constantFrom(...typed), fc.uint8Array({ maxLength: 300 }), directions, fc.boolean(), ([proto, type], payload, dir, short) => {
      const b = nlmsg(type, 0, 1, 0, payload, short ? payload.length : 16 + payload.length);
      expect(roundTrip(b, proto, dir)).toBe(toHex(b));
    }), { numRuns: 4000 });
  });

  it('mutated recorded packets (rec-audit.pcap, rec-other.pcap): decode never throws, encode gives the same bytes', async () => {
    const packets = [...await packetsOf('captures/rec-audit.pcap'), ...await packetsOf('captures/rec-other.pcap')];
    fc.assert(fc.property(
      fc.integer({ min: 0, max: packets.length - 1 }),
      fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 }),
      fc.option(fc.nat(), { nil: undefined }),
      (i, flips, cut) => {
        const p = packets[i]!;
        const b = p.data.slice(0, cut === undefined ? undefined : cut % (p.data.length + 1));
        for (const [at, v] of flips) if (b.length) b[at % b.length] = v;
        expect(roundTrip(b, p.protocol, dirOf(p))).toBe(toHex(b));
      }), { numRuns: 3000 });
  });

  it('every recorded packet round-trips, without problems or unnamed parts', async () => {
    for (const file of ['captures/rec-audit.pcap', 'captures/rec-other.pcap']) {
      for (const p of await packetsOf(file)) {
        const d = decode(p.data, p.protocol, dirOf(p));
        expect(d.problems, `${file} frame ${p.frame}`).toEqual([]);
        expect(d.messages.flatMap((m) => unnamed(m)), `${file} frame ${p.frame}`).toEqual([]);
        expect(roundTrip(p.data, p.protocol, dirOf(p)), `${file} frame ${p.frame}`).toBe(toHex(p.data));
      }
    }
  });
});

// ---------------------------------------------------------------- live, in a namespace

const NS = `nlscope-other-${randomBytes(4).toString('hex')}`;
const skipReason = makeNamespace(NS);
if (skipReason) console.warn(`live tests of the other protocols skipped: ${skipReason}`);
afterAll(() => { if (!skipReason) spawnSync('ip', ['netns', 'del', NS]); });

/** Runs Python in the namespace; its stdout lines are JSON objects. */
function pyInNs(code: string): Json[] {
  const out = execFileSync('ip', ['netns', 'exec', NS, PYTHON, '-c', code], { encoding: 'utf8', timeout: 30_000 });
  return out.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Json);
}

describe.skipIf(!!skipReason)('live: the kernel of a throw-away namespace', () => {
  it('uevents of a veth pair made in the namespace, as the uevent socket received them', () => {
    const got = pyInNs(`
import json, socket, subprocess, time
s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 15)
s.bind((0, 1))
s.settimeout(0.3)
subprocess.run(['ip', 'link', 'add', 'nlsc0', 'type', 'veth', 'peer', 'name', 'nlsc1'], check=True)
subprocess.run(['ip', 'link', 'del', 'nlsc0'], check=True)
end = time.time() + 3
while time.time() < end:
    try: d = s.recv(65536)
    except socket.timeout: continue
    print(json.dumps({'hex': d.hex(), 'strings': d.rstrip(b'\\0').decode().split('\\0')}), flush=True)
`);
    const seen = new Set<string>();
    for (const g of got) {
      const bytes = fromHex(String(g.hex))!;
      const m = only(bytes, UEVENT);
      const [head, ...env] = g.strings as string[];
      expect(`${m.action}@${m.devpath}`).toBe(head);
      expect(Object.entries(m.env as Json).map(([k, v]) => `${k}=${String(v)}`)).toEqual(env);
      if ((m.env as Json).INTERFACE) seen.add(`${m.action} ${(m.env as Json).INTERFACE}`);
    }
    expect([...seen]).toEqual(expect.arrayContaining(['add nlsc0', 'add nlsc1', 'remove nlsc0', 'remove nlsc1']));
  });

  it('AUDIT_GET: the status the kernel answers, as struct.unpack reads it', () => {
    const [got] = pyInNs(`
import json, socket, struct
s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 9)
s.bind((0, 0))
s.send(struct.pack('=IHHII', 16, 1000, 1, 77, 0))
d = s.recv(65536)
print(json.dumps({'hex': d.hex(), 'fields': struct.unpack('=%dI' % ((len(d) - 16) // 4), d[16:])}))
`);
    const m = only(fromHex(String(got!.hex))!, AUDIT_ID);
    const names = ['mask', 'enabled', 'failure', 'pid', 'rate_limit', 'backlog_limit', 'lost', 'backlog', 'feature_bitmap', 'backlog_wait_time', 'backlog_wait_time_actual'];
    const fields = got!.fields as number[];
    expect(hdr(m)).toMatchObject({ type: 'AUDIT_GET', seq: 77 });
    fields.forEach((v, i) => {
      const name = names[i]!;
      const want = name === 'mask' ? AUDIT_STATUS : name === 'feature_bitmap' ? AUDIT_FEATURE_BITMAP : undefined;
      expect(intFromJson(m[name], 'u32', name === 'failure' ? AUDIT_FAIL : undefined, want), name).toBe(v);
    });
  });

  it('XFRM_MSG_GETPOLICY dump: the policies `ip xfrm policy list` shows', () => {
    const ipn = (...a: string[]) => execFileSync('ip', ['-n', NS, ...a], { encoding: 'utf8' });
    ipn('xfrm', 'policy', 'add', 'src', '10.1.0.0/16', 'dst', '10.2.0.0/16', 'dir', 'fwd', 'priority', '5',
      'tmpl', 'src', '192.0.2.1', 'dst', '192.0.2.2', 'proto', 'esp', 'reqid', '3', 'mode', 'tunnel');
    ipn('xfrm', 'policy', 'add', 'src', '2001:db8:1::/48', 'dst', '2001:db8:2::/48', 'proto', 'udp', 'dport', '4500', 'dir', 'out', 'action', 'block');
    const got = pyInNs(`
import json, socket, struct
s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 6)
s.bind((0, 0))
s.send(struct.pack('=IHHII', 16, 0x15, 0x301, 5, 0))
done = False
while not done:
    d = s.recv(65536)
    print(json.dumps({'hex': d.hex()}), flush=True)
    done = struct.unpack('=H', d[4:6])[0] in (2, 3)
`);
    const messages = got.flatMap((g) => {
      const d = decode(fromHex(String(g.hex))!, XFRM);
      expect(d.problems).toEqual([]);
      return d.messages;
    });
    const policies = messages.filter((m) => hdr(m).type === 'XFRM_MSG_NEWPOLICY');
    const printed = parsePolicies(ipn('xfrm', 'policy', 'list'));
    expect(policies).toHaveLength(2);
    expect(printed).toHaveLength(2);
    policies.forEach((m, i) => samePolicy(m, printed[i]!));
  });
});

describe('text view of unframed packets', () => {
  it('a uevent prints as ACTION@DEVPATH, then its fields', async () => {
    const { decodeCaptured } = await import('../src/stream/messages.js');
    const { renderFrame } = await import('../src/render/text.js');
    const p = (await packetsOf('captures/rec-other.pcap')).find((x) => x.protocol === 15)!;
    const text = renderFrame(decodeCaptured(p));
    expect(text.split('\n')[1]).toMatch(/^ {2}Uevent 0: add@\/devices\//);
    expect(text).toContain('    env:\n      ACTION: add');
  });
});

describe('byte map of uevents (explain)', () => {
  /** Leaves of a span tree, in order. */
  const leaves = (spans: Span[]): Span[] => spans.flatMap((s) => (s.children?.length ? leaves(s.children) : s.children ? [] : [s]));
  const tiles = (spans: Span[], length: number) => {
    let at = 0;
    for (const l of leaves(spans)) { expect(l.offset).toBe(at); at += l.length; }
    expect(at).toBe(length);
  };

  it('a kernel uevent: ACTION@DEVPATH, then each KEY=VALUE with its NUL, every byte once', async () => {
    const p = (await packetsOf('captures/rec-other.pcap')).find((x) => x.protocol === 15)!;
    const { spans } = decodePacket(p.data, { protocol: 15, direction: 'to-user', trace: true });
    tiles(spans!, p.data.length);
    const paths = leaves(spans!).map((l) => l.path);
    expect(paths[0]).toBe('uevent.action@devpath');
    expect(paths).toContain('uevent.env.SEQNUM');
  });

  it('a libudev packet: the header fields, then the properties', () => {
    const bytes = libudevEvent(['ACTION=add', 'DEVPATH=/devices/virtual/net/v0', 'SEQNUM=2590'], 8);
    const { spans } = decodePacket(bytes, { protocol: 15, direction: 'to-user', trace: true });
    tiles(spans!, bytes.length);
    const paths = leaves(spans!).map((l) => l.path);
    expect(paths).toContain('monitor_netlink_header.magic');
    expect(paths).toContain('uevent.gap');
    expect(paths[paths.length - 1]).toMatch(/^uevent\.env\./);
  });
});
