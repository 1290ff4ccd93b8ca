/**
 * A stateful fake of the parts of Google Calendar v3 and Google OAuth we use, answering as the
 * documented API does: client-chosen event ids (base32hex), 409 `duplicate` on an
 * existing id (cancelled ones included), DELETE → `status: cancelled`, 410 on a second DELETE,
 * `showDeleted` listing, 401 on an unknown access token, `invalid_grant` on a bad refresh token,
 * and injectable 403 `rateLimitExceeded` / 429 / 5xx failures.
 */
import { HttpResponse, http } from 'msw';

export const GOOGLE_BASE = 'https://google.test';
export const GOOGLE_ENV = {
  GOOGLE_CLIENT_ID: 'client-id.apps.googleusercontent.test',
  GOOGLE_CLIENT_SECRET: 'client-secret-test',
  GOOGLE_AUTH_URL: `${GOOGLE_BASE}/o/oauth2/v2/auth`,
  GOOGLE_TOKEN_URL: `${GOOGLE_BASE}/token`,
  GOOGLE_CALENDAR_API_URL: `${GOOGLE_BASE}/calendar/v3`,
};
export const GOOGLE_SCOPE = 'https://www.googleapis.com/auth/calendar.app.created';

export interface FakeEvent {
  id: string;
  status: 'confirmed' | 'tentative' | 'cancelled';
  etag: string;
  sequence: number;
  summary?: string;
  description?: string;
  start?: { dateTime?: string; timeZone?: string; date?: string };
  end?: { dateTime?: string; timeZone?: string; date?: string };
  reminders?: unknown;
  extendedProperties?: { private?: Record<string, string> };
  [k: string]: unknown;
}

interface Failure {
  status: number;
  reason?: string;
  retryAfterS?: number;
}

const ID_PATTERN = /^[a-v0-9]{5,1024}$/;

function apiError(status: number, reason: string, message: string, headers: Record<string, string> = {}) {
  return HttpResponse.json({ error: { errors: [{ domain: reason === 'duplicate' ? 'global' : 'usageLimits', reason, message }], code: status, message } }, { status, headers });
}

