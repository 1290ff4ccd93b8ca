import { afterEach, describe, expect, it } from 'vitest';
import { createApiToken } from '../../src/db/repositories/auth';
import { makeTestRuntime, signedInUser, type TestRuntime } from '../helpers/runtime';

let rt: TestRuntime | undefined;
afterEach(async () => {
  await rt?.dispose();
  rt = undefined;
});

describe('HTTP app', () => {
  it('answers /healthz with {"ok":true} and secure headers and a request id', async () => {
    rt = await makeTestRuntime();
    const res = await rt.request('/healthz');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-request-id')).toMatch(/[0-9a-f-]{36}/);
  });

  it('answers an unknown route with a JSON 404', async () => {
    rt = await makeTestRuntime();
    const res = await rt.request('/no/such/thing');
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: { code: 'NOT_FOUND', message: 'no route for GET /no/such/thing' } });
  });

  it('refuses an oversized body with a JSON 413 before any handler runs', async () => {
    rt = await makeTestRuntime({ env: { BODY_LIMIT_BYTES: '1024' } });
    const res = await rt.request('/healthz', { method: 'POST', body: 'x'.repeat(5_000), headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ error: { code: 'PAYLOAD_TOO_LARGE' } });
  });

  it('rejects an unknown API token with a JSON 401 where sign-in is needed, and accepts a valid one', async () => {
    rt = await makeTestRuntime();
    // Public routes answer as if no token had been sent.
    expect((await rt.request('/healthz', { headers: { authorization: 'Bearer hd_nope' } })).status).toBe(200);
    const bad = await rt.request('/api/me', { headers: { authorization: 'Bearer hd_nope' } });
    expect(bad.status).toBe(401);
    expect(await bad.json()).toMatchObject({ error: { code: 'UNAUTHORIZED' } });
    const { user } = await signedInUser(rt);
    const { token } = await createApiToken(rt.deps.db, user.id, 'test');
    const good = await rt.request('/healthz', { headers: { authorization: `Bearer ${token}` } });
    expect(good.status).toBe(200);
  });

  it('never writes secrets into the logs', async () => {
    rt = await makeTestRuntime();
    await rt.request('/healthz?code=oauth-code-123&state=abc', { headers: { authorization: 'Bearer hd_secret_token_value' } });
    rt.deps.logger.info('with secrets', { accessToken: 'tok-123', nested: { refresh_token: 'r-456' }, url: 'https://x/y?access_token=zzz' });
    const all = rt.logs.join('\n');
    for (const secret of ['oauth-code-123', 'hd_secret_token_value', 'tok-123', 'r-456', 'zzz']) expect(all).not.toContain(secret);
  });
});
