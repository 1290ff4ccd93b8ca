/**
 * @module entries/node
 * The `hardday` command on Node: `serve` (HTTP + job runner + scheduler) and `migrate`.
 */
import { serve } from '@hono/node-server';
import { ConfigError, parseConfig } from '../core/config';
import { createLogger } from '../core/log';
import { createNodeRuntime, openDepsFrom } from '../platform/node/runtime';
import { openDatabase } from '../platform/node/sqlite';
import { cliCommands } from '../app/cli';

const USAGE = `usage: hardday <command>
  serve      run the worker: HTTP server, job runner and scheduler
  migrate    apply database migrations and exit
${cliCommands.map((c) => `  ${c.usage}`).join('\n')}`;

async function runServe(): Promise<void> {
  const runtime = await createNodeRuntime(process.env);
  const { deps, runner } = runtime;
  const { config, logger } = deps;
  await runtime.enqueueStartupTasks();
  runner.start();
  if (config.SCHEDULER_ENABLED) runtime.startScheduler();
  const server = serve({ fetch: runtime.app.fetch, port: config.PORT, hostname: config.HOST }, (info) => {
    logger.info('hardday listening', { url: `http://${config.HOST}:${info.port}`, publicUrl: config.PUBLIC_URL, database: config.DATABASE_PATH });
    // A parent process (tests, supervisors) can read the bound port from this line.
    if (process.send) process.send({ listening: info.port });
  });

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info('shutting down', { signal });
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await runtime.stopScheduler();
    const finished = await runner.stop(config.SHUTDOWN_GRACE_MS);
    if (!finished) logger.warn('jobs still running at shutdown; their leases will expire and they will be retried');
    runtime.database.close();
    logger.info('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

async function main(argv: string[]): Promise<number> {
  const [command = 'serve', ...rest] = argv;
  if (command === 'serve') {
    await runServe();
    return -1;
  }
  if (command === 'migrate') {
    const config = parseConfig(process.env);
    openDatabase(config.DATABASE_PATH).close();
    createLogger(config.LOG_LEVEL).info('migrations applied', { database: config.DATABASE_PATH });
    return 0;
  }
  const extra = cliCommands.find((c) => c.name === command);
  if (extra) return extra.run(rest, { openDeps: openDepsFrom(process.env), out: (line) => console.log(line) });
  console.error(USAGE);
  return command === 'help' || command === '--help' ? 0 : 2;
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (error: unknown) => {
    if (error instanceof ConfigError) console.error(error.message);
    else console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exit(1);
  },
);
