/** The README a newcomer reads first: its tables render, and it names every command and setting. */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KNOWN_VARIABLES } from '../../src/core/config';
import { createProgram } from '../../src/platform/node/cli';

const README = readFileSync(join(resolve(import.meta.dirname, '../..'), 'README.md'), 'utf8');

describe('README', () => {
  it('has no table broken by a blank line (the rows after it would render as text)', () => {
    const lines = README.split('\n');
    const broken = lines.flatMap((line, i) => (line.trim() === '' && lines[i - 1]?.startsWith('|') && lines[i + 1]?.startsWith('|') ? [i + 1] : []));
    expect(broken).toEqual([]);
  });

  it('names every command of `hardday --help`', () => {
    const commands = createProgram({}).commands.map((c) => c.name());
    expect(commands.length).toBeGreaterThanOrEqual(4);
    for (const name of commands) expect(README).toContain(`npx hardday ${name}`);
  });

  it('documents every setting, .env and DATA_DIR', () => {
    // `GARMIN_*_URL` and the like cover a family
    const families = [...README.matchAll(/`([A-Z]+_)\*(_[A-Z]+)?`/g)].map((m) => ({ prefix: m[1] ?? '', suffix: m[2] ?? '' }));
    const undocumented = KNOWN_VARIABLES.filter(
      (name) => !README.includes(`\`${name}\``) && !families.some((f) => name.startsWith(f.prefix) && name.endsWith(f.suffix)),
    );
    expect(undocumented).toEqual([]);
    expect(README).toContain('`.env`');
  });

  it('names the toolchain better-sqlite3 needs when it has to compile', () => {
    expect(README).toContain('apt-get install build-essential python3');
  });
});
