/**
 * Open the embedded SQLite database (better-sqlite3), tuned for one writer and many readers,
 * and apply the committed drizzle migrations.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import type { Db } from '../../db/client';
import * as schema from '../../db/schema';

/** The committed migrations: `src/db/migrations` from the sources, `dist/migrations` from the bundle. */
const MIGRATIONS_FOLDER = ['../../db/migrations', './migrations']
  .map((relative) => fileURLToPath(new URL(relative, import.meta.url)))
  .find((dir) => existsSync(join(dir, 'meta/_journal.json'))) ?? fileURLToPath(new URL('../../db/migrations', import.meta.url));

export interface OpenedDatabase {
  db: Db;
  sqlite: Database.Database;
  close(): void;
}

export function openDatabase(path: string, opts: { migrate?: boolean } = {}): OpenedDatabase {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const sqlite = new Database(path);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('synchronous = NORMAL');
  const db = drizzle(sqlite, { schema });
  if (opts.migrate !== false) migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
  return { db, sqlite, close: () => sqlite.close() };
}
