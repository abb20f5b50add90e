// The teaching view as one self-contained HTML page (no network, no external files):
// the bytes as a grid colored by structure (hover: path, value, offset, byte order),
// a collapsible tree of the fields that lights up its bytes, and the C declaration of
// every struct the packet contains, generated from the declarations in codecs/.
import { containerTitle, describeLeaf, leavesOf, orderNote, type ExplainField, type Explained } from './explain.js';
import { cDeclaration, findStruct } from './layout.js';
import { nlattr, nlmsghdr } from '../../codecs/netlink.js';
import type { StructDecl } from '../codec/schema.js';

export interface HtmlOptions { title: string }

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]!));

/** Color class of a leaf: the struct it belongs to and its role. */
function cls(f: ExplainField): string {
  if (f.struct === 'nlmsghdr') return 'hdr';
  if (f.struct === 'nlmsgerr') return 'err';
  if (f.role === 'nla_len' || f.role === 'nla_type') return 'nla';
  if (f.role === 'field') return 'fld';
  if (f.role === 'value') return 'val';
  if (f.role === 'pad') return 'pad';
  return 'raw';
}

/** Struct declarations the packet uses (by name, matched on the field names seen). */
function structsUsed(fields: readonly ExplainField[]): StructDecl[] {
  const names = new Map<string, Set<string>>();
  const walk = (fs: readonly ExplainField[]) => {
    for (const f of fs) {
      if (f.struct) {
        const set = names.get(f.struct) ?? new Set<string>();
        if (f.role === 'field') set.add(f.path.slice(f.path.lastIndexOf('.') + 1));
        names.set(f.struct, set);
      }
      if (f.children) walk(f.children);
    }
  };
  walk(fields);
  const out: StructDecl[] = [nlmsghdr, nlattr];
  for (const [name, seen] of names) {
    if (name === 'nlmsghdr' || name === 'nlattr') continue;
    const s = findStruct(name, [...seen]);
    if (s && !out.includes(s)) out.push(s);
  }
  return out;
}

