/**
 * Step 1 of the planner: everything the rules decide from, computed once per plan.
 * History is classified, today's status settled (synced run, still to come, or missed), the
 * expected days and run times laid out, and each rule module's trigger evaluated.
 */
import { filled } from '../arrays';
import { buildHistory, CLASS_RANK, } from '../classify';
import { dateString, dayNumber, isValidDate } from '../dates';
import { expectedDays, groupPlannedRuns } from '../expected';
import { latestLoadPoint } from '../load';
import { estimateThresholds } from '../thresholds';
import type { Day, LoadPoint, PlanInput } from '../types';
import { type RunWindow, runWindowOn, usualRuns } from './run-window';
import { braceBlocks, bRaceNear } from './rules/brace';
import { deloadFires, plannedVsDone } from './rules/deload-week';
import { FATIGUE_TSB } from './rules/fatigue';
import { goalEmphasis } from './rules/goal-emphasis';
import { missedToday, type MissedToday } from './rules/missed-run';
import { MONOTONY_THRESHOLD } from './rules/monotony';
import { goalRace, } from './rules/periodise';
import { progressFrom, returnLevel } from './rules/progression';
import { lastGoalRace, raceBlocks, recoveryDays } from './rules/race-week';
import { detectBreak } from './rules/return';
import { taperCalendar } from './rules/taper';
import type { NowLocal, ReturnState, PlanContext, SessionSlot } from './model';

export type { NowLocal, ReturnState, PlanContext, SessionSlot };





// day numbers of the activities, reused across calls (typed-array allocation is costly)
let dnScratch = new Float64Array(256);

const NOW_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

/** 'YYYY-MM-DDTHH:mm[...]' → day number and minute; undefined when absent or malformed. */
export function parseNowLocal(s: string | undefined): NowLocal | undefined {
  if (s === undefined || !NOW_RE.test(s) || !isValidDate(s.slice(0, 10))) return undefined;
  const h = Number(s.slice(11, 13));
  const mi = Number(s.slice(14, 16));
  if (h > 23 || mi > 59) return undefined;
  return { dn: dayNumber(s), minute: h * 60 + mi };
}

