/**
 * The athlete settings the web page and `PUT /api/me/settings` edit, as one zod schema. The
 * row in `athlete_settings` and the planner's `AthleteProfile` are both derived from it.
 */
import { z } from 'zod';
import { canonicalTimeZone } from './dates';
import { DAY_CLASSES, EQUIPMENT, EXPERIENCE_LEVELS, INJURY_AREAS, SEXES, WEEKDAY_KEYS } from './vocabulary';

const bpm = z.number().int().min(30).max(250);

const SettingsSchema = z
  .object({
    /** stored as the tz database spells it, whatever case it was typed in (an ICS TZID needs that) */
    timeZone: z.string().transform((value, ctx) => {
      const canonical = canonicalTimeZone(value);
      if (canonical === undefined) ctx.addIssue({ code: 'custom', message: 'must be an IANA time zone such as Europe/Berlin' });
      return canonical ?? value;
    }),
    sex: z.enum(SEXES).nullable(),
    hrMaxBpm: bpm.nullable(),
    hrRestBpm: bpm.nullable(),
    lthrBpm: bpm.nullable(),
    thresholdPaceSPerKm: z.number().int().min(120).max(900).nullable(),
    experience: z.enum(EXPERIENCE_LEVELS),
    equipment: z.array(z.enum(EQUIPMENT)).min(1),
    /**
     * `lowImpactCleared`: a clinician cleared low-impact aerobic work (cycling, swimming, pool
     * running) while running is still off; the planner then offers it (R14). Only meaningful with
     * `canRun: false`; omitted means not cleared.
     */
    injury: z.object({ area: z.enum(INJURY_AREAS), canRun: z.boolean(), lowImpactCleared: z.boolean().default(false) }).strict().nullable(),
    preferredStrengthTime: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM (24 h)').nullable(),
    strengthGapAfterRunH: z.number().int().min(0).max(12).nullable(),
    sessionsPerWeek: z.number().int().min(1).max(3).nullable(),
    maxSessionMin: z.number().int().min(15).max(90).nullable(),
    weeklyTemplate: z.partialRecord(z.enum(WEEKDAY_KEYS), z.enum(DAY_CLASSES)).nullable(),
    crossTrainingCounts: z.boolean(),
  })
  .strict();

export type Settings = z.infer<typeof SettingsSchema>;

/** PUT accepts any subset; fields left out keep their value. Cross-field checks run on the merge. */
export const SettingsPatchSchema = SettingsSchema.partial().strict();

export function checkSettings(s: Settings): Array<{ field: string; message: string }> {
  const problems: Array<{ field: string; message: string }> = [];
  if (s.hrMaxBpm !== null && s.hrRestBpm !== null && s.hrRestBpm >= s.hrMaxBpm) {
    problems.push({ field: 'hrRestBpm', message: 'must be below hrMaxBpm' });
  }
  if (s.lthrBpm !== null && s.hrMaxBpm !== null && s.lthrBpm >= s.hrMaxBpm) {
    problems.push({ field: 'lthrBpm', message: 'must be below hrMaxBpm' });
  }
  return problems;
}
