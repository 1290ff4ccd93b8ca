/**
 * Strava integration: REST client (strava-v3 over the injected fetch), OAuth, wire schemas,
 * pure transforms, webhook helpers, errors and the rate-limit governor. Database work lives in
 * `src/services/strava-*.ts`.
 */
import { createStravaApi, type StravaApi, type StravaResponseInfo } from './client';
import { createStravaOAuth, type StravaOAuth } from './oauth';

export * from './client';
export * from './errors';
export * from './governor';
export * from './oauth';
export * from './transform';
export * from './webhook';
export { PushSubscription, StravaActivity, SummaryAthlete, TokenResponse } from './wire';

export interface StravaConfig {
  clientId: string;
  clientSecret: string;
  apiUrl: string;
  oauthUrl: string;
  timeoutMs: number;
}

export interface StravaIntegration {
  api: StravaApi;
  oauth: StravaOAuth;
}

/** Build the API and OAuth clients over one fetch; `onApiResponse` feeds the governor. */
export function createStrava(
  config: StravaConfig,
  io: { fetch: typeof fetch; now: () => number; onApiResponse?: (info: StravaResponseInfo) => void | Promise<void>; onOAuthResponse?: (status: number) => void },
): StravaIntegration {
  return {
    api: createStravaApi({ fetch: io.fetch, apiUrl: config.apiUrl, timeoutMs: config.timeoutMs, now: io.now, ...(io.onApiResponse ? { onResponse: io.onApiResponse } : {}) }),
    oauth: createStravaOAuth({
      fetch: io.fetch,
      oauthUrl: config.oauthUrl,
      clientId: config.clientId,
      clientSecret: config.clientSecret,
      timeoutMs: config.timeoutMs,
      now: io.now,
      ...(io.onOAuthResponse ? { onResponse: io.onOAuthResponse } : {}),
    }),
  };
}
