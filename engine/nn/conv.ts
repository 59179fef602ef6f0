// Conv1d and Conv2d (and Conv3d): the learned filters around the functional convNd. Options as
// PyTorch (stride, padding as a number, per-dim list, 'valid' or 'same', dilation, groups, bias);
// weights and bias default to U(±1/√fanIn), fanIn = inChannels/groups · kernel area.

import type { Tensor } from '../tensor/tensor.ts';
import type { DType } from '../tensor/dtype.ts';
import { conv1d, conv2d, conv3d, type ConvFn } from '../ops/conv-nd.ts';
import { perDim } from '../ops/window.ts';
import { ValueError } from '../errors.ts';
import { Module } from './module.ts';
import { Parameter } from './parameter.ts';
import { kaimingUniform_ } from './init.ts';
import { empty, reprArgs, resetBias } from './util.ts';

type PerDim = number | readonly number[];
export interface ConvLayerOptions {
  stride?: PerDim;
  padding?: PerDim | 'valid' | 'same';
  dilation?: PerDim;
  groups?: number;
  bias?: boolean;
  dtype?: DType;
}

abstract class ConvNd extends Module {
  readonly inChannels: number;
  readonly outChannels: number;
  readonly kernelSize: number[];
  readonly stride: number[];
  readonly padding: number[] | 'valid' | 'same';
  readonly dilation: number[];
  readonly groups: number;
  weight: Parameter;
  bias: Parameter | null;
  readonly #conv: ConvFn;

  constructor(nd: number, conv: ConvFn, inChannels: number, outChannels: number, kernelSize: PerDim, opts: ConvLayerOptions) {
    super();
    const name = `Conv${nd}d`;
    const { stride = 1, padding = 0, dilation = 1, groups = 1, bias = true, dtype = 'float32' } = opts;
    if (!Number.isInteger(groups) || groups < 1) throw new ValueError(`${name}: groups must be a positive integer, got ${groups}`);
    for (const [what, v] of [['inChannels', inChannels], ['outChannels', outChannels]] as const) {
      if (!Number.isInteger(v) || v < 1 || v % groups) {
        throw new ValueError(`${name}: ${what} (${v}) must be a positive integer divisible by groups (${groups})`);
      }
    }
    this.inChannels = inChannels;
    this.outChannels = outChannels;
    this.kernelSize = perDim(name, 'kernelSize', kernelSize, nd, 1);
    this.stride = perDim(name, 'stride', stride, nd, 1);
    this.dilation = perDim(name, 'dilation', dilation, nd, 1);
    if (padding === 'same' && this.stride.some((s) => s !== 1)) throw new ValueError(`${name}: padding 'same' needs stride 1, got stride [${this.stride.join(', ')}]`);
    this.padding = padding === 'same' || padding === 'valid' ? padding : perDim(name, 'padding', padding, nd, 0);
    this.groups = groups;
    this.#conv = conv;
    this.weight = new Parameter(empty([outChannels, inChannels / groups, ...this.kernelSize], dtype));
    this.bias = bias ? new Parameter(empty([outChannels], dtype)) : null;
    this.resetParameters();
  }

  /** W ~ U(±1/√fanIn) (kaimingUniform_ with a = √5), b ~ U(±1/√fanIn). */
  resetParameters(): void {
    kaimingUniform_(this.weight, { a: Math.sqrt(5) });
    if (this.bias) resetBias(this.bias, this.weight);
  }

  /** x: (N, inChannels, …spatial) or unbatched (inChannels, …spatial). */
  forward(x: Tensor): Tensor {
    const { stride, padding, dilation, groups } = this;
    return this.#conv(x, this.weight, this.bias, { stride, padding, dilation, groups });
  }

  override extraRepr(): string {
    const nd = this.kernelSize.length, ones = new Array(nd).fill(1);
    return `${this.inChannels}, ${this.outChannels}, ` + reprArgs([
      ['kernelSize', this.kernelSize], ['stride', this.stride], ['padding', this.padding, new Array(nd).fill(0)],
      ['dilation', this.dilation, ones], ['groups', this.groups, 1], ['bias', this.bias !== null, true],
    ]);
  }
}

/** x: (N, C_in, L) → (N, C_out, L_out); weight: (C_out, C_in/groups, k). */
export class Conv1d extends ConvNd {
  constructor(inChannels: number, outChannels: number, kernelSize: PerDim, opts: ConvLayerOptions = {}) {
    super(1, conv1d, inChannels, outChannels, kernelSize, opts);
  }
}

/** x: (N, C_in, H, W) → (N, C_out, H_out, W_out); weight: (C_out, C_in/groups, kH, kW). */
export class Conv2d extends ConvNd {
  constructor(inChannels: number, outChannels: number, kernelSize: PerDim, opts: ConvLayerOptions = {}) {
    super(2, conv2d, inChannels, outChannels, kernelSize, opts);
  }
}

/** x: (N, C_in, D, H, W) → (N, C_out, D_out, H_out, W_out). */
export class Conv3d extends ConvNd {
  constructor(inChannels: number, outChannels: number, kernelSize: PerDim, opts: ConvLayerOptions = {}) {
    super(3, conv3d, inChannels, outChannels, kernelSize, opts);
  }
}
