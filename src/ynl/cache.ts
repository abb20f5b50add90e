// Parsed specs kept on disk between runs, by the SHA-1 of the YAML text: the YAML parser costs
// ~100 ms to load and ~50-200 ms per large spec, JSON.parse of the same data under 1 ms. A stale
// entry cannot be read (the key is the content); any failure (read-only home, full disk) just
// means parsing again. NLSCOPE_CACHE=off disables it; NLSCOPE_CACHE=DIR moves it.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import type { Raw } from './parse.js';

/** Bump when the cached form changes meaning. */
const FORMAT = 1;

function cacheDir(): string | undefined {
  const env = process.env.NLSCOPE_CACHE;
  if (env === 'off' || env === '0') return undefined;
  if (env) return env;
  const base = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(base, 'nlscope', 'ynl');
}

// node:crypto is loaded on first use: importing it costs every command ~8 ms at start-up,
// and only a run that reads a spec needs it
const keyOf = (text: string) => (createRequire(import.meta.url)('node:crypto') as typeof import('node:crypto')).createHash('sha1').update(`${FORMAT}\n`).update(text).digest('hex');

/** The parsed spec of this text, if an earlier run kept it. */
export function cachedParse(text: string): Raw | undefined {
  const dir = cacheDir();
  if (!dir) return undefined;
  try {
    const v = JSON.parse(readFileSync(join(dir, `${keyOf(text)}.json`), 'utf8')) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Raw) : undefined;
  } catch {
    return undefined;
  }
}

/** Keeps a parsed spec for later runs (atomically: a reader never sees half a file). */
export function keepParse(text: string, raw: Raw): void {
  const dir = cacheDir();
  if (!dir) return;
  try {
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `${keyOf(text)}.json`);
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(raw));
    renameSync(tmp, file);
  } catch {
    // no cache: the next run parses again
  }
}
