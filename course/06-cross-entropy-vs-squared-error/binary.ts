// Experiment binary: logistic regression on the breast-cancer set (malignant vs benign), trained
// full-batch from the same initial weights with binary cross-entropy and with squared error on the
// sigmoid output, each over the same grid of learning rates and judged at its own best; plus both
// gradients at one confidently wrong logit.

import { checkConfig, pacer } from '../kit/index.ts';
import { binaryCrossEntropyWithLogits, grad, manualSeed, nn, noGrad, optim, tensor, type Tensor } from '../../engine/index.ts';
import type { Experiment, Figure, Param } from '../kit/index.ts';
import { sigmoidSquaredError } from './losses.ts';
import { standardize, trainTestSplit } from './shared.ts';

export interface BinaryConfig {
  [key: string]: number | string | boolean;
  steps: number;
  lr: number;
  initScale: number;
  testFraction: number;
  probe: number;
}

const params: readonly Param[] = [
  { key: 'steps', label: 'full-batch steps', kind: 'integer', min: 10, max: 3000, step: 10 },
  { key: 'lr', label: 'middle learning rate of the sweep (plain gradient descent)', kind: 'number', min: 1e-3, max: 100, log: true, help: 'each loss is trained at ¼, ½, 1, 2 and 4 times this and judged at its best' },
  { key: 'initScale', label: 'initial weight scale (1 = PyTorch default)', kind: 'number', min: 0, max: 20, step: 0.1, help: 'larger starts make the model confidently wrong on many patients from step 0' },
  { key: 'testFraction', label: 'held-out fraction', kind: 'number', min: 0.1, max: 0.5, step: 0.05 },
  { key: 'probe', label: 'probe confidence in the wrong class', kind: 'number', min: 0.5, max: 0.99999, step: 0.0001 },
];

const TARGET = 0.95;
export const BINARY_LR_FACTORS = [0.25, 0.5, 1, 2, 4] as const;
const LOSSES = [
  { key: 'bce', name: 'binary cross-entropy', fn: (z: Tensor, y: Tensor) => binaryCrossEntropyWithLogits(z, y) },
  { key: 'se', name: 'squared error', fn: sigmoidSquaredError },
] as const;

/** |∂loss/∂z| at the logit whose sigmoid gives the true class (y = 1) only 1 − probe. */
export function gradAtWrongLogit(probe: number, loss: (z: Tensor, y: Tensor) => Tensor): number {
  const z = tensor([Math.log((1 - probe) / probe)], { dtype: 'float64' });
  z.requiresGrad = true;
  return Math.abs(grad(loss(z, tensor([1], { dtype: 'float64' })), [z])[0]!.item());
}

/** Accuracy of the sign of the logits, and the fraction of rows with ≥ 0.9 probability on the wrong class. */
function score(z: ArrayLike<number>, y: ArrayLike<number>): { accuracy: number; confidentlyWrong: number } {
  const margin = Math.log(9); // σ(z) = 0.9
  let right = 0, wrong = 0;
  for (let i = 0; i < z.length; i++) {
    const signed = y[i] === 1 ? z[i]! : -z[i]!;
    if (signed > 0) right++;
    if (signed < -margin) wrong++;
  }
  return { accuracy: right / z.length, confidentlyWrong: wrong / z.length };
}

interface Trial {
  lr: number;
  /** First step at which held-out accuracy reached the target; −1 if never. */
  stepsTo95: number;
  /** Held-out accuracy averaged over all steps: high when a run learns fast and ends high. */
  meanAcc: number;
  finalAccuracy: number;
  finalConfidentlyWrong: number;
  accuracy: Array<[number, number]>;
  wrong: Array<[number, number]>;
  trainLoss: Array<[number, number]>;
}

