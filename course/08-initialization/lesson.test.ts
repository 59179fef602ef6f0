// Lesson 08's tests: the contract every lesson meets (lab/testing/lesson-contract.node.ts), then the
// facts certain by construction (exact symmetry, nn.init's variances) as unit tests.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import lesson from './index.ts';
import { manualSeed, nn, zeros } from '../../engine/index.ts';
import { findExperiment, resolveConfig, runExperiment } from '../../lab/claims.ts';
import { lessonContract } from '../../lab/testing/lesson-contract.node.ts';

const { data } = lessonContract(lesson, import.meta.url, {
  prerequisites: ['how-networks-learn', 'activations-and-vanishing-gradients'],
  words: [500, 1500],
  predictCards: [1, 2],
  badConfigs: [
    ['symmetry', { activation: 'gelu' }, /'activation' must be one of tanh, relu, sigmoid/],
    ['symmetry', { hidden: 1 }, /'hidden' must be an integer from 2 to 256/],
    ['depth', { width: 2.5 }, /'width' must be an integer/],
    ['deep-training', { lr: 0 }, /'lr' must be a number from/],
  ],
});

test('zero and constant starts keep one distinct hidden unit with tanh, ReLU and sigmoid', async () => {
  const exp = findExperiment(lesson, 'symmetry');
  for (const activation of ['tanh', 'relu', 'sigmoid']) {
    const r = await runExperiment(exp, resolveConfig(exp, true, { activation, steps: 30, trainSize: 500, testSize: 200 }), 4, { data });
    assert.equal(r.metrics['zero.distinctUnits'], 1, `${activation}: zero start`);
    assert.equal(r.metrics['constant.distinctUnits'], 1, `${activation}: constant start`);
    assert.equal(r.metrics['random.distinctUnits'], 32, `${activation}: random start`);
    if (activation !== 'sigmoid') assert.equal(r.metrics['zero.spread'], 0, `${activation}: hidden weights of the zero start got no gradient`);
  }
});

test('nn.init draws Xavier and He at the variances the text derives', () => {
  manualSeed(7);
  const w = zeros([400, 600]);
  nn.init.xavierNormal_(w);
  assert.ok(Math.abs(w.var().item() / (2 / (600 + 400)) - 1) < 0.02);
  nn.init.kaimingNormal_(w, { nonlinearity: 'relu' });
  assert.ok(Math.abs(w.var().item() / (2 / 600) - 1) < 0.02);
  nn.init.xavierUniform_(w);
  assert.ok(Math.abs(w.abs().max().item() / Math.sqrt(6 / 1000) - 1) < 0.01);
});
