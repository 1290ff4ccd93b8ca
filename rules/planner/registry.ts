/** Every rule the planner knows, by id, and the session rules in precedence order. */
import type { RuleDoc } from '../types';
import type { SessionRule } from './rule';
import { R_ACWR_INFO } from './rules/acwr-info';
import { activationRule } from './rules/activation-first';
import { braceRule } from './rules/brace';
import { R_CLASS } from './rules/class';
import { deloadRule } from './rules/deload-week';
import { disclaimerRule } from './rules/disclaimer';
import { durationRule } from './rules/duration';
import { equipmentRule } from './rules/equipment';
import { fallbackRule } from './rules/fallback';
import { fatigueRule } from './rules/fatigue';
import { focusRule } from './rules/focus';
import { frequencyRule } from './rules/frequency';
import { goalEmphasisRule } from './rules/goal-emphasis';
import { injuredRule, injuryModeRule } from './rules/injured';
import { missedRule } from './rules/missed-run';
import { monotonyRule } from './rules/monotony';
import { noHardAfterLiftRule } from './rules/no-hard-after-lift';
import { notBeforeRule } from './rules/not-before';
import { pairRule, pairScienceRule } from './rules/pair-hard';
import { frequencyByPhaseRule, periodiseRule } from './rules/periodise';
import { progressionRule } from './rules/progression';
import { raceWeekRule } from './rules/race-week';
import { missedRunsRule, returnRule } from './rules/return';
import { returningRule } from './rules/returning';
import { rirRule } from './rules/rir';
import { spikeRule } from './rules/spike';
import { taperRule } from './rules/taper';

/**
 * Precedence (safety first): a rule earlier in this list wins over a later one; when several
 * dose rules apply, the most conservative value is kept (fewest sets, highest RIR, no
 * plyometrics / heavy if any rule says so). Sessions list their rule ids in this order.
 */
export const SESSION_RULES: readonly SessionRule[] = [
  disclaimerRule,
  injuredRule,
  injuryModeRule,
  raceWeekRule,
  taperRule,
  braceRule,
  frequencyRule,
  notBeforeRule,
  missedRunsRule,
  returnRule,
  returningRule,
  spikeRule,
  fatigueRule,
  monotonyRule,
  deloadRule,
  missedRule,
  periodiseRule,
  frequencyByPhaseRule,
  pairRule,
  pairScienceRule,
  noHardAfterLiftRule,
  fallbackRule,
  progressionRule,
  rirRule,
  durationRule,
  activationRule,
  focusRule,
  goalEmphasisRule,
  equipmentRule,
];

/** Rules that inform but shape no session. */
const INFO_RULES: readonly RuleDoc[] = [R_CLASS, R_ACWR_INFO];

export const PRECEDENCE: readonly string[] = [...SESSION_RULES.map((r) => r.doc.id), ...INFO_RULES.map((r) => r.id)];

const ALL: readonly RuleDoc[] = [...SESSION_RULES.map((r) => r.doc), ...INFO_RULES];

export const RULES: Readonly<Record<string, RuleDoc>> = Object.freeze(Object.fromEntries(ALL.map((r) => [r.id, r])));

/** The README's rules table, rendered from the rule modules (tests/rules/readme.test.ts checks it). */
export function renderRulesTable(): string {
  const esc = (s: string) => s.replaceAll('|', '\\|').replaceAll('\n', ' ');
  const rows = ALL.map((r) => `| ${r.id} | ${esc(r.title)} | ${esc(r.trigger)} | ${esc(r.action)} | ${esc(r.reason)} | ${esc(r.source)} |`);
  return ['| id | title | trigger | action | reason | source |', '|---|---|---|---|---|---|', ...rows].join('\n');
}
