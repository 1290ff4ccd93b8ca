/**
 * The integration scenarios (tests/scenarios/suite.ts) on the Node runtime: createNodeRuntime on
 * a real SQLite file, the polling runner drained on demand, node-cron's tick dispatched by hand.
 */
import { readFileSync } from 'node:fs';
import { http, passthrough } from 'msw';
import { type SetupServer, setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { tasksAtMinute } from '../../src/platform/workers/cron';
import { type RadicaleServer, startRadicale } from '../helpers/radicale';
import { makeTestRuntime } from '../helpers/runtime';
import { CALDAV_USER } from './caldav-account';
import { type Driver, SCENARIO_ENV, type ScenarioKit } from './driver';
import { defineScenarioSuite } from './suite';

const server: SetupServer = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

let radicale: Promise<RadicaleServer> | undefined;
afterAll(async () => {
  await (await radicale)?.stop();
});

const kit: ScenarioKit = {
  useHandlers: (...handlers) => server.use(...handlers),
  async caldavServer() {
    radicale ??= startRadicale({ [CALDAV_USER.username]: CALDAV_USER.password });
    const { url } = await radicale;
    server.use(http.all(`${url}*`, () => passthrough()));
    return url;
  },
  fixture: async (path) => new Uint8Array(readFileSync(new URL(`../../../shared/fixtures/${path}`, import.meta.url))),
  async makeDriver({ env, clock }): Promise<Driver> {
    const rt = await makeTestRuntime({ env: { ...SCENARIO_ENV, ...env }, clock: { ...clock, set: () => {} } });
    return {
      runtime: 'node',
      clock,
      request: (path, init) => rt.request(path, init),
      runDueJobs: () => rt.runner.drain(),
      async runScheduleUntil(untilMs) {
        // node-cron's tick: every minute, each task whose expression matches (startScheduler's callback).
        for (let minute = Math.floor(clock.now() / 60_000 + 1) * 60_000; minute <= untilMs; minute += 60_000) {
          clock.advance(minute - clock.now());
          for (const task of tasksAtMinute(minute)) await rt.deps.jobs.enqueue(task.job(clock.now()));
          await rt.runner.drain();
        }
        clock.advance(Math.max(0, untilMs - clock.now()));
      },
      advanceClock: (ms) => clock.advance(ms),
      dispose: () => rt.dispose(),
    };
  },
};

defineScenarioSuite('node', () => kit);
