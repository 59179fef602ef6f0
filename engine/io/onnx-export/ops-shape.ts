// Shape, copy and indexing ops → ONNX: views become Reshape/Transpose/Expand/Slice/Squeeze/
// Unsqueeze with their shape lists as INT64 initializers, copies become Identity or Cast, and
// lookups become Gather/GatherElements/ScatterElements.
// Under dynamicBatch no written shape may fix dim 0 (see reshape and expand below).

import { ValueError } from '../../errors.ts';
import { defaultDataType } from '../../onnx/dtypes.ts';
import { register, TO_END } from './exporters.ts';

// Reshape takes its target as an input. With a symbolic batch, dim 0 is written as -1 (the size
// that makes the element count work out), which is right whenever only dim 0 scales with the batch.
register('reshape', (x) => {
  const shape = [...(x.attrs.shape as number[])];
  if (x.dynamicBatch && shape.length > 0 && x.out.numel() > 0) shape[0] = -1;
  return x.g.node('Reshape', [x.in(0), x.g.int64s(shape, 'shape')]);
});

register('permute', (x) => x.g.node('Transpose', [x.in(0)], { perm: x.attrs.dims as number[] }));

// Expand broadcasts its input against the shape given, so a 1 keeps the input's own size: only
// the dims that actually grow are written, and a symbolic batch passes through untouched.
register('expand', (x) => {
  const target = x.attrs.shape as number[];
  const src = x.rec.inputs[0].shape;
  const lead = target.length - src.length;
  const shape = target.map((s, i) => (i >= lead && src[i - lead] === s ? 1 : s));
  return x.g.node('Expand', [x.in(0), x.g.int64s(shape, 'shape')]);
});

register('slice', (x) => {
  const { dim, start, end, step } = x.attrs as { dim: number; start: number; end: number; step: number };
  const size = x.rec.inputs[0].shape[dim];
  const ends = end >= size ? TO_END : end; // "to the end", so a symbolic dim stays whole
  return x.g.node('Slice', [x.in(0), x.g.int64s([start], 'starts'), x.g.int64s([ends], 'ends'), x.g.int64s([dim], 'axes'), x.g.int64s([step], 'steps')]);
});

// Opset 13 moved the axes of Squeeze and Unsqueeze from attributes to inputs.
register('squeeze', (x) => x.g.node('Squeeze', [x.in(0), x.g.int64s(x.attrs.dims as number[], 'axes')]));
register('unsqueeze', (x) => x.g.node('Unsqueeze', [x.in(0), x.g.int64s([x.attrs.dim as number], 'axes')]));

register(['copy', 'cast'], (x) => (x.out.dtype === x.rec.inputs[0].dtype ? x.g.node('Identity', [x.in(0)]) : x.g.node('Cast', [x.in(0)], { to: defaultDataType(x.out.dtype) })));

register('cat', (x) => x.g.node('Concat', x.rec.inputs.map((_, i) => x.in(i, x.out.dtype)), { axis: x.attrs.dim as number }));

register('gather', (x) => x.g.node('GatherElements', [x.in(0), x.in(1)], { axis: x.attrs.dim as number }));
register('indexSelect', (x) => x.g.node('Gather', [x.in(0), x.in(1)], { axis: x.attrs.dim as number }));
// embedding's inputs are [weight, indices]: rows of the table, as Gather on axis 0.
register('embedding', (x) => x.g.node('Gather', [x.in(0), x.in(1)], { axis: 0 }));

register(['scatter', 'scatterAdd'], (x) => {
  if (x.g.opset < 16 && x.rec.op === 'scatterAdd') throw new ValueError(`exportOnnx: op 'scatterAdd' needs ScatterElements' reduction attribute, which needs opset 16 or later (got ${x.g.opset})`);
  const reduction = x.rec.op === 'scatterAdd' ? 'add' : undefined;
  return x.g.node('ScatterElements', [x.in(0), x.in(1), x.in(2, x.out.dtype)], { axis: x.attrs.dim as number, reduction });
});
