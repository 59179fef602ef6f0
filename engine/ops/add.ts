// y = a + b, NumPy broadcasting. The engine sums each gradient back to its input's shape.

import { Tensor } from '../tensor/tensor.ts';
import { defineOp } from '../autograd/op.ts';
import { promote, binaryForward, type TensorLike } from './util.ts';

const addOp = defineOp({
  name: 'add',
  onnx: 'Add',
  forward: ([a, b]) => binaryForward('add', 'add', a, b),
  backward: (dy) => [
    () => dy, // ∂(a + b)/∂a = 1
    () => dy, // ∂(a + b)/∂b = 1
  ],
  cases: [{ shapes: [[3, 4], [3, 4]] }, { shapes: [[5, 3, 4, 6], [5, 1, 4, 1]] }, { shapes: [[2, 3], []] }, { shapes: [[0, 3], [3]] }],
});

export const add = (a: TensorLike, b: TensorLike): Tensor => addOp(promote(a, b).tensors, undefined);

Tensor.prototype.add = function (this: Tensor, other: TensorLike) {
  return add(this, other);
};

declare module '../tensor/tensor.ts' {
  interface Tensor {
    add(other: TensorLike): Tensor;
  }
}
