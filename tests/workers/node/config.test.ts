/**
 * wrangler.toml against the code (run on Node: they read files and start wrangler): the one Cron
 * Trigger (TICK_CRON) in every environment, within the Workers Free plan's 5 per account, and
 * `wrangler deploy --dry-run` builds a bundle under the 1 MiB gzipped target.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { Miniflare } from 'miniflare';
import { describe, expect, it } from 'vitest';
import { TICK_CRON } from '../../../src/platform/workers/cron';
import { buildWorker, ROOT } from './wrangler';

const toml = readFileSync(join(ROOT, 'wrangler.toml'), 'utf8');

describe('wrangler.toml', () => {
  it('has the one Cron Trigger the scheduled handler dispatches from, in every environment', () => {
    const lists = [...toml.matchAll(/^crons = (\[.*\])$/gm)].map((m) => JSON.parse(m[1]!) as string[]);
    expect(lists).toHaveLength(3);
    for (const list of lists) expect(list).toEqual([TICK_CRON]);
  });

  it('points D1 at the drizzle-kit migrations and keeps the compatibility date at or before workerd 2026-04-26', () => {
    expect([...toml.matchAll(/^migrations_dir = "src\/db\/migrations"/gm)]).toHaveLength(3);
    const date = /^compatibility_date = "(\d{4}-\d{2}-\d{2})"/m.exec(toml)?.[1] ?? '';
    expect(date <= '2026-04-26').toBe(true);
    expect(toml).toMatch(/^compatibility_flags = \["nodejs_compat"\]/m);
  });

  it('builds with wrangler deploy --dry-run, gzipped under 1 MiB, and the minified bundle itself serves in workerd', async () => {
    const built = await buildWorker();
    const mf = new Miniflare({
      compatibilityDate: /^compatibility_date = "([\d-]+)"/m.exec(toml)?.[1] ?? '',
      compatibilityFlags: ['nodejs_compat'],
      modules: [{ type: 'ESModule', path: 'worker.js', contents: readFileSync(built.scriptPath, 'utf8') }],
      d1Databases: { DB: 'bundle-test' },
      queueProducers: { JOBS: { queueName: 'hardday-jobs' } },
      bindings: { SECRET_KEY: 'bundle-secret-key-0123456789abcdef0123456789abcdef', PUBLIC_URL: 'http://hardday.test', LOG_LEVEL: 'silent' },
      cf: false,
    });
    try {
      expect(built.bytes).toBeGreaterThan(100_000);
      expect(built.gzipBytes).toBeLessThan(1024 * 1024);
      // what `wrangler deploy` uploads, not the test pool's own build: minified, names not kept
      const db = await mf.getD1Database('DB');
      for (const file of readdirSync(join(ROOT, 'src/db/migrations')).filter((f) => f.endsWith('.sql')).sort()) {
        for (const sql of readFileSync(join(ROOT, 'src/db/migrations', file), 'utf8').split('--> statement-breakpoint')) if (sql.trim()) await db.prepare(sql).run();
      }
      expect(await (await mf.dispatchFetch('http://hardday.test/healthz')).json()).toEqual({ ok: true });
      const signup = await mf.dispatchFetch('http://hardday.test/api/auth/signup', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'owner@example.com', password: 'correct horse battery staple' }) });
      expect(signup.status).toBe(201);
      const cookie = (signup.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
      const settings = await mf.dispatchFetch('http://hardday.test/settings', { headers: { cookie, 'accept-encoding': 'identity' } });
      expect(settings.status).toBe(200);
      // Miniflare hands back the gzip the page middleware wrote, undecoded
      const raw = Buffer.from(await settings.arrayBuffer());
      const html = (raw[0] === 0x1f && raw[1] === 0x8b ? gunzipSync(raw) : raw).toString('utf8');
      expect(html).toContain('id="settings-form"');
      const bad = await mf.dispatchFetch('http://hardday.test/api/me/settings', { method: 'PUT', headers: { cookie, 'content-type': 'application/json' }, body: '{"timeZone":"Mars/Olympus"}' });
      expect(bad.status).toBe(422);
      expect(((await bad.json()) as { error: { code: string } }).error.code).toBe('VALIDATION');
    } finally {
      await mf.dispose();
      built.dispose();
    }
  }, 120_000);
});
