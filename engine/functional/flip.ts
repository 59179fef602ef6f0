// flip / roll: reorder elements along dims by an indexSelect with a computed index (reversed, or
// shifted cyclically) — a copy, as PyTorch's flip is; the gradient is indexSelect's index-add.

import { Tensor } from '../tensor/tensor.ts';
import { tensor } from '../tensor/creation.ts';
import { normalizeDim, normalizeDims } from '../tensor/shape.ts';
import { ShapeError, fmtShape } from '../errors.ts';

const reorder = (x: Tensor, dim: number, at: (i: number, n: number) => number): Tensor => {
  const n = x.shape[dim];
  return x.indexSelect(dim, tensor(Array.from({ length: n }, (_, i) => at(i, n)), { dtype: 'int32' }));
};

/** Reverses the order of elements along each of `dims`. */
export function flip(x: Tensor, dims: number | readonly number[]): Tensor {
  if (x.ndim === 0) return x.clone();
  return normalizeDims('flip', dims, x.ndim).reduce((y, d) => reorder(y, d, (i, n) => n - 1 - i), x);
}

/** Shifts elements along dims cyclically (element i moves to i + shift); without dims, over the flattened tensor. */
export function roll(x: Tensor, shifts: number | readonly number[], dims?: number | readonly number[]): Tensor {
  const s = typeof shifts === 'number' ? [shifts] : [...shifts];
  if (dims === undefined) {
    if (s.length !== 1) throw new ShapeError(`roll: without dims, shifts must be one number, got ${fmtShape(s)}`);
    return roll(x.reshape([-1]), s, 0).reshape(x.shape);
  }
  const ds = typeof dims === 'number' ? [dims] : [...dims];
  if (ds.length !== s.length) throw new ShapeError(`roll: shifts ${fmtShape(s)} and dims ${fmtShape(ds)} must have the same length`);
  return ds.reduce((y, dim, k) => reorder(y, normalizeDim('roll', dim, x.ndim), (i, n) => (((i - s[k]) % n) + n) % n), x);
}

Tensor.prototype.flip = function (this: Tensor, ...dims: Array<number | readonly number[]>) {
  return flip(this, dims.flat());
};
Tensor.prototype.roll = function (this: Tensor, shifts: number | readonly number[], dims?: number | readonly number[]) {
  return roll(this, shifts, dims);
};

declare module '../tensor/tensor.ts' {
  interface Tensor {
    /** x.flip(0, 1) or x.flip([0, 1]). */
    flip(...dims: Array<number | readonly number[]>): Tensor;
    roll(shifts: number | readonly number[], dims?: number | readonly number[]): Tensor;
  }
}
