#!/usr/bin/env node
// `npm run build` (run by `npm ci` through `prepare`): compiles src/ and codecs/ to dist/ with
// tsc and copies the files they read at run time (helper.py, YAML specs), so the `nlscope`
// command starts in plain node instead of compiling TypeScript on every start; then makes the
// start-up snapshot the command starts from (buildSnapshot below).
// src/cli/bin.mjs uses dist/ only while it is newer than every source file.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { snapshotName } from './build-state.mjs';

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
try {
  await buildSnapshot();
} catch (e) {
  console.error(`nlscope build: no start-up snapshot (${String(e.message ?? e).split('\n')[0]}); the nlscope command loads its modules instead`);
}
writeFileSync(join(dist, '.built'), new Date().toISOString() + '\n');

/**
 * The start-up snapshot (src/cli/snapshot.ts): its module bundled into one CommonJS file by
 * esbuild (tsx's own), which node runs with --build-snapshot. The file is named after the node
 * binary that made it (size and mtime), which src/cli/bin.mjs's shell line looks for: a snapshot
 * starts only in the node that made it, with the same V8 flags.
 */
async function buildSnapshot() {
  const requireHere = createRequire(import.meta.url);
  const esbuild = createRequire(requireHere.resolve('tsx'))('esbuild');
  const bundle = join(dist, 'nlscope-snapshot.cjs');
  await esbuild.build({
    entryPoints: [join(root, 'src', 'cli', 'snapshot.ts')],
    bundle: true, platform: 'node', format: 'cjs', target: 'node20', outfile: bundle, logLevel: 'error',
    plugins: [{
      name: 'nlscope-snapshot',
      setup(b) {
        // yargs' help layout: help runs from the modules (its Intl.Segmenter cannot be saved)
        b.onResolve({ filter: /^(cliui|string-width)$/ }, (a) => ({ path: a.path, namespace: 'no-layout' }));
        b.onLoad({ filter: /.*/, namespace: 'no-layout' }, () => ({
          contents: 'export default function noLayout() { throw new Error("help text needs the full yargs: run with --help"); }',
        }));
        // a module's own URL, as it has in the tree (CommonJS has no import.meta)
        b.onLoad({ filter: /\.(ts|js|mjs)$/ }, (a) => {
          const text = readFileSync(a.path, 'utf8');
          if (!text.includes('import.meta.url')) return undefined;
          return {
            contents: text.replaceAll('import.meta.url', JSON.stringify(pathToFileURL(a.path).href)),
            loader: a.path.endsWith('.ts') ? 'ts' : 'js',
          };
        });
      },
    }],
  });
  const blob = join(dist, snapshotName());
  // written under another name first: a blob cut short would crash node, not be refused
  const part = `${blob}.part`;
  // with the V8 flags of bin.mjs's shell line (node refuses a snapshot made under other flags)
  execFileSync(process.execPath, ['--max-semi-space-size=4', '--snapshot-blob', part, '--build-snapshot', bundle], { stdio: ['ignore', 'ignore', 'pipe'], cwd: root });
  renameSync(part, blob);
}

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
