/**
 * The strength planner: one snapshot in, a plan out. Pure and deterministic. A pipeline:
 *   1. context   — classify history, settle today (synced / to come / missed), expected days,
 *                  run times, every rule's trigger (context.ts)
 *   2. placement — which days get a session (placement.ts: R3, R8/R-FREQ, R10, R1/R2/R-FALLBACK)
 *   3. dose      — each SESSION_RULES entry, in precedence order, shapes the session's dose and
 *                  gives its reason (rules/*.ts)
 *   4. build     — dose → exercises within the time budget (session-builder.ts)
 *   5. explain   — a summary, at most 4 runner-facing reasons, the full trace (explain.ts)
 *   6. ids       — stable session ids (ids.ts)
 */
import { dateString, dayNumber, isoWeekday, localToIso, WEEKDAY_NAMES } from '../dates';
import type { Day, PlanInput, PlannedSession, PlanResult } from '../types';
import { buildContext, type PlanContext, type SessionSlot } from './context';
import { explain } from './explain';
import { assignIds } from './ids';
import { type Placed, placeSessions } from './placement';
import { SESSION_RULES } from './registry';
import { areaName, injuryNote, LOW_IMPACT_NOTE } from './rules/injured';
import { DEFAULT_MAX_MIN, LONG_SESSION_MIN } from './rules/duration';
import { hhmm } from './rules/pair-hard';
import { phaseOn } from './rules/periodise';
import { DISCLAIMER } from './rules/disclaimer';
import { baseDose, buildSession, type Dose, mainSets } from './session-builder';

export { PRECEDENCE } from './registry';

export function planStrength(input: PlanInput): PlanResult {
  const ctx = buildContext(input);
  const placed = placeSessions(ctx);
  const sessions = placed.map((p, k) => planSession(ctx, slotOf(ctx, p, k)));
  assignIds(sessions, input.previousSessions ?? [], input.athleteId, reportedIds(input));

  // the classified history up to today, then the expected days of the horizon
  const past = ctx.hist.days;
  const days: Day[] = new Array(past.length + ctx.horizon - 1);
  for (let k = 0; k < past.length; k++) days[k] = past[k] as Day;
  if (ctx.missed) {
    const last = past.length - 1;
    days[last] = { ...(days[last] as Day), evidence: [ctx.evidence[ctx.today - ctx.base] as string] };
  }
  for (let k = 1; k < ctx.horizon; k++) days[past.length + k - 1] = ctx.expected[k] as Day;
  const notes = ctx.notes.slice();
  if (ctx.injury) {
    notes.unshift(injuryNote(ctx.injury.area));
    if (ctx.injury.noRun && ctx.injury.lowImpactCleared) notes.splice(1, 0, LOW_IMPACT_NOTE);
  }
  let phase: PlanResult['phase'] = phaseOn(ctx, ctx.today);
  if (ctx.injury?.noRun) phase = 'injured';
  else if (ctx.returnMode || ctx.ret) phase = 'return';
  const result: PlanResult = { days, sessions, loadToday: ctx.loadToday, disclaimer: DISCLAIMER, thresholds: ctx.thresholds, notes, phase };
  const completed = completedSessions(ctx);
  if (completed.length > 0) result.completed = completed;
  return result;
}

function slotOf(ctx: PlanContext, p: Placed, index: number): SessionSlot {
  const i = p.dn - ctx.base;
  return {
    dn: p.dn,
    i,
    cls: ctx.cls[i] as number,
    tier: p.tier,
    nextHard: ctx.cls[i + 1] === 2 || ctx.isRace[i + 1] === true,
    prevHard: ctx.cls[i - 1] === 2,
    phase: phaseOn(ctx, p.dn),
    timing: p.timing,
    // A and B alternate, counting the sessions already done
    variant: (ctx.progress.done + index) % 2 === 0 ? 'A' : 'B',
    index,
    weekTarget: p.weekTarget,
    weekday: WEEKDAY_NAMES[isoWeekday(p.dn)] as string,
  };
}

// each rule's two steps looked up once (rule objects come in several shapes)
const SHAPERS = SESSION_RULES.map((r) => r.shape?.bind(r));
const EXPLAINERS = SESSION_RULES.map((r) => r.explain?.bind(r));

