/**
 * Stable session ids (issue item 8). An id never contains the date.
 * 1. Reuse the id of a previous session within ±3 days (closest first; at each distance the
 *    previous session EARLIER than the new one is tried first for all sessions, then the later
 *    one), so a session that moves by a day keeps its id and calendars update in place.
 * 2. Otherwise derive one from a hash of (athlete, ISO week, ordinal in that week): the same
 *    snapshot always gives the same ids, and a move inside a week keeps the id even without
 *    previousSessions.
 */
import { dayNumber, weekStart } from '../dates';
import type { PlannedSession } from '../types';

function fnv1a(s: string, seed: number): number {
  let h = seed >>> 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

export function hashId(key: string): string {
  return `ss_${fnv1a(key, 0x811c9dc5).toString(36)}${fnv1a(key, 0x12345678).toString(36)}`;
}

export function assignIds(sessions: PlannedSession[], previous: readonly PlannedSession[], athleteId: string): void {
  const prev = previous.map((p) => ({ id: p.id, dn: dayNumber(p.date), used: false }));
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
  const prevIds = new Set(prev.map((p) => p.id));
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
