// The playground's pure parts: datasets per seed, the split, features, the URL round trip and its
// error messages, and training that actually learns (xor, circles) on the engine.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { featurize, gridPoints, makeDataset, split } from './datasets.ts';
import { decodeSettings, defaultSettings, encodeSettings, weightCount, type PlaygroundSettings } from './settings.ts';
import { Trainer } from './trainer.ts';
import { updateRule } from './formula.ts';
import katex from 'katex';

test('datasets: deterministic per seed, the right size, both classes, inside the square', () => {
  for (const name of ['circles', 'xor', 'spirals', 'gaussians'] as const) {
    const a = makeDataset(name, 200, 0, 3), b = makeDataset(name, 200, 0, 3), c = makeDataset(name, 200, 0, 4);
    assert.deepEqual(a, b, `${name}: same seed, same points`);
    assert.notDeepEqual(a.xy, c.xy, `${name}: another seed, other points`);
    assert.equal(a.xy.length, 400);
    assert.equal(a.labels.length, 200);
    const ones = a.labels.reduce((s, l) => s + l, 0);
    assert.ok(ones >= 60 && ones <= 140, `${name}: ${ones} of 200 in class 1`);
    const far = Math.max(...a.xy.map(Math.abs));
    assert.ok(far <= (name === 'gaussians' ? 1.2 : 1.0001), `${name}: ${far}`);
  }
});

test('datasets: labels follow their rule (xor by quadrant, circles by radius)', () => {
  const xor = makeDataset('xor', 300, 0, 1);
  for (let i = 0; i < 300; i++) {
    const x = xor.xy[2 * i]!, y = xor.xy[2 * i + 1]!;
    assert.equal(xor.labels[i], x * y > 0 ? 1 : 0);
    assert.ok(Math.abs(x) >= 0.05 && Math.abs(y) >= 0.05, 'kept off the axes');
  }
  const circles = makeDataset('circles', 300, 0, 1);
  for (let i = 0; i < 300; i++) {
    const r = Math.hypot(circles.xy[2 * i]!, circles.xy[2 * i + 1]!);
    assert.ok(circles.labels[i] === 1 ? r <= 0.5 + 1e-6 : r >= 0.7 - 1e-6, `point ${i} at r = ${r}`);
  }
  // Noise moves points: std 0.1 jitter changes the xor points of the same seed.
  assert.notDeepEqual(makeDataset('xor', 50, 0.1, 1).xy, makeDataset('xor', 50, 0, 1).xy);
});

test('split: sizes from the fraction, every point in exactly one part, deterministic', () => {
  const pts = makeDataset('spirals', 101, 0, 2);
  const s = split(pts, 0.3, 2);
  assert.equal(s.test.labels.length, 30);
  assert.equal(s.train.labels.length, 71);
  const key = (xy: Float32Array, i: number) => `${xy[2 * i]},${xy[2 * i + 1]}`;
  const all = new Set(Array.from({ length: 101 }, (_, i) => key(pts.xy, i)));
  const parts = [...Array.from({ length: 71 }, (_, i) => key(s.train.xy, i)), ...Array.from({ length: 30 }, (_, i) => key(s.test.xy, i))];
  assert.deepEqual(new Set(parts), all);
  assert.deepEqual(split(pts, 0.3, 2), s);
});

test('features: each map by hand at (0.5, −0.25); the grid runs top-left to bottom-right', () => {
  const f = featurize(Float32Array.of(0.5, -0.25), ['x1', 'x2', 'x1sq', 'x2sq', 'x1x2', 'sinx1', 'sinx2']);
  const want = [0.5, -0.25, 0.25, 0.0625, -0.125, 1, -Math.SQRT1_2];
  want.forEach((w, i) => assert.ok(Math.abs(f[i]! - w) < 1e-6, `feature ${i}: ${f[i]} vs ${w}`));
  const g = gridPoints(2, 1);
  assert.deepEqual(Array.from(g), [-0.5, 0.5, 0.5, 0.5, -0.5, -0.5, 0.5, -0.5]);
});

