/**
 * What a runner reads: at most MAX_REASONS reasons, picked by each rule's weight (placement
 * first, then what changed the dose), shown in precedence order; the trace keeps them all.
 */
import { PRECEDENCE } from './registry';

export const MAX_REASONS = 4;

export function explain(trace: ReadonlyArray<{ rule: string; text: string; weight: number }>): {
  rules: string[];
  reasons: string[];
  trace: Array<{ rule: string; text: string }>;
} {
  const rank = (id: string): number => PRECEDENCE.indexOf(id);
  const ordered = [...trace].sort((a, b) => rank(a.rule) - rank(b.rule));
  const shown = new Set([...trace].sort((a, b) => a.weight - b.weight || rank(a.rule) - rank(b.rule)).slice(0, MAX_REASONS));
  const rules: string[] = [];
  const reasons: string[] = [];
  for (const t of ordered) {
    if (!shown.has(t)) continue;
    rules.push(t.rule);
    reasons.push(t.text);
  }
  return { rules, reasons, trace: ordered.map((t) => ({ rule: t.rule, text: t.text })) };
}
