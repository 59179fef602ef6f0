// Experiment regression: the diabetes set (one number per patient), a model with a linear output
// trained with squared error (MSE), absolute error (MAE) and Huber loss; held-out R² against the
// R² = 0 of always predicting the training mean. Optional outliers show what MAE and Huber are for.

import { checkConfig, pacer } from '../kit/index.ts';
import { huberLoss, l1Loss, manualSeed, mseLoss, nn, noGrad, optim, tensor, type Tensor } from '../../engine/index.ts';
import type { Experiment, Figure, Param } from '../kit/index.ts';
import { seededPermutation, trainTestSplit } from './shared.ts';

export interface RegressionConfig {
  [key: string]: number | string | boolean;
  model: string;
  steps: number;
  lr: number;
  testFraction: number;
  outliers: number;
}

const params: readonly Param[] = [
  { key: 'model', label: 'model', kind: 'select', options: ['linear', 'mlp'], help: 'mlp: 10 → 32 ReLU → 1, still a linear output' },
  { key: 'steps', label: 'full-batch Adam steps', kind: 'integer', min: 10, max: 3000, step: 10 },
  { key: 'lr', label: 'learning rate (Adam)', kind: 'number', min: 1e-4, max: 1, log: true },
  { key: 'testFraction', label: 'held-out fraction', kind: 'number', min: 0.1, max: 0.5, step: 0.05 },
  { key: 'outliers', label: 'fraction of training targets corrupted', kind: 'number', min: 0, max: 0.3, step: 0.01, help: 'each corrupted target is moved up by 6 standard deviations (test targets stay clean)' },
];

const OUTLIER_SHIFT = 6;
const LOSSES = [
  { key: 'mse', name: 'squared error (MSE)', fn: (p: Tensor, y: Tensor) => mseLoss(p, y) },
  { key: 'mae', name: 'absolute error (MAE)', fn: (p: Tensor, y: Tensor) => l1Loss(p, y) },
  { key: 'huber', name: 'Huber (δ = 1 sd)', fn: (p: Tensor, y: Tensor) => huberLoss(p, y, { delta: 1 }) },
] as const;

/** R² = 1 − Σ(y − ŷ)² / Σ(y − ȳ)², ȳ the mean of these targets; plus RMSE and MAE. */
function score(predicted: ArrayLike<number>, actual: ArrayLike<number>) {
  const n = actual.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += actual[i]! / n;
  let sse = 0, sst = 0, abs = 0;
  for (let i = 0; i < n; i++) {
    sse += (actual[i]! - predicted[i]!) ** 2;
    sst += (actual[i]! - mean) ** 2;
    abs += Math.abs(actual[i]! - predicted[i]!);
  }
  return { r2: 1 - sse / sst, rmse: Math.sqrt(sse / n), mae: abs / n };
}

