// The four dtypes, their storage arrays, and PyTorch's type-promotion rules — all in one place.
// Nothing here knows about tensors' shapes or autograd.

export type DType = 'float32' | 'float64' | 'int32' | 'bool';
export type TypedArray = Float32Array | Float64Array | Int32Array | Uint8Array;

export const DTYPES: readonly DType[] = ['bool', 'int32', 'float32', 'float64'];

export function allocate(dtype: DType, size: number): TypedArray {
  switch (dtype) {
    case 'float32': return new Float32Array(size);
    case 'float64': return new Float64Array(size);
    case 'int32': return new Int32Array(size);
    case 'bool': return new Uint8Array(size);
  }
}

export function dtypeOfArray(a: TypedArray): DType {
  if (a instanceof Float32Array) return 'float32';
  if (a instanceof Float64Array) return 'float64';
  if (a instanceof Int32Array) return 'int32';
  return 'bool';
}

/** Copies values into a new array of `dtype`; floats cast to int truncate toward zero, as PyTorch. */
export function castArray(src: TypedArray, dtype: DType): TypedArray {
  const out = allocate(dtype, src.length);
  if (dtype === 'bool') for (let i = 0; i < src.length; i++) out[i] = src[i] !== 0 ? 1 : 0;
  else if (dtype === 'int32') for (let i = 0; i < src.length; i++) out[i] = Math.trunc(src[i]);
  else out.set(src);
  return out;
}

export const isFloat = (d: DType): boolean => d === 'float32' || d === 'float64';

// Categories order promotion: bool < integer < floating. Within a category the wider type wins.
const category = (d: DType): number => (d === 'bool' ? 0 : d === 'int32' ? 1 : 2);
const rank = (d: DType): number => DTYPES.indexOf(d);

/** The wider of two dtypes (int + float → float, float32 + float64 → float64). */
export function promoteTypes(a: DType, b: DType): DType {
  return rank(a) >= rank(b) ? a : b;
}

/** An operand as promotion sees it: a tensor with its rank, or a plain JS number. */
export type Operand = { dtype: DType; ndim: number } | number | boolean;

/**
 * PyTorch's result_type: tensors with dimensions outrank zero-dim tensors, which outrank plain
 * numbers — a lower tier only changes the result when it is of a higher category. So
 * `float32 tensor * 2.5` stays float32, and `int32 tensor * 2.5` becomes float32.
 */
export function resultType(...operands: Operand[]): DType {
  let dimmed: DType | null = null;
  let zeroDim: DType | null = null;
  let scalar: DType | null = null;
  for (const o of operands) {
    if (typeof o === 'boolean') scalar = scalar ? promoteTypes(scalar, 'bool') : 'bool';
    else if (typeof o === 'number') {
      const d: DType = Number.isInteger(o) ? 'int32' : 'float32';
      scalar = scalar ? promoteTypes(scalar, d) : d;
    } else if (o.ndim === 0) zeroDim = zeroDim ? promoteTypes(zeroDim, o.dtype) : o.dtype;
    else dimmed = dimmed ? promoteTypes(dimmed, o.dtype) : o.dtype;
  }
  let result = dimmed ?? zeroDim ?? scalar ?? 'float32';
  for (const lower of [zeroDim, scalar]) {
    if (lower && category(lower) > category(result)) result = lower;
  }
  return result;
}
