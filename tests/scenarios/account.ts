/**
 * Sign-in and the coach roster, on both runtimes: the place for these scenarios once the web
 * capability (password sign-in, invitations, the coach pages) is merged. Each one goes into
 * `accountScenarios` below, written over the Driver like those in suite.ts (e.g. sign up →
 * sign in with the password → session cookie → /api/me; a coach invites a runner → the runner
 * accepts → the coach's roster lists them with derived load, and nothing else).
 */
import type { Scenario } from './driver';

export const accountScenarios: Scenario[] = [];
