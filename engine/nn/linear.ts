// Linear (y = x·Wᵀ + b) and Identity. Default initialization as
// PyTorch: kaimingUniform_ with a = √5, which works out to W, b ~ U(±1/√inFeatures).

import type { Tensor } from '../tensor/tensor.ts';
import { empty, resetBias } from './util.ts';
import { linear } from '../functional/linear.ts';
import { ValueError } from '../errors.ts';
import { Module } from './module.ts';
import { Parameter } from './parameter.ts';
import { kaimingUniform_ } from './init.ts';
import type { DType } from '../tensor/dtype.ts';
import { checkOptions } from '../options.ts';

export interface LinearOptions {
  bias?: boolean;
  dtype?: DType;
}

/** x: (…, inFeatures) → (…, outFeatures); weight: (outFeatures, inFeatures), bias: (outFeatures). */
export class Linear extends Module {
  readonly inFeatures: number;
  readonly outFeatures: number;
  weight: Parameter;
  bias: Parameter | null;

  constructor(inFeatures: number, outFeatures: number, opts: LinearOptions = {}) {
    super();
    checkOptions('Linear', opts, ['bias', 'dtype'], { device: 'device is not an option: the backend (setBackend) decides where tensors live' });
    const { bias = true, dtype = 'float32' } = opts;
    for (const [name, v] of [['inFeatures', inFeatures], ['outFeatures', outFeatures]] as const) {
      if (!Number.isInteger(v) || v < 0) throw new ValueError(`Linear: ${name} must be a non-negative integer, got ${v}`);
    }
    this.inFeatures = inFeatures;
    this.outFeatures = outFeatures;
    this.weight = new Parameter(empty([outFeatures, inFeatures], dtype));
    this.bias = bias ? new Parameter(empty([outFeatures], dtype)) : null;
    this.resetParameters();
  }

  /** W ~ U(±1/√fanIn) (kaimingUniform_ with a = √5), b ~ U(±1/√fanIn). */
  resetParameters(): void {
    kaimingUniform_(this.weight, { a: Math.sqrt(5) });
    if (this.bias) resetBias(this.bias, this.weight);
  }

  forward(x: Tensor): Tensor {
    return linear(x, this.weight, this.bias);
  }

  override extraRepr(): string {
    return `inFeatures=${this.inFeatures}, outFeatures=${this.outFeatures}, bias=${this.bias !== null}`;
  }
}

/** Returns its input unchanged (a placeholder, e.g. to cut off a model's head). */
export class Identity extends Module {
  forward(x: Tensor): Tensor {
    return x;
  }
}
