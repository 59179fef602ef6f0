// Seeded minibatches over row-major arrays, the loop every lesson's training shares: shuffled row
// indices from a stream of their own (the global RNG is left alone), and rows copied into a batch.

import { data, fromTypedArray, randperm, type Tensor } from '../../engine/index.ts';

/** A permutation of 0..n−1 drawn from its own seeded stream. */
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

/** The given rows of a row-major (N, width) array as a (rows, width) tensor (or (rows) for width 1): a plain copy, cheaper than a gather op. */
export function takeRows(values: Float32Array | Int32Array, width: number, rows: Int32Array): Tensor {
  const out = values instanceof Float32Array ? new Float32Array(rows.length * width) : new Int32Array(rows.length * width);
  rows.forEach((r, i) => out.set(values.subarray(r * width, (r + 1) * width), i * width));
  return fromTypedArray(out, width === 1 ? [rows.length] : [rows.length, width]);
}
