/**
 * The runner's own data (`/api/me/days|plan|load`) and the same for one athlete as seen by the
 * athlete or a coach they granted (`/api/athletes/<id>/days|plan|load`).
 */
import { type Context, Hono } from 'hono';
import { z } from 'zod';
import { athleteToday, daysView, loadView, planView, resolveRange } from './views';
import type { AppEnv } from '../http/env';
import { requireAthleteAccess, requireUser } from '../http/middleware/auth';
import { readQuery } from '../http/validate';

const RangeQuery = z.object({ from: z.string().optional(), to: z.string().optional() });

type View = 'days' | 'plan' | 'load';

async function respond(c: Context<AppEnv>, athleteId: string, view: View) {
  const deps = c.var.deps;
  const q = readQuery(c, RangeQuery);
  const today = await athleteToday(deps, athleteId);
  if (view === 'days') return c.json({ athleteId, days: await daysView(deps, athleteId, resolveRange(today, q, { back: 27, ahead: 13 })) });
  if (view === 'plan') return c.json({ athleteId, ...(await planView(deps, athleteId, resolveRange(today, q, { back: 0, ahead: 13 }))) });
  return c.json({ athleteId, load: await loadView(deps, athleteId, resolveRange(today, q, { back: 41, ahead: 0 })) });
}

export function athleteDataRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  for (const view of ['days', 'plan', 'load'] as const) {
    app.get(`/api/me/${view}`, (c) => respond(c, requireUser(c).id, view));
    app.get(`/api/athletes/:id/${view}`, async (c) => {
      const athleteId = c.req.param('id');
      await requireAthleteAccess(c, athleteId);
      return respond(c, athleteId, view);
    });
  }
  return app;
}