export function renderExplainHtml(ex: Explained, opts: HtmlOptions): string {
  const leaves = leavesOf(ex.fields);
  const leafIndex = new Map<ExplainField, number>(leaves.map((l, i) => [l, i]));
  const parents = new Map<ExplainField, ExplainField>();
  const mark = (fs: readonly ExplainField[], p?: ExplainField) => { for (const f of fs) { if (p) parents.set(f, p); if (f.children) mark(f.children, f); } };
  mark(ex.fields);
  const start = leaves.length ? leaves[0].offset : 0;
  const end = leaves.length ? Math.max(...leaves.map((l) => l.offset + l.length)) : 0;

  // Bytes: which leaf owns each, and its class; shades alternate between neighbours.
  const data = leaves.map((l, i) => ({
    o: l.offset, n: l.length, p: l.path, d: describeLeaf(l, parents.get(l)), t: orderNote(l), c: cls(l), s: l.struct ?? '', h: l.hex ?? '', i,
  }));
  const owner: number[] = [];
  for (const l of data) for (let b = l.o; b < l.o + l.n; b++) owner[b] = l.i;
  const rows: string[] = [];
  const rowStart = start - (start % 16);
  for (let r = rowStart; r < end; r += 16) {
    const cells: string[] = [];
    for (let b = r; b < r + 16; b++) {
      const li = owner[b];
      if (b < start || b >= end || li === undefined) { cells.push('<span class="b e"></span>'); continue; }
      const l = data[li];
      const first = b === l.o ? ' f' : '';
      cells.push(`<span class="b ${l.c}${li % 2 ? ' alt' : ''}${first}" data-l="${li}" data-b="${b}">${l.h.slice((b - l.o) * 2, (b - l.o) * 2 + 2)}</span>`);
    }
    rows.push(`<div class="row"><span class="off">${String(r).padStart(5, '\u00a0')}</span>${cells.join('')}</div>`);
  }

  // The tree: containers are <details>, leaves one line each.
  const tree = (fs: readonly ExplainField[], depth: number): string => fs.map((f) => {
    if (f.children?.length) {
      const open = depth < 2 || f.role === 'struct' ? ' open' : '';
      return `<details${open} data-o="${f.offset}" data-n="${f.length}"><summary class="node">${esc(containerTitle(f))}</summary>${tree(f.children, depth + 1)}</details>`;
    }
    const i = leafIndex.get(f)!;
    const d = data[i];
    const name = f.path;
    return `<div class="leaf node" id="leaf${i}" data-o="${f.offset}" data-n="${f.length}" data-l="${i}"><span class="sw ${d.c}"></span><span class="at">${f.offset}+${f.length}</span> <span class="path">${esc(name)}</span> <span class="v">${esc(d.d)}</span>${d.t ? ` <span class="ord">[${esc(d.t)}]</span>` : ''}</div>`;
  }).join('');

  const decls = structsUsed(ex.fields).map((s) => `<pre class="decl" id="struct-${esc(s.name)}">${esc(cDeclaration(s))}</pre>`).join('');
  const msgs = ex.fields.filter((f) => f.role === 'message').length;
  const summary = `${ex.length} bytes of netlink data, ${ex.direction}, ${ex.protocol}, ${msgs} message${msgs === 1 ? '' : 's'}${ex.index !== undefined ? ` (message ${ex.index} shown)` : ''}`;
  const problems = (ex.problems ?? []).map((p) => `<li>byte ${p.offset}${p.path ? ` (${esc(p.path)})` : ''}: ${esc(p.message)}</li>`).join('');
  const json = JSON.stringify(data).replace(/</g, '\\u003c');

  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>nlscope explain: ${esc(opts.title)}</title>
<style>
:root { --hdr:#9ecbff; --hdr2:#7fb5f5; --err:#ffb3b3; --err2:#ff9a9a; --nla:#ffd98a; --nla2:#f5c760; --fld:#a8e6a3; --fld2:#86d780;
  --val:#e0c3ff; --val2:#cfa6fa; --pad:#e4e4e4; --pad2:#d6d6d6; --raw:#ff8f8f; --raw2:#ff7070; }
* { box-sizing: border-box; }
html, body { height: 100%; }
body { font: 13px/1.35 system-ui, sans-serif; margin: 0; color: #1d1d1f; background: #fafafa; display: flex; flex-direction: column; overflow: hidden; }
header { padding: 10px 16px; background: #20232a; color: #f0f0f0; }
header h1 { font-size: 16px; margin: 0 0 4px; }
header p { margin: 0; color: #c8c8c8; }
header, .problems { flex: none; }
main { display: flex; gap: 16px; padding: 12px 16px; align-items: stretch; flex: 1; min-height: 0; }
#grid { font: 12px/1 ui-monospace, "DejaVu Sans Mono", monospace; background: #fff; border: 1px solid #ddd; padding: 8px; border-radius: 6px; flex: none; overflow: auto; }
.row { display: flex; white-space: nowrap; }
.off { width: 44px; color: #888; padding: 3px 6px 3px 0; text-align: right; }
.b { display: inline-block; width: 24px; text-align: center; padding: 3px 0; margin: 1px 0; cursor: default; }
.b.e { background: transparent; }
.b.f { box-shadow: inset 2px 0 0 rgba(0,0,0,.45); }
.hdr { background: var(--hdr); } .hdr.alt { background: var(--hdr2); }
.err { background: var(--err); } .err.alt { background: var(--err2); }
.nla { background: var(--nla); } .nla.alt { background: var(--nla2); }
.fld { background: var(--fld); } .fld.alt { background: var(--fld2); }
.val { background: var(--val); } .val.alt { background: var(--val2); }
.pad { background: repeating-linear-gradient(45deg, var(--pad), var(--pad) 3px, var(--pad2) 3px, var(--pad2) 6px); color: #777; }
.raw { background: var(--raw); } .raw.alt { background: var(--raw2); }
.b.hl { outline: 2px solid #d00; outline-offset: -2px; position: relative; z-index: 1; }
#side { flex: 1; min-width: 420px; overflow: auto; }
#tree { background: #fff; border: 1px solid #ddd; border-radius: 6px; padding: 8px; font: 12px/1.5 ui-monospace, "DejaVu Sans Mono", monospace; }
details { margin-left: 14px; }
#tree > details { margin-left: 0; }
summary { cursor: pointer; font-weight: 600; }
.leaf { margin-left: 28px; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.leaf .sw { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 4px; vertical-align: -1px; }
.at { color: #888; } .path { color: #0b4f9c; } .ord { color: #8a6d00; }
.node.hl { background: #fff3b0; }
#tip { position: fixed; pointer-events: none; background: #20232a; color: #fff; padding: 6px 8px; border-radius: 4px; font: 12px/1.4 ui-monospace, monospace; max-width: 560px; display: none; z-index: 10; white-space: pre-wrap; }
h2 { font-size: 14px; margin: 16px 0 6px; }
.decl { background: #fff; border: 1px solid #ddd; border-radius: 6px; padding: 8px; font: 12px/1.4 ui-monospace, monospace; overflow-x: auto; tab-size: 4; }
.legend span { display: inline-block; padding: 1px 6px; margin-right: 6px; border-radius: 3px; color: #1d1d1f; }
.problems { color: #b00; }
</style>
</head>
<body>
<header>
<h1>nlscope explain: ${esc(opts.title)}</h1>
<p>${esc(summary)}. Offsets are decimal from the start of the netlink data; host order is the sender's (little-endian here), network order big-endian.</p>
<p class="legend"><span class="hdr">nlmsghdr</span><span class="fld">struct field</span><span class="nla">nlattr header (nla_len, nla_type)</span><span class="val">attribute value</span><span class="pad">padding</span><span class="err">nlmsgerr</span><span class="raw">raw / undecoded</span></p>
</header>
${problems ? `<ul class="problems">${problems}</ul>` : ''}
<main>
<div id="grid" aria-label="bytes">${rows.join('\n')}</div>
<div id="side">
<div id="tree">${tree(ex.fields, 0)}</div>
<h2>C declarations (from the layouts in codecs/)</h2>
${decls}
</div>
</main>
<div id="tip"></div>
<script>
"use strict";
window.addEventListener("error", (e) => { document.body.dataset.errors = (document.body.dataset.errors || "") + e.message + ";"; });
const LEAVES = ${json};
const grid = document.getElementById("grid");
const tree = document.getElementById("tree");
const tip = document.getElementById("tip");
const cells = Array.from(grid.querySelectorAll(".b[data-b]"));
const byByte = new Map(cells.map((c) => [Number(c.dataset.b), c]));
let lit = [];
function clear() { for (const el of lit) el.classList.remove("hl"); lit = []; }
function light(o, n, node) {
  clear();
  for (let b = o; b < o + n; b++) { const c = byByte.get(b); if (c) { c.classList.add("hl"); lit.push(c); } }
  if (node) { node.classList.add("hl"); lit.push(node); }
}
grid.addEventListener("mouseover", (e) => {
  const c = e.target.closest(".b[data-l]");
  if (!c) return;
  const l = LEAVES[Number(c.dataset.l)];
  const node = document.getElementById("leaf" + l.i);
  light(l.o, l.n, node);
  tip.textContent = l.p + "\\n" + l.d + "\\noffset " + l.o + ", " + l.n + " byte" + (l.n === 1 ? "" : "s") + (l.s ? ", struct " + l.s : "") + (l.t ? "\\n" + l.t : "") + "\\nbyte " + c.dataset.b + ": 0x" + c.textContent;
  tip.style.display = "block";
});
grid.addEventListener("mousemove", (e) => {
  const x = Math.min(e.clientX + 14, window.innerWidth - tip.offsetWidth - 4);
  const y = Math.min(e.clientY + 14, window.innerHeight - tip.offsetHeight - 4);
  tip.style.left = x + "px"; tip.style.top = y + "px";
});
grid.addEventListener("mouseleave", () => { tip.style.display = "none"; clear(); });
grid.addEventListener("click", (e) => {
  const c = e.target.closest(".b[data-l]");
  if (!c) return;
  const node = document.getElementById("leaf" + c.dataset.l);
  if (!node) return;
  for (let p = node.parentElement; p && p !== tree; p = p.parentElement) if (p.tagName === "DETAILS") p.open = true;
  node.scrollIntoView({ block: "center" });
});
tree.addEventListener("mouseover", (e) => {
  const n = e.target.closest(".node");
  if (!n) return;
  const holder = n.tagName === "SUMMARY" ? n.parentElement : n;
  light(Number(holder.dataset.o), Number(holder.dataset.n), n);
  const first = byByte.get(Number(holder.dataset.o));
  if (first) { const r = first.getBoundingClientRect(), g = grid.getBoundingClientRect(); if (r.top < g.top || r.bottom > g.bottom) first.scrollIntoView({ block: "nearest" }); }
});
tree.addEventListener("mouseleave", clear);
// #byte=N: show byte N as if hovered (links into the page, screenshots)
function fromHash() {
  const m = /^#byte=(\\d+)$/.exec(location.hash);
  const c = m && byByte.get(Number(m[1]));
  if (!c) return;
  const r = c.getBoundingClientRect();
  c.dispatchEvent(new MouseEvent("mouseover", { bubbles: true }));
  c.dispatchEvent(new MouseEvent("mousemove", { bubbles: true, clientX: r.right, clientY: r.bottom }));
  const node = document.getElementById("leaf" + c.dataset.l);
  if (!node) return;
  for (let p = node.parentElement; p && p !== tree; p = p.parentElement) if (p.tagName === "DETAILS") p.open = true;
  node.scrollIntoView({ block: "center" });
  c.scrollIntoView({ block: "nearest" });
  const r2 = c.getBoundingClientRect();
  c.dispatchEvent(new MouseEvent("mouseover", { bubbles: true }));
  c.dispatchEvent(new MouseEvent("mousemove", { bubbles: true, clientX: r2.right, clientY: r2.bottom }));
}
window.addEventListener("hashchange", fromHash);
fromHash();
document.body.dataset.ready = "1";
</script>
</body>
</html>
`;
}
