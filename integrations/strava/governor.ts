/**
 * @module integrations/strava/governor
 * The rate-limit governor of one Strava app. Its state lives behind `GovernorStore` (a database
 * row shared by every worker and process) and is changed only by compare-and-swap, so two
 * workers never both spend the last request of a window.
 *
 * Before each request `acquire` books one call in the current 15-minute window and day, or
 * answers "not before T" (the caller defers its job). After each response — 429s included —
 * `observe` folds in Strava's own usage figures, but only into the 15-minute window and UTC day
 * the request was sent in: a response that arrives after a boundary carries the old window's
 * usage and must not fill the new one. Priorities: webhook work may spend the whole
 * window (minus a small headroom); reconciliation and backfill stop at a reserve so fresh
 * events keep flowing.
 */

import { nextQuarterHour, nextUtcMidnight, type RateLimitHeaders } from './errors';

export type GovernorPriority = 'webhook' | 'reconcile' | 'backfill';

/** Shared state; all numbers so it fits the `rate_limit_state` JSON column. */
export interface GovernorState {
  /** compare-and-swap version */
  v: number;
  /** 15-minute window index and UTC day index the usage figures belong to */
  w: number;
  d: number;
  /** overall bucket: limits and usage */
  l15: number;
  lDay: number;
  u15: number;
  uDay: number;
  /** read bucket */
  rl15: number;
  rlDay: number;
  r15: number;
  rDay: number;
  /** no request before this time (after a 429) */
  blockedUntil: number;
}

export interface GovernorStore {
  load(): Promise<GovernorState | undefined>;
  /** Write `next` only if the stored version is still `expectedV` (or nothing is stored when undefined). */
  compareAndSwap(expectedV: number | undefined, next: GovernorState): Promise<boolean>;
}

export interface GovernorPolicy {
  /** share of each limit reserved for webhook work (background work stops below it) */
  backgroundShare: number;
  /** requests always left unspent in a window (other tools on the same app, clock skew) */
  headroom: number;
}

const DEFAULT_POLICY: GovernorPolicy = { backgroundShare: 0.6, headroom: 2 };

/** Strava's documented defaults, used until the first response tells the real limits. */
const DEFAULT_LIMITS = { l15: 200, lDay: 2_000, rl15: 100, rlDay: 1_000 };

const QUARTER_MS = 15 * 60_000;
const DAY_MS = 24 * 3600_000;

export type AcquireResult = { ok: true } | { ok: false; retryAtMs: number; reason: string };

export interface Governor {
  acquire(priority: GovernorPriority): Promise<AcquireResult>;
  /** `sentAtMs`: when the request was sent (defaults to now), which says which window the usage belongs to */
  observe(limits: RateLimitHeaders, status: number, sentAtMs?: number): Promise<void>;
  snapshot(): Promise<GovernorState>;
}

function fresh(nowMs: number): GovernorState {
  return { v: 0, w: Math.floor(nowMs / QUARTER_MS), d: Math.floor(nowMs / DAY_MS), ...DEFAULT_LIMITS, u15: 0, uDay: 0, r15: 0, rDay: 0, blockedUntil: 0 };
}

/** Move usage into the current window/day (counters reset at the boundaries). */
function rollWindows(s: GovernorState, nowMs: number): GovernorState {
  const w = Math.floor(nowMs / QUARTER_MS);
  const d = Math.floor(nowMs / DAY_MS);
  const next = { ...s };
  if (w !== s.w) {
    next.w = w;
    next.u15 = 0;
    next.r15 = 0;
  }
  if (d !== s.d) {
    next.d = d;
    next.uDay = 0;
    next.rDay = 0;
  }
  return next;
}

function ceiling(limit: number, priority: GovernorPriority, policy: GovernorPolicy): number {
  const top = limit - Math.min(policy.headroom, Math.floor(limit / 10));
  return priority === 'webhook' ? top : Math.min(top, Math.floor(limit * policy.backgroundShare));
}

