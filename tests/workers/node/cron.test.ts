/**
 * The one Cron Trigger's dispatcher (src/platform/workers/cron.ts): which of src/app/schedule.ts's
 * tasks run at a tick, derived from their own cron expressions.
 */
import { describe, expect, it } from 'vitest';
import { scheduledTasks } from '../../../src/app/schedule';
import { cronMatcher, dueTasks, TICK_MINUTES, tasksAtMinute } from '../../../src/platform/workers/cron';

const at = (iso: string) => Date.parse(iso);
const names = (iso: string) => dueTasks(at(iso)).map((d) => d.task.name).sort();

describe('the Cron Trigger dispatcher', () => {
  it('runs exactly the tasks whose expression matched since the previous tick', () => {
    // the names and expressions this table relies on (src/strava, calendar, planning, maintenance)
    expect(Object.fromEntries(scheduledTasks.map((t) => [t.name, t.cron]))).toMatchObject({
      'strava-reconcile': '23 */4 * * *',
      'strava-reconcile-deep': '17 3 * * *',
      'strava-token-refresh': '*/15 * * * *',
      'strava-raw-retention': '41 * * * *',
      'strava-inbox-sweep': '*/5 * * * *',
    });
    const every5 = scheduledTasks.filter((t) => t.cron === '*/5 * * * *').map((t) => t.name);
    const withEvery5 = (...more: string[]) => [...every5, ...more].sort();
    const byCron = (cron: string) => scheduledTasks.filter((t) => t.cron === cron).map((t) => t.name);

    expect(names('2026-11-20T12:00:00Z')).toEqual(withEvery5('strava-token-refresh'));
    expect(names('2026-11-20T12:05:00Z')).toEqual(withEvery5(...byCron('5 * * * *')));
    expect(names('2026-11-20T12:10:00Z')).toEqual(withEvery5());
    expect(names('2026-11-20T16:25:00Z')).toEqual(withEvery5(...byCron('23 */4 * * *')));
    // 12:23 is both a 4-hourly and a 6-hourly minute
    expect(names('2026-11-20T12:25:00Z')).toEqual(withEvery5(...byCron('23 */4 * * *'), ...byCron('23 */6 * * *')));
    // 13:23 is not a 4-hourly minute (hours 0, 4, 8, …)
    expect(names('2026-11-20T13:25:00Z')).toEqual(withEvery5());
    expect(names('2026-11-20T12:45:00Z')).toEqual(withEvery5('strava-token-refresh', ...byCron('41 * * * *')));
    expect(names('2026-11-21T03:20:00Z')).toEqual(withEvery5(...byCron('17 3 * * *')));
    expect(names('2026-11-20T18:25:00Z')).toEqual(withEvery5(...byCron('23 */6 * * *')));
    // a tick delivered a few seconds late still covers its own window
    expect(names('2026-11-20T12:25:07Z')).toEqual(names('2026-11-20T12:25:00Z'));
  });

  it('over a whole day runs each task as often as its expression fires, at the minute it names', () => {
    const day = at('2026-11-20T00:00:00Z');
    const runs = new Map<string, number[]>();
    for (let tick = day + TICK_MINUTES * 60_000; tick <= day + 86_400_000; tick += TICK_MINUTES * 60_000) {
      for (const { task, atMs } of dueTasks(tick)) runs.set(task.name, [...(runs.get(task.name) ?? []), atMs]);
    }
    const fired = new Map<string, number[]>();
    for (let minute = day + 60_000; minute <= day + 86_400_000; minute += 60_000) {
      for (const task of tasksAtMinute(minute)) fired.set(task.name, [...(fired.get(task.name) ?? []), minute]);
    }
    expect(runs).toEqual(fired);
    expect(runs.get('strava-reconcile')).toHaveLength(6);
    expect(runs.get('strava-inbox-sweep')).toHaveLength(288);
  });

  it('reads ranges, lists, steps and both day fields the way cron does', () => {
    const weekdays9to17 = cronMatcher('0,30 9-17 * * 1-5');
    expect(weekdays9to17(at('2026-11-20T09:30:00Z'))).toBe(true); // a Friday
    expect(weekdays9to17(at('2026-11-21T09:30:00Z'))).toBe(false); // Saturday
    expect(weekdays9to17(at('2026-11-20T18:00:00Z'))).toBe(false);
    // day of month OR day of week when both are restricted; 7 is Sunday too
    const firstOrSunday = cronMatcher('0 0 1 * 7');
    expect(firstOrSunday(at('2026-11-01T00:00:00Z'))).toBe(true);
    expect(firstOrSunday(at('2026-11-22T00:00:00Z'))).toBe(true);
    expect(firstOrSunday(at('2026-11-23T00:00:00Z'))).toBe(false);
    expect(cronMatcher('10-20/5 * * * *')(at('2026-11-20T00:15:00Z'))).toBe(true);
    expect(() => cronMatcher('61 * * * *')).toThrow(/unsupported/);
    expect(() => cronMatcher('* * * *')).toThrow(/5 fields/);
  });
});
