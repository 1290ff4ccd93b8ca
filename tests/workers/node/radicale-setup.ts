/**
 * Global setup of the workerd test project (runs in Node): a real Radicale CalDAV server on a
 * loopback port for the calendar scenario, handed to the tests inside workerd with `provide`
 * (workerd cannot start processes; it reaches the server over fetch like any CalDAV client).
 *
 * workerd talks to it through a small keep-alive HTTP/1.1 relay: Radicale's built-in server
 * answers HTTP/1.0-style and closes every connection, and workerd's pooled connections then
 * fail the next request with "Network connection lost" (a real deployment talks to a proper
 * HTTP/1.1 server over TLS). The relay forwards each request unchanged on a fresh connection.
 */
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TestProject } from 'vitest/node';
import { startRadicale } from '../../helpers/radicale';
import { CALDAV_USER } from '../../scenarios/caldav-account';

declare module 'vitest' {
  export interface ProvidedContext {
    radicaleUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const radicale = await startRadicale({ [CALDAV_USER.username]: CALDAV_USER.password });
  const upstream = new URL(radicale.url);
  const relay = createServer((req, res) => {
    const forward = request(
      { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: { ...req.headers, host: upstream.host, connection: 'close' }, agent: false },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forward.on('error', () => {
      res.writeHead(502).end();
    });
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
  project.provide('radicaleUrl', `http://127.0.0.1:${(relay.address() as AddressInfo).port}/`);
  return async () => {
    await new Promise((resolve) => relay.close(resolve));
    relay.closeAllConnections();
    await radicale.stop();
  };
}
