/**
 * hardday rules: pure, deterministic domain library (no I/O, no clock, no Node APIs).
 * See rules/README.md for every rule and the precedence order.
 */
export type * from './types';
export { calibrateLoad, computeActivityLoad, computeLoadSeries, latestLoadPoint, TRIMP_CONSTANTS, MONOTONY_CAP, type LoadCalibration } from './load';
export { estimateThresholds } from './thresholds';
export { classifyDays } from './classify';
export { classifyPlannedRun } from './keywords';
export { planStrength, PRECEDENCE } from './planner/plan';
export { RULES } from './planner/registry';
export { DISCLAIMER } from './planner/rules/disclaimer';
export { exerciseLibrary, type ExerciseDef, type ExerciseRole } from './catalog/exercises';
export { expectedDays, inferPattern } from './expected';
export { addDays, localToIso, tzOffsetForLocal } from './dates';
export * from './vocabulary';
