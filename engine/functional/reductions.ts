// Reductions composed from primitives: logsumexp, var, std, norm. Their gradients come from the ops
// they are built of; where that chain would give 0·∞ (a norm at 0), a masked branch keeps it finite.

import { Tensor } from '../tensor/tensor.ts';
import { isFloat } from '../tensor/dtype.ts';
import { numel } from '../tensor/shape.ts';
import { DTypeError, ValueError } from '../errors.ts';
import { where, amax, amin } from '../ops/index.ts';
import { bindArgs, dimsOf, readFlag, parseReduce, type Dims, type ReduceArgs } from '../ops/reduce-args.ts';

/** var/std's keyword arguments; `unbiased: false` is `correction: 0` (PyTorch 1.13 takes either, not both). */
export interface VarOptions { dim?: Dims | null; keepdim?: boolean; correction?: number; unbiased?: boolean }
/**
 * What may follow x in var/std, as PyTorch 1.13: nothing, unbiased alone (over every element),
 * dim [, unbiased [, keepdim]], any of those then an options object, or {dim, unbiased, correction, keepdim}.
 */
export type VarArgs =
  | [opts?: VarOptions]
  | [unbiased: boolean]
  | [dim: Dims | null | undefined, unbiased?: boolean, keepdim?: boolean]
  | [dim: Dims | null | undefined, opts: Omit<VarOptions, 'dim'>]
  | [dim: Dims | null | undefined, unbiased: boolean | undefined, opts: Omit<VarOptions, 'dim' | 'unbiased'>];
export interface NormOptions { p?: number | 'fro'; dim?: Dims | null; keepdim?: boolean }
/** What may follow x in norm: p [, dim [, keepdim]], any of those then an options object, or {p, dim, keepdim}. */
export type NormArgs =
  | [opts?: NormOptions]
  | [p: number | 'fro' | undefined | null, dim?: Dims | null, keepdim?: boolean]
  | [p: number | 'fro' | undefined | null, opts: Omit<NormOptions, 'p'>]
  | [p: number | 'fro' | undefined | null, dim: Dims | null | undefined, opts: { keepdim?: boolean }];

const needFloat = (op: string, x: Tensor): void => {
  if (!isFloat(x.dtype)) throw new DTypeError(`${op}: needs a floating-point tensor, got ${x.dtype} (use x.float().${op}(…))`);
};

/** log Σ exp(x) over dim(s), stable: the (detached) max is taken out before exp and added back after. */
export function logsumexp(x: Tensor, ...args: ReduceArgs): Tensor {
  const xf = isFloat(x.dtype) ? x : x.float();
  const { dims, keepdim } = parseReduce('logsumexp', args, x.ndim);
  // An empty set sums to 0, whose log is −∞ (no max to take out); an infinite max would make ∞ − ∞.
  const m = numel(dims.map((d) => x.shape[d])) === 0 ? xf.sum({ dim: dims, keepdim: true }).detach() : amax(xf, { dim: dims, keepdim: true }).detach();
  const shift = where(m.abs().eq(Infinity), 0, m);
  const out = xf.sub(shift).exp().sum({ dim: dims, keepdim: true }).log().add(shift);
  return keepdim ? out : out.squeeze(dims);
}

function varianceAs(op: string, x: Tensor, args: readonly unknown[]): Tensor {
  needFloat(op, x);
  // var(x, true) reads its only positional as unbiased; otherwise the first is dim (as PyTorch's overloads).
  const names = typeof args[0] === 'boolean' ? ['unbiased'] : ['dim', 'unbiased', 'keepdim'];
  const a = bindArgs(op, args, names, names.length === 1 ? [] : ['correction']);
  if (a.unbiased !== undefined && a.correction !== undefined) throw new ValueError(`${op}: give unbiased or correction, not both (unbiased: false is correction: 0)`);
  const correction = a.correction !== undefined ? a.correction : readFlag(op, 'unbiased', a.unbiased, true) ? 1 : 0;
  if (typeof correction !== 'number' || !(correction >= 0)) throw new ValueError(`${op}: correction must be a number ≥ 0, got ${String(correction)}`);
  const keepdim = readFlag(op, 'keepdim', a.keepdim, false);
  const dims = dimsOf(op, a.dim, x.ndim);
  const n = numel(dims.map((d) => x.shape[d]));
  const d = x.sub(x.mean({ dim: dims, keepdim: true }));
  return d.mul(d).sum({ dim: dims, keepdim }).div(Math.max(0, n - correction));
}

/** Variance over dims: Σ(x − mean)² / (N − correction); correction 1 (default, unbiased) is Bessel's estimate. var(x, 1, false, true) as PyTorch. */
export const variance = (x: Tensor, ...args: VarArgs): Tensor => varianceAs('var', x, args);
/** Standard deviation: √var, same arguments; where var is 0 (a constant row) the gradient is 0, not ∞·0 = NaN, as PyTorch. */
export const std = (x: Tensor, ...args: VarArgs): Tensor => safeRoot(varianceAs('std', x, args), 2);

// s^(1/p) with gradient 0 (PyTorch's subgradient) instead of NaN where s = 0.
function safeRoot(s: Tensor, p: number): Tensor {
  const zero = s.eq(0);
  const safe = where(zero, 1, s);
  return where(zero, 0, p === 2 ? safe.sqrt() : safe.pow(1 / p));
}

/** The p-norm over dims (all by default): p = 2 / 'fro', 1, Infinity (max |x|), -Infinity (min |x|), 0 (count of non-zeros), any other p. */
export function norm(x: Tensor, ...args: NormArgs): Tensor {
  needFloat('norm', x);
  const b = bindArgs('norm', args, ['p', 'dim', 'keepdim']);
  const p = (b.p ?? 2) as number | 'fro';
  const opts = { dim: dimsOf('norm', b.dim, x.ndim), keepdim: readFlag('norm', 'keepdim', b.keepdim, false) };
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

Tensor.prototype.logsumexp = function (this: Tensor, ...args: ReduceArgs) {
  return logsumexp(this, ...args);
};
Tensor.prototype.var = function (this: Tensor, ...args: VarArgs) {
  return variance(this, ...args);
};
Tensor.prototype.std = function (this: Tensor, ...args: VarArgs) {
  return std(this, ...args);
};
Tensor.prototype.norm = function (this: Tensor, ...args: NormArgs) {
  return norm(this, ...args);
};

declare module '../tensor/tensor.ts' {
  interface Tensor {
    logsumexp(...args: ReduceArgs): Tensor;
    /** x.var(), x.var(false), x.var(1), x.var(1, false, true), x.var(1, {correction: 0}), x.var({dim, unbiased, correction, keepdim}). */
    var(...args: VarArgs): Tensor;
    std(...args: VarArgs): Tensor;
    norm(...args: NormArgs): Tensor;
  }
}
