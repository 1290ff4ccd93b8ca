/**
 * @module db/client
 * The database type every repository takes. It is drizzle's SQLite base type over both the
 * synchronous driver (better-sqlite3, Node) and the asynchronous one (D1, Workers): repositories
 * always `await`, never use interactive transactions (D1 has none), and make multi-row writes
 * safe with unique keys and conditional single statements instead.
 */
import type { BaseSQLiteDatabase } from 'drizzle-orm/sqlite-core';
import type * as schema from './schema';

export type Schema = typeof schema;
// biome-ignore lint/suspicious/noExplicitAny: drizzle's run-result type differs per driver
export type Db = BaseSQLiteDatabase<'sync' | 'async', any, Schema>;
