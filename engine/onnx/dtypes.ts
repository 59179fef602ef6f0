// ONNX element types (TensorProto.DataType) and how each maps onto the engine's four dtypes:
// every integer type lands in int32 (values are range-checked on import), float16 in float32.

import type { DType } from '../tensor/dtype.ts';
import { FormatError } from '../errors.ts';

export const DataType = {
  UNDEFINED: 0, FLOAT: 1, UINT8: 2, INT8: 3, UINT16: 4, INT16: 5, INT32: 6, INT64: 7, STRING: 8,
  BOOL: 9, FLOAT16: 10, DOUBLE: 11, UINT32: 12, UINT64: 13, COMPLEX64: 14, COMPLEX128: 15, BFLOAT16: 16,
} as const;

const NAMES = Object.fromEntries(Object.entries(DataType).map(([k, v]) => [v, k])) as Record<number, string>;

export const dataTypeName = (t: number): string => NAMES[t] ?? `unknown data type ${t}`;

/** The smallest and largest value of each integer type, for range checks and wrap-around. */
export const INT_RANGE: Record<number, [number, number]> = {
  [DataType.UINT8]: [0, 255], [DataType.INT8]: [-128, 127], [DataType.UINT16]: [0, 65535],
  [DataType.INT16]: [-32768, 32767], [DataType.INT32]: [-(2 ** 31), 2 ** 31 - 1],
  [DataType.INT64]: [-(2 ** 63), 2 ** 63], [DataType.UINT32]: [0, 2 ** 32 - 1], [DataType.UINT64]: [0, 2 ** 64],
};

export const isIntegerType = (t: number): boolean => t in INT_RANGE;
export const isFloatType = (t: number): boolean =>
  t === DataType.FLOAT || t === DataType.DOUBLE || t === DataType.FLOAT16 || t === DataType.BFLOAT16;

/** The engine dtype that holds values of ONNX type `t`; throws for types the engine cannot hold. */
export function engineDType(t: number, where: string): DType {
  if (t === DataType.FLOAT || t === DataType.FLOAT16 || t === DataType.BFLOAT16) return 'float32';
  if (t === DataType.DOUBLE) return 'float64';
  if (t === DataType.BOOL) return 'bool';
  if (isIntegerType(t)) return 'int32';
  throw new FormatError(`${where}: data type ${dataTypeName(t)} is not supported (the engine holds float32, float64, int32 and bool)`);
}

/** The ONNX type an engine dtype exports as by default. */
export function defaultDataType(d: DType): number {
  return { float32: DataType.FLOAT, float64: DataType.DOUBLE, int32: DataType.INT32, bool: DataType.BOOL }[d];
}

/** Bytes per element in raw_data. */
export function byteSize(t: number): number {
  switch (t) {
    case DataType.UINT8: case DataType.INT8: case DataType.BOOL: return 1;
    case DataType.UINT16: case DataType.INT16: case DataType.FLOAT16: case DataType.BFLOAT16: return 2;
    case DataType.FLOAT: case DataType.INT32: case DataType.UINT32: return 4;
    case DataType.DOUBLE: case DataType.INT64: case DataType.UINT64: case DataType.COMPLEX64: return 8;
    case DataType.COMPLEX128: return 16;
    default: return 0;
  }
}
