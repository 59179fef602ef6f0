// Reflect, replicate and circular padding as one op (ONNX Pad, modes reflect/edge/wrap): each output
// cell copies the input cell a source rule names, so the gradient adds each output cell's gradient
// back into its source, and a cell read twice (mirrored or wrapped) collects both.

import type { Tensor } from '../tensor/tensor.ts';
import { defineOp } from '../autograd/op.ts';
import { backend, type View } from '../backend/index.ts';
import { zeros, tensor } from '../tensor/creation.ts';
import { contiguousStrides } from '../tensor/shape.ts';
import { wrap } from './util.ts';

export type IndexedPadMode = 'reflect' | 'replicate' | 'circular';

/** Source of output position o (o = 0 is the first original cell) in a dim of n cells. */
export const PAD_SOURCE: Record<IndexedPadMode, (o: number, n: number) => number> = {
  reflect: (o, n) => (o < 0 ? -o : o >= n ? 2 * (n - 1) - o : o), // mirror without repeating the edge
  replicate: (o, n) => Math.min(Math.max(o, 0), n - 1),
  circular: (o, n) => ((o % n) + n) % n,
};

/** pads as pad() takes them: (left, right) for the last dim, then the one before, …; a negative amount crops. */
export interface PadIndexedAttrs {
  pads: number[];
  mode: IndexedPadMode;
}

/** Per padded dim, in the order applied: the dim and, for each of its new cells, the source cell. */
export function padSources(shape: readonly number[], { pads, mode }: PadIndexedAttrs): Array<{ dim: number; index: number[] }> {
  const steps = [];
  for (let k = 0; k < pads.length / 2; k++) {
    const dim = shape.length - 1 - k, [left, right, n] = [pads[2 * k], pads[2 * k + 1], shape[dim]];
    if (left || right) steps.push({ dim, index: Array.from({ length: n + left + right }, (_, i) => PAD_SOURCE[mode](i - left, n)) });
  }
  return steps;
}

// x: (…, n, …) → y: (…, left + n + right, …) along each padded dim
const padIndexedOp = defineOp<PadIndexedAttrs>({
  name: 'padIndexed',
  onnx: 'Pad',
  forward: ([x], a) => {
    let v: View = x;
    for (const { dim, index } of padSources(x.shape, a)) {
      const shape = v.shape.map((s, d) => (d === dim ? index.length : s));
      const at: View = { data: Int32Array.from(index), offset: 0, shape, strides: shape.map((_, d) => (d === dim ? 1 : 0)) };
      v = { data: backend().gather(v, dim, at, x.dtype), offset: 0, shape, strides: contiguousStrides(shape) };
    }
    return wrap(v.data, v.shape);
  },
  backward: (dy, { inputs: [x], attrs: a }) => [
    () => {
      // dx[i] = Σ_{o: source(o) = i} dy[o]: undo the dims in reverse, adding each cell back into its source
      const steps = padSources(x.shape, a);
      let g = dy;
      for (let s = steps.length - 1; s >= 0; s--) {
        const { dim, index } = steps[s];
        g = zeros(g.shape.map((n, d) => (d === dim ? x.shape[dim] : n)), { dtype: g.dtype }).indexAdd(dim, tensor(index, { dtype: 'int32' }), g);
      }
      return g;
    },
  ],
  cases: [
    { shapes: [[2, 3, 4]], attrs: { pads: [2, 1, 1, 2], mode: 'reflect' } },
    { shapes: [[1, 2, 3]], attrs: { pads: [3, 4], mode: 'replicate' } },
    { shapes: [[2, 2, 3, 3]], attrs: { pads: [3, 1, 0, 2], mode: 'circular' } },
    { shapes: [[1, 3, 2, 3]], attrs: { pads: [1, 1, 1, 1, 1, 1], mode: 'reflect' } },
  ],
});

/** pad()'s non-constant modes and a conv's paddingMode; the caller has checked the sizes (see pad() for the errors). */
export const padIndexed = (x: Tensor, pads: readonly number[], mode: IndexedPadMode): Tensor =>
  pads.some((p) => p !== 0) ? padIndexedOp([x], { pads: [...pads], mode }) : x;
