// reshape / view / flatten-free shape changes. A contiguous tensor is re-viewed without a copy;
// any other is copied first (view() refuses instead, as PyTorch's does).

import { Tensor } from '../tensor/tensor.ts';
import { defineOp } from '../autograd/op.ts';
import { contiguousStrides, numel } from '../tensor/shape.ts';
import { ShapeError, fmtShape } from '../errors.ts';

/** Resolves one -1 in `shape` from the element count, or throws naming both shapes. */
export function inferShape(op: string, from: readonly number[], shape: readonly number[]): number[] {
  const out = [...shape];
  const free = out.indexOf(-1);
  if (out.indexOf(-1, free + 1) !== -1 && free !== -1) throw new ShapeError(`${op}: only one dim can be -1, got ${fmtShape(shape)}`);
  const known = numel(out.filter((d) => d !== -1));
  const total = numel(from);
  if (free !== -1) {
    if (known === 0 || total % known !== 0) throw new ShapeError(`${op}: shape ${fmtShape(shape)} is invalid for input of shape ${fmtShape(from)} (${total} elements)`);
    out[free] = total / known;
  }
  if (out.some((d) => !Number.isInteger(d) || d < 0) || numel(out) !== total) {
    throw new ShapeError(`${op}: shape ${fmtShape(shape)} is invalid for input of shape ${fmtShape(from)} (${total} elements)`);
  }
  return out;
}

const reshapeOp = defineOp<{ shape: number[] }>({
  name: 'reshape',
  onnx: 'Reshape',
  forward: ([x], { shape }) => {
    const src = x.isContiguous() ? x : x.detach().contiguous();
    return src._view(shape, contiguousStrides(shape));
  },
  backward: (dy, { inputs: [x] }) => [() => dy.reshape(x.shape)], // reshaping moves no value
  cases: [{ shapes: [[2, 3, 4]], attrs: { shape: [6, 4] } }, { shapes: [[6]], attrs: { shape: [1, 2, 3] } }],
});

export const reshape = (x: Tensor, shape: readonly number[]): Tensor => reshapeOp([x], { shape: inferShape('reshape', x.shape, shape) });

export function view(x: Tensor, shape: readonly number[]): Tensor {
  if (!x.isContiguous()) {
    throw new ShapeError(`view: the tensor of shape ${fmtShape(x.shape)} is not contiguous (strides ${fmtShape(x.strides)}); use reshape() or contiguous().view()`);
  }
  return reshape(x, shape);
}

Tensor.prototype.reshape = function (this: Tensor, ...shape: Array<number | readonly number[]>) {
  return reshape(this, shape.flat());
};
Tensor.prototype.view = function (this: Tensor, ...shape: Array<number | readonly number[]>) {
  return view(this, shape.flat());
};

declare module '../tensor/tensor.ts' {
  interface Tensor {
    /** x.reshape([2, -1]) or x.reshape(2, -1). */
    reshape(...shape: Array<number | readonly number[]>): Tensor;
    view(...shape: Array<number | readonly number[]>): Tensor;
  }
}
