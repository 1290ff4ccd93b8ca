import { asc, sql } from 'drizzle-orm';
import type { Context } from 'hono';
import { Hono } from 'hono';
import { pingDatabase } from '../db/repositories/meta';
import { readProviderAppStatus, viewProviderAppStatus } from '../db/repositories/provider-status';
import { usersTable } from '../db/schema';
import { forbidden } from '../core/errors';
import { deadJobs, queueStats } from '../queue/queue';
import type { AppEnv } from './env';
import { requireUser } from './middleware/auth';

/**
 * The operator of a self-hosted instance: a user with role `owner` where that role exists, else
 * the earliest-created account (the one who set the server up). Signed in by session or by the
 * owner's own API token; another user's token or session is not enough.
 */
async function requireOwner(c: Context<AppEnv>): Promise<void> {
  const user = requireUser(c);
  if ((user.role as string) === 'owner') return;
  const [first] = await c.var.deps.db
    .select({ id: usersTable.id })
    .from(usersTable)
    .orderBy(asc(usersTable.createdAtMs), sql`rowid`)
    .limit(1);
  if (first?.id !== user.id) throw forbidden('the health detail is for the server owner only');
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
