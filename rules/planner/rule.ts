import type { RuleDoc } from '../types';

/** A rule's documentation (also rendered in rules/README.md). */
export function defineRule<const T extends RuleDoc>(doc: T): T {
  return doc;
}

/** The decisions a session collects: rule id → one plain-language reason. */
export type Reasons = Array<[id: string, reason: string]>;
