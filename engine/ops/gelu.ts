// gelu: x·Φ(x) (Φ the standard normal CDF) as one primitive, forward and backward one kernel pass
// each; functional gelu() uses it for the exact form, and the erf composite while ops are watched.

import type { Tensor } from '../tensor/tensor.ts';
import { defineOp } from '../autograd/op.ts';
import { backend } from '../backend/index.ts';
import { isFloat } from '../tensor/dtype.ts';
import { DTypeError, ShapeError, fmtShape } from '../errors.ts';
import { wrap } from './util.ts';

const floatOf = (op: string, x: Tensor) => {
  if (!isFloat(x.dtype)) throw new DTypeError(`${op}: expected a float tensor, got ${x.dtype}`);
  return x.dtype;
};

// x → y, the same shape
const geluOp = defineOp({
  name: 'gelu',
  forward: ([x]) => wrap(backend().gelu(x, floatOf('gelu', x)), x.shape),
  backward: (dy, { inputs: [x] }) => [() => geluBackwardOp([dy, x], undefined)], // d(x·Φ(x)) = Φ(x) + x·φ(x)
  cases: [{ shapes: [[3, 4]] }, { shapes: [[]] }, { shapes: [[2, 3, 5]] }],
});

// dy, x → dx = dy·(Φ(x) + x·φ(x)); differentiable again, for gradients of gradients.
const geluBackwardOp: (inputs: readonly Tensor[], attrs: undefined) => Tensor = defineOp({
  name: 'geluBackward',
  forward: ([dy, x]) => {
    if (dy.shape.length !== x.shape.length || dy.shape.some((d, i) => d !== x.shape[i])) {
      throw new ShapeError(`geluBackward: dy ${fmtShape(dy.shape)} and x ${fmtShape(x.shape)} must have the same shape`);
    }
    return wrap(backend().geluBackward(dy, x, floatOf('geluBackward', x)), x.shape);
  },
  backward: (ddx, { inputs: [dy, x] }) => [
    () => geluBackwardOp([ddx, x], undefined), // ∂dx/∂dy = Φ(x) + x·φ(x)
    // ∂dx/∂x = dy·φ(x)·(2 − x²), since φ'(x) = −x·φ(x)
    () => ddx.mul(dy).mul(x.mul(x).mul(-0.5).exp().mul(1 / Math.sqrt(2 * Math.PI))).mul(x.mul(x).neg().add(2)),
  ],
  cases: [{ shapes: [[3, 4], [3, 4]] }, { shapes: [[2, 3, 5], [2, 3, 5]] }],
});

/** GELU, x·Φ(x), exactly (Φ through erf). */
export const geluExact = (x: Tensor): Tensor => geluOp([x], undefined);
