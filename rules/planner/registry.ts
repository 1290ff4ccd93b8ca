/** Every rule the planner knows, by id (documented in rules/README.md). */
import type { RuleDoc } from '../types';
import { R_ACWR_INFO } from './rules/acwr-info';
import { R5 } from './rules/activation-first';
import { R_BRACE } from './rules/brace';
import { R_CLASS } from './rules/class';
import { R_DELOAD_WEEK } from './rules/deload-week';
import { R15 } from './rules/disclaimer';
import { R4 } from './rules/duration';
import { R14 } from './rules/equipment';
import { R_FALLBACK } from './rules/fallback';
import { R_STR_FATIGUE } from './rules/fatigue';
import { R6 } from './rules/focus';
import { R3 } from './rules/frequency';
import { R7 } from './rules/goal-emphasis';
import { R12, R_INJURY } from './rules/injured';
import { R_MISSED } from './rules/missed-run';
import { R_MONO } from './rules/monotony';
import { R2 } from './rules/no-hard-after-lift';
import { R_NOT_BEFORE } from './rules/not-before';
import { R1, R_PAIR } from './rules/pair-hard';
import { R8, R_FREQ } from './rules/periodise';
import { R13 } from './rules/progression';
import { R9 } from './rules/race-week';
import { R10, R_RETURN } from './rules/return';
import { R11 } from './rules/returning';
import { R_RIR } from './rules/rir';
import { R_SPIKE } from './rules/spike';
import { R_TAPER } from './rules/taper';

const ALL: readonly RuleDoc[] = [
  R1, R2, R3, R4, R5, R6, R7, R8, R9, R10, R11, R12, R13, R14, R15,
  R_CLASS, R_PAIR, R_NOT_BEFORE, R_FREQ, R_FALLBACK, R_TAPER, R_BRACE, R_MISSED, R_DELOAD_WEEK,
  R_RETURN, R_INJURY, R_SPIKE, R_MONO, R_STR_FATIGUE, R_ACWR_INFO, R_RIR,
];

export const RULES: Readonly<Record<string, RuleDoc>> = Object.freeze(Object.fromEntries(ALL.map((r) => [r.id, r])));
