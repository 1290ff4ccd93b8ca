/**
 * OAuth `state`: signed (HMAC), expiring, and single-use. The signed part carries the provider,
 * an optional user id (connecting a calendar for a signed-in runner) and the expiry; the nonce is
 * recorded so a replayed callback is refused.
 */
import { and, eq, isNull, lt } from 'drizzle-orm';
import { fromBase64Url, randomToken, toBase64Url } from '../crypto';
import { oauthStatesTable } from '../db/schema';
import type { AppDeps } from '../deps';
import { badRequest } from '../errors';

const STATE_TTL_MS = 10 * 60_000;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

interface StatePayload {
  p: string;
  n: string;
  u?: string;
  e: number;
}

export async function issueOAuthState(deps: Pick<AppDeps, 'db' | 'secrets' | 'clock'>, provider: string, userId?: string): Promise<string> {
  const payload: StatePayload = { p: provider, n: randomToken(16), e: deps.clock.now() + STATE_TTL_MS, ...(userId ? { u: userId } : {}) };
  await deps.db.insert(oauthStatesTable).values({ nonce: payload.n, provider, userId: userId ?? null, expiresAtMs: payload.e });
  const body = toBase64Url(encoder.encode(JSON.stringify(payload)));
  return `${body}.${await deps.secrets.sign(body)}`;
}

/** Verify and burn a state value. Throws a 400 naming the problem; returns the user id it carried. */
export async function consumeOAuthState(deps: Pick<AppDeps, 'db' | 'secrets' | 'clock'>, provider: string, state: string | undefined): Promise<{ userId: string | undefined }> {
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
