/**
 * @module integrations/plan-import/parse
 * Reads the ICS feed of a training plan followed elsewhere (TrainingPeaks, Final Surge, a coach's
 * shared calendar) into planned runs. Pure: text in, runs out.
 *
 * - one run per event occurrence; recurring events are expanded inside the window
 * - when a UID (and RECURRENCE-ID) appears more than once, the highest SEQUENCE wins, then the
 *   latest LAST-MODIFIED/DTSTAMP, then the later one in the file
 * - cancelled events are dropped (after picking the winner, so a cancelling update wins)
 * - timed events are placed on the runner's local day and wall clock; all-day events keep their date
 */
import ICAL from 'ical.js';
import { DateTime } from 'luxon';
import { addDays } from '../../src/core/dates';
import { IntegrationError } from '../../src/core/errors';

/** A planned run as the planner takes it (same shape as `PlannedRun` in rules/types.ts). */
export interface ImportedRun {
  date: string;
  title: string;
  description?: string;
  /** local wall clock `YYYY-MM-DDTHH:mm` in the runner's zone, for timed events */
  startLocal?: string;
  /** planned duration of a timed event (DTEND or DURATION), so a session can follow the run */
  durationMin?: number;
}

export interface ParseOptions {
  /** the runner's IANA zone */
  timeZone: string;
  /** keep only runs on or after this local date */
  from?: string;
  /** keep only runs on or before this local date */
  to?: string;
}

const MAX_OCCURRENCES = 1_000;
const MAX_DESCRIPTION = 2_000;

type IcalComponent = InstanceType<typeof ICAL.Component>;
type IcalTime = InstanceType<typeof ICAL.Time>;

interface Candidate {
  component: IcalComponent;
  sequence: number;
  modifiedMs: number;
  order: number;
}

function text(component: IcalComponent, name: string): string | undefined {
  const value = component.getFirstPropertyValue(name);
  return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}

function timeValue(component: IcalComponent, name: string): IcalTime | undefined {
  const value = component.getFirstPropertyValue(name);
  return value instanceof ICAL.Time ? value : undefined;
}

