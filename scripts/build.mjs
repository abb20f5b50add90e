#!/usr/bin/env node
// `npm run build` (run by `npm ci` through `prepare`): compiles src/ and codecs/ to dist/ with
// tsc and copies the files they read at run time (helper.py, YAML specs), so the `nlscope`
// command starts in plain node instead of compiling TypeScript on every start.
// src/cli/bin.mjs uses dist/ only while it is newer than every source file.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
rmSync(dist, { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
// Emit only: `npm test` type-checks. A failed build leaves no dist/, and the command runs
// through tsx instead, so an install never fails here.
try {
  execFileSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json'), '--noCheck'], { stdio: 'inherit', cwd: root });
} catch {
  rmSync(dist, { recursive: true, force: true });
  console.error('nlscope build: tsc failed; the nlscope command will run the TypeScript through tsx');
  process.exit(0);
}
for (const top of ['src', 'codecs']) copyAssets(join(root, top), join(dist, top));
writeFileSync(join(dist, '.built'), new Date().toISOString() + '\n');

function copyAssets(from, to) {
  for (const e of readdirSync(from, { withFileTypes: true })) {
    const src = join(from, e.name);
    if (e.isDirectory()) copyAssets(src, join(to, e.name));
    else if (!/\.(ts|mts|md)$/.test(e.name) && statSync(src).size < 1 << 20) {
      mkdirSync(to, { recursive: true });
      cpSync(src, join(to, e.name));
    }
  }
}
