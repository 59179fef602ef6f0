// The three searches, played on a table of trials already trained (trial.ts): a grid (every placement
// of its lines), random search (its expected result, exactly, from order statistics) and Bayesian
// optimization with a Gaussian process and expected improvement (course/classic). Pure functions.

import { GaussianProcess, expectedImprovement, type GpSettings } from '../classic/index.ts';
import { seededPermutation } from '../kit/index.ts';

/** A search space made discrete: cell c has value `values[c]` (lower is better) and coordinates in [0, 1]^d. */
export interface Space {
  values: readonly number[];
  coords: ReadonlyArray<readonly number[]>;
}

/** An L × U table (row-major, `rows[i][j]`) as a space with coordinates i/(L−1), j/(U−1). */
export function spaceOf(rows: readonly (readonly number[])[]): Space {
  const L = rows.length, U = rows[0]!.length;
  const values: number[] = [], coords: number[][] = [];
  rows.forEach((row, i) => row.forEach((v, j) => {
    values.push(v);
    coords.push([L > 1 ? i / (L - 1) : 0, U > 1 ? j / (U - 1) : 0]);
  }));
  return { values, coords };
}

/**
 * Expected best (lowest) value after each of 1..`trials` independent random draws, cell c drawn with
 * probability `weights[c]` (uniform by default), with replacement as a continuous search would be:
 * with cells sorted by value and S_k the chance a draw ranks k-th or worse, P(best is k-th) = S_kⁿ − S_{k+1}ⁿ.
 */
export function randomSearchCurve(values: readonly number[], trials: number, weights?: readonly number[]): number[] {
  const w = weights ?? values.map(() => 1);
  const total = w.reduce((s, x) => s + x, 0);
  const order = values.map((_, c) => c).sort((a, b) => values[a]! - values[b]! || a - b);
  const tail: number[] = new Array(order.length + 1).fill(0); // tail[k] = S_k
  for (let k = order.length - 1; k >= 0; k--) tail[k] = tail[k + 1]! + w[order[k]!]! / total;
  const curve: number[] = [];
  for (let n = 1; n <= trials; n++) {
    let e = 0;
    for (let k = 0; k < order.length; k++) e += values[order[k]!]! * (tail[k]! ** n - tail[k + 1]! ** n);
    curve.push(e);
  }
  return curve;
}

/** Expected number of distinct values of an axis with `count` equally likely values among `draws` random draws: count·(1 − (1 − 1/count)^draws). */
export const expectedDistinct = (count: number, draws: number): number => count * (1 - (1 - 1 / count) ** draws);

/** Every placement of `lines` evenly spaced grid lines on an axis of `count` cells (spacing count/lines): one index list per offset. */
export function gridLines(count: number, lines: number): number[][] {
  if (count % lines !== 0) throw new Error(`gridLines: ${count} cells do not split into ${lines} equal gaps`);
  const gap = count / lines;
  return Array.from({ length: gap }, (_, o) => Array.from({ length: lines }, (_, k) => o + k * gap));
}

/** The grid's best value for each placement of its lines on both axes of an L × U table. */
export function gridBests(rows: readonly (readonly number[])[], lines = 3): Array<{ lrs: number[]; wds: number[]; best: number }> {
  const out: Array<{ lrs: number[]; wds: number[]; best: number }> = [];
  for (const lrs of gridLines(rows.length, lines)) {
    for (const wds of gridLines(rows[0]!.length, lines)) {
      let best = Infinity;
      for (const i of lrs) for (const j of wds) best = Math.min(best, rows[i]![j]!);
      out.push({ lrs, wds, best });
    }
  }
  return out;
}

export interface BoOptions {
  /** Trials in all, the random initial ones included. */
  budget: number;
  /** Random cells tried before the GP chooses. */
  initial: number;
  /** Candidate lengthscales (in the unit cube) and noise variances (standardized targets); the marginal likelihood picks one pair per fit. */
  lengthscales: readonly number[];
  noises: readonly number[];
  kernel: GpSettings['kernel'];
  /** The GP models f(value): log turns error ratios into distances, so a 3% vs 6% gap counts as much as 30% vs 60%. */
  transform: (v: number) => number;
}

/** The GP that the evidence prefers among the candidate lengthscales and noise levels. */
export function fitGp(x: ReadonlyArray<readonly number[]>, y: readonly number[], o: Pick<BoOptions, 'lengthscales' | 'noises' | 'kernel'>): GaussianProcess {
  let best: GaussianProcess | undefined;
  for (const noiseVariance of o.noises) {
    const gp = GaussianProcess.fitBestLengthscale(x, y, o.lengthscales, { kernel: o.kernel, lengthscale: 1, signalVariance: 1, noiseVariance });
    if (!best || gp.logMarginalLikelihood() > best.logMarginalLikelihood()) best = gp;
  }
  return best!;
}

/**
 * Bayesian optimization over the cells of `space`: `first` cells at random, then each trial the
 * untried cell of largest expected improvement under a GP fitted to the trials so far. Returns the
 * cells in the order tried and the best value after each trial.
 */
export function bayesianSearch(space: Space, first: readonly number[], o: BoOptions): { tried: number[]; bestSoFar: number[] } {
  const tried = [...first];
  while (tried.length < o.budget) {
    const y = tried.map((c) => o.transform(space.values[c]!));
    const gp = fitGp(tried.map((c) => space.coords[c]!), y, o);
    const incumbent = Math.min(...y);
    const seen = new Set(tried);
    const candidates = space.coords.map((_, c) => c).filter((c) => !seen.has(c));
    const post = gp.predict(candidates.map((c) => space.coords[c]!));
    let pick = candidates[0]!, bestEi = -Infinity;
    candidates.forEach((c, k) => {
      const ei = expectedImprovement(post.mean[k]!, post.std[k]!, incumbent);
      if (ei > bestEi) { bestEi = ei; pick = c; }
    });
    tried.push(pick);
  }
  let best = Infinity;
  const bestSoFar = tried.map((c) => (best = Math.min(best, space.values[c]!)));
  return { tried, bestSoFar };
}

/** Mean best-so-far curve of `restarts` Bayesian searches, each from its own random initial cells (drawn from `seed`). */
export function bayesianCurve(space: Space, restarts: number, seed: number, o: BoOptions): number[] {
  const n = space.values.length;
  const sum = new Array(o.budget).fill(0);
  for (let r = 0; r < restarts; r++) {
    const order = seededPermutation(n, seed * 1000 + r);
    const { bestSoFar } = bayesianSearch(space, Array.from(order.slice(0, o.initial)), o);
    bestSoFar.forEach((v, t) => (sum[t] += v));
  }
  return sum.map((s) => s / restarts);
}
