/** The shape every benchmark returns; bench/run.ts prints them as a table and writes bench/results/<name>.json. */
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
