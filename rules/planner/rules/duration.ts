import { defineRule, type SessionRule, sessionRule } from '../rule';

export const R4 = defineRule({
  id: 'R4',
  title: 'duration',
  trigger: 'Every session.',
  action:
    'Fit the session in 20–30 minutes including activation (maxSessionMinutes when the runner asks for longer): core and upper body are supersetted into the rests of the main lifts; then the lowest-priority block that R6 does not keep is dropped, then sets, until it fits. A runner allowing ≥ 45 minutes gets a fourth set on the main lifts.',
  reason: '20–30 minutes twice a week is enough to matter.',
  source: 'S2',
});
export const DEFAULT_MAX_MIN = 30;
/** from this time budget on, main lifts get a fourth set */
export const LONG_SESSION_MIN = 45;

export const durationRule: SessionRule = sessionRule(R4, 95, {
  explain(_ctx, _s, dose, built) {
    return `About ${built.durationMin} minutes including the warm-up, within your ${dose.maxMinutes}-minute limit.`;
  },
});
