// Hostile variants of valid netlink bytes: each breaks one rule (lengths that lie, bad nesting,
// truncation, misalignment, huge counts, deep nesting, unknown types, bit flips) and says which,
// with the problem codes the decoder must report when the rule guarantees one (`expect`).
// Where the attributes are comes from the decoder's own byte map (trace), so nothing here
// knows a family. Built from fast-check combinators: hostile inputs shrink too.
import fc, { type Arbitrary } from 'fast-check';
import type { Direction } from '../codec/schema.js';
import type { Span } from '../codec/context.js';
import { decodePacket } from '../codec/message.js';
import { MAX_NEST_DEPTH } from '../codec/attrs.js';

export interface ValidBytes { bytes: Uint8Array; protocol: number; direction: Direction }

export const RULES = [
  'nlmsg-len-big', 'nlmsg-len-small', 'nlmsg-len-lie', 'nla-len-big', 'nla-len-small', 'bad-nesting',
  'truncation', 'misalignment', 'huge-count', 'deep-nesting', 'unknown-type', 'bit-flip',
] as const;
export type Rule = typeof RULES[number];

export interface Hostile extends ValidBytes {
  rule: Rule;
  /** what exactly was changed */
  detail: string;
  /** problem codes of which the decoder must report at least one (empty: no guarantee) */
  expect: string[];
}

interface Msg { off: number; len: number }
interface Attr {
  off: number; len: number; name: string; declared: boolean; arrayItem: boolean;
  /** end of the region the walker of this attribute reads (parent value or message) */
  regionEnd: number;
  /** offsets of enclosing attributes (outermost first) and of the message */
  ancestors: number[]; msg: number;
  children: Attr[];
}

interface Info { v: ValidBytes; msgs: Msg[]; attrs: Attr[] }

const u16 = (b: Uint8Array, o: number) => b[o] | (b[o + 1] << 8);
const u32 = (b: Uint8Array, o: number) => (b[o] | (b[o + 1] << 8) | (b[o + 2] << 16)) + b[o + 3] * 0x1000000;
const put16 = (b: Uint8Array, o: number, v: number) => { b[o] = v & 0xff; b[o + 1] = (v >> 8) & 0xff; };
const put32 = (b: Uint8Array, o: number, v: number) => { put16(b, o, v & 0xffff); put16(b, o + 2, Math.floor(v / 0x10000) & 0xffff); };
const align4 = (n: number) => (n + 3) & ~3;

function analyze(v: ValidBytes): Info {
  const b = v.bytes;
  const msgs: Msg[] = [];
  for (let pos = 0; b.length - pos >= 16;) {
    const len = u32(b, pos);
    if (len < 16 || len > b.length - pos) break;
    msgs.push({ off: pos, len });
    pos += align4(len);
  }
  const attrs: Attr[] = [];
  const spans = decodePacket(b, { protocol: v.protocol, direction: v.direction, trace: true }).spans ?? [];
  const visit = (s: Span, parent: Attr | undefined, msg: Msg | undefined, ok: boolean) => {
    if (s.role === 'message') {
      // only top-level messages: an echoed request's region is not its own nlmsg_len
      const m = parent === undefined && msg === undefined ? msgs.find((x) => x.off === s.offset) : undefined;
      for (const c of s.children ?? []) visit(c, undefined, m ?? msg, m !== undefined);
      return;
    }
    if (s.role === 'attr' && msg && ok) {
      const last = s.path.split(' > ').pop()!;
      const len = u16(b, s.offset);
      const a: Attr = {
        off: s.offset, len, name: last, declared: !last.startsWith('#'), arrayItem: /\]$/.test(last),
        regionEnd: parent ? parent.off + parent.len : msg.off + msg.len,
        ancestors: parent ? [...parent.ancestors, parent.off] : [], msg: msg.off, children: [],
      };
      attrs.push(a);
      parent?.children.push(a);
      for (const c of s.children ?? []) visit(c, a, msg, true);
      return;
    }
    // records, structs: attributes below them have other regions; skip them
    for (const c of s.children ?? []) visit(c, parent, msg, s.role === 'struct' ? ok : false);
  };
  for (const s of spans) visit(s, undefined, undefined, false);
  return { v, msgs, attrs };
}

