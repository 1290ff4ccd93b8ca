/**
 * What the log shows (error codes) and hides (OAuth codes, the feed secret in any spelling of
 * its path), and time zones stored as the tz database spells them, through the real app.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/core/log';
import { resultFile } from '../../bench/report';
import { weekPlan, writeSessions } from '../calendar/sessions';
import { makeTestRuntime, signedInUser, type TestRuntime } from '../helpers/runtime';

let rt: TestRuntime | undefined;
afterEach(async () => {
  await rt?.dispose();
  rt = undefined;
});

function logged(fields: Record<string, unknown>): Record<string, unknown> {
  const lines: string[] = [];
  createLogger('info', (l) => lines.push(l)).info('x', fields);
  return JSON.parse(lines[0] ?? '{}') as Record<string, unknown>;
}

describe('log masking', () => {
  it('shows error codes in a field named code, and masks OAuth authorization codes there', () => {
    for (const code of ['VALIDATION', 'NOT_FOUND', 'ECONNREFUSED', 'ERR_HTTP2_STREAM_ERROR', 'Inactive', 'invalid', 404]) {
      expect(logged({ code }).code).toBe(code);
    }
    for (const oauth of ['a94a8fe5ccb19ba61c4c0873d391e987982fbbd3', '4/0AX4XfWh-Ztq8sNn1Ln0nlg_Tm2bC', 'e1b2c3d4']) {
      expect(logged({ code: oauth }).code).toBe('[redacted]');
    }
    expect(logged({ url: 'https://x.test/cb?code=a94a8fe5ccb1&state=s' }).url).toBe('https://x.test/cb?code=[redacted]&state=s');
  });

  it('masks the whole feed-secret segment in every spelling of the path that reaches the log', async () => {
    rt = await makeTestRuntime();
    const { user, cookie } = await signedInUser(rt);
    await writeSessions(rt.deps, user.id, weekPlan());
    const { url } = (await (await rt.request('/api/me/calendar-feed', { headers: { cookie } })).json()) as { url: string };
    const secret = /\/calendar\/([A-Za-z0-9_-]+)\.ics$/.exec(url)?.[1] ?? '';
    expect(secret.length).toBeGreaterThan(16);
    const variants = [`/calendar/${secret}.ics`, `/calendar/${secret}.ICS`, `/calendar//${secret}.ics`, `//calendar/${secret}.ics`, `/CALENDAR/${secret}.ics`, `/calendar/${secret}`, `/calendar/${secret}.ics/`, `/calendar/${secret.slice(0, 8)}.ics`];
    for (const path of variants) await rt.request(path);
    const requests = rt.logs.map((l) => JSON.parse(l) as { msg: string; path?: string }).filter((l) => l.msg === 'request');
    expect(requests.length).toBeGreaterThanOrEqual(variants.length);
    const all = rt.logs.join('\n');
    expect(all).not.toContain(secret);
    expect(all).not.toContain(secret.slice(0, 8));
    expect(all).toContain('/calendar/[redacted].ics');
  });
});

describe('time zones', () => {
  it('are stored as the tz database spells them whatever the case typed, so the feed’s TZID is right', async () => {
    rt = await makeTestRuntime();
    const { user, cookie } = await signedInUser(rt, { timeZone: 'UTC' });
    const put = (timeZone: string) =>
      rt?.request('/api/me/settings', { method: 'PUT', headers: { cookie, 'content-type': 'application/json' }, body: JSON.stringify({ timeZone }) });
    expect((await put('europe/berlin'))?.status).toBe(200);
    const settings = (await (await rt.request('/api/me/settings', { headers: { cookie } })).json()) as { timeZone: string };
    expect(settings.timeZone).toBe('Europe/Berlin');

    await writeSessions(rt.deps, user.id, weekPlan());
    const { url } = (await (await rt.request('/api/me/calendar-feed', { headers: { cookie } })).json()) as { url: string };
    const ics = await (await rt.request(new URL(url).pathname)).text();
    expect(ics).toContain('TZID=Europe/Berlin');
    expect(ics).not.toMatch(/TZID=europe\/berlin/);

    for (const [typed, stored] of [['AMERICA/PORT-AU-PRINCE', 'America/Port-au-Prince'], ['asia/kolkata', 'Asia/Kolkata'], ['utc', 'UTC']] as const) {
      expect((await put(typed))?.status).toBe(200);
      expect(((await (await rt.request('/api/me/settings', { headers: { cookie } })).json()) as { timeZone: string }).timeZone).toBe(stored);
    }
    const bad = await put('Mars/Olympus');
    expect(bad?.status).toBe(422);
  });
});

describe('bench results', () => {
  const ROOT = resolve(import.meta.dirname, '../..');

  it('`npm run bench` writes where git ignores it, and every committed result is one the docs quote', () => {
    const file = resultFile('planner');
    // exits 0 only when the path is ignored
    execFileSync('git', ['check-ignore', '--no-index', '-q', file], { cwd: ROOT });
    const docs = readFileSync(join(ROOT, 'docs/benchmarks.md'), 'utf8');
    const committed = readdirSync(join(ROOT, 'bench/results')).filter((f) => f.endsWith('.json'));
    expect(committed.length).toBeGreaterThan(0);
    for (const f of committed) expect(docs).toContain(`| ${f.replace(/\.json$/, '')} |`);
  });
});
