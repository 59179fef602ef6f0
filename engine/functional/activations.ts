// Activation functions composed from primitive ops (PyTorch's torch.nn.functional names and
// defaults). Piecewise ones use where() with a "safe" input in the unused branch, so a branch
// that overflows (exp of a large x) never turns a zero gradient into 0·∞ = NaN.

import { Tensor } from '../tensor/tensor.ts';
import { ShapeError, ValueError, fmtShape } from '../errors.ts';
import { where } from '../ops/index.ts';
import { checkOptions } from '../options.ts';
import { isFloat } from '../tensor/dtype.ts';
import { geluExact } from '../ops/gelu.ts';
import { opsWatched } from '../autograd/op.ts';

/** x for x > 0, negativeSlope·x otherwise (the gradient at 0 is negativeSlope, as PyTorch). */
export const leakyRelu = (x: Tensor, negativeSlope = 0.01): Tensor => where(x.gt(0), x, x.mul(negativeSlope));

/** alpha·(eˣ − 1) for x ≤ 0, x otherwise (NaN takes the x branch, so its gradient is 1, as PyTorch). */
export function elu(x: Tensor, alpha = 1): Tensor {
  const neg = x.le(0);
  return where(neg, where(neg, x, 0).expm1().mul(alpha), x);
}

// The fixed point constants from Klambauer et al. (2017), to the digits PyTorch uses.
const SELU_ALPHA = 1.6732632423543772848170429916717;
const SELU_SCALE = 1.0507009873554804934193349852946;

/** scale·elu(x, alpha) with the self-normalizing constants. */
export const selu = (x: Tensor): Tensor => elu(x, SELU_ALPHA).mul(SELU_SCALE);

/** max(0, x) + min(0, alpha·(e^(x/alpha) − 1)). */
export function celu(x: Tensor, alpha = 1): Tensor {
  if (alpha === 0) throw new ValueError('celu: alpha must not be 0 (it divides x)');
  const neg = x.le(0);
  return where(neg, where(neg, x, 0).div(alpha).expm1().mul(alpha), x);
}

export interface GeluOptions {
  /** 'none': exact x·Φ(x) via erf; 'tanh': the tanh approximation. */
  approximate?: 'none' | 'tanh';
}

/** x·Φ(x), Φ the standard normal CDF; or its tanh approximation. */
export function gelu(x: Tensor, opts: GeluOptions = {}): Tensor {
  checkOptions('gelu', opts, ['approximate']);
  const { approximate = 'none' } = opts;
  // One fused op (a pass each way); the erf composite while ops are watched (tracing for ONNX export).
  if (approximate === 'none') return isFloat(x.dtype) && !opsWatched() ? geluExact(x) : x.mul(x.mul(Math.SQRT1_2).erf().add(1)).mul(0.5);
  if (approximate === 'tanh') {
    const inner = x.add(x.pow(3).mul(0.044715)).mul(Math.sqrt(2 / Math.PI));
    return x.mul(inner.tanh().add(1)).mul(0.5);
  }
  throw new ValueError(`gelu: approximate must be 'none' or 'tanh', got '${approximate}'`);
}

export interface SoftplusOptions {
  beta?: number;
  /** Above threshold (in units of beta·x) the result is x itself. */
  threshold?: number;
}

/** log(1 + e^(beta·x))/beta, and x where beta·x > threshold. */
export function softplus(x: Tensor, opts: SoftplusOptions = {}): Tensor {
  checkOptions('softplus', opts, ['beta', 'threshold']);
  const { beta = 1, threshold = 20 } = opts;
  const z = x.mul(beta);
  // log(1 + eᶻ) = max(z, 0) + log(1 + e^−|z|): never overflows, loses nothing for z ≪ 0.
  const soft = z.maximum(0).add(z.abs().neg().exp().log1p()).div(beta);
  return where(z.gt(threshold), x, soft);
}

/** x / (1 + |x|). */
export const softsign = (x: Tensor): Tensor => x.div(x.abs().add(1));

export interface HardSigmoidOptions {
  /** Slope; PyTorch's 1/6 by default (ONNX HardSigmoid uses 0.2). */
  alpha?: number;
  /** Offset; 0.5 by default. */
  beta?: number;
}

