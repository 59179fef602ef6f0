// sum over dims (one, several, or all), with keepdim; mean divides by the count.

import { Tensor } from '../tensor/tensor.ts';
import { defineOp } from '../autograd/op.ts';
import { backend } from '../backend/index.ts';
import { isFloat, type DType } from '../tensor/dtype.ts';
import { normalizeDims, numel } from '../tensor/shape.ts';
import { DTypeError } from '../errors.ts';
import { wrap } from './util.ts';

export interface ReduceOptions {
  dim?: number | readonly number[];
  keepdim?: boolean;
}

/** Reads a reduction's options as PyTorch takes them (a dim, a list of dims, or {dim, keepdim}), dims normalized. */
export function reduceArgs(op: string, opts: ReduceOptions | number | readonly number[], ndim: number): { dims: number[]; keepdim: boolean } {
  const { dim, keepdim = false } = typeof opts === 'number' || Array.isArray(opts) ? { dim: opts as number | number[] } : (opts as ReduceOptions);
  // A 0-dim tensor accepts dim 0 or -1 (as PyTorch) but has no dim to reduce.
  return { dims: normalizeDims(op, dim, ndim).filter((d) => d < ndim), keepdim };
}

/** The result shape of reducing `dims`: those dims become 1 (keepdim) or vanish. */
export function reducedShape(shape: readonly number[], dims: readonly number[], keepdim: boolean): number[] {
  return keepdim ? shape.map((s, i) => (dims.includes(i) ? 1 : s)) : shape.filter((_, i) => !dims.includes(i));
}

const sumOp = defineOp<{ dims: number[]; keepdim: boolean; dtype: DType }>({
  name: 'sum',
  onnx: 'ReduceSum',
  forward: ([x], { dims, keepdim, dtype }) => wrap(backend().reduce('sum', x, dims, dtype), reducedShape(x.shape, dims, keepdim)),
  // Every term of a sum gets the sum's gradient: put the reduced dims back (size 1), then broadcast.
  backward: (dy, { inputs: [x], attrs: { dims } }) => [() => dy.reshape(reducedShape(x.shape, dims, true)).expand(x.shape)],
  cases: [
    { shapes: [[3, 4]], attrs: { dims: [0, 1], keepdim: false, dtype: 'float64' } },
    { shapes: [[2, 3, 4]], attrs: { dims: [1], keepdim: true, dtype: 'float64' } },
    { shapes: [[2, 3, 4]], attrs: { dims: [0, 2], keepdim: false, dtype: 'float64' } },
    { shapes: [[2, 0]], attrs: { dims: [1], keepdim: false, dtype: 'float64' } },
  ],
});

/** sum(x), sum(x, {dim: 1}), sum(x, {dim: [0, 2], keepdim: true}). Ints and bools sum to int32. */
export function sum(x: Tensor, opts: ReduceOptions | number | readonly number[] = {}): Tensor {
  const { dims, keepdim } = reduceArgs('sum', opts, x.ndim);
  return sumOp([x], { dims, keepdim, dtype: x.dtype === 'bool' ? 'int32' : x.dtype });
}

/** The average over dims; only floating-point tensors (as PyTorch). */
export function mean(x: Tensor, opts: ReduceOptions | number | readonly number[] = {}): Tensor {
  if (!isFloat(x.dtype)) throw new DTypeError(`mean: needs a floating-point tensor, got ${x.dtype} (use x.float().mean())`);
  const { dims } = reduceArgs('mean', opts, x.ndim);
  const count = numel(dims.map((d) => x.shape[d]));
  return sum(x, opts).div(count);
}

Tensor.prototype.sum = function (this: Tensor, opts?: ReduceOptions | number | readonly number[]) {
  return sum(this, opts);
};
Tensor.prototype.mean = function (this: Tensor, opts?: ReduceOptions | number | readonly number[]) {
  return mean(this, opts);
};

declare module '../tensor/tensor.ts' {
  interface Tensor {
    /** x.sum(), x.sum(1), x.sum([0, 2]), x.sum({dim: 1, keepdim: true}). */
    sum(opts?: ReduceOptions | number | readonly number[]): Tensor;
    mean(opts?: ReduceOptions | number | readonly number[]): Tensor;
  }
}
