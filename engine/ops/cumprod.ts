// cumprod along one dim: y[i] = x[0] · … · x[i]. Its gradient, Σ_{j≥i} dy[j]·y[j]/x[i], is built so
// that zeros in x give the right answer instead of 0/0 (the same care as prod's).

import { Tensor } from '../tensor/tensor.ts';
import { defineOp } from '../autograd/op.ts';
import { backend } from '../backend/index.ts';
import { tensor } from '../tensor/creation.ts';
import { normalizeDim } from '../tensor/shape.ts';
import { wrap } from './util.ts';
import { intExact } from './int-exact.ts';
import { where } from './where.ts';

type Attrs = { dim: number };
const f64 = (rows: number[][]) => () => [tensor(rows, { dtype: 'float64' })];

const cumprodOp = defineOp<Attrs>({
  name: 'cumprod',
  // An int32 (or bool) cumprod is exact or an error, never wrapped (int-exact.ts).
  forward: ([x], { dim }) =>
    wrap(intExact('cumprod', 'x.double().cumprod(dim)', x.dtype === 'bool' ? 'int32' : x.dtype, (dt) => backend().cumprod(x, dim, dt)), x.shape),
  // ∂y[j]/∂x[i] = ∏_{m≤j, m≠i} x[m] for j ≥ i. Let k be the first zero of the run. Before it that is
  // y[j]/x[i], so dx = (reverse cumsum of dy·y)/x; at k it is the product with x[k] set to 1, so
  // dx[k] = reverse cumsum of dy·cumprod(x with x[k] = 1); after k every such product holds x[k] = 0.
  backward: (dy, { inputs: [x], output: y, attrs: { dim } }) => [() => {
    const reverseCumsum = (t: Tensor): Tensor => t.cumsum(dim, { reverse: true });
    const isZero = x.eq(0);
    const zerosSoFar = isZero.cumsum(dim); // inclusive count of zeros up to each position
    const before = zerosSoFar.eq(0);
    const first = isZero.logicalAnd(zerosSoFar.eq(1));
    const atFirst = reverseCumsum(dy.mul(cumprodOp([where(first, 1, x)], { dim })));
    const beforeFirst = reverseCumsum(dy.mul(y)).div(where(before, x, 1));
    return where(before, beforeFirst, where(first, atFirst, 0));
  }],
  cases: [
    { shapes: [[3, 4]], attrs: { dim: 1 } },
    { shapes: [[2, 3, 4]], attrs: { dim: 0 } },
    { shapes: [[]], attrs: { dim: 0 } },
    { shapes: [[0, 3]], attrs: { dim: 0 } },
    // a zero mid-row, a zero first, two zeros in a row, and a row without zeros
    { shapes: [[4, 5]], attrs: { dim: 1 }, inputs: f64([[2, 0, 3, 4, 0.5], [0, 1.5, -2, 1, 3], [1.2, 0, -1, 0, 2], [0.5, -1.5, 2, 1.1, -0.7]]) },
    { shapes: [[3, 2]], attrs: { dim: 0 }, inputs: f64([[0, 2], [3, 0], [0, 0]]) },
  ],
});

/** cumprod(x, dim): running products along dim (ints stay int32, exact or a ValueError; bools become int32). */
export function cumprod(x: Tensor, dim: number): Tensor {
  return cumprodOp([x], { dim: normalizeDim('cumprod', dim, x.ndim) });
}

Tensor.prototype.cumprod = function (this: Tensor, dim: number) {
  return cumprod(this, dim);
};

declare module '../tensor/tensor.ts' {
  interface Tensor {
    cumprod(dim: number): Tensor;
  }
}
