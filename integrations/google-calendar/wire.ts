/**
 * @module integrations/google-calendar/wire
 * zod schemas for the parts of Google's JSON we read. Unknown fields pass through untouched.
 */
import { z } from 'zod';

export const GoogleTokenResponse = z.object({
  access_token: z.string().min(1),
  expires_in: z.coerce.number().int().positive(),
  refresh_token: z.string().min(1).optional(),
  scope: z.string().optional(),
  token_type: z.string().optional(),
});
export type GoogleTokenResponse = z.infer<typeof GoogleTokenResponse>;

/** OAuth endpoint errors: `{"error":"invalid_grant","error_description":"…"}` */
export const GoogleOAuthError = z.object({ error: z.string(), error_description: z.string().optional() });

/** API errors: `{"error":{"code":403,"message":"…","errors":[{"reason":"rateLimitExceeded"}]}}` */
export const GoogleApiError = z.object({
  error: z.object({
    code: z.number().optional(),
    message: z.string().optional(),
    status: z.string().optional(),
    errors: z.array(z.looseObject({ reason: z.string().optional(), domain: z.string().optional(), message: z.string().optional() })).optional(),
  }),
});

export const GoogleCalendar = z.looseObject({ id: z.string().min(1), summary: z.string().optional() });

export const GoogleEvent = z.looseObject({
  id: z.string(),
  etag: z.string().optional(),
  status: z.enum(['confirmed', 'tentative', 'cancelled']).optional(),
  extendedProperties: z.looseObject({ private: z.record(z.string(), z.string()).optional() }).optional(),
});
export type GoogleEvent = z.infer<typeof GoogleEvent>;

export const GoogleEventList = z.looseObject({
  items: z.array(GoogleEvent).default([]),
  nextPageToken: z.string().optional(),
  nextSyncToken: z.string().optional(),
});

/** The event body we send (PUT replaces the whole event, so every field we own is here). */
export interface GoogleEventBody {
  id: string;
  status: 'confirmed';
  summary: string;
  description: string;
  start: { dateTime: string; timeZone: string } | { date: string };
  end: { dateTime: string; timeZone: string } | { date: string };
  transparency: 'opaque' | 'transparent';
  reminders: { useDefault: false; overrides: Array<{ method: 'popup'; minutes: number }> };
  source?: { title: string; url: string };
  extendedProperties: { private: Record<string, string> };
}
