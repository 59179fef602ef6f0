// Layers: MatMul, Gemm, Conv, MaxPool/AveragePool (auto_pad, asymmetric pads, ceil_mode),
// GlobalAveragePool/GlobalMaxPool and Pad. Window attributes resolve to the engine's per-dim
// stride/dilation/padBefore/padAfter, which already allow asymmetric padding.

import type { Tensor } from '../../tensor/tensor.ts';
import { tensor } from '../../tensor/creation.ts';
import { matmul, convolution, maxPool, avgPool, mean, amax } from '../../ops/index.ts';
import { pad } from '../../functional/index.ts';
import { defineOnnxOps, type NodeContext } from '../registry.ts';
import { DataType } from '../dtypes.ts';
import { checkAllocation } from '../../tensor/dtype.ts';
import { windowOutSize } from '../../ops/window.ts';

const INT32_MAX = 2 ** 31 - 1;

interface Window {
  kernel: number[];
  stride: number[];
  dilation: number[];
  padBefore: number[];
  padAfter: number[];
}

/**
 * Reads kernel_shape/strides/dilations/pads/auto_pad. SAME_UPPER/SAME_LOWER pad so that
 * out = ⌈in / stride⌉, putting the odd extra cell after (UPPER) or before (LOWER); VALID pads nothing.
 */
function windowOf(ctx: NodeContext, x: Tensor, kernelFallback?: number[]): Window {
  if (x.ndim < 3 || x.ndim > 5) ctx.fail(`input must be (N, C, …spatial) with 1 to 3 spatial dims, got shape [${x.shape}]`);
  const nd = x.ndim - 2;
  const ones = () => new Array<number>(nd).fill(1);
  const a = ctx.attrs;
  // Sizes past int32 would wrap inside the wasm kernels.
  const size = (min: number, length: number) => ({ min, max: INT32_MAX, length });
  const kernel = kernelFallback ? a.ints('kernel_shape', kernelFallback, size(1, nd)) : a.ints('kernel_shape', size(1, nd));
  const stride = a.ints('strides', ones(), size(1, nd));
  const dilation = a.ints('dilations', ones(), size(1, nd));
  const pads = a.ints('pads', new Array<number>(2 * nd).fill(0), size(0, 2 * nd));
  let padBefore = pads.slice(0, nd);
  let padAfter = pads.slice(nd);
  const autoPad = a.string('auto_pad', 'NOTSET', ['NOTSET', 'SAME_UPPER', 'SAME_LOWER', 'VALID']);
  if (autoPad === 'VALID') padBefore = padAfter = new Array<number>(nd).fill(0);
  else if (autoPad === 'SAME_UPPER' || autoPad === 'SAME_LOWER') {
    const total = x.shape.slice(2).map((n, i) => {
      const out = Math.ceil(n / stride[i]);
      return Math.max(0, (out - 1) * stride[i] + (kernel[i] - 1) * dilation[i] + 1 - n);
    });
    const small = total.map((t) => Math.floor(t / 2));
    const large = total.map((t, i) => t - small[i]);
    [padBefore, padAfter] = autoPad === 'SAME_UPPER' ? [small, large] : [large, small];
  }
  return { kernel, stride, dilation, padBefore, padAfter };
}

/** Pooling windows must not start or end in padding alone (onnxruntime's rule too): pads < the window's span. */
function poolWindowOf(ctx: NodeContext, x: Tensor): Window {
  const w = windowOf(ctx, x);
  const span = w.kernel.map((k, i) => (k - 1) * w.dilation[i] + 1);
  if ([...w.padBefore, ...w.padAfter].some((p, i) => p >= span[i % span.length])) {
    ctx.fail(`pads [${[...w.padBefore, ...w.padAfter]}] must each be smaller than the window [${span}] (kernel_shape [${w.kernel}], dilations [${w.dilation}])`);
  }
  return w;
}

/** Gemm: alpha·A'·B' + beta·C, where A' and B' are optionally transposed 2-D matrices. */
function gemm(ctx: NodeContext): Tensor {
  let [a, b] = [ctx.tensor(0), ctx.tensor(1)];
  if (a.ndim !== 2 || b.ndim !== 2) ctx.fail(`A and B must be 2-D, got shapes [${a.shape}] and [${b.shape}]`);
  if (ctx.attrs.flag('transA', false)) a = a.transpose(0, 1);
  if (ctx.attrs.flag('transB', false)) b = b.transpose(0, 1);
  let y = matmul(a, b);
  const alpha = ctx.attrs.float('alpha', 1);
  if (alpha !== 1) y = y.mul(alpha);
  const c = ctx.optional(2);
  if (!c) return y;
  const beta = ctx.attrs.float('beta', 1);
  return y.add(beta === 1 ? c : c.mul(beta));
}

