/**
 * @module integrations/shared/http
 * Small HTTP helpers shared by the calendar integrations.
 */

/** `Retry-After` (delay in seconds, or an HTTP date) as an instant in ms, or undefined when absent or unreadable. */
export function retryAfterMs(headers: Headers | undefined, nowMs: number): number | undefined {
  const value = headers?.get('retry-after');
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return nowMs + Math.max(0, seconds) * 1000;
  const at = Date.parse(value);
  return Number.isFinite(at) ? at : undefined;
}

/**
 * `404` → `4xx`. All a message shown to the runner (or stored as a last error) says about the
 * answer of a server at a URL the runner typed: the exact status and the body would make the
 * server an oracle for probing other hosts.
 */
export function statusClass(status: number): string {
  return `${Math.floor(status / 100)}xx`;
}
