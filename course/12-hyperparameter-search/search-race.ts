// Experiment search-race: one table of trained networks (learning rate × weight decay on the digits),
// then grid, random and Bayesian search at equal budgets on two spaces cut from it: weight decay up
// to 10⁻⁴ (an axis that barely matters) and up to 10⁻¹ (one that does). Every number is exact for
// the table: the grid over every placement of its lines, random search by order statistics, the
// Bayesian search averaged over restarts from random first trials.

import { checkConfig, pacer, type Experiment, type Figure, type Param, type Series } from '../kit/index.ts';
import { bayesianCurve, bayesianSearch, expectedDistinct, fitGp, gridBests, gridLines, randomSearchCurve, spaceOf, type BoOptions } from './search.ts';
import { computeTable, loadDigitsSplit, logSpaced, type Table } from './trial.ts';
import { expectedImprovement } from '../classic/index.ts';
import { ValueError } from '../../engine/index.ts';

export interface SearchRaceConfig {
  [key: string]: number | string | boolean;
  lrCount: number;
  lrMinExp: number;
  lrMaxExp: number;
  steps: number;
  hidden: number;
  trainSize: number;
  budget: number;
  restarts: number;
}

const params: readonly Param[] = [
  { key: 'lrCount', label: 'learning rates in the table', kind: 'integer', min: 6, max: 96, step: 3, help: 'a multiple of 3, so the 3-line grid can be placed evenly' },
  { key: 'lrMinExp', label: 'smallest learning rate (log₁₀)', kind: 'number', min: -5, max: -1, step: 0.5 },
  { key: 'lrMaxExp', label: 'largest learning rate (log₁₀)', kind: 'number', min: -1, max: 1, step: 0.5 },
  { key: 'steps', label: 'SGD steps per trial', kind: 'integer', min: 20, max: 2000, step: 10 },
  { key: 'hidden', label: 'hidden units', kind: 'integer', min: 4, max: 256 },
  { key: 'trainSize', label: 'training digits (the rest validate)', kind: 'integer', min: 200, max: 1500, step: 100 },
  { key: 'budget', label: 'trials for the random and Bayesian curves', kind: 'integer', min: 9, max: 40 },
  { key: 'restarts', label: 'Bayesian searches averaged (each from its own random first trials)', kind: 'integer', min: 1, max: 200 },
];

/** The weight decays of the table: 10⁻⁶ … 10⁻¹, one per decade. The first three form the space where decay barely matters. */
export const WEIGHT_DECAYS = logSpaced(-6, -1, 6);
export const NARROW_WDS = 3;
/** The Bayesian optimizer, the same on every space and seed: Matérn 5/2 on log error, lengthscale and noise by marginal likelihood, two random first trials. */
export const BO_SETTINGS: Omit<BoOptions, 'budget'> = {
  initial: 2,
  lengthscales: [0.05, 0.1, 0.2, 0.4, 0.8],
  noises: [1e-3, 1e-2, 1e-1],
  kernel: 'matern52',
  transform: Math.log,
};
/** Trials a grid of 3 lines per axis uses, and the budget random search gets to match it. */
const GRID_TRIALS = 9;
/** "Close to the best": within one percentage point of the table's best validation error. */
const NEAR = 0.01;
/** Trials of the one-dimensional Bayesian search drawn on the page. */
const SLICE_TRIALS = 8;

const pct = (v: number) => Number((100 * v).toFixed(2));
const mean = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;

/** First trial count at which a best-so-far curve is within NEAR of `best` (curve length + 1 if never). */
const trialsToNear = (curve: readonly number[], best: number) => {
  const t = curve.findIndex((v) => v <= best + NEAR + 1e-12);
  return t < 0 ? curve.length + 1 : t + 1;
};

interface SpaceReport { metrics: Record<string, number>; figures: Figure[] }

