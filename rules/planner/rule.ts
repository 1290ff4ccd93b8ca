import type { RuleDoc } from '../types';
import type { BuiltSession, Dose, PlanContext, SessionSlot } from './model';

/** A rule's documentation (also rendered in rules/README.md). */
export function defineRule<const T extends RuleDoc>(doc: T): T {
  return doc;
}

/**
 * A rule that shapes a session: `shape` changes the dose when the rule applies and returns the
 * runner-facing reason (undefined: the rule does not apply to this session). `weight` orders
 * the reasons a runner sees (lowest first; at most 4 are shown, all are kept in the trace).
 */
export interface SessionRule {
  doc: RuleDoc;
  weight: number;
  shape?(ctx: PlanContext, s: SessionSlot, dose: Dose): string | undefined;
  /** reasons that need the built session (duration, exercises) */
  explain?(ctx: PlanContext, s: SessionSlot, dose: Dose, built: BuiltSession): string | undefined;
}

export function sessionRule(doc: RuleDoc, weight: number, fns: Pick<SessionRule, 'shape' | 'explain'>): SessionRule {
  return { doc, weight, ...fns };
}
