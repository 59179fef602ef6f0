// Kernels for indexing: gather and scatter along one dim. They trust their indices (ops check the
// bounds first, to name the op in the error) and, like every kernel, return fresh contiguous arrays.

import type { DType, TypedArray } from '../tensor/dtype.ts';
import type { View } from './backend.ts';

export interface IndexKernels {
  /**
   * out[p] = x[p with p[dim] replaced by index[p]], for every position p of index's shape (the
   * result's shape). Index may be a broadcast view (stride 0), which is how indexSelect uses it.
   */
  gather(x: View, dim: number, index: View, dtype: DType): TypedArray;
  /**
   * A contiguous copy of `base` in which, for every position p of index's shape, element
   * (p with p[dim] = index[p]) is set to src[p] — or has src[p] added when `add`. `src` has
   * index's shape. With repeated indices and !add the last write wins.
   */
  scatter(base: View, dim: number, index: View, src: View, add: boolean, dtype: DType): TypedArray;
  /**
   * The positions that sort every run along `dim` (contiguous, x's shape): stable, so equal values
   * keep their order, and NaN counts as larger than +∞ (last ascending, first descending).
   */
  argsort(x: View, dim: number, descending: boolean): Int32Array;
}
