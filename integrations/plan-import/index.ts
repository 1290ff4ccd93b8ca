/**
 * @module integrations/plan-import
 * Training plans followed elsewhere, read from an ICS URL. `fetchPlanFeed` is ETag aware; the
 * parser turns the feed into planned runs that the planner reads as expected future days.
 */
import { IntegrationError } from '../../src/core/errors';
import { statusClass } from '../shared/http';

export { type ImportedRun, type ParseOptions, parsePlanIcs } from './parse';

/** Feeds bigger than this are refused (a plan is a few hundred events). */
const MAX_FEED_BYTES = 5 * 1024 * 1024;

export type PlanFeedResult = { changed: false } | { changed: true; body: string; etag: string | undefined; lastModified: string | undefined };

/** `webcal://` is how calendar apps spell `https://`. */
export function normalizeFeedUrl(url: string): string {
  return url.replace(/^webcals?:\/\//i, 'https://');
}

/**
 * GET the feed with If-None-Match/If-Modified-Since; a 304 reports `changed: false`. The URL is
 * the runner's: errors name the status class only, never the body (pass a guarded fetch).
 */
export async function fetchPlanFeed(
  fetchFn: typeof fetch,
  url: string,
  validators: { etag?: string | null; lastModified?: string | null },
  nowMs: number,
): Promise<PlanFeedResult> {
  const headers: Record<string, string> = { accept: 'text/calendar, */*;q=0.5' };
  if (validators.etag) headers['if-none-match'] = validators.etag;
  if (validators.lastModified) headers['if-modified-since'] = validators.lastModified;
  let res: Response;
  try {
    res = await fetchFn(normalizeFeedUrl(url), { headers, redirect: 'follow' });
  } catch (cause) {
    // A refusal of the outbound guard (private address, too many redirects) is already ours.
    if (cause instanceof IntegrationError) throw cause;
    throw new IntegrationError('UPSTREAM_UNAVAILABLE', 'the plan feed could not be reached', { retryable: true, cause });
  }
  if (res.status === 304) {
    await res.text().catch(() => '');
    return { changed: false };
  }
  if (!res.ok) {
    await res.text().catch(() => '');
    const retryable = res.status >= 500 || res.status === 429 || res.status === 408;
    throw new IntegrationError(retryable ? 'UPSTREAM_UNAVAILABLE' : 'BAD_REQUEST', `the plan feed answered with an error (${statusClass(res.status)})`, {
      retryable,
      upstreamStatus: res.status,
      ...(retryable ? { retryAtMs: nowMs + 15 * 60_000 } : {}),
    });
  }
  const declared = Number(res.headers.get('content-length') ?? 0);
  if (declared > MAX_FEED_BYTES) {
    await res.text().catch(() => '');
    throw new IntegrationError('BAD_REQUEST', 'the plan feed is too large', { retryable: false });
  }
  const body = await res.text();
  if (body.length > MAX_FEED_BYTES) throw new IntegrationError('BAD_REQUEST', 'the plan feed is too large', { retryable: false });
  return { changed: true, body, etag: res.headers.get('etag') ?? undefined, lastModified: res.headers.get('last-modified') ?? undefined };
}
