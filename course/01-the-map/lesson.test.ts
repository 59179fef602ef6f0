// Lesson 01's tests: the contract every lesson meets (lab/testing/lesson-contract.node.ts), then
// the hand-made features and the rule tuner on drawn shapes, and the course map against the syllabus.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import lesson from './index.ts';
import { lessonFolders } from '../index.ts';
import { digitFeatures } from './features.ts';
import { classify, handWrittenRules, tuneRules, countQuestions, rulesToText } from './rules.ts';
import { courseMap, paradigmCounts } from './map.ts';
import { trainSizes } from './rules-vs-learned.ts';
import { lessonContract } from '../../lab/testing/lesson-contract.node.ts';

const { cachedRun } = lessonContract(lesson, import.meta.url, {
  prerequisites: [],
  words: [800, 2400],
  predictCards: [1, 2],
  badConfigs: [
    ['rules-vs-learned', { steps: -5 }, /'steps' must be an integer from/],
    ['rules-vs-learned', { sizes: 1 }, /'sizes' must be an integer from 2/],
    ['rules-vs-learned', { minTrain: 4000, maxTrain: 1000 }, /'minTrain' \(4000\) must be below 'maxTrain'/],
  ],
});

/** A 28×28 image (flat) with ink where `inked(row, col)` holds. */
const draw = (inked: (r: number, c: number) => boolean): Float32Array => {
  const px = new Float32Array(784);
  for (let r = 0; r < 28; r++) for (let c = 0; c < 28; c++) if (inked(r, c)) px[r * 28 + c] = 1;
  return px;
};
const ring = (r: number, c: number, cy: number, cx: number, rad: number) => Math.abs(Math.hypot(r - cy, c - cx) - rad) < 1.2;

test('the course map ignores its seed (it is data, not a measurement)', async () => {
  const [a, b] = [await cachedRun('course-map', {}, 1), await cachedRun('course-map', {}, 2)];
  assert.deepEqual(a, b);
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
