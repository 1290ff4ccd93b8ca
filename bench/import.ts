/**
 * Import benchmark (issue 12). `npx tsx bench/import.ts` runs both parts at full size and writes
 * bench/results/import.json (`--no-archive` skips part 2); `npm run bench -- import` runs part 1
 * on 200 files (BENCH_IMPORT_FILES) and part 2 only with BENCH_IMPORT_ARCHIVE=1
 * (BENCH_IMPORT_ARCHIVE_MB sets the archive size, default 1,000).
 * 1. 1,000 FIT activity files (30-minute runs, 1 Hz records) imported into a fresh SQLite
 *    database through `importActivityFiles` (parse, map, dedupe, store), against the parser
 *    library alone (`@garmin/fitsdk` Decoder reading the same files from disk) in the same run.
 *    Target: import throughput ≥ 0.8× the bare decoder's.
 * 2. Peak RSS of `hardday import` (bin/hardday.js on the bundle, its own process) importing a
 *    ~1 GB Garmin-style export archive, streamed from disk. Target: < 300 MB. The archive is
 *    generated in a temp folder and deleted afterwards.
 */
import { spawnSync } from 'node:child_process';
import { createWriteStream, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Decoder, Encoder, Profile, Stream } from '@garmin/fitsdk';
import { Zip, ZipPassThrough } from 'fflate';
import { createUser } from '../src/db/repositories/users';
import { importActivityFiles } from '../src/files/import';
import { readInputs } from '../src/platform/node/files-input';
import { createNodeRuntime } from '../src/platform/node/runtime';
import type { BenchReport } from './report';

/** activity files in the throughput part when run standalone: `BENCH_IMPORT_FILES`, default 1,000 */
const FILES = Number(process.env['BENCH_IMPORT_FILES'] ?? 1_000);
/** archive size for the memory part: `BENCH_IMPORT_ARCHIVE_MB`, default 1,000 (1 GB) */
const ARCHIVE_BYTES = Number(process.env['BENCH_IMPORT_ARCHIVE_MB'] ?? 1_000) * 1_000_000;
const M = Profile.MesgNum;

/** A run at 1 Hz (30 minutes unless told) with heart rate, power, altitude and distance; with `gps`, positions too. */
function fitRun(startMs: number, seed: number, opts: { durationS?: number; gps?: boolean } = {}): Uint8Array {
  const e = new Encoder();
  const durationS = opts.durationS ?? 1800;
  const start = new Date(startMs);
  const end = new Date(startMs + durationS * 1000);
  const distanceM = ((5000 + (seed % 50) * 20) * durationS) / 1800;
  e.onMesg(M.FILE_ID as number, { type: 'activity', manufacturer: 'development', product: 1, timeCreated: start, serialNumber: 1000 + seed } as never);
  const semicircles = (deg: number) => Math.round((deg * 2 ** 31) / 180);
  for (let t = 0; t <= durationS; t++) {
    const position = opts.gps ? { positionLat: semicircles(52.5 + (t * 0.0001 + seed * 0.001) % 0.05), positionLong: semicircles(13.4 + (t * 0.00007) % 0.05) } : {};
    e.onMesg(M.RECORD as number, { timestamp: new Date(startMs + t * 1000), heartRate: 140 + ((t + seed) % 25), power: 240 + (t % 30), altitude: 100 + (t % 60) * 0.5, distance: (distanceM * t) / durationS, ...position } as never);
  }
  const totals = { startTime: start, timestamp: end, totalElapsedTime: durationS, totalTimerTime: durationS, totalDistance: distanceM, totalAscent: 40, avgHeartRate: 152, maxHeartRate: 164, sport: 'running', subSport: 'generic' };
  e.onMesg(M.LAP as number, { ...totals, messageIndex: 0 } as never);
  e.onMesg(M.SESSION as number, { ...totals, messageIndex: 0, numLaps: 1 } as never);
  e.onMesg(M.ACTIVITY as number, { timestamp: end, numSessions: 1, type: 'manual', totalTimerTime: durationS, localTimestamp: Math.round((end.getTime() - 631065600000) / 1000) + 3600 } as never);
  return e.close();
}

const DAY = 86_400_000;
const T0 = Date.parse('2023-01-01T06:00:00Z');

