/**
 * File upload on both runtimes: a real device FIT file (a Garmin fenix 2 run, from the shared
 * fixtures) posted as multipart/form-data to POST /api/me/uploads, streamed through the parser,
 * stored (SQLite on Node, D1 on Workers), classified, and the plan around it recomputed; the same
 * file again through the page's plain form (the form bridge) is counted as a duplicate.
 */
import { expect } from 'vitest';
import { manualClock, runFor, type Scenario } from './driver';
import { FLASH_COOKIE } from '../../src/pages/flash';
import { dayOf, planOf, putSettings, signUp } from './runner';
import { cookieSet } from './strava';

export const FENIX_RUN = 'fit/activity-small-fenix2-run.fit';

export const uploadScenarios: Scenario[] = [
  {
    name: 'upload: a real FIT file posted as multipart becomes an activity, a classified day and a new plan',
    async run(kit) {
      // The evening of the run (2015-08-15, 14:45 UTC, 47 min, 9 km, Ljubljana).
      const d = await kit.makeDriver({ clock: manualClock('2015-08-15T18:00:00Z') });
      try {
        const cookie = await signUp(d, 'rita@example.com');
        await putSettings(d, cookie, { timeZone: 'Europe/Ljubljana' });
        await runFor(d, 10_000);
        expect(await dayOf(d, cookie, '2015-08-15')).toMatchObject({ class: 'off', activities: [] });
        const planBefore = await planOf(d, cookie, '2015-08-15', '2015-08-28');

        const bytes = await kit.fixture(FENIX_RUN);
        const form = new FormData();
        form.append('files', new Blob([bytes as Uint8Array<ArrayBuffer>]), 'activity-small-fenix2-run.fit');
        const res = await d.request('/api/me/uploads', { method: 'POST', headers: { cookie }, body: form });
        expect(res.status).toBe(200);
        expect(await res.json()).toMatchObject({ imported: 1, duplicates: 0, skipped: [] });

        // the same file again, posted the way the start page's form posts it (no JavaScript: the
        // form bridge streams the multipart body on to the API): a duplicate, not a second activity
        const again = new FormData();
        again.append('files', new Blob([bytes as Uint8Array<ArrayBuffer>]), 'copy.fit');
        const viaPage = await d.request('/form/api/me/uploads?_next=%2Fstart', {
          method: 'POST',
          redirect: 'manual',
          headers: { cookie, origin: 'http://hardday.test', 'sec-fetch-site': 'same-origin', accept: 'text/html' },
          body: again,
        });
        expect(viaPage.status).toBe(303);
        expect(viaPage.headers.get('location')).toBe('/start#flash');
        const flash = cookieSet(viaPage, FLASH_COOKIE) ?? '';
        expect(flash).not.toBe('');
        const start = await (await d.request('/start', { headers: { cookie: `${cookie}; ${flash}` } })).text();
        expect(start).toContain('Import finished: 0 imported, 1 already there, 0 skipped.');

        await runFor(d, 30_000);
        const day = await dayOf(d, cookie, '2015-08-15');
        expect(day?.class).not.toBe('off');
        expect(day?.activities).toHaveLength(1);
        const planAfter = await planOf(d, cookie, '2015-08-15', '2015-08-28');
        expect(planAfter.length).toBeGreaterThan(0);
        expect(planAfter.map((s) => `${s.date} ${s.start}`)).not.toEqual(planBefore.map((s) => `${s.date} ${s.start}`));
      } finally {
        await d.dispose();
      }
    },
  },
];
