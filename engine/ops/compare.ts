// Comparisons and logical ops: elementwise, broadcasting, results are bool and carry no gradient.

import { Tensor } from '../tensor/tensor.ts';
import { defineOp } from '../autograd/op.ts';
import type { BinaryOp } from '../backend/index.ts';
import { promote, binaryForward, type TensorLike } from './util.ts';

const ONNX: Partial<Record<BinaryOp, string>> = {
  eq: 'Equal', lt: 'Less', le: 'LessOrEqual', gt: 'Greater', ge: 'GreaterOrEqual', logicalAnd: 'And', logicalOr: 'Or', logicalXor: 'Xor',
};

function makeCompare(name: BinaryOp): (a: TensorLike, b: TensorLike) => Tensor {
  const op = defineOp({
    name,
    onnx: ONNX[name],
    forward: ([a, b]) => binaryForward(name, name, a, b, 'bool'),
    backward: 'nondifferentiable', // a step function: zero gradient almost everywhere, none at the step
  });
  return (a, b) => op(promote(a, b).tensors, undefined);
}

export const eq = makeCompare('eq');
export const ne = makeCompare('ne');
export const lt = makeCompare('lt');
export const le = makeCompare('le');
export const gt = makeCompare('gt');
export const ge = makeCompare('ge');
export const logicalAnd = makeCompare('logicalAnd');
export const logicalOr = makeCompare('logicalOr');
export const logicalXor = makeCompare('logicalXor');

const methods = { eq, ne, lt, le, gt, ge, logicalAnd, logicalOr, logicalXor };
for (const [name, fn] of Object.entries(methods)) {
  Object.defineProperty(Tensor.prototype, name, { value: function (this: Tensor, other: TensorLike) { return fn(this, other); }, writable: true, configurable: true });
}

declare module '../tensor/tensor.ts' {
  interface Tensor {
    eq(other: TensorLike): Tensor; ne(other: TensorLike): Tensor; lt(other: TensorLike): Tensor;
    le(other: TensorLike): Tensor; gt(other: TensorLike): Tensor; ge(other: TensorLike): Tensor;
    logicalAnd(other: TensorLike): Tensor; logicalOr(other: TensorLike): Tensor; logicalXor(other: TensorLike): Tensor;
  }
}
