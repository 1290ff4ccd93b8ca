/**
 * Turns a dose (what the rules decided) into a concrete exercise list that fits the time
 * budget. Pure data in, data out.
 */
import { type ExerciseDef, exerciseById, hasEquipment } from '../catalog/exercises';
import type { Equipment, Exercise, InjuryArea, PlannedSession } from '../types';
import { ACTIVATION_SLOTS } from './rules/activation-first';
import { type Emphasis, MAIN_SLOTS } from './rules/goal-emphasis';

export interface Dose {
  kind: PlannedSession['kind'];
  emphasis: Emphasis;
  equipment: readonly Equipment[];
  avoid?: InjuryArea;
  /** sets of main exercises before modifiers */
  baseSets: number;
  setsDelta: number;
  /** multiplicative (0.5 = half), smallest wins */
  setsFactor: number;
  /** fixed sets (maintenance) overrides the above */
  fixedSets?: number;
  maxSets: number;
  rir: number;
  noPlyo: boolean;
  noHeavy: boolean;
  /** bodyweight and bands only */
  bodyweightFirst: boolean;
  /** light weights only (return transition) */
  lightOnly: boolean;
  /** 8–10 reps (return mode) */
  returnReps: boolean;
  offSeason: boolean;
  maxMinutes: number;
}

const TRANSITION_S = 20;

function allowed(def: ExerciseDef, dose: Dose): boolean {
  if (!hasEquipment(dose.equipment, def.equipment)) return false;
  if (dose.noPlyo && def.plyometric) return false;
  if (dose.noHeavy && def.heavy) return false;
  if ((dose.bodyweightFirst || dose.kind === 'circuit') && def.equipment !== 'bodyweight' && def.equipment !== 'bands') {
    return false;
  }
  if ((dose.bodyweightFirst || dose.lightOnly || dose.kind === 'circuit') && def.heavy) return false;
  return true;
}

/** First candidate (or its regression chain) that passes the filters and is not used yet. */
function pick(ids: readonly string[], dose: Dose, used: Set<string>): ExerciseDef | undefined {
  for (const id of ids) {
    let def = exerciseById.get(id);
    let guard = 0;
    while (def && guard++ < 5) {
      if (dose.avoid && def.regions.includes(dose.avoid)) break;
      if (allowed(def, dose)) {
        if (!used.has(def.id)) return def;
        break;
      }
      def = def.regression ? exerciseById.get(def.regression) : undefined;
    }
  }
  return undefined;
}

interface Item {
  def: ExerciseDef;
  sets: number;
  activation: boolean;
  priority: number;
  role: string;
}

function workSeconds(def: ExerciseDef, reps: number | undefined): number {
  const w = reps !== undefined ? reps * 2.5 : (def.seconds ?? 30);
  return def.unilateral ? w * 2 : w;
}

function restFor(item: Item, dose: Dose): number {
  if (item.activation) return 15;
  if (dose.kind === 'circuit') return 20;
  if (item.def.heavy) return 90;
  if (item.def.plyometric) return 60;
  return 45;
}

function repsFor(item: Item, dose: Dose): number | undefined {
  const r = item.def.reps;
  if (r === undefined) return undefined;
  if (item.activation) return r;
  if (dose.returnReps) return Math.min(10, Math.max(8, r));
  if (item.def.heavy) return dose.offSeason ? 5 : 6;
  return r;
}

function itemSeconds(item: Item, dose: Dose): number {
  const reps = repsFor(item, dose);
  return item.sets * (workSeconds(item.def, reps) + restFor(item, dose)) + TRANSITION_S;
}

function loadText(item: Item, dose: Dose, reps: number | undefined): string | undefined {
  if (item.activation) return item.def.equipment === 'bands' ? 'light band' : 'bodyweight';
  const eq = item.def.equipment;
  if (eq === 'bodyweight') return 'bodyweight';
  if (eq === 'bands') return 'band';
  if (dose.lightOnly) return 'light weight';
  if (item.def.heavy && reps !== undefined) return `heavy: a weight you could lift about ${reps + dose.rir} times`;
  return dose.offSeason ? 'challenging weight' : 'moderate weight';
}

export interface BuiltSession {
  exercises: Exercise[];
  durationMin: number;
}

export function mainSets(dose: Dose): number {
  if (dose.fixedSets !== undefined) return dose.fixedSets;
  const s = Math.ceil((dose.baseSets + dose.setsDelta) * dose.setsFactor);
  return Math.max(1, Math.min(dose.maxSets, s));
}

// Memo of built sessions by everything buildSession reads from a dose (doses repeat a lot
// across athletes). Hits return fresh copies of the exercises, so callers own their result.
const builtCache = new Map<string, BuiltSession>();
const SEP = '\u0001';

