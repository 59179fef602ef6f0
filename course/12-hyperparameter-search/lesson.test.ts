// Lesson 12's tests: the contract every lesson meets (lab/testing/lesson-contract.node.ts), then the
// search machinery's unit facts: exact expectations against enumeration, the grid's placements, a
// GP whose uncertainty shrinks where it has data, and a Bayesian search that finds a bowl's bottom.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import lesson from './index.ts';
import { bayesianSearch, expectedDistinct, fitGp, gridBests, gridLines, randomSearchCurve, spaceOf } from './search.ts';
import { BO_SETTINGS } from './search-race.ts';
import { loadDigitsSplit, trainTrial } from './trial.ts';
import { lessonContract } from '../../lab/testing/lesson-contract.node.ts';

const { data } = lessonContract(lesson, import.meta.url, {
  prerequisites: ['how-networks-learn', 'optimization-vs-learning', 'regularization'],
  words: [1500, 3500],
  predictCards: [1, 2],
  badConfigs: [
    ['search-race', { lrCount: 25 }, /'lrCount' must be a multiple of 3/],
    ['search-race', { lrMaxExp: -3 }, /'lrMaxExp' must be a number from|'lrMaxExp' must be above/],
    ['search-race', { steps: 0 }, /'steps' must be an integer from/],
  ],
});

const close = (a: number, b: number, tol: number, what: string) => assert.ok(Math.abs(a - b) <= tol, `${what}: ${a} vs ${b}`);

test('random search’s expected best equals the average over every sequence of draws', () => {
  const values = [0.3, 0.1, 0.2, 0.1, 0.5];
  const weights = [1, 2, 1, 1, 3];
  const total = weights.reduce((s, w) => s + w, 0);
  const curve = randomSearchCurve(values, 3, weights);
  // Enumerate all 5³ ordered draws with their probabilities.
  let e1 = 0, e3 = 0;
  for (let a = 0; a < 5; a++) {
    e1 += (weights[a]! / total) * values[a]!;
    for (let b = 0; b < 5; b++) for (let c = 0; c < 5; c++) {
      e3 += ((weights[a]! * weights[b]! * weights[c]!) / total ** 3) * Math.min(values[a]!, values[b]!, values[c]!);
    }
  }
  close(curve[0]!, e1, 1e-12, 'one draw');
  close(curve[2]!, e3, 1e-12, 'three draws');
  assert.ok(curve[0]! >= curve[1]! && curve[1]! >= curve[2]!, 'more draws never expect worse');
});

test('distinct values: a 3×3 grid tries 3 learning rates, 9 uniform draws from 24 about 7.6', () => {
  close(expectedDistinct(24, 9), 24 * (1 - (23 / 24) ** 9), 1e-12, 'formula');
  close(expectedDistinct(24, 9), 7.64, 0.01, 'value');
  // Brute force on a small case: 2 draws from 3 values give 1 distinct value in 3 of 9 sequences, 2 in 6.
  close(expectedDistinct(3, 2), (3 * 1 + 6 * 2) / 9, 1e-12, 'enumerated');
  assert.deepEqual(gridLines(6, 3), [[0, 2, 4], [1, 3, 5]]);
  assert.throws(() => gridLines(7, 3), /do not split/);
  const rows = [[5, 4], [3, 9], [8, 1], [7, 7]];
  // Lines 2 apart on the 4 rows (rows 0, 2 or rows 1, 3), both columns: two placements.
  assert.deepEqual(gridBests(rows, 2).map((g) => g.best), [1, 3]);
});

test('the GP’s uncertainty is smallest at its trials and grows away from them', () => {
  const x = [[0.2], [0.5], [0.9]];
  const gp = fitGp(x, [1, 0.2, 0.8], BO_SETTINGS);
  const at = gp.predict(x).std;
  const between = gp.predict([[0.35], [0.7]]).std;
  const far = gp.predict([[0]]).std[0]!;
  for (const s of at) for (const b of between) assert.ok(s < b, `std at a trial ${s} < between trials ${b}`);
  assert.ok(far > Math.max(...between) * 0.99, `far from the data ${far} ≥ between ${between.join(', ')}`);
});

test('Bayesian search never repeats a trial and finds the bottom of a smooth bowl quickly', () => {
  const rows = Array.from({ length: 24 }, (_, i) => Array.from({ length: 6 }, (_, j) => 0.05 + ((i - 15) / 24) ** 2 + 0.3 * ((j - 1) / 6) ** 2));
  const space = spaceOf(rows);
  const best = Math.min(...space.values);
  const { tried, bestSoFar } = bayesianSearch(space, [0, 143], { ...BO_SETTINGS, budget: 15 });
  assert.equal(new Set(tried).size, tried.length);
  assert.ok(bestSoFar[14]! - best < 0.005, `within 0.005 of the bowl's bottom after 15 trials, got ${bestSoFar[14]! - best}`);
  assert.ok(randomSearchCurve(space.values, 15)[14]! - best > bestSoFar[14]! - best, 'and closer than random search expects');
});

test('a trial is a pure function of its hyper-parameters and seed', async () => {
  const ctx = { seed: 5, data, progress() {}, log() {}, signal: new AbortController().signal };
  const split = await loadDigitsSplit(ctx, 1000);
  const setup = { hidden: 32, steps: 40, batchSize: 32, momentum: 0.9 };
  const a = trainTrial(split, setup, 0.1, 1e-4, 5);
  assert.equal(trainTrial(split, setup, 0.1, 1e-4, 5), a);
  assert.ok(a < 0.5, `40 steps at a good rate learn something: ${a}`);
  assert.ok(trainTrial(split, setup, 1e4, 0, 5) >= 0.85, 'a rate of 10⁴ blows the network up: no better than guessing');
});
