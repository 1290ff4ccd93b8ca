import type { NewActivity } from '../../src/core/activity';

/** An activity imported from a file, in Berlin (UTC+1 in November), starting at the given local time. */
export function berlinActivity(
  date: string,
  opts: { name: string; minutes: number; km?: number; hr?: number; time?: string; id?: string; sport?: NewActivity['sport']; workoutType?: NewActivity['workoutType']; elevationM?: number },
): NewActivity {
  const startLocal = `${date}T${opts.time ?? '07:00:00'}`;
  return {
    provider: 'files',
    externalId: opts.id ?? `${date}-${opts.name}`,
    localDate: date,
    startLocal,
    utcOffsetMin: 60,
    startUtcMs: Date.parse(`${startLocal}+01:00`),
    timeZone: 'Europe/Berlin',
    sport: opts.sport ?? 'run',
    name: opts.name,
    durationS: opts.minutes * 60,
    movingTimeS: opts.minutes * 60,
    distanceM: opts.km !== undefined ? opts.km * 1000 : null,
    elevationGainM: opts.elevationM ?? null,
    avgHrBpm: opts.hr ?? null,
    maxHrBpm: null,
    hrZoneTimesS: null,
    workoutType: opts.workoutType ?? 'default',
    perceivedExertion: null,
    rawPayload: null,
    rawExpiresAtMs: null,
  };
}
