// Renders an nlscope HTML report in headless Chromium and saves a PNG screenshot.
//   npx tsx scripts/screenshot-report.ts [CAPTURE] [OUT.png]
// Writes the report next to the PNG (same name, .html). Needs the Debian package `chromium`.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, existsSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const capture = process.argv[2] ?? 'captures/changes.pcap';
const png = resolve(process.argv[3] ?? join(tmpdir(), 'nlscope-report.png'));
const html = png.replace(/\.png$/, '') + '.html';
const root = resolve(import.meta.dirname, '..');

execFileSync(process.execPath, [join(root, 'src/cli/bin.mjs'), 'report', capture, '-o', html], { stdio: 'inherit' });

const browser = ['chromium', 'chromium-browser', 'google-chrome'].find((b) => spawnSync('which', [b]).status === 0);
if (!browser) {
  process.stderr.write('no chromium found: apt-get install -y chromium\n');
  process.exit(2);
}
const profile = mkdtempSync(join(tmpdir(), 'nlscope-chromium-'));
try {
  const r = spawnSync(browser, [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
    '--disable-sync', '--no-first-run', `--user-data-dir=${profile}`, `--screenshot=${png}`, '--window-size=1400,1000',
    '--hide-scrollbars', `file://${html}`,
  ], { encoding: 'utf8', timeout: 60000 });
  if (!existsSync(png)) {
    process.stderr.write(`chromium made no screenshot (status ${r.status}): ${r.stderr}\n`);
    process.exit(1);
  }
} finally {
  rmSync(profile, { recursive: true, force: true });
}
process.stdout.write(`${html}\n${png} (${statSync(png).size} bytes)\n`);
