import type { Race } from '../../types';
import { dayNumber, isoWeekday, WEEKDAY_NAMES } from '../../dates';
import { defineRule, type SessionRule, sessionRule } from '../rule';

export const R_BRACE = defineRule({
  id: 'R-BRACE',
  title: 'brace around B/C races',
  trigger: 'A B or C race.',
  action: 'No strength from race −2 days to race +2 days. A session within 6 days of a B race is lighter (two-thirds of the sets, lighter loads, no jumps) and says so.',
  reason: "Racing is your hard day; lift once you've recovered.",
  source: '[H] from Doma 2019',
});

export function braceBlocks(races: readonly Race[]): Array<[number, string]> {
  const out: Array<[number, string]> = [];
  for (const r of races) {
    if (r.priority === 'A') continue;
    const rd = dayNumber(r.date);
    for (let d = rd - 2; d <= rd + 2; d++) out.push([d, 'R-BRACE']);
  }
  return out;
}

function bRaceWithin(races: readonly Race[], dn: number): Race | undefined {
  for (const r of races) if (r.priority === 'B' && Math.abs(dayNumber(r.date) - dn) <= 6) return r;
  return undefined;
}

/** Plan note for a B race in the coming week. */
export function bRaceNear(races: readonly Race[], today: number): string | undefined {
  for (const r of races) {
    const d = dayNumber(r.date) - today;
    if (r.priority === 'B' && d >= 0 && d <= 7) return `${r.name ?? 'your B race'} on ${WEEKDAY_NAMES[isoWeekday(dayNumber(r.date))]}: strength is lighter this week and off from 2 days before to 2 days after.`;
  }
  return undefined;
}

export const braceRule: SessionRule = sessionRule(R_BRACE, 20, {
  shape(ctx, s, dose) {
    const r = bRaceWithin(ctx.input.races, s.dn);
    if (!r) return undefined;
    dose.setsFactor = Math.min(dose.setsFactor, 0.67);
    dose.lighterLoad = true;
    dose.noPlyo = true;
    const when = dayNumber(r.date) > s.dn ? 'this week' : 'a few days ago';
    return `B race ${when} (${r.name ?? `${(r.distanceM / 1000).toFixed(0)} km`}): a lighter session so racing stays your hard day.`;
  },
});
