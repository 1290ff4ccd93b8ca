/**
 * The domain vocabulary, defined once: each list is the single source of its type here, of the
 * database's enum columns and of the zod schemas at the boundaries (through src/core/vocabulary).
 */
export const DAY_CLASSES = ['hard', 'easy', 'off'] as const;
export type DayClass = (typeof DAY_CLASSES)[number];

export const SPORTS = ['run', 'trail_run', 'treadmill_run', 'walk', 'hike', 'ride', 'swim', 'strength', 'yoga', 'climb', 'other'] as const;
export type Sport = (typeof SPORTS)[number];

export const EQUIPMENT = ['bodyweight', 'bands', 'dumbbells', 'kettlebell', 'gym'] as const;
export type Equipment = (typeof EQUIPMENT)[number];

export const INJURY_AREAS = ['foot', 'ankle', 'shin', 'calf', 'achilles', 'knee', 'hamstring', 'quad', 'hip', 'lower_back', 'upper_body'] as const;
export type InjuryArea = (typeof INJURY_AREAS)[number];

export const WEEKDAY_KEYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type WeekdayKey = (typeof WEEKDAY_KEYS)[number];

export const SEXES = ['m', 'f'] as const;
export type Sex = (typeof SEXES)[number];

export const EXPERIENCE_LEVELS = ['novice', 'returning', 'regular'] as const;
export type ExperienceLevel = (typeof EXPERIENCE_LEVELS)[number];

export const WORKOUT_TYPES = ['race', 'workout', 'long', 'default'] as const;
export type WorkoutType = (typeof WORKOUT_TYPES)[number];

export const LOAD_METHODS = ['trimp', 'zone-trimp', 'pace', 'srpe', 'duration'] as const;
export type LoadMethod = (typeof LOAD_METHODS)[number];

export const TERRAINS = ['road', 'trail'] as const;
export type Terrain = (typeof TERRAINS)[number];

export const RACE_PRIORITIES = ['A', 'B', 'C'] as const;
export type RacePriority = (typeof RACE_PRIORITIES)[number];
