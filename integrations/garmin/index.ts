/**
 * @module integrations/garmin
 * Garmin Connect Developer Program (Activity API push/ping, OAuth 2.0 + PKCE, user endpoints).
 */
export { BACKFILL_WINDOW_S, createGarminClient, type GarminClient, type GarminClientOptions, isOnApiHost } from './client';
export { GarminApiError, type GarminErrorReason, garminHttpError, isGarminError } from './errors';
export { authorizeUrl, exchangeCode, type GarminOAuthOptions, type GarminTokens, pkceChallenge, refreshTokens } from './oauth';
export { mapGarminSport, toNewActivity } from './transform';
export {
  ACTIVITY_EXPORT,
  ActivitySummary,
  Deregistration,
  GARMIN_PUSH_TYPES,
  type GarminPushType,
  Notification,
  PermissionChange,
  PingEntry,
  TokenResponse,
} from './wire';
