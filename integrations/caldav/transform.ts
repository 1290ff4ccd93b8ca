/**
 * @module integrations/caldav/transform
 * Pure helpers: resource names, the Basic auth header, and reading our key back from a resource.
 */
import type { SessionKey } from '../../src/core/ports/calendar-sink';
import { KEY_PROPERTY, keyFromUid } from '../ics/render';

/** `<calendarUrl><key>.ics`: the href is derived from the key, so a retried create hits 412. */
export function objectUrlFor(calendarUrl: string, key: SessionKey): string {
  const base = calendarUrl.endsWith('/') ? calendarUrl : `${calendarUrl}/`;
  return new URL(`${encodeURIComponent(key)}.ics`, base).href;
}


/** Unfold RFC 5545 content lines (CRLF + space/tab continues the previous line). */
function unfold(ics: string): string[] {
  return ics.replace(/\r?\n[ \t]/g, '').split(/\r?\n/);
}

/** Our session key from a stored VEVENT (UID `<key>@hardday`, or the X-HARDDAY-KEY tag). */
export function keyFromIcs(ics: string): SessionKey | undefined {
  let tagged: string | undefined;
  for (const line of unfold(ics)) {
    const uid = /^UID(?:;[^:]*)?:(.+)$/i.exec(line)?.[1];
    if (uid) {
      const key = keyFromUid(uid.trim());
      if (key) return key;
    }
    const tag = new RegExp(`^${KEY_PROPERTY}(?:;[^:]*)?:(.+)$`, 'i').exec(line)?.[1];
    if (tag) tagged = tag.trim();
  }
  return tagged;
}

export function isCancelled(ics: string): boolean {
  return unfold(ics).some((line) => /^STATUS:CANCELLED$/i.test(line.trim()));
}
