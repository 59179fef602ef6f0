// Parameter: a tensor that a Module owns and trains. It is an ordinary leaf Tensor sharing the
// given tensor's storage, with requiresGrad on by default; being a Parameter is what lets
// Module.parameters() find it.

import { Tensor } from '../tensor/tensor.ts';

export class Parameter extends Tensor {
  /** Wraps `data`'s storage (no copy, cut from any graph); requiresGrad is true unless told otherwise. */
  constructor(data: Tensor, requiresGrad = true) {
    super(data.data, data.shape, data.strides, data.offset);
    if (requiresGrad) this.requiresGrad = true;
  }
}

export const isParameter = (x: unknown): x is Parameter => x instanceof Parameter;
