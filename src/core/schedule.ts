/** The number of the `minutes`-long time slot `nowMs` falls in: part of a periodic job's idempotency key. */
export const slot = (nowMs: number, minutes: number): string => String(Math.floor(nowMs / (minutes * 60_000)));
