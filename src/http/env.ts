import type { AppDeps } from '../deps';
import type { User } from '../db/repositories/users';
import type { Logger } from '../core/log';

/** Hono's typed context for this app. */
export interface AppEnv {
  Variables: {
    deps: AppDeps;
    requestId: string;
    log: Logger;
    /** the signed-in user, when a session cookie or API token was presented */
    user: User | undefined;
    /** an `Authorization: Bearer` token was presented but matches no live API token */
    invalidApiToken?: boolean;
  };
}

export const SESSION_COOKIE = 'hardday_session';
