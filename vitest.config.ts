import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-pool-workers';
import { readFileSync } from 'node:fs';
import { configDefaults, defineConfig } from 'vitest/config';
import { buildAssets } from './tests/workers/node/build-assets';

/** Fixtures of ../shared/fixtures the scenarios read through `kit.fixture` (tests/scenarios/upload.ts). */
const WORKER_FIXTURES = ['fit/activity-small-fenix2-run.fit'];

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'node',
          include: ['tests/**/*.test.ts'],
          // tests/workers/*.test.ts run inside workerd (below); tests/workers/node/ stays here.
          exclude: [...configDefaults.exclude, 'tests/workers/*.test.ts'],
          environment: 'node',
          testTimeout: 30_000,
          hookTimeout: 60_000,
          pool: 'forks',
        },
      },
      {
        plugins: [
          cloudflareTest(async () => {
            // wrangler.toml's [assets] directory must exist before Miniflare reads the config.
            buildAssets();
            return {
              main: './src/entries/worker.ts',
              wrangler: { configPath: './wrangler.toml' },
              miniflare: {
                bindings: {
                  TEST_MIGRATIONS: await readD1Migrations('./src/db/migrations'),
                  // the real-device files the shared scenarios upload (workerd has no file system)
                  TEST_FIXTURES: Object.fromEntries(WORKER_FIXTURES.map((path) => [path, readFileSync(new URL(`../shared/fixtures/${path}`, import.meta.url)).toString('base64')])),
                  SECRET_KEY: 'test-secret-key-0123456789abcdef0123456789abcdef',
                  LOG_LEVEL: 'silent',
                },
              },
            };
          }),
        ],
        test: {
          name: 'workers',
          include: ['tests/workers/*.test.ts'],
          setupFiles: ['./tests/workers/apply-migrations.ts'],
          globalSetup: ['./tests/workers/node/radicale-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
