/**
 * @module config
 * One zod schema for every setting. Parsed once by each runtime entry from its environment;
 * no other module reads the environment. A bad value stops start-up with a line naming it.
 */
import { z } from 'zod';

const port = z.coerce.number().int().min(0).max(65535);
const httpUrl = z
  .url({ protocol: /^https?$/, message: 'must be an http(s) URL' })
  .transform((u) => u.replace(/\/+$/, ''));
const positiveInt = z.coerce.number().int().positive();
const flag = z
  .enum(['true', 'false', '1', '0'], { message: 'must be true or false' })
  .transform((v) => v === 'true' || v === '1');

const ConfigSchema = z
  .object({
    PORT: port.default(8787),
    HOST: z.string().min(1).default('127.0.0.1'),
    PUBLIC_URL: httpUrl.default('http://localhost:8787'),
    DATABASE_PATH: z.string().min(1).default('./data/hardday.db'),
    SECRET_KEY: z
      .string()
      .min(32, 'must be at least 32 characters (e.g. `openssl rand -hex 32`)')
      .optional(),
    LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
    BODY_LIMIT_BYTES: positiveInt.default(256 * 1024),

    JOB_MAX_ATTEMPTS: positiveInt.default(8),
    JOB_LEASE_MS: positiveInt.default(60_000),
    JOB_POLL_MS: positiveInt.default(250),
    JOB_CONCURRENCY: positiveInt.default(4),
    SHUTDOWN_GRACE_MS: positiveInt.default(10_000),
    SCHEDULER_ENABLED: flag.default(true),
    OUTBOUND_ALLOW_PRIVATE: flag.default(false),

    STRAVA_CLIENT_ID: z.string().regex(/^\d+$/, 'must be the numeric app id').optional(),
    STRAVA_CLIENT_SECRET: z.string().min(1).optional(),
    STRAVA_VERIFY_TOKEN: z.string().min(8, 'must be at least 8 characters').optional(),
    STRAVA_API_URL: httpUrl.default('https://www.strava.com/api/v3'),
    STRAVA_OAUTH_URL: httpUrl.default('https://www.strava.com/oauth'),
    STRAVA_RAW_RETENTION_DAYS: z.coerce.number().int().min(0).max(7).default(7),
    STRAVA_BACKFILL_WEEKS: positiveInt.default(12),
    STRAVA_RECONCILE_DAYS: z.coerce.number().int().min(3).default(7),
    STRAVA_FETCH_DELAY_MS: z.coerce.number().int().min(0).default(20_000),
    STRAVA_TIMEOUT_MS: positiveInt.default(10_000),

    GARMIN_CLIENT_ID: z.string().min(1).optional(),
    GARMIN_CLIENT_SECRET: z.string().min(1).optional(),
    GARMIN_API_URL: httpUrl.default('https://apis.garmin.com'),
    GARMIN_OAUTH_URL: httpUrl.default('https://connect.garmin.com/oauth2Confirm'),
    GARMIN_TOKEN_URL: httpUrl.default('https://diauth.garmin.com/di-oauth2-service/oauth/token'),
    GARMIN_BACKFILL_DAYS: z.coerce.number().int().min(0).max(30).default(30),
    /** POST /api/me/uploads: largest request body, most files (after unpacking), largest unpacked total */
    UPLOAD_MAX_BYTES: positiveInt.default(512 * 1024 * 1024),
    UPLOAD_MAX_FILES: positiveInt.default(5_000),
    UPLOAD_MAX_UNPACKED_BYTES: positiveInt.default(2 * 1024 * 1024 * 1024),

    /** per request to Google Calendar, CalDAV servers and training-plan feeds */
    CALENDAR_TIMEOUT_MS: positiveInt.default(15_000),
    GOOGLE_CLIENT_ID: z.string().min(1).optional(),
    GOOGLE_CLIENT_SECRET: z.string().min(1).optional(),
    GOOGLE_AUTH_URL: httpUrl.default('https://accounts.google.com/o/oauth2/v2/auth'),
    GOOGLE_TOKEN_URL: httpUrl.default('https://oauth2.googleapis.com/token'),
    GOOGLE_CALENDAR_API_URL: httpUrl.default('https://www.googleapis.com/calendar/v3'),
  })
  .superRefine((c, ctx) => {
    const stravaParts = [c.STRAVA_CLIENT_ID, c.STRAVA_CLIENT_SECRET];
    if (stravaParts.some(Boolean) && !stravaParts.every(Boolean)) {
      ctx.addIssue({
        code: 'custom',
        path: [c.STRAVA_CLIENT_ID ? 'STRAVA_CLIENT_SECRET' : 'STRAVA_CLIENT_ID'],
        message: 'is required when the other Strava credential is set',
      });
    }
    if (c.STRAVA_CLIENT_ID && !c.STRAVA_VERIFY_TOKEN) {
      ctx.addIssue({
        code: 'custom',
        path: ['STRAVA_VERIFY_TOKEN'],
        message: 'is required when Strava is enabled',
      });
    }
    if (Boolean(c.GOOGLE_CLIENT_ID) !== Boolean(c.GOOGLE_CLIENT_SECRET)) {
      ctx.addIssue({
        code: 'custom',
        path: [c.GOOGLE_CLIENT_ID ? 'GOOGLE_CLIENT_SECRET' : 'GOOGLE_CLIENT_ID'],
        message: 'is required when the other Google credential is set',
      });
    }
  });

/** Parsed configuration; `secretKey` is always present once an entry has resolved it. */
export type Config = z.output<typeof ConfigSchema> & { SECRET_KEY: string };

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Parse an environment-like record. Throws ConfigError whose message names every bad variable. */
export function parseConfig(env: Record<string, string | undefined>): z.output<typeof ConfigSchema> {
  const present = Object.fromEntries(
    Object.entries(env).filter(([, v]) => v !== undefined && v !== ''),
  );
  const result = ConfigSchema.safeParse(present);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => {
    const name = issue.path.join('.') || 'configuration';
    const given = present[name];
    const shown = given === undefined || /SECRET|TOKEN|KEY/.test(name) ? '' : ` (got "${given}")`;
    return `${name} ${issue.message}${shown}`;
  });
  throw new ConfigError(`Invalid configuration: ${lines.join('; ')}`);
}

export function isStravaEnabled(c: Config): boolean {
  return Boolean(c.STRAVA_CLIENT_ID && c.STRAVA_CLIENT_SECRET);
}
export function isGoogleEnabled(c: Config): boolean {
  return Boolean(c.GOOGLE_CLIENT_ID && c.GOOGLE_CLIENT_SECRET);
}
