/**
 * Removing what hardday pushed to a runner's calendars (account deletion, disconnecting a
 * calendar): every event of ours the calendar holds (listed, plus what the sync records name) is
 * deleted. Best effort within a deadline: a dead or hanging calendar must not block a deletion,
 * so each target that could not be cleaned is reported instead.
 */
import { ContainerGoneError } from '../../integrations/shared/errors';
import type { AppDeps } from '../deps';
import { AppError } from '../core/errors';
import type { CalendarKind } from '../core/vocabulary';
import { getAthleteSettings } from '../db/repositories/users';
import { calendarSinks } from './sinks';
import { type CalendarTargetRow, syncRecordsOf, targetsOfUser } from './targets';

export interface CalendarNotCleaned {
  id: string;
  kind: CalendarKind;
  error: string;
}

/** `DELETE /api/me` answers 204 as the contract says; calendars left uncleaned travel in this header. */
export const CALENDARS_NOT_CLEANED_HEADER = 'hardday-calendars-not-cleaned';

/** The header's value: one `kind; error="…"` item per calendar, comma-separated. */
export function formatCalendarsNotCleaned(failed: readonly CalendarNotCleaned[]): string {
  return failed.map((f) => `${f.kind}; error=${JSON.stringify(f.error.slice(0, 120).replace(/[",\r\n]/g, ' '))}`).join(', ');
}

export function parseCalendarsNotCleaned(value: string | null): Array<{ kind: string; error: string }> {
  if (!value) return [];
  return [...value.matchAll(/([a-z]+); error="([^"]*)"/g)].map((m) => ({ kind: m[1] ?? '', error: m[2] ?? '' }));
}

/** Delete every event of ours from one target's calendar; the number deleted. */
async function removeEventsOf(deps: AppDeps, target: CalendarTargetRow, timeZone: string): Promise<number> {
  if (!target.containerId || target.status === 'disabled') return 0;
  const sink = await calendarSinks[target.kind]({ deps, target, timeZone });
  const records = await syncRecordsOf(deps.db, target.id);
  const keys = new Map<string, Parameters<typeof sink.delete>[1]>();
  for (const [key, record] of records) if (record.state === 'live') keys.set(key, record);
  try {
    for await (const remote of sink.listOurs()) {
      if (remote.cancelled) continue;
      const prior = records.get(remote.key);
      keys.set(remote.key, prior ? { ...prior, remoteId: remote.remoteId, ...(remote.remoteVersion ? { remoteVersion: remote.remoteVersion } : {}) } : undefined);
    }
  } catch (error) {
    if (error instanceof ContainerGoneError) return 0; // the runner deleted the whole calendar
    throw error;
  }
  for (const [key, prior] of keys) await sink.delete(key, prior);
  return keys.size;
}

function withDeadline<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${Math.round(ms / 1000)} s`)), ms);
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}

/**
 * Clean the given targets (all of the runner's by default) in parallel, each within `timeoutMs`
 * (default: twice CALENDAR_TIMEOUT_MS). Returns the ones that could not be cleaned and why.
 */
export async function removeRemoteEvents(
  deps: AppDeps,
  userId: string,
  opts: { targetIds?: string[]; timeoutMs?: number } = {},
): Promise<CalendarNotCleaned[]> {
  const all = await targetsOfUser(deps.db, userId);
  const targets = opts.targetIds ? all.filter((t) => opts.targetIds?.includes(t.id)) : all;
  if (targets.length === 0) return [];
  const timeZone = (await getAthleteSettings(deps.db, userId))?.timeZone ?? 'UTC';
  const timeoutMs = opts.timeoutMs ?? 2 * deps.config.CALENDAR_TIMEOUT_MS;
  const outcomes = await Promise.all(
    targets.map(async (target): Promise<CalendarNotCleaned | undefined> => {
      try {
        const deleted = await withDeadline(removeEventsOf(deps, target, timeZone), timeoutMs);
        deps.logger.info('calendar events removed', { userId, targetId: target.id, kind: target.kind, deleted });
        return undefined;
      } catch (error) {
        const message = error instanceof AppError || (error instanceof Error && error.message.startsWith('no answer')) ? error.message : 'unexpected error';
        deps.logger.warn('calendar events could not be removed', { userId, targetId: target.id, kind: target.kind, error: error instanceof Error ? error.message : String(error) });
        return { id: target.id, kind: target.kind, error: message.slice(0, 200) };
      }
    }),
  );
  return outcomes.filter((o): o is CalendarNotCleaned => o !== undefined);
}
