/**
 * @module config
 * One zod schema for every setting. Parsed once by each runtime entry from its environment;
 * no other module reads the environment. A bad value stops start-up with a line naming it.
 */
import { z } from 'zod';

const number = () => z.coerce.number({ error: 'must be a number' });
const portMessage = 'must be a port number from 0 to 65535 (0 picks a free one)';
const port = z.coerce.number({ error: portMessage }).int(portMessage).min(0, portMessage).max(65535, portMessage);
const httpUrl = z
  .url({ protocol: /^https?$/, message: 'must be an http(s) URL' })
  .transform((u) => u.replace(/\/+$/, ''));
const positiveInt = number().int('must be a whole number').positive('must be above 0');
const flag = z
  .enum(['true', 'false', '1', '0'], { message: 'must be true or false' })
  .transform((v) => v === 'true' || v === '1');

const ConfigObject = z.object({
    PORT: port.default(8787),
    HOST: z.string().min(1).default('127.0.0.1'),
    /** default `http://localhost:<PORT>`, so changing PORT alone keeps OAuth redirects and feed links working */
    PUBLIC_URL: httpUrl.optional(),
    /** where the Node server keeps its files: the database (unless DATABASE_PATH says otherwise) and secret.key */
    DATA_DIR: z
      .string()
      .min(1)
      .default('./data')
      .transform((d) => (d.length > 1 ? d.replace(/\/+$/, '') : d)),
    /** default `<DATA_DIR>/hardday.db` */
    DATABASE_PATH: z.string().min(1).optional(),
    SECRET_KEY: z
      .string()
      .min(32, 'must be at least 32 characters (e.g. `openssl rand -hex 32`)')
      .optional(),
    LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
    BODY_LIMIT_BYTES: positiveInt.default(256 * 1024),
    /** after the owner's first account: `invite` (sign-up needs an invitation) or `open` */
    SIGNUP: z.enum(['invite', 'open']).default('invite'),

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
    STRAVA_RAW_RETENTION_DAYS: number().int('must be a whole number').min(0).max(7).default(7),
    STRAVA_BACKFILL_WEEKS: positiveInt.default(12),
    STRAVA_RECONCILE_DAYS: number().int('must be a whole number').min(3).default(7),
    STRAVA_FETCH_DELAY_MS: number().int('must be a whole number').min(0).default(20_000),
    STRAVA_TIMEOUT_MS: positiveInt.default(10_000),
    STRAVA_PENDING_FETCHES_PER_ATHLETE: positiveInt.default(10),
    STRAVA_PENDING_FETCHES_PER_APP: positiveInt.default(500),

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
  });

const ConfigSchema = ConfigObject.superRefine((c, ctx) => {
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
  })
  .transform((c) => ({
    ...c,
    PUBLIC_URL: c.PUBLIC_URL ?? `http://localhost:${c.PORT}`,
    DATABASE_PATH: c.DATABASE_PATH ?? `${c.DATA_DIR}/hardday.db`,
  }));

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
  const typos = misspelledVariables(present);
  const lines = result.error.issues.map((issue) => {
    const name = issue.path.join('.') || 'configuration';
    const given = present[name];
    const shown = given === undefined || /SECRET|TOKEN|KEY/.test(name) ? '' : ` (got "${given}")`;
    const typo = typos.get(name);
    return `${name} ${issue.message}${shown}${typo ? ` (${typo} is set: a typo of ${name}?)` : ''}`;
  });
  throw new ConfigError(`Invalid configuration: ${lines.join('; ')}`);
}

export function isStravaEnabled(c: Config): boolean {
  return Boolean(c.STRAVA_CLIENT_ID && c.STRAVA_CLIENT_SECRET);
}
export function isGoogleEnabled(c: Config): boolean {
  return Boolean(c.GOOGLE_CLIENT_ID && c.GOOGLE_CLIENT_SECRET);
}

/**
 * Variables the Node launcher reads itself (bin/hardday.js), outside this schema, so the typo
 * check below knows them.
 */
const LAUNCHER_VARIABLES = ['HARDDAY_FROM_SOURCE'] as const;

/** Every variable hardday reads. */
export const KNOWN_VARIABLES: readonly string[] = [...Object.keys(ConfigObject.shape), ...LAUNCHER_VARIABLES];

/** Prefixes only hardday's settings use here, so an unknown name with one is most likely a typo. */
const OWN_PREFIXES = ['STRAVA_', 'GOOGLE_', 'GARMIN_', 'HARDDAY_'];

/** Edit distance (insertions, deletions, substitutions) between two short names. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution);
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/** The known variable `name` most likely means, if one is close enough to be a typo of it. */
export function nearestKnownVariable(name: string): string | undefined {
  const upper = name.toUpperCase();
  if (KNOWN_VARIABLES.includes(upper)) return upper;
  // HARDDAY_PORT and the like: the setting without the prefix
  if (upper.startsWith('HARDDAY_') && KNOWN_VARIABLES.includes(upper.slice('HARDDAY_'.length))) return upper.slice('HARDDAY_'.length);
  let best: { name: string; distance: number } | undefined;
  for (const known of KNOWN_VARIABLES) {
    const distance = editDistance(upper, known);
    if (!best || distance < best.distance) best = { name: known, distance };
  }
  return best && best.distance <= Math.max(2, Math.floor(upper.length / 4)) ? best.name : undefined;
}

/** Set variables with one of hardday's prefixes that are not settings, mapped to their nearest known name. */
function unknownPrefixedVariables(env: Record<string, string | undefined>): Array<{ name: string; nearest: string | undefined }> {
  return Object.keys(env)
    .filter((name) => env[name] !== undefined && !KNOWN_VARIABLES.includes(name))
    .filter((name) => OWN_PREFIXES.some((prefix) => name.toUpperCase().startsWith(prefix)))
    .sort()
    .map((name) => ({ name, nearest: nearestKnownVariable(name) }));
}

/** known name → the set unknown name that is probably its typo */
function misspelledVariables(env: Record<string, string | undefined>): Map<string, string> {
  const typos = new Map<string, string>();
  for (const { name, nearest } of unknownPrefixedVariables(env)) if (nearest && !typos.has(nearest)) typos.set(nearest, name);
  return typos;
}

/**
 * One warning line per set variable that carries one of hardday's prefixes but is not one of
 * its settings (a typo would otherwise be silently ignored), naming the nearest known one.
 * `GOOGLE_*` names near none of ours are left alone: Google's own tools read several
 * (`GOOGLE_APPLICATION_CREDENTIALS`, `GOOGLE_CLOUD_PROJECT`, …).
 */
export function unknownVariableWarnings(env: Record<string, string | undefined>): string[] {
  const lines: string[] = [];
  for (const { name, nearest } of unknownPrefixedVariables(env)) {
    if (nearest) lines.push(`unknown environment variable ${name} is ignored: did you mean ${nearest}?`);
    else if (!name.toUpperCase().startsWith('GOOGLE_')) lines.push(`unknown environment variable ${name} is ignored: hardday has no such setting (see the README's Configuration)`);
  }
  return lines;
}
