/**
 * Test harness: the real Node runtime (real SQLite file in a temp folder, real migrations, real
 * HTTP app and job runner), with a controllable clock and a silent logger.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAuthSession } from '../../src/db/repositories/auth';
import { createUser, type User } from '../../src/db/repositories/users';
import { SESSION_COOKIE } from '../../src/http/env';
import { createLogger, type Logger } from '../../src/core/log';
import { createNodeRuntime, type NodeRuntime, type RuntimeOverrides } from '../../src/platform/node/runtime';
import type { Clock } from '../../src/core/ports/clock';

export const TEST_SECRET_KEY = 'test-secret-key-0123456789abcdef0123456789abcdef';

export interface ManualClock extends Clock {
  set(ms: number): void;
  advance(ms: number): void;
}

export function manualClock(startIso = '2026-11-20T12:00:00Z'): ManualClock {
  let now = Date.parse(startIso);
  return {
    now: () => now,
    set: (ms) => {
      now = ms;
    },
    advance: (ms) => {
      now += ms;
    },
  };
}

export interface TestRuntime extends NodeRuntime {
  dir: string;
  clock: ManualClock;
  logs: string[];
  /** request through the real app; paths are relative to PUBLIC_URL */
  request(path: string, init?: RequestInit): Promise<Response>;
  dispose(): Promise<void>;
}

export async function makeTestRuntime(
  opts: { env?: Record<string, string>; clock?: ManualClock; logger?: Logger } & Omit<RuntimeOverrides, 'clock' | 'logger'> = {},
): Promise<TestRuntime> {
  const dir = mkdtempSync(join(tmpdir(), 'hardday-test-'));
  const clock = opts.clock ?? manualClock();
  const logs: string[] = [];
  const logger = opts.logger ?? createLogger('debug', (line) => logs.push(line));
  const runtime = await createNodeRuntime(
    {
      DATABASE_PATH: join(dir, 'hardday.db'),
      SECRET_KEY: TEST_SECRET_KEY,
      PUBLIC_URL: 'http://hardday.test',
      SCHEDULER_ENABLED: 'false',
      JOB_POLL_MS: '20',
      ...opts.env,
    },
    { ...opts, clock, logger },
  );
  return {
    ...runtime,
    dir,
    clock,
    logs,
    request: (path, init) => Promise.resolve(runtime.app.request(`http://hardday.test${path}`, init)),
    async dispose() {
      await runtime.runner.stop(1_000);
      runtime.database.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Create a runner (or coach) and a session for them; returns the Cookie header value. */
export async function signedInUser(rt: NodeRuntime, input: { role?: User['role']; timeZone?: string } = {}): Promise<{ user: User; cookie: string }> {
  const user = await createUser(rt.deps.db, { role: input.role ?? 'runner', timeZone: input.timeZone ?? 'Europe/Berlin' });
  const token = await createAuthSession(rt.deps.db, user.id, rt.deps.clock.now());
  return { user, cookie: `${SESSION_COOKIE}=${token}` };
}
