// Independent-decoder comparison: nlscope against pyroute2 (python3-pyroute2 for
// /usr/bin/python3). For every netlink message both decode (same frame and index)
// it compares the nlmsghdr, the fixed header fields pyroute2 names and every
// attribute both decode (by name, recursing into nests), after normalising value
// forms (enum / flag names back to numbers, address text, MAC case, 64-bit strings,
// struct-valued attributes field by field).
//
//   npx tsx scripts/compare-pyroute2.ts [--json] FILE.pcap...
//
// Exits 0 always (it is a report); test/oracle-pyroute2.test.ts asserts on it.
import { execFile, spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { readCaptureAll } from '../src/capture/reader.js';
import { decodeCaptured } from '../src/stream/messages.js';
import { Session } from '../src/codec/session.js';
import type { Json } from '../src/codec/struct.js';
import { NLMSG } from '../codecs/netlink.js';
import { ENVELOPE_KEYS } from '../src/codec/message.js';
import { protocolById } from '../codecs/index.js';

const HERE = dirname(fileURLToPath(import.meta.url));
export const PYTHON = '/usr/bin/python3';
export const PY_SCRIPT = join(HERE, 'pyroute2_decode.py');

// ------------------------------------------------------------------ known differences

/** Where pyroute2 (0.7.2) decodes differently from the kernel headers on purpose or by a
 *  bug of its own. Matched against the path of the attribute or field (without the message
 *  prefix); one line of reason each. These are counted apart, not as disagreements. */
export const KNOWN_DIFFERENCES: ReadonlyArray<{ path: RegExp; reason: string; when?: (nl: unknown, py: unknown) => boolean }> = [
  { path: /(^|\.)INET_DIAG_INFO\.tcpi_rcv_wscale$/,
    reason: 'pyroute2 tcp_info.decode computes `x & 0xF` for tcpi_rcv_wscale (the low nibble, i.e. snd_wscale); the kernel bitfield puts rcv_wscale in the high nibble' },
  { path: /(^|\.)UNIX_DIAG_NAME$/,
    reason: 'abstract socket name: pyroute2 (asciiz) drops the leading NUL ("nlx-abstract"); nlscope keeps all bytes, as hex because of the NUL',
    when: (nl, py) => typeof nl === 'string' && typeof py === 'string' && nl === '00' + Buffer.from(py).toString('hex') },
  { path: /(^|\.)TCA_U32_SEL\.keys\[\d+\]\./,
    reason: 'pyroute2 cls_u32 u32_sel.decode reads the keys at nla offset + 16, i.e. 4 bytes into the 16-byte struct tc_u32_sel header: every key comes out shifted by one member' },
  { path: /(^|\.)IFLA_INFO_DATA\.IFLA_VXLAN_TTL_INHERIT$/,
    reason: 'pyroute2 types it NLA_FLAG (presence = true); the kernel accepts a flag but dumps it as u8 0/1 (vxlan_fill_info: nla_put_u8)',
    when: (nl, py) => py === true && (nl === 0 || nl === 1) },
];

// ------------------------------------------------------------------ enum / flag names -> numbers

type NameMap = Map<string, Set<number>>;
let NAMES: NameMap | undefined;
/** Only the flag constants (TCP_ESTABLISHED is 1 as an enum, 1 << 1 as an idiag_states flag). */
const FLAGS: NameMap = new Map();

/** Every enum constant declared anywhere in codecs/: name -> values (flag constants go to FLAGS). */
async function enumNames(): Promise<NameMap> {
  if (NAMES) return NAMES;
  const names: NameMap = new Map();
  const seen = new Set<unknown>();
  const addFlag = (n: string, v: number) => {
    let s = FLAGS.get(n);
    if (!s) FLAGS.set(n, (s = new Set()));
    s.add(v >>> 0);
  };
  const add = (n: string, v: number) => {
    let s = names.get(n);
    if (!s) names.set(n, (s = new Set()));
    s.add(v >>> 0 === v ? v : v >>> 0);
  };
  const visit = (x: unknown, depth: number): void => {
    if (!x || (typeof x !== 'object' && typeof x !== 'function') || seen.has(x) || depth > 40) return;
    seen.add(x);
    if (typeof x === 'function') {
      // lazy nest `() => SET`: call only zero-argument thunks
      if ((x as () => unknown).length === 0) { try { visit((x as () => unknown)(), depth + 1); } catch { /* not a thunk */ } }
      return;
    }
    const o = x as Record<string, unknown>;
    if (o.kind === 'enum' && o.byName instanceof Map) { for (const [n, v] of o.byName as Map<string, number>) add(n, v); return; }
    if (o.kind === 'flags' && o.byName instanceof Map) { for (const [n, v] of o.byName as Map<string, number>) addFlag(n, v); return; }
    if (x instanceof Map) { for (const v of x.values()) visit(v, depth + 1); return; }
    if (Array.isArray(x)) { for (const v of x) visit(v, depth + 1); return; }
    for (const v of Object.values(o)) visit(v, depth + 1);
  };
  const root = resolve(HERE, '../codecs');
  const files: string[] = [];
  const walkDir = (d: string) => {
    for (const f of readdirSync(d)) {
      const p = join(d, f);
      if (statSync(p).isDirectory()) walkDir(p);
      else if (f.endsWith('.ts')) files.push(p);
    }
  };
  walkDir(root);
  for (const f of files) visit(await import(pathToFileURL(f).href), 0);
  NAMES = names;
  return names;
}

// ------------------------------------------------------------------ running the decoders

export interface PyMessage {
  frame: number; index: number; direction: string; protocol: number;
  header: { len: number; type: number; flags: number; seq: number; pid: number };
  class?: string; fields?: Json; attrs?: Json; error?: number; msg?: PyMessage;
  skip?: string; exception?: string;
}

export function pyroute2Available(): boolean {
  const r = spawnSync(PYTHON, ['-c', 'import pyroute2'], { encoding: 'utf8' });
  return r.status === 0;
}

export function runPyroute2(file: string): Promise<PyMessage[]> {
  return new Promise((done, fail) => {
    execFile(PYTHON, [PY_SCRIPT, file], { encoding: 'utf8', maxBuffer: 1 << 28 }, (err, stdout, stderr) => {
      if (err) { fail(new Error(`pyroute2_decode.py ${file} failed: ${stderr || err.message}`)); return; }
      done(stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as PyMessage));
    });
  });
}

