// Lesson 09's tests: every claim holds on its seeds, the quick variant is deterministic, the
// diagnostics' building blocks behave as the text says (unit facts, not claims), predict cards grade
// real results, bad configs fail clearly, and the text's front matter is well formed.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import lesson from './index.ts';
import { BUGS } from './flat-loss.ts';
import { StoppedError, type Config, type ExperimentResult } from '../kit/index.ts';
import { nodeDataSource } from '../../lab/data-source.node.ts';
import { checkClaims, findExperiment, resolveConfig, runExperiment, runKey } from '../../lab/claims.ts';
import { crossEntropy, nn, optim, tensor, zeros } from '../../engine/index.ts';

const folder = '09-debugging-a-flat-loss';
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

test('every bug has a claim, and the healthy control has one', () => {
  const covered = new Set(lesson.claims.map((c) => c.config?.bug));
  for (const bug of BUGS) assert.ok(covered.has(bug), `no claim runs bug '${bug}'`);
});

test('the quick variant is deterministic for a seed', async () => {
  const exp = lesson.experiments[0]!;
  const first = await cachedRun(exp.id, { bug: 'none' }, 1);
  const again = await runExperiment(exp, resolveConfig(exp, true, { bug: 'none' }), 1, { data });
  assert.deepEqual(again.metrics, first.metrics, 'two runs with seed 1 differ');
  assert.deepEqual(again.figures, first.figures, 'figures differ between two runs with seed 1');
});

test('unit facts the text relies on', () => {
  // Zero logits give exactly ln C.
  const lossAtZero = crossEntropy(zeros([4, 10]), tensor([0, 3, 7, 9], { dtype: 'int32' })).item();
  assert.ok(Math.abs(lossAtZero - Math.log(10)) < 1e-6);
  // backward() accumulates into .grad: without zeroGrad the second gradient is the sum of both.
  const layer = new nn.Linear(3, 2);
  const opt = new optim.SGD(layer.parameters(), { lr: 0 });
  const x = tensor([[1, 2, 3]]);
  layer.forward(x).sum().backward();
  const once = Array.from(layer.weight.grad!.toTypedArray());
  layer.forward(x).sum().backward();
  assert.deepEqual(Array.from(layer.weight.grad!.toTypedArray()), once.map((g) => 2 * g));
  opt.zeroGrad();
  assert.equal(layer.weight.grad, null);
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
  assert.ok(lesson.cards.length >= 6);
  assert.equal(new Set(lesson.cards.map((c) => c.id)).size, lesson.cards.length, 'card ids are unique');
});

test('bad configs are refused with an error naming the field', async () => {
  const bad: Array<[Partial<Config>, RegExp]> = [
    [{ bug: 'typo' }, /'bug' must be one of none, lr-too-high/],
    [{ steps: -5 }, /'steps' must be an integer from/],
    [{ lr: 0 }, /'lr' must be a number from/],
  ];
  const exp = lesson.experiments[0]!;
  for (const [overrides, message] of bad) await assert.rejects(runExperiment(exp, resolveConfig(exp, true, overrides), 1, { data }), message);
});

test('a stopped run throws StoppedError', async () => {
  const exp = lesson.experiments[0]!;
  const stop = new AbortController();
  stop.abort();
  await assert.rejects(runExperiment(exp, resolveConfig(exp, true), 1, { data, signal: stop.signal }), StoppedError);
});

test('lesson.md front matter matches the folder and the text has its sections', () => {
  const text = readFileSync(new URL('./lesson.md', import.meta.url), 'utf8');
  const match = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(text);
  assert.ok(match, 'lesson.md must open with front matter between --- lines');
  const front = parse(match[1]!);
  assert.equal(front.id, lesson.id);
  assert.equal(`${String(front.number).padStart(2, '0')}-${front.id}`, folder);
  assert.equal(typeof front.title, 'string');
  assert.ok(Array.isArray(front.questions) && front.questions.length >= 1);
  assert.ok(Array.isArray(front.glossary) && front.glossary.every((g: { term?: unknown; definition?: unknown }) => typeof g.term === 'string' && typeof g.definition === 'string'));
  assert.ok(Array.isArray(front.prerequisites));
  const body = match[2]!;
  for (const heading of ['## Short answer', '## The deeper answer', '## Try this']) assert.ok(body.includes(heading), `missing '${heading}'`);
});
