// defaultCollate: turns a list of samples into one batch, as PyTorch's default_collate does —
// tensors stack on a new first dim, numbers become a tensor, tuples and objects collate per field.

import { Tensor } from '../tensor/tensor.ts';
import { tensor, fromTypedArray } from '../tensor/creation.ts';
import { dtypeOfArray, type TypedArray } from '../tensor/dtype.ts';
import { stack } from '../functional/stack.ts';
import { ShapeError, ValueError } from '../errors.ts';

/** The batch type default collation makes from a sample type T. */
export type Collated<T> =
  T extends Tensor ? Tensor :
  T extends number | boolean ? Tensor :
  T extends TypedArray ? Tensor :
  T extends string ? string[] :
  T extends readonly unknown[] ? { -readonly [K in keyof T]: Collated<T[K]> } :
  T extends object ? { [K in keyof T]: Collated<T[K]> } :
  never;

// JS has one number type: integers collate to int32 (class labels), anything else to float32.
function collateNumbers(items: number[]): Tensor {
  const dtype = items.every(Number.isInteger) ? 'int32' : 'float32';
  return tensor(items, { dtype });
}

function collateTypedArrays(items: TypedArray[]): Tensor {
  const n = items[0].length;
  if (items.some((a) => a.length !== n)) throw new ShapeError(`defaultCollate: typed arrays in a batch must have equal lengths, got ${items.map((a) => a.length).join(', ')}`);
  const out = new (items[0].constructor as new (n: number) => TypedArray)(items.length * n);
  items.forEach((a, i) => out.set(a, i * n));
  return fromTypedArray(out, [items.length, n], { dtype: dtypeOfArray(items[0]) });
}

export function defaultCollate<T>(items: readonly T[]): Collated<T> {
  if (!items.length) throw new ValueError('defaultCollate: cannot collate an empty batch');
  const first = items[0] as unknown;
  const all = items as unknown as unknown[];
  let out: unknown;
  if (first instanceof Tensor) out = stack(all as Tensor[]);
  else if (typeof first === 'number') out = collateNumbers(all as number[]);
  else if (typeof first === 'boolean') out = tensor(all as boolean[]);
  else if (typeof first === 'string') out = [...all];
  else if (ArrayBuffer.isView(first)) out = collateTypedArrays(all as TypedArray[]);
  else if (Array.isArray(first)) {
    const n = first.length;
    if (all.some((s) => !Array.isArray(s) || s.length !== n)) throw new ShapeError(`defaultCollate: every sample in a batch must be a list of ${n} fields`);
    out = first.map((_, k) => defaultCollate(all.map((s) => (s as unknown[])[k])));
  } else if (first !== null && typeof first === 'object') {
    out = Object.fromEntries(Object.keys(first).map((key) => [key, defaultCollate(all.map((s) => (s as Record<string, unknown>)[key]))]));
  } else throw new ValueError(`defaultCollate: cannot collate samples of type ${first === null ? 'null' : typeof first}`);
  return out as Collated<T>;
}
