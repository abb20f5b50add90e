// Struct layouts in codecs/ against the C compiler: every StructDecl with a `header` option is
// a real `struct NAME` of that uapi header, so gcc's sizeof / offsetof must agree with the
// declaration (size, each field's offset as the codec lays fields end to end, the last field
// ending inside sizeof). Structs without `header` must be exactly their fields, or larger only
// by a declared `size`.
import { beforeAll, describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import type { FieldDecl, StructDecl } from '../src/codec/schema.js';
import {
  ccAvailable, collectStructs, declOffsets, fieldBytes, measureC, sumOfFields,
  type CResult, type CStructQuery, type FoundStruct,
} from './c-layout.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CODECS = fileURLToPath(new URL('../codecs', import.meta.url));
const HAVE_CC = ccAvailable();


/** The mask of each bitfield member within its unit, as declared (`bitfields()`): each member
 *  is set to all ones in C, and the bits it touches must lie in the unit and be this mask. */
const memberMasks = (f: FieldDecl): Record<string, number> =>
  Object.fromEntries((f.bits ?? []).map((m) => [m.name, (2 ** m.width - 1) * 2 ** m.shift]));

let structs: FoundStruct[] = [];
let withHeader: (FoundStruct & { id: number })[] = [];
/** structs without `header`, looked up in the same C file (report only): ids from 100000 */
let headerless: (FoundStruct & { id: number })[] = [];
const HEADERLESS_ID = 100_000;
let c: CResult | undefined;

beforeAll(async () => {
  structs = await collectStructs(CODECS, ROOT);
  withHeader = structs.filter((s) => s.decl.header).map((s, id) => ({ ...s, id }));
  headerless = structs.filter((s) => !s.decl.header).map((s, i) => ({ ...s, id: HEADERLESS_ID + i }));
  if (!HAVE_CC) return;
  const queries: CStructQuery[] = [...withHeader, ...headerless].map(({ decl, id }) => ({
    id,
    name: decl.name,
    header: decl.header,
    // a renamed member by both names: headers before the rename know the old one (`was`), newer
    // ones (and distributions that took the change: Debian's 6.1 has nexthop_grp.weight_high) the new one
    fields: decl.fields.filter((f) => !f.bits).flatMap((f) => (f.was === undefined ? [f.name] : [f.name, f.was])),
    bitfields: Object.fromEntries(decl.fields.filter((f) => f.bits).map((f) => [f.name, f.bits!.map((m) => m.name)])),
  }));
  c = await measureC(queries);
  if (c.combinedError) {
    console.warn(`[struct-layout] the headers do not compile together; measured apart: ${[...c.prelude.keys(), ...c.badHeaders.keys()].join(', ')}; first error:\n${c.combinedError.split('\n').slice(0, 6).join('\n')}`);
  }
}, 60_000);

/** The C member of a declared field: by its name, else by the name it had (`was`). */
const memberOf = (lay: { fields: Map<string, [number, number]> }, f: { name: string; was?: string }) =>
  lay.fields.get(f.name) ?? (f.was === undefined ? undefined : lay.fields.get(f.was));

const label = (s: FoundStruct) => `struct ${s.decl.name} (${s.decl.header ?? 'no header'}; ${s.where})`;

describe('codecs/ struct declarations', () => {
  it('are found: exported, embedded and reached from attribute sets', () => {
    expect(structs.length).toBeGreaterThan(50);
    expect(withHeader.length).toBeGreaterThan(100);
    // a non-exported struct only reachable through an attribute set or an embedding still counts
    const names = new Set(structs.map((s) => s.decl.name));
    for (const n of ['nlmsghdr', 'ifinfomsg', 'tc_ratespec', 'inet_diag_sockid']) expect(names, n).toContain(n);
  });

  it('without `header`: size is the sum of the fields, or larger only by a declared size', () => {
    const bad: string[] = [];
    const larger: string[] = [];
    for (const s of structs.filter((x) => !x.decl.header)) {
      const sum = sumOfFields(s.decl);
      if (s.decl.size < sum) bad.push(`${label(s)}: size ${s.decl.size} < sum of fields ${sum}`);
      else if (s.decl.size > sum) larger.push(`${s.decl.name} ${sum}->${s.decl.size}`);
    }
    if (larger.length) console.info(`[struct-layout] headerless structs with a declared size above their fields: ${larger.join(', ')}`);
    expect(bad, bad.join('\n')).toEqual([]);
  });

  it('with `header`: fields never overlap or exceed the declared size', () => {
    const bad: string[] = [];
    for (const s of withHeader) {
      const sum = sumOfFields(s.decl);
      if (sum > s.decl.size) bad.push(`${label(s)}: fields take ${sum} bytes > declared size ${s.decl.size}`);
    }
    expect(bad, bad.join('\n')).toEqual([]);
  });
});

describe.skipIf(!HAVE_CC)('codecs/ structs against gcc (sizeof / offsetof)', () => {
  it('every header compiles (alone if not together with the others)', () => {
    const bad = [...c!.badHeaders].map(([h, err]) => {
      const victims = withHeader.filter((s) => s.decl.header === h).map((s) => s.decl.name);
      return `<${h}> does not compile (structs not checked: ${victims.join(', ')}):\n${err.split('\n').slice(0, 8).join('\n')}`;
    });
    expect(bad, bad.join('\n\n')).toEqual([]);
  });

  it('every struct NAME exists in its header', () => {
    const bad = [...c!.noStruct].filter(([id]) => id < HEADERLESS_ID).map(([id, err]) => `${label(withHeader[id])}: no such struct in <${withHeader[id].decl.header}> (${err})`);
    expect(bad, bad.join('\n')).toEqual([]);
  });

  it('sizeof, offsetof and member sizes agree with the declarations', () => {
    const bad: string[] = [];
    const skippedHoles: string[] = [];
    let nStructs = 0;
    let nFields = 0;
    let nBitfields = 0;
    for (const s of withHeader) {
      const lay = c!.layouts.get(s.id);
      if (!lay) continue; // reported by the two tests above
      nStructs++;
      const d: StructDecl = s.decl;
      const where = label(s);
      if (d.size !== lay.size) bad.push(`${where}: size ${d.size}, sizeof ${lay.size}`);
      const offs = declOffsets(d);
      d.fields.forEach((f, i) => {
        const bytes = fieldBytes(f);
        const bits = lay.bitfields.get(f.name);
        if (f.bits) {
          nBitfields++;
          for (const [bit, expMask] of Object.entries(memberMasks(f))) {
            const got = bits?.get(bit);
            if (!got) continue; // not a member: reported from lay.badBitfields below
            if (got.lo < offs[i] || got.hi > offs[i] + bytes) {
              bad.push(`${where}: field ${f.name} at ${offs[i]}..${offs[i] + bytes}, its bitfield ${bit} uses bytes ${got.lo}..${got.hi}`);
            } else {
              const mask = got.mask << BigInt(8 * (got.lo - offs[i]));
              if (mask !== BigInt(expMask)) bad.push(`${where}: field ${f.name}: bitfield ${bit} has mask 0x${mask.toString(16)}, declared 0x${expMask.toString(16)}`);
            }
          }
          return;
        }
        const m = memberOf(lay, f);
        // an alignment hole (hole: true) has no member: no offsetof; its neighbours' offsets check it
        if (f.hole) {
          if (m) bad.push(`${where}: field ${f.name} is declared an alignment hole, but the C struct has a member of that name`);
          else skippedHoles.push(`${d.name}.${f.name}`);
          return;
        }
        if (!m) {
          bad.push(`${where}: field ${f.name} is not a member of the C struct (name it as the kernel does, or declare an unnamed alignment hole with hole: true)`);
          return;
        }
        nFields++;
        const [off, size] = m;
        if (off !== offs[i]) bad.push(`${where}: field ${f.name} at offset ${offs[i]}, offsetof ${off}`);
        if (size >= 0 && size !== bytes) bad.push(`${where}: field ${f.name} is ${f.size}${f.count ? `x${f.count}` : ''} = ${bytes} bytes, sizeof member ${size}`);
      });
      for (const b of lay.badBitfields) bad.push(`${where}: bitfield ${b} is not a member of the C struct`);
      const last = d.fields.length - 1;
      if (last >= 0 && offs[last] + fieldBytes(d.fields[last]) > lay.size) {
        bad.push(`${where}: last field ${d.fields[last].name} ends at ${offs[last] + fieldBytes(d.fields[last])} > sizeof ${lay.size}`);
      }
    }
    const preludes = [...c!.prelude];
    console.info(
      `[struct-layout] checked ${nStructs} structs with header (of ${withHeader.length}; ${structs.length} structs in all), ` +
      `${nFields} fields by offsetof, ${nBitfields} bytes of bitfields; ` +
      `skipped ${skippedHoles.length} unnamed holes (${skippedHoles.join(', ')})` +
      (c!.first.length ? `; included first (they include libc headers): ${c!.first.join(', ')}` : '') +
      (preludes.length ? `; measured apart: ${preludes.map(([h, p]) => `${h}${p.length ? ` (after ${p.join(', ')})` : ''}`).join('; ')}` : ''),
    );
    expect(nStructs).toBeGreaterThan(0);
    reportHeaderless();
    expect(bad, `${bad.length} layout mismatches:\n${bad.join('\n')}`).toEqual([]);
  });
});

/** Structs declared without `header` whose name is nevertheless a C struct of the included headers:
 *  printed for information (they may add bytes that follow the C struct, like rtvia + address). */
function reportHeaderless(): void {
  const notes: string[] = [];
  for (const s of headerless) {
    const lay = c!.layouts.get(s.id);
    if (!lay) continue; // not a C struct name (enum-indexed arrays, anonymous members ...)
    const offs = declOffsets(s.decl);
    const diffs: string[] = [];
    if (s.decl.size !== lay.size) diffs.push(`size ${s.decl.size} vs sizeof ${lay.size}`);
    s.decl.fields.forEach((f, i) => {
      const m = memberOf(lay, f);
      if (!m) diffs.push(f.hole ? `hole ${f.name} skipped` : `${f.name} not a member`);
      else if (m[0] !== offs[i] || (m[1] >= 0 && m[1] !== fieldBytes(f))) diffs.push(`${f.name} at ${offs[i]}+${fieldBytes(f)} vs offsetof ${m[0]}+${m[1]}`);
    });
    const wrong = diffs.filter((x) => !x.startsWith('hole '));
    notes.push(`${s.decl.name} (${s.where}): ${wrong.length ? diffs.join(', ') : `matches C${diffs.length ? ` (${diffs.join(', ')})` : ''}`}`);
  }
  if (notes.length) console.info(`[struct-layout] structs without header that are C structs of the included headers (not failing):\n  ${notes.join('\n  ')}`);
}

if (!HAVE_CC) {
  describe('codecs/ structs against gcc', () => {
    it.skip('skipped: no C compiler (`cc`) on PATH, sizeof/offsetof cannot be measured', () => {});
  });
}
