// Lesson 01's tests: every claim holds on its seeds, the experiments are deterministic, predict
// cards grade real results, the hand-made features and the rule tuner do what they say on drawn
// shapes, the course map covers the syllabus, and lesson.md's front matter is well formed.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import lesson from './index.ts';
import { type Config, type ExperimentResult } from '../kit/index.ts';
import { lessonFolders } from '../index.ts';
import { nodeDataSource } from '../../lab/data-source.node.ts';
import { checkClaims, findExperiment, resolveConfig, runExperiment, runKey } from '../../lab/claims.ts';
import { digitFeatures } from './features.ts';
import { classify, handWrittenRules, tuneRules, countQuestions, rulesToText } from './rules.ts';
import { courseMap, paradigmCounts } from './map.ts';
import { trainSizes } from './rules-vs-learned.ts';

const folder = '01-the-map';
const data = nodeDataSource();
const cache = new Map<string, ExperimentResult>();

async function cachedRun(experimentId: string, overrides: Partial<Config>, seed: number): Promise<ExperimentResult> {
  const exp = findExperiment(lesson, experimentId);
  const config = resolveConfig(exp, true, overrides);
  const key = runKey(lesson.id, exp.id, config, seed);
  if (!cache.has(key)) cache.set(key, await runExperiment(exp, config, seed, { data }));
  return cache.get(key)!;
}

/** A 28×28 image (flat) with ink where `inked(row, col)` holds. */
const draw = (inked: (r: number, c: number) => boolean): Float32Array => {
  const px = new Float32Array(784);
  for (let r = 0; r < 28; r++) for (let c = 0; c < 28; c++) if (inked(r, c)) px[r * 28 + c] = 1;
  return px;
};
const ring = (r: number, c: number, cy: number, cx: number, rad: number) => Math.abs(Math.hypot(r - cy, c - cx) - rad) < 1.2;

test('every claim holds on its seeds', async () => {
  const results = await checkClaims(lesson, { data, cache });
  assert.equal(results.length, lesson.claims.length);
  assert.ok(results.length >= 4);
  for (const r of results) assert.ok(r.passed, `claim '${r.id}' failed: value ${r.value}, expected ${r.expected}; ${r.detail ?? ''}`);
});

test('each experiment’s quick variant is deterministic for a seed', async () => {
  for (const exp of lesson.experiments) {
    const first = await cachedRun(exp.id, {}, 1);
    const again = await runExperiment(exp, resolveConfig(exp, true), 1, { data });
    assert.deepEqual(again.metrics, first.metrics, `${exp.id}: two runs with seed 1 differ`);
    assert.deepEqual(again.figures, first.figures, `${exp.id}: figures differ between two runs with seed 1`);
  }
});

test('the course map ignores its seed (it is data, not a measurement)', async () => {
  const [a, b] = [await cachedRun('course-map', {}, 1), await cachedRun('course-map', {}, 2)];
  assert.deepEqual(a, b);
});

test('predict cards pick a valid choice from a real result; enough recall cards', async () => {
  const predict = lesson.cards.filter((c) => c.kind === 'predict');
  assert.ok(predict.length >= 1 && predict.length <= 2);
  for (const card of predict) {
    if (card.kind !== 'predict') continue;
    const result = await cachedRun(card.experiment, card.config ?? {}, card.seed ?? 1);
    const choice = card.answer(result);
    assert.ok(Number.isInteger(choice) && choice >= 0 && choice < card.choices.length, `${card.id}: answer ${choice} is not an index into ${card.choices.length} choices`);
  }
  assert.ok(lesson.cards.filter((c) => c.kind === 'recall').length >= 5);
  assert.equal(new Set(lesson.cards.map((c) => c.id)).size, lesson.cards.length, 'card ids are unique');
});

test('features: holes by flood fill, aspect ratio, crossings on drawn shapes', () => {
  const bar = digitFeatures(draw((r, c) => r >= 4 && r <= 23 && c >= 13 && c <= 14), 0);
  assert.equal(bar.holes, 0);
  assert.ok(bar.aspect < 0.2);
  assert.equal(bar.crossH, 1);
  const o = digitFeatures(draw((r, c) => ring(r, c, 14, 14, 8)), 0);
  assert.equal(o.holes, 1);
  assert.equal(o.crossH, 2);
  assert.ok(Math.abs(o.holeY - 0.5) < 0.05 && o.holeArea > 0.3 && o.symLR > 0.9 && o.symTB > 0.9);
  const eight = digitFeatures(draw((r, c) => ring(r, c, 8, 14, 5) || ring(r, c, 19, 14, 5)), 0);
  assert.equal(eight.holes, 2);
  // A loop high in the box: its hole's centroid sits in the top part.
  const nine = digitFeatures(draw((r, c) => ring(r, c, 9, 14, 5) || (c >= 18 && c <= 19 && r >= 9 && r <= 25)), 0);
  assert.equal(nine.holes, 1);
  assert.ok(nine.holeY < 0.35, `holeY ${nine.holeY}`);
  assert.equal(digitFeatures(new Float32Array(784), 0).holes, 0); // a blank image is handled
});

