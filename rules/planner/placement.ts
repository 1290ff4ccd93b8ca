/**
 * Step 2 of the planner: which days get a session. Per ISO week, the target (R8 / R-FREQ,
 * capped by R10 / R-RETURN) is filled from candidate days by tier, then by date:
 *   0 hard day whose next day is not hard (R1; the first of back-to-back hard days is never
 *   used, R2), 2 easy/off day with the next two days free of hard runs (R-FALLBACK, R-RETURN),
 *   3 a guaranteed light session for a week that would otherwise get none (R-FALLBACK, R10).
 * Hard constraints: blocked days (R9, R-TAPER, R-BRACE), spacing and caps (R3), one session
 * in an A race's activation window (R-TAPER), a start after the run and not in the past (R1),
 * at most one easy-day session in the next 7 days under monotony (R-MONO).
 */
import { parseHhMm, weekStart } from '../dates';
import type { PlanContext } from './context';
import { runWindowOn } from './run-window';
import { fallbackOk, GUARANTEE_TIER } from './rules/fallback';
import { canPlace } from './rules/frequency';
import { MONO_EASY_DAY_SESSIONS } from './rules/monotony';
import { notBeforeNow, sessionStart, type Timing } from './rules/pair-hard';
import { weekTarget } from './rules/periodise';
import { inReturn } from './rules/return';
import { taperWindowFree } from './rules/taper';

export interface Placed {
  dn: number;
  tier: number;
  timing: Timing;
  weekTarget: number;
}

interface Candidate {
  dn: number;
  /** -1: only as a guaranteed light session */
  tier: number;
  guarantee: boolean;
  timing: Timing;
}

function candidate(ctx: PlanContext, dn: number, pref: number | undefined, gapMin: number): Candidate | undefined {
  const i = dn - ctx.base;
  // a day whose session the runner skipped is not offered another one (the week's target may
  // still use a different day)
  if (ctx.blocked[i] !== undefined || ctx.declined[i]) return undefined;
  const noRun = ctx.injury?.noRun === true;
  const c = ctx.cls[i] as number;
  const runs = !noRun && c >= 1;
  const window = runs ? runWindowOn(ctx, dn) : undefined;
  const natural = sessionStart(runs, window, pref, gapMin);
  const timing = natural && notBeforeNow(natural, dn, ctx.now);
  if (!timing) return undefined;
  const n1 = ctx.cls[i + 1] === 2 || ctx.isRace[i + 1] === true;
  const n2 = ctx.cls[i + 2] === 2 || ctx.isRace[i + 2] === true;
  let tier = -1;
  if (noRun) tier = 0;
  else if (inReturn(ctx, dn)) tier = c !== 2 && fallbackOk(n1, n2) ? 2 : -1;
  else if (c === 2) tier = n1 ? -1 : 0;
  else if (fallbackOk(n1, n2)) tier = 2;
  return { dn, tier, guarantee: !n1, timing };
}

interface WeekState {
  target: number;
  count: number;
  monoEasy: number;
}

function tryPlace(ctx: PlanContext, w: WeekState, c: Candidate, tier: number, placed: Placed[]): void {
  const i = c.dn - ctx.base;
  if (!canPlace(ctx.occupied, i, w.count, w.target)) return;
  if (ctx.activationOnly[i] && !taperWindowFree(c.dn, ctx.aRaceDns, ctx.occupied, ctx.base)) return;
  const easyUnderMono = ctx.mono && ctx.cls[i] === 1 && c.dn <= ctx.today + 6;
  if (easyUnderMono && w.monoEasy >= MONO_EASY_DAY_SESSIONS) return;
  if (easyUnderMono) w.monoEasy++;
  ctx.occupied[i] = true;
  w.count++;
  placed.push({ dn: c.dn, tier, timing: c.timing, weekTarget: w.target });
}

export function placeSessions(ctx: PlanContext): Placed[] {
  const pref = parseHhMm(ctx.athlete.preferredStrengthTime);
  const gapMin = Math.round((ctx.athlete.strengthGapAfterRunH ?? 3) * 60);
  const placed: Placed[] = [];
  const w: WeekState = { target: 0, count: 0, monoEasy: 0 };
  for (let ws = weekStart(ctx.today); ws <= ctx.end; ws += 7) {
    w.target = weekTarget(ctx, ws);
    w.count = 0;
    for (let d = ws; d < ws + 7; d++) if (ctx.occupied[d - ctx.base]) w.count++;
    const cands: Candidate[] = [];
    for (let d = Math.max(ws, ctx.today); d <= Math.min(ws + 6, ctx.end); d++) {
      const c = candidate(ctx, d, pref, gapMin);
      if (c) cands.push(c);
    }
    for (let tier = 0; tier <= 2; tier++) for (const c of cands) if (c.tier === tier && w.count < w.target) tryPlace(ctx, w, c, tier, placed);
    if (w.count === 0 && w.target > 0) for (const c of cands) if (c.guarantee && w.count === 0) tryPlace(ctx, w, c, GUARANTEE_TIER, placed);
  }
  placed.sort((a, b) => a.dn - b.dn);
  return placed;
}
