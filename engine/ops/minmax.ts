// maximum / minimum: elementwise larger or smaller of two tensors (NaN propagates).

import { Tensor } from '../tensor/tensor.ts';
import { defineOp } from '../autograd/op.ts';
import { tensor } from '../tensor/creation.ts';
import { where } from './where.ts';
import { promote, binaryForward, type TensorLike } from './util.ts';

function makeExtremum(name: 'maximum' | 'minimum', onnx: string) {
  const op = defineOp({
    name,
    onnx,
    forward: ([a, b]) => binaryForward(name, name, a, b),
    // PyTorch's rule: an input gets dy unless it lost (for maximum, a < b), half of dy on a tie, so
    // where a NaN is involved no one lost and both inputs get all of dy.
    backward: (dy, { inputs: [a, b] }) => {
      const share = (lost: Tensor): Tensor => where(a.eq(b), dy.mul(0.5), where(lost, 0, dy));
      return [() => share(name === 'maximum' ? a.lt(b) : a.gt(b)), () => share(name === 'maximum' ? a.gt(b) : a.lt(b))];
    },
    cases: [{ shapes: [[3, 4], [3, 4]] }, { shapes: [[2, 3], [3]] }, { shapes: [[]], grad: [0], inputs: () => [tensor(2.5, { dtype: 'float64' }), tensor(2.5, { dtype: 'float64' })] }],
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
