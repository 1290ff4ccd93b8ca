/**
 * The planner's internal data shapes, in one module that imports no rule, so rule modules, the
 * context and the session builder can all refer to them without import cycles.
 */
import type { History } from '../classify';
import type { AthleteProfile, Day, Equipment, Exercise, InjuryArea, LoadPoint, PlanInput, PlannedRun, PlannedSession, Race, Thresholds } from '../types';

export interface NowLocal {
  dn: number;
  minute: number;
}


export interface ReturnState {
  brk: BreakInfo;
  /** first day of the return period (first run back, or today while the break goes on) */
  start: number;
  /** first day after the return period */
  end: number;
  /** > 56 days: the beginner block */
  long: boolean;
}


export interface PlanContext {
  input: PlanInput;
  athlete: AthleteProfile;
  today: number;
  /** last day of the horizon */
  end: number;
  horizon: number;
  hist: History;
  thresholds: Thresholds;
  /** today's point of the load series (fitness, fatigue, form, monotony) */
  loadToday: LoadPoint;
  expected: Day[];
  plannedByDay: Map<number, PlannedRun[]>;
  usual: (UsualRun | undefined)[];
  now: NowLocal | undefined;
  /** per-day arrays cover [base, base + len) */
  base: number;
  len: number;
  /** 0 off, 1 easy, 2 hard: actual before today, settled today, expected after */
  cls: number[];
  /** the hard day came from the inferred pattern or the weekly template (not a plan or a race) */
  habitualHard: boolean[];
  evidence: (string | undefined)[];
  isRace: boolean[];
  /** the rule id that blocks strength on the day (R9, R-TAPER, R-BRACE) */
  blocked: (string | undefined)[];
  /** race −7..−3 of an A race: activation only (R-TAPER) */
  activationOnly: boolean[];
  /** race −14..−8 of an A race: half sets (R-TAPER) */
  taperHalf: boolean[];
  aRaceDns: number[];
  /** strength done (log or strength activity) or planned */
  occupied: boolean[];
  /** the runner skipped a session planned on this day (today or later): no other one goes there */
  declined: boolean[];
  missed: MissedToday | undefined;
  injury: { area: NonNullable<AthleteProfile['injury']>['area']; noRun: boolean; lowImpactCleared: boolean } | undefined;
  ret: ReturnState | undefined;
  novice: boolean;
  /** R11 / long break: bodyweight-first return mode */
  returnMode: boolean;
  /** return-mode level: 0 = 1 set, 1 = 2 sets, 2 = light weights */
  level: number;
  progress: Progress;
  spikeDn: number | undefined;
  fatigue: boolean;
  mono: boolean;
  deload: { planned: number; done: number } | undefined;
  missedHard: number;
  goal: Race | undefined;
  goalDn: number | undefined;
  emphasis: Emphasis;
  /** the last goal race run, and the first day after its recovery block */
  lastGoal: { race: Race; dn: number; recoveredDn: number } | undefined;
  notes: string[];
}


/** What a session slot is: the day and what the planner decided about it. */
export interface SessionSlot {
  dn: number;
  /** index into the per-day arrays */
  i: number;
  cls: number;
  tier: number;
  nextHard: boolean;
  prevHard: boolean;
  phase: Phase | 'recovery';
  timing: import('./rules/pair-hard').Timing;
  variant: 'A' | 'B';
  /** 0-based position among the plan's sessions */
  index: number;
  weekTarget: number;
  weekday: string;
}


export interface Dose {
  kind: PlannedSession['kind'];
  emphasis: Emphasis;
  /** alternating session A or B (R6 balance over two sessions) */
  variant: Variant;
  equipment: readonly Equipment[];
  avoid?: InjuryArea;
  /** sets of main exercises before modifiers */
  baseSets: number;
  setsDelta: number;
  /** multiplicative (0.5 = half), smallest wins */
  setsFactor: number;
  /** fixed sets (maintenance) overrides the above */
  fixedSets?: number;
  maxSets: number;
  rir: number;
  noPlyo: boolean;
  noHeavy: boolean;
  /** bodyweight and bands only */
  bodyweightFirst: boolean;
  /** light weights only (return transition) */
  lightOnly: boolean;
  /** 8–10 reps (return mode) */
  returnReps: boolean;
  /** the simplest variant of each pattern (novices, R11) */
  simplest: boolean;
  /** R13: 0 none, 1 = +2 reps on the main lifts, 2 = a little more load */
  progressStep: number;
  /** loaded exercises at a lighter load than usual (return, recovery, B race) */
  lighterLoad: boolean;
  offSeason: boolean;
  maxMinutes: number;
}


export interface BuiltSession {
  exercises: Exercise[];
  durationMin: number;
}


export type Emphasis = 'power' | 'trail' | 'general';


export type Variant = 'A' | 'B';


/**
 * One block of a session. `ids` run from the most demanding (loaded) variant to the simplest;
 * the builder takes the first the runner may do, or the simplest one for novices (R11).
 * `superset`: done in the rest of the block before it (core, upper body), so it costs no rest.
 * `keep`: never dropped to fit the time budget (calf/soleus and hip work every week, R6).
 */
export interface Slot {
  role: string;
  ids: readonly string[];
  priority: number;
  superset?: boolean;
  keep?: boolean;
}


export interface MissedToday {
  wasHard: boolean;
  byText: string;
}


export type Phase = 'off-season' | 'build' | 'peak' | 'taper';


export interface Progress {
  done: number;
  lastSkipped: boolean;
  streak: number;
}


export interface BreakInfo {
  /** length of the break in days */
  days: number;
  /** day number of the first run after it (undefined when still ongoing) */
  endDn?: number;
  ongoing: boolean;
}


export interface RunWindow {
  /** local minutes of day */
  start: number;
  end: number;
  source: 'synced' | 'planned' | 'usual';
}


export interface UsualRun {
  start: number;
  durationMin: number;
  runs: number;
}

