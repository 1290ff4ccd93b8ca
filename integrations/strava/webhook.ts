/**
 * Webhook events: what they mean and how to recognise a redelivery. Strava events carry no id
 * and no signature, so the dedupe key is built from every field that identifies the change.
 */
import type { WebhookEvent } from './wire';

export { WebhookEvent } from './wire';

/**
 * Same event delivered twice (Strava retries after a slow ack) → same key. Two different
 * changes to one activity differ in `event_time` or `updates`.
 */
export function webhookDedupeKey(event: WebhookEvent): string {
  const updates = Object.keys(event.updates)
    .sort()
    .map((k) => `${k}=${event.updates[k]}`)
    .join('&');
  return `${event.object_type}:${event.object_id}:${event.aspect_type}:${event.event_time}:${event.owner_id}:${updates}`;
}

export type EventAction =
  | { kind: 'activity.upsert'; activityId: string; athleteId: string; updates: Record<string, string> }
  | { kind: 'activity.delete'; activityId: string; athleteId: string }
  | { kind: 'athlete.deauthorize'; athleteId: string }
  | { kind: 'ignore'; reason: string };

/** What the processor should do with one event. */
export function classifyEvent(event: WebhookEvent): EventAction {
  const athleteId = String(event.owner_id);
  if (event.object_type === 'athlete') {
    if (event.updates['authorized'] === 'false') return { kind: 'athlete.deauthorize', athleteId };
    return { kind: 'ignore', reason: `athlete ${event.aspect_type} event` };
  }
  const activityId = String(event.object_id);
  if (event.aspect_type === 'delete') return { kind: 'activity.delete', activityId, athleteId };
  return { kind: 'activity.upsert', activityId, athleteId, updates: event.updates };
}

/**
 * An update that only renames or flips privacy changes nothing we classify on, so it can be
 * applied without fetching the activity again (a `type` change can: it is fetched).
 */
export function updateNeedsFetch(updates: Record<string, string>): boolean {
  return Object.keys(updates).some((k) => k !== 'title' && k !== 'private');
}