/** Grid, random and Bayesian search on the table's first `wdCount` weight-decay columns. */
function raceOn(name: 'A' | 'B', title: string, table: Table, wdCount: number, c: SearchRaceConfig, seed: number): SpaceReport {
  const rows = table.errors.map((r) => r.slice(0, wdCount));
  const values = rows.flat();
  const best = Math.min(...values);
  const grids = gridBests(rows);
  const gridMean = mean(grids.map((g) => g.best));
  const horizon = Math.max(c.budget, 60);
  const random = randomSearchCurve(values, horizon);
  const bo = bayesianCurve(spaceOf(rows), c.restarts, seed, { ...BO_SETTINGS, budget: c.budget });
  const m: Record<string, number> = {
    [`${name}.best`]: best,
    [`${name}.grid`]: gridMean,
    [`${name}.gridBestPlacement`]: Math.min(...grids.map((g) => g.best)),
    [`${name}.gridWorstPlacement`]: Math.max(...grids.map((g) => g.best)),
    [`${name}.random9`]: random[GRID_TRIALS - 1]!,
    [`${name}.randomLead`]: gridMean - random[GRID_TRIALS - 1]!,
    [`${name}.bo.trialsToNear`]: trialsToNear(bo, best),
    [`${name}.random.trialsToNear`]: trialsToNear(random, best),
  };
  for (const t of [3, 5, 7, 10, c.budget]) {
    m[`${name}.bo.t${t}`] = bo[t - 1]!;
    m[`${name}.random.t${t}`] = random[t - 1]!;
    m[`${name}.boLead.t${t}`] = random[t - 1]! - bo[t - 1]!;
  }
  const upTo = (curve: readonly number[]) => curve.slice(0, c.budget).map((v, t): [number, number] => [t + 1, pct(v)]);
  const figures: Figure[] = [
    {
      id: `${name}-best-so-far`, title: `${title}: best validation error after each trial`, kind: 'line', xLabel: 'trials', yLabel: 'best validation error (%)',
      series: [
        { name: 'random search (expected)', points: upTo(random) },
        { name: `Bayesian optimization (mean of ${c.restarts})`, points: upTo(bo) },
        { name: 'grid 3×3 (mean over placements)', points: [[GRID_TRIALS, pct(gridMean)], [c.budget, pct(gridMean)]] },
        { name: 'best in the table', points: [[1, pct(best)], [c.budget, pct(best)]] },
      ],
    },
    {
      id: `${name}-grid-placements`, title: `${title}: each placement of the 3×3 grid against random search’s 9 trials`, kind: 'table',
      columns: ['grid learning rates', 'grid weight decays', 'grid’s best (%)', 'random search, expected best of 9 (%)'],
      rows: grids.map((g) => [g.lrs.map((i) => table.lrs[i]!.toPrecision(2)).join(', '), g.wds.map((j) => table.wds[j]!.toExponential(0)).join(', '), pct(g.best), pct(random[GRID_TRIALS - 1]!)]),
    },
  ];
  return { metrics: m, figures };
}

/**
 * The Bayesian search on one axis, drawn: learning rate alone at the smallest weight decay, from the
 * two learning rates nearest the 1/4 and 3/4 points of the axis, the GP's mean ± 2σ after each trial.
 */
function sliceFigures(table: Table): { figures: Figure[]; metrics: Record<string, number> } {
  const column = table.errors.map((r) => [r[0]!]);
  const space = spaceOf(column);
  const L = column.length;
  const first = [Math.round((L - 1) / 4), Math.round((3 * (L - 1)) / 4)];
  const { tried } = bayesianSearch(space, first, { ...BO_SETTINGS, budget: SLICE_TRIALS });
  const logLr = table.lrs.map((lr) => Math.log10(lr));
  const fine = Array.from({ length: 61 }, (_, k) => k / 60);
  const toLog = (u: number) => logLr[0]! + u * (logLr[L - 1]! - logLr[0]!);
  const figures: Figure[] = [];
  const eiSeries: Series[] = [];
  for (let n = 2; n <= SLICE_TRIALS; n++) {
    const seen = tried.slice(0, n);
    const gp = fitGp(seen.map((cell) => space.coords[cell]!), seen.map((cell) => Math.log(space.values[cell]!)), BO_SETTINGS);
    const post = gp.predict(fine.map((u) => [u]));
    const incumbent = Math.min(...seen.map((cell) => Math.log(space.values[cell]!)));
    const ei = fine.map((_, k) => expectedImprovement(post.mean[k]!, post.std[k]!, incumbent));
    const eiMax = Math.max(...ei) || 1;
    eiSeries.push({ name: `before trial ${n + 1}`, points: fine.map((u, k) => [Number(toLog(u).toFixed(3)), Number((ei[k]! / eiMax).toFixed(4))]) });
    const band = (z: number) => fine.map((u, k): [number, number] => [Number(toLog(u).toFixed(3)), pct(Math.min(1, Math.exp(post.mean[k]! + z * post.std[k]!)))]); // an error above 100% means nothing: clip the band
    figures.push({
      id: `gp-after-${n}`, title: `The GP after ${n} trials (learning rate alone, weight decay 10⁻⁶): mean and ±2σ`, kind: 'line', logY: true,
      xLabel: 'log₁₀ learning rate', yLabel: 'validation error (%)',
      series: [
        { name: 'GP mean', points: band(0) },
        { name: 'mean + 2σ', points: band(2) },
        { name: 'mean − 2σ', points: band(-2) },
        { name: 'trials so far', points: seen.map((cell) => [Number(logLr[cell]!.toFixed(3)), pct(space.values[cell]!)] as [number, number]).sort((a, b) => a[0] - b[0]) },
        { name: 'every learning rate (unknown to the search)', points: column.map((r, i): [number, number] => [Number(logLr[i]!.toFixed(3)), pct(r[0]!)]) },
      ],
    });
  }
  figures.push({ id: 'gp-expected-improvement', title: 'Expected improvement over the learning-rate axis before each trial (each scaled to peak at 1)', kind: 'line', xLabel: 'log₁₀ learning rate', yLabel: 'EI ÷ its maximum', series: eiSeries });
  const sliceBest = Math.min(...column.map((r) => r[0]!));
  return { figures, metrics: { 'slice.best': sliceBest, 'slice.boBest': Math.min(...tried.map((cell) => space.values[cell]!)) } };
}

