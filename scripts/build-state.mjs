// What src/cli/bin.mjs decides from at start, for the scripts and tests that need to know what
// it will run: whether the build in dist/ is current, and the name of the start-up snapshot a
// node binary starts from. (bin.mjs itself keeps its own copy of each, in its shell line and
// in JavaScript: it must start without loading anything else.)
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** The snapshot's file name in dist/ for a node binary (its size and mtime in seconds), as
 *  scripts/build.mjs names it and bin.mjs's shell line looks for it. */
export function snapshotName(nodeBinary = process.execPath) {
  const st = statSync(nodeBinary);
  return `nlscope-${st.size}-${Math.floor(st.mtimeMs / 1000)}.blob`;
}

/** Whether root's dist/ is at least as new as every file it is built from (Markdown is not). */
export function buildCurrent(root) {
  const stamp = join(root, 'dist', '.built');
  if (!existsSync(stamp)) return false;
  const built = statSync(stamp).mtimeMs;
  const newer = (dir) => readdirSync(dir, { withFileTypes: true }).some((e) => e.isDirectory()
    ? newer(join(dir, e.name)) : !e.name.endsWith('.md') && statSync(join(dir, e.name)).mtimeMs > built);
  return !newer(join(root, 'src')) && !newer(join(root, 'codecs'));
}
