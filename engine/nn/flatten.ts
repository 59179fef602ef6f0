// Flatten and Unflatten as modules, for use inside Sequential (e.g. between conv blocks and a Linear head).

import type { Tensor } from '../tensor/tensor.ts';
import { flatten, unflatten } from '../functional/flatten.ts';
import { Module } from './module.ts';

/** Merges dims startDim..endDim; the default keeps the batch dim: (N, C, H, W) → (N, C·H·W). */
export class Flatten extends Module {
  constructor(readonly startDim = 1, readonly endDim = -1) {
    super();
  }
  forward(x: Tensor): Tensor {
    return flatten(x, this.startDim, this.endDim);
  }
  override extraRepr(): string {
    return `startDim=${this.startDim}, endDim=${this.endDim}`;
  }
}

/** Splits dim into sizes: Unflatten(1, [C, H, W]) turns (N, C·H·W) back into (N, C, H, W). */
export class Unflatten extends Module {
  readonly sizes: readonly number[];
  constructor(readonly dim: number, sizes: readonly number[]) {
    super();
    this.sizes = [...sizes];
  }
  forward(x: Tensor): Tensor {
    return unflatten(x, this.dim, this.sizes);
  }
  override extraRepr(): string {
    return `dim=${this.dim}, sizes=[${this.sizes.join(', ')}]`;
  }
}
