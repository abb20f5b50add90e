// Loading YNL specs: a file is read, parsed and compiled at most once per process (and parsed
// once per content: cache.ts keeps the parsed form between runs).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { compileSpec, type CompileOptions, type YnlFamily } from './compile.js';
import { parseYaml, YnlError } from './parse.js';
import { cachedParse, keepParse } from './cache.js';

export { YnlError, YnlProtocolError } from './parse.js';
export type { YnlFamily, YnlOp, YnlMessage } from './compile.js';

/** Compiles spec text (tests, specs given inline). Throws YnlError with one clear line. */
export function loadSpecText(text: string, source = '<spec>', builtins?: CompileOptions['builtins']): YnlFamily {
  return compileSpec(parseYaml(text, source), { source, builtins });
}

const byPath = new Map<string, YnlFamily>();

/** A spec file, compiled once per process (by absolute path). */
export function loadSpecFile(path: string, builtins?: CompileOptions['builtins']): YnlFamily {
  const abs = resolve(path);
  const done = byPath.get(abs);
  if (done) return done;
  let text: string;
  try { text = readFileSync(abs, 'utf8'); } catch (e) {
    throw new YnlError(`${path}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  let raw = cachedParse(text);
  if (!raw) {
    raw = parseYaml(text, path);
    keepParse(text, raw);
  }
  const family = compileSpec(raw, { source: path, builtins });
  byPath.set(abs, family);
  return family;
}

/** The spec files a `--spec` argument names: the file, or every *.yaml of a directory (sorted). */
export function specFiles(path: string): string[] {
  let st;
  try { st = statSync(path); } catch (e) {
    throw new YnlError(`${path}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  if (!st.isDirectory()) return [path];
  const files = readdirSync(path).filter((f) => /\.ya?ml$/.test(f)).sort().map((f) => join(path, f));
  if (!files.length) throw new YnlError(`${path}: no *.yaml specs in this directory`);
  return files;
}
