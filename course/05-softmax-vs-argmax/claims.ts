// The statements lesson.md makes, as checks over measured runs. The argmax claim recomputes the
// definitions here in plain JavaScript, independently of the engine, and compares.

import { fmt, mean, perSeed, metric, metricPerRun, type Claim } from '../kit/index.ts';
import { SEED_EXAMPLE } from './argmax-explorer.ts';

const SEEDS = [1, 2, 3] as const;
// A float32 sum of ten probabilities can be off by a few roundings of ε ≈ 1.2e-7 each.
const SUM_BAND = 1e-5;

// First position of the largest value: the convention PyTorch, NumPy and the engine share for ties.
const firstMax = (xs: readonly number[]): number => xs.reduce((best, v, i) => (v > xs[best]! ? i : best), 0);

/** argmax by definition: flattened row-major, down each column (dim 0), along each row (dim 1). */
function argmaxByDefinition(x: ReadonlyArray<readonly number[]>): Record<string, number> {
  const cols = x[0]!.length;
  const out: Record<string, number> = { 'argmax.flat': firstMax(x.flat()) };
  for (let j = 0; j < cols; j++) out[`argmax.dim0.${j}`] = firstMax(x.map((row) => row[j]!));
  x.forEach((row, i) => (out[`argmax.dim1.${i}`] = firstMax(row)));
  // keepdim keeps the reduced dim with size 1.
  Object.assign(out, { 'argmax.dim0.keepdimRows': 1, 'argmax.dim0.keepdimCols': cols, 'argmax.dim1.keepdimRows': x.length, 'argmax.dim1.keepdimCols': 1 });
  return out;
}

