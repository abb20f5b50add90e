// A tree per packet, like `tshark -V`, with the kernel's names.
import type { DecodedFrame } from '../stream/messages.js';
import type { Json } from '../codec/struct.js';

const SKIP = new Set(['frame', 'index', 'time', 'direction', 'protocol', 'header', 'problems', 'origlen']);

export function renderFrame(f: DecodedFrame): string {
  const p = f.packet;
  const when = new Date(p.sec * 1000).toISOString().replace('Z', '').replace(/\.\d+$/, '') + '.' + String(p.nsec).padStart(9, '0');
  const lines: string[] = [];
  lines.push(`Frame ${p.frame}: ${p.data.length} bytes${p.truncated ? ` (of ${p.origLen})` : ''}, ${when}, ${p.direction}, ${f.messages[0]?.protocol ?? p.protocol}`);
  for (const m of f.messages) {
    const h = m.header as Json | undefined;
    if (h) {
      const flags = (h.flags as string[]).join('|') || '0';
      lines.push(`  Netlink message ${m.index}: ${h.type}  len=${h.len} flags=${flags} seq=${h.seq} pid=${h.pid}`);
    } else lines.push(`  Netlink data ${m.index}: unusable`);
    for (const [k, v] of Object.entries(m)) {
      if (SKIP.has(k) || k.endsWith('@')) continue;
      renderValue(lines, k, v, 2, m);
    }
    for (const pr of (m.problems as Array<{ offset: number; path: string; message: string }> | undefined) ?? []) {
      lines.push(`    [problem at byte ${pr.offset}${pr.path ? `, ${pr.path}` : ''}: ${pr.message}]`);
    }
  }
  return lines.join('\n');
}

function scalar(v: unknown): string {
  if (Array.isArray(v)) return v.length ? v.map(scalar).join(' | ') : '0';
  if (typeof v === 'string') return v;
  if (v && typeof v === 'object' && '@raw' in v) return `raw ${(v as Json)['@raw']}`;
  return JSON.stringify(v);
}

function isLeaf(v: unknown): boolean {
  if (v === null || typeof v !== 'object') return true;
  if ('@raw' in (v as object)) return true;
  if (Array.isArray(v)) return v.every((x) => x === null || typeof x !== 'object');
  return false;
}

function renderValue(lines: string[], key: string, v: unknown, depth: number, parent: Json): void {
  const pad = '  '.repeat(depth);
  const meta = parent[`${key}@`];
  const note = meta && !Array.isArray(meta) && typeof meta === 'object' && (meta as Json).flags ? ` [${((meta as Json).flags as string[]).join('|') || 'no flags'}]` : '';
  if (key === 'error' && typeof v === 'number' && parent.error_name) { lines.push(`${pad}error: ${v} (${parent.error_name})`); return; }
  if (key === 'error_name') return;
  if (isLeaf(v)) { lines.push(`${pad}${key}: ${scalar(v)}${note}`); return; }
  if (Array.isArray(v)) {
    lines.push(`${pad}${key}:${note}`);
    v.forEach((item, i) => {
      if (isLeaf(item)) lines.push(`${pad}  [${i}]: ${scalar(item)}`);
      else {
        lines.push(`${pad}  [${i}]`);
        for (const [k, x] of Object.entries(item as Json)) if (!k.endsWith('@')) renderValue(lines, k, x, depth + 2, item as Json);
      }
    });
    return;
  }
  lines.push(`${pad}${key}:${note}`);
  for (const [k, x] of Object.entries(v as Json)) {
    if (k.endsWith('@')) continue;
    renderValue(lines, k, x, depth + 1, v as Json);
  }
}
