import { describe, expect, it } from 'vitest';
import { applyObservation, createGovernor, decide, type GovernorState, type GovernorStore } from '../../integrations/strava/governor';
import { nextQuarterHour, nextUtcMidnight, parseRateLimitHeaders, rateLimitRetryAt } from '../../integrations/strava/errors';

const T = Date.parse('2026-11-20T12:07:00Z');

function memoryStore(): GovernorStore & { state: GovernorState | undefined } {
  const store = {
    state: undefined as GovernorState | undefined,
    async load() {
      return store.state ? { ...store.state } : undefined;
    },
    async compareAndSwap(expected: number | undefined, next: GovernorState) {
      if ((store.state?.v ?? undefined) !== expected) return false;
      store.state = { ...next };
      return true;
    },
  };
  return store;
}

describe('rate-limit windows', () => {
  it('computes the next quarter hour and UTC midnight', () => {
    expect(new Date(nextQuarterHour(T)).toISOString()).toBe('2026-11-20T12:15:00.000Z');
    expect(new Date(nextQuarterHour(Date.parse('2026-11-20T12:15:00Z'))).toISOString()).toBe('2026-11-20T12:30:00.000Z');
    expect(new Date(nextUtcMidnight(T)).toISOString()).toBe('2026-11-21T00:00:00.000Z');
  });

  it('parses the documented headers', () => {
    const h = new Headers({ 'X-RateLimit-Limit': '200,2000', 'X-RateLimit-Usage': '34,312', 'X-ReadRateLimit-Limit': '100,1000', 'X-ReadRateLimit-Usage': '21,201' });
    expect(parseRateLimitHeaders(h)).toEqual({ overall: { limit15: 200, limitDay: 2000, usage15: 34, usageDay: 312 }, read: { limit15: 100, limitDay: 1000, usage15: 21, usageDay: 201 } });
    expect(rateLimitRetryAt(parseRateLimitHeaders(h), T)).toBe(nextQuarterHour(T));
    expect(parseRateLimitHeaders(new Headers())).toEqual({});
  });
});

describe('governor', () => {
  it('serves webhook work to the limit minus headroom, background work only up to its share', async () => {
    const store = memoryStore();
    const gov = createGovernor(store, () => T);
    let background = 0;
    while ((await gov.acquire('backfill')).ok) background++;
    expect(background).toBe(60);
    const reconcile = await gov.acquire('reconcile');
    expect(reconcile).toEqual(expect.objectContaining({ ok: false, retryAtMs: nextQuarterHour(T) }));
    let webhook = 0;
    while ((await gov.acquire('webhook')).ok) webhook++;
    expect(background + webhook).toBe(98);
  });

  it('learns limits and usage from headers and never lowers its own count', async () => {
    const store = memoryStore();
    const gov = createGovernor(store, () => T);
    await gov.observe({ overall: { limit15: 600, limitDay: 6000, usage15: 10, usageDay: 10 }, read: { limit15: 300, limitDay: 3000, usage15: 95, usageDay: 95 } }, 200);
    const s = await gov.snapshot();
    expect(s.rl15).toBe(300);
    expect(s.r15).toBe(95);
    await gov.observe({ read: { limit15: 300, limitDay: 3000, usage15: 40, usageDay: 40 } }, 200);
    expect((await gov.snapshot()).r15).toBe(95);
  });

  it('blocks everything after a 429 until the next window, and resets counters in a new window', async () => {
    let now = T;
    const gov = createGovernor(memoryStore(), () => now);
    await gov.observe({ read: { limit15: 100, limitDay: 1000, usage15: 101, usageDay: 400 } }, 429);
    expect(await gov.acquire('webhook')).toEqual(expect.objectContaining({ ok: false, retryAtMs: Date.parse('2026-11-20T12:15:00Z') }));
    now = Date.parse('2026-11-20T12:15:00Z');
    expect((await gov.acquire('webhook')).ok).toBe(true);
    expect((await gov.snapshot()).r15).toBe(1);
  });

  it('defers to UTC midnight when the daily budget is spent', () => {
    const s: GovernorState = { v: 1, w: Math.floor(T / 900_000), d: Math.floor(T / 86_400_000), l15: 200, lDay: 2000, u15: 0, uDay: 0, rl15: 100, rlDay: 1000, r15: 3, rDay: 998, blockedUntil: 0 };
    expect(decide(s, T, 'webhook')).toEqual(expect.objectContaining({ ok: false, retryAtMs: nextUtcMidnight(T) }));
    const after429 = applyObservation(s, { read: { limit15: 100, limitDay: 1000, usage15: 4, usageDay: 1000 } }, 429, T);
    expect(after429.blockedUntil).toBe(nextUtcMidnight(T));
  });

  it('loses no booking under contention (compare-and-swap)', async () => {
    const store = memoryStore();
    // eight workers (separate governors over one store), each trying 20 requests in a row
    const workers = Array.from({ length: 8 }, () => createGovernor(store, () => T));
    const granted = await Promise.all(
      workers.map(async (gov) => {
        let ok = 0;
        for (let i = 0; i < 20; i++) if ((await gov.acquire('webhook')).ok) ok++;
        return ok;
      }),
    );
    expect(granted.reduce((a, b) => a + b, 0)).toBe(98);
    expect(store.state?.r15).toBe(98);
  });

  it('a response crossing midnight does not carry the old day’s usage into the new day', async () => {
    let now = Date.parse('2026-11-20T23:59:59.900Z');
    const gov = createGovernor(memoryStore(), () => now);
    expect((await gov.acquire('backfill')).ok).toBe(true);
    const sentAt = now;
    now = Date.parse('2026-11-21T00:00:00.100Z');
    const lateDay = { limit15: 100, limitDay: 1000, usage15: 40, usageDay: 990 };
    await gov.observe({ overall: { ...lateDay, limit15: 200, limitDay: 2000 }, read: lateDay }, 200, sentAt);
    const s = await gov.snapshot();
    expect(s.d).toBe(Math.floor(now / 86_400_000));
    expect([s.rDay, s.r15, s.uDay, s.u15]).toEqual([0, 0, 0, 0]);
    expect((await gov.acquire('backfill')).ok).toBe(true);
    // The same figures for a request sent in the current day still count.
    await gov.observe({ read: lateDay }, 200, now);
    expect((await gov.acquire('backfill')).ok).toBe(false);
  });

  it('a 429 of the previous window does not block the new one', async () => {
    let now = Date.parse('2026-11-20T12:14:59.900Z');
    const gov = createGovernor(memoryStore(), () => now);
    const sentAt = now;
    now = Date.parse('2026-11-20T12:15:00.100Z');
    await gov.observe({ read: { limit15: 100, limitDay: 1000, usage15: 101, usageDay: 400 } }, 429, sentAt);
    expect((await gov.acquire('webhook')).ok).toBe(true);
    expect((await gov.snapshot()).r15).toBe(1);
  });
});
