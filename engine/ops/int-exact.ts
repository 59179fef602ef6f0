// The rule for integer sums, cumsums and products (the engine has no int64): compute exactly, in
// float64 (exact to 2^53), and return int32 when every value fits; otherwise a ValueError — never
// the silent wrap an int32 accumulator would give (PyTorch promotes to int64 instead).

import { castArray, type DType, type TypedArray } from '../tensor/dtype.ts';
import { ValueError } from '../errors.ts';

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;

/** `compute(dtype)` as is for floats; for int32, computed in float64 and range-checked. `fix` shows the call in float64. */
export function intExact(op: string, fix: string, dtype: DType, compute: (dtype: DType) => TypedArray): TypedArray {
  if (dtype !== 'int32') return compute(dtype);
  const wide = compute('float64');
  for (let i = 0; i < wide.length; i++) {
    const v = wide[i];
    // From integers NaN only comes as ∞·0: a product with a zero factor after an overflow, exactly 0.
    if (v !== v) wide[i] = 0;
    else if (!(v >= INT32_MIN && v <= INT32_MAX)) {
      throw new ValueError(`${op}: an int32 result is ${v}, outside int32's range [${INT32_MIN}, ${INT32_MAX}]; there is no int64 here (PyTorch would return one), so compute it in float64: ${fix}`);
    }
  }
  return castArray(wide, 'int32');
}
