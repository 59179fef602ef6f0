// Experiment noise-where: the overfitting setup of `methods` (an MLP on 1,000 MNIST images) with
// Gaussian noise in three places: on the input pixels, on the weights (for each step's forward and
// backward pass, removed before the update) and on the hidden activations (training mode only).
// Each kind keeps the best of its own sweep of strengths, chosen on a validation set; the test set
// only reports.

import { checkConfig, pacer, throwIfStopped, type Experiment, type Figure, type Param } from '../kit/index.ts';
import { SETUP_PARAMS, accuracy, loadSplits, train, type Recipe, type Splits } from './setup.ts';

export interface NoiseWhereConfig {
  [key: string]: number | string | boolean;
  trainSize: number;
  valSize: number;
  testSize: number;
  width: number;
  epochs: number;
  batchSize: number;
  lr: number;
  /** Which kinds to sweep: all three, or the input noise alone (what its claim needs: 5 runs, not 11). */
  noises: string;
}

const params: readonly Param[] = [
  ...SETUP_PARAMS,
  { key: 'lr', label: 'learning rate (every arm)', kind: 'number', min: 0.001, max: 1, help: 'SGD with momentum 0.9; 0.03 is the rate the methods baseline chooses on validation' },
  { key: 'noises', label: 'where to add noise', kind: 'select', options: ['all', 'input'], help: 'each run reseeds, so the input-only runs are the same runs as in the full comparison' },
];

/** Where the noise goes, and the strengths (noise std) its sweep tries. */
export const NOISES = [
  { id: 'input', label: 'noise on the inputs', unit: 'std (pixel std units)', sweep: [0.5, 1, 2, 3], recipe: (b: Recipe, v: number): Recipe => ({ ...b, inputNoise: v }) },
  { id: 'weight', label: 'noise on the weights', unit: 'std', sweep: [0.01, 0.02, 0.04], recipe: (b: Recipe, v: number): Recipe => ({ ...b, weightNoise: v }) },
  { id: 'activation', label: 'noise on the hidden activations', unit: 'std', sweep: [0.25, 0.5, 1], recipe: (b: Recipe, v: number): Recipe => ({ ...b, activationNoise: v }) },
] as const satisfies ReadonlyArray<{ id: string; label: string; unit: string; sweep: readonly number[]; recipe(b: Recipe, v: number): Recipe }>;

interface Row { id: string; label: string; choice: string; val: number; test: number; train: number }

export const noiseWhereExperiment: Experiment<NoiseWhereConfig> = {
  id: 'noise-where',
  title: 'Noise on the inputs, the weights or the activations',
  summary:
    'The overfitting network of the methods experiment, trained with Gaussian noise on its input pixels, on its weights (during each step’s forward and backward pass only) or on its hidden activations (training mode only). Each kind keeps the best of three or four strengths, chosen on held-out validation images; the test set only reports.',
  params,
  defaults: { trainSize: 1000, valSize: 2000, testSize: 10000, width: 256, epochs: 50, batchSize: 50, lr: 0.03, noises: 'all' },
  quick: { testSize: 5000, width: 64, epochs: 20 },
  async run(config, ctx) {
    checkConfig('noise-where', params, config);
    throwIfStopped(ctx.signal);
    const c = config;
    const pace = pacer(ctx.signal);
    const d: Splits = await loadSplits(ctx, c.trainSize, c.valSize, c.testSize);
    const base: Recipe = { lr: c.lr, epochs: c.epochs, batchSize: c.batchSize, width: c.width };
    const kinds = NOISES.filter((n) => c.noises === 'all' || n.id === c.noises);
    const totalRuns = 1 + kinds.reduce((s, n) => s + n.sweep.length, 0);
    let runsDone = 0;
    const report = (series: string, epoch: number, loss: number) =>
      ctx.progress({ series, step: runsDone * c.epochs + epoch, totalSteps: totalRuns * c.epochs, metrics: { 'training loss': Number.isFinite(loss) ? loss : 10 } });
    const metrics: Record<string, number> = {};
    const fit = async (recipe: Recipe, series: string) => {
      const run = await train(recipe, d, ctx.seed, pace, (epoch, loss) => report(series, epoch, loss));
      runsDone++;
      return { val: accuracy(run.model, d.val), test: accuracy(run.model, d.test), train: accuracy(run.model, d.train) };
    };

    const b = await fit(base, 'baseline');
    const rows: Row[] = [{ id: 'baseline', label: 'baseline (no noise)', choice: '—', ...b }];
    ctx.log(`baseline: training accuracy ${(100 * b.train).toFixed(1)}%, test ${(100 * b.test).toFixed(1)}%`);
    for (const n of kinds) {
      let best: Row | null = null;
      for (const v of n.sweep) {
        throwIfStopped(ctx.signal);
        const r = await fit(n.recipe(base, v), `${n.id} noise, std ${v}`);
        metrics[`${n.id}.val@${v}`] = r.val;
        metrics[`${n.id}.test@${v}`] = r.test;
        if (!best || r.val > best.val) best = { id: n.id, label: n.label, choice: `${n.unit} ${v}`, ...r };
      }
      rows.push(best!);
      metrics[`${n.id}.value`] = Number(best!.choice.split(' ').pop());
      metrics[`${n.id}.atTop`] = metrics[`${n.id}.value`] === n.sweep[n.sweep.length - 1] ? 1 : 0;
      ctx.log(`${n.label}: ${best!.choice}, test ${(100 * best!.test).toFixed(1)}%`);
    }
    for (const r of rows) {
      metrics[`${r.id}.val`] = r.val;
      metrics[`${r.id}.test`] = r.test;
      metrics[`${r.id}.train`] = r.train;
      metrics[`${r.id}.gain`] = r.test - b.test;
    }
    const pct = (x: number) => Number((100 * x).toFixed(2));
    const figures: Figure[] = [
      {
        id: 'noise-ranking', title: 'Each kind of noise at its best strength (chosen on validation)', kind: 'table',
        columns: ['noise', 'chosen strength', 'training accuracy %', 'validation accuracy %', 'test accuracy %', 'gain over baseline (points)'],
        rows: rows.map((r) => [r.label, r.choice, pct(r.train), pct(r.val), pct(r.test), Number((100 * (r.test - b.test)).toFixed(2))]),
      },
      {
        id: 'noise-sweeps', title: 'Validation accuracy at each point of each sweep (1 = weakest)', kind: 'table',
        columns: ['noise', ...[1, 2, 3, 4].map((k) => `point ${k}`)],
        rows: kinds.map((n) => [n.label, ...[0, 1, 2, 3].map((k) => (k < n.sweep.length ? `std ${n.sweep[k]}: ${pct(metrics[`${n.id}.val@${n.sweep[k]}`]!)}%` : '—'))]),
      },
      { id: 'noise-gains', title: 'Test accuracy gained over the baseline (points)', kind: 'bar', xLabel: 'noise', yLabel: 'points', bars: rows.filter((r) => r.id !== 'baseline').map((r) => ({ label: r.label, value: Number((100 * (r.test - b.test)).toFixed(2)) })) },
    ];
    return { metrics, figures };
  },
};
