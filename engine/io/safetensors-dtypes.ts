// The safetensors element types this engine reads and writes, and how raw little-endian bytes
// become engine arrays. Exact types map one to one (F32, F64, I32, BOOL); narrower ones widen
// exactly (F16, BF16 → float32; I8, U8, I16, U16 → int32); wide integers (I64, U64, U32) land in
// int32 only when every value fits, which covers the index tensors PyTorch saves as int64.

import { allocate, type DType, type TypedArray } from '../tensor/dtype.ts';
import { halfToNumber } from '../onnx/tensor-proto.ts';

export interface StDtype {
  /** Bytes per element. */
  size: number;
  /** The engine dtype values land in. */
  dtype: DType;
  /** Element i of the view; bigint for 64-bit integers. */
  read: (v: DataView, i: number) => number | bigint;
}

const bf16 = (bits: number): number => {
  const v = new DataView(new ArrayBuffer(4));
  v.setUint32(0, bits << 16);
  return v.getFloat32(0);
};

export const ST_DTYPES: Readonly<Record<string, StDtype>> = {
  F64: { size: 8, dtype: 'float64', read: (v, i) => v.getFloat64(i * 8, true) },
  F32: { size: 4, dtype: 'float32', read: (v, i) => v.getFloat32(i * 4, true) },
  F16: { size: 2, dtype: 'float32', read: (v, i) => halfToNumber(v.getUint16(i * 2, true)) },
  BF16: { size: 2, dtype: 'float32', read: (v, i) => bf16(v.getUint16(i * 2, true)) },
  I64: { size: 8, dtype: 'int32', read: (v, i) => v.getBigInt64(i * 8, true) },
  U64: { size: 8, dtype: 'int32', read: (v, i) => v.getBigUint64(i * 8, true) },
  I32: { size: 4, dtype: 'int32', read: (v, i) => v.getInt32(i * 4, true) },
  U32: { size: 4, dtype: 'int32', read: (v, i) => v.getUint32(i * 4, true) },
  I16: { size: 2, dtype: 'int32', read: (v, i) => v.getInt16(i * 2, true) },
  U16: { size: 2, dtype: 'int32', read: (v, i) => v.getUint16(i * 2, true) },
  I8: { size: 1, dtype: 'int32', read: (v, i) => v.getInt8(i) },
  U8: { size: 1, dtype: 'int32', read: (v, i) => v.getUint8(i) },
  BOOL: { size: 1, dtype: 'bool', read: (v, i) => v.getUint8(i) },
};

/** Types in the published format this loader does not read (FP8 and the newer micro-floats, complex). */
export const UNSUPPORTED_DTYPES = ['F8_E5M2', 'F8_E4M3', 'F8_E8M0', 'F6_E2M3', 'F6_E3M2', 'F4', 'C64'];

/** What each engine dtype is written as. */
export const SAVE_DTYPE: Readonly<Record<DType, string>> = { float64: 'F64', float32: 'F32', int32: 'I32', bool: 'BOOL' };

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;

/**
 * Decodes n elements of type `st` from `bytes` into a fresh engine array. Returns a message
 * instead when a value cannot be held (an int64 past int32, a BOOL byte other than 0 or 1).
 */
export function decodeElements(st: StDtype, typeName: string, bytes: Uint8Array, n: number): TypedArray | string {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = allocate(st.dtype, n);
  for (let i = 0; i < n; i++) {
    const v = st.read(view, i);
    if (typeof v === 'bigint' || st.dtype === 'int32') {
      const num = Number(v);
      if (num < INT32_MIN || num > INT32_MAX) return `${typeName} value ${v} at flat index ${i} does not fit in int32`;
      out[i] = num;
    } else if (st.dtype === 'bool') {
      if (v !== 0 && v !== 1) return `BOOL byte ${v} at flat index ${i} is neither 0 nor 1`;
      out[i] = v;
    } else out[i] = v;
  }
  return out;
}

/** The elements of `values` as little-endian bytes of the engine dtype's own width. */
export function encodeElements(values: TypedArray, dtype: DType): Uint8Array {
  const size = ST_DTYPES[SAVE_DTYPE[dtype]].size;
  const bytes = new Uint8Array(values.length * size);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (dtype === 'float64') view.setFloat64(i * 8, v, true);
    else if (dtype === 'float32') view.setFloat32(i * 4, v, true);
    else if (dtype === 'int32') view.setInt32(i * 4, v, true);
    else view.setUint8(i, v ? 1 : 0);
  }
  return bytes;
}
