import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createJobQueue } from '../../src/queue/port';
import { openDatabase } from '../../src/platform/node/sqlite';
import { killStrayChildren, startChild } from '../helpers/child';
import { TEST_SECRET_KEY } from '../helpers/runtime';

const WORKER = join(import.meta.dirname, 'fixtures/job-worker.ts');
const dirs: string[] = [];
afterEach(() => {
  killStrayChildren();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function setup(effects: string[]) {
  const dir = mkdtempSync(join(tmpdir(), 'hardday-crash-'));
  dirs.push(dir);
  const path = join(dir, 'hardday.db');
  const opened = openDatabase(path);
  const queue = createJobQueue(opened.db, { now: () => Date.now() }, 5);
  for (const effect of effects) await queue.enqueue({ kind: 'test.effect', payload: { effect }, idempotencyKey: `effect:${effect}` });
  opened.close();
  return { path, env: { DATABASE_PATH: path, SECRET_KEY: TEST_SECRET_KEY, JOB_POLL_MS: '20', SCHEDULER_ENABLED: 'false' } };
}

function inspect(path: string) {
  const { sqlite, close } = openDatabase(path, { migrate: false });
  const jobs = sqlite.prepare('select status, attempts from jobs order by id').all() as Array<{ status: string; attempts: number }>;
  const effects = sqlite.prepare("select key, value from meta where key like 'effect:%' order by key").all() as Array<{ key: string }>;
  const attempts = sqlite.prepare("select key from meta where key like 'attempt:%'").all();
  close();
  return { jobs, effects, attempts };
}

describe('job runner across process crashes', () => {
  it('a job whose worker was SIGKILLed mid-run is recovered after its lease expires and completes exactly once', async () => {
    const { path, env } = await setup(['e1']);
    const first = startChild(WORKER, { ...env, WORKER_MODE: 'hang-first', JOB_LEASE_MS: '300' });
    await first.waitFor((m) => m.started !== undefined && m.attempt === 1);
    first.proc.kill('SIGKILL');
    expect((await first.exited).signal).toBe('SIGKILL');

    const mid = inspect(path);
    expect(mid.jobs).toEqual([{ status: 'running', attempts: 1 }]);
    expect(mid.effects).toEqual([]);

    const second = startChild(WORKER, { ...env, WORKER_MODE: 'normal', JOB_LEASE_MS: '300' });
    const settled = await second.waitFor<{ outcome: string }>((m) => m.settled !== undefined);
    expect(settled.outcome).toBe('done');
    second.proc.kill('SIGTERM');
    expect((await second.exited).code).toBe(0);

    const after = inspect(path);
    expect(after.jobs).toEqual([{ status: 'done', attempts: 2 }]);
    expect(after.effects).toHaveLength(1);
    expect(after.attempts).toHaveLength(2);
  });

  it('SIGTERM lets an in-flight job finish before the process exits', async () => {
    const { path, env } = await setup(['slow1']);
    const worker = startChild(WORKER, { ...env, WORKER_MODE: 'slow' });
    await worker.waitFor((m) => m.started !== undefined);
    worker.proc.kill('SIGTERM');
    const stopped = await worker.waitFor<{ stopped: boolean }>((m) => m.stopped !== undefined);
    expect(stopped.stopped).toBe(true);
    expect((await worker.exited).code).toBe(0);
    const after = inspect(path);
    expect(after.jobs).toEqual([{ status: 'done', attempts: 1 }]);
    expect(after.effects).toHaveLength(1);
  });
});
