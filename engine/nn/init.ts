// nn.init: fill a tensor in place, under noGrad, from the engine's seeded RNG (manualSeed) — the
// constant, uniform and normal fills, and the scaled schemes that keep activations' variance steady
// through depth (Xavier/Glorot, Kaiming/He), plus orthogonal matrices by Gram–Schmidt.

import type { Tensor } from '../tensor/tensor.ts';
import { rand, randn, eye, fromTypedArray } from '../tensor/creation.ts';
import { nextNormal } from '../tensor/random.ts';
import { noGrad } from '../autograd/grad-mode.ts';
import { ShapeError, ValueError, fmtShape } from '../errors.ts';
import '../ops/index.ts';
import { checkOptions } from '../options.ts';

export type Nonlinearity =
  | 'linear' | 'identity' | 'conv1d' | 'conv2d' | 'conv3d' | 'convTranspose1d' | 'convTranspose2d' | 'convTranspose3d'
  | 'sigmoid' | 'tanh' | 'relu' | 'leakyRelu' | 'selu';
export type FanMode = 'fanIn' | 'fanOut';

const fill = (t: Tensor, values: Tensor): Tensor => noGrad(() => t.copy_(values));
// Draws in float64 then casts, so the numbers a seed gives do not depend on t's dtype.
const f64 = { dtype: 'float64' } as const;

export const zeros_ = (t: Tensor): Tensor => noGrad(() => t.zero_());
export const ones_ = (t: Tensor): Tensor => noGrad(() => t.fill_(1));
export const constant_ = (t: Tensor, value: number): Tensor => noGrad(() => t.fill_(value));

/** Uniform on [a, b). */
export function uniform_(t: Tensor, a = 0, b = 1): Tensor {
  if (!(b >= a)) throw new ValueError(`uniform_: the upper bound b (${b}) must not be below a (${a})`);
  return fill(t, rand(t.shape, f64).mul(b - a).add(a));
}

/** Normal with this mean and standard deviation. */
export function normal_(t: Tensor, mean = 0, std = 1): Tensor {
  if (!(std >= 0)) throw new ValueError(`normal_: std must be non-negative, got ${std}`);
  return fill(t, randn(t.shape, f64).mul(std).add(mean));
}

/** Normal(mean, std) restricted to [a, b], by redrawing every value that falls outside. */
export function truncNormal_(t: Tensor, mean = 0, std = 1, a = -2, b = 2): Tensor {
  if (!(b > a) || !(std > 0)) throw new ValueError(`truncNormal_: needs a < b and std > 0, got a=${a}, b=${b}, std=${std}`);
  const values = randn(t.shape, f64);
  const v = values.data;
  for (let i = 0; i < v.length; i++) {
    let x = mean + std * v[i];
    for (let tries = 0; (x < a || x > b) && tries < 1000; tries++) x = mean + std * nextNormal();
    v[i] = Math.min(b, Math.max(a, x)); // the clamp only matters if [a, b] is far out in a tail
  }
  return fill(t, values);
}

/** 2-D identity (ones on the diagonal of a non-square matrix too). */
export function eye_(t: Tensor): Tensor {
  if (t.ndim !== 2) throw new ShapeError(`eye_: needs a 2-D tensor, got shape ${fmtShape(t.shape)}`);
  return fill(t, eye(t.shape[0], t.shape[1], f64));
}

/**
 * The gain that keeps the variance of activations steady through this nonlinearity:
 * 1 for linear/conv/sigmoid, 5/3 for tanh, √2 for relu, √(2/(1 + slope²)) for leakyRelu
 * (param is the slope, 0.01 by default), 3/4 for selu.
 */
export function calculateGain(nonlinearity: Nonlinearity, param?: number): number {
  switch (nonlinearity) {
    case 'linear': case 'identity': case 'sigmoid':
    case 'conv1d': case 'conv2d': case 'conv3d': case 'convTranspose1d': case 'convTranspose2d': case 'convTranspose3d':
      return 1;
    case 'tanh': return 5 / 3;
    case 'relu': return Math.SQRT2;
    case 'selu': return 3 / 4;
    case 'leakyRelu': {
      const slope = param ?? 0.01;
      if (!Number.isFinite(slope)) throw new ValueError(`calculateGain: the leakyRelu slope must be a number, got ${param}`);
      return Math.sqrt(2 / (1 + slope * slope));
    }
    default:
      throw new ValueError(`calculateGain: unknown nonlinearity '${nonlinearity}' (linear, conv1d…3d, convTranspose1d…3d, sigmoid, tanh, relu, leakyRelu, selu)`);
  }
}

/**
 * fanIn = size(1)·receptive field, fanOut = size(0)·receptive field, where the receptive field is
 * the product of the dims after the first two: (out, in) for Linear, (out, in/groups, k…) for Conv.
 */
