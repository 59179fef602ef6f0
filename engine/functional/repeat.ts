// repeat / tile / repeatInterleave. repeat and tile lay copies side by side: each dim of size s
// becomes (r, s) by a stride-0 expand, then the pairs merge — so expand's backward sums the copies.
// repeatInterleave repeats each element in place (a, a, b, b), as an indexSelect.

import { Tensor } from '../tensor/tensor.ts';
import { tensor } from '../tensor/creation.ts';
import { normalizeDim } from '../tensor/shape.ts';
import { ShapeError, ValueError, fmtShape } from '../errors.ts';

/** torch.Tensor.repeat: one count per dim (extra leading counts add dims). */
export function repeat(x: Tensor, repeats: readonly number[]): Tensor {
  if (repeats.length < x.ndim) {
    throw new ShapeError(`repeat: got ${repeats.length} repeat counts ${fmtShape(repeats)} for a tensor with ${x.ndim} dims (shape ${fmtShape(x.shape)}); give at least one per dim`);
  }
  if (repeats.some((r) => !Number.isInteger(r) || r < 0)) throw new ValueError(`repeat: counts must be non-negative integers, got ${fmtShape(repeats)}`);
  const shape = [...new Array<number>(repeats.length - x.ndim).fill(1), ...x.shape];
  const paired = x.reshape(shape.flatMap((s) => [1, s])).expand(shape.flatMap((s, i) => [repeats[i], s]));
  return paired.reshape(shape.map((s, i) => s * repeats[i]));
}

/** torch.tile: like repeat, but fewer counts than dims are padded with leading 1s. */
export function tile(x: Tensor, reps: readonly number[]): Tensor {
  return repeat(x, [...new Array<number>(Math.max(0, x.ndim - reps.length)).fill(1), ...reps]);
}

/** Repeats each slice along `dim` (each element of the flattened tensor when dim is omitted) `repeats` times, or repeats[i] times. */
export function repeatInterleave(x: Tensor, repeats: number | readonly number[], dim?: number): Tensor {
  const src = dim === undefined ? x.reshape([-1]) : x;
  const d = normalizeDim('repeatInterleave', dim ?? 0, src.ndim);
  const n = src.shape[d] ?? 1;
  const counts = typeof repeats === 'number' ? new Array<number>(n).fill(repeats) : [...repeats];
  if (counts.length !== n || counts.some((r) => !Number.isInteger(r) || r < 0)) {
    throw new ShapeError(`repeatInterleave: repeats ${typeof repeats === 'number' ? repeats : fmtShape(repeats)} must be non-negative integers, one per element of dim ${dim ?? 0} (size ${n})`);
  }
  const index = counts.flatMap((r, i) => new Array<number>(r).fill(i));
  return src.indexSelect(d, tensor(index, { dtype: 'int32' }));
}

Tensor.prototype.repeat = function (this: Tensor, ...repeats: Array<number | readonly number[]>) {
  return repeat(this, repeats.flat());
};
Tensor.prototype.tile = function (this: Tensor, ...reps: Array<number | readonly number[]>) {
  return tile(this, reps.flat());
};
Tensor.prototype.repeatInterleave = function (this: Tensor, repeats: number | readonly number[], dim?: number) {
  return repeatInterleave(this, repeats, dim);
};

declare module '../tensor/tensor.ts' {
  interface Tensor {
    /** x.repeat(2, 3) or x.repeat([2, 3]). */
    repeat(...repeats: Array<number | readonly number[]>): Tensor;
    tile(...reps: Array<number | readonly number[]>): Tensor;
    repeatInterleave(repeats: number | readonly number[], dim?: number): Tensor;
  }
}