export function buildContext(input: PlanInput): PlanContext {
  const athlete = input.athlete;
  const today = dayNumber(input.today);
  const horizon = Math.max(1, Math.min(56, Math.floor(input.horizonDays ?? 14)));
  const end = today + horizon - 1;
  const activities = input.activities;
  const notes: string[] = [];

  let minDn = today;
  if (dnScratch.length < activities.length) dnScratch = new Float64Array(2 * activities.length);
  const dns = dnScratch;
  for (let i = 0; i < activities.length; i++) {
    const dn = dayNumber((activities[i] as (typeof activities)[number]).startLocal);
    dns[i] = dn;
    if (dn < minDn) minDn = dn;
  }
  const thresholds = estimateThresholds(activities, athlete);
  const hist = buildHistory(athlete, activities, Math.max(minDn, today - 365), today, thresholds, dns);
  // hist.days ends today and is never empty (from ≤ today)
  const loadToday = latestLoadPoint(hist.days) as LoadPoint;
  const plannedByDay = groupPlannedRuns(input.plannedRuns);
  const expected = expectedDays({ athlete, history: hist, today, from: today, to: end + 3, races: input.races, plannedByDay });
  const usual = usualRuns(hist, today);
  const now = parseNowLocal(input.nowLocal);

  const base = today - 14;
  const len = horizon + 28;
  const cls = filled<number>(len, 0);
  const habitualHard = filled<boolean>(len, false);
  const evidence = filled<string | undefined>(len, undefined);
  for (let i = 0; i < len; i++) {
    const dn = base + i;
    if (dn < today) {
      if (dn >= hist.from) {
        cls[i] = hist.cls[dn - hist.from] as number;
        evidence[i] = hist.days[dn - hist.from]?.evidence[0];
      }
    } else if (dn <= end + 3) {
      const e = expected[dn - today] as Day;
      cls[i] = CLASS_RANK[e.class];
      evidence[i] = e.evidence[0];
      habitualHard[i] = e.class === 'hard' && (e.evidence[0]?.startsWith('pattern:') === true || e.evidence[0]?.startsWith('weekly template') === true);
    }
  }
  // today: what happened wins; a run that should be over by now and was not synced is missed
  const ti = today - base;
  const th = today - hist.from;
  let missed: MissedToday | undefined;
  if (hist.cls[th] !== 0 || hist.ran[th]) {
    cls[ti] = hist.cls[th] as number;
    evidence[ti] = hist.days[th]?.evidence[0];
    habitualHard[ti] = false;
  } else {
    const win: RunWindow | undefined = runWindowOn({ today, hist, athlete, plannedByDay, usual }, today);
    missed = missedToday(cls[ti] as number, win, now, today);
    if (missed) {
      cls[ti] = 0;
      evidence[ti] = `missed: no run synced by ${missed.byText}`;
      habitualHard[ti] = false;
    }
  }

  // races: blocks (R9, R-TAPER, R-BRACE), taper windows
  const isRace = filled<boolean>(len, false);
  const blocked = filled<string | undefined>(len, undefined);
  for (const r of input.races) {
    const i = dayNumber(r.date) - base;
    if (i >= 0 && i < len) isRace[i] = true;
  }
  const taper = taperCalendar(input.races);
  // the first blocking rule wins (R9, then R-TAPER, then R-BRACE)
  const blocks: Array<[number, string]> = [...raceBlocks(input.races), ...taper.blocked.map((dn): [number, string] => [dn, 'R-TAPER']), ...braceBlocks(input.races)];
  for (const [dn, id] of blocks) if (dn - base >= 0 && dn - base < len && blocked[dn - base] === undefined) blocked[dn - base] = id;
  const activationOnly = filled<boolean>(len, false);
  const taperHalf = filled<boolean>(len, false);
  for (const dn of taper.activationOnly) if (dn - base >= 0 && dn - base < len) activationOnly[dn - base] = true;
  for (const dn of taper.half) if (dn - base >= 0 && dn - base < len) taperHalf[dn - base] = true;

  // strength already done: the log, and synced strength activities
  const occupied = filled<boolean>(len, false);
  const declined = filled<boolean>(len, false);
  for (const l of input.strengthLog ?? []) {
    const dn = dayNumber(l.date);
    if (dn - base < 0 || dn - base >= len) continue;
    if (l.status === 'done' && dn <= today) occupied[dn - base] = true;
    if (l.status === 'skipped' && dn >= today) declined[dn - base] = true;
  }
  const strengthDays: string[] = [];
  for (let dn = hist.from; dn <= today; dn++) {
    if (!hist.strength[dn - hist.from]) continue;
    strengthDays.push(dateString(dn));
    if (dn - base >= 0) occupied[dn - base] = true;
  }

  // modes
  const inj = athlete.injury;
  const injury = inj ? { area: inj.area, noRun: !inj.canRun, lowImpactCleared: inj.lowImpactCleared === true } : undefined;
  const noRun = injury?.noRun === true;
  const progress = progressFrom(input.strengthLog, dateString(today), strengthDays);
  const brk = noRun ? undefined : detectBreak(hist.ran, hist.from, today);
  const ret: ReturnState | undefined = brk
    ? { brk, start: brk.ongoing ? today : (brk.endDn as number), end: brk.ongoing ? end + 1 : (brk.endDn as number) + brk.days, long: brk.days > 56 }
    : undefined;
  // R-RETURN: while the return period lasts, the old hard pattern is easy running
  if (ret) {
    for (let dn = Math.max(today, ret.start); dn < ret.end && dn - base < len; dn++) {
      if (!habitualHard[dn - base]) continue;
      cls[dn - base] = 1;
      const e = expected[dn - today];
      if (e) expected[dn - today] = { ...e, class: 'easy', evidence: ['return after a break: runs come back easy', ...e.evidence] };
    }
  }
  const novice = athlete.experience !== 'regular';
  const returnMode = novice || ret?.long === true;
  let level = 2;
  if (returnMode) {
    const since = ret?.long ? dateString(today - ret.brk.days - 1) : '0000-00-00';
    const p = ret?.long ? progressFrom((input.strengthLog ?? []).filter((l) => l.date >= since), dateString(today), strengthDays.filter((d) => d >= since)) : progress;
    level = returnLevel(p);
  }

  // spike in the last 3 days with no strength since (R-SPIKE)
  let spikeDn: number | undefined;
  for (let dn = Math.max(hist.from, today - 3); dn <= today; dn++) if (hist.spike[dn - hist.from]) spikeDn = dn;
  if (spikeDn !== undefined) for (let dn = spikeDn + 1; dn <= today; dn++) if (occupied[dn - base]) spikeDn = undefined;
  const fatigue = !noRun && loadToday.tsb < FATIGUE_TSB;
  const mono = !noRun && loadToday.monotony !== null && loadToday.monotony >= MONOTONY_THRESHOLD;
  const pvd = plannedVsDone(hist, plannedByDay, athlete, today);
  const deload = !noRun && deloadFires(pvd.planned, pvd.done) ? { planned: pvd.planned, done: pvd.done } : undefined;
  const missedHard = pvd.missedHard + (missed?.wasHard ? 1 : 0);

  const goal = goalRace(input.races, today, dayNumber);
  const lg = lastGoalRace(input.races, today);
  const lastGoal = lg ? { race: lg.race, dn: lg.dn, recoveredDn: lg.dn + recoveryDays(lg.race.distanceM) + 1 } : undefined;

  if (!noRun) {
    if (spikeDn !== undefined) notes.push(`R-SPIKE: your run on ${dateString(spikeDn)} was over 10% longer than your longest of the previous 30 days.`);
    if (mono) notes.push('R-MONO: your last 7 days were very alike (monotony ≥ 2.0) — consider a full rest day this week.');
    if (fatigue) notes.push(`R-STR-FATIGUE: form (TSB) is ${loadToday.tsb}; strength volume is reduced this week.`);
    if (deload) notes.push(`R-DELOAD-WEEK: ${deload.planned - deload.done} of ${deload.planned} planned runs missed in the last 7 days.`);
    if (missed) notes.push(`R10: no run synced today by ${missed.byText}; today counts as a missed run, so no session is paired with it.`);
  }
  const near = bRaceNear(input.races, today);
  if (near) notes.push(`R-BRACE: ${near}`);

  return {
    input,
    athlete,
    today,
    end,
    horizon,
    hist,
    thresholds,
    loadToday,
    expected,
    plannedByDay,
    usual,
    now,
    base,
    len,
    cls,
    habitualHard,
    evidence,
    isRace,
    blocked,
    activationOnly,
    taperHalf,
    aRaceDns: taper.aRaceDns,
    occupied,
    declined,
    missed,
    injury,
    ret,
    novice,
    returnMode,
    level,
    progress,
    spikeDn,
    fatigue,
    mono,
    deload,
    missedHard,
    goal,
    goalDn: goal ? dayNumber(goal.date) : undefined,
    emphasis: goalEmphasis(goal),
    lastGoal,
    notes,
  };
}
