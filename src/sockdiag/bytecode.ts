// INET_DIAG_REQ_BYTECODE: the inet_diag_bc_op filter programs of `ss` (linux/inet_diag.h).
//
// A program is a sequence of struct inet_diag_bc_op {u8 code; u8 yes; u16 no} with operands. The kernel
// (inet_diag_bc_run) starts at offset 0; after each op it skips `yes` bytes when the condition holds,
// `no` bytes when not; landing exactly on the end accepts the socket, anywhere else past it (ss uses
// end + 4) rejects. JMP always takes `no`, NOP always takes `yes`.
//
// compile(expr) builds the bytes exactly as iproute2's ss (ssfilter_bytecompile) does, so the output is
// byte-identical to what `ss` sends for the same filter (checked against ss 6.1 in the tests).
// decompile(bytes) inverts that layout (NOT = X + JMP{4,8}; OR = A + JMP{4,len(B)+4} + B; AND = A + B with
// A's rejects relocated) and falls back to a generic if-then-else reading for other programs.
import { formatIp4, formatIp6, parseIp4, parseIp6 } from '../wire/bytes.js';

/** INET_DIAG_BC_* (linux/inet_diag.h). */
export const BC = {
  NOP: 0, JMP: 1, S_GE: 2, S_LE: 3, D_GE: 4, D_LE: 5, AUTO: 6, S_COND: 7, D_COND: 8,
  DEV_COND: 9, MARK_COND: 10, S_EQ: 11, D_EQ: 12, CGROUP_COND: 13,
} as const;
export const BC_NAMES: Record<number, string> = Object.fromEntries(Object.entries(BC).map(([k, v]) => [v, `INET_DIAG_BC_${k}`]));

const AF_UNSPEC = 0, AF_INET = 2, AF_INET6 = 10;

// ---------------------------------------------------------------- expression tree

export type Cond =
  | { kind: 'host'; dir: 'src' | 'dst'; family: number; prefix: number; port: number; addr: Uint8Array } // S_COND / D_COND
  | { kind: 'port'; dir: 'src' | 'dst'; op: 'ge' | 'le' | 'eq'; port: number } // S_GE ... D_EQ
  | { kind: 'dev'; ifindex: number; name?: string }
  | { kind: 'mark'; mark: number; mask: number }
  | { kind: 'cgroup'; id: bigint }
  | { kind: 'auto' }
  | { kind: 'nop' }
  | { kind: 'unix'; dir: 'src' | 'dst'; pattern: string } // a unix socket's path, matched by ss itself (no bytecode)
  | { kind: 'raw'; code: number; bytes: Uint8Array }; // an op this module cannot name (kept for printing only)

export type Expr =
  | { kind: 'cond'; cond: Cond }
  | { kind: 'not'; e: Expr }
  | { kind: 'and' | 'or'; l: Expr; r: Expr }
  | { kind: 'true' }
  | { kind: 'false' };

export class BytecodeError extends Error {}

// ---------------------------------------------------------------- compile (as ss does)

const op = (code: number, yes: number, no: number): number[] => [code, yes, no & 0xff, (no >> 8) & 0xff];
const u32 = (v: number): number[] => [v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff];

function compileCond(c: Cond): number[] {
  switch (c.kind) {
    case 'host': {
      // ss: oplen = 4 + sizeof(hostcond) + (AF_INET6 ? 16 : 4); yes = oplen, no = oplen + 4
      const alen = c.family === AF_INET6 ? 16 : 4;
      const oplen = 4 + 8 + alen;
      const addr = new Array<number>(alen).fill(0);
      for (let i = 0; i < Math.min(alen, c.addr.length); i++) addr[i] = c.addr[i]!;
      return [...op(c.dir === 'src' ? BC.S_COND : BC.D_COND, oplen, oplen + 4), c.family, c.prefix, 0, 0, ...u32(c.port), ...addr];
    }
    case 'port': {
      const code = c.op === 'eq' ? (c.dir === 'src' ? BC.S_EQ : BC.D_EQ)
        : c.op === 'ge' ? (c.dir === 'src' ? BC.S_GE : BC.D_GE) : (c.dir === 'src' ? BC.S_LE : BC.D_LE);
      return [...op(code, 8, 12), ...op(0, 0, c.port)];
    }
    case 'dev': return [...op(BC.DEV_COND, 8, 12), ...u32(c.ifindex)];
    case 'mark': return [...op(BC.MARK_COND, 12, 16), ...u32(c.mark), ...u32(c.mask)];
    case 'cgroup': {
      const lo = Number(c.id & 0xffffffffn), hi = Number(c.id >> 32n);
      return [...op(BC.CGROUP_COND, 12, 16), ...u32(lo), ...u32(hi)];
    }
    case 'auto': return op(BC.AUTO, 4, 8);
    case 'nop': return op(BC.NOP, 4, 4);
    case 'unix': throw new BytecodeError('a unix socket path is matched by ss, not by a kernel filter');
    case 'raw': throw new BytecodeError(`cannot compile unknown op ${c.code}`);
  }
}

