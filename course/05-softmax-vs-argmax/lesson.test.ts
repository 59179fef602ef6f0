// Lesson 05's tests: every claim holds on real runs, each experiment is deterministic for a seed,
// the default experiment streams a drawable live series, bad configs and Stop fail cleanly, the
// predict cards grade from a real result, and the front matter parses and matches the folder.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import lesson from './index.ts';
import { StoppedError, type ExperimentResult, type ProgressEvent } from '../kit/index.ts';
import { nodeDataSource } from '../../lab/data-source.node.ts';
import { checkClaims, findExperiment, resolveConfig, runExperiment, runKey } from '../../lab/claims.ts';

const data = nodeDataSource();
const cache = new Map<string, ExperimentResult>();
const events: ProgressEvent[] = [];

/** The quick run for (experiment, overrides, seed), from the cache the claims filled when possible. */
async function quickRun(id: string, seed: number, overrides = {}): Promise<ExperimentResult> {
  const exp = findExperiment(lesson, id);
  const config = resolveConfig(exp, true, overrides);
  const key = runKey(lesson.id, id, config, seed);
  if (!cache.has(key)) cache.set(key, await runExperiment(exp, config, seed, { data }));
  return cache.get(key)!;
}

test('every claim holds', async () => {
  const verdicts = await checkClaims(lesson, { data, cache, onProgress: (e) => events.push(e) });
  assert.equal(verdicts.length, lesson.claims.length);
  for (const v of verdicts) {
    assert.ok(v.passed, `claim '${v.id}' failed: value ${v.value}, expected ${v.expected}; ${v.detail}`);
  }
});

test('the default experiment streams a live series for each arm', () => {
  assert.equal(lesson.experiments[0]!.id, 'train-through-argmax');
  for (const series of ['softmax', 'argmax']) {
    // Three seeds ran; each series gets at most ~300 points per run and enough to draw a curve.
    const points = events.filter((e) => e.series === series);
    assert.ok(points.length >= 3 * 20 && points.length <= 3 * 300, `${series}: ${points.length} progress events over 3 runs`);
    assert.ok(points.every((e) => Number.isFinite(e.metrics.testAccuracy) && e.totalSteps !== undefined));
  }
});

test('each experiment is deterministic for a seed', async () => {
  for (const exp of lesson.experiments) {
    const config = resolveConfig(exp, true);
    const first = await quickRun(exp.id, 1);
    const again = await runExperiment(exp, config, 1, { data });
    assert.deepEqual(again.metrics, first.metrics, `${exp.id}: two runs with seed 1 differ`);
  }
});

test('a config outside its params fails naming the field', async () => {
  const exp = findExperiment(lesson, 'train-through-argmax');
  await assert.rejects(runExperiment(exp, resolveConfig(exp, true, { steps: -5 }), 1, { data }), /'steps' must be an integer from 10 to 3000, got -5/);
  const over = findExperiment(lesson, 'overflow');
  await assert.rejects(runExperiment(over, resolveConfig(over, true, { dtype: 'int8' }), 1, { data }), /'dtype' must be one of float32, float64, got "int8"/);
});

test('Stop ends a training run with StoppedError', async () => {
  const exp = findExperiment(lesson, 'train-through-argmax');
  const stop = new AbortController();
  stop.abort();
  await assert.rejects(runExperiment(exp, resolveConfig(exp, true), 1, { data, signal: stop.signal }), StoppedError);
});

test('predict cards pick a valid choice from a real result', async () => {
  const predicts = lesson.cards.filter((c) => c.kind === 'predict');
  assert.ok(predicts.length >= 1);
  for (const card of predicts) {
    if (card.kind !== 'predict') continue;
    const result = await quickRun(card.experiment, card.seed ?? 1, card.config);
    const choice = card.answer(result);
    assert.ok(Number.isInteger(choice) && choice >= 0 && choice < card.choices.length, `${card.id}: answer ${choice}`);
  }
});

test('front matter parses and matches the folder', async () => {
  const text = await readFile(new URL('./lesson.md', import.meta.url), 'utf8');
  const match = /^---\n([\s\S]*?)\n---\n/.exec(text);
  assert.ok(match, 'lesson.md starts with front matter between --- lines');
  const front = parse(match[1]!);
  assert.equal(front.id, lesson.id);
  assert.equal(front.id, 'softmax-vs-argmax');
  assert.equal(front.number, 5);
  assert.equal(typeof front.title, 'string');
  assert.ok(Array.isArray(front.questions) && front.questions.length >= 3);
  assert.ok(Array.isArray(front.glossary) && front.glossary.every((g: { term?: string; definition?: string }) => g.term && g.definition));
  assert.deepEqual(front.prerequisites, ['what-is-a-neural-network']);
  for (const heading of ['## Short answer', '## The deeper answer', '## Try this']) assert.ok(text.includes(heading), `lesson.md lacks '${heading}'`);
});
