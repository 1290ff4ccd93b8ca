/**
 * @module integrations/google-calendar
 * Google Calendar as a CalendarSink: a dedicated calendar created once,
 * event ids derived from our key (a retried insert answers 409 instead of duplicating), full-body
 * PUT for updates, 404/410 on delete counted as done.
 */
import { addDays } from '../../src/core/dates';
import { IntegrationError } from '../../src/core/errors';
import type { CalendarSink, PlannedEntry, RemoteEntry, SinkRecord } from '../../src/core/ports/calendar-sink';
import { ContainerGoneError } from '../shared/errors';
import { createGoogleApi, type GoogleApiOptions } from './client';
import { eventIdFor, keyOfEvent, toGoogleEvent } from './transform';
import { GoogleCalendar, GoogleEvent, GoogleEventList } from './wire';

export { type GoogleTokenStore, createGoogleApi } from './client';
export { buildAuthorizeUrl, exchangeCode, GOOGLE_CALENDAR_SCOPE, type GoogleOAuthConfig, type GoogleTokens, refreshTokens } from './oauth';
export { eventIdFor, toGoogleEvent } from './transform';

const GOOGLE_CALENDAR_NAME = 'hardday training';

export interface GoogleSinkOptions extends GoogleApiOptions {
  /** the stored id of our calendar, when it was already created */
  containerId?: string | null;
  /** the runner's zone, the new calendar's default zone */
  timeZone: string;
}

function calendarGone(): ContainerGoneError {
  return new ContainerGoneError('the hardday calendar no longer exists in Google Calendar; reconnect to create it again');
}

export function createGoogleCalendarSink(options: GoogleSinkOptions): CalendarSink {
  const api = createGoogleApi(options);
  let containerId = options.containerId ?? undefined;

  const calendarPath = () => {
    if (!containerId) throw new Error('ensureContainer() must run before writing events');
    return `/calendars/${encodeURIComponent(containerId)}`;
  };

  function record(entry: PlannedEntry, id: string, generation: number, body: unknown): SinkRecord {
    const event = GoogleEvent.safeParse(body);
    return {
      key: entry.key,
      remoteId: id,
      ...(event.success && event.data.etag ? { remoteVersion: event.data.etag } : {}),
      generation,
      revision: entry.revision,
      contentHash: entry.contentHash,
      state: 'live',
    };
  }

  async function insert(entry: PlannedEntry, generation: number): Promise<SinkRecord> {
    const id = eventIdFor(entry.key, generation);
    const res = await api.call('insert', 'POST', `${calendarPath()}/events`, {
      query: { sendUpdates: 'none' },
      body: toGoogleEvent(entry, id),
      expect: [409],
    });
    if (res.status !== 409) return record(entry, id, generation, res.body);
    // The id exists: a retried insert, or an event the runner deleted (Google keeps it as
    // cancelled). A full PUT with status confirmed restores it.
    const put = await api.call('update', 'PUT', `${calendarPath()}/events/${id}`, {
      query: { sendUpdates: 'none' },
      body: toGoogleEvent(entry, id),
      expect: [403, 404, 410],
    });
    if (put.status < 300) return record(entry, id, generation, put.body);
    if (generation >= 3) throw new IntegrationError('BAD_REQUEST', 'Google keeps refusing to restore the event', { retryable: false, upstreamStatus: put.status });
    // Some deleted events cannot be restored: move to a fresh id.
    return insert(entry, generation + 1);
  }

  return {
    provider: 'google',

    async ensureContainer() {
      if (containerId) return { containerId, created: false };
      const res = await api.call('calendar insert', 'POST', '/calendars', {
        body: { summary: GOOGLE_CALENDAR_NAME, timeZone: options.timeZone, description: 'Strength sessions planned by hardday around your runs.' },
      });
      const cal = GoogleCalendar.safeParse(res.body);
      if (!cal.success) throw new IntegrationError('UPSTREAM_UNAVAILABLE', 'Google returned no calendar id', { retryable: true, upstreamStatus: res.status });
      containerId = cal.data.id;
      return { containerId, created: true };
    },

    async upsert(entry, prior) {
      if (prior?.state !== 'live') return insert(entry, prior?.generation ?? 0);
      const res = await api.call('update', 'PUT', `${calendarPath()}/events/${prior.remoteId}`, {
        query: { sendUpdates: 'none' },
        body: toGoogleEvent(entry, prior.remoteId),
        expect: [404, 410],
      });
      if (res.status === 404 || res.status === 410) return { ...prior, state: 'user_deleted' };
      return record(entry, prior.remoteId, prior.generation, res.body);
    },

    async delete(key, prior) {
      const id = prior?.remoteId ?? eventIdFor(key, prior?.generation ?? 0);
      await api.call('delete', 'DELETE', `${calendarPath()}/events/${id}`, { query: { sendUpdates: 'none' }, expect: [404, 410] });
    },

    async *listOurs(window): AsyncIterable<RemoteEntry> {
      let pageToken: string | undefined;
      do {
        const query: Record<string, string> = { showDeleted: 'true', maxResults: '2500' };
        // Widen by a day each side: the window is in local dates, Google's bounds are instants.
        if (window) {
          query.timeMin = `${addDays(window.from, -1)}T00:00:00Z`;
          query.timeMax = `${addDays(window.to, 2)}T00:00:00Z`;
        }
        if (pageToken) query.pageToken = pageToken;
        const res = await api.call('list', 'GET', `${calendarPath()}/events`, { query, expect: [404, 410] });
        if (res.status === 404 || res.status === 410) throw calendarGone();
        const page = GoogleEventList.safeParse(res.body);
        if (!page.success) throw new IntegrationError('UPSTREAM_UNAVAILABLE', 'Google returned a malformed event list', { retryable: true });
        for (const event of page.data.items) {
          const key = keyOfEvent(event);
          if (!key) continue;
          yield { key, remoteId: event.id, ...(event.etag ? { remoteVersion: event.etag } : {}), cancelled: event.status === 'cancelled' };
        }
        pageToken = page.data.nextPageToken;
      } while (pageToken);
    },
  };
}
