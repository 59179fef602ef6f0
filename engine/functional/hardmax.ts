// hardmax: the one-hot of the first largest value along dim (ONNX Hardmax), in x's float dtype.
// It is piecewise constant in x, so it carries no gradient (a bool mask cast to float).

import { Tensor } from '../tensor/tensor.ts';
import { arange, full } from '../tensor/creation.ts';
import { isFloat } from '../tensor/dtype.ts';
import { normalizeDim } from '../tensor/shape.ts';
import { argmax } from '../ops/index.ts';

export function hardmax(x: Tensor, dim: number): Tensor {
  const d = normalizeDim('hardmax', dim, x.ndim);
  const dtype = isFloat(x.dtype) ? x.dtype : 'float32';
  // A 0-dim tensor is its own maximum; an empty one has no row to mark.
  if (x.ndim === 0 || x.numel() === 0) return full(x.shape, x.ndim === 0 ? 1 : 0, { dtype });
  const positions = arange(x.shape[d]).reshape(x.shape.map((s, i) => (i === d ? s : 1)));
  return positions.eq(argmax(x, d, true)).to(dtype);
}

Tensor.prototype.hardmax = function (this: Tensor, dim: number) {
  return hardmax(this, dim);
};

declare module '../tensor/tensor.ts' {
  interface Tensor {
    hardmax(dim: number): Tensor;
  }
}