async function throughput(dir: string, files: number): Promise<{ report: BenchReport }> {
  const fitDir = join(dir, 'fit');
  mkdirSync(fitDir);
  let bytes = 0;
  for (let i = 0; i < files; i++) {
    const f = fitRun(T0 + i * DAY, i);
    bytes += f.length;
    writeFileSync(join(fitDir, `run-${String(i).padStart(4, '0')}.fit`), f);
  }
  const mb = bytes / 1e6;

  // the parser library alone: read each file, check it, decode it (after a warm-up, so the
  // decoder's JIT start does not count against the baseline)
  const names = (await readdir(fitDir)).sort();
  for (const name of names.slice(0, 20)) new Decoder(Stream.fromByteArray(new Uint8Array(await readFile(join(fitDir, name))))).read();
  let t = performance.now();
  let decoded = 0;
  for (const name of names) {
    const data = new Uint8Array(await readFile(join(fitDir, name)));
    const decoder = new Decoder(Stream.fromByteArray(data));
    if (!decoder.checkIntegrity()) throw new Error(`${name}: bad file`);
    const { messages } = decoder.read();
    decoded += messages.sessionMesgs?.length ?? 0;
  }
  const bareS = (performance.now() - t) / 1000;
  if (decoded !== files) throw new Error('decoder missed sessions');

  const runtime = await createNodeRuntime({ DATABASE_PATH: join(dir, 'bench.db'), SECRET_KEY: 'bench-secret-key-0123456789abcdef0123456789', SCHEDULER_ENABLED: 'false', LOG_LEVEL: 'silent' });
  const user = await createUser(runtime.deps.db, { role: 'runner', timeZone: 'Europe/Berlin' });
  t = performance.now();
  const summary = await importActivityFiles(runtime.deps, user.id, await readInputs([fitDir]), { defaultTimeZone: 'Europe/Berlin', hrMaxBpm: 190 });
  const importS = (performance.now() - t) / 1000;
  runtime.database.close();
  if (summary.imported !== files) throw new Error(`imported ${summary.imported} of ${files}: ${JSON.stringify(summary.skipped.slice(0, 3))}`);

  const ratio = bareS / importS;
  return {
    report: {
      name: 'import',
      description: `hardday import of ${files} FIT files (${mb.toFixed(1)} MB, 30-min runs at 1 Hz) into SQLite: parse, map, dedupe, store`,
      metrics: { files: files, filesPerS: files / importS, mbPerS: mb / importS, seconds: importS },
      baseline: { description: '@garmin/fitsdk Decoder alone (checkIntegrity + read) on the same files from disk', metrics: { filesPerS: files / bareS, mbPerS: mb / bareS, seconds: bareS } },
      ratio,
      target: 'import ≥ 0.8× the bare decoder',
      met: ratio >= 0.8,
    },
  };
}

/**
 * A Garmin Connect-like export (its DI_CONNECT/DI-Connect-Uploaded-Files folder, flat): ~1 GB of
 * FIT entries, stored, each a 1-hour run with GPS (~110 KB, like a watch's file).
 */
