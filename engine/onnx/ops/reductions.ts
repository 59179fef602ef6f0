// Reductions and the softmax family. Opset matters here: Reduce* axes moved from an attribute to
// an input (ReduceSum at 13, the rest at 18), and Softmax/LogSoftmax/Hardmax before 13 flatten
// the input to 2-D at `axis` instead of working along one axis.

import type { Tensor } from '../../tensor/tensor.ts';
import { sum, mean, amax, amin, prod, argmax, argmin, cumsum, softmax, logSoftmax, topk } from '../../ops/index.ts';
import { logsumexp, hardmax, flip } from '../../functional/index.ts';
import { DataType } from '../dtypes.ts';
import { defineOnnxOps, type NodeContext, type OpAdapter } from '../registry.ts';
import { axesOf, axisOf, prodOf } from './util.ts';

type Reducer = (x: Tensor, dims: number[], keepdim: boolean) => Tensor;

/** Reads axes/keepdims/noop_with_empty_axes and applies `f`; `inputSince` is the opset where axes became an input. */
const reduction = (f: Reducer, inputSince: number): OpAdapter => (ctx) => {
  const x = ctx.tensor(0);
  const keepdim = ctx.attrs.flag('keepdims', true);
  const axes = ctx.opset >= inputSince ? ctx.optionalInts(1) : ctx.attrs.optionalInts('axes') ?? null;
  if (!axes || axes.length === 0) {
    // No axes: reduce everything, unless noop_with_empty_axes asks for the input unchanged.
    if (ctx.attrs.flag('noop_with_empty_axes', false)) return x;
    return f(x, [...x.shape.keys()], keepdim);
  }
  return f(x, axesOf(ctx, axes, x.ndim), keepdim);
};

const square = (x: Tensor): Tensor => x.mul(x);

/** ArgMax/ArgMin: keepdims, and select_last_index (the last of tied extremes) by flipping the axis. */
const argReduce = (f: typeof argmax): OpAdapter => (ctx) => {
  const x = ctx.tensor(0);
  const axis = axisOf(ctx, ctx.attrs.int('axis', 0), x.ndim);
  const keepdim = ctx.attrs.flag('keepdims', true);
  ctx.outputTypes[0] = DataType.INT64;
  if (!ctx.attrs.flag('select_last_index', false)) return f(x, axis, keepdim);
  return f(flip(x, axis), axis, keepdim).neg().add(x.shape[axis] - 1);
};

/** Softmax-like ops: along one axis from opset 13; before that, over the 2-D view [∏ dims < axis, ∏ dims ≥ axis]. */
const softmaxLike = (f: (x: Tensor, dim: number) => Tensor): OpAdapter => (ctx) => {
  const x = ctx.tensor(0);
  if (ctx.opset >= 13) return f(x, axisOf(ctx, ctx.attrs.int('axis', -1), x.ndim));
  const axis = axisOf(ctx, ctx.attrs.int('axis', 1), x.ndim);
  const rows = prodOf(x.shape.slice(0, axis));
  return f(x.reshape([rows, prodOf(x.shape.slice(axis))]), 1).reshape(x.shape);
};

function onnxCumsum(ctx: NodeContext): Tensor {
  const x = ctx.tensor(0);
  const axis = axisOf(ctx, ctx.scalar(1, 0), x.ndim);
  return cumsum(x, axis, { exclusive: ctx.attrs.flag('exclusive', false), reverse: ctx.attrs.flag('reverse', false) });
}

/** TopK: the k largest (or smallest) along axis, sorted; K is an input from opset 10, an attribute before. */
function onnxTopK(ctx: NodeContext): Tensor[] {
  const x = ctx.tensor(0);
  const axis = axisOf(ctx, ctx.attrs.int('axis', -1), x.ndim);
  const k = ctx.opset >= 10 ? ctx.scalar(1, NaN) : ctx.attrs.int('k', undefined, { min: 0 });
  if (!Number.isInteger(k) || k < 0 || k > x.shape[axis]) ctx.fail(`K = ${k} must be a whole number from 0 to the axis size ${x.shape[axis]}`);
  // sorted=0 leaves the order to the runtime; topk always sorts, which is one of the allowed orders.
  ctx.attrs.flag('sorted', true);
  ctx.outputTypes[1] = DataType.INT64;
  const { values, indices } = topk(x, k, axis, ctx.attrs.flag('largest', true));
  return [values, indices];
}

defineOnnxOps({
  ReduceSum: reduction((x, dim, keepdim) => sum(x, { dim, keepdim }), 13),
  ReduceMean: reduction((x, dim, keepdim) => mean(x, { dim, keepdim }), 18),
  ReduceMax: reduction((x, dim, keepdim) => amax(x, { dim, keepdim }), 18),
  ReduceMin: reduction((x, dim, keepdim) => amin(x, { dim, keepdim }), 18),
  ReduceProd: reduction((x, dim, keepdim) => prod(x, { dim, keepdim }), 18),
  ReduceL1: reduction((x, dim, keepdim) => sum(x.abs(), { dim, keepdim }), 18),
  ReduceL2: reduction((x, dim, keepdim) => sum(square(x), { dim, keepdim }).sqrt(), 18),
  ReduceLogSum: reduction((x, dim, keepdim) => sum(x, { dim, keepdim }).log(), 18),
  ReduceLogSumExp: reduction((x, dim, keepdim) => logsumexp(x, dim, keepdim), 18),
  ReduceSumSquare: reduction((x, dim, keepdim) => sum(square(x), { dim, keepdim }), 18),
  ArgMax: argReduce(argmax),
  ArgMin: argReduce(argmin),
  CumSum: onnxCumsum,
  TopK: onnxTopK,
  Softmax: softmaxLike(softmax),
  LogSoftmax: softmaxLike(logSoftmax),
  Hardmax: softmaxLike(hardmax),
});
