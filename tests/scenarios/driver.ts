/**
 * The one interface every integration scenario is written against, so each scenario runs
 * unchanged on both runtimes: Node (tests/scenarios/node.test.ts: createNodeRuntime, SQLite, the
 * polling runner) and Workers (tests/workers/scenarios.test.ts: the Worker's own fetch, queue and
 * scheduled handlers inside workerd, D1, Queues wake-ups). Nothing here may import Node APIs.
 */
import type { HttpHandler } from 'msw';

export interface ManualClock {
  now(): number;
  advance(ms: number): void;
}

export function manualClock(startIso = '2026-11-20T12:00:00Z'): ManualClock {
  let now = Date.parse(startIso);
  return {
    now: () => now,
    advance: (ms) => {
      now += ms;
    },
  };
}

export interface Driver {
  readonly runtime: 'node' | 'workers';
  readonly clock: ManualClock;
  /** a request through the runtime's real HTTP entry; paths are relative to PUBLIC_URL */
  request(path: string, init?: RequestInit): Promise<Response>;
  /**
   * Run what is due now, the way the runtime does it (Node: the runner claims due jobs; Workers:
   * due Queues wake-ups are delivered to the Worker's `queue` handler). Returns how many rounds ran.
   */
  runDueJobs(): Promise<number>;
  /**
   * Move the clock forward to `untilMs`, letting the runtime's scheduler fire on the way the way
   * it does in production (Node: node-cron fires each task at every minute its expression
   * matches; Workers: the one Cron Trigger every 5 minutes runs the tasks due since the last
   * tick), and running what is due after each firing.
   */
  runScheduleUntil(untilMs: number): Promise<void>;
  advanceClock(ms: number): void;
  dispose(): Promise<void>;
}

export interface DriverOptions {
  /** settings on top of the suite's (PUBLIC_URL http://hardday.test, SECRET_KEY, Strava app) */
  env?: Record<string, string>;
  clock: ManualClock;
}

/** What a test file gives every scenario: a driver factory and its msw server. */
export interface ScenarioKit {
  makeDriver(opts: DriverOptions): Promise<Driver>;
  useHandlers(...handlers: HttpHandler[]): void;
  /** a file of the shared real-device fixtures (../shared/fixtures), e.g. `fit/Activity.fit` */
  fixture(path: string): Promise<Uint8Array>;
  /**
   * The base URL of a real CalDAV server (Radicale on loopback, knowing `CALDAV_USER`) the
   * runtime's outbound fetch reaches; the kit lets its msw server pass those requests through.
   */
  caldavServer(): Promise<string>;
}

export interface Scenario {
  name: string;
  run(kit: ScenarioKit): Promise<void>;
}

export const SCENARIO_ENV = {
  PUBLIC_URL: 'http://hardday.test',
  SECRET_KEY: 'test-secret-key-0123456789abcdef0123456789abcdef',
  STRAVA_CLIENT_ID: '12345',
  STRAVA_CLIENT_SECRET: 'strava-client-secret',
  STRAVA_VERIFY_TOKEN: 'verify-token-0123',
  STRAVA_FETCH_DELAY_MS: '1000',
  STRAVA_TIMEOUT_MS: '2000',
  LOG_LEVEL: 'silent',
} as const;

/** Advance the clock in steps and run what became due after each, up to `totalMs`. */
export async function runFor(d: Driver, totalMs: number, stepMs = 5_000): Promise<void> {
  await d.runDueJobs();
  for (let t = 0; t < totalMs; t += stepMs) {
    d.advanceClock(stepMs);
    await d.runDueJobs();
  }
}
