// Convolution over 1–3 spatial dims (ONNX Conv): one primitive, plus its two gradients as ops of
// their own. Each of the three is the transpose of another in one argument, so the family is
// closed under differentiation and gradients of gradients work (conv-transpose.ts builds on it).

import type { Tensor } from '../tensor/tensor.ts';
import { defineOp } from '../autograd/op.ts';
import { backend } from '../backend/index.ts';
import { checkAllocation, isFloat } from '../tensor/dtype.ts';
import { numel } from '../tensor/shape.ts';
import { ShapeError, DTypeError, ValueError, fmtShape } from '../errors.ts';
import { wrap } from './util.ts';
import { outSizes, geometry, lift, liftShape, type WindowAttrs } from './window.ts';

type OpFn<A> = (inputs: readonly Tensor[], attrs: A) => Tensor;
type InputGradAttrs = ConvAttrs & { inShape: readonly number[] };
type WeightGradAttrs = ConvAttrs & { wShape: readonly number[] };

export interface ConvAttrs extends WindowAttrs {
  groups: number;
}

const pick = ({ stride, dilation, padBefore, padAfter, groups }: ConvAttrs): ConvAttrs => ({ stride, dilation, padBefore, padAfter, groups });
const geo = (a: ConvAttrs, xShape: readonly number[], wShape: readonly number[]) =>
  geometry(a, wShape.slice(2), outSizes('conv', xShape, wShape.slice(2), a));

// Letters: x: (N, C_in, …in) · w: (C_out, C_in/groups, …k) (+ b: (C_out)) → y: (N, C_out, …out).
// Along each spatial dim, output j reads input j·s − p + k·d for every tap k.
export const convOp: OpFn<ConvAttrs> = defineOp<ConvAttrs>({
  name: 'conv',
  onnx: 'Conv',
  forward: ([x, w, b], a) => {
    const g = geo(a, x.shape, w.shape);
    const outShape = [x.shape[0], w.shape[0], ...g.outSize.slice(5 - x.ndim)];
    // Before the kernel: it sets up a float64 accumulator of the output's size first.
    checkAllocation('conv', x.dtype, numel(outShape), outShape);
    return wrap(backend().conv(lift(x), lift(w), b ?? null, g, a.groups, x.dtype), outShape);
  },
  backward: (dy, { inputs: [x, w], attrs: a }) => [
    () => convInputGradOp([dy, w], { ...pick(a), inShape: x.shape }), // dx[c, i] = Σ_{o,k,j: j·s−p+k·d = i} w[o, c, k]·dy[o, j]
    () => convWeightGradOp([dy, x], { ...pick(a), wShape: w.shape }), // dw[o, c, k] = Σ_{n,j} dy[n, o, j]·x[n, c, j·s−p+k·d]
    () => dy.sum([...dy.shape.keys()].filter((d) => d !== 1)), // db[o] = Σ_{n,j} dy[n, o, j]
  ],
  cases: [
    { shapes: [[2, 3, 5, 5], [4, 3, 3, 3], [4]], attrs: { stride: [1, 1], dilation: [1, 1], padBefore: [0, 0], padAfter: [0, 0], groups: 1 } },
    { shapes: [[1, 4, 6, 5], [4, 2, 3, 2], [4]], attrs: { stride: [2, 1], dilation: [1, 2], padBefore: [1, 0], padAfter: [1, 0], groups: 2 } },
    { shapes: [[2, 3, 4, 4], [5, 3, 1, 1]], attrs: { stride: [2, 2], dilation: [1, 1], padBefore: [0, 0], padAfter: [0, 0], groups: 1 } },
    { shapes: [[1, 2, 4, 4], [4, 1, 3, 3]], attrs: { stride: [1, 1], dilation: [1, 1], padBefore: [1, 1], padAfter: [1, 1], groups: 2 } },
    { shapes: [[1, 1, 4, 4], [1, 1, 2, 2]], attrs: { stride: [1, 1], dilation: [1, 1], padBefore: [0, 0], padAfter: [1, 1], groups: 1 } },
    { shapes: [[2, 2, 7], [3, 2, 3], [3]], attrs: { stride: [2], dilation: [2], padBefore: [1], padAfter: [1], groups: 1 } },
    { shapes: [[1, 2, 3, 4, 4], [2, 2, 2, 2, 2]], attrs: { stride: [1, 2, 2], dilation: [1, 1, 1], padBefore: [1, 1, 1], padAfter: [1, 1, 1], groups: 1 } },
  ],
});

