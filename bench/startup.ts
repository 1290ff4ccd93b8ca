/**
 * Start-up and idle memory of `npm start`: the command in package.json's start script, run the
 * way npm runs it, from a fresh build (`bin/build.js`, what `npm ci` runs through `prepare`),
 * in an empty working directory (a first start: database created and migrated, key generated).
 * Measured: time from spawn to the first 200 from `/healthz`, then the resident memory of the
 * whole process tree after a few idle seconds, and how many processes that tree holds. Against a
 * bare `node -e` HTTP server measured the same way in the same run. For reference, the same
 * figures for the development path (`node --import tsx src/entries/node.ts`) and for the
 * `tsx` launcher `npm start` used before the build step.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { BenchReport } from './report';

const ROOT = resolve(import.meta.dirname, '..');
const RUNS = 3;
const IDLE_MS = 3_000;
const HEALTHZ_LIMIT_MS = 1_000;
const RSS_LIMIT_MB = 100;

interface Sample {
  healthzMs: number;
  idleRssMb: number;
  processes: number;
}

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => done(port));
    });
  });
}

/** The pid and every descendant, with their summed resident memory (Linux /proc). */
function treeRss(rootPid: number): { rssKb: number; processes: number } {
  const parentOf = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // the command name may contain spaces and parentheses: fields follow the last ')'
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      parentOf.set(Number(entry), Number(fields[1]));
    } catch {
      // the process exited while we listed it
    }
  }
  const tree = new Set([rootPid]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [pid, ppid] of parentOf) {
      if (tree.has(ppid) && !tree.has(pid)) {
        tree.add(pid);
        grew = true;
      }
    }
  }
  let rssKb = 0;
  for (const pid of tree) {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    rssKb += Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? 0);
  }
  return { rssKb, processes: tree.size };
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
}

/** Start `command args` in an empty directory and measure it (see the module comment). */
async function measure(command: string, args: string[]): Promise<Sample> {
  const cwd = mkdtempSync(join(tmpdir(), 'hardday-bench-start-'));
  const port = await freePort();
  const env = { PATH: process.env.PATH ?? '', HOME: cwd, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn' };
  const started = performance.now();
  const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  try {
    let healthzMs: number | undefined;
    while (healthzMs === undefined) {
      if (child.exitCode !== null) throw new Error(`${command} ${args.join(' ')} exited with ${child.exitCode}: ${stderr}`);
      if (performance.now() - started > 30_000) throw new Error(`${command} ${args.join(' ')}: no /healthz within 30 s`);
      try {
        const res = await fetch(`http://127.0.0.1:${port}/healthz`);
        await res.arrayBuffer();
        if (res.ok) healthzMs = performance.now() - started;
      } catch {
        await sleep(5);
      }
    }
    await sleep(IDLE_MS);
    const { rssKb, processes } = treeRss(child.pid ?? 0);
    return { healthzMs: Math.round(healthzMs), idleRssMb: Math.round(rssKb / 1024), processes };
  } finally {
    await stop(child);
    rmSync(cwd, { recursive: true, force: true });
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

/** Interleaved runs (so load on the shared machine hits every variant alike); medians per variant. */
async function measureAll(variants: Record<string, [string, string[]]>): Promise<Record<string, Sample>> {
  const samples: Record<string, Sample[]> = {};
  for (let run = 0; run < RUNS; run++) {
    for (const [name, [command, args]] of Object.entries(variants)) {
      const sample = await measure(command, args);
      samples[name] = [...(samples[name] ?? []), sample];
    }
  }
  return Object.fromEntries(
    Object.entries(samples).map(([name, s]) => [
      name,
      { healthzMs: median(s.map((x) => x.healthzMs)), idleRssMb: median(s.map((x) => x.idleRssMb)), processes: Math.max(...s.map((x) => x.processes)) },
    ]),
  );
}

/** `npm start`'s command with its script paths made absolute (the measurement runs elsewhere). */
function npmStartCommand(): [string, string[]] {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  const [program, ...args] = (pkg.scripts.start ?? '').split(/\s+/);
  if (program !== 'node') throw new Error(`the start script should run node directly, got: ${pkg.scripts.start}`);
  return [process.execPath, args.map((a) => (existsSync(join(ROOT, a)) ? join(ROOT, a) : a))];
}

export async function benchStartup(): Promise<BenchReport> {
  const buildStarted = performance.now();
  execFileSync(process.execPath, [join(ROOT, 'bin/build.js')], { stdio: 'inherit' });
  const buildMs = Math.round(performance.now() - buildStarted);
  const bare = `require('node:http').createServer((q, s) => { s.setHeader('content-type', 'application/json'); s.end('{"ok":true}'); }).listen(Number(process.env.PORT), process.env.HOST)`;
  const entry = join(ROOT, 'src/entries/node.ts');
  const r = await measureAll({
    start: npmStartCommand(),
    bare: [process.execPath, ['-e', bare]],
    dev: [process.execPath, ['--import', import.meta.resolve('tsx'), entry, 'serve']],
    tsxLauncher: [join(ROOT, 'node_modules/.bin/tsx'), [entry, 'serve']],
  });
  const start = r.start as Sample;
  const base = r.bare as Sample;
  const dev = r.dev as Sample;
  const launcher = r.tsxLauncher as Sample;
  return {
    name: 'startup',
    description: `npm start from a fresh build in an empty directory: spawn to first /healthz 200, then whole-tree RSS after ${IDLE_MS / 1000} s idle (median of ${RUNS})`,
    metrics: {
      healthzMs: start.healthzMs,
      idleRssMb: start.idleRssMb,
      processes: start.processes,
      buildMs,
      devHealthzMs: dev.healthzMs,
      devIdleRssMb: dev.idleRssMb,
      tsxLauncherHealthzMs: launcher.healthzMs,
      tsxLauncherIdleRssMb: launcher.idleRssMb,
      tsxLauncherProcesses: launcher.processes,
    },
    baseline: { description: 'bare `node -e` HTTP server answering /healthz', metrics: { healthzMs: base.healthzMs, idleRssMb: base.idleRssMb } },
    ratio: Number((start.idleRssMb / base.idleRssMb).toFixed(2)),
    target: `one process, first /healthz < ${HEALTHZ_LIMIT_MS} ms, idle RSS < ${RSS_LIMIT_MB} MB (ratio: idle RSS against bare node)`,
    met: start.processes === 1 && start.healthzMs < HEALTHZ_LIMIT_MS && start.idleRssMb < RSS_LIMIT_MB,
  };
}
