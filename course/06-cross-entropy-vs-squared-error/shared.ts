// Helpers the four experiments of this lesson share: config checking, seeded splits and batches,
// standardization, and yielding to the event loop so Stop works in a browser worker.

import { data, fromTypedArray, randperm, tensor, type Tensor } from '../../engine/index.ts';
import { throwIfStopped, type Config, type Param } from '../kit/index.ts';

/** Throws a clear error when a config value is missing, of the wrong kind, or outside its param's range. */
export function checkConfig(experiment: string, params: readonly Param[], config: Config): void {
  for (const p of params) {
    const v = config[p.key];
    const where = `${experiment}: config '${p.key}'`;
    if (p.kind === 'select') {
      if (typeof v !== 'string' || !p.options.includes(v)) throw new Error(`${where} must be one of ${p.options.join(', ')}, got ${JSON.stringify(v)}`);
    } else if (p.kind === 'boolean') {
      if (typeof v !== 'boolean') throw new Error(`${where} must be true or false, got ${JSON.stringify(v)}`);
    } else {
      if (typeof v !== 'number' || !Number.isFinite(v)) throw new Error(`${where} must be a number, got ${JSON.stringify(v)}`);
      if (p.kind === 'integer' && !Number.isInteger(v)) throw new Error(`${where} must be an integer, got ${v}`);
      if (v < p.min || v > p.max) throw new Error(`${where} must be between ${p.min} and ${p.max}, got ${v}`);
    }
  }
}

/** Yields to the event loop about every 50 ms of work, and stops the run if asked to. */
export function makePacer(signal: AbortSignal): () => Promise<void> {
  let last = Date.now();
  return async () => {
    throwIfStopped(signal);
    if (Date.now() - last < 50) return;
    await new Promise((resolve) => setTimeout(resolve, 0));
    last = Date.now();
    throwIfStopped(signal);
  };
}

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
