// Indexing ops: Gather, GatherElements, GatherND, ScatterElements, OneHot, Trilu, Einsum. ONNX indices may be
// negative (counting from the end of their axis); they are wrapped here before the engine sees them.

import type { Tensor } from '../../tensor/tensor.ts';
import { arange, tensor } from '../../tensor/creation.ts';
import { checkAllocation } from '../../tensor/dtype.ts';
import { indexSelect, gather, scatter, scatterAdd, where } from '../../ops/index.ts';
import { tril, triu, einsum } from '../../functional/index.ts';
import { defineOnnxOps, type NodeContext } from '../registry.ts';
import { axisOf, prodOf } from './util.ts';

/** Indices with negative entries moved up by `n`, the size of the axis they index. */
const wrapNegative = (idx: Tensor, n: number | Tensor): Tensor => where(idx.lt(0), idx.add(n), idx);

/** Gather: data[…, indices[…], …] along axis; the indices' shape replaces that axis. */
function onnxGather(ctx: NodeContext): Tensor {
  const [x, idx] = [ctx.tensor(0), ctx.tensor(1)];
  if (x.ndim === 0) ctx.fail('data must have at least one dim, got a 0-d tensor');
  const axis = axisOf(ctx, ctx.attrs.int('axis', 0), x.ndim);
  const picked = indexSelect(x, axis, wrapNegative(idx, x.shape[axis]).reshape([-1]));
  return picked.reshape([...x.shape.slice(0, axis), ...idx.shape, ...x.shape.slice(axis + 1)]);
}

/**
 * GatherND: the last dim of `indices` (k entries) addresses a slice of data after `batch_dims`
 * leading dims shared by both. Each k-tuple becomes one row number of data viewed as
 * [batch · ∏ addressed dims, …rest], and an indexSelect reads the rows.
 */
function onnxGatherND(ctx: NodeContext): Tensor {
  const [x, idx] = [ctx.tensor(0), ctx.tensor(1)];
  const b = ctx.attrs.int('batch_dims', 0, { min: 0 });
  if (idx.ndim < 1 || b >= idx.ndim) ctx.fail(`indices of shape [${idx.shape}] need more dims than batch_dims ${b}`);
  const k = idx.shape[idx.ndim - 1];
  if (b + k > x.ndim) ctx.fail(`indices of shape [${idx.shape}] address more dims than data of shape [${x.shape}] has after ${b} batch dims`);
  const addressed = x.shape.slice(b, b + k);
  const rest = x.shape.slice(b + k);
  const B = prodOf(x.shape.slice(0, b));
  const strides = addressed.map((_, j) => prodOf(addressed.slice(j + 1)));
  const tuples = wrapNegative(idx, tensor(addressed, { dtype: 'int32' })).reshape([B, -1, k]);
  const within = tuples.mul(tensor(strides, { dtype: 'int32' })).sum(-1);
  const rows = within.add(arange(B).mul(prodOf(addressed)).reshape([B, 1])).reshape([-1]);
  const picked = indexSelect(x.reshape([B * prodOf(addressed), ...rest]), 0, rows);
  return picked.reshape([...idx.shape.slice(0, -1), ...rest]);
}

/** OneHot: `values` = [off, on]; the new axis of size depth goes at `axis` (−1: last). */
function onnxOneHot(ctx: NodeContext): Tensor {
  const idx = ctx.tensor(0);
  const depth = Math.trunc(ctx.scalar(1, NaN));
  if (!(depth >= 1)) ctx.fail(`depth must be at least 1, got ${ctx.scalar(1, NaN)}`);
  const values = ctx.tensor(2);
  if (values.numel() !== 2) ctx.fail(`values must hold [off, on], got ${values.numel()} elements`);
  const axis = axisOf(ctx, ctx.attrs.int('axis', -1), idx.ndim + 1);
  // Checked before the comparisons that build it: a depth of 1e7 would otherwise compute for seconds first.
  const outShape = [...idx.shape.slice(0, axis), depth, ...idx.shape.slice(axis)];
  checkAllocation('OneHot', values.dtype, prodOf(outShape), outShape);
  const classes = arange(depth).reshape(Array.from({ length: idx.ndim + 1 }, (_, i) => (i === axis ? depth : 1)));
  const wrapped = wrapNegative(idx.to('int32'), depth).unsqueeze(axis);
  const [off, on] = [values.select(0, 0), values.select(0, 1)];
  return where(classes.eq(wrapped), on, off);
}

/** ScatterElements (and opset 9's Scatter): updates written at the indices along axis; reduction none or add. */
function onnxScatterElements(ctx: NodeContext): Tensor {
  const [x, idx, updates] = [ctx.tensor(0), ctx.tensor(1), ctx.tensor(2)];
  const axis = axisOf(ctx, ctx.attrs.int('axis', 0), x.ndim);
  const wrapped = wrapNegative(idx, x.shape[axis]);
  const reduction = ctx.attrs.string('reduction', 'none', ['none', 'add']);
  return reduction === 'none' ? scatter(x, axis, wrapped, updates) : scatterAdd(x, axis, wrapped, updates);
}

defineOnnxOps({
  Gather: onnxGather,
  ScatterElements: onnxScatterElements,
  Scatter: onnxScatterElements,
  GatherElements: (ctx) => {
    const [x, idx] = [ctx.tensor(0), ctx.tensor(1)];
    const axis = axisOf(ctx, ctx.attrs.int('axis', 0), x.ndim);
    return gather(x, axis, wrapNegative(idx, x.shape[axis]));
  },
  GatherND: onnxGatherND,
  OneHot: onnxOneHot,
  Trilu: (ctx) => {
    const k = ctx.scalar(1, 0);
    return ctx.attrs.flag('upper', true) ? triu(ctx.tensor(0), k) : tril(ctx.tensor(0), k);
  },
  Einsum: (ctx) => einsum(ctx.attrs.string('equation'), ...ctx.inputs.map((_, i) => ctx.tensor(i))),
});
