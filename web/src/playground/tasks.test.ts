// Regression and multi-class training, the losses that fit each task, schedules, batch norm, input
// noise and early stopping in the playground's trainer.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bumpsTarget, makeDataset, planeTarget } from './datasets.ts';
import { decodeSettings, defaultSettings, type PlaygroundSettings } from './settings.ts';
import { Trainer } from './trainer.ts';

const base = (over: Partial<PlaygroundSettings>): PlaygroundSettings => ({ ...defaultSettings, points: 300, optimizer: 'adam', lr: 0.03, batch: 16, ...over });

test('regression data: targets follow their surfaces; losses must fit the task, and a link without a loss gets its task\'s', () => {
  const plane = makeDataset('plane', 50, 0, 1), bumps = makeDataset('bumps', 50, 0, 1);
  for (let i = 0; i < 50; i++) {
    assert.ok(Math.abs(plane.labels[i]! - planeTarget(plane.xy[2 * i]!, plane.xy[2 * i + 1]!)) < 1e-6);
    assert.ok(Math.abs(bumps.labels[i]! - bumpsTarget(bumps.xy[2 * i]!, bumps.xy[2 * i + 1]!)) < 1e-6);
  }
  // Hand values: the plane is (x + y)/2; a bump's top is 1 (its neighbours, 1 away, add e^−8 ≈ 0.0003 each).
  assert.equal(planeTarget(0.5, -0.1), 0.2);
  assert.ok(Math.abs(bumpsTarget(0.5, 0.5) - 1) < 1e-3 && Math.abs(bumpsTarget(-0.5, 0.5) + 1) < 1e-3);
  assert.deepEqual(decodeSettings(new URLSearchParams('dataset=plane&loss=bce')).errors,
    ["loss: 'bce' does not fit a regression dataset (plane); these do: mse, l1, huber, smoothL1"]);
  assert.equal(decodeSettings(new URLSearchParams('dataset=spiral3')).settings.loss, 'crossEntropy');
  assert.equal(decodeSettings(new URLSearchParams('dataset=bumps')).settings.loss, 'mse');
  assert.equal(decodeSettings(new URLSearchParams('dataset=xor')).settings.loss, 'bce');
});

test('regression: a linear model fits the plane (MSE < 1e-3 in 300 steps); 16 tanh units fit the bumps (test MSE < 0.05 in 1,000)', () => {
  const plane = new Trainer(base({ dataset: 'plane', loss: 'mse', layers: [] }));
  plane.train(300);
  const p = plane.evaluate();
  assert.ok(p.trainLoss < 1e-3 && p.testLoss < 1e-3, `plane: ${p.trainLoss}, ${p.testLoss}`);
  assert.ok(Number.isNaN(p.trainAcc), 'no accuracy for regression');
  for (const loss of ['mse', 'huber'] as const) {
    const t = new Trainer(base({ dataset: 'bumps', loss, layers: [{ units: 16, activation: 'tanh' }] }));
    const before = t.evaluate().testLoss;
    t.train(1000);
    const m = t.evaluate();
    assert.ok(m.testLoss < 0.05 && m.testLoss < before / 5, `bumps ${loss}: ${before} → ${m.testLoss}`);
    // The grid holds the predicted value itself: near +1 on the bump at (0.5, 0.5), −1 at (−0.5, 0.5).
    // Cells of 0.2 over [−1.2, 1.2]: (row 3, col 8) is centred at (0.5, 0.5), (row 3, col 3) at (−0.5, 0.5).
    const { boundary } = t.grids(12, 4, 1);
    assert.ok(boundary[3 * 12 + 8]! > 0.5 && boundary[3 * 12 + 3]! < -0.5, `${boundary[3 * 12 + 8]}, ${boundary[3 * 12 + 3]}`);
  }
});

test('multi-class: a 3-arm spiral reaches ≥ 95% train accuracy with softmax cross-entropy; class probabilities sum to 1', () => {
  const t = new Trainer(base({ dataset: 'spiral3', loss: 'crossEntropy', layers: [{ units: 16, activation: 'tanh' }, { units: 16, activation: 'tanh' }] }));
  assert.equal(t.outputs, 3);
  const before = t.evaluate();
  assert.ok(before.trainAcc < 0.6, `untrained: ${before.trainAcc}`);
  t.train(1000);
  const m = t.evaluate();
  assert.ok(m.trainAcc >= 0.95 && m.testAcc >= 0.9, `${m.trainAcc}, ${m.testAcc}`);
  const { boundary } = t.grids(8, 4, 1);
  assert.equal(boundary.length, 8 * 8 * 3);
  for (let k = 0; k < 64; k++) assert.ok(Math.abs(boundary[3 * k]! + boundary[3 * k + 1]! + boundary[3 * k + 2]! - 1) < 1e-5);
  // Squared error on the softmax against one-hot targets trains too (four blobs).
  const blobs = new Trainer(base({ dataset: 'blobs', loss: 'mse', layers: [{ units: 8, activation: 'tanh' }] }));
  blobs.train(500);
  assert.ok(blobs.evaluate().testAcc >= 0.95, `blobs: ${blobs.evaluate().testAcc}`);
});

