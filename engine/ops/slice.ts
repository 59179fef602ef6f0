// slice / narrow / select: a window along one dim as a view (offset and stride change, no copy).
// The backward places the gradient into zeros of the input's shape (op 'sliceBackward').

import { Tensor } from '../tensor/tensor.ts';
import { defineOp } from '../autograd/op.ts';
import { backend } from '../backend/index.ts';
import { zeros } from '../tensor/creation.ts';
import { normalizeDim } from '../tensor/shape.ts';
import { IndexError, ValueError, fmtShape } from '../errors.ts';

interface SliceAttrs { dim: number; start: number; end: number; step: number }

function window(x: Tensor, { dim, start, end, step }: SliceAttrs): Tensor {
  const shape = [...x.shape];
  shape[dim] = Math.max(0, Math.ceil((end - start) / step));
  const strides = [...x.strides];
  strides[dim] *= step;
  return x._view(shape, strides, x.offset + start * x.strides[dim]);
}

const sliceOp = defineOp<SliceAttrs>({
  name: 'slice',
  onnx: 'Slice',
  forward: ([x], attrs) => window(x, attrs),
  backward: (dy, { inputs: [x], attrs }) => [() => sliceBackward(dy, x.shape, attrs)], // untouched elements get 0
  cases: [{ shapes: [[4, 6]], attrs: { dim: 1, start: 1, end: 6, step: 2 } }],
});

const sliceBackwardOp = defineOp<SliceAttrs & { shape: readonly number[] }>({
  name: 'sliceBackward',
  forward: ([dy], attrs) => {
    const out = zeros(attrs.shape, { dtype: dy.dtype });
    backend().copyInto(window(out, attrs), dy);
    return out;
  },
  backward: (ddx, { attrs }) => [() => sliceOp([ddx], attrs)], // its adjoint is the slice itself
  cases: [{ shapes: [[4, 3]], attrs: { shape: [4, 6], dim: 1, start: 1, end: 6, step: 2 } }],
});

const sliceBackward = (dy: Tensor, shape: readonly number[], attrs: SliceAttrs): Tensor => sliceBackwardOp([dy], { ...attrs, shape });

/** x[start:end:step] along `dim`, Python-style: negative indices count from the end, out-of-range bounds clamp. */
export function slice(x: Tensor, dim: number, start = 0, end = Infinity, step = 1): Tensor {
  const d = normalizeDim('slice', dim, x.ndim);
  if (!Number.isInteger(step) || step <= 0) throw new ValueError(`slice: step must be a positive integer, got ${step}`);
  const n = x.shape[d];
  const clampIndex = (i: number): number => Math.min(Math.max(i < 0 ? i + n : i, 0), n);
  const s = clampIndex(start);
  const e = Math.max(clampIndex(end), s);
  return sliceOp([x], { dim: d, start: s, end: e, step });
}

/** `length` elements from `start` along `dim`; throws when the window leaves the tensor. */
export function narrow(x: Tensor, dim: number, start: number, length: number): Tensor {
  const d = normalizeDim('narrow', dim, x.ndim);
  const s = start < 0 ? start + x.shape[d] : start;
  if (s < 0 || length < 0 || s + length > x.shape[d]) {
    throw new IndexError(`narrow: start ${start} + length ${length} exceeds dim ${dim} of size ${x.shape[d]} (shape ${fmtShape(x.shape)})`);
  }
  return sliceOp([x], { dim: d, start: s, end: s + length, step: 1 });
}

/** The index-th slice along `dim`, with that dim removed: x.select(0, 1) is x[1]. */
export function select(x: Tensor, dim: number, index: number): Tensor {
  const d = normalizeDim('select', dim, x.ndim);
  const n = x.shape[d];
  if (!Number.isInteger(index) || index < -n || index >= n) {
    throw new IndexError(`select: index ${index} is out of bounds for dim ${dim} with size ${n} (shape ${fmtShape(x.shape)})`);
  }
  return narrow(x, d, index < 0 ? index + n : index, 1).squeeze(d);
}

Tensor.prototype.slice = function (this: Tensor, dim: number, start?: number, end?: number, step?: number) {
  return slice(this, dim, start, end, step);
};
Tensor.prototype.narrow = function (this: Tensor, dim: number, start: number, length: number) {
  return narrow(this, dim, start, length);
};
Tensor.prototype.select = function (this: Tensor, dim: number, index: number) {
  return select(this, dim, index);
};

declare module '../tensor/tensor.ts' {
  interface Tensor {
    slice(dim: number, start?: number, end?: number, step?: number): Tensor;
    narrow(dim: number, start: number, length: number): Tensor;
    select(dim: number, index: number): Tensor;
  }
}
