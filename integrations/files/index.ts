/**
 * @module integrations/files
 * Activity files (FIT, GPX, TCX, their .gz, Strava and Garmin export zips) → `NewActivity`,
 * and planned strength sessions → FIT workout files. Web-standard APIs only (runs on Workers);
 * reading folders from disk lives in `src/platform/node/files-input.ts`.
 */
export { type BatchItem, type ParsedBatch, type ParseOptions, parseActivityFiles, parseInputs } from './batch';
export { FILE_ERROR_REASONS, type FileErrorReason, FileImportError, isFileImportError } from './errors';
export { parseFit } from './fit';
export { parseGpx } from './gpx';
export { DEFAULT_FILE_LIMITS, type FileLimits } from './limits';
export { type Kind, kindFromBytes, kindFromName } from './sniff';
export { parseTcx } from './tcx';
export { FILE_PROVIDER, mapFileSport, resolveZone, toNewActivity, zoneOffsetMin } from './transform';
export type { FileFormat, FileInput, RawActivity, RawSample } from './wire';
export { FIT_EXERCISE_BY_ID, type FitExercise, fitExerciseFor, UNKNOWN_EXERCISE_CATEGORY } from './fit-exercises';
export { encodeWorkoutFit, MAX_WORKOUT_STEPS, type WorkoutSessionInput, workoutFileName, workoutSteps } from './fit-workout';
