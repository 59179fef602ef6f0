// Datasets as PyTorch has them: anything with a length and get(i). TensorDataset serves rows of
// tensors that share their first dim; Subset re-indexes another dataset (splits, label budgets).

import { Tensor } from '../tensor/tensor.ts';
import { tensor } from '../tensor/creation.ts';
import { allocate } from '../tensor/dtype.ts';
import { IndexError, ShapeError, ValueError, fmtShape } from '../errors.ts';
import '../ops/index.ts';
import type { Collated } from './collate.ts';

export interface Dataset<T> {
  readonly length: number;
  get(i: number): T;
  /**
   * Optional fast path (PyTorch's __getitems__): the collated batch for these indices in one go.
   * DataLoader uses it instead of get() + collate when no custom collate is given.
   */
  getBatch?(indices: Int32Array): Collated<T>;
}

export function checkIndex(what: string, i: number, length: number): void {
  if (!Number.isInteger(i) || i < 0 || i >= length) throw new IndexError(`${what}: index ${i} is out of range for a dataset of length ${length}`);
}

// Rows of a contiguous tensor are consecutive runs of storage: copying each run with set() is
// about ten times faster than the general strided gather (MNIST batches must be cheap).
// Anything else (strided views, tensors in the autograd graph) goes through indexSelect.
function takeRows(t: Tensor, indices: Int32Array): Tensor {
  if (!t.isContiguous() || t.requiresGrad) return t.indexSelect(0, tensor(indices, { dtype: 'int32' }));
  const rowShape = t.shape.slice(1), row = rowShape.reduce((a, b) => a * b, 1);
  const out = allocate(t.dtype, indices.length * row);
  indices.forEach((i, b) => out.set(t.data.subarray(t.offset + i * row, t.offset + (i + 1) * row), b * row));
  return new Tensor(out, [indices.length, ...rowShape]);
}

/** Row i of every tensor: TensorDataset(images, labels).get(i) → [image_i, label_i]. */
export class TensorDataset implements Dataset<Tensor[]> {
  readonly tensors: readonly Tensor[];

  constructor(...tensors: Tensor[]) {
    if (!tensors.length) throw new ValueError('TensorDataset: needs at least one tensor');
    if (tensors.some((t) => t.ndim === 0)) throw new ShapeError(`TensorDataset: tensors need a first (sample) dim, got shapes ${tensors.map((t) => fmtShape(t.shape)).join(', ')}`);
    if (tensors.some((t) => t.shape[0] !== tensors[0].shape[0])) {
      throw new ShapeError(`TensorDataset: size mismatch between tensors: all must have the same first dim, got shapes ${tensors.map((t) => fmtShape(t.shape)).join(', ')}`);
    }
    this.tensors = tensors;
  }

  get length(): number {
    return this.tensors[0].shape[0];
  }

  get(i: number): Tensor[] {
    checkIndex('TensorDataset.get', i, this.length);
    return this.tensors.map((t) => t.select(0, i));
  }

  // The whole batch in one go per tensor, no per-row tensors and no stacking.
  getBatch(indices: Int32Array): Tensor[] {
    indices.forEach((i) => checkIndex('TensorDataset.getBatch', i, this.length));
    return this.tensors.map((t) => takeRows(t, indices));
  }
}

/** The items of `dataset` at `indices`, in that order. */
export class Subset<T> implements Dataset<T> {
  readonly dataset: Dataset<T>;
  readonly indices: Int32Array;

  constructor(dataset: Dataset<T>, indices: ArrayLike<number>) {
    for (let k = 0; k < indices.length; k++) checkIndex('Subset', indices[k], dataset.length);
    this.dataset = dataset;
    this.indices = Int32Array.from(indices);
    const base = dataset.getBatch;
    // Keep the parent's fast path: a split of MNIST batches as cheaply as MNIST itself.
    if (base) this.getBatch = (idx: Int32Array) => base.call(dataset, idx.map((k) => this.indices[k]));
  }

  getBatch?: (indices: Int32Array) => Collated<T>;

  get length(): number {
    return this.indices.length;
  }

  get(i: number): T {
    checkIndex('Subset.get', i, this.length);
    return this.dataset.get(this.indices[i]);
  }
}
