#!/bin/sh
':' //; t="glibc.malloc.arena_max=1:glibc.malloc.trim_threshold=268435456:glibc.malloc.top_pad=67108864${GLIBC_TUNABLES:+:$GLIBC_TUNABLES}"; p=$(readlink -f "$0") && r=${p%/src/cli/*} && n=$(command -v node) && b="$r/dist/nlscope-$(stat -Lc %s-%Y "$n").blob" && [ -f "$b" ] && [ -z "$NODE_OPTIONS$NODE_V8_COVERAGE" ] && case "$1" in ''|-*) false;; esac && [ -z "$(find "$r/src" "$r/codecs" -type f ! -name '*.md' -newer "$r/dist/.built" -print -quit 2>/dev/null)" ] && exec env -u NODE_EXTRA_CA_CERTS NLSCOPE_ROOT="$r" GLIBC_TUNABLES="$t" node --max-semi-space-size=4 --snapshot-blob "$b" "$@"; exec env -u NODE_EXTRA_CA_CERTS GLIBC_TUNABLES="$t" node --max-semi-space-size=4 "$0" "$@"
// The `nlscope` command. Run as a program (an installed `nlscope`, `npx nlscope`), the two lines
// above are a shell script that starts node on this file:
// - with glibc's malloc told to keep the memory it frees (one arena, no trimming; a user's own
//   GLIBC_TUNABLES come last and win). V8's optimizing compiler builds and frees megabytes of
//   graphs in its threads; returned to the kernel, each page faults in afresh at the next
//   compile, and a fresh page costs 13-16 us on a VM like the one BENCHMARKS.md was measured
//   on: 4,000 faults in the first 5 MB of a decode, and compiles twice as long;
// - with V8's young generation at most 2 x 4 MiB. V8 grows it (to 2 x 16) the longer a process
//   allocates, so a 500 MB capture took 14 MiB more than a 50 MB one, for no gain in speed.
// - without NODE_EXTRA_CA_CERTS. Node 20 reads and parses that file of certificates as it
//   starts, whether the program ever opens a TLS connection or not (nlscope opens none): with
//   the system bundle (/etc/ssl/certs/ca-certificates.crt) node took 0.14 s to start instead of
//   0.04 s on that VM.
// - from the start-up snapshot (src/cli/snapshot.ts: the modules loaded and evaluated, 0.1-0.17 s
//   less per run) when the build made one with this node (dist/nlscope-SIZE-MTIME.blob, after
//   the node binary), no source is newer than the build, NODE_OPTIONS and NODE_V8_COVERAGE are
//   unset (V8 refuses a snapshot under other flags) and the first argument is a command (node
//   would read `--help` as its own). NLSCOPE_ROOT tells it where this tree is. Otherwise, node
//   runs this file.
// To node the first line is a hashbang and the second a string and a comment.
//
// `npm ci` compiles the TypeScript to dist/ (scripts/build.mjs); that
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
