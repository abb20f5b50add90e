// The HTML report: self-contained (no external URL), with its tables, charts and links.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { analyzeCapture } from '../src/analyze/index.js';
import { ReportCollector, renderReportHtml } from '../src/render/report-html.js';

async function report(path: string): Promise<string> {
  const c = new ReportCollector();
  const s = await analyzeCapture(path, { keepAnswers: 1 }).run((it) => c.add(it));
  s.file = path;
  return renderReportHtml(s, c);
}

describe('HTML report', () => {
  for (const path of ['captures/changes.pcap', 'captures/route-dump.pcap']) {
    it(`${path}: offline, with tables, charts and working links`, async () => {
      const html = await report(path);
      expect(html).toMatch(/^<!DOCTYPE html>/);
      // no external resource of any kind
      expect(html).not.toMatch(/\b(src|href|action|xlink:href)\s*=\s*["']?\s*(https?:)?\/\//i);
      expect(html).not.toMatch(/url\(\s*["']?(https?:)?\/\//i);
      expect(html).not.toMatch(/@import/i);
      expect(html).not.toMatch(/<link\b/i);
      expect(html).not.toMatch(/<script[^>]+src=/i);
      for (const id of ['timeline', 'latency', 'errors', 'dumps', 'loss', 'notifications', 'talkers', 'transactions', 'messages']) expect(html).toContain(`id="${id}"`);
      expect((html.match(/<table/g) ?? []).length).toBeGreaterThanOrEqual(6);
      expect((html.match(/<svg/g) ?? []).length).toBe(2);
      // every in-page link has its target
      const ids = new Set([...html.matchAll(/\bid="([^"]+)"/g)].map((m) => m[1]));
      const targets = [...html.matchAll(/href="#([^"]+)"/g)].map((m) => m[1]);
      expect(targets.length).toBeGreaterThan(10);
      for (const t of targets) expect(ids.has(t), t).toBe(true);
    });
  }

  it('changes.pcap: the error table rows hold errno and extended ack and link to the decoded error', async () => {
    const html = await report('captures/changes.pcap');
    const errors = html.slice(html.indexOf('id="errors"'), html.indexOf('id="dumps"'));
    expect(errors).toContain('Nexthop has invalid gateway');
    expect(errors).toContain('ENETUNREACH');
    expect(errors).toContain('href="#m-73-0"');
    expect(html).toContain('<details id="m-73-0">');
    const dumps = html.slice(html.indexOf('id="dumps"'), html.indexOf('id="loss"'));
    expect((dumps.match(/<tr>/g) ?? []).length).toBe(15); // header + 14 dumps
  });
});

describe('report and stats options (command line)', () => {
  const run = (args: string[]) => spawnSync(process.execPath, ['src/cli/bin.mjs', ...args], { encoding: 'utf8', maxBuffer: 1 << 26 });

  it('report -o - writes the page to standard output, with every answer of each dump (it kept the first only)', () => {
    const r = run(['report', 'captures/route-dump.pcap', '-o', '-']);
    expect(r.status).toBe(0);
    const messages = run(['decode', 'captures/route-dump.pcap', '--format', 'jsonl']).stdout.trim().split('\n').length;
    expect(r.stdout.match(/<details id="m-/g)?.length).toBe(messages);
    // frame 38 answers a route dump with 26 routes: all there
    expect(r.stdout.match(/<details id="m-38-/g)?.length).toBeGreaterThan(20);
  }, 60000);

  it('--rows must be a positive whole number (stats took 0, -2, abc and 1.5)', () => {
    for (const rows of ['0', '-2', 'abc', '1.5']) {
      for (const cmd of [['stats', 'captures/changes.pcap'], ['report', 'captures/changes.pcap', '-o', '-']]) {
        const r = run([...cmd, '--rows', rows]);
        expect([r.status, r.stderr.trim().split('\n').length], `${cmd[0]} --rows ${rows}`).toEqual([2, 1]);
      }
    }
  }, 120000);
});

describe('report --rows caps every table; the error card counts what the error table lists', () => {
  it('--rows 1', () => {
    const r = spawnSync(process.execPath, ['src/cli/bin.mjs', 'report', 'captures/changes.pcap', '-o', '-', '--rows', '1'], { encoding: 'utf8', maxBuffer: 1 << 26 });
    expect(r.status).toBe(0);
    const tables = [...r.stdout.matchAll(/<table[^>]*>(.*?)<\/table>/gs)].map((m) => [m[1]!.match(/<th[^>]*>([^<]*)<\/th>/)?.[1], (m[1]!.match(/<tr[ >]/g)?.length ?? 1) - 1] as const);
    // the loss table lists its fixed categories; the timeline one transaction and one notification
    for (const [head, n] of tables) if (head !== 'what' && head !== 'time') expect(n, head).toBeLessThanOrEqual(1);
    const all = spawnSync(process.execPath, ['src/cli/bin.mjs', 'report', 'captures/changes.pcap', '-o', '-'], { encoding: 'utf8', maxBuffer: 1 << 26 }).stdout;
    const card = Number(/<b>(\d+)<\/b>errors/.exec(all)?.[1]);
    const errorTable = all.split('<h2 id="errors">')[1]!.split('</table>')[0]!.match(/<tr[ >]/g)!.length - 1;
    expect(card).toBe(errorTable);
  }, 60000);
});