/** nlscope's messages; `session` learns generic netlink family ids from the capture, in order. */
export async function runNlscope(file: string, session = new Session()): Promise<Json[]> {
  const { packets } = await readCaptureAll(file);
  return packets.flatMap((p) => decodeCaptured(p, false, session).messages);
}

// ------------------------------------------------------------------ comparison

export interface Disagreement { frame: number; index: number; path: string; nlscope: unknown; pyroute2: unknown }
export interface Known { frame: number; index: number; path: string; reason: string }

export interface CompareResult {
  file: string;
  messages: { nlscope: number; pyroute2: number; compared: number; skipped: Record<string, number>; exceptions: number };
  header: { compared: number; agreed: number };
  fields: { compared: number; agreed: number };
  attrs: { compared: number; agreed: number; percent: number };
  disagreements: Disagreement[];
  known: Known[];
  /** attribute names (path without message prefix, indexes dropped) -> count */
  nlscopeOnly: Record<string, number>;
  pyroute2Only: Record<string, number>;
  /** both decode it, but into forms with nothing in common to compare */
  incomparable: Record<string, number>;
}

/** pyroute2's names of fixed-header fields -> the kernel's (nlscope's). */
const FIELD_ALIAS: Record<string, Record<string, string>> = {
  ifinfmsg: { family: 'ifi_family', index: 'ifi_index', flags: 'ifi_flags', change: 'ifi_change' },
  ifaddrmsg: { family: 'ifa_family', prefixlen: 'ifa_prefixlen', flags: 'ifa_flags', scope: 'ifa_scope', index: 'ifa_index' },
  rtmsg: {
    family: 'rtm_family', dst_len: 'rtm_dst_len', src_len: 'rtm_src_len', tos: 'rtm_tos', table: 'rtm_table',
    proto: 'rtm_protocol', scope: 'rtm_scope', type: 'rtm_type', flags: 'rtm_flags',
  },
  ndmsg: { family: 'ndm_family', ifindex: 'ndm_ifindex', state: 'ndm_state', flags: 'ndm_flags' },
  ndtmsg: { family: 'ndtm_family' },
  ifstatsmsg: { family: 'family', ifindex: 'ifindex', filter_mask: 'filter_mask' },
  tcmsg: { family: 'tcm_family', index: 'tcm_ifindex', handle: 'tcm_handle', parent: 'tcm_parent', info: 'tcm_info' },
};
/** pyroute2's form of an indexed array: a nest of TCA_ACT_PRIO_1, TCA_ACT_PRIO_2 ... */
function isIndexedNest(pv: unknown): pv is Json {
  if (!isObj(pv) || !isObj(pv.attrs) || pv.fields) return false;
  const keys = Object.keys(pv.attrs);
  return keys.length > 0 && keys.some((k) => /_PRIO_\d+$/.test(k)) && keys.every((k) => /_PRIO_\d+$/.test(k) || /^#\d+$/.test(k));
}

/** pyroute2's attribute names that differ from the kernel's. */
function attrName(n: string): string {
  // macvtap's IFLA_INFO_DATA: the kernel uses the IFLA_MACVLAN_* set (macvtap_link_ops share
  // macvlan's policy); pyroute2 names a copy of it IFLA_MACVTAP_*
  return n.replace(/^IFLA_MACVTAP_/, 'IFLA_MACVLAN_');
}

/** pyroute2's names of members of structs inside attributes -> the kernel's. */
const MEMBER_ALIAS: Record<string, string> = {
  // struct rtnexthop in RTA_MULTIPATH (pyroute2 class rtmsg.nh)
  flags: 'rtnh_flags', hops: 'rtnh_hops', oif: 'rtnh_ifindex',
};
/** pyroute2 fields that are not bytes of the message (synthetic) or are padding. */
// 'dummy': pyroute2 reads the header of the IFLA_INET_CONF attribute inside AF_INET as a u32 field of that name
const FIELD_IGNORE = new Set(['state@ifinfmsg', '__align', '__pad', 'pad', 'res1@fibmsg', 'res2@fibmsg', 'dummy']);

/** Keys of nlscope's message objects that are not message content (frame, index, ...). */
const ENVELOPE = new Set([...ENVELOPE_KEYS, 'origlen', 'msg']);

const isObj = (v: unknown): v is Json => !!v && typeof v === 'object' && !Array.isArray(v);

/** nlscope struct JSON flattened: embedded structs (inet_diag_sockid `id`) lifted up. */
function flatFields(o: Json, top = false): Json {
  const out: Json = {};
  for (const [k, v] of Object.entries(o)) {
    if (top && ENVELOPE.has(k)) continue;
    if (k === 'id' && isObj(v)) Object.assign(out, v);
    else out[k] = v;
  }
  return out;
}

/** NLSCOPE_CMP_TRACE=1: every comparison on stderr (what was compared, and how it went). */
const TRACE = !!process.env.NLSCOPE_CMP_TRACE;
const NUMERIC = /^-?\d+$/;
const HEXNUM = /^0x[0-9a-f]+$/i;
/** pyroute2's 'hex' form of bytes it does not decode: "08:00:01:00" */
const COLONHEX = /^[0-9a-f]{2}(:[0-9a-f]{2})*$/;

/** A mismatch found by valueDiff; `incomparable`: the two sides share nothing to compare. */
interface Diff { path: string; nl: unknown; py: unknown; incomparable?: boolean }

class Comparer {
  attrsCompared = 0;
  attrsAgreed = 0;
  fieldsCompared = 0;
  fieldsAgreed = 0;
  disagreements: Disagreement[] = [];
  known: Known[] = [];
  nlscopeOnly: Record<string, number> = {};
  pyroute2Only: Record<string, number> = {};
  incomparable: Record<string, number> = {};
  constructor(private names: NameMap, private frame = 0, private index = 0) {}

  at(frame: number, index: number) { this.frame = frame; this.index = index; }

  private knownReason(path: string, nl: unknown, py: unknown): string | undefined {
    return KNOWN_DIFFERENCES.find((k) => k.path.test(path) && (!k.when || k.when(nl, py)))?.reason;
  }

  /** Number(s) an nlscope JSON scalar may stand for. */
  private numbers(v: unknown): Set<bigint> | undefined {
    if (typeof v === 'number' && Number.isInteger(v)) return new Set([BigInt(v)]);
    if (typeof v === 'boolean') return new Set([v ? 1n : 0n]);
    if (typeof v === 'string') {
      if (NUMERIC.test(v)) return new Set([BigInt(v)]);
      if (HEXNUM.test(v)) return new Set([BigInt(v)]);
      // a name used as a scalar: an enum constant first (TCP_ESTABLISHED is 1 as a state, 2 as a flag)
      const s = this.names.get(v) ?? FLAGS.get(v);
      if (s) return new Set([...s].map((x) => BigInt(x)));
      return undefined;
    }
    if (Array.isArray(v) && v.every((x) => typeof x === 'string')) {
      // a flag list: OR of the masks (each name's possible masks; several when names are shared)
      let acc = new Set<bigint>([0n]);
      for (const n of v as string[]) {
        const masks = HEXNUM.test(n) ? [BigInt(n)] : [...(FLAGS.get(n) ?? this.names.get(n) ?? [])].map((x) => BigInt(x >>> 0));
        if (!masks.length) return undefined;
        const next = new Set<bigint>();
        for (const a of acc) for (const m of masks) next.add(a | m);
        acc = next;
        if (acc.size > 64) return undefined;
      }
      return acc;
    }
    return undefined;
  }

  /** Scalar agreement after normalising the forms. */
  private scalarEq(nl: unknown, py: unknown): boolean {
    if (py === null || py === undefined) return nl === null || nl === undefined;
    if (typeof py === 'boolean') py = py ? 1 : 0;
    if (typeof py === 'number') {
      // signedness: the same bits read as s32 / u32 (ipv6 devconf values are __s32)
      if (typeof nl === 'number') return nl === py || (Number.isInteger(nl) && nl < 0 && (nl + 2 ** 32 === py || nl + 2 ** 64 === py));
      if (!Number.isInteger(py)) return false;
      const ns = this.numbers(nl);
      if (ns) return ns.has(BigInt(py)) || ns.has(BigInt.asUintN(32, BigInt(py))) || ns.has(BigInt.asUintN(64, BigInt(py)));
      // flag attribute (present = true) against pyroute2's value
      return false;
    }
    if (typeof py === 'string') {
      if (typeof nl === 'string') {
        if (nl === py) return true;
        const a = nl.toLowerCase();
        const b = py.toLowerCase();
        if (a === b) return true;
        // hex forms: "00:11:22" vs "001122"
        const ha = a.replace(/[:\s]/g, '');
        const hb = b.replace(/[:\s]/g, '');
        if (/^[0-9a-f]*$/.test(ha) && ha === hb) return true;
        // pyroute2's short enum names: "UP" for IF_OPER_UP
        if (/^[A-Z][A-Z0-9_]*$/.test(nl) && nl.toUpperCase().endsWith('_' + py.toUpperCase())) return true;
        // a NUL-terminated string pyroute2 shows without the NUL
        if (nl === py + '\u0000') return true;
        // bytes nlscope keeps as hex (UNIX_DIAG_NAME is 'binary'), pyroute2 as text (asciiz)
        if (/^([0-9a-f]{2})+$/.test(nl)) {
          const hex = Buffer.from(py, 'utf8').toString('hex');
          if (nl === hex || nl === hex + '00') return true;
        }
        return false;
      }
      if (typeof nl === 'number' || typeof nl === 'boolean') {
        if (NUMERIC.test(py)) return BigInt(py) === BigInt(Number(nl));
        return false;
      }
      return false;
    }
    return JSON.stringify(nl) === JSON.stringify(py);
  }

  private record(path: string, agree: boolean, nl: unknown, py: unknown, kind: 'attr' | 'field') {
    if (TRACE) console.error(`${agree ? 'agree' : 'DIFFER'} ${kind} ${this.frame}#${this.index} ${path}`);
    if (kind === 'attr') this.attrsCompared++; else this.fieldsCompared++;
    if (agree) { if (kind === 'attr') this.attrsAgreed++; else this.fieldsAgreed++; return; }
    const reason = this.knownReason(path, nl, py);
    if (reason) {
      // a known pyroute2 difference: counted as compared-and-explained, not as a disagreement
      if (kind === 'attr') this.attrsAgreed++; else this.fieldsAgreed++;
      this.known.push({ frame: this.frame, index: this.index, path, reason });
      return;
    }
    this.disagreements.push({ frame: this.frame, index: this.index, path, nlscope: nl, pyroute2: py });
  }

  /** A mismatch inside a value that is not a known pyroute2 difference (those are noted here). */
  private real(d: Diff | undefined): d is Diff {
    if (!d) return false;
    if (d.incomparable) return true;
    const reason = this.knownReason(d.path, d.nl, d.py);
    if (!reason) return true;
    this.known.push({ frame: this.frame, index: this.index, path: d.path, reason });
    return false;
  }

  /** Value equality, recursively; returns the first mismatching sub-path or undefined. */
  private valueDiff(nl: unknown, py: unknown, path: string): Diff | undefined {
    if (isObj(py) && ('fields' in py || 'attrs' in py || 'value' in py) && Object.keys(py).every((k) => ['fields', 'attrs', 'value'].includes(k))) {
      if ('value' in py && !('fields' in py) && !('attrs' in py)) return this.valueDiff(nl, py.value, path);
      if (!isObj(nl)) {
        // pyroute2 gave a one-field struct / a nest, nlscope a scalar
        const f = isObj(py.fields) ? Object.values(py.fields) : [];
        if (f.length === 1 && this.scalarEq(nl, f[0])) return undefined;
        return { path, nl, py };
      }
      if (isObj(py.fields)) {
        const nf = flatFields(nl);
        const entries = Object.entries(py.fields).filter(([k]) => !FIELD_IGNORE.has(k));
        // [nlscope path below this struct, value] for a pyroute2 member name
        const lookup = (k: string): [string, unknown] | undefined => {
          if (k in nf) return [k, nf[k]];
          const a = MEMBER_ALIAS[k];
          if (a !== undefined && a in nf) return [a, nf[a]];
          // pyroute2 flattens embedded structs: tc_tbf_qopt `rate_overhead` is rate.overhead
          for (let i = k.indexOf('_'); i > 0; i = k.indexOf('_', i + 1)) {
            const inner = nf[k.slice(0, i)];
            if (isObj(inner) && k.slice(i + 1) in inner) return [`${k.slice(0, i)}.${k.slice(i + 1)}`, inner[k.slice(i + 1)]];
          }
          return undefined;
        };
        const named = entries.filter(([k]) => lookup(k) !== undefined);
        if (named.length) {
          for (const [k, pv] of named) {
            const [nk, nv] = lookup(k)!;
            const d = this.valueDiff(nv, pv, `${path}.${nk}`);
            if (this.real(d)) return d;
          }
        } else if (entries.length) {
          // pyroute2 names the members its own way (ipv4_devconf 'forwarding' for
          // IPV4_DEVCONF_FORWARDING, ...): compare by position. A nest holding one
          // struct-like attribute (AF_INET -> IFLA_INET_CONF) is entered.
          let target: Json = nf;
          const top = Object.entries(target).filter(([k]) => !k.startsWith('@') && !k.endsWith('@'));
          if (top.length === 1 && isObj(top[0][1])) target = top[0][1];
          const nvals = Object.entries(target).filter(([k]) => !k.startsWith('@') && !k.endsWith('@'));
          if (!nvals.length) return { path, nl, py, incomparable: true };
          for (let i = 0; i < Math.min(nvals.length, entries.length); i++) {
            const d = this.valueDiff(nvals[i][1], entries[i][1], `${path}.${nvals[i][0]}~${entries[i][0]}`);
            if (this.real(d)) return d;
          }
        } else return { path, nl, py, incomparable: true };
      }
      return undefined; // nested attrs are compared one by one by compareAttrs
    }
    if (isObj(py) && '@multi' in py && Array.isArray(py['@multi'])) py = py['@multi'];
    else if (isObj(py) && isObj(nl)) {
      // a struct pyroute2 decodes by hand (ifla_bridge_id {prio, addr} ...): key by key,
      // or by position when pyroute2 names the members its own way (u32 key_mask for mask)
      const entries = Object.entries(py).filter(([k]) => !FIELD_IGNORE.has(k));
      const named = entries.filter(([k]) => k in nl);
      if (named.length) {
        for (const [k, pv] of named) {
          const d = this.valueDiff(nl[k], pv, `${path}.${k}`);
          if (this.real(d)) return d;
        }
        return undefined;
      }
      const nvals = Object.entries(nl).filter(([k]) => !k.startsWith('@') && !k.endsWith('@'));
      if (!nvals.length || !entries.length) return { path, nl, py, incomparable: true };
      for (let i = 0; i < Math.min(nvals.length, entries.length); i++) {
        const d = this.valueDiff(nvals[i][1], entries[i][1], `${path}.${nvals[i][0]}~${entries[i][0]}`);
        if (this.real(d)) return d;
      }
      return undefined;
    }
    if (Array.isArray(py)) {
      if (!Array.isArray(nl)) {
        // pyroute2 decodes some u32 pairs (cookies) as tuples / lists of small ints
        return this.scalarEq(nl, py) ? undefined : { path, nl, py };
      }
      if (nl.length !== py.length) {
        // flag list vs pyroute2's list of numbers/names is handled as a scalar
        if (this.scalarEq(nl, py)) return undefined;
        return { path, nl, py };
      }
      for (let i = 0; i < py.length; i++) {
        const d = this.valueDiff(nl[i], py[i], `${path}[${i}]`);
        if (this.real(d)) return d;
      }
      return undefined;
    }
    if (isObj(nl) && !isObj(py)) {
      // an empty nest: pyroute2 shows its (empty) bytes
      if (py === '' && Object.keys(nl).length === 0) return undefined;
      // pyroute2 flattens an embedded struct into the outer one (tc_ratespec `rate` in
      // tc_tbf_qopt: pyroute2's `rate` is the member `rate.rate`)
      const last = path.slice(path.lastIndexOf('.') + 1);
      if (last in nl && !isObj(nl[last])) return this.valueDiff(nl[last], py, `${path}.${last}`);
      // ... and names struct tc_ratespec `ceil` by its `rate` member (tc_htb_opt.ceil.rate)
      if (typeof nl.rate === 'number' && 'linklayer' in nl) return this.valueDiff(nl.rate, py, `${path}.rate`);
      // pyroute2 shows struct fib_rule_uid_range / fib_rule_port_range as "start:end"
      if (typeof py === 'string' && /^\d+:\d+$/.test(py) && 'start' in nl && 'end' in nl) {
        return `${String(nl.start)}:${String(nl.end)}` === py ? undefined : { path, nl, py };
      }
      // nlscope struct of one field, or address objects
      const vals = Object.entries(nl).filter(([k]) => !k.startsWith('@') && !k.endsWith('@'));
      if (vals.length === 1 && this.scalarEq(vals[0][1], py)) return undefined;
      return { path, nl, py };
    }
    if (Array.isArray(nl) && typeof py === 'number') {
      // u32[2] cookie (nlscope) vs u64 (pyroute2), __u8 prio[2] vs pyroute2's native 'H', or a flag list
      if (nl.length >= 2 && nl.length <= 8 && nl.every((x) => typeof x === 'number')) {
        const width = nl.every((x) => (x as number) < 256) && nl.length === 2 ? [8n, 32n] : [32n];
        for (const w of width) {
          const v = nl.reduce<bigint>((acc, x, i) => acc + (BigInt(x as number) << (w * BigInt(i))), 0n);
          if (v === BigInt(py)) return undefined;
        }
      }
      return this.scalarEq(nl, py) ? undefined : { path, nl, py };
    }
    if (typeof nl === 'number' && typeof py === 'string' && COLONHEX.test(py)) {
      // pyroute2 'hex' atoms: the attribute's bytes, host order
      const bytes = py.split(':').map((h) => BigInt(parseInt(h, 16)));
      const v = bytes.reduce((acc, b, i) => acc + (b << (8n * BigInt(i))), 0n);
      return v === BigInt(nl) ? undefined : { path, nl, py };
    }
    return this.scalarEq(nl, py) ? undefined : { path, nl, py };
  }

  /** Fixed header fields: pyroute2 name -> kernel name. */
  compareFields(nl: Json, pyFields: Json | undefined, cls: string, prefix: string) {
    if (!pyFields) return;
    const alias = FIELD_ALIAS[cls] ?? {};
    const nf = flatFields(nl, true);
    for (const [pk, pv] of Object.entries(pyFields)) {
      if (FIELD_IGNORE.has(pk) || FIELD_IGNORE.has(`${pk}@${cls}`)) continue;
      const nk = alias[pk] ?? pk;
      if (!(nk in nf)) continue;
      const path = `${prefix}${nk}`;
      const d = this.valueDiff(nf[nk], pv, path);
      this.record(path, !d, nf[nk], pv, 'field');
    }
  }

  /** Attributes of one level (message top level or a nest). */
  compareAttrs(nl: Json, py0: Json, prefix: string) {
    const nlAttrs = Object.keys(nl).filter((k) => /^[A-Z#]/.test(k) && !k.endsWith('@'));
    const py: Json = {};
    for (const [k, v] of Object.entries(py0)) py[attrName(k)] = v;
    for (const [name, pv0] of Object.entries(py)) {
      const path = `${prefix}${name}`;
      if (!(name in nl)) {
        if (!name.startsWith('#')) this.count(this.pyroute2Only, path);
        continue;
      }
      const nv = nl[name];
      let pv = pv0;
      if (isObj(pv) && '@exception' in pv) { this.count(this.nlscopeOnly, `${path} (pyroute2 raised ${String(pv['@exception'])})`); continue; }
      if (isObj(pv) && '@multi' in pv && Array.isArray(pv['@multi']) && Array.isArray(nv)) {
        const list = pv['@multi'] as unknown[];
        list.forEach((p, i) => this.compareOne(nv[i], p, `${path}[${i}]`));
        if (nv.length !== list.length) this.record(`${path}.length`, false, nv.length, list.length, 'attr');
        continue;
      }
      if (Array.isArray(nv) && !Array.isArray(pv) && isObj(pv) && nv.length === 1 && !isIndexedNest(pv)) { this.compareOne(nv[0], pv, path); continue; }
      this.compareOne(nv, pv, path);
    }
    for (const k of nlAttrs) {
      if (k in py) continue;
      if (k.startsWith('#')) continue;
      // pyroute2 did not know it: which "#N" did it leave?
      this.count(this.nlscopeOnly, k.startsWith('@') ? k : `${prefix}${k}`);
    }
  }

  private compareOne(nv: unknown, pv: unknown, path: string) {
    if (pv === null && nv !== null && nv !== undefined) {
      // pyroute2 declares the attribute 'none': it does not decode it (TCA_MIRRED_TM ...)
      this.count(this.nlscopeOnly, `${path} (pyroute2: 'none', not decoded)`);
      return;
    }
    if (Array.isArray(nv) && isIndexedNest(pv)) {
      const keys = Object.keys(pv.attrs as Json);
      {
        // an indexed array (nlscope: list, child types 1, 2, ...) that pyroute2 names
        // TCA_ACT_PRIO_<type>: child of type N is nlscope's element N-1
        for (const k of keys) {
          const n = Number(/(\d+)$/.exec(k)![1]);
          if (k.startsWith('#')) continue;
          this.compareOne(nv[n - 1], (pv.attrs as Json)[k], `${path}[${n - 1}]`);
        }
        return;
      }
    }
    if (typeof nv === 'string' && /^([0-9a-f]{2})+$/.test(nv) && isObj(pv) && ('fields' in pv || 'attrs' in pv)) {
      // nlscope keeps the bytes raw where pyroute2 decodes them
      this.count(this.pyroute2Only, `${path} (nlscope: raw hex)`);
      return;
    }
    if (isObj(nv) && typeof pv === 'string' && COLONHEX.test(pv)) {
      // pyroute2 keeps the bytes raw ('hex') where nlscope decodes a nest or struct
      this.count(this.nlscopeOnly, `${path} (pyroute2: raw hex)`);
      return;
    }
    if (isObj(pv) && Object.keys(pv).every((k) => ['fields', 'attrs', 'value'].includes(k)) && ('fields' in pv || 'attrs' in pv)) {
      const pAttrs = isObj(pv.attrs) ? pv.attrs : undefined;
      const hasFields = isObj(pv.fields) && Object.keys(pv.fields).some((k) => !FIELD_IGNORE.has(k));
      if (hasFields || !pAttrs) {
        const d = this.valueDiff(nv, { fields: pv.fields ?? {} }, path);
        if (d?.incomparable) this.count(this.incomparable, d.path);
        else this.record(d?.path ?? path, !d, d?.nl ?? nv, d?.py ?? pv, 'attr');
      }
      if (pAttrs) {
        if (isObj(nv)) this.compareAttrs(nv, pAttrs, `${path}.`);
        else if (Object.keys(pAttrs).length) this.record(path, false, nv, pv, 'attr');
      }
      return;
    }
    if (Array.isArray(pv) && Array.isArray(nv) && pv.length && pv.every((x) => isObj(x) && ('fields' in x || 'attrs' in x))) {
      // a list of records (RTA_MULTIPATH: struct rtnexthop + attributes each)
      if (nv.length !== pv.length) { this.record(`${path}.length`, false, nv.length, pv.length, 'attr'); return; }
      pv.forEach((p, i) => this.compareOne(nv[i], p, `${path}[${i}]`));
      return;
    }
    const d = this.valueDiff(nv, pv, path);
    if (d?.incomparable) this.count(this.incomparable, d.path);
    else this.record(d?.path ?? path, !d, d?.nl ?? nv, d?.py ?? pv, 'attr');
  }

  count(m: Record<string, number>, path: string) {
    const key = path.replace(/\[\d+\]/g, '[]');
    m[key] = (m[key] ?? 0) + 1;
  }
}

/** nlscope's header in numbers. */
function nlHeaderNumbers(h: Json, names: NameMap, protocol: number, session?: Session): { len: unknown; type: unknown; flags: number | undefined; seq: unknown; pid: unknown } {
  let type: unknown = h.type;
  const proto = protocolById(protocol);
  // generic netlink: a family name is the id the capture gave it; an id not yet named stays its number
  if (typeof type === 'string') {
    type = NLMSG.byName.get(type) ?? proto?.byName.get(type)?.type ?? proto?.resolveName?.(type, session)?.type ?? (/^\d+$/.test(type) ? Number(type) : type);
  }
  let flags: number | undefined;
  if (Array.isArray(h.flags)) {
    flags = 0;
    for (const n of h.flags as string[]) {
      const m = HEXNUM.test(n) ? Number(n) : [...(FLAGS.get(n) ?? names.get(n) ?? [])][0];
      if (m === undefined) { flags = undefined; break; }
      flags |= m;
    }
  }
  return { len: h.len, type, flags, seq: h.seq, pid: h.pid };
}

export async function compareFile(file: string): Promise<CompareResult> {
  const session = new Session();
  const [nlMsgs, pyMsgs] = await Promise.all([runNlscope(file, session), runPyroute2(file)]);
  return compareMessages(file, nlMsgs, pyMsgs, session);
}

/** Compares the two decoders' messages of one capture (matched by frame and index). */
export async function compareMessages(file: string, nlMsgs: Json[], pyMsgs: PyMessage[], session?: Session): Promise<CompareResult> {
  const names = await enumNames();
  const byKey = new Map(nlMsgs.map((m) => [`${m.frame}/${m.index}`, m]));
  const c = new Comparer(names);
  const skipped: Record<string, number> = {};
  let compared = 0;
  let exceptions = 0;
  let hCompared = 0;
  let hAgreed = 0;

  const compareHeader = (nlH: Json, pyH: PyMessage['header'], protocol: number, path: string, frame: number, index: number) => {
    const n = nlHeaderNumbers(nlH, names, protocol, session);
    hCompared++;
    const bad: string[] = [];
    if (n.len !== pyH.len) bad.push('len');
    if (n.type !== pyH.type) bad.push('type');
    if (n.flags !== pyH.flags) bad.push('flags');
    if (n.seq !== pyH.seq) bad.push('seq');
    if (n.pid !== pyH.pid) bad.push('pid');
    if (!bad.length) hAgreed++;
    else c.disagreements.push({ frame, index, path: `${path}header(${bad.join(',')})`, nlscope: n, pyroute2: pyH });
  };

  for (const p of pyMsgs) {
    const nl = byKey.get(`${p.frame}/${p.index}`);
    if (!nl) { skipped['not in nlscope output'] = (skipped['not in nlscope output'] ?? 0) + 1; continue; }
    // kobject uevents have no nlmsghdr: nothing for pyroute2's netlink parser to compare
    if (!isObj(nl.header)) { skipped['unframed packet (no nlmsghdr)'] = (skipped['unframed packet (no nlmsghdr)'] ?? 0) + 1; continue; }
    c.at(p.frame, p.index);
    compared++;
    compareHeader(nl.header as Json, p.header, p.protocol, '', p.frame, p.index);
    if (p.exception) { exceptions++; skipped[`pyroute2 exception: ${p.exception}`] = (skipped[`pyroute2 exception: ${p.exception}`] ?? 0) + 1; continue; }
    if (p.skip) { skipped[p.skip] = (skipped[p.skip] ?? 0) + 1; continue; }
    if (p.error !== undefined) c.compareFields(nl, { error: p.error }, 'nlmsgerr', '');
    const level = (nlObj: Json, pm: PyMessage, prefix: string) => {
      if (pm.class) c.compareFields(nlObj, pm.fields, pm.class, prefix);
      if (pm.attrs) c.compareAttrs(nlObj, pm.attrs, prefix);
    };
    level(nl, p, '');
    if (p.msg && isObj(nl.msg)) {
      const echo = nl.msg as Json;
      compareHeader(echo.header as Json, p.msg.header, p.protocol, 'msg.', p.frame, p.index);
      if (p.msg.skip) skipped[`echo: ${p.msg.skip}`] = (skipped[`echo: ${p.msg.skip}`] ?? 0) + 1;
      else level(echo, p.msg, 'msg.');
    }
  }
  return {
    file,
    messages: { nlscope: nlMsgs.length, pyroute2: pyMsgs.length, compared, skipped, exceptions },
    header: { compared: hCompared, agreed: hAgreed },
    fields: { compared: c.fieldsCompared, agreed: c.fieldsAgreed },
    attrs: {
      compared: c.attrsCompared, agreed: c.attrsAgreed,
      percent: c.attrsCompared ? (100 * c.attrsAgreed) / c.attrsCompared : 100,
    },
    disagreements: c.disagreements,
    known: c.known,
    nlscopeOnly: c.nlscopeOnly,
    pyroute2Only: c.pyroute2Only,
    incomparable: c.incomparable,
  };
}

// ------------------------------------------------------------------ report

const show = (v: unknown) => { const s = JSON.stringify(v); return s && s.length > 160 ? s.slice(0, 157) + '...' : s; };

export function formatDisagreements(r: CompareResult): string {
  return r.disagreements.map((d) => `  frame ${d.frame}#${d.index} ${d.path}: nlscope ${show(d.nlscope)} | pyroute2 ${show(d.pyroute2)}`).join('\n');
}

export function formatReport(r: CompareResult): string {
  const pct = (a: number, b: number) => (b ? ((100 * a) / b).toFixed(2) : '100.00') + '%';
  const lines = [
    `== ${r.file}`,
    `messages: nlscope ${r.messages.nlscope}, pyroute2 ${r.messages.pyroute2}, compared ${r.messages.compared}` +
      (r.messages.exceptions ? `, pyroute2 exceptions ${r.messages.exceptions}` : ''),
    `headers: ${r.header.agreed}/${r.header.compared} agree (${pct(r.header.agreed, r.header.compared)})`,
    `fixed fields: ${r.fields.agreed}/${r.fields.compared} agree (${pct(r.fields.agreed, r.fields.compared)})`,
    `attributes: ${r.attrs.agreed}/${r.attrs.compared} agree (${r.attrs.percent.toFixed(2)}%; known pyroute2 differences count as agreed, ${r.known.length} noted)`,
  ];
  const sk = Object.entries(r.messages.skipped);
  if (sk.length) lines.push('not decoded by pyroute2 (header compared only):', ...sk.map(([k, n]) => `  ${n} x ${k}`));
  lines.push(`disagreements: ${r.disagreements.length}`);
  if (r.disagreements.length) lines.push(formatDisagreements(r));
  if (r.known.length) {
    const byReason = new Map<string, number>();
    for (const k of r.known) byReason.set(`${k.path.replace(/\[\d+\]/g, '[]')}: ${k.reason}`, (byReason.get(`${k.path.replace(/\[\d+\]/g, '[]')}: ${k.reason}`) ?? 0) + 1);
    lines.push('known pyroute2 differences:', ...[...byReason].map(([k, n]) => `  ${n} x ${k}`));
  }
  const list = (m: Record<string, number>) => Object.entries(m).sort().map(([k, n]) => `  ${k} (${n})`);
  const no = list(r.nlscopeOnly);
  if (no.length) lines.push('decoded by nlscope, not by pyroute2 (pyroute2 leaves them unknown or lacks them):', ...no);
  const po = list(r.pyroute2Only);
  if (po.length) lines.push('decoded by pyroute2, not by nlscope:', ...po);
  const ic = list(r.incomparable);
  if (ic.length) lines.push('decoded by both, nothing in common to compare:', ...ic);
  return lines.join('\n');
}

async function main(argv: string[]) {
  const json = argv.includes('--json');
  const files = argv.filter((a) => a !== '--json');
  if (!files.length) {
    console.error('usage: compare-pyroute2.ts [--json] FILE.pcap...');
    return;
  }
  if (!pyroute2Available()) {
    console.error(`${PYTHON} cannot import pyroute2 (Debian package python3-pyroute2): nothing compared`);
    return;
  }
  const results: CompareResult[] = [];
  for (const f of files) {
    try { results.push(await compareFile(f)); } catch (e) { console.error(`${f}: ${(e as Error).message}`); }
  }
  if (json) process.stdout.write(JSON.stringify(results, null, 2) + '\n');
  else console.log(results.map(formatReport).join('\n\n'));
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main(process.argv.slice(2)).catch((e) => { console.error(e); }).finally(() => { process.exitCode = 0; });
}
