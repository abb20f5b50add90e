// A tree per packet, like `tshark -V`, with the kernel's names.
// Written for speed (a capture of gigabytes renders millions of lines): one pass per
// object, no per-value string keys built, numbers without JSON.stringify.
import type { DecodedFrame } from '../stream/messages.js';
import type { Json } from '../codec/struct.js';

const SKIP = new Set(['frame', 'index', 'time', 'direction', 'protocol', 'header', 'problems', 'origlen']);
const PADS: string[] = Array.from({ length: 80 }, (_, i) => '  '.repeat(i));
const pad = (depth: number) => PADS[depth] ?? '  '.repeat(depth);

/** `2026-11-25T16:33:29.120112000` for a capture timestamp (one Date per second of capture). */
let lastSec = NaN;
let lastSecText = '';
function timestamp(sec: number, nsec: number): string {
  if (sec !== lastSec) {
    lastSec = sec;
    lastSecText = new Date(sec * 1000).toISOString().slice(0, 19);
  }
  const ns = String(nsec);
  return `${lastSecText}.${ns.length < 9 ? '000000000'.slice(ns.length) + ns : ns}`;
}

export function renderFrame(f: DecodedFrame): string {
  return renderFrameLines(f).join('\n');
}

/** The lines of `renderFrame`, unjoined (the CLI joins a whole output chunk at once). */
export function renderFrameLines(f: DecodedFrame, lines: string[] = []): string[] {
  const p = f.packet;
  lines.push(`Frame ${p.frame}: ${p.data.length} bytes${p.truncated ? ` (of ${p.origLen})` : ''}, ${timestamp(p.sec, p.nsec)}, ${p.direction}, ${f.messages[0]?.protocol ?? p.protocol}`);
  for (const m of f.messages) {
    const h = m.header as Json | undefined;
    if (h) {
      const flags = (h.flags as string[]).join('|') || '0';
      lines.push(`  Netlink message ${m.index}: ${h.type}  len=${h.len} flags=${flags} seq=${h.seq} pid=${h.pid}`);
    } else lines.push(`  Netlink data ${m.index}: unusable`);
    renderObject(lines, m, 2, true);
    for (const pr of (m.problems as Array<{ offset: number; path: string; message: string }> | undefined) ?? []) {
      lines.push(`    [problem at byte ${pr.offset}${pr.path ? `, ${pr.path}` : ''}: ${pr.message}]`);
    }
  }
  return lines;
}

function scalar(v: unknown): string {
  switch (typeof v) {
    case 'string': return v;
    case 'number': case 'boolean': return String(v);
    default:
      if (Array.isArray(v)) {
        if (v.length === 0) return '0';
        let s = scalar(v[0]);
        for (let i = 1; i < v.length; i++) s += ' | ' + scalar(v[i]);
        return s;
      }
      if (v && typeof v === 'object' && '@raw' in v) return `raw ${(v as Json)['@raw']}`;
      return JSON.stringify(v);
  }
}

function isLeaf(v: unknown): boolean {
  if (v === null || typeof v !== 'object') return true;
  if (Array.isArray(v)) {
    for (const x of v) if (x !== null && typeof x === 'object') return false;
    return true;
  }
  return '@raw' in (v as object);
}

const isMetaKey = (k: string) => k.charCodeAt(k.length - 1) === 64; // '@'

/** The fields of an object, one line each (nested objects indented); `NAME@` details as notes. */
function renderObject(lines: string[], o: Json, depth: number, top = false): void {
  let hasMeta = false;
  for (const k in o) if (isMetaKey(k)) { hasMeta = true; break; }
  for (const k in o) {
    if (isMetaKey(k) || (top && SKIP.has(k))) continue;
    renderValue(lines, k, o[k], depth, o, hasMeta);
  }
}

function renderValue(lines: string[], key: string, v: unknown, depth: number, parent: Json, parentHasMeta: boolean): void {
  const p = pad(depth);
  let note = '';
  if (parentHasMeta) {
    const meta = parent[`${key}@`];
    if (meta && !Array.isArray(meta) && typeof meta === 'object' && (meta as Json).flags) note = ` [${((meta as Json).flags as string[]).join('|') || 'no flags'}]`;
  }
  if (key === 'error' && typeof v === 'number' && parent.error_name) { lines.push(`${p}error: ${v} (${parent.error_name})`); return; }
  if (key === 'error_name') return;
  if (isLeaf(v)) { lines.push(`${p}${key}: ${scalar(v)}${note}`); return; }
  lines.push(`${p}${key}:${note}`);
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const item = v[i];
      if (isLeaf(item)) lines.push(`${p}  [${i}]: ${scalar(item)}`);
      else {
        lines.push(`${p}  [${i}]`);
        renderObject(lines, item as Json, depth + 2);
      }
    }
    return;
  }
  renderObject(lines, v as Json, depth + 1);
}