/** Conv: x (N, C, …), w (M, C/group, …k); kernel_shape, when given, must be w's spatial shape. */
function conv(ctx: NodeContext): Tensor {
  const [x, w, b] = [ctx.tensor(0), ctx.tensor(1), ctx.optional(2)];
  if (w.ndim !== x.ndim) ctx.fail(`weight of shape [${w.shape}] must have the rank of the input [${x.shape}]`);
  const { kernel, stride, dilation, padBefore, padAfter } = windowOf(ctx, x, w.shape.slice(2));
  if (kernel.some((k, i) => k !== w.shape[2 + i])) ctx.fail(`kernel_shape [${kernel}] does not match the weight's spatial shape [${w.shape.slice(2)}]`);
  const groups = ctx.attrs.int('group', 1, { min: 1 });
  if (x.shape[1] !== w.shape[1] * groups || w.shape[0] % groups !== 0) {
    ctx.fail(`group ${groups} does not fit: input channels ${x.shape[1]} must be ${groups} × the weight's ${w.shape[1]}, and output channels ${w.shape[0]} a multiple of ${groups}`);
  }
  // The kernels accumulate in a float64 array of the output's size before the output itself is
  // allocated and checked: check it here, or pads of 1e7 compute (and take 1.4 GB) for seconds first.
  const out = [x.shape[0], w.shape[0], ...x.shape.slice(2).map((n, i) => windowOutSize(n, kernel[i], stride[i], dilation[i], padBefore[i], padAfter[i]))];
  checkAllocation('Conv', 'float64', out.reduce((p, d) => p * d, 1), out);
  return convolution(x, w, b, { stride, dilation, padBefore, padAfter, groups });
}

/** The engine pools floats; integer inputs (uint8 MaxPool) go through float32, which holds them exactly. */
function asFloat(x: Tensor): [Tensor, (y: Tensor) => Tensor] {
  return x.dtype === 'int32' ? [x.to('float32'), (y) => y.to('int32')] : [x, (y) => y];
}

/** MaxPool: values, and optionally Indices flattened over the whole input (N, C and space), as ONNX wants. */
function maxPoolAdapter(ctx: NodeContext): Tensor[] {
  const [x, back] = asFloat(ctx.tensor(0));
  const window = poolWindowOf(ctx, x);
  const { values, indices } = maxPool(x, { ...window, ceilMode: ctx.attrs.flag('ceil_mode', false) });
  if (ctx.outputCount < 2) return [back(values)];
  // Index bookkeeping only: the engine's index is row-major within one (n, c) plane; ONNX counts
  // from the start of the tensor, and storage_order 1 numbers a 2-D plane column by column.
  const spatial = x.shape.slice(2);
  const plane = spatial.reduce((p, s) => p * s, 1);
  const colMajor = ctx.attrs.flag('storage_order', false);
  if (colMajor && spatial.length !== 2) ctx.fail('storage_order 1 is supported for 2-D pooling only');
  const perPlane = indices.numel() / Math.max(1, x.shape[0] * x.shape[1]);
  const flat = Array.from(indices.toTypedArray(), (r, k) => {
    const within = colMajor ? (r % spatial[1]) * spatial[0] + Math.floor(r / spatial[1]) : r;
    return Math.floor(k / perPlane) * plane + within;
  });
  ctx.outputTypes[1] = DataType.INT64;
  return [back(values), tensor(flat, { dtype: 'int32' }).reshape(indices.shape)];
}

function averagePool(ctx: NodeContext): Tensor {
  const x = ctx.tensor(0);
  const window = poolWindowOf(ctx, x);
  return avgPool(x, {
    ...window,
    ceilMode: ctx.attrs.flag('ceil_mode', false),
    countIncludePad: ctx.attrs.flag('count_include_pad', false),
    divisorOverride: null,
  });
}

/** Pad: ONNX lists all begins then all ends ([x1_begin, x2_begin, …, x1_end, …]); the engine takes (begin, end) pairs from the last dim back. */
function onnxPad(ctx: NodeContext): Tensor {
  const x = ctx.tensor(0);
  const pads = ctx.opset >= 11 ? ctx.ints(1) : ctx.attrs.ints('pads');
  const value = ctx.opset >= 11 ? ctx.scalar(2, 0) : ctx.attrs.float('value', 0);
  const axes = (ctx.opset >= 18 ? ctx.optionalInts(3) : null)?.map((a) => (a < 0 ? a + x.ndim : a)) ?? [...x.shape.keys()];
  if (pads.length !== 2 * axes.length) ctx.fail(`pads has ${pads.length} entries, expected ${2 * axes.length}`);
  const perDim = new Array<number>(2 * x.ndim).fill(0);
  axes.forEach((d, i) => {
    perDim[2 * (x.ndim - 1 - d)] = pads[i];
    perDim[2 * (x.ndim - 1 - d) + 1] = pads[i + axes.length];
  });
  const mode = ctx.attrs.string('mode', 'constant', ['constant', 'reflect', 'edge', 'wrap']);
  const engineMode = ({ constant: 'constant', reflect: 'reflect', edge: 'replicate', wrap: 'circular' } as const)[mode as 'constant'];
  return pad(x, perDim, engineMode, value);
}

const spatialDims = (x: Tensor): number[] => [...x.shape.keys()].slice(2);

defineOnnxOps({
  MatMul: (ctx) => matmul(ctx.tensor(0), ctx.tensor(1)),
  Gemm: gemm,
  Conv: conv,
  MaxPool: maxPoolAdapter,
  AveragePool: averagePool,
  GlobalAveragePool: (ctx) => mean(ctx.tensor(0), { dim: spatialDims(ctx.tensor(0)), keepdim: true }),
  GlobalMaxPool: (ctx) => amax(ctx.tensor(0), { dim: spatialDims(ctx.tensor(0)), keepdim: true }),
  Pad: onnxPad,
});
