/**
 * @module integrations/ics/render
 * The one place VEVENTs are built, for the ICS feed and for CalDAV resources alike.
 *
 * Time-zone rules: every timed event gets a Luxon DateTime in its own zone
 * plus a per-event `timezone`, and the calendar only a VTIMEZONE generator with no zone name.
 * A native Date would be read in the process's zone, and a calendar-level zone turns events
 * into floating time and strips the `Z` from DTSTAMP.
 */
import ical, { ICalAlarmType, ICalEventStatus, ICalEventTransparency } from 'ical-generator';
import { DateTime } from 'luxon';
import { tzlib_get_ical_block } from 'timezones-ical-library';
import type { PlannedEntry, SessionKey } from '../../src/core/ports/calendar-sink';

const PRODUCT_ID = { company: 'hardday', product: 'calendar', language: 'EN' };
const UID_DOMAIN = 'hardday';
/** custom property carrying our key, kept by servers on round trips */
export const KEY_PROPERTY = 'X-HARDDAY-KEY';

/** `<sessionId>@hardday`: the stable UID of a session everywhere. */
export function uidForKey(key: SessionKey): string {
  return `${key}@${UID_DOMAIN}`;
}

/** The session id inside one of our UIDs, or undefined for a foreign UID. */
export function keyFromUid(uid: string): SessionKey | undefined {
  const suffix = `@${UID_DOMAIN}`;
  return uid.endsWith(suffix) && uid.length > suffix.length ? uid.slice(0, -suffix.length) : undefined;
}

/** VTIMEZONE text for an IANA zone, or null when the library does not know the zone. */
export function vtimezoneFor(zone: string): string | null {
  try {
    const block = tzlib_get_ical_block(zone);
    return Array.isArray(block) && typeof block[0] === 'string' && block[0].includes('BEGIN:VTIMEZONE') ? block[0] : null;
  } catch {
    return null;
  }
}

export interface RenderOptions {
  /** X-WR-CALNAME / NAME of a feed; omitted for single CalDAV resources */
  name?: string;
  /** DTSTAMP of each event (UTC); feeds pass the entry's last change so the body is stable */
  stampMs: (entry: PlannedEntry) => number;
  /** refresh hint in seconds (REFRESH-INTERVAL and X-PUBLISHED-TTL) */
  ttlS?: number;
}

function zoned(local: string, zone: string): DateTime {
  const dt = DateTime.fromISO(local, { zone });
  if (!dt.isValid) throw new Error(`invalid local time "${local}" in zone "${zone}"`);
  return dt;
}

/** Render entries into one VCALENDAR (no METHOD: RFC 4791 forbids it in stored resources). */
export function renderCalendar(entries: readonly PlannedEntry[], options: RenderOptions): string {
  const cal = ical({
    prodId: PRODUCT_ID,
    timezone: { name: null, generator: vtimezoneFor },
    ...(options.name ? { name: options.name } : {}),
    ...(options.ttlS ? { ttl: options.ttlS } : {}),
  });
  for (const entry of entries) {
    const stamp = new Date(options.stampMs(entry));
    const timing = entry.timing;
    const event = cal.createEvent({
      id: uidForKey(entry.key),
      sequence: entry.revision,
      stamp,
      lastModified: stamp,
      summary: entry.title,
      description: entry.descriptionText,
      status: ICalEventStatus.CONFIRMED,
      transparency: entry.busy ? ICalEventTransparency.OPAQUE : ICalEventTransparency.TRANSPARENT,
      ...(entry.deepLink ? { url: entry.deepLink } : {}),
      ...(timing.kind === 'timed'
        ? { start: zoned(timing.startLocal, timing.timeZone), end: zoned(timing.endLocal, timing.timeZone), timezone: timing.timeZone }
        : {
            start: zoned(timing.date, 'UTC'),
            end: zoned(timing.date, 'UTC').plus({ days: timing.days ?? 1 }),
            allDay: true,
          }),
    });
    event.x(KEY_PROPERTY, entry.key);
    for (const minutes of entry.reminderMinutes ?? []) {
      event.createAlarm({ type: ICalAlarmType.display, trigger: minutes * 60, description: entry.title });
    }
  }
  return cal.toString();
}
