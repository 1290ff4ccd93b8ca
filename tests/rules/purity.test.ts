/** rules/ is a pure, web-standard library: no clock, no randomness, no Node APIs, no app imports. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULES } from '../../rules/index';

const ROOT = join(__dirname, '../../rules');
function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

describe('rules/ purity', () => {
  const sources = files(ROOT).map((f) => [f, readFileSync(f, 'utf8')] as const);
  it.each([
    ['Date.now()', /Date\.now\s*\(/],
    ['new Date() without argument', /new Date\(\s*\)/],
    ['Math.random', /Math\.random/],
    ['node: imports', /from ['"]node:/],
    ['process', /\bprocess\./],
    ['Buffer', /\bBuffer\b/],
    ['imports from src/ or integrations/', /from ['"](\.\.\/)+(src|integrations)\//],
  ])('has no %s', (_, re) => {
    for (const [f, src] of sources) expect(re.test(src), f).toBe(false);
  });
  it('README documents every rule id with its source', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    for (const r of Object.values(RULES)) {
      expect(readme).toContain(`| ${r.id} |`);
      expect(readme).toContain(r.source);
    }
  });
});
