/** Strict parsing of our ICS output with ical.js, for assertions. */
import ICAL from 'ical.js';

export interface ParsedEvent {
  uid: string;
  sequence: number;
  summary: string;
  description: string;
  startUtc: string;
  endUtc: string;
  /** TZID of DTSTART, undefined for UTC or all-day */
  tzid: string | undefined;
  allDay: boolean;
  floating: boolean;
  dtstamp: string;
  status: string | undefined;
  transparency: string | undefined;
  alarms: number;
}

export interface ParsedCalendar {
  method: unknown;
  vtimezones: string[];
  events: ParsedEvent[];
  props: Record<string, string>;
}

export function parseIcs(text: string): ParsedCalendar {
  const root = new ICAL.Component(ICAL.parse(text));
  const vtimezones: string[] = [];
  for (const vtz of root.getAllSubcomponents('vtimezone')) {
    const tzid = String(vtz.getFirstPropertyValue('tzid'));
    vtimezones.push(tzid);
    // Resolve TZIDs with the feed's own VTIMEZONE (not any zone database of the test process).
    ICAL.TimezoneService.register(new ICAL.Timezone(vtz), tzid);
  }
  const events = root.getAllSubcomponents('vevent').map((vevent) => {
    const ev = new ICAL.Event(vevent);
    const dtstartProp = vevent.getFirstProperty('dtstart');
    const tzParam = dtstartProp?.getParameter('tzid');
    const tzid = typeof tzParam === 'string' ? tzParam : undefined;
    const start = ev.startDate;
    const stamp = vevent.getFirstPropertyValue('dtstamp');
    return {
      uid: ev.uid,
      sequence: ev.sequence,
      summary: ev.summary,
      description: ev.description,
      startUtc: start.toJSDate().toISOString(),
      endUtc: ev.endDate.toJSDate().toISOString(),
      tzid,
      allDay: start.isDate,
      floating: !start.isDate && !tzid && start.zone !== ICAL.Timezone.utcTimezone,
      dtstamp: stamp instanceof ICAL.Time ? stamp.toICALString() : '',
      status: vevent.getFirstPropertyValue('status') as string | undefined,
      transparency: vevent.getFirstPropertyValue('transp') as string | undefined,
      alarms: vevent.getAllSubcomponents('valarm').length,
    };
  });
  const props: Record<string, string> = {};
  for (const p of root.getAllProperties()) props[p.name.toUpperCase()] = String(p.getFirstValue());
  return { method: root.getFirstPropertyValue('method'), vtimezones, events, props };
}
