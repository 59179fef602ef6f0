// Seeded ways to cut a dataset: randomSplit (train/validation) and stratifiedSubset (exactly k
// labelled samples of each class, for "100 labels per class" experiments).

import { Tensor } from '../tensor/tensor.ts';
import { randperm } from '../tensor/creation.ts';
import { nextInt } from '../tensor/random.ts';
import { ShapeError, ValueError } from '../errors.ts';
import { Subset, TensorDataset, type Dataset } from './dataset.ts';
import { withRandom, type RandomOptions } from './generator.ts';
import { checkOptions } from '../options.ts';

// PyTorch's rule: fractions summing to 1 become floor(n·f) each, and the leftover samples go
// one at a time to the splits in order.
function splitLengths(n: number, lengths: readonly number[]): number[] {
  const total = lengths.reduce((a, b) => a + b, 0);
  if (Math.abs(total - 1) < 1e-9 && total <= n && lengths.every((f) => f >= 0 && f <= 1)) {
    const out = lengths.map((f) => Math.floor(n * f));
    const left = n - out.reduce((a, b) => a + b, 0);
    for (let i = 0; i < left; i++) out[i % out.length]++;
    return out;
  }
  if (lengths.some((l) => !Number.isInteger(l) || l < 0)) throw new ValueError(`randomSplit: lengths must be non-negative integers or fractions summing to 1, got [${lengths.join(', ')}]`);
  if (total !== n) throw new ValueError(`randomSplit: sum of input lengths (${total}) does not equal the length of the input dataset (${n})`);
  return [...lengths];
}

/** Splits into non-overlapping random subsets of the given lengths (or fractions summing to 1). */
export function randomSplit<T>(dataset: Dataset<T>, lengths: readonly number[], opts: RandomOptions = {}): Subset<T>[] {
  checkOptions('randomSplit', opts, ['seed', 'generator']);
  const sizes = splitLengths(dataset.length, lengths);
  const perm = withRandom(opts, () => randperm(dataset.length).data as Int32Array);
  let start = 0;
  return sizes.map((size) => new Subset(dataset, perm.subarray(start, (start += size))));
}

/** The label of every sample: a TensorDataset's last tensor, or the last field of each item. */
function labelsOf(dataset: Dataset<unknown>): ArrayLike<number> {
  if (dataset instanceof TensorDataset) return dataset.tensors[dataset.tensors.length - 1].toTypedArray();
  if (dataset instanceof Subset) {
    const parent = labelsOf(dataset.dataset);
    return Array.from(dataset.indices, (i) => parent[i]);
  }
  return Array.from({ length: dataset.length }, (_, i) => {
    const item = dataset.get(i);
    const label = Array.isArray(item) ? item[item.length - 1] : item;
    return label instanceof Tensor ? label.item() : (label as number);
  });
}

export interface StratifiedOptions extends RandomOptions {
  /** Only these classes (default: every label present). */
  classes?: readonly number[];
}

/**
 * Exactly `perClass` random samples of each class. Given a dataset, returns a Subset of it; given
 * labels (a 1-D tensor or array), returns the chosen indices. Indices come out in dataset order.
 */
export function stratifiedSubset<T>(dataset: Dataset<T>, perClass: number, opts?: StratifiedOptions): Subset<T>;
export function stratifiedSubset(labels: Tensor | ArrayLike<number>, perClass: number, opts?: StratifiedOptions): Int32Array;
export function stratifiedSubset<T>(source: Dataset<T> | Tensor | ArrayLike<number>, perClass: number, opts: StratifiedOptions = {}): Subset<T> | Int32Array {
  checkOptions('stratifiedSubset', opts, ['classes', 'seed', 'generator']);
  if (!Number.isInteger(perClass) || perClass < 0) throw new ValueError(`stratifiedSubset: perClass must be a non-negative integer, got ${perClass}`);
  if (source instanceof Tensor && source.ndim !== 1) throw new ShapeError(`stratifiedSubset: labels must be 1-D, got shape [${source.shape.join(', ')}]`);
  const isDataset = !(source instanceof Tensor) && typeof (source as Dataset<T>).get === 'function';
  const labels = source instanceof Tensor ? source.toTypedArray() : isDataset ? labelsOf(source as Dataset<unknown>) : (source as ArrayLike<number>);
  const byClass = new Map<number, number[]>();
  for (let i = 0; i < labels.length; i++) {
    const c = labels[i];
    if (!Number.isInteger(c)) throw new ValueError(`stratifiedSubset: labels must be integers, got ${c} at index ${i}`);
    if (!byClass.has(c)) byClass.set(c, []);
    byClass.get(c)!.push(i);
  }
  const classes = opts.classes ?? [...byClass.keys()].sort((a, b) => a - b);
  for (const c of classes) {
    const have = byClass.get(c)?.length ?? 0;
    if (have < perClass) throw new ValueError(`stratifiedSubset: class ${c} has only ${have} samples, fewer than perClass=${perClass}`);
  }
  const chosen = withRandom(opts, () => classes.flatMap((c) => {
    const pool = [...byClass.get(c)!];
    // partial Fisher–Yates: the first perClass slots end up a uniform random choice
    for (let k = 0; k < perClass; k++) {
      const j = nextInt(k, pool.length);
      [pool[k], pool[j]] = [pool[j], pool[k]];
    }
    return pool.slice(0, perClass);
  }));
  const indices = Int32Array.from(chosen).sort();
  return isDataset ? new Subset(source as Dataset<T>, indices) : indices;
}