export function createGoogleFake() {
  const calendars = new Map<string, { summary: string; timeZone?: string; events: Map<string, FakeEvent> }>();
  const accessTokens = new Set<string>();
  const refreshTokens = new Set<string>();
  const failures: Failure[] = [];
  let counter = 0;
  const log: Array<{ method: string; path: string; status: number }> = [];

  const issue = () => {
    counter++;
    const access = `ya29.access-${counter}`;
    accessTokens.add(access);
    return access;
  };

  const fake = {
    calendars,
    log,
    /** writes to events (insert/update/patch/delete), the figure the sync must keep at zero on a no-op */
    get eventWrites() {
      return log.filter((l) => l.path.includes('/events') && l.method !== 'GET').length;
    },
    resetLog() {
      log.length = 0;
    },
    /** tokens a connected runner holds */
    grant(): { accessToken: string; refreshToken: string; expiresAtMs: number; scope: string } {
      const refreshToken = `1//refresh-${++counter}`;
      refreshTokens.add(refreshToken);
      return { accessToken: issue(), refreshToken, expiresAtMs: Date.parse('2100-01-01T00:00:00Z'), scope: GOOGLE_SCOPE };
    },
    /** every access token stops working (Google answers 401 until a refresh) */
    expireAccessTokens() {
      accessTokens.clear();
    },
    revokeRefreshTokens() {
      refreshTokens.clear();
      accessTokens.clear();
    },
    /** the next event calls fail with these statuses, in order */
    failNext(...f: Failure[]) {
      failures.push(...f);
    },
    events(calendarId?: string): FakeEvent[] {
      const cal = calendarId ? calendars.get(calendarId) : [...calendars.values()][0];
      return cal ? [...cal.events.values()] : [];
    },
    liveEvents(calendarId?: string): FakeEvent[] {
      return fake.events(calendarId).filter((e) => e.status !== 'cancelled');
    },
    /** the runner deletes an event in the Google Calendar UI */
    userDeletes(eventId: string, calendarId?: string) {
      const cal = calendarId ? calendars.get(calendarId) : [...calendars.values()][0];
      const e = cal?.events.get(eventId);
      if (!e) throw new Error(`no event ${eventId}`);
      e.status = 'cancelled';
      e.etag = `"e${++counter}"`;
    },
    /** the runner deletes the whole calendar */
    userDeletesCalendar(calendarId: string) {
      calendars.delete(calendarId);
    },
    handlers: [] as ReturnType<typeof http.all>[],
  };

  async function token(request: Request): Promise<Response> {
    const form = new URLSearchParams(await request.text());
    if (form.get('client_id') !== GOOGLE_ENV.GOOGLE_CLIENT_ID || form.get('client_secret') !== GOOGLE_ENV.GOOGLE_CLIENT_SECRET) {
      return HttpResponse.json({ error: 'invalid_client' }, { status: 401 });
    }
    if (form.get('grant_type') === 'authorization_code') {
      const code = form.get('code');
      if (code !== 'good-code' && code !== 'narrow-code') return HttpResponse.json({ error: 'invalid_grant', error_description: 'Bad Request' }, { status: 400 });
      const refresh = `1//refresh-${++counter}`;
      refreshTokens.add(refresh);
      const scope = code === 'good-code' ? GOOGLE_SCOPE : 'openid';
      return HttpResponse.json({ access_token: issue(), expires_in: 3599, refresh_token: refresh, scope, token_type: 'Bearer' });
    }
    if (form.get('grant_type') === 'refresh_token') {
      if (!refreshTokens.has(form.get('refresh_token') ?? '')) return HttpResponse.json({ error: 'invalid_grant', error_description: 'Token has been expired or revoked.' }, { status: 400 });
      return HttpResponse.json({ access_token: issue(), expires_in: 3599, scope: GOOGLE_SCOPE, token_type: 'Bearer' });
    }
    return HttpResponse.json({ error: 'unsupported_grant_type' }, { status: 400 });
  }

  function inWindow(e: FakeEvent, timeMin: string | null, timeMax: string | null): boolean {
    const day = e.start?.date ?? e.start?.dateTime?.slice(0, 10);
    if (!day) return true;
    if (timeMin && day < timeMin.slice(0, 10)) return false;
    if (timeMax && day > timeMax.slice(0, 10)) return false;
    return true;
  }

  async function api(request: Request, path: string): Promise<Response> {
    const auth = request.headers.get('authorization') ?? '';
    if (!accessTokens.has(auth.replace(/^Bearer /, ''))) {
      return HttpResponse.json({ error: { code: 401, message: 'Request had invalid authentication credentials.', status: 'UNAUTHENTICATED' } }, { status: 401 });
    }
    const url = new URL(request.url);
    const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
    if (parts[0] !== 'calendars') return apiError(404, 'notFound', 'Not Found');
    if (parts.length === 1 && request.method === 'POST') {
      const body = (await request.json()) as { summary: string; timeZone?: string };
      const id = `c${++counter}hardday@group.calendar.google.com`;
      calendars.set(id, { summary: body.summary, ...(body.timeZone ? { timeZone: body.timeZone } : {}), events: new Map() });
      return HttpResponse.json({ kind: 'calendar#calendar', id, summary: body.summary, timeZone: body.timeZone });
    }
    const cal = calendars.get(parts[1] ?? '');
    if (!cal) return apiError(404, 'notFound', 'Not Found');
    if (parts[2] !== 'events') return HttpResponse.json({ id: parts[1], summary: cal.summary });
    const failure = failures.shift();
    if (failure) {
      return apiError(failure.status, failure.reason ?? (failure.status === 429 ? 'rateLimitExceeded' : 'backendError'), 'injected failure', failure.retryAfterS ? { 'retry-after': String(failure.retryAfterS) } : {});
    }
    const eventId = parts[3];
    if (!eventId) {
      if (request.method === 'POST') {
        const body = (await request.json()) as FakeEvent;
        if (!(body.id ?? '').match(ID_PATTERN)) return apiError(400, 'invalid', 'Invalid resource id value.');
        if (cal.events.has(body.id)) return apiError(409, 'duplicate', 'The requested identifier already exists.');
        const event: FakeEvent = { ...body, status: body.status ?? 'confirmed', etag: `"e${++counter}"`, sequence: 0 };
        cal.events.set(body.id, event);
        return HttpResponse.json(event);
      }
      const showDeleted = url.searchParams.get('showDeleted') === 'true';
      const max = Number(url.searchParams.get('maxResults') ?? 250);
      const all = [...cal.events.values()].filter((e) => (showDeleted || e.status !== 'cancelled') && inWindow(e, url.searchParams.get('timeMin'), url.searchParams.get('timeMax')));
      const offset = Number(url.searchParams.get('pageToken') ?? 0);
      const items = all.slice(offset, offset + max);
      return HttpResponse.json({ kind: 'calendar#events', items, ...(offset + max < all.length ? { nextPageToken: String(offset + max) } : {}) });
    }
    const existing = cal.events.get(eventId);
    if (request.method === 'GET') return existing ? HttpResponse.json(existing) : apiError(404, 'notFound', 'Not Found');
    if (request.method === 'PUT') {
      if (!existing) return apiError(404, 'notFound', 'Not Found');
      const body = (await request.json()) as FakeEvent;
      const event: FakeEvent = { ...body, id: eventId, status: body.status ?? 'confirmed', etag: `"e${++counter}"`, sequence: existing.sequence + 1 };
      cal.events.set(eventId, event);
      return HttpResponse.json(event);
    }
    if (request.method === 'DELETE') {
      if (!existing) return apiError(404, 'notFound', 'Not Found');
      if (existing.status === 'cancelled') return apiError(410, 'deleted', 'Resource has been deleted');
      existing.status = 'cancelled';
      existing.etag = `"e${++counter}"`;
      return new HttpResponse(null, { status: 204 });
    }
    return apiError(405, 'methodNotAllowed', 'Method not allowed');
  }

  async function handle(request: Request): Promise<Response> {
    const url = new URL(request.url);
    let response: Response;
    if (url.pathname === '/token') response = await token(request);
    else if (url.pathname.startsWith('/calendar/v3/')) response = await api(request, url.pathname.slice('/calendar/v3'.length));
    else response = new HttpResponse('not found', { status: 404 });
    log.push({ method: request.method, path: url.pathname, status: response.status });
    return response;
  }

  fake.handlers = [http.all(`${GOOGLE_BASE}/*`, ({ request }) => handle(request))];
  return Object.assign(fake, { handle, fetch: (input: RequestInfo | URL, init?: RequestInit) => handle(new Request(input, init)) });
}

export type GoogleFake = ReturnType<typeof createGoogleFake>;
