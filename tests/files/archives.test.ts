/** Strava bulk export and Garmin Connect export archives, built with fflate in the test. */
import { gzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { parseActivityFiles } from '../../integrations/files';
import { fitActivity, fixture, gpx, tcx, text, track } from './helpers';

const CSV_HEADER = 'Activity ID,Activity Date,Activity Name,Activity Type,Activity Description,Elapsed Time,Distance,Max Heart Rate,Relative Effort,Commute,Activity Private Note,Activity Gear,Filename,Athlete Weight,Bike Weight,Elapsed Time,Moving Time,Distance';

function stravaExport(): Uint8Array {
  const csv = [
    CSV_HEADER,
    '101,"Nov 20, 2026, 7:00:00 AM","Easy, with ""strides""",Run,,1800,5.0,,,false,,,activities/101.fit.gz,,,1800,1770,5000',
    '102,"Nov 21, 2026, 6:00:00 AM",Hill repeats,Trail Run,"multi\nline",2400,7.0,,,false,,,activities/102.gpx,,,2400,2400,7000',
    '103,"Nov 22, 2026, 6:00:00 AM",Spin,Ride,,3600,30,,,false,,,activities/103.tcx.gz,,,3600,3600,30000',
    '104,"Nov 23, 2026, 6:00:00 AM",Gym,Weight Training,,2700,0,,,false,,,,,,2700,2700,0',
    '105,"Nov 24, 2026, 6:00:00 AM",Lost run,Run,,1200,3,,,false,,,activities/105.fit.gz,,,1200,1200,3000',
  ].join('\n');
  return zipSync({
    'activities.csv': text(csv),
    'profile.csv': text('Athlete ID\n1'),
    activities: {
      '101.fit.gz': gzipSync(fitActivity({ start: '2026-11-20T07:00:00Z', durationS: 1800, distanceM: 5000, hr: 140 })),
      '102.gpx': text(gpx(track('2026-11-21T06:00:00Z', 100, 24, () => 150))),
      '103.tcx.gz': gzipSync(text(tcx(track('2026-11-22T06:00:00Z', 50, 72), { sport: 'Biking' }))),
    },
    media: { 'photo.jpg': new Uint8Array([0xff, 0xd8, 0xff]) },
  });
}

describe('Strava bulk export', () => {
  it('imports every file activities.csv names, with its name and type; reports manual and missing entries', async () => {
    const batch = await parseActivityFiles([{ name: 'export_123.zip', bytes: stravaExport() }], { defaultTimeZone: 'Europe/London' });
    const got = batch.activities.map((a) => [a.file, a.activity.name, a.activity.sport]);
    expect(got).toEqual([
      ['export_123.zip/activities/101.fit.gz', 'Easy, with "strides"', 'run'],
      ['export_123.zip/activities/102.gpx', 'Hill repeats', 'trail_run'],
      ['export_123.zip/activities/103.tcx.gz', 'Spin', 'ride'],
    ]);
    expect(batch.skipped.map((s) => s.code)).toEqual(['no_activity', 'missing_file']);
    expect(batch.skipped[0]!.reason).toContain('activity 104');
    expect(batch.skipped[1]!.reason).toContain('activities/105.fit.gz');
    expect(batch.activities[1]!.activity).toMatchObject({ durationS: 2376, avgHrBpm: 150, startLocal: '2026-11-21T06:00:00', utcOffsetMin: 0, timeZone: 'Europe/London' });
  });

  it('an export re-zipped inside a folder is still recognised', async () => {
    const inner = zipSync({ export_1: { 'activities.csv': text(`${CSV_HEADER}\n7,x,Named run,Run,,60,0,,,,,,activities/7.fit,,,60,60,0`), activities: { '7.fit': fitActivity({ start: '2026-11-20T07:00:00Z', durationS: 60 }) } } });
    const batch = await parseActivityFiles([{ name: 'e.zip', bytes: inner }]);
    expect(batch.activities.map((a) => a.activity.name)).toEqual(['Named run']);
    expect(batch.skipped).toEqual([]);
  });
});

describe('Garmin Connect export', () => {
  it('reads FIT files in nested zips under DI_CONNECT/DI-Connect-Uploaded-Files, ignoring the JSON around them', async () => {
    const part1 = zipSync({
      'a_run.fit': fixture('fit/garmin-fenix-5-run.fit').bytes,
      'b_walk.fit': fixture('fit/garmin-fenix-5-walk.fit').bytes,
      'broken.fit': fixture('fit/activity-unexpected-eof.fit').bytes,
    });
    const part2 = zipSync({ 'c_bike.fit': fixture('fit/garmin-fenix-5-bike.fit').bytes });
    const archive = zipSync({
      DI_CONNECT: {
        'DI-Connect-Uploaded-Files': { 'UploadedFiles_0-_Part1.zip': part1, 'UploadedFiles_0-_Part2.zip': part2 },
        'DI-Connect-Fitness': { 'someone_summarizedActivities.json': text('[{"summarizedActivitiesExport":[]}]') },
      },
      'customer_data.json': text('{}'),
    });
    const batch = await parseActivityFiles([{ name: 'garmin.zip', bytes: archive }]);
    expect(batch.activities.map((a) => [a.file.split('/').pop(), a.activity.sport])).toEqual([
      ['a_run.fit', 'run'],
      ['b_walk.fit', 'walk'],
      ['c_bike.fit', 'ride'],
    ]);
    expect(batch.skipped).toMatchObject([{ file: 'garmin.zip/DI_CONNECT/DI-Connect-Uploaded-Files/UploadedFiles_0-_Part1.zip/broken.fit', code: 'truncated' }]);
  });
});
