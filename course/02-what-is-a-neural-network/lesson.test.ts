// Lesson 02's tests: its claims hold over their seeds, its quick experiments repeat exactly for a
// seed, its predict cards grade real results, bad configs are refused clearly, and its text parses.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import lesson from './index.ts';
import { fit1d } from './fit-1d.ts';
import { nodeDataSource } from '../../lab/data-source.node.ts';
import { checkClaims, findExperiment, resolveConfig, runExperiment, runKey } from '../../lab/claims.ts';
import type { Config, ExperimentResult } from '../kit/index.ts';

const data = nodeDataSource();
const cache = new Map<string, ExperimentResult>(); // shared by claims, determinism and cards
const folder = dirname(fileURLToPath(import.meta.url));

async function cachedRun(experiment: string, overrides: Partial<Config>, seed: number): Promise<ExperimentResult> {
  const exp = findExperiment(lesson, experiment);
  const config = resolveConfig(exp, true, overrides);
  const key = runKey(lesson.id, exp.id, config, seed);
  let result = cache.get(key);
  if (!result) {
    result = await runExperiment(exp, config, seed, { data });
    cache.set(key, result);
  }
  return result;
}

test('every claim holds on its seeds', async () => {
  const verdicts = await checkClaims(lesson, { data, cache });
  assert.equal(verdicts.length, lesson.claims.length);
  for (const v of verdicts) {
    assert.ok(v.passed, `claim ${v.id} failed: value ${v.value}, expected ${v.expected}; ${v.detail ?? ''}`);
  }
});

test('each quick experiment repeats exactly for a seed', async () => {
  for (const exp of lesson.experiments) {
    const first = await cachedRun(exp.id, {}, 1);
    const again = await runExperiment(exp, resolveConfig(exp, true), 1, { data });
    assert.deepEqual(again.metrics, first.metrics, `${exp.id} gave different metrics on a second run with seed 1`);
    assert.deepEqual(again.figures, first.figures, `${exp.id} gave different figures on a second run with seed 1`);
  }
});

test('predict cards pick a valid choice from a real result', async () => {
  const predicts = lesson.cards.filter((c) => c.kind === 'predict');
  assert.ok(predicts.length >= 1);
  for (const card of predicts) {
    const result = await cachedRun(card.experiment, card.config ?? {}, card.seed ?? 1);
    const choice = card.answer(result);
    assert.ok(Number.isInteger(choice) && choice >= 0 && choice < card.choices.length, `card ${card.id} answered ${choice}`);
  }
});

test('hidden units add up to the prediction, and no trained 1-unit net beats the 1-unit floor', async () => {
  for (const target of ['sine', 'step', 'abs']) {
    const { metrics } = await cachedRun('fit-1d', { target }, 1);
    assert.ok(metrics['units.sumError']! < 1e-5, `${target}: units sum off by ${metrics['units.sumError']}`);
    // The floor is a grid search over hinge positions; a hinge misplaced by ≤ π/200 costs well under 5%.
    assert.ok(metrics['width1.testMse']! >= 0.95 * metrics.oneUnitFloor!, `${target}: width-1 MSE ${metrics['width1.testMse']} below floor ${metrics.oneUnitFloor}`);
  }
});

test('a bad config is refused with the field, the value and what is allowed', async () => {
  const ctx = { seed: 1, data, progress: () => {}, log: () => {}, signal: new AbortController().signal };
  await assert.rejects(fit1d.run({ ...fit1d.defaults, target: 'cosine' as never }, ctx), /fit-1d: config 'target' must be one of sine, step, abs, got "cosine"/);
  await assert.rejects(fit1d.run({ ...fit1d.defaults, maxWidth: 0 }, ctx), /'maxWidth' must be an integer from 1 to 256, got 0/);
  const mnist = findExperiment(lesson, 'mnist-mlp');
  await assert.rejects(mnist.run({ ...mnist.defaults, lr: Number.NaN }, ctx), /mnist-mlp: config 'lr' must be a number from 0.00001 to 0.1, got NaN/);
});

test('a stopped run ends with StoppedError', async () => {
  const controller = new AbortController();
  controller.abort();
  const ctx = { seed: 1, data, progress: () => {}, log: () => {}, signal: controller.signal };
  await assert.rejects(fit1d.run({ ...fit1d.defaults, ...fit1d.quick }, ctx), { name: 'StoppedError' });
});

test('front matter parses and matches the folder', () => {
  const text = readFileSync(`${folder}/lesson.md`, 'utf8');
  const match = /^---\n([\s\S]*?)\n---\n/.exec(text);
  assert.ok(match, 'lesson.md must open with front matter between --- lines');
  const meta = parse(match[1]!) as Record<string, unknown>;
  const [num, ...slug] = basename(folder).split('-');
  assert.equal(meta.id, slug.join('-'));
  assert.equal(meta.id, lesson.id);
  assert.equal(meta.number, Number(num));
  assert.equal(typeof meta.title, 'string');
  assert.ok(Array.isArray(meta.questions) && meta.questions.length >= 4);
  assert.ok(Array.isArray(meta.glossary) && meta.glossary.every((g: { term?: unknown; definition?: unknown }) => typeof g.term === 'string' && typeof g.definition === 'string'));
  assert.deepEqual(meta.prerequisites, []);
  for (const heading of ['## Short answer', '## The deeper answer', '## Try this']) assert.ok(text.includes(`\n${heading}\n`), `lesson.md lacks '${heading}'`);
});
