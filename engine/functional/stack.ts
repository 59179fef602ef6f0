// stack: joins same-shaped tensors along a new dim (each gains a size-1 dim there, then cat).

import type { Tensor } from '../tensor/tensor.ts';
import { normalizeDim } from '../tensor/shape.ts';
import { ShapeError, ValueError, fmtShape } from '../errors.ts';
import { cat } from '../ops/cat.ts';

export function stack(tensors: readonly Tensor[], dim = 0): Tensor {
  if (!tensors.length) throw new ValueError('stack: expects a non-empty list of tensors');
  const ref = tensors[0].shape;
  if (tensors.some((t) => t.ndim !== ref.length || t.shape.some((s, i) => s !== ref[i]))) {
    throw new ShapeError(`stack: all tensors must have the same shape, got shapes ${tensors.map((t) => fmtShape(t.shape)).join(', ')}`);
  }
  const d = normalizeDim('stack', dim, ref.length + 1);
  return cat(tensors.map((t) => t.unsqueeze(d)), d);
}
