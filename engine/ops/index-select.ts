// indexSelect: whole slices along one dim, in the order a 1-D index lists them (repeats allowed);
// indexAdd, its adjoint, adds slices back. Both reuse the gather/scatter kernels, reading the 1-D
// index as if broadcast over every other dim (stride 0), so no index tensor is materialized.

import { Tensor } from '../tensor/tensor.ts';
import { defineOp } from '../autograd/op.ts';
import { backend, type View } from '../backend/index.ts';
import { zeros, randn, tensor } from '../tensor/creation.ts';
import { normalizeDim, sameShape } from '../tensor/shape.ts';
import { DTypeError, ShapeError, fmtShape } from '../errors.ts';
import { checkIndexDtype, checkIndexBounds } from './indices.ts';
import { wrap } from './util.ts';
import { checkOptions } from '../options.ts';

const f64 = { dtype: 'float64' as const };
const int = (values: number[]) => tensor(values, { dtype: 'int32' });

const spread = (index: Tensor, shape: readonly number[], dim: number): View => ({
  data: index.data, offset: index.offset, shape, strides: shape.map((_, d) => (d === dim ? index.strides[0] : 0)),
});
const selectedShape = (x: Tensor, dim: number, n: number): number[] => x.shape.map((s, d) => (d === dim ? n : s));

// x: (…, N, …) · index: (K) → y: (…, K, …)
const indexSelectOp = defineOp<{ dim: number }>({
  name: 'indexSelect',
  onnx: 'Gather',
  forward: ([x, index], { dim }) => {
    const shape = selectedShape(x, dim, index.shape[0]);
    return wrap(backend().gather(x, dim, spread(index, shape, dim), x.dtype), shape);
  },
  // each selected slice sends its gradient back to the slice it copied; repeats accumulate
  backward: (dy, { inputs: [x, index], attrs: { dim } }) => [() => zeros(x.shape, { dtype: dy.dtype }).indexAdd(dim, index, dy), undefined],
  cases: [
    { shapes: [], grad: [0], attrs: { dim: 0 }, inputs: () => [randn([4, 3], f64), int([0, 2, 2, 3, 0])] },
    { shapes: [], grad: [0], attrs: { dim: 2 }, inputs: () => [randn([2, 3, 4], f64), int([3, 0])] },
    { shapes: [], grad: [0], attrs: { dim: 1 }, inputs: () => [randn([2, 3], f64), int([])] },
  ],
});

// x: (…, N, …) · index: (K) · src: (…, K, …) → y: x's shape
const indexAddOp = defineOp<{ dim: number }>({
  name: 'indexAdd',
  forward: ([x, index, src], { dim }) => wrap(backend().scatter(x, dim, spread(index, src.shape, dim), src, true, x.dtype), x.shape),
  backward: (dy, { inputs: [, index], attrs: { dim } }) => [
    () => dy, // ∂y/∂x = 1
    undefined,
    () => dy.indexSelect(dim, index), // ∂y[index[k]]/∂src[k] = 1
  ],
  cases: [{ shapes: [], grad: [0, 2], attrs: { dim: 1 }, inputs: () => [randn([2, 4], f64), int([1, 1, 3]), randn([2, 3], f64)] }],
});

function prepare(op: string, x: Tensor, dim: number, index: Tensor): [Tensor, number, Tensor] {
  checkIndexDtype(op, index);
  if (index.ndim > 1) throw new ShapeError(`${op}: index must be 1-D, got shape ${fmtShape(index.shape)}`);
  const x1 = x.ndim === 0 ? x.reshape([1]) : x; // PyTorch lets a 0-dim x act as a 1-element vector
  const d = normalizeDim(op, dim, x1.ndim);
  checkIndexBounds(op, index, dim, x1.shape[d], x.shape);
  return [x1, d, index.reshape([-1])];
}

export function indexSelect(x: Tensor, dim: number, index: Tensor): Tensor {
  const [x1, d, i1] = prepare('indexSelect', x, dim, index);
  const y = indexSelectOp([x1, i1], { dim: d });
  return x.ndim === 0 ? y.reshape(index.shape) : y;
}

/** torch.index_add (out of place): x with alpha·src's slices added at the listed positions along `dim`. */
export function indexAdd(x: Tensor, dim: number, index: Tensor, src: Tensor, opts: { alpha?: number } = {}): Tensor {
  checkOptions('indexAdd', opts, ['alpha']);
  const [x1, d, i1] = prepare('indexAdd', x, dim, index);
  if (!sameShape(src.ndim === 0 ? [1] : src.shape, selectedShape(x1, d, i1.shape[0]))) {
    throw new ShapeError(`indexAdd: src of shape ${fmtShape(src.shape)} must match input ${fmtShape(x.shape)} with dim ${dim} of size ${i1.shape[0]} (the index length)`);
  }
  if (src.dtype !== x.dtype) throw new DTypeError(`indexAdd: src dtype ${src.dtype} must match input dtype ${x.dtype}`);
  const s = opts.alpha === undefined || opts.alpha === 1 ? src : src.mul(opts.alpha);
  if (x.ndim === 0) return indexAddOp([x1, i1, s.reshape([1])], { dim: 0 }).reshape([]);
  return indexAddOp([x, i1, s], { dim: d });
}

Tensor.prototype.indexSelect = function (this: Tensor, dim: number, index: Tensor) {
  return indexSelect(this, dim, index);
};
Tensor.prototype.indexAdd = function (this: Tensor, dim: number, index: Tensor, src: Tensor, opts?: { alpha?: number }) {
  return indexAdd(this, dim, index, src, opts);
};

declare module '../tensor/tensor.ts' {
  interface Tensor {
    indexSelect(dim: number, index: Tensor): Tensor;
    indexAdd(dim: number, index: Tensor, src: Tensor, opts?: { alpha?: number }): Tensor;
  }
}
