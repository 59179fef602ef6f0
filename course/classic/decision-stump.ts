// A decision stump: one feature, one threshold, one class on each side — the weak learner boosting
// combines. Fitting sweeps each feature's sorted values once, keeping per-class weight totals on the
// left, so a fit costs O(d · n · classes) after a one-time sort.

import type { LabelledTable } from './table.ts';

export interface Stump {
  feature: number;
  /** Rows with x[feature] < threshold go left. */
  threshold: number;
  left: number;
  right: number;
  /** Weighted error on the data it was fitted to (weights summing to 1). */
  error: number;
}

/** Each feature's row order by value, computed once and reused by every boosting round. */
export function sortFeatures(t: LabelledTable): Int32Array[] {
  return Array.from({ length: t.d }, (_, j) => {
    const order = Int32Array.from({ length: t.n }, (_, i) => i);
    return order.sort((a, b) => t.x[a * t.d + j]! - t.x[b * t.d + j]!);
  });
}

const argmax = (v: Float64Array): number => {
  let best = 0;
  for (let k = 1; k < v.length; k++) if (v[k]! > v[best]!) best = k;
  return best;
};

/**
 * The stump with the least weighted error. Thresholds sit midway between consecutive distinct values;
 * ties keep the first found (lowest feature, then lowest threshold), so fits are reproducible.
 */
export function fitStump(t: LabelledTable, weights: ArrayLike<number>, sorted: readonly Int32Array[] = sortFeatures(t)): Stump {
  const { x, y, d, n, classes } = t;
  const total = new Float64Array(classes);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    total[y[i]!]! += weights[i]!;
    sum += weights[i]!;
  }
  if (!(sum > 0)) throw new Error(`fitStump: the weights must sum to a positive number, got ${sum}`);
  let best: Stump | undefined;
  let bestCorrect = -Infinity;
  const left = new Float64Array(classes);
  const right = new Float64Array(classes);
  for (let j = 0; j < d; j++) {
    const order = sorted[j]!;
    left.fill(0);
    for (let p = 0; p < n - 1; p++) {
      const row = order[p]!;
      left[y[row]!]! += weights[row]!;
      const here = x[row * d + j]!, next = x[order[p + 1]! * d + j]!;
      if (here === next) continue; // no threshold separates equal values
      for (let k = 0; k < classes; k++) right[k] = total[k]! - left[k]!;
      const l = argmax(left), r = argmax(right);
      const correct = left[l]! + right[r]!;
      if (correct > bestCorrect + 1e-12 * sum) {
        bestCorrect = correct;
        best = { feature: j, threshold: (here + next) / 2, left: l, right: r, error: 0 };
      }
    }
  }
  if (!best) {
    // Every feature is constant: the best a stump can do is predict the weighted majority class.
    const k = argmax(total);
    return { feature: 0, threshold: Infinity, left: k, right: k, error: 1 - total[k]! / sum };
  }
  return { ...best, error: 1 - bestCorrect / sum };
}

/** The stump's class for row i of a table with d features. */
export const stumpPredict = (s: Stump, x: ArrayLike<number>, d: number, i: number): number => (x[i * d + s.feature]! < s.threshold ? s.left : s.right);
