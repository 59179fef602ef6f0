// split / chunk / unbind: cut a tensor into pieces along one dim. Every piece is a view (narrow or
// select), so pieces share storage with the input and gradients flow back through slice.

import { Tensor } from '../tensor/tensor.ts';
import { normalizeDim } from '../tensor/shape.ts';
import { ShapeError, ValueError, fmtShape } from '../errors.ts';

// normalizeDim lets a 0-dim tensor use dim 0 (as reductions do); there is nothing to cut there.
function cutDim(op: string, x: Tensor, dim: number): number {
  if (x.ndim === 0) throw new ShapeError(`${op}: a 0-dim tensor has no dim to cut (dim ${dim})`);
  return normalizeDim(op, dim, x.ndim);
}

/** Pieces of `size` along `dim` (the last may be smaller), or pieces of the listed sizes, which must add up to the dim. */
export function split(x: Tensor, splitSizeOrSections: number | readonly number[], dim = 0): Tensor[] {
  const d = cutDim('split', x, dim);
  const n = x.shape[d];
  let sizes: number[];
  if (typeof splitSizeOrSections === 'number') {
    const s = splitSizeOrSections;
    if (!Number.isInteger(s) || s < 0 || (s === 0 && n !== 0)) throw new ValueError(`split: split size must be a positive integer, got ${s} for dim ${dim} of size ${n}`);
    sizes = n === 0 ? [0] : Array.from({ length: Math.ceil(n / s) }, (_, i) => Math.min(s, n - i * s));
  } else {
    sizes = [...splitSizeOrSections];
    if (sizes.some((s) => !Number.isInteger(s) || s < 0) || sizes.reduce((a, b) => a + b, 0) !== n) {
      throw new ShapeError(`split: sizes ${fmtShape(sizes)} must be non-negative and add up to ${n}, the size of dim ${dim} of shape ${fmtShape(x.shape)}`);
    }
  }
  let start = 0;
  return sizes.map((s) => x.narrow(d, (start += s) - s, s));
}

/** `chunks` pieces of equal size ceil(n / chunks), the last smaller; fewer pieces when they run out (as PyTorch). */
export function chunk(x: Tensor, chunks: number, dim = 0): Tensor[] {
  if (!Number.isInteger(chunks) || chunks <= 0) throw new ValueError(`chunk: chunks must be a positive integer, got ${chunks}`);
  const n = x.shape[cutDim('chunk', x, dim)];
  return n === 0 ? split(x, new Array<number>(chunks).fill(0), dim) : split(x, Math.ceil(n / chunks), dim);
}

/** The slices along `dim`, that dim removed: unbind(x)[i] is x[i]. */
export function unbind(x: Tensor, dim = 0): Tensor[] {
  const d = cutDim('unbind', x, dim);
  return Array.from({ length: x.shape[d] }, (_, i) => x.select(d, i));
}

Tensor.prototype.split = function (this: Tensor, splitSizeOrSections: number | readonly number[], dim?: number) {
  return split(this, splitSizeOrSections, dim);
};
Tensor.prototype.chunk = function (this: Tensor, chunks: number, dim?: number) {
  return chunk(this, chunks, dim);
};
Tensor.prototype.unbind = function (this: Tensor, dim?: number) {
  return unbind(this, dim);
};

declare module '../tensor/tensor.ts' {
  interface Tensor {
    split(splitSizeOrSections: number | readonly number[], dim?: number): Tensor[];
    chunk(chunks: number, dim?: number): Tensor[];
    unbind(dim?: number): Tensor[];
  }
}
