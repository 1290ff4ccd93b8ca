/**
 * R1 / R-PAIR: strength goes on hard days, after the run. This file holds the placement tier
 * of a hard day and WHEN the session starts on any day with a run (after the run's end plus
 * the runner's gap, never before it), see run-window.ts for where the run's time comes from.
 */
import type { RunWindow } from '../run-window';
import { defineRule, type SessionRule, sessionRule } from '../rule';
import { inReturn } from './return';

export const R1 = defineRule({
  id: 'R1',
  title: 'pair-hard',
  trigger: 'A hard day (synced or expected) in the week.',
  action:
    "Put the strength session on the hard day, after the run: the run's end (synced today, planned in an imported plan, or the weekday's usual start and duration) plus the runner's gap (default 3 h), rounded up to the quarter hour; the preferred time when later. If that passes 21:00, straight after the run (15 min) up to 22:00; later than that the day cannot take the session. When the run's time is unknown the session says \"after your run\" (timing 'after-run'). The same timing applies to easy days with a run. Never use an easy or off day while a hard day in the same week is free. Never in the past: with `nowLocal`, a session today starts at now + 30 min at the earliest (rounded up to the quarter hour, at the latest 21:00), else today is not used.",
  reason: 'Lift on the day you already ran hard so your easy days stay easy.',
  source: 'S1',
});

export const R_PAIR = defineRule({
  id: 'R-PAIR',
  title: 'pair strength with hard runs',
  trigger: 'A HARD run day in the plan or synced.',
  action: "Put that week's strength on HARD days, after the run, ideally ≥ 3–6 h later; run first.",
  reason: "Stacking lifting on hard days keeps your easy days truly easy and protects tomorrow's run.",
  source: 'Doma & Deakin 2013; Schumann 2022; Robineau 2016; Gaudette 2013',
});

export const DEFAULT_START_MIN = 18 * 60 + 30;
/** latest clock start for a session (and for a session moved by nowLocal) */
export const LATEST_START_MIN = 21 * 60;
/** a late runner may lift straight after the run up to this start */
export const LATE_RUNNER_LATEST_MIN = 22 * 60;
const LATE_GAP_MIN = 15;

export interface Timing {
  /** local minute of day */
  minute: number;
  timing: 'clock' | 'after-run';
  /** why this time (the sentence is written by timingText, only for placed sessions) */
  why: 'preferred' | 'default' | 'unknown-run' | 'after-run' | 'straight-after' | 'now';
  window?: RunWindow;
  /** the start before nowLocal moved it */
  natural?: number;
}

const ceil15 = (m: number): number => Math.ceil(m / 15) * 15;

/**
 * When a session starts on a day. `runs`: a run is expected or done that day; `window`: its
 * time when known. undefined: the day cannot take a session after the run.
 */
export function sessionStart(runs: boolean, window: RunWindow | undefined, pref: number | undefined, gapMin: number): Timing | undefined {
  if (!runs) return { minute: pref ?? DEFAULT_START_MIN, timing: 'clock', why: pref !== undefined ? 'preferred' : 'default' };
  if (!window) return { minute: pref ?? DEFAULT_START_MIN, timing: 'after-run', why: 'unknown-run' };
  const earliest = ceil15(window.end + gapMin);
  const m = pref !== undefined && pref > earliest ? pref : earliest;
  if (m <= LATEST_START_MIN) return { minute: m, timing: 'clock', why: 'after-run', window };
  const late = ceil15(window.end + LATE_GAP_MIN);
  if (late > LATE_RUNNER_LATEST_MIN) return undefined;
  return { minute: late, timing: 'clock', why: 'straight-after', window };
}

/** The runner-facing sentence about when a session starts. */
export function timingText(t: Timing): string {
  const m = hhmm(t.minute);
  const w = t.window;
  const when = !w ? '' : w.source === 'synced' ? `your run ended at ${hhmm(w.end)}` : w.source === 'planned' ? `your planned run ends about ${hhmm(w.end)}` : `you usually finish running about ${hhmm(w.end)}`;
  switch (t.why) {
    case 'preferred':
      return `At your preferred time, ${m}.`;
    case 'default':
      return `At ${m}.`;
    case 'unknown-run':
      return 'After your run, once you have eaten and rested.';
    case 'after-run':
      return `At ${m}: ${when}, so the run comes first.`;
    case 'straight-after':
      return `At ${m}, straight after your run (${when}).`;
    case 'now':
      return t.timing === 'after-run'
        ? `After your run, at ${m} at the earliest (${NOW_MARGIN_MIN} min from when this plan was made).`
        : `At ${m}: ${hhmm(t.natural ?? t.minute)} had already passed or was less than ${NOW_MARGIN_MIN} min away when this plan was made, so it starts ${NOW_MARGIN_MIN} min from now at the earliest.`;
    default: {
      const never: never = t.why;
      return never;
    }
  }
}

export function hhmm(m: number): string {
  const h = Math.floor(m / 60);
  const mi = m % 60;
  return `${h < 10 ? '0' : ''}${h}:${mi < 10 ? '0' : ''}${mi}`;
}

/** A runner-facing name for what made a day hard (evidence is internal, e.g. "pattern: ..."). */
export function hardWords(evidence: string | undefined, weekday: string, today: boolean): string {
  const day = today ? "today's" : `${weekday}'s`;
  if (!evidence) return `${day} hard run`;
  if (evidence.startsWith('pattern:') || evidence.startsWith('weekly template')) return `${day} usual hard run`;
  const planned = /^planned: .*\("(.+)"\)$/.exec(evidence);
  if (planned) return `${day} planned "${planned[1]}"`;
  if (evidence.startsWith('race')) return `${day} race`;
  if (evidence.includes('long')) return `${day} long run`;
  const kw = /^workout: (.+) in title$/.exec(evidence);
  if (kw) return `${day} ${kw[1]}`;
  if (evidence.includes('climb')) return `${day} hilly run`;
  return `${day} hard session`;
}

export const pairRule: SessionRule = sessionRule(R1, 5, {
  shape(ctx, s) {
    if (ctx.injury?.noRun || s.cls !== 2 || s.tier > 1 || inReturn(ctx, s.dn)) return undefined;
    return `Lift after ${hardWords(ctx.evidence[s.i], s.weekday, s.dn === ctx.today)} so your easy days stay easy. ${timingText(s.timing)}`;
  },
});

export const pairScienceRule: SessionRule = sessionRule(R_PAIR, 90, {
  shape(ctx, s) {
    if (ctx.injury?.noRun || s.cls !== 2 || s.tier > 1 || inReturn(ctx, s.dn)) return undefined;
    return 'Run first, lift a few hours later: your next run is barely affected.';
  },
});

/** minutes between now and the earliest start of a session planned today */
export const NOW_MARGIN_MIN = 30;

/**
 * No session in the past (PlanInput.nowLocal): on now's day a session must not start before
 * now + 30 min. An earlier natural start moves to now + 30 min rounded up to the quarter hour
 * if that is at the latest 21:00; otherwise (and on any day before now's) undefined.
 */
export function notBeforeNow(t: Timing, dn: number, now: { dn: number; minute: number } | undefined): Timing | undefined {
  if (now === undefined || dn > now.dn) return t;
  if (dn < now.dn) return undefined;
  const earliest = now.minute + NOW_MARGIN_MIN;
  if (t.minute >= earliest) return t;
  const m = ceil15(earliest);
  if (m > LATEST_START_MIN) return undefined;
  return { minute: m, timing: t.timing, why: 'now', natural: t.minute };
}