export const regressionExperiment: Experiment<RegressionConfig> = {
  id: 'regression',
  title: 'Regression on diabetes progression: a linear output and squared error',
  summary:
    'Predict a disease-progression score from ten measurements with a linear output trained by MSE, MAE and Huber loss. Held-out R² says how much better than "always guess the average" each is; corrupt some training targets to see why MAE and Huber exist.',
  params,
  defaults: { model: 'linear', steps: 300, lr: 0.1, testFraction: 0.2, outliers: 0 },
  quick: { steps: 100 },
  async run(config, ctx) {
    checkConfig('regression', params, config);
    const { steps, lr, testFraction, outliers } = config;
    const pace = pacer(ctx.signal);
    const set = await ctx.data.diabetes();
    const split = trainTestSplit(set.x.shape[0]!, testFraction, ctx.seed);
    const xTrain = set.x.indexSelect(0, split.train);
    const xTest = set.x.indexSelect(0, split.test);
    const yTrainRaw = Array.from(set.y.indexSelect(0, split.train).toTypedArray());
    const yTest = Array.from(set.y.indexSelect(0, split.test).toTypedArray());
    // Train on targets standardized with training statistics, so one learning rate and δ fit any scale.
    const mean = yTrainRaw.reduce((s, v) => s + v, 0) / yTrainRaw.length;
    const sd = Math.sqrt(yTrainRaw.reduce((s, v) => s + (v - mean) ** 2, 0) / (yTrainRaw.length - 1));
    const yTrainStd = yTrainRaw.map((v) => (v - mean) / sd);
    const corrupted = seededPermutation(yTrainStd.length, ctx.seed + 7919).subarray(0, Math.round(outliers * yTrainStd.length));
    for (const i of corrupted) yTrainStd[i] = yTrainStd[i]! + OUTLIER_SHIFT;
    if (corrupted.length) ctx.log(`moved ${corrupted.length} of ${yTrainStd.length} training targets up by ${OUTLIER_SHIFT} sd`);
    const yTrain = tensor(yTrainStd).reshape([-1, 1]);

    const runs = LOSSES.map((loss) => {
      manualSeed(ctx.seed); // the same initial weights for every loss
      const model = config.model === 'mlp' ? new nn.Sequential(new nn.Linear(10, 32), new nn.ReLU(), new nn.Linear(32, 1)) : new nn.Linear(10, 1);
      return { ...loss, model, opt: new optim.Adam(model.parameters(), { lr }), curve: [] as Array<[number, number]> };
    });
    const every = Math.max(1, Math.ceil(steps / 300));
    for (let step = 1; step <= steps; step++) {
      for (const r of runs) {
        const loss = r.fn(r.model.forward(xTrain), yTrain);
        r.opt.zeroGrad();
        loss.backward();
        r.opt.step();
        if (step % every === 0 || step === 1) {
          r.curve.push([step, loss.item()]);
          ctx.progress({ series: r.name, step, totalSteps: steps, metrics: { 'training loss': loss.item() } });
        }
      }
      await pace();
    }

    const metrics: Record<string, number> = {};
    const predictions = new Map<string, number[]>();
    for (const r of runs) {
      // Back to the original units: ŷ = mean + sd·output.
      const predicted = Array.from(noGrad(() => r.model.forward(xTest)).toTypedArray(), (v) => mean + sd * v);
      predictions.set(r.key, predicted);
      const s = score(predicted, yTest);
      metrics[`${r.key}.r2`] = s.r2;
      metrics[`${r.key}.testRmse`] = s.rmse;
      metrics[`${r.key}.testMae`] = s.mae;
    }
    // The mean of the training targets as given (corrupted ones included), in original units.
    const trainMean = mean + (sd * yTrainStd.reduce((s, v) => s + v, 0)) / yTrainStd.length;
    const baseline = score(yTest.map(() => trainMean), yTest);
    metrics['meanPredictor.r2'] = baseline.r2;
    metrics['meanPredictor.testRmse'] = baseline.rmse;
    metrics['meanPredictor.testMae'] = baseline.mae;
    for (const r of runs) ctx.log(`${r.name}: held-out R² ${metrics[`${r.key}.r2`]!.toFixed(3)}`);

    const mse = predictions.get('mse')!;
    const [lo, hi] = [Math.min(...yTest), Math.max(...yTest)];
    const figures: Figure[] = [
      {
        id: 'r2', title: 'Held-out R² (1 = perfect, 0 = no better than the training mean)', kind: 'bar', xLabel: 'trained with', yLabel: 'R²',
        bars: [...runs.map((r) => ({ label: r.name, value: metrics[`${r.key}.r2`]! })), { label: 'always predict the training mean', value: baseline.r2 }],
      },
      {
        id: 'fit', title: 'Held-out patients: predicted vs actual (MSE model)', kind: 'scatter', xLabel: 'actual progression score', yLabel: 'predicted',
        series: [{ name: 'patients', points: yTest.map((y, i): [number, number] => [y, mse[i]!]) }, { name: 'perfect prediction', points: [[lo, lo], [hi, hi]] }],
      },
      { id: 'loss', title: 'Training loss (standardized units, each loss its own scale)', kind: 'line', xLabel: 'step', yLabel: 'loss', logY: true, series: runs.map((r) => ({ name: r.name, points: r.curve })) },
      {
        id: 'table', title: 'Held-out errors in the original units', kind: 'table', columns: ['trained with', 'R²', 'RMSE', 'MAE'],
        rows: [...runs.map((r) => [r.name, metrics[`${r.key}.r2`]!, metrics[`${r.key}.testRmse`]!, metrics[`${r.key}.testMae`]!]), ['training mean', baseline.r2, baseline.rmse, baseline.mae]].map(
          (row) => row.map((v) => (typeof v === 'number' ? Number(v.toFixed(3)) : v)),
        ),
      },
    ];
    return { metrics, figures };
  },
};