/** ssfilter_patch: ops of `a` (walked by `yes`) that reject (no == remaining + 4) now skip `reloc` more. */
function patch(a: number[], reloc: number): void {
  let pos = 0, len = a.length;
  while (len > 0) {
    const yes = a[pos + 1]!;
    const no = a[pos + 2]! | (a[pos + 3]! << 8);
    if (no === len + 4) { const n = no + reloc; a[pos + 2] = n & 0xff; a[pos + 3] = (n >> 8) & 0xff; }
    if (yes === 0) throw new BytecodeError('op with yes = 0');
    len -= yes; pos += yes;
  }
}

function compileExpr(e: Expr): number[] {
  switch (e.kind) {
    case 'cond': return compileCond(e.cond);
    case 'and': {
      const a = compileExpr(e.l), b = compileExpr(e.r);
      patch(a, b.length);
      return [...a, ...b];
    }
    case 'or': {
      const a = compileExpr(e.l), b = compileExpr(e.r);
      return [...a, ...op(BC.JMP, 4, b.length + 4), ...b];
    }
    case 'not': return [...compileExpr(e.e), ...op(BC.JMP, 4, 8)];
    case 'true': return op(BC.NOP, 4, 4);
    case 'false': return [...op(BC.NOP, 4, 4), ...op(BC.JMP, 4, 8)];
  }
}

export interface CompileOptions {
  /** ifindex of a device name (`dev = eth0`); default: /sys/class/net/NAME/ifindex */
  ifindex?: (name: string) => number | undefined;
  /** only unix sockets are selected (ss -x): `src PATTERN` is a path pattern, as `src unix:PATTERN` always is */
  unix?: boolean;
}

/** Compiles an ss filter expression into INET_DIAG_REQ_BYTECODE bytes (as `ss` builds them). */
export function compile(expr: string | Expr, opts: CompileOptions = {}): Uint8Array {
  const tree = typeof expr === 'string' ? parse(expr, opts) : expr;
  const bytes = compileExpr(tree);
  if (bytes.length > 0xffff - 4) throw new BytecodeError('program too long for one attribute');
  return Uint8Array.from(bytes);
}

// ---------------------------------------------------------------- expression parser (ss syntax)

type Tok = { t: string; pos: number };

function tokenize(s: string): Tok[] {
  const out: Tok[] = [];
  const re = /\s*(\(|\)|!=|==|>=|<=|&&|\|\||[!&|=<>]|[^\s()!=<>&|]+)/y;
  let m: RegExpExecArray | null;
  re.lastIndex = 0;
  while (re.lastIndex < s.length && (m = re.exec(s))) out.push({ t: m[1]!, pos: m.index });
  if (re.lastIndex < s.length && s.slice(re.lastIndex).trim()) throw new BytecodeError(`cannot read "${s.slice(re.lastIndex)}"`);
  return out;
}

const EQ = new Set(['=', '==', 'eq']);
const NE = new Set(['!=', 'ne', 'neq']);
const GE = new Set(['>=', 'ge', 'geq']);
const LE = new Set(['<=', 'le', 'leq']);
const GT = new Set(['>', 'gt']);
const LT = new Set(['<', 'lt']);

