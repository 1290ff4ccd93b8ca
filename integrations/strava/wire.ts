/**
 * Zod schemas for the JSON Strava sends us (REST responses, OAuth responses, webhook events).
 * Objects are loose: Strava adds fields over time and we keep the raw payload anyway; only the
 * fields we read are checked. Ids arrive as JSON numbers and leave as strings.
 */
import { z } from 'zod';
import { capText, MAX_UPDATE_KEYS, MAX_UPDATE_VALUE_CHARS } from './limits';

/** A Strava id (JSON number or string) as a decimal string. */
const StravaId = z.union([z.number().int().nonnegative(), z.string().regex(/^\d+$/)]).transform((v) => String(v));

const optionalNumber = z.number().nullish();

/** The athlete object inside token responses and `GET /athlete` (summary form). */
export const SummaryAthlete = z.looseObject({
  id: StravaId,
  firstname: z.string().nullish(),
  lastname: z.string().nullish(),
  sex: z.string().nullish(),
  city: z.string().nullish(),
});
export type SummaryAthlete = z.output<typeof SummaryAthlete>;

/** `POST /oauth/token` answer, for both the code exchange and a refresh (no athlete then). */
export const TokenResponse = z.looseObject({
  token_type: z.string().optional(),
  access_token: z.string().min(1),
  refresh_token: z.string().min(1),
  expires_at: z.number().int().positive(),
  expires_in: z.number().int().optional(),
  athlete: SummaryAthlete.optional(),
});
export type TokenResponse = z.output<typeof TokenResponse>;

/** Strava's error envelope: `{"message":"…","errors":[{"resource","field","code"}]}`. */
export const StravaFault = z.looseObject({
  message: z.string().optional(),
  errors: z.array(z.looseObject({ resource: z.string().optional(), field: z.string().optional(), code: z.string().optional() })).optional(),
});
export type StravaFault = z.output<typeof StravaFault>;

/**
 * SummaryActivity (list endpoints) and DetailedActivity (`GET /activities/{id}`) share every
 * field we use; `perceived_exertion` only comes with the detail.
 */
export const StravaActivity = z.looseObject({
  id: StravaId,
  athlete: z.looseObject({ id: StravaId }),
  name: z.string().nullish(),
  sport_type: z.string().nullish(),
  type: z.string().nullish(),
  workout_type: optionalNumber,
  distance: optionalNumber,
  moving_time: optionalNumber,
  elapsed_time: z.number().nonnegative(),
  total_elevation_gain: optionalNumber,
  start_date: z.string().min(10),
  start_date_local: z.string().min(19),
  timezone: z.string().nullish(),
  utc_offset: optionalNumber,
  trainer: z.boolean().nullish(),
  manual: z.boolean().nullish(),
  has_heartrate: z.boolean().nullish(),
  average_heartrate: optionalNumber,
  max_heartrate: optionalNumber,
  perceived_exertion: optionalNumber,
});
export type StravaActivity = z.output<typeof StravaActivity>;


/** A webhook event POSTed by Strava (it carries no id and no signature). */
export const WebhookEvent = z.object({
  object_type: z.enum(['activity', 'athlete']),
  object_id: z.number().int().nonnegative(),
  aspect_type: z.enum(['create', 'update', 'delete']),
  // Unsigned input stored in the inbox: bounded (keys refused past the cap, values truncated).
  updates: z
    .record(
      z.string().max(64),
      z.union([z.string(), z.number(), z.boolean()]).transform((v) => capText(String(v), MAX_UPDATE_VALUE_CHARS)),
    )
    .refine((u) => Object.keys(u).length <= MAX_UPDATE_KEYS, `at most ${MAX_UPDATE_KEYS} updates`)
    .default({}),
  owner_id: z.number().int().nonnegative(),
  subscription_id: z.number().int().nonnegative(),
  event_time: z.number().int().nonnegative(),
});
export type WebhookEvent = z.output<typeof WebhookEvent>;

/** The GET handshake Strava sends when a push subscription is created. */
export const HandshakeQuery = z.object({
  'hub.mode': z.literal('subscribe'),
  'hub.challenge': z.string().min(1).max(512),
  'hub.verify_token': z.string(),
});

export const PushSubscription = z.looseObject({
  id: z.number().int(),
  application_id: z.number().int().optional(),
  callback_url: z.string(),
  created_at: z.string().optional(),
  updated_at: z.string().optional(),
});
export type PushSubscription = z.output<typeof PushSubscription>;
export const PushSubscriptionList = z.array(PushSubscription);
export const CreatedSubscription = z.looseObject({ id: z.number().int() });
