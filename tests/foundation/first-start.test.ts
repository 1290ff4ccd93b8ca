/**
 * A newcomer's first hour: the `hardday` command started from an empty working directory, with
 * `.env` files, misspelt variables, a busy port, a bad PORT and a wrong command. Two of them as
 * real processes (`node --import tsx src/entries/node.ts`, what bin/hardday.js runs when there
 * is no build), the rest through the same `main` in-process.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../../src/core/log';
import { main } from '../../src/platform/node/main';
import { resolveSecretKey } from '../../src/platform/node/secret-key';
import { createNodeRuntime } from '../../src/platform/node/runtime';

const ROOT = resolve(import.meta.dirname, '../..');
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const ENTRY = join(ROOT, 'src/entries/node.ts');

const cleanup: Array<() => void> = [];
afterEach(() => {
  for (const undo of cleanup.splice(0)) undo();
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'hardday-first-'));
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** The environment of a fresh shell: none of this test run's or hardday's variables. */
function shellEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (value === undefined || name === 'VITEST' || name.startsWith('VITEST_') || /^(STRAVA|GOOGLE|GARMIN|HARDDAY)_/.test(name)) continue;
    if (['PORT', 'HOST', 'DATA_DIR', 'DATABASE_PATH', 'SECRET_KEY', 'LOG_LEVEL', 'NODE_ENV'].includes(name)) continue;
    env[name] = value;
  }
  return { ...env, ...extra };
}

function hardday(args: string[], opts: { cwd: string; env?: Record<string, string> }) {
  const result = spawnSync(process.execPath, ['--import', TSX, ENTRY, ...args], { cwd: opts.cwd, env: shellEnv(opts.env), encoding: 'utf8', timeout: 60_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('the hardday command, started the way a newcomer does', () => {
  it('reads .env from the working directory, and a variable set in the environment wins over it', () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, '.env'), '# my hardday\nDATA_DIR=./from-file\nLOG_LEVEL=warn\nSTRAVA_CLIENTID=123\n');

    const fromFile = hardday(['migrate'], { cwd });
    expect(fromFile.stderr).toBe('warning: unknown environment variable STRAVA_CLIENTID is ignored: did you mean STRAVA_CLIENT_ID?\n');
    expect(fromFile.status).toBe(0);
    expect(existsSync(join(cwd, 'from-file/hardday.db'))).toBe(true);

    const overridden = hardday(['migrate'], { cwd, env: { DATA_DIR: './from-env' } });
    expect(overridden.status).toBe(0);
    expect(existsSync(join(cwd, 'from-env/hardday.db'))).toBe(true);
    expect(existsSync(join(cwd, 'data'))).toBe(false);
  });

  it('a busy port is one line and a non-zero exit, not an EADDRINUSE stack', async () => {
    const cwd = tempDir();
    const taken: Server = createServer();
    await new Promise<void>((done) => taken.listen(0, '127.0.0.1', done));
    cleanup.push(() => taken.close());
    const address = taken.address();
    const port = typeof address === 'object' && address ? address.port : 0;

    const run = hardday(['serve'], { cwd, env: { PORT: String(port), LOG_LEVEL: 'silent' } });
    expect(run.status).toBe(1);
    expect(run.stderr).toBe(`port ${port} is already in use on 127.0.0.1: set PORT=… or stop the other process\n`);
  });
});

/** `main` in-process, with what it prints to stderr and stdout. */
async function mainIn(argv: string[], env: Record<string, string>, cwd: string) {
  const errors: string[] = [];
  const out: string[] = [];
  const err = vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void errors.push(args.join(' ')));
  const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out.push(String(chunk));
    return true;
  });
  const writeErr = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    errors.push(String(chunk).trimEnd());
    return true;
  });
  try {
    const code = await main(argv, { LOG_LEVEL: 'silent', ...env }, cwd);
    return { code, stderr: errors, stdout: out.join('') };
  } finally {
    err.mockRestore();
    write.mockRestore();
    writeErr.mockRestore();
  }
}

