// Helpers for test/struct-layout.test.ts: collect every StructDecl declared in codecs/ and
// measure the real C layouts (sizeof / offsetof) of the uapi structs with gcc.
import { execFile, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { AttrSet, AttrValue, FieldDecl, MessageDecl, ProtocolDecl, StructDecl } from '../src/codec/schema.js';

// ---------------------------------------------------------------- collection

export interface FoundStruct {
  readonly decl: StructDecl;
  /** where it was first reached: `codecs/route/link.ts: ifinfomsg` or `... via IFLA > IFLA_VF_GUID` */
  readonly where: string;
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const isStruct = (v: unknown): v is StructDecl => isObj(v) && v.kind === 'struct' && Array.isArray(v.fields);
const isAttrSet = (v: unknown): v is AttrSet => isObj(v) && v.kind === 'attrs' && v.byType instanceof Map;
const isProtocol = (v: unknown): v is ProtocolDecl =>
  isObj(v) && typeof v.short === 'string' && v.messages instanceof Map;

/** Every .ts module under `dir` (recursively), sorted. */
export function codecModules(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.ts') && !e.name.endsWith('.d.ts')) out.push(p);
    }
  };
  walk(dir);
  return out.sort();
}

/** Imports every module under `dir` and collects each distinct StructDecl object reachable from
 *  the exports: exported structs, structs embedded as field kinds, and structs used by attribute
 *  sets (struct / structs / records values, walking nests, arrays and protocols' messages). */
/** The struct as the installed headers know it: fields a newer kernel appended (`since`) left out. */
function installedView(s: StructDecl): StructDecl {
  const i = s.fields.findIndex((f) => f.since !== undefined);
  if (i < 0) return s;
  const fields = s.fields.slice(0, i);
  return { ...s, fields, size: fields.reduce((n, f) => n + (f.rest ? 0 : f.size * (f.count ?? 1)), 0) };
}

export async function collectStructs(dir: string, root = process.cwd()): Promise<FoundStruct[]> {
  const found = new Map<StructDecl, FoundStruct>();
  const seenSets = new Set<AttrSet>();

  const addStruct = (s: StructDecl, where: string) => {
    if (found.has(s)) return;
    found.set(s, { decl: installedView(s), where });
    for (const f of s.fields) {
      if (typeof f.kind === 'object') addStruct(f.kind, `${where} > field ${f.name}`);
    }
  };
  const visitValue = (v: AttrValue, where: string) => {
    switch (v.kind) {
      case 'struct':
      case 'structs':
        addStruct(v.struct, where);
        break;
      case 'records':
        addStruct(v.struct, where);
        visitSet(v.set(), where);
        break;
      case 'nest':
        visitSet(v.set(), where);
        break;
      case 'array':
        visitValue(v.item, where);
        break;
      default:
        break; // int, scalar, select (a function: its results are exported structs/sets)
    }
  };
  const visitSet = (set: AttrSet, where: string) => {
    if (seenSets.has(set)) return; // cycles (nests referring back) and shared sets
    seenSets.add(set);
    for (const a of set.byType.values()) visitValue(a.value, `${where} > ${set.name}.${a.name}`);
  };
  const visitMessage = (m: MessageDecl, where: string) => {
    if (isStruct(m.body)) addStruct(m.body, `${where} > ${m.name} body`);
    if (isAttrSet(m.attrs)) visitSet(m.attrs, `${where} > ${m.name}`);
  };
  const visitExport = (v: unknown, where: string, depth = 0) => {
    if (isStruct(v)) addStruct(v, where);
    else if (isAttrSet(v)) visitSet(v, where);
    else if (isProtocol(v)) for (const m of v.messages.values()) visitMessage(m, where);
    else if (depth < 2 && Array.isArray(v)) v.forEach((x, i) => visitExport(x, `${where}[${i}]`, depth + 1));
    else if (depth < 2 && v instanceof Map) for (const [k, x] of v) visitExport(x, `${where}[${String(k)}]`, depth + 1);
  };

  // index.ts re-exports: visit the declaring modules first so `where` names them
  const mods = codecModules(dir).sort((a, b) => Number(a.endsWith('/index.ts')) - Number(b.endsWith('/index.ts')) || a.localeCompare(b));
  // exported structs first, in module order, so `where` names the declaring module when possible
  const loaded: [string, Record<string, unknown>][] = [];
  for (const file of mods) loaded.push([relative(root, file), await import(pathToFileURL(file).href)]);
  for (const [rel, mod] of loaded) for (const [k, v] of Object.entries(mod)) if (isStruct(v)) addStruct(v, `${rel}: ${k}`);
  for (const [rel, mod] of loaded) for (const [k, v] of Object.entries(mod)) visitExport(v, `${rel}: ${k}`);
  return [...found.values()];
}

