/**
 * `hardday strava subscribe|show|unsubscribe`: manage the app's one push subscription.
 * The callback is `${PUBLIC_URL}/webhooks/strava`; Strava validates it with a GET handshake
 * before answering, so the server must be running and reachable when subscribing.
 */
import { deleteMeta, getMeta, setMeta } from '../db/repositories/meta';
import { Argument, Command } from 'commander';
import type { CliContext, OpenDeps } from '../deps';
import { STRAVA_SUBSCRIPTION_META } from './ingest';
import { stravaRuntime } from './runtime';

const USAGE = 'strava subscribe|show|unsubscribe';

export async function runStravaCli(args: string[], openDeps: OpenDeps, out: (line: string) => void): Promise<number> {
  const [sub] = args;
  if (sub !== 'subscribe' && sub !== 'show' && sub !== 'unsubscribe') {
    out(`usage: hardday ${USAGE}`);
    return 2;
  }
  const { deps, close } = await openDeps();
  try {
    const { config } = deps;
    const { api } = stravaRuntime(deps);
    const app = { clientId: config.STRAVA_CLIENT_ID ?? '', clientSecret: config.STRAVA_CLIENT_SECRET ?? '' };
    const callbackUrl = `${config.PUBLIC_URL}/webhooks/strava`;
    const existing = await api.listSubscriptions(app);
    if (sub === 'show') {
      const stored = await getMeta(deps.db, STRAVA_SUBSCRIPTION_META);
      if (existing.length === 0) out('no Strava push subscription');
      for (const s of existing) out(`subscription ${s.id}: ${s.callback_url}${String(s.id) === stored ? ' (stored)' : ''}`);
      return 0;
    }
    if (sub === 'subscribe') {
      const same = existing.find((s) => s.callback_url === callbackUrl);
      if (same) {
        await setMeta(deps.db, STRAVA_SUBSCRIPTION_META, String(same.id), deps.clock.now());
        out(`already subscribed: ${same.id} → ${callbackUrl}`);
        return 0;
      }
      if (existing.length > 0) {
        out(`another subscription exists (${existing.map((s) => `${s.id} → ${s.callback_url}`).join(', ')}); run "hardday strava unsubscribe" first`);
        return 1;
      }
      const id = await api.createSubscription(app, callbackUrl, config.STRAVA_VERIFY_TOKEN ?? '');
      await setMeta(deps.db, STRAVA_SUBSCRIPTION_META, String(id), deps.clock.now());
      out(`subscribed: ${id} → ${callbackUrl}`);
      return 0;
    }
    for (const s of existing) {
      await api.deleteSubscription(app, s.id);
      out(`deleted subscription ${s.id}`);
    }
    await deleteMeta(deps.db, STRAVA_SUBSCRIPTION_META);
    if (existing.length === 0) out('no Strava push subscription');
    return 0;
  } catch (error) {
    out(`strava ${sub} failed: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  } finally {
    close();
  }
}

/** `hardday strava <action>`. */
export function createStravaCommand(ctx: CliContext): Command {
  return new Command('strava')
    .description('manage the Strava push subscription (callback PUBLIC_URL/webhooks/strava)')
    // a typo gets commander's "Allowed choices are subscribe, show, unsubscribe."
    .addArgument(new Argument('<action>', 'subscribe, show or unsubscribe').choices(['subscribe', 'show', 'unsubscribe']))
    .action(async (action: string, _opts: unknown, command: Command) => {
      const code = await runStravaCli([action], ctx.openDeps, ctx.out);
      if (code !== 0) command.error('', { exitCode: code });
    });
}
