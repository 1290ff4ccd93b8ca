import type { RunWindow } from '../run-window';
import { defineRule, type SessionRule, sessionRule } from '../rule';
import { hhmm } from './pair-hard';
import type { MissedToday } from '../model';

export type { MissedToday };

export const R_MISSED = defineRule({
  id: 'R-MISSED',
  title: 'missed key run',
  trigger:
    "A hard run planned in the last 7 days (imported plan or weekly template) did not happen as a hard day, or today's run is missed: the local time (nowLocal) is past the run's usual or planned end + 90 min and nothing was synced.",
  action:
    "A missed run today is not a hard day: no session is paired with it (today counts as off). The paired strength moves with the rescheduled hard run (an upcoming hard day in the next 7 days); if there is none, the week's session becomes maintenance (1 set per exercise, RIR ≥ 3) on an easy day.",
  reason: 'Without the hard run, a short maintenance session keeps your gains without piling on fatigue.',
  source: 'Spiering 2021; Runna realignment after ≥ 3 missed',
});

/** minutes after a run's expected end before an unsynced run counts as missed (sync delay) */
export const MISSED_MARGIN_MIN = 90;


/** Today's expected run is missed when now is past its expected end + margin and nothing was synced. */
export function missedToday(expectedCls: number, win: RunWindow | undefined, now: { dn: number; minute: number } | undefined, today: number): MissedToday | undefined {
  if (expectedCls === 0 || !win || !now) return undefined;
  if (now.dn > today || (now.dn === today && now.minute > win.end + MISSED_MARGIN_MIN)) {
    return { wasHard: expectedCls === 2, byText: now.dn > today ? 'the end of the day' : hhmm(now.minute) };
  }
  return undefined;
}

export const missedRule: SessionRule = sessionRule(R_MISSED, 27, {
  shape(ctx, s, dose) {
    if (ctx.missedHard === 0 || s.dn > ctx.today + 6 || ctx.injury?.noRun) return undefined;
    if (s.cls === 2) return s.index === 0 ? 'You missed a key run: this session moved with your next hard run.' : undefined;
    dose.fixedSets = 1;
    dose.rir = Math.max(dose.rir, 3);
    return 'Without the hard run, a short maintenance session keeps your gains without piling on fatigue.';
  },
});
