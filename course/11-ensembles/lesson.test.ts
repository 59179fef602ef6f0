// Lesson 11's tests: the contract every lesson meets (lab/testing/lesson-contract.node.ts), then the
// arithmetic of combining models the text relies on (unit facts, true by construction, not claims).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import lesson from './index.ts';
import { lessonContract } from '../../lab/testing/lesson-contract.node.ts';
import { accuracyOf, ambiguityDecomposition, averageProbabilities, bootstrapRows, brier, disagreement, kFolds, logLoss } from './combine.ts';

lessonContract(lesson, import.meta.url, {
  prerequisites: ['how-networks-learn', 'regularization'],
  words: [1500, 3500],
  predictCards: [1, 2],
  badConfigs: [
    ['bagging', { members: 1 }, /'members' must be an integer from 2/],
    ['bagging', { lr: 0 }, /'lr' must be a number from/],
    ['boosting', { digitB: 3 }, /'digitB' must differ from 'digitA'/],
    ['boosting', { noise: 0.6 }, /'noise' must be a number from/],
    ['stacking', { folds: 1 }, /'folds' must be an integer from 2/],
  ],
});

// Three members' probabilities for four rows of three classes, with labels.
const members = [
  Float64Array.from([0.7, 0.2, 0.1, 0.1, 0.8, 0.1, 0.3, 0.3, 0.4, 0.5, 0.4, 0.1]),
  Float64Array.from([0.2, 0.7, 0.1, 0.2, 0.6, 0.2, 0.1, 0.1, 0.8, 0.1, 0.8, 0.1]),
  Float64Array.from([0.6, 0.3, 0.1, 0.6, 0.3, 0.1, 0.2, 0.2, 0.6, 0.3, 0.3, 0.4]),
];
const y = [0, 1, 2, 1];

test('ambiguity decomposition: the average’s squared error is the mean member’s minus the spread, exactly', () => {
  const dec = ambiguityDecomposition(members, y, 3);
  assert.ok(Math.abs(dec.ensemble - (dec.meanMember - dec.ambiguity)) < 1e-12);
  assert.ok(dec.ambiguity > 0 && dec.ensemble < dec.meanMember);
  // Identical members: no spread, and the ensemble is exactly as good as each one.
  const same = ambiguityDecomposition([members[0]!, members[0]!], y, 3);
  assert.equal(same.ambiguity, 0);
  assert.ok(Math.abs(same.ensemble - brier(members[0]!, y, 3)) < 1e-15);
});

test('Jensen: the log loss of averaged probabilities is at most the members’ mean log loss', () => {
  const avg = logLoss(averageProbabilities(members), y, 3);
  const mean = members.reduce((s, p) => s + logLoss(p, y, 3), 0) / members.length;
  assert.ok(avg <= mean);
});

test('averaging can beat every member’s accuracy, or lose to every member: accuracy has no Jensen guarantee', () => {
  // Each member is wrong on a different row; the average is right on all three.
  const a = Float64Array.from([0.9, 0.1, 0.9, 0.1, 0.4, 0.6]);
  const b = Float64Array.from([0.9, 0.1, 0.4, 0.6, 0.9, 0.1]);
  const c = Float64Array.from([0.4, 0.6, 0.9, 0.1, 0.9, 0.1]);
  const labels = [0, 0, 0];
  assert.deepEqual([a, b, c].map((p) => accuracyOf(p, labels, 2)), [2 / 3, 2 / 3, 2 / 3]);
  assert.equal(accuracyOf(averageProbabilities([a, b, c]), labels, 2), 1);
  // The reverse happens too: each member is right on two of three rows, barely, and confidently wrong
  // on the third; the average is wrong on all three.
  const d = Float64Array.from([0, 1, 0.55, 0.45, 0.55, 0.45]);
  const e = Float64Array.from([0.55, 0.45, 0, 1, 0.55, 0.45]);
  const f = Float64Array.from([0.55, 0.45, 0.55, 0.45, 0, 1]);
  assert.deepEqual([d, e, f].map((p) => accuracyOf(p, labels, 2)), [2 / 3, 2 / 3, 2 / 3]);
  assert.equal(accuracyOf(averageProbabilities([d, e, f]), labels, 2), 0);
});

test('disagreement counts differing predictions over pairs; bootstrap draws repeat rows and leave about 1/e out', () => {
  assert.equal(disagreement([Int32Array.from([0, 1, 2, 3]), Int32Array.from([0, 1, 2, 0]), Int32Array.from([1, 1, 2, 0])]), (1 / 4 + 2 / 4 + 1 / 4) / 3);
  const rows = bootstrapRows(10_000, 5);
  assert.deepEqual(rows, bootstrapRows(10_000, 5));
  assert.ok(rows.every((r) => r >= 0 && r < 10_000));
  const left = 1 - new Set(rows).size / 10_000;
  assert.ok(Math.abs(left - Math.exp(-1)) < 0.02, `left out ${left}`);
});

test('k folds cover every row once, in near-equal parts', () => {
  const fold = kFolds(103, 5, 9);
  const sizes = [0, 1, 2, 3, 4].map((k) => fold.filter((f) => f === k).length);
  assert.equal(sizes.reduce((s, x) => s + x, 0), 103);
  assert.ok(Math.max(...sizes) - Math.min(...sizes) <= 1);
  assert.throws(() => kFolds(10, 1, 1), /k must be an integer from 2/);
});
