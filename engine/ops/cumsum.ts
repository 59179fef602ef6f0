// cumsum along one dim: y[i] = x[0] + … + x[i]. `exclusive` leaves out x[i] itself and `reverse`
// sums from the end — the two switches of ONNX CumSum; torch.cumsum is the plain form.

import { Tensor } from '../tensor/tensor.ts';
import { defineOp } from '../autograd/op.ts';
import { backend } from '../backend/index.ts';
import { normalizeDim } from '../tensor/shape.ts';
import { wrap } from './util.ts';
import { intExact } from './int-exact.ts';
import { checkOptions } from '../options.ts';

export interface CumsumOptions { exclusive?: boolean; reverse?: boolean }
type Attrs = { dim: number; exclusive: boolean; reverse: boolean };

const cumsumOp = defineOp<Attrs>({
  name: 'cumsum',
  onnx: 'CumSum',
  // An int32 (or bool) cumsum is exact or an error, never wrapped (int-exact.ts).
  forward: ([x], { dim, exclusive, reverse }) =>
    wrap(intExact('cumsum', 'x.double().cumsum(dim)', x.dtype === 'bool' ? 'int32' : x.dtype, (dt) => backend().cumsum(x, dim, dt, exclusive, reverse)), x.shape),
  // Each x[i] feeds every y[j] at or after it (after, if exclusive), so dx is the cumsum of dy the other way.
  backward: (dy, { attrs }) => [(): Tensor => cumsumOp([dy], { ...attrs, reverse: !attrs.reverse })],
  cases: [
    { shapes: [[3, 4]], attrs: { dim: 1, exclusive: false, reverse: false } },
    { shapes: [[2, 3, 4]], attrs: { dim: 0, exclusive: true, reverse: false } },
    { shapes: [[2, 5]], attrs: { dim: 1, exclusive: false, reverse: true } },
    { shapes: [[2, 5]], attrs: { dim: 1, exclusive: true, reverse: true } },
    { shapes: [[]], attrs: { dim: 0, exclusive: false, reverse: false } },
    { shapes: [[0, 3]], attrs: { dim: 0, exclusive: false, reverse: false } },
  ],
});

/** cumsum(x, dim), with {exclusive, reverse} for ONNX's CumSum. Ints and bools sum to int32. */
export function cumsum(x: Tensor, dim: number, opts: CumsumOptions = {}): Tensor {
  checkOptions('cumsum', opts, ['exclusive', 'reverse'], { dtype: 'dtype is not an option: cast first, x.to(dtype).cumsum(dim)' });
  const { exclusive = false, reverse = false } = opts;
  return cumsumOp([x], { dim: normalizeDim('cumsum', dim, x.ndim), exclusive, reverse });
}

Tensor.prototype.cumsum = function (this: Tensor, dim: number, opts?: CumsumOptions) {
  return cumsum(this, dim, opts);
};

declare module '../tensor/tensor.ts' {
  interface Tensor {
    cumsum(dim: number, opts?: CumsumOptions): Tensor;
  }
}
