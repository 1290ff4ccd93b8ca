import { join } from 'node:path';

/**
 * Where `npm run bench` writes a bench's result: bench/results/latest/, which git ignores, so a
 * run never rewrites the committed results that docs/benchmarks.md quotes (bench/results/*.json;
 * copy a file up when you update the figures there).
 */
export function resultFile(name: string): string {
  return join(import.meta.dirname, 'results', 'latest', `${name}.json`);
}

/** The shape every benchmark returns; bench/run.ts prints them as a table and writes resultFile(name). */
export interface BenchReport {
  /** short id, used as the results file name */
  name: string;
  /** what was measured, in one line */
  description: string;
  /** the measured figures, units in the key (e.g. `plansPerS`, `p99Ms`) */
  metrics: Record<string, number>;
  /** the same figures for the baseline measured in the same run */
  baseline: { description: string; metrics: Record<string, number> };
  /** headline ratio against the baseline (e.g. 0.62 = 62 % of bare throughput) */
  ratio: number;
  /** the target in words, and whether this run met it */
  target: string;
  met: boolean;
}
