/**
 * @module files/plan-command
 * `hardday plan <files|folder|zip> [options]` (contract.md): classify days from activity files,
 * plan strength sessions, print both (table, or `--json`), and optionally write an ICS file and one
 * FIT workout per session. No account, server or database. All I/O goes through `PlanIo`, so the
 * command runs in tests without touching the disk and the main CLI can mount it as a sub-command.
 */
import { Command, CommanderError } from 'commander';
import { encodeWorkoutFit, type FileInput, workoutFileName } from '../../integrations/files';
import { renderCalendar } from '../../integrations/ics/render';
import type { Equipment, InjuryArea } from '../../rules';
import { addDays, localDate, localDateTimeMinute } from '../core/dates';
import { parseImportBatch } from './import-summary';
import { OFFLINE_HISTORY_DAYS, type OfflinePlan, planOffline, type RaceOption } from './offline-plan';
import { parseDate, parseEquipment, parseHrMax, parseHrRest, parseInjury, parseRace, parseSex, parseTimeZone } from './plan-options';
import { planJson, planText, sessionEntries } from './plan-output';
import { type OutStream, progressFor } from './progress';

/** Inputs as the platform reads them; `count` (when known up front) drives the progress bar. */
export type InputSource = FileInput[] | (AsyncIterable<FileInput> & { count?: number });

export interface PlanIo {
  stdout: OutStream;
  stderr: OutStream;
  /** files, folders (walked) and archives named on the command line, read lazily */
  readInputs(paths: string[]): InputSource | Promise<InputSource>;
  /** write a file, creating its folder */
  writeFile(path: string, data: string | Uint8Array): Promise<void>;
  /** the real clock (default `Date.now`): `--today` defaults to today in `--tz` */
  now?: () => number;
  /** the machine's zone (default from Intl): `--tz` defaults to it */
  localTimeZone?: () => string;
}

export interface PlanCommandOptions {
  race: RaceOption[];
  today?: string;
  tz?: string;
  sex?: 'm' | 'f';
  hrMax?: number;
  hrRest?: number;
  equipment?: Equipment[];
  injured?: InjuryArea;
  ics?: string;
  fitDir?: string;
  json?: boolean;
}

class PlanUsageError extends Error {}

function joinPath(dir: string, name: string): string {
  return dir.endsWith('/') || dir.endsWith('\\') ? `${dir}${name}` : `${dir}/${name}`;
}

function inputCount(source: InputSource): number {
  return Array.isArray(source) ? source.length : (source.count ?? 0);
}

/** A note when no activity falls in the history the plan reads (old files, or a wrong --today). */
export function outsideWindowNote(dates: readonly string[], today: string): string | undefined {
  const from = addDays(today, -OFFLINE_HISTORY_DAYS);
  if (dates.length === 0 || dates.some((d) => d >= from && d <= today)) return undefined;
  const sorted = [...dates].sort();
  const first = sorted[0] as string;
  const last = sorted[sorted.length - 1] as string;
  return `note: none of the ${dates.length} activities is in the ${OFFLINE_HISTORY_DAYS} days up to ${today} (they are from ${first} to ${last}); plan as of then with --today ${last}`;
}

