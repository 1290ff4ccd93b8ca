/**
 * @module integrations/caldav
 * CalDAV (iCloud, Fastmail, Nextcloud, Radicale…) as a CalendarSink, over tsdav. The href and the UID are derived from our key; creates use `If-None-Match: *` and
 * updates/deletes `If-Match`, so every write is safe to retry. A 412 means someone else changed
 * the resource: we re-read its ETag and, since we only write on a material change of the plan,
 * the plan wins.
 */
import { addDays } from '../../src/core/dates';
import { IntegrationError } from '../../src/core/errors';
import type { CalendarSink, PlannedEntry, RemoteEntry, SinkRecord } from '../../src/core/ports/calendar-sink';
import { renderCalendar } from '../ics/render';
import { ContainerGoneError } from '../shared/errors';
import { type CalDavClient, type CalDavCredentials, createCalDavClient } from './client';
import { caldavError } from './errors';
import { isCancelled, keyFromIcs, objectUrlFor } from './transform';

export { type CalDavCredentials, createCalDavClient } from './client';

const CALDAV_CALENDAR_NAME = 'hardday training';
const CALENDAR_SLUG = 'hardday-training/';

export interface CalDavSinkOptions {
  credentials: CalDavCredentials;
  fetch: typeof fetch;
  now: () => number;
  /** the stored calendar URL (ours, or one the runner picked) */
  containerId?: string | null;
  /** per request (default CALENDAR_TIMEOUT_MS) */
  timeoutMs?: number;
}

function calendarGone(): ContainerGoneError {
  return new ContainerGoneError('the calendar no longer exists on the CalDAV server; reconnect to create it again');
}

function utcStamp(date: string): string {
  return `${date}T00:00:00Z`;
}

/** Log in and check the credentials (used before saving a target). */
export async function verifyCalDavLogin(credentials: CalDavCredentials, fetchFn: typeof fetch, now: () => number, timeoutMs?: number): Promise<{ homeUrl: string }> {
  const { homeUrl } = await createCalDavClient(credentials, fetchFn, now, timeoutMs).discoverHome();
  return { homeUrl };
}

