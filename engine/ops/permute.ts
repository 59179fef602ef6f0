// permute / transpose / t: reorder dims by reordering strides — a view, no copy.

import { Tensor } from '../tensor/tensor.ts';
import { defineOp } from '../autograd/op.ts';
import { normalizeDim } from '../tensor/shape.ts';
import { ShapeError, fmtShape } from '../errors.ts';

const permuteOp = defineOp<{ dims: number[] }>({
  name: 'permute',
  onnx: 'Transpose',
  forward: ([x], { dims }) => x._view(dims.map((d) => x.shape[d]), dims.map((d) => x.strides[d])),
  backward: (dy, { attrs: { dims } }) => {
    const inverse = new Array<number>(dims.length);
    dims.forEach((d, i) => (inverse[d] = i));
    return [() => dy.permute(inverse)]; // the gradient moves back to where each element came from
  },
  cases: [{ shapes: [[2, 3, 4]], attrs: { dims: [2, 0, 1] } }],
});

export function permute(x: Tensor, dims: readonly number[]): Tensor {
  const norm = dims.map((d) => normalizeDim('permute', d, x.ndim));
  if (norm.length !== x.ndim || new Set(norm).size !== norm.length) {
    throw new ShapeError(`permute: dims ${fmtShape(dims)} must be a permutation of ${x.ndim} dims for shape ${fmtShape(x.shape)}`);
  }
  return permuteOp([x], { dims: norm });
}

export function transpose(x: Tensor, dim0: number, dim1: number): Tensor {
  const dims = [...x.shape.keys()];
  const a = normalizeDim('transpose', dim0, x.ndim);
  const b = normalizeDim('transpose', dim1, x.ndim);
  [dims[a], dims[b]] = [dims[b], dims[a]];
  return x.ndim < 2 ? x : permuteOp([x], { dims });
}

Tensor.prototype.permute = function (this: Tensor, ...dims: Array<number | readonly number[]>) {
  return permute(this, dims.flat());
};
Tensor.prototype.transpose = function (this: Tensor, dim0: number, dim1: number) {
  return transpose(this, dim0, dim1);
};
Tensor.prototype.t = function (this: Tensor) {
  if (this.ndim > 2) throw new ShapeError(`t: expects a tensor with at most 2 dims, got shape ${fmtShape(this.shape)}; use transpose() or mT`);
  return transpose(this, 0, -1);
};
Object.defineProperty(Tensor.prototype, 'mT', {
  get(this: Tensor) {
    return transpose(this, -2, -1);
  },
});

declare module '../tensor/tensor.ts' {
  interface Tensor {
    permute(...dims: Array<number | readonly number[]>): Tensor;
    transpose(dim0: number, dim1: number): Tensor;
    /** 2-D transpose (0-D and 1-D tensors come back as they are). */
    t(): Tensor;
    /** Transpose of the last two dims (batched matrices). */
    readonly mT: Tensor;
  }
}
