import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Logger } from '../../core/log';

/**
 * SECRET_KEY when given; otherwise the key in `<data dir>/secret.key`, created (mode 0600) on
 * first start with a warning. Losing this file makes stored tokens unreadable.
 */
export function resolveSecretKey(given: string | undefined, databasePath: string, logger: Logger): string {
  if (given) return given;
  const dir = databasePath === ':memory:' ? './data' : dirname(databasePath);
  const file = join(dir, 'secret.key');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dir, { recursive: true });
  const key = randomBytes(32).toString('hex');
  writeFileSync(file, `${key}\n`, { mode: 0o600, flag: 'wx' });
  logger.warn('SECRET_KEY not set: generated one; back it up, stored tokens depend on it', { file });
  return key;
}
