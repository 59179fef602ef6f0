// Experiment ce-vs-mse: one MLP on MNIST trained with cross-entropy and with squared error on the
// softmax outputs, each over the same grid of learning rates from the same initial weights on the
// same batches; each loss is judged at its own best rate of the grid.

import { checkConfig, pacer } from '../kit/index.ts';
import { data, nn, noGrad, optim, manualSeed, crossEntropy, tidy, stepScopes, type Tensor } from '../../engine/index.ts';
import type { Experiment, Figure, Param } from '../kit/index.ts';
import { softmaxSquaredError } from './losses.ts';
import { batchStream, calibration, meanRowNorm, takeRows, type Calibration } from './shared.ts';

export interface CeVsMseConfig {
  [key: string]: number | string | boolean;
  trainSize: number;
  testSize: number;
  steps: number;
  batchSize: number;
  hidden: number;
  optimizer: string;
  lr: number;
  target: number;
  evalEvery: number;
}

const params: readonly Param[] = [
  { key: 'trainSize', label: 'training images', kind: 'integer', min: 500, max: 60000, step: 500 },
  { key: 'testSize', label: 'test images', kind: 'integer', min: 200, max: 10000, step: 100 },
  { key: 'steps', label: 'training steps', kind: 'integer', min: 50, max: 6000, step: 50 },
  { key: 'batchSize', label: 'batch size', kind: 'integer', min: 8, max: 512 },
  { key: 'hidden', label: 'hidden units', kind: 'integer', min: 8, max: 256 },
  { key: 'optimizer', label: 'optimizer', kind: 'select', options: ['sgd', 'adam'], help: 'plain SGD feels the size of the gradient; Adam rescales it away (use lr ≈ 0.002)' },
  { key: 'lr', label: 'middle learning rate of the sweep', kind: 'number', min: 1e-4, max: 2, log: true, help: 'each loss is trained at ¼, ½, 1, 2 and 4 times this and judged at its best' },
  { key: 'target', label: 'target test accuracy', kind: 'number', min: 0.5, max: 0.99, step: 0.01 },
  { key: 'evalEvery', label: 'test every … steps', kind: 'integer', min: 5, max: 500, step: 5 },
];

export const LR_FACTORS = [0.25, 0.5, 1, 2, 4] as const;
const LOSSES = [
  { key: 'ce', name: 'cross-entropy', fn: crossEntropy },
  { key: 'se', name: 'squared error', fn: softmaxSquaredError },
] as const;

/** Softmax probabilities of a model on images already flattened to (N, 784), as a flat array. */
function probabilities(model: nn.Module, x: Tensor): Float32Array | Float64Array {
  return tidy(() => noGrad(() => model.forward(x).softmax(1).contiguous().toTypedArray())) as Float32Array | Float64Array;
}

/** Mean per-example norm of ∂loss/∂logits, with the loss summed (not averaged) over the batch. */
function logitGradNorm(model: nn.Module, x: Tensor, y: Tensor, loss: (z: Tensor, y: Tensor) => Tensor): number {
  const z = noGrad(() => model.forward(x)).detach();
  z.requiresGrad = true;
  loss(z, y).mul(x.shape[0]).backward();
  return meanRowNorm(z.grad!);
}

interface Trial {
  lr: number;
  /** First tested step at which test accuracy reached the target; −1 if never. */
  testSteps: number;
  /** Test accuracy averaged over the run's tests: high when a run learns fast and ends high. */
  meanAcc: number;
  diverged: boolean;
  curve: Array<[number, number]>;
  calib: Calibration;
}

