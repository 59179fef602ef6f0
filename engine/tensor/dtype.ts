// The four dtypes, their storage arrays (with the size limit every allocation checks), and
// PyTorch's type-promotion rules — all in one place.
// Nothing here knows about tensors' shapes or autograd.

import { AllocationError, DTypeError, ValueError } from '../errors.ts';

export type DType = 'float32' | 'float64' | 'int32' | 'bool';
export type TypedArray = Float32Array | Float64Array | Int32Array | Uint8Array;

export const DTYPES: readonly DType[] = ['bool', 'int32', 'float32', 'float64'];

/** Bytes per element of each dtype's storage. */
export const BYTES_PER_ELEMENT: Readonly<Record<DType, number>> = { float32: 4, float64: 8, int32: 4, bool: 1 };

/** The most elements one tensor may hold: kernels address elements with int32 offsets. */
export const MAX_ELEMENTS = 2 ** 31 - 1;
let memoryLimit = 2 ** 32;

/**
 * Sets the most bytes one tensor's storage may take (default 4 GiB) and returns the previous
 * limit. A request past it fails at once with an AllocationError instead of exhausting memory.
 */
export function setTensorMemoryLimit(bytes: number): number {
  if (!(Number.isSafeInteger(bytes) && bytes > 0)) throw new ValueError(`setTensorMemoryLimit: bytes must be a positive integer, got ${bytes}`);
  const previous = memoryLimit;
  memoryLimit = bytes;
  return previous;
}

export const getTensorMemoryLimit = (): number => memoryLimit;

const fmtBytes = (b: number): string => `${b} bytes${b >= 2 ** 30 ? ` (${(b / 2 ** 30).toFixed(1)} GiB)` : b >= 2 ** 20 ? ` (${(b / 2 ** 20).toFixed(1)} MiB)` : ''}`;

/**
 * Throws an AllocationError naming `where` (and `shape` when given) unless `count` elements of
 * `dtype` are a non-negative safe integer within MAX_ELEMENTS and the memory limit.
 */
export function checkAllocation(where: string, dtype: DType, count: number, shape?: readonly number[]): void {
  // Checked first: an unknown dtype has no size, and would otherwise read as a size error.
  if (!Object.hasOwn(BYTES_PER_ELEMENT, dtype)) {
    throw new DTypeError(`${where}: unknown dtype '${String(dtype)}'; dtypes are ${DTYPES.join(', ')}${dtype === 'int64' as string ? ' (there is no int64: use int32, or float64 for exact integers up to 2^53)' : ''}`);
  }
  if (Number.isSafeInteger(count) && count >= 0 && count <= MAX_ELEMENTS && count * BYTES_PER_ELEMENT[dtype] <= memoryLimit) return;
  const what = `${shape ? `shape [${shape.join(', ')}] holds ` : ''}${count} elements of ${dtype}`;
  if (!(Number.isSafeInteger(count) && count >= 0)) throw new AllocationError(`${where}: ${what}, which is not a valid size (a non-negative integer up to 2^53)`);
  if (count > MAX_ELEMENTS) throw new AllocationError(`${where}: ${what}, more than the ${MAX_ELEMENTS} elements one tensor may hold`);
  throw new AllocationError(`${where}: ${what} (${fmtBytes(count * BYTES_PER_ELEMENT[dtype])}), past the tensor memory limit of ${fmtBytes(memoryLimit)} (setTensorMemoryLimit raises it)`);
}

/** Fresh zeroed storage for `size` elements; every tensor's storage is made here or checked like it. */
export function allocate(dtype: DType, size: number): TypedArray {
  checkAllocation('allocate', dtype, size);
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
