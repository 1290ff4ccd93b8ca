/**
 * `hardday serve`: the HTTP server, the job runner and the scheduler in one process, stopped
 * gracefully on SIGTERM/SIGINT.
 */
import { serve } from '@hono/node-server';
import { createNodeRuntime } from './runtime';

export async function runServe(env: Record<string, string | undefined>): Promise<void> {
  const runtime = await createNodeRuntime(env);
  const { deps, runner } = runtime;
  const { config, logger } = deps;
  await runtime.enqueueStartupTasks();
  runner.start();
  if (config.SCHEDULER_ENABLED) runtime.startScheduler();
  // Slow clients (slowloris) cannot hold sockets: headers in 15 s, a whole request in 60 s, idle keep-alive 5 s.
  const serverOptions = { headersTimeout: 15_000, requestTimeout: 60_000, keepAliveTimeout: 5_000 };
  const server = serve({ fetch: runtime.app.fetch, port: config.PORT, hostname: config.HOST, serverOptions }, (info) => {
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
