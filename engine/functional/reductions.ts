// Reductions composed from primitives: logsumexp, var, std, norm. Their gradients come from the ops
// they are built of; where that chain would give 0·∞ (a norm at 0), a masked branch keeps it finite.

import { Tensor } from '../tensor/tensor.ts';
import { isFloat } from '../tensor/dtype.ts';
import { numel } from '../tensor/shape.ts';
import { DTypeError, ValueError } from '../errors.ts';
import { where, amax, amin, reduceArgs } from '../ops/index.ts';

export interface VarOptions { dim?: number | readonly number[]; keepdim?: boolean; correction?: number }

const needFloat = (op: string, x: Tensor): void => {
  if (!isFloat(x.dtype)) throw new DTypeError(`${op}: needs a floating-point tensor, got ${x.dtype} (use x.float().${op}(…))`);
};

/** log Σ exp(x) over dim(s), stable: the (detached) max is taken out before exp and added back after. */
export function logsumexp(x: Tensor, dim: number | readonly number[], keepdim = false): Tensor {
  const xf = isFloat(x.dtype) ? x : x.float();
  const { dims } = reduceArgs('logsumexp', dim, x.ndim);
  // An empty set sums to 0, whose log is −∞ (no max to take out); an infinite max would make ∞ − ∞.
  const m = numel(dims.map((d) => x.shape[d])) === 0 ? xf.sum({ dim: dims, keepdim: true }).detach() : amax(xf, { dim: dims, keepdim: true }).detach();
  const shift = where(m.abs().eq(Infinity), 0, m);
  const out = xf.sub(shift).exp().sum({ dim: dims, keepdim: true }).log().add(shift);
  return keepdim ? out : out.squeeze(dims);
}

function varianceAs(op: string, x: Tensor, opts: VarOptions): Tensor {
  needFloat(op, x);
  const { dim, keepdim = false, correction = 1 } = opts;
  const { dims } = reduceArgs(op, { dim }, x.ndim);
  const n = numel(dims.map((d) => x.shape[d]));
  const d = x.sub(x.mean({ dim: dims, keepdim: true }));
  return d.mul(d).sum({ dim: dims, keepdim }).div(Math.max(0, n - correction));
}

/** Variance over dims: Σ(x − mean)² / (N − correction); correction 1 (default) is Bessel's unbiased estimate. */
export const variance = (x: Tensor, opts: VarOptions = {}): Tensor => varianceAs('var', x, opts);
/** Standard deviation: √var, same options. */
export const std = (x: Tensor, opts: VarOptions = {}): Tensor => varianceAs('std', x, opts).sqrt();

// s^(1/p) with gradient 0 (PyTorch's subgradient) instead of NaN where s = 0.
function safeRoot(s: Tensor, p: number): Tensor {
  const zero = s.eq(0);
  const safe = where(zero, 1, s);
  return where(zero, 0, p === 2 ? safe.sqrt() : safe.pow(1 / p));
}

/** The p-norm over dims (all by default): p = 2 / 'fro', 1, Infinity (max |x|), -Infinity (min |x|), 0 (count of non-zeros), any other p. */
export function norm(x: Tensor, p: number | 'fro' = 2, dim?: number | readonly number[], keepdim = false): Tensor {
  needFloat('norm', x);
  const opts = { dim: reduceArgs('norm', { dim }, x.ndim).dims, keepdim };
  const a = x.abs();
  if (p === 'fro' || p === 2) return safeRoot(x.mul(x).sum(opts), 2);
  if (typeof p !== 'number' || Number.isNaN(p)) throw new ValueError(`norm: p must be a number or 'fro', got ${String(p)}`);
  if (p === Infinity) return amax(a, opts);
  if (p === -Infinity) return amin(a, opts);
  if (p === 0) return a.ne(0).to(x.dtype).sum(opts);
  if (p === 1) return a.sum(opts);
  return safeRoot(a.pow(p).sum(opts), p);
}

export { variance as var };

Tensor.prototype.logsumexp = function (this: Tensor, dim: number | readonly number[], keepdim?: boolean) {
  return logsumexp(this, dim, keepdim);
};
Tensor.prototype.var = function (this: Tensor, opts?: VarOptions) {
  return variance(this, opts);
};
Tensor.prototype.std = function (this: Tensor, opts?: VarOptions) {
  return std(this, opts);
};
Tensor.prototype.norm = function (this: Tensor, p?: number | 'fro', dim?: number | readonly number[], keepdim?: boolean) {
  return norm(this, p, dim, keepdim);
};

declare module '../tensor/tensor.ts' {
  interface Tensor {
    logsumexp(dim: number | readonly number[], keepdim?: boolean): Tensor;
    var(opts?: VarOptions): Tensor;
    std(opts?: VarOptions): Tensor;
    norm(p?: number | 'fro', dim?: number | readonly number[], keepdim?: boolean): Tensor;
  }
}
