// remainder (sign of the divisor, Python's %: a − b·floor(a/b)) and fmod (sign of the dividend, C's
// fmod: a − b·trunc(a/b)), NumPy broadcasting, ints and floats. Integer division by zero is an
// error, as PyTorch's ZeroDivisionError; float division by zero gives NaN.

import { Tensor } from '../tensor/tensor.ts';
import { defineOp } from '../autograd/op.ts';
import { isFloat, resultType } from '../tensor/dtype.ts';
import { DTypeError, ValueError, fmtShape } from '../errors.ts';
import { promote, binaryForward, type TensorLike } from './util.ts';

/** The checks every integer-valued division shares: no bools, and no integer division by zero. */
export function checkDivision(op: string, a: Tensor, b: Tensor): void {
  const dtype = resultType(a, b);
  if (dtype === 'bool') throw new DTypeError(`${op}: not defined for bool tensors (shapes ${fmtShape(a.shape)} and ${fmtShape(b.shape)}); use .int()`);
  if (!isFloat(dtype) && b.eq(0).sum().item() > 0) {
    throw new ValueError(`${op}: integer division by zero (the divisor of shape ${fmtShape(b.shape)} holds a 0; dividend of shape ${fmtShape(a.shape)})`);
  }
}

function makeRemainder(name: 'remainder' | 'fmod', whole: (q: Tensor) => Tensor) {
  const op = defineOp({
    name,
    forward: ([a, b]) => binaryForward(name, name, a, b),
    backward: (dy, { inputs: [a, b] }) => [
      () => dy, // ∂r/∂a = 1
      () => dy.mul(whole(a.div(b))).neg(), // ∂r/∂b = −floor(a/b) (remainder) or −trunc(a/b) (fmod)
    ],
    // away from zero keeps |b| ≥ 0.2, so a/b stays clear of the jumps at whole numbers in the ±eps window
    cases: [{ shapes: [[3, 4], [3, 4]], inputs: 'awayFromZero' }, { shapes: [[2, 3, 4], [3, 1]], inputs: 'awayFromZero' }],
  });
  return (a: TensorLike, b: TensorLike): Tensor => {
    const { tensors } = promote(a, b);
    checkDivision(name, tensors[0], tensors[1]);
    return op(tensors, undefined);
  };
}

/** remainder(a, b): a − b·floor(a/b), the sign of b (Python's %). */
export const remainder = makeRemainder('remainder', (q) => q.floor());
/** fmod(a, b): a − b·trunc(a/b), the sign of a (C's fmod, JavaScript's %). */
export const fmod = makeRemainder('fmod', (q) => q.trunc());

Tensor.prototype.remainder = function (this: Tensor, other: TensorLike) {
  return remainder(this, other);
};
Tensor.prototype.fmod = function (this: Tensor, other: TensorLike) {
  return fmod(this, other);
};

declare module '../tensor/tensor.ts' {
  interface Tensor {
    remainder(other: TensorLike): Tensor;
    fmod(other: TensorLike): Tensor;
  }
}
