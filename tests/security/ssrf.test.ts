/**
 * SSRF by hostname: a name that resolves to a loopback/private address must never be connected
 * to (first request or any redirect hop), whatever the literal host looks like, and every refused
 * or unreachable target gives the same answer.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { guardFetch, isPrivateAddress, OUTBOUND_UNREACHABLE_MESSAGE } from '../../integrations/shared/outbound-url';
import { planSourcesTable } from '../../src/db/schema';
import { createOutboundFetch, type Resolver } from '../../src/platform/node/outbound-fetch';
import { makeTestRuntime, signedInUser } from '../helpers/runtime';

let server: Server;
let port = 0;
const received: string[] = [];
beforeAll(async () => {
  server = createServer((req, res) => {
    received.push(req.url ?? '');
    res.end('BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

/** A DNS where some innocent-looking names point inside. */
const fakeDns: Resolver = async (hostname) => {
  const table: Record<string, Array<{ address: string; family: number }>> = {
    'calendar.attacker.test': [{ address: '127.0.0.1', family: 4 }],
    'mixed.attacker.test': [{ address: '93.184.216.34', family: 4 }, { address: '127.0.0.1', family: 4 }],
    'mapped.attacker.test': [{ address: '::ffff:127.0.0.1', family: 6 }],
    'compat.attacker.test': [{ address: '::7f00:1', family: 6 }],
    'metadata.attacker.test': [{ address: '169.254.169.254', family: 4 }],
  };
  const hit = table[hostname];
  if (!hit) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
  return hit;
};

const policy = { allowPrivate: false };

async function failureOf(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a failure');
}

describe('outbound fetch: names resolving to private addresses', () => {
  it('classifies resolved addresses, IPv4-mapped and -compatible IPv6 included', () => {
    for (const a of ['127.0.0.1', '10.0.0.1', '169.254.169.254', '::1', '::ffff:127.0.0.1', '::ffff:7f00:1', '::127.0.0.1', '::7f00:1', 'fe80::1%eth0', 'fd00::1', '::ffff:192.168.0.1', '0.0.0.0']) {
      expect(isPrivateAddress(a), a).toBe(true);
    }
    for (const a of ['93.184.216.34', '2606:2800:220:1:248:1893:25c8:1946', '::ffff:93.184.216.34']) expect(isPrivateAddress(a), a).toBe(false);
  });

  it('never connects to a name resolving to 127.0.0.1 (or to any private address among several), and says so neutrally', async () => {
    const outbound = guardFetch(createOutboundFetch({ allowPrivate: false, resolve: fakeDns }), policy);
    received.length = 0;
    const messages = new Set<string>();
    for (const host of ['calendar.attacker.test', 'mixed.attacker.test', 'mapped.attacker.test', 'compat.attacker.test', 'metadata.attacker.test', 'nowhere.attacker.test']) {
      const error = await failureOf(outbound(`http://${host}:${port}/remote.php/dav/`, { headers: { authorization: 'Basic cnVubmVyOnNlY3JldA==' } }));
      messages.add(error.message);
    }
    // A literal private host and an open-but-refused one read the same as a name that does not exist.
    messages.add((await failureOf(outbound(`http://127.0.0.1:${port}/`))).message);
    expect([...messages]).toEqual([OUTBOUND_UNREACHABLE_MESSAGE]);
    expect(received).toEqual([]);
  });

  it('checks every redirect hop: a public server redirecting to a private-resolving name is not followed there', async () => {
    const guarded = createOutboundFetch({ allowPrivate: false, resolve: fakeDns });
    const network: typeof fetch = async (input, init) => {
      const url = new URL(input instanceof Request ? input.url : input.toString());
      if (url.hostname === 'plans.example.com') return new Response(null, { status: 302, headers: { location: `http://calendar.attacker.test:${port}/stolen` } });
      return guarded(input, init);
    };
    received.length = 0;
    const error = await failureOf(guardFetch(network, policy)('https://plans.example.com/plan.ics'));
    expect(error.message).toBe(OUTBOUND_UNREACHABLE_MESSAGE);
    expect(received).toEqual([]);
  });

  it('the runtime uses it for plan feeds: the local server is never asked, the error is neutral', async () => {
    const rt = await makeTestRuntime({ outboundFetch: createOutboundFetch({ allowPrivate: false, resolve: fakeDns }) });
    try {
      received.length = 0;
      const { user, cookie } = await signedInUser(rt);
      const res = await rt.request('/api/me/plan-sources', { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: JSON.stringify({ url: `http://calendar.attacker.test:${port}/plan.ics` }) });
      expect(res.status).toBe(201);
      await rt.runner.drain();
      const [row] = await rt.deps.db.select().from(planSourcesTable).where(eq(planSourcesTable.userId, user.id));
      expect(row?.lastError).toBe(OUTBOUND_UNREACHABLE_MESSAGE);
      expect(received).toEqual([]);
    } finally {
      await rt.dispose();
    }
  });

  it('still reaches a public-resolving name (allowed addresses pass through the same hook)', async () => {
    // OUTBOUND_ALLOW_PRIVATE: the operator's choice turns the check off.
    received.length = 0;
    const res = await guardFetch(createOutboundFetch({ allowPrivate: true, resolve: fakeDns }), { allowPrivate: true })(`http://127.0.0.1:${port}/ok`);
    expect(res.status).toBe(200);
    expect(received).toEqual(['/ok']);
  });
});
