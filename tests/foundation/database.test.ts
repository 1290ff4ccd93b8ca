import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createSecrets } from '../../src/core/crypto';
import { findConnection, markConnection, readTokens, saveTokens, upsertConnection } from '../../src/db/repositories/connections';
import { createUser } from '../../src/db/repositories/users';
import { openDatabase } from '../../src/platform/node/sqlite';
import { TEST_SECRET_KEY } from '../helpers/runtime';

const dirs: string[] = [];
function tempDbPath(): string {
  const dir = mkdtempSync(join(tmpdir(), 'hardday-db-'));
  dirs.push(dir);
  return join(dir, 'hardday.db');
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('database', () => {
  it('migrates an empty file, and migrating again changes nothing', () => {
    const path = tempDbPath();
    const first = openDatabase(path);
    const tables = first.sqlite.prepare("select name from sqlite_master where type='table' order by name").all() as Array<{ name: string }>;
    const applied = first.sqlite.prepare('select count(*) as n from __drizzle_migrations').get() as { n: number };
    first.close();
    expect(tables.map((t) => t.name)).toEqual(expect.arrayContaining(['users', 'activities', 'days', 'jobs', 'webhook_inbox', 'planned_sessions', 'calendar_sync_state', 'coach_grants']));

    const second = openDatabase(path);
    const again = second.sqlite.prepare('select count(*) as n from __drizzle_migrations').get() as { n: number };
    const tablesAgain = second.sqlite.prepare("select name from sqlite_master where type='table' order by name").all();
    second.close();
    expect(again.n).toBe(applied.n);
    expect(tablesAgain).toEqual(tables);
  });

  it('runs in WAL mode with foreign keys enforced', () => {
    const { sqlite, close } = openDatabase(tempDbPath());
    expect(sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(() => sqlite.prepare("insert into athlete_settings (user_id) values ('nobody')").run()).toThrow(/FOREIGN KEY/);
    close();
  });

  it('stores provider tokens encrypted: the plaintext never reaches the database file', async () => {
    const path = tempDbPath();
    const { db, sqlite, close } = openDatabase(path);
    const secrets = await createSecrets(TEST_SECRET_KEY);
    const user = await createUser(db, {});
    const access = 'access-PLAINTEXT-a1b2c3d4e5f6';
    const refresh = 'refresh-PLAINTEXT-f6e5d4c3b2a1';
    await upsertConnection(db, secrets, { userId: user.id, provider: 'strava', externalId: '42', scopes: 'read', tokens: { accessToken: access, refreshToken: refresh, expiresAtMs: 1 }, nowMs: 0 });
    const row = await findConnection(db, 'strava', '42');
    expect(row?.accessTokenSealed).toMatch(/^v1\./);
    expect(await readTokens(secrets, row!)).toEqual({ accessToken: access, refreshToken: refresh, expiresAtMs: 1 });
    sqlite.pragma('wal_checkpoint(TRUNCATE)');
    close();
    const bytes = readFileSync(path).toString('latin1');
    expect(bytes).not.toContain('PLAINTEXT');
    // a different key cannot open them
    const other = await createSecrets('another-secret-key-0123456789abcdef0123456789');
    await expect(other.decrypt(row!.accessTokenSealed!)).rejects.toThrow();
  });

  it('saving refreshed tokens keeps the status, and clears the last error only of an active connection', async () => {
    const { db, close } = openDatabase(tempDbPath());
    const secrets = await createSecrets(TEST_SECRET_KEY);
    const user = await createUser(db, {});
    const tokens = { accessToken: 'a1', refreshToken: 'r1', expiresAtMs: 1 };
    const active = await upsertConnection(db, secrets, { userId: user.id, provider: 'strava', externalId: '1', scopes: 'read', tokens, nowMs: 0 });
    const waiting = await upsertConnection(db, secrets, { userId: user.id, provider: 'strava', externalId: '2', scopes: 'read', tokens, nowMs: 0 });
    await markConnection(db, active.id, 'active', 'timeout talking to Strava', 1);
    await markConnection(db, waiting.id, 'needs_reconsent', 'reconnect Strava', 1);
    const rotated = { accessToken: 'a2', refreshToken: 'r2', expiresAtMs: 2 };
    await saveTokens(db, secrets, active.id, rotated, 2);
    await saveTokens(db, secrets, waiting.id, rotated, 2);
    const a = await findConnection(db, 'strava', '1');
    const w = await findConnection(db, 'strava', '2');
    expect({ status: a?.status, lastError: a?.lastError }).toEqual({ status: 'active', lastError: null });
    expect({ status: w?.status, lastError: w?.lastError }).toEqual({ status: 'needs_reconsent', lastError: 'reconnect Strava' });
    expect(await readTokens(secrets, a!)).toEqual(rotated);
    close();
  });
});
