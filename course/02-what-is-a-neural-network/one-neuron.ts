// Experiment "One neuron by hand": a neuron computed with plain arithmetic and with the engine, then
// a 2-2-1 network whose gradients come three ways: the chain rule by hand, autograd's backward(),
// and finite differences (our own nudges, and the engine's public gradcheck in float64).

import { checkConfig, throwIfStopped } from '../kit/index.ts';
import { nn, tensor, manualSeed, randn, gradcheck, type Tensor } from '../../engine/index.ts';
import type { Experiment } from '../kit/index.ts';
import { activationNames, activations, type ActivationName } from './activations.ts';
import { handForward, handBackward, finiteDifferences, type TinyNet } from './tiny-net.ts';

export type OneNeuronConfig = {
  activation: ActivationName;
  inputs: number;
};

const params = [
  { key: 'activation', label: 'activation', kind: 'select', options: activationNames },
  { key: 'inputs', label: 'inputs to the neuron', kind: 'integer', min: 1, max: 8 },
] as const;

/** n numbers from the seeded stream, times `scale`, rounded to `digits` so the table reads easily. */
const draw = (n: number, scale: number, digits: number): number[] =>
  Array.from(randn([n]).toTypedArray(), (v) => Number((v * scale).toFixed(digits)));

const show = (xs: readonly number[]): string => `[${xs.map((v) => v.toFixed(2)).join(', ')}]`;

export const oneNeuron: Experiment<OneNeuronConfig> = {
  id: 'one-neuron',
  title: 'One neuron by hand',
  summary:
    'A neuron is a weighted sum plus a bias, passed through an activation: compute it with a calculator and with the engine and compare. Then check the gradients of a 2-2-1 network three ways.',
  params,
  defaults: { activation: 'sigmoid', inputs: 3 },
  quick: {},

  async run(config, ctx) {
    checkConfig('one-neuron', params, config);
    throwIfStopped(ctx.signal); // over in a millisecond, so one check before the work is enough
    const { activation, inputs } = config;
    const act = activations[activation];
    manualSeed(ctx.seed);

    // --- one neuron: a = act(w·x + b) ---
    const x = draw(inputs, 1.5, 1), w = draw(inputs, 1, 2), [b] = draw(1, 1, 2) as [number];
    const products = x.map((xi, i) => xi * w[i]!);
    const weighted = products.reduce((s, p) => s + p, 0);
    const z = weighted + b;
    const byHand = act.f(z);
    const linear = new nn.Linear(inputs, 1); // float32, as any user's layer
    linear.weight.data.set(w);
    linear.bias!.data.set([b]);
    const byEngine = act.module().forward(linear.forward(tensor([x]))).item();
    const neuronDiff = Math.abs(byHand - byEngine);
    // float32 keeps about 7 significant digits, so differences are judged relative to the value's size
    // (absolute below 1): this is what "equal up to rounding" means for numbers of any magnitude.
    const scaled = (a: number, c: number) => Math.abs(a - c) / Math.max(1, Math.abs(a));
    ctx.log(`neuron: by hand ${byHand}, engine ${byEngine}`);

    // --- a 2-2-1 network and its gradients ---
    const net: TinyNet = { w1: [draw(2, 1, 2), draw(2, 1, 2)], b1: draw(2, 1, 2), w2: draw(2, 1, 2), b2: draw(1, 1, 2)[0]!, x: draw(2, 1.5, 1), t: draw(1, 1, 2)[0]! };
    const fwd = handForward(net, act);
    const hand = handBackward(net, act, fwd);
    const fd = finiteDifferences(net, act);
    const auto = autogradGradients(net, activation);
    const names = ['W1[1,1]', 'W1[1,2]', 'W1[2,1]', 'W1[2,2]', 'b1[1]', 'b1[2]', 'W2[1]', 'W2[2]', 'b2'];
    const maxDiff = (a: number[], c: number[]) => Math.max(...a.map((v, i) => Math.abs(v - c[i]!)));
    const maxScaled = (a: number[], c: number[]) => Math.max(...a.map((v, i) => scaled(v, c[i]!)));
    const check = engineGradcheck(net, activation);
    ctx.progress({ series: 'one-neuron', step: 1, totalSteps: 1, metrics: { neuronDiff, backpropDiff: maxDiff(hand, auto) } });

    return {
      metrics: {
        'neuron.hand': byHand,
        'neuron.engine': byEngine,
        'neuron.absDiff': neuronDiff,
        'neuron.scaledDiff': scaled(byHand, byEngine),
        'net.loss': fwd.loss,
        'backprop.maxAbsDiff': maxDiff(hand, auto),
        'backprop.maxScaledDiff': maxScaled(hand, auto),
        'finiteDiff.maxAbsDiff': maxDiff(hand, fd),
        'gradcheck.passed': check.passed ? 1 : 0,
        'gradcheck.maxAbsError': Math.max(...check.inputs.map((r) => r.maxAbsError)),
      },
      figures: [
        {
          id: 'neuron',
          title: `One neuron with ${inputs} input${inputs > 1 ? 's' : ''}, piece by piece (activation: ${activation})`,
          kind: 'table',
          columns: ['piece', 'value'],
          rows: [
            ['inputs x', show(x)],
            ['weights w', show(w)],
            ['products wᵢ·xᵢ', show(products)],
            ['weighted sum w·x', weighted],
            ['bias b', b],
            ['pre-activation z = w·x + b', z],
            [`output a = ${activation}(z), by hand`, byHand],
            [`output of nn.Linear + ${activation} (float32)`, byEngine],
            ['|difference|', neuronDiff],
          ],
        },
        {
          id: 'gradients',
          title: `Gradients of the squared error of a 2-2-1 network (loss ${fwd.loss.toFixed(4)})`,
          kind: 'table',
          columns: ['parameter', 'chain rule by hand', 'autograd backward() (float32)', 'finite difference (float64)'],
          rows: names.map((n, i) => [n, hand[i]!, auto[i]!, fd[i]!]),
        },
      ],
    };
  },
};

/** The same network as engine layers, sharing the weights; returns the gradients in TinyNet order. */
function autogradGradients(net: TinyNet, activation: ActivationName): number[] {
  const l1 = new nn.Linear(2, 2), l2 = new nn.Linear(2, 1);
  l1.weight.data.set(net.w1.flat());
  l1.bias!.data.set(net.b1);
  l2.weight.data.set(net.w2);
  l2.bias!.data.set([net.b2]);
  const model = new nn.Sequential(l1, activations[activation].module(), l2);
  const yHat = model.forward(tensor([net.x]));
  yHat.sub(net.t).pow(2).sum().backward();
  const g = (p: Tensor) => Array.from(p.grad!.toTypedArray());
  return [...g(l1.weight), ...g(l1.bias!), ...g(l2.weight), ...g(l2.bias!)];
}

/** The engine's own check: autograd against central differences, all in float64. */
function engineGradcheck(net: TinyNet, activation: ActivationName) {
  const f64 = (v: number[] | number[][]) => tensor(v, { dtype: 'float64', requiresGrad: true });
  const x = tensor([net.x], { dtype: 'float64' });
  const loss = (w1: Tensor, b1: Tensor, w2: Tensor, b2: Tensor): Tensor => {
    const h = activations[activation].module().forward(x.matmul(w1.t()).add(b1));
    return h.matmul(w2.t()).add(b2).sub(net.t).pow(2).sum();
  };
  return gradcheck(loss, [f64(net.w1), f64(net.b1), f64([net.w2]), f64([net.b2])], { raise: false });
}
