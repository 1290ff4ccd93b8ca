import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { ConfigError } from '../../core/config';
import type { Logger } from '../../core/log';

/**
 * SECRET_KEY when given; otherwise the key in `<DATA_DIR>/secret.key`, created (mode 0600) on
 * first start with a warning. Losing this file makes stored tokens unreadable.
 *
 * Before DATA_DIR existed the key was written beside DATABASE_PATH. An installation that still
 * has its key only there keeps using it (with a warning saying where to move it): generating a
 * new key would make every stored token unreadable.
 */
export function resolveSecretKey(given: string | undefined, paths: { dataDir: string; databasePath: string }, logger: Logger): string {
  if (given) return given;
  const file = join(paths.dataDir, 'secret.key');
  if (existsSync(file)) return readKey(file);
  if (paths.databasePath !== ':memory:') {
    const legacy = join(dirname(paths.databasePath), 'secret.key');
    if (resolve(legacy) !== resolve(file) && existsSync(legacy)) {
      logger.warn('using the secret key beside DATABASE_PATH; move it into DATA_DIR (or set SECRET_KEY), where hardday keeps it now', { file: legacy, expected: file });
      return readKey(legacy);
    }
  }
  mkdirSync(paths.dataDir, { recursive: true });
  const key = randomBytes(32).toString('hex');
  writeFileSync(file, `${key}\n`, { mode: 0o600, flag: 'wx' });
  logger.warn('SECRET_KEY not set: generated one; back it up, stored tokens depend on it', { file });
  return key;
}

function readKey(file: string): string {
  const key = readFileSync(file, 'utf8').trim();
  if (key.length < 32) throw new ConfigError(`Invalid configuration: ${file} holds no key of at least 32 characters; restore it from your backup, or delete it to generate a new one (stored provider tokens are then lost)`);
  return key;
}