export function calculateFanInAndFanOut(t: Tensor): { fanIn: number; fanOut: number } {
  if (t.ndim < 2) throw new ShapeError(`calculateFanInAndFanOut: fans need a tensor of at least 2 dims, got shape ${fmtShape(t.shape)}`);
  const receptive = t.shape.slice(2).reduce((a, b) => a * b, 1);
  return { fanIn: t.shape[1] * receptive, fanOut: t.shape[0] * receptive };
}

/** Glorot: U(±gain·√(6/(fanIn + fanOut))), variance gain²·2/(fanIn + fanOut). */
export function xavierUniform_(t: Tensor, gain = 1): Tensor {
  const { fanIn, fanOut } = calculateFanInAndFanOut(t);
  const bound = fanIn + fanOut ? gain * Math.sqrt(6 / (fanIn + fanOut)) : 0;
  return uniform_(t, -bound, bound);
}

/** Glorot: N(0, std = gain·√(2/(fanIn + fanOut))). */
export function xavierNormal_(t: Tensor, gain = 1): Tensor {
  const { fanIn, fanOut } = calculateFanInAndFanOut(t);
  return normal_(t, 0, fanIn + fanOut ? gain * Math.sqrt(2 / (fanIn + fanOut)) : 0);
}

export interface KaimingOptions {
  /** The negative slope of the leaky ReLU that follows (only used with nonlinearity 'leakyRelu'); default 0. */
  a?: number;
  /** fanIn (default) keeps the forward variance, fanOut the backward one. */
  mode?: FanMode;
  /** Default 'leakyRelu' (with a = 0 that is ReLU's gain √2), as PyTorch. */
  nonlinearity?: Nonlinearity;
}

function kaimingStd(op: string, t: Tensor, opts: KaimingOptions): number {
  checkOptions(op, opts, ['a', 'mode', 'nonlinearity']);
  const { a = 0, mode = 'fanIn', nonlinearity = 'leakyRelu' } = opts;
  if (mode !== 'fanIn' && mode !== 'fanOut') throw new ValueError(`${op}: mode must be 'fanIn' or 'fanOut', got '${mode}'`);
  // A zero-element tensor has nothing to fill (and a zero fan); kaiming_* treat it as a no-op, as PyTorch.
  const fan = calculateFanInAndFanOut(t)[mode];
  return fan === 0 ? 0 : calculateGain(nonlinearity, a) / Math.sqrt(fan);
}

/** He: U(±√3·std) with std = gain/√fan. */
export function kaimingUniform_(t: Tensor, opts: KaimingOptions = {}): Tensor {
  const bound = Math.sqrt(3) * kaimingStd('kaimingUniform_', t, opts);
  return uniform_(t, -bound, bound);
}

/** He: N(0, std = gain/√fan). */
export function kaimingNormal_(t: Tensor, opts: KaimingOptions = {}): Tensor {
  return normal_(t, 0, kaimingStd('kaimingNormal_', t, opts));
}

/**
 * Orthogonal rows or columns (Saxe et al.): view t as rows = size(0) by cols = the rest, draw a
 * Gaussian matrix and orthonormalize its longer side's vectors by modified Gram–Schmidt, run twice
 * ("twice is enough") for accuracy in floating point. Positive R diagonal, as PyTorch's sign fix
 * gives, so the result is uniformly distributed (Haar). Then scale by gain.
 */
export function orthogonal_(t: Tensor, gain = 1): Tensor {
  if (t.ndim < 2) throw new ShapeError(`orthogonal_: needs a tensor of at least 2 dims, got shape ${fmtShape(t.shape)}`);
  const rows = t.shape[0], cols = t.numel() / Math.max(rows, 1);
  if (t.numel() === 0) return t;
  // Orthonormalize k vectors of length n: the columns when tall (rows ≥ cols), else the rows.
  const tall = rows >= cols;
  const [k, n] = tall ? [cols, rows] : [rows, cols];
  const v = randn([k, n], f64).data as Float64Array; // vector j is v[j·n … j·n + n)
  for (let j = 0; j < k; j++) {
    const vj = v.subarray(j * n, (j + 1) * n);
    for (let pass = 0; pass < 2; pass++) {
      for (let i = 0; i < j; i++) {
        const vi = v.subarray(i * n, (i + 1) * n);
        let dot = 0;
        for (let e = 0; e < n; e++) dot += vi[e] * vj[e];
        for (let e = 0; e < n; e++) vj[e] -= dot * vi[e];
      }
    }
    let norm = 0;
    for (let e = 0; e < n; e++) norm += vj[e] * vj[e];
    norm = Math.sqrt(norm);
    for (let e = 0; e < n; e++) vj[e] /= norm;
  }
  // Vectors as rows: (k, n). Tall wants them as columns, i.e. (n, k)ᵀ of this.
  const m = fromTypedArray(v, [k, n]);
  const out = tall ? m.mT : m;
  return fill(t, out.mul(gain).reshape(t.shape));
}
