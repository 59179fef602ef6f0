// Experiment epochs: what an epoch is, measured. The same 784-64-10 network sees the same number of
// examples either as 20 epochs over a small set or as 1 epoch over a set 20 times larger, each at its own best
// learning rate (picked on a validation set). Also: the epoch's reported loss (the mean of its batch
// losses) against the loss of the weights at the epoch's end.

import { checkConfig, pacer, seededPermutation, takeRows, type Experiment, type Figure, type Param } from '../kit/index.ts';
import { crossEntropy, optim, stepScopes } from '../../engine/index.ts';
import { evaluate, loadMnist, mlp } from './shared.ts';

export interface EpochsConfig {
  [key: string]: number | string | boolean;
  smallSize: number;
  epochs: number;
  batchSize: number;
  hidden: number;
  validationSize: number;
  testSize: number;
  lr: number;
}

const params: readonly Param[] = [
  { key: 'smallSize', label: 'images in the small set (repeated for many epochs)', kind: 'integer', min: 100, max: 10000, step: 100 },
  { key: 'epochs', label: 'epochs over the small set', kind: 'integer', min: 1, max: 50 },
  { key: 'batchSize', label: 'batch size', kind: 'integer', min: 1, max: 512 },
  { key: 'hidden', label: 'hidden units', kind: 'integer', min: 8, max: 256 },
  { key: 'validationSize', label: 'validation images (to pick each arm’s learning rate)', kind: 'integer', min: 200, max: 5000, step: 100 },
  { key: 'testSize', label: 'test images', kind: 'integer', min: 200, max: 10000, step: 100 },
  { key: 'lr', label: 'middle learning rate of the sweep', kind: 'number', min: 1e-3, max: 1, log: true, help: 'each arm takes the best of ⅓×, 1× and 3× this, on the validation images' },
];

/** Batches in one epoch over n examples: the last one takes the remainder, so ⌈n/B⌉. */
export const stepsPerEpoch = (n: number, batchSize: number): number => Math.ceil(n / batchSize);

/** One epoch's batches: a fresh seeded shuffle, cut into ⌈n/B⌉ consecutive slices (the last may be short). */
export function epochBatches(n: number, batchSize: number, seed: number): Int32Array[] {
  const order = seededPermutation(n, seed);
  return Array.from({ length: stepsPerEpoch(n, batchSize) }, (_, b) => order.slice(b * batchSize, Math.min((b + 1) * batchSize, n)));
}

interface ArmRun {
  lr: number;
  stepCurve: Array<[number, number]>;
  /** Per epoch: the mean of its batch losses, and the loss of the weights at its end on the arm's training set. */
  epochMean: number[];
  epochEnd: number[];
  trainLoss: number;
  valAccuracy: number;
  testAccuracy: number;
  testLoss: number;
  steps: number;
}

