// Max and average pooling over 1–3 spatial dims (ONNX MaxPool, AveragePool) with their backward
// ops. Max pool keeps its argmax indices: its backward scatters dy there, and that scatter's own
// adjoint is a gather at the same indices, so gradients of gradients work too.

import type { Tensor } from '../tensor/tensor.ts';
import { defineOp } from '../autograd/op.ts';
import { backend } from '../backend/index.ts';
import { randn, randint } from '../tensor/creation.ts';
import { numel } from '../tensor/shape.ts';
import { wrap } from './util.ts';
import { outSizes, geometry, lift, liftShape, type WindowAttrs } from './window.ts';

type OpFn<A> = (inputs: readonly Tensor[], attrs: A) => Tensor;
type InShape = { inShape: readonly number[] };

export interface PoolAttrs extends WindowAttrs {
  kernel: number[];
  ceilMode: boolean;
}

export interface AvgPoolAttrs extends PoolAttrs {
  countIncludePad: boolean;
  divisorOverride: number | null;
}

const poolGeo = (a: PoolAttrs, xShape: readonly number[]) => geometry(a, a.kernel, outSizes('pool', xShape, a.kernel, a, a.ceilMode));
const outShape = (x: Tensor, out: readonly number[]) => [x.shape[0], x.shape[1], ...out.slice(5 - x.ndim)];
const attrs = (kernel: number[], stride: number[], pad: number[], ceilMode: boolean, dilation = kernel.map(() => 1)) =>
  ({ kernel, stride, dilation, padBefore: pad, padAfter: pad, ceilMode });
const f64 = { dtype: 'float64' } as const;

/** The argmax indices that maxPool saved for each output it made (read by maxPoolNd's returnIndices). */
export const maxPoolIndices = new WeakMap<Tensor, Tensor>();

// x: (N, C, …in) → y, indices: (N, C, …out)
export const maxPoolOp: OpFn<PoolAttrs> = defineOp<PoolAttrs>({
  name: 'maxPool',
  onnx: 'MaxPool',
  forward: ([x], a, saved) => {
    const g = poolGeo(a, x.shape);
    const { values, indices } = backend().maxPool(lift(x), g, x.dtype);
    const y = wrap(values, outShape(x, g.outSize));
    saved.indices = wrap(indices, y.shape);
    maxPoolIndices.set(y, saved.indices as Tensor);
    return y;
  },
  // dx[i] = Σ of dy over the windows whose argmax is i
  backward: (dy, { inputs: [x], saved }) => [() => maxPoolBackwardOp([dy, saved.indices as Tensor], { inShape: x.shape })],
  cases: [
    { shapes: [[2, 3, 5, 5]], attrs: attrs([2, 2], [2, 2], [0, 0], true) },
    { shapes: [[1, 2, 4, 5]], attrs: attrs([3, 3], [1, 2], [1, 1], false) },
    { shapes: [[1, 1, 5, 5]], attrs: attrs([2, 2], [2, 2], [1, 1], true) },
    { shapes: [[1, 1, 5, 5]], attrs: attrs([2, 2], [1, 1], [0, 0], false, [2, 2]) },
    { shapes: [[2, 2, 7]], attrs: attrs([3], [2], [1], true) },
    { shapes: [[1, 1, 4, 4, 4]], attrs: attrs([2, 2, 2], [2, 2, 2], [0, 0, 0], false) },
  ],
});

// dy, indices: (N, C, …out) → dx: (N, C, …in)
const maxPoolBackwardOp: OpFn<InShape> = defineOp<InShape>({
  name: 'maxPoolBackward',
  forward: ([dy, idx], { inShape }) => wrap(backend().maxPoolBackward(dy, idx, numel(inShape.slice(2)), dy.dtype), inShape),
  backward: (ddx, { inputs: [, idx] }) => [() => maxPoolGatherOp([ddx, idx], undefined), undefined], // a scatter-add's adjoint is the gather
  cases: [{ shapes: [], grad: [0], attrs: { inShape: [2, 2, 3, 3] }, inputs: () => [randn([2, 2, 2, 2], f64), randint(0, 9, [2, 2, 2, 2])] }],
});

