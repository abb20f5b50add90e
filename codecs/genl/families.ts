// Generic netlink families nlscope knows by name: the specs shipped in ./specs (loaded the
// first time their family appears) and the ones given with `--spec`. A family id means a
// family only through a Session (CTRL answers of the capture, or --genl-family); the name
// then leads here.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AttrSet, EnumDecl, FlagsDecl } from '../../src/codec/schema.js';
import { loadSpecFile, specFiles, type YnlFamily } from '../../src/ynl/index.js';
import { NL_ATTR_TYPE, NL_POLICY_TYPE_ATTR } from '../netlink.js';
import { specWarning as warn } from './spec-warnings.js';

/** Declarations a spec may take from nlscope (attribute sets and enums marked `header:` in the spec). */
export const BUILTINS: ReadonlyMap<string, EnumDecl | FlagsDecl | AttrSet> = new Map<string, EnumDecl | FlagsDecl | AttrSet>([
  [NL_POLICY_TYPE_ATTR.name, NL_POLICY_TYPE_ATTR],
  [NL_ATTR_TYPE.name, NL_ATTR_TYPE],
]);

const SPEC_DIR = fileURLToPath(new URL('./specs/', import.meta.url));

/** Families with a shipped spec: family name -> file. */
export const SHIPPED: ReadonlyMap<string, string> = new Map([
  ['nlctrl', `${SPEC_DIR}nlctrl.yaml`],
  ['ethtool', `${SPEC_DIR}ethtool.yaml`],
]);

/** Families from --spec, by name (they win over shipped ones): compiled, or a file read on first use. */
const given = new Map<string, YnlFamily | { file: string }>();
/** Specs that failed to load are not tried again. */
const broken = new Set<string>();
const listeners: Array<() => void> = [];
export { onSpecWarning } from './spec-warnings.js';

/** The declaration of a family by name, or undefined when no spec describes it. */
export function knownFamily(name: string): YnlFamily | undefined {
  const g = given.get(name);
  if (g && 'ops' in g) return g;
  const file = g?.file ?? SHIPPED.get(name);
  if (!file || broken.has(file)) return undefined;
  try {
    const f = loadSpecFile(file, BUILTINS);
    if (g) {
      given.set(name, f);
      for (const w of f.warnings) warn(`${file}: ${w}`);
    }
    return f;
  } catch (e) {
    broken.add(file);
    warn(`${(e as Error).message}; ${name} messages stay undecoded`);
    return undefined;
  }
}

/** Adds a family (a compiled spec); later messages of that name are read by it. */
export function addFamily(f: YnlFamily): void {
  given.set(f.name, f);
  changed();
}

function changed(): void {
  for (const l of listeners) l();
}

/** Called when the known families change (layouts cached per family are dropped). */
export function onFamiliesChanged(fn: () => void): void {
  listeners.push(fn);
}

export interface AddedSpecs {
  /** family names */
  families: string[];
  /** `file: what` lines: constructs the spec has that nlscope keeps raw */
  warnings: string[];
  /** files of a directory that are not generic netlink specs (netlink-raw: rt-link, nftables ...) */
  skipped: string[];
}

/**
 * `--spec FILE_OR_DIR`. A file is read now: not valid YAML, or not a usable generic netlink
 * spec, throws YnlError (one line). A directory (the kernel's Documentation/netlink/specs holds
 * ~1 MB of YAML, seconds to parse) is indexed by each file's top-level `name:` and `protocol:`;
 * a spec is parsed the first time its family appears. Specs of other protocols (netlink-raw:
 * rtnetlink, nftables) are skipped with a warning.
 */
export function addSpecs(path: string): AddedSpecs {
  const files = specFiles(path);
  const out: AddedSpecs = { families: [], warnings: [], skipped: [] };
  if (files.length === 1 && files[0] === path) {
    const f = loadSpecFile(path, BUILTINS);
    given.set(f.name, f);
    out.families.push(f.name);
    for (const w of f.warnings) out.warnings.push(`${path}: ${w}`);
  } else {
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      const name = /^name:[ \t]*['"]?([\w.-]+)['"]?[ \t]*(?:#.*)?$/m.exec(text)?.[1];
      const protocol = /^protocol:[ \t]*['"]?([\w-]+)/m.exec(text)?.[1] ?? 'genetlink';
      if (!name || !GENERIC_PROTOCOLS.has(protocol)) { out.skipped.push(basename(file)); continue; }
      given.set(name, { file });
      out.families.push(name);
    }
  }
  changed();
  return out;
}

const GENERIC_PROTOCOLS = new Set(['genetlink', 'genetlink-c', 'genetlink-legacy']);
