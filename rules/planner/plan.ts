/**
 * The strength planner: one snapshot in, a plan out. Pure and deterministic.
 *
 * Precedence (safety first) — a rule earlier in this list wins over any later one, and
 * when several dose rules apply the most conservative value is kept (fewest sets,
 * highest RIR, no plyometrics/heavy if any rule says so):
 *   R15 → R12/R-INJURY → R9/R-TAPER/R-BRACE → R3 → R-NOT-BEFORE → R10/R-RETURN/R11 →
 *   R-SPIKE → R-STR-FATIGUE → R-MONO → R-DELOAD-WEEK → R-MISSED → R8/R-FREQ →
 *   R1/R-PAIR → R2 → R-FALLBACK → R13 → R-RIR → R4 → R5 → R6 → R7 → R14
 * (R-CLASS and R-ACWR-INFO are informational.)
 */
import { buildHistory, CLASS_RANK } from '../classify';
import {
  dateString,
  dayNumber,
  isoWeekday,
  isValidDate,
  localToIso,
  minuteOfDay,
  parseHhMm,
  utcToLocal,
  WEEKDAY_KEYS,
  weekStart,
} from '../dates';
import { expectedDays, groupPlannedRuns } from '../expected';
import { classifyPlannedRun } from '../keywords';
import { computeLoadSeries } from '../load';
import { estimateThresholds } from '../thresholds';
import type { AthleteProfile, Day, DayClass, PlanInput, PlannedRun, PlannedSession, PlanResult } from '../types';
import { assignIds } from './ids';
import { R2_REASON_FIRST, R2_REASON_SECOND } from './rules/no-hard-after-lift';
import { TAPER_WEEK1_REASON, TAPER_WEEK2_REASON } from './rules/taper';
import { recoveryDays } from './rules/race-week';
import { canPlace } from './rules/frequency';
import { DEFAULT_MAX_MIN, durationReason } from './rules/duration';
import { emphasisReason, goalEmphasis } from './rules/goal-emphasis';
import { defaultTarget, goalRace, phaseFor, phaseReason, type Phase } from './rules/periodise';
import { pairReason } from './rules/pair-hard';
import { NOT_BEFORE_REASON } from './rules/not-before';
import { fallbackOk } from './rules/fallback';
import { detectBreak } from './rules/return';
import { progressFrom, returnLevel } from './rules/progression';
import { areaName, injuryNote } from './rules/injured';
import { deloadFires } from './rules/deload-week';
import { MONOTONY_THRESHOLD } from './rules/monotony';
import { FATIGUE_TSB } from './rules/fatigue';
import { DISCLAIMER } from './rules/disclaimer';
import { buildSession, type Dose, mainSets } from './session-builder';

export const PRECEDENCE: readonly string[] = [
  'R15',
  'R12',
  'R-INJURY',
  'R9',
  'R-TAPER',
  'R-BRACE',
  'R3',
  'R-NOT-BEFORE',
  'R10',
  'R-RETURN',
  'R11',
  'R-SPIKE',
  'R-STR-FATIGUE',
  'R-MONO',
  'R-DELOAD-WEEK',
  'R-MISSED',
  'R8',
  'R-FREQ',
  'R1',
  'R-PAIR',
  'R2',
  'R-FALLBACK',
  'R13',
  'R-RIR',
  'R4',
  'R5',
  'R6',
  'R7',
  'R14',
  'R-CLASS',
  'R-ACWR-INFO',
];
const RANK = new Map(PRECEDENCE.map((id, i) => [id, i]));

const DEFAULT_START_MIN = 18 * 60 + 30;
const LATEST_START_MIN = 21 * 60;

interface Placed {
  dn: number;
  tier: number;
}

// Per-call temporaries reused across calls (allocating small typed arrays per plan is
// expensive); they never escape planStrength and are re-initialised on every use.
let dnScratch = new Float64Array(256);
let dayScratch = new Uint8Array(512);
const weekTier = new Int8Array(7);