export const binaryExperiment: Experiment<BinaryConfig> = {
  id: 'binary',
  title: 'Binary cross-entropy vs squared error on breast-cancer data, each at its best learning rate',
  summary:
    'Logistic regression (30 features → one logit → sigmoid) trained with full-batch gradient descent, with binary cross-entropy and with squared error, from the same start and over the same five learning rates. Each loss is judged at its own best rate; raise the initial weight scale to start it confidently wrong on many patients.',
  params,
  defaults: { steps: 600, lr: 1, initScale: 1, testFraction: 0.3, probe: 0.999 },
  quick: { steps: 300 },
  async run(config, ctx) {
    checkConfig('binary', params, config);
    const { steps, initScale, testFraction, probe } = config;
    const pace = pacer(ctx.signal);
    const set = await ctx.data.breastCancer();
    const split = trainTestSplit(set.x.shape[0]!, testFraction, ctx.seed);
    const { train: xTrain, test: xTest } = standardize(set.x.indexSelect(0, split.train), set.x.indexSelect(0, split.test));
    const yTrain = set.y.indexSelect(0, split.train).float();
    const yTrainValues = yTrain.toTypedArray();
    const yTestValues = set.y.indexSelect(0, split.test).toTypedArray();
    const lrs = BINARY_LR_FACTORS.map((f) => Number((config.lr * f).toPrecision(3)));
    const every = Math.max(1, Math.ceil(steps / 150));
    let wrongAtStart = 0;

    const trials: Record<string, Trial[]> = { bce: [], se: [] };
    for (const loss of LOSSES) {
      for (const lr of lrs) {
        manualSeed(ctx.seed); // the same initial weights for every loss and rate
        const model = new nn.Linear(xTrain.shape[1]!, 1);
        noGrad(() => model.weight.copy_(model.weight.mul(initScale)));
        const opt = new optim.SGD(model.parameters(), { lr });
        const t: Trial = { lr, stepsTo95: -1, meanAcc: 0, finalAccuracy: 0, finalConfidentlyWrong: 0, accuracy: [], wrong: [], trainLoss: [] };
        let accSum = 0;
        for (let step = 1; step <= steps; step++) {
          const z = model.forward(xTrain).reshape([-1]);
          const l = loss.fn(z, yTrain);
          const { confidentlyWrong } = score(z.toTypedArray(), yTrainValues);
          if (step === 1) wrongAtStart = confidentlyWrong;
          opt.zeroGrad();
          l.backward();
          opt.step();
          // Full-batch GD on a linear model cannot blow up to NaN here, but a huge rate can oscillate.
          const { accuracy } = score(noGrad(() => model.forward(xTest)).toTypedArray(), yTestValues);
          accSum += accuracy;
          if (t.stepsTo95 < 0 && accuracy >= TARGET) t.stepsTo95 = step;
          if (step % every === 0 || step === 1) {
            t.accuracy.push([step, accuracy]);
            t.trainLoss.push([step, l.item()]);
            t.wrong.push([step, confidentlyWrong]);
            ctx.progress({ series: `${loss.name}, lr ${lr}`, step, totalSteps: steps, metrics: { 'held-out accuracy': accuracy, 'confidently wrong': confidentlyWrong } });
          }
          await pace();
        }
        t.meanAcc = accSum / steps;
        t.finalAccuracy = score(noGrad(() => model.forward(xTest)).toTypedArray(), yTestValues).accuracy;
        t.finalConfidentlyWrong = score(noGrad(() => model.forward(xTrain)).toTypedArray(), yTrainValues).confidentlyWrong;
        trials[loss.key]!.push(t);
      }
    }

    // Best rate: the highest held-out accuracy averaged over the steps (fast and high); both losses get the same pick.
    const best = (key: string) => trials[key]!.reduce((b, t) => (t.meanAcc > b.meanAcc ? t : b));
    const winners = LOSSES.map((l) => ({ ...l, t: best(l.key) }));
    const metrics: Record<string, number> = { confidentlyWrongAtStart: wrongAtStart };
    for (const { key, t, fn } of winners) {
      metrics[`${key}.bestLr`] = t.lr;
      metrics[`${key}.bestLrIndex`] = lrs.indexOf(t.lr);
      metrics[`${key}.stepsTo95`] = t.stepsTo95 > 0 ? t.stepsTo95 : steps + 1; // never reached: slower than the cap
      metrics[`${key}.reached95`] = t.stepsTo95 > 0 ? 1 : 0;
      metrics[`${key}.meanAccuracy`] = t.meanAcc;
      metrics[`${key}.finalAccuracy`] = t.finalAccuracy;
      metrics[`${key}.finalConfidentlyWrong`] = t.finalConfidentlyWrong;
      metrics[`${key}.gradAtWrong`] = gradAtWrongLogit(probe, fn);
    }
    metrics['stepsRatio'] = metrics['se.stepsTo95']! / metrics['bce.stepsTo95']!;
    // At one shared rate, the lowest of the grid (where step counts are largest, so the ratio is finest).
    const [bceLow, seLow] = [trials.bce![0]!, trials.se![0]!];
    metrics['equalRate.lr'] = lrs[0]!;
    metrics['equalRate.bceStepsTo95'] = bceLow.stepsTo95 > 0 ? bceLow.stepsTo95 : steps + 1;
    metrics['equalRate.seStepsTo95'] = seLow.stepsTo95 > 0 ? seLow.stepsTo95 : steps + 1;
    metrics['equalRate.stepsRatio'] = metrics['equalRate.seStepsTo95']! / metrics['equalRate.bceStepsTo95']!;
    metrics['gradRatioAtWrong'] = metrics['bce.gradAtWrong']! / metrics['se.gradAtWrong']!;
    for (const { name, t } of winners) ctx.log(`${name}: best lr ${t.lr}, ${t.stepsTo95 > 0 ? `95% held-out accuracy at step ${t.stepsTo95}` : `not 95% within ${steps} steps`}, final ${(100 * t.finalAccuracy).toFixed(1)}%`);

    const byRun = (key: 'accuracy' | 'trainLoss' | 'wrong') => winners.map(({ name, t }) => ({ name: `${name} (lr ${t.lr})`, points: t[key] }));
    const figures: Figure[] = [
      { id: 'accuracy', title: 'Held-out accuracy, each loss at its best learning rate', kind: 'line', xLabel: 'step', yLabel: 'held-out accuracy', series: byRun('accuracy') },
      { id: 'confidently-wrong', title: 'Training patients the model is confidently wrong about (≥ 0.9 on the wrong class)', kind: 'line', xLabel: 'step', yLabel: 'fraction of training set', series: byRun('wrong') },
      { id: 'loss', title: 'Training loss (each in its own units)', kind: 'line', xLabel: 'step', yLabel: 'loss', logY: true, series: byRun('trainLoss') },
      {
        id: 'sweep', title: 'Every learning rate', kind: 'table',
        columns: ['loss', 'learning rate', 'steps to 95%', 'mean held-out accuracy over the run', 'final held-out accuracy', 'confidently wrong at the end (train)'],
        rows: LOSSES.flatMap((l) => trials[l.key]!.map((t) => [
          l.name, t.lr, t.stepsTo95 > 0 ? t.stepsTo95 : `not within ${steps}`, Number(t.meanAcc.toFixed(4)), Number(t.finalAccuracy.toFixed(4)), Number(t.finalConfidentlyWrong.toFixed(4)),
        ])),
      },
      {
        id: 'gradient', title: `|∂loss/∂z| at a logit with ${probe} on the wrong class`, kind: 'bar', xLabel: 'loss', yLabel: '|∂loss/∂z|',
        bars: winners.map(({ key, name }) => ({ label: name, value: metrics[`${key}.gradAtWrong`]! })),
      },
    ];
    return { metrics, figures };
  },
};
