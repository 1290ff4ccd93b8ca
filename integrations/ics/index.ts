/**
 * @module integrations/ics
 * The private ICS feed. A feed is pulled, not pushed: the server renders it on request from the
 * planned sessions, so this module only turns entries into the feed body.
 */
import type { PlannedEntry } from '../../src/core/ports/calendar-sink';
import { renderCalendar } from './render';

export { keyFromUid, renderCalendar, uidForKey, vtimezoneFor } from './render';

/** First local day of an entry (`YYYY-MM-DD`). */
function entryDate(entry: PlannedEntry): string {
  return entry.timing.kind === 'timed' ? entry.timing.startLocal.slice(0, 10) : entry.timing.date;
}

/** A whole feed body from entries, sorted by date then key (a stable body gives a stable ETag). */
export function renderIcsFeed(entries: readonly PlannedEntry[], options: { name: string; ttlS: number; nowMs: number }): string {
  const sorted = [...entries].sort((a, b) => entryDate(a).localeCompare(entryDate(b)) || a.key.localeCompare(b.key));
  return renderCalendar(sorted, { name: options.name, ttlS: options.ttlS, stampMs: (e) => e.lastModifiedMs ?? options.nowMs });
}
