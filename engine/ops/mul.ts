// y = a * b, NumPy broadcasting.

import { Tensor } from '../tensor/tensor.ts';
import { defineOp } from '../autograd/op.ts';
import { promote, binaryForward, type TensorLike } from './util.ts';

const mulOp = defineOp({
  name: 'mul',
  onnx: 'Mul',
  forward: ([a, b]) => binaryForward('mul', 'mul', a, b),
  backward: (dy, { inputs: [a, b] }) => [
    () => dy.mul(b), // ∂(ab)/∂a = b
    () => dy.mul(a), // ∂(ab)/∂b = a
  ],
  cases: [{ shapes: [[3, 4], [3, 4]] }, { shapes: [[5, 3, 4, 6], [5, 1, 4, 1]] }, { shapes: [[4], []] }, { shapes: [[2, 0], [1]] }],
});

export const mul = (a: TensorLike, b: TensorLike): Tensor => mulOp(promote(a, b).tensors, undefined);

Tensor.prototype.mul = function (this: Tensor, other: TensorLike) {
  return mul(this, other);
};

declare module '../tensor/tensor.ts' {
  interface Tensor {
    mul(other: TensorLike): Tensor;
  }
}