/** Run the plan for parsed options; returns the plan (also printed/written through `io`). */
export async function executePlan(paths: string[], options: PlanCommandOptions, io: PlanIo): Promise<OfflinePlan> {
  if (options.hrMax !== undefined && options.hrRest !== undefined && options.hrRest >= options.hrMax) {
    throw new PlanUsageError(`--hr-rest ${options.hrRest} must be below --hr-max ${options.hrMax}`);
  }
  const now = (io.now ?? Date.now)();
  const tz = options.tz ?? io.localTimeZone?.() ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
  const today = options.today ?? localDate(tz, now);
  const nowLocal = options.today === undefined ? localDateTimeMinute(tz, now) : undefined;

  const source = await io.readInputs(paths);
  const progress = progressFor(inputCount(source), io.stderr);
  let parsed: Awaited<ReturnType<typeof parseImportBatch>>;
  try {
    parsed = await parseImportBatch(source, { defaultTimeZone: tz, ...(options.hrMax ? { hrMaxBpm: options.hrMax } : {}), onInputDone: (f) => progress.tick(f) });
  } finally {
    progress.stop();
  }
  for (const s of parsed.skipped) io.stderr.write(`skipped ${s.reason}\n`);
  if (parsed.activities.length === 0 && parsed.skipped.length === 0) throw new PlanUsageError(`no activity files found in ${paths.join(', ')}`);
  if (parsed.activities.length === 0) throw new PlanUsageError(`none of the ${parsed.skipped.length} files could be used (reasons above)`);
  io.stderr.write(`read ${parsed.activities.length} activities (${parsed.duplicates} duplicates, ${parsed.skipped.length} skipped)\n`);
  const outside = outsideWindowNote(parsed.activities.map((a) => a.localDate), today);
  if (outside) io.stderr.write(`${outside}\n`);

  const plan = planOffline(parsed.activities, {
    races: options.race,
    today,
    tz,
    ...(nowLocal ? { nowLocal } : {}),
    ...(options.sex ? { sex: options.sex } : {}),
    ...(options.hrMax ? { hrMax: options.hrMax } : {}),
    ...(options.hrRest ? { hrRest: options.hrRest } : {}),
    ...(options.equipment ? { equipment: options.equipment } : {}),
    ...(options.injured ? { injured: options.injured } : {}),
  });

  io.stdout.write(options.json ? planJson(plan) : planText(plan));
  if (options.ics) {
    const body = renderCalendar(sessionEntries(plan.sessions, tz), { name: 'hardday strength plan', stampMs: () => now });
    await io.writeFile(options.ics, body);
    io.stderr.write(`wrote ${options.ics} (${plan.sessions.length} sessions)\n`);
  }
  if (options.fitDir) {
    for (const session of plan.sessions) {
      const path = joinPath(options.fitDir, workoutFileName(session));
      await io.writeFile(path, encodeWorkoutFit(session, new Date(now)));
    }
    io.stderr.write(`wrote ${plan.sessions.length} FIT workouts to ${options.fitDir}\n`);
  }
  return plan;
}

/**
 * The `plan` command. `onPlan` receives each finished plan (tests, embedding). The main CLI can
 * `program.addCommand(createPlanCommand(io))`.
 */
export function createPlanCommand(io: PlanIo, onPlan?: (plan: OfflinePlan) => void): Command {
  return new Command('plan')
    .description('offline: classify days from activity files and plan strength sessions (no account, server or database)')
    .argument('<inputs...>', 'FIT/GPX/TCX files (plain or .gz), folders, or Strava/Garmin export .zip archives')
    .option('--race <spec>', 'goal race DATE:DISTANCE[:trail][:A|B|C]; DISTANCE is 5k, 10k, half, marathon, or metres/km like 21.1km (repeatable)', (v: string, prev: RaceOption[]) => parseRace(v, prev), [] as RaceOption[])
    .option('--today <date>', 'plan as of this date YYYY-MM-DD (default: today in --tz)', parseDate)
    .option('--tz <zone>', 'IANA time zone of the runner (default: this machine\'s)', parseTimeZone)
    .option('--sex <m|f>', 'sex, for the heart-rate load model', parseSex)
    .option('--hr-max <bpm>', 'maximum heart rate', parseHrMax)
    .option('--hr-rest <bpm>', 'resting heart rate', parseHrRest)
    .option('--equipment <list>', 'comma-separated: bodyweight, bands, dumbbells, kettlebell, gym', parseEquipment)
    .option('--injured <area>', 'an injured area the plan avoids loading (foot, ankle, shin, calf, achilles, knee, hamstring, quad, hip, lower_back, upper_body)', parseInjury)
    .option('--ics <file>', 'write the sessions as an ICS calendar file')
    .option('--fit-dir <dir>', 'write one FIT workout file per session into this folder')
    .option('--json', 'print { "days": [...], "sessions": [...] } instead of the table')
    .action(async (inputs: string[], _opts: unknown, command: Command) => {
      const plan = await executePlan(inputs, command.opts<PlanCommandOptions>(), io);
      onPlan?.(plan);
    });
}

/** `hardday plan …` with `argv` the arguments after `plan`; resolves to the exit code. */
export async function runPlanCommand(argv: string[], io: PlanIo): Promise<number> {
  const command = createPlanCommand(io)
    .exitOverride()
    .configureOutput({ writeOut: (s) => void io.stdout.write(s), writeErr: (s) => void io.stderr.write(s) });
  try {
    await command.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    io.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}
