/**
 * @module integrations/files/wire
 * Raw shapes decoded from activity files, before any mapping: one format-neutral summary per
 * activity (a FIT session, a GPX track, a TCX activity), plus the samples it was built from.
 */

/** One file handed to the parsers: its display name (a path is fine) and its bytes. */
export interface FileInput {
  name: string;
  bytes: Uint8Array;
  /** set (with empty `bytes`) by a reader that refused to load a file this large */
  oversizeBytes?: number;
  /**
   * The file's bytes as they arrive (a big archive read from disk, an upload), with empty `bytes`:
   * a `.zip` is then walked without ever being held whole; any other file is collected (bounded).
   */
  chunks?: AsyncIterable<Uint8Array>;
}

export type FileFormat = 'fit' | 'gpx' | 'tcx';

/** One recorded point; every value optional (devices record what they have). */
export interface RawSample {
  tMs: number;
  hrBpm?: number;
  powerW?: number;
  altitudeM?: number;
  /** cumulative distance when the device recorded it */
  distanceM?: number;
  lat?: number;
  lon?: number;
}

export interface RawActivity {
  format: FileFormat;
  /** the sport as the file spells it (FIT `running`/`trailRunning`, GPX `<type>`, TCX `Sport`) */
  sport: string;
  subSport?: string;
  name?: string;
  startUtcMs: number;
  /** UTC offset of the device's local clock at the start, when the file records it */
  localOffsetMin?: number;
  /** elapsed seconds (includes pauses) */
  elapsedS?: number;
  /** timer/moving seconds (excludes pauses) */
  movingS?: number;
  distanceM?: number;
  ascentM?: number;
  avgHrBpm?: number;
  maxHrBpm?: number;
  avgPowerW?: number;
  maxPowerW?: number;
  samples: RawSample[];
  /** 0 for a single-activity file; the session index in a multisport FIT */
  index: number;
  /** true when the file holds more than one activity (each needs its own id) */
  multi: boolean;
}