test('schedules: the lr after t steps is the engine scheduler\'s closed form, and an lr change keeps the run\'s clock', () => {
  const at = (over: Partial<PlaygroundSettings>, steps: number) => {
    const t = new Trainer(base({ dataset: 'xor', lr: 0.1, optimizer: 'sgd', ...over }));
    t.train(steps);
    return t;
  };
  assert.equal(at({ schedule: 'none' }, 25).lr, 0.1);
  assert.ok(Math.abs(at({ schedule: 'step', period: 10, gamma: 0.5 }, 25).lr - 0.025) < 1e-12, '0.1 · 0.5^⌊25/10⌋');
  assert.ok(Math.abs(at({ schedule: 'cosine', period: 100 }, 50).lr - 0.05) < 1e-12, '0.1 · (1 + cos(π/2))/2');
  assert.ok(Math.abs(at({ schedule: 'exponential', period: 10, gamma: 0.5 }, 20).lr - 0.025) < 1e-12, '0.1 · 0.5^(20/10)');
  const t = at({ schedule: 'step', period: 10, gamma: 0.5 }, 25);
  t.update({ ...t.settings, lr: 0.2 });
  assert.ok(Math.abs(t.evaluate().lr - 0.05) < 1e-12, '0.2 · 0.5²: the new base lr at step 25');
  t.update({ ...t.settings, schedule: 'none' });
  assert.equal(t.lr, 0.2);
});

test('batch norm on and off keeps the linear weights; input noise changes the steps, and without it runs repeat', () => {
  const t = new Trainer(base({ dataset: 'circles', layers: [{ units: 6, activation: 'relu' }] }));
  t.train(10);
  const w = Array.from(t.net.linears[0]!.weight.toTypedArray());
  const params = t.net.parameters().length;
  assert.deepEqual(t.update({ ...t.settings, batchNorm: true }), { data: false, model: false, optimizer: true });
  assert.equal(t.net.parameters().length, params + 2, 'a scale and a shift per hidden layer');
  assert.deepEqual(Array.from(t.net.linears[0]!.weight.toTypedArray()), w);
  t.train(20);
  assert.ok(Number.isFinite(t.evaluate().trainLoss));

  const run = (inputNoise: number) => {
    const r = new Trainer(base({ dataset: 'circles', layers: [{ units: 6, activation: 'relu' }], inputNoise }));
    r.train(5);
    return Array.from(r.net.linears[0]!.weight.toTypedArray());
  };
  assert.deepEqual(run(0), run(0));
  assert.notDeepEqual(run(0.2), run(0));
  assert.deepEqual(run(0.2), run(0.2), 'the jitter is seeded');
});

test('early stopping: an overfitting net stops, marks its best step, and its weights are the best step\'s again', () => {
  const t = new Trainer(base({
    dataset: 'circles', points: 60, noise: 0.35, testFraction: 0.5, batch: 30, lr: 0.01,
    layers: [{ units: 64, activation: 'relu' }, { units: 64, activation: 'relu' }], patience: 20,
  }));
  for (let k = 0; k < 100 && !t.stopped; k++) t.train(50);
  const m = t.evaluate();
  assert.ok(m.stopped, `stopped at step ${m.step}`);
  assert.ok(m.bestStep !== null && m.bestStep < m.step, `best ${m.bestStep}, now ${m.step}`);
  assert.equal(m.step - m.bestStep!, 20 * 1, 'one check an epoch (30 points, batch 30): 20 epochs without a better test loss');
  assert.ok(Math.abs(m.testLoss - m.bestLoss!) < 1e-6, `restored: test loss ${m.testLoss}, best ${m.bestLoss}`);
  const step = m.step;
  t.train(10);
  assert.equal(t.step, step, 'stopped: no more steps until resumed');
  t.resume();
  t.train(10);
  assert.equal(t.step, step + 10);
});
