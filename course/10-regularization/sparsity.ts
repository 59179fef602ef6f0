// Experiment sparsity: the same network trained with no penalty, an L1 penalty and L2 weight decay;
// a histogram of the first layer's |w| shows L1 driving most weights to (near) zero while L2 only
// shrinks them, at about the same test accuracy.

import { checkConfig, pacer, throwIfStopped, type Experiment, type Figure, type Param } from '../kit/index.ts';
import { accuracy, linears, loadSplits, train, type Recipe, setupParams } from './setup.ts';

export interface SparsityConfig {
  [key: string]: number | string | boolean;
  trainSize: number;
  testSize: number;
  width: number;
  epochs: number;
  batchSize: number;
  lr: number;
  l1: number;
  weightDecay: number;
}

const params: readonly Param[] = [
  ...setupParams,
  { key: 'lr', label: 'learning rate', kind: 'number', min: 1e-3, max: 1, log: true },
  { key: 'l1', label: 'L1 strength λ (loss + λ·Σ|w|)', kind: 'number', min: 1e-7, max: 1e-2, log: true },
  { key: 'weightDecay', label: 'L2 weight decay', kind: 'number', min: 1e-6, max: 1e-1, log: true },
];

/** |w| below this counts as "zeroed": SGD on |w| jitters around 0 by about lr·λ rather than landing on it. */
export const ZERO = 1e-3;

/** Fraction of values with |v| < ZERO, and log₁₀|w| histogram counts (fractions) over [-7, 0] in half-decade bins. */
export function weightStats(w: Float32Array): { zeroed: number; bins: Array<[number, number]> } {
  const edges = Array.from({ length: 15 }, (_, i) => -7 + 0.5 * i);
  const counts = new Array(edges.length).fill(0);
  let zeroed = 0;
  for (const v of w) {
    const a = Math.abs(v);
    if (a < ZERO) zeroed++;
    const e = Math.log10(Math.max(a, 1e-7));
    counts[Math.min(edges.length - 1, Math.max(0, Math.floor((e + 7) / 0.5)))]++;
  }
  return { zeroed: zeroed / w.length, bins: edges.map((e, i) => [e, counts[i] / w.length]) };
}

export const sparsityExperiment: Experiment<SparsityConfig> = {
  id: 'sparsity',
  title: 'L1 zeroes weights, L2 shrinks them',
  summary:
    'The baseline network trained three ways: no penalty, an L1 penalty and L2 weight decay, L1 at a strength that keeps test accuracy level with L2’s. A histogram of the first layer’s |w| on a log scale shows where the weights end.',
  params,
  defaults: { trainSize: 1000, testSize: 10000, width: 256, epochs: 50, batchSize: 50, lr: 0.03, l1: 3e-4, weightDecay: 1e-3 },
  quick: { testSize: 2000, width: 128, epochs: 15 },
  async run(config, ctx) {
    checkConfig('sparsity', params, config);
    throwIfStopped(ctx.signal);
    const c = config;
    const pace = pacer(ctx.signal);
    const d = await loadSplits(ctx, c.trainSize, 0, c.testSize);
    const base: Recipe = { lr: c.lr, epochs: c.epochs, batchSize: c.batchSize, width: c.width };
    const arms: Array<[string, string, Recipe]> = [
      ['none', 'no penalty', base],
      ['l1', `L1, λ ${c.l1}`, { ...base, l1: c.l1 }],
      ['l2', `L2, weight decay ${c.weightDecay}`, { ...base, weightDecay: c.weightDecay }],
    ];
    const metrics: Record<string, number> = {};
    const hist: Figure & { kind: 'line' } = { id: 'histogram', title: 'First-layer weights: share in each half-decade of |w|', kind: 'line', xLabel: 'log₁₀ |w| (values below 10⁻⁷ counted at −7)', yLabel: 'share of weights', series: [] };
    const rows: Array<Array<string | number>> = [];
    for (const [id, label, recipe] of arms) {
      const run = await train(recipe, d, ctx.seed, pace, (epoch, loss) => ctx.progress({ series: label, step: epoch, totalSteps: c.epochs, metrics: { 'training loss': loss } }));
      const w = linears(run.model)[0]!.weight.contiguous().toTypedArray() as Float32Array;
      const { zeroed, bins } = weightStats(w);
      let maxAbs = 0;
      for (const v of w) maxAbs = Math.max(maxAbs, Math.abs(v));
      metrics[`${id}.zeroed`] = zeroed;
      metrics[`${id}.test`] = accuracy(run.model, d.test);
      metrics[`${id}.maxAbs`] = maxAbs;
      hist.series.push({ name: label, points: bins });
      rows.push([label, Number((100 * zeroed).toFixed(1)), Number(maxAbs.toPrecision(3)), Number((100 * metrics[`${id}.test`]!).toFixed(2))]);
      ctx.log(`${label}: ${(100 * zeroed).toFixed(1)}% of first-layer weights below ${ZERO}, test ${(100 * metrics[`${id}.test`]!).toFixed(1)}%`);
    }
    const figures: Figure[] = [hist, { id: 'summary', title: `First-layer weights below ${ZERO} in size`, kind: 'table', columns: ['training', `% of |w| < ${ZERO}`, 'largest |w|', 'test accuracy %'], rows }];
    return { metrics, figures };
  },
};
