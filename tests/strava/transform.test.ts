import { describe, expect, it } from 'vitest';
import { mapSport, mapWorkoutType, startTimeHidden, toNewActivity, zoneFromStravaTimezone } from '../../integrations/strava/transform';
import { webhookDedupeKey } from '../../integrations/strava/webhook';
import { StravaActivity, WebhookEvent } from '../../integrations/strava/wire';
import { STRAVA_FIXTURES } from '../msw/strava';

describe('Strava activity → NewActivity', () => {
  it('maps a detailed run: local date from start_date_local, offset from utc_offset, string id', () => {
    const a = toNewActivity(StravaActivity.parse(STRAVA_FIXTURES.detailedRun()), { payload: '{}', expiresAtMs: 42 });
    expect(a).toEqual(
      expect.objectContaining({
        provider: 'strava',
        externalId: '16104838243',
        localDate: '2026-11-17',
        startLocal: '2026-11-17T18:05:12',
        utcOffsetMin: 60,
        startUtcMs: Date.parse('2026-11-17T17:05:12Z'),
        timeZone: 'Europe/Berlin',
        sport: 'run',
        name: 'Tempo Tuesday',
        durationS: 3391,
        movingTimeS: 3240,
        distanceM: 12034.6,
        elevationGainM: 87.4,
        avgHrBpm: 158.3,
        maxHrBpm: 176,
        workoutType: 'workout',
        perceivedExertion: 7,
        rawPayload: '{}',
        rawExpiresAtMs: 42,
      }),
    );
  });

  it('keeps the local day for a late-evening run west of UTC (start_date_local carries a false Z)', () => {
    const a = toNewActivity(
      StravaActivity.parse({ ...STRAVA_FIXTURES.detailedRun(), start_date: '2026-10-15T02:30:00Z', start_date_local: '2026-10-14T22:30:00Z', utc_offset: -14400, timezone: '(GMT-05:00) America/New_York' }),
    );
    expect(a.localDate).toBe('2026-10-14');
    expect(a.utcOffsetMin).toBe(-240);
    expect(a.timeZone).toBe('America/New_York');
  });

  it('maps a summary ride without RPE, leaves run workout type empty, and keeps RPE untouched', () => {
    const a = toNewActivity(StravaActivity.parse(STRAVA_FIXTURES.summaryRide()));
    expect(a.sport).toBe('ride');
    expect(a.workoutType).toBeNull();
    expect('perceivedExertion' in a).toBe(false);
    expect('rawPayload' in a).toBe(false);
  });

  it('maps sports and run workout types', () => {
    expect(mapSport('TrailRun', false)).toBe('trail_run');
    expect(mapSport('VirtualRun', false)).toBe('treadmill_run');
    expect(mapSport('Run', true)).toBe('treadmill_run');
    expect(mapSport('WeightTraining', false)).toBe('strength');
    expect(mapSport('Workout', false)).toBe('strength');
    expect(mapSport('Kitesurf', false)).toBe('other');
    expect(mapWorkoutType('run', 1)).toBe('race');
    expect(mapWorkoutType('trail_run', 2)).toBe('long');
    expect(mapWorkoutType('run', 3)).toBe('workout');
    expect(mapWorkoutType('run', null)).toBe('default');
    expect(mapWorkoutType('run', 0)).toBe('default');
    expect(mapWorkoutType('ride', 11)).toBeNull();
    expect(zoneFromStravaTimezone(null)).toBeNull();
  });

  it('a hidden start time (midnight + 1 s) keeps the date and is stored as an assumed midday, not as a real time', () => {
    const hidden = { ...STRAVA_FIXTURES.detailedRun(), start_date: '2026-11-17T00:00:01Z', start_date_local: '2026-11-17T00:00:01Z', utc_offset: 3600 };
    const a = toNewActivity(StravaActivity.parse(hidden), { payload: JSON.stringify(hidden) });
    expect(startTimeHidden(StravaActivity.parse(hidden))).toBe(true);
    expect(a.localDate).toBe('2026-11-17');
    expect(a.startLocal).toBe('2026-11-17T12:00:00');
    expect(a.utcOffsetMin).toBe(60);
    // Strava's value stays in the raw payload
    expect(JSON.parse(a.rawPayload ?? '{}').start_date_local).toBe('2026-11-17T00:00:01Z');
    // a real start one second later is a real time
    const real = toNewActivity(StravaActivity.parse({ ...hidden, start_date_local: '2026-11-17T00:00:02Z' }));
    expect(real.startLocal).toBe('2026-11-17T00:00:02');
  });

  it('drops heart rate when the activity has none', () => {
    const a = toNewActivity(StravaActivity.parse({ ...STRAVA_FIXTURES.detailedRun(), has_heartrate: false }));
    expect(a.avgHrBpm).toBeNull();
  });
});

describe('webhook dedupe key', () => {
  const base = WebhookEvent.parse({ aspect_type: 'update', event_time: 1516126040, object_id: 1360128428, object_type: 'activity', owner_id: 134815, subscription_id: 120475, updates: { title: 'Messy' } });
  it('is the same for a redelivery and differs for another change', () => {
    expect(webhookDedupeKey(base)).toBe(webhookDedupeKey({ ...base, updates: { title: 'Messy' } }));
    expect(webhookDedupeKey(base)).not.toBe(webhookDedupeKey({ ...base, updates: { title: 'Other' } }));
    expect(webhookDedupeKey(base)).not.toBe(webhookDedupeKey({ ...base, event_time: base.event_time + 1 }));
    expect(webhookDedupeKey(base)).not.toBe(webhookDedupeKey({ ...base, aspect_type: 'delete' }));
  });
  it('does not depend on the order of update keys', () => {
    expect(webhookDedupeKey({ ...base, updates: { title: 'a', type: 'Run' } })).toBe(webhookDedupeKey({ ...base, updates: { type: 'Run', title: 'a' } }));
  });
});
