// y = aᵇ, NumPy broadcasting; the exponent may be a tensor or a number.

import { Tensor } from '../tensor/tensor.ts';
import { defineOp } from '../autograd/op.ts';
import { promote, binaryForward, type TensorLike } from './util.ts';

const powOp = defineOp({
  name: 'pow',
  onnx: 'Pow',
  forward: ([a, b]) => binaryForward('pow', 'pow', a, b),
  backward: (dy, { inputs: [a, b], output: y }) => [
    () => dy.mul(b).mul(a.pow(b.sub(1))), // ∂aᵇ/∂a = b·aᵇ⁻¹
    () => dy.mul(y).mul(a.log()), // ∂aᵇ/∂b = aᵇ·ln a (defined for a > 0)
  ],
  cases: [{ shapes: [[3, 4], [3, 4]], inputs: 'positive' }, { shapes: [[2, 3], [3]], inputs: 'positive' }],
});

/** aᵇ. With a plain-number exponent the result keeps a's dtype (x.pow(2) of float32 is float32). */
export const pow = (a: TensorLike, b: TensorLike): Tensor => powOp(promote(a, b).tensors, undefined);

Tensor.prototype.pow = function (this: Tensor, exponent: TensorLike) {
  return pow(this, exponent);
};

declare module '../tensor/tensor.ts' {
  interface Tensor {
    pow(exponent: TensorLike): Tensor;
  }
}
