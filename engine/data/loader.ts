// DataLoader: iterates a dataset in batches, optionally shuffled with a fresh permutation each epoch.
// Shuffling draws from the engine RNG (global, or the loader's own generator when seeded), so a
// seed fixes the order in Node and in the browser alike.

import { randperm } from '../tensor/creation.ts';
import { ValueError } from '../errors.ts';
import type { Dataset } from './dataset.ts';
import { defaultCollate, type Collated } from './collate.ts';
import { Generator, type RandomOptions } from './generator.ts';
import { checkOptions } from '../options.ts';

export interface DataLoaderOptions<T, B> extends RandomOptions {
  batchSize?: number;
  shuffle?: boolean;
  /** Drop the last batch when it is smaller than batchSize. */
  dropLast?: boolean;
  /** Turns a list of samples into a batch; defaults to defaultCollate (stacking). */
  collate?: (items: T[]) => B;
}

export class DataLoader<T, B = Collated<T>> implements Iterable<B> {
  readonly dataset: Dataset<T>;
  readonly batchSize: number;
  readonly shuffle: boolean;
  readonly dropLast: boolean;
  private readonly collate?: (items: T[]) => B;
  private readonly generator?: Generator;

  constructor(dataset: Dataset<T>, opts: DataLoaderOptions<T, B> = {}) {
    checkOptions('DataLoader', opts, ['batchSize', 'shuffle', 'dropLast', 'collate', 'seed', 'generator'], {
      collateFn: 'write collate', numWorkers: 'numWorkers is not supported: batches load in this thread',
      pinMemory: 'pinMemory is not supported (no device copies)', sampler: 'sampler is not supported: index a Subset, or shuffle',
    });
    const { batchSize = 1, shuffle = false, dropLast = false } = opts;
    if (!Number.isInteger(batchSize) || batchSize <= 0) throw new ValueError(`DataLoader: batchSize must be a positive integer, got ${batchSize}`);
    this.dataset = dataset;
    this.batchSize = batchSize;
    this.shuffle = shuffle;
    this.dropLast = dropLast;
    this.collate = opts.collate;
    // A seed makes a private stream at construction: epoch k's order depends only on (seed, k).
    this.generator = opts.generator ?? (opts.seed !== undefined ? new Generator(opts.seed) : undefined);
  }

  /** Batches per epoch. */
  get length(): number {
    const n = this.dataset.length;
    return this.dropLast ? Math.floor(n / this.batchSize) : Math.ceil(n / this.batchSize);
  }

  private order(): Int32Array {
    const n = this.dataset.length;
    if (!this.shuffle) return Int32Array.from({ length: n }, (_, i) => i);
    const draw = () => randperm(n).data as Int32Array;
    return this.generator ? this.generator.run(draw) : draw();
  }

  *[Symbol.iterator](): Iterator<B> {
    const order = this.order();
    for (let b = 0; b < this.length; b++) {
      const indices = order.subarray(b * this.batchSize, Math.min((b + 1) * this.batchSize, order.length));
      if (!this.collate && this.dataset.getBatch) {
        yield this.dataset.getBatch(indices) as B;
      } else {
        const items = Array.from(indices, (i) => this.dataset.get(i));
        yield this.collate ? this.collate(items) : (defaultCollate(items) as B);
      }
    }
  }
}
