// The arithmetic of combining models, over plain row-major probability arrays (n × K): averaging,
// accuracy, pairwise disagreement, the squared-error (Brier) ambiguity decomposition, log loss,
// bootstrap resamples and k-fold assignments. No training and no engine tensors here.

import { data, randint } from '../../engine/index.ts';
import { seededPermutation } from '../kit/index.ts';

/** The row-wise mean of several (n × K) probability arrays: the averaging ensemble. */
export function averageProbabilities(members: readonly Float32Array[] | readonly Float64Array[]): Float64Array {
  if (members.length === 0) throw new Error('averageProbabilities: needs at least one member');
  const out = new Float64Array(members[0]!.length);
  for (const p of members) {
    if (p.length !== out.length) throw new Error(`averageProbabilities: members have ${out.length} and ${p.length} values`);
    for (let i = 0; i < out.length; i++) out[i]! += p[i]! / members.length;
  }
  return out;
}

/** Each row's class with the largest value (the lowest index on a tie). */
export function argmaxRows(p: ArrayLike<number>, classes: number): Int32Array {
  const n = p.length / classes;
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let k = 1; k < classes; k++) if (p[i * classes + k]! > p[i * classes + best]!) best = k;
    out[i] = best;
  }
  return out;
}

export function accuracyOfPredictions(predicted: ArrayLike<number>, y: ArrayLike<number>): number {
  let right = 0;
  for (let i = 0; i < y.length; i++) if (predicted[i] === y[i]) right++;
  return right / y.length;
}

export const accuracyOf = (p: ArrayLike<number>, y: ArrayLike<number>, classes: number): number => accuracyOfPredictions(argmaxRows(p, classes), y);

/** Mean over all pairs of members of the fraction of rows on which their predicted classes differ. */
export function disagreement(predictions: readonly Int32Array[]): number {
  let sum = 0, pairs = 0;
  for (let a = 0; a < predictions.length; a++) {
    for (let b = a + 1; b < predictions.length; b++) {
      let differ = 0;
      for (let i = 0; i < predictions[a]!.length; i++) if (predictions[a]![i] !== predictions[b]![i]) differ++;
      sum += differ / predictions[a]!.length;
      pairs++;
    }
  }
  return pairs === 0 ? 0 : sum / pairs;
}

/** Mean over rows of ‖p − onehot(y)‖²: the (multi-class) Brier score. */
export function brier(p: ArrayLike<number>, y: ArrayLike<number>, classes: number): number {
  let sum = 0;
  for (let i = 0; i < y.length; i++) for (let k = 0; k < classes; k++) sum += (p[i * classes + k]! - (y[i] === k ? 1 : 0)) ** 2;
  return sum / y.length;
}

/** Mean over rows of −ln p_y (probabilities clipped at 1e-12 so a confident mistake stays finite). */
export function logLoss(p: ArrayLike<number>, y: ArrayLike<number>, classes: number): number {
  let sum = 0;
  for (let i = 0; i < y.length; i++) sum -= Math.log(Math.max(p[i * classes + y[i]!]!, 1e-12));
  return sum / y.length;
}

export interface AmbiguityDecomposition {
  /** Brier score of the averaged probabilities. */
  ensemble: number;
  /** Mean of the members' Brier scores. */
  meanMember: number;
  /** Mean over members and rows of ‖p_m − p̄‖²: how far members sit from their average. */
  ambiguity: number;
}

/**
 * Krogh and Vedelsby's identity for squared error: the average's error equals the members' mean
 * error minus their mean spread around the average, exactly, whatever the members are.
 */
export function ambiguityDecomposition(members: readonly Float32Array[] | readonly Float64Array[], y: ArrayLike<number>, classes: number): AmbiguityDecomposition {
  const avg = averageProbabilities(members);
  let ambiguity = 0;
  for (const p of members) for (let i = 0; i < avg.length; i++) ambiguity += (p[i]! - avg[i]!) ** 2;
  return {
    ensemble: brier(avg, y, classes),
    meanMember: members.reduce((s, p) => s + brier(p, y, classes), 0) / members.length,
    ambiguity: ambiguity / (members.length * y.length),
  };
}

/** n row indices drawn uniformly with replacement: a bootstrap resample. */
export const bootstrapRows = (n: number, seed: number): Int32Array =>
  Int32Array.from(new data.Generator(seed).run(() => randint(0, n, [n])).toTypedArray());

/** Fold 0..k−1 of each of n rows: a seeded permutation cut into k near-equal parts. */
export function kFolds(n: number, k: number, seed: number): Int32Array {
  if (!Number.isInteger(k) || k < 2 || k > n) throw new Error(`kFolds: k must be an integer from 2 to ${n}, got ${k}`);
  const order = seededPermutation(n, seed);
  const fold = new Int32Array(n);
  order.forEach((row, pos) => (fold[row] = Math.floor((pos * k) / n)));
  return fold;
}
