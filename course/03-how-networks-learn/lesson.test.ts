// Lesson 03's tests: the contract every lesson meets (lab/testing/lesson-contract.node.ts), then the
// facts certain by construction as unit tests: backprop by hand = autograd = finite differences, the
// worked example's numbers, the quadratic's exact 2/λ limit, steps per epoch, and inference mode.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import lesson from './index.ts';
import { ACT, backward, finiteDifferences, forward, mat, PARAM_NAMES, sgdStep, workedExample, type Batch, type TwoLayerNet } from './backprop-by-hand.ts';
import { epochBatches, stepsPerEpoch } from './epochs.ts';
import { crossEntropy, fromTypedArray, gradcheck, manualSeed, randn, type Tensor } from '../../engine/index.ts';
import { lessonContract } from '../../lab/testing/lesson-contract.node.ts';

const runs = lessonContract(lesson, import.meta.url, {
  prerequisites: ['what-is-a-neural-network'],
  words: [1500, 3500],
  predictCards: [1, 2],
  timedFigures: ['timing'],
  badConfigs: [
    ['backprop', { activation: 'sigmoid' }, /'activation' must be one of relu, tanh/],
    ['learning-rate', { steps: 5 }, /'steps' must be an integer from 20/],
    ['epochs', { batchSize: 0 }, /'batchSize' must be an integer from 1/],
    ['inference', { dropout: 1 }, /'dropout' must be a number from 0 to 0.9/],
  ],
});

/** A random 5-4-3 net and a batch of 6, in float64, from a seed. */
function randomCase(seed: number): { net: TwoLayerNet; batch: Batch } {
  manualSeed(seed);
  const draw = (shape: number[]) => Float64Array.from(randn(shape).toTypedArray());
  return {
    net: { w1: mat(4, 5, draw([4, 5])), b1: draw([4]), w2: mat(3, 4, draw([3, 4])), b2: draw([3]) },
    batch: { x: mat(6, 5, draw([6, 5])), y: Int32Array.from([0, 1, 2, 2, 1, 0]) },
  };
}

function autogradOf(net: TwoLayerNet, batch: Batch, act: 'relu' | 'tanh') {
  const x = fromTypedArray(batch.x.v, [batch.x.rows, batch.x.cols]);
  const y = fromTypedArray(batch.y, [batch.y.length]);
  const leaves = [fromTypedArray(net.w1.v, [net.w1.rows, net.w1.cols], { requiresGrad: true }), fromTypedArray(net.b1, [net.b1.length], { requiresGrad: true }),
    fromTypedArray(net.w2.v, [net.w2.rows, net.w2.cols], { requiresGrad: true }), fromTypedArray(net.b2, [net.b2.length], { requiresGrad: true })];
  const f = (w1: Tensor, b1: Tensor, w2: Tensor, b2: Tensor) => {
    const z1 = x.matmul(w1.t()).add(b1);
    return crossEntropy((act === 'relu' ? z1.relu() : z1.tanh()).matmul(w2.t()).add(b2), y);
  };
  const loss = f(leaves[0]!, leaves[1]!, leaves[2]!, leaves[3]!);
  loss.backward();
  return { loss: loss.item(), grads: leaves.map((t) => Array.from(t.grad!.toTypedArray() as Float64Array)), check: gradcheck((a, b, c, d) => f(a!, b!, c!, d!), leaves, { raise: false }) };
}

test('backprop by hand = autograd (to rounding) = central finite differences, relu and tanh', () => {
  for (const act of ['relu', 'tanh'] as const) {
    for (const seed of [1, 2, 3]) {
      const { net, batch } = randomCase(seed);
      const fwd = forward(net, batch, act);
      const hand = backward(net, batch, fwd, act);
      const auto = autogradOf(net, batch, act);
      const fd = finiteDifferences(net, batch, act);
      assert.ok(Math.abs(fwd.loss - auto.loss) < 1e-12, `${act} seed ${seed}: losses differ`);
      PARAM_NAMES.forEach((name, k) => {
        hand[name].forEach((g, i) => {
          assert.ok(Math.abs(g - auto.grads[k]![i]!) < 1e-12, `${act} seed ${seed}: ${name}[${i}] hand ${g} vs autograd ${auto.grads[k]![i]}`);
          assert.ok(Math.abs(g - fd[name][i]!) < 1e-6, `${act} seed ${seed}: ${name}[${i}] hand ${g} vs finite difference ${fd[name][i]}`);
        });
      });
      assert.ok(auto.check.passed, `${act} seed ${seed}: the engine's gradcheck failed`);
    }
  }
});

