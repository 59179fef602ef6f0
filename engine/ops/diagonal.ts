// diagonal: the elements x[…, i, …, i + offset, …] of two dims, as a view (the diagonal's stride is
// the sum of the two dims' strides) appended as the last dim. Backward writes dy onto the diagonal
// of zeros (op 'diagonalBackward'), as slice does for its window.

import { Tensor } from '../tensor/tensor.ts';
import { defineOp } from '../autograd/op.ts';
import { backend } from '../backend/index.ts';
import { zeros } from '../tensor/creation.ts';
import { normalizeDim } from '../tensor/shape.ts';
import { ShapeError, ValueError, fmtShape } from '../errors.ts';

interface DiagonalAttrs { offset: number; dim1: number; dim2: number }
type Op<A> = (inputs: readonly Tensor[], attrs: A) => Tensor; // annotated: the two ops refer to each other

function window(x: Tensor, { offset, dim1, dim2 }: DiagonalAttrs): Tensor {
  const [n1, n2, s1, s2] = [x.shape[dim1], x.shape[dim2], x.strides[dim1], x.strides[dim2]];
  const length = Math.max(0, offset >= 0 ? Math.min(n1, n2 - offset) : Math.min(n1 + offset, n2));
  const start = length === 0 ? 0 : offset >= 0 ? offset * s2 : -offset * s1;
  const keep = x.shape.map((_, d) => d).filter((d) => d !== dim1 && d !== dim2);
  return x._view([...keep.map((d) => x.shape[d]), length], [...keep.map((d) => x.strides[d]), s1 + s2], x.offset + start);
}

// x: (…, N1, …, N2, …) → y: (…, L) with L the diagonal's length
const diagonalOp: Op<DiagonalAttrs> = defineOp<DiagonalAttrs>({
  name: 'diagonal',
  forward: ([x], attrs) => window(x, attrs),
  backward: (dy, { inputs: [x], attrs }) => [() => diagonalBackwardOp([dy], { ...attrs, shape: x.shape })], // off-diagonal elements get 0
  cases: [
    { shapes: [[3, 4]], attrs: { offset: 1, dim1: 0, dim2: 1 } },
    { shapes: [[2, 4, 3]], attrs: { offset: -1, dim1: 2, dim2: 1 } },
    { shapes: [[2, 2]], attrs: { offset: 5, dim1: 0, dim2: 1 } },
  ],
});

const diagonalBackwardOp: Op<DiagonalAttrs & { shape: readonly number[] }> = defineOp<DiagonalAttrs & { shape: readonly number[] }>({
  name: 'diagonalBackward',
  forward: ([dy], attrs) => {
    const out = zeros(attrs.shape, { dtype: dy.dtype });
    backend().copyInto(window(out, attrs), dy);
    return out;
  },
  backward: (ddx, { attrs }) => [() => diagonalOp([ddx], attrs)], // its adjoint is the diagonal itself
  cases: [{ shapes: [[2, 2]], attrs: { shape: [2, 4, 3], offset: -1, dim1: 2, dim2: 1 } }],
});

/** torch.diagonal: a view of the diagonal of dims dim1 and dim2 (above it for offset > 0, below for < 0). */
export function diagonal(x: Tensor, offset = 0, dim1 = 0, dim2 = 1): Tensor {
  const [a, b] = x.ndim < 2 ? [0, 0] : [normalizeDim('diagonal', dim1, x.ndim), normalizeDim('diagonal', dim2, x.ndim)];
  if (a === b) {
    throw new ShapeError(`diagonal: needs two different dims of a tensor with at least 2 dims, got dim1 ${dim1} and dim2 ${dim2} for shape ${fmtShape(x.shape)}`);
  }
  if (!Number.isInteger(offset)) throw new ValueError(`diagonal: offset must be an integer, got ${offset}`);
  return diagonalOp([x], { offset, dim1: a, dim2: b });
}

Tensor.prototype.diagonal = function (this: Tensor, offset?: number, dim1?: number, dim2?: number) {
  return diagonal(this, offset, dim1, dim2);
};

declare module '../tensor/tensor.ts' {
  interface Tensor {
    diagonal(offset?: number, dim1?: number, dim2?: number): Tensor;
  }
}
