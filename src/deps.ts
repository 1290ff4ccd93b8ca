/**
 * @module deps
 * What every capability gets from its runtime. Each entry (Node, Workers) builds one `AppDeps`
 * and hands it to `createApp`, the job handlers and the scheduler; nothing else knows the runtime.
 * It may import only `src/core` and `src/db`.
 */
import type { Config } from './core/config';
import type { Secrets } from './core/crypto';
import type { Logger } from './core/log';
import type { AssetSource } from './core/ports/assets';
import type { Clock } from './core/ports/clock';
import type { JobQueue } from './core/ports/job-queue';
import type { Db } from './db/client';

export interface AppDeps {
  db: Db;
  config: Config;
  secrets: Secrets;
  logger: Logger;
  clock: Clock;
  /** outbound HTTP; tests and self-hosters point base URLs elsewhere through config */
  fetch: typeof fetch;
  /**
   * outbound HTTP to runner-supplied URLs (CalDAV, plan feeds) where the runtime can check the
   * resolved address (Node); absent → `fetch` (Workers refuses private addresses itself)
   */
  outboundFetch?: typeof fetch | undefined;
  jobs: JobQueue;
  /** static files for the pages (`/assets/...`); absent = pages load without styles and scripts */
  assets?: AssetSource;
}

/** Opens the database and builds the deps for a one-off command; `close` releases them. */
export type OpenDeps = () => Promise<{ deps: AppDeps; close(): void }>;

/** What a capability's `hardday` sub-command gets from the runtime that runs it. */
export interface CliContext {
  openDeps: OpenDeps;
  out(line: string): void;
}
