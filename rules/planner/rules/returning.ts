import { defineRule, type SessionRule, sessionRule } from '../rule';

export const R11 = defineRule({
  id: 'R11',
  title: 'returning',
  trigger: "The runner's lifting experience is novice or returning (or a break of more than 8 weeks).",
  action:
    'Start in return mode: bodyweight (and bands) first, the simplest variant of each pattern (split squat or step-up before a Bulgarian split squat), 1 set for the first sessions then 2, 8–10 reps, RIR ≥ 3–4; at most 2 sessions a week.',
  reason: 'Form and control before load when you are new or back to lifting.',
  source: 'S3',
});

export const returningRule: SessionRule = sessionRule(R11, 26, {
  shape(ctx, _s, dose) {
    if (!ctx.returnMode) return undefined;
    const lv = ctx.level;
    dose.bodyweightFirst = lv < 2;
    dose.lightOnly = lv >= 2;
    dose.simplest = lv < 2;
    dose.noPlyo = true;
    dose.noHeavy = true;
    dose.returnReps = true;
    dose.baseSets = lv === 0 ? 1 : 2;
    dose.maxSets = 2;
    dose.rir = Math.max(dose.rir, lv < 2 ? 4 : 3);
    return ctx.novice ? 'New or back to lifting: the simplest version of each move, form before load.' : undefined;
  },
});