export function planStrength(input: PlanInput): PlanResult {
  const athlete = input.athlete;
  const today = dayNumber(input.today);
  const horizon = Math.max(1, Math.min(56, Math.floor(input.horizonDays ?? 14)));
  const end = today + horizon - 1;
  const activities = input.activities;
  const races = input.races;
  const notes: string[] = [];

  // ---- history, thresholds, load ----
  let minDn = today;
  if (dnScratch.length < activities.length) dnScratch = new Float64Array(2 * activities.length);
  const dns = dnScratch;
  for (let i = 0; i < activities.length; i++) {
    const dn = dayNumber((activities[i] as (typeof activities)[number]).startLocal);
    dns[i] = dn;
    if (dn < minDn) minDn = dn;
  }
  const histFrom = Math.max(minDn, today - 365);
  const thresholds = estimateThresholds(activities, athlete);
  const hist = buildHistory(athlete, activities, histFrom, today, thresholds, dns);
  const load = computeLoadSeries(hist.days);
  const lastLoad = load[load.length - 1];
  const plannedByDay = groupPlannedRuns(input.plannedRuns);
  const exp = expectedDays({ athlete, history: hist, today, from: today, to: end + 3, races, plannedByDay });

  // ---- per-day planning arrays over [base, base + len) ----
  const base = today - 14;
  const len = horizon + 28;
  if (dayScratch.length < 5 * len) dayScratch = new Uint8Array(2 * 5 * len);
  dayScratch.fill(0, 0, 5 * len);
  const cls = dayScratch.subarray(0, len);
  const occupied = dayScratch.subarray(len, 2 * len);
  const isRace = dayScratch.subarray(2 * len, 3 * len);
  const taperWeek2 = dayScratch.subarray(3 * len, 4 * len);
  const activationOnly = dayScratch.subarray(4 * len, 5 * len);
  const blocked: (string | undefined)[] = new Array(len);
  const evidenceOf: (string | undefined)[] = new Array(len);
  for (let i = 0; i < len; i++) {
    const dn = base + i;
    if (dn < today) {
      if (dn >= hist.from) cls[i] = hist.cls[dn - hist.from] as number;
    } else if (dn <= end + 3) {
      const e = exp[dn - today] as Day;
      let c = CLASS_RANK[e.class];
      let ev = e.evidence[0];
      if (dn === today) {
        const actual = hist.cls[today - hist.from] as number;
        if (actual > 0 || hist.ran[today - hist.from]) {
          c = actual;
          ev = hist.days[today - hist.from]?.evidence[0];
        }
      }
      cls[i] = c;
      evidenceOf[i] = ev;
    }
  }
  // strength already done (logged or synced)
  for (const l of input.strengthLog ?? []) {
    if (l.status !== 'done') continue;
    const i = dayNumber(l.date) - base;
    if (i >= 0 && i < len && dayNumber(l.date) <= today) occupied[i] = 1;
  }
  for (let dn = Math.max(base, hist.from); dn <= today; dn++) if (hist.strength[dn - hist.from]) occupied[dn - base] = 1;

  // ---- R9 / R-TAPER / R-BRACE ----
  const aRaceDns: number[] = [];
  for (const r of races) {
    const rd = dayNumber(r.date);
    if (rd - base >= 0 && rd - base < len) isRace[rd - base] = 1;
    block(blocked, rd - base, 'R9');
    block(blocked, rd - 1 - base, 'R9');
    if (r.priority !== 'A') for (let d = rd - 2; d <= rd + 2; d++) block(blocked, d - base, 'R-BRACE');
    for (let d = rd + 1; d <= rd + recoveryDays(r.distanceM); d++) block(blocked, d - base, 'R9');
    if (r.priority === 'A') {
      aRaceDns.push(rd);
      block(blocked, rd - 2 - base, 'R-TAPER');
      for (let d = rd - 7; d <= rd - 3; d++) if (d - base >= 0 && d - base < len) activationOnly[d - base] = 1;
      for (let d = rd - 14; d <= rd - 8; d++) if (d - base >= 0 && d - base < len) taperWeek2[d - base] = 1;
    }
  }

  // ---- modes ----
  const injury = athlete.injury;
  const noRun = injury !== undefined && !injury.canRun;
  const progress = progressFrom(input.strengthLog, dateString(today));
  const br = noRun ? undefined : detectBreak(hist.ran, hist.from, today);
  const returnEnd = br ? (br.ongoing ? end + 1 : (br.endDn as number) + br.days) : today;
  const novice = athlete.experience !== 'regular';
  const longBreak = br !== undefined && br.days > 56;
  const returnMode = novice || longBreak;
  let level = 2;
  if (returnMode) {
    const since = longBreak && br ? dateString(today - br.days - 1) : '0000-00-00';
    const p = longBreak ? progressFrom((input.strengthLog ?? []).filter((l) => l.date >= since), dateString(today)) : progress;
    level = returnLevel(p);
  }

  // spike in the last 3 days with no strength since
  let spikeDn: number | undefined;
  for (let dn = Math.max(hist.from, today - 3); dn <= today; dn++) if (hist.spike[dn - hist.from]) spikeDn = dn;
  if (spikeDn !== undefined) {
    for (let dn = spikeDn + 1; dn <= today; dn++) if (occupied[dn - base]) spikeDn = undefined;
    if (spikeDn !== undefined) notes.push(`R-SPIKE: your run on ${dateString(spikeDn)} was over 10% longer than your longest of the previous 30 days.`);
  }
  const fatigue = lastLoad !== undefined && lastLoad.tsb < FATIGUE_TSB;
  const mono = lastLoad?.monotony != null && lastLoad.monotony >= MONOTONY_THRESHOLD;
  if (mono) notes.push('R-MONO: your last 7 days were very alike (monotony ≥ 2.0) — consider a full rest day this week.');
  if (fatigue) notes.push(`R-STR-FATIGUE: form (TSB) is ${lastLoad?.tsb}; strength volume is reduced this week.`);

  // missed planned runs (imported plan or weekly template) in the last 7 days
  let planned = 0;
  let doneRuns = 0;
  let missedHard = 0;
  for (let dn = Math.max(hist.from, today - 7); dn < today; dn++) {
    let expected: DayClass | undefined;
    const pr = plannedByDay.get(dn);
    if (pr?.length) {
      expected = 'off';
      for (const p of pr) {
        const c = classifyPlannedRun(p).class;
        if (CLASS_RANK[c] > CLASS_RANK[expected]) expected = c;
      }
    } else {
      expected = athlete.weeklyTemplate?.[WEEKDAY_KEYS[isoWeekday(dn)] as keyof NonNullable<AthleteProfile['weeklyTemplate']>];
    }
    if (!expected || expected === 'off') continue;
    planned++;
    const i = dn - hist.from;
    if (hist.ran[i]) doneRuns++;
    if (expected === 'hard' && hist.cls[i] !== 2) missedHard++;
  }
  const deload = !noRun && deloadFires(planned, doneRuns);
  if (deload) notes.push(`R-DELOAD-WEEK: ${planned - doneRuns} of ${planned} planned runs missed in the last 7 days.`);

  const goal = goalRace(races, today, dayNumber);
  const emphasis = goalEmphasis(goal);
  const goalDn = goal ? dayNumber(goal.date) : undefined;

  // ---- R8 / R-FREQ / R3 weekly targets ----
  const tc: TargetCtx = { noRun, sessionsPerWeek: athlete.sessionsPerWeek, today, returnMode, hasBreak: br !== undefined, goalDn };

  // ---- session timing inputs (needed for placement: with nowLocal, a day whose start
  // time can no longer be met is no candidate) ----
  const gapMin = Math.round((athlete.strengthGapAfterRunH ?? 3) * 60);
  const pref = parseHhMm(athlete.preferredStrengthTime);
  const timingCtx: TimingCtx = { today, hist, plannedByDay, cls, pref, gapMin, timeZone: athlete.timeZone };
  const now = parseNowLocal(input.nowLocal);

  // ---- placement (R1/R-PAIR, R2, R-FALLBACK; R-RETURN easy-day pattern; R-MONO) ----
  // Candidates of a week are tried by (tier, day): tier 0 hard days whose next day is not
  // hard, 1 the first of back-to-back hard days, 2 fallback days; -1 = not a candidate.
  const placed: Placed[] = [];
  for (let ws = weekStart(today); ws <= end; ws += 7) {
    const target = targetFor(tc, ws);
    let count = 0;
    for (let d = ws; d < ws + 7; d++) if (occupied[d - base]) count++;
    const d0 = Math.max(ws, today);
    const d1 = Math.min(ws + 6, end);
    for (let d = d0; d <= d1; d++) {
      const i = d - base;
      let t = -1;
      if (blocked[i] === undefined) {
        const c = cls[i] as number;
        const n1 = cls[i + 1] === 2 || isRace[i + 1] === 1;
        const n2 = cls[i + 2] === 2 || isRace[i + 2] === 1;
        if (noRun) t = 0;
        else if (br && d < returnEnd) t = c !== 2 && fallbackOk(n1, n2) ? 2 : -1;
        else if (c === 2) t = n1 ? 1 : 0;
        else if (!fallbackOk(n1, n2)) t = -1;
        else if (mono && c === 1 && d <= today + 6) t = -1;
        else t = 2;
        if (t >= 0 && now !== undefined && d <= now.dn && notBeforeNow(startFor(timingCtx, d, i), d, now) === undefined) t = -1;
      }
      weekTier[d - d0] = t;
    }
    for (let tier = 0; tier <= 2 && count < target; tier++) {
      for (let d = d0; d <= d1 && count < target; d++) {
        if (weekTier[d - d0] !== tier) continue;
        const i = d - base;
        if (!canPlace(occupied, i, count, target)) continue;
        if (activationOnly[i] && !taperWindowFree(d, aRaceDns, occupied, base)) continue;
        occupied[i] = 1;
        count++;
        placed.push({ dn: d, tier });
      }
    }
  }
  placed.sort(byDay);

  // ---- doses and reasons per session ----
  const maxMin = athlete.maxSessionMinutes ?? DEFAULT_MAX_MIN;
  const sessions: PlannedSession[] = [];
  const eqWords = equipmentWords(athlete.equipment);
  let sessionIndex = 0;
  let returnSessionsLeft = br && br.days >= 15 && br.days <= 56 ? 2 : br && br.days < 15 ? 1 : 0;
  for (const p of placed) {
    const i = p.dn - base;
    const reasons: ReasonSlots = new Array(PRECEDENCE.length);
    const c = cls[i] as number;
    const n1 = cls[i + 1] === 2 || isRace[i + 1] === 1;
    const phase = phaseAt(goalDn, p.dn);
    const dose: Dose = {
      kind: 'strength',
      emphasis,
      equipment: athlete.equipment,
      baseSets: phase === 'peak' ? 2 : 3,
      setsDelta: 0,
      setsFactor: 1,
      maxSets: 4,
      rir: novice ? 3 : 2,
      noPlyo: false,
      noHeavy: false,
      bodyweightFirst: false,
      lightOnly: false,
      returnReps: false,
      offSeason: phase === 'off-season',
      maxMinutes: maxMin,
    };
    addReason(reasons, 'R15', 'Not medical advice: stop any exercise that hurts.');
    if (injury) {
      dose.avoid = injury.area;
      dose.noPlyo = true;
      if (noRun) {
        dose.kind = 'circuit';
        addReason(reasons, 'R12', `You can't run right now: this circuit keeps your fitness up without loading your ${areaName(injury.area)}. See a professional about the injury.`);
      } else {
        addReason(reasons, 'R12', `Exercises that load your ${areaName(injury.area)} are left out; see a professional if it does not settle.`);
      }
      addReason(reasons, 'R-INJURY', 'Strength keeps you fit while you heal; no jumps, and keep pain at 2–3/10 or less.');
    }
    if (taperWeek2[i]) {
      dose.setsFactor = Math.min(dose.setsFactor, 0.5);
      dose.noPlyo = true;
      addReason(reasons, 'R-TAPER', TAPER_WEEK2_REASON);
    }
    if (activationOnly[i]) {
      dose.kind = 'mobility';
      dose.bodyweightFirst = true;
      dose.noHeavy = true;
      dose.noPlyo = true;
      dose.rir = Math.max(dose.rir, 4);
      dose.fixedSets = 1;
      addReason(reasons, 'R9', 'Race week: fewer sets, nothing new, nothing heavy.');
      addReason(reasons, 'R-TAPER', TAPER_WEEK1_REASON);
    }
    if (aRaceWithinWeek(aRaceDns, p.dn) && !activationOnly[i]) addReason(reasons, 'R9', 'Goal race within a week: volume dialled back.');
    if (placed.length > 0) addReason(reasons, 'R3', `Spaced at least a day from any other strength session, ${targetFor(tc, weekStart(p.dn))} this week at most.`);
    if (n1 && dose.kind !== 'circuit') {
      dose.noHeavy = true;
      dose.noPlyo = true;
      addReason(reasons, 'R-NOT-BEFORE', NOT_BEFORE_REASON);
    }
    // returns
    if (br) {
      const small = br.days < 15;
      addReason(reasons, 'R10', `You had ${br.days} days without running: ${small ? 'a lighter first session back' : 'we rebuild gradually'}.`);
      addReason(reasons, 'R-RETURN', `After a ${br.days}-day break, fitness comes back quickly if you rebuild gradually; strength stays on easy days for now.`);
      if (returnSessionsLeft > 0 && !longBreak) {
        returnSessionsLeft--;
        if (small) dose.setsDelta -= 1;
        else {
          dose.setsFactor = Math.min(dose.setsFactor, 0.5);
          dose.rir = Math.max(dose.rir, 3);
        }
        dose.noHeavy = dose.noHeavy || !small;
      }
    }
    if (returnMode) {
      dose.bodyweightFirst = level < 2;
      dose.lightOnly = level >= 2;
      dose.noPlyo = true;
      dose.noHeavy = true;
      dose.returnReps = true;
      dose.baseSets = level === 0 ? 1 : 2;
      dose.maxSets = 2;
      dose.rir = Math.max(dose.rir, level < 2 ? 4 : 3);
      if (novice) addReason(reasons, 'R11', 'New or back to lifting: form and control first, bodyweight before weights.');
      if (longBreak) addReason(reasons, 'R10', 'After more than 8 weeks off, strength restarts with the beginner block.');
    }
    if (spikeDn !== undefined && sessionIndex === 0) {
      dose.noPlyo = true;
      dose.setsDelta -= 1;
      dose.rir = Math.max(dose.rir, 3);
      addReason(reasons, 'R-SPIKE', `Your run on ${dateString(spikeDn)} was much longer than usual, which raises injury risk; we're going easier in the gym.`);
    }
    if (fatigue && p.dn <= today + 6) {
      dose.setsDelta -= 1;
      dose.rir += 1;
      addReason(reasons, 'R-STR-FATIGUE', "You're carrying a lot of fatigue; same movements, less work.");
    }
    if (mono && p.dn <= today + 6) addReason(reasons, 'R-MONO', 'Your days have been too alike: strength stays on hard days this week and a rest day would help.');
    if (deload && p.dn <= today + 6) {
      dose.setsFactor = Math.min(dose.setsFactor, 0.5);
      addReason(reasons, 'R-DELOAD-WEEK', "Your week went off-plan; we're trimming lifting so you can restart smoothly.");
    }
    if (missedHard > 0 && p.dn <= today + 6) {
      if (c === 2) addReason(reasons, 'R-MISSED', 'You missed a key run: this session moved with your next hard run.');
      else {
        dose.fixedSets = 1;
        dose.rir = Math.max(dose.rir, 3);
        addReason(reasons, 'R-MISSED', 'Without the hard run, a short maintenance session keeps your gains without piling on fatigue.');
      }
    }
    if (!noRun && !returnMode) {
      addReason(reasons, 'R8', phaseReason(phase, goalDn === undefined ? undefined : Math.round((goalDn - p.dn) / 7)));
      if (athlete.sessionsPerWeek === undefined) addReason(reasons, 'R-FREQ', `${targetFor(tc, weekStart(p.dn))} sessions a week in this phase are enough to improve running economy.`);
    }
    // placement reasons
    const natural = startFor(timingCtx, p.dn, i);
    const timing = notBeforeNow(natural, p.dn, now) ?? natural;
    if (!noRun && c === 2 && !(br && p.dn < returnEnd)) {
      addReason(reasons, 'R1', `${pairReason(evidenceOf[i] ?? hist.days[p.dn - hist.from]?.evidence[0])} ${timing.why}`);
      addReason(reasons, 'R-PAIR', "Stacking lifting on hard days keeps your easy days truly easy and protects tomorrow's run.");
      const prevHard = cls[i - 1] === 2;
      if (p.tier === 1) addReason(reasons, 'R2', R2_REASON_FIRST);
      else if (prevHard) addReason(reasons, 'R2', R2_REASON_SECOND);
    } else if (!noRun) {
      addReason(reasons, 'R-FALLBACK', `No hard day was free, so this goes where it won't touch your next key run (the next two days are not hard). ${timing.why}`);
    }
    // progression
    if (returnMode) {
      addReason(reasons, 'R13', level === 0 ? 'First sessions: one set each; we add a set once you have completed a few.' : level === 1 ? 'You completed your first sessions: two sets now.' : 'Steady progress: light weights now, still not to failure.');
    } else if (progress.lastSkipped) {
      addReason(reasons, 'R13', 'You skipped the last session, so the dose stays the same instead of progressing.');
    } else if (progress.streak >= 4 && (phase === 'off-season' || phase === 'build') && dose.kind === 'strength') {
      dose.setsDelta += 1;
      addReason(reasons, 'R13', `${progress.streak} sessions completed in a row: one more set on the main lifts.`);
    }
    const built = buildSession(dose);
    addReason(reasons, 'R-RIR', `Stop each set with ${dose.rir} reps in reserve; it builds strength without wrecking your runs.`);
    addReason(reasons, 'R4', durationReason(built.durationMin, maxMin));
    addReason(reasons, 'R5', 'Opens with glute and hip activation so the main work is safer.');
    if (dose.kind !== 'mobility') {
      addReason(reasons, 'R6', 'Core, glutes, hamstrings and calves first, with upper body for balance.');
      addReason(reasons, 'R7', emphasisReason(emphasis, goal));
    }
    addReason(reasons, 'R14', `Uses only ${eqWords}.`);

    const ordered = orderedRules(reasons);
    sessions.push({
      id: '',
      date: dateString(p.dn),
      start: localToIso(athlete.timeZone, p.dn, timing.minute),
      durationMin: built.durationMin,
      title: titleFor(dose, mainSets(dose)),
      kind: dose.kind,
      exercises: built.exercises,
      rules: ordered.rules,
      reasons: ordered.reasons,
    });
    sessionIndex++;
  }

  assignIds(sessions, input.previousSessions ?? [], input.athleteId);

  // ---- output days: actual history + expected days after today ----
  const days: Day[] = hist.days.slice();
  for (let k = 1; k < horizon; k++) days.push(exp[k] as Day);
  if (injury) notes.unshift(injuryNote(injury.area));
  let outPhase: PlanResult['phase'] = phaseAt(goalDn, today);
  if (noRun) outPhase = 'injured';
  else if (returnMode || br) outPhase = 'return';
  return { days, sessions, load, disclaimer: DISCLAIMER, thresholds, notes, phase: outPhase };
}

