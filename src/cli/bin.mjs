#!/usr/bin/env node
// The `nlscope` command. `npm ci` compiles the TypeScript to dist/ (scripts/build.mjs); that
// starts in plain node. While a source file is newer than the build (working on the code),
// or when there is no build, the TypeScript runs through tsx instead.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const stamp = join(root, 'dist', '.built');

/** The newest mtime of the files the build is made from (documentation is not: editing a
 *  README sent every run through tsx until the next build). */
function newestSource(dir) {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) newest = Math.max(newest, newestSource(p));
    else if (!e.name.endsWith('.md')) newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

const built = existsSync(stamp) && statSync(stamp).mtimeMs;
if (built && newestSource(join(root, 'src')) <= built && newestSource(join(root, 'codecs')) <= built) {
  await import(join(root, 'dist', 'src', 'cli', 'main.js'));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('./main.ts');
}
