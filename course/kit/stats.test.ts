// The helpers every lesson's claims and cards share: reading a metric, per-seed summaries.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { metric, metricPerRun, mean, perSeed } from './stats.ts';
import type { ExperimentResult } from './types.ts';

const run = (metrics: Record<string, number>) => ({ metrics }) as unknown as ExperimentResult;

test('metric reads a run\'s value; a missing one is an error naming the key and what the run has', () => {
  assert.equal(metric(run({ accuracy: 0.9 }), 'accuracy'), 0.9);
  assert.equal(metric(run({ zero: 0 }), 'zero'), 0, 'a zero is a value, not a missing metric');
  assert.throws(() => metric(run({ accuracy: 0.9, loss: 0.3 }), 'acc'), /metric 'acc'.*accuracy, loss/);
  assert.deepEqual(metricPerRun([run({ a: 1 }), run({ a: 2 }), run({ a: 4 })], 'a'), [1, 2, 4]);
  assert.throws(() => metricPerRun([run({ a: 1 }), run({ b: 2 })], 'a'), /metric 'a'.*\(it has: b\)/);
});

test('mean and perSeed summaries', () => {
  assert.equal(mean([1, 2, 6]), 3);
  assert.equal(perSeed([1, 2], [0.5, 12]), 'seed 1: 0.500, seed 2: 12');
});
