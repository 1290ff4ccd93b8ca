/**
 * Stable session ids (issue item 8). An id never contains the date.
 * 1. Reuse the id of a previous session within ±3 days (closest first; at each distance the
 *    previous session EARLIER than the new one is tried first for all sessions, then the later
 *    one), so a session that moves by a day keeps its id and calendars update in place.
 * 2. Otherwise derive one from a hash of (athlete, ISO week, ordinal in that week): the same
 *    snapshot always gives the same ids, and a move inside a week keeps the id even without
 *    previousSessions.
 * A session the runner reported (done or skipped, `reported`) is history: its id is never reused
 * nor derived again for another session.
 */
import { dayNumber, weekStart } from '../dates';
import type { PlannedSession } from '../types';

const SEED_A = 0x811c9dc5;
const SEED_B = 0x12345678;

function fnv1a(s: string, seed: number): number {
  let h = seed >>> 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

export function hashId(key: string): string {
  return hashIdFrom(SEED_A, SEED_B, key);
}

/** hashId(prefix + rest) given the two FNV states after `prefix` (both hashes in one pass). */
function hashIdFrom(stateA: number, stateB: number, rest: string): string {
  let a = stateA >>> 0;
  let b = stateB >>> 0;
  for (let i = 0; i < rest.length; i++) {
    const c = rest.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193) >>> 0;
    b = Math.imul(b ^ c, 0x01000193) >>> 0;
  }
  return `ss_${base36(a)}${base36(b)}`;
}

const DIGITS36 = '0123456789abcdefghijklmnopqrstuvwxyz';

/** n.toString(36) for a uint32 (Number#toString(36) is several times slower). */
function base36(n: number): string {
  if (n === 0) return '0';
  let s = '';
  while (n > 0) {
    const q = Math.floor(n / 36);
    s = DIGITS36.charAt(n - q * 36) + s;
    n = q;
  }
  return s;
}

export function assignIds(sessions: PlannedSession[], previous: readonly PlannedSession[], athleteId: string, reported: ReadonlySet<string> = new Set()): void {
  const reusable = reported.size === 0 ? previous : previous.filter((p) => !reported.has(p.id));
  if (reusable.length === 0) {
    assignHashedIds(sessions, athleteId, previous.length === 0 ? reported : new Set([...reported, ...previous.map((p) => p.id)]));
    return;
  }
  const prev = reusable.map((p) => ({ id: p.id, dn: dayNumber(p.date), used: false }));
  const dns = sessions.map((s) => dayNumber(s.date));
  const taken = new Set<string>();
  for (let dist = 0; dist <= 3; dist++) {
    for (const dir of dist === 0 ? [0] : [-1, 1]) {
      for (let k = 0; k < sessions.length; k++) {
        const s = sessions[k] as PlannedSession;
        if (s.id) continue;
        const want = (dns[k] as number) + dir * dist;
        const m = prev.find((p) => !p.used && p.dn === want && !taken.has(p.id));
        if (m) {
          m.used = true;
          s.id = m.id;
          taken.add(m.id);
        }
      }
    }
  }
  const prevIds = new Set([...previous.map((p) => p.id), ...reported]);
  const perWeek = new Map<number, number>();
  for (let k = 0; k < sessions.length; k++) {
    const ws = weekStart(dns[k] as number);
    const ord = perWeek.get(ws) ?? 0;
    perWeek.set(ws, ord + 1);
    const s = sessions[k] as PlannedSession;
    if (s.id) continue;
    let salt = 0;
    let id = hashId(`${athleteId}|${ws}|${ord}`);
    while (taken.has(id) || prevIds.has(id)) id = hashId(`${athleteId}|${ws}|${ord}|${++salt}`);
    s.id = id;
    taken.add(id);
  }
}

/**
 * assignIds without previous sessions to reuse: step 2 only. Same ids as the general path: the
 * ordinal counts earlier sessions of the same ISO week, ids already set are kept, `reserved` ids
 * (previous or reported sessions) are not derived again.
 */
function assignHashedIds(sessions: PlannedSession[], athleteId: string, reserved: ReadonlySet<string>): void {
  const prefix = `${athleteId}|`;
  const stateA = fnv1a(prefix, SEED_A);
  const stateB = fnv1a(prefix, SEED_B);
  const taken = new Set<string>();
  let lastWs = Number.NaN;
  let ord = 0;
  for (let k = 0; k < sessions.length; k++) {
    const s = sessions[k] as PlannedSession;
    const ws = weekStart(dayNumber(s.date));
    if (ws === lastWs) ord++;
    else {
      // sessions come sorted by date; count earlier ones of this week regardless
      ord = 0;
      for (let j = 0; j < k; j++) if (weekStart(dayNumber((sessions[j] as PlannedSession).date)) === ws) ord++;
      lastWs = ws;
    }
    if (s.id) continue;
    let id = hashIdFrom(stateA, stateB, `${ws}|${ord}`);
    let salt = 0;
    while (taken.has(id) || reserved.has(id)) id = hashId(`${athleteId}|${ws}|${ord}|${++salt}`);
    taken.add(id);
    s.id = id;
  }
}