const pick = <T>(xs: readonly T[]) => fc.nat({ max: xs.length - 1 }).map((i) => xs[i]!);

function out(info: Info, bytes: Uint8Array, rule: Rule, detail: string, expect: string[] = []): Hostile {
  return { bytes, protocol: info.v.protocol, direction: info.v.direction, rule, detail, expect };
}

function copy(b: Uint8Array): Uint8Array { return new Uint8Array(b); }

function insert(b: Uint8Array, at: number, extra: Uint8Array): Uint8Array {
  const r = new Uint8Array(b.length + extra.length);
  r.set(b.subarray(0, at));
  r.set(extra, at);
  r.set(b.subarray(at), at + extra.length);
  return r;
}

/** Grows the lengths of the message and the attributes around an insertion of k bytes. */
function grow(b: Uint8Array, a: { ancestors: number[]; msg: number }, k: number): boolean {
  for (const o of a.ancestors) { if (u16(b, o) + k > 0xffff) return false; }
  for (const o of a.ancestors) put16(b, o, u16(b, o) + k);
  put32(b, a.msg, u32(b, a.msg) + k);
  return true;
}

const overrunOr = (a: Attr, code: string) => (a.declared ? [a.arrayItem ? 'nla-len-overrun' : code] : []);

type Maker = (info: Info) => Arbitrary<Hostile> | undefined;