export const searchRace: Experiment<SearchRaceConfig> = {
  id: 'search-race',
  title: 'Grid, random and Bayesian search at equal budgets',
  summary:
    'Trains a 64-32-10 MLP on the 8×8 digits at every cell of a learning-rate × weight-decay table, then plays a 3×3 grid, random search and a GP with expected improvement on it: with decay up to 10⁻⁴ (barely matters) and up to 10⁻¹ (matters).',
  params,
  defaults: { lrCount: 48, lrMinExp: -3, lrMaxExp: 0, steps: 100, hidden: 32, trainSize: 1000, budget: 15, restarts: 50 },
  quick: { lrCount: 24, restarts: 20 },
  async run(config, ctx) {
    checkConfig('search-race', params, config);
    if (config.lrCount % 3 !== 0) throw new ValueError(`search-race: config 'lrCount' must be a multiple of 3, got ${config.lrCount}`);
    if (config.lrMaxExp <= config.lrMinExp) throw new ValueError(`search-race: config 'lrMaxExp' must be above 'lrMinExp', got ${config.lrMaxExp} ≤ ${config.lrMinExp}`);
    const pace = pacer(ctx.signal);
    await pace();
    const split = await loadDigitsSplit(ctx, config.trainSize);
    const lrs = logSpaced(config.lrMinExp, config.lrMaxExp, config.lrCount);
    const setup = { hidden: config.hidden, steps: config.steps, batchSize: 32, momentum: 0.9 };
    const table = await computeTable(split, setup, lrs, WEIGHT_DECAYS, ctx.seed, pace, (done, total, error) =>
      ctx.progress({ series: 'trials trained', step: done, totalSteps: total, metrics: { 'validation error (%)': pct(error) } }));
    ctx.log(`trained ${lrs.length * WEIGHT_DECAYS.length} trials; best validation error ${(100 * Math.min(...table.errors.flat())).toFixed(2)}%`);
    const a = raceOn('A', 'Weight decay 10⁻⁶–10⁻⁴ (barely matters)', table, NARROW_WDS, config, ctx.seed);
    await pace();
    const b = raceOn('B', 'Weight decay 10⁻⁶–10⁻¹ (matters)', table, WEIGHT_DECAYS.length, config, ctx.seed);
    await pace();
    const slice = sliceFigures(table);
    // The grid's 6 trials off the middle decay: what they add on space A, where decay barely matters.
    const grid3 = mean(gridLines(lrs.length, 3).map((lines) => Math.min(...lines.map((i) => table.errors[i]![1]!))));
    const metrics: Record<string, number> = {
      ...a.metrics, ...b.metrics, ...slice.metrics,
      'A.grid3': grid3,
      'A.gridGainFromDecay': grid3 - a.metrics['A.grid']!,
      'A.randomDistinctLrs': expectedDistinct(lrs.length, GRID_TRIALS),
      'leadShrinks': a.metrics['A.randomLead']! - b.metrics['B.randomLead']!,
    };
    ctx.log(`space A: grid ${(100 * a.metrics['A.grid']!).toFixed(2)}%, random ${(100 * a.metrics['A.random9']!).toFixed(2)}%; space B: grid ${(100 * b.metrics['B.grid']!).toFixed(2)}%, random ${(100 * b.metrics['B.random9']!).toFixed(2)}%`);
    const landscape: Figure = {
      id: 'table', title: 'Every trial: validation error (%) by learning rate and weight decay', kind: 'table',
      columns: ['learning rate', ...WEIGHT_DECAYS.map((wd) => `decay ${wd.toExponential(0)}`)],
      rows: table.errors.map((r, i) => [lrs[i]!.toPrecision(2), ...r.map(pct)]),
    };
    return { metrics, figures: [...a.figures, ...b.figures, ...slice.figures, landscape] };
  },
};
