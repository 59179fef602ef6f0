// Shape ops: Reshape, Flatten, Transpose, Squeeze/Unsqueeze, Concat, Split, Expand, Tile, Slice.
// Opset matters: Squeeze/Unsqueeze/Split take axes/sizes as inputs from 13 on, Slice from 10 on.

import type { Tensor } from '../../tensor/tensor.ts';
import { broadcastShapes } from '../../tensor/shape.ts';
import { reshape, permute, squeeze, cat, expand, slice } from '../../ops/index.ts';
import { split, tile, flip } from '../../functional/index.ts';
import { defineOnnxOps, type NodeContext } from '../registry.ts';
import { axesOf, axisOf, prodOf, presentTensors } from './util.ts';

/** Reshape: 0 copies the input's size at that position (unless allowzero), −1 is inferred. */
function onnxReshape(ctx: NodeContext): Tensor {
  const x = ctx.tensor(0);
  const target = ctx.opset < 5 ? ctx.attrs.ints('shape') : ctx.ints(1);
  const allowZero = ctx.attrs.flag('allowzero', false);
  if (allowZero && target.includes(0) && target.includes(-1)) ctx.fail(`shape [${target.join(', ')}] mixes 0 and -1 under allowzero`);
  const shape = target.map((s, i) => {
    if (s !== 0 || allowZero) return s;
    if (i >= x.ndim) ctx.fail(`shape [${target.join(', ')}] copies dim ${i} with 0, but the input has rank ${x.ndim}`);
    return x.shape[i];
  });
  return reshape(x, shape);
}

/** Flatten: a 2-D [∏ dims before axis, ∏ dims from axis on]. */
function onnxFlatten(ctx: NodeContext): Tensor {
  const x = ctx.tensor(0);
  let axis = ctx.attrs.int('axis', 1);
  if (axis < -x.ndim || axis > x.ndim) ctx.fail(`axis ${axis} is out of range for rank ${x.ndim}`);
  if (axis < 0) axis += x.ndim;
  return reshape(x, [prodOf(x.shape.slice(0, axis)), prodOf(x.shape.slice(axis))]);
}

/** Axes from the attribute before `since`, from input 1 after. */
const axesArg = (ctx: NodeContext, since: number): number[] | null => (ctx.opset >= since ? ctx.optionalInts(1) : ctx.attrs.optionalInts('axes') ?? null);

function onnxSqueeze(ctx: NodeContext): Tensor {
  const x = ctx.tensor(0);
  const axes = axesArg(ctx, 13);
  if (!axes) return squeeze(x);
  const dims = axesOf(ctx, axes, x.ndim);
  const bad = dims.filter((d) => x.shape[d] !== 1);
  if (bad.length) ctx.fail(`cannot squeeze axes [${bad.join(', ')}] of shape [${x.shape.join(', ')}]: their size is not 1`);
  return squeeze(x, dims);
}

/** Unsqueeze: axes index the output, whose rank is the input's plus the number of axes. */
function onnxUnsqueeze(ctx: NodeContext): Tensor {
  const x = ctx.tensor(0);
  const axes = axesArg(ctx, 13) ?? ctx.fail('needs axes');
  const rank = x.ndim + axes.length;
  const inserted = new Set(axesOf(ctx, axes, rank));
  const rest = [...x.shape];
  return reshape(x, Array.from({ length: rank }, (_, i) => (inserted.has(i) ? 1 : rest.shift()!)));
}

/** Split: explicit sizes (attribute before 13, input after), or equal parts, one per output. */
function onnxSplit(ctx: NodeContext): Tensor[] {
  const x = ctx.tensor(0);
  const axis = axisOf(ctx, ctx.attrs.int('axis', 0), x.ndim);
  const sizes = ctx.opset >= 13 ? ctx.optionalInts(1) : ctx.attrs.optionalInts('split') ?? null;
  if (sizes && sizes.length) return split(x, sizes, axis);
  const parts = ctx.opset >= 18 && ctx.attrs.has('num_outputs') ? ctx.attrs.int('num_outputs', undefined, { min: 1 }) : ctx.outputCount;
  if (parts < 1) ctx.fail('names no outputs to split into');
  const n = x.shape[axis];
  // Opset 18 allows a smaller last part; before that the parts must be equal.
  if (ctx.opset < 18 && n % parts) ctx.fail(`axis ${axis} of size ${n} does not split into ${parts} equal parts`);
  const size = Math.ceil(n / parts);
  return split(x, Array.from({ length: parts }, (_, i) => Math.max(0, Math.min(size, n - i * size))), axis);
}

/** Slice: per-axis start/end/step with ONNX's clamping; a negative step reads a flipped view. */
function onnxSlice(ctx: NodeContext): Tensor {
  let x = ctx.tensor(0);
  const fromInputs = ctx.opset >= 10;
  const starts = fromInputs ? ctx.ints(1) : ctx.attrs.ints('starts');
  const ends = fromInputs ? ctx.ints(2) : ctx.attrs.ints('ends');
  const axes = (fromInputs ? ctx.optionalInts(3) : ctx.attrs.optionalInts('axes')) ?? starts.map((_, i) => i);
  const steps = (fromInputs ? ctx.optionalInts(4) : null) ?? starts.map(() => 1);
  if ([ends, axes, steps].some((l) => l.length !== starts.length)) ctx.fail('starts, ends, axes and steps must have the same length');
  axesOf(ctx, axes, x.ndim).forEach((axis, i) => {
    const [n, step] = [x.shape[axis], steps[i]];
    if (step === 0) ctx.fail(`step for axis ${axis} is 0`);
    const wrap = (v: number) => (v < 0 ? v + n : v);
    const clampTo = (v: number, lo: number, hi: number) => Math.min(Math.max(v, lo), hi);
    if (step > 0) {
      x = slice(x, axis, clampTo(wrap(starts[i]), 0, n), clampTo(wrap(ends[i]), 0, n), step);
    } else {
      // Index i of x is index n−1−i of flip(x); the exclusive end −1 maps to n.
      const s = clampTo(wrap(starts[i]), 0, n - 1);
      const e = clampTo(wrap(ends[i]), -1, n - 1);
      x = slice(flip(x, axis), axis, n - 1 - s, n - 1 - e, -step);
    }
  });
  return x;
}

defineOnnxOps({
  Reshape: onnxReshape,
  Flatten: onnxFlatten,
  Transpose: (ctx) => {
    const x = ctx.tensor(0);
    const perm = ctx.attrs.optionalInts('perm') ?? [...x.shape.keys()].reverse();
    return permute(x, perm);
  },
  Squeeze: onnxSqueeze,
  Unsqueeze: onnxUnsqueeze,
  Concat: (ctx) => {
    const xs = presentTensors(ctx);
    return cat(xs, axisOf(ctx, ctx.attrs.int('axis'), xs[0]?.ndim ?? 0));
  },
  Split: onnxSplit,
  // ONNX Expand broadcasts both ways: the result has the broadcast of x's shape and the given one.
  Expand: (ctx) => {
    const x = ctx.tensor(0);
    return expand(x, broadcastShapes('Expand', x.shape, ctx.ints(1)));
  },
  Tile: (ctx) => tile(ctx.tensor(0), ctx.ints(1)),
  Slice: onnxSlice,
});