interface TimingCtx {
  today: number;
  hist: ReturnType<typeof buildHistory>;
  plannedByDay: Map<number, PlannedRun[]>;
  cls: Uint8Array;
  pref: number | undefined;
  gapMin: number;
  timeZone: string;
}

interface Timing {
  /** local minute of day */
  minute: number;
  /** the timing sentence appended to the placement reason (R1 or R-FALLBACK) */
  why: string;
}

/** Local wall clock of the replan, from PlanInput.nowLocal. */
interface NowLocal {
  dn: number;
  minute: number;
}

/** Minutes between now and the earliest start of a session planned today. */
const NOW_MARGIN_MIN = 30;

/** 'YYYY-MM-DDTHH:mm[...]' → day number and minute; undefined when absent or malformed. */
function parseNowLocal(s: string | undefined): NowLocal | undefined {
  if (s === undefined || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(s) || !isValidDate(s.slice(0, 10))) return undefined;
  const h = Number(s.slice(11, 13));
  const mi = Number(s.slice(14, 16));
  if (h > 23 || mi > 59) return undefined;
  return { dn: dayNumber(s), minute: h * 60 + mi };
}

/**
 * No session in the past (PlanInput.nowLocal): on now's day a session must not start
 * before now + 30 min. When the natural start is earlier, it moves to now + 30 min rounded
 * up to the quarter hour if that is at the latest LATEST_START_MIN (21:00); otherwise (and
 * on any day before now's) the day cannot take the session: undefined.
 */
