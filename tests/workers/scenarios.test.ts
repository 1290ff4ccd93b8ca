/**
 * The integration scenarios (tests/scenarios/suite.ts) inside workerd: the Worker's handlers on
 * D1, Queues wake-ups and Cron Triggers, with msw answering Strava inside the Worker.
 */
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll } from 'vitest';
import type { ScenarioKit } from '../scenarios/driver';
import { defineScenarioSuite } from '../scenarios/suite';
import { makeWorkersDriver } from './driver';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const kit: ScenarioKit = {
  useHandlers: (...handlers) => server.use(...handlers),
  makeDriver: (opts) => makeWorkersDriver(opts),
};

defineScenarioSuite('workers', () => kit);
