// Lesson 07's tests: every claim holds on its seeds, every experiment's quick variant is
// deterministic, predict cards grade real results, bad configs fail clearly, the formulas the text
// uses are right (unit tests, not claims), and the text's front matter is well formed.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import lesson from './index.ts';
import { StoppedError, type Config, type ExperimentResult } from '../kit/index.ts';
import { nodeDataSource } from '../../lab/data-source.node.ts';
import { checkClaims, findExperiment, resolveConfig, runExperiment, runKey } from '../../lab/claims.ts';
import { derivative } from './gradient-flow.ts';
import { activate, geometricFactor, type ActivationName } from './shared.ts';
import { allFinite, deadFractions } from './dead-relus.ts';
import { nn, noGrad, tensor, type NestedArray, type Tensor } from '../../engine/index.ts';

const fill_ = (t: Tensor, values: NestedArray) => noGrad(() => t.copy_(tensor(values)));

const folder = '07-activations-and-vanishing-gradients';
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
  assert.ok(predict.length >= 1 && predict.length <= 3);
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
    ['gradient-flow', { depth: 1 }, /'depth' must be an integer from 3 to 30/],
    ['depth-race', { steps: 2.5 }, /'steps' must be an integer/],
    ['dead-relus', { width: 'wide' }, /'width' must be an integer from/],
  ];
  for (const [id, overrides, message] of bad) {
    const exp = findExperiment(lesson, id);
    await assert.rejects(runExperiment(exp, resolveConfig(exp, true, overrides), 1, { data }), message);
  }
});

test('a stopped run throws StoppedError', async () => {
  const exp = findExperiment(lesson, 'gradient-flow');
  const stop = new AbortController();
  stop.abort();
  await assert.rejects(runExperiment(exp, resolveConfig(exp, true), 1, { data, signal: stop.signal }), StoppedError);
});

test('the derivatives the text quotes: sigmoid’s peak is 1/4 at 0, tanh’s is 1, and each matches autograd', () => {
  assert.equal(derivative('sigmoid', 0), 0.25);
  assert.equal(derivative('tanh', 0), 1);
  for (let z = -8; z <= 8; z += 0.01) assert.ok(derivative('sigmoid', z) <= 0.25 && derivative('sigmoid', z) > 0);
  // tanh(z) = 2σ(2z) − 1, so tanh′(z) = 4σ′(2z): the same shape, four times taller.
  for (const z of [-3, -0.5, 0.2, 2]) assert.ok(Math.abs(derivative('tanh', z) - 4 * derivative('sigmoid', 2 * z)) < 1e-12);
  const zs = [-3, -1.2, -0.3, 0.4, 1.7, 3];
  for (const name of ['sigmoid', 'tanh', 'relu', 'gelu'] as ActivationName[]) {
    const z = tensor(zs, { dtype: 'float64', requiresGrad: true });
    activate(name, z).sum().backward();
    const g = z.grad!.toTypedArray();
    zs.forEach((v, i) => assert.ok(Math.abs(Number(g[i]) - derivative(name, v)) < 1e-6, `${name}′(${v}): autograd ${g[i]} vs formula ${derivative(name, v)}`));
  }
});

test('GELU’s derivative is zero near z = −0.75 and negative below it: it is not “never zero”', () => {
  assert.ok(derivative('gelu', -0.7) > 0 && derivative('gelu', -0.8) < 0);
  assert.ok(derivative('gelu', -2) < 0 && Math.abs(derivative('gelu', -6)) < 1e-6);
});

test('geometricFactor reads the per-layer factor of an exact geometric sequence', () => {
  assert.ok(Math.abs(geometricFactor([0.25 ** 3, 0.25 ** 2, 0.25, 1]) - 0.25) < 1e-12);
});

test('dead units are counted on finite nets only; NaN weights read as not finite', () => {
  const model = new nn.Sequential(new nn.Linear(3, 4), new nn.ReLU(), new nn.Linear(4, 2));
  const first = model.get(0) as nn.Linear;
  fill_(first.weight, [[1, 0, 0], [-1, 0, 0], [0, 0, 0], [0, 1, 0]]);
  fill_(first.bias!, [0, 0, -1, 0]);
  // Unit 3 (weights 0, bias −1) is silent on every input; unit 2 fires on the negative first input.
  const x = tensor([[1, 2, 3], [-1, 0, 5]]);
  assert.deepEqual(deadFractions(model, x), [0.25]);
  assert.ok(allFinite(model));
  fill_(first.bias!, [Number.NaN, 0, 0, 0]);
  assert.ok(!allFinite(model));
});

test('a diverged run reports no dead fraction; a finite one reports fractions in [0, 1]', async () => {
  const r = await cachedRun('dead-relus', {}, 1);
  const keys = Object.keys(r.metrics).filter((k) => k.endsWith('.diverged'));
  assert.ok(keys.some((k) => r.metrics[k] === 1), 'seed 1 is expected to have a diverged run (SGD at 3)');
  for (const k of keys) {
    const run = k.slice(0, -'.diverged'.length);
    for (const m of ['dead1', 'dead2', 'dead', 'accuracy']) {
      const v = r.metrics[`${run}.${m}`];
      if (r.metrics[k] === 1) assert.equal(v, undefined, `${run}.${m} reported for a diverged run`);
      else assert.ok(v !== undefined && v >= 0 && v <= 1, `${run}.${m} = ${v}`);
    }
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
  assert.ok(Array.isArray(front.questions) && front.questions.length >= 3);
  assert.ok(Array.isArray(front.glossary) && front.glossary.every((g: { term?: unknown; definition?: unknown }) => typeof g.term === 'string' && typeof g.definition === 'string'));
  assert.deepEqual(front.prerequisites, ['what-is-a-neural-network', 'how-networks-learn']);
  const body = match[2]!;
  for (const heading of ['## Short answer', '## The deeper answer', '## Try this']) assert.ok(body.includes(heading), `missing '${heading}'`);
  const words = body.split(/\s+/).filter(Boolean).length;
  assert.ok(words >= 500 && words <= 1800, `lesson body has ${words} words`);
});
