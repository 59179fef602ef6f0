// Dropout: in training mode zeros each element with probability p and scales the rest by 1/(1 − p);
// in eval mode it is the identity. Draws from the seeded RNG.

import type { Tensor } from '../tensor/tensor.ts';
import { dropout } from '../functional/dropout.ts';
import { ValueError } from '../errors.ts';
import { Module } from './module.ts';

export class Dropout extends Module {
  constructor(readonly p = 0.5) {
    super();
    if (!(p >= 0 && p <= 1)) throw new ValueError(`Dropout: p must be a probability in [0, 1], got ${p}`);
  }
  forward(x: Tensor): Tensor {
    return dropout(x, this.p, this.training);
  }
  override extraRepr(): string {
    return `p=${this.p}`;
  }
}
