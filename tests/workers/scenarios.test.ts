/**
 * The integration scenarios (tests/scenarios/suite.ts) inside workerd: the Worker's handlers on
 * D1, Queues wake-ups and Cron Triggers, with msw answering Strava inside the Worker.
 */
import { env } from 'cloudflare:test';
import { http, passthrough } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, inject } from 'vitest';
import type { ScenarioKit } from '../scenarios/driver';
import { defineScenarioSuite } from '../scenarios/suite';
import { makeWorkersDriver } from './driver';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const fixtures = (env as unknown as { TEST_FIXTURES: Record<string, string> }).TEST_FIXTURES;

const kit: ScenarioKit = {
  useHandlers: (...handlers) => server.use(...handlers),
  async caldavServer() {
    const url = inject('radicaleUrl');
    server.use(http.all(`${url}*`, () => passthrough()));
    return url;
  },
  async fixture(path) {
    const base64 = fixtures[path];
    if (base64 === undefined) throw new Error(`fixture ${path} is not passed to workerd: add it to WORKER_FIXTURES in vitest.config.ts`);
    return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  },
  makeDriver: (opts) => makeWorkersDriver(opts),
};

defineScenarioSuite('workers', () => kit);
