// scatter / scatterAdd (out of place): a copy of x with src written (or added) where index points
// along one dim — x[index[i][j]][j] = src[i][j] for dim 0. scatterAdd is gather's adjoint.

import { Tensor } from '../tensor/tensor.ts';
import { defineOp } from '../autograd/op.ts';
import { backend } from '../backend/index.ts';
import { randint, randn, tensor } from '../tensor/creation.ts';
import { normalizeDim } from '../tensor/shape.ts';
import { DTypeError, ShapeError, fmtShape } from '../errors.ts';
import { checkIndexDtype, checkIndexBounds } from './indices.ts';
import { scalarTensor, wrap } from './util.ts';

const f64 = { dtype: 'float64' as const };
const int = (rows: number[][]) => tensor(rows, { dtype: 'int32' });

// x: (…, N, …) · index: (…, M, …) · src: index's shape → y: x's shape
const scatterAddOp = defineOp<{ dim: number }>({
  name: 'scatterAdd',
  onnx: 'ScatterElements',
  forward: ([x, index, src], { dim }) => wrap(backend().scatter(x, dim, index, src, true, x.dtype), x.shape),
  backward: (dy, { inputs: [, index], attrs: { dim } }) => [
    () => dy, // ∂y/∂x = 1: every element of x is still in y
    undefined,
    () => dy.gather(dim, index), // ∂y[index[p]]/∂src[p] = 1, repeated indices each get the full gradient
  ],
  cases: [
    { shapes: [], grad: [0, 2], attrs: { dim: 0 }, inputs: () => [randn([3, 4], f64), randint(0, 3, [5, 4]), randn([5, 4], f64)] },
    { shapes: [], grad: [0, 2], attrs: { dim: 1 }, inputs: () => [randn([3, 5], f64), int([[4, 4], [0, 2]]), randn([2, 2], f64)] },
  ],
});

const scatterOp = defineOp<{ dim: number }>({
  name: 'scatter',
  onnx: 'ScatterElements',
  forward: ([x, index, src], { dim }) => wrap(backend().scatter(x, dim, index, src, false, x.dtype), x.shape),
  backward: (dy, { inputs: [, index], attrs: { dim } }) => [
    () => dy.scatter(dim, index, 0), // overwritten elements of x no longer reach y
    undefined,
    () => dy.gather(dim, index), // src[p] lands at index[p] (exact when indices are unique, as PyTorch assumes)
  ],
  cases: [{ shapes: [], grad: [0, 2], attrs: { dim: 0 }, inputs: () => [randn([4, 3], f64), int([[0, 3, 1], [2, 1, 3]]), randn([2, 3], f64)] }],
});

function scatterInputs(op: string, x: Tensor, dim: number, index: Tensor, src: Tensor | number): [number, Tensor] {
  checkIndexDtype(op, index);
  const d = normalizeDim(op, dim, x.ndim);
  let s = typeof src === 'number' ? scalarTensor(src, x.dtype).expand(index.shape) : src;
  const fits = index.ndim === x.ndim && s.ndim === x.ndim && index.shape.every((n, i) => n <= s.shape[i] && (i === d || n <= x.shape[i]));
  if (!fits) {
    throw new ShapeError(`${op}: index of shape ${fmtShape(index.shape)} does not fit input ${fmtShape(x.shape)} and src ${fmtShape(s.shape)} at dim ${dim} (same number of dims; index no larger than src, nor than input off dim ${dim})`);
  }
  if (s.dtype !== x.dtype) throw new DTypeError(`${op}: src dtype ${s.dtype} must match input dtype ${x.dtype}`);
  checkIndexBounds(op, index, dim, x.shape[d] ?? 1, x.shape); // a 0-dim x reads as size 1
  // Only src's leading index-sized block is used (PyTorch's rule); narrowing keeps its gradient right.
  index.shape.forEach((n, i) => (s = n < s.shape[i] ? s.narrow(i, 0, n) : s));
  return [d, s];
}

export function scatterAdd(x: Tensor, dim: number, index: Tensor, src: Tensor): Tensor {
  const [d, s] = scatterInputs('scatterAdd', x, dim, index, src);
  return scatterAddOp([x, index, s], { dim: d });
}

/** src may be a number (torch's scatter(dim, index, value)). With repeated indices the last write wins. */
export function scatter(x: Tensor, dim: number, index: Tensor, src: Tensor | number): Tensor {
  const [d, s] = scatterInputs('scatter', x, dim, index, src);
  return scatterOp([x, index, s], { dim: d });
}

Tensor.prototype.scatterAdd = function (this: Tensor, dim: number, index: Tensor, src: Tensor) {
  return scatterAdd(this, dim, index, src);
};
Tensor.prototype.scatter = function (this: Tensor, dim: number, index: Tensor, src: Tensor | number) {
  return scatter(this, dim, index, src);
};

declare module '../tensor/tensor.ts' {
  interface Tensor {
    scatterAdd(dim: number, index: Tensor, src: Tensor): Tensor;
    scatter(dim: number, index: Tensor, src: Tensor | number): Tensor;
  }
}