const MAKERS: Record<Rule, Maker> = {
  'nlmsg-len-big': (i) => i.msgs.length ? fc.tuple(pick(i.msgs), fc.nat({ max: 0xffff })).map(([m, extra]) => {
    const b = copy(i.v.bytes);
    const len = Math.min(b.length - m.off + 1 + extra, 0xffffffff);
    put32(b, m.off, len);
    return out(i, b, 'nlmsg-len-big', `message at ${m.off}: nlmsg_len ${m.len} -> ${len}`, ['nlmsg-len-overrun']);
  }) : undefined,
  'nlmsg-len-small': (i) => i.msgs.length ? fc.tuple(pick(i.msgs), fc.nat({ max: 15 })).map(([m, len]) => {
    const b = copy(i.v.bytes);
    put32(b, m.off, len);
    return out(i, b, 'nlmsg-len-small', `message at ${m.off}: nlmsg_len ${m.len} -> ${len}`, ['nlmsg-len-short']);
  }) : undefined,
  'nlmsg-len-lie': (i) => i.msgs.length ? fc.tuple(pick(i.msgs), fc.nat()).map(([m, r]) => {
    const b = copy(i.v.bytes);
    const room = b.length - m.off;
    let len = 16 + (r % Math.max(1, room - 15));
    if (len === m.len) len = len > 16 ? len - 1 : Math.min(room, len + 1);
    put32(b, m.off, len);
    return out(i, b, 'nlmsg-len-lie', `message at ${m.off}: nlmsg_len ${m.len} -> ${len} (inside the packet)`);
  }) : undefined,
  'nla-len-big': (i) => i.attrs.length ? fc.tuple(pick(i.attrs), fc.nat({ max: 0xffff })).map(([a, extra]) => {
    const b = copy(i.v.bytes);
    const need = a.regionEnd - a.off + 1;
    const len = Math.min(need + extra, 0xffff);
    put16(b, a.off, len);
    return out(i, b, 'nla-len-big', `${a.name} at ${a.off}: nla_len ${a.len} -> ${len}`, len >= need ? overrunOr(a, 'nla-len-overrun') : []);
  }) : undefined,
  'nla-len-small': (i) => i.attrs.length ? fc.tuple(pick(i.attrs), fc.nat({ max: 3 })).map(([a, len]) => {
    const b = copy(i.v.bytes);
    put16(b, a.off, len);
    return out(i, b, 'nla-len-small', `${a.name} at ${a.off}: nla_len ${a.len} -> ${len}`, overrunOr(a, 'nla-len-short'));
  }) : undefined,
  'bad-nesting': (i) => {
    const nests = i.attrs.filter((a) => a.children.length && a.children[a.children.length - 1]!.len > 4);
    const all = i.attrs;
    if (!all.length) return undefined;
    const cut = nests.length ? fc.tuple(pick(nests), fc.nat()).map(([a, r]) => {
      // the nest ends inside its last child: the child claims bytes beyond its parent
      const c = a.children[a.children.length - 1]!;
      const rest = 4 + (r % (c.len - 4));
      const b = copy(i.v.bytes);
      const len = c.off - a.off + rest;
      put16(b, a.off, len);
      return out(i, b, 'bad-nesting', `${a.name} at ${a.off}: nla_len ${a.len} -> ${len}, cutting ${c.name}`, overrunOr(c, 'nla-len-overrun'));
    }) : undefined;
    const flip = pick(all).map((a) => {
      const b = copy(i.v.bytes);
      b[a.off + 3] ^= 0x80; // NLA_F_NESTED on a leaf, or off on a nest
      return out(i, b, 'bad-nesting', `${a.name} at ${a.off}: NLA_F_NESTED toggled`);
    });
    return cut ? fc.oneof(cut, flip) : flip;
  },
  'truncation': (i) => i.msgs.length ? fc.tuple(pick(i.msgs), fc.nat()).map(([m, r]) => {
    const at = m.off + 1 + (r % (m.len - 1));
    return out(i, i.v.bytes.slice(0, at), 'truncation', `cut at ${at}, inside the message at ${m.off} (${m.len} bytes)`, ['short-header', 'nlmsg-len-overrun']);
  }) : undefined,
  'misalignment': (i) => {
    const k = fc.integer({ min: 1, max: 3 });
    const fill = fc.uint8Array({ minLength: 3, maxLength: 3 });
    const betweenMsgs = i.msgs.length ? fc.tuple(pick(i.msgs), k, fill).map(([m, n, f]) => {
      const at = Math.min(m.off + align4(m.len), i.v.bytes.length);
      return out(i, insert(i.v.bytes, at, f.subarray(0, n).map((x) => x | 1)), 'misalignment', `${n} bytes after the message at ${m.off}`);
    }) : undefined;
    const afterAttr = i.attrs.length ? fc.tuple(pick(i.attrs), k, fill).map(([a, n, f]) => {
      const at = Math.min(a.off + align4(a.len), a.regionEnd);
      const b = insert(i.v.bytes, at, f.subarray(0, n));
      const fixed = grow(b, a, n);
      return out(i, fixed ? b : insert(i.v.bytes, at, f.subarray(0, n)), 'misalignment', `${n} bytes after ${a.name} at ${a.off}${fixed ? '' : ' (lengths not fixed)'}`);
    }) : undefined;
    const arbs = [betweenMsgs, afterAttr].filter((x): x is Arbitrary<Hostile> => !!x);
    return arbs.length ? fc.oneof(...arbs) : undefined;
  },
  'huge-count': (i) => {
    if (!i.msgs.length) return undefined;
    const hugeMsg = pick(i.msgs).map((m) => {
      const b = copy(i.v.bytes);
      put32(b, m.off, 0xffffffff);
      return out(i, b, 'huge-count', `message at ${m.off}: nlmsg_len 0xffffffff`, ['nlmsg-len-overrun']);
    });
    const hugeAttr = i.attrs.length ? pick(i.attrs).map((a) => {
      const b = copy(i.v.bytes);
      put16(b, a.off, 0xffff);
      return out(i, b, 'huge-count', `${a.name} at ${a.off}: nla_len 0xffff`, a.regionEnd - a.off < 0xffff ? overrunOr(a, 'nla-len-overrun') : []);
    }) : undefined;
    // thousands of repeats of one attribute appended to a message (count of items, not bytes)
    const many = fc.tuple(pick(i.msgs), fc.integer({ min: 1000, max: 12000 }), fc.integer({ min: 0, max: 0x3fff })).map(([m, n, type]) => {
      const top = i.attrs.find((a) => a.msg === m.off && a.ancestors.length === 0);
      const t = top ? u16(i.v.bytes, top.off + 2) & 0x3fff : type;
      const chunk = new Uint8Array(n * 8);
      for (let k = 0; k < n; k++) { put16(chunk, k * 8, 8); put16(chunk, k * 8 + 2, t); put32(chunk, k * 8 + 4, k); }
      const at = m.off + align4(m.len);
      const b = insert(i.v.bytes, Math.min(at, i.v.bytes.length), chunk);
      put32(b, m.off, align4(m.len) + chunk.length); // the message grows to hold them
      return out(i, b, 'huge-count', `${n} copies of attribute type ${t} after the message at ${m.off}`);
    });
    return fc.oneof(...[hugeMsg, hugeAttr, many].filter((x): x is Arbitrary<Hostile> => !!x));
  },
  'deep-nesting': (i) => i.msgs.length ? fc.tuple(pick(i.msgs), fc.integer({ min: 2, max: 16000 }), fc.integer({ min: 0x3f00, max: 0x3fff })).map(([m, depth, type]) => {
    // `depth` attributes of an unknown type flagged NLA_F_NESTED, each holding the next
    const chain = new Uint8Array(depth * 4);
    for (let k = 0; k < depth; k++) { put16(chain, k * 4, (depth - k) * 4); put16(chain, k * 4 + 2, type | 0x8000); }
    const at = Math.min(m.off + align4(m.len), i.v.bytes.length);
    const b = insert(i.v.bytes, at, chain);
    put32(b, m.off, align4(m.len) + chain.length);
    return out(i, b, 'deep-nesting', `${depth} levels of type ${type}|NLA_F_NESTED after the message at ${m.off}`, depth > MAX_NEST_DEPTH ? ['nest-too-deep'] : []);
  }) : undefined,
  'unknown-type': (i) => {
    const msgType = i.msgs.length ? fc.tuple(pick(i.msgs), fc.integer({ min: 0x7f00, max: 0xffff })).map(([m, t]) => {
      const b = copy(i.v.bytes);
      put16(b, m.off + 4, t);
      return out(i, b, 'unknown-type', `message at ${m.off}: nlmsg_type -> ${t}`);
    }) : undefined;
    const attrType = i.attrs.length ? fc.tuple(pick(i.attrs), fc.integer({ min: 0x3f00, max: 0x3fff })).map(([a, t]) => {
      const b = copy(i.v.bytes);
      put16(b, a.off + 2, (u16(b, a.off + 2) & 0xc000) | t);
      return out(i, b, 'unknown-type', `${a.name} at ${a.off}: nla_type -> ${t}`);
    }) : undefined;
    const arbs = [msgType, attrType].filter((x): x is Arbitrary<Hostile> => !!x);
    return arbs.length ? fc.oneof(...arbs) : undefined;
  },
  'bit-flip': (i) => i.v.bytes.length ? fc.tuple(fc.nat({ max: i.v.bytes.length - 1 }), fc.nat({ max: 7 })).map(([at, bit]) => {
    const b = copy(i.v.bytes);
    b[at] ^= 1 << bit;
    return out(i, b, 'bit-flip', `byte ${at} bit ${bit}`);
  }) : undefined,
};

/** Hostile variants of the valid inputs: one broken rule each (of `rules`, default all). */
export function hostileArb(valid: Arbitrary<ValidBytes>, rules: readonly Rule[] = RULES): Arbitrary<Hostile> {
  return valid.chain((v) => {
    const info = analyze(v);
    const arbs = rules.map((r) => MAKERS[r](info)).filter((x): x is Arbitrary<Hostile> => !!x);
    if (!arbs.length) return fc.constant(out(info, v.bytes, 'bit-flip', 'nothing to break (empty input)'));
    return fc.oneof(...arbs);
  });
}
