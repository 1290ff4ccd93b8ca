/**
 * Sign-in and the coach roster, on both runtimes (Node + SQLite, workerd + D1): password sign-up
 * and sign-in, an invitation from a runner to a coach, the coach's roster, and revocation.
 */
import { expect } from 'vitest';
import { manualClock, type Scenario } from './driver';
import { myId, PASSWORD, postJson as post, signUp } from './runner';
import { cookieSet } from './strava';

export const accountScenarios: Scenario[] = [
  {
    name: 'the owner signs up, signs in with the password, and a wrong password is refused',
    async run(kit) {
      const d = await kit.makeDriver({ clock: manualClock() });
      try {
        await signUp(d, 'owner@example.com');
        expect((await post(d, '/api/auth/login', { email: 'owner@example.com', password: 'not the password' })).status).toBe(401);
        const login = await post(d, '/api/auth/login', { email: 'owner@example.com', password: PASSWORD });
        expect(login.status).toBe(200);
        const cookie = cookieSet(login, 'hardday_session') ?? '';
        expect((await d.request('/api/me', { headers: { cookie } })).status).toBe(200);
        // a second account needs an invitation (sign-up is invitation-only by default)
        expect((await post(d, '/api/auth/signup', { email: 'stranger@example.com', password: PASSWORD })).status).toBe(403);
      } finally {
        await d.dispose();
      }
    },
  },
  {
    name: 'a runner invites a coach, who signs up through the invitation, sees the runner on the roster, and loses access when revoked',
    async run(kit) {
      const d = await kit.makeDriver({ clock: manualClock() });
      try {
        const runnerCookie = await signUp(d, 'runner@example.com');
        const runnerId = await myId(d, runnerCookie);
        const invite = await post(d, '/api/me/invites', { kind: 'coach' }, runnerCookie);
        expect(invite.status).toBe(201);
        const { code } = (await invite.json()) as { code: string };

        const coachCookie = await signUp(d, 'coach@example.com', { invite: code });
        const coachId = await myId(d, coachCookie);
        const accepted = await post(d, `/api/invites/${code}/accept`, {}, coachCookie);
        expect(accepted.status).toBe(201);
        expect(await accepted.json()).toEqual({ athleteId: runnerId });

        const roster = (await (await d.request('/api/coach/athletes', { headers: { cookie: coachCookie } })).json()) as { athletes: Array<{ athleteId: string }> };
        expect(roster.athletes.map((a) => a.athleteId)).toEqual([runnerId]);
        expect((await d.request(`/api/athletes/${runnerId}/load`, { headers: { cookie: coachCookie } })).status).toBe(200);

        const revoked = await d.request(`/api/me/coaches/${coachId}`, { method: 'DELETE', headers: { cookie: runnerCookie } });
        expect(revoked.status).toBe(204);
        const after = (await (await d.request('/api/coach/athletes', { headers: { cookie: coachCookie } })).json()) as { athletes: unknown[] };
        expect(after.athletes).toEqual([]);
        expect((await d.request(`/api/athletes/${runnerId}/load`, { headers: { cookie: coachCookie } })).status).toBe(403);
      } finally {
        await d.dispose();
      }
    },
  },
];
