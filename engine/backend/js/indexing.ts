// Indexing kernels: gather and scatter along one dim, and the sorting order (argsort) along one dim,
// over any strided views.

import type { IndexKernels } from '../index-kernels.ts';
import type { View } from '../backend.ts';
import { offsetsOf, numelOf } from './strided.ts';
import { allocate } from '../../tensor/dtype.ts';

// Storage offsets of `target` at each position of `shape`, with the indexed dim pinned at 0: the
// index then only adds index * strides[dim]. Walking a synthetic view does all the odometer work.
function baseOffsets(target: View, shape: readonly number[], dim: number): Int32Array {
  const strides = target.strides.map((s, d) => (d === dim ? 0 : s));
  return offsetsOf({ data: target.data, shape, strides, offset: target.offset });
}

const rowMajor = (shape: readonly number[]): number[] => {
  const strides: number[] = [];
  for (let d = shape.length - 1, s = 1; d >= 0; s *= shape[d--]) strides[d] = s;
  return strides;
};

export const indexKernels: IndexKernels = {
  gather(x, dim, index, dtype) {
    const at = baseOffsets(x, index.shape, dim);
    const io = offsetsOf(index);
    const step = x.strides[dim] ?? 0; // 0-dim x: the only valid index is 0
    const out = allocate(dtype, at.length);
    for (let i = 0; i < at.length; i++) out[i] = x.data[at[i] + index.data[io[i]] * step];
    return out;
  },

  scatter(base, dim, index, src, add, dtype) {
    const n = base.shape.reduce((a, b) => a * b, 1);
    const out = allocate(dtype, n);
    const bo = offsetsOf(base);
    for (let i = 0; i < n; i++) out[i] = base.data[bo[i]];
    const strides = rowMajor(base.shape);
    const at = baseOffsets({ data: out, shape: base.shape, strides, offset: 0 }, index.shape, dim);
    const io = offsetsOf(index);
    const so = offsetsOf(src);
    for (let i = 0; i < at.length; i++) {
      const j = at[i] + index.data[io[i]] * (strides[dim] ?? 0);
      out[j] = add ? out[j] + src.data[so[i]] : src.data[so[i]];
    }
    return out;
  },

  argsort(x, dim, descending) {
    const n = numelOf(x.shape);
    const out = new Int32Array(n);
    const offs = offsetsOf(x);
    const len = x.shape[dim] ?? 1; // a 0-dim tensor is one run of length 1
    const inner = numelOf(x.shape.slice(dim + 1));
    const outer = n / Math.max(len * inner, 1);
    const run = new Float64Array(len);
    const order: number[] = new Array(len);
    // NaN is larger than everything (it has no place under <); equal values compare 0, and
    // Array.prototype.sort is stable, so they keep their order in both directions.
    const ascending = (i: number, j: number): number => {
      const a = run[i], b = run[j];
      if (a !== a) return b !== b ? 0 : 1;
      if (b !== b) return -1;
      return a < b ? -1 : a > b ? 1 : 0;
    };
    const compare = descending ? (i: number, j: number) => ascending(j, i) : ascending;
    for (let o = 0; o < outer; o++) {
      for (let i = 0; i < inner; i++) {
        for (let k = 0; k < len; k++) {
          run[k] = x.data[offs[(o * len + k) * inner + i]];
          order[k] = k;
        }
        order.sort(compare);
        for (let k = 0; k < len; k++) out[(o * len + k) * inner + i] = order[k];
      }
    }
    return out;
  },
};
