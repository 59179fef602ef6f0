// amax / amin: the largest or smallest value over dims (one, several, or all), with keepdim.
// Tied extremes share the gradient evenly, as PyTorch's amax does.

import { Tensor } from '../tensor/tensor.ts';
import { defineOp } from '../autograd/op.ts';
import { backend } from '../backend/index.ts';
import { tensor } from '../tensor/creation.ts';
import { IndexError, fmtShape } from '../errors.ts';
import { wrap } from './util.ts';
import { parseReduce, reducedShape, type ReduceArgs } from './reduce-args.ts';

/** Throws when a max/min/arg* reduction would read an empty block: nothing has no extreme. */
export function assertNonEmpty(op: string, x: Tensor, dims: readonly number[]): void {
  const empty = dims.find((d) => x.shape[d] === 0);
  if (empty !== undefined) {
    throw new IndexError(`${op}: cannot reduce over dim ${empty} of size 0 in a tensor of shape ${fmtShape(x.shape)} (an empty set has no extreme)`);
  }
  if (x.numel() === 0 && dims.length === x.ndim) {
    throw new IndexError(`${op}: the tensor of shape ${fmtShape(x.shape)} is empty, so it has no extreme; pass a dim of non-zero size`);
  }
}

type Attrs = { dims: number[]; keepdim: boolean };

function makeExtreme(name: 'amax' | 'amin', kernel: 'max' | 'min', onnx: string) {
  const op = defineOp<Attrs>({
    name,
    onnx,
    forward: ([x], { dims, keepdim }) => wrap(backend().reduce(kernel, x, dims, x.dtype), reducedShape(x.shape, dims, keepdim)),
    // ∂y/∂x = 1/k on each of the k elements equal to the extreme, 0 elsewhere.
    backward: (dy, { inputs: [x], output: y, attrs: { dims } }) => [() => {
      const kept = reducedShape(x.shape, dims, true);
      const hit = x.eq(y.reshape(kept)).to(dy.dtype);
      return dy.reshape(kept).mul(hit).div(hit.sum({ dim: dims, keepdim: true }));
    }],
    cases: [
      { shapes: [[3, 4]], attrs: { dims: [1], keepdim: false } },
      { shapes: [[2, 3, 4]], attrs: { dims: [0, 2], keepdim: true } },
      { shapes: [[2, 3]], attrs: { dims: [0, 1], keepdim: false } },
      { shapes: [[0, 3]], attrs: { dims: [1], keepdim: false } },
      // ties: the gradient is split between the two equal maxima (and minima)
      { shapes: [[2, 3]], attrs: { dims: [1], keepdim: false }, inputs: () => [tensor([[1, 5, 5], [-2, -2, 0]], { dtype: 'float64' })] },
    ],
  });
  return (x: Tensor, ...args: ReduceArgs): Tensor => {
    const { dims, keepdim } = parseReduce(name, args, x.ndim);
    assertNonEmpty(name, x, dims);
    return op([x], { dims, keepdim });
  };
}

/** The maximum over dims: amax(x), amax(x, 1), amax(x, [0, 2], true), amax(x, {dim: [0, 2], keepdim: true}). */
export const amax = makeExtreme('amax', 'max', 'ReduceMax');
/** The minimum over dims, as amax. */
export const amin = makeExtreme('amin', 'min', 'ReduceMin');

Tensor.prototype.amax = function (this: Tensor, ...args: ReduceArgs) {
  return amax(this, ...args);
};
Tensor.prototype.amin = function (this: Tensor, ...args: ReduceArgs) {
  return amin(this, ...args);
};

declare module '../tensor/tensor.ts' {
  interface Tensor {
    amax(...args: ReduceArgs): Tensor;
    amin(...args: ReduceArgs): Tensor;
  }
}
