import { generateAthletes } from './planner';
import { planStrength } from '../rules/index';
import { buildContext } from '../rules/planner/context';
import { placeSessions } from '../rules/planner/placement';
import { buildHistory } from '../rules/classify';
import { estimateThresholds } from '../rules/thresholds';
import { computeLoadSeries } from '../rules/load';
import { dayNumber } from '../rules/dates';
const inputs = generateAthletes();
const fs: Record<string, (i: (typeof inputs)[number]) => unknown> = {
  plan: (i) => planStrength(i),
  ctx: (i) => buildContext(i),
  place: (i) => placeSessions(buildContext(i)),
  hist: (i) => { const today = dayNumber(i.today); return buildHistory(i.athlete, i.activities, today - 91, today, estimateThresholds(i.activities, i.athlete)); },
  load: (i) => { const today = dayNumber(i.today); return computeLoadSeries(buildHistory(i.athlete, i.activities, today - 91, today, estimateThresholds(i.activities, i.athlete)).days); },
};
const names = (process.argv[2] ?? 'plan,ctx,place,hist,load').split(',');
for (const n of names) for (let i = 0; i < 500; i++) fs[n]!(inputs[i]!);
const best: Record<string, number> = {};
for (let r = 0; r < 3; r++) for (const n of names) { const t0 = performance.now(); for (const i of inputs) fs[n]!(i); const ms = performance.now() - t0; best[n] = Math.min(best[n] ?? 1e9, ms); }
console.log(Object.entries(best).map(([k, v]) => `${k}=${v.toFixed(0)}`).join(' '));
