// median: the lower of the two middle values (no averaging, as PyTorch); a NaN makes it NaN.
// median(x) over all elements shares its gradient among the elements equal to it (as PyTorch and
// amax do); median(x, dim) → {values, indices} sends it to the chosen element only, via gather.

import { Tensor } from '../tensor/tensor.ts';
import { defineOp } from '../autograd/op.ts';
import { backend } from '../backend/index.ts';
import { tensor } from '../tensor/creation.ts';
import { normalizeDim } from '../tensor/shape.ts';
import { checkOptions } from '../options.ts';
import { DTypeError, IndexError, fmtShape } from '../errors.ts';
import { scalarTensor } from './util.ts';
import { where } from './where.ts';
import { gather } from './gather.ts';
import { argsort } from './sort.ts';
import type { ValuesIndices } from './max.ts';

const f64 = (rows: number[][]) => () => [tensor(rows, { dtype: 'float64' })];

// x: any shape → y: 0-dim
const medianOp = defineOp({
  name: 'median',
  forward: ([x]) => {
    const n = x.numel();
    const flat = { data: backend().copy(x, x.dtype), shape: [n], strides: [1], offset: 0 };
    const order = backend().argsort(flat, 0, false);
    let nans = 0;
    for (let i = 0; i < n; i++) if (flat.data[i] !== flat.data[i]) nans++;
    // NaNs sort last: with any, the median is the first NaN; an empty tensor's median is NaN.
    const at = nans ? n - nans : (n - 1) >> 1;
    return scalarTensor(n ? flat.data[order[at]] : NaN, x.dtype);
  },
  // ∂y/∂x = 1/k on each of the k elements equal to the median (NaNs, if it is NaN), 0 elsewhere.
  backward: (dy, { inputs: [x], output: y }) => [() => {
    const hit = where(y.isnan(), x.isnan(), x.eq(y)).to(dy.dtype);
    return dy.mul(hit).div(hit.sum());
  }],
  cases: [
    { shapes: [[3, 4]] },
    { shapes: [[5]] },
    { shapes: [[]] },
    { shapes: [[2, 3]], inputs: f64([[1, 2, 7], [-2, 0.5, 3]]) }, // an even count: the lower middle, 0.5
  ],
  // Tied medians are not a case: there the median has no derivative (the two sides differ), and
  // the even split is PyTorch's convention, tested against its numbers in test/engine/sorting.test.ts.
});

export interface MedianOptions { dim?: number; keepdim?: boolean }

/** median(x): 0-dim; median(x, dim, keepdim?) or median(x, {dim, keepdim}): {values, indices}. */
export function median(x: Tensor): Tensor;
export function median(x: Tensor, dim: number | MedianOptions, keepdim?: boolean): ValuesIndices;
export function median(x: Tensor, dim?: number | MedianOptions, keepdim = false): Tensor | ValuesIndices {
  if (x.dtype === 'bool') throw new DTypeError(`median: not defined for bool tensors (shape ${fmtShape(x.shape)}); use x.int()`);
  if (dim === undefined) return medianOp([x], undefined);
  if (typeof dim === 'object') checkOptions('median', dim, ['dim', 'keepdim']);
  const o = typeof dim === 'object' ? dim : { dim, keepdim };
  const d = normalizeDim('median', o.dim ?? -1, x.ndim);
  const src = x.ndim === 0 ? x.reshape([1]) : x; // a 0-dim tensor is its own median, at position 0
  const n = src.shape[d];
  if (n === 0) throw new IndexError(`median: cannot reduce over dim ${o.dim} of size 0 in a tensor of shape ${fmtShape(x.shape)} (an empty run has no median)`);
  // The middle position of each sorted run, or the first NaN where a run has NaNs (they sort last).
  const nans = src.isnan().sum({ dim: d, keepdim: true });
  const at = where(nans.gt(0), nans.neg().add(n), (n - 1) >> 1);
  const indices = gather(argsort(src, d), d, at);
  const values = gather(src, d, indices);
  const keep = (o.keepdim ?? false) && x.ndim > 0;
  return keep ? { values, indices } : { values: values.squeeze(d), indices: indices.squeeze(d) };
}

Tensor.prototype.median = function (this: Tensor, dim?: number | MedianOptions, keepdim?: boolean) {
  return dim === undefined ? median(this) : median(this, dim, keepdim);
} as Tensor['median'];

declare module '../tensor/tensor.ts' {
  interface Tensor {
    median(): Tensor;
    median(dim: number | MedianOptions, keepdim?: boolean): ValuesIndices;
  }
}
