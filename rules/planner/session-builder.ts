/**
 * Turns a dose (what the rules decided) into a concrete exercise list that fits the time
 * budget. Pure data in, data out.
 */
import { type ExerciseDef, exerciseById, hasEquipment } from '../catalog/exercises';
import type { Exercise } from '../types';
import { INJURY_AREAS } from '../vocabulary';
import { ACTIVATION_SLOTS } from './rules/activation-first';
import { PROGRAMME, type Slot, } from './rules/goal-emphasis';
import type { Dose, BuiltSession } from './model';

export type { Dose, BuiltSession };


export function baseDose(o: Pick<Dose, 'emphasis' | 'variant' | 'equipment' | 'maxMinutes' | 'offSeason'> & { baseSets: number; rir: number }): Dose {
  // every field written out (an object spread per session is measurably slower)
  return {
    kind: 'strength',
    setsDelta: 0,
    setsFactor: 1,
    maxSets: 4,
    noPlyo: false,
    noHeavy: false,
    bodyweightFirst: false,
    lightOnly: false,
    returnReps: false,
    simplest: false,
    progressStep: 0,
    lighterLoad: false,
    emphasis: o.emphasis,
    variant: o.variant,
    equipment: o.equipment,
    maxMinutes: o.maxMinutes,
    offSeason: o.offSeason,
    baseSets: o.baseSets,
    rir: o.rir,
  };
}

const TRANSITION_S = 20;

function allowed(def: ExerciseDef, dose: Dose): boolean {
  if (!hasEquipment(dose.equipment, def.equipment)) return false;
  if (dose.avoid && def.regions.includes(dose.avoid)) return false;
  if (dose.noPlyo && def.plyometric) return false;
  if ((dose.noHeavy || dose.bodyweightFirst || dose.lightOnly || dose.kind === 'circuit') && def.heavy) return false;
  if (dose.bodyweightFirst && def.equipment !== 'bodyweight' && def.equipment !== 'bands') return false;
  return true;
}

/**
 * The exercise for a slot: the first candidate (or its regression chain) the runner may do;
 * the simplest allowed candidate when `simplest`. Plyometric blocks are dropped, not
 * regressed, when plyometrics are off (nothing new in a reduced session).
 */
