/**
 * What a runner reads: at most MAX_REASONS reasons, picked by each rule's weight (placement
 * first, then what changed the dose), shown in precedence order; the trace keeps them all.
 */
import { SESSION_RULES } from './registry';

export const MAX_REASONS = 4;
// the bit set below needs one bit per session rule
if (SESSION_RULES.length > 31) throw new Error('explain: more than 31 session rules');

/** `texts[k]` is the reason of SESSION_RULES[k] (undefined: the rule did not apply). */
export function explain(texts: ReadonlyArray<string | undefined>): {
  rules: string[];
  reasons: string[];
  trace: Array<{ rule: string; text: string }>;
} {
  // the MAX_REASONS lowest weights (ties: earlier in precedence), as a bit set over rule indexes
  let picked = 0;
  for (let n = 0; n < MAX_REASONS; n++) {
    let best = -1;
    let bestWeight = Number.POSITIVE_INFINITY;
    for (let k = 0; k < texts.length; k++) {
      if (texts[k] === undefined || (picked & (1 << k)) !== 0) continue;
      const w = SESSION_RULES[k]?.weight ?? 0;
      if (w < bestWeight) {
        best = k;
        bestWeight = w;
      }
    }
    if (best < 0) break;
    picked |= 1 << best;
  }
  // the lists are allocated at their final size (growing them by push over-allocates)
  let applied = 0;
  for (let k = 0; k < texts.length; k++) if (texts[k] !== undefined && SESSION_RULES[k] !== undefined) applied++;
  const shown = Math.min(MAX_REASONS, applied);
  const rules: string[] = new Array(shown);
  const reasons: string[] = new Array(shown);
  const trace: Array<{ rule: string; text: string }> = new Array(applied);
  let t = 0;
  let r = 0;
  for (let k = 0; k < texts.length; k++) {
    const text = texts[k];
    const rule = SESSION_RULES[k];
    if (text === undefined || rule === undefined) continue;
    trace[t++] = { rule: rule.doc.id, text };
    if ((picked & (1 << k)) !== 0) {
      rules[r] = rule.doc.id;
      reasons[r++] = text;
    }
  }
  return { rules, reasons, trace };
}
