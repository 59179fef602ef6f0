// y = a − b, NumPy broadcasting.

import { Tensor } from '../tensor/tensor.ts';
import { defineOp } from '../autograd/op.ts';
import { promote, binaryForward, type TensorLike } from './util.ts';

const subOp = defineOp({
  name: 'sub',
  onnx: 'Sub',
  forward: ([a, b]) => binaryForward('sub', 'sub', a, b),
  backward: (dy) => [
    () => dy, // ∂(a − b)/∂a = 1
    () => dy.neg(), // ∂(a − b)/∂b = −1
  ],
  cases: [{ shapes: [[3, 4], [3, 4]] }, { shapes: [[5, 3, 4, 6], [5, 1, 4, 1]] }, { shapes: [[], [2, 3]] }],
});

export const sub = (a: TensorLike, b: TensorLike): Tensor => subOp(promote(a, b).tensors, undefined);

Tensor.prototype.sub = function (this: Tensor, other: TensorLike) {
  return sub(this, other);
};

declare module '../tensor/tensor.ts' {
  interface Tensor {
    sub(other: TensorLike): Tensor;
  }
}
