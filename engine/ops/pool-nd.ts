// maxPool1d/2d/3d and avgPool1d/2d/3d with PyTorch's options (kernelSize, stride = kernelSize,
// padding, dilation, ceilMode, countIncludePad, divisorOverride, returnIndices), and the general
// maxPool/avgPool on resolved per-dim attrs (asymmetric padding allowed) for importers.

import type { Tensor } from '../tensor/tensor.ts';
import { isFloat } from '../tensor/dtype.ts';
import { ShapeError, DTypeError, ValueError, fmtShape } from '../errors.ts';
import { perDim, outSizes } from './window.ts';
import { maxPoolOp, avgPoolOp, maxPoolIndices, type PoolAttrs, type AvgPoolAttrs } from './pool.ts';
import { checkOptions } from '../options.ts';

export type { PoolAttrs, AvgPoolAttrs };

type PerDim = number | readonly number[];
export interface PoolOptions {
  kernelSize?: PerDim;
  /** Default (undefined, null or []): the kernel size, so windows tile without overlap. */
  stride?: PerDim | null;
  padding?: PerDim;
  /** Round the output size up: a last partial window is kept if it starts inside the input or the left padding. */
  ceilMode?: boolean;
}
export interface MaxPoolOptions extends PoolOptions {
  dilation?: PerDim;
  returnIndices?: boolean;
}
export interface AvgPoolOptions extends PoolOptions {
  /** Count padded cells in each window's divisor (default true). */
  countIncludePad?: boolean;
  divisorOverride?: number | null;
}
export interface MaxPoolResult {
  values: Tensor;
  /** The argmax of each window as a flat index into its input plane (int32), as PyTorch. */
  indices: Tensor;
}

function checkInput(op: string, x: Tensor, a: PoolAttrs): void {
  const nd = x.ndim - 2;
  if (nd < 1 || nd > 3) throw new ShapeError(`${op}: x needs 3 to 5 dims (N, C, …spatial), got shape ${fmtShape(x.shape)}`);
  if (!isFloat(x.dtype)) throw new DTypeError(`${op}: needs a floating-point tensor, got ${x.dtype}`);
  if ([a.kernel, a.stride, a.dilation, a.padBefore, a.padAfter].some((l) => l.length !== nd)) {
    throw new ValueError(`${op}: kernel, stride, dilation and padding need ${nd} entries each for x of shape ${fmtShape(x.shape)}`);
  }
  // Importers pass resolved attrs straight from a file: a kernel of 0 or a negative pad would size the output wrongly.
  const ints = (l: readonly number[], min: number) => l.every((v) => Number.isSafeInteger(v) && v >= min);
  if (!ints(a.kernel, 1) || !ints(a.stride, 1) || !ints(a.dilation, 1) || !ints(a.padBefore, 0) || !ints(a.padAfter, 0)) {
    throw new ValueError(`${op}: kernel ${fmtShape(a.kernel)}, stride ${fmtShape(a.stride)} and dilation ${fmtShape(a.dilation)} must be integers >= 1 and padding ${fmtShape(a.padBefore)}+${fmtShape(a.padAfter)} >= 0`);
  }
  outSizes(op, x.shape, a.kernel, a, a.ceilMode);
}

/** Max pooling of a batched x with resolved attrs: the window maxima and their argmax indices. */
export function maxPool(x: Tensor, a: PoolAttrs, op = 'maxPool'): MaxPoolResult {
  checkInput(op, x, a);
  const values = maxPoolOp([x], a);
  return { values, indices: maxPoolIndices.get(values)! };
}

/** Average pooling of a batched x with resolved attrs. */
export function avgPool(x: Tensor, a: AvgPoolAttrs, op = 'avgPool'): Tensor {
  checkInput(op, x, a);
  if (a.divisorOverride === 0) throw new ValueError(`${op}: divisorOverride must not be zero`);
  return avgPoolOp([x], a);
}

