/**
 * Password hashing with scrypt from @noble/hashes (pure JS: the same code on Node and Workers).
 *
 * Parameters N=2^14, r=8, p=1 (16 MiB of memory, roughly 50–100 ms of CPU on one core, ~300 ms
 * on a busy 2-core box): Workers' isolate has 128 MB of memory and, on the paid plan, seconds of
 * CPU per request, so this fits with a wide margin; OWASP's lowest scrypt row (N=2^17) would need
 * 128 MiB and does not. The lost margin is made up by DB-backed sign-in throttling (throttle.ts).
 * The parameters are stored with each hash, so raising them later re-verifies old hashes.
 */
import { scryptAsync } from '@noble/hashes/scrypt.js';
import { fromBase64Url, timingSafeEqual, toBase64Url } from '../core/crypto';

export const SCRYPT_PARAMS = { N: 2 ** 14, r: 8, p: 1, dkLen: 32 } as const;
export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 200;

export async function hashPassword(password: string): Promise<string> {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const { N, r, p, dkLen } = SCRYPT_PARAMS;
  const key = await scryptAsync(password.normalize('NFKC'), salt, { N, r, p, dkLen, asyncTick: 50 });
  return `scrypt$${N}$${r}$${p}$${toBase64Url(salt)}$${toBase64Url(key)}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, expected] = stored.split('$');
  if (scheme !== 'scrypt' || !n || !r || !p || !salt || !expected) return false;
  const key = await scryptAsync(password.normalize('NFKC'), fromBase64Url(salt), { N: Number(n), r: Number(r), p: Number(p), dkLen: 32, asyncTick: 50 });
  return timingSafeEqual(toBase64Url(key), expected);
}

/** A hash to compare against when the email is unknown, so timing does not reveal accounts. */
let decoy: Promise<string> | undefined;
export function decoyHash(): Promise<string> {
  decoy ??= hashPassword(crypto.randomUUID());
  return decoy;
}