export function createCalDavSink(options: CalDavSinkOptions): CalendarSink {
  const client: CalDavClient = createCalDavClient(options.credentials, options.fetch, options.now, options.timeoutMs);
  let calendarUrl = options.containerId ?? undefined;

  const container = () => {
    if (!calendarUrl) throw new Error('ensureContainer() must run before writing events');
    return calendarUrl;
  };

  const render = (entry: PlannedEntry) => renderCalendar([entry], { stampMs: () => options.now() });

  /** The ETag a write answered with; iCloud sometimes omits it, then we read the resource. */
  async function etagAfterWrite(res: Response, url: string): Promise<string | undefined> {
    const direct = res.headers.get('etag');
    if (direct) return direct;
    const current = await client.get(url);
    await current.text().catch(() => '');
    return current.ok ? (current.headers.get('etag') ?? undefined) : undefined;
  }

  function record(entry: PlannedEntry, url: string, etag: string | undefined, generation: number): SinkRecord {
    return { key: entry.key, remoteId: url, ...(etag ? { remoteVersion: etag } : {}), generation, revision: entry.revision, contentHash: entry.contentHash, state: 'live' };
  }

  /** The collection still exists (404/410 → ContainerGoneError, the one error that disables). */
  async function checkContainer(url: string): Promise<void> {
    const status = await client.probe(url);
    if (status === 404 || status === 410) throw calendarGone();
    if (status >= 400) throw caldavError('probe', status, options.now());
  }

  /** Current ETag of a resource, or undefined when it is gone. */
  async function currentEtag(url: string): Promise<string | undefined> {
    const res = await client.get(url);
    await res.text().catch(() => '');
    if (res.status === 404 || res.status === 410) return undefined;
    if (!res.ok) throw caldavError('read', res.status, options.now(), res.headers);
    // A server that sends no ETag on GET still accepts an unconditional overwrite.
    return res.headers.get('etag') ?? '*';
  }

  async function overwrite(entry: PlannedEntry, url: string, etag: string, generation: number): Promise<SinkRecord> {
    const res = await client.update(url, render(entry), etag);
    await res.text().catch(() => '');
    if (!res.ok) throw caldavError('update', res.status, options.now(), res.headers);
    return record(entry, url, await etagAfterWrite(res, url), generation);
  }

  return {
    provider: 'caldav',

    async ensureContainer() {
      if (calendarUrl) {
        await checkContainer(calendarUrl);
        return { containerId: calendarUrl, created: false };
      }
      const { homeUrl, calendars } = await client.discoverHome();
      const wanted = new URL(CALENDAR_SLUG, homeUrl).href;
      const existing = calendars.find((c) => c.url === wanted || c.displayName === CALDAV_CALENDAR_NAME);
      if (existing) {
        calendarUrl = existing.url;
        return { containerId: calendarUrl, created: false };
      }
      const status = await client.makeCalendar(wanted, CALDAV_CALENDAR_NAME);
      // 405: it exists already (a retried MKCALENDAR), which is what we wanted.
      if (status >= 300 && status !== 405) {
        throw status === 403
          ? new IntegrationError('FORBIDDEN', 'the server does not let apps create calendars; pick an existing calendar URL', { retryable: false, upstreamStatus: status })
          : caldavError('make calendar', status, options.now());
      }
      calendarUrl = wanted;
      return { containerId: calendarUrl, created: status < 300 };
    },

    async upsert(entry, prior) {
      const url = prior?.remoteId ?? objectUrlFor(container(), entry.key);
      const generation = prior?.generation ?? 0;
      if (prior?.state === 'live') {
        // `If-Match: *` when no ETag is known: still refuses to resurrect a deleted resource.
        const res = await client.update(url, render(entry), prior.remoteVersion ?? '*');
        await res.text().catch(() => '');
        if (res.ok) return record(entry, url, await etagAfterWrite(res, url), generation);
        if (res.status === 404 || res.status === 410) return { ...prior, state: 'user_deleted' };
        if (res.status !== 412) throw caldavError('update', res.status, options.now(), res.headers);
        const etag = await currentEtag(url);
        if (etag === undefined) return { ...prior, state: 'user_deleted' };
        return overwrite(entry, url, etag, generation);
      }
      const res = await client.create(container(), url, render(entry));
      await res.text().catch(() => '');
      if (res.ok) return record(entry, url, await etagAfterWrite(res, url), generation);
      if (res.status !== 412) throw caldavError('create', res.status, options.now(), res.headers);
      // It exists already: a create retried after a lost response, or a leftover of ours.
      const etag = await currentEtag(url);
      if (etag === undefined) throw caldavError('create', 412, options.now());
      return overwrite(entry, url, etag, generation);
    },

    async delete(key, prior) {
      const url = prior?.remoteId ?? objectUrlFor(container(), key);
      const res = await client.remove(url, prior?.remoteVersion);
      await res.text().catch(() => '');
      if (res.ok || res.status === 404 || res.status === 410) return;
      if (res.status !== 412) throw caldavError('delete', res.status, options.now(), res.headers);
      const etag = await currentEtag(url);
      if (etag === undefined) return;
      const again = await client.remove(url, etag === '*' ? undefined : etag);
      await again.text().catch(() => '');
      if (!again.ok && again.status !== 404 && again.status !== 410) throw caldavError('delete', again.status, options.now(), again.headers);
    },

    async *listOurs(window): AsyncIterable<RemoteEntry> {
      const url = container();
      // A calendar-query on a missing collection can come back as an empty list: check first.
      await checkContainer(url);
      const range = window ? { start: utcStamp(addDays(window.from, -1)).replace(/[-:]/g, ''), end: utcStamp(addDays(window.to, 2)).replace(/[-:]/g, '') } : undefined;
      for (const obj of await client.query(url, range)) {
        const key = keyFromIcs(obj.data);
        if (!key) continue;
        yield { key, remoteId: obj.url, ...(obj.etag ? { remoteVersion: obj.etag } : {}), cancelled: isCancelled(obj.data) };
      }
    },
  };
}
