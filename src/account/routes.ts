/**
 * What a person edits about their account: settings, which coaches may see their data, and
 * personal API tokens. A settings change asks for a replan.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { createApiToken, revokeApiToken } from '../db/repositories/auth';
import { audit } from '../db/repositories/audit';
import { readSettings, writeSettings } from '../db/repositories/settings';
import { getUser, grantCoach, liveGrants } from '../db/repositories/users';
import { revokeCoachAccess } from './coaching';
import { roster } from '../coach/roster';
import { checkSettings, SettingsPatchSchema } from '../core/settings';
import { notFound, validation } from '../core/errors';
import { requestReplan } from '../planning/request';
import type { AppEnv } from '../http/env';
import { requireUser } from '../http/middleware/auth';
import { readJson } from '../http/validate';

const CoachGrantInput = z.object({ coachId: z.string().min(1) }).strict();
const ApiTokenInput = z.object({ name: z.string().trim().min(1).max(60) }).strict();

export function meRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get('/api/me', async (c) => {
    const user = requireUser(c);
    return c.json({ id: user.id, role: user.role, displayName: user.displayName });
  });

  app.get('/api/me/settings', async (c) => {
    const user = requireUser(c);
    const settings = await readSettings(c.var.deps.db, user.id);
    if (!settings) throw notFound('settings');
    return c.json(settings);
  });

  app.put('/api/me/settings', async (c) => {
    const user = requireUser(c);
    const { db, clock } = c.var.deps;
    const patch = await readJson(c, SettingsPatchSchema);
    const current = await readSettings(db, user.id);
    if (!current) throw notFound('settings');
    const next = { ...current, ...patch };
    const problems = checkSettings(next);
    if (problems.length > 0) throw validation(`invalid body: ${problems.map((p) => `${p.field}: ${p.message}`).join('; ')}`, { fields: problems });
    await writeSettings(db, user.id, next, clock.now());
    await audit(db, { userId: user.id, actor: user.id, action: 'settings.update', detail: { fields: Object.keys(patch) } });
    await requestReplan(c.var.deps, user.id);
    return c.json(next);
  });

  app.get('/api/me/coaches', async (c) => {
    const user = requireUser(c);
    const grants = await liveGrants(c.var.deps.db, { athleteId: user.id });
    return c.json({ coaches: grants.map(({ userId, ...rest }) => ({ coachId: userId, ...rest })) });
  });

  app.post('/api/me/coaches', async (c) => {
    const user = requireUser(c);
    const { coachId } = await readJson(c, CoachGrantInput);
    const coach = await getUser(c.var.deps.db, coachId);
    if (coach?.role !== 'coach') throw notFound('coach');
    await grantCoach(c.var.deps.db, user.id, coachId);
    await audit(c.var.deps.db, { userId: user.id, actor: user.id, action: 'coach.grant', detail: { coachId } });
    return c.json({ coachId }, 201);
  });

  app.delete('/api/me/coaches/:coachId', async (c) => {
    const user = requireUser(c);
    await revokeCoachAccess(c.var.deps, user.id, c.req.param('coachId'));
    return c.body(null, 204);
  });

  /** Athletes who granted the signed-in coach access. */
  app.get('/api/coach/athletes', async (c) => {
    const user = requireUser(c);
    return c.json({ athletes: await roster(c.var.deps, user.id) });
  });

  app.post('/api/me/api-tokens', async (c) => {
    const user = requireUser(c);
    const { name } = await readJson(c, ApiTokenInput);
    const created = await createApiToken(c.var.deps.db, user.id, name);
    await audit(c.var.deps.db, { userId: user.id, actor: user.id, action: 'api-token.create', detail: { id: created.id, name } });
    return c.json({ id: created.id, name, token: created.token }, 201);
  });

  app.delete('/api/me/api-tokens/:id', async (c) => {
    const user = requireUser(c);
    if (!(await revokeApiToken(c.var.deps.db, user.id, c.req.param('id'), c.var.deps.clock.now()))) throw notFound('API token');
    return c.body(null, 204);
  });

  return app;
}
