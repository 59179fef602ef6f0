// Experiment full-vs-minibatch: the same MLP from the same weights, trained on the same MNIST
// subset for the same number of epochs by full-batch gradient descent and by minibatch SGD, each
// at the learning rate (from a small grid) that gives it the best validation accuracy. It compares
// them at equal examples seen, and again at equal training loss. Wall-clock time is drawn, not
// claimed: it depends on the machine and on whatever else runs on it.

import { manualSeed, crossEntropy, stepScopes, optim } from '../../engine/index.ts';
import { checkConfig, pacer, type Experiment, type Figure, type Param } from '../kit/index.ts';
import { batchOf, batchStream, evaluate, loadSplit, makeMlp } from './shared.ts';

export interface BatchSizeConfig {
  [key: string]: number | string | boolean;
  trainSize: number;
  valSize: number;
  testSize: number;
  hidden: number;
  epochs: number;
  batchSize: number;
}

const params: readonly Param[] = [
  { key: 'trainSize', label: 'training images', kind: 'integer', min: 500, max: 50000, step: 500 },
  { key: 'valSize', label: 'validation images (pick each learning rate)', kind: 'integer', min: 100, max: 10000, step: 100 },
  { key: 'testSize', label: 'test images', kind: 'integer', min: 200, max: 10000, step: 100 },
  { key: 'hidden', label: 'hidden units', kind: 'integer', min: 8, max: 256 },
  { key: 'epochs', label: 'epochs (passes over the training set)', kind: 'integer', min: 1, max: 200 },
  { key: 'batchSize', label: 'minibatch size', kind: 'integer', min: 1, max: 1024, help: 'the full-batch arm always uses every training image' },
];

/** Learning-rate grids: each arm gets the best of its own. Full-batch steps average more examples, so they tolerate larger rates. */
export const LR_GRID = { mini: [0.03, 0.1, 0.3], full: [0.05, 0.1, 0.2, 0.4, 0.8] } as const;

interface Point { epoch: number; trainLoss: number; testAccuracy: number; seconds: number }
interface Run { arm: 'mini' | 'full'; lr: number; points: Point[]; valAccuracy: number }

/** Test accuracy where the run's training loss first falls to `loss` (linear between measurements), or NaN if it never does. */
export function accuracyAtLoss(points: readonly Point[], loss: number): { accuracy: number; epoch: number } {
  for (let k = 1; k < points.length; k++) {
    const a = points[k - 1]!, b = points[k]!;
    if (b.trainLoss <= loss) {
      const f = a.trainLoss === b.trainLoss ? 1 : Math.min(1, Math.max(0, (a.trainLoss - loss) / (a.trainLoss - b.trainLoss)));
      return { accuracy: a.testAccuracy + f * (b.testAccuracy - a.testAccuracy), epoch: a.epoch + f * (b.epoch - a.epoch) };
    }
  }
  return { accuracy: NaN, epoch: NaN };
}

