// Experiment dropout: inverted dropout in both passes on a small vector (the mask, the 1/(1 − p)
// scaling, the gradient through the same mask, eval mode as the identity), then a network trained
// with dropout: its eval-mode predictions against one and against many train-mode passes.

import { checkConfig, pacer, throwIfStopped, type Experiment, type Figure, type Param } from '../kit/index.ts';
import { dropout, fromTypedArray, manualSeed, noGrad, softmax, tensor, tidy } from '../../engine/index.ts';
import { accuracyOf, loadSplits, probabilities, train, type Split, setupParams } from './setup.ts';
import type { nn } from '../../engine/index.ts';

export interface DropoutConfig {
  [key: string]: number | string | boolean;
  p: number;
  trainSize: number;
  testSize: number;
  width: number;
  epochs: number;
  batchSize: number;
  lr: number;
  passes: number;
}

const params: readonly Param[] = [
  { key: 'p', label: 'dropout probability p', kind: 'number', min: 0.05, max: 0.9, step: 0.05 },
  ...setupParams,
  { key: 'lr', label: 'learning rate', kind: 'number', min: 1e-3, max: 1, log: true },
  { key: 'passes', label: 'train-mode passes averaged', kind: 'integer', min: 2, max: 200 },
];

/** Class probabilities from one pass with dropout on (train mode), (n, 10) row-major. */
function trainModeProbabilities(model: nn.Module, s: Split): Float32Array {
  model.train();
  return tidy(() => noGrad(() => softmax(model.forward(fromTypedArray(s.x, [s.n, 784])), 1).toTypedArray() as Float32Array));
}

const argmaxRows = (p: Float32Array, n: number): Int32Array =>
  Int32Array.from({ length: n }, (_, i) => {
    let best = 0;
    for (let c = 1; c < 10; c++) if (p[i * 10 + c]! > p[i * 10 + best]!) best = c;
    return best;
  });

const agreement = (a: Int32Array, b: Int32Array): number => a.reduce((s, v, i) => s + (v === b[i] ? 1 : 0), 0) / a.length;

export const dropoutExperiment: Experiment<DropoutConfig> = {
  id: 'dropout',
  title: 'Dropout in the forward and the backward pass, and at test time',
  summary:
    'First, one dropout layer on eight numbers: which are zeroed, how the rest are scaled, and the gradient that flows back. Then the baseline network trained with dropout: its eval-mode accuracy (no mask) against one train-mode pass and against the average of many.',
  params,
  defaults: { p: 0.5, trainSize: 1000, testSize: 10000, width: 256, epochs: 50, batchSize: 50, lr: 0.03, passes: 50 },
  quick: { testSize: 2000, width: 128, epochs: 15, passes: 20 },
  async run(config, ctx) {
    checkConfig('dropout', params, config);
    throwIfStopped(ctx.signal);
    const c = config;
    const pace = pacer(ctx.signal);
    const metrics: Record<string, number> = {};

    // 1. Both passes on a small vector: y = x·m/(1 − p), dL/dx = m/(1 − p)·dL/dy (here dL/dy = 1).
    manualSeed(ctx.seed);
    const x = tensor([0.5, -1.2, 2.0, 0.3, -0.7, 1.1, -0.4, 0.9], { requiresGrad: true });
    const y = dropout(x, c.p, true);
    y.sum().backward();
    const xs = x.toTypedArray(), ys = y.toTypedArray(), gs = x.grad!.toTypedArray();
    const evalY = dropout(x, c.p, false).toTypedArray();
    const r3 = (v: number) => Number(v.toFixed(3));
    const mechanics: Figure = {
      id: 'mechanics', title: `One dropout layer, p = ${c.p}: forward in train mode, backward with dL/dy = 1, and eval mode`, kind: 'table',
      columns: ['x', 'kept?', 'train-mode y', 'dL/dx', 'eval-mode y'],
      rows: Array.from(xs, (v, i) => [r3(v), ys[i] !== 0 || v === 0 ? 'kept' : 'dropped', r3(ys[i]!), r3(gs[i]!), r3(evalY[i]!)]),
    };

    // 2. A network trained with dropout after each hidden layer.
    const d = await loadSplits(ctx, c.trainSize, 0, c.testSize);
    const run = await train({ lr: c.lr, epochs: c.epochs, batchSize: c.batchSize, width: c.width, dropout: c.p }, d, ctx.seed, pace, (epoch, loss) =>
      ctx.progress({ series: `dropout p = ${c.p}`, step: epoch, totalSteps: c.epochs, metrics: { 'training loss': loss } }));
    const evalP = probabilities(run.model, d.test);
    const evalPred = argmaxRows(evalP, d.test.n);
    const mean = new Float32Array(evalP.length);
    const curve: Array<[number, number]> = [];
    let single = 0;
    manualSeed(ctx.seed + 77);
    for (let t = 1; t <= c.passes; t++) {
      const p = trainModeProbabilities(run.model, d.test);
      if (t === 1) single = accuracyOf(p, d.test.y);
      p.forEach((v, i) => (mean[i] += v));
      curve.push([t, agreement(argmaxRows(mean, d.test.n), evalPred)]);
      await pace();
    }
    run.model.eval();
    metrics['eval.accuracy'] = accuracyOf(evalP, d.test.y);
    metrics['singlePass.accuracy'] = single;
    metrics['average.accuracy'] = accuracyOf(mean, d.test.y);
    metrics['average.agreement'] = curve[curve.length - 1]![1];
    metrics['singlePass.agreement'] = curve[0]![1];
    ctx.log(`eval mode ${(100 * metrics['eval.accuracy']!).toFixed(1)}%, one train-mode pass ${(100 * single).toFixed(1)}%, average of ${c.passes} passes ${(100 * metrics['average.accuracy']!).toFixed(1)}% (agrees with eval mode on ${(100 * metrics['average.agreement']!).toFixed(1)}%)`);
    const figures: Figure[] = [
      mechanics,
      { id: 'agreement', title: 'Share of test images where the average of t train-mode passes predicts what eval mode predicts', kind: 'line', xLabel: 'train-mode passes averaged', yLabel: 'agreement with eval mode', series: [{ name: 'average of t passes', points: curve }] },
      {
        id: 'accuracy', title: 'Test accuracy of the dropout network, three ways', kind: 'table', columns: ['prediction', 'test accuracy %'],
        rows: [['eval mode (no mask, one pass)', r3(100 * metrics['eval.accuracy']!)], ['one train-mode pass (a random mask)', r3(100 * single)], [`average of ${c.passes} train-mode passes`, r3(100 * metrics['average.accuracy']!)]],
      },
    ];
    return { metrics, figures };
  },
};
