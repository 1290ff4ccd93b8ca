/**
 * @module integrations/ics
 * The private ICS feed as a CalendarSink. A feed is pulled, so writes only change what the next
 * render contains: the entries live in a store (the database in production, memory in tests),
 * and `render` turns the store into the feed body.
 */
import type { CalendarSink, PlannedEntry, RemoteEntry, SessionKey, SinkRecord } from '../../src/core/ports/calendar-sink';
import { renderCalendar, uidForKey } from './render';


export { keyFromUid, renderCalendar, uidForKey, vtimezoneFor } from './render';

/** Where a feed's entries are kept between renders. */
export interface IcsEntryStore {
  put(entry: PlannedEntry): Promise<void>;
  remove(key: SessionKey): Promise<void>;
  list(): Promise<PlannedEntry[]>;
}

/** A store in memory (tests, the offline CLI). */
export function memoryIcsStore(): IcsEntryStore {
  const entries = new Map<SessionKey, PlannedEntry>();
  return {
    async put(entry) {
      entries.set(entry.key, entry);
    },
    async remove(key) {
      entries.delete(key);
    },
    async list() {
      return [...entries.values()];
    },
  };
}

/** First local day of an entry (`YYYY-MM-DD`). */
export function entryDate(entry: PlannedEntry): string {
  return entry.timing.kind === 'timed' ? entry.timing.startLocal.slice(0, 10) : entry.timing.date;
}

export interface IcsSink extends CalendarSink {
  /** The feed body for the current entries, sorted by date then key (a stable body → a stable ETag). */
  render(options: { name: string; ttlS: number; nowMs: number }): Promise<string>;
}

export function createIcsSink(store: IcsEntryStore): IcsSink {
  return {
    provider: 'ics',
    async ensureContainer() {
      return { containerId: 'feed', created: false };
    },
    async upsert(entry, prior): Promise<SinkRecord> {
      await store.put(entry);
      return {
        key: entry.key,
        remoteId: uidForKey(entry.key),
        remoteVersion: String(entry.revision),
        generation: prior?.generation ?? 0,
        revision: entry.revision,
        contentHash: entry.contentHash,
        state: 'live',
      };
    },
    async delete(key) {
      await store.remove(key);
    },
    async *listOurs(window): AsyncIterable<RemoteEntry> {
      for (const entry of await store.list()) {
        const date = entryDate(entry);
        if (window && (date < window.from || date > window.to)) continue;
        yield { key: entry.key, remoteId: uidForKey(entry.key), remoteVersion: String(entry.revision), cancelled: false };
      }
    },
    async render(options) {
      return renderIcsFeed(await store.list(), options);
    },
  };
}

/** A whole feed body from entries, sorted by date then key (a stable body gives a stable ETag). */
export function renderIcsFeed(entries: readonly PlannedEntry[], options: { name: string; ttlS: number; nowMs: number }): string {
  const sorted = [...entries].sort((a, b) => entryDate(a).localeCompare(entryDate(b)) || a.key.localeCompare(b.key));
  return renderCalendar(sorted, { name: options.name, ttlS: options.ttlS, stampMs: (e) => e.lastModifiedMs ?? options.nowMs });
}
