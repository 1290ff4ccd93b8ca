/**
 * @module services/calendar-sinks
 * The typed registry of calendar targets: one factory per kind, each building a CalendarSink
 * from a target row (unsealed credentials, stored container id, the runner's zone).
 */
import { createCalDavSink } from '../../integrations/caldav';
import { createGoogleCalendarSink, type GoogleTokens } from '../../integrations/google-calendar';
import { guardFetch, outboundUrlProblem } from '../../integrations/shared/outbound-url';
import { isGoogleEnabled } from '../core/config';
import type { AppDeps } from '../deps';
import { AppError, validation } from '../core/errors';
import type { CalendarSink } from '../core/ports/calendar-sink';
import { type CalendarTargetRow, readCredentials, saveCredentials } from './targets';
import type { CalendarKind } from '../core/vocabulary';

export interface SinkContext {
  deps: AppDeps;
  target: CalendarTargetRow;
  /** the runner's IANA zone */
  timeZone: string;
}

/**
 * The fetch for URLs a runner supplied (CalDAV servers, plan feeds): every request and redirect
 * hop is checked against OUTBOUND_ALLOW_PRIVATE, since a stored URL may predate the rule.
 */
export function userUrlFetch(deps: Pick<AppDeps, 'fetch' | 'outboundFetch' | 'config'>): typeof fetch {
  return guardFetch(deps.outboundFetch ?? deps.fetch, { allowPrivate: deps.config.OUTBOUND_ALLOW_PRIVATE });
}

/** Refuse a runner-supplied URL before storing it: 422 naming `field`. */
export function assertUserUrl(deps: Pick<AppDeps, 'config'>, url: string, field: string): void {
  const problem = outboundUrlProblem(url, { allowPrivate: deps.config.OUTBOUND_ALLOW_PRIVATE });
  if (problem) throw validation(`${field}: ${problem}`, { fields: [{ field, message: problem }] });
}

export type SinkFactory = (ctx: SinkContext) => Promise<CalendarSink>;

function need(value: string | undefined, what: string): string {
  if (!value) throw new AppError('INTERNAL', `calendar target is missing its ${what}`);
  return value;
}

export const calendarSinks = {
  async google({ deps, target, timeZone }) {
    const { config } = deps;
    if (!isGoogleEnabled(config) || !config.GOOGLE_CLIENT_ID || !config.GOOGLE_CLIENT_SECRET) {
      throw new AppError('NOT_CONFIGURED', 'Google Calendar is not configured on this server');
    }
    return createGoogleCalendarSink({
      fetch: deps.fetch,
      apiUrl: config.GOOGLE_CALENDAR_API_URL,
      tokenUrl: config.GOOGLE_TOKEN_URL,
      clientId: config.GOOGLE_CLIENT_ID,
      clientSecret: config.GOOGLE_CLIENT_SECRET,
      now: () => deps.clock.now(),
      containerId: target.containerId,
      timeZone,
      timeoutMs: config.CALENDAR_TIMEOUT_MS,
      tokens: {
        read: async () => (await readCredentials(deps, target)) as GoogleTokens,
        save: (tokens) => saveCredentials(deps, target.id, tokens),
      },
    });
  },
  async caldav({ deps, target }) {
    const secret = (await readCredentials(deps, target)) as { password?: string } | undefined;
    return createCalDavSink({
      credentials: {
        serverUrl: need(target.settings.serverUrl, 'server URL'),
        username: need(target.settings.username, 'username'),
        password: need(secret?.password, 'password'),
      },
      fetch: userUrlFetch(deps),
      now: () => deps.clock.now(),
      containerId: target.containerId,
      timeoutMs: deps.config.CALENDAR_TIMEOUT_MS,
    });
  },
} satisfies Record<CalendarKind, SinkFactory>;
