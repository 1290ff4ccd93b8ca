/**
 * @module core/vocabulary
 * The domain vocabulary every layer speaks: the rules library's lists, plus the application's own
 * (roles, sources, connection states, calendar kinds). The database schema's enum columns and the
 * zod schemas at the boundaries take their values from here.
 */
export {
  DAY_CLASSES,
  type DayClass,
  EQUIPMENT,
  type Equipment,
  EXPERIENCE_LEVELS,
  type ExperienceLevel,
  INJURY_AREAS,
  type InjuryArea,
  LOAD_METHODS,
  type LoadMethod,
  RACE_PRIORITIES,
  type RacePriority,
  SEXES,
  type Sex,
  SPORTS,
  type Sport,
  TERRAINS,
  type Terrain,
  WEEKDAY_KEYS,
  type WeekdayKey,
  WORKOUT_TYPES,
  type WorkoutType,
} from '../../rules/vocabulary';

export const USER_ROLES = ['runner', 'coach'] as const;
export type UserRole = (typeof USER_ROLES)[number];

/** Where an activity came from. */
export const PROVIDERS = ['strava', 'garmin', 'files'] as const;
export type Provider = (typeof PROVIDERS)[number];

export const CONNECTION_STATUSES = ['active', 'needs_reconsent', 'revoked'] as const;
export type ConnectionStatus = (typeof CONNECTION_STATUSES)[number];

export const CALENDAR_KINDS = ['google', 'caldav'] as const;
export type CalendarKind = (typeof CALENDAR_KINDS)[number];
