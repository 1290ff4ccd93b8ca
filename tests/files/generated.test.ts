/** Parsers on files built in the test: GPX/TCX strings, FIT written by the SDK encoder. */
import { describe, expect, it } from 'vitest';
import { FILE_PROVIDER, parseActivityFiles, parseFit, parseGpx, parseTcx, resolveZone, zoneOffsetMin } from '../../integrations/files';
import { fitActivity, gpx, tcx, text, track } from './helpers';

describe('GPX', () => {
  it('reads the track, heart-rate extensions, the name (entities decoded) and the type', async () => {
    const points = track('2026-07-01T05:00:00Z', 361, 5, (i) => 140 + (i % 10));
    const batch = await parseActivityFiles([{ name: 'morning.gpx', bytes: text(gpx(points, { name: 'Tempo &amp; hills', type: 'trail_running' })) }], { defaultTimeZone: 'Europe/Paris', hrMaxBpm: 200 });
    expect(batch.skipped).toEqual([]);
    const a = batch.activities[0]!.activity;
    expect(a).toMatchObject({
      provider: FILE_PROVIDER,
      sport: 'trail_run',
      name: 'Tempo & hills',
      startUtcMs: Date.parse('2026-07-01T05:00:00Z'),
      utcOffsetMin: 120,
      timeZone: 'Europe/Paris',
      startLocal: '2026-07-01T07:00:00',
      durationS: 1800,
      movingTimeS: 1800,
      maxHrBpm: 149,
    });
    expect(a.avgHrBpm).toBeCloseTo(144.5, 0);
    expect(a.distanceM).toBeCloseTo(5400, -1);
    expect(a.elevationGainM).toBeCloseTo(360, 0);
    expect(a.hrZoneTimesS).toEqual([0, 0, 1800, 0, 0]);
  });

  it('without a type it is a run; without HR it has null HR', () => {
    const [raw] = parseGpx('x.gpx', text(gpx(track('2026-07-01T05:00:00Z', 10))));
    expect(raw).toMatchObject({ format: 'gpx', sport: 'running' });
    expect(raw!.samples.every((s) => s.hrBpm === undefined)).toBe(true);
  });

  it('a treadmill run, or a run whose points never move, counts its whole duration (no track, no moving time)', async () => {
    // 45 minutes, one point a minute, all in one place, no heart rate
    const still = track('2026-07-01T17:00:00Z', 46, 60).map((p) => ({ ...p, lat: 46, ele: 300 }));
    const batch = await parseActivityFiles(
      [
        { name: 'treadmill.gpx', bytes: text(gpx(still, { name: 'Treadmill', type: 'treadmill' })) },
        { name: 'indoor.gpx', bytes: text(gpx(still.map((p) => ({ ...p, t: p.t.replace('T17', 'T06') })), { name: 'Gym run' })) },
      ],
      { defaultTimeZone: 'Europe/Paris' },
    );
    expect(batch.skipped).toEqual([]);
    expect(batch.activities.map((a) => a.activity)).toEqual([
      expect.objectContaining({ sport: 'treadmill_run', durationS: 2700, movingTimeS: null, avgHrBpm: null }),
      expect.objectContaining({ sport: 'run', durationS: 2700, movingTimeS: null }),
    ]);
  });

  it('a route without times is no activity', () => {
    const routeOnly = '<?xml version="1.0"?><gpx version="1.1"><rte><rtept lat="1" lon="2"/></rte></gpx>';
    expect(() => parseGpx('route.gpx', text(routeOnly))).toThrow(expect.objectContaining({ reason: 'no_activity', file: 'route.gpx' }));
  });
});

describe('TCX', () => {
  it('reads laps, trackpoints, heart rate and watts', () => {
    const [raw] = parseTcx('ride.tcx', text(tcx(track('2026-03-01T09:00:00Z', 13, 10, () => 130), { sport: 'Biking', distanceM: 1234 })));
    expect(raw).toMatchObject({ format: 'tcx', sport: 'Biking', movingS: 120, distanceM: 1234, maxHrBpm: 130 });
    expect(raw!.samples[3]).toMatchObject({ hrBpm: 130, powerW: 203, distanceM: 45 });
  });

  it('maps to a ride with the zone of the default time zone', async () => {
    const batch = await parseActivityFiles([{ name: 'ride.tcx', bytes: text(tcx(track('2026-03-01T09:00:00Z', 13, 10), { sport: 'Biking' })) }], { defaultTimeZone: 'America/New_York' });
    expect(batch.activities[0]!.activity).toMatchObject({ sport: 'ride', utcOffsetMin: -300, startLocal: '2026-03-01T04:00:00', workoutType: null });
  });
});

