// Claims on seeds other than their own: the runs use exactly the seeds given, each verdict names
// them, a detail that would misname them is replaced, sweeps summarize values by seed and by triple,
// and the run schema and the API keep a verdict's seeds. Values are worked out by hand from x = seed.

import { test, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DataSource } from '../course/kit/index.ts';
import { range, sweepClaim } from './claim-sweep.ts';
import { checkClaim, checkClaims, checkSeedList, misnamesSeeds } from './claims.ts';
import { newRunSchema } from './runs.ts';
import { serve } from './server/listen.node.ts';
import { fixtureLesson, fixtureModule } from './testing/fixture-lesson.ts';
import { postJson, request } from './testing/http-client.node.ts';
import { seededClaims, seededModule, seedsRun } from './testing/seeded-lesson.ts';

const data = {} as DataSource; // the test lessons read no dataset
const claim = (id: string) => seededClaims.find((c) => c.id === id)!;
beforeEach(() => {
  seedsRun.length = 0;
});

test("a claim runs on its own seeds unless others are given, and its verdict names the seeds used", async () => {
  const own = await checkClaim(seededModule, claim('aware'), { data });
  assert.deepEqual(own.seeds, [1, 2, 3]);
  assert.deepEqual(seedsRun, [1, 2, 3]);
  assert.equal(own.value, 2); // mean of 1, 2, 3
  assert.equal(own.detail, 'x seed 1: 1, seed 2: 2, seed 3: 3');

  seedsRun.length = 0;
  const given = await checkClaim(seededModule, claim('aware'), { data, seeds: [11, 4, 7, 5] });
  assert.deepEqual(given.seeds, [11, 4, 7, 5]);
  assert.deepEqual(seedsRun, [11, 4, 7, 5], 'the runs used exactly the given seeds, in order');
  assert.equal(given.value, 27 / 4);
  assert.equal(given.passed, false, 'x = 11 is not below 10');
  assert.equal(given.detail, 'x seed 11: 11, seed 4: 4, seed 7: 7, seed 5: 5');
});

test("a detail labelled with the claim's own seeds is replaced by each seed's value alone; others are kept", async () => {
  const stale = await checkClaim(seededModule, claim('stale'), { data, seeds: [4, 11, 6] });
  assert.equal(stale.value, 7);
  assert.equal(stale.detail, 'value on each seed alone (✗: fails alone): seed 4: 4, seed 11: 11 ✗, seed 6: 6');
  const onOwn = await checkClaim(seededModule, claim('stale'), { data });
  assert.equal(onOwn.detail, 'x seed 1: 1, seed 2: 2, seed 3: 3', 'on its own seeds the lesson\'s detail is right and kept');
  const plain = await checkClaim(seededModule, claim('plain'), { data, seeds: [4, 11, 6] });
  assert.equal(plain.detail, 'largest x 11');
  const together = await checkClaim(seededModule, claim('three-at-once'), { data, seeds: [4, 5, 6] });
  assert.equal(together.passed, true);
  assert.equal(together.detail, 'value on each seed alone (✗: fails alone): seed 4: –, seed 5: –, seed 6: –', 'no value alone when the check needs three runs');

  assert.equal(misnamesSeeds('seed 1: 0.5, seed 2: 0.6', [1, 2, 3]), false);
  assert.equal(misnamesSeeds('seed 1: 0.5, seed undefined: 0.6', [1, 2, 3]), true);
  assert.equal(misnamesSeeds('on seeds 1, 2 and 3', [4, 5, 6]), true);
  assert.equal(misnamesSeeds('the seeds differ; seed 4 leads', [4, 5, 6]), false, 'only numbers after "seed" are read as seeds');
  assert.equal(misnamesSeeds(undefined, [1]), false);
});

test('a seed list must hold at least 3 distinct whole seeds', async () => {
  assert.throws(() => checkSeedList([1, 2]), /at least 3 seeds.*got 2: 1, 2/);
  assert.throws(() => checkSeedList([1, 2, 2]), /seed 2 is listed twice/);
  assert.throws(() => checkSeedList([1, 2, -3]), /whole numbers ≥ 0, got -3/);
  assert.throws(() => checkSeedList([1, 2, 2.5]), /got 2.5/);
  await assert.rejects(checkClaim(seededModule, claim('aware'), { data, seeds: [4, 5] }), /at least 3 seeds/);
  assert.deepEqual(seedsRun, [], 'nothing ran');
});

