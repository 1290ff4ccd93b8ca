import { defineRule } from '../rule';

export const R_FALLBACK = defineRule({
  id: 'R-FALLBACK',
  title: 'fallback placement',
  trigger: 'Fewer free HARD days than strength sessions in the week.',
  action: 'Use EASY or OFF days at least 48 h before the next HARD day (the next two days are not hard); never two strength days in a row.',
  reason: "No hard day was free, so this goes where it won't touch your next key run.",
  source: 'Doma 2019 [H]',
});
export function fallbackOk(next1Hard: boolean, next2Hard: boolean): boolean {
  return !next1Hard && !next2Hard;
}
