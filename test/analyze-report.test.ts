// The HTML report: self-contained (no external URL), with its tables, charts and links.
import { describe, expect, it } from 'vitest';
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
