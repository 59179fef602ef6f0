// Lesson 07's tests: the contract every lesson meets (lab/testing/lesson-contract.node.ts), then the
// formulas the text uses (unit tests, not claims).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import lesson from './index.ts';
import { derivative } from './gradient-flow.ts';
import { activate, geometricFactor, type ActivationName } from './shared.ts';
import { allFinite, deadFractions } from './dead-relus.ts';
import { nn, noGrad, tensor, type NestedArray, type Tensor } from '../../engine/index.ts';
import { lessonContract } from '../../lab/testing/lesson-contract.node.ts';

const { cachedRun } = lessonContract(lesson, import.meta.url, {
  prerequisites: ['what-is-a-neural-network', 'how-networks-learn'],
  words: [500, 1800],
  badConfigs: [
    ['gradient-flow', { depth: 1 }, /'depth' must be an integer from 3 to 30/],
    ['depth-race', { steps: 2.5 }, /'steps' must be an integer/],
    ['dead-relus', { width: 'wide' }, /'width' must be an integer from/],
  ],
});

const fill_ = (t: Tensor, values: NestedArray) => noGrad(() => t.copy_(tensor(values)));

test('the derivatives the text quotes: sigmoid’s peak is 1/4 at 0, tanh’s is 1, and each matches autograd', () => {
  assert.equal(derivative('sigmoid', 0), 0.25);
  assert.equal(derivative('tanh', 0), 1);
  for (let z = -8; z <= 8; z += 0.01) assert.ok(derivative('sigmoid', z) <= 0.25 && derivative('sigmoid', z) > 0);
  // tanh(z) = 2σ(2z) − 1, so tanh′(z) = 4σ′(2z): the same shape, four times taller.
  for (const z of [-3, -0.5, 0.2, 2]) assert.ok(Math.abs(derivative('tanh', z) - 4 * derivative('sigmoid', 2 * z)) < 1e-12);
  const zs = [-3, -1.2, -0.3, 0.4, 1.7, 3];
  for (const name of ['sigmoid', 'tanh', 'relu', 'gelu'] as ActivationName[]) {
    const z = tensor(zs, { dtype: 'float64', requiresGrad: true });
    activate(name, z).sum().backward();
    const g = z.grad!.toTypedArray();
    zs.forEach((v, i) => assert.ok(Math.abs(Number(g[i]) - derivative(name, v)) < 1e-6, `${name}′(${v}): autograd ${g[i]} vs formula ${derivative(name, v)}`));
  }
});

test('GELU’s derivative is zero near z = −0.75 and negative below it: it is not “never zero”', () => {
  assert.ok(derivative('gelu', -0.7) > 0 && derivative('gelu', -0.8) < 0);
  assert.ok(derivative('gelu', -2) < 0 && Math.abs(derivative('gelu', -6)) < 1e-6);
});

test('geometricFactor reads the per-layer factor of an exact geometric sequence', () => {
  assert.ok(Math.abs(geometricFactor([0.25 ** 3, 0.25 ** 2, 0.25, 1]) - 0.25) < 1e-12);
});

test('dead units are counted on finite nets only; NaN weights read as not finite', () => {
  const model = new nn.Sequential(new nn.Linear(3, 4), new nn.ReLU(), new nn.Linear(4, 2));
  const first = model.get(0) as nn.Linear;
  fill_(first.weight, [[1, 0, 0], [-1, 0, 0], [0, 0, 0], [0, 1, 0]]);
  fill_(first.bias!, [0, 0, -1, 0]);
  // Unit 3 (weights 0, bias −1) is silent on every input; unit 2 fires on the negative first input.
  const x = tensor([[1, 2, 3], [-1, 0, 5]]);
  assert.deepEqual(deadFractions(model, x), [0.25]);
  assert.ok(allFinite(model));
  fill_(first.bias!, [Number.NaN, 0, 0, 0]);
  assert.ok(!allFinite(model));
});

test('a diverged run reports no dead fraction; a finite one reports fractions in [0, 1]', async () => {
  const r = await cachedRun('dead-relus', {}, 1);
  const keys = Object.keys(r.metrics).filter((k) => k.endsWith('.diverged'));
  assert.ok(keys.some((k) => r.metrics[k] === 1), 'seed 1 is expected to have a diverged run (SGD at 3)');
  for (const k of keys) {
    const run = k.slice(0, -'.diverged'.length);
    for (const m of ['dead1', 'dead2', 'dead', 'accuracy']) {
      const v = r.metrics[`${run}.${m}`];
      if (r.metrics[k] === 1) assert.equal(v, undefined, `${run}.${m} reported for a diverged run`);
      else assert.ok(v !== undefined && v >= 0 && v <= 1, `${run}.${m} = ${v}`);
    }
  }
});
