/**
 * The runner's own data (`/api/me/days|plan|load`) and the same for one athlete as seen by the
 * athlete or a coach they granted (`/api/athletes/<id>/days|plan|load`); goal races and what the
 * runner did with a planned session, each of which asks for a replan.
 */
import { type Context, Hono } from 'hono';
import { z } from 'zod';
import { athleteToday, daysView, loadView, planView, resolveRange } from './views';
import type { AppEnv } from '../http/env';
import { requireAthleteAccess, requireUser } from '../http/middleware/auth';
import { readJson, readQuery } from '../http/validate';
import { ISO_DATE, isCalendarDate } from '../core/dates';
import { notFound } from '../core/errors';
import { RACE_PRIORITIES, TERRAINS } from '../core/vocabulary';
import { addRace, deleteRace, type RaceRow, racesOf } from '../db/repositories/planning';
import { logSession, SessionLogSchema } from '../account/session-log';
import { derivedDays } from '../coach/roster';
import { requestReplan } from './request';
import { EffortSchema, rateEffort } from './effort';

const isoDate = z.string().regex(ISO_DATE, 'must be a date YYYY-MM-DD').refine(isCalendarDate, 'must be a real calendar date');

const RaceInputSchema = z
  .object({
    date: isoDate,
    distanceM: z.number().min(100, 'must be at least 100 m').max(500_000),
    terrain: z.enum(TERRAINS),
    priority: z.enum(RACE_PRIORITIES),
    name: z.string().trim().min(1).max(120).optional(),
  })
  .strict();

function raceJson(r: RaceRow) {
  return { id: r.id, date: r.date, distanceM: r.distanceM, terrain: r.terrain, priority: r.priority, ...(r.name ? { name: r.name } : {}) };
}

const RangeQuery = z.object({ from: z.string().optional(), to: z.string().optional(), explain: z.enum(['short', 'full']).optional() });

type View = 'days' | 'plan' | 'load';

async function respond(c: Context<AppEnv>, athleteId: string, view: View) {
  const deps = c.var.deps;
  const q = readQuery(c, RangeQuery);
  const today = await athleteToday(deps, athleteId);
  if (view === 'days') {
    const days = await daysView(deps, athleteId, resolveRange(today, q, { back: 27, ahead: 13 }));
    // a coach sees derived values only: no activity names (Strava's terms)
    return c.json({ athleteId, days: c.get('user')?.id === athleteId ? days : derivedDays(days) });
  }
  if (view === 'plan') return c.json({ athleteId, ...(await planView(deps, athleteId, resolveRange(today, q, { back: 0, ahead: 13 }), q.explain)) });
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
  app.get('/api/me/races', async (c) => {
    const user = requireUser(c);
    return c.json({ races: (await racesOf(c.var.deps.db, user.id)).map(raceJson) });
  });

  app.post('/api/me/races', async (c) => {
    const user = requireUser(c);
    const input = await readJson(c, RaceInputSchema);
    const row = await addRace(c.var.deps.db, user.id, input, c.var.deps.clock.now());
    await requestReplan(c.var.deps, user.id);
    return c.json(raceJson(row), 201);
  });

  app.delete('/api/me/races/:id', async (c) => {
    const user = requireUser(c);
    if (!(await deleteRace(c.var.deps.db, user.id, c.req.param('id')))) throw notFound('race');
    await requestReplan(c.var.deps, user.id);
    return c.body(null, 204);
  });

  /** The runner reports a planned session as done (effort 1–10) or skipped (drives progression, R13). */
  app.post('/api/me/plan/:sessionId/log', async (c) => {
    const user = requireUser(c);
    return c.json(await logSession(c.var.deps, user.id, c.req.param('sessionId'), await readJson(c, SessionLogSchema)));
  });

  /** The runner rates an activity's effort (RPE 1–10); the day is reclassified with it. */
  app.put('/api/me/activities/:id/effort', async (c) => {
    const user = requireUser(c);
    return c.json(await rateEffort(c.var.deps, user.id, c.req.param('id'), await readJson(c, EffortSchema)));
  });

  return app;
}
