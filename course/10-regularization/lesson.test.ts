// Lesson 10's tests: the contract every lesson meets (lab/testing/lesson-contract.node.ts), then the
// facts certain by construction as unit tests: dropout's mask, scaling, backward and eval mode; L2
// as weight decay; the L1 penalty's gradient; batch norm's output statistics; the weight counter;
// weight noise (gradient at the noisy weights, clean weights restored) and activation noise (off in eval mode).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import lesson from './index.ts';
import { dropout, manualSeed, nn, ones, optim, randn, tensor, zeros } from '../../engine/index.ts';
import { lessonContract } from '../../lab/testing/lesson-contract.node.ts';
import { weightStats } from './sparsity.ts';
import { GaussianNoise, mlp, withWeightNoise } from './setup.ts';

lessonContract(lesson, import.meta.url, {
  prerequisites: ['how-networks-learn', 'optimization-vs-learning', 'initialization'],
  words: [1500, 4000],
  predictCards: [1, 2],
  badConfigs: [
    ['methods', { set: 'some' }, /'set' must be one of all, baseline-augmentation/],
    ['methods', { points: 4 }, /'points' must be an integer from 1 to 3/],
    ['sparsity', { l1: 0 }, /'l1' must be a number from/],
    ['dropout', { p: 1 }, /'p' must be a number from 0.05 to 0.9/],
    ['batchnorm-lr', { epochs: 0 }, /'epochs' must be an integer from 1/],
    ['attention', { slots: 0 }, /'slots' must be an integer from 1 to 16/],
    ['noise-where', { width: 8 }, /'width' must be an integer from 16 to 512/],
    ['noise-where', { noises: 'output' }, /'noises' must be one of all, input/],
  ],
});

test('dropout: a mask of zeros with probability p, survivors scaled by 1/(1 − p), the same mask in the backward, identity in eval mode', () => {
  manualSeed(3);
  const p = 0.3;
  const x = randn([200, 500], { requiresGrad: true });
  const y = dropout(x, p, true);
  y.sum().backward();
  const xs = x.toTypedArray(), ys = y.toTypedArray(), gs = x.grad!.toTypedArray();
  let dropped = 0;
  for (let i = 0; i < xs.length; i++) {
    if (ys[i] === 0) {
      dropped++;
      assert.equal(gs[i], 0, 'a dropped unit passes back no gradient');
    } else {
      assert.ok(Math.abs(ys[i]! - xs[i]! / (1 - p)) < 1e-5, 'a kept unit is scaled by 1/(1 − p)');
      assert.ok(Math.abs(gs[i]! - 1 / (1 - p)) < 1e-5, 'its gradient is scaled the same way');
    }
  }
  assert.ok(Math.abs(dropped / xs.length - p) < 0.01, `dropped share ${dropped / xs.length}`);
  // Eval mode: the identity, the same tensor back.
  const layer = new nn.Dropout(p);
  layer.eval();
  assert.deepEqual(Array.from(layer.forward(x).toTypedArray()), Array.from(xs));
});

test('L2: SGD weightDecay λ is the gradient of (λ/2)·Σw² added to the loss, and decays a weight with no loss gradient by (1 − ηλ) per step', () => {
  const w = tensor([2, -4], { requiresGrad: true });
  const opt = new optim.SGD([w], { lr: 0.1, weightDecay: 0.5 });
  w.mul(0).sum().backward(); // a zero loss gradient: only the decay acts
  opt.step();
  const close = (got: ArrayLike<number>, want: number[]) => want.forEach((v, i) => assert.ok(Math.abs(got[i]! - v) < 1e-6, `${got[i]} vs ${v}`));
  close(w.toTypedArray(), [2 * 0.95, -4 * 0.95]);
  const v = tensor([2, -4], { requiresGrad: true });
  optim.l2Penalty([v]).mul(0.25).backward(); // (λ/2)·Σv² with λ = 0.5
  close(v.grad!.toTypedArray(), [1, -2]);
});

test('L1: the penalty λ·Σ|w| pushes every weight toward 0 by the same λ·sign(w), however small the weight', () => {
  const w = tensor([3, -0.001, 0.5], { requiresGrad: true });
  optim.l1Penalty([w]).mul(0.1).backward();
  assert.deepEqual(Array.from(w.grad!.toTypedArray()).map((g) => Number(g.toFixed(6))), [0.1, -0.1, 0.1]);
});

test('batch norm in training mode gives each unit zero mean and unit variance over the batch (before its learned scale and shift move)', () => {
  manualSeed(5);
  const bn = new nn.BatchNorm1d(4);
  const out = bn.forward(randn([64, 4]).mul(tensor([1, 5, 0.1, 3])).add(ones([64, 4]).mul(7)));
  const mean = out.mean(0).toTypedArray(), v = out.var(0, false).toTypedArray();
  for (let j = 0; j < 4; j++) {
    assert.ok(Math.abs(mean[j]!) < 1e-4);
    assert.ok(Math.abs(v[j]! - 1) < 1e-3);
  }
});

