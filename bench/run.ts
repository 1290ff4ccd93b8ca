/**
 * `npm run bench`: runs every benchmark, each in its own process (so one bench's heap and GC do
 * not leak into another's timings), prints a table and writes bench/results/latest/<name>.json
 * (ignored by git: the committed bench/results/*.json are the runs docs/benchmarks.md quotes).
 * `npm run bench -- planner job-runner` runs only the named ones.
 */
import { fork } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { benches } from './index';
import { type BenchReport, resultFile } from './report';

async function runOne(name: string): Promise<BenchReport> {
  const bench = benches.find((b) => b.name === name);
  if (!bench) throw new Error(`no bench named ${name}`);
  return bench.run();
}

function runIsolated(name: string): Promise<BenchReport> {
  return new Promise((resolve, reject) => {
    const child = fork(import.meta.filename, ['--one', name], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    let report: BenchReport | undefined;
    child.on('message', (msg) => {
      report = msg as BenchReport;
    });
    child.on('exit', (code) => (report ? resolve(report) : reject(new Error(`bench ${name} exited with ${code} and no report`))));
  });
}

if (process.argv[2] === '--one') {
  const report = await runOne(process.argv[3] ?? '');
  process.send?.(report, () => process.exit(0));
} else {
  const only = process.argv.slice(2);
  const selected = benches.filter((b) => only.length === 0 || only.includes(b.name));

  const reports: BenchReport[] = [];
  for (const bench of selected) {
    process.stderr.write(`running ${bench.name}…\n`);
    const report = await runIsolated(bench.name);
    reports.push(report);
    const file = resultFile(report.name);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, `${JSON.stringify({ ...report, node: process.version, at: new Date().toISOString() }, null, 2)}\n`);
  }

  const fmt = (m: Record<string, number>) => Object.entries(m).map(([k, v]) => `${k}=${v}`).join(' ');
  const rows = reports.map((r) => [r.name, fmt(r.metrics), fmt(r.baseline.metrics), String(r.ratio), r.met ? 'met' : 'MISSED', r.target]);
  const header = ['bench', 'measured', 'baseline', 'ratio', 'target', 'target text'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ');
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('-|-'));
  for (const r of rows) console.log(line(r));
  if (reports.some((r) => !r.met)) process.exitCode = 1;
}
