/**
 * @module integrations/strava/limits
 * Caps on what a Strava payload (or a forged webhook) can make us store. Strava's own editor
 * keeps titles well under these; anything longer is truncated, never refused (a real activity
 * must still be stored).
 */

/** An activity title. */
export const MAX_NAME_CHARS = 255;
/** A time-zone label such as `(GMT-05:00) America/New_York`. */
export const MAX_ZONE_CHARS = 64;
/** A value of a webhook event's `updates` (title, type, private…). */
export const MAX_UPDATE_VALUE_CHARS = 255;
/** Keys of a webhook event's `updates` (Strava sends at most a handful). */
export const MAX_UPDATE_KEYS = 16;
/** The raw activity JSON kept for the retention window: a bigger one is not kept. */
export const MAX_RAW_PAYLOAD_CHARS = 256 * 1024;

/** Truncate to `max` characters without splitting a surrogate pair. */
export function capText(value: string, max: number): string {
  if (value.length <= max) return value;
  const cut = value.slice(0, max);
  const last = cut.charCodeAt(cut.length - 1);
  return last >= 0xd800 && last <= 0xdbff ? cut.slice(0, -1) : cut;
}

export function capNullable(value: string | null | undefined, max: number): string | null {
  return value == null ? null : capText(value, max);
}
