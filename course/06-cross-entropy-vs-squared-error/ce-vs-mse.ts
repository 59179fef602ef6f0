// Experiment ce-vs-mse: one MLP on MNIST trained twice from the same initial weights on the same
// batches, once with cross-entropy and once with squared error on the softmax outputs.

import { checkConfig, pacer } from '../kit/index.ts';
import { data, nn, noGrad, optim, manualSeed, crossEntropy, tidy, stepScopes, type Tensor } from '../../engine/index.ts';
import type { Experiment, Figure, Param } from '../kit/index.ts';
import { softmaxSquaredError } from './losses.ts';
import { batchStream, fractionEqual, meanRowNorm, takeRows } from './shared.ts';

export interface CeVsMseConfig {
  [key: string]: number | string | boolean;
  trainSize: number;
  testSize: number;
  steps: number;
  batchSize: number;
  hidden: number;
  optimizer: string;
  ceLr: number;
  seLr: number;
  evalEvery: number;
  stopAtTarget: boolean;
}

const params: readonly Param[] = [
  { key: 'trainSize', label: 'training images', kind: 'integer', min: 500, max: 60000, step: 500 },
  { key: 'testSize', label: 'test images', kind: 'integer', min: 200, max: 10000, step: 100 },
  { key: 'steps', label: 'training steps (cap)', kind: 'integer', min: 50, max: 6000, step: 50 },
  { key: 'batchSize', label: 'batch size', kind: 'integer', min: 8, max: 512 },
  { key: 'hidden', label: 'hidden units', kind: 'integer', min: 8, max: 256 },
  { key: 'optimizer', label: 'optimizer', kind: 'select', options: ['sgd', 'adam'], help: 'plain SGD feels the size of the gradient; Adam rescales it away (use lr ≈ 0.001–0.003)' },
  { key: 'ceLr', label: 'learning rate, cross-entropy', kind: 'number', min: 1e-4, max: 2, log: true },
  { key: 'seLr', label: 'learning rate, squared error', kind: 'number', min: 1e-4, max: 2, log: true },
  { key: 'evalEvery', label: 'test every … steps', kind: 'integer', min: 25, max: 500, step: 25 },
  { key: 'stopAtTarget', label: 'stop each loss once it reaches 90%', kind: 'boolean' },
];

const TARGET = 0.9;
const LOSSES = [
  { key: 'ce', name: 'cross-entropy', fn: crossEntropy },
  { key: 'se', name: 'squared error', fn: softmaxSquaredError },
] as const;

/** Test accuracy of a model on images already flattened to (N, 784). */
function testAccuracy(model: nn.Module, x: Tensor, labels: ArrayLike<number>): number {
  const predicted = noGrad(() => model.forward(x).argmax(1).toTypedArray());
  return fractionEqual(predicted, labels);
}

/** Mean per-example norm of ∂loss/∂logits, with the loss summed (not averaged) over the batch. */
function logitGradNorm(model: nn.Module, x: Tensor, y: Tensor, loss: (z: Tensor, y: Tensor) => Tensor): number {
  const z = noGrad(() => model.forward(x)).detach();
  z.requiresGrad = true;
  loss(z, y).mul(x.shape[0]).backward();
  return meanRowNorm(z.grad!);
}