/** Parses an ss filter expression (`dport = :8080 or sport = :9000`, `src 192.0.2.0/24`, `not (...)`). */
export function parse(s: string, opts: CompileOptions = {}): Expr {
  const toks = tokenize(s);
  let i = 0;
  const peek = () => toks[i]?.t;
  const next = () => {
    const t = toks[i++];
    if (!t) throw new BytecodeError('unexpected end of expression');
    return t.t;
  };
  const expect = (t: string) => { if (next() !== t) throw new BytecodeError(`expected "${t}"`); };

  // ss's grammar (ssfilter.y) gives `and` and `or` the same precedence, left to right:
  // `a or b and c` is `(a or b) and c` (checked against ss 6.1's bytecode).
  function orExpr(): Expr {
    let l = unary();
    for (;;) {
      const t = peek();
      if (t === 'or' || t === '|' || t === '||') { i++; l = { kind: 'or', l, r: unary() }; continue; }
      if (t === 'and' || t === '&' || t === '&&') { i++; l = { kind: 'and', l, r: unary() }; continue; }
      if (t === undefined || t === ')') return l;
      l = { kind: 'and', l, r: unary() }; // juxtaposition means and
    }
  }
  function unary(): Expr {
    const t = peek();
    if (t === 'not' || t === '!') { i++; return { kind: 'not', e: unary() }; }
    if (t === '(') { i++; const e = orExpr(); expect(')'); return e; }
    return cond();
  }
  function cond(): Expr {
    const t = next();
    const c = (x: Cond): Expr => ({ kind: 'cond', cond: x });
    const not = (e: Expr): Expr => ({ kind: 'not', e });
    switch (t) {
      case 'sport': case 'dport': {
        const dir = t === 'sport' ? 'src' : 'dst';
        let o = peek() ?? '';
        if ([EQ, NE, GE, LE, GT, LT].some((set) => set.has(o))) i++; else o = '=';
        const port = parsePort(next());
        const hc = (): Expr => c({ kind: 'host', dir, family: AF_UNSPEC, prefix: 0, port, addr: new Uint8Array(4) });
        if (EQ.has(o)) return hc();
        if (NE.has(o)) return not(hc());
        if (GE.has(o)) return c({ kind: 'port', dir, op: 'ge', port });
        if (LE.has(o)) return c({ kind: 'port', dir, op: 'le', port });
        if (GT.has(o)) return not(c({ kind: 'port', dir, op: 'le', port }));
        return not(c({ kind: 'port', dir, op: 'ge', port })); // <
      }
      case 'src': case 'dst': {
        let negate = false;
        if (EQ.has(peek() ?? '')) i++;
        else if (NE.has(peek() ?? '')) { i++; negate = true; }
        const v = next();
        const h = c(opts.unix || v.startsWith('unix:') ? { kind: 'unix', dir: t, pattern: v.replace(/^unix:/, '') } : parseHost(t, v));
        return negate ? not(h) : h;
      }
      case 'sport==': case 'dport==': break;
      case 'dev': {
        let negate = false;
        if (EQ.has(peek() ?? '')) i++;
        else if (NE.has(peek() ?? '')) { i++; negate = true; }
        const v = next();
        const ifindex = /^\d+$/.test(v) ? Number(v) : (opts.ifindex ?? sysIfindex)(v);
        if (ifindex === undefined) throw new BytecodeError(`unknown device "${v}"${opts.ifindex ? '' : ' (not in this namespace)'}`);
        const d = c({ kind: 'dev', ifindex, name: /^\d+$/.test(v) ? undefined : v });
        return negate ? not(d) : d;
      }
      case 'fwmark': {
        let negate = false;
        if (EQ.has(peek() ?? '')) i++;
        else if (NE.has(peek() ?? '')) { i++; negate = true; }
        const [m, k] = next().split('/');
        const mark = Number(m), mask = k === undefined ? 0xffffffff : Number(k);
        if (!Number.isInteger(mark) || !Number.isInteger(mask) || mark < 0 || mask < 0 || mark > 0xffffffff || mask > 0xffffffff) throw new BytecodeError(`bad fwmark "${m}/${k}"`);
        const e = c({ kind: 'mark', mark, mask });
        return negate ? not(e) : e;
      }
      case 'cgroup': {
        let negate = false;
        if (EQ.has(peek() ?? '')) i++;
        else if (NE.has(peek() ?? '')) { i++; negate = true; }
        const v = next();
        if (!/^\d+$/.test(v)) throw new BytecodeError(`cgroup wants a cgroup id here (number), got "${v}"`);
        const e = c({ kind: 'cgroup', id: BigInt(v) });
        return negate ? not(e) : e;
      }
      case 'autobound': return c({ kind: 'auto' });
      case 'nop': return c({ kind: 'nop' });
      case 'true': return { kind: 'true' };
      case 'false': return { kind: 'false' };
    }
    throw new BytecodeError(`unknown condition "${t}"`);
  }
  const e = orExpr();
  if (i < toks.length) throw new BytecodeError(`unexpected "${toks[i]!.t}"`);
  return e;
}

function sysIfindex(name: string): number | undefined {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const fs = process.getBuiltinModule?.('node:fs') as typeof import('node:fs') | undefined;
    const v = fs?.readFileSync(`/sys/class/net/${name}/ifindex`, 'utf8');
    return v === undefined ? undefined : Number(v.trim());
  } catch { return undefined; }
}

