// contiguous / clone / to(dtype): copies. contiguous() lays a view out row-major; clone() always
// copies; to() casts (float → int truncates toward zero).

import { Tensor } from '../tensor/tensor.ts';
import { defineOp } from '../autograd/op.ts';
import { backend } from '../backend/index.ts';
import { isFloat, type DType } from '../tensor/dtype.ts';
import { wrap } from './util.ts';

const copyOp = defineOp<{ dtype: DType }>({
  name: 'copy',
  onnx: 'Identity',
  forward: ([x], { dtype }) => wrap(backend().copy(x, dtype), x.shape),
  // A copy passes its gradient through; a cast sends it back in the input's dtype. Casting to
  // an integer type cuts the graph (its result cannot require grad).
  backward: (dy, { inputs: [x] }) => [() => dy.to(x.dtype)],
  cases: [{ shapes: [[3, 4]], attrs: { dtype: 'float64' } }],
});

const castOp = defineOp<{ dtype: DType }>({
  name: 'cast',
  onnx: 'Cast',
  forward: ([x], { dtype }) => wrap(backend().copy(x, dtype), x.shape),
  backward: 'nondifferentiable',
});

export const contiguous = (x: Tensor): Tensor => (x.isContiguous() ? x : copyOp([x], { dtype: x.dtype }));
export const clone = (x: Tensor): Tensor => copyOp([x], { dtype: x.dtype });

export function to(x: Tensor, dtype: DType): Tensor {
  if (dtype === x.dtype) return x;
  return isFloat(dtype) ? copyOp([x], { dtype }) : castOp([x], { dtype });
}

Tensor.prototype.contiguous = function (this: Tensor) {
  return contiguous(this);
};
Tensor.prototype.clone = function (this: Tensor) {
  return clone(this);
};
Tensor.prototype.to = function (this: Tensor, dtype: DType) {
  return to(this, dtype);
};
Tensor.prototype.float = function (this: Tensor) {
  return to(this, 'float32');
};
Tensor.prototype.double = function (this: Tensor) {
  return to(this, 'float64');
};
Tensor.prototype.int = function (this: Tensor) {
  return to(this, 'int32');
};
Tensor.prototype.bool = function (this: Tensor) {
  return to(this, 'bool');
};

declare module '../tensor/tensor.ts' {
  interface Tensor {
    contiguous(): Tensor;
    clone(): Tensor;
    to(dtype: DType): Tensor;
    float(): Tensor;
    double(): Tensor;
    int(): Tensor;
    bool(): Tensor;
  }
}
