/**
 * MKCALENDAR on Workers (src/platform/workers/webdav-fetch.ts): workerd refuses the method, so the
 * request goes out as RFC 5689 extended MKCOL with the same properties; nothing else changes.
 * (The calendar scenario runs it end to end against Radicale inside workerd.)
 */
import { makeCalendar } from 'tsdav';
import { describe, expect, it } from 'vitest';
import { mkcolBodyFor, webdavFetch } from '../../../src/platform/workers/webdav-fetch';

function recorder() {
  const sent: Array<{ url: string; method: string; contentType: string | null; auth: string | null; body: string }> = [];
  const inner: typeof fetch = async (input, init) => {
    const request = new Request(input, init);
    sent.push({ url: request.url, method: request.method, contentType: request.headers.get('content-type'), auth: request.headers.get('authorization'), body: await request.text() });
    return new Response(null, { status: 201 });
  };
  return { sent, fetch: webdavFetch(inner) };
}

describe('MKCALENDAR as extended MKCOL', () => {
  it('sends what tsdav builds for MKCALENDAR as MKCOL with a calendar resourcetype and the same properties', async () => {
    const { sent, fetch } = recorder();
    const [res] = await makeCalendar({
      url: 'https://dav.example/runner/hardday-training/',
      props: { 'd:displayname': 'hardday training', 'c:supported-calendar-component-set': { 'c:comp': { _attributes: { name: 'VEVENT' } } } },
      headers: { authorization: 'Basic cnVubmVyOnB3' },
      fetch,
    });
    expect(res?.status).toBe(201);
    expect(sent).toHaveLength(1);
    const [mkcol] = sent;
    expect(mkcol).toMatchObject({ url: 'https://dav.example/runner/hardday-training/', method: 'MKCOL', auth: 'Basic cnVubmVyOnB3' });
    expect(mkcol?.contentType).toMatch(/^application\/xml/);
    const body = mkcol?.body ?? '';
    expect(body).toMatch(/^<\?xml[^>]*\?><hdD:mkcol xmlns:hdD="DAV:" xmlns:hdC="urn:ietf:params:xml:ns:caldav" xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav"/);
    expect(body).toContain('<hdD:resourcetype><hdD:collection/><hdC:calendar/></hdD:resourcetype>');
    expect(body).toContain('<d:displayname>hardday training</d:displayname>');
    expect(body).toMatch(/<c:supported-calendar-component-set>\s*<c:comp name="VEVENT"\/>\s*<\/c:supported-calendar-component-set>/);
    expect(body.endsWith('</hdD:prop></hdD:set></hdD:mkcol>')).toBe(true);
  });

  it('turns a body-less MKCALENDAR into a bare calendar MKCOL, and leaves every other method alone', async () => {
    expect(mkcolBodyFor('')).toContain('<hdD:prop><hdD:resourcetype><hdD:collection/><hdC:calendar/></hdD:resourcetype></hdD:prop>');
    const { sent, fetch } = recorder();
    await fetch('https://dav.example/a/', { method: 'mkcalendar' });
    await fetch('https://dav.example/a/b.ics', { method: 'PUT', headers: { 'content-type': 'text/calendar' }, body: 'BEGIN:VCALENDAR' });
    await fetch(new Request('https://dav.example/a/', { method: 'PROPFIND', body: '<x/>' }));
    expect(sent.map((s) => [s.method, s.contentType, s.body.slice(0, 15)])).toEqual([
      ['MKCOL', 'application/xml; charset=utf-8', '<?xml version="'],
      ['PUT', 'text/calendar', 'BEGIN:VCALENDAR'],
      ['PROPFIND', 'text/plain;charset=UTF-8', '<x/>'],
    ]);
  });
});
