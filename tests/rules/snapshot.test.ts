/**
 * Output pin: planStrength over seeded, varied inputs must stay byte-for-byte identical
 * (taken before the planner speed work). Regenerate with
 * `npx tsx tests/rules/fixtures/write-snapshot.ts` only for an intended output change.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { computeSnapshot, type Snapshot } from './fixtures/snapshot';

const fixture = JSON.parse(readFileSync(join(__dirname, 'fixtures/planner-snapshot.json'), 'utf8')) as Snapshot;

describe('planner output snapshot', () => {
  const now = computeSnapshot();
  it('covers the varied cases', () => {
    expect(fixture.cases.length).toBeGreaterThanOrEqual(50);
    expect(fixture.bench.length).toBeGreaterThanOrEqual(300);
  });
  it.each(fixture.cases.map((c, k) => [k, c] as const))('case %i is unchanged', (k, c) => {
    expect(now.cases[k]).toEqual(c);
  });
  it('bench athletes are unchanged', () => {
    expect(now.bench).toEqual(fixture.bench);
  });
});
