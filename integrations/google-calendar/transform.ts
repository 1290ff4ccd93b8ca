/**
 * @module integrations/google-calendar/transform
 * Pure mapping between our entries and Google's event JSON. No I/O, no clock.
 */
import { addDays } from '../../src/core/dates';
import type { PlannedEntry, SessionKey } from '../../src/core/ports/calendar-sink';
import type { GoogleEvent, GoogleEventBody } from './wire';

/** Private extended-property names (short: Google limits key length). */
const PROP_KEY = 'hardday_key';
const PROP_REV = 'hardday_rev';
const PROP_HASH = 'hardday_hash';

const BASE32HEX = '0123456789abcdefghijklmnopqrstuv';

/** RFC 4648 base32hex, lowercase, no padding: always a valid Google event id alphabet. */
export function base32hex(bytes: Uint8Array): string {
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32HEX[(buffer >>> (bits - 5)) & 31];
      bits -= 5;
    }
    buffer &= (1 << bits) - 1;
  }
  if (bits > 0) out += BASE32HEX[(buffer << (5 - bits)) & 31];
  return out;
}

/**
 * The Google event id of a session: base32hex of a namespaced key (and of the generation once we
 * had to re-create under a new id). Deterministic, so a retried insert hits 409 instead of
 * creating a duplicate. A NUL byte separates the parts because it never occurs in a key.
 */
export function eventIdFor(key: SessionKey, generation = 0): string {
  const text = generation > 0 ? `hd\u0000${key}\u0000${generation}` : `hd\u0000${key}`;
  const id = base32hex(new TextEncoder().encode(text));
  if (id.length > 1024) throw new Error('session key too long for a Google event id');
  return id;
}

/** Local wall clock `YYYY-MM-DDTHH:mm:ss` (Google wants seconds when a timeZone is given). */
function withSeconds(local: string): string {
  return local.length === 16 ? `${local}:00` : local.slice(0, 19);
}

export function toGoogleEvent(entry: PlannedEntry, id: string): GoogleEventBody {
  const t = entry.timing;
  const [start, end] =
    t.kind === 'timed'
      ? [
          { dateTime: withSeconds(t.startLocal), timeZone: t.timeZone },
          { dateTime: withSeconds(t.endLocal), timeZone: t.timeZone },
        ]
      : [{ date: t.date }, { date: addDays(t.date, t.days ?? 1) }];
  return {
    id,
    status: 'confirmed',
    summary: entry.title,
    description: entry.descriptionText,
    start,
    end,
    transparency: entry.busy ? 'opaque' : 'transparent',
    reminders: {
      useDefault: false,
      overrides: (entry.reminderMinutes ?? []).map((minutes) => ({ method: 'popup' as const, minutes: Math.min(40_320, Math.max(0, minutes)) })),
    },
    ...(entry.deepLink ? { source: { title: 'hardday plan', url: entry.deepLink } } : {}),
    extendedProperties: {
      private: { [PROP_KEY]: entry.key, [PROP_REV]: String(entry.revision), [PROP_HASH]: entry.contentHash.slice(0, 32) },
    },
  };
}

/** Our key on a Google event, or undefined for an event we did not write. */
export function keyOfEvent(event: GoogleEvent): SessionKey | undefined {
  return event.extendedProperties?.private?.[PROP_KEY];
}