// The segment of y = z clipped to [lo, hi], with gradient only strictly inside (PyTorch's
// hardtanh/hardsigmoid rule — unlike clamp, which also passes it at the boundary).
const clipStrict = (z: Tensor, lo: number, hi: number): Tensor => where(z.le(lo), lo, where(z.ge(hi), hi, z));

/** relu6(x + 3)/6, or clip(alpha·x + beta, 0, 1) when alpha/beta are given (ONNX HardSigmoid). */
export function hardSigmoid(x: Tensor, opts: HardSigmoidOptions = {}): Tensor {
  checkOptions('hardSigmoid', opts, ['alpha', 'beta']);
  const { alpha, beta } = opts;
  // The default goes through (x + 3)/6 so x = ±3 land exactly on the corners, as in PyTorch.
  const z = alpha === undefined && beta === undefined ? x.add(3).div(6) : x.mul(alpha ?? 1 / 6).add(beta ?? 0.5);
  // Unlike hardtanh, PyTorch passes no gradient at NaN here: only strictly inside (0, 1).
  return where(z.gt(0).logicalAnd(z.lt(1)), z, where(z.le(0), 0, where(z.ge(1), 1, NaN)));
}

export interface HardtanhOptions {
  minVal?: number;
  maxVal?: number;
}

/** x clipped to [minVal, maxVal] (default [−1, 1]); gradient 1 strictly inside, 0 elsewhere. */
export function hardtanh(x: Tensor, opts: HardtanhOptions = {}): Tensor {
  checkOptions('hardtanh', opts, ['minVal', 'maxVal']);
  const { minVal = -1, maxVal = 1 } = opts;
  if (maxVal < minVal) throw new ValueError(`hardtanh: maxVal (${maxVal}) must not be less than minVal (${minVal})`);
  return clipStrict(x, minVal, maxVal);
}

/** min(max(x, 0), 6). */
export const relu6 = (x: Tensor): Tensor => clipStrict(x, 0, 6);

/** x·σ(x) (also called swish). */
export const silu = (x: Tensor): Tensor => x.mul(x.sigmoid());

/** x·tanh(softplus(x)). */
export const mish = (x: Tensor): Tensor => x.mul(softplus(x).tanh());

/** log σ(x) = min(x, 0) − log(1 + e^−|x|): exact for large |x| of either sign. */
export const logSigmoid = (x: Tensor): Tensor => x.minimum(0).sub(x.abs().neg().exp().log1p());

/** x·relu6(x + 3)/6, written piecewise so the boundary gradients match PyTorch's. */
export function hardswish(x: Tensor): Tensor {
  const s = where(x.le(3), x, 0); // the middle piece reads 0 at NaN, so NaN's gradient is 1 (x's), as PyTorch
  return where(x.lt(-3), 0, where(x.le(3), s.mul(s.add(3)).div(6), x));
}

/** x for x > 0, weight·x otherwise; weight has 1 or C elements (C = x.shape[1], the channel dim). */
export function prelu(x: Tensor, weight: Tensor): Tensor {
  if (weight.ndim > 1) throw new ShapeError(`prelu: weight must be a scalar or 1-D, got shape ${fmtShape(weight.shape)}`);
  const n = weight.numel();
  let w: Tensor;
  if (n === 1) w = weight.reshape([]);
  else {
    if (x.ndim === 0) throw new ShapeError(`prelu: a 0-dim input takes a single weight, got weight of shape ${fmtShape(weight.shape)}`);
    const channels = x.ndim > 1 ? x.shape[1] : 1;
    if (n !== channels) {
      throw new ShapeError(`prelu: weight of shape ${fmtShape(weight.shape)} has ${n} elements but input of shape ${fmtShape(x.shape)} has ${channels} channels (dim 1)`);
    }
    w = weight.reshape([n, ...Array<number>(x.ndim - 2).fill(1)]);
  }
  return where(x.gt(0), x, x.mul(w));
}

Tensor.prototype.prelu = function (this: Tensor, weight: Tensor) {
  return prelu(this, weight);
};

declare module '../tensor/tensor.ts' {
  interface Tensor {
    prelu(weight: Tensor): Tensor;
  }
}
