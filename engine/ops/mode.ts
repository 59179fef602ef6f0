// mode along one dim → {values, indices}: the most frequent value of each run, the smallest one on a
// tie, and the position of its last occurrence (what PyTorch's CPU kernel returns). The gradient
// goes to that element only, through gather. NaNs count as one value, larger than every other.

import { Tensor } from '../tensor/tensor.ts';
import { defineOp } from '../autograd/op.ts';
import { backend } from '../backend/index.ts';
import { tensor } from '../tensor/creation.ts';
import { normalizeDim } from '../tensor/shape.ts';
import { checkOptions } from '../options.ts';
import { IndexError, fmtShape } from '../errors.ts';
import { wrap } from './util.ts';
import { gather } from './gather.ts';
import { reducedShape } from './sum.ts';
import type { ValuesIndices } from './max.ts';

const same = (a: number, b: number): boolean => a === b || (a !== a && b !== b);

// x: (…, N, …) → positions: (…, 1, …), int32
const modeIndexOp = defineOp<{ dim: number }>({
  name: 'mode',
  forward: ([x], { dim }) => {
    const values = backend().copy(x, x.dtype); // contiguous, so run k of row (o, i) is at (o·N + k)·inner + i
    const order = backend().argsort(x, dim, false);
    const len = x.shape[dim];
    const inner = x.shape.slice(dim + 1).reduce((a, b) => a * b, 1);
    const outer = inner ? values.length / (len * inner) : 0;
    const out = new Int32Array(outer * inner);
    for (let o = 0; o < outer; o++) {
      for (let i = 0; i < inner; i++) {
        const at = (k: number): number => (o * len + order[(o * len + k) * inner + i]) * inner + i;
        // Equal values are neighbours in sorted order: walk the runs, keep the first longest one.
        let best = 0, bestCount = 0;
        for (let start = 0, k = 1; k <= len; k++) {
          if (k < len && same(values[at(k)], values[at(start)])) continue;
          if (k - start > bestCount) [best, bestCount] = [k - 1, k - start];
          start = k;
        }
        out[o * inner + i] = order[(o * len + best) * inner + i]; // stable sort: the run's last is the last occurrence
      }
    }
    return wrap(out, reducedShape(x.shape, [dim], true));
  },
  backward: 'nondifferentiable', // a position is piecewise constant in x
  cases: [
    { shapes: [[3, 6]], attrs: { dim: 1 }, inputs: () => [tensor([[1, 2, 2, 3, 3, 1], [5, 5, 5, 0, 0, 0], [NaN, 4, NaN, -0, 0, 4]])] },
    { shapes: [[4, 2, 3]], attrs: { dim: 0 } },
  ],
});

export interface ModeOptions { dim?: number; keepdim?: boolean }

/** mode(x) along the last dim, mode(x, dim, keepdim?) or mode(x, {dim, keepdim}): {values, indices}. */
export function mode(x: Tensor, dim?: number | ModeOptions, keepdim = false): ValuesIndices {
  if (typeof dim === 'object') checkOptions('mode', dim, ['dim', 'keepdim']);
  const o = typeof dim === 'object' ? dim : { dim, keepdim };
  const d = normalizeDim('mode', o.dim ?? -1, x.ndim);
  const src = x.ndim === 0 ? x.reshape([1]) : x; // a 0-dim tensor is its own mode, at position 0
  if (src.shape[d] === 0) throw new IndexError(`mode: cannot reduce over dim ${o.dim ?? -1} of size 0 in a tensor of shape ${fmtShape(x.shape)}`);
  const indices = modeIndexOp([src], { dim: d });
  const values = gather(src, d, indices);
  const keep = (o.keepdim ?? false) && x.ndim > 0;
  return keep ? { values, indices } : { values: values.squeeze(d), indices: indices.squeeze(d) };
}

Tensor.prototype.mode = function (this: Tensor, dim?: number | ModeOptions, keepdim?: boolean) {
  return mode(this, dim, keepdim);
};

declare module '../tensor/tensor.ts' {
  interface Tensor {
    mode(dim?: number | ModeOptions, keepdim?: boolean): ValuesIndices;
  }
}