export async function writeArchive(path: string): Promise<{ bytes: number; entries: number }> {
  const out = createWriteStream(path);
  let written = 0;
  const zip = new Zip((err, chunk) => {
    if (err) throw err;
    written += chunk.length;
    out.write(chunk);
  });
  // 400 distinct runs, repeated under new names until the archive reaches its size
  const templates = Array.from({ length: 400 }, (_, i) => fitRun(T0 + (i + 2000) * DAY, i, { durationS: 3600, gps: true }));
  let entries = 0;
  while (written < ARCHIVE_BYTES) {
    const file = new ZipPassThrough(`DI_CONNECT/DI-Connect-Uploaded-Files/activity_${entries}.fit`);
    zip.add(file);
    file.push(templates[entries % templates.length] as Uint8Array, true);
    entries++;
    if (out.writableNeedDrain) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  zip.end();
  await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
  return { bytes: statSync(path).size, entries };
}

/**
 * Peak RSS of `hardday import <archive>` as a user runs it: `bin/hardday.js` on the bundle (built
 * first, as `npm ci` does), in its own process, into a fresh database with one runner. The peak is
 * the process's own maxRSS, printed at exit by a preloaded hook.
 */
async function archiveMemory(dir: string): Promise<Record<string, number>> {
  const archive = join(dir, 'garmin-export.zip');
  const made = await writeArchive(archive);
  const root = new URL('..', import.meta.url).pathname;
  const build = spawnSync(process.execPath, [join(root, 'bin/build.js')], { encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`build failed: ${build.stderr}`);
  const dataDir = join(dir, 'data');
  const runtime = await createNodeRuntime({ DATA_DIR: dataDir, SCHEDULER_ENABLED: 'false', LOG_LEVEL: 'silent' });
  await createUser(runtime.deps.db, { role: 'runner', timeZone: 'Europe/Berlin' });
  runtime.database.close();
  const hook = join(dir, 'max-rss.mjs');
  writeFileSync(hook, "import { writeSync } from 'node:fs';\nprocess.on('exit', () => writeSync(2, '\\nmax-rss-kb=' + process.resourceUsage().maxRSS + '\\n'));\n");
  const t = performance.now();
  const child = spawnSync(process.execPath, ['--import', pathToFileURL(hook).href, join(root, 'bin/hardday.js'), 'import', archive, '--json'], {
    encoding: 'utf8',
    maxBuffer: 64 << 20,
    env: { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'silent' },
  });
  const seconds = (performance.now() - t) / 1000;
  if (child.status !== 0) throw new Error(`hardday import failed: ${child.stderr.slice(-2000)}`);
  if (child.stderr.includes("running from the TypeScript sources")) throw new Error(`hardday import did not run the bundle: ${child.stderr.slice(0, 500)}`);
  const summary = JSON.parse(child.stdout.trim().split('\n').pop() as string) as { imported: number; duplicates: number; skipped: unknown[] };
  const peakRssMb = Number(/max-rss-kb=(\d+)/.exec(child.stderr)?.[1]) / 1024;
  console.error(`archive: ${(made.bytes / 1e9).toFixed(2)} GB, ${made.entries} entries: \`hardday import\` peak RSS ${peakRssMb.toFixed(0)} MB in ${seconds.toFixed(1)} s (${summary.imported} imported, ${summary.duplicates} duplicates, ${summary.skipped.length} skipped)`);
  if (summary.skipped.length > 0) throw new Error(`the archive import skipped files: ${JSON.stringify(summary.skipped.slice(0, 3))}`);
  return { archiveGb: made.bytes / 1e9, archiveEntries: made.entries, archivePeakRssMb: peakRssMb, archiveSeconds: seconds, archiveMbPerS: made.bytes / 1e6 / seconds };
}

/**
 * The bench `npm run bench` runs: the throughput part always; the archive part only with
 * `BENCH_IMPORT_ARCHIVE=1` (about 10 minutes at the default 1 GB).
 */
export async function benchImport(options: { archive?: boolean; files?: number } = {}): Promise<BenchReport> {
  const withArchive = options.archive ?? process.env['BENCH_IMPORT_ARCHIVE'] === '1';
  const dir = mkdtempSync(join(tmpdir(), 'hardday-bench-import-'));
  try {
    const { report } = await throughput(dir, options.files ?? FILES);
    console.error(`import: ${report.metrics.filesPerS?.toFixed(0)} files/s, ${report.metrics.mbPerS?.toFixed(1)} MB/s; decoder alone: ${report.baseline.metrics.filesPerS?.toFixed(0)} files/s, ${report.baseline.metrics.mbPerS?.toFixed(1)} MB/s; ratio ${report.ratio.toFixed(2)}`);
    if (!withArchive) return report;
    const archive = await archiveMemory(dir);
    Object.assign(report.metrics, archive);
    report.target += `; peak RSS < 300 MB importing a ~${(ARCHIVE_BYTES / 1e9).toFixed(1)} GB export archive (streamed)`;
    report.met = report.met && (archive['archivePeakRssMb'] ?? Number.POSITIVE_INFINITY) < 300;
    return report;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const report = await benchImport({ archive: !process.argv.includes('--no-archive') });
  mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
  writeFileSync(new URL('./results/import.json', import.meta.url), `${JSON.stringify(report, null, 2)}\n`);
  console.log(JSON.stringify(report, null, 2));
}

if (process.argv[1] === import.meta.filename) await main();