/** PyTorch's options → attrs, with x batched; `kernel` may come positionally or as opts.kernelSize. */
function resolve<O extends MaxPoolOptions & AvgPoolOptions>(op: string, nd: number, x: Tensor, kernelOrOpts: PerDim | O, rest?: O) {
  const opts = (typeof kernelOrOpts === 'object' && !Array.isArray(kernelOrOpts) ? kernelOrOpts : { ...rest, kernelSize: kernelOrOpts }) as O;
  if (x.ndim !== nd + 1 && x.ndim !== nd + 2) {
    throw new ShapeError(`${op}: expected a ${nd + 1}-D (unbatched) or ${nd + 2}-D (batched) input, got x of shape ${fmtShape(x.shape)}`);
  }
  if (opts.kernelSize === undefined) throw new ValueError(`${op}: kernelSize is required`);
  const kernel = perDim(op, 'kernelSize', opts.kernelSize, nd, 1);
  const noStride = opts.stride == null || (Array.isArray(opts.stride) && !opts.stride.length);
  const stride = noStride ? kernel : perDim(op, 'stride', opts.stride!, nd, 1);
  const pad = perDim(op, 'padding', opts.padding ?? 0, nd, 0);
  if (pad.some((p, i) => p > Math.floor(kernel[i] / 2))) {
    throw new ValueError(`${op}: padding ${fmtShape(pad)} must be at most half the kernel size ${fmtShape(kernel)}`);
  }
  const dilation = perDim(op, 'dilation', opts.dilation ?? 1, nd, 1);
  const batched = x.ndim === nd + 2;
  const attrs: PoolAttrs = { kernel, stride, dilation, padBefore: pad, padAfter: pad, ceilMode: opts.ceilMode ?? false };
  return { opts, attrs, xb: batched ? x : x.unsqueeze(0), unbatch: (t: Tensor) => (batched ? t : t.squeeze(0)) };
}

export interface MaxPoolFn {
  (x: Tensor, kernelSize: PerDim, opts: MaxPoolOptions & { returnIndices: true }): MaxPoolResult;
  (x: Tensor, opts: MaxPoolOptions & { kernelSize: PerDim; returnIndices: true }): MaxPoolResult;
  (x: Tensor, kernelSize: PerDim, opts?: MaxPoolOptions): Tensor;
  (x: Tensor, opts: MaxPoolOptions & { kernelSize: PerDim }): Tensor;
}
export type AvgPoolFn = (x: Tensor, kernelSizeOrOpts: PerDim | (AvgPoolOptions & { kernelSize: PerDim }), opts?: AvgPoolOptions) => Tensor;

function maxPoolNd(nd: number): MaxPoolFn {
  const op = `maxPool${nd}d`;
  return ((x: Tensor, k: PerDim | MaxPoolOptions, rest?: MaxPoolOptions) => {
    const { opts, attrs, xb, unbatch } = resolve(op, nd, x, k, rest);
    checkOptions(op, opts, ['kernelSize', 'stride', 'padding', 'dilation', 'ceilMode', 'returnIndices']);
    const { values, indices } = maxPool(xb, attrs, op);
    return opts.returnIndices ? { values: unbatch(values), indices: unbatch(indices) } : unbatch(values);
  }) as MaxPoolFn;
}

function avgPoolNd(nd: number): AvgPoolFn {
  const op = `avgPool${nd}d`;
  return (x, k, rest) => {
    const { opts, attrs, xb, unbatch } = resolve<AvgPoolOptions>(op, nd, x, k, rest);
    if ('dilation' in opts) throw new ValueError(`${op}: average pooling takes no dilation`);
    checkOptions(op, opts, ['kernelSize', 'stride', 'padding', 'ceilMode', 'countIncludePad', 'divisorOverride']);
    const { countIncludePad = true, divisorOverride = null } = opts;
    return unbatch(avgPool(xb, { ...attrs, countIncludePad, divisorOverride }, op));
  };
}

export const maxPool1d = maxPoolNd(1);
export const maxPool2d = maxPoolNd(2);
export const maxPool3d = maxPoolNd(3);
export const avgPool1d = avgPoolNd(1);
export const avgPool2d = avgPoolNd(2);
export const avgPool3d = avgPoolNd(3);
