// standardize(x, eps): each row along the last dim becomes (x − mean)/√(var + eps), the biased
// variance. One primitive with its own kernels, under layerNorm, groupNorm, instanceNorm and
// batchNorm (each standardizes rows of some view of x, then scales and shifts).
//
// With y the output and r = 1/√(var + eps) per row, the gradient is r·P(dy), where
// P(v) = v − mean(v) − y·mean(v ⊙ y) removes the two directions standardizing ignores (a shift and
// a rescale of the row). The backward is an op too, so double backward works.

import type { Tensor } from '../tensor/tensor.ts';
import { defineOp } from '../autograd/op.ts';
import { backend, type View } from '../backend/index.ts';
import { isFloat } from '../tensor/dtype.ts';
import { numel } from '../tensor/shape.ts';
import { randn } from '../tensor/creation.ts';
import { DTypeError, ShapeError, ValueError, fmtShape } from '../errors.ts';
import { wrap } from './util.ts';

type Attrs = { eps: number };
type OpFn = (inputs: readonly Tensor[], attrs: Attrs) => Tensor;

/** t as an (R, L) view of rows along its last dim (a packed copy when t is not contiguous). */
function rows(t: Tensor): View {
  const L = t.shape[t.ndim - 1], R = L ? numel(t.shape) / L : 0;
  const packed = t.isContiguous() ? t : wrap(backend().copy(t, t.dtype), t.shape);
  return { data: packed.data, offset: packed.offset, shape: [R, L], strides: [L, 1] };
}

const f64 = { dtype: 'float64' } as const;

const standardizeOp: OpFn = defineOp<Attrs>({
  name: 'standardize',
  forward: ([x], { eps }, saved) => {
    const xs = rows(x);
    const { y, rstd } = backend().standardize(xs, eps, x.dtype);
    saved.rstd = wrap(rstd, [xs.shape[0]]);
    return wrap(y, x.shape);
  },
  backward: (dy, { inputs: [x], output: y, attrs, saved }) => [() => backwardOp([x, dy, y.detach(), saved.rstd as Tensor], attrs)],
  cases: [
    { shapes: [[3, 5]], attrs: { eps: 1e-5 } },
    { shapes: [[2, 3, 8]], attrs: { eps: 0.1 } },
    { shapes: [[4, 1]], attrs: { eps: 1e-5 } }, // one value per row: y = 0, and so is the gradient
  ],
});

// x, dy, y = standardize(x), rstd → dx = rstd·P(dy). y and rstd are the forward's, passed in so the
// kernel needs one pass; they carry no gradient of their own (x does, through its rule below).
const backwardOp: OpFn = defineOp<Attrs>({
  name: 'standardizeBackward',
  forward: ([, dy, y, rstd]) => wrap(backend().standardizeBackward(rows(dy), rows(y), rstd, y.dtype), y.shape),
  backward: (h, { inputs: [x, dy], attrs: { eps } }) => {
    // Rebuilt from x with differentiable ops, so every higher derivative is right too.
    const L = x.shape[x.ndim - 1];
    const mean = (t: Tensor) => t.mean({ dim: -1, keepdim: true });
    const total = (t: Tensor) => t.sum({ dim: -1, keepdim: true });
    const y = standardizeOp([x], { eps });
    const centered = x.sub(mean(x));
    const r = mean(centered.mul(centered)).add(eps).rsqrt();
    const P = (v: Tensor) => v.sub(mean(v)).sub(y.mul(mean(v.mul(y))));
    return [
      // dx = r·P(dy) moves with x through y and r: with u = −r·mean(dy⊙y)·h − (r/L)·Σ(h⊙y)·dy, the
      // part through y is r·P(u), and the part through r (∂r/∂x = −r²·y/L) is −(r²/L)·Σ(h⊙P(dy))·y.
      () => {
        const u = h.mul(r.mul(mean(dy.mul(y)))).neg().sub(dy.mul(r.div(L).mul(total(h.mul(y)))));
        return r.mul(P(u)).sub(y.mul(r.mul(r).div(L).mul(total(h.mul(P(dy))))));
      },
      // dx is linear in dy through r·P, which is symmetric: the same map sends h back.
      () => r.mul(P(h)),
      undefined,
      undefined,
    ];
  },
  // Only dy is nudged: the kernel reads the forward's y and rstd, which a nudge to x would leave
  // stale. The x rule is checked by double-backward gradchecks of layerNorm (test/engine/standardize.test.ts).
  cases: [{
    shapes: [], grad: [1], attrs: { eps: 1e-5 },
    inputs: () => {
      const x = randn([3, 6], f64), centered = x.sub(x.mean({ dim: -1, keepdim: true }));
      return [x, randn([3, 6], f64), standardize(x, 1e-5), centered.mul(centered).mean(-1).add(1e-5).rsqrt()];
    },
  }],
});

/** Each row along the last dim of x as (x − mean)/√(var + eps), the biased variance. */
export function standardize(x: Tensor, eps = 1e-5): Tensor {
  if (!isFloat(x.dtype)) throw new DTypeError(`standardize: needs a floating-point tensor, got ${x.dtype}`);
  if (x.ndim === 0) throw new ShapeError(`standardize: needs at least one dim, got shape ${fmtShape(x.shape)}`);
  if (!(eps >= 0)) throw new ValueError(`standardize: eps must be ≥ 0, got ${eps}`);
  return standardizeOp([x], { eps });
}
