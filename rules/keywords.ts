/**
 * Keyword classification of run titles (imported plans and activity names).
 * English keywords, case-insensitive, whole-word.
 */
import type { DayClass, PlannedRun } from './types';

interface Kw {
  re: RegExp;
  label: string;
  kind: 'race' | 'workout' | 'long';
  /**
   * Also a common place-name word ("Long Lake loop", "Hill Street"): in a synced activity's
   * title it counts only when heart rate, pace, duration or climb agree (classify.ts).
   */
  weak?: boolean;
}

const HARD_KEYWORDS: readonly Kw[] = [
  { re: /\b(race|parkrun|time[- ]?trial|tt)\b/i, label: 'race', kind: 'race' },
  { re: /\bintervals?\b|\b\d+\s*[x×]\s*\d+/i, label: 'intervals', kind: 'workout' },
  { re: /\btempo\b/i, label: 'tempo', kind: 'workout' },
  { re: /\b(threshold|lactate|lt)\b/i, label: 'threshold', kind: 'workout' },
  { re: /\bfartlek\b/i, label: 'fartlek', kind: 'workout' },
  { re: /\bhill (repeats?|reps|sprints?|intervals?)\b/i, label: 'hills', kind: 'workout' },
  { re: /\bhills?\b/i, label: 'hills', kind: 'workout', weak: true },
  { re: /\b(track|repeats|vo2 ?max|vo2|speed ?work|cruise)\b/i, label: 'speed work', kind: 'workout' },
  { re: /\bprogression\b/i, label: 'progression', kind: 'workout' },
  { re: /\blong run\b/i, label: 'long run', kind: 'long' },
  { re: /\blong\b/i, label: 'long run', kind: 'long', weak: true },
];
const OFF_RE = /^\s*(rest|off|day off|rest day|no run)\b/i;
const EASY_RE = /\b(easy|recovery|jog|shake ?out|aerobic|base|steady|strides)\b/i;

// one cheap pre-filter: most titles ("Morning Run") contain no keyword at all
const ANY_HARD = /race|parkrun|trial|tt|interval|\d\s*[x×]\s*\d|tempo|threshold|lactate|lt|fartlek|hill|track|repeat|vo2|speed|cruise|progression|long/i;
const kwCache = new Map<string, Kw | null>();

/** "6x20s strides": repeats that are strides, i.e. part of an easy run. */
const STRIDES_RE = /\bstrides?\b/i;
const REPS_RE = /\b\d+\s*[x×]\s*\d+\s*(s|sec|secs|seconds|m)?\b/gi;

/** The first hard keyword found in `text`, if any (memoised: titles repeat a lot). */
export function hardKeyword(text: string | undefined): Kw | undefined {
  if (!text) return undefined;
  const hit = kwCache.get(text);
  if (hit !== undefined) return hit ?? undefined;
  let found: Kw | null = null;
  const t = STRIDES_RE.test(text) ? text.replace(REPS_RE, ' ') : text;
  if (ANY_HARD.test(t)) {
    for (const k of HARD_KEYWORDS) {
      if (k.re.test(t)) {
        found = k;
        break;
      }
    }
  }
  if (kwCache.size > 10_000) kwCache.clear();
  kwCache.set(text, found);
  return found ?? undefined;
}

/**
 * Classify an imported planned run by its title/description keywords:
 * race/interval/tempo/threshold/fartlek/hill/track/long → hard; rest/off → off;
 * anything else (easy, recovery, or no keyword) → easy.
 */
export function classifyPlannedRun(run: PlannedRun): { class: DayClass; evidence: string[] } {
  const text = run.description ? `${run.title} ${run.description}` : run.title;
  const k = hardKeyword(text);
  if (k) {
    const ev = k.kind === 'race' ? 'race' : k.kind === 'long' ? 'long run in title' : `workout: ${k.label} in title`;
    return { class: 'hard', evidence: [`planned: ${ev} ("${run.title}")`] };
  }
  if (OFF_RE.test(run.title)) return { class: 'off', evidence: [`planned: rest ("${run.title}")`] };
  const m = EASY_RE.exec(text);
  return {
    class: 'easy',
    evidence: [m ? `planned: easy run ("${run.title}")` : `planned run without intensity keyword ("${run.title}")`],
  };
}