function parsePort(s: string): number {
  const v = s.startsWith(':') ? s.slice(1) : s;
  if (!/^\d+$/.test(v) || Number(v) > 65535) throw new BytecodeError(`bad port "${s}" (numbers only)`);
  return Number(v);
}

/** `*`, `:80`, `*:80`, `10.0.0.1`, `10.0.0.0/8`, `10.0.0.1:80`, `2001:db8::/32`, `[2001:db8::1]`, `[::1]:443`. */
function parseHost(dir: 'src' | 'dst', s: string): Cond {
  const host = (family: number, addr: Uint8Array, prefix: number, port: number): Cond => ({ kind: 'host', dir, family, prefix, port, addr });
  if (s === '*' || s === '*:*') return host(AF_UNSPEC, new Uint8Array(4), 0, -1);
  let m = /^\*?:(\d+)$/.exec(s);
  if (m) return host(AF_UNSPEC, new Uint8Array(4), 0, parsePort(m[1]!));
  m = /^\[([0-9a-fA-F:.]+)\](?:\/(\d+))?(?::(\d+|\*))?$/.exec(s);
  if (m) {
    const a = parseIp6(m[1]!);
    if (!a) throw new BytecodeError(`bad IPv6 address "${m[1]}"`);
    return host(AF_INET6, a, prefixOf(m[2], 128), m[3] === undefined || m[3] === '*' ? -1 : parsePort(m[3]));
  }
  m = /^(\d+\.\d+\.\d+\.\d+)(?:\/(\d+))?(?::(\d+|\*))?$/.exec(s);
  if (m) {
    const a = parseIp4(m[1]!);
    if (!a) throw new BytecodeError(`bad IPv4 address "${m[1]}"`);
    return host(AF_INET, a, prefixOf(m[2], 32), m[3] === undefined || m[3] === '*' ? -1 : parsePort(m[3]));
  }
  m = /^([0-9a-fA-F:.]*:[0-9a-fA-F:.]*)(?:\/(\d+))?$/.exec(s);
  if (m) {
    const a = parseIp6(m[1]!);
    if (a) return host(AF_INET6, a, prefixOf(m[2], 128), -1);
  }
  throw new BytecodeError(`bad host "${s}" (addresses and ports only, no names)`);
}

function prefixOf(s: string | undefined, max: number): number {
  if (s === undefined) return max;
  const v = Number(s);
  if (!Number.isInteger(v) || v > max) throw new BytecodeError(`bad prefix length /${s}`);
  return v;
}

// ---------------------------------------------------------------- printing

function condText(c: Cond, names?: Record<number, string>): string {
  const side = (dir: 'src' | 'dst') => (dir === 'src' ? 'sport' : 'dport');
  switch (c.kind) {
    case 'host': {
      if (c.family === AF_UNSPEC) return c.port === -1 ? `${c.dir} *` : `${side(c.dir)} = :${c.port}`;
      const port = c.port === -1 ? '' : `:${c.port}`;
      if (c.family === AF_INET) {
        const a = c.addr.length >= 4 ? formatIp4(c.addr, 0) : '?';
        return `${c.dir} ${a}${c.prefix === 32 ? '' : `/${c.prefix}`}${port}`;
      }
      if (c.family === AF_INET6) {
        const a = c.addr.length >= 16 ? formatIp6(c.addr, 0) : '?';
        if (!port && c.prefix !== 128) return `${c.dir} ${a}/${c.prefix}`;
        return `${c.dir} [${a}]${c.prefix === 128 ? '' : `/${c.prefix}`}${port}`;
      }
      return `${c.dir} family(${c.family})`;
    }
    case 'port': return `${side(c.dir)} ${c.op === 'ge' ? '>=' : c.op === 'le' ? '<=' : 'eq'} :${c.port}`;
    case 'dev': return `dev = ${c.name ?? names?.[c.ifindex] ?? c.ifindex}`;
    case 'mark': return `fwmark = 0x${c.mark.toString(16)}/0x${c.mask.toString(16)}`;
    case 'cgroup': return `cgroup ${c.id}`;
    case 'auto': return 'autobound';
    case 'nop': return 'nop';
    case 'unix': return `${c.dir} unix:${c.pattern}`;
    case 'raw': return `op(${c.code})`;
  }
}

