// ONNX narrow integer types (uint8, int8, uint16, int16) overflow by wrapping around, while the
// engine computes them in int32: results are folded back into their declared type's range here.

import { Tensor } from '../tensor/tensor.ts';
import { fromTypedArray } from '../tensor/creation.ts';
import { DataType, INT_RANGE } from './dtypes.ts';
import type { OnnxValue } from './registry.ts';

const NARROW = new Set<number>([DataType.UINT8, DataType.INT8, DataType.UINT16, DataType.INT16]);

/** `v` with every int32 element wrapped into the range of ONNX type `type` (unchanged when already inside). */
export function wrapIntegers(v: OnnxValue, type: number | undefined): OnnxValue {
  if (!(v instanceof Tensor) || v.dtype !== 'int32' || type === undefined || !NARROW.has(type)) return v;
  const [lo, hi] = INT_RANGE[type];
  const values = v.toTypedArray();
  if (values.every((x) => x >= lo && x <= hi)) return v;
  const span = hi - lo + 1;
  const wrapped = values.map((x) => ((((x - lo) % span) + span) % span) + lo);
  return fromTypedArray(wrapped, v.shape);
}