/** Field offsets as the codec lays them out: each field follows the previous one. */
export function declOffsets(s: StructDecl): number[] {
  let off = 0;
  return s.fields.map((f) => {
    const o = off;
    off += fieldBytes(f);
    return o;
  });
}

export const fieldBytes = (f: FieldDecl): number => (f.rest ? 0 : f.size * (f.count ?? 1));
export const sumOfFields = (s: StructDecl): number => s.fields.reduce((n, f) => n + fieldBytes(f), 0);

// ---------------------------------------------------------------- C side

export function ccAvailable(): boolean {
  const r = spawnSync('cc', ['--version'], { encoding: 'utf8' });
  return r.status === 0;
}

/** What to measure: a struct of a header, which of its declared fields to ask offsetof for, and
 *  bitfield groups (decl field -> C bitfield members) whose byte range is measured by setting them. */
export interface CStructQuery {
  readonly id: number;
  readonly name: string;
  /** undefined: a struct declared without `header`, only looked for in the combined file */
  readonly header?: string;
  readonly fields: readonly string[];
  readonly bitfields?: Readonly<Record<string, readonly string[]>>;
}

export interface CStructLayout {
  size: number;
  /** decl field name -> [offsetof, sizeof member (-1: flexible array member, no size)] */
  fields: Map<string, [number, number]>;
  /** decl field name -> C bitfield -> bytes [lo, hi) and their bits (little-endian, from lo)
   *  when only that bitfield is set to all ones */
  bitfields: Map<string, Map<string, { lo: number; hi: number; mask: bigint }>>;
  /** declared fields gcc says the struct has no member for */
  noMember: string[];
  /** bitfields gcc could not assign (no member named ...) */
  badBitfields: string[];
}

export interface CResult {
  readonly layouts: Map<number, CStructLayout>;
  /** structs whose name the header does not define (sizeof of an incomplete type) */
  readonly noStruct: Map<number, string>;
  /** header -> compiler diagnostics, for headers that do not compile (even alone) */
  readonly badHeaders: Map<string, string>;
  /** header -> prerequisite includes it needed */
  readonly prelude: Map<string, string[]>;
  /** headers included before all others in the single file (they include C library headers) */
  first: string[];
  /** why the single file with every header failed (then headers were compiled one by one) */
  combinedError?: string;
}

/** Prerequisites tried, in order, for a header that does not compile alone. linux/ first:
 *  glibc's netinet/in.h and sys/socket.h conflict with some uapi headers. */
const PRELUDES: string[][] = [
  [],
  ['linux/types.h'],
  ['linux/types.h', 'linux/socket.h'],
  ['linux/types.h', 'linux/if.h'],
  ['linux/types.h', 'linux/socket.h', 'linux/in.h', 'linux/in6.h'],
  ['sys/socket.h'],
  ['sys/socket.h', 'netinet/in.h'],
];

const PROGRAM_HEAD = ['#include <stddef.h>', '#include <stdio.h>', '#include <string.h>'];

interface Line { kind: 'S' | 'F' | 'Z' | 'B'; q: CStructQuery; field?: string; bit?: string }

