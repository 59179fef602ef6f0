// Ops that make values rather than compute on them: Constant, ConstantOfShape, Range, Shape, Size,
// plus Identity and Cast. Each names its output's ONNX type (Shape and Size are INT64).

import type { Tensor } from '../../tensor/tensor.ts';
import { tensor, full, arange } from '../../tensor/creation.ts';
import { DataType } from '../dtypes.ts';
import { defineOnnxOps, type NodeContext } from '../registry.ts';
import { dtypeOf } from './util.ts';

const int64 = (ctx: NodeContext, values: number[], shape: number[]): Tensor => {
  ctx.outputTypes[0] = DataType.INT64;
  return tensor(values, { dtype: 'int32' }).reshape(shape);
};

/** Constant: exactly one of value (a tensor), value_float(s), value_int(s). */
function constant(ctx: NodeContext): Tensor {
  const a = ctx.attrs;
  if (a.has('value')) {
    ctx.outputTypes[0] = a.tensorDataType('value');
    return a.tensor('value');
  }
  if (a.has('value_float')) return tensor(a.float('value_float'));
  if (a.has('value_floats')) return tensor(a.floats('value_floats'));
  if (a.has('value_int')) return int64(ctx, [a.int('value_int')], []);
  if (a.has('value_ints')) {
    const v = a.ints('value_ints');
    return int64(ctx, v, [v.length]);
  }
  return ctx.fail(`needs one of the attributes value, value_float(s), value_int(s); got [${a.names.join(', ')}] (strings and sparse tensors are not supported)`);
}

/** ConstantOfShape: the attribute's one value (default float32 0) filling the given shape. */
function constantOfShape(ctx: NodeContext): Tensor {
  const shape = ctx.ints(0);
  if (!ctx.attrs.has('value')) return full(shape, 0);
  const v = ctx.attrs.tensor('value');
  if (v.numel() !== 1) ctx.fail(`attribute 'value' must hold one element, got ${v.numel()}`);
  ctx.outputTypes[0] = ctx.attrs.tensorDataType('value');
  return full(shape, v.item(), { dtype: v.dtype });
}

/** Range: start, start+delta, … up to but excluding limit, in start's type. */
function range(ctx: NodeContext): Tensor {
  const start = ctx.tensor(0);
  const [s, limit, delta] = [start.item(), ctx.scalar(1, NaN), ctx.scalar(2, NaN)];
  if (delta === 0) ctx.fail('delta is 0');
  return arange(s, limit, delta, { dtype: start.dtype });
}

/** Shape: the input's dims [start, end), negative indices counting from the end, clamped (opset 15). */
function shapeOf(ctx: NodeContext): Tensor {
  const dims = ctx.tensor(0).shape;
  const r = dims.length;
  const bound = (v: number) => Math.min(Math.max(v < 0 ? v + r : v, 0), r);
  const picked = dims.slice(bound(ctx.attrs.int('start', 0)), bound(ctx.attrs.int('end', r)));
  return int64(ctx, picked, [picked.length]);
}

defineOnnxOps({
  Constant: constant,
  ConstantOfShape: constantOfShape,
  Range: range,
  Shape: shapeOf,
  Size: (ctx) => int64(ctx, [ctx.tensor(0).numel()], []),
  // Identity passes any value through, sequences and optionals included.
  Identity: (ctx) => [ctx.inputs[0] ?? null],
  // CastLike (opset 15): the type of the second input; its ONNX type carries over too.
  CastLike: (ctx) => {
    ctx.outputTypes[0] = ctx.inputTypes[1];
    return ctx.tensor(0).to(ctx.tensor(1).dtype);
  },
  Cast: (ctx) => {
    const to = ctx.attrs.int('to');
    ctx.outputTypes[0] = to;
    return ctx.tensor(0).to(dtypeOf(ctx, to));
  },
});
