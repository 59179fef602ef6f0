// The kernel contract: what every backend (js reference, wasm) provides. Kernels see typed arrays
// and strides only — no Tensor, no autograd — and always return fresh contiguous arrays.

import type { DType, TypedArray } from '../tensor/dtype.ts';
import type { NnKernels } from './nn-kernels.ts';
import type { IndexKernels } from './index-kernels.ts';

/** A strided window onto a storage array: element [i, j, …] lives at offset + i*strides[0] + j*strides[1] + … */
export interface View {
  readonly data: TypedArray;
  readonly shape: readonly number[];
  readonly strides: readonly number[];
  readonly offset: number;
}

export type UnaryOp =
  | 'neg' | 'abs' | 'exp' | 'log' | 'sqrt' | 'rsqrt' | 'sin' | 'cos' | 'tan' | 'asin' | 'acos' | 'atan'
  | 'sinh' | 'cosh' | 'tanh' | 'asinh' | 'acosh' | 'atanh' | 'sigmoid' | 'relu' | 'erf' | 'sign'
  | 'floor' | 'ceil' | 'round' | 'trunc' | 'reciprocal' | 'logicalNot' | 'isnan' | 'isinf' | 'expm1' | 'log1p';

export type BinaryOp =
  | 'add' | 'sub' | 'mul' | 'div' | 'pow' | 'maximum' | 'minimum' | 'fmod' | 'remainder' | 'floorDivide' | 'atan2'
  | 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge' | 'logicalAnd' | 'logicalOr' | 'logicalXor'
  | 'bitwiseAnd' | 'bitwiseOr' | 'bitwiseXor' | 'shiftLeft' | 'shiftRight';

export type ReduceOp = 'sum' | 'prod' | 'max' | 'min' | 'argmax' | 'argmin';

export interface CoreKernels {
  /** Strided view → contiguous array of `dtype` (casts as it copies). */
  copy(x: View, dtype: DType): TypedArray;
  /** Writes `src` (already broadcast to dst's shape) into the strided window `dst`, in place. */
  copyInto(dst: View, src: View): void;
  unary(op: UnaryOp, x: View, dtype: DType): TypedArray;
  /** `a` and `b` are views already broadcast to `shape` (stride 0 on broadcast dims). */
  binary(op: BinaryOp, a: View, b: View, shape: readonly number[], dtype: DType): TypedArray;
  where(cond: View, a: View, b: View, shape: readonly number[], dtype: DType): TypedArray;
  /**
   * Reduces over `dims` (sorted). Result is contiguous over the kept dims, in order.
   * argmax/argmin return int32 positions within the reduced block (row-major over `dims`),
   * the first occurrence on ties.
   */
  reduce(op: ReduceOp, x: View, dims: readonly number[], dtype: DType): TypedArray;
  /** Cumulative sum along `dim` of a view; contiguous result of the same shape. */
  cumsum(x: View, dim: number, dtype: DType, exclusive: boolean, reverse: boolean): TypedArray;
  /** Cumulative product along `dim` of a view; contiguous result of the same shape. */
  cumprod(x: View, dim: number, dtype: DType): TypedArray;
  /**
   * Batched matrix product: a (…, M, K) · b (…, K, N) → (…, M, N) with identical batch shapes;
   * any strides, so transposed operands and broadcast batches (stride 0) need no copy.
   */
  matmul(a: View, b: View, dtype: DType): TypedArray;
}

export interface Backend extends CoreKernels, NnKernels, IndexKernels {
  readonly name: string;
}
