// squeeze / unsqueeze: drop or insert size-1 dims — views, since a size-1 dim's stride is never used.

import { Tensor } from '../tensor/tensor.ts';
import { defineOp } from '../autograd/op.ts';
import { normalizeDim, normalizeDims } from '../tensor/shape.ts';

const squeezeOp = defineOp<{ dims: number[] }>({
  name: 'squeeze',
  onnx: 'Squeeze',
  forward: ([x], { dims }) => {
    const keep = x.shape.map((_, i) => i).filter((i) => !dims.includes(i));
    return x._view(keep.map((i) => x.shape[i]), keep.map((i) => x.strides[i]));
  },
  backward: (dy, { inputs: [x] }) => [() => dy.reshape(x.shape)], // same values, size-1 dims back
  cases: [{ shapes: [[3, 1, 2, 1]], attrs: { dims: [1, 3] } }],
});

const unsqueezeOp = defineOp<{ dim: number }>({
  name: 'unsqueeze',
  onnx: 'Unsqueeze',
  forward: ([x], { dim }) => {
    const shape = [...x.shape];
    const strides = [...x.strides];
    shape.splice(dim, 0, 1);
    strides.splice(dim, 0, dim < x.ndim ? x.strides[dim] * x.shape[dim] : 1);
    return x._view(shape, strides);
  },
  backward: (dy, { inputs: [x] }) => [() => dy.reshape(x.shape)],
  cases: [{ shapes: [[3, 2]], attrs: { dim: 1 } }],
});

/** Removes size-1 dims: all of them, or only those listed (listed dims of other sizes are left alone, as PyTorch). */
export function squeeze(x: Tensor, dim?: number | readonly number[]): Tensor {
  const dims = normalizeDims('squeeze', dim, x.ndim).filter((d) => x.shape[d] === 1);
  return dims.length ? squeezeOp([x], { dims }) : x;
}

/** Inserts a size-1 dim at `dim` (which may be ndim, or negative counting from ndim+1). */
export function unsqueeze(x: Tensor, dim: number): Tensor {
  return unsqueezeOp([x], { dim: normalizeDim('unsqueeze', dim, x.ndim + 1) });
}

Tensor.prototype.squeeze = function (this: Tensor, dim?: number | readonly number[]) {
  return squeeze(this, dim);
};
Tensor.prototype.unsqueeze = function (this: Tensor, dim: number) {
  return unsqueeze(this, dim);
};

declare module '../tensor/tensor.ts' {
  interface Tensor {
    squeeze(dim?: number | readonly number[]): Tensor;
    unsqueeze(dim: number): Tensor;
  }
}