export const ceVsMse: Experiment<CeVsMseConfig> = {
  id: 'ce-vs-mse',
  title: 'Cross-entropy vs squared error on MNIST, each at its best learning rate',
  summary:
    'The same 784-hidden-10 MLP, same initial weights, same batches, trained with cross-entropy and with squared error between softmax probabilities and one-hot targets, each over five learning rates. Each loss is judged at its own best rate: which reaches the target test accuracy first, and whose probabilities are calibrated?',
  params,
  defaults: { trainSize: 20000, testSize: 2000, steps: 1500, batchSize: 64, hidden: 64, optimizer: 'sgd', lr: 0.2, target: 0.9, evalEvery: 25 },
  quick: { trainSize: 10000, testSize: 1000, steps: 300, hidden: 32, evalEvery: 20 },
  async run(config, ctx) {
    checkConfig('ce-vs-mse', params, config);
    const { trainSize, testSize, steps, batchSize, hidden, evalEvery, target } = config;
    const pace = pacer(ctx.signal);
    const [train, test] = [await ctx.data.mnist('train', trainSize), await ctx.data.mnist('test', testSize)];
    const normalize = data.transforms.normalize(0.1307, 0.3081);
    const flat = (images: Tensor) => Float32Array.from(normalize(images).reshape([images.shape[0], 784]).contiguous().toTypedArray());
    const trainPixels = flat(train.images), trainLabels = Int32Array.from(train.labels.toTypedArray());
    const n = trainLabels.length;
    const testLabels = Int32Array.from(test.labels.toTypedArray());
    const xTest = takeRows(flat(test.images), 784, Int32Array.from(testLabels, (_, i) => i));
    const batchOf = (rows: Int32Array) => ({ x: takeRows(trainPixels, 784, rows), y: takeRows(trainLabels, 1, rows) });
    const lrs = LR_FACTORS.map((f) => Number((config.lr * f).toPrecision(3)));
    const build = () => {
      manualSeed(ctx.seed); // the same initial weights for every loss and rate
      return new nn.Sequential(new nn.Linear(784, hidden), new nn.ReLU(), new nn.Linear(hidden, 10));
    };

    // The logit gradient of each loss on the first batch, before any step.
    const initModel = build();
    const first = batchOf(batchStream(n, Math.min(batchSize, n), ctx.seed)());
    const gradAtInit = LOSSES.map((l) => logitGradNorm(initModel, first.x, first.y, l.fn));
    ctx.log(`logit-gradient norm at init: cross-entropy ${gradAtInit[0]!.toFixed(3)}, squared error ${gradAtInit[1]!.toFixed(3)}`);

    const trials: Record<string, Trial[]> = { ce: [], se: [] };
    for (const loss of LOSSES) {
      for (const lr of lrs) {
        const model = build();
        const opt = config.optimizer === 'adam' ? new optim.Adam(model.parameters(), { lr }) : new optim.SGD(model.parameters(), { lr });
        const next = batchStream(n, Math.min(batchSize, n), ctx.seed); // the same batches for every run
        const scopes = stepScopes([model, opt]);
        const trial: Trial = { lr, testSteps: -1, meanAcc: 0, diverged: false, curve: [], calib: calibration(new Float32Array(10), [0]) };
        let lossSum = 0, lossCount = 0, accSum = 0, tests = 0;
        for (let step = 1; step <= steps && !trial.diverged; step++) {
          const { x, y } = batchOf(next());
          lossSum += scopes.step(() => {
            const l = loss.fn(model.forward(x), y);
            opt.zeroGrad();
            l.backward();
            opt.step();
            return l.item();
          });
          lossCount++;
          if (!Number.isFinite(lossSum)) trial.diverged = true;
          if (step % evalEvery === 0 || step === steps || trial.diverged) {
            // A diverged run scores chance (10%) from here on, never "trained".
            const acc = trial.diverged ? 0.1 : calibration(probabilities(model, xTest), testLabels).accuracy;
            if (trial.testSteps < 0 && acc >= target) trial.testSteps = step;
            accSum += acc;
            tests++;
            trial.curve.push([step, acc]);
            ctx.progress({ series: `${loss.name}, lr ${lr}`, step, totalSteps: steps, metrics: { 'test accuracy': acc, 'training loss': lossSum / lossCount } });
            lossSum = lossCount = 0;
          }
          await pace();
        }
        scopes.close();
        // A run that broke early keeps scoring chance for the tests it did not reach.
        const planned = Math.ceil(steps / evalEvery);
        trial.meanAcc = (accSum + 0.1 * Math.max(0, planned - tests)) / Math.max(planned, tests);
        trial.calib = trial.diverged ? { accuracy: 0.1, confidence: 1, ece: 1, bins: [] } : calibration(probabilities(model, xTest), testLabels);
        trials[loss.key]!.push(trial);
      }
    }

    // Never reaching the target counts as the cap plus one test interval: slower than any reached step.
    const never = steps + evalEvery;
    const stepsOf = (s: number) => (s > 0 ? s : never);
    // Best rate: the highest test accuracy averaged over the run's tests, which rewards both learning
    // fast and ending high (a diverged run scores chance from where it broke). Both losses get the
    // same pick-the-best-of-five advantage.
    const best = (key: string) => trials[key]!.reduce((b, t) => (t.meanAcc > b.meanAcc ? t : b));
    const metrics: Record<string, number> = {};
    const winners = LOSSES.map((l) => ({ ...l, t: best(l.key) }));
    winners.forEach(({ key, t }, i) => {
      metrics[`${key}.bestLr`] = t.lr;
      metrics[`${key}.bestLrIndex`] = lrs.indexOf(t.lr);
      metrics[`${key}.stepsToTarget`] = stepsOf(t.testSteps);
      metrics[`${key}.reachedTarget`] = t.testSteps > 0 ? 1 : 0;
      metrics[`${key}.finalAccuracy`] = t.calib.accuracy;
      metrics[`${key}.meanAccuracy`] = t.meanAcc;
      metrics[`${key}.confidence`] = t.calib.confidence;
      metrics[`${key}.ece`] = t.calib.ece;
      metrics[`${key}.divergedRates`] = trials[key]!.filter((x) => x.diverged).length;
      metrics[`${key}.initLogitGradNorm`] = gradAtInit[i]!;
    });
    metrics['stepsRatio'] = metrics['se.stepsToTarget']! / metrics['ce.stepsToTarget']!;
    metrics['initGradRatio'] = gradAtInit[0]! / gradAtInit[1]!;
    for (const { name, t } of winners) {
      ctx.log(`${name}: best lr ${t.lr}, ${t.testSteps > 0 ? `${100 * target}% at step ${t.testSteps}` : `not ${100 * target}% within ${steps} steps`}, final ${(100 * t.calib.accuracy).toFixed(1)}%, ECE ${t.calib.ece.toFixed(3)}`);
    }

    const pct = `${Math.round(100 * target)}%`;
    const figures: Figure[] = [
      { id: 'accuracy', title: 'Test accuracy while training, each loss at its best learning rate', kind: 'line', xLabel: 'step', yLabel: 'test accuracy', series: winners.map(({ name, t }) => ({ name: `${name} (lr ${t.lr})`, points: t.curve })) },
      {
        id: 'sweep', title: `Every learning rate: steps to ${pct} test accuracy, and the end of training`, kind: 'table',
        columns: ['loss', 'learning rate', `steps to ${pct}`, 'mean test accuracy over the run', 'final test accuracy', 'mean confidence', 'ECE'],
        rows: LOSSES.flatMap((l) => trials[l.key]!.map((t) => [
          l.name, t.lr, t.diverged ? 'diverged' : t.testSteps > 0 ? t.testSteps : `not within ${steps}`, Number(t.meanAcc.toFixed(4)),
          Number(t.calib.accuracy.toFixed(4)), Number(t.calib.confidence.toFixed(4)), Number(t.calib.ece.toFixed(4)),
        ])),
      },
      {
        id: 'reliability', title: 'Reliability at the end of training (test): accuracy within each confidence bin', kind: 'line', xLabel: 'confidence (top softmax probability)', yLabel: 'accuracy',
        series: [...winners.map(({ name, t }) => ({ name, points: t.calib.bins.map((b): [number, number] => [b.confidence, b.accuracy]) })), { name: 'perfectly calibrated', points: [[0, 0], [1, 1]] }],
      },
      {
        id: 'summary', title: 'Each loss at its best learning rate', kind: 'table',
        columns: ['loss', 'best learning rate', `steps to ${pct} (test)`, 'final test accuracy', 'ECE', 'logit-gradient norm at init'],
        rows: winners.map(({ key, name, t }) => [name, t.lr, t.testSteps > 0 ? t.testSteps : `not within ${steps}`, Number(t.calib.accuracy.toFixed(4)), Number(t.calib.ece.toFixed(4)), Number(metrics[`${key}.initLogitGradNorm`]!.toFixed(4))]),
      },
    ];
    return { metrics, figures };
  },
};
