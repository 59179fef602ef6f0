// matmul with torch.matmul's rules: 1-D·1-D is a dot product, 2-D·2-D a matrix product,
// a 1-D operand gains (then loses) a dim, and leading batch dims broadcast.

import { Tensor } from '../tensor/tensor.ts';
import { defineOp } from '../autograd/op.ts';
import { backend } from '../backend/index.ts';
import { resultType } from '../tensor/dtype.ts';
import { broadcastShapes, broadcastStrides } from '../tensor/shape.ts';
import { ShapeError, DTypeError, fmtShape } from '../errors.ts';
import { wrap } from './util.ts';

/**
 * A matrix stored column by column (the plain transpose of a contiguous one, as x.mT). Only
 * 2-D: a batched gradient is summed over its batch dims afterwards, which would undo the gain.
 */
const isTransposed = ({ ndim, shape: [rows, cols], strides }: Tensor): boolean =>
  ndim === 2 && rows > 1 && cols > 1 && strides[0] === 1 && strides[1] === rows;

// a: (…, M, K) · b: (…, K, N) → y: (…, M, N)
const matmulOp = defineOp({
  name: 'matmul',
  onnx: 'MatMul',
  forward: ([a, b]) => {
    const [m, k] = a.shape.slice(-2);
    const n = b.shape[b.ndim - 1];
    const batch = broadcastShapes('matmul', a.shape.slice(0, -2), b.shape.slice(0, -2));
    const view = (t: Tensor, rows: number, cols: number) => {
      const shape = [...batch, rows, cols];
      return { data: t.data, offset: t.offset, shape, strides: broadcastStrides(t.shape, t.strides, shape) };
    };
    return wrap(backend().matmul(view(a, m, k), view(b, k, n), resultType(a, b)), [...batch, m, n]);
  },
  backward: (dy, { inputs: [a, b] }) => [
    // ∂L/∂A = ∂L/∂Y · Bᵀ (batch dims summed back by the engine); for a transposed matrix A,
    // computed as (B · ∂L/∂Yᵀ)ᵀ: the same sums, but the gradient shares A's layout.
    () => (isTransposed(a) ? b.matmul(dy.mT).mT : dy.matmul(b.mT)),
    // ∂L/∂B = Aᵀ · ∂L/∂Y. linear's weight enters as Wᵀ, so its gradient then reaches W contiguous
    // and the optimizer reads it in place instead of copying it every step.
    () => (isTransposed(b) ? dy.mT.matmul(a).mT : a.mT.matmul(dy)),
  ],
  cases: [{ shapes: [[3, 4], [4, 5]] }, { shapes: [[2, 1, 3, 4], [3, 4, 2]] }, { shapes: [[0, 4], [4, 2]] }],
});

export function matmul(a: Tensor, b: Tensor): Tensor {
  if (a.ndim === 0 || b.ndim === 0) {
    throw new ShapeError(`matmul: both arguments need at least 1 dim, got shapes ${fmtShape(a.shape)} and ${fmtShape(b.shape)}`);
  }
  if (a.dtype === 'bool' || b.dtype === 'bool') throw new DTypeError(`matmul: bool tensors are not supported (got ${a.dtype} and ${b.dtype})`);
  const a2 = a.ndim === 1 ? a.unsqueeze(0) : a;
  const b2 = b.ndim === 1 ? b.unsqueeze(1) : b;
  if (a2.shape[a2.ndim - 1] !== b2.shape[b2.ndim - 2]) {
    throw new ShapeError(`matmul: shapes ${fmtShape(a.shape)} and ${fmtShape(b.shape)} cannot be multiplied (${a2.shape[a2.ndim - 1]} ≠ ${b2.shape[b2.ndim - 2]})`);
  }
  let y = matmulOp([a2, b2], undefined);
  if (a.ndim === 1) y = y.squeeze(-2);
  if (b.ndim === 1) y = y.squeeze(-1);
  return y;
}

Tensor.prototype.matmul = function (this: Tensor, other: Tensor) {
  return matmul(this, other);
};

declare module '../tensor/tensor.ts' {
  interface Tensor {
    matmul(other: Tensor): Tensor;
  }
}
