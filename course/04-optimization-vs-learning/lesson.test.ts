// Lesson 04's tests: the contract every lesson meets (lab/testing/lesson-contract.node.ts; the
// wall-clock figure is left out of the determinism check), then the facts true by construction
// (the 0-1 loss has zero gradient almost everywhere) as unit tests.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import lesson from './index.ts';
import { manualSeed, noGrad, randn, randint, tensor, type Tensor } from '../../engine/index.ts';
import { zeroOneLoss } from './zero-one.ts';
import { accuracyAtLoss } from './batch-size.ts';
import { makeMlp } from './shared.ts';
import { lessonContract } from '../../lab/testing/lesson-contract.node.ts';

lessonContract(lesson, import.meta.url, {
  prerequisites: ['how-networks-learn'],
  words: [600, 2500],
  predictCards: [1, 2],
  timedFigures: ['wall-clock'],
  badConfigs: [
    ['surrogate-vs-zero-one', { steps: -5 }, /'steps' must be an integer from/],
    ['surrogate-vs-zero-one', { lr: 0 }, /'lr' must be a number from/],
    ['full-vs-minibatch', { epochs: 2.5 }, /'epochs' must be an integer/],
    ['optimizer-race', { batchSize: 'big' }, /'batchSize' must be an integer/],
  ],
});

test('the 0-1 loss is the error rate, and its gradient is zero almost everywhere', () => {
  manualSeed(7);
  const logits = randn([200, 10]);
  const labels = randint(0, 10, [200]);
  const predicted = logits.argmax(1).toTypedArray();
  const y = labels.toTypedArray();
  let wrong = 0;
  for (let i = 0; i < 200; i++) if (predicted[i] !== y[i]) wrong++;
  assert.ok(Math.abs(zeroOneLoss(logits, labels).item() - wrong / 200) < 1e-6);
  assert.equal(zeroOneLoss(tensor([[2, 1, 0], [0, 1, 3]]), tensor([0, 1], { dtype: 'int32' })).item(), 0.5);

  // Autograd: the gradient through sign() is exactly 0 on every weight.
  const model = makeMlp(16);
  const x = randn([200, 784]);
  zeroOneLoss(model.forward(x), labels).backward();
  for (const p of model.parameters()) assert.equal(p.grad!.abs().max().item(), 0);

  // Finite differences: nudges of length 1e-4 along random unit directions of all the weights flip no
  // prediction, so the loss is flat there.
  const params = model.parameters();
  const start = params.map((p) => p.detach().clone());
  const lossAt = (dir: Tensor[], h: number) => noGrad(() => {
    params.forEach((p, i) => p.copy_(start[i]!.add(dir[i]!.mul(h))));
    return zeroOneLoss(model.forward(x), labels).item();
  });
  const base = lossAt(start.map((s) => s.mul(0)), 0);
  let flat = 0;
  for (let k = 0; k < 20; k++) {
    const raw = start.map((s) => randn(s.shape));
    const norm = Math.sqrt(raw.reduce((t, r) => t + r.pow(2).sum().item(), 0));
    const dir = raw.map((r) => r.div(norm)); // a unit direction in weight space
    if (lossAt(dir, 1e-4) === base && lossAt(dir, -1e-4) === base) flat++;
  }
  assert.ok(flat >= 18, `only ${flat} of 20 nudges left the 0-1 loss unchanged`);
});

test('accuracyAtLoss interpolates where the training loss first reaches a level', () => {
  const pts = [
    { epoch: 0, trainLoss: 2, testAccuracy: 0.1, seconds: 0 },
    { epoch: 1, trainLoss: 1, testAccuracy: 0.5, seconds: 0 },
    { epoch: 2, trainLoss: 0.5, testAccuracy: 0.7, seconds: 0 },
  ];
  assert.deepEqual(accuracyAtLoss(pts, 0.75), { accuracy: 0.6, epoch: 1.5 });
  assert.deepEqual(accuracyAtLoss(pts, 1), { accuracy: 0.5, epoch: 1 });
  assert.ok(Number.isNaN(accuracyAtLoss(pts, 0.1).accuracy));
});