/** A C file printing `S id sizeof`, `F id field offsetof sizeof(member)` and `B id field lo hi`. */
function program(includes: readonly string[], queries: readonly CStructQuery[], drop: Set<string>): { src: string; lines: Map<number, Line> } {
  const out: string[] = [
    ...PROGRAM_HEAD,
    ...includes.map((h) => `#include <${h}>`),
    '#define P printf',
    'int main(void) {',
  ];
  const lines = new Map<number, Line>();
  const add = (text: string, line: Line) => {
    out.push(text);
    lines.set(out.length, line);
  };
  for (const q of queries) {
    const T = `struct ${q.name}`;
    if (drop.has(`S ${q.id}`)) continue;
    add(`P("S %d %zu\\n", ${q.id}, sizeof(${T}));`, { kind: 'S', q });
    for (const f of q.fields) {
      if (drop.has(`F ${q.id} ${f}`)) continue;
      add(`P("F %d ${f} %zu\\n", ${q.id}, __builtin_offsetof(${T}, ${f}));`, { kind: 'F', q, field: f });
      // apart: sizeof fails alone on a flexible array member (rtvia_addr[])
      if (!drop.has(`F ${q.id} ${f}`) && !drop.has(`Z ${q.id} ${f}`)) add(`P("Z %d ${f} %zu\\n", ${q.id}, sizeof(((${T} *)0)->${f}));`, { kind: 'Z', q, field: f });
    }
    for (const [f, bits] of Object.entries(q.bitfields ?? {})) {
      for (const bit of bits) {
        if (drop.has(`B ${q.id} ${f} ${bit}`)) continue;
        // set only this bitfield to all ones: the bytes it touches and their bits (little-endian)
        out.push(`{ ${T} v; unsigned char *b = (unsigned char *)&v; int lo = -1, hi = -1; unsigned long long m = 0; memset(&v, 0, sizeof v);`);
        add(`  v.${bit} = ~0u;`, { kind: 'B', q, field: f, bit });
        out.push(`  for (int i = 0; i < (int)sizeof v; i++) if (b[i]) { if (lo < 0) lo = i; hi = i + 1; }`);
        out.push(`  for (int i = hi - 1; i >= lo && lo >= 0; i--) m = (m << 8) | b[i];`);
        out.push(`  P("B %d ${f} ${bit} %d %d %llu\\n", ${q.id}, lo, hi, m); }`);
      }
    }
  }
  out.push('return 0;', '}', '');
  return { src: out.join('\n'), lines };
}

