/**
 * The contract every CalendarSink must meet, run against Google (msw fake), CalDAV (real
 * Radicale) and the ICS feed. The harness supplies the sink plus two remote-side operations.
 */
import { DateTime } from 'luxon';
import { beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../src/core/crypto';
import type { CalendarSink, PlannedEntry, RemoteEntry, SinkRecord } from '../../src/core/ports/calendar-sink';

export interface RemoteView {
  title: string;
  /** UTC instant of the start, ISO */
  startUtc: string;
}

export interface SinkHarness {
  sink: CalendarSink;
  /** what the remote calendar shows for our record (undefined when absent or cancelled) */
  read(record: SinkRecord): Promise<RemoteView | undefined>;
  /** the runner deletes the event in their calendar app */
  removeRemotely(record: SinkRecord): Promise<void>;
}

let seq = 0;

/** A timed strength entry; `startLocal` is wall clock in `timeZone`. */
export async function makeEntry(over: Partial<PlannedEntry> & { key?: string; startLocal?: string; timeZone?: string } = {}): Promise<PlannedEntry> {
  const startLocal = over.startLocal ?? '2026-12-01T07:00';
  const timeZone = over.timeZone ?? 'Europe/Berlin';
  const endLocal = DateTime.fromISO(startLocal).plus({ minutes: 30 }).toFormat("yyyy-MM-dd'T'HH:mm");
  const base = {
    key: over.key ?? `sess-${++seq}-${Date.now().toString(36)}`,
    kind: 'strength' as const,
    title: over.title ?? 'Strength A — lower body',
    descriptionText: over.descriptionText ?? 'Exercises\n• Split squat — 3 × 8, rest 90 s',
    timing: over.timing ?? { kind: 'timed' as const, startLocal, endLocal, timeZone },
    busy: true,
    reminderMinutes: [60],
    deepLink: 'http://hardday.test/plan#x',
  };
  return { ...base, revision: over.revision ?? 1, contentHash: await sha256Hex(JSON.stringify(base)) };
}

async function collect(it: AsyncIterable<RemoteEntry>): Promise<RemoteEntry[]> {
  const out: RemoteEntry[] = [];
  for await (const r of it) out.push(r);
  return out;
}

export function describeCalendarSinkContract(name: string, makeHarness: () => Promise<SinkHarness>): void {
  describe(`CalendarSink contract: ${name}`, () => {
    let h: SinkHarness;
    const window = { from: '2026-11-20', to: '2027-01-31' };

    beforeAll(async () => {
      h = await makeHarness();
      const first = await h.sink.ensureContainer();
      const again = await h.sink.ensureContainer();
      expect(again.containerId).toBe(first.containerId);
      expect(again.created).toBe(false);
    });

    it('creates an event with the right time and lists it as ours', async () => {
      const entry = await makeEntry({ startLocal: '2026-12-01T07:00', timeZone: 'Europe/Berlin' });
      const rec = await h.sink.upsert(entry, undefined);
      expect(rec).toMatchObject({ key: entry.key, state: 'live', revision: 1, contentHash: entry.contentHash });
      expect(rec.remoteId).toBeTruthy();
      expect(await h.read(rec)).toEqual({ title: entry.title, startUtc: '2026-12-01T06:00:00.000Z' });
      const ours = (await collect(h.sink.listOurs(window))).filter((r) => r.key === entry.key);
      expect(ours).toHaveLength(1);
      expect(ours[0]?.cancelled).toBe(false);
    });

    it('does not duplicate when a create is retried (lost response)', async () => {
      const entry = await makeEntry();
      const first = await h.sink.upsert(entry, undefined);
      const retried = await h.sink.upsert(entry, undefined);
      expect(retried.remoteId).toBe(first.remoteId);
      expect(retried.state).toBe('live');
      const ours = (await collect(h.sink.listOurs(window))).filter((r) => r.key === entry.key && !r.cancelled);
      expect(ours).toHaveLength(1);
    });

    it('moves and updates in place (same remote id, new time and title)', async () => {
      const entry = await makeEntry({ startLocal: '2026-12-03T18:00', timeZone: 'America/New_York' });
      const rec = await h.sink.upsert(entry, undefined);
      const moved = await makeEntry({ key: entry.key, startLocal: '2026-12-04T06:30', timeZone: 'America/New_York', title: 'Strength B', revision: 2 });
      const next = await h.sink.upsert(moved, rec);
      expect(next.remoteId).toBe(rec.remoteId);
      expect(next).toMatchObject({ state: 'live', revision: 2, contentHash: moved.contentHash });
      expect(await h.read(next)).toEqual({ title: 'Strength B', startUtc: '2026-12-04T11:30:00.000Z' });
      expect((await collect(h.sink.listOurs(window))).filter((r) => r.key === entry.key && !r.cancelled)).toHaveLength(1);
    });

    it('deletes idempotently, and re-creates a deleted entry when asked', async () => {
      const entry = await makeEntry();
      const rec = await h.sink.upsert(entry, undefined);
      await h.sink.delete(entry.key, rec);
      expect(await h.read(rec)).toBeUndefined();
      await expect(h.sink.delete(entry.key, rec)).resolves.toBeUndefined();
      const live = (await collect(h.sink.listOurs(window))).filter((r) => r.key === entry.key && !r.cancelled);
      expect(live).toHaveLength(0);
      const back = await h.sink.upsert({ ...entry, revision: 2 }, { ...rec, state: 'deleted' });
      expect(back.state).toBe('live');
      expect(await h.read(back)).toMatchObject({ title: entry.title });
    });

    it('shows an entry the runner deleted remotely as gone in listOurs', async () => {
      const entry = await makeEntry();
      const rec = await h.sink.upsert(entry, undefined);
      await h.removeRemotely(rec);
      const held = (await collect(h.sink.listOurs(window))).filter((r) => r.key === entry.key && !r.cancelled);
      expect(held).toHaveLength(0);
    });

    it('lists only entries overlapping the window', async () => {
      const far = await makeEntry({ startLocal: '2027-06-01T07:00' });
      await h.sink.upsert(far, undefined);
      const keys = (await collect(h.sink.listOurs(window))).map((r) => r.key);
      expect(keys).not.toContain(far.key);
      const all = (await collect(h.sink.listOurs())).map((r) => r.key);
      expect(all).toContain(far.key);
    });
  });
}