export const ceVsMse: Experiment<CeVsMseConfig> = {
  id: 'ce-vs-mse',
  title: 'Cross-entropy vs squared error on MNIST',
  summary:
    'The same 784-hidden-10 MLP, same initial weights, same batches, trained once with cross-entropy and once with squared error between softmax probabilities and one-hot targets. Watch which one reaches 90% test accuracy first.',
  params,
  defaults: { trainSize: 20000, testSize: 5000, steps: 1500, batchSize: 64, hidden: 64, optimizer: 'sgd', ceLr: 0.2, seLr: 0.2, evalEvery: 25, stopAtTarget: false },
  quick: { trainSize: 10000, testSize: 1000, steps: 400, hidden: 32, stopAtTarget: true },
  async run(config, ctx) {
    checkConfig('ce-vs-mse', params, config);
    const { trainSize, testSize, steps, batchSize, hidden, evalEvery } = config;
    const pace = pacer(ctx.signal);
    manualSeed(ctx.seed);
    const [train, test] = [await ctx.data.mnist('train', trainSize), await ctx.data.mnist('test', testSize)];
    const normalize = data.transforms.normalize(0.1307, 0.3081);
    const xTrain = normalize(train.images).reshape([train.images.shape[0], 784]);
    const xTest = normalize(test.images).reshape([test.images.shape[0], 784]);
    const testLabels = test.labels.toTypedArray();
    // Flat copies to cut minibatches from (row copies are cheaper than a gather op per step).
    const trainPixels = Float32Array.from(xTrain.contiguous().toTypedArray());
    const trainLabels = Int32Array.from(train.labels.toTypedArray());
    const batchOf = (rows: Int32Array) => ({ x: takeRows(trainPixels, 784, rows), y: takeRows(trainLabels, 1, rows) });

    // Same seed → same initial weights for both models.
    const runs = LOSSES.map((loss) => {
      manualSeed(ctx.seed);
      const model = new nn.Sequential(new nn.Linear(784, hidden), new nn.ReLU(), new nn.Linear(hidden, 10));
      const lr = loss.key === 'ce' ? config.ceLr : config.seLr;
      const opt = config.optimizer === 'adam' ? new optim.Adam(model.parameters(), { lr }) : new optim.SGD(model.parameters(), { lr });
      return { ...loss, model, opt, lossSum: 0, lossCount: 0, stepsTo90: -1, accuracy: [] as Array<[number, number]>, trainLoss: [] as Array<[number, number]> };
    });

    const nextBatch = batchStream(xTrain.shape[0], Math.min(batchSize, xTrain.shape[0]), ctx.seed);
    const firstBatch = batchOf(nextBatch());
    const gradAtInit = runs.map((r) => logitGradNorm(r.model, firstBatch.x, firstBatch.y, r.fn));
    ctx.log(`logit-gradient norm at init: cross-entropy ${gradAtInit[0]!.toFixed(3)}, squared error ${gradAtInit[1]!.toFixed(3)}`);

    // Each step in a scope: its tensors live in wasm memory and are freed when it ends.
    const scopes = stepScopes([runs]);
    let step = 0;
    while (step < steps && !(config.stopAtTarget && runs.every((r) => r.stepsTo90 > 0))) {
      step++;
      const { x, y } = step === 1 ? firstBatch : batchOf(nextBatch());
      // Every loss still training sees the same batch; with stopAtTarget a loss that reached 90% rests.
      const active = runs.filter((r) => !(config.stopAtTarget && r.stepsTo90 > 0));
      for (const r of active) {
        r.lossSum += scopes.step(() => {
          const loss = r.fn(r.model.forward(x), y);
          r.opt.zeroGrad();
          loss.backward();
          r.opt.step();
          return loss.item();
        });
        r.lossCount++;
      }
      if (step % evalEvery === 0 || step === steps) {
        for (const r of active) {
          const acc = tidy(() => testAccuracy(r.model, xTest, testLabels));
          const meanLoss = r.lossSum / r.lossCount;
          r.lossSum = r.lossCount = 0;
          r.accuracy.push([step, acc]);
          r.trainLoss.push([step, meanLoss]);
          if (r.stepsTo90 < 0 && acc >= TARGET) r.stepsTo90 = step;
          ctx.progress({ series: r.name, step, totalSteps: steps, metrics: { 'test accuracy': acc, 'training loss': meanLoss } });
        }
      }
      await pace();
    }

    // Never reaching 90% is scored as the cap plus one test interval, so it counts as slower than any reached step.
    const never = steps + evalEvery;
    const metrics: Record<string, number> = {};
    runs.forEach((r, i) => {
      metrics[`${r.key}.stepsTo90`] = r.stepsTo90 > 0 ? r.stepsTo90 : never;
      metrics[`${r.key}.reached90`] = r.stepsTo90 > 0 ? 1 : 0;
      metrics[`${r.key}.finalAccuracy`] = r.accuracy[r.accuracy.length - 1]![1];
      metrics[`${r.key}.finalTrainLoss`] = r.trainLoss[r.trainLoss.length - 1]![1];
      metrics[`${r.key}.initLogitGradNorm`] = gradAtInit[i]!;
    });
    metrics['stepsRatio'] = metrics['se.stepsTo90']! / metrics['ce.stepsTo90']!;
    metrics['initGradRatio'] = gradAtInit[0]! / gradAtInit[1]!;
    for (const r of runs) ctx.log(`${r.name}: ${r.stepsTo90 > 0 ? `90% at step ${r.stepsTo90}` : `not 90% within ${step} steps`}, final ${(100 * metrics[`${r.key}.finalAccuracy`]!).toFixed(1)}%`);

    const figures: Figure[] = [
      { id: 'accuracy', title: 'Test accuracy while training', kind: 'line', xLabel: 'step', yLabel: 'test accuracy', series: runs.map((r) => ({ name: r.name, points: r.accuracy })) },
      { id: 'loss', title: 'Training loss (each in its own units)', kind: 'line', xLabel: 'step', yLabel: 'mean training loss', logY: true, series: runs.map((r) => ({ name: r.name, points: r.trainLoss })) },
      {
        id: 'summary', title: `Steps to ${100 * TARGET}% test accuracy`, kind: 'table',
        columns: ['loss', 'learning rate', `steps to ${100 * TARGET}%`, 'final test accuracy', 'logit-gradient norm at init'],
        rows: runs.map((r) => [r.name, r.key === 'ce' ? config.ceLr : config.seLr, r.stepsTo90 > 0 ? r.stepsTo90 : `not within ${steps}`, Number(metrics[`${r.key}.finalAccuracy`]!.toFixed(4)), Number(metrics[`${r.key}.initLogitGradNorm`]!.toFixed(4))]),
      },
    ];
    return { metrics, figures };
  },
};
