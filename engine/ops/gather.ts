// gather: pick, along one dim, the element each index names — y[i][j] = x[index[i][j]][j] for dim 0.
// Its adjoint is scatterAdd (engine/ops/scatter.ts): every pick sends its gradient back to its source.

import { Tensor } from '../tensor/tensor.ts';
import { defineOp } from '../autograd/op.ts';
import { backend } from '../backend/index.ts';
import { zeros, randint, randn, tensor } from '../tensor/creation.ts';
import { normalizeDim } from '../tensor/shape.ts';
import { ShapeError, fmtShape } from '../errors.ts';
import { checkIndexDtype, checkIndexBounds } from './indices.ts';
import { wrap } from './util.ts';

const f64 = { dtype: 'float64' as const };

// x: (…, N, …) · index: (…, M, …) with every other size ≤ x's → y: index's shape
const gatherOp = defineOp<{ dim: number }>({
  name: 'gather',
  onnx: 'GatherElements',
  forward: ([x, index], { dim }) => wrap(backend().gather(x, dim, index, x.dtype), index.shape),
  // ∂y[p]/∂x[q] = 1 where q is the element p picked: add dy back at the picked places
  backward: (dy, { inputs: [x, index], attrs: { dim } }) => [() => zeros(x.shape, { dtype: dy.dtype }).scatterAdd(dim, index, dy), undefined],
  cases: [
    { shapes: [], grad: [0], attrs: { dim: 0 }, inputs: () => [randn([3, 4], f64), randint(0, 3, [5, 4])] },
    { shapes: [], grad: [0], attrs: { dim: 2 }, inputs: () => [randn([2, 3, 4], f64), tensor([[[3, 3]], [[0, 1]]], { dtype: 'int32' })] },
    { shapes: [], grad: [0], attrs: { dim: 1 }, inputs: () => [randn([2, 3], f64), zeros([2, 0], { dtype: 'int32' })] },
  ],
});

/** torch.gather: index has x's number of dims and, off `dim`, sizes no larger than x's. */
export function gather(x: Tensor, dim: number, index: Tensor): Tensor {
  checkIndexDtype('gather', index);
  const d = normalizeDim('gather', dim, x.ndim);
  if (index.ndim !== x.ndim || index.shape.some((s, i) => i !== d && s > x.shape[i])) {
    throw new ShapeError(`gather: index of shape ${fmtShape(index.shape)} does not fit input of shape ${fmtShape(x.shape)} at dim ${dim} (same number of dims, and no larger off dim ${dim})`);
  }
  checkIndexBounds('gather', index, dim, x.shape[d] ?? 1, x.shape); // a 0-dim x reads as size 1
  return gatherOp([x, index], { dim: d });
}

Tensor.prototype.gather = function (this: Tensor, dim: number, index: Tensor) {
  return gather(this, dim, index);
};

declare module '../tensor/tensor.ts' {
  interface Tensor {
    gather(dim: number, index: Tensor): Tensor;
  }
}
