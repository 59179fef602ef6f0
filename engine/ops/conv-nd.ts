// conv1d / conv2d / conv3d with PyTorch's options: they resolve stride, padding ('valid', 'same'
// or numbers) and dilation per dim, batch an unbatched input, and call the general convolution.

import type { Tensor } from '../tensor/tensor.ts';
import { ShapeError, ValueError, fmtShape } from '../errors.ts';
import { perDim } from './window.ts';
import { convolution } from './conv.ts';

export interface ConvOptions {
  stride?: number | readonly number[];
  /** Zeros on both sides of each dim; 'valid' is 0; 'same' keeps the size (stride 1 only). */
  padding?: number | readonly number[] | 'valid' | 'same';
  dilation?: number | readonly number[];
  groups?: number;
}

export type ConvFn = (x: Tensor, weight: Tensor, bias?: Tensor | null, opts?: ConvOptions) => Tensor;

function convNd(nd: number): ConvFn {
  const op = `conv${nd}d`;
  return (x, weight, bias, opts = {}) => {
    const { stride = 1, padding = 0, dilation = 1, groups = 1 } = opts;
    if (x.ndim !== nd + 1 && x.ndim !== nd + 2) {
      throw new ShapeError(`${op}: expected a ${nd + 1}-D (unbatched) or ${nd + 2}-D (batched) input, got x of shape ${fmtShape(x.shape)}`);
    }
    if (weight.ndim !== nd + 2) {
      throw new ShapeError(`${op}: expected a ${nd + 2}-D weight (C_out, C_in/groups, …kernel), got weight of shape ${fmtShape(weight.shape)} (x ${fmtShape(x.shape)})`);
    }
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
    const batched = x.ndim === nd + 2;
    const y = convolution(batched ? x : x.unsqueeze(0), weight, bias, { stride: s, dilation: d, padBefore, padAfter, groups }, op);
    return batched ? y : y.squeeze(0);
  };
}

/** x: (N, C_in, L) or (C_in, L) · weight: (C_out, C_in/groups, k) (+ bias: (C_out)). */
export const conv1d = convNd(1);
/** x: (N, C_in, H, W) or (C_in, H, W) · weight: (C_out, C_in/groups, kH, kW) (+ bias: (C_out)). */
export const conv2d = convNd(2);
/** x: (N, C_in, D, H, W) or (C_in, D, H, W) · weight: (C_out, C_in/groups, kD, kH, kW) (+ bias: (C_out)). */
export const conv3d = convNd(3);