function pick(ids: readonly string[], dose: Dose, used: Set<string>, regress: boolean): ExerciseDef | undefined {
  if (dose.simplest) {
    for (let k = ids.length - 1; k >= 0; k--) {
      const def = exerciseById.get(ids[k] as string);
      if (def && allowed(def, dose) && !used.has(def.id)) return def;
    }
    return undefined;
  }
  // the best listed variant first; regressions only when none of them is possible
  for (const id of ids) {
    const def = exerciseById.get(id);
    if (def && allowed(def, dose) && !used.has(def.id)) return def;
  }
  if (!regress) return undefined;
  for (const id of ids) {
    let def = exerciseById.get(id);
    for (let guard = 0; def && guard < 5; guard++) {
      if (allowed(def, dose)) {
        if (!used.has(def.id)) return def;
        break;
      }
      if (dose.avoid && def.regions.includes(dose.avoid)) break;
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
  keep: boolean;
  /** the block whose rests this exercise fills */
  partner?: Item;
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
  // small hip accessories recover fast
  if (!item.def.heavy && (item.def.id === 'side_lying_hip_abduction' || item.def.role === 'stability')) return 30;
  return 45;
}

function repsFor(item: Item, dose: Dose): number | undefined {
  const r = item.def.reps;
  if (r === undefined) return undefined;
  if (item.activation) return r;
  if (dose.returnReps) return Math.min(10, Math.max(8, r));
  if (item.def.heavy) return dose.offSeason ? 5 : 6;
  if (dose.progressStep >= 1 && !item.def.plyometric) return Math.min(15, r + 2);
  return r;
}

function itemSeconds(item: Item, dose: Dose): number {
  const work = item.sets * workSeconds(item.def, repsFor(item, dose));
  // a superset fills its partner's rests: it costs its work time only
  return item.partner ? work + TRANSITION_S / 2 : work + item.sets * restFor(item, dose) + TRANSITION_S;
}

function loadText(item: Item, dose: Dose, reps: number | undefined): string | undefined {
  if (item.activation) return item.def.equipment === 'bands' ? 'light band' : 'bodyweight';
  const eq = item.def.equipment;
  if (eq === 'bodyweight') return 'bodyweight';
  if (eq === 'bands') return 'band';
  if (dose.lightOnly || dose.lighterLoad) return 'light weight, lighter than usual';
  const more = dose.progressStep >= 2 ? ' (a little more than last time)' : '';
  if (item.def.heavy && reps !== undefined) return `heavy: a weight you could lift about ${reps + dose.rir} times${more}`;
  return `${dose.offSeason ? 'challenging weight' : 'moderate weight'}${more}`;
}


export function mainSets(dose: Dose): number {
  if (dose.fixedSets !== undefined) return dose.fixedSets;
  const s = Math.ceil((dose.baseSets + dose.setsDelta) * dose.setsFactor);
  return Math.max(1, Math.min(dose.maxSets, s));
}

const INJURY_EXTRA: readonly Slot[] = [
  { role: 'upper', ids: ['dumbbell_row', 'band_row', 'prone_y_raise'], priority: 8 },
  { role: 'upper', ids: ['db_floor_press', 'push_up'], priority: 8 },
  { role: 'calf', ids: ['seated_db_calf_raise'], priority: 8 },
  { role: 'core', ids: ['front_plank', 'bird_dog', 'dead_bug'], priority: 8 },
];

function totalSeconds(items: readonly Item[], dose: Dose): number {
  let s = 0;
  for (const it of items) s += itemSeconds(it, dose);
  return s;
}

// Built sessions are memoised (doses repeat a lot across athletes) and shared between plans:
// they are frozen, and nothing downstream changes a planned session's exercises.
// Cache: equipment list → (every other dose field buildSession reads, packed into a number) → session.
const byEquipment = new Map<string, Map<number, BuiltSession>>();
// the athlete's equipment list is the same array for every session of a plan
const equipmentCaches = new WeakMap<readonly string[], Map<number, BuiltSession>>();

function cacheFor(eq: readonly string[]): Map<number, BuiltSession> {
  let cache = equipmentCaches.get(eq);
  if (cache === undefined) {
    const name = eq.join(',');
    cache = byEquipment.get(name);
    if (cache === undefined) {
      if (byEquipment.size >= 256) byEquipment.clear();
      cache = new Map();
      byEquipment.set(name, cache);
    }
    equipmentCaches.set(eq, cache);
  }
  return cache;
}

const KINDS: readonly Dose['kind'][] = ['strength', 'mobility', 'circuit'];
const EMPHASES: readonly Dose['emphasis'][] = ['general', 'power', 'trail'];

/** key * 16 + digit; NaN when the digit is not a whole number in [0, 16) (NaN then stays NaN). */
function pack(key: number, digit: number): number {
  return Number.isInteger(digit) && digit >= 0 && digit < 16 ? key * 16 + digit : Number.NaN;
}

/** Every dose field buildSession reads but the equipment, as one number; NaN: not cacheable. */
function doseKey(d: Dose): number {
  const flags =
    (d.noPlyo ? 1 : 0) | (d.noHeavy ? 2 : 0) | (d.bodyweightFirst ? 4 : 0) | (d.lightOnly ? 8 : 0) | (d.returnReps ? 16 : 0) | (d.simplest ? 32 : 0) | (d.lighterLoad ? 64 : 0) | (d.offSeason ? 128 : 0);
  let key = Number.isInteger(d.maxMinutes) && d.maxMinutes >= 0 && d.maxMinutes < 4096 ? d.maxMinutes * 256 + flags : Number.NaN;
  key = pack(key, KINDS.indexOf(d.kind));
  key = pack(key, EMPHASES.indexOf(d.emphasis));
  key = pack(key, d.variant === 'A' ? 0 : 1);
  key = pack(key, d.avoid === undefined ? 0 : INJURY_AREAS.indexOf(d.avoid) + 1);
  key = pack(key, mainSets(d));
  key = pack(key, d.rir);
  return pack(key, d.progressStep);
}

export function buildSession(dose: Dose): BuiltSession {
  const key = doseKey(dose);
  if (Number.isNaN(key)) return buildUncached(dose);
  const cache = cacheFor(dose.equipment);
  let built = cache.get(key);
  if (built === undefined) {
    built = buildUncached(dose);
    if (cache.size >= 4096) cache.clear();
    cache.set(key, built);
  }
  return built;
}

function buildUncached(dose: Dose): BuiltSession {
  const used = new Set<string>();
  const items: Item[] = [];
  const actSets = dose.kind === 'mobility' ? 2 : 1;
  for (const slot of ACTIVATION_SLOTS) {
    const def = pick(slot, { ...dose, simplest: false }, used, true);
    if (!def) continue;
    used.add(def.id);
    items.push({ def, sets: actSets, activation: true, priority: -1, keep: true });
  }
  const sets = mainSets(dose);
  if (dose.kind === 'mobility') {
    // race-week activation: the activation block plus core the runner already knows
    for (const ids of [['side_plank', 'dead_bug'], ['front_plank', 'bird_dog']] as const) {
      const def = pick(ids, dose, used, true);
      if (!def) continue;
      used.add(def.id);
      items.push({ def, sets: Math.min(2, sets), activation: false, priority: 0, keep: true });
    }
  } else {
    const slots = dose.kind === 'circuit' ? [...PROGRAMME[dose.emphasis][dose.variant], ...INJURY_EXTRA] : PROGRAMME[dose.emphasis][dose.variant];
    let lastMain: Item | undefined;
    for (const slot of slots) {
      const def = pick(slot.ids, dose, used, slot.role !== 'power');
      if (!def) continue;
      used.add(def.id);
      const item: Item = { def, sets, activation: false, priority: slot.priority, keep: slot.keep === true };
      if (slot.superset && lastMain && dose.kind !== 'circuit') item.partner = lastMain;
      else lastMain = item;
      items.push(item);
    }
  }

  // R4: fit the time budget. Drop the lowest-priority blocks that are not kept (R6 keeps
  // calf, hip, the main pattern and upper body), then trim sets, last block first.
  const budget = dose.maxMinutes * 60;
  while (totalSeconds(items, dose) > budget) {
    let worst: Item | undefined;
    for (const it of items) if (!it.activation && !it.keep && (!worst || it.priority > worst.priority)) worst = it;
    if (!worst) break;
    const gone = worst;
    items.splice(items.indexOf(gone), 1);
    for (const it of items) if (it.partner === gone) it.partner = undefined;
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
    const ex: Exercise = { name: it.def.name, sets: it.sets, restSec: it.partner ? 0 : restFor(it, dose) };
    if (reps !== undefined) ex.reps = reps;
    else ex.seconds = dose.returnReps && !it.activation ? Math.min(it.def.seconds ?? 30, 30) : (it.def.seconds ?? 30);
    const lt = loadText(it, dose, reps);
    if (lt !== undefined) ex.load = lt;
    if (!it.activation && !it.def.plyometric && reps !== undefined) ex.rir = dose.rir;
    if (it.partner) ex.supersetWith = it.partner.def.name;
    ex.cue = it.def.cue;
    return ex;
  });
  for (const ex of exercises) Object.freeze(ex);
  return Object.freeze({ exercises: Object.freeze(exercises) as Exercise[], durationMin: Math.max(1, Math.ceil(totalSeconds(items, dose) / 60)) });
}
