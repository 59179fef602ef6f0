// sum over dims (one, several, or all), with keepdim; mean divides by the count.

import { Tensor } from '../tensor/tensor.ts';
import { defineOp } from '../autograd/op.ts';
import { backend } from '../backend/index.ts';
import { isFloat, type DType } from '../tensor/dtype.ts';
import { numel } from '../tensor/shape.ts';
import { DTypeError } from '../errors.ts';
import { wrap } from './util.ts';
import { intExact } from './int-exact.ts';
import { parseReduce, reducedShape, type ReduceArgs } from './reduce-args.ts';

export { reducedShape, type Dims, type ReduceOptions, type ReduceArgs } from './reduce-args.ts';

const sumOp = defineOp<{ dims: number[]; keepdim: boolean; dtype: DType }>({
  name: 'sum',
  onnx: 'ReduceSum',
  // An int32 (or bool) sum is exact or an error, never wrapped (int-exact.ts).
  forward: ([x], { dims, keepdim, dtype }) =>
    wrap(intExact('sum', 'x.double().sum(…)', dtype, (dt) => backend().reduce('sum', x, dims, dt)), reducedShape(x.shape, dims, keepdim)),
  // Every term of a sum gets the sum's gradient: put the reduced dims back (size 1), then broadcast.
  backward: (dy, { inputs: [x], attrs: { dims } }) => [() => dy.reshape(reducedShape(x.shape, dims, true)).expand(x.shape)],
  cases: [
    { shapes: [[3, 4]], attrs: { dims: [0, 1], keepdim: false, dtype: 'float64' } },
    { shapes: [[2, 3, 4]], attrs: { dims: [1], keepdim: true, dtype: 'float64' } },
    { shapes: [[2, 3, 4]], attrs: { dims: [0, 2], keepdim: false, dtype: 'float64' } },
    { shapes: [[2, 0]], attrs: { dims: [1], keepdim: false, dtype: 'float64' } },
  ],
});

/** sum(x), sum(x, 1), sum(x, [0, 2], true), sum(x, 1, {keepdim: true}), sum(x, {dim, keepdim}). Ints and bools sum to int32. */
export function sum(x: Tensor, ...args: ReduceArgs): Tensor {
  const { dims, keepdim } = parseReduce('sum', args, x.ndim);
  return sumOp([x], { dims, keepdim, dtype: x.dtype === 'bool' ? 'int32' : x.dtype });
}

/** The average over dims, with sum's arguments; only floating-point tensors (as PyTorch). */
export function mean(x: Tensor, ...args: ReduceArgs): Tensor {
  if (!isFloat(x.dtype)) throw new DTypeError(`mean: needs a floating-point tensor, got ${x.dtype} (use x.float().mean())`);
  const { dims, keepdim } = parseReduce('mean', args, x.ndim);
  const count = numel(dims.map((d) => x.shape[d]));
  return sumOp([x], { dims, keepdim, dtype: x.dtype }).div(count);
}

Tensor.prototype.sum = function (this: Tensor, ...args: ReduceArgs) {
  return sum(this, ...args);
};
Tensor.prototype.mean = function (this: Tensor, ...args: ReduceArgs) {
  return mean(this, ...args);
};

declare module '../tensor/tensor.ts' {
  interface Tensor {
    /** x.sum(), x.sum(1), x.sum([0, 2], true), x.sum(1, {keepdim: true}), x.sum({dim: 1, keepdim: true}). */
    sum(...args: ReduceArgs): Tensor;
    /** x.mean(), with sum's arguments. */
    mean(...args: ReduceArgs): Tensor;
  }
}
