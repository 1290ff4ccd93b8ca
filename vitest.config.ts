import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-pool-workers';
import { configDefaults, defineConfig } from 'vitest/config';
import { buildAssets } from './tests/workers/node/build-assets';

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
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
