/** Every benchmark `npm run bench` knows, in the order they run. */
import { benchCalendarWrites, benchWebhookToCalendar } from './calendar';
import { benchJobRunner } from './job-runner';
import { benchPlanner } from './planner';
import type { BenchReport } from './report';

export const benches: Array<{ name: string; run: () => Promise<BenchReport> }> = [
  { name: 'job-runner', run: benchJobRunner },
  { name: 'planner', run: benchPlanner },
  { name: 'calendar-writes', run: benchCalendarWrites },
  { name: 'webhook-to-calendar', run: benchWebhookToCalendar },
];
