/**
 * `npm run bench`: runs every benchmark, prints a table, writes bench/results/<name>.json.
 * `npm run bench -- planner job-runner` runs only the named ones.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { benches } from './index';
import type { BenchReport } from './report';

const only = process.argv.slice(2);
const selected = benches.filter((b) => only.length === 0 || only.includes(b.name));
const resultsDir = join(import.meta.dirname, 'results');
mkdirSync(resultsDir, { recursive: true });

const reports: BenchReport[] = [];
for (const bench of selected) {
  process.stderr.write(`running ${bench.name}…\n`);
  const report = await bench.run();
  reports.push(report);
  writeFileSync(join(resultsDir, `${report.name}.json`), `${JSON.stringify({ ...report, node: process.version, at: new Date().toISOString() }, null, 2)}\n`);
}

const fmt = (m: Record<string, number>) => Object.entries(m).map(([k, v]) => `${k}=${v}`).join(' ');
const rows = reports.map((r) => [r.name, fmt(r.metrics), fmt(r.baseline.metrics), String(r.ratio), r.met ? 'met' : 'MISSED', r.target]);
const header = ['bench', 'measured', 'baseline', 'ratio', 'target', 'target text'];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ');
console.log(line(header));
console.log(widths.map((w) => '-'.repeat(w)).join('-|-'));
for (const r of rows) console.log(line(r));
