/**
 * `hardday serve`: the HTTP server, the job runner and the scheduler in one process, stopped
 * gracefully on SIGTERM/SIGINT.
 */
import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import { createNodeRuntime } from './runtime';

/** A start-up problem the user fixes by changing the environment; printed as its one line. */
export class StartupError extends Error {
  override readonly name = 'StartupError';
}

/** The one line a listen error deserves, for the errors a self-hoster actually meets. */
export function listenErrorMessage(error: NodeJS.ErrnoException, host: string, port: number): string {
  switch (error.code) {
    case 'EADDRINUSE':
      return `port ${port} is already in use on ${host}: set PORT=… or stop the other process`;
    case 'EACCES':
      return `not allowed to listen on port ${port} on ${host}: ports below 1024 need extra privileges; set PORT=… to a higher one`;
    case 'EADDRNOTAVAIL':
      return `HOST ${host} is not an address of this machine: set HOST=127.0.0.1 (this machine only) or HOST=0.0.0.0 (every interface)`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `HOST ${host} does not resolve to an address: set HOST=127.0.0.1 or HOST=0.0.0.0`;
    default:
      return `cannot listen on ${host}:${port}: ${error.message}`;
  }
}

/** Listen with timeouts that stop slow clients from holding sockets. */
export function listen(fetch: Parameters<typeof serve>[0]['fetch'], host: string, port: number): Promise<{ server: Server; port: number }> {
  return new Promise((resolve, reject) => {
    // Slow clients (slowloris) cannot hold sockets: headers in 15 s, a whole request in 60 s, idle keep-alive 5 s.
    const serverOptions = { headersTimeout: 15_000, requestTimeout: 60_000, keepAliveTimeout: 5_000 };
    const server = serve({ fetch, port, hostname: host, serverOptions }, (info) => resolve({ server: server as Server, port: info.port }));
    server.once('error', reject);
  });
}

/**
 * PUBLIC_URL once the port is bound: left unset with PORT=0 it defaults to
 * http://localhost:0, which invitation, feed and OAuth links must not carry.
 */
export function boundPublicUrl(publicUrl: string, port: number): string {
  return publicUrl === 'http://localhost:0' ? `http://localhost:${port}` : publicUrl;
}

export async function runServe(env: Record<string, string | undefined>): Promise<void> {
  const runtime = await createNodeRuntime(env);
  const { deps, runner } = runtime;
  const { config, logger } = deps;

  // Listen before any job runs: a second instance started by mistake (port taken) must stop
  // without touching the queue the first one is working on.
  const { server, port } = await listen(runtime.app.fetch, config.HOST, config.PORT).catch((error: NodeJS.ErrnoException) => {
    runtime.database.close();
    throw new StartupError(listenErrorMessage(error, config.HOST, config.PORT));
  });
  server.on('error', (error) => logger.error('http server error', { error }));
  config.PUBLIC_URL = boundPublicUrl(config.PUBLIC_URL, port);

  await runtime.enqueueStartupTasks();
  runner.start();
  if (config.SCHEDULER_ENABLED) runtime.startScheduler();
  logger.info('hardday listening', { url: `http://${config.HOST}:${port}`, publicUrl: config.PUBLIC_URL, database: config.DATABASE_PATH });
  // A parent process (tests, supervisors) can read the bound port from this message.
  if (process.send) process.send({ listening: port });

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
