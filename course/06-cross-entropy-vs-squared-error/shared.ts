// Helpers the four experiments of this lesson share: seeded splits and batches, standardization and
// calibration (config checks and pacing come from the course kit).

import { tensor, type Tensor } from '../../engine/index.ts';
import { seededPermutation } from '../kit/index.ts';
export { seededPermutation, batchStream, takeRows } from '../kit/index.ts';

/** Splits rows 0..n−1 into train and test index tensors, a seeded shuffle with `testFraction` held out. */
export function trainTestSplit(n: number, testFraction: number, seed: number): { train: Tensor; test: Tensor } {
  const order = seededPermutation(n, seed);
  const nTest = Math.round(n * testFraction);
  const asTensor = (a: Int32Array) => tensor(Array.from(a), { dtype: 'int32' });
  return { test: asTensor(order.subarray(0, nTest)), train: asTensor(order.subarray(nTest)) };
}

/** (x − mean)/std per column, with mean and std from the training rows only (no peeking at the test set). */
export function standardize(train: Tensor, test: Tensor): { train: Tensor; test: Tensor } {
  const mean = train.mean({ dim: 0, keepdim: true });
  const std = train.std({ dim: 0, keepdim: true }).clampMin(1e-8);
  return { train: train.sub(mean).div(std), test: test.sub(mean).div(std) };
}

export interface Calibration {
  accuracy: number;
  /** Mean top probability: how sure the model says it is. */
  confidence: number;
  /** Expected calibration error: Σ_b (n_b/N)·|accuracy_b − confidence_b| over equal-width confidence bins. */
  ece: number;
  /** Non-empty bins: mean confidence, accuracy and count. */
  bins: Array<{ confidence: number; accuracy: number; count: number }>;
}

/**
 * Accuracy, mean confidence and expected calibration error of row-major (N, C) probabilities
 * against labels, with `nBins` equal-width bins of the top probability (15, as Guo et al. 2017).
 */
export function calibration(probs: ArrayLike<number>, labels: ArrayLike<number>, nBins = 15): Calibration {
  const n = labels.length, c = probs.length / n;
  const sums = Array.from({ length: nBins }, () => ({ conf: 0, right: 0, count: 0 }));
  let right = 0, conf = 0;
  for (let i = 0; i < n; i++) {
    let arg = 0;
    for (let j = 1; j < c; j++) if (probs[i * c + j]! > probs[i * c + arg]!) arg = j;
    const p = probs[i * c + arg]!;
    const hit = arg === labels[i] ? 1 : 0;
    const bin = sums[Math.min(nBins - 1, Math.floor(p * nBins))]!;
    bin.conf += p; bin.right += hit; bin.count++;
    right += hit; conf += p;
  }
  const bins = sums.filter((b) => b.count > 0).map((b) => ({ confidence: b.conf / b.count, accuracy: b.right / b.count, count: b.count }));
  const ece = bins.reduce((s, b) => s + (b.count / n) * Math.abs(b.accuracy - b.confidence), 0);
  return { accuracy: right / n, confidence: conf / n, ece, bins };
}

/** Euclidean norm of each row of a (N, C) tensor's values, averaged over rows. */
export function meanRowNorm(t: Tensor): number {
  const [n, c] = t.shape as [number, number];
  const v = t.contiguous().toTypedArray();
  let total = 0;
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < c; j++) s += v[i * c + j]! ** 2;
    total += Math.sqrt(s);
  }
  return total / n;
}
