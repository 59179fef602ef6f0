// conv1d/2d/3d and convTranspose1d/2d/3d with PyTorch's options: they resolve stride, padding
// ('valid', 'same' or numbers), dilation and outputPadding per dim, batch an unbatched input, and
// call the general convolution (or its transpose).

import type { Tensor } from '../tensor/tensor.ts';
import { ShapeError, ValueError, fmtShape } from '../errors.ts';
import { checkOptions } from '../options.ts';
import { perDim } from './window.ts';
import { convolution } from './conv.ts';
import { convolutionTranspose } from './conv-transpose.ts';

export interface ConvOptions {
  stride?: number | readonly number[];
  /** Zeros on both sides of each dim; 'valid' is 0; 'same' keeps the size (stride 1 only). */
  padding?: number | readonly number[] | 'valid' | 'same';
  dilation?: number | readonly number[];
  groups?: number;
}

export type ConvFn = (x: Tensor, weight: Tensor, bias?: Tensor | null, opts?: ConvOptions) => Tensor;
const CONV_KEYS = ['stride', 'padding', 'dilation', 'groups'];
const modeHint = 'paddingMode belongs to the Conv modules, as in PyTorch; call pad() first';
const MODE_HINTS = { paddingMode: modeHint, padding_mode: modeHint };

export interface ConvTransposeOptions {
  stride?: number | readonly number[];
  /** Cells cropped from both sides of each output dim (the padding of the conv this transposes). */
  padding?: number | readonly number[];
  /** Cells added at the end of each output dim; each must be below the stride or the dilation. */
  outputPadding?: number | readonly number[];
  dilation?: number | readonly number[];
  groups?: number;
}

export type ConvTransposeFn = (x: Tensor, weight: Tensor, bias?: Tensor | null, opts?: ConvTransposeOptions) => Tensor;
const TRANSPOSE_KEYS = ['stride', 'padding', 'outputPadding', 'dilation', 'groups'];

/** The input and weight ranks a conv (or transposed conv) of nd spatial dims takes; weight says its layout. */
function checkRanks(op: string, nd: number, x: Tensor, weight: Tensor, layout: string): void {
  if (x.ndim !== nd + 1 && x.ndim !== nd + 2) {
    throw new ShapeError(`${op}: expected a ${nd + 1}-D (unbatched) or ${nd + 2}-D (batched) input, got x of shape ${fmtShape(x.shape)}`);
  }
  if (weight.ndim !== nd + 2) {
    throw new ShapeError(`${op}: expected a ${nd + 2}-D weight ${layout}, got weight of shape ${fmtShape(weight.shape)} (x ${fmtShape(x.shape)})`);
  }
}

/** Runs f on x with a batch dim of 1 added when x is unbatched, and removes it again. */
const batched = (x: Tensor, nd: number, f: (x: Tensor) => Tensor): Tensor => (x.ndim === nd + 2 ? f(x) : f(x.unsqueeze(0)).squeeze(0));

function convNd(nd: number): ConvFn {
  const op = `conv${nd}d`;
  return (x, weight, bias, opts = {}) => {
    checkOptions(op, opts, CONV_KEYS, MODE_HINTS);
    const { stride = 1, padding = 0, dilation = 1, groups = 1 } = opts;
    checkRanks(op, nd, x, weight, '(C_out, C_in/groups, …kernel)');
    const s = perDim(op, 'stride', stride, nd, 1);
    const d = perDim(op, 'dilation', dilation, nd, 1);
    let padBefore: number[], padAfter: number[];
    if (padding === 'same') {
      if (s.some((v) => v !== 1)) throw new ValueError(`${op}: padding 'same' needs stride 1, got stride ${fmtShape(s)}`);
      const total = weight.shape.slice(2).map((k, i) => d[i] * (k - 1));
      padBefore = total.map((t) => Math.floor(t / 2));
      padAfter = total.map((t, i) => t - padBefore[i]); // an odd total puts the extra one at the end, as PyTorch
    } else {
      padBefore = padAfter = padding === 'valid' ? new Array<number>(nd).fill(0) : perDim(op, 'padding', padding, nd, 0);
    }
    return batched(x, nd, (xb) => convolution(xb, weight, bias, { stride: s, dilation: d, padBefore, padAfter, groups }, op));
  };
}

function convTransposeNd(nd: number): ConvTransposeFn {
  const op = `convTranspose${nd}d`;
  return (x, weight, bias, opts = {}) => {
    checkOptions(op, opts, TRANSPOSE_KEYS);
    const { stride = 1, padding = 0, outputPadding = 0, dilation = 1, groups = 1 } = opts;
    checkRanks(op, nd, x, weight, '(C_in, C_out/groups, …kernel)');
    if (typeof padding === 'string') throw new ValueError(`${op}: padding must be numbers ('${padding}' is for convolutions only, as in PyTorch)`);
    const s = perDim(op, 'stride', stride, nd, 1);
    const d = perDim(op, 'dilation', dilation, nd, 1);
    const p = perDim(op, 'padding', padding, nd, 0);
    const outPad = perDim(op, 'outputPadding', outputPadding, nd, 0);
    // Output padding only picks among the sizes that a conv with this stride maps to the same L.
    outPad.forEach((v, i) => {
      if (v >= s[i] && v >= d[i]) throw new ValueError(`${op}: outputPadding ${fmtShape(outPad)} must be smaller than the stride ${fmtShape(s)} or the dilation ${fmtShape(d)} in each dim (dim ${i}: ${v})`);
    });
    const attrs = { stride: s, dilation: d, padBefore: p, padAfter: p, outputPadding: outPad, groups };
    return batched(x, nd, (xb) => convolutionTranspose(xb, weight, bias, attrs, op));
  };
}

/** x: (N, C_in, L) or (C_in, L) · weight: (C_out, C_in/groups, k) (+ bias: (C_out)). */
export const conv1d = convNd(1);
/** x: (N, C_in, H, W) or (C_in, H, W) · weight: (C_out, C_in/groups, kH, kW) (+ bias: (C_out)). */
export const conv2d = convNd(2);
/** x: (N, C_in, D, H, W) or (C_in, D, H, W) · weight: (C_out, C_in/groups, kD, kH, kW) (+ bias: (C_out)). */
export const conv3d = convNd(3);

/** x: (N, C_in, L) or (C_in, L) · weight: (C_in, C_out/groups, k) (+ bias: (C_out)) → (N, C_out, L_out). */
export const convTranspose1d = convTransposeNd(1);
/** x: (N, C_in, H, W) or (C_in, H, W) · weight: (C_in, C_out/groups, kH, kW) (+ bias: (C_out)). */
export const convTranspose2d = convTransposeNd(2);
/** x: (N, C_in, D, H, W) or (C_in, D, H, W) · weight: (C_in, C_out/groups, kD, kH, kW) (+ bias: (C_out)). */
export const convTranspose3d = convTransposeNd(3);