// dy: (N, C_out, …out) · w → dx: (N, C_in, …in). Linear in dy and in w.
const convInputGradOp: OpFn<InputGradAttrs> = defineOp<InputGradAttrs>({
  name: 'convInputGrad',
  forward: ([dy, w], a) => wrap(backend().convInputGrad(lift(dy), lift(w), liftShape(a.inShape), geo(a, a.inShape, w.shape), a.groups, dy.dtype), a.inShape),
  backward: (ddx, { inputs: [dy, w], attrs: a }) => [
    () => convOp([ddx, w], pick(a)), // ⟨ddx, convᵀ(dy, w)⟩ = ⟨conv(ddx, w), dy⟩
    () => convWeightGradOp([dy, ddx], { ...pick(a), wShape: w.shape }), // the same pairing read as a function of w
  ],
  cases: [
    { shapes: [[2, 4, 3, 3], [4, 2, 3, 3]], attrs: { inShape: [2, 4, 5, 5], stride: [2, 2], dilation: [1, 1], padBefore: [1, 1], padAfter: [1, 1], groups: 2 } },
    { shapes: [[1, 3, 2, 2], [3, 2, 3, 3]], attrs: { inShape: [1, 2, 6, 6], stride: [2, 2], dilation: [1, 1], padBefore: [0, 0], padAfter: [0, 0], groups: 1 } },
    { shapes: [[1, 2, 4], [2, 2, 2]], attrs: { inShape: [1, 2, 7], stride: [1], dilation: [3], padBefore: [0], padAfter: [0], groups: 1 } },
  ],
});

// dy: (N, C_out, …out) · x: (N, C_in, …in) → dw: (C_out, C_in/groups, …k). Linear in dy and in x.
export const convWeightGradOp: OpFn<WeightGradAttrs> = defineOp<WeightGradAttrs>({
  name: 'convWeightGrad',
  forward: ([dy, x], a) => wrap(backend().convWeightGrad(lift(dy), lift(x), geo(a, x.shape, a.wShape), a.groups, dy.dtype), a.wShape),
  backward: (ddw, { inputs: [dy, x], attrs: a }) => [
    () => convOp([x, ddw], pick(a)), // ⟨ddw, dw(dy, x)⟩ = ⟨dy, conv(x, ddw)⟩
    () => convInputGradOp([dy, ddw], { ...pick(a), inShape: x.shape }), // = ⟨x, convᵀ(dy, ddw)⟩
  ],
  cases: [
    { shapes: [[2, 4, 3, 3], [2, 4, 5, 5]], attrs: { wShape: [4, 2, 3, 3], stride: [2, 2], dilation: [1, 1], padBefore: [1, 1], padAfter: [1, 1], groups: 2 } },
    { shapes: [[1, 3, 2, 2], [1, 2, 6, 6]], attrs: { wShape: [3, 2, 3, 3], stride: [2, 2], dilation: [1, 1], padBefore: [0, 0], padAfter: [0, 0], groups: 1 } },
  ],
});

/**
 * The general convolution on a batched x with resolved per-dim attrs (asymmetric padding allowed,
 * as ONNX needs). conv1d/2d/3d parse PyTorch's options and come here.
 */
export function convolution(x: Tensor, weight: Tensor, bias: Tensor | null | undefined, a: ConvAttrs, op = 'convolution'): Tensor {
  const shapes = `x ${fmtShape(x.shape)}, weight ${fmtShape(weight.shape)}`;
  const nd = x.ndim - 2;
  if (nd < 1 || nd > 3 || weight.ndim !== x.ndim) throw new ShapeError(`${op}: x and weight need the same rank, 3 to 5 dims (N, C, …spatial), got ${shapes}`);
  if (!isFloat(x.dtype) || weight.dtype !== x.dtype || (bias && bias.dtype !== x.dtype)) {
    throw new DTypeError(`${op}: x, weight and bias must share one floating-point dtype, got ${[x, weight, ...(bias ? [bias] : [])].map((t) => t.dtype).join(', ')}`);
  }
  if ([a.stride, a.dilation, a.padBefore, a.padAfter].some((l) => l.length !== nd)) throw new ValueError(`${op}: stride, dilation and padding need ${nd} entries each (${shapes})`);
  const [C, O, perGroup] = [x.shape[1], weight.shape[0], weight.shape[1]];
  if (!Number.isInteger(a.groups) || a.groups < 1) throw new ValueError(`${op}: groups must be a positive integer, got ${a.groups}`);
  if (C % a.groups || O % a.groups) throw new ShapeError(`${op}: groups ${a.groups} must divide the input channels (${C}) and the output channels (${O}) (${shapes})`);
  if (C !== perGroup * a.groups) {
    throw new ShapeError(`${op}: x ${fmtShape(x.shape)} has ${C} channels but weight ${fmtShape(weight.shape)} expects ${perGroup * a.groups} (${perGroup} per group × groups ${a.groups})`);
  }
  if (bias && (bias.ndim !== 1 || bias.shape[0] !== O)) throw new ShapeError(`${op}: bias must have shape [${O}] (one per output channel, ${shapes}), got ${fmtShape(bias.shape)}`);
  outSizes(op, x.shape, weight.shape.slice(2), a, false, `, weight ${fmtShape(weight.shape)}`);
  return convOp(bias ? [x, weight, bias] : [x, weight], pick(a));
}
