/** Apply the drizzle-kit migrations (the same folder wrangler deploys) to the test D1 database. */
import { applyD1Migrations, type D1Migration, env } from 'cloudflare:test';

const bindings = env as unknown as { DB: D1Database; TEST_MIGRATIONS: D1Migration[] };
await applyD1Migrations(bindings.DB, bindings.TEST_MIGRATIONS);
