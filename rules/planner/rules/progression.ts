import type { StrengthLog } from '../../types';
import { defineRule } from '../rule';

export const R13 = defineRule({
  id: 'R13',
  title: 'progression',
  trigger: 'Strength sessions logged as done or skipped.',
  action: 'Progress only when the previous sessions were completed: return mode goes 1 set (first 4 done) → 2 sets (next 8) → 2–3 sets with light weights; regular lifters add a set to main lifts after 4 completed sessions in a row (off-season/build only, max 4). A skipped last session holds the dose. Never jump from return mode to full volume.',
  reason: 'Increase gradually, and only after completing the previous sessions.',
  source: 'S3',
});

export interface Progress {
  done: number;
  lastSkipped: boolean;
  streak: number;
}

export function progressFrom(log: readonly StrengthLog[] | undefined, beforeDate: string): Progress {
  if (!log || log.length === 0) return { done: 0, lastSkipped: false, streak: 0 };
  const past = log.filter((l) => l.date <= beforeDate);
  past.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.sessionId < b.sessionId ? -1 : 1));
  let done = 0;
  for (const l of past) if (l.status === 'done') done++;
  let streak = 0;
  for (let i = past.length - 1; i >= 0 && past[i]?.status === 'done'; i--) streak++;
  const last = past[past.length - 1];
  return { done, lastSkipped: last?.status === 'skipped', streak };
}

/** Return-mode level: 0 = 1 set, 1 = 2 sets, 2 = transition (2–3 sets, light weights). */
export function returnLevel(p: Progress): number {
  const done = p.lastSkipped ? Math.max(0, p.done - 1) : p.done;
  if (done < 4) return 0;
  if (done < 12) return 1;
  return 2;
}
