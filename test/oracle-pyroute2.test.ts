// Oracle test: every shipped capture decoded by nlscope and, independently, by pyroute2
// (scripts/pyroute2_decode.py, /usr/bin/python3 with the Debian python3-pyroute2), compared
// by scripts/compare-pyroute2.ts. Headers must agree fully, attributes both decode >= 99.5%.
import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { compareFile, formatDisagreements, formatReport, pyroute2Available, type CompareResult } from '../scripts/compare-pyroute2.js';

const DIR = 'captures';
const captures = readdirSync(DIR).filter((f) => f.endsWith('.pcap')).sort().map((f) => join(DIR, f));
const available = pyroute2Available();

// All captures at once: the python side runs in parallel child processes.
let results: Promise<Map<string, CompareResult | Error>> | undefined;
function allResults(): Promise<Map<string, CompareResult | Error>> {
  results ??= Promise.all(captures.map(async (f): Promise<[string, CompareResult | Error]> => {
    try { return [f, await compareFile(f)]; } catch (e) { return [f, e as Error]; }
  })).then((r) => new Map(r));
  return results;
}

describe('nlscope agrees with pyroute2 (independent decoder)', () => {
  if (!available) {
    it.skip('skipped: /usr/bin/python3 -c "import pyroute2" fails (install python3-pyroute2)', () => {});
    return;
  }
  for (const file of captures) {
    it(file, async () => {
      if (!existsSync(file)) return; // removed while the suite ran
      const r = (await allResults()).get(file)!;
      if (r instanceof Error) throw r;
      const report = formatReport(r);
      expect(r.messages.compared, report).toBeGreaterThan(0);
      expect(r.header.agreed, `header disagreements in ${file}:\n${formatDisagreements(r)}`).toBe(r.header.compared);
      expect(r.attrs.percent, `attribute agreement ${r.attrs.percent.toFixed(2)}% in ${file}:\n${formatDisagreements(r)}`)
        .toBeGreaterThanOrEqual(99.5);
    }, 60_000);
  }
});
