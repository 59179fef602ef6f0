// `gradschool run --all`: every lesson in order, a table of times and claims, exit 1 when any lesson
// fails. Run in process on the lab's test lessons (one passes, one has a claim that always fails),
// then the real executable's argument checks.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { useTempDb } from '../lab/testing/temp-db.node.ts';
import { fixtureLesson } from '../lab/testing/fixture-lesson.ts';
import { seededLesson } from '../lab/testing/seeded-lesson.ts';
import { runAllCommand } from './commands/run-all.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const { dir } = useTempDb('gradschool-run-all-');

function buffer() {
  const chunks: string[] = [];
  return { out: { write: (s: string) => chunks.push(s) }, text: () => chunks.join('') };
}

const flags = { seed: 1, quick: true, claims: true, json: false };

test('run --all --json: one entry per lesson in order, with its claims counted and failures named', async () => {
  const b = buffer();
  const code = await runAllCommand({ ...flags, json: true }, { lessons: [seededLesson, fixtureLesson], out: b.out });
  assert.equal(code, 1, "the fixture lesson's 'wide' claim always fails, so the course fails");
  const report = JSON.parse(b.text());
  assert.deepEqual(report.lessons.map((l: { id: string }) => l.id), ['seeded-lesson', 'fixture-lesson']);
  const [seeded, fixture] = report.lessons;
  assert.deepEqual(seeded.claims, { passed: 4, total: 4 });
  assert.equal(seeded.exitCode, 0);
  assert.deepEqual(fixture.claims, { passed: 1, total: 2 });
  assert.deepEqual(fixture.failed, ['wide']);
  assert.equal(fixture.exitCode, 1);
  for (const l of report.lessons) assert.ok(l.seconds >= 0 && l.seconds <= report.totalSeconds, `${l.id}: its time lies within the total`);
});

test('run --all prints a line per lesson as it finishes, then the table and the count passed', async () => {
  const b = buffer();
  const code = await runAllCommand(flags, { lessons: [seededLesson], out: b.out });
  assert.equal(code, 0);
  const text = b.text();
  assert.match(text, /98 seeded-lesson … [\d.]+s, claims 4\/4 passed/);
  assert.match(text, /lesson\s+time\s+claims\s+verdict/);
  assert.match(text, /1 of 1 lesson passed in /);
});

test('run --all --claim-seeds checks every lesson on the given seeds', async () => {
  const b = buffer();
  // seed-echo's x is the seed: seeds 10–12 break "x stays below 10" for three of its four claims.
  const code = await runAllCommand({ ...flags, json: true, claimSeeds: [10, 11, 12] }, { lessons: [seededLesson], out: b.out });
  assert.equal(code, 1);
  const [l] = JSON.parse(b.text()).lessons;
  assert.deepEqual(l.failed, ['aware', 'stale', 'plain']);
});

test('the executable refuses --all beside a lesson, --experiment or --set, and run with neither', () => {
  const run = (args: string[]) => spawnSync(process.execPath, ['cli/bin.mjs', 'run', ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, GRADSCHOOL_DB: join(dir, 'x.db') } });
  assert.match(run(['5', '--all']).stderr, /--all runs every lesson: give it or the lesson '5', not both/);
  assert.match(run(['--all', '--experiment', 'x']).stderr, /do not go with --all/);
  assert.match(run(['--all', '--set', 'a=1']).stderr, /do not go with --all/);
  const neither = run([]);
  assert.match(neither.stderr, /name a lesson \(id or number\), or give --all/);
  assert.equal(neither.status, 2);
});