/** Pure decision: may one more read request be sent now at this priority? */
export function decide(s: GovernorState, nowMs: number, priority: GovernorPriority, policy: GovernorPolicy = DEFAULT_POLICY): AcquireResult {
  if (s.blockedUntil > nowMs) return { ok: false, retryAtMs: s.blockedUntil, reason: 'Strava rate limit hit; waiting for the window' };
  if (s.uDay + 1 > ceiling(s.lDay, priority, policy) || s.rDay + 1 > ceiling(s.rlDay, priority, policy)) {
    return { ok: false, retryAtMs: nextUtcMidnight(nowMs), reason: `daily Strava budget spent for ${priority} work` };
  }
  if (s.u15 + 1 > ceiling(s.l15, priority, policy) || s.r15 + 1 > ceiling(s.rl15, priority, policy)) {
    return { ok: false, retryAtMs: nextQuarterHour(nowMs), reason: `15-minute Strava budget spent for ${priority} work` };
  }
  return { ok: true };
}

/**
 * Fold one response's headers (and a 429) into the state, which is already rolled to `nowMs`.
 * Usage figures count only for the window and day the request was sent in (`sentAtMs`); a 429
 * blocks until the end of that window or day, which may already be over.
 */
export function applyObservation(s: GovernorState, limits: RateLimitHeaders, status: number, nowMs: number, sentAtMs: number = nowMs): GovernorState {
  const next = { ...s };
  const sameWindow = Math.floor(sentAtMs / QUARTER_MS) === s.w;
  const sameDay = Math.floor(sentAtMs / DAY_MS) === s.d;
  if (limits.overall) {
    next.l15 = limits.overall.limit15;
    next.lDay = limits.overall.limitDay;
    // Responses of concurrent requests arrive out of order: never lower our count.
    if (sameWindow) next.u15 = Math.max(next.u15, limits.overall.usage15);
    if (sameDay) next.uDay = Math.max(next.uDay, limits.overall.usageDay);
  }
  if (limits.read) {
    next.rl15 = limits.read.limit15;
    next.rlDay = limits.read.limitDay;
    if (sameWindow) next.r15 = Math.max(next.r15, limits.read.usage15);
    if (sameDay) next.rDay = Math.max(next.rDay, limits.read.usageDay);
  }
  if (status === 429) {
    const dailySpent = [limits.overall, limits.read].some((b) => b !== undefined && b.usageDay >= b.limitDay) || (sameDay && (next.uDay >= next.lDay || next.rDay >= next.rlDay));
    const until = dailySpent ? nextUtcMidnight(sentAtMs) : nextQuarterHour(sentAtMs);
    if (until > nowMs) next.blockedUntil = Math.max(next.blockedUntil, until);
  }
  return next;
}

export function createGovernor(store: GovernorStore, now: () => number, policy: GovernorPolicy = DEFAULT_POLICY): Governor {
  async function update<T>(change: (s: GovernorState, nowMs: number) => { state?: GovernorState; result: T }): Promise<T> {
    for (let attempt = 0; attempt < 100; attempt++) {
      const nowMs = now();
      const stored = await store.load();
      const current = rollWindows(stored ?? fresh(nowMs), nowMs);
      const { state, result } = change(current, nowMs);
      if (!state) return result;
      if (await store.compareAndSwap(stored?.v, { ...state, v: (stored?.v ?? 0) + 1 })) return result;
    }
    throw new Error('rate-limit governor: too much contention');
  }

  return {
    acquire(priority) {
      return update<AcquireResult>((s, nowMs) => {
        const verdict = decide(s, nowMs, priority, policy);
        if (!verdict.ok) return { result: verdict };
        return { state: { ...s, u15: s.u15 + 1, uDay: s.uDay + 1, r15: s.r15 + 1, rDay: s.rDay + 1 }, result: verdict };
      });
    },
    observe(limits, status, sentAtMs) {
      if (!limits.overall && !limits.read && status !== 429) return Promise.resolve();
      return update((s, nowMs) => ({ state: applyObservation(s, limits, status, nowMs, sentAtMs ?? nowMs), result: undefined }));
    },
    async snapshot() {
      const nowMs = now();
      return rollWindows((await store.load()) ?? fresh(nowMs), nowMs);
    },
  };
}
