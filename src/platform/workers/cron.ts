/**
 * @module platform/workers/cron
 * One Cron Trigger (`TICK_CRON`, every 5 minutes) drives every periodic task on Workers: the
 * Workers Free plan allows 5 Cron Triggers per account, and src/app/schedule.ts declares more
 * distinct expressions than that. Each tick runs the tasks whose own cron expression (the one
 * node-cron uses on Node) matches a minute in the window since the previous tick, so a task
 * declared for minute 23 runs at the tick of minute 25. Expressions are evaluated in UTC, like
 * Cron Triggers and the Node scheduler (`timezone: 'UTC'`).
 */
import { scheduledTasks } from '../../app/schedule';
import type { ScheduledTask } from '../../core/jobs';

/** The one expression wrangler.toml lists in `[triggers] crons` (tests/workers/node/config.test.ts checks it). */
export const TICK_CRON = '*/5 * * * *';
export const TICK_MINUTES = 5;

const MINUTE_MS = 60_000;

/** Field bounds of a 5-field cron expression: minute, hour, day of month, month, day of week. */
const FIELDS: ReadonlyArray<readonly [min: number, max: number]> = [
  [0, 59],
  [0, 23],
  [1, 31],
  [1, 12],
  [0, 7],
];

export type CronMatcher = (minuteMs: number) => boolean;

function parseField(text: string, [min, max]: readonly [number, number]): Set<number> {
  const values = new Set<number>();
  for (const part of text.split(',')) {
    const [range = '', stepText] = part.split('/');
    const step = stepText === undefined ? 1 : Number(stepText);
    let from: number;
    let to: number;
    if (range === '*') [from, to] = [min, max];
    else if (range.includes('-')) [from, to] = range.split('-').map(Number) as [number, number];
    else {
      from = Number(range);
      to = stepText === undefined ? from : max;
    }
    if (![from, to, step].every(Number.isInteger) || step < 1 || from < min || to > max || from > to) throw new Error(`unsupported cron field "${text}"`);
    for (let v = from; v <= to; v += step) values.add(v);
  }
  return values;
}

/** A matcher for a 5-field cron expression (numbers, `*`, ranges, steps, lists), in UTC. */
export function cronMatcher(expression: string): CronMatcher {
  const parts = expression.trim().split(/\s+/);
  if (parts.length !== 5) throw new Error(`cron expression "${expression}" must have 5 fields`);
  const [minute, hour, dom, month, dow] = FIELDS.map((bounds, i) => parseField(parts[i] ?? '', bounds)) as [Set<number>, Set<number>, Set<number>, Set<number>, Set<number>];
  if (dow.has(7)) dow.add(0);
  // Standard cron: when both day fields are restricted, either one matching is enough.
  const domAny = parts[2] === '*';
  const dowAny = parts[4] === '*';
  return (ms) => {
    const d = new Date(ms);
    if (!minute.has(d.getUTCMinutes()) || !hour.has(d.getUTCHours()) || !month.has(d.getUTCMonth() + 1)) return false;
    const domOk = dom.has(d.getUTCDate());
    const dowOk = dow.has(d.getUTCDay());
    if (domAny && dowAny) return true;
    if (domAny) return dowOk;
    if (dowAny) return domOk;
    return domOk || dowOk;
  };
}

export interface DueTask {
  task: ScheduledTask;
  /** the minute the task's own expression named (when node-cron would have fired it) */
  atMs: number;
}

/**
 * The tasks due at the tick scheduled for `scheduledTimeMs`: each task whose expression matches
 * a minute in (previous tick, this tick]. Every minute belongs to exactly one tick, so each task
 * runs once per occurrence of its expression, at most `TICK_MINUTES` - 1 minutes late.
 */
export function dueTasks(scheduledTimeMs: number, tasks: readonly ScheduledTask[] = scheduledTasks): DueTask[] {
  const tick = Math.floor(scheduledTimeMs / MINUTE_MS) * MINUTE_MS;
  const due: DueTask[] = [];
  for (const task of tasks) {
    const matches = cronMatcher(task.cron);
    // A task runs once per tick even if its expression matched twice in the window (none does).
    for (let m = 0; m < TICK_MINUTES; m++) {
      const atMs = tick - m * MINUTE_MS;
      if (matches(atMs)) {
        due.push({ task, atMs });
        break;
      }
    }
  }
  return due;
}

/** The tasks whose expression matches this very minute (what node-cron fires on Node). */
export function tasksAtMinute(minuteMs: number, tasks: readonly ScheduledTask[] = scheduledTasks): ScheduledTask[] {
  return tasks.filter((task) => cronMatcher(task.cron)(minuteMs));
}