test("checkClaims gives every claim of the fixture lesson the given seeds, sharing runs between them", async () => {
  const verdicts = await checkClaims(fixtureModule, { data, seeds: [4, 5, 6, 7] });
  assert.deepEqual(verdicts.map((v) => [v.id, v.seeds]), [['small-loss', [4, 5, 6, 7]], ['wide', [4, 5, 6, 7]]]);
  assert.equal(verdicts[0]!.value, 4, "small-loss's value is the number of runs its check received");
  const cache = new Map();
  await checkClaims(seededModule, { data, seeds: [8, 9, 10], cache });
  assert.deepEqual(seedsRun, [8, 9, 10], 'four claims on one config: three runs');
});

test('a sweep checks each seed alone and each triple in order, with min / median / max of both', async () => {
  const seeds = [1, 2, 3, 4, 5, 11, 6, 7, 8, 9];
  const s = await sweepClaim(seededModule, claim('stale'), seeds, { data });
  assert.deepEqual(seedsRun, seeds, 'one run per seed');
  assert.deepEqual(s.perSeed.map((p) => [p.seed, p.value, p.passed]), seeds.map((x) => [x, x, x < 10]));
  // Sorted per-seed values 1…9, 11: the median of ten is the mean of the 5th and 6th.
  assert.deepEqual(s.seedRange, { min: 1, median: 5.5, max: 11 });
  assert.deepEqual(s.triples, [
    { seeds: [1, 2, 3], passed: true, value: 2 },
    { seeds: [4, 5, 11], passed: false, value: 20 / 3 },
    { seeds: [6, 7, 8], passed: true, value: 7 },
  ]);
  assert.deepEqual(s.tripleRange, { min: 2, median: 20 / 3, max: 7 });
  assert.deepEqual(s.leftOver, [9]);
  assert.equal(s.expected, 'every x < 10');

  seedsRun.length = 0;
  const cache = new Map();
  await sweepClaim(seededModule, claim('aware'), [1, 2, 3], { data }, cache);
  const together = await sweepClaim(seededModule, claim('three-at-once'), [1, 2, 3], { data }, cache);
  assert.deepEqual(seedsRun, [1, 2, 3], 'claims of one config share the sweep\'s runs');
  assert.deepEqual(together.perSeed.map((p) => p.value), [null, null, null]);
  assert.equal(together.seedRange, null);
  await assert.rejects(sweepClaim(seededModule, claim('aware'), [1, 2], { data }), /at least 3 seeds/);
});

test('range ignores missing and non-finite values and takes the middle of an odd count', () => {
  assert.deepEqual(range([3, null, 1, NaN, 2, Infinity]), { min: 1, median: 2, max: 3 });
  assert.equal(range([null, NaN]), null);
});

test("a run's verdicts keep their seeds through the schema and the API; verdicts without seeds still save", async () => {
  const verdict = { id: 'small-loss', text: 't', passed: true, value: 1, expected: 'e', seeds: [11, 12, 13] };
  const run = { lesson: 'fixture-lesson', experiment: 'toy', source: 'web', seed: 7, quick: true, config: {}, status: 'completed', seconds: 1, metrics: {}, figures: [], progress: [], claims: [verdict] };
  assert.deepEqual(newRunSchema.parse(run).claims[0]!.seeds, [11, 12, 13]);
  for (const seeds of [[1.5], [-1], []]) assert.throws(() => newRunSchema.parse({ ...run, claims: [{ ...verdict, seeds }] }), /seeds/);

  const dir = mkdtempSync(join(tmpdir(), 'gradschool-seeds-'));
  const server = await serve([fixtureLesson], { port: 0, dbPath: join(dir, 'lab.db'), webRoot: join(dir, 'no-web') });
  try {
    const saved = await postJson(server.port, '/api/runs', run);
    assert.equal(saved.status, 201, saved.text);
    const back = (await request(server.port, 'GET', `/api/runs/${saved.json().id}`)).json();
    assert.equal(back.seed, 7, "the run's own seed");
    assert.deepEqual(back.claims[0].seeds, [11, 12, 13], "the verdict's seeds, apart from it");
    const { seeds: _, ...old } = verdict;
    const older = await postJson(server.port, '/api/runs', { ...run, claims: [old] });
    assert.equal(older.status, 201, older.text);
    assert.equal((await request(server.port, 'GET', `/api/runs/${older.json().id}`)).json().claims[0].seeds, undefined);
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
