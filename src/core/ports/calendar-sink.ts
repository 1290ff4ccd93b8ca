/**
 * @module ports/calendar-sink
 * The port every calendar target implements (Google, CalDAV, the ICS feed). The core owns the
 * plan and the sync state; a sink only knows how to put one entry into one remote calendar,
 * idempotently, keyed by our stable session id (never by date, so a moved session is an update).
 */

/** Our stable session id. It never contains the date. */
export type SessionKey = string;

/** When the entry happens: wall-clock times plus an IANA zone, or whole days (end exclusive). */
export type Timing =
  | { kind: 'timed'; startLocal: string; endLocal: string; timeZone: string }
  | { kind: 'allDay'; date: string; days?: number };

/** One thing to show in the runner's calendar, already rendered to plain text by the core. */
export interface PlannedEntry {
  key: SessionKey;
  /** grows on every material change; CalDAV/ICS SEQUENCE */
  revision: number;
  kind: 'strength' | 'runNote';
  title: string;
  /** plain text, lines separated by `\n` (exercises, sets × reps, reasons, link) */
  descriptionText: string;
  timing: Timing;
  /** strength: true (opaque); run notes: false (transparent) */
  busy: boolean;
  reminderMinutes?: number[];
  /** back to the plan page */
  deepLink?: string;
  /** hash of everything above except `revision`, computed by the core: skips no-op writes */
  contentHash: string;
  /** when the content last changed (DTSTAMP/LAST-MODIFIED of pull feeds); never part of the hash */
  lastModifiedMs?: number;
}

const SINK_RECORD_STATES = ['live', 'deleted', 'user_deleted'] as const;
export type SinkRecordState = (typeof SINK_RECORD_STATES)[number];

/** What the core persists per (target, session) after every successful write. */
export interface SinkRecord {
  key: SessionKey;
  /** Google event id | CalDAV href | ICS UID */
  remoteId: string;
  /** Google etag | CalDAV ETag | ICS revision */
  remoteVersion?: string;
  /** grows when the sink had to re-create under a new id */
  generation: number;
  /** last revision written (SEQUENCE) */
  revision: number;
  /** contentHash of the entry last written */
  contentHash: string;
  /** `user_deleted`: the runner removed it remotely; not re-created until the content changes */
  state: SinkRecordState;
}

/** One of our entries as the remote calendar currently holds it. */
export interface RemoteEntry {
  key: SessionKey;
  remoteId: string;
  remoteVersion?: string;
  /** present but cancelled (Google keeps deleted events as `status: cancelled`) */
  cancelled: boolean;
}

export interface CalendarSink {
  readonly provider: 'google' | 'caldav' | 'ics';

  /** Create or find our dedicated calendar. Uses the stored container id when there is one. */
  ensureContainer(): Promise<{ containerId: string; created: boolean }>;

  /**
   * Create-or-update by our key; safe to retry after any failure (timeouts included).
   * With a `live` prior it updates and answers `state: 'user_deleted'` when the remote copy is
   * gone; with no prior, or a `deleted`/`user_deleted` one, it (re-)creates.
   */
  upsert(entry: PlannedEntry, prior: SinkRecord | undefined): Promise<SinkRecord>;

  /** Idempotent delete: "not found"/"gone" counts as success. */
  delete(key: SessionKey, prior: SinkRecord | undefined): Promise<void>;

  /** Every entry of ours in the container, optionally only those overlapping the window (dates). */
  listOurs(window?: { from: string; to: string }): AsyncIterable<RemoteEntry>;
}