/** Whether an expression names unix socket paths (ss matches those itself, on unix sockets only). */
export function hasUnix(e: Expr): boolean {
  switch (e.kind) {
    case 'cond': return e.cond.kind === 'unix';
    case 'not': return hasUnix(e.e);
    case 'and': case 'or': return hasUnix(e.l) || hasUnix(e.r);
    default: return false;
  }
}

/** Runs an expression on a unix socket as ss does: a path condition is fnmatch(3) of the pattern
 *  on the local (src) or peer (dst) name, case folded, '' for a socket without one; a condition
 *  on inet addresses or ports holds for no unix socket. */
export function matchUnix(e: Expr, local: string, peer: string): boolean {
  switch (e.kind) {
    case 'true': return true;
    case 'false': return false;
    case 'not': return !matchUnix(e.e, local, peer);
    case 'and': return matchUnix(e.l, local, peer) && matchUnix(e.r, local, peer);
    case 'or': return matchUnix(e.l, local, peer) || matchUnix(e.r, local, peer);
    case 'cond': return e.cond.kind === 'unix' && globRegExp(e.cond.pattern).test(e.cond.dir === 'src' ? local : peer);
  }
}

const globs = new Map<string, RegExp>();
/** fnmatch(3) without flags but FNM_CASEFOLD: `*` and `?` match any character, `/` too;
 *  `[...]` (`!` or `^` negates) a set; `\` quotes the next character. */
export function globRegExp(pattern: string): RegExp {
  let re = globs.get(pattern);
  if (re) return re;
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch === '*') out += '[\\s\\S]*';
    else if (ch === '?') out += '[\\s\\S]';
    else if (ch === '\\' && i + 1 < pattern.length) out += escapeRe(pattern[++i]!);
    else if (ch === '[') {
      const end = pattern.indexOf(']', i + 2);
      if (end < 0) { out += '\\['; continue; }
      let set = pattern.slice(i + 1, end);
      const neg = set[0] === '!' || set[0] === '^';
      if (neg) set = set.slice(1);
      out += `[${neg ? '^' : ''}${set.replace(/[\\\]^]/g, '\\$&')}]`;
      i = end;
    } else out += escapeRe(ch);
  }
  re = new RegExp(`^${out}$`, 'i');
  globs.set(pattern, re);
  return re;
}

const escapeRe = (c: string): string => c.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');

export interface PrintOptions { ifnames?: Record<number, string> }

/** ss-style text of an expression tree; nested and/or of another kind are parenthesized. */
export function format(e: Expr, opts: PrintOptions = {}): string {
  const p = (x: Expr, ctx: 'top' | 'and' | 'or' | 'not' | 'right'): string => {
    switch (x.kind) {
      case 'true': return 'true';
      case 'false': return 'false';
      case 'cond': return condText(x.cond, opts.ifnames);
      case 'not': {
        const inner = x.e;
        // ss shorthands for negated conditions
        if (inner.kind === 'cond') {
          const c = inner.cond;
          if (c.kind === 'host' && c.family === AF_UNSPEC && c.port !== -1) return `${c.dir === 'src' ? 'sport' : 'dport'} != :${c.port}`;
          if (c.kind === 'port' && c.op !== 'eq') return `${c.dir === 'src' ? 'sport' : 'dport'} ${c.op === 'ge' ? '<' : '>'} :${c.port}`;
          return `not ${condText(c, opts.ifnames)}`;
        }
        return `not ${p(inner, 'not')}`;
      }
      case 'and': case 'or': {
        // left operand of the same kind needs no parentheses (left to right); anything else mixed does
        const s = `${p(x.l, x.kind)} ${x.kind} ${p(x.r, 'right')}`;
        return ctx === 'top' || ctx === x.kind ? s : `(${s})`;
      }
    }
  };
  return p(e, 'top');
}

/** Normal form of an expression text (parse, then print). */
export function normalize(expr: string, opts: CompileOptions & PrintOptions = {}): string {
  return format(parse(expr, opts), opts);
}

// ---------------------------------------------------------------- decompile

interface Op { code: number; yes: number; no: number }
const opAt = (b: Uint8Array, o: number): Op => ({ code: b[o]!, yes: b[o + 1]!, no: b[o + 2]! | (b[o + 3]! << 8) });