describe('FIT written by the SDK encoder', () => {
  it('trail run with records: session totals, local offset from activity.localTimestamp', async () => {
    const bytes = fitActivity({ start: '2026-11-20T07:00:00Z', durationS: 3600, distanceM: 10_000, ascentM: 420, hr: 152, subSport: 'trail', offsetMin: 330, records: true });
    const batch = await parseActivityFiles([{ name: 'trail.fit', bytes }], { defaultTimeZone: 'Asia/Kolkata' });
    expect(batch.activities[0]!.activity).toMatchObject({
      sport: 'trail_run',
      durationS: 3600,
      movingTimeS: 3570,
      distanceM: 10_000,
      elevationGainM: 420,
      avgHrBpm: 152,
      maxHrBpm: 172,
      utcOffsetMin: 330,
      timeZone: 'Asia/Kolkata',
      startLocal: '2026-11-20T12:30:00',
    });
  });

  it('records carry heart rate, power and elevation', () => {
    const [raw] = parseFit('r.fit', fitActivity({ start: '2026-11-20T07:00:00Z', durationS: 60, distanceM: 200, hr: 150, records: true }));
    expect(raw!.samples).toHaveLength(7);
    expect(raw!.samples[1]).toMatchObject({ hrBpm: 145, powerW: 250 });
    expect(raw!.samples[1]!.altitudeM).toBeCloseTo(100.5, 0);
    expect(raw!.samples[1]!.distanceM).toBeCloseTo(200 / 6, 1);
  });

  it('developer fields are decoded and ignored', async () => {
    const bytes = fitActivity({ start: '2026-11-20T07:00:00Z', durationS: 600, distanceM: 2000, hr: 140, records: true, developerField: true });
    const batch = await parseActivityFiles([{ name: 'dev.fit', bytes }]);
    expect(batch.skipped).toEqual([]);
    expect(batch.activities[0]!.activity).toMatchObject({ sport: 'run', durationS: 600, distanceM: 2000 });
  });

  it('a file with laps but no session is summed from its laps', () => {
    const [raw] = parseFit('laps.fit', fitActivity({ start: '2026-11-20T07:00:00Z', durationS: 900, distanceM: 3000, noSession: true }));
    expect(raw).toMatchObject({ elapsedS: 900, distanceM: 3000, sport: 'running' });
  });

  it('a strength session maps to strength', async () => {
    const bytes = fitActivity({ start: '2026-11-20T17:00:00Z', durationS: 1800, sport: 'training', subSport: 'strengthTraining', hr: 110 });
    const batch = await parseActivityFiles([{ name: 'lift.fit', bytes }]);
    expect(batch.activities[0]!.activity).toMatchObject({ sport: 'strength', distanceM: null, workoutType: null, timeZone: 'UTC', utcOffsetMin: 0 });
  });

  it('a FIT workout or course file is not an activity', () => {
    expect(() => parseFit('w.fit', fitActivity({ start: '2026-11-20T07:00:00Z', durationS: 60, fileType: 'workout' }))).toThrow(expect.objectContaining({ reason: 'no_activity' }));
  });
});

describe('time zones', () => {
  it('zoneOffsetMin follows DST', () => {
    expect(zoneOffsetMin('Europe/Berlin', Date.parse('2026-01-15T12:00:00Z'))).toBe(60);
    expect(zoneOffsetMin('Europe/Berlin', Date.parse('2026-07-15T12:00:00Z'))).toBe(120);
    expect(zoneOffsetMin('America/St_Johns', Date.parse('2026-01-15T12:00:00Z'))).toBe(-210);
  });

  it("the file's own offset wins; the zone is kept only when it agrees", () => {
    const start = Date.parse('2026-07-15T12:00:00Z');
    expect(resolveZone({ startUtcMs: start, localOffsetMin: 120 }, 'Europe/Berlin')).toEqual({ utcOffsetMin: 120, timeZone: 'Europe/Berlin' });
    expect(resolveZone({ startUtcMs: start, localOffsetMin: -240 }, 'Europe/Berlin')).toEqual({ utcOffsetMin: -240, timeZone: null });
    expect(resolveZone({ startUtcMs: start }, 'Europe/Berlin')).toEqual({ utcOffsetMin: 120, timeZone: 'Europe/Berlin' });
    expect(resolveZone({ startUtcMs: start }, undefined)).toEqual({ utcOffsetMin: 0, timeZone: 'UTC' });
  });
});
