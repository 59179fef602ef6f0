// Reductions, softmax, the fused softmax cross-entropy and the neural-network primitives (conv,
// transposed conv, pooling, a conv's mode padding) → ONNX. Reduce ops take their axes as an input
// from opset 18 on (ReduceSum from 13), as an attribute before.

import { ValueError } from '../../errors.ts';
import { DataType } from '../../onnx/dtypes.ts';
import { register, type OpExport } from './exporters.ts';
import { tensor } from '../../tensor/creation.ts';
import { padSources, type PadIndexedAttrs } from '../../ops/pad-indexed.ts';

/** A Reduce* node over `dims`; an empty list reduces nothing (ONNX would reduce everything). */
function reduce(x: OpExport, opType: string, dims: readonly number[], keepdim: boolean, input = x.in(0, x.out.dtype)): string {
  if (dims.length === 0) return x.g.node('Identity', [input]);
  const axesAsInput = opType === 'ReduceSum' ? x.g.opset >= 13 : x.g.opset >= 18;
  return axesAsInput
    ? x.g.node(opType, [input, x.g.int64s(dims, 'axes')], { keepdims: keepdim ? 1 : 0 })
    : x.g.node(opType, [input], { axes: dims, keepdims: keepdim ? 1 : 0 });
}

register('sum', (x) => reduce(x, 'ReduceSum', x.attrs.dims, x.attrs.keepdim));
register('prod', (x) => reduce(x, 'ReduceProd', x.attrs.dims, x.attrs.keepdim));
register(['amax', 'amin'], (x) => reduce(x, x.rec.op === 'amax' ? 'ReduceMax' : 'ReduceMin', x.attrs.dims, x.attrs.keepdim));
register(['max', 'min'], (x) => reduce(x, x.rec.op === 'max' ? 'ReduceMax' : 'ReduceMin', [x.attrs.dim], x.attrs.keepdim));

// ArgMax yields int64; the engine's positions are int32. Over every dim (the flat index) the input
// is flattened first, as the flat position in row-major order is what argmax(x) returns.
register(['argmax', 'argmin'], (x) => {
  const { dims, keepdim } = x.attrs as { dims: number[]; keepdim: boolean };
  const opType = x.rec.op === 'argmax' ? 'ArgMax' : 'ArgMin';
  const input = x.rec.inputs[0];
  let y: string;
  if (dims.length === 1) y = x.g.node(opType, [x.in(0)], { axis: dims[0], keepdims: keepdim ? 1 : 0 });
  else {
    y = x.g.node(opType, [x.g.node('Reshape', [x.in(0), x.g.int64s([-1], 'shape')])], { axis: 0, keepdims: 0 });
    if (keepdim) y = x.g.node('Reshape', [y, x.g.int64s(input.shape.map(() => 1), 'shape')]);
  }
  return x.g.node('Cast', [y], { to: DataType.INT32 });
});

register('cumsum', (x) => {
  const { dim, exclusive, reverse } = x.attrs as { dim: number; exclusive: boolean; reverse: boolean };
  return x.g.node('CumSum', [x.in(0, x.out.dtype), x.g.int64Scalar(dim, 'axis')], { exclusive: exclusive ? 1 : 0, reverse: reverse ? 1 : 0 });
});

// Since opset 13 Softmax and LogSoftmax normalize along one axis, as the engine's do.
register(['softmax', 'logSoftmax'], (x) => x.g.node(x.rec.op === 'softmax' ? 'Softmax' : 'LogSoftmax', [x.in(0, x.out.dtype)], { axis: x.attrs.dim as number }));

// standardize has no one ONNX op before opset 17's LayerNormalization (which insists on a scale),
// so it is written out: (x − mean)/√(var + eps) along the last axis.
register('standardize', (x) => {
  const input = x.in(0, x.out.dtype), last = [x.rec.inputs[0].ndim - 1];
  const centered = x.g.node('Sub', [input, reduce(x, 'ReduceMean', last, true, input)]);
  const variance = reduce(x, 'ReduceMean', last, true, x.g.node('Mul', [centered, centered]));
  const eps = x.g.value(tensor(x.attrs.eps as number, { dtype: x.out.dtype }));
  return x.g.node('Div', [centered, x.g.node('Sqrt', [x.g.node('Add', [variance, eps])])]);
});

// The fused loss returns one loss per row, 0 where the target is ignoreIndex: ONNX's
// SoftmaxCrossEntropyLoss without reduction (its int32 targets are allowed as they are).
register('softmaxCrossEntropy', (x) =>
  x.g.node('SoftmaxCrossEntropyLoss', [x.in(0), x.in(1)], { reduction: 'none', ignore_index: x.attrs.ignoreIndex as number }));