function notBeforeNow(t: Timing, dn: number, now: NowLocal | undefined): Timing | undefined {
  if (now === undefined || dn > now.dn) return t;
  if (dn < now.dn) return undefined;
  const earliest = now.minute + NOW_MARGIN_MIN;
  if (t.minute >= earliest) return t;
  const m = Math.ceil(earliest / 15) * 15;
  if (m > LATEST_START_MIN) return undefined;
  return {
    minute: m,
    why: `At ${hhmm(m)}: ${hhmm(t.minute)} had already passed or was less than ${NOW_MARGIN_MIN} min away when this plan was made, so it starts ${NOW_MARGIN_MIN} min from now at the earliest.`,
  };
}

function startFor(ctx: TimingCtx, dn: number, i: number): Timing {
  const { today, hist, plannedByDay, cls, pref, gapMin } = ctx;
  let runEnd: number | undefined;
  if (dn === today) {
    const e = hist.runEndUtcMs[today - hist.from] as number;
    if (!Number.isNaN(e)) {
      const l = utcToLocal(ctx.timeZone, e);
      runEnd = l.dn === dn ? l.minute : l.dn > dn ? 24 * 60 : undefined;
    }
  }
  if (runEnd === undefined && dn > today) {
    for (const r of plannedByDay.get(dn) ?? []) {
      if (!r.startLocal) continue;
      const long = classifyPlannedRun(r).evidence[0]?.includes('long') ?? false;
      const e = minuteOfDay(r.startLocal) + (long ? 120 : 60);
      if (runEnd === undefined || e > runEnd) runEnd = e;
    }
  }
  if (runEnd === undefined || cls[i] !== 2) {
    const m = pref ?? DEFAULT_START_MIN;
    return { minute: m, why: pref !== undefined ? `At your preferred time, ${hhmm(m)}.` : `At ${hhmm(m)} by default.` };
  }
  let m = Math.ceil((runEnd + gapMin) / 15) * 15;
  if (pref !== undefined && pref > m) m = pref;
  if (m > LATEST_START_MIN) m = Math.min(23 * 60, Math.max(LATEST_START_MIN, Math.ceil((runEnd + 30) / 15) * 15));
  return { minute: m, why: `At ${hhmm(m)}, after your run ends (${gapMin / 60} h gap by default so the run comes first).` };
}