/** The condition of the op at `o` and the bytes it needs (undefined when the op is not a condition). */
function condAt(b: Uint8Array, o: number): { cond: Cond; minLen: number } | undefined {
  const { code } = opAt(b, o);
  const left = b.length - o;
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  switch (code) {
    case BC.S_COND: case BC.D_COND: {
      if (left < 12) return undefined;
      const family = b[o + 4]!, prefix = b[o + 5]!, port = dv.getInt32(o + 8, true);
      const alen = family === AF_INET6 ? 16 : family === AF_INET ? 4 : 0;
      if (left < 12 + alen) return undefined;
      return { cond: { kind: 'host', dir: code === BC.S_COND ? 'src' : 'dst', family, prefix, port, addr: b.slice(o + 12, o + 12 + alen) }, minLen: 12 + alen };
    }
    case BC.S_GE: case BC.S_LE: case BC.D_GE: case BC.D_LE: case BC.S_EQ: case BC.D_EQ: {
      if (left < 8) return undefined;
      const dir = code === BC.S_GE || code === BC.S_LE || code === BC.S_EQ ? 'src' : 'dst';
      const kind = code === BC.S_GE || code === BC.D_GE ? 'ge' : code === BC.S_LE || code === BC.D_LE ? 'le' : 'eq';
      return { cond: { kind: 'port', dir, op: kind, port: opAt(b, o + 4).no }, minLen: 8 };
    }
    case BC.DEV_COND: return left < 8 ? undefined : { cond: { kind: 'dev', ifindex: dv.getUint32(o + 4, true) }, minLen: 8 };
    case BC.MARK_COND: return left < 12 ? undefined : { cond: { kind: 'mark', mark: dv.getUint32(o + 4, true), mask: dv.getUint32(o + 8, true) }, minLen: 12 };
    case BC.CGROUP_COND: return left < 12 ? undefined : { cond: { kind: 'cgroup', id: dv.getBigUint64(o + 4, true) }, minLen: 12 };
    case BC.AUTO: return { cond: { kind: 'auto' }, minLen: 4 };
    default: return undefined;
  }
}

const eqBytes = (a: Uint8Array, b: ArrayLike<number>): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

/** Reads an ss-layout program exactly (every candidate is checked by compiling it back). */
function structural(b: Uint8Array, memo = new Map<string, Expr | null>()): Expr | null {
  if (b.length < 4 || b.length % 4) return null;
  const key = Array.from(b).join(',');
  if (memo.has(key)) return memo.get(key)!;
  memo.set(key, null);
  const ok = (e: Expr): boolean => { try { return eqBytes(b, compileExpr(e)); } catch { return false; } };
  const found = (e: Expr): Expr => { memo.set(key, e); return e; };
  const first = opAt(b, 0);
  const c = condAt(b, 0);
  if (c && first.yes === b.length) {
    const e: Expr = { kind: 'cond', cond: c.cond };
    if (ok(e)) return found(e);
  }
  // boundaries along the yes chain
  const bounds: number[] = [];
  for (let o = 0; o < b.length;) {
    const y = b[o + 1]!;
    if (y === 0 || y % 4) break;
    o += y;
    if (o < b.length) bounds.push(o);
  }
  const last = opAt(b, b.length - 4);
  if (last.code === BC.JMP && last.yes === 4 && last.no === 8) {
    const inner = structural(b.subarray(0, b.length - 4), memo);
    if (inner) { const e: Expr = { kind: 'not', e: inner }; if (ok(e)) return found(e); }
  }
  for (const m of bounds) {
    const j = opAt(b, m);
    if (j.code === BC.JMP && j.yes === 4 && j.no === b.length - m) {
      const l = structural(b.subarray(0, m), memo);
      const r = l && structural(b.subarray(m + 4), memo);
      if (l && r) { const e: Expr = { kind: 'or', l, r }; if (ok(e)) return found(e); }
    }
  }
  for (let k = bounds.length - 1; k >= 0; k--) {
    const m = bounds[k]!;
    const r = structural(b.subarray(m), memo);
    if (!r) continue;
    const a = unpatch(b.subarray(0, m), b.length - m);
    const l = a && structural(a, memo);
    if (l) { const e: Expr = { kind: 'and', l, r }; if (ok(e)) return found(e); }
  }
  return null;
}

function unpatch(seg: Uint8Array, reloc: number): Uint8Array | null {
  const a = seg.slice();
  let pos = 0, len = a.length;
  while (len > 0) {
    const { yes, no } = opAt(a, pos);
    if (yes === 0) return null;
    if (no === len + 4 + reloc) { const n = no - reloc; a[pos + 2] = n & 0xff; a[pos + 3] = (n >> 8) & 0xff; }
    len -= yes; pos += yes;
  }
  return len === 0 ? a : null;
}

