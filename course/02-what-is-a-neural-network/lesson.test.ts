// Lesson 02's tests: the contract every lesson meets (lab/testing/lesson-contract.node.ts), then the
// facts certain by construction, as unit tests: one neuron and a 2-2-1 network's gradients by hand
// equal the engine's, hidden units add up to the prediction, a trained 1-unit net never beats the
// computed floor, and the closed forms the text uses (the best line, |x| from two ReLUs, the ramp).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import lesson from './index.ts';
import { lineFloor, oneUnitFloor, targets } from './targets.ts';
import { activations } from './activations.ts';
import { manualSeed, nn, randn, tensor, noGrad } from '../../engine/index.ts';
import { lessonContract } from '../../lab/testing/lesson-contract.node.ts';

const { cachedRun } = lessonContract(lesson, import.meta.url, {
  prerequisites: [],
  words: [1200, 2800],
  predictCards: [1, 2],
  badConfigs: [
    ['fit-1d', { target: 'cosine' }, /fit-1d: config 'target' must be one of sine, step, abs, got "cosine"/],
    ['fit-1d', { maxWidth: 0 }, /'maxWidth' must be an integer from 1 to 256, got 0/],
    ['fit-1d', { lrSweep: 'yes' }, /'lrSweep' must be true or false/],
    ['mnist-mlp', { lr: Number.NaN }, /mnist-mlp: config 'lr' must be a number from 0.00001 to 0.1, got NaN/],
    ['one-neuron', { inputs: 0 }, /'inputs' must be an integer from 1 to 8, got 0/],
  ],
});

const grid = Array.from({ length: 1001 }, (_, i) => -Math.PI + (2 * Math.PI * i) / 1000);

test('one neuron by hand equals nn.Linear + activation, and the 2-2-1 gradients by hand equal autograd and gradcheck', async () => {
  for (const activation of ['sigmoid', 'relu', 'tanh']) {
    for (const seed of [1, 2, 3, 4, 5]) {
      const { metrics: m } = await cachedRun('one-neuron', { activation }, seed);
      // float32 keeps about 7 significant digits: differences are relative above 1, absolute below.
      assert.ok(m['neuron.scaledDiff']! <= 1e-6, `${activation} seed ${seed}: neuron off by ${m['neuron.scaledDiff']}`);
      assert.ok(m['backprop.maxScaledDiff']! <= 1e-5, `${activation} seed ${seed}: gradients off by ${m['backprop.maxScaledDiff']}`);
      assert.ok(m['finiteDiff.maxAbsDiff']! <= 1e-5, `${activation} seed ${seed}: finite differences off by ${m['finiteDiff.maxAbsDiff']}`);
      assert.equal(m['gradcheck.passed'], 1, `${activation} seed ${seed}: gradcheck failed`);
    }
  }
});

test('hidden units add up to the prediction, and no trained 1-unit net beats the computed 1-unit floor', async () => {
  for (const target of ['sine', 'step', 'abs']) {
    const { metrics } = await cachedRun('fit-1d', { target }, 1);
    assert.ok(metrics['units.sumError']! < 1e-5, `${target}: units sum off by ${metrics['units.sumError']}`);
    // The floor is a grid search over hinge positions; a hinge misplaced by ≤ π/200 costs well under 5%.
    assert.ok(metrics['width1.overFloor']! >= 0.95, `${target}: width-1 MSE ${metrics['width1.testMse']} below floor ${metrics.oneUnitFloor}`);
    assert.ok(metrics.oneUnitFloor! <= metrics.lineFloor! + 1e-12, `${target}: a hinge can always be a straight line, so its floor is no higher`);
  }
});

test('without an activation, two stacked linear layers are one linear layer', () => {
  manualSeed(3);
  const l1 = new nn.Linear(5, 7), l2 = new nn.Linear(7, 2);
  const x = randn([4, 5]);
  const stacked = noGrad(() => l2.forward(l1.forward(x)));
  // W = W2·W1, b = W2·b1 + b2
  const w = noGrad(() => l2.weight.matmul(l1.weight));
  const b = noGrad(() => l2.weight.matmul(l1.bias!.reshape([7, 1])).reshape([2]).add(l2.bias!));
  const single = noGrad(() => x.matmul(w.t()).add(b));
  const a = stacked.toTypedArray(), c = single.toTypedArray();
  for (let i = 0; i < a.length; i++) assert.ok(Math.abs(a[i]! - c[i]!) < 1e-5);
});

test('the closed forms the text quotes', () => {
  const relu = activations.relu.f;
  // |x| = relu(x) + relu(−x): a 2-unit ReLU net draws the V exactly.
  const l1 = new nn.Linear(1, 2), l2 = new nn.Linear(2, 1);
  const v = new nn.Sequential(l1, new nn.ReLU(), l2);
  l1.weight.data.set([1, -1]);
  l1.bias!.data.set([0, 0]);
  l2.weight.data.set([1, 1]);
  l2.bias!.data.set([0]);
  const out = noGrad(() => v.forward(tensor(grid.map((x) => [x])))).toTypedArray();
  grid.forEach((x, i) => assert.ok(Math.abs(out[i]! - Math.abs(x)) < 1e-6 && Math.abs(relu(x) + relu(-x) - Math.abs(x)) < 1e-12));
  // The best straight line through sin x on [−π, π] has slope 3/π² and leaves an MSE of 1/2 − 3/π².
  const ys = grid.map(targets.sine);
  assert.ok(Math.abs(lineFloor(grid, ys) - (0.5 - 3 / Math.PI ** 2)) < 2e-3);
  // A straight ramp of width δ across the step costs an MSE of δ/(6π) over [−π, π].
  const delta = 0.4;
  const ramp = grid.map((x) => Math.max(-1, Math.min(1, (2 * x) / delta)));
  const mse = ramp.reduce((s, r, i) => s + (r - targets.step(grid[i]!)) ** 2, 0) / grid.length;
  assert.ok(Math.abs(mse / (delta / (6 * Math.PI)) - 1) < 0.05, `ramp mse ${mse}`);
  // One tanh unit can be a near-perfect step; one ReLU unit cannot.
  assert.ok(oneUnitFloor(grid, grid.map(targets.step), 'tanh') < 0.01);
  assert.ok(oneUnitFloor(grid, grid.map(targets.step), 'relu') > 0.2);
});
