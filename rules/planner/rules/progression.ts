import type { StrengthLog } from '../../types';
import { defineRule, type SessionRule, sessionRule } from '../rule';
import type { Progress } from '../model';

export type { Progress };

export const R13 = defineRule({
  id: 'R13',
  title: 'progression',
  trigger: 'Strength sessions logged as done or skipped, or a synced strength activity (it marks that day done).',
  action:
    'Progress only when the previous sessions were completed, reps or load before sets: return mode goes 1 set (first 4 done) → 2 sets (next 8) → light weights; regular lifters get +2 reps on the main lifts after 4 completed sessions in a row, then a little more load after 8 (off-season/build only). The number of sets never grows, so no exercise is pushed out. A skipped last session holds the dose. Never jump from return mode to full volume.',
  reason: 'Increase gradually, and only after completing the previous sessions.',
  source: 'S3',
});


/**
 * Done and skipped sessions up to `beforeDate`, from the log plus days with a synced strength
 * activity (counted as done unless the log already has an entry that day).
 */
export function progressFrom(log: readonly StrengthLog[] | undefined, beforeDate: string, strengthDays: readonly string[] = []): Progress {
  const entries: Array<{ date: string; key: string; done: boolean }> = [];
  const logged = new Set<string>();
  for (const l of log ?? []) {
    if (l.date > beforeDate) continue;
    entries.push({ date: l.date, key: l.sessionId, done: l.status === 'done' });
    logged.add(l.date);
  }
  for (const d of strengthDays) if (d <= beforeDate && !logged.has(d)) entries.push({ date: d, key: '', done: true });
  if (entries.length === 0) return { done: 0, lastSkipped: false, streak: 0 };
  entries.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  let done = 0;
  for (const e of entries) if (e.done) done++;
  let streak = 0;
  for (let i = entries.length - 1; i >= 0 && entries[i]?.done; i--) streak++;
  return { done, lastSkipped: entries[entries.length - 1]?.done === false, streak };
}

/** Return-mode level: 0 = 1 set, 1 = 2 sets, 2 = transition (light weights). */
export function returnLevel(p: Progress): number {
  const done = p.lastSkipped ? Math.max(0, p.done - 1) : p.done;
  if (done < 4) return 0;
  if (done < 12) return 1;
  return 2;
}

export const progressionRule: SessionRule = sessionRule(R13, 50, {
  shape(ctx, s, dose) {
    if (ctx.returnMode) {
      return ctx.level === 0 ? 'First sessions: one set each; we add a set once you have completed a few.' : ctx.level === 1 ? 'You completed your first sessions: two sets now.' : 'Steady progress: light weights now, still not to failure.';
    }
    if (ctx.progress.lastSkipped) return 'You skipped the last session, so the dose stays the same instead of progressing.';
    const reduced = dose.setsFactor < 1 || dose.setsDelta < 0 || dose.fixedSets !== undefined || dose.lighterLoad;
    if (ctx.progress.streak >= 4 && (s.phase === 'off-season' || s.phase === 'build') && dose.kind === 'strength' && !reduced) {
      dose.progressStep = ctx.progress.streak >= 8 ? 2 : 1;
      return dose.progressStep === 2
        ? `${ctx.progress.streak} sessions completed in a row: a little more weight on the main lifts.`
        : `${ctx.progress.streak} sessions completed in a row: two more reps on the main lifts.`;
    }
    return undefined;
  },
});
