// Checks shared by the indexing ops: index tensors are int32 and every value is in bounds. Kernels
// trust their indices, so these run first and name the op, the bad value, the dim and its size.

import type { Tensor } from '../tensor/tensor.ts';
import { DTypeError, IndexError, fmtShape } from '../errors.ts';

export function checkIndexDtype(op: string, index: Tensor): void {
  if (index.dtype !== 'int32') throw new DTypeError(`${op}: index must be an int32 tensor, got ${index.dtype} (use index.int())`);
}

/** Throws at the first index outside 0..size-1 (negative indices are rejected, as PyTorch's gather/indexSelect do). */
export function checkIndexBounds(op: string, index: Tensor, dim: number, size: number, shape: readonly number[]): void {
  checkIndexDtype(op, index);
  const values = index.toTypedArray();
  for (let i = 0; i < values.length; i++) {
    if (values[i] < 0 || values[i] >= size) {
      throw new IndexError(`${op}: index ${values[i]} is out of bounds for dim ${dim} with size ${size} (shape ${fmtShape(shape)})`);
    }
  }
}
