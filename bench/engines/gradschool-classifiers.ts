// The MLP and CNN workloads on gradschool: the networks in the functional API at the shared
// weights, softmax cross-entropy, and plain SGD. gradschool.ts steps them on one thread;
// replicas.ts builds one per data-parallel replica.

import * as g from '../../engine/index.ts';
import type { Tensor } from '../../engine/index.ts';
import { LR, type Param } from '../data.ts';

type Params = Record<string, Tensor>;

const mlp = (p: Params, x: Tensor): Tensor => {
  const h1 = g.linear(x, p['fc1.weight'], p['fc1.bias']).relu();
  const h2 = g.linear(h1, p['fc2.weight'], p['fc2.bias']).relu();
  return g.linear(h2, p['fc3.weight'], p['fc3.bias']);
};

const cnn = (p: Params, x: Tensor): Tensor => {
  const h1 = g.maxPool2d(g.conv2d(x, p['conv1.weight'], p['conv1.bias']).relu(), 2);
  const h2 = g.maxPool2d(g.conv2d(h1, p['conv2.weight'], p['conv2.bias']).relu(), 2);
  return g.linear(g.flatten(h2, 1), p['fc.weight'], p['fc.bias']);
};

// Plain SGD: p ← p − lr·∇p, then clear the gradient (what optim.SGD's step + zeroGrad will do).
function sgdStep(params: Tensor[], lr: number): void {
  g.noGrad(() => {
    for (const p of params) {
      p.sub_(p.grad!.mul(lr));
      p.grad = null;
    }
  });
}

/** The MLP or CNN at the shared weights, its loss on (x, labels), and its SGD update. */
export function buildClassifier(kind: 'mlp' | 'cnn', init: Param[]) {
  const p: Params = {};
  for (const q of init) p[q.name] = g.fromTypedArray(q.data.slice(), q.shape).requiresGrad_();
  const params = Object.values(p);
  const forward = kind === 'mlp' ? mlp : cnn;
  return {
    params,
    loss: (x: Tensor, y: Tensor): Tensor => g.crossEntropy(forward(p, x), y),
    update: (): void => sgdStep(params, LR),
  };
}

