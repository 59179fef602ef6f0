// quantile: the q-th quantile along a dim (or of all elements), read off the sorted values at rank
// q·(n−1) and interpolated between the two order statistics around it, as PyTorch does. Composed of
// sort, gather and arithmetic, so the gradient reaches those two elements with the linear weights.

import { Tensor } from '../tensor/tensor.ts';
import { tensor } from '../tensor/creation.ts';
import { isFloat } from '../tensor/dtype.ts';
import { normalizeDim } from '../tensor/shape.ts';
import { checkOptions } from '../options.ts';
import { DTypeError, ShapeError, ValueError, fmtShape } from '../errors.ts';
import { where, gather, sort, reducedShape } from '../ops/index.ts';

export type QuantileInterpolation = 'linear' | 'lower' | 'higher' | 'midpoint' | 'nearest';
export interface QuantileOptions { dim?: number | null; keepdim?: boolean; interpolation?: QuantileInterpolation }
const MODES: readonly string[] = ['linear', 'lower', 'higher', 'midpoint', 'nearest'];

/** q as a list of probabilities, and whether it was a scalar (then the output has no q dim). */
function readQ(q: number | readonly number[] | Tensor): { qs: number[]; scalar: boolean } {
  if (typeof q === 'number') return { qs: [q], scalar: true };
  const list = q instanceof Tensor ? q : tensor(q as number[]);
  if (list.ndim > 1) throw new ShapeError(`quantile: q must be a number or a 1-D list of them, got shape ${fmtShape(list.shape)}`);
  return { qs: Array.from(list.toTypedArray(), Number), scalar: list.ndim === 0 };
}

/**
 * quantile(x, 0.5), quantile(x, [0.1, 0.9], 1, true), quantile(x, q, {dim, keepdim, interpolation}).
 * dim null/undefined reads all elements. With a list q, the q dim comes first in the output.
 */
export function quantile(x: Tensor, q: number | readonly number[] | Tensor, dim?: number | null | QuantileOptions, keepdim = false,
  opts: { interpolation?: QuantileInterpolation } = {}): Tensor {
  if (dim !== null && typeof dim === 'object') checkOptions('quantile', dim, ['dim', 'keepdim', 'interpolation']);
  else checkOptions('quantile', opts, ['interpolation']);
  const o: QuantileOptions = dim !== null && typeof dim === 'object' ? dim : { dim, keepdim, ...opts };
  const how = o.interpolation ?? 'linear';
  if (!MODES.includes(how)) throw new ValueError(`quantile: interpolation must be one of ${MODES.join(', ')}, got '${how}'`);
  if (!isFloat(x.dtype)) throw new DTypeError(`quantile: needs a floating-point tensor, got ${x.dtype} (use x.float())`);
  const { qs, scalar } = readQ(q);
  const bad = qs.find((p) => !(p >= 0 && p <= 1));
  if (bad !== undefined) throw new ValueError(`quantile: q must be in [0, 1], got ${bad}`);
  if (x.numel() === 0) throw new ValueError(`quantile: the input of shape ${fmtShape(x.shape)} is empty`);

  const all = o.dim === null || o.dim === undefined;
  const src = all ? x.reshape([-1]) : x.ndim === 0 ? x.reshape([1]) : x;
  const d = all ? 0 : normalizeDim('quantile', o.dim as number, x.ndim);
  const n = src.shape[d];
  const sorted = sort(src, d).values; // NaNs last
  const rowShape = reducedShape(src.shape, [d], true);
  // Ranks in x's dtype, so float32 rounds q·(n−1) as PyTorch does; rows holding a NaN read the NaN.
  let ranks = tensor(qs, { dtype: x.dtype }).mul(n - 1);
  if (how === 'lower') ranks = ranks.floor();
  else if (how === 'higher') ranks = ranks.ceil();
  else if (how === 'nearest') ranks = ranks.round(); // half to even, as torch.round
  const hasNaN = sorted.narrow(d, n - 1, 1).isnan();
  ranks = where(hasNaN, n - 1, ranks.reshape([qs.length, ...rowShape.map(() => 1)])); // (Q, …rows)
  const rows = sorted.unsqueeze(0).expand([qs.length, ...src.shape]);
  const below = ranks.floor();
  const lo = gather(rows, d + 1, below.int());
  let y = lo;
  if (how === 'linear' || how === 'midpoint') {
    const hi = gather(rows, d + 1, ranks.ceil().int());
    const w = how === 'midpoint' ? ranks.mul(0).add(0.5) : ranks.sub(below);
    // PyTorch's lerp: from the nearer end, so w = 0 and w = 1 give lo and hi exactly.
    const diff = hi.sub(lo);
    y = where(w.lt(0.5), lo.add(diff.mul(w)), hi.sub(diff.mul(w.neg().add(1))));
  }
  const outShape = all ? (o.keepdim ? x.shape.map(() => 1) : []) : x.ndim === 0 ? [] : reducedShape(x.shape, [d], o.keepdim ?? false);
  return y.reshape(scalar ? outShape : [qs.length, ...outShape]);
}

Tensor.prototype.quantile = function (this: Tensor, q: number | readonly number[] | Tensor, dim?: number | null | QuantileOptions,
  keepdim?: boolean, opts?: { interpolation?: QuantileInterpolation }) {
  return quantile(this, q, dim, keepdim, opts);
};

declare module '../tensor/tensor.ts' {
  interface Tensor {
    quantile(q: number | readonly number[] | Tensor, dim?: number | null | QuantileOptions, keepdim?: boolean,
      opts?: { interpolation?: QuantileInterpolation }): Tensor;
  }
}
