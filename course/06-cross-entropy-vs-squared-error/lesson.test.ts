// Lesson 06's tests: the contract every lesson meets (lab/testing/lesson-contract.node.ts), then the
// facts certain by construction (closed-form gradients, their ratios, properness, calibration
// arithmetic) as unit tests rather than claims.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import lesson from './index.ts';
import { binaryCrossEntropyWithLogits, crossEntropy, grad, tensor } from '../../engine/index.ts';
import { lessonContract } from '../../lab/testing/lesson-contract.node.ts';
import { crossEntropyLogitGrad, sigmoidSquaredError, softmaxSquaredError, squaredErrorLogitGrad, vectorNorm } from './losses.ts';
import { gradAtWrongLogit } from './binary.ts';
import { calibration } from './shared.ts';

const { cachedRun } = lessonContract(lesson, import.meta.url, {
  prerequisites: ['softmax-vs-argmax'],
  words: [1000, 2600],
  predictCards: [1, 2],
  badConfigs: [
    ['ce-vs-mse', { steps: -5 }, /'steps' must be an integer from/],
    ['ce-vs-mse', { optimizer: 'lbfgs' }, /'optimizer' must be one of sgd, adam/],
    ['confidently-wrong', { classes: 1 }, /'classes' must be an integer from 2 to 100/],
    ['binary', { lr: 0 }, /'lr' must be a number from/],
    ['regression', { steps: 2.5 }, /'steps' must be an integer/],
  ],
});

/** Autograd's gradient of `loss` with respect to float64 logits `z` for one example of class `t`. */
function logitGrad(loss: typeof crossEntropy, z: number[], t: number): number[] {
  const logits = tensor([z], { dtype: 'float64' });
  logits.requiresGrad = true;
  return Array.from(grad(loss(logits, tensor([t], { dtype: 'int32' })), [logits])[0]!.toTypedArray());
}

test('autograd equals the closed forms p − y and 2pᵢ(rᵢ − Σⱼ pⱼrⱼ) at every confidence the sweep visits', async () => {
  const r = await cachedRun('confidently-wrong', {}, 1);
  assert.ok(r.metrics['closedFormMaxError']! <= 1e-12, `largest difference ${r.metrics['closedFormMaxError']}`);
  // And on an arbitrary point, against the formulas directly.
  const z = [0.3, -1.2, 2.0, 0.1];
  const e = z.map(Math.exp), s = e.reduce((a, b) => a + b, 0), p = e.map((v) => v / s);
  const close = (a: number[], b: number[]) => a.every((v, i) => Math.abs(v - b[i]!) < 1e-12);
  assert.ok(close(logitGrad(crossEntropy, z, 1), crossEntropyLogitGrad(p, 1)));
  assert.ok(close(logitGrad(softmaxSquaredError, z, 1), squaredErrorLogitGrad(p, 1)));
});

test('at a uniform softmax, squared error’s logit gradient is exactly 2/C times cross-entropy’s', () => {
  for (const c of [2, 10, 100]) {
    const z = new Array(c).fill(0);
    const ratio = vectorNorm(logitGrad(crossEntropy, z, 0)) / vectorNorm(logitGrad(softmaxSquaredError, z, 0));
    assert.ok(Math.abs(ratio - c / 2) < 1e-9, `C = ${c}: ratio ${ratio}`);
  }
});

test('confidently wrong at p = 0.999: cross-entropy keeps a norm near √2, squared error’s is hundreds of times smaller', async () => {
  for (const seed of [1, 2, 3]) {
    const r = await cachedRun('confidently-wrong', {}, seed);
    assert.ok(Math.abs(r.metrics['ce.gradNorm']! - Math.SQRT2) < 0.01);
    assert.ok(r.metrics['gradRatio']! > 100);
    assert.ok(r.metrics['se.gradNorm']! < r.metrics['se.gradNormAt90']! / 10, 'squared error’s gradient falls more than 10× from p = 0.9 to 0.999');
  }
});

test('binary: BCE’s gradient σ − y is 1/(2p(1 − p)) times squared error’s, ≈ 500 at p = 0.999 and 2 at p = ½', () => {
  const bce = (z: ReturnType<typeof tensor>, y: ReturnType<typeof tensor>) => binaryCrossEntropyWithLogits(z, y);
  for (const p of [0.5, 0.9, 0.999]) {
    const ratio = gradAtWrongLogit(p, bce) / gradAtWrongLogit(p, sigmoidSquaredError);
    assert.ok(Math.abs(ratio * 2 * p * (1 - p) - 1) < 1e-9, `p = ${p}: ratio ${ratio}`);
  }
  // BCE from the logit stays finite where log σ(z) would round to −∞ in float32.
  const far = binaryCrossEntropyWithLogits(tensor([-200]), tensor([1])).item();
  assert.ok(Math.abs(far - 200) < 1e-3, `BCE at z = −200 is ${far}`);
});

test('both losses are proper: for a true class distribution q, the expected loss is minimized by reporting p = q', () => {
  const q = [0.6, 0.3, 0.1];
  const expectedLog = (p: number[]) => -q.reduce((s, qc, c) => s + qc * Math.log(p[c]!), 0);
  const expectedBrier = (p: number[]) => q.reduce((s, qc, y) => s + qc * p.reduce((a, pc, c) => a + (pc - (c === y ? 1 : 0)) ** 2, 0), 0);
  for (const p of [[0.7, 0.2, 0.1], [0.5, 0.4, 0.1], [0.6, 0.2, 0.2], [1 / 3, 1 / 3, 1 / 3], [0.9, 0.05, 0.05]]) {
    assert.ok(expectedLog(p) > expectedLog(q));
    assert.ok(expectedBrier(p) > expectedBrier(q));
  }
});

test('calibration: ECE is 0 when confidence matches accuracy in each bin, and measures the gap otherwise', () => {
  // Four examples at confidence 0.75, three right: perfectly calibrated.
  const probs = [0.75, 0.25, 0.75, 0.25, 0.75, 0.25, 0.25, 0.75];
  assert.ok(calibration(probs, [0, 0, 0, 0]).ece < 1e-12);
  // All at 0.75 and all right: under-confident by 0.25.
  const c = calibration(probs, [0, 0, 0, 1]);
  assert.ok(Math.abs(c.ece - 0.25) < 1e-12 && c.accuracy === 1 && Math.abs(c.confidence - 0.75) < 1e-12);
});