export const epochsExperiment: Experiment<EpochsConfig> = {
  id: 'epochs',
  title: 'What an epoch is: many passes over a little data, or one pass over more',
  summary:
    'A 784-64-10 network sees the same number of training examples two ways: several epochs over a small set, or one epoch over a set that many times larger. Each arm gets its own best learning rate. Watch the training loss per step and per epoch, and the test accuracy.',
  params,
  defaults: { smallSize: 1000, epochs: 20, batchSize: 32, hidden: 64, validationSize: 2000, testSize: 5000, lr: 0.1 },
  quick: { smallSize: 500, validationSize: 1000, testSize: 1000 },
  async run(config, ctx) {
    checkConfig('epochs', params, config);
    const pace = pacer(ctx.signal);
    const { smallSize, epochs, batchSize } = config;
    const largeSize = smallSize * epochs;
    // The first largeSize training images, then validationSize more that neither arm trains on.
    const d = await loadMnist(ctx, largeSize + config.validationSize, config.testSize);
    const rowsOf = (from: number, n: number) => ({ pixels: d.trainPixels.subarray(from * 784, (from + n) * 784), labels: d.trainLabels.subarray(from, from + n) });
    const val = rowsOf(largeSize, config.validationSize);
    const lrs = [config.lr / 3, config.lr, config.lr * 3].map((r) => Number(r.toPrecision(3)));

    async function train(name: string, n: number, passes: number, lr: number): Promise<ArmRun> {
      const set = rowsOf(0, n);
      const model = mlp(ctx.seed, config.hidden);
      const opt = new optim.SGD(model.parameters(), { lr });
      const scopes = stepScopes([model, opt]);
      const run: ArmRun = { lr, stepCurve: [], epochMean: [], epochEnd: [], trainLoss: 0, valAccuracy: 0, testAccuracy: 0, testLoss: 0, steps: 0 };
      const total = passes * stepsPerEpoch(n, batchSize);
      for (let epoch = 1; epoch <= passes; epoch++) {
        let sum = 0, count = 0;
        for (const idx of epochBatches(n, batchSize, ctx.seed * 1000 + epoch)) {
          const loss = scopes.step(() => {
            const l = crossEntropy(model.forward(takeRows(set.pixels, 784, idx)), takeRows(set.labels, 1, idx));
            opt.zeroGrad();
            l.backward();
            opt.step();
            return l.item();
          });
          run.steps++;
          // The epoch's reported loss weights each example once, so a short last batch counts less.
          sum += loss * idx.length;
          count += idx.length;
          run.stepCurve.push([run.steps, loss]);
          if (run.steps % 10 === 0) ctx.progress({ series: `${name}, lr ${lr}`, step: run.steps, totalSteps: total, metrics: { 'batch loss': loss } });
          await pace();
        }
        run.epochMean.push(sum / count);
        run.epochEnd.push(evaluate(model, set.pixels, set.labels).loss);
      }
      scopes.close();
      run.trainLoss = run.epochEnd[run.epochEnd.length - 1]!;
      run.valAccuracy = evaluate(model, val.pixels, val.labels).accuracy;
      const test = evaluate(model, d.testPixels, d.testLabels);
      run.testAccuracy = test.accuracy;
      run.testLoss = test.loss;
      return run;
    }

    const metrics: Record<string, number> = {};
    const arms: Record<'repeated' | 'fresh', ArmRun> = {} as never;
    for (const [arm, n, passes] of [['repeated', smallSize, epochs], ['fresh', largeSize, 1]] as const) {
      let best: ArmRun | null = null;
      for (const lr of lrs) {
        const r = await train(arm, n, passes, lr);
        metrics[`${arm}.valAccuracy@${lr}`] = r.valAccuracy;
        if (!best || r.valAccuracy > best.valAccuracy) best = r;
      }
      arms[arm] = best!;
      metrics[`${arm}.lr`] = best!.lr;
      metrics[`${arm}.steps`] = best!.steps;
      metrics[`${arm}.trainLoss`] = best!.trainLoss;
      metrics[`${arm}.testLoss`] = best!.testLoss;
      metrics[`${arm}.testAccuracy`] = best!.testAccuracy;
      metrics[`${arm}.gap`] = best!.testLoss - best!.trainLoss;
      ctx.log(`${arm} (${passes} epoch${passes > 1 ? 's' : ''} over ${n} images, lr ${best!.lr}, ${best!.steps} steps): test accuracy ${(100 * best!.testAccuracy).toFixed(1)}%, training loss ${best!.trainLoss.toFixed(3)}, test loss ${best!.testLoss.toFixed(3)}`);
    }
    const rep = arms.repeated;
    rep.epochMean.forEach((m, e) => {
      metrics[`repeated.epoch${e + 1}.meanBatchLoss`] = m;
      metrics[`repeated.epoch${e + 1}.endLoss`] = rep.epochEnd[e]!;
    });
    metrics['repeated.epoch1.lag'] = rep.epochMean[0]! - rep.epochEnd[0]!;
    metrics['fresh.epoch1.lag'] = arms.fresh.epochMean[0]! - arms.fresh.epochEnd[0]!;
    metrics['accuracyGain'] = arms.fresh.testAccuracy - rep.testAccuracy;

    const spe = stepsPerEpoch(smallSize, batchSize);
    const figures: Figure[] = [
      {
        id: 'per-step-vs-per-epoch', title: `${epochs} epochs over ${smallSize} images: the loss of every batch, and once per epoch`, kind: 'line', xLabel: 'step', yLabel: 'cross-entropy', logY: true,
        series: [
          { name: 'each batch', points: rep.stepCurve },
          { name: 'epoch’s reported loss (mean of its batches)', points: rep.epochMean.map((m, e) => [(e + 1) * spe, m] as [number, number]) },
          { name: 'loss of the weights at the epoch’s end (whole set)', points: rep.epochEnd.map((m, e) => [(e + 1) * spe, m] as [number, number]) },
        ],
      },
      {
        id: 'repeated-vs-fresh', title: 'The same number of examples seen, two ways', kind: 'table',
        columns: ['arm', 'images', 'epochs', 'steps (⌈N/B⌉ per epoch)', 'learning rate', 'training loss', 'test loss', 'test accuracy (%)'],
        rows: ([['repeated', smallSize, epochs], ['fresh', largeSize, 1]] as const).map(([arm, n, e]) => [arm, n, e, arms[arm].steps, arms[arm].lr, Number(arms[arm].trainLoss.toFixed(4)), Number(arms[arm].testLoss.toFixed(4)), Number((100 * arms[arm].testAccuracy).toFixed(1))]),
      },
    ];
    return { metrics, figures };
  },
};
