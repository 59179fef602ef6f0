// maximum / minimum: elementwise larger or smaller of two tensors (NaN propagates).

import { Tensor } from '../tensor/tensor.ts';
import { defineOp } from '../autograd/op.ts';
import { promote, binaryForward, type TensorLike } from './util.ts';

function makeExtremum(name: 'maximum' | 'minimum', onnx: string) {
  const op = defineOp({
    name,
    onnx,
    forward: ([a, b]) => binaryForward(name, name, a, b),
    // The gradient goes to whichever input was chosen; on a tie it is split evenly, as PyTorch.
    backward: (dy, { inputs: [a, b], output: y }) => {
      const share = (x: Tensor, other: Tensor): Tensor => x.eq(y).float().div(other.eq(y).float().add(1));
      return [() => dy.mul(share(a, b).to(dy.dtype)), () => dy.mul(share(b, a).to(dy.dtype))];
    },
    cases: [{ shapes: [[3, 4], [3, 4]] }, { shapes: [[2, 3], [3]] }],
  });
  return (a: TensorLike, b: TensorLike): Tensor => op(promote(a, b).tensors, undefined);
}

export const maximum = makeExtremum('maximum', 'Max');
export const minimum = makeExtremum('minimum', 'Min');

Tensor.prototype.maximum = function (this: Tensor, other: TensorLike) {
  return maximum(this, other);
};
Tensor.prototype.minimum = function (this: Tensor, other: TensorLike) {
  return minimum(this, other);
};

declare module '../tensor/tensor.ts' {
  interface Tensor {
    maximum(other: TensorLike): Tensor;
    minimum(other: TensorLike): Tensor;
  }
}
