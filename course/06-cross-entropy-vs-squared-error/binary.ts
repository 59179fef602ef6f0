// Experiment binary: logistic regression on the breast-cancer set (malignant vs benign), trained
// full-batch from the same initial weights with binary cross-entropy and with squared error on
// the sigmoid output; plus both gradients at one confidently wrong logit.

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
  stopAtTarget: boolean;
}

const params: readonly Param[] = [
  { key: 'steps', label: 'full-batch steps (cap)', kind: 'integer', min: 10, max: 3000, step: 10 },
  { key: 'lr', label: 'learning rate (plain gradient descent)', kind: 'number', min: 1e-3, max: 10, log: true },
  { key: 'initScale', label: 'initial weight scale (1 = PyTorch default)', kind: 'number', min: 0, max: 10, step: 0.1, help: 'larger starts make the model confidently wrong on many patients from step 0' },
  { key: 'testFraction', label: 'held-out fraction', kind: 'number', min: 0.1, max: 0.5, step: 0.05 },
  { key: 'probe', label: 'probe confidence in the wrong class', kind: 'number', min: 0.5, max: 0.99999, step: 0.0001 },
  { key: 'stopAtTarget', label: 'stop each loss once it reaches 95%', kind: 'boolean' },
];

const TARGET = 0.95;
const LOSSES = [
  { key: 'bce', name: 'binary cross-entropy', fn: (z: Tensor, y: Tensor) => binaryCrossEntropyWithLogits(z, y) },
  { key: 'se', name: 'squared error', fn: sigmoidSquaredError },
] as const;

/** |∂loss/∂z| at the logit whose sigmoid gives the true class (y = 1) only 1 − probe. */
function gradAtWrongLogit(probe: number, loss: (z: Tensor, y: Tensor) => Tensor): number {
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

export const binaryExperiment: Experiment<BinaryConfig> = {
  id: 'binary',
  title: 'Binary cross-entropy vs squared error on breast-cancer data',
  summary:
    'Logistic regression (30 features → one logit → sigmoid) trained with full-batch gradient descent, once with binary cross-entropy and once with squared error, from the same start. Watch the patients the model is confidently wrong about.',
  params,
  defaults: { steps: 600, lr: 0.1, initScale: 1, testFraction: 0.3, probe: 0.999, stopAtTarget: false },
  quick: { steps: 400, stopAtTarget: true },
  async run(config, ctx) {
    checkConfig('binary', params, config);
    const { steps, lr, initScale, testFraction, probe } = config;
    const pace = pacer(ctx.signal);
    const set = await ctx.data.breastCancer();
    const split = trainTestSplit(set.x.shape[0]!, testFraction, ctx.seed);
    const { train: xTrain, test: xTest } = standardize(set.x.indexSelect(0, split.train), set.x.indexSelect(0, split.test));
    const yTrain = set.y.indexSelect(0, split.train).float();
    const yTrainValues = yTrain.toTypedArray();
    const yTestValues = set.y.indexSelect(0, split.test).toTypedArray();

    const runs = LOSSES.map((loss) => {
      manualSeed(ctx.seed);
      const model = new nn.Linear(xTrain.shape[1]!, 1);
      noGrad(() => model.weight.copy_(model.weight.mul(initScale)));
      const opt = new optim.SGD(model.parameters(), { lr });
      return { ...loss, model, opt, stepsTo95: -1, accuracy: [] as Array<[number, number]>, trainLoss: [] as Array<[number, number]>, wrong: [] as Array<[number, number]>, wrongAtStart: 0 };
    });
    const every = Math.max(1, Math.ceil(steps / 300));
    let step = 0;
    while (step < steps && !(config.stopAtTarget && runs.every((r) => r.stepsTo95 > 0))) {
      step++;
      for (const r of runs) {
        if (config.stopAtTarget && r.stepsTo95 > 0) continue;
        const z = r.model.forward(xTrain).reshape([-1]);
        const loss = r.fn(z, yTrain);
        const { confidentlyWrong } = score(z.toTypedArray(), yTrainValues);
        if (step === 1) r.wrongAtStart = confidentlyWrong;
        r.opt.zeroGrad();
        loss.backward();
        r.opt.step();
        const { accuracy } = score(noGrad(() => r.model.forward(xTest)).toTypedArray(), yTestValues);
        if (r.stepsTo95 < 0 && accuracy >= TARGET) r.stepsTo95 = step;
        if (step % every === 0 || step === 1) {
          r.accuracy.push([step, accuracy]);
          r.trainLoss.push([step, loss.item()]);
          r.wrong.push([step, confidentlyWrong]);
          ctx.progress({ series: r.name, step, totalSteps: steps, metrics: { 'test accuracy': accuracy, 'training loss': loss.item(), 'confidently wrong': confidentlyWrong } });
        }
      }
      await pace();
    }

    const metrics: Record<string, number> = {};
    for (const r of runs) {
      metrics[`${r.key}.stepsTo95`] = r.stepsTo95 > 0 ? r.stepsTo95 : steps + 1; // never reached: counted as slower than the cap
      metrics[`${r.key}.reached95`] = r.stepsTo95 > 0 ? 1 : 0;
      metrics[`${r.key}.finalAccuracy`] = score(noGrad(() => r.model.forward(xTest)).toTypedArray(), yTestValues).accuracy;
      metrics[`${r.key}.finalConfidentlyWrong`] = score(noGrad(() => r.model.forward(xTrain)).toTypedArray(), yTrainValues).confidentlyWrong;
      metrics[`${r.key}.gradAtWrong`] = gradAtWrongLogit(probe, r.fn);
    }
    metrics['confidentlyWrongAtStart'] = runs[0]!.wrongAtStart;
    metrics['stepsRatio'] = metrics['se.stepsTo95']! / metrics['bce.stepsTo95']!;
    metrics['gradRatioAtWrong'] = metrics['bce.gradAtWrong']! / metrics['se.gradAtWrong']!;
    for (const r of runs) ctx.log(`${r.name}: ${r.stepsTo95 > 0 ? `95% held-out accuracy at step ${r.stepsTo95}` : `not 95% within ${step} steps`}`);

    const byRun = (key: 'accuracy' | 'trainLoss' | 'wrong') => runs.map((r) => ({ name: r.name, points: r[key] }));
    const figures: Figure[] = [
      { id: 'accuracy', title: 'Held-out accuracy', kind: 'line', xLabel: 'step', yLabel: 'held-out accuracy', series: byRun('accuracy') },
      { id: 'confidently-wrong', title: 'Training patients the model is confidently wrong about (≥ 0.9 on the wrong class)', kind: 'line', xLabel: 'step', yLabel: 'fraction of training set', series: byRun('wrong') },
      { id: 'loss', title: 'Training loss (each in its own units)', kind: 'line', xLabel: 'step', yLabel: 'loss', series: byRun('trainLoss') },
      {
        id: 'gradient', title: `|∂loss/∂z| at a logit with ${probe} on the wrong class`, kind: 'bar', xLabel: 'loss', yLabel: '|∂loss/∂z|',
        bars: runs.map((r) => ({ label: r.name, value: metrics[`${r.key}.gradAtWrong`]! })),
      },
    ];
    return { metrics, figures };
  },
};
