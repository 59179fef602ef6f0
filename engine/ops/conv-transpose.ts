// Transposed convolution (ONNX ConvTranspose, PyTorch's conv_transpose*d): every input cell adds
// its value, weighted by the kernel, onto a window of the output. That is exactly the gradient of a
// convolution with respect to its input, so the forward runs that kernel and the backward is conv ops.

import type { Tensor } from '../tensor/tensor.ts';
import { defineOp } from '../autograd/op.ts';
import { backend } from '../backend/index.ts';
import { isFloat } from '../tensor/dtype.ts';
import { contiguousStrides } from '../tensor/shape.ts';
import { ShapeError, DTypeError, ValueError, fmtShape } from '../errors.ts';
import { wrap } from './util.ts';
import { geometry, lift, liftShape } from './window.ts';
import { convOp, convWeightGradOp, type ConvAttrs } from './conv.ts';

/** Padding is cropped from the output (before/after each dim); outputPadding adds cells at the end. */
export interface ConvTransposeAttrs extends ConvAttrs {
  outputPadding: number[];
}

/** Output length along one dim: (L − 1)·s − padBefore − padAfter + d·(k − 1) + outputPadding + 1. */
export function transposedSizes(xShape: readonly number[], kernel: readonly number[], a: ConvTransposeAttrs): number[] {
  return xShape.slice(2).map((L, i) => (L - 1) * a.stride[i] - a.padBefore[i] - a.padAfter[i] + a.dilation[i] * (kernel[i] - 1) + a.outputPadding[i] + 1);
}

// The convolution this op transposes maps y's shape back onto x's. Its padding at the end is short
// by outputPadding, so the size rule ⌊(n + pads − d(k−1) − 1)/s⌋ + 1 gives back exactly L.
const asConv = ({ stride, dilation, padBefore, padAfter, outputPadding, groups }: ConvTransposeAttrs): ConvAttrs =>
  ({ stride, dilation, padBefore, padAfter: padAfter.map((p, i) => p - outputPadding[i]), groups });

// Letters: x: (N, C_in, …in) · w: (C_in, C_out/groups, …k) (+ b: (C_out)) → y: (N, C_out, …out).
// Input j adds x[j]·w[k] to output j·s − p + k·d, for every tap k.
const convTransposeOp = defineOp<ConvTransposeAttrs>({
  name: 'convTranspose',
  onnx: 'ConvTranspose',
  forward: ([x, w, b], a) => {
    const shape = [x.shape[0], w.shape[1] * a.groups, ...transposedSizes(x.shape, w.shape.slice(2), a)];
    const geo = geometry(asConv(a), w.shape.slice(2), x.shape.slice(2));
    const y = backend().convInputGrad(lift(x), lift(w), liftShape(shape), geo, a.groups, x.dtype);
    if (!b) return wrap(y, shape);
    const perChannel = shape.map((_, d) => (d === 1 ? b.strides[0] : 0)); // b read as (1, C_out, 1, …)
    const yView = { data: y, offset: 0, shape, strides: contiguousStrides(shape) };
    return wrap(backend().binary('add', yView, { data: b.data, offset: b.offset, shape, strides: perChannel }, shape, x.dtype), shape);
  },
  backward: (dy, { inputs: [x, w], attrs: a }) => [
    () => convOp([dy, w], asConv(a)), // dx[c, j] = Σ_{o,k} w[c, o, k]·dy[o, j·s − p + k·d]: a plain convolution of dy
    () => convWeightGradOp([x, dy], { ...asConv(a), wShape: w.shape }), // dw[c, o, k] = Σ_{n,j} x[n, c, j]·dy[n, o, j·s − p + k·d]
    () => dy.sum([...dy.shape.keys()].filter((d) => d !== 1)), // db[o] = Σ_{n,j} dy[n, o, j]
  ],
  cases: [
    { shapes: [[2, 3, 3, 3], [3, 2, 3, 3], [2]], attrs: { stride: [1, 1], dilation: [1, 1], padBefore: [0, 0], padAfter: [0, 0], outputPadding: [0, 0], groups: 1 } },
    { shapes: [[1, 4, 3, 2], [4, 1, 3, 2], [2]], attrs: { stride: [2, 3], dilation: [1, 2], padBefore: [1, 0], padAfter: [1, 0], outputPadding: [1, 2], groups: 2 } },
    { shapes: [[2, 2, 4], [2, 3, 3], [3]], attrs: { stride: [2], dilation: [2], padBefore: [2], padAfter: [2], outputPadding: [1], groups: 1 } },
    { shapes: [[1, 2, 3], [2, 2, 2]], attrs: { stride: [1], dilation: [3], padBefore: [0], padAfter: [0], outputPadding: [2], groups: 1 } },
    { shapes: [[1, 2, 2, 3, 2], [2, 1, 2, 2, 2]], attrs: { stride: [2, 1, 2], dilation: [1, 1, 1], padBefore: [0, 1, 0], padAfter: [1, 0, 0], outputPadding: [0, 0, 1], groups: 1 } },
  ],
});

