/**
 * Calendar maths on integer day numbers (days since 1970-01-01) — no Date objects in
 * hot paths. Time-zone offsets come from Intl.DateTimeFormat, one formatter per zone,
 * with results cached per 15-minute UTC bucket (every real tz transition falls on one).
 */
import type { WeekdayKey } from './types';

const MS_PER_DAY = 86_400_000;

/** 'YYYY-MM-DD' (or a longer ISO string starting with it) → day number. */
export function dayNumber(s: string): number {
  const y =
    (s.charCodeAt(0) - 48) * 1000 + (s.charCodeAt(1) - 48) * 100 + (s.charCodeAt(2) - 48) * 10 + (s.charCodeAt(3) - 48);
  const m = (s.charCodeAt(5) - 48) * 10 + (s.charCodeAt(6) - 48);
  const d = (s.charCodeAt(8) - 48) * 10 + (s.charCodeAt(9) - 48);
  return daysFromCivil(y, m, d);
}

/** Howard Hinnant's days_from_civil. */
export function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const mp = m > 2 ? m - 3 : m + 9;
  const doy = Math.floor((153 * mp + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

const pad2 = (n: number): string => (n < 10 ? `0${n}` : `${n}`);

// day numbers 0..DATE_CACHE_SIZE (1970–2109) are cached in a flat array. Preallocated:
// writing index ~20,000 into an empty [] turns it into a slow dictionary-mode array.
const DATE_CACHE_SIZE = 51_000;
const dateStringCache: (string | undefined)[] = new Array(DATE_CACHE_SIZE);
/** day number → 'YYYY-MM-DD' (cached: the same few hundred days recur across athletes). */
export function dateString(dn: number): string {
  const cacheable = dn >= 0 && dn < DATE_CACHE_SIZE;
  if (cacheable) {
    const hit = dateStringCache[dn];
    if (hit !== undefined) return hit;
  }
  const z = dn + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  const s = `${String(y).padStart(4, '0')}-${pad2(m)}-${pad2(d)}`;
  if (cacheable) dateStringCache[dn] = s;
  return s;
}

export function addDays(date: string, n: number): string {
  return dateString(dayNumber(date) + n);
}

/** 0 = Monday … 6 = Sunday (ISO). 1970-01-01 was a Thursday. */
export function isoWeekday(dn: number): number {
  return (((dn + 3) % 7) + 7) % 7;
}

/** Day number of the Monday of dn's ISO week; a stable week key. */
export function weekStart(dn: number): number {
  return dn - isoWeekday(dn);
}

export const WEEKDAY_KEYS: readonly WeekdayKey[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
export const WEEKDAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'] as const;

/** 'YYYY-MM-DDTHH:mm[:ss]' → minutes since local midnight. */
export function minuteOfDay(localIso: string): number {
  if (localIso.length < 16) return 0;
  const h = (localIso.charCodeAt(11) - 48) * 10 + (localIso.charCodeAt(12) - 48);
  const mi = (localIso.charCodeAt(14) - 48) * 10 + (localIso.charCodeAt(15) - 48);
  return h * 60 + mi;
}

/** 'HH:MM' → minutes, or undefined when malformed. */
export function parseHhMm(s: string | undefined): number | undefined {
  if (!s) return undefined;
  const m = /^(\d{1,2}):(\d{2})$/.exec(s);
  if (!m) return undefined;
  const h = Number(m[1]);
  const mi = Number(m[2]);
  if (h > 23 || mi > 59) return undefined;
  return h * 60 + mi;
}

export function isValidDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  return dateString(dayNumber(s)) === s;
}

// ---------- time zones ----------

interface ZoneCache {
  fmt: Intl.DateTimeFormat;
  offsets: Map<number, number>;
  /** localToIso results by local minute number (dn * 1440 + minute) */
  isos: Map<number, string>;
}
const zones = new Map<string, ZoneCache>();
const BUCKET_MS = 900_000;

function zoneCache(timeZone: string): ZoneCache {
  let z = zones.get(timeZone);
  if (!z) {
    z = {
      fmt: new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
      }),
      offsets: new Map(),
      isos: new Map(),
    };
    zones.set(timeZone, z);
  }
  return z;
}

