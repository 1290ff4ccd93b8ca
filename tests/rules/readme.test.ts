/** rules/README.md lists every rule exactly as its module defines it (trigger, action, reason, source). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULES } from '../../rules/index';
import { renderRulesTable, SESSION_RULES } from '../../rules/planner/registry';

const readme = readFileSync(join(__dirname, '../../rules/README.md'), 'utf8');

describe('rules/README.md', () => {
  it('holds the rules table generated from the rule modules (npx tsx tests/rules/fixtures/write-readme.ts)', () => {
    expect(readme).toContain(`<!-- rules:start -->\n${renderRulesTable()}\n<!-- rules:end -->`);
  });
  it('every rule has a trigger, an action, a reason and a source', () => {
    for (const r of Object.values(RULES)) for (const f of [r.trigger, r.action, r.reason, r.source]) expect(f.length, r.id).toBeGreaterThan(1);
  });
  it('every session rule is a module with a decision (shape or explain)', () => {
    for (const r of SESSION_RULES) expect(r.shape !== undefined || r.explain !== undefined, r.doc.id).toBe(true);
  });
});