test('the worked example has the numbers the text walks through', () => {
  const { net, batch } = workedExample();
  const f = forward(net, batch, 'relu');
  const close = (a: ArrayLike<number>, b: number[]) => Array.from(a).every((v, i) => Math.abs(v - b[i]!) < 1e-6);
  const s = 1 / (1 + Math.E); // p₁ = softmax(−0.5, 0.5)₁ = 1/(1 + e)
  assert.ok(close(f.z1.v, [-0.4, 1]) && close(f.h.v, [0, 1]) && close(f.z2.v, [-0.5, 0.5]));
  assert.ok(Math.abs(f.loss - Math.log(1 + Math.E)) < 1e-12);
  const g = backward(net, batch, f, 'relu');
  const a = 1 - s; // 0.731059
  assert.ok(close(g.b2, [-a, a]) && close(g.w2, [0, -a, 0, a]));
  assert.ok(close(g.b1, [0, a]) && close(g.w1, [0, 0, a, 2 * a]), 'the switched-off unit gets no gradient');
  // One step at η = 0.5 lowers the loss to 0.393 and switches the second unit off for this input.
  const after = forward(sgdStep(net, g, 0.5), batch, 'relu');
  assert.ok(Math.abs(after.loss - 0.392987) < 1e-6);
  assert.deepEqual(Array.from(after.h.v), [0, 0]);
  assert.equal(ACT.relu.df(0), 0);
});

test('on a quadratic, gradient descent converges exactly when η < 2/λ_max', () => {
  // L(θ) = ½ Σ λᵢ θᵢ², curvatures 1 and 10: each step multiplies θᵢ by (1 − ηλᵢ).
  const lambdas = [1, 10];
  const run = (eta: number) => {
    let theta = [1, 1];
    for (let t = 0; t < 200; t++) theta = theta.map((v, i) => v - eta * lambdas[i]! * v);
    return Math.hypot(...theta);
  };
  assert.ok(run(0.19) < 1e-3, 'just below 2/λ_max = 0.2 it converges');
  assert.ok(run(0.21) > 1e3, 'just above it diverges');
  assert.ok(run(0.001) > 0.8, 'far below, after 200 steps it has barely moved along the flat direction');
});

test('an epoch is ⌈N/B⌉ steps that visit every example exactly once', () => {
  assert.equal(stepsPerEpoch(1000, 32), 32);
  assert.equal(stepsPerEpoch(10000, 32), 313);
  assert.equal(stepsPerEpoch(500, 32), 16);
  const batches = epochBatches(1000, 32, 7);
  assert.equal(batches.length, 32);
  assert.equal(batches[31]!.length, 8);
  const seen = batches.flatMap((b) => Array.from(b)).sort((p, q) => p - q);
  assert.deepEqual(seen, Array.from({ length: 1000 }, (_, i) => i));
  assert.notDeepEqual(Array.from(epochBatches(1000, 32, 8)[0]!), Array.from(batches[0]!), 'each epoch reshuffles');
});

test('inference records no graph and is deterministic in eval mode; training mode drops units', async () => {
  const r = await runs.cachedRun('inference', {}, 1);
  assert.equal(r.metrics['inference.graphOps'], 0);
  assert.ok(r.metrics['train.graphOps']! > 0);
  assert.equal(r.metrics['eval.outputsThatDiffer'], 0);
  assert.ok(r.metrics['train.outputsThatDiffer']! > 0.5);
});

test('the epochs experiment takes ⌈N/B⌉ steps per epoch', async () => {
  const r = await runs.cachedRun('epochs', {}, 1);
  assert.equal(r.metrics['repeated.steps'], 20 * stepsPerEpoch(500, 32));
  assert.equal(r.metrics['fresh.steps'], stepsPerEpoch(10000, 32));
});