function planSession(ctx: PlanContext, s: SessionSlot): PlannedSession {
  const maxMinutes = ctx.athlete.maxSessionMinutes ?? DEFAULT_MAX_MIN;
  const dose = baseDose({
    emphasis: ctx.emphasis,
    variant: s.variant,
    equipment: ctx.athlete.equipment,
    maxMinutes,
    offSeason: s.phase === 'off-season',
    // a runner who asks for longer sessions gets a fourth set (R4)
    baseSets: s.phase === 'peak' ? 2 : maxMinutes >= LONG_SESSION_MIN ? 4 : 3,
    rir: ctx.novice ? 3 : 2,
  });
  const texts = new Array<string | undefined>(SESSION_RULES.length);
  for (let k = 0; k < SHAPERS.length; k++) texts[k] = SHAPERS[k]?.(ctx, s, dose);
  const built = buildSession(dose);
  for (let k = 0; k < EXPLAINERS.length; k++) texts[k] ??= EXPLAINERS[k]?.(ctx, s, dose, built);
  const title = titleFor(dose);
  const shown = explain(texts);
  return {
    id: '',
    date: dateString(s.dn),
    start: localToIso(ctx.athlete.timeZone, s.dn, s.timing.minute),
    durationMin: built.durationMin,
    title,
    kind: dose.kind,
    exercises: built.exercises,
    rules: shown.rules,
    reasons: shown.reasons,
    summary: summaryOf(ctx, s, title, built.durationMin),
    timing: s.timing.timing,
    variant: s.variant,
    trace: shown.trace,
  };
}

function summaryOf(ctx: PlanContext, s: SessionSlot, title: string, min: number): string {
  const day = s.dn === ctx.today ? 'Today' : s.weekday;
  if (ctx.injury?.noRun) return `${day}: ${title}, ${min} min.`;
  const when = s.timing.timing === 'after-run' ? 'after your run' : `at ${hhmm(s.timing.minute)}`;
  const where = s.cls === 2 && s.tier <= 1 && !(ctx.ret && s.dn < ctx.ret.end) ? ', after your hard run' : s.cls === 1 ? ', after your easy run' : '';
  return `${day}: ${title}, ${min} min, ${when}${s.timing.timing === 'clock' ? where : ''}.`;
}

function titleFor(dose: Dose): string {
  if (dose.kind === 'mobility') return 'Race-week activation';
  if (dose.kind === 'circuit') return `Injury circuit (spares the ${areaName(dose.avoid ?? 'knee')})`;
  if (dose.returnReps) return mainSets(dose) <= 1 ? 'Return to strength: bodyweight basics' : 'Return to strength: building up';
  if (dose.fixedSets === 1) return 'Maintenance strength';
  const e = dose.emphasis === 'power' ? 'power & hips' : dose.emphasis === 'trail' ? 'stability & single-leg' : 'whole-body';
  const light = dose.setsFactor < 1 || dose.lighterLoad ? ' (light)' : '';
  return `Strength ${dose.variant}: ${e}${light}`;
}

const NO_IDS: ReadonlySet<string> = new Set();

/** Sessions the runner reported done or skipped: history, whose ids no new session may take. */
function reportedIds(input: PlanInput): ReadonlySet<string> {
  const log = input.strengthLog;
  if (!log || log.length === 0) return NO_IDS;
  const ids = new Set<string>();
  for (const l of log) ids.add(l.sessionId);
  return ids;
}

/** Previous sessions marked done by a synced strength activity or the log on their day. */
function completedSessions(ctx: PlanContext): NonNullable<PlanResult['completed']> {
  const out: NonNullable<PlanResult['completed']> = [];
  const logged = new Map<string, string>();
  for (const l of ctx.input.strengthLog ?? []) if (l.status === 'done') logged.set(l.sessionId, l.date);
  for (const p of ctx.input.previousSessions ?? []) {
    if (p.date > dateString(ctx.today)) continue;
    if (logged.has(p.id)) {
      out.push({ sessionId: p.id, date: p.date, via: 'log' });
      continue;
    }
    const i = dayNumber(p.date) - ctx.hist.from;
    if (i >= 0 && ctx.hist.strength[i]) out.push({ sessionId: p.id, date: p.date, via: 'activity' });
  }
  return out;
}
