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

/**
 * Stable bottom-up merge sort of the first m positions in `order` by their values in `run` (no NaNs);
 * equal values keep their order because a right-hand element moves ahead only when strictly before.
 * `buffer` is scratch of at least m elements.
 */
function mergeSort(order: Int32Array, buffer: Int32Array, m: number, run: Float64Array, descending: boolean): void {
  let src = order, dst = buffer;
  for (let width = 1; width < m; width *= 2) {
    for (let lo = 0; lo < m; lo += 2 * width) {
      const mid = Math.min(lo + width, m), hi = Math.min(lo + 2 * width, m);
      let a = lo, b = mid, w = lo;
      while (a < mid && b < hi) {
        const before = descending ? run[src[b]] > run[src[a]] : run[src[b]] < run[src[a]];
        dst[w++] = before ? src[b++] : src[a++];
      }
      while (a < mid) dst[w++] = src[a++];
      while (b < hi) dst[w++] = src[b++];
    }
    [src, dst] = [dst, src];
  }
  if (src !== order) order.set(src.subarray(0, m));
}

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
    const order = new Int32Array(len);
    const scratch = new Int32Array(len); // NaN positions, from the end
    const buffer = new Int32Array(len);
    for (let o = 0; o < outer; o++) {
      for (let i = 0; i < inner; i++) {
        // NaN has no place under <: it sorts after everything (before, descending), in its order.
        let m = 0;
        let nan = len;
        for (let k = 0; k < len; k++) {
          const v = x.data[offs[(o * len + k) * inner + i]];
          run[k] = v;
          if (v !== v) scratch[--nan] = k;
          else order[m++] = k;
        }
        mergeSort(order, buffer, m, run, descending);
        // the NaN positions were stacked from the end, so read them back in reverse for their order
        const base = (o * len) * inner + i;
        let w = 0;
        if (descending) for (let k = len - 1; k >= nan; k--) out[base + w++ * inner] = scratch[k];
        for (let k = 0; k < m; k++) out[base + w++ * inner] = order[k];
        if (!descending) for (let k = len - 1; k >= nan; k--) out[base + w++ * inner] = scratch[k];
      }
    }
    return out;
  },
};
