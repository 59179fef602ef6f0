// Lesson 08's tests: every claim holds on its seeds, every experiment's quick variant is
// deterministic, predict cards grade real results, bad configs fail clearly, and the text's front
// matter is well formed. Runs are shared through one cache so each distinct run happens once.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import lesson from './index.ts';
import { manualSeed, nn, zeros } from '../../engine/index.ts';
import { StoppedError, type Config, type ExperimentResult } from '../kit/index.ts';
import { nodeDataSource } from '../../lab/data-source.node.ts';
import { checkClaims, findExperiment, resolveConfig, runExperiment, runKey } from '../../lab/claims.ts';

const folder = '08-initialization';
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
  for (const r of results) {
    assert.ok(r.passed, `claim '${r.id}' failed: value ${r.value}, expected ${r.expected}; ${r.detail ?? ''}`);
  }
});

test('each experiment’s quick variant is deterministic for a seed', async () => {
  for (const exp of lesson.experiments) {
    const first = await cachedRun(exp.id, {}, 1);
    const again = await runExperiment(exp, resolveConfig(exp, true), 1, { data });
    assert.deepEqual(again.metrics, first.metrics, `${exp.id}: two runs with seed 1 differ`);
    assert.deepEqual(again.figures, first.figures, `${exp.id}: figures differ between two runs with seed 1`);
  }
});

test('predict cards pick a valid choice from a real result', async () => {
  const predict = lesson.cards.filter((c) => c.kind === 'predict');
  assert.ok(predict.length >= 1 && predict.length <= 2);
  for (const card of predict) {
    if (card.kind !== 'predict') continue;
    const result = await cachedRun(card.experiment, card.config ?? {}, card.seed ?? 1);
    const choice = card.answer(result);
    assert.ok(Number.isInteger(choice) && choice >= 0 && choice < card.choices.length, `${card.id}: answer ${choice} is not an index into ${card.choices.length} choices`);
  }
  assert.ok(lesson.cards.filter((c) => c.kind === 'recall').length >= 5);
});

test('bad configs are refused with an error naming the field', async () => {
  const bad: Array<[string, Partial<Config>, RegExp]> = [
    ['symmetry', { activation: 'gelu' }, /'activation' must be one of tanh, relu, sigmoid/],
    ['symmetry', { hidden: 1 }, /'hidden' must be an integer from 2 to 256/],
    ['depth', { width: 2.5 }, /'width' must be an integer/],
    ['deep-training', { lr: 0 }, /'lr' must be a number from/],
  ];
  for (const [id, overrides, message] of bad) {
    const exp = findExperiment(lesson, id);
    await assert.rejects(runExperiment(exp, resolveConfig(exp, true, overrides), 1, { data }), message);
  }
});

test('a stopped run throws StoppedError', async () => {
  const exp = findExperiment(lesson, 'depth');
  const stop = new AbortController();
  stop.abort();
  await assert.rejects(runExperiment(exp, resolveConfig(exp, true), 1, { data, signal: stop.signal }), StoppedError);
});

// Certain by construction, so unit tests rather than claims: the symmetric starts stay exactly
// symmetric under every activation (the engine's kernels compute identical units identically).
test('zero and constant starts keep one distinct hidden unit with tanh, ReLU and sigmoid', async () => {
  const exp = findExperiment(lesson, 'symmetry');
  for (const activation of ['tanh', 'relu', 'sigmoid']) {
    const r = await runExperiment(exp, resolveConfig(exp, true, { activation, steps: 30, trainSize: 500, testSize: 200 }), 4, { data });
    assert.equal(r.metrics['zero.distinctUnits'], 1, `${activation}: zero start`);
    assert.equal(r.metrics['constant.distinctUnits'], 1, `${activation}: constant start`);
    assert.equal(r.metrics['random.distinctUnits'], 32, `${activation}: random start`);
    if (activation !== 'sigmoid') assert.equal(r.metrics['zero.spread'], 0, `${activation}: hidden weights of the zero start got no gradient`);
  }
});

test('nn.init draws Xavier and He at the variances the text derives', () => {
  manualSeed(7);
  const w = zeros([400, 600]);
  nn.init.xavierNormal_(w);
  assert.ok(Math.abs(w.var().item() / (2 / (600 + 400)) - 1) < 0.02);
  nn.init.kaimingNormal_(w, { nonlinearity: 'relu' });
  assert.ok(Math.abs(w.var().item() / (2 / 600) - 1) < 0.02);
  nn.init.xavierUniform_(w);
  assert.ok(Math.abs(w.abs().max().item() / Math.sqrt(6 / 1000) - 1) < 0.01);
});

test('lesson.md front matter matches the folder and the text has its sections', () => {
  const text = readFileSync(new URL('./lesson.md', import.meta.url), 'utf8');
  const match = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(text);
  assert.ok(match, 'lesson.md must open with front matter between --- lines');
  const front = parse(match[1]!);
  assert.equal(front.id, lesson.id);
  assert.equal(`${String(front.number).padStart(2, '0')}-${front.id}`, folder);
  assert.equal(typeof front.title, 'string');
  assert.ok(Array.isArray(front.questions) && front.questions.length >= 3);
  assert.ok(Array.isArray(front.glossary) && front.glossary.every((g: { term?: unknown; definition?: unknown }) => typeof g.term === 'string' && typeof g.definition === 'string'));
  assert.deepEqual(front.prerequisites, ['how-networks-learn', 'activations-and-vanishing-gradients']);
  const body = match[2]!;
  for (const heading of ['## Short answer', '## The deeper answer', '## Try this']) assert.ok(body.includes(heading), `missing '${heading}'`);
  const words = body.split(/\s+/).filter(Boolean).length;
  assert.ok(words >= 500 && words <= 1500, `lesson body has ${words} words`);
});
