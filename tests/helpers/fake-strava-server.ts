/**
 * The Strava simulation behind a real HTTP server on 127.0.0.1 (for child-process tests, where
 * msw cannot reach). Optional latency keeps requests in flight long enough to be interrupted.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createStravaSim, type StravaSim, type StravaSimOptions } from '../msw/strava';

export interface FakeStravaServer {
  sim: StravaSim;
  apiUrl: string;
  oauthUrl: string;
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  if (chunks.length === 0) return undefined;
  return Buffer.concat(chunks).toString('utf8');
}

export async function startFakeStravaServer(opts: Omit<StravaSimOptions, 'apiUrl' | 'oauthUrl'> & { latencyMs?: number }): Promise<FakeStravaServer> {
  let base = '';
  let sim: StravaSim | undefined;
  const server: Server = createServer((req, res) => {
    void (async () => {
      const body = await readBody(req);
      if (opts.latencyMs) await new Promise((r) => setTimeout(r, opts.latencyMs));
      const headers = new Headers();
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers.set(k, v);
      const request = new Request(`${base}${req.url ?? '/'}`, { method: req.method ?? 'GET', headers, ...(body ? { body } : {}) });
      const response = await (sim as StravaSim).handle(request);
      res.writeHead(response.status, Object.fromEntries(response.headers.entries()));
      res.end(Buffer.from(await response.arrayBuffer()));
    })().catch(() => {
      res.writeHead(500);
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  sim = createStravaSim({ ...opts, apiUrl: `${base}/api/v3`, oauthUrl: `${base}/oauth` });
  return {
    sim,
    apiUrl: sim.apiUrl,
    oauthUrl: sim.oauthUrl,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
