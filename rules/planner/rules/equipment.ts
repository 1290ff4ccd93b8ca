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
// the athlete's equipment list is the same array for every session of a plan
const textOfList = new WeakMap<readonly string[], string>();

function equipmentText(equipment: readonly string[]): string {
  const key = equipment.join(',');
  let text = TEXTS.get(key);
  if (text === undefined) {
    text = `Uses only ${[...new Set(['bodyweight', ...equipment])].join(', ')}.`;
    TEXTS.set(key, text);
  }
  return text;
}

export const equipmentRule: SessionRule = sessionRule(R14, 88, {
  explain(ctx) {
    const equipment = ctx.athlete.equipment;
    let text = textOfList.get(equipment);
    if (text === undefined) {
      text = equipmentText(equipment);
      textOfList.set(equipment, text);
    }
    return text;
  },
});
