import { benchPlanner } from './planner';
const r = await benchPlanner();
const T = (globalThis as any).__T;
console.log(r.metrics.totalMs, Object.entries(T).map(([k, v]) => `${k}=${((v as number) / 3.05).toFixed(0)}`).join(' '));
