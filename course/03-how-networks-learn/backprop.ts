// Experiment backprop: the gradients of a two-layer classifier three ways — the chain rule by hand
// (backprop-by-hand.ts), the engine's autograd, and central finite differences — first on the
// one-example net the text works through, then on a batch of real 8×8 digits. A display, not a
// claim: that the three agree is certain by construction and is a unit test in lesson.test.ts.

import { checkConfig, seededPermutation, throwIfStopped, type Experiment, type Figure, type Param } from '../kit/index.ts';
import { crossEntropy, fromTypedArray, gradcheck, manualSeed, randn, type Tensor } from '../../engine/index.ts';
import { backward, finiteDifferences, forward, mat, PARAM_NAMES, paramArray, sgdStep, workedExample, type ActivationName, type Batch, type Grads, type TwoLayerNet } from './backprop-by-hand.ts';

export interface BackpropConfig {
  [key: string]: number | string | boolean;
  activation: string;
  hidden: number;
  batchSize: number;
  lr: number;
}

const params: readonly Param[] = [
  { key: 'activation', label: 'hidden activation (digits net)', kind: 'select', options: ['relu', 'tanh'] },
  { key: 'hidden', label: 'hidden units (digits net)', kind: 'integer', min: 1, max: 64 },
  { key: 'batchSize', label: 'digits in the batch', kind: 'integer', min: 1, max: 256 },
  { key: 'lr', label: 'learning rate of the one step on the worked example', kind: 'number', min: 0.01, max: 10, log: true },
];

/** The same forward pass with the engine, in float64, so autograd can be compared to the hand sums. */
function engineLoss(act: ActivationName, x: Tensor, y: Tensor) {
  return (w1: Tensor, b1: Tensor, w2: Tensor, b2: Tensor): Tensor => {
    const z1 = x.matmul(w1.t()).add(b1);
    const h = act === 'relu' ? z1.relu() : z1.tanh();
    return crossEntropy(h.matmul(w2.t()).add(b2), y);
  };
}

const leaf = (v: Float64Array, shape: number[]) => fromTypedArray(Float64Array.from(v), shape, { requiresGrad: true });

/** Autograd's gradients and the engine's own gradcheck for a net and batch. */
function autograd(net: TwoLayerNet, batch: Batch, act: ActivationName): { grads: Grads; gradcheckPassed: boolean; gradcheckMaxError: number } {
  const x = fromTypedArray(batch.x.v, [batch.x.rows, batch.x.cols]);
  const y = fromTypedArray(batch.y, [batch.y.length]);
  const inputs = [leaf(net.w1.v, [net.w1.rows, net.w1.cols]), leaf(net.b1, [net.b1.length]), leaf(net.w2.v, [net.w2.rows, net.w2.cols]), leaf(net.b2, [net.b2.length])];
  const f = engineLoss(act, x, y);
  f(...(inputs as [Tensor, Tensor, Tensor, Tensor])).backward();
  const [w1, b1, w2, b2] = inputs.map((t) => Float64Array.from(t.grad!.toTypedArray()));
  const report = gradcheck((a, b, c, d) => f(a!, b!, c!, d!), inputs, { raise: false });
  return { grads: { w1: w1!, b1: b1!, w2: w2!, b2: b2! }, gradcheckPassed: report.passed, gradcheckMaxError: Math.max(...report.inputs.map((r) => r.maxAbsError)) };
}

const maxAbsDiff = (a: Grads, b: Grads, name?: (typeof PARAM_NAMES)[number]): number =>
  Math.max(...(name ? [name] : PARAM_NAMES).flatMap((n) => Array.from(a[n], (v, i) => Math.abs(v - b[n][i]!))));

/** Parameter labels as the text writes them: W1[row, col] counting from 1. */
function labels(net: TwoLayerNet): string[] {
  const out: string[] = [];
  for (const name of PARAM_NAMES) {
    const v = paramArray(net, name);
    const cols = name === 'w1' ? net.w1.cols : name === 'w2' ? net.w2.cols : 1;
    const sym = name.toUpperCase().replace('B', 'b');
    v.forEach((_, i) => out.push(cols === 1 ? `${sym}[${i + 1}]` : `${sym}[${Math.floor(i / cols) + 1},${(i % cols) + 1}]`));
  }
  return out;
}

const flat = (g: Grads) => PARAM_NAMES.flatMap((n) => Array.from(g[n]));
const r6 = (x: number) => Number(x.toFixed(6));