export const batchSizeExperiment: Experiment<BatchSizeConfig> = {
  id: 'full-vs-minibatch',
  title: 'Full-batch gradient descent vs minibatch SGD at equal epochs',
  summary:
    'Two ways to spend the same passes over the data: one exact gradient step per epoch (full batch), or many noisy steps on batches of 64. Each gets its best learning rate from a small grid. Compare test accuracy at equal epochs, then at equal training loss.',
  params,
  defaults: { trainSize: 10000, valSize: 2000, testSize: 5000, hidden: 64, epochs: 20, batchSize: 64 },
  quick: { trainSize: 2000, valSize: 500, testSize: 1000, hidden: 32, epochs: 20 },
  async run(config, ctx) {
    checkConfig('full-vs-minibatch', params, config);
    const { trainSize, valSize, testSize, hidden, epochs } = config;
    const batchSize = Math.min(config.batchSize, trainSize);
    const pace = pacer(ctx.signal);
    const { train, val, test } = await loadSplit(ctx, trainSize, valSize, testSize);
    const stepsPerEpoch = Math.floor(trainSize / batchSize);
    // Measuring the whole training set costs as much as many minibatch steps, so the minibatch arm
    // is measured every 2 steps only until its training loss passes the best full-batch run's final
    // loss (where the equal-loss comparison reads it), then twice an epoch. Full batch: every step.
    const sparseEvery = Math.max(1, Math.floor(stepsPerEpoch / 2));
    let fullFinalLoss = Infinity;

    const runs: Run[] = [];
    // Each arm at its own best learning rate, chosen on validation images (a NaN run never wins).
    const best = (arm: 'mini' | 'full') => runs.filter((r) => r.arm === arm).reduce((a, b) => (b.valAccuracy > a.valAccuracy || Number.isNaN(a.valAccuracy) ? b : a));
    for (const arm of ['full', 'mini'] as const) {
      for (const lr of LR_GRID[arm]) {
        manualSeed(ctx.seed); // same initial weights for every run
        const model = makeMlp(hidden);
        const opt = new optim.SGD(model.parameters(), { lr });
        const nextBatch = batchStream(trainSize, batchSize, ctx.seed);
        const scopes = stepScopes([model, opt]);
        const series = `${arm === 'full' ? 'full batch' : `batch ${batchSize}`}, lr ${lr}`;
        const steps = arm === 'full' ? epochs : epochs * stepsPerEpoch;
        const examplesPerStep = arm === 'full' ? trainSize : batchSize;
        const points: Point[] = [];
        let seconds = 0;
        const measure = (step: number) => {
          const tr = evaluate(model, train), te = evaluate(model, test);
          const p = { epoch: (step * examplesPerStep) / trainSize, trainLoss: tr.loss, testAccuracy: 1 - te.error, seconds };
          points.push(p);
          ctx.progress({ series, step, totalSteps: steps, metrics: { 'training loss': p.trainLoss, 'test accuracy': p.testAccuracy } });
        };
        measure(0);
        for (let step = 1; step <= steps; step++) {
          const t0 = performance.now();
          scopes.step(() => {
            const { x, y } = arm === 'full' ? { x: train.x, y: train.y } : batchOf(train, nextBatch());
            const loss = crossEntropy(model.forward(x), y);
            opt.zeroGrad();
            loss.backward();
            opt.step();
            return 0;
          });
          seconds += (performance.now() - t0) / 1000;
          const beforeCrossing = points[points.length - 1]!.trainLoss > fullFinalLoss;
          if (arm === 'full' || step % (beforeCrossing ? 2 : sparseEvery) === 0 || step === steps) measure(step);
          await pace();
        }
        scopes.close();
        const valAccuracy = 1 - evaluate(model, val).error;
        runs.push({ arm, lr, points, valAccuracy });
        if (arm === 'full' && lr === LR_GRID.full[LR_GRID.full.length - 1]) fullFinalLoss = best('full').points.at(-1)!.trainLoss;
        ctx.log(`${series}: validation accuracy ${valAccuracy.toFixed(3)}, test ${points[points.length - 1]!.testAccuracy.toFixed(3)}, training loss ${points[points.length - 1]!.trainLoss.toFixed(4)}`);
      }
    }

    const mini = best('mini'), full = best('full');
    const end = (r: Run) => r.points[r.points.length - 1]!;
    const matched = accuracyAtLoss(mini.points, end(full).trainLoss);
    // The same comparison at every full-batch measurement from epoch 5 on: where the minibatch run
    // had the same training loss, how much more accurate was it? Averaging many matched points
    // cuts the noise of reading one point on a steep curve.
    const matchedGaps = full.points.filter((p) => p.epoch >= 5).map((p) => accuracyAtLoss(mini.points, p.trainLoss).accuracy - p.testAccuracy);
    const gridIndex = (r: Run) => (LR_GRID[r.arm] as readonly number[]).indexOf(r.lr);
    const metrics: Record<string, number> = {
      'mini.lr': mini.lr, 'full.lr': full.lr,
      'mini.lrAtGridEdge': gridIndex(mini) === 0 || gridIndex(mini) === LR_GRID.mini.length - 1 ? 1 : 0,
      'full.lrAtGridEdge': gridIndex(full) === 0 || gridIndex(full) === LR_GRID.full.length - 1 ? 1 : 0,
      'mini.testAccuracy': end(mini).testAccuracy, 'full.testAccuracy': end(full).testAccuracy,
      'mini.trainLoss': end(mini).trainLoss, 'full.trainLoss': end(full).trainLoss,
      gapAtEqualEpochs: end(mini).testAccuracy - end(full).testAccuracy,
      'mini.testAccuracyAtFullLoss': matched.accuracy,
      'mini.epochAtFullLoss': matched.epoch,
      gapAtEqualLoss: matched.accuracy - end(full).testAccuracy,
      gapAtEqualLossMean: matchedGaps.reduce((a, b) => a + b, 0) / matchedGaps.length,
      epochs,
    };

    const label = (r: Run) => `${r.arm === 'full' ? 'full batch' : `batch ${batchSize}`} (lr ${r.lr})`;
    const figures: Figure[] = [
      { id: 'accuracy-by-epoch', title: 'Test accuracy at equal examples seen (each arm at its best learning rate)', kind: 'line', xLabel: 'epochs (examples seen ÷ training-set size)', yLabel: 'test accuracy', series: [mini, full].map((r) => ({ name: label(r), points: r.points.map((p) => [p.epoch, p.testAccuracy] as [number, number]) })) },
      { id: 'accuracy-by-loss', title: 'Test accuracy against training loss: at equal training loss, do they generalize alike?', kind: 'scatter', xLabel: 'training loss (cross-entropy, whole training set)', yLabel: 'test accuracy', series: [mini, full].map((r) => ({ name: label(r), points: r.points.slice(1).map((p) => [p.trainLoss, p.testAccuracy] as [number, number]) })) },
      { id: 'wall-clock', title: 'Test accuracy against training time on this machine (noisy: depends on the machine and its load)', kind: 'line', xLabel: 'seconds of training (measurements excluded)', yLabel: 'test accuracy', series: [mini, full].map((r) => ({ name: label(r), points: r.points.map((p) => [p.seconds, p.testAccuracy] as [number, number]) })) },
      {
        id: 'sweep', title: `Every run after ${epochs} epochs (the best validation accuracy of each arm is used)`, kind: 'table',
        columns: ['arm', 'learning rate', 'validation accuracy', 'test accuracy', 'training loss'],
        rows: runs.map((r) => [r.arm === 'full' ? 'full batch' : `batch ${batchSize}`, r.lr, r.valAccuracy, end(r).testAccuracy, Number(end(r).trainLoss.toPrecision(4))]),
      },
    ];
    return { metrics, figures };
  },
};
