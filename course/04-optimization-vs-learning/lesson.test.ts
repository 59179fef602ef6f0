// Lesson 04's tests: every claim holds on its seeds, each experiment's quick variant is
// deterministic for a seed (all but the wall-clock figure, which times this machine), cards grade
// real results, bad configs fail clearly, the front matter is well formed, and the facts that are
// true by construction (the 0-1 loss has zero gradient almost everywhere) are checked here as unit
// tests rather than claimed. Runs are shared through one cache so each distinct run happens once.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import lesson from './index.ts';
import { StoppedError, type Config, type ExperimentResult } from '../kit/index.ts';
import { nodeDataSource } from '../../lab/data-source.node.ts';
import { checkClaims, findExperiment, resolveConfig, runExperiment, runKey } from '../../lab/claims.ts';
import { manualSeed, noGrad, randn, randint, tensor, type Tensor } from '../../engine/index.ts';
import { zeroOneLoss } from './zero-one.ts';
import { accuracyAtLoss } from './batch-size.ts';
import { makeMlp } from './shared.ts';

const folder = '04-optimization-vs-learning';
const data = nodeDataSource();
const cache = new Map<string, ExperimentResult>();

async function cachedRun(experimentId: string, overrides: Partial<Config>, seed: number): Promise<ExperimentResult> {
  const exp = findExperiment(lesson, experimentId);
  const config = resolveConfig(exp, true, overrides);
  const key = runKey(lesson.id, exp.id, config, seed);
  if (!cache.has(key)) cache.set(key, await runExperiment(exp, config, seed, { data }));
  return cache.get(key)!;
}

test('every claim holds on its seeds', async () => {
  const results = await checkClaims(lesson, { data, cache });
  assert.equal(results.length, lesson.claims.length);
  assert.ok(results.length >= 4);
  for (const r of results) {
    assert.ok(r.passed, `claim '${r.id}' failed: value ${r.value}, expected ${r.expected}; ${r.detail ?? ''}`);
  }
});

test('each experiment’s quick variant is deterministic for a seed', async () => {
  // Wall-clock seconds differ from run to run by nature; everything else must repeat exactly.
  const timeless = (r: ExperimentResult) => r.figures.filter((f) => f.id !== 'wall-clock');
  for (const exp of lesson.experiments) {
    const first = await cachedRun(exp.id, {}, 1);
    const again = await runExperiment(exp, resolveConfig(exp, true), 1, { data });
    assert.deepEqual(again.metrics, first.metrics, `${exp.id}: two runs with seed 1 differ`);
    assert.deepEqual(timeless(again), timeless(first), `${exp.id}: figures differ between two runs with seed 1`);
  }
});

test('the 0-1 loss is the error rate, and its gradient is zero almost everywhere', () => {
  manualSeed(7);
  const logits = randn([200, 10]);
  const labels = randint(0, 10, [200]);
  const predicted = logits.argmax(1).toTypedArray();
  const y = labels.toTypedArray();
  let wrong = 0;
  for (let i = 0; i < 200; i++) if (predicted[i] !== y[i]) wrong++;
  assert.ok(Math.abs(zeroOneLoss(logits, labels).item() - wrong / 200) < 1e-6);
  assert.equal(zeroOneLoss(tensor([[2, 1, 0], [0, 1, 3]]), tensor([0, 1], { dtype: 'int32' })).item(), 0.5);

  // Autograd: the gradient through sign() is exactly 0 on every weight.
  const model = makeMlp(16);
  const x = randn([200, 784]);
  zeroOneLoss(model.forward(x), labels).backward();
  for (const p of model.parameters()) assert.equal(p.grad!.abs().max().item(), 0);

  // Finite differences: nudges of length 1e-4 along random unit directions of all the weights flip no
  // prediction, so the loss is flat there.
  const params = model.parameters();
  const start = params.map((p) => p.detach().clone());
  const lossAt = (dir: Tensor[], h: number) => noGrad(() => {
    params.forEach((p, i) => p.copy_(start[i]!.add(dir[i]!.mul(h))));
    return zeroOneLoss(model.forward(x), labels).item();
  });
  const base = lossAt(start.map((s) => s.mul(0)), 0);
  let flat = 0;
  for (let k = 0; k < 20; k++) {
    const raw = start.map((s) => randn(s.shape));
    const norm = Math.sqrt(raw.reduce((t, r) => t + r.pow(2).sum().item(), 0));
    const dir = raw.map((r) => r.div(norm)); // a unit direction in weight space
    if (lossAt(dir, 1e-4) === base && lossAt(dir, -1e-4) === base) flat++;
  }
  assert.ok(flat >= 18, `only ${flat} of 20 nudges left the 0-1 loss unchanged`);
});

