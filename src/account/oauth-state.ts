/**
 * OAuth `state`: signed (HMAC), expiring, and single-use. The signed part carries the provider,
 * an optional user id (connecting a calendar for a signed-in runner) and the expiry; the nonce is
 * recorded so a replayed callback is refused.
 *
 * A state can also be bound to the browser that started the flow (`issueBoundOAuthState`): the
 * start sets a short-lived cookie holding a hash of the nonce, and the callback refuses a state
 * whose nonce does not match it. Without that, an attacker could start a flow, stop at the
 * callback URL and get a victim to open it: the victim would be signed in to the attacker's
 * account (login CSRF).
 */
import { and, eq, isNull, lt } from 'drizzle-orm';
import { fromBase64Url, randomToken, sha256Hex, timingSafeEqual, toBase64Url } from '../core/crypto';
import { oauthStatesTable } from '../db/schema';
import type { AppDeps } from '../deps';
import { badRequest, forbidden } from '../core/errors';

const STATE_TTL_MS = 10 * 60_000;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

interface StatePayload {
  p: string;
  n: string;
  u?: string;
  e: number;
}

/** Lifetime of a state, and of the browser-binding cookie (seconds). */
export const OAUTH_STATE_TTL_S = STATE_TTL_MS / 1000;

/** Name of the cookie binding a provider's OAuth flow to the browser that started it. */
export const oauthBindingCookie = (provider: string) => `hardday_oauth_${provider}`;

const bindingOf = (nonce: string) => sha256Hex(`oauth-binding:${nonce}`);

type StateDeps = Pick<AppDeps, 'db' | 'secrets' | 'clock'>;

async function issue(deps: StateDeps, provider: string, userId: string | undefined): Promise<{ state: string; nonce: string }> {
  const payload: StatePayload = { p: provider, n: randomToken(16), e: deps.clock.now() + STATE_TTL_MS, ...(userId ? { u: userId } : {}) };
  await deps.db.insert(oauthStatesTable).values({ nonce: payload.n, provider, userId: userId ?? null, expiresAtMs: payload.e });
  const body = toBase64Url(encoder.encode(JSON.stringify(payload)));
  return { state: `${body}.${await deps.secrets.sign(body)}`, nonce: payload.n };
}

export async function issueOAuthState(deps: StateDeps, provider: string, userId?: string): Promise<string> {
  return (await issue(deps, provider, userId)).state;
}

/** A state plus the value of its browser-binding cookie (`oauthBindingCookie(provider)`). */
export async function issueBoundOAuthState(deps: StateDeps, provider: string, userId?: string): Promise<{ state: string; binding: string }> {
  const { state, nonce } = await issue(deps, provider, userId);
  return { state, binding: await bindingOf(nonce) };
}

/**
 * Verify and burn a state value. Throws a 400 naming the problem; returns the user id it carried.
 * With `browser`, the state must also match the binding cookie the browser sent back (checked
 * before the state is burned, so a refused callback changes nothing).
 */
export async function consumeOAuthState(
  deps: StateDeps,
  provider: string,
  state: string | undefined,
  browser?: { binding: string | undefined },
  /** the signed-in user who must have started the flow: checked before the state is burned */
  expected?: { userId: string },
): Promise<{ userId: string | undefined }> {
  if (!state) throw badRequest('missing OAuth state');
  const [body, signature] = state.split('.');
  if (!body || !signature || !(await deps.secrets.verify(body, signature))) throw badRequest('invalid OAuth state');
  let payload: StatePayload;
  try {
    payload = JSON.parse(decoder.decode(fromBase64Url(body))) as StatePayload;
  } catch {
    throw badRequest('invalid OAuth state');
  }
  const now = deps.clock.now();
  if (payload.p !== provider) throw badRequest('OAuth state is for another provider');
  if (payload.e < now) throw badRequest('OAuth state expired; start again');
  if (browser && !(browser.binding && timingSafeEqual(browser.binding, await bindingOf(payload.n)))) {
    throw badRequest('OAuth state was not issued to this browser; start again');
  }
  if (expected && payload.u !== expected.userId) {
    throw forbidden('this authorization was started from another account; sign in to that account, or connect again from your settings');
  }
  const burned = await deps.db
    .update(oauthStatesTable)
    .set({ usedAtMs: now })
    .where(and(eq(oauthStatesTable.nonce, payload.n), isNull(oauthStatesTable.usedAtMs)))
    .returning({ nonce: oauthStatesTable.nonce });
  if (burned.length === 0) throw badRequest('OAuth state already used; start again');
  return { userId: payload.u };
}

export async function purgeOAuthStates(deps: Pick<AppDeps, 'db' | 'clock'>): Promise<void> {
  await deps.db.delete(oauthStatesTable).where(lt(oauthStatesTable.expiresAtMs, deps.clock.now() - STATE_TTL_MS));
}
