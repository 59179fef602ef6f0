// y = a / b, true division (int / int gives a float, as torch.div), NumPy broadcasting.

import { Tensor } from '../tensor/tensor.ts';
import { defineOp } from '../autograd/op.ts';
import { isFloat } from '../tensor/dtype.ts';
import { resultType } from '../tensor/dtype.ts';
import { promote, binaryForward, type TensorLike } from './util.ts';

const divOp = defineOp({
  name: 'div',
  onnx: 'Div',
  forward: ([a, b]) => {
    const dtype = resultType(a, b);
    return binaryForward('div', 'div', a, b, isFloat(dtype) ? dtype : 'float32');
  },
  backward: (dy, { inputs: [a, b], output: y }) => [
    () => dy.div(b), // ∂(a/b)/∂a = 1/b
    () => dy.mul(y).div(b).neg(), // ∂(a/b)/∂b = −a/b² = −y/b
  ],
  cases: [{ shapes: [[3, 4], [3, 4]], inputs: 'awayFromZero' }, { shapes: [[5, 3, 4, 6], [5, 1, 4, 1]], inputs: 'awayFromZero' }],
});

export const div = (a: TensorLike, b: TensorLike): Tensor => divOp(promote(a, b).tensors, undefined);

Tensor.prototype.div = function (this: Tensor, other: TensorLike) {
  return div(this, other);
};

declare module '../tensor/tensor.ts' {
  interface Tensor {
    div(other: TensorLike): Tensor;
  }
}
