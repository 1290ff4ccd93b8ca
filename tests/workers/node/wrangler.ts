/** Run wrangler offline (stack.md §2: no telemetry, no error reports, no cf.json, no update check). */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { buildAssets } from './build-assets';

export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export const OFFLINE_ENV = {
  WRANGLER_SEND_METRICS: 'false',
  WRANGLER_SEND_ERROR_REPORTS: 'false',
  CLOUDFLARE_CF_FETCH_ENABLED: 'false',
  WRANGLER_HIDE_BANNER: 'true',
};

export function wrangler(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [join(ROOT, 'node_modules/wrangler/bin/wrangler.js'), ...args], { cwd: ROOT, env: { ...process.env, ...OFFLINE_ENV }, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

export interface BuiltWorker {
  bytes: number;
  gzipBytes: number;
  scriptPath: string;
  dir: string;
  dispose(): void;
}

/** `wrangler deploy --dry-run --outdir <tmp>` of the top-level environment. */
export async function buildWorker(): Promise<BuiltWorker> {
  buildAssets();
  const dir = mkdtempSync(join(tmpdir(), 'hardday-worker-'));
  const result = await wrangler(['deploy', '--dry-run', '--env', '', '--outdir', dir]);
  if (result.code !== 0) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`wrangler deploy --dry-run failed (${result.code}):\n${result.stderr}\n${result.stdout}`);
  }
  const scriptPath = join(dir, 'worker.js');
  const script = readFileSync(scriptPath);
  return { bytes: script.length, gzipBytes: gzipSync(script, { level: 9 }).length, scriptPath, dir, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}
