import { eq } from 'drizzle-orm';
import type { Settings } from '../../core/settings';
import type { Db } from '../client';
import { athleteSettingsTable } from '../schema';

type Row = typeof athleteSettingsTable.$inferSelect;

function settingsFromRow(row: Row): Settings {
  return {
    timeZone: row.timeZone,
    sex: row.sex,
    hrMaxBpm: row.hrMaxBpm,
    hrRestBpm: row.hrRestBpm,
    lthrBpm: row.lthrBpm,
    thresholdPaceSPerKm: row.thresholdPaceSPerKm,
    experience: row.experience,
    equipment: row.equipment,
    injury: row.injuryArea ? { area: row.injuryArea, canRun: row.injuryCanRun ?? false, lowImpactCleared: row.injuryLowImpactCleared } : null,
    preferredStrengthTime: row.preferredStrengthTime,
    strengthGapAfterRunH: row.strengthGapAfterRunH,
    sessionsPerWeek: row.sessionsPerWeek,
    maxSessionMin: row.maxSessionMin,
    weeklyTemplate: row.weeklyTemplate,
    crossTrainingCounts: row.crossTrainingCounts,
  };
}

export async function readSettings(db: Db, userId: string): Promise<Settings | undefined> {
  const rows = await db.select().from(athleteSettingsTable).where(eq(athleteSettingsTable.userId, userId)).limit(1);
  return rows[0] ? settingsFromRow(rows[0]) : undefined;
}

export async function writeSettings(db: Db, userId: string, s: Settings, nowMs: number): Promise<void> {
  const values = {
    timeZone: s.timeZone,
    sex: s.sex,
    hrMaxBpm: s.hrMaxBpm,
    hrRestBpm: s.hrRestBpm,
    lthrBpm: s.lthrBpm,
    thresholdPaceSPerKm: s.thresholdPaceSPerKm,
    experience: s.experience,
    equipment: s.equipment,
    injuryArea: s.injury?.area ?? null,
    injuryCanRun: s.injury ? s.injury.canRun : null,
    injuryLowImpactCleared: s.injury?.lowImpactCleared ?? false,
    preferredStrengthTime: s.preferredStrengthTime,
    strengthGapAfterRunH: s.strengthGapAfterRunH,
    sessionsPerWeek: s.sessionsPerWeek,
    maxSessionMin: s.maxSessionMin,
    weeklyTemplate: s.weeklyTemplate,
    crossTrainingCounts: s.crossTrainingCounts,
    updatedAtMs: nowMs,
  };
  await db
    .insert(athleteSettingsTable)
    .values({ userId, ...values })
    .onConflictDoUpdate({ target: athleteSettingsTable.userId, set: values });
}
