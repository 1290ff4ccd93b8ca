/**
 * @module files/plan-options
 * Parsers for the `hardday plan` option values. Each throws commander's InvalidArgumentError
 * with a message that says what was wrong, so the command prints e.g.
 * `error: option '--race <spec>' argument '2026-13-01:10k' is invalid. …`.
 */
import { InvalidArgumentError } from 'commander';
import type { Equipment, InjuryArea } from '../../rules';
import { isCalendarDate, isValidTimeZone } from '../core/dates';
import { EQUIPMENT_VALUES, INJURY_AREA_VALUES, type RaceOption } from './offline-plan';

const NAMED_DISTANCES: Record<string, number> = {
  '5k': 5000,
  '10k': 10_000,
  half: 21_097.5,
  'half-marathon': 21_097.5,
  halfmarathon: 21_097.5,
  marathon: 42_195,
};

/** `5k`, `10k`, `half`, `marathon`, `21.1km`, `50k`, `10000`, `10000m` → metres. */
export function parseDistance(text: string): number {
  const t = text.trim().toLowerCase();
  const named = NAMED_DISTANCES[t];
  if (named !== undefined) return named;
  const match = /^(\d+(?:\.\d+)?)(km|k|m)?$/.exec(t);
  if (!match) throw new InvalidArgumentError(`distance "${text}" is not 5k, 10k, half, marathon, or a number of metres/km such as 21.1km`);
  const value = Number(match[1]);
  const metres = match[2] === 'km' || match[2] === 'k' ? value * 1000 : value;
  if (!(metres >= 100 && metres <= 1_000_000)) throw new InvalidArgumentError(`distance "${text}" is outside 100 m to 1000 km`);
  return metres;
}

export function parseDate(text: string): string {
  if (!isCalendarDate(text)) throw new InvalidArgumentError(`"${text}" is not a calendar date written YYYY-MM-DD`);
  return text;
}

/** `DATE:DISTANCE[:trail|road][:A|B|C]`. */
export function parseRace(text: string, previous: RaceOption[] = []): RaceOption[] {
  const [date = '', distance = '', ...rest] = text.split(':');
  if (!isCalendarDate(date)) throw new InvalidArgumentError(`race "${text}": "${date}" is not a date YYYY-MM-DD (expected DATE:DISTANCE[:trail][:A|B|C])`);
  if (distance === '') throw new InvalidArgumentError(`race "${text}": the distance is missing (expected DATE:DISTANCE[:trail][:A|B|C])`);
  let distanceM: number;
  try {
    distanceM = parseDistance(distance);
  } catch (error) {
    throw new InvalidArgumentError(`race "${text}": ${error instanceof Error ? error.message : String(error)}`);
  }
  const race: RaceOption = { date, distanceM, terrain: 'road', priority: 'A' };
  let terrainSet = false;
  let prioritySet = false;
  for (const part of rest) {
    const p = part.trim();
    if ((p.toLowerCase() === 'trail' || p.toLowerCase() === 'road') && !terrainSet) {
      race.terrain = p.toLowerCase() as RaceOption['terrain'];
      terrainSet = true;
    } else if (/^[ABC]$/i.test(p) && !prioritySet) {
      race.priority = p.toUpperCase() as RaceOption['priority'];
      prioritySet = true;
    } else {
      throw new InvalidArgumentError(`race "${text}": "${part}" is neither a terrain (trail, road) nor a priority (A, B, C), or repeats one`);
    }
  }
  return [...previous, race];
}

export function parseTimeZone(text: string): string {
  if (!isValidTimeZone(text)) throw new InvalidArgumentError(`"${text}" is not an IANA time zone such as Europe/Berlin`);
  return text;
}

export function parseSex(text: string): 'm' | 'f' {
  const t = text.trim().toLowerCase();
  if (t !== 'm' && t !== 'f') throw new InvalidArgumentError(`"${text}" is not m or f`);
  return t;
}

function bpmParser(label: string, min: number, max: number): (text: string) => number {
  return (text) => {
    const n = Number(text);
    if (!/^\d+$/.test(text.trim()) || n < min || n > max) throw new InvalidArgumentError(`${label} "${text}" is not a whole number of beats per minute from ${min} to ${max}`);
    return n;
  };
}
export const parseHrMax = bpmParser('max heart rate', 100, 250);
export const parseHrRest = bpmParser('resting heart rate', 25, 120);

export function parseEquipment(text: string): Equipment[] {
  const items = text.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
  const bad = items.filter((i) => !(EQUIPMENT_VALUES as readonly string[]).includes(i));
  if (items.length === 0 || bad.length > 0) throw new InvalidArgumentError(`equipment "${bad.join(',') || text}" is not in ${EQUIPMENT_VALUES.join(', ')} (comma-separated)`);
  return items as Equipment[];
}

export function parseInjury(text: string): InjuryArea {
  const t = text.trim().toLowerCase().replace(/[- ]/g, '_');
  if (!(INJURY_AREA_VALUES as readonly string[]).includes(t)) throw new InvalidArgumentError(`"${text}" is not an injury area (${INJURY_AREA_VALUES.join(', ')})`);
  return t as InjuryArea;
}
