import { defineRule, type SessionRule, sessionRule } from '../rule';

export const R_RIR = defineRule({
  id: 'R-RIR',
  title: 'reps in reserve',
  trigger: 'Every strength set.',
  action: 'Experienced: RIR 2; novices: 3; return mode and race week: ≥ 4 (fatigue/spike/missed rules may raise it). Never to failure.',
  reason: 'Stop with a couple of reps in the tank; it builds strength without wrecking your runs.',
  source: 'Helms 2016; Hackett 2017; Zourdos 2016',
});

export const rirRule: SessionRule = sessionRule(R_RIR, 85, {
  shape(_ctx, _s, dose) {
    return `Stop each set with ${dose.rir} reps in reserve: strength gains without the soreness.`;
  },
});