function tzidOf(component: IcalComponent, name: string): string | undefined {
  const param = component.getFirstProperty(name)?.getParameter('tzid');
  return typeof param === 'string' ? param : undefined;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** Where a time falls for the runner: `{ date, startLocal? }`. */
function place(time: IcalTime, tzid: string | undefined, zones: Map<string, InstanceType<typeof ICAL.Timezone>>, runnerZone: string): { date: string; startLocal?: string } {
  const date = `${time.year}-${pad(time.month)}-${pad(time.day)}`;
  if (time.isDate) return { date };
  const wall = { year: time.year, month: time.month, day: time.day, hour: time.hour, minute: time.minute, second: time.second };
  let instant: DateTime | undefined;
  if (time.zone?.tzid === 'UTC' || (!tzid && time.zone === ICAL.Timezone.utcTimezone)) {
    instant = DateTime.fromObject(wall, { zone: 'UTC' });
  } else if (tzid) {
    const iana = DateTime.fromObject(wall, { zone: tzid });
    if (iana.isValid) instant = iana;
    else {
      // A non-IANA TZID (e.g. Outlook's "W. Europe Standard Time"): use the feed's VTIMEZONE.
      const zone = zones.get(tzid);
      if (zone) {
        const t = time.clone();
        t.zone = zone;
        instant = DateTime.fromSeconds(t.toUnixTime(), { zone: 'UTC' });
      }
    }
  }
  // Floating times (and unknown zones) are read as the runner's own wall clock.
  const local = instant ? instant.setZone(runnerZone) : DateTime.fromObject(wall, { zone: runnerZone });
  return { date: local.toFormat('yyyy-MM-dd'), startLocal: local.toFormat("yyyy-MM-dd'T'HH:mm") };
}

function parseRoot(textBody: string): IcalComponent {
  try {
    const root = new ICAL.Component(ICAL.parse(textBody));
    if (root.name !== 'vcalendar') throw new Error('not a VCALENDAR');
    return root;
  } catch (cause) {
    throw new IntegrationError('BAD_REQUEST', 'the plan URL did not return an iCalendar feed', { retryable: false, cause });
  }
}

/** Minutes between DTSTART and DTEND (or DURATION) of a timed event; undefined when absent or absurd. */
function plannedMinutes(component: IcalComponent): number | undefined {
  const seconds = new ICAL.Event(component).duration?.toSeconds();
  if (seconds === undefined || !Number.isFinite(seconds) || seconds <= 0 || seconds > 12 * 3600) return undefined;
  return Math.round(seconds / 60);
}

/** Parse a plan feed into runs in the window, sorted by date and start. */
export function parsePlanIcs(body: string, options: ParseOptions): ImportedRun[] {
  const root = parseRoot(body);
  const zones = new Map<string, InstanceType<typeof ICAL.Timezone>>();
  for (const vtz of root.getAllSubcomponents('vtimezone')) {
    const tzid = text(vtz, 'tzid');
    if (tzid) zones.set(tzid, new ICAL.Timezone(vtz));
  }

  const winners = new Map<string, Candidate>();
  root.getAllSubcomponents('vevent').forEach((component, order) => {
    const uid = text(component, 'uid') ?? `#${order}`;
    const recurrence = component.getFirstPropertyValue('recurrence-id');
    const id = `${uid}|${recurrence ? String(recurrence) : ''}`;
    const seq = Number(component.getFirstPropertyValue('sequence') ?? 0);
    const modified = timeValue(component, 'last-modified') ?? timeValue(component, 'dtstamp');
    const candidate: Candidate = { component, sequence: Number.isFinite(seq) ? seq : 0, modifiedMs: modified ? modified.toUnixTime() * 1000 : 0, order };
    const current = winners.get(id);
    if (!current || candidate.sequence > current.sequence || (candidate.sequence === current.sequence && candidate.modifiedMs >= current.modifiedMs)) {
      winners.set(id, candidate);
    }
  });

  // Occurrences replaced by an override (RECURRENCE-ID) are skipped when expanding the master.
  const overridden = new Set<string>();
  for (const [id, c] of winners) {
    const [uid, recurrence] = id.split('|');
    if (recurrence) {
      const rid = c.component.getFirstPropertyValue('recurrence-id');
      if (rid instanceof ICAL.Time) overridden.add(`${uid}|${rid.toUnixTime()}`);
    }
  }

  const runs: ImportedRun[] = [];
  const push = (component: IcalComponent, start: IcalTime) => {
    const where = place(start, tzidOf(component, 'dtstart'), zones, options.timeZone);
    if (options.from && where.date < options.from) return;
    if (options.to && where.date > options.to) return;
    const description = text(component, 'description');
    const durationMin = where.startLocal ? plannedMinutes(component) : undefined;
    runs.push({
      date: where.date,
      title: text(component, 'summary') ?? 'Planned run',
      ...(description ? { description: description.slice(0, MAX_DESCRIPTION) } : {}),
      ...(where.startLocal ? { startLocal: where.startLocal } : {}),
      ...(durationMin ? { durationMin } : {}),
    });
  };

  for (const [id, { component }] of winners) {
    if (text(component, 'status')?.toUpperCase() === 'CANCELLED') continue;
    const start = timeValue(component, 'dtstart');
    if (!start) continue;
    const isOverride = !id.endsWith('|');
    if (isOverride || !component.hasProperty('rrule')) {
      push(component, start);
      continue;
    }
    const uid = id.slice(0, -1);
    const iterator = new ICAL.Event(component).iterator();
    for (let n = 0, next = iterator.next(); next && n < MAX_OCCURRENCES; n++, next = iterator.next()) {
      const occurrence = next.clone();
      // Keep the master's zone on each occurrence so `place` reads it the same way.
      occurrence.zone = start.zone;
      if (options.to && `${occurrence.year}-${pad(occurrence.month)}-${pad(occurrence.day)}` > addDays(options.to, 1)) break;
      if (overridden.has(`${uid}|${next.toUnixTime()}`)) continue;
      push(component, occurrence);
    }
  }
  return runs.sort((a, b) => a.date.localeCompare(b.date) || (a.startLocal ?? '').localeCompare(b.startLocal ?? '') || a.title.localeCompare(b.title));
}
