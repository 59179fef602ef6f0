// Indexing kernels: gather and scatter along one dim, over any strided views.

import type { IndexKernels } from '../index-kernels.ts';
import type { View } from '../backend.ts';
import { offsetsOf } from './strided.ts';
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
};