test('settings: URL round trip, and a bad value is named rather than replaced in silence', () => {
  const s: PlaygroundSettings = {
    ...defaultSettings, dataset: 'spirals', points: 600, noise: 0.15, testFraction: 0.25, seed: 9,
    features: ['x1', 'x2', 'sinx1'], layers: [{ units: 16, activation: 'relu' }, { units: 8, activation: 'gelu' }, { units: 3, activation: 'tanh' }],
    optimizer: 'adam', lr: 0.003, batch: 32, loss: 'mse', init: 'xavier', l1: 0.001, l2: 0.0001, dropout: 0.1,
  };
  const back = decodeSettings(new URLSearchParams(encodeSettings(s).toString()));
  assert.deepEqual(back.errors, []);
  assert.deepEqual(back.settings, s);
  // No hidden layer at all is allowed (logistic regression on the features).
  assert.deepEqual(decodeSettings(new URLSearchParams('layers=')).settings.layers, []);

  const bad = decodeSettings(new URLSearchParams('dataset=moons&lr=-1&layers=8-tanh,0-relu&features=x1,x9&batch=2.5&colour=red'));
  assert.deepEqual(bad.errors, [
    "dataset: 'moons' is not one of circles, xor, spirals, gaussians, blobs, spiral3, plane, bumps, custom",
    "features: 'x9' is not one of x1, x2, x1sq, x2sq, x1x2, sinx1, sinx2",
    "layers[1] width: '0' is not an integer from 1 to 4096",
    "lr: '-1' is not a number from 0.000001 to 10",
    "batch: '2.5' is not an integer from 1 to 20000",
    'colour: not a playground setting (they are: dataset, points, noise, test, seed, features, layers, optimizer, lr, batch, loss, init, l1, l2, dropout, bn, jitter, patience, schedule, period, gamma, pts)',
  ]);
  assert.equal(bad.settings.dataset, defaultSettings.dataset, 'the default stands in, but the error says so');
  assert.match(decodeSettings(new URLSearchParams('layers=4096-relu,4096-relu')).errors[0]!, /16,797,697 weights, at most 1,000,000/);
  // (2+1)·4096 + (4096+1)·4096 + (4096+1)·1 = 12,288 + 16,781,312 + 4,097 = 16,797,697, counted by hand.
  assert.equal(weightCount({ features: ['x1', 'x2'], layers: [{ units: 4096, activation: 'relu' }, { units: 4096, activation: 'relu' }] }), 16_797_697);
});

test('training: xor with one hidden layer of 8 tanh units reaches ≥ 95% train accuracy within 1,500 Adam steps', () => {
  const t = new Trainer({ ...defaultSettings, dataset: 'xor', points: 300, layers: [{ units: 8, activation: 'tanh' }], optimizer: 'adam', lr: 0.03, batch: 16 });
  const before = t.evaluate();
  assert.ok(before.trainAcc < 0.8, `untrained: ${before.trainAcc}`);
  let m = before;
  for (let k = 0; k < 15 && m.trainAcc < 0.95; k++) {
    t.train(100);
    m = t.evaluate();
  }
  assert.ok(m.trainAcc >= 0.95, `train accuracy ${m.trainAcc} after ${m.step} steps`);
  assert.ok(m.testAcc >= 0.9, `test accuracy ${m.testAcc}`);
  assert.ok(m.trainLoss < before.trainLoss / 2, `loss ${before.trainLoss} → ${m.trainLoss}`);
  // Same settings, same seed: the same run, step for step.
  const again = new Trainer(t.settings);
  again.train(m.step);
  assert.equal(again.evaluate().trainLoss, m.trainLoss);
});

test('training: a linear model on x1, x2 cannot do xor; the product feature x1·x2 alone makes it separable', () => {
  const base = { ...defaultSettings, dataset: 'xor' as const, points: 300, layers: [], optimizer: 'adam' as const, lr: 0.05, batch: 30 };
  const linear = new Trainer({ ...base, features: ['x1', 'x2'] });
  linear.train(600);
  assert.ok(linear.evaluate().trainAcc < 0.7, `linear on x1, x2: ${linear.evaluate().trainAcc}`);
  const product = new Trainer({ ...base, features: ['x1x2'] });
  product.train(600);
  assert.ok(product.evaluate().trainAcc >= 0.98, `linear on x1·x2: ${product.evaluate().trainAcc}`);
});

