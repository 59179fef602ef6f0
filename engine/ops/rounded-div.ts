// Division rounded to a whole number: floorDivide(a, b) (Python's //) and div(a, b, {roundingMode:
// 'trunc' | 'floor'}). Ints stay ints. The result is a step function of a and b, so its gradient is
// zero, as PyTorch's div with a rounding mode.

import { Tensor } from '../tensor/tensor.ts';
import { defineOp } from '../autograd/op.ts';
import { backend } from '../backend/index.ts';
import { zerosLike } from '../tensor/creation.ts';
import { isFloat } from '../tensor/dtype.ts';
import { promote, binaryForward, wrap, type TensorLike } from './util.ts';
import { checkDivision } from './remainder.ts';

export type RoundingMode = 'trunc' | 'floor';

const roundedDivOp = defineOp<{ mode: RoundingMode }>({
  name: 'divRounded',
  forward: ([a, b], { mode }) => {
    // floor: Python's algorithm in the kernel (1 // 0.1 is 9, though 1 / 0.1 rounds to 10).
    if (mode === 'floor') return binaryForward('floorDivide', 'floorDivide', a, b);
    // trunc: the quotient rounded to the result dtype first (float32 rounds as PyTorch's does), then
    // toward zero; storing into int32 already truncates.
    const q = binaryForward('div', 'div', a, b);
    return isFloat(q.dtype) ? wrap(backend().unary('trunc', q, q.dtype), q.shape) : q;
  },
  // ∂/∂a = ∂/∂b = 0 between the jumps (PyTorch's convention for a rounded division)
  backward: (dy) => [() => zerosLike(dy), () => zerosLike(dy)],
  cases: [
    { shapes: [[3, 4], [3, 4]], attrs: { mode: 'floor' }, inputs: 'awayFromZero' },
    { shapes: [[2, 3, 4], [3, 1]], attrs: { mode: 'trunc' }, inputs: 'awayFromZero' },
  ],
});

/** a / b rounded by `mode`; `op` names the caller in errors (integer division by zero, bools). */
export function divRounded(op: string, a: TensorLike, b: TensorLike, mode: RoundingMode): Tensor {
  const { tensors } = promote(a, b);
  checkDivision(op, tensors[0], tensors[1]);
  return roundedDivOp(tensors, { mode });
}

/** floorDivide(a, b): floor(a / b) as Python's //, ints stay ints (torch.floor_divide). */
export const floorDivide = (a: TensorLike, b: TensorLike): Tensor => divRounded('floorDivide', a, b, 'floor');

Tensor.prototype.floorDivide = function (this: Tensor, other: TensorLike) {
  return floorDivide(this, other);
};

declare module '../tensor/tensor.ts' {
  interface Tensor {
    floorDivide(other: TensorLike): Tensor;
  }
}