/**
 * The general transposed convolution on a batched x with resolved per-dim attrs (asymmetric padding
 * allowed, as ONNX needs). convTranspose1d/2d/3d parse PyTorch's options and come here.
 */
export function convolutionTranspose(x: Tensor, weight: Tensor, bias: Tensor | null | undefined, a: ConvTransposeAttrs, op = 'convolutionTranspose'): Tensor {
  const shapes = `x ${fmtShape(x.shape)}, weight ${fmtShape(weight.shape)}`;
  const nd = x.ndim - 2;
  if (nd < 1 || nd > 3 || weight.ndim !== x.ndim) throw new ShapeError(`${op}: x and weight need the same rank, 3 to 5 dims (N, C, …spatial), got ${shapes}`);
  if (!isFloat(x.dtype) || weight.dtype !== x.dtype || (bias && bias.dtype !== x.dtype)) {
    throw new DTypeError(`${op}: x, weight and bias must share one floating-point dtype, got ${[x, weight, ...(bias ? [bias] : [])].map((t) => t.dtype).join(', ')}`);
  }
  if ([a.stride, a.dilation, a.padBefore, a.padAfter, a.outputPadding].some((l) => l.length !== nd)) {
    throw new ValueError(`${op}: stride, dilation, padding and outputPadding need ${nd} entries each (${shapes})`);
  }
  if (!Number.isInteger(a.groups) || a.groups < 1) throw new ValueError(`${op}: groups must be a positive integer, got ${a.groups}`);
  const C = x.shape[1], O = weight.shape[1] * a.groups;
  if (weight.shape[0] !== C) throw new ShapeError(`${op}: weight ${fmtShape(weight.shape)} is (C_in, C_out/groups, …kernel) and needs C_in = ${C}, the channels of x ${fmtShape(x.shape)}`);
  if (C % a.groups) throw new ShapeError(`${op}: groups ${a.groups} must divide the input channels (${C}) (${shapes})`);
  if (bias && (bias.ndim !== 1 || bias.shape[0] !== O)) throw new ShapeError(`${op}: bias must have shape [${O}] (one per output channel, ${shapes}), got ${fmtShape(bias.shape)}`);
  const out = transposedSizes(x.shape, weight.shape.slice(2), a);
  if (out.some((n) => n < 1)) {
    throw new ShapeError(`${op}: the output ${fmtShape(out)} is empty (${shapes}, stride ${fmtShape(a.stride)}, padding ${fmtShape(a.padBefore)}+${fmtShape(a.padAfter)}, outputPadding ${fmtShape(a.outputPadding)})`);
  }
  const { stride, dilation, padBefore, padAfter, outputPadding, groups } = a;
  return convTransposeOp(bias ? [x, weight, bias] : [x, weight], { stride, dilation, padBefore, padAfter, outputPadding, groups });
}
