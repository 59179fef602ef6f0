// Small helpers shared by op files: turning numbers into tensors with PyTorch's promotion,
// broadcasting two operands to one shape, and wrapping kernel output as a Tensor.

import { Tensor } from '../tensor/tensor.ts';
import { resultType, allocate, type DType, type TypedArray } from '../tensor/dtype.ts';
import { broadcastShapes, broadcastStrides, type Shape } from '../tensor/shape.ts';
import { backend, type View, type BinaryOp } from '../backend/index.ts';

/** What ops accept where PyTorch accepts a tensor or a Python number. */
export type TensorLike = Tensor | number | boolean;

export function scalarTensor(value: number | boolean, dtype: DType): Tensor {
  const data = allocate(dtype, 1);
  data[0] = +value;
  return new Tensor(data, []);
}

/** Resolves the common dtype of the operands (PyTorch's result_type) and wraps numbers as 0-dim tensors of it. */
export function promote(...xs: TensorLike[]): { tensors: Tensor[]; dtype: DType } {
  const dtype = resultType(...xs.map((x) => (x instanceof Tensor ? x : x)));
  const tensors = xs.map((x) => (x instanceof Tensor ? x : scalarTensor(x, dtype)));
  return { tensors, dtype };
}

/** Views of `tensors` read as if expanded to their common broadcast shape. */
export function broadcastViews(op: string, tensors: readonly Tensor[]): { shape: number[]; views: View[] } {
  const shape = broadcastShapes(op, ...tensors.map((t) => t.shape));
  const views = tensors.map((t) => ({ data: t.data, offset: t.offset, shape, strides: broadcastStrides(t.shape, t.strides, shape) }));
  return { shape, views };
}

export const wrap = (data: TypedArray, shape: Shape): Tensor => new Tensor(data, shape);

/** Forward of a broadcasting binary kernel op: `kernel(a, b)` into `dtype` (default: PyTorch's result type). */
export function binaryForward(op: string, kernel: BinaryOp, a: Tensor, b: Tensor, dtype: DType = resultType(a, b)): Tensor {
  const { shape, views } = broadcastViews(op, [a, b]);
  return wrap(backend().binary(kernel, views[0], views[1], shape, dtype), shape);
}
