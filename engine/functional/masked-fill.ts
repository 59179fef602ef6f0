// maskedFill, tril, triu: keep x where a bool mask says so, put a constant elsewhere — each one
// where(), so x's gradient passes through the kept elements only.

import { Tensor } from '../tensor/tensor.ts';
import { arange } from '../tensor/creation.ts';
import { broadcastShapes, sameShape } from '../tensor/shape.ts';
import { DTypeError, ShapeError, fmtShape } from '../errors.ts';
import { scalarTensor } from '../ops/util.ts';
import { where } from '../ops/where.ts';

/** x with `value` wherever mask (bool, broadcastable to x's shape) is true; keeps x's dtype. */
export function maskedFill(x: Tensor, mask: Tensor, value: number | boolean | Tensor): Tensor {
  if (mask.dtype !== 'bool') throw new DTypeError(`maskedFill: mask must be a bool tensor, got ${mask.dtype}`);
  if (!sameShape(broadcastShapes('maskedFill', x.shape, mask.shape), x.shape)) {
    throw new ShapeError(`maskedFill: mask of shape ${fmtShape(mask.shape)} must broadcast to the input's shape ${fmtShape(x.shape)}`);
  }
  if (value instanceof Tensor && value.ndim !== 0) throw new ShapeError(`maskedFill: value must be a number or a 0-dim tensor, got shape ${fmtShape(value.shape)}`);
  return where(mask, value instanceof Tensor ? value.to(x.dtype) : scalarTensor(value, x.dtype), x);
}

// Keeps element (i, j) of the last two dims where j - i ≤ diagonal (lower) or ≥ diagonal (upper).
function triangle(op: string, x: Tensor, diagonal: number, lower: boolean): Tensor {
  if (x.ndim < 2) throw new ShapeError(`${op}: needs a tensor with at least 2 dims, got shape ${fmtShape(x.shape)}`);
  const [rows, cols] = x.shape.slice(-2);
  const offset = arange(cols).sub(arange(rows).unsqueeze(1));
  return where(lower ? offset.le(diagonal) : offset.ge(diagonal), x, scalarTensor(0, x.dtype));
}

/** The lower triangle of the last two dims (on and below the diagonal-th diagonal); the rest 0. */
export const tril = (x: Tensor, diagonal = 0): Tensor => triangle('tril', x, diagonal, true);
/** The upper triangle of the last two dims (on and above the diagonal-th diagonal); the rest 0. */
export const triu = (x: Tensor, diagonal = 0): Tensor => triangle('triu', x, diagonal, false);

Tensor.prototype.maskedFill = function (this: Tensor, mask: Tensor, value: number | boolean | Tensor) {
  return maskedFill(this, mask, value);
};
Tensor.prototype.tril = function (this: Tensor, diagonal?: number) {
  return tril(this, diagonal);
};
Tensor.prototype.triu = function (this: Tensor, diagonal?: number) {
  return triu(this, diagonal);
};

declare module '../tensor/tensor.ts' {
  interface Tensor {
    maskedFill(mask: Tensor, value: number | boolean | Tensor): Tensor;
    tril(diagonal?: number): Tensor;
    triu(diagonal?: number): Tensor;
  }
}
