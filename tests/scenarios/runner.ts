/**
 * Runner steps shared by the scenarios, over the driver only: a password account through the
 * JSON API or the HTML forms, the runner's settings, the plan and the day classes.
 */
import { expect } from 'vitest';
import type { Driver } from './driver';
import { cookieSet } from './strava';

export const PASSWORD = 'correct horse battery staple';
const JSON_HEADERS = { 'content-type': 'application/json' };

export async function postJson(d: Driver, path: string, body: unknown, cookie?: string): Promise<Response> {
  return d.request(path, { method: 'POST', headers: { ...JSON_HEADERS, ...(cookie ? { cookie } : {}) }, body: JSON.stringify(body) });
}

/** A form post the way the browser sends it from one of the app's pages (same origin). */
export async function postForm(d: Driver, path: string, fields: Record<string, string>, cookie?: string): Promise<Response> {
  return d.request(path, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://hardday.test', 'sec-fetch-site': 'same-origin', ...(cookie ? { cookie } : {}) },
    body: new URLSearchParams(fields).toString(),
  });
}

/** Sign up through the JSON API; returns the session cookie. */
export async function signUp(d: Driver, email: string, opts: { invite?: string; displayName?: string } = {}): Promise<string> {
  const res = await postJson(d, '/api/auth/signup', { email, password: PASSWORD, ...opts });
  expect(res.status).toBe(201);
  const cookie = cookieSet(res, 'hardday_session');
  expect(cookie).toBeTruthy();
  return cookie ?? '';
}

export async function myId(d: Driver, cookie: string): Promise<string> {
  const res = await d.request('/api/me', { headers: { cookie } });
  expect(res.status).toBe(200);
  return ((await res.json()) as { id: string }).id;
}

export async function putSettings(d: Driver, cookie: string, settings: Record<string, unknown> = {}): Promise<void> {
  const res = await d.request('/api/me/settings', {
    method: 'PUT',
    headers: { ...JSON_HEADERS, cookie },
    body: JSON.stringify({ timeZone: 'Europe/Berlin', sex: 'f', hrMaxBpm: 190, hrRestBpm: 50, equipment: ['bodyweight', 'dumbbells'], ...settings }),
  });
  expect(res.status).toBe(200);
}

export interface PlanSession {
  id: string;
  date: string;
  start: string;
  title?: string;
}

export async function planOf(d: Driver, cookie: string, from: string, to: string): Promise<PlanSession[]> {
  const res = await d.request(`/api/me/plan?from=${from}&to=${to}`, { headers: { cookie } });
  expect(res.status).toBe(200);
  return ((await res.json()) as { sessions: PlanSession[] }).sessions;
}

export async function dayOf(d: Driver, cookie: string, date: string): Promise<{ class: string; activities: Array<{ id: string; name?: string | null }> } | undefined> {
  const res = await d.request(`/api/me/days?from=${date}&to=${date}`, { headers: { cookie } });
  expect(res.status).toBe(200);
  return ((await res.json()) as { days: Array<{ class: string; activities: Array<{ id: string; name?: string | null }> }> }).days[0];
}
