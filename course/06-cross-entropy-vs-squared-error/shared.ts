// Helpers the four experiments of this lesson share: seeded splits and batches and standardization
// (config checks and pacing come from the course kit).

import { data, fromTypedArray, randperm, tensor, type Tensor } from '../../engine/index.ts';

/** A permutation of 0..n−1 drawn from its own seeded stream (the global RNG is left alone). */
export const seededPermutation = (n: number, seed: number): Int32Array =>
  Int32Array.from(new data.Generator(seed).run(() => randperm(n)).toTypedArray());

/** Endless shuffled minibatches of row indices: a fresh seeded permutation each pass over the data. */
export function batchStream(n: number, batchSize: number, seed: number): () => Int32Array {
  const gen = new data.Generator(seed);
  let order = new Int32Array(0);
  let pos = 0;
  return () => {
    if (pos + batchSize > order.length) {
      order = Int32Array.from(gen.run(() => randperm(n)).toTypedArray());
      pos = 0;
    }
    pos += batchSize;
    return order.slice(pos - batchSize, pos);
  };
}

/** The given rows of a row-major (N, width) array as a (rows, width) tensor: a plain copy, cheaper than a gather op. */
export function takeRows(values: Float32Array | Int32Array, width: number, rows: Int32Array): Tensor {
  const out = values instanceof Float32Array ? new Float32Array(rows.length * width) : new Int32Array(rows.length * width);
  rows.forEach((r, i) => out.set(values.subarray(r * width, (r + 1) * width), i * width));
  return fromTypedArray(out, width === 1 ? [rows.length] : [rows.length, width]);
}

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
