// Small helpers the ONNX adapters share: axis normalization against a rank, and the ONNX
// element-type bookkeeping (which engine dtype an ONNX type lands in).

import type { Tensor } from '../../tensor/tensor.ts';
import type { DType } from '../../tensor/dtype.ts';
import type { NodeContext } from '../registry.ts';
import { engineDType } from '../dtypes.ts';

/** An ONNX axis (negative counts from the end) as 0..rank-1; fails naming the node when out of range. */
export function axisOf(ctx: NodeContext, axis: number, rank: number, what = 'axis'): number {
  if (!Number.isInteger(axis) || axis < -rank || axis >= Math.max(rank, 1)) {
    ctx.fail(`${what} ${axis} is out of range for rank ${rank} (expected ${-rank}..${rank - 1})`);
  }
  return axis < 0 ? axis + rank : axis;
}

/** Several axes, normalized; repeats are an error. */
export function axesOf(ctx: NodeContext, axes: readonly number[], rank: number): number[] {
  const out = axes.map((a) => axisOf(ctx, a, rank, 'axes entry'));
  if (new Set(out).size !== out.length) ctx.fail(`axes [${axes.join(', ')}] repeat an axis`);
  return out;
}

/** The engine dtype of ONNX type `t` (for Cast, ConstantOfShape, Range…). */
export const dtypeOf = (ctx: NodeContext, t: number): DType => engineDType(t, `node '${ctx.name}'`);

/** Product of sizes. */
export const prodOf = (xs: readonly number[]): number => xs.reduce((a, b) => a * b, 1);

/** The node's tensor inputs from `from` on that are present (variadic ops: Sum, Max, Concat…). */
export function presentTensors(ctx: NodeContext, from = 0): Tensor[] {
  const out: Tensor[] = [];
  for (let i = from; i < ctx.inputs.length; i++) {
    const t = ctx.optional(i);
    if (t) out.push(t);
  }
  return out;
}
