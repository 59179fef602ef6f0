// Claims on chosen seeds from the command line: `run --claim-seeds` and the `claims` sweep, run in
// process against the lab's test lessons (fast), then the real executable on lesson 05's quick
// claims. The runs' --seed and the claims' seeds must be reported apart.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { lessons as registry } from '../course/index.ts';
import { openStore } from '../lab/store.node.ts';
import { useTempDb } from '../lab/testing/temp-db.node.ts';
import { fixtureLesson } from '../lab/testing/fixture-lesson.ts';
import { seededLesson, seedsRun } from '../lab/testing/seeded-lesson.ts';
import { claimsCommand } from './commands/claims.ts';
import { runCommand } from './commands/run.ts';
import { parseSeedList } from './options.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const { db } = useTempDb('gradschool-claim-seeds-');

/** What a command printed to stdout. */
function buffer() {
  const chunks: string[] = [];
  return { out: { write: (s: string) => chunks.push(s) }, text: () => chunks.join('') };
}

function gradschool(args: string[]) {
  const r = spawnSync(process.execPath, ['cli/bin.mjs', ...args], { cwd: root, env: { ...process.env, GRADSCHOOL_DB: db, NO_COLOR: '1' }, input: '', encoding: 'utf8', timeout: 300_000 });
  if (r.error) throw r.error;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('seed lists take seeds and ranges, and refuse fewer than 3, repeats, reversed ranges and junk', () => {
  assert.deepEqual(parseSeedList('11,12,13', 'x'), [11, 12, 13]);
  assert.deepEqual(parseSeedList(' 1-4, 9 ', 'x'), [1, 2, 3, 4, 9]);
  assert.equal(parseSeedList('1-30', 'x').length, 30);
  assert.throws(() => parseSeedList('1,2', '--claim-seeds'), /--claim-seeds: a claim is checked over at least 3 seeds/);
  assert.throws(() => parseSeedList('1-3,3', 'x'), /seed 3 is listed twice/);
  assert.throws(() => parseSeedList('5-3,7', 'x'), /'5-3' ends before it starts/);
  assert.throws(() => parseSeedList('1,two,3', 'x'), /got 'two'/);
  assert.throws(() => parseSeedList('0-5000', 'x'), /more than 1000 seeds/);
});

test("run --claim-seeds --json: each claim names the given seeds; the run keeps its own --seed (fixture lesson)", async () => {
  const flags = { seed: 7, quick: true, set: [], claims: true, json: true };
  const given = buffer();
  const code = await runCommand('fixture-lesson', { ...flags, claimSeeds: [4, 5, 6, 7] }, { lessons: [fixtureLesson], out: given.out });
  const report = JSON.parse(given.text());
  assert.equal(code, 1, "the fixture's 'wide' claim always fails");
  assert.equal('seed' in report, false, 'no lone seed beside the claims');
  assert.deepEqual(report.claimSeeds, [4, 5, 6, 7]);
  assert.deepEqual(report.runs.map((r: { seed: number }) => r.seed), [7]);
  assert.deepEqual(report.claims.map((c: { id: string; seeds: number[] }) => [c.id, c.seeds]), [['small-loss', [4, 5, 6, 7]], ['wide', [4, 5, 6, 7]]]);
  assert.equal(report.claims[0].value, 4, 'the check received four runs');

  const own = buffer();
  await runCommand('fixture-lesson', flags, { lessons: [fixtureLesson], out: own.out });
  const plain = JSON.parse(own.text());
  assert.equal(plain.claimSeeds, null);
  assert.deepEqual(plain.claims.map((c: { seeds: number[] }) => c.seeds), [[1, 2, 3], [1, 2, 3]], "each claim's own seeds");

  const store = openStore(db);
  try {
    assert.deepEqual(store.getRun(report.runs[0].runId)!.claims.map((c) => c.seeds), [[4, 5, 6, 7], [4, 5, 6, 7]], 'the saved verdicts keep their seeds');
  } finally {
    store.close();
  }
});

test('run without --json prints the seeds on each claim line and says which seeds the claims use', async () => {
  const b = buffer();
  await runCommand('fixture-lesson', { seed: 7, quick: true, set: [], claims: true, claimSeeds: [20, 21, 22, 23, 24], json: false }, { lessons: [fixtureLesson], out: b.out });
  assert.match(b.text(), /\(runs on seed 7, quick\)/);
  assert.match(b.text(), /Checking 2 claims \(quick variant, seeds 20–24 for every claim\)/);
  assert.equal(b.text().match(/value \S+, expected \w+ · seeds 20–24\n/g)?.length, 2);
});

test('claims sweeps each claim: every seed alone, min / median / max, each triple (seed-echo lesson, x = seed)', async () => {
  seedsRun.length = 0;
  const b = buffer();
  const code = await claimsCommand('seeded-lesson', { seeds: [1, 2, 3, 4, 5, 11, 6], claims: ['stale'], json: false }, { lessons: [seededLesson], out: b.out });
  const text = b.text();
  assert.equal(code, 1, 'the triple 4, 5, 11 fails');
  assert.deepEqual(seedsRun, [1, 2, 3, 4, 5, 11, 6]);
  assert.match(text, /✗ 1 of 2 triples pass {2}stale \(seed-echo\)/);
  assert.match(text, /each seed alone \(✗: fails alone\): 1: 1, 2: 2, 3: 3, 4: 4, 5: 5, 11: 11 ✗, 6: 6\n/);
  assert.match(text, /over seeds: min 1 \(seed 1\) · median 4 · max 11 \(seed 11\)\n/);
  assert.match(text, /over triples: min 2 · median 4\.333 · max 6\.667\n/);
  assert.match(text, /triples: 1,2,3 ✓ 2 · 4,5,11 ✗ 6\.667\n/);
  assert.match(text, /left over: 6 \(not a whole triple/);

  const j = buffer();
  assert.equal(await claimsCommand('seeded-lesson', { seeds: [1, 2, 3], claims: [], json: true }, { lessons: [seededLesson], out: j.out }), 0);
  const report = JSON.parse(j.text());
  assert.deepEqual(report.seeds, [1, 2, 3]);
  assert.deepEqual(report.claims.map((c: { id: string; triples: unknown[] }) => [c.id, c.triples.length]), [['aware', 1], ['stale', 1], ['plain', 1], ['three-at-once', 1]]);
  assert.deepEqual(report.claims[0].seedRange, { min: 1, median: 2, max: 3 });
  await assert.rejects(claimsCommand('seeded-lesson', { seeds: [1, 2, 3], claims: ['nope'], json: true }, { lessons: [seededLesson] }), /no claim 'nope'; valid claims: aware, stale, plain, three-at-once/);
});

test('the executable refuses fewer than 3 claim seeds, and --claim-seeds with --no-claims, before loading the course', () => {
  const two = gradschool(['run', '5', '--quick', '--claim-seeds', '11,12']);
  assert.equal(two.code, 2);
  assert.match(two.stderr, /at least 3 seeds/);
  const both = gradschool(['run', '5', '--claim-seeds', '1-3', '--no-claims']);
  assert.equal(both.code, 2);
  assert.match(both.stderr, /give one of them/);
});

test("lesson 05's quick claims on seeds 4, 5, 6 (runs on --seed 7): every claim and every detail names only those seeds", () => {
  const r = gradschool(['run', 'softmax-vs-argmax', '--quick', '--json', '--seed', '7', '--claim-seeds', '4,5,6']);
  const report = JSON.parse(r.stdout);
  const lesson = registry.find((m) => m.id === 'softmax-vs-argmax')!;
  assert.deepEqual(report.claims.map((c: { id: string }) => c.id), lesson.claims.map((c) => c.id));
  assert.ok(report.runs.every((run: { seed: number }) => run.seed === 7), "the runs' own seed");
  for (const c of report.claims) {
    assert.deepEqual(c.seeds, [4, 5, 6], c.id);
    for (const m of (c.detail ?? '').matchAll(/\bseeds? (\d+|undefined)\b/g)) assert.ok(['4', '5', '6'].includes(m[1]!), `${c.id} detail names seed ${m[1]}: ${c.detail}`);
  }
  assert.ok(report.claims.some((c: { detail?: string }) => /seed 4: .*seed 5: .*seed 6: /.test(c.detail ?? '')), 'per-seed values are labelled with the seeds that ran');
  assert.equal(r.code, report.claims.every((c: { passed: boolean }) => c.passed) ? 0 : 1);

  const sweep = gradschool(['claims', '5', '--claim', 'naive-softmax-overflows', '--seeds', '1-6', '--json']);
  assert.equal(sweep.code, 0, sweep.stderr);
  const [swept] = JSON.parse(sweep.stdout).claims;
  assert.deepEqual(swept.perSeed.map((p: { seed: number }) => p.seed), [1, 2, 3, 4, 5, 6]);
  assert.deepEqual(swept.triples.map((t: { seeds: number[]; passed: boolean }) => [t.seeds, t.passed]), [[[1, 2, 3], true], [[4, 5, 6], true]]);
});
