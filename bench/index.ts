/** Every benchmark `npm run bench` knows, in the order they run. */
import { benchCalendarWrites, benchWebhookToCalendar } from './calendar';
import { benchImport } from './import';
import { benchJobRunner } from './job-runner';
import { benchPages } from './pages';
import { benchPlanner } from './planner';
import { benchStartup } from './startup';
import { benchStravaBurst, benchStravaCalls, benchStravaIngest } from './strava';
import type { BenchReport } from './report';
import { benchWorker } from './worker';

export const benches: Array<{ name: string; run: () => Promise<BenchReport> }> = [
  { name: 'job-runner', run: benchJobRunner },
  { name: 'planner', run: benchPlanner },
  { name: 'strava-ingest', run: benchStravaIngest },
  { name: 'strava-calls', run: benchStravaCalls },
  { name: 'strava-burst', run: benchStravaBurst },
  { name: 'calendar-writes', run: benchCalendarWrites },
  { name: 'webhook-to-calendar', run: benchWebhookToCalendar },
  { name: 'worker', run: benchWorker },
  { name: 'startup', run: benchStartup },
  // 200 files by default (BENCH_IMPORT_FILES); the ~10-minute 1 GB archive part with BENCH_IMPORT_ARCHIVE=1
  { name: 'import', run: () => benchImport({ files: Number(process.env['BENCH_IMPORT_FILES'] ?? 200) }) },
  { name: 'pages', run: benchPages },
];
