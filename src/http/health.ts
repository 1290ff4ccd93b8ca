import type { Context } from 'hono';
import { Hono } from 'hono';
import { pingDatabase } from '../db/repositories/meta';
import { readProviderAppStatus, viewProviderAppStatus } from '../db/repositories/provider-status';
import { isOwner } from '../db/repositories/owner';
import { forbidden } from '../core/errors';
import { deadJobs, queueStats } from '../queue/queue';
import type { AppEnv } from './env';
import { requireUser } from './middleware/auth';

/** The health detail is for the install's operator (src/db/repositories/owner.ts), by session or API token. */
async function requireOwner(c: Context<AppEnv>): Promise<void> {
  const user = requireUser(c);
  if (!(await isOwner(c.var.deps.db, user.id))) throw forbidden('the health detail is for the server owner only');
}

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
  /** Queue depth, dead letters (kinds, attempts and last error: no payloads) and provider outages; owner only. */
  app.get('/healthz/detail', async (c) => {
    await requireOwner(c);
    const { db, clock } = c.var.deps;
    const jobs = await queueStats(db, clock.now());
    const dead = await deadJobs(db, 20);
    const strava = { appStatus: viewProviderAppStatus(await readProviderAppStatus(db)) };
    return c.json({ ok: true, jobs, deadLetters: dead, strava });
  });
  return app;
}
