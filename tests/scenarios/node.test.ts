/**
 * The integration scenarios (tests/scenarios/suite.ts) on the Node runtime: createNodeRuntime on
 * a real SQLite file, the polling runner drained on demand, node-cron's tick dispatched by hand.
 */
import { type SetupServer, setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { tasksForCron } from '../../src/platform/workers/cron';
import { makeTestRuntime } from '../helpers/runtime';
import { type Driver, SCENARIO_ENV, type ScenarioKit } from './driver';
import { defineScenarioSuite } from './suite';

const server: SetupServer = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const kit: ScenarioKit = {
  useHandlers: (...handlers) => server.use(...handlers),
  async makeDriver({ env, clock }): Promise<Driver> {
    const rt = await makeTestRuntime({ env: { ...SCENARIO_ENV, ...env }, clock: { ...clock, set: () => {} } });
    return {
      runtime: 'node',
      clock,
      request: (path, init) => rt.request(path, init),
      runDueJobs: () => rt.runner.drain(),
      async runCron(expression) {
        // What startScheduler's node-cron callback does for each task of this expression.
        for (const task of tasksForCron(expression)) await rt.deps.jobs.enqueue(task.job(clock.now()));
      },
      advanceClock: (ms) => clock.advance(ms),
      dispose: () => rt.dispose(),
    };
  },
};

defineScenarioSuite('node', () => kit);
