/**
 * @module files/import-command
 * `hardday import <files|folder|zip> [--athlete EMAIL|ID]` (contract.md): store activity files
 * for one runner and print the summary (imported, duplicates, skipped with the reason). With one
 * runner in the database `--athlete` may be left out. The plan is recomputed before exiting, as
 * after a sync. Disk access comes through `PlanIo` (src/platform/node/files-input.ts).
 */
import { Command } from 'commander';
import { eq } from 'drizzle-orm';
import { notFound, validation } from '../core/errors';
import type { Db } from '../db/client';
import { readSettings } from '../db/repositories/settings';
import { getUser } from '../db/repositories/users';
import { credentialsTable, usersTable } from '../db/schema';
import type { CliContext } from '../deps';
import { replanAthlete } from '../planning/replan';
import { importActivityFiles } from './import';
import { type ImportSummary, skippedLine } from './import-summary';
import type { InputSource, PlanIo } from './plan-command';
import { progressFor } from './progress';

/** The runner `--athlete` names (an id or an email), or the only runner when it is left out. */
export async function resolveAthlete(db: Db, spec: string | undefined): Promise<string> {
  if (spec === undefined) {
    const runners = await db.select({ id: usersTable.id }).from(usersTable).where(eq(usersTable.role, 'runner')).limit(2);
    if (runners.length === 1 && runners[0]) return runners[0].id;
    throw validation(runners.length === 0 ? 'there is no runner account in the database yet: sign up first' : 'there are several accounts: name one with --athlete EMAIL|ID');
  }
  const byId = await getUser(db, spec);
  if (byId) return byId.id;
  if (spec.includes('@')) {
    // emails are stored trimmed and lower-cased (src/account/accounts.ts EmailSchema)
    const rows = await db.select({ id: credentialsTable.userId }).from(credentialsTable).where(eq(credentialsTable.email, spec.trim().toLowerCase())).limit(1);
    if (rows[0]) return rows[0].id;
  }
  throw notFound(`account ${spec}`);
}

export function formatSummary(s: ImportSummary): string[] {
  const lines = [`imported: ${s.imported}`, `duplicates: ${s.duplicates}`, `skipped: ${s.skipped.length}`];
  for (const k of s.skipped) lines.push(`  ${skippedLine(k)}`);
  return lines;
}

function inputCount(source: InputSource): number {
  return Array.isArray(source) ? source.length : (source.count ?? 0);
}

export function createImportCommand(ctx: CliContext, io: Pick<PlanIo, 'stdout' | 'stderr' | 'readInputs'>): Command {
  return new Command('import')
    .description('import activity files into the database for one runner, then replan')
    .argument('<inputs...>', 'FIT/GPX/TCX files (plain or .gz), folders, or Strava/Garmin export .zip archives')
    .option('--athlete <email|id>', 'the runner to import for (optional when the database has one runner)')
    .option('--json', 'print the summary as JSON { imported, duplicates, skipped: [{ file, reason }] }')
    .action(async (inputs: string[], opts: { athlete?: string; json?: boolean }) => {
      const { deps, close } = await ctx.openDeps();
      try {
        const userId = await resolveAthlete(deps.db, opts.athlete);
        const settings = await readSettings(deps.db, userId);
        const source = await io.readInputs(inputs);
        const progress = progressFor(inputCount(source), io.stderr);
        let summary: ImportSummary;
        try {
          summary = await importActivityFiles(deps, userId, source, {
            ...(settings ? { defaultTimeZone: settings.timeZone } : {}),
            ...(settings?.hrMaxBpm ? { hrMaxBpm: settings.hrMaxBpm } : {}),
            onInputDone: (f) => progress.tick(f),
          });
        } finally {
          progress.stop();
        }
        if (summary.imported + summary.duplicates > 0) {
          const outcome = await replanAthlete(deps, userId);
          if (outcome && !opts.json) io.stderr.write(`plan updated: ${outcome.result.sessions.length} sessions (${outcome.created} new, ${outcome.updated} changed)\n`);
        }
        if (opts.json) io.stdout.write(`${JSON.stringify(summary)}\n`);
        else for (const line of formatSummary(summary)) io.stdout.write(`${line}\n`);
      } finally {
        close();
      }
    });
}
