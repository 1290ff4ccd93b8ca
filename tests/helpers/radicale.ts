/**
 * A real Radicale CalDAV server for tests: `/usr/bin/radicale` (Debian package) on a free loopback
 * port, htpasswd plain auth, storage in a temp folder. Stopped by PID.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const RADICALE_BIN = '/usr/bin/radicale';

export interface RadicaleServer {
  url: string;
  users: Record<string, string>;
  stop(): Promise<void>;
}

export function radicaleAvailable(): boolean {
  return existsSync(RADICALE_BIN);
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** True once something accepts TCP connections on the port (raw socket: no fetch interceptors). */
function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function waitUntilListening(port: number, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  child.once('exit', () => {
    exited = true;
  });
  while (Date.now() < deadline) {
    if (exited) throw new Error('radicale exited during start-up');
    if (await accepts(port)) return;
    // A child process gives no readiness event: poll the port.
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`radicale did not listen within ${timeoutMs} ms`);
}

export async function startRadicale(users: Record<string, string> = { alice: 'secret' }): Promise<RadicaleServer> {
  const dir = mkdtempSync(join(tmpdir(), 'hardday-radicale-'));
  const port = await freePort();
  mkdirSync(join(dir, 'collections'));
  writeFileSync(join(dir, 'users'), Object.entries(users).map(([u, p]) => `${u}:${p}`).join('\n') + '\n');
  writeFileSync(
    join(dir, 'config'),
    [
      '[server]',
      `hosts = 127.0.0.1:${port}`,
      '[auth]',
      'type = htpasswd',
      `htpasswd_filename = ${join(dir, 'users')}`,
      'htpasswd_encryption = plain',
      '[rights]',
      'type = owner_only',
      '[storage]',
      `filesystem_folder = ${join(dir, 'collections')}`,
      '[logging]',
      'level = warning',
      'mask_passwords = True',
      '',
    ].join('\n'),
  );
  const child = spawn(RADICALE_BIN, ['--config', join(dir, 'config')], { stdio: ['ignore', 'ignore', 'pipe'] });
  const url = `http://127.0.0.1:${port}/`;
  try {
    await waitUntilListening(port, child, 10_000);
  } catch (error) {
    child.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    url,
    users,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