function taperWindowFree(dn: number, aRaceDns: readonly number[], occupied: Uint8Array, base: number): boolean {
  for (const rd of aRaceDns) {
    if (dn < rd - 7 || dn > rd - 1) continue;
    for (let d = rd - 7; d <= rd - 1; d++) {
      const i = d - base;
      if (i >= 0 && i < occupied.length && occupied[i]) return false;
    }
  }
  return true;
}

/** A session's reasons: one slot per rule id, at the id's PRECEDENCE rank. */
type ReasonSlots = (string | undefined)[];

/** First reason per id wins (ids outside PRECEDENCE are dropped). */
function addReason(slots: ReasonSlots, id: string, reason: string): void {
  const k = RANK.get(id);
  if (k !== undefined && slots[k] === undefined) slots[k] = reason;
}

/** The reasons in PRECEDENCE order. */
function orderedRules(slots: ReasonSlots): { rules: string[]; reasons: string[] } {
  const rules: string[] = [];
  const out: string[] = [];
  for (let k = 0; k < slots.length; k++) {
    const r = slots[k];
    if (r !== undefined) {
      rules.push(PRECEDENCE[k] as string);
      out.push(r);
    }
  }
  return { rules, reasons: out };
}

function byDay(a: Placed, b: Placed): number {
  return a.dn - b.dn;
}

