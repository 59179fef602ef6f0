// flatten / unflatten: merge a run of dims into one, or split one dim into several — both reshapes.

import { Tensor } from '../tensor/tensor.ts';
import { normalizeDim, numel } from '../tensor/shape.ts';
import { ShapeError, fmtShape } from '../errors.ts';
import { inferShape } from '../ops/reshape.ts';

/** Merges dims startDim..endDim (inclusive) into one; a 0-dim tensor becomes shape [1]. */
export function flatten(x: Tensor, startDim = 0, endDim = -1): Tensor {
  if (x.ndim === 0) return x.reshape([1]);
  const s = normalizeDim('flatten', startDim, x.ndim);
  const e = normalizeDim('flatten', endDim, x.ndim);
  if (s > e) throw new ShapeError(`flatten: startDim ${startDim} comes after endDim ${endDim} for shape ${fmtShape(x.shape)}`);
  if (s === e) return x;
  return x.reshape([...x.shape.slice(0, s), numel(x.shape.slice(s, e + 1)), ...x.shape.slice(e + 1)]);
}

/** Splits dim `dim` into `sizes` (one may be -1), whose product must be that dim's size. */
export function unflatten(x: Tensor, dim: number, sizes: readonly number[]): Tensor {
  if (x.ndim === 0) throw new ShapeError(`unflatten: a 0-dim tensor has no dim ${dim} to unflatten`);
  const d = normalizeDim('unflatten', dim, x.ndim);
  if (!sizes.length) throw new ShapeError(`unflatten: sizes must be non-empty (dim ${dim} of shape ${fmtShape(x.shape)})`);
  const inner = inferShape('unflatten', [x.shape[d]], sizes);
  return x.reshape([...x.shape.slice(0, d), ...inner, ...x.shape.slice(d + 1)]);
}

Tensor.prototype.flatten = function (this: Tensor, startDim?: number, endDim?: number) {
  return flatten(this, startDim, endDim);
};
Tensor.prototype.unflatten = function (this: Tensor, dim: number, sizes: readonly number[]) {
  return unflatten(this, dim, sizes);
};

declare module '../tensor/tensor.ts' {
  interface Tensor {
    flatten(startDim?: number, endDim?: number): Tensor;
    unflatten(dim: number, sizes: readonly number[]): Tensor;
  }
}
