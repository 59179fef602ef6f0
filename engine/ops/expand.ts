// expand: broadcast size-1 dims to a larger shape as a view with stride 0 (no copy), and its
// adjoint sumToSize, which sums a gradient back down to the shape before broadcasting.

import { Tensor } from '../tensor/tensor.ts';
import { defineOp } from '../autograd/op.ts';
import { backend } from '../backend/index.ts';
import { broadcastStrides, sameShape } from '../tensor/shape.ts';
import { ShapeError, fmtShape } from '../errors.ts';
import { wrap } from './util.ts';

const expandOp = defineOp<{ shape: number[] }>({
  name: 'expand',
  onnx: 'Expand',
  forward: ([x], { shape }) => x._view(shape, broadcastStrides(x.shape, x.strides, shape)),
  backward: (dy, { inputs: [x] }) => [() => dy.sumToSize(x.shape)], // each copy sends its gradient back to the one source
  cases: [{ shapes: [[3, 1]], attrs: { shape: [2, 3, 4] } }],
});

export function expand(x: Tensor, shape: readonly number[]): Tensor {
  const lead = shape.length - x.ndim;
  const target = shape.map((s, i) => (s === -1 && i >= lead ? x.shape[i - lead] : s));
  const ok = lead >= 0 && target.every((s, i) => s >= 0 && (i < lead || x.shape[i - lead] === s || x.shape[i - lead] === 1));
  if (!ok) throw new ShapeError(`expand: cannot expand shape ${fmtShape(x.shape)} to ${fmtShape(shape)} (only size-1 dims can grow)`);
  return sameShape(target, x.shape) ? x : expandOp([x], { shape: target });
}

const sumToSizeOp = defineOp<{ shape: number[] }>({
  name: 'sumToSize',
  forward: ([x], { shape }) => {
    const lead = x.ndim - shape.length;
    const dims = x.shape.map((_, i) => i).filter((i) => i < lead || (shape[i - lead] === 1 && x.shape[i] !== 1));
    return wrap(backend().reduce('sum', x, dims, x.dtype), shape);
  },
  backward: (dy, { inputs: [x] }) => [() => dy.expand(x.shape)], // a sum hands its gradient to every term
  cases: [{ shapes: [[5, 3, 4, 6]], attrs: { shape: [3, 1, 6] } }],
});

/** Sums broadcast dims away so the result has `shape` (torch.Tensor.sum_to_size). */
export function sumToSize(x: Tensor, shape: readonly number[]): Tensor {
  const lead = x.ndim - shape.length;
  const ok = lead >= 0 && shape.every((s, i) => s === x.shape[i + lead] || s === 1);
  if (!ok) throw new ShapeError(`sumToSize: shape ${fmtShape(x.shape)} cannot be summed to ${fmtShape(shape)}`);
  return sameShape(x.shape, shape) ? x : sumToSizeOp([x], { shape: [...shape] });
}

Tensor.prototype.expand = function (this: Tensor, ...shape: Array<number | readonly number[]>) {
  return expand(this, shape.flat());
};
Tensor.prototype.expandAs = function (this: Tensor, other: Tensor) {
  return expand(this, other.shape);
};
Tensor.prototype.sumToSize = function (this: Tensor, ...shape: Array<number | readonly number[]>) {
  return sumToSize(this, shape.flat());
};

declare module '../tensor/tensor.ts' {
  interface Tensor {
    expand(...shape: Array<number | readonly number[]>): Tensor;
    expandAs(other: Tensor): Tensor;
    sumToSize(...shape: Array<number | readonly number[]>): Tensor;
  }
}