/** Generic reading: each op is `if cond then (at +yes) else (at +no)`; the end accepts, past it rejects. */
function generic(b: Uint8Array): Expr {
  const memo = new Map<number, Expr>();
  const L = b.length;
  const at = (o: number, depth: number): Expr => {
    if (o === L) return { kind: 'true' };
    if (o > L || o < 0 || o % 4 || depth > 4096) return { kind: 'false' };
    const hit = memo.get(o);
    if (hit) return hit;
    const { code, yes, no } = opAt(b, o);
    let e: Expr;
    if (code === BC.JMP) e = no === 0 ? { kind: 'false' } : at(o + no, depth + 1);
    else if (code === BC.NOP) e = yes === 0 ? { kind: 'false' } : at(o + yes, depth + 1);
    else {
      const c = condAt(b, o)?.cond ?? { kind: 'raw', code, bytes: b.slice(o, o + 4) };
      const t = yes === 0 ? { kind: 'false' } as Expr : at(o + yes, depth + 1);
      const f = no === 0 ? { kind: 'false' } as Expr : at(o + no, depth + 1);
      e = ite({ kind: 'cond', cond: c }, t, f);
    }
    memo.set(o, e);
    return e;
  };
  return at(0, 0);
}

function ite(c: Expr, t: Expr, f: Expr): Expr {
  if (t.kind === 'true' && f.kind === 'false') return c;
  if (t.kind === 'false' && f.kind === 'true') return { kind: 'not', e: c };
  if (t.kind === 'true') return { kind: 'or', l: c, r: f };
  if (f.kind === 'false') return { kind: 'and', l: c, r: t };
  if (t.kind === 'false') return { kind: 'and', l: { kind: 'not', e: c }, r: f };
  if (f.kind === 'true') return { kind: 'or', l: { kind: 'not', e: c }, r: t };
  return { kind: 'or', l: { kind: 'and', l: c, r: t }, r: { kind: 'and', l: { kind: 'not', e: c }, r: f } };
}

/** The expression tree of a program: ss's own layout read exactly, anything else read generically. */
export function decompileTree(bytes: Uint8Array): Expr {
  if (bytes.length === 0) return { kind: 'true' };
  return structural(bytes) ?? generic(bytes);
}

/** ss-style text of INET_DIAG_REQ_BYTECODE bytes (`dport = :8080 or sport = :9000`). */
export function decompile(bytes: Uint8Array, opts: PrintOptions = {}): string {
  return format(decompileTree(bytes), opts);
}

/** One line per op, for teaching views: offset, INET_DIAG_BC_* name, yes/no targets, operand. */
export function disassemble(bytes: Uint8Array): string[] {
  const out: string[] = [];
  for (let o = 0; o + 4 <= bytes.length;) {
    const { code, yes, no } = opAt(bytes, o);
    const c = code === BC.JMP || code === BC.NOP ? undefined : condAt(bytes, o);
    const len = Math.max(4, c?.minLen ?? 4, code === BC.JMP || code === BC.NOP ? 4 : Math.min(yes, bytes.length - o));
    const target = (d: number) => (o + d === bytes.length ? 'accept' : o + d > bytes.length ? 'reject' : `@${o + d}`);
    out.push(`@${o} ${BC_NAMES[code] ?? code} yes ${yes} (${target(yes)}) no ${no} (${target(no)})${c ? ` ${condText(c.cond)}` : ''}`);
    o += code === BC.JMP ? 4 : len;
  }
  return out;
}

/** Kernel-side sanity of a program, as inet_diag_bc_audit checks it: ops walked by `yes`, each condition
 *  carrying its operands, yes/no >= the op's length, <= remaining + 4, multiples of 4, and `no` landing
 *  on an op start (valid_cc). Returns problems as text (empty: the kernel would accept it). */
export function audit(bytes: Uint8Array): string[] {
  const problems: string[] = [];
  const L = bytes.length;
  if (L < 4) return ['shorter than one op'];
  const starts: number[] = [];
  for (let o = 0, len = L; len > 0;) {
    if (len < 4) { problems.push(`@${o}: ${len} stray bytes`); break; }
    starts.push(o);
    const { code, yes, no } = opAt(bytes, o);
    let min = 4;
    if (code !== BC.JMP && code !== BC.NOP && code !== BC.AUTO) {
      const c = condAt(bytes, o);
      if (!c) { problems.push(`@${o}: unknown or short op ${code}`); break; }
      min = c.minLen;
      if (c.cond.kind === 'host') {
        if (![AF_UNSPEC, AF_INET, AF_INET6].includes(c.cond.family)) problems.push(`@${o}: family ${c.cond.family}`);
        if (c.cond.prefix > 8 * c.cond.addr.length) problems.push(`@${o}: prefix /${c.cond.prefix} longer than the address`);
      }
    }
    if (code !== BC.NOP) {
      if (no < min || no > len + 4 || no & 3) problems.push(`@${o}: bad no ${no}`);
      else if (no < len && !starts.includes(o + no) && !walkFinds(bytes, o + no)) problems.push(`@${o}: no jumps to @${o + no}, not an op`);
    }
    if (yes < min || yes > len + 4 || yes & 3) { problems.push(`@${o}: bad yes ${yes}`); break; }
    o += yes; len -= yes;
  }
  return problems;
}

