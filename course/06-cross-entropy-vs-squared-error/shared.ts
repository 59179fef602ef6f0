// Helpers the four experiments of this lesson share: seeded splits and batches and standardization
// (config checks and pacing come from the course kit).

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

/** Fraction of equal entries. */
export function fractionEqual(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let same = 0;
  for (let i = 0; i < a.length; i++) if (a[i] === b[i]) same++;
  return same / a.length;
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
