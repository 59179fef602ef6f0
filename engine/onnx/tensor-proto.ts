// TensorProto ⇄ engine Tensor. Import reads raw_data (little-endian) or the typed repeated fields
// and range-checks integers into int32; export writes raw_data in the requested ONNX type.

import { Tensor } from '../tensor/tensor.ts';
import { allocate, type TypedArray } from '../tensor/dtype.ts';
import { FormatError, fmtShape } from '../errors.ts';
import { int64, type Int64, type TensorProto } from './proto.ts';
import { DataType, INT_RANGE, byteSize, dataTypeName, defaultDataType, engineDType, isIntegerType } from './dtypes.ts';

/** A tensor read from ONNX, with the ONNX element type it had (so it can be written back as such). */
export interface ImportedTensor {
  tensor: Tensor;
  dataType: number;
}

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;

/** IEEE half-precision bits → number. */
export function halfToNumber(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * frac * 2 ** -24;
  if (exp === 31) return frac ? NaN : sign * Infinity;
  return sign * (1 + frac / 1024) * 2 ** (exp - 15);
}

const bfloat16ToNumber = (h: number): number => new Float32Array(new Uint32Array([h << 16]).buffer)[0];

/** Reads element i of raw_data as a number of ONNX type t. */
function rawReader(t: number, view: DataView): ((i: number) => number | bigint) | null {
  switch (t) {
    case DataType.FLOAT: return (i) => view.getFloat32(i * 4, true);
    case DataType.DOUBLE: return (i) => view.getFloat64(i * 8, true);
    case DataType.FLOAT16: return (i) => halfToNumber(view.getUint16(i * 2, true));
    case DataType.BFLOAT16: return (i) => bfloat16ToNumber(view.getUint16(i * 2, true));
    case DataType.INT8: return (i) => view.getInt8(i);
    case DataType.UINT8: case DataType.BOOL: return (i) => view.getUint8(i);
    case DataType.INT16: return (i) => view.getInt16(i * 2, true);
    case DataType.UINT16: return (i) => view.getUint16(i * 2, true);
    case DataType.INT32: return (i) => view.getInt32(i * 4, true);
    case DataType.UINT32: return (i) => view.getUint32(i * 4, true);
    case DataType.INT64: return (i) => view.getBigInt64(i * 8, true);
    case DataType.UINT64: return (i) => view.getBigUint64(i * 8, true);
    default: return null;
  }
}

/** The typed repeated field that holds type t when raw_data is absent, per onnx.proto. */
function typedField(p: TensorProto, t: number): { name: string; values: ArrayLike<number | Int64> } {
  switch (t) {
    case DataType.FLOAT: return { name: 'float_data', values: p.floatData ?? [] };
    case DataType.DOUBLE: return { name: 'double_data', values: p.doubleData ?? [] };
    case DataType.INT64: return { name: 'int64_data', values: p.int64Data ?? [] };
    case DataType.UINT32: case DataType.UINT64: return { name: 'uint64_data', values: p.uint64Data ?? [] };
    default: return { name: 'int32_data', values: p.int32Data ?? [] };
  }
}

/** Converts a TensorProto to an engine tensor; `file` names where it came from in error messages. */
export function tensorFromProto(p: TensorProto, file: string): ImportedTensor {
  const what = `${file}: tensor '${p.name ?? ''}'`;
  const t = p.dataType ?? DataType.UNDEFINED;
  const dtype = engineDType(t, what);
  const shape = (p.dims ?? []).map((d) => int64(d as Int64, `${what} dims`));
  if (shape.some((d) => d < 0)) throw new FormatError(`${what}: dims ${fmtShape(shape)} has a negative size`);
  if (p.dataLocation === 1) throw new FormatError(`${what}: data_location is EXTERNAL; external tensor data is not supported`);
  const n = shape.reduce((a, b) => a * b, 1);
  let read: (i: number) => number | bigint;
  const raw = p.rawData;
  if (raw && raw.length > 0) {
    const expected = n * byteSize(t);
    if (raw.length !== expected) {
      throw new FormatError(`${what}: raw_data has ${raw.length} bytes but dims ${fmtShape(shape)} of ${dataTypeName(t)} need ${expected}`);
    }
    read = rawReader(t, new DataView(raw.buffer, raw.byteOffset, raw.byteLength))!;
  } else {
    const { name, values } = typedField(p, t);
    if (values.length !== n) {
      throw new FormatError(`${what}: ${name} has ${values.length} values but dims ${fmtShape(shape)} of ${dataTypeName(t)} need ${n}`);
    }
    const decode = t === DataType.FLOAT16 ? halfToNumber : t === DataType.BFLOAT16 ? bfloat16ToNumber : (v: number) => v;
    read = (i) => {
      const v = values[i];
      return typeof v === 'number' ? decode(v) : BigInt(v.toString());
    };
  }
  // Allocated only after the data was found to hold n values: dims alone may claim anything.
  const out = allocate(dtype, n);
  fill(out, n, read, t, what);
  return { tensor: new Tensor(out, shape), dataType: t };
}

function fill(out: TypedArray, n: number, read: (i: number) => number | bigint, t: number, what: string): void {
  const toInt = isIntegerType(t);
  for (let i = 0; i < n; i++) {
    const v = read(i);
    if (toInt) {
      const num = Number(v);
      if (!(num >= INT32_MIN && num <= INT32_MAX)) {
        throw new FormatError(`${what}: ${dataTypeName(t)} value ${v} at flat index ${i} does not fit in int32`);
      }
      out[i] = num;
    } else out[i] = t === DataType.BOOL ? (v ? 1 : 0) : Number(v);
  }
}

/** Writes an engine tensor as a TensorProto (raw_data, little-endian) of `dataType` (default: the tensor's own). */
export function tensorToProto(x: Tensor, name = '', dataType: number = defaultDataType(x.dtype)): TensorProto {
  const values = x.toTypedArray();
  const size = byteSize(dataType);
  const bytes = new Uint8Array(values.length * size);
  const view = new DataView(bytes.buffer);
  const range = INT_RANGE[dataType];
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (range && (!Number.isInteger(v) || v < range[0] || v > range[1])) {
      throw new FormatError(`tensorToProto: tensor '${name}' value ${v} at flat index ${i} does not fit ${dataTypeName(dataType)}`);
    }
    const at = i * size;
    switch (dataType) {
      case DataType.FLOAT: view.setFloat32(at, v, true); break;
      case DataType.DOUBLE: view.setFloat64(at, v, true); break;
      case DataType.BOOL: view.setUint8(at, v ? 1 : 0); break;
      case DataType.UINT8: view.setUint8(at, v); break;
      case DataType.INT8: view.setInt8(at, v); break;
      case DataType.INT16: view.setInt16(at, v, true); break;
      case DataType.UINT16: view.setUint16(at, v, true); break;
      case DataType.INT32: view.setInt32(at, v, true); break;
      case DataType.UINT32: view.setUint32(at, v, true); break;
      case DataType.INT64: view.setBigInt64(at, BigInt(v), true); break;
      case DataType.UINT64: view.setBigUint64(at, BigInt(v), true); break;
      default: throw new FormatError(`tensorToProto: tensor '${name}': cannot write data type ${dataTypeName(dataType)}`);
    }
  }
  return { name, dataType, dims: [...x.shape], rawData: bytes };
}
