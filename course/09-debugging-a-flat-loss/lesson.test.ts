// Lesson 09's tests: the contract every lesson meets (lab/testing/lesson-contract.node.ts), then the
// diagnostics' building blocks behaving as the text says (unit facts, not claims).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import lesson from './index.ts';
import { BUGS } from './flat-loss.ts';
import { crossEntropy, nn, optim, tensor, zeros } from '../../engine/index.ts';
import { lessonContract } from '../../lab/testing/lesson-contract.node.ts';

lessonContract(lesson, import.meta.url, {
  prerequisites: ['how-networks-learn', 'activations-and-vanishing-gradients', 'initialization'],
  words: [800, 2500],
  predictCards: [1, 2],
  badConfigs: [
    ['flat-loss', { bug: 'typo' }, /'bug' must be one of none, lr-too-high/],
    ['flat-loss', { steps: -5 }, /'steps' must be an integer from/],
    ['flat-loss', { lr: 0 }, /'lr' must be a number from/],
  ],
});

test('every bug has a claim, and the healthy control has one', () => {
  const covered = new Set(lesson.claims.map((c) => c.config?.bug));
  for (const bug of BUGS) assert.ok(covered.has(bug), `no claim runs bug '${bug}'`);
});

test('unit facts the text relies on', () => {
  // Zero logits give exactly ln C.
  const lossAtZero = crossEntropy(zeros([4, 10]), tensor([0, 3, 7, 9], { dtype: 'int32' })).item();
  assert.ok(Math.abs(lossAtZero - Math.log(10)) < 1e-6);
  // backward() accumulates into .grad: without zeroGrad the second gradient is the sum of both.
  const layer = new nn.Linear(3, 2);
  const opt = new optim.SGD(layer.parameters(), { lr: 0 });
  const x = tensor([[1, 2, 3]]);
  layer.forward(x).sum().backward();
  const once = Array.from(layer.weight.grad!.toTypedArray());
  layer.forward(x).sum().backward();
  assert.deepEqual(Array.from(layer.weight.grad!.toTypedArray()), once.map((g) => 2 * g));
  opt.zeroGrad();
  assert.equal(layer.weight.grad, null);
});