// x: (N, C, …in), indices: (N, C, …out) → (N, C, …out)
const maxPoolGatherOp: OpFn<undefined> = defineOp({
  name: 'maxPoolGather',
  forward: ([x, idx]) => wrap(backend().maxPoolGather(x, idx, x.dtype), idx.shape),
  backward: (dy, { inputs: [x, idx] }) => [() => maxPoolBackwardOp([dy, idx], { inShape: x.shape }), undefined], // a gather's adjoint is the scatter-add
  cases: [{ shapes: [], grad: [0], inputs: () => [randn([2, 2, 3, 3], f64), randint(0, 9, [2, 2, 2, 2])] }],
});

const avgAttrs = (a: AvgPoolAttrs): AvgPoolAttrs => {
  const { kernel, stride, dilation, padBefore, padAfter, ceilMode, countIncludePad, divisorOverride } = a;
  return { kernel, stride, dilation, padBefore, padAfter, ceilMode, countIncludePad, divisorOverride };
};

// x: (N, C, …in) → y: (N, C, …out)
export const avgPoolOp: OpFn<AvgPoolAttrs> = defineOp<AvgPoolAttrs>({
  name: 'avgPool',
  onnx: 'AveragePool',
  forward: ([x], a) => {
    const g = poolGeo(a, x.shape);
    return wrap(backend().avgPool(lift(x), g, a.countIncludePad, a.divisorOverride ?? 0, x.dtype), outShape(x, g.outSize));
  },
  // dx[i] = Σ over the windows holding i of dy/divisor
  backward: (dy, { inputs: [x], attrs: a }) => [() => avgPoolBackwardOp([dy], { ...avgAttrs(a), inShape: x.shape })],
  cases: [
    { shapes: [[2, 2, 5, 5]], attrs: { ...attrs([3, 3], [2, 2], [1, 1], true), countIncludePad: true, divisorOverride: null } },
    { shapes: [[2, 2, 5, 5]], attrs: { ...attrs([3, 3], [2, 2], [1, 1], true), countIncludePad: false, divisorOverride: null } },
    { shapes: [[1, 2, 4, 4]], attrs: { ...attrs([2, 2], [1, 1], [0, 0], false), countIncludePad: true, divisorOverride: 3 } },
    { shapes: [[1, 1, 5, 5]], attrs: { ...attrs([2, 2], [2, 2], [1, 1], true), countIncludePad: true, divisorOverride: null } },
    { shapes: [[2, 2, 7]], attrs: { ...attrs([3], [2], [1], true), countIncludePad: true, divisorOverride: null } },
    { shapes: [[1, 1, 4, 4, 4]], attrs: { ...attrs([2, 2, 2], [2, 2, 2], [0, 0, 0], false), countIncludePad: false, divisorOverride: null } },
  ],
});

// dy: (N, C, …out) → dx: (N, C, …in)
const avgPoolBackwardOp: OpFn<AvgPoolAttrs & InShape> = defineOp<AvgPoolAttrs & InShape>({
  name: 'avgPoolBackward',
  forward: ([dy], a) => {
    const g = poolGeo(a, a.inShape);
    return wrap(backend().avgPoolBackward(lift(dy), liftShape(a.inShape), g, a.countIncludePad, a.divisorOverride ?? 0, dy.dtype), a.inShape);
  },
  backward: (ddx, { attrs: a }) => [() => avgPoolOp([ddx], avgAttrs(a))], // the adjoint of this linear map is avgPool itself
  cases: [
    { shapes: [[2, 2, 3, 3]], attrs: { ...attrs([3, 3], [2, 2], [1, 1], true), countIncludePad: false, divisorOverride: null, inShape: [2, 2, 5, 5] } },
  ],
});
