import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** dpdm over the application, the integrations and the rules library, type-only imports included. */
function circularReport(): string {
  return execFileSync(
    process.execPath,
    [`${root}node_modules/dpdm/lib/bin/dpdm.js`, '--no-warning', '--no-tree', '--no-progress', 'src/**/*.ts', 'integrations/**/*.ts', 'rules/**/*.ts'],
    { cwd: root, encoding: 'utf8' },
  );
}

describe('the import graph', () => {
  it('has no cycle, type-only imports included', () => {
    const report = circularReport();
    expect(report).toContain('Circular Dependencies');
    const cycles = report.split('\n').filter((line) => /^\s*\d+\)\s/.test(line));
    expect(cycles).toEqual([]);
  }, 60_000);
});
