/** `hardday import`: files into the database for one runner, the summary, the replan, --help. */
import { afterEach, describe, expect, it } from 'vitest';
import { activitiesTable, credentialsTable, daysTable } from '../../src/db/schema';
import { createUser } from '../../src/db/repositories/users';
import { createImportCommand } from '../../src/files/import-command';
import type { FileInput } from '../../integrations/files';
import { makeTestRuntime, type TestRuntime } from '../helpers/runtime';
import { fitActivity, gpx, text, track } from './helpers';

let rt: TestRuntime | undefined;
afterEach(async () => {
  await rt?.dispose();
  rt = undefined;
});

function harness(runtime: TestRuntime, files: FileInput[]) {
  const out: string[] = [];
  const err: string[] = [];
  const command = createImportCommand(
    { openDeps: async () => ({ deps: runtime.deps, close() {} }), out: (l) => out.push(l) },
    { stdout: { write: (s: string) => out.push(s) }, stderr: { write: (s: string) => err.push(s) }, readInputs: () => files },
  )
    .exitOverride()
    .configureOutput({ writeOut: (s) => void out.push(s), writeErr: (s) => void err.push(s) });
  return { command, out, err };
}

const files = (): FileInput[] => [
  { name: 'a.fit', bytes: fitActivity({ start: '2026-11-18T06:30:00Z', durationS: 2700, distanceM: 9000, hr: 150, offsetMin: 60 }) },
  { name: 'b.gpx', bytes: text(gpx(track('2026-11-16T17:00:00Z', 400, 5, () => 140), { name: 'Evening run', type: 'running' })) },
  { name: 'a-again.fit', bytes: fitActivity({ start: '2026-11-18T06:30:00Z', durationS: 2700, distanceM: 9000, hr: 150, offsetMin: 60 }) },
  { name: 'broken.fit', bytes: fitActivity({ start: '2026-11-17T06:30:00Z', durationS: 2700, distanceM: 9000 }).subarray(0, 40) },
];

describe('hardday import', () => {
  it('imports into the only runner, prints imported/duplicates/skipped, and replans', async () => {
    rt = await makeTestRuntime();
    await createUser(rt.deps.db, { role: 'runner', timeZone: 'Europe/Berlin' });
    const h = harness(rt, files());
    await h.command.parseAsync(['folder/'], { from: 'user' });
    const printed = h.out.join('');
    expect(printed).toContain('imported: 2');
    expect(printed).toContain('duplicates: 1');
    expect(printed).toMatch(/skipped: 1\n {2}broken\.fit: .+/);
    expect(printed).not.toContain('broken.fit: broken.fit');
    expect(await rt.deps.db.select().from(activitiesTable)).toHaveLength(2);
    const days = await rt.deps.db.select().from(daysTable);
    expect(days.find((d) => d.date === '2026-11-18')?.activities).toHaveLength(1);
    expect(h.err.join('')).toMatch(/plan updated: \d+ sessions/);

    // again: everything is a duplicate now
    const again = harness(rt, files());
    await again.command.parseAsync(['folder/', '--json'], { from: 'user' });
    expect(JSON.parse(again.out.join(''))).toMatchObject({ imported: 0, duplicates: 3, skipped: [{ file: 'broken.fit' }] });
  });

  it('needs --athlete when there are several runners, and finds one by id', async () => {
    rt = await makeTestRuntime();
    const a = await createUser(rt.deps.db, { role: 'runner' });
    await createUser(rt.deps.db, { role: 'runner' });
    await expect(harness(rt, files()).command.parseAsync(['x'], { from: 'user' })).rejects.toThrow(/several accounts.*--athlete/);
    await expect(harness(rt, files()).command.parseAsync(['x', '--athlete', 'nobody@example.com'], { from: 'user' })).rejects.toThrow(/not found/i);
    const h = harness(rt, files());
    await h.command.parseAsync(['x', '--athlete', a.id], { from: 'user' });
    expect(h.out.join('')).toContain('imported: 2');
  });

  it('finds a runner by the email they signed up with, in any case', async () => {
    rt = await makeTestRuntime();
    const signUp = await rt.request('/api/auth/signup', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'Rita@Example.com', password: 'a long enough password' }) });
    expect(signUp.status).toBe(201);
    await createUser(rt.deps.db, { role: 'runner' });
    const h = harness(rt, files());
    await h.command.parseAsync(['x', '--athlete', ' RITA@example.com'], { from: 'user' });
    expect(h.out.join('')).toContain('imported: 2');
    const [credential] = await rt.deps.db.select().from(credentialsTable);
    expect((await rt.deps.db.select().from(activitiesTable)).map((a) => a.userId)).toEqual([credential?.userId, credential?.userId]);
  });

  it('has --help', async () => {
    rt = await makeTestRuntime();
    const h = harness(rt, []);
    await expect(h.command.parseAsync(['--help'], { from: 'user' })).rejects.toThrow();
    expect(h.out.join('')).toMatch(/Usage: import \[options\] <inputs\.\.\.>[\s\S]*--athlete <email\|id>/);
  });
});
