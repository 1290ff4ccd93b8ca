/**
 * @module integrations/caldav/client
 * tsdav with our fetch and our Basic header. Object calls return the raw Response (tsdav does not
 * throw on 4xx), so every caller checks the status.
 */
import { calendarQuery, createCalendarObject, DAVClient, deleteCalendarObject, makeCalendar, propfind, updateCalendarObject } from 'tsdav';
import { IntegrationError } from '../../src/core/errors';
import { basicAuthHeader, CALENDAR_TIMEOUT_MS, fetchWithTimeout } from '../shared/http';
import { caldavThrown } from './errors';

export interface CalDavCredentials {
  serverUrl: string;
  username: string;
  password: string;
}

export interface DavCalendarInfo {
  url: string;
  displayName: string | undefined;
}

export interface DavObject {
  url: string;
  etag: string | undefined;
  data: string;
}

export interface CalDavClient {
  /** Discovery: log in and find the calendar home. Throws DISCONNECTED on bad credentials. */
  discoverHome(): Promise<{ homeUrl: string; calendars: DavCalendarInfo[] }>;
  makeCalendar(url: string, displayName: string): Promise<number>;
  /** Status of a PROPFIND depth 0 on a collection (200/207 = exists). */
  probe(url: string): Promise<number>;
  create(calendarUrl: string, objectUrl: string, ics: string): Promise<Response>;
  update(objectUrl: string, ics: string, ifMatch: string): Promise<Response>;
  remove(objectUrl: string, ifMatch: string | undefined): Promise<Response>;
  get(objectUrl: string): Promise<Response>;
  /** All VEVENT resources in the calendar, optionally overlapping a UTC time range. */
  query(calendarUrl: string, range?: { start: string; end: string }): Promise<DavObject[]>;
}

/** Every request (tsdav's included: they all go through `fetchFn`) is limited to `timeoutMs`. */
export function createCalDavClient(credentials: CalDavCredentials, rawFetch: typeof fetch, now: () => number, timeoutMs = CALENDAR_TIMEOUT_MS): CalDavClient {
  const fetchFn = fetchWithTimeout(rawFetch, 'the CalDAV server', timeoutMs);
  const authorization = basicAuthHeader(credentials.username, credentials.password);
  const headers = { authorization };
  const guard = async <T>(what: string, run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (error) {
      throw caldavThrown(what, error, now());
    }
  };

  return {
    discoverHome: () =>
      guard('login', async () => {
        const client = new DAVClient({
          serverUrl: credentials.serverUrl,
          credentials: { username: credentials.username, password: credentials.password },
          authMethod: 'Basic',
          defaultAccountType: 'caldav',
          fetch: fetchFn,
        });
        await client.login();
        const homeUrl = client.account?.homeUrl;
        if (!homeUrl) throw new IntegrationError('BAD_REQUEST', 'the server did not announce a calendar home (is this a CalDAV URL?)', { retryable: false });
        const calendars = await client.fetchCalendars();
        return {
          homeUrl,
          calendars: calendars.map((c) => ({ url: c.url, displayName: typeof c.displayName === 'string' ? c.displayName : undefined })),
        };
      }),
    makeCalendar: (url, displayName) =>
      guard('make calendar', async () => {
        const [res] = await makeCalendar({
          url,
          props: { 'd:displayname': displayName, 'c:supported-calendar-component-set': { 'c:comp': { _attributes: { name: 'VEVENT' } } } },
          headers,
          fetch: fetchFn,
        });
        return res?.status ?? 0;
      }),
    probe: (url) =>
      guard('probe', async () => {
        const [res] = await propfind({ url, props: { 'd:resourcetype': {} }, depth: '0', headers, fetch: fetchFn });
        return res?.status ?? 0;
      }),
    create: (calendarUrl, objectUrl, ics) =>
      guard('create', () =>
        createCalendarObject({ calendar: { url: calendarUrl }, filename: objectUrl.slice(objectUrl.lastIndexOf('/') + 1), iCalString: ics, headers, fetch: fetchFn }),
      ),
    update: (objectUrl, ics, ifMatch) =>
      guard('update', () => updateCalendarObject({ calendarObject: { url: objectUrl, data: ics, etag: ifMatch }, headers, fetch: fetchFn })),
    remove: (objectUrl, ifMatch) =>
      guard('delete', () => deleteCalendarObject({ calendarObject: { url: objectUrl, ...(ifMatch ? { etag: ifMatch } : {}) }, headers, fetch: fetchFn })),
    get: (objectUrl) => guard('read', () => fetchFn(objectUrl, { method: 'GET', headers: { authorization, accept: 'text/calendar' } })),
    query: (calendarUrl, range) =>
      guard('list', async () => {
        const responses = await calendarQuery({
          url: calendarUrl,
          props: { 'd:getetag': {}, 'c:calendar-data': {} },
          filters: {
            'comp-filter': {
              _attributes: { name: 'VCALENDAR' },
              'comp-filter': { _attributes: { name: 'VEVENT' }, ...(range ? { 'time-range': { _attributes: range } } : {}) },
            },
          },
          depth: '1',
          headers,
          fetch: fetchFn,
        });
        const out: DavObject[] = [];
        for (const r of responses) {
          const raw = r.props?.calendarData as unknown;
          const data = typeof raw === 'string' ? raw : typeof (raw as { _cdata?: unknown })?._cdata === 'string' ? (raw as { _cdata: string })._cdata : '';
          if (!r.href || !data) continue;
          out.push({ url: new URL(r.href, calendarUrl).href, etag: r.props?.getetag == null ? undefined : String(r.props.getetag), data });
        }
        return out;
      }),
  };
}