export const claims: Claim[] = [
  {
    id: 'softmax-learns-argmax-does-not',
    text: 'Trained for the same steps from the same weights, the softmax + cross-entropy network reaches at least 90% test accuracy on the 8×8 digits, while the network trained through argmax stays within 2 points of the accuracy it started with, on every seed.',
    experiment: 'train-through-argmax',
    seeds: SEEDS,
    check(results, seeds) {
      const soft = metricPerRun(results, 'softmax.testAccuracy');
      const start = metricPerRun(results, 'initialTestAccuracy');
      const drift = metricPerRun(results, 'argmax.testAccuracy').map((a, i) => Math.abs(a - start[i]!));
      const passed = soft.every((a) => a >= 0.9) && drift.every((d) => d <= 0.02);
      return {
        passed,
        value: Math.min(...soft),
        expected: 'softmax ≥ 0.90 test accuracy on every seed; argmax within ±0.02 of its start',
        detail: `softmax: ${perSeed(seeds, soft)}; argmax start → end: ${results.map((r, i) => `seed ${seeds[i]}: ${fmt(start[i]!)} → ${fmt(metric(r, 'argmax.testAccuracy'))}`).join(', ')}`,
      };
    },
  },
  {
    id: 'no-gradient-through-argmax',
    text: 'No gradient reaches the weights through argmax: the first layer’s gradient norm is exactly 0 and the weights end exactly where they started, while the softmax network receives a non-zero gradient and moves.',
    experiment: 'train-through-argmax',
    seeds: SEEDS,
    check(results, seeds) {
      const grad = metricPerRun(results, 'argmax.gradNorm');
      const moved = metricPerRun(results, 'argmax.weightChange');
      const softGrad = metricPerRun(results, 'softmax.gradNorm');
      const softMoved = metricPerRun(results, 'softmax.weightChange');
      const passed = grad.every((g) => g === 0) && moved.every((d) => d === 0) && softGrad.every((g) => g > 0) && softMoved.every((d) => d > 0);
      return {
        passed,
        value: Math.max(...grad),
        expected: 'argmax: gradient norm 0 and weight change 0; softmax: both > 0',
        detail: `argmax grad norm ${perSeed(seeds, grad)}; argmax weight change ${perSeed(seeds, moved)}; softmax grad norm ${perSeed(seeds, softGrad)}`,
      };
    },
  },
  {
    id: 'argmax-loss-is-flat',
    text: 'The loss on the argmax prediction is flat almost everywhere: at least 80% of random nudges (size 1e-3) to the first layer leave it exactly unchanged, so even a finite-difference gradient would be 0.',
    experiment: 'train-through-argmax',
    seeds: SEEDS,
    check(results, seeds) {
      const flat = metricPerRun(results, 'argmax.flatProbeFraction');
      return { passed: flat.every((f) => f >= 0.8), value: mean(flat), expected: '≥ 0.8 of nudges leave the loss unchanged, every seed', detail: perSeed(seeds, flat) };
    },
  },
  {
    id: 'argmax-matches-definition',
    text: 'On [[1,3,5],[2,4,1]] the engine’s argmax matches the definition: 2 flattened, [1, 1, 0] down the columns (dim 0), [2, 1] along the rows (dim 1), with keepdim shapes [1, 3] and [2, 1].',
    experiment: 'argmax-explorer',
    seeds: SEEDS,
    check(results, seeds) {
      const want = argmaxByDefinition(SEED_EXAMPLE);
      const wrong = results.flatMap((r, i) => Object.entries(want).filter(([k, v]) => metric(r, k) !== v).map(([k, v]) => `seed ${seeds[i]}: ${k} = ${metric(r, k)}, definition says ${v}`));
      return {
        passed: wrong.length === 0,
        value: wrong.length,
        expected: `0 mismatches over ${Object.keys(want).length} values`,
        detail: wrong.length ? wrong.join('; ') : `all of ${Object.entries(want).map(([k, v]) => `${k}=${v}`).join(', ')} match`,
      };
    },
  },
  {
    id: 'softmax-shift-invariant',
    text: 'Softmax sums to 1 over the dim it normalizes (within 1e-5), adding the same constant (c = 100) to every logit changes no probability by more than 1e-6, and its argmax is the logits’ argmax at every temperature.',
    experiment: 'argmax-explorer',
    seeds: SEEDS,
    config: { shift: 100 },
    check(results, seeds) {
      const worst = (k: string) => Math.max(...metricPerRun(results, k));
      const diff = worst('shift.maxAbsDiff');
      const sumErr = Math.max(worst('softmax.dim0.maxSumError'), worst('softmax.dim1.maxSumError'), worst('shift.maxSumError'));
      const sameArgmax = ['softmax.dim0.argmaxMatches', 'softmax.dim1.argmaxMatches', 'temperature.sweepArgmaxMatches'].every((k) => metricPerRun(results, k).every((v) => v === 1));
      return {
        passed: diff <= 1e-6 && sumErr <= SUM_BAND && sameArgmax,
        value: diff,
        expected: 'shift changes ≤ 1e-6; |sum − 1| ≤ 1e-5; argmax unchanged by softmax at every temperature',
        detail: `largest shift difference ${fmt(diff)}, largest |sum − 1| ${fmt(sumErr)}, argmax preserved: ${sameArgmax ? 'yes' : 'no'}`,
      };
    },
  },
  {
    id: 'naive-softmax-overflows',
    text: 'At logits near ±1000 in float32, the naive exp(x)/Σexp(x) returns NaN, while the version that subtracts the row maximum first is finite, sums to 1 within 1e-5, and agrees with the engine’s softmax within 1e-6.',
    experiment: 'overflow',
    seeds: SEEDS,
    config: { scale: 1000, dtype: 'float32' },
    check(results, seeds) {
      const naive = metricPerRun(results, 'naiveIsFinite');
      const stable = metricPerRun(results, 'stableIsFinite');
      const diff = Math.max(...metricPerRun(results, 'stableMaxAbsDiffFromEngine'));
      const sumErr = Math.max(...metricPerRun(results, 'stableMaxSumError'));
      const passed = naive.every((v) => v === 0) && stable.every((v) => v === 1) && diff <= 1e-6 && sumErr <= SUM_BAND;
      return {
        passed,
        value: diff,
        expected: 'naive not finite; stable finite, |sum − 1| ≤ 1e-5, ≤ 1e-6 from the engine',
        detail: `naive NaN entries ${perSeed(seeds, metricPerRun(results, 'naiveNanCount'))}; stable vs engine ≤ ${fmt(diff)}; |sum − 1| ≤ ${fmt(sumErr)}`,
      };
    },
  },
];
