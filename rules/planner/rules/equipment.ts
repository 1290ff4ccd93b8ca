import { defineRule, type SessionRule, sessionRule } from '../rule';

export const R14 = defineRule({
  id: 'R14',
  title: 'equipment',
  trigger: 'Every session.',
  action: "Prescribe only what the runner has (bodyweight always; a gym implies all); runners with dumbbells or a gym get the loaded variant of each pattern; otherwise the exercise's bodyweight regression.",
  reason: 'Only what you have at hand.',
  source: 'S4',
});

const TEXTS = new Map<string, string>();

export const equipmentRule: SessionRule = sessionRule(R14, 88, {
  explain(ctx) {
    const key = ctx.athlete.equipment.join(',');
    let text = TEXTS.get(key);
    if (text === undefined) {
      text = `Uses only ${[...new Set(['bodyweight', ...ctx.athlete.equipment])].join(', ')}.`;
      TEXTS.set(key, text);
    }
    return text;
  },
});