describe('what the command says before and instead of starting', () => {
  it('names the typo when a misspelt Strava variable leaves the real one missing', async () => {
    const cwd = tempDir();
    const run = await mainIn(['migrate'], { DATA_DIR: cwd, STRAVA_CLIENTID: '123', STRAVA_CLIENT_SECRET: 'secret', STRAVA_VERIFY_TOKEN: 'verify-me-please' }, cwd);
    expect(run.code).toBe(1);
    expect(run.stderr).toEqual([
      'warning: unknown environment variable STRAVA_CLIENTID is ignored: did you mean STRAVA_CLIENT_ID?',
      'Invalid configuration: STRAVA_CLIENT_ID is required when the other Strava credential is set (STRAVA_CLIENTID is set: a typo of STRAVA_CLIENT_ID?)',
    ]);
  });

  it('a .env typo is reported the same way, and a .env it cannot use is said, not ignored', async () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, '.env'), `DATA_DIR=${cwd}\nGOOGLE_CLIENTID=abc\n`);
    const run = await mainIn(['migrate'], {}, cwd);
    expect(run.code).toBe(0);
    expect(run.stderr).toEqual(['warning: unknown environment variable GOOGLE_CLIENTID is ignored: did you mean GOOGLE_CLIENT_ID?']);
    expect(existsSync(join(cwd, 'hardday.db'))).toBe(true);

    const unreadable = tempDir();
    mkdirSync(join(unreadable, '.env'));
    const broken = await mainIn(['migrate'], { DATA_DIR: unreadable }, unreadable);
    expect(broken.code).toBe(0);
    expect(broken.stderr[0]).toMatch(/^warning: cannot read .*\.env: /);
  });

  it('a bad PORT, a wrong command and --help each tell the newcomer what to do', async () => {
    const cwd = tempDir();
    const badPort = await mainIn([], { DATA_DIR: cwd, PORT: '80a' }, cwd);
    expect(badPort.code).toBe(1);
    expect(badPort.stderr).toEqual(['Invalid configuration: PORT must be a port number from 0 to 65535 (0 picks a free one) (got "80a")']);

    const help = await mainIn(['--help'], { DATA_DIR: cwd }, cwd);
    expect(help.code).toBe(0);
    for (const command of ['serve', 'migrate', 'strava', 'plan']) expect(help.stdout).toMatch(new RegExp(`^  ${command}\\b`, 'm'));
    expect(help.stdout).toContain('.env file in the working directory');

    const version = await mainIn(['--version'], { DATA_DIR: cwd }, cwd);
    expect(version.stdout.trim()).toBe((JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version);
    // none of this created a database
    expect(existsSync(join(cwd, 'hardday.db'))).toBe(false);
  });

  it('a wrong command suggests the right one', async () => {
    const typo = await mainIn(['serv'], {}, tempDir());
    expect(typo.code).toBe(1);
    expect(typo.stderr.join('\n')).toContain("unknown command 'serv'\n(Did you mean serve?)");
    const subTypo = await mainIn(['strava', 'shwo'], {}, tempDir());
    expect(subTypo.code).toBe(1);
    expect(subTypo.stderr.join('\n')).toContain("'shwo' is invalid for argument 'action'. Allowed choices are subscribe, show, unsubscribe.");
  });

  it('a mistake in a command (an unknown account) is one line, not a stack trace', async () => {
    const dir = tempDir();
    const failed = await mainIn(['import', 'run.fit', '--athlete', 'nobody@example.com'], { DATA_DIR: dir }, dir);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toEqual(['hardday: account nobody@example.com not found']);
    const missing = await mainIn(['plan', join(dir, 'no-such-run.fit')], { DATA_DIR: dir }, dir);
    expect(missing.code).toBe(1);
    expect(missing.stderr.join('\n')).toBe(`hardday: no such file or folder: ${join(dir, 'no-such-run.fit')}`);
  });
});

describe('secret.key', () => {
  it('is written into DATA_DIR, not beside a DATABASE_PATH that points elsewhere', async () => {
    const dir = tempDir();
    const runtime = await createNodeRuntime({ DATA_DIR: join(dir, 'data'), DATABASE_PATH: join(dir, 'elsewhere/hardday.db'), LOG_LEVEL: 'silent', SCHEDULER_ENABLED: 'false' });
    runtime.database.close();
    const file = join(dir, 'data/secret.key');
    expect(readFileSync(file, 'utf8').trim()).toBe(runtime.deps.config.SECRET_KEY);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(existsSync(join(dir, 'elsewhere/secret.key'))).toBe(false);
  });

  it('an installation whose key sits beside DATABASE_PATH keeps using it, with a warning where to move it', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'db'));
    writeFileSync(join(dir, 'db/secret.key'), `${'k'.repeat(64)}\n`);
    const logs: string[] = [];
    const key = resolveSecretKey(undefined, { dataDir: join(dir, 'data'), databasePath: join(dir, 'db/hardday.db') }, createLogger('warn', (l) => logs.push(l)));
    expect(key).toBe('k'.repeat(64));
    expect(existsSync(join(dir, 'data/secret.key'))).toBe(false);
    expect(logs.join('\n')).toContain('move it into DATA_DIR');
  });

  it('an empty key file stops start-up with one line instead of running with a useless key', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'secret.key'), '\n');
    expect(() => resolveSecretKey(undefined, { dataDir: dir, databasePath: join(dir, 'hardday.db') }, createLogger('silent'))).toThrow(/secret\.key holds no key of at least 32 characters/);
  });
});
