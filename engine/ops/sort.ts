// sort / argsort / topk along one dim. One kernel, argsort (stable, NaN larger than +∞, as PyTorch),
// finds the positions; the values are a gather at them, so their gradient is gather's: each value
// sends its gradient back to the element it came from.

import { Tensor } from '../tensor/tensor.ts';
import { defineOp } from '../autograd/op.ts';
import { backend } from '../backend/index.ts';
import { tensor } from '../tensor/creation.ts';
import { normalizeDim } from '../tensor/shape.ts';
import { checkOptions } from '../options.ts';
import { ValueError, fmtShape } from '../errors.ts';
import { wrap } from './util.ts';
import { gather } from './gather.ts';
import type { ValuesIndices } from './max.ts';

type Attrs = { dim: number; descending: boolean };

// x: any shape → positions: x's shape, int32; along `dim`, where each sorted element came from.
const argsortOp = defineOp<Attrs>({
  name: 'argsort',
  forward: ([x], { dim, descending }) => wrap(backend().argsort(x, dim, descending), x.shape),
  backward: 'nondifferentiable', // a position is piecewise constant in x
  cases: [
    { shapes: [[3, 5]], attrs: { dim: 1, descending: false } },
    { shapes: [[4, 2, 3]], attrs: { dim: 0, descending: true } },
    // ties keep their order both ways; NaN and ±∞ sort as PyTorch puts them
    { shapes: [[2, 5]], attrs: { dim: 1, descending: true }, inputs: () => [tensor([[2, 1, 2, NaN, -Infinity], [0, -0, Infinity, 0, NaN]])] },
    { shapes: [[0, 3]], attrs: { dim: 0, descending: false } },
  ],
});

export interface SortOptions { dim?: number; descending?: boolean; stable?: boolean }
export interface TopkOptions { dim?: number; largest?: boolean; sorted?: boolean }

/** PyTorch's positional (dim, descending) or an options object; `stable` is accepted and always holds. */
function sortArgs(op: string, x: Tensor, dimOrOpts: number | SortOptions | undefined, descending: boolean): Attrs {
  if (typeof dimOrOpts === 'object') checkOptions(op, dimOrOpts, ['dim', 'descending', 'stable']);
  const o = typeof dimOrOpts === 'object' ? dimOrOpts : { dim: dimOrOpts, descending };
  return { dim: normalizeDim(op, o.dim ?? -1, x.ndim), descending: o.descending ?? false };
}

/** The int32 positions that sort x along dim (default -1); stable, NaN last (first when descending). */
export function argsort(x: Tensor, dim?: number | SortOptions, descending = false): Tensor {
  return argsortOp([x], sortArgs('argsort', x, dim, descending));
}

/** {values, indices} of x sorted along dim: sort(x), sort(x, 0, true), sort(x, {dim: 0, descending: true}). */
export function sort(x: Tensor, dim?: number | SortOptions, descending = false): ValuesIndices {
  const attrs = sortArgs('sort', x, dim, descending);
  const indices = argsortOp([x], attrs);
  return { values: gather(x, attrs.dim, indices), indices };
}

/**
 * The k largest (or smallest) elements along dim, in sorted order. Ties go to the earlier element;
 * PyTorch leaves the order among ties, and the order when sorted = false, unspecified.
 */
export function topk(x: Tensor, k: number, dim?: number | TopkOptions, largest = true, sorted = true): ValuesIndices {
  if (typeof dim === 'object') checkOptions('topk', dim, ['dim', 'largest', 'sorted']);
  const o = typeof dim === 'object' ? dim : { dim, largest, sorted };
  const d = normalizeDim('topk', o.dim ?? -1, x.ndim);
  const size = x.shape[d] ?? 1; // a 0-dim tensor has one element along its "dim"
  if (!Number.isInteger(k) || k < 0 || k > size) {
    throw new ValueError(`topk: k = ${k} is out of range for dim ${o.dim ?? -1} of size ${size} (shape ${fmtShape(x.shape)}); k must be an integer in 0..${size}`);
  }
  const order = argsortOp([x], { dim: d, descending: o.largest ?? true });
  const indices = x.ndim === 0 ? order : order.narrow(d, 0, k).contiguous();
  return { values: gather(x, d, indices), indices };
}

Tensor.prototype.argsort = function (this: Tensor, dim?: number | SortOptions, descending?: boolean) {
  return argsort(this, dim, descending);
};
Tensor.prototype.sort = function (this: Tensor, dim?: number | SortOptions, descending?: boolean) {
  return sort(this, dim, descending);
};
Tensor.prototype.topk = function (this: Tensor, k: number, dim?: number | TopkOptions, largest?: boolean, sorted?: boolean) {
  return topk(this, k, dim, largest, sorted);
};

declare module '../tensor/tensor.ts' {
  interface Tensor {
    argsort(dim?: number | SortOptions, descending?: boolean): Tensor;
    sort(dim?: number | SortOptions, descending?: boolean): ValuesIndices;
    topk(k: number, dim?: number | TopkOptions, largest?: boolean, sorted?: boolean): ValuesIndices;
  }
}
