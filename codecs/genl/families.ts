// Generic netlink families nlscope knows by name: the specs shipped in ./specs (loaded the
// first time their family appears) and the ones given with `--spec`. A family id means a
// family only through a Session (CTRL answers of the capture, or --genl-family); the name
// then leads here.
import { fileURLToPath } from 'node:url';
import type { AttrSet, EnumDecl, FlagsDecl } from '../../src/codec/schema.js';
import { loadSpecFile, specFiles, YnlProtocolError, type YnlFamily } from '../../src/ynl/index.js';
import { NL_ATTR_TYPE, NL_POLICY_TYPE_ATTR } from '../netlink.js';

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

/** Families from --spec, by name (they win over shipped ones). */
const given = new Map<string, YnlFamily>();
/** Shipped specs that failed to load are not tried again. */
const broken = new Set<string>();
const listeners: Array<() => void> = [];

/** The declaration of a family by name, or undefined when no spec describes it. */
export function knownFamily(name: string): YnlFamily | undefined {
  const g = given.get(name);
  if (g) return g;
  const file = SHIPPED.get(name);
  if (!file || broken.has(name)) return undefined;
  try {
    return loadSpecFile(file, BUILTINS);
  } catch {
    broken.add(name);
    return undefined;
  }
}

/** Adds a family (a compiled spec); later messages of that name are read by it. */
export function addFamily(f: YnlFamily): void {
  given.set(f.name, f);
  for (const l of listeners) l();
}

/** Called when the known families change (layouts cached per family are dropped). */
export function onFamiliesChanged(fn: () => void): void {
  listeners.push(fn);
}

export interface AddedSpecs {
  families: YnlFamily[];
  /** `file: what` lines: constructs kept raw, files skipped */
  warnings: string[];
}

/**
 * `--spec FILE_OR_DIR`: every generic netlink spec there. A file that is not valid YAML or
 * not a usable spec throws YnlError (one line); in a directory, specs of other protocols
 * (netlink-raw: rtnetlink, nftables) are skipped with a warning.
 */
export function addSpecs(path: string): AddedSpecs {
  const files = specFiles(path);
  const dir = files.length !== 1 || files[0] !== path;
  const out: AddedSpecs = { families: [], warnings: [] };
  for (const file of files) {
    let f: YnlFamily;
    try { f = loadSpecFile(file, BUILTINS); } catch (e) {
      if (dir && e instanceof YnlProtocolError) { out.warnings.push(`${e.message}; skipped`); continue; }
      throw e;
    }
    addFamily(f);
    out.families.push(f);
    for (const w of f.warnings) out.warnings.push(`${file}: ${w}`);
  }
  return out;
}
