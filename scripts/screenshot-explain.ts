// Renders the teaching page (`nlscope explain --html`) in headless Chromium, saves a PNG and
// checks that the page ran cleanly: no console errors, no uncaught exceptions, script finished.
//
//   npx tsx scripts/screenshot-explain.ts [CAPTURE] [FRAME] [INDEX] [OUT.png] [BYTE]
//   defaults: captures/route-dump.pcap 4 1 docs/explain-screenshot.png auto
//   (INDEX - for the whole packet; BYTE auto hovers the value of IFLA_INFO_KIND, or the first attribute value)
//
// Needs Chromium (Debian: apt-get install -y chromium). Exit status 0 when the page is clean.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, existsSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { readCaptureAll } from '../src/capture/reader.js';
import { explainBytes, leavesOf } from '../src/render/explain.js';
import { renderExplainHtml } from '../src/render/explain-html.js';

const [capture = 'captures/route-dump.pcap', frameArg = '4', indexArg = '1', out = 'docs/explain-screenshot.png', byteArg = 'auto'] = process.argv.slice(2);

function chromiumBinary(): string {
  for (const c of [process.env.CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome']) {
    if (c && existsSync(c)) return c;
  }
  throw new Error('Chromium not found: apt-get install -y chromium (or set CHROMIUM=/path/to/chrome)');
}

function runChromium(args: string[]): { stdout: string; stderr: string; status: number | null } {
  const profile = mkdtempSync(join(tmpdir(), 'nlscope-chromium-'));
  try {
    const r = spawnSync(chromiumBinary(), [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run', '--disable-default-apps', '--disable-extensions', `--user-data-dir=${profile}`,
      '--enable-logging=stderr', '--v=0', ...args,
    ], { encoding: 'utf8', timeout: 120_000, maxBuffer: 1 << 26 });
    return { stdout: r.stdout ?? '', stderr: r.stderr ?? '', status: r.status };
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
}

/** Console messages Chromium logged at error level, and uncaught exceptions. */
export function consoleErrors(stderr: string): string[] {
  return stderr.split('\n').filter((l) => /CONSOLE/.test(l) && /(error|Uncaught)/i.test(l));
}

async function main(): Promise<void> {
  const { packets } = await readCaptureAll(capture);
  const frame = Number(frameArg);
  const p = packets.find((x) => x.frame === frame);
  if (!p || p.protocol < 0) throw new Error(`${capture}: no netlink frame ${frame}`);
  const index = indexArg === '-' ? undefined : Number(indexArg);
  const ex = explainBytes(p.data, { protocol: p.protocol, direction: p.direction === 'to-user' ? 'to-user' : 'to-kernel', frame, index });
  const leaves = leavesOf(ex.fields);
  const hover = byteArg !== 'auto' ? Number(byteArg)
    : (leaves.find((l) => l.path.endsWith('IFLA_INFO_KIND.value')) ?? leaves.find((l) => l.role === 'value') ?? leaves[0]).offset;
  const dir = mkdtempSync(join(tmpdir(), 'nlscope-page-'));
  const page = join(dir, 'explain.html');
  writeFileSync(page, renderExplainHtml(ex, { title: `frame ${frame}${index !== undefined ? `, message ${index}` : ''} of ${capture}` }));
  const url = pathToFileURL(page).href;

  // 1. The DOM after the scripts ran: the page marks itself ready and records uncaught errors.
  const dom = runChromium(['--dump-dom', url]);
  const problems: string[] = [];
  if (!/data-ready="1"/.test(dom.stdout)) problems.push('the page script did not finish (no data-ready on <body>)');
  const errs = /data-errors="([^"]*)"/.exec(dom.stdout);
  if (errs) problems.push(`uncaught errors: ${errs[1]}`);
  problems.push(...consoleErrors(dom.stderr));

  // 2. The screenshot, hovering one byte (#byte=N) so the tooltip and highlights show.
  const png = resolve(out);
  const shot = runChromium([`--screenshot=${png}`, '--window-size=1400,900', '--hide-scrollbars', `${url}#byte=${hover}`]);
  problems.push(...consoleErrors(shot.stderr));
  if (!existsSync(png) || statSync(png).size < 10_000) problems.push(`no screenshot at ${png} (chromium exit ${shot.status})`);
  // The page is self-contained: any request for http(s) would show in the log.
  for (const l of (dom.stderr + shot.stderr).split('\n')) if (/https?:\/\//.test(l) && /CONSOLE|net::/.test(l)) problems.push(`network: ${l.trim()}`);
  rmSync(dir, { recursive: true, force: true });

  if (problems.length) {
    for (const x of problems) process.stderr.write(`screenshot-explain: ${x}\n`);
    process.exit(1);
  }
  process.stdout.write(`screenshot-explain: ${png} (${statSync(png).size} bytes), no console errors\n`);
}

main().catch((e) => { process.stderr.write(`screenshot-explain: ${(e as Error).message}\n`); process.exit(2); });
