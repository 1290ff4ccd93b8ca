/** Calendar-day helpers over IANA zones, web-standard (Intl) so they run on Workers too. */
import { tzlib_get_timezones } from 'timezones-ical-library';
import { addDays } from '../../rules';

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', hourCycle: 'h23' });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The local calendar date (`YYYY-MM-DD`) and hour in `timeZone` at instant `ms`. */
function localDateTime(timeZone: string, ms: number): { date: string; hour: number } {
  const parts = Object.fromEntries(formatterFor(timeZone).formatToParts(new Date(ms)).map((p) => [p.type, p.value]));
  return { date: `${parts.year}-${parts.month}-${parts.day}`, hour: Number(parts.hour) };
}

const minuteFormatters = new Map<string, Intl.DateTimeFormat>();

/** The local wall clock in `timeZone` at instant `ms`, as `YYYY-MM-DDTHH:mm` (the planner's `nowLocal`). */
export function localDateTimeMinute(timeZone: string, ms: number): string {
  let f = minuteFormatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    minuteFormatters.set(timeZone, f);
  }
  const parts: Record<string, string> = {};
  for (const p of f.formatToParts(new Date(ms))) parts[p.type] = p.value;
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
}

export function localDate(timeZone: string, ms: number): string {
  return localDateTime(timeZone, ms).date;
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

let namesByLowerCase: Map<string, string> | undefined;

/**
 * The time zone's IANA name as the tz database spells it (`europe/berlin` → `Europe/Berlin`),
 * or undefined when it is none. Intl accepts any letter case, but an ICS `TZID` and the feed's
 * VTIMEZONE lookup need the exact name. The name given is kept otherwise: `Asia/Kolkata` stays
 * `Asia/Kolkata` (ICU would answer its older alias `Asia/Calcutta`).
 */
export function canonicalTimeZone(timeZone: string): string | undefined {
  const given = timeZone.trim();
  if (given === '' || !isValidTimeZone(given)) return undefined;
  namesByLowerCase ??= new Map(
    [...Intl.supportedValuesOf('timeZone'), ...tzlib_get_timezones()].map((name) => [name.toLowerCase(), name]),
  );
  return namesByLowerCase.get(given.toLowerCase()) ?? new Intl.DateTimeFormat('en', { timeZone: given }).resolvedOptions().timeZone;
}

/** `date` shifted by `days` calendar days: the domain library's implementation. */
export { addDays };

export const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A real calendar date written `YYYY-MM-DD` (rejects `2026-02-31`, which Date.parse rolls over). */
export function isCalendarDate(value: string): boolean {
  return ISO_DATE.test(value) && !Number.isNaN(Date.parse(value)) && addDays(value, 0) === value;
}
