/** Parsers on real device files from the shared fixtures (python-fitparse and tcx-test-files). */
import { gzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { parseActivityFiles } from '../../integrations/files';
import { fixture } from './helpers';

const opts = { defaultTimeZone: 'Europe/Ljubljana' };

async function one(path: string, options: Parameters<typeof parseActivityFiles>[1] = opts) {
  const batch = await parseActivityFiles([fixture(path)], options);
  return batch;
}

describe('FIT fixtures', () => {
  it('fenix 2 run: summary, HR, ascent and the zone from the device clock', async () => {
    const { activities, skipped } = await one('fit/activity-small-fenix2-run.fit', { ...opts, hrMaxBpm: 190 });
    expect(skipped).toEqual([]);
    expect(activities).toHaveLength(1);
    const a = activities[0]!.activity;
    expect(a).toMatchObject({
      provider: 'files',
      sport: 'run',
      workoutType: 'default',
      startUtcMs: Date.parse('2015-08-15T14:45:08Z'),
      utcOffsetMin: 120,
      timeZone: 'Europe/Ljubljana',
      startLocal: '2015-08-15T16:45:08',
      localDate: '2015-08-15',
      durationS: 2832,
      elevationGainM: 64,
      maxHrBpm: 178,
    });
    expect(a.distanceM).toBeCloseTo(9008.2, 0);
    expect(a.avgHrBpm).toBeGreaterThan(140);
    expect(a.externalId).toMatch(/^[0-9a-f]{64}$/);
    expect(a.hrZoneTimesS).toHaveLength(5);
    const zoneTotal = (a.hrZoneTimesS ?? []).reduce((s, x) => s + x, 0);
    expect(zoneTotal).toBeGreaterThan(2700);
    expect(zoneTotal).toBeLessThanOrEqual(2840);
  });

  it('fenix 5 run/walk/bike: sports, names from the sport message, an offset that is not the default zone', async () => {
    const batch = await parseActivityFiles(['fit/garmin-fenix-5-run.fit', 'fit/garmin-fenix-5-walk.fit', 'fit/garmin-fenix-5-bike.fit'].map(fixture), opts);
    expect(batch.skipped).toEqual([]);
    const byName = Object.fromEntries(batch.activities.map((x) => [x.file, x.activity]));
    expect(byName['garmin-fenix-5-run.fit']).toMatchObject({ sport: 'run', name: 'Run', avgHrBpm: 90, maxHrBpm: 112, utcOffsetMin: -420, timeZone: null, startLocal: '2017-06-11T07:34:09' });
    expect(byName['garmin-fenix-5-walk.fit']).toMatchObject({ sport: 'walk', name: 'Walk', workoutType: null });
    expect(byName['garmin-fenix-5-bike.fit']).toMatchObject({ sport: 'ride', name: 'Bike' });
  });

  it('a file without local_timestamp takes its offset from the default zone', async () => {
    const { activities } = await one('fit/sample-activity.fit', { defaultTimeZone: 'America/Denver' });
    expect(activities[0]!.activity).toMatchObject({ sport: 'ride', utcOffsetMin: -360, timeZone: 'America/Denver', startLocal: '2011-06-26T15:18:39', durationS: 11742, movingTimeS: 10699 });
  });

  it('a multisport file becomes one activity per session, transitions dropped, ids distinct', async () => {
    const { activities } = await one('fit/activity-large-fenxi2-multisport.fit');
    expect(activities.map((x) => x.activity.sport)).toEqual(['other', 'run', 'run', 'ride']);
    const ids = activities.map((x) => x.activity.externalId);
    expect(new Set(ids).size).toBe(4);
    expect(ids[1]).toMatch(/^[0-9a-f]{64}-1$/);
  });

  it('indoor rowing on fitness equipment is "other" with its HR', async () => {
    const { activities } = await one('fit/20170518-191602-1740899583.fit');
    expect(activities[0]!.activity).toMatchObject({ sport: 'other', name: 'Indoor Rowing', avgHrBpm: 132, maxHrBpm: 179 });
  });

  it('a tiny run (Activity.fit) still imports with its own offset', async () => {
    const { activities } = await one('fit/Activity.fit');
    expect(activities[0]!.activity).toMatchObject({ sport: 'run', durationS: 14, utcOffsetMin: -240 });
  });

  it('rejects the monitoring file and the damaged ones, each with its reason', async () => {
    const files = ['fit/MonitoringFile.fit', 'fit/activity-unexpected-eof.fit', 'fit/activity-settings-corruptheader.fit', 'fit/activity-settings-nodata.fit', 'fit/strava-android-app-201.10-b1218918.fit'];
    const batch = await parseActivityFiles([...files.map(fixture), fixture('fit/garmin-fenix-5-run.fit')], opts);
    expect(batch.activities.map((a) => a.file)).toEqual(['garmin-fenix-5-run.fit']);
    expect(batch.skipped.map((s) => [s.file, s.code])).toEqual([
      ['MonitoringFile.fit', 'no_activity'],
      ['activity-unexpected-eof.fit', 'truncated'],
      ['activity-settings-corruptheader.fit', 'corrupt'],
      ['activity-settings-nodata.fit', 'corrupt'],
      ['strava-android-app-201.10-b1218918.fit', 'truncated'],
    ]);
    for (const s of batch.skipped) expect(s.reason.startsWith(`${s.file}: `)).toBe(true);
    expect(batch.skipped[1]!.reason).toContain('header announces 757 bytes');
    expect(batch.skipped[0]!.reason).toBe('MonitoringFile.fit: is a FIT file of all-day monitoring (steps, heart rate), not an activity');
  });
});

describe('TCX fixtures', () => {
  it('run with heart rate: laps summed, HR from trackpoints, distance from the laps', async () => {
    const { activities, skipped } = await one('tcx/running_activity_1.tcx');
    expect(skipped).toEqual([]);
    const a = activities[0]!.activity;
    expect(a).toMatchObject({ sport: 'run', startUtcMs: Date.parse('2014-12-26T10:00:39Z'), utcOffsetMin: 60, startLocal: '2014-12-26T11:00:39', maxHrBpm: 181 });
    expect(a.avgHrBpm).toBeGreaterThan(150);
    expect(a.distanceM).toBeGreaterThan(14_000);
    expect(a.elevationGainM).toBeGreaterThan(50);
  });

  it('run without heart rate has null HR; walking (Sport="Other") is other', async () => {
    const batch = await parseActivityFiles([fixture('tcx/running_activity_2.tcx'), fixture('tcx/walking_activity_1.tcx')], opts);
    expect(batch.activities[0]!.activity).toMatchObject({ sport: 'run', avgHrBpm: null, maxHrBpm: null, utcOffsetMin: 120 });
    expect(batch.activities[1]!.activity.sport).toBe('other');
  });
});

describe('identity', () => {
  it('the same content gives the same externalId, plain or gzipped, whatever the name', async () => {
    const f = fixture('fit/garmin-fenix-5-run.fit');
    const batch = await parseActivityFiles([f, { name: 'copy.fit.gz', bytes: gzipSync(f.bytes) }, { name: 'renamed.fit', bytes: f.bytes }], opts);
    expect(batch.skipped).toEqual([]);
    expect(new Set(batch.activities.map((a) => a.activity.externalId)).size).toBe(1);
  });
});