function doseKey(dose: Dose): string {
  const flags =
    (dose.noPlyo ? 1 : 0) |
    (dose.noHeavy ? 2 : 0) |
    (dose.bodyweightFirst ? 4 : 0) |
    (dose.lightOnly ? 8 : 0) |
    (dose.returnReps ? 16 : 0) |
    (dose.offSeason ? 32 : 0);
  return `${dose.kind}${SEP}${dose.emphasis}${SEP}${dose.equipment.join(SEP)}${SEP}${dose.avoid ?? ''}${SEP}${mainSets(dose)}${SEP}${dose.rir}${SEP}${dose.maxMinutes}${SEP}${flags}`;
}

function copyExercise(e: Exercise): Exercise {
  return { ...e };
}

export function buildSession(dose: Dose): BuiltSession {
  const key = doseKey(dose);
  let built = builtCache.get(key);
  if (built === undefined) {
    built = buildUncached(dose);
    if (builtCache.size >= 4096) builtCache.clear();
    builtCache.set(key, built);
  }
  return { exercises: built.exercises.map(copyExercise), durationMin: built.durationMin };
}

function totalSeconds(items: readonly Item[], dose: Dose): number {
  let s = 0;
  for (const it of items) s += itemSeconds(it, dose);
  return s;
}

function buildUncached(dose: Dose): BuiltSession {
  const used = new Set<string>();
  const items: Item[] = [];
  const actSets = dose.kind === 'mobility' ? 2 : 1;
  for (const slot of ACTIVATION_SLOTS) {
    const def = pick(slot, dose, used);
    if (!def) continue;
    used.add(def.id);
    items.push({ def, sets: actSets, activation: true, priority: -1, role: 'activation' });
  }
  const sets = mainSets(dose);
  if (dose.kind === 'mobility') {
    // race-week activation: activation block plus core only
    for (const ids of [['dead_bug', 'bird_dog'], ['side_plank', 'front_plank', 'bird_dog']] as const) {
      const def = pick(ids, dose, used);
      if (!def) continue;
      used.add(def.id);
      items.push({ def, sets: Math.min(2, sets), activation: false, priority: 0, role: 'core' });
    }
  } else {
    for (const slot of MAIN_SLOTS[dose.emphasis]) {
      const def = pick(slot.ids, dose, used);
      if (!def) continue;
      used.add(def.id);
      items.push({ def, sets, activation: false, priority: slot.priority, role: slot.role });
    }
    if (dose.kind === 'circuit') {
      // keep the heart rate up: extra upper/core work that avoids the injured area
      for (const ids of [['dumbbell_row', 'band_row', 'prone_y_raise'], ['front_plank', 'bird_dog', 'dead_bug']] as const) {
        const def = pick(ids, dose, used);
        if (!def) continue;
        used.add(def.id);
        items.push({ def, sets, activation: false, priority: 7, role: def.role });
      }
    }
  }

  // R4: fit the time budget. Drop the lowest-priority main blocks (upper body kept for R6,
  // at least 3 main blocks kept), then trim sets, last block first.
  const budget = dose.maxMinutes * 60;
  while (totalSeconds(items, dose) > budget) {
    const main = items.filter((it) => !it.activation);
    if (main.length <= 3) break;
    let worst: Item | undefined;
    for (const it of main) if (it.role !== 'upper' && (!worst || it.priority > worst.priority)) worst = it;
    if (!worst) break;
    items.splice(items.indexOf(worst), 1);
  }
  let changed = true;
  while (totalSeconds(items, dose) > budget && changed) {
    changed = false;
    for (let i = items.length - 1; i >= 0 && totalSeconds(items, dose) > budget; i--) {
      const it = items[i] as Item;
      if (!it.activation && it.sets > 1) {
        it.sets--;
        changed = true;
      }
    }
  }

  const exercises: Exercise[] = items.map((it) => {
    const reps = repsFor(it, dose);
    const ex: Exercise = { name: it.def.name, sets: it.sets, restSec: restFor(it, dose) };
    if (reps !== undefined) ex.reps = reps;
    else ex.seconds = dose.returnReps && !it.activation ? Math.min(it.def.seconds ?? 30, 30) : (it.def.seconds ?? 30);
    const lt = loadText(it, dose, reps);
    if (lt !== undefined) ex.load = lt;
    if (!it.activation && !it.def.plyometric && reps !== undefined) ex.rir = dose.rir;
    ex.cue = it.def.cue;
    return ex;
  });
  return { exercises, durationMin: Math.max(1, Math.ceil(totalSeconds(items, dose) / 60)) };
}
