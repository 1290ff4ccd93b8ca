import { exerciseLibrary, patternOf } from '../../catalog/exercises';
import type { BuiltSession } from '../model';
import { defineRule, type SessionRule, sessionRule } from '../rule';

export const R6 = defineRule({
  id: 'R6',
  title: 'focus',
  trigger: 'Every session.',
  action:
    'Alternate two sessions so every week trains each pattern: A = squat pattern + calf/soleus + hip, B = hinge or Nordic curl + single-leg + calf + hip abduction; calf/soleus and hip work are never dropped; core and upper body (push-ups, rows) are supersetted into the rests for balance. Sessions alternate A, B, A... counting the sessions already done.',
  reason: 'Core, glutes, hamstrings and calves carry you; a little upper body keeps you balanced.',
  source: 'S3, S4, S2',
});

const PATTERN_WORDS: Record<string, string> = { squat: 'squat', hinge: 'hamstrings', single_leg: 'single-leg', calf: 'calves', hip: 'hips', power: 'power' };
const WORD_BY_NAME = new Map(exerciseLibrary.map((d) => [d.name, PATTERN_WORDS[patternOf(d)]]));

/** The patterns a built session trains, in exercise order ("squat, calves, hips"). */
function patternWords(built: BuiltSession): string {
  const words: string[] = [];
  for (const e of built.exercises) {
    const w = WORD_BY_NAME.get(e.name);
    if (w && !words.includes(w)) words.push(w);
  }
  return words.join(', ');
}

// built sessions are shared between plans (session-builder.ts): their words are worked out once
const wordsOf = new WeakMap<BuiltSession, string>();

export const focusRule: SessionRule = sessionRule(R6, 70, {
  explain(_ctx, s, dose, built) {
    if (dose.kind !== 'strength') return undefined;
    let words = wordsOf.get(built);
    if (words === undefined) {
      words = patternWords(built);
      wordsOf.set(built, words);
    }
    return `Session ${s.variant}: ${words}, with core and upper body in the rests; the other session covers the rest of the week's patterns.`;
  },
});