test('weightStats counts |w| < 1e-3 and bins log₁₀|w| into half decades summing to 1', () => {
  const { zeroed, bins } = weightStats(Float32Array.from([0, 1e-5, -5e-4, 2e-3, -0.5, 0.9]));
  assert.equal(zeroed, 3 / 6);
  assert.ok(Math.abs(bins.reduce((s, [, f]) => s + f, 0) - 1) < 1e-12);
});

test('weight noise: the gradient is taken at w + ε, then the clean weights come back exactly, so the update moves the clean w', () => {
  manualSeed(7);
  const w = randn([30, 40], { requiresGrad: true });
  const clean = Array.from(w.toTypedArray());
  let inside: number[] = [];
  withWeightNoise([w], 0.5, () => {
    inside = Array.from(w.toTypedArray());
    w.mul(w).sum().mul(0.5).backward(); // L = ½Σw², so ∇L = the weights the pass saw
  });
  const diff = inside.map((v, i) => v - clean[i]!);
  const std = Math.sqrt(diff.reduce((s, d) => s + d * d, 0) / diff.length);
  assert.ok(Math.abs(std - 0.5) < 0.05, `noise std ${std}`);
  assert.deepEqual(Array.from(w.toTypedArray()), clean, 'the clean weights are restored bit for bit');
  const g = Array.from(w.grad!.toTypedArray());
  g.forEach((v, i) => assert.ok(Math.abs(v - inside[i]!) < 1e-5, 'the gradient is the one at the noisy weights'));
  // A step then moves the clean weights by −η·∇L(w + ε).
  const opt = new optim.SGD([w], { lr: 0.1 });
  opt.step();
  Array.from(w.toTypedArray()).forEach((v, i) => assert.ok(Math.abs(v - (clean[i]! - 0.1 * inside[i]!)) < 1e-5));
});

test('activation noise: N(0, σ²) added to every activation in training mode, none in eval mode (the network is then deterministic, the same as without the noise layers)', () => {
  manualSeed(11);
  const layer = new GaussianNoise(0.7);
  const x = zeros([200, 500]);
  const noisy = Array.from(layer.forward(x).toTypedArray());
  const mean = noisy.reduce((s, v) => s + v, 0) / noisy.length;
  const std = Math.sqrt(noisy.reduce((s, v) => s + (v - mean) ** 2, 0) / noisy.length);
  assert.ok(Math.abs(mean) < 0.01 && Math.abs(std - 0.7) < 0.01, `mean ${mean}, std ${std}`);
  layer.eval();
  assert.deepEqual(Array.from(layer.forward(x).toTypedArray()), Array.from(x.toTypedArray()));
  manualSeed(12);
  const withNoise = mlp(32, { activationNoise: 1 });
  manualSeed(12);
  const plain = mlp(32);
  const input = randn([5, 784]);
  withNoise.eval();
  plain.eval();
  const a = Array.from(withNoise.forward(input).toTypedArray());
  assert.deepEqual(Array.from(withNoise.forward(input).toTypedArray()), a, 'eval mode: two passes agree');
  assert.deepEqual(Array.from(plain.forward(input).toTypedArray()), a, 'eval mode: the same as the network without noise');
  withNoise.train();
  assert.notDeepEqual(Array.from(withNoise.forward(input).toTypedArray()), a, 'training mode: noisy');
});

test('noise-where with noises: input runs the same baseline and input sweep as the full comparison (its claim relies on it)', async () => {
  const { findExperiment, resolveConfig, runExperiment } = await import('../../lab/claims.ts');
  const { nodeDataSource } = await import('../../lab/data-source.node.ts');
  const exp = findExperiment(lesson, 'noise-where');
  const small = { ...resolveConfig(exp, true), trainSize: 200, valSize: 200, testSize: 500, width: 16, epochs: 2 };
  const data = nodeDataSource();
  const all = await runExperiment(exp, { ...small, noises: 'all' }, 5, { data });
  const input = await runExperiment(exp, { ...small, noises: 'input' }, 5, { data });
  const keys = Object.keys(input.metrics);
  assert.ok(keys.includes('input.test@3') && keys.includes('baseline.test') && !keys.some((k) => k.startsWith('weight.')));
  for (const k of keys) assert.equal(input.metrics[k], all.metrics[k], k);
  assert.ok(Object.keys(all.metrics).some((k) => k.startsWith('weight.')), 'the full run sweeps the other kinds too');
});