test('accuracyAtLoss interpolates where the training loss first reaches a level', () => {
  const pts = [
    { epoch: 0, trainLoss: 2, testAccuracy: 0.1, seconds: 0 },
    { epoch: 1, trainLoss: 1, testAccuracy: 0.5, seconds: 0 },
    { epoch: 2, trainLoss: 0.5, testAccuracy: 0.7, seconds: 0 },
  ];
  assert.deepEqual(accuracyAtLoss(pts, 0.75), { accuracy: 0.6, epoch: 1.5 });
  assert.deepEqual(accuracyAtLoss(pts, 1), { accuracy: 0.5, epoch: 1 });
  assert.ok(Number.isNaN(accuracyAtLoss(pts, 0.1).accuracy));
});

test('cards are well formed and predict cards pick a valid choice from a real result', async () => {
  const ids = new Set(lesson.cards.map((c) => c.id));
  assert.equal(ids.size, lesson.cards.length, 'card ids must be unique');
  assert.ok(lesson.cards.length >= 6);
  assert.ok(lesson.cards.filter((c) => c.kind === 'recall').length >= 5);
  const predict = lesson.cards.filter((c) => c.kind === 'predict');
  assert.ok(predict.length >= 1 && predict.length <= 2);
  for (const card of predict) {
    if (card.kind !== 'predict') continue;
    const result = await cachedRun(card.experiment, card.config ?? {}, card.seed ?? 1);
    const choice = card.answer(result);
    assert.ok(Number.isInteger(choice) && choice >= 0 && choice < card.choices.length, `${card.id}: answer ${choice} is not an index into ${card.choices.length} choices`);
  }
});

test('bad configs are refused with an error naming the field', async () => {
  const bad: Array<[string, Partial<Config>, RegExp]> = [
    ['surrogate-vs-zero-one', { steps: -5 }, /'steps' must be an integer from/],
    ['surrogate-vs-zero-one', { lr: 0 }, /'lr' must be a number from/],
    ['full-vs-minibatch', { epochs: 2.5 }, /'epochs' must be an integer/],
    ['optimizer-race', { batchSize: 'big' }, /'batchSize' must be an integer/],
  ];
  for (const [id, overrides, message] of bad) {
    const exp = findExperiment(lesson, id);
    await assert.rejects(runExperiment(exp, resolveConfig(exp, true, overrides), 1, { data }), message);
  }
});

test('a stopped run throws StoppedError', async () => {
  for (const exp of lesson.experiments) {
    const stop = new AbortController();
    stop.abort();
    await assert.rejects(runExperiment(exp, resolveConfig(exp, true), 1, { data, signal: stop.signal }), StoppedError);
  }
});

test('lesson.md front matter matches the folder and the text has its sections', () => {
  const text = readFileSync(new URL('./lesson.md', import.meta.url), 'utf8');
  const match = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(text);
  assert.ok(match, 'lesson.md must open with front matter between --- lines');
  const front = parse(match[1]!);
  assert.equal(front.id, lesson.id);
  assert.equal(`${String(front.number).padStart(2, '0')}-${front.id}`, folder);
  assert.equal(typeof front.title, 'string');
  assert.ok(Array.isArray(front.questions) && front.questions.length >= 5);
  assert.ok(Array.isArray(front.glossary) && front.glossary.every((g: { term?: unknown; definition?: unknown }) => typeof g.term === 'string' && typeof g.definition === 'string'));
  assert.deepEqual(front.prerequisites, ['how-networks-learn']);
  const body = match[2]!;
  for (const heading of ['## Short answer', '## The deeper answer', '## Try this']) assert.ok(body.includes(heading), `missing '${heading}'`);
  const words = body.split(/\s+/).filter(Boolean).length;
  assert.ok(words >= 600 && words <= 2500, `lesson body has ${words} words`);
});
