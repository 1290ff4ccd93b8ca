/**
 * `npm start` and the `hardday` bin: one plain Node process running the esbuild bundle that
 * `npm ci` builds (`prepare`), and never a build older than the sources.
 */
import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { TEST_SECRET_KEY } from '../helpers/runtime';

const ROOT = resolve(import.meta.dirname, '../..');
const cleanup: Array<() => void> = [];
afterEach(() => {
  for (const undo of cleanup.splice(0)) undo();
});

function childrenOf(pid: number): string {
  return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim();
}

describe('npm start', () => {
  it('is `node bin/hardday.js serve`: no TypeScript launcher in front of the server', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts.start).toBe('node bin/hardday.js serve');
    expect(pkg.scripts.prepare).toBe('node bin/build.js');
  });

  it('the bundle `prepare` builds serves /healthz as one process with no child', async () => {
    const out = join(ROOT, `.test-build-${process.pid}`);
    cleanup.push(() => rmSync(out, { recursive: true, force: true }));
    execFileSync(process.execPath, [join(ROOT, 'bin/build.js'), out], { stdio: 'pipe' });

    const data = mkdtempSync(join(tmpdir(), 'hardday-bundle-'));
    cleanup.push(() => rmSync(data, { recursive: true, force: true }));
    const child: ChildProcess = spawn(process.execPath, [join(out, 'hardday.js'), 'serve'], {
      cwd: data,
      env: { PATH: process.env.PATH ?? '', PORT: '0', HOST: '127.0.0.1', DATA_DIR: data, SECRET_KEY: TEST_SECRET_KEY, LOG_LEVEL: 'silent', SCHEDULER_ENABLED: 'false' },
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    cleanup.push(() => child.kill('SIGKILL'));
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    const port = await new Promise<number>((done, fail) => {
      child.once('message', (m) => done((m as { listening: number }).listening));
      child.once('exit', (code) => fail(new Error(`bundle exited with ${code}: ${stderr}`)));
    });
    const res = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
    // tsx would show as a second node process or an esbuild service child
    expect(childrenOf(child.pid ?? 0)).toBe('');
    const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(stderr).toBe('');
  }, 60_000);
});

describe('bin/hardday.js', () => {
  /** A copy of the bin in a tree whose "build" and "sources" only say which one ran. */
  function fakeCheckout() {
    const root = mkdtempSync(join(tmpdir(), 'hardday-bin-'));
    cleanup.push(() => rmSync(root, { recursive: true, force: true }));
    for (const dir of ['bin', 'dist', 'src/entries']) mkdirSync(join(root, dir), { recursive: true });
    copyFileSync(join(ROOT, 'bin/hardday.js'), join(root, 'bin/hardday.js'));
    symlinkSync(join(ROOT, 'node_modules'), join(root, 'node_modules'));
    writeFileSync(join(root, 'package.json'), '{"type":"module"}\n');
    writeFileSync(join(root, 'dist/hardday.js'), "console.log('ran the build');\n");
    writeFileSync(join(root, 'src/entries/node.ts'), "const from: string = 'ran the sources';\nconsole.log(from);\n");
    const setTimes = (path: string, s: number) => utimesSync(join(root, path), s, s);
    const run = (env: Record<string, string> = {}) => spawnSync(process.execPath, [join(root, 'bin/hardday.js')], { env: { PATH: process.env.PATH ?? '', ...env }, encoding: 'utf8', timeout: 60_000 });
    return { root, setTimes, run };
  }

  it('runs the build when it is newer than every source, and the sources (saying why) when any is newer', () => {
    const { setTimes, run } = fakeCheckout();
    const t = Math.floor(Date.now() / 1000) - 1_000;
    for (const path of ['src/entries/node.ts', 'src/entries', 'src']) setTimes(path, t);
    setTimes('dist/hardday.js', t + 10);
    const fresh = run();
    expect(fresh.stdout).toBe('ran the build\n');
    expect(fresh.stderr).toBe('');

    setTimes('src/entries/node.ts', t + 20); // an edit, or a `git pull` without `npm ci`
    const stale = run();
    expect(stale.stdout).toBe('ran the sources\n');
    expect(stale.stderr).toContain('running from the TypeScript sources (src/entries/node.ts is newer than the build in dist/)');

    const forced = run({ HARDDAY_FROM_SOURCE: '1' });
    setTimes('src/entries/node.ts', t);
    expect(forced.stdout).toBe('ran the sources\n');
    expect(forced.stderr).toBe('');
  });
});