test('trainer: grids have the asked sizes and P(class 1) in [0, 1]; settings change mid-run as documented', () => {
  const t = new Trainer({ ...defaultSettings, layers: [{ units: 5, activation: 'relu' }, { units: 40, activation: 'tanh' }] });
  t.train(20);
  const { boundary, neurons } = t.grids(16, 8, 32);
  assert.equal(boundary.length, 256);
  assert.ok(boundary.every((p) => p >= 0 && p <= 1));
  assert.deepEqual(neurons.map((l) => l.length), [5, 32]);
  assert.ok(neurons[0]!.every((g) => g.length === 64 && g.every((v) => v >= 0)), 'ReLU outputs are ≥ 0');
  assert.ok(neurons[1]!.every((g) => g.every((v) => v >= -1 && v <= 1)), 'tanh outputs are in [−1, 1]');

  const w = Array.from(t.net.linears[0]!.weight.toTypedArray());
  assert.deepEqual(t.update({ ...t.settings, lr: 0.1, l2: 0.01, dropout: 0.2 }), { data: false, model: false, optimizer: false });
  assert.deepEqual(t.update({ ...t.settings, optimizer: 'adam' }), { data: false, model: false, optimizer: true });
  assert.deepEqual(Array.from(t.net.linears[0]!.weight.toTypedArray()), w, 'a new optimizer keeps the weights');
  assert.deepEqual(t.update({ ...t.settings, noise: 0.2 }), { data: true, model: false, optimizer: false });
  assert.equal(t.step, 20, 'new data: training goes on');
  assert.deepEqual(t.update({ ...t.settings, layers: [{ units: 3, activation: 'relu' }] }), { data: false, model: true, optimizer: true });
  assert.equal(t.step, 0);
  t.train(5); // the new net trains (dropout and L2 on)
  assert.ok(Number.isFinite(t.evaluate().trainLoss));
});

test('formula: the TeX names the optimizer, its numbers and the regularizers switched on, and KaTeX renders every line', () => {
  const tex = (over: Partial<PlaygroundSettings>) => updateRule({ ...defaultSettings, ...over });
  assert.deepEqual(tex({ optimizer: 'sgd', lr: 0.03 }), [
    'L(\\theta) = \\frac{1}{B}\\sum_{i=1}^{B} -y_i\\log\\sigma(z_i) - (1-y_i)\\log(1-\\sigma(z_i)),\\quad z_i = f_\\theta(x_i)',
    'h_\\ell = \\phi_\\ell(W_\\ell h_{\\ell-1} + b_\\ell)',
    '\\theta \\leftarrow \\theta - 0.03\\, \\nabla_\\theta L(\\theta)',
  ]);
  const all = tex({ optimizer: 'adamw', lr: 0.001, l1: 0.01, l2: 0.0001, dropout: 0.2, batchNorm: true, inputNoise: 0.1, schedule: 'step', period: 500, gamma: 0.5 }).join('\n');
  for (const part of ['0.01\\lVert w\\rVert_1', '\\mathcal N(0, 0.1^2)', '\\operatorname{BN}', '\\frac{m_\\ell}{1 - 0.2}', '\\eta_t \\cdot 10^{-4}\\, \\theta', '0.001 \\cdot 0.5^{\\lfloor t / 500 \\rfloor}']) {
    assert.ok(all.includes(part), `missing ${part} in\n${all}`);
  }
  assert.ok(!all.includes('\\lVert w\\rVert_2^2'), 'AdamW decays the weights itself: no L2 term in the loss');
  assert.match(tex({ dataset: 'spiral3', loss: 'crossEntropy' })[0]!, /softmax\}\(z_i\)_\{y_i\}/);
  assert.match(tex({ dataset: 'bumps', loss: 'huber' })[0]!, /huber\}_\{1\}\(z_i - y_i\)/);
  for (const optimizer of ['sgd', 'momentum', 'nesterov', 'adam', 'adamw', 'rmsprop', 'adagrad'] as const) {
    for (const schedule of ['none', 'step', 'cosine', 'exponential'] as const) {
      for (const line of tex({ optimizer, schedule, l1: 0.001, l2: 0.001, dropout: 0.5, batchNorm: true, inputNoise: 0.05 })) {
        assert.doesNotMatch(katex.renderToString(line, { throwOnError: true }), /katex-error/);
      }
    }
  }
});
