import { Hono } from 'hono';
import { pingDatabase } from '../db/repositories/meta';
import { deadJobs, queueStats } from '../queue/queue';
import type { AppEnv } from './env';

export function healthRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  /** `{"ok":true}` when the database answers, 503 otherwise. */
  app.get('/healthz', async (c) => {
    try {
      await pingDatabase(c.var.deps.db);
      return c.json({ ok: true });
    } catch {
      return c.json({ ok: false, error: { code: 'UPSTREAM_UNAVAILABLE', message: 'database unavailable' } }, 503);
    }
  });
  /** Queue depth and dead letters (kinds, attempts and last error: no payloads). */
  app.get('/healthz/detail', async (c) => {
    const { db, clock } = c.var.deps;
    const jobs = await queueStats(db, clock.now());
    const dead = await deadJobs(db, 20);
    return c.json({ ok: true, jobs, deadLetters: dead });
  });
  return app;
}