export const backpropExperiment: Experiment<BackpropConfig> = {
  id: 'backprop',
  title: 'Backprop by hand = autograd = finite differences',
  summary:
    'A two-layer classifier’s gradients three ways: the chain rule written out with plain arrays, the engine’s backward(), and nudging each weight ±10⁻⁶. First the one-example net the text works through, then a batch of real 8×8 digits.',
  params,
  defaults: { activation: 'relu', hidden: 16, batchSize: 32, lr: 0.5 },
  quick: {},
  async run(config, ctx) {
    checkConfig('backprop', params, config);
    throwIfStopped(ctx.signal);
    const act = config.activation as ActivationName;
    const metrics: Record<string, number> = {};
    const figures: Figure[] = [];

    // 1. The worked example: one image-free input, numbers small enough to check on paper.
    const w = workedExample();
    const wf = forward(w.net, w.batch, 'relu');
    const wHand = backward(w.net, w.batch, wf, 'relu');
    const wAuto = autograd(w.net, w.batch, 'relu');
    const wFd = finiteDifferences(w.net, w.batch, 'relu');
    const after = forward(sgdStep(w.net, wHand, config.lr), w.batch, 'relu');
    metrics['worked.loss'] = wf.loss;
    metrics['worked.lossAfterStep'] = after.loss;
    metrics['worked.maxHandVsAutograd'] = maxAbsDiff(wHand, wAuto.grads);
    metrics['worked.maxHandVsFiniteDiff'] = maxAbsDiff(wHand, wFd);
    const values = flat({ w1: w.net.w1.v, b1: w.net.b1, w2: w.net.w2.v, b2: w.net.b2 });
    const [hand, auto, fd] = [flat(wHand), flat(wAuto.grads), flat(wFd)];
    figures.push({
      id: 'worked-gradients', title: 'The worked example: each parameter’s gradient three ways', kind: 'table',
      columns: ['parameter', 'value', 'by hand (chain rule)', 'autograd', 'finite difference'],
      rows: labels(w.net).map((name, i) => [name, values[i]!, r6(hand[i]!), r6(auto[i]!), r6(fd[i]!)]),
    });
    figures.push({
      id: 'worked-forward', title: 'The worked example: forward values, and the loss after one gradient step', kind: 'table',
      columns: ['quantity', 'value'],
      rows: [
        ['x', '1, 2'], ['label y', 'class 1 (first of two)'],
        ['z1 = W1·x + b1', Array.from(wf.z1.v, r6).join(', ')], ['h = relu(z1)', Array.from(wf.h.v, r6).join(', ')],
        ['z2 = W2·h + b2 (logits)', Array.from(wf.z2.v, r6).join(', ')], ['p = softmax(z2)', Array.from(wf.p.v, r6).join(', ')],
        ['loss −log p₁', r6(wf.loss)], [`loss after one step with learning rate ${config.lr}`, r6(after.loss)],
        ['largest |hand − autograd|', metrics['worked.maxHandVsAutograd']!.toExponential(2)], ['largest |hand − finite difference|', metrics['worked.maxHandVsFiniteDiff']!.toExponential(2)],
      ],
    });

    // 2. A real batch: 8×8 digits (pixels / 16), a 64-m-10 net drawn from the seed.
    const digits = await ctx.data.digits();
    throwIfStopped(ctx.signal);
    const rows = seededPermutation(digits.y.shape[0]!, ctx.seed).subarray(0, config.batchSize);
    const px = digits.x.toTypedArray(), py = digits.y.toTypedArray();
    const batch: Batch = { x: mat(rows.length, 64), y: Int32Array.from(rows, (r) => py[r]!) };
    rows.forEach((r, n) => { for (let i = 0; i < 64; i++) batch.x.v[n * 64 + i] = px[r * 64 + i]! / 16; });
    manualSeed(ctx.seed);
    const m = config.hidden;
    const draw = (shape: number[], scale: number) => Float64Array.from(randn(shape).toTypedArray(), (v) => v * scale);
    const net: TwoLayerNet = { w1: mat(m, 64, draw([m, 64], 1 / 8)), b1: draw([m], 0.1), w2: mat(10, m, draw([10, m], 1 / Math.sqrt(m))), b2: draw([10], 0.1) };
    const f = forward(net, batch, act);
    const byHand = backward(net, batch, f, act);
    const byAuto = autograd(net, batch, act);
    throwIfStopped(ctx.signal);
    const byFd = finiteDifferences(net, batch, act);
    metrics['digits.loss'] = f.loss;
    metrics['digits.maxHandVsAutograd'] = maxAbsDiff(byHand, byAuto.grads);
    metrics['digits.maxHandVsFiniteDiff'] = maxAbsDiff(byHand, byFd);
    metrics['digits.maxAutogradVsFiniteDiff'] = maxAbsDiff(byAuto.grads, byFd);
    metrics['digits.gradcheckPassed'] = byAuto.gradcheckPassed ? 1 : 0;
    metrics['digits.largestGradient'] = Math.max(...flat(byHand).map(Math.abs));
    figures.push({
      id: 'digits-gradients', title: `A batch of ${rows.length} digits, 64-${m}-10 (${act}): largest disagreement per parameter tensor`, kind: 'table',
      columns: ['tensor', 'numbers', 'largest |gradient|', '|hand − autograd|', '|hand − finite difference|', '|autograd − finite difference|'],
      rows: PARAM_NAMES.map((n) => [n.toUpperCase().replace('B', 'b'), byHand[n].length, Number(Math.max(...Array.from(byHand[n], Math.abs)).toPrecision(4)),
        maxAbsDiff(byHand, byAuto.grads, n).toExponential(1), maxAbsDiff(byHand, byFd, n).toExponential(1), maxAbsDiff(byAuto.grads, byFd, n).toExponential(1)]),
    });
    ctx.log(`digits batch: hand vs autograd ${metrics['digits.maxHandVsAutograd']!.toExponential(1)}, hand vs finite differences ${metrics['digits.maxHandVsFiniteDiff']!.toExponential(1)}; engine gradcheck ${byAuto.gradcheckPassed ? 'passed' : 'FAILED'}`);
    return { metrics, figures };
  },
};
