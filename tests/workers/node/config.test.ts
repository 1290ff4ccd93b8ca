/**
 * wrangler.toml against the code (run on Node: they read files and start wrangler): the one Cron
 * Trigger (TICK_CRON) in every environment, within the Workers Free plan's 5 per account, and
 * `wrangler deploy --dry-run` builds a bundle under the 1 MiB gzipped target.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
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

  it('builds with wrangler deploy --dry-run, gzipped under 1 MiB', async () => {
    const built = await buildWorker();
    try {
      expect(built.bytes).toBeGreaterThan(100_000);
      expect(built.gzipBytes).toBeLessThan(1024 * 1024);
    } finally {
      built.dispose();
    }
  }, 120_000);
});