/** valid_cc: walking from the start by `yes`, is `target` an op start? */
function walkFinds(b: Uint8Array, target: number): boolean {
  for (let o = 0; o < b.length;) {
    if (o === target) return true;
    const y = b[o + 1]!;
    if (!y) return false;
    o += y;
  }
  return false;
}

// ---------------------------------------------------------------- running a program (inet_diag_bc_run)

/** What the kernel compares (struct inet_diag_entry). Addresses as 4 or 16 bytes. */
export interface BcEntry {
  family: number; sport: number; dport: number; saddr: Uint8Array; daddr: Uint8Array;
  ifindex?: number; mark?: number; cgroupId?: bigint;
  /** SOCK_BINDPORT_LOCK set (the port was bound explicitly); autobound is its negation */
  bindportLocked?: boolean;
}

function bitsMatch(a: Uint8Array, aOff: number, b: Uint8Array, bits: number): boolean {
  const bytes = bits >> 3;
  for (let i = 0; i < bytes; i++) if (a[aOff + i] !== b[i]) return false;
  const rest = bits & 7;
  if (rest) {
    const mask = (0xff << (8 - rest)) & 0xff;
    if (((a[aOff + bytes]! ^ b[bytes]!) & mask) !== 0) return false;
  }
  return true;
}

/** Runs a program on one socket as inet_diag_bc_run does: true when the socket passes. */
export function run(b: Uint8Array, e: BcEntry): boolean {
  let pos = 0, len = b.length, guard = 0;
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  while (len > 0) {
    if (++guard > 1 << 16 || pos + 4 > b.length) return false;
    const { code, yes: y, no } = opAt(b, pos);
    let yes = true;
    switch (code) {
      case BC.NOP: break;
      case BC.JMP: yes = false; break;
      case BC.S_EQ: yes = e.sport === opAt(b, pos + 4).no; break;
      case BC.S_GE: yes = e.sport >= opAt(b, pos + 4).no; break;
      case BC.S_LE: yes = e.sport <= opAt(b, pos + 4).no; break;
      case BC.D_EQ: yes = e.dport === opAt(b, pos + 4).no; break;
      case BC.D_GE: yes = e.dport >= opAt(b, pos + 4).no; break;
      case BC.D_LE: yes = e.dport <= opAt(b, pos + 4).no; break;
      case BC.AUTO: yes = !e.bindportLocked; break;
      case BC.S_COND: case BC.D_COND: {
        const family = b[pos + 4]!, prefix = b[pos + 5]!, port = dv.getInt32(pos + 8, true);
        const cond = b.subarray(pos + 12);
        if (port !== -1 && port !== (code === BC.S_COND ? e.sport : e.dport)) { yes = false; break; }
        const addr = code === BC.S_COND ? e.saddr : e.daddr;
        if (family !== AF_UNSPEC && family !== e.family) {
          const mapped = e.family === AF_INET6 && family === AF_INET && addr.length === 16
            && addr.subarray(0, 10).every((x) => x === 0) && addr[10] === 0xff && addr[11] === 0xff;
          yes = mapped && bitsMatch(addr, 12, cond, prefix);
          break;
        }
        if (prefix === 0) break;
        yes = bitsMatch(addr, 0, cond, prefix);
        break;
      }
      case BC.DEV_COND: yes = (e.ifindex ?? 0) === dv.getUint32(pos + 4, true); break;
      case BC.MARK_COND: yes = (((e.mark ?? 0) & dv.getUint32(pos + 8, true)) >>> 0) === dv.getUint32(pos + 4, true); break;
      case BC.CGROUP_COND: yes = (e.cgroupId ?? 0n) === dv.getBigUint64(pos + 4, true); break;
      default: return false;
    }
    const step = yes ? y : no;
    if (step === 0) return false;
    len -= step; pos += step;
  }
  return len === 0;
}