function run(cmd: string, args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(cmd, args, { cwd, maxBuffer: 64 << 20 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

const CFLAGS = ['-std=gnu11', '-O0', '-w', '-fmax-errors=0'];

/** Compiles and runs one program; errors on our own lines (no such member / struct, bitfield)
 *  drop that line and retry, errors elsewhere (inside a header) fail the unit. */
type Measured = { ok: true } | { ok: false; stderr: string; culprits: string[] };

async function measure(dir: string, tag: string, includes: readonly string[], queries: readonly CStructQuery[], result: CResult): Promise<Measured> {
  const drop = new Set<string>();
  const noMember = new Map<number, Set<string>>();
  const badBits = new Map<number, Set<string>>();
  const noStruct = new Map<number, string>();
  const file = `${tag}.c`;
  for (let attempt = 0; attempt < 4; attempt++) {
    const { src, lines } = program(includes, queries, drop);
    writeFileSync(join(dir, file), src);
    const cc = await run('cc', [...CFLAGS, '-o', tag, file], dir);
    if (cc.code !== 0) {
      let foreign = false;
      let progress = false;
      for (const m of cc.stderr.matchAll(/^([^\s:][^:]*):(\d+):\d+: (?:fatal )?error: (.*)$/gm)) {
        const line = m[1] === file ? lines.get(Number(m[2])) : undefined;
        if (!line) { foreign = true; continue; }
        const key = line.kind === 'S' ? `S ${line.q.id}` : line.kind === 'F' || line.kind === 'Z' ? `${line.kind} ${line.q.id} ${line.field}` : `B ${line.q.id} ${line.field} ${line.bit}`;
        if (drop.has(key)) continue;
        drop.add(key);
        progress = true;
        if (line.kind === 'S') noStruct.set(line.q.id, m[3]);
        else if (line.kind === 'F') setOf(noMember, line.q.id).add(line.field!);
        else if (line.kind === 'Z') continue; // member without a size (flexible array): offsetof only
        else setOf(badBits, line.q.id).add(`${line.field} (${line.bit})`);
      }
      if (foreign || !progress) return { ok: false, stderr: cc.stderr, culprits: culprits(cc.stderr, file, includes) };
      continue;
    }
    const exe = await run(join(dir, tag), [], dir);
    if (exe.code !== 0) return { ok: false, stderr: `program exited ${exe.code}: ${exe.stderr}`, culprits: [] };
    for (const [id, err] of noStruct) result.noStruct.set(id, err);
    for (const q of queries) {
      if (drop.has(`S ${q.id}`)) continue;
      result.layouts.set(q.id, {
        size: -1, fields: new Map(), bitfields: new Map(),
        noMember: [...(noMember.get(q.id) ?? [])], badBitfields: [...(badBits.get(q.id) ?? [])],
      });
    }
    for (const l of exe.stdout.split('\n')) {
      const p = l.split(' ');
      const lay = result.layouts.get(Number(p[1]));
      if (!lay) continue;
      if (p[0] === 'S') lay.size = Number(p[2]);
      else if (p[0] === 'F') lay.fields.set(p[2], [Number(p[3]), lay.fields.get(p[2])?.[1] ?? -1]);
      else if (p[0] === 'Z') lay.fields.set(p[2], [lay.fields.get(p[2])?.[0] ?? -1, Number(p[3])]);
      else if (p[0] === 'B') {
        let m = lay.bitfields.get(p[2]);
        if (!m) lay.bitfields.set(p[2], (m = new Map()));
        m.set(p[3], { lo: Number(p[4]), hi: Number(p[5]), mask: BigInt(p[6]) });
      }
    }
    return { ok: true };
  }
  return { ok: false, stderr: 'gave up after repeated compile errors', culprits: [] };
}

/** The headers of our #include lines through which errors inside headers were reached. */
function culprits(stderr: string, file: string, includes: readonly string[]): string[] {
  const out = new Set<string>();
  let via: number | undefined;
  for (const l of stderr.split('\n')) {
    const inc = l.match(/^(?:In file included from|\s+from) ([^:]+):(\d+)[:,]/);
    if (inc) {
      if (inc[1] === file) via = Number(inc[2]);
      continue;
    }
    const err = l.match(/^([^\s:][^:]*):\d+:\d+: (?:fatal )?error: /);
    if (err && err[1] !== file && via !== undefined) {
      const h = includes[via - PROGRAM_HEAD.length - 1];
      if (h) out.add(h);
    }
    if (!l.startsWith(' ')) via = inc ? via : undefined;
  }
  return [...out];
}

/** Whether an installed uapi header includes a C library header (sys/..., netinet/...). */
function includesLibc(h: string): boolean {
  const p = join('/usr/include', h);
  if (!existsSync(p)) return false;
  return /^\s*#\s*include\s*<(?!linux\/|asm\/|asm-generic\/)[^>]+>/m.test(readFileSync(p, 'utf8'));
}

function setOf<K>(m: Map<K, Set<string>>, k: K): Set<string> {
  let s = m.get(k);
  if (!s) m.set(k, (s = new Set()));
  return s;
}

/** Measures all queries: one C file with every header first; if a header breaks it, each header
 *  alone (with the first prerequisite list that compiles), in parallel. */
export async function measureC(queries: readonly CStructQuery[]): Promise<CResult> {
  const result: CResult = { layouts: new Map(), noStruct: new Map(), badHeaders: new Map(), prelude: new Map(), first: [] };
  const dir = mkdtempSync(join(tmpdir(), 'nlscope-layout-'));
  try {
    const headers = [...new Set(queries.flatMap((q) => (q.header ? [q.header] : [])))].sort();
    // uapi headers that include glibc headers themselves (linux/mptcp.h: netinet/in.h) must come
    // before any linux/libc-compat.h user, or linux/in.h and netinet/in.h both define IPPROTO_*
    const libcFirst = headers.filter(includesLibc);
    result.first = libcFirst;
    const ordered = [...libcFirst, 'linux/types.h', ...headers.filter((h) => !libcFirst.includes(h))];
    // one file; a header whose errors break it is moved out and measured alone, then retry
    let together = ordered;
    const alone: string[] = [];
    for (let round = 0; together.length > 1; round++) {
      const qs = queries.filter((q) => !q.header || together.includes(q.header));
      const r = await measure(dir, `all${round}`, together, qs, result);
      if (r.ok) break;
      result.combinedError ??= r.stderr;
      const out = r.culprits.filter((h) => h !== 'linux/types.h');
      if (out.length === 0 || round >= 6) { alone.push(...together.filter((h) => h !== 'linux/types.h')); together = []; break; }
      alone.push(...out);
      together = together.filter((h) => !out.includes(h));
    }
    // alone: the first prerequisite list that makes the header compile; a few at a time
    // (spawning gcc is slow in sandboxes, running all at once only thrashes)
    const queue = [...alone];
    const worker = async () => {
      for (let h = queue.shift(); h !== undefined; h = queue.shift()) {
        const qs = queries.filter((q) => q.header === h);
        const tag = h.replace(/\W/g, '_');
        let last = '';
        let ok = false;
        for (const [j, pre] of PRELUDES.entries()) {
          const r = await measure(dir, `${tag}_${j}`, [...pre, h], qs, result);
          if (r.ok) { result.prelude.set(h, pre); ok = true; break; }
          last = r.stderr;
        }
        if (!ok) result.badHeaders.set(h, last);
      }
    };
    await Promise.all(Array.from({ length: Math.max(2, availableParallelism()) }, worker));
    return result;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