// binaryCrossEntropy's elementwise loss, written out as its forward computes it:
// (y − 1)·max(log(1 − p), −100) − y·max(log p, −100).
register('binaryCrossEntropy', (x) => {
  const dtype = x.out.dtype;
  const p = x.in(0, dtype), y = x.in(1, dtype);
  const one = x.g.value(tensor(1, { dtype })), floor = x.g.value(tensor(-100, { dtype }));
  const clampedLog = (t: string): string => x.g.node('Max', [x.g.node('Log', [t]), floor]);
  const keep = x.g.node('Mul', [x.g.node('Sub', [y, one]), clampedLog(x.g.node('Sub', [one, p]))]);
  return x.g.node('Sub', [keep, x.g.node('Mul', [y, clampedLog(p)])]);
});

interface Window {
  stride: number[];
  dilation: number[];
  padBefore: number[];
  padAfter: number[];
}
// ONNX pads list every dim's start, then every dim's end.
const pads = (a: Window) => [...a.padBefore, ...a.padAfter];

register('conv', (x) => {
  const a = x.attrs as Window & { groups: number };
  const w = x.rec.inputs[1];
  const inputs = x.rec.inputs.map((_, i) => x.in(i));
  return x.g.node('Conv', inputs, { kernel_shape: w.shape.slice(2), strides: a.stride, dilations: a.dilation, pads: pads(a), group: a.groups });
});

// The engine's convTranspose attrs are ConvTranspose's own: pads crop the output, output_padding extends its end.
register('convTranspose', (x) => {
  const a = x.attrs as Window & { groups: number; outputPadding: number[] };
  const w = x.rec.inputs[1];
  const inputs = x.rec.inputs.map((_, i) => x.in(i));
  return x.g.node('ConvTranspose', inputs, {
    kernel_shape: w.shape.slice(2), strides: a.stride, dilations: a.dilation, pads: pads(a), output_padding: a.outputPadding, group: a.groups,
  });
});

// Pad lists every dim's begin, then every dim's end; 'wrap' (circular) arrived in opset 19, before
// which the copy is written as it runs here: one Gather of computed source cells per padded dim.
register('padIndexed', (x) => {
  const { mode, pads: p } = x.attrs as PadIndexedAttrs;
  const shape = x.rec.inputs[0].shape, nd = shape.length;
  if (mode === 'circular' && x.g.opset < 19) {
    return padSources(shape, x.attrs).reduce((v, { dim, index }) => x.g.node('Gather', [v, x.g.int64s(index, 'indices')], { axis: dim }), x.in(0));
  }
  const at = (d: number, side: number) => (nd - 1 - d < p.length / 2 ? p[2 * (nd - 1 - d) + side] : 0);
  const pads = [...[...shape.keys()].map((d) => at(d, 0)), ...[...shape.keys()].map((d) => at(d, 1))];
  return x.g.node('Pad', [x.in(0), x.g.int64s(pads, 'pads')], { mode: { reflect: 'reflect', replicate: 'edge', circular: 'wrap' }[mode] });
});

register('maxPool', (x) => {
  const a = x.attrs as Window & { kernel: number[]; ceilMode: boolean };
  const [y] = x.g.nodeOutputs('MaxPool', [x.in(0)], { kernel_shape: a.kernel, strides: a.stride, dilations: a.dilation, pads: pads(a), ceil_mode: a.ceilMode ? 1 : 0 });
  return y;
});

register('avgPool', (x) => {
  const a = x.attrs as Window & { kernel: number[]; ceilMode: boolean; countIncludePad: boolean; divisorOverride: number | null };
  if (a.divisorOverride !== null) throw new ValueError(`exportOnnx: op 'avgPool' with divisorOverride ${a.divisorOverride} has no ONNX AveragePool equivalent`);
  const dilated = a.dilation.some((d) => d !== 1);
  if (dilated && x.g.opset < 19) throw new ValueError(`exportOnnx: op 'avgPool' with dilation ${JSON.stringify(a.dilation)} needs opset 19 or later (got ${x.g.opset})`);
  return x.g.node('AveragePool', [x.in(0)], {
    kernel_shape: a.kernel, strides: a.stride, pads: pads(a), ceil_mode: a.ceilMode ? 1 : 0,
    count_include_pad: a.countIncludePad ? 1 : 0, dilations: dilated ? a.dilation : undefined,
  });
});
