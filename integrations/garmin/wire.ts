/**
 * @module integrations/garmin/wire
 * Garmin Connect Developer Program JSON (Activity API push/ping notifications, user endpoints,
 * OAuth 2.0 token answers), as zod schemas. Unknown fields pass through untouched.
 */
import { z } from 'zod';

/** One activity summary (push mode delivers these; ping callbacks answer a list of them). */
export const ActivitySummary = z
  .object({
    userId: z.string().min(1),
    summaryId: z.string().min(1),
    activityId: z.number().int().optional(),
    activityName: z.string().optional(),
    activityType: z.string().default('OTHER'),
    startTimeInSeconds: z.number().int(),
    startTimeOffsetInSeconds: z.number().int().default(0),
    durationInSeconds: z.number().nonnegative(),
    distanceInMeters: z.number().nonnegative().optional(),
    averageHeartRateInBeatsPerMinute: z.number().optional(),
    maxHeartRateInBeatsPerMinute: z.number().optional(),
    totalElevationGainInMeters: z.number().optional(),
    deviceName: z.string().optional(),
    manual: z.boolean().optional(),
    isParent: z.boolean().optional(),
  })
  .loose();
export type ActivitySummary = z.infer<typeof ActivitySummary>;

/** Ping mode: only who and where to fetch. */
export const PingEntry = z.object({ userId: z.string().min(1), callbackURL: z.string().url() }).loose();
export type PingEntry = z.infer<typeof PingEntry>;

export const Deregistration = z.object({ userId: z.string().min(1) }).loose();
export const PermissionChange = z.object({ userId: z.string().min(1), permissions: z.array(z.string()) }).loose();

/** The notification types this app subscribes to, as the POST path names them. */
export const GARMIN_PUSH_TYPES = ['activities', 'manuallyUpdatedActivities', 'deregistrations', 'userPermissionsChange'] as const;
export type GarminPushType = (typeof GARMIN_PUSH_TYPES)[number];

/** A notification body: entries grouped under the type's key (a POST may carry several users). */
export const Notification = z
  .object({
    activities: z.array(z.record(z.string(), z.unknown())).optional(),
    manuallyUpdatedActivities: z.array(z.record(z.string(), z.unknown())).optional(),
    deregistrations: z.array(Deregistration).optional(),
    userPermissionsChange: z.array(PermissionChange).optional(),
  })
  .loose();
export type Notification = z.infer<typeof Notification>;

export const TokenResponse = z
  .object({
    access_token: z.string().min(1),
    token_type: z.string().optional(),
    expires_in: z.number().int().positive(),
    refresh_token: z.string().min(1),
    refresh_token_expires_in: z.number().int().optional(),
    scope: z.string().optional(),
  })
  .loose();
export type TokenResponse = z.infer<typeof TokenResponse>;

export const UserIdResponse = z.object({ userId: z.string().min(1) }).loose();
export const PermissionsResponse = z.array(z.string());

export const ErrorEnvelope = z.object({ errorMessage: z.string() }).loose();

/** Permission that lets the app read activities. */
export const ACTIVITY_EXPORT = 'ACTIVITY_EXPORT';