/** UTC offset (minutes) of `timeZone` at the UTC instant `utcMs`. */
export function tzOffsetMinAt(timeZone: string, utcMs: number): number {
  const z = zoneCache(timeZone);
  const bucket = Math.floor(utcMs / BUCKET_MS);
  const hit = z.offsets.get(bucket);
  if (hit !== undefined) return hit;
  const at = bucket * BUCKET_MS;
  let y = 1970;
  let mo = 1;
  let d = 1;
  let h = 0;
  let mi = 0;
  for (const p of z.fmt.formatToParts(new Date(at))) {
    switch (p.type) {
      case 'year':
        y = Number(p.value);
        break;
      case 'month':
        mo = Number(p.value);
        break;
      case 'day':
        d = Number(p.value);
        break;
      case 'hour':
        h = Number(p.value);
        break;
      case 'minute':
        mi = Number(p.value);
        break;
      default:
        break;
    }
  }
  const localMs = daysFromCivil(y, mo, d) * MS_PER_DAY + h * 3_600_000 + mi * 60_000;
  const off = Math.round((localMs - at) / 60_000);
  if (z.offsets.size > 50_000) z.offsets.clear();
  z.offsets.set(bucket, off);
  return off;
}

/**
 * UTC offset for a local wall time (day number + minute of day) in `timeZone`.
 * In a spring-forward gap the local time does not exist; the later offset is returned
 * and the caller shifts the wall clock (see localToIso).
 */
export function tzOffsetForLocal(timeZone: string, dn: number, minute: number): number {
  const localMs = dn * MS_PER_DAY + minute * 60_000;
  const o1 = tzOffsetMinAt(timeZone, localMs);
  const o2 = tzOffsetMinAt(timeZone, localMs - o1 * 60_000);
  if (o1 === o2) return o1;
  const o3 = tzOffsetMinAt(timeZone, localMs - o2 * 60_000);
  return o3 === o2 ? o2 : Math.max(o1, o2);
}

function fmtOffset(off: number): string {
  const sign = off < 0 ? '-' : '+';
  const a = Math.abs(off);
  return `${sign}${pad2(Math.floor(a / 60))}:${pad2(a % 60)}`;
}

/** Local wall time → ISO-8601 with the zone's offset at that instant, e.g. 2026-03-29T18:30:00+02:00. */
export function localToIso(timeZone: string, dn: number, minute: number): string {
  // sessions of many plans start at the same few local times: remembered per zone
  const isos = zoneCache(timeZone).isos;
  const key = dn * 1440 + minute;
  const hit = isos.get(key);
  if (hit !== undefined) return hit;
  const iso = computeLocalToIso(timeZone, dn, minute);
  if (isos.size > 50_000) isos.clear();
  isos.set(key, iso);
  return iso;
}

function computeLocalToIso(timeZone: string, dn: number, minute: number): string {
  const off = tzOffsetForLocal(timeZone, dn, minute);
  // Round-trip: if the wall time fell into a DST gap, render the real instant's wall time.
  const utcMs = dn * MS_PER_DAY + minute * 60_000 - off * 60_000;
  const realOff = tzOffsetMinAt(timeZone, utcMs);
  const wallMs = utcMs + realOff * 60_000;
  const wallDn = Math.floor(wallMs / MS_PER_DAY);
  const wallMin = Math.round((wallMs - wallDn * MS_PER_DAY) / 60_000);
  return `${dateString(wallDn)}T${pad2(Math.floor(wallMin / 60))}:${pad2(wallMin % 60)}:00${fmtOffset(realOff)}`;
}

/** Local 'YYYY-MM-DDTHH:mm[:ss]' with a known offset → UTC epoch ms. */
export function localWithOffsetToUtcMs(localIso: string, offsetMin: number): number {
  const dn = dayNumber(localIso);
  return dn * MS_PER_DAY + minuteOfDay(localIso) * 60_000 + secondOf(localIso) * 1000 - offsetMin * 60_000;
}

function secondOf(localIso: string): number {
  if (localIso.length < 19) return 0;
  return (localIso.charCodeAt(17) - 48) * 10 + (localIso.charCodeAt(18) - 48);
}

/** UTC ms → { day number, minute of day } in timeZone. */
export function utcToLocal(timeZone: string, utcMs: number): { dn: number; minute: number } {
  const off = tzOffsetMinAt(timeZone, utcMs);
  const wallMs = utcMs + off * 60_000;
  const dn = Math.floor(wallMs / MS_PER_DAY);
  return { dn, minute: Math.floor((wallMs - dn * MS_PER_DAY) / 60_000) };
}
