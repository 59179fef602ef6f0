// take: elements of x read as a flat list, at the positions an int32 index gives (any shape) —
// an indexSelect on the flattened tensor, so the gradient comes from it.

import { Tensor } from '../tensor/tensor.ts';
import { tensor } from '../tensor/creation.ts';
import { IndexError, fmtShape } from '../errors.ts';
import { checkIndexDtype } from '../ops/indices.ts';

/** torch.take: elements of x read as 1-D at the given positions, in index's shape; negative positions count from the end. */
export function take(x: Tensor, index: Tensor): Tensor {
  checkIndexDtype('take', index);
  const n = x.numel();
  const wrapped = Array.from(index.toTypedArray(), (v) => {
    if (v < -n || v >= n) throw new IndexError(`take: index ${v} is out of bounds for dim 0 with size ${n} (input of shape ${fmtShape(x.shape)} read as 1-D)`);
    return v < 0 ? v + n : v;
  });
  return x.reshape([-1]).indexSelect(0, tensor(wrapped, { dtype: 'int32' })).reshape(index.shape);
}

Tensor.prototype.take = function (this: Tensor, index: Tensor) {
  return take(this, index);
};

declare module '../tensor/tensor.ts' {
  interface Tensor {
    take(index: Tensor): Tensor;
  }
}
