/**
 * What a runner reads: at most MAX_REASONS reasons, picked by each rule's weight (placement
 * first, then what changed the dose), shown in precedence order; the trace keeps them all.
 */
import { SESSION_RULES } from './registry';

export const MAX_REASONS = 4;

/** `texts[k]` is the reason of SESSION_RULES[k] (undefined: the rule did not apply). */
export function explain(texts: ReadonlyArray<string | undefined>): {
  rules: string[];
  reasons: string[];
  trace: Array<{ rule: string; text: string }>;
} {
  // the MAX_REASONS lowest weights (ties: earlier in precedence)
  const picked: number[] = [];
  for (let n = 0; n < MAX_REASONS; n++) {
    let best = -1;
    for (let k = 0; k < texts.length; k++) {
      if (texts[k] === undefined || picked.includes(k)) continue;
      if (best < 0 || (SESSION_RULES[k]?.weight ?? 0) < (SESSION_RULES[best]?.weight ?? 0)) best = k;
    }
    if (best < 0) break;
    picked.push(best);
  }
  const rules: string[] = [];
  const reasons: string[] = [];
  const trace: Array<{ rule: string; text: string }> = [];
  for (let k = 0; k < texts.length; k++) {
    const text = texts[k];
    const rule = SESSION_RULES[k];
    if (text === undefined || rule === undefined) continue;
    trace.push({ rule: rule.doc.id, text });
    if (picked.includes(k)) {
      rules.push(rule.doc.id);
      reasons.push(text);
    }
  }
  return { rules, reasons, trace };
}
