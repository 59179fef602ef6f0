// binaryCrossEntropy's elementwise loss on probabilities, as one op so that its backward can be
// PyTorch's: finite at p = 0 and p = 1, where the chain rule through log would give 0 or ∞.
// Only the loss per element; validation, weight and reduction are functional/losses/binary.ts's.

import type { Tensor } from '../tensor/tensor.ts';
import { defineOp } from '../autograd/op.ts';
import { backend } from '../backend/index.ts';
import { rand } from '../tensor/creation.ts';
import { resultType, type DType } from '../tensor/dtype.ts';
import { binaryForward, scalarTensor, wrap } from './util.ts';

const op = 'binaryCrossEntropy';
// torch 1.13 clamps p(1 − p) to this float32 constant (also in float64): the gradient at a corner
// is ±1/EPS ≈ ±1e12 rather than ∞.
const EPS = Math.fround(1e-12);

// log t, clamped to ≥ −100 as PyTorch, so p = 0 costs 100 rather than ∞.
const clampedLog = (t: Tensor, dtype: DType): Tensor =>
  binaryForward(op, 'maximum', wrap(backend().unary('log', t, dtype), t.shape), scalarTensor(-100, dtype), dtype);

const probs = (shape: number[]) => rand(shape, { dtype: 'float64' }).mul(0.9).add(0.05); // in (0.05, 0.95)

// p, y: any shape (the same) → loss: that shape, ℓ = −[y·log p + (1 − y)·log(1 − p)]
export const binaryCrossEntropyOp = defineOp({
  name: op,
  forward: ([p, y]) => {
    const dtype = resultType(p, y);
    const one = scalarTensor(1, dtype);
    const sub = (a: Tensor, b: Tensor) => binaryForward(op, 'sub', a, b, dtype);
    const mul = (a: Tensor, b: Tensor) => binaryForward(op, 'mul', a, b, dtype);
    // (y − 1)·log(1 − p) − y·log p, PyTorch's order of terms, so a zero loss is +0.
    return sub(mul(sub(y, one), clampedLog(sub(one, p), dtype)), mul(y, clampedLog(p, dtype)));
  },
  backward: (dy, { inputs: [p, y] }) => [
    () => dy.mul(p.sub(y)).div(p.mul(p.neg().add(1)).clampMin(EPS)), // ∂ℓ/∂p = (p − y)/(p(1 − p)), the denominator clamped
    () => dy.mul(p.neg().add(1).log().clampMin(-100).sub(p.log().clampMin(-100))), // ∂ℓ/∂y = log(1 − p) − log p, as clamped in the forward
  ],
  cases: [
    { shapes: [], inputs: () => [probs([3, 4]), rand([3, 4], { dtype: 'float64' })] },
    { shapes: [], inputs: () => [probs([5]), rand([5], { dtype: 'float64' }).round()] },
  ],
});
