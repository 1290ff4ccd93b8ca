/**
 * The form bridge: plain HTML form posts (`/form/<api path>`) run the JSON API's own routes and
 * answer with a redirect and a one-time message. Typed field names become the JSON the API takes;
 * the API's authorization, validation and the CSRF guard all still apply; the JSON API itself
 * keeps refusing form bodies.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { racesTable } from '../../src/db/schema';
import { readSettings } from '../../src/db/repositories/settings';
import { formToJson } from '../../src/pages/form-bridge';
import { FLASH_COOKIE } from '../../src/pages/flash';
import { makeTestRuntime, signedInUser, type TestRuntime } from '../helpers/runtime';

let rt: TestRuntime;
beforeAll(async () => {
  rt = await makeTestRuntime();
});
afterAll(async () => {
  await rt.dispose();
});

const SAME = { origin: 'http://hardday.test', accept: 'text/html' };
const post = (path: string, cookie: string | undefined, fields: Array<[string, string]>, headers: Record<string, string> = SAME) =>
  rt.request(path, { method: 'POST', headers: { ...headers, ...(cookie ? { cookie } : {}), 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() });
const flashCookie = (res: Response) => res.headers.getSetCookie().find((c) => c.startsWith(`${FLASH_COOKIE}=`))?.split(';')[0] ?? '';
const racesOf = (userId: string) => rt.deps.db.select().from(racesTable).where(eq(racesTable.userId, userId));

describe('formToJson', () => {
  it('types fields by their suffix: numbers, nullables, optional, lists, booleans, nested objects', () => {
    expect(
      formToJson([
        ['timeZone', 'Europe/Berlin'],
        ['hrMaxBpm:number', '190'],
        ['lthrBpm:number', ''],
        ['sex:nullable', ''],
        ['name:opt', ''],
        ['weeklyTemplate.tue:opt', 'hard'],
        ['equipment:list', ''],
        ['equipment:list', 'dumbbells'],
        ['equipment:list', 'bands'],
        ['crossTrainingCounts:bool', 'false'],
        ['crossTrainingCounts:bool', 'true'],
        ['injury.area:key', ''],
        ['injury.canRun:bool', 'false'],
        ['_csrf', 'ignored'],
      ]),
    ).toEqual({ timeZone: 'Europe/Berlin', hrMaxBpm: 190, lthrBpm: null, sex: null, weeklyTemplate: { tue: 'hard' }, equipment: ['dumbbells', 'bands'], crossTrainingCounts: true, injury: null });
    expect(formToJson([['equipment:list', '']])).toEqual({ equipment: [] });
    expect(formToJson([['injury.area:key', 'knee'], ['injury.canRun:bool', 'false']])).toEqual({ injury: { area: 'knee', canRun: false } });
    // the settings page's clearance checkbox: a hidden false, then the ticked box's true
    expect(formToJson([['injury.area:key', 'knee'], ['injury.canRun:bool', 'false'], ['injury.lowImpactCleared:bool', 'false'], ['injury.lowImpactCleared:bool', 'true']])).toEqual({
      injury: { area: 'knee', canRun: false, lowImpactCleared: true },
    });
  });
});

describe('POST /form/<api path>', () => {
  it('runs the API route, redirects to _next and the next page shows what happened', async () => {
    const { user, cookie } = await signedInUser(rt);
    const res = await post('/form/api/me/races?_next=%2Fsettings%23races', cookie, [['date', '2027-04-10'], ['distanceM:number', '42195'], ['terrain', 'road'], ['priority', 'A'], ['name:opt', '']]);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/settings#flash');
    expect(await racesOf(user.id)).toEqual([expect.objectContaining({ date: '2027-04-10', distanceM: 42195, priority: 'A' })]);
    const flash = flashCookie(res);
    expect(flash).not.toBe('');
    const page = await rt.request('/settings', { headers: { cookie: `${cookie}; ${flash}` } });
    const html = await page.text();
    expect(html).toMatch(/id="flash"[^>]*role="status"/);
    expect(html).toMatch(/Race added/);
    // shown once: the page clears the cookie
    expect(page.headers.getSetCookie().some((c) => c.startsWith(`${FLASH_COOKIE}=;`))).toBe(true);
  });

  it('PUT through _method, with typed settings fields', async () => {
    const { user, cookie } = await signedInUser(rt);
    const res = await post('/form/api/me/settings?_method=PUT&_next=%2Fsettings', cookie, [
      ['timeZone', 'Europe/Paris'],
      ['hrMaxBpm:number', '188'],
      ['equipment:list', ''],
      ['equipment:list', 'kettlebell'],
      ['injury.area:key', 'knee'],
      ['injury.canRun:bool', 'false'],
    ]);
    expect(res.status).toBe(303);
    const settings = await readSettings(rt.deps.db, user.id);
    expect(settings).toMatchObject({ timeZone: 'Europe/Paris', hrMaxBpm: 188, equipment: ['kettlebell'], injury: { area: 'knee', canRun: false } });
  });

  it('an API error comes back as an alert on the page it came from, changing nothing', async () => {
    const { user, cookie } = await signedInUser(rt);
    const res = await post('/form/api/me/races', cookie, [['date', 'not a date'], ['distanceM:number', '42195']], { ...SAME, referer: 'http://hardday.test/settings' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/settings#flash');
    expect(await racesOf(user.id)).toEqual([]);
    const html = await (await rt.request('/settings', { headers: { cookie: `${cookie}; ${flashCookie(res)}` } })).text();
    expect(html).toMatch(/id="flash"[^>]*role="alert"/);
    expect(html).toMatch(/date/);
  });

  it('keeps the API\'s authorization: anonymous goes to sign-in, another runner\'s resource is not touched', async () => {
    const owner = await signedInUser(rt);
    await post('/form/api/me/races', owner.cookie, [['date', '2027-05-01'], ['distanceM:number', '10000'], ['terrain', 'road'], ['priority', 'B']]);
    const [race] = await racesOf(owner.user.id);
    const anon = await post('/form/api/me/races', undefined, [['date', '2027-04-10'], ['distanceM:number', '42195']]);
    expect(anon.status).toBe(303);
    expect(anon.headers.get('location')).toMatch(/^\/login\?next=/);
    const other = await signedInUser(rt);
    const res = await post(`/form/api/me/races/${race?.id}?_method=DELETE`, other.cookie, []);
    expect(res.status).toBe(303);
    expect(await racesOf(owner.user.id)).toHaveLength(1);
    expect(await racesOf(other.user.id)).toEqual([]);
  });

  it('keeps the CSRF guard: a cross-origin form post is refused and changes nothing; open redirects are not followed', async () => {
    const { user, cookie } = await signedInUser(rt);
    const forged = await post('/form/api/me/races', cookie, [['date', '2027-04-10'], ['distanceM:number', '42195'], ['terrain', 'road'], ['priority', 'A']], { origin: 'http://hardday.test:8080', accept: 'text/html' });
    expect(forged.status).toBe(403);
    expect(await racesOf(user.id)).toEqual([]);
    const offsite = await post('/form/api/me/races?_next=%2F%2Fevil.example', cookie, [['date', '2027-04-10'], ['distanceM:number', '42195'], ['terrain', 'road'], ['priority', 'A']]);
    expect(offsite.headers.get('location')).toBe('/#flash');
    // only API paths and the three methods
    expect((await post('/form/settings', cookie, [])).status).toBe(404);
    expect((await post('/form/api/me/races?_method=PATCH', cookie, [])).status).toBe(404);
  });
});
