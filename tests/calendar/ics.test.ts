import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { renderCalendar, renderIcsFeed, uidForKey } from '../../integrations/ics';
import { FIXED_ENTRIES } from '../fixtures/calendar/render-feed';
import { makeEntry } from './contract';
import { parseIcs } from './ical-parse';

const FIXTURE = fileURLToPath(new URL('../fixtures/calendar/render-feed.ts', import.meta.url));

function renderUnder(tz: string): string {
  return execFileSync(process.execPath, ['--import', 'tsx', FIXTURE], { env: { ...process.env, TZ: tz }, encoding: 'utf8' });
}

describe('ICS rendering', () => {
  it('renders identical bytes whatever the server time zone', () => {
    const outputs = ['UTC', 'America/New_York', 'Asia/Kolkata'].map(renderUnder);
    expect(outputs[0]).toContain('BEGIN:VCALENDAR');
    expect(outputs[1]).toBe(outputs[0]);
    expect(outputs[2]).toBe(outputs[0]);
  });

  it('puts each event at the right instant in three zones, across a DST change', () => {
    const cal = parseIcs(renderUnder('America/New_York'));
    const byUid = new Map(cal.events.map((e) => [e.uid, e]));
    // Berlin winter: UTC+1
    expect(byUid.get('berlin-winter@hardday')).toMatchObject({ tzid: 'Europe/Berlin', startUtc: '2026-12-01T06:00:00.000Z', endUtc: '2026-12-01T06:45:00.000Z' });
    // New York summer: EDT (UTC-4)
    expect(byUid.get('ny-summer@hardday')).toMatchObject({ tzid: 'America/New_York', startUtc: '2026-07-01T22:00:00.000Z' });
    // Starts 00:30 EDT, ends 03:30 EST: four real hours for three wall-clock hours.
    expect(byUid.get('ny-dst@hardday')).toMatchObject({ startUtc: '2026-11-01T04:30:00.000Z', endUtc: '2026-11-01T08:30:00.000Z' });
    // Sydney on its DST end day (03:00 AEDT → 02:00 AEST): 06:00 AEST is UTC+10
    expect(byUid.get('sydney@hardday')).toMatchObject({ tzid: 'Australia/Sydney', startUtc: '2027-04-03T20:00:00.000Z', sequence: 3 });
    expect(byUid.get('note@hardday')).toMatchObject({ allDay: true, transparency: 'TRANSPARENT' });
  });

  it('is strict RFC 5545: VTIMEZONE for every TZID, UTC DTSTAMP, no floating times, no METHOD, a refresh hint', () => {
    const text = renderIcsFeed(FIXED_ENTRIES, { name: 'hardday strength', ttlS: 3600, nowMs: 0 });
    const cal = parseIcs(text);
    expect(cal.method).toBeNull();
    expect(cal.props['REFRESH-INTERVAL']).toBe('PT1H');
    expect(cal.props['X-PUBLISHED-TTL']).toBe('PT1H');
    expect(new Set(cal.vtimezones)).toEqual(new Set(['Europe/Berlin', 'America/New_York', 'Australia/Sydney']));
    for (const e of cal.events) {
      expect(e.floating).toBe(false);
      expect(e.dtstamp).toMatch(/^\d{8}T\d{6}Z$/);
      expect(e.alarms).toBe(1);
      if (e.tzid) expect(cal.vtimezones).toContain(e.tzid);
    }
    expect(text).toMatch(/\r\nDTEND;TZID=Europe\/Berlin:20261201T074500\r\n/);
    expect(text.split('\r\n').every((line) => new TextEncoder().encode(line).length <= 75)).toBe(true);
  });

  it('keeps UIDs stable and SEQUENCE equal to the revision', async () => {
    const entry = await makeEntry({ key: 'stable-key' });
    const v1 = parseIcs(renderCalendar([entry], { stampMs: () => 0 })).events[0];
    const v2 = parseIcs(renderCalendar([{ ...entry, revision: 4, title: 'changed' }], { stampMs: () => 0 })).events[0];
    expect(v1?.uid).toBe(uidForKey('stable-key'));
    expect(v2?.uid).toBe(v1?.uid);
    expect([v1?.sequence, v2?.sequence]).toEqual([1, 4]);
  });

  it('escapes text safely (commas, semicolons, newlines)', async () => {
    const entry = await makeEntry({ title: 'A, B; C', descriptionText: 'line 1\nline 2, with; punctuation\\' });
    const event = parseIcs(renderCalendar([entry], { stampMs: () => 0 })).events[0];
    expect(event?.summary).toBe('A, B; C');
    expect(event?.description).toBe('line 1\nline 2, with; punctuation\\');
  });
});