function phaseAt(goalDn: number | undefined, dn: number): Phase {
  return phaseFor(goalDn === undefined ? undefined : goalDn - dn);
}

interface TargetCtx {
  noRun: boolean;
  sessionsPerWeek: number | undefined;
  today: number;
  returnMode: boolean;
  hasBreak: boolean;
  goalDn: number | undefined;
}

/** R8 / R-FREQ / R3: the session target of the ISO week starting ws. */
function targetFor(c: TargetCtx, ws: number): number {
  if (c.noRun) return Math.min(3, Math.max(1, c.sessionsPerWeek ?? 3));
  let t =
    c.sessionsPerWeek !== undefined
      ? Math.min(3, Math.max(1, Math.floor(c.sessionsPerWeek)))
      : defaultTarget(phaseAt(c.goalDn, Math.max(ws, c.today)), !c.returnMode);
  if (c.returnMode || c.hasBreak) t = Math.min(t, 2);
  return t;
}

/** Block day index i (R9 / R-TAPER / R-BRACE); the first blocking rule wins. */
function block(blocked: (string | undefined)[], i: number, id: string): void {
  if (i >= 0 && i < blocked.length && blocked[i] === undefined) blocked[i] = id;
}

/** An A race 1–7 days after dn. */
function aRaceWithinWeek(aRaceDns: readonly number[], dn: number): boolean {
  for (const rd of aRaceDns) if (rd - dn > 0 && rd - dn <= 7) return true;
  return false;
}

function hhmm(m: number): string {
  const h = Math.floor(m / 60);
  const mi = m % 60;
  return `${h < 10 ? '0' : ''}${h}:${mi < 10 ? '0' : ''}${mi}`;
}

function equipmentWords(eq: readonly string[]): string {
  const set = new Set(['bodyweight', ...eq]);
  return [...set].join(', ');
}

function titleFor(dose: Dose, sets: number): string {
  if (dose.kind === 'mobility') return 'Race-week activation';
  if (dose.kind === 'circuit') return `Injury circuit (spares the ${areaName(dose.avoid ?? 'knee')})`;
  if (dose.returnReps) return sets <= 1 ? 'Return to strength: bodyweight basics' : 'Return to strength: building up';
  if (dose.fixedSets === 1) return 'Maintenance strength';
  const e = dose.emphasis === 'power' ? 'power & hips' : dose.emphasis === 'trail' ? 'stability & single-leg' : 'whole-body';
  return `Strength: ${e}`;
}