test('the rules classify drawn shapes as a person would, and tuning never lowers training accuracy', () => {
  const rules = handWrittenRules();
  assert.equal(countQuestions(rules), 15);
  assert.equal(classify(rules, digitFeatures(draw((r, c) => ring(r, c, 8, 14, 5) || ring(r, c, 19, 14, 5)), 0)), 8);
  assert.equal(classify(rules, digitFeatures(draw((r, c) => r >= 4 && r <= 23 && c >= 13 && c <= 14), 0)), 1);
  // Tuning on a handful of labelled shapes: the tuned tree fits them at least as well as the untuned one.
  const shapes = [
    { px: draw((r, c) => ring(r, c, 14, 14, 8)), label: 0 },
    { px: draw((r, c) => r >= 4 && r <= 23 && c >= 13 && c <= 14), label: 1 },
    { px: draw((r, c) => ring(r, c, 8, 14, 5) || ring(r, c, 19, 14, 5)), label: 8 },
    { px: draw((r, c) => ring(r, c, 9, 14, 5) || (c >= 18 && c <= 19 && r >= 9 && r <= 25)), label: 9 },
  ];
  const feats = shapes.map((s) => digitFeatures(s.px, 0));
  const labels = shapes.map((s) => s.label);
  const right = (t: ReturnType<typeof handWrittenRules>) => feats.filter((f, i) => classify(t, f) === labels[i]).length;
  const tuned = tuneRules(handWrittenRules(), feats, labels);
  assert.ok(right(tuned) >= right(handWrittenRules()));
  assert.match(rulesToText(tuned), /^if holes < 1:/);
});

test('training-set sizes are evenly spaced on a log scale', () => {
  assert.deepEqual(trainSizes(250, 4000, 2), [250, 4000]);
  assert.deepEqual(trainSizes(250, 16000, 4), [250, 1000, 4000, 16000]);
});

test('the course map places all 28 lessons, in order, and agrees with the registered lessons', () => {
  assert.equal(courseMap.length, 28);
  courseMap.forEach((entry, i) => {
    assert.equal(entry.number, i + 1);
    assert.ok(entry.paradigms.length >= 1 && entry.circles.length >= 1 && entry.topic.length > 0);
    assert.ok(entry.circles.includes('DL') || entry.circles.includes('ML'), `${entry.id}: every lesson uses a learned model`);
  });
  assert.equal(new Set(courseMap.map((e) => e.id)).size, 28);
  for (const [id, dir] of Object.entries(lessonFolders)) {
    const entry = courseMap.find((e) => e.id === id);
    assert.ok(entry, `registered lesson '${id}' is missing from the map`);
    assert.equal(`${String(entry.number).padStart(2, '0')}-${entry.id}`, dir);
  }
  const counts = paradigmCounts();
  assert.equal(counts.reinforcement, 0); // the text says so: no lesson of this course trains by reward
  assert.ok(counts.supervised >= 20 && counts['self-supervised'] >= 2 && counts.generative >= 2);
});

test('bad configs are refused with an error naming the field', async () => {
  const bad: Array<[Partial<Config>, RegExp]> = [
    [{ steps: -5 }, /'steps' must be an integer from/],
    [{ sizes: 1 }, /'sizes' must be an integer from 2/],
    [{ minTrain: 4000, maxTrain: 1000 }, /'minTrain' \(4000\) must be below 'maxTrain'/],
  ];
  const exp = findExperiment(lesson, 'rules-vs-learned');
  for (const [overrides, message] of bad) await assert.rejects(runExperiment(exp, resolveConfig(exp, true, overrides), 1, { data }), message);
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
  assert.deepEqual(front.prerequisites, []);
  const body = match[2]!;
  for (const heading of ['## Short answer', '## The deeper answer', '## Try this']) assert.ok(body.includes(heading), `missing '${heading}'`);
  const words = body.split(/\s+/).filter(Boolean).length;
  assert.ok(words >= 800 && words <= 2200, `lesson body has ${words} words`);
});
