// BatchNorm1d/2d, LayerNorm and GroupNorm as modules. Batch norm keeps running statistics as
// buffers (runningMean, runningVar, numBatchesTracked): training mode normalizes with the batch's
// own statistics and updates the running ones; eval mode normalizes with the running ones.

import type { Tensor } from '../tensor/tensor.ts';
import type { DType } from '../tensor/dtype.ts';
import { zeros, ones, scalar } from '../tensor/creation.ts';
import { batchNorm, layerNorm, groupNorm } from '../functional/normalization.ts';
import { noGrad } from '../autograd/grad-mode.ts';
import { ShapeError, ValueError, fmtShape } from '../errors.ts';
import { Module } from './module.ts';
import { Parameter } from './parameter.ts';
import { ones_, zeros_ } from './init.ts';
import { checkOptions } from '../options.ts';

export interface BatchNormOptions {
  eps?: number;
  /** running ← (1 − momentum)·running + momentum·batch; null: a plain cumulative average over batches. */
  momentum?: number | null;
  /** Learn a per-channel scale (weight, init 1) and shift (bias, init 0). Default true. */
  affine?: boolean;
  /** Keep running statistics for eval mode (default true); without them eval uses batch statistics too. */
  trackRunningStats?: boolean;
  dtype?: DType;
}

abstract class BatchNormNd extends Module {
  readonly numFeatures: number;
  readonly eps: number;
  readonly momentum: number | null;
  readonly affine: boolean;
  readonly trackRunningStats: boolean;
  weight: Parameter | null;
  bias: Parameter | null;
  declare runningMean: Tensor | null;
  declare runningVar: Tensor | null;
  declare numBatchesTracked: Tensor | null;

  constructor(numFeatures: number, opts: BatchNormOptions) {
    super();
    checkOptions(new.target.name, opts, ['eps', 'momentum', 'affine', 'trackRunningStats', 'dtype']);
    const { eps = 1e-5, momentum = 0.1, affine = true, trackRunningStats = true, dtype = 'float32' } = opts;
    if (!Number.isInteger(numFeatures) || numFeatures < 1) throw new ValueError(`${this.constructor.name}: numFeatures must be a positive integer, got ${numFeatures}`);
    this.numFeatures = numFeatures; this.eps = eps; this.momentum = momentum; this.affine = affine; this.trackRunningStats = trackRunningStats;
    this.weight = affine ? new Parameter(ones([numFeatures], { dtype })) : null;
    this.bias = affine ? new Parameter(zeros([numFeatures], { dtype })) : null;
    this.registerBuffer('runningMean', trackRunningStats ? zeros([numFeatures], { dtype }) : null);
    this.registerBuffer('runningVar', trackRunningStats ? ones([numFeatures], { dtype }) : null);
    this.registerBuffer('numBatchesTracked', trackRunningStats ? scalar(0, { dtype: 'int32' }) : null);
  }

  /** The input ranks this layer accepts. */
  protected abstract _ranks(): number[];

  resetRunningStats(): void {
    if (this.runningMean) zeros_(this.runningMean);
    if (this.runningVar) ones_(this.runningVar);
    if (this.numBatchesTracked) zeros_(this.numBatchesTracked);
  }

  resetParameters(): void {
    this.resetRunningStats();
    if (this.weight) ones_(this.weight);
    if (this.bias) zeros_(this.bias);
  }

  forward(x: Tensor): Tensor {
    const name = this.constructor.name;
    if (!this._ranks().includes(x.ndim)) {
      throw new ShapeError(`${name}: expected a ${this._ranks().join('-D or ')}-D input, got x of shape ${fmtShape(x.shape)}`);
    }
    if (x.shape[1] !== this.numFeatures) {
      throw new ShapeError(`${name}: x of shape ${fmtShape(x.shape)} has ${x.shape[1]} channels (dim 1), the layer expects ${this.numFeatures}`);
    }
    let momentum = this.momentum ?? 0;
    if (this.training && this.trackRunningStats && this.numBatchesTracked) {
      noGrad(() => this.numBatchesTracked!.add_(1));
      if (this.momentum === null) momentum = 1 / this.numBatchesTracked.item(); // cumulative average
    }
    // Batch statistics in training, and also in eval when there are no running ones to use.
    const useBatchStats = this.training || !this.runningMean;
    const track = !this.training || this.trackRunningStats;
    return batchNorm(x, track ? this.runningMean : null, track ? this.runningVar : null, this.weight, this.bias,
      { training: useBatchStats, momentum, eps: this.eps });
  }

  override extraRepr(): string {
    return `${this.numFeatures}, eps=${this.eps}, momentum=${this.momentum}, affine=${this.affine}, trackRunningStats=${this.trackRunningStats}`;
  }
}

/** x: (N, C) or (N, C, L), normalized per channel C. */
export class BatchNorm1d extends BatchNormNd {
  constructor(numFeatures: number, opts: BatchNormOptions = {}) {
    super(numFeatures, opts);
  }
  protected _ranks(): number[] {
    return [2, 3];
  }
}

/** x: (N, C, H, W), normalized per channel C over N, H and W. */
export class BatchNorm2d extends BatchNormNd {
  constructor(numFeatures: number, opts: BatchNormOptions = {}) {
    super(numFeatures, opts);
  }
  protected _ranks(): number[] {
    return [4];
  }
}

export interface LayerNormOptions {
  eps?: number;
  /** Learn a per-element scale (init 1) and shift (init 0) of normalizedShape. Default true. */
  elementwiseAffine?: boolean;
  /** With elementwiseAffine, also learn the shift (default true). */
  bias?: boolean;
  dtype?: DType;
}

/** Normalizes each sample over its last dims (normalizedShape); the same in training and eval. */
export class LayerNorm extends Module {
  readonly normalizedShape: number[];
  readonly eps: number;
  readonly elementwiseAffine: boolean;
  weight: Parameter | null;
  bias: Parameter | null;

  constructor(normalizedShape: number | readonly number[], opts: LayerNormOptions = {}) {
    super();
    checkOptions('LayerNorm', opts, ['eps', 'elementwiseAffine', 'bias', 'dtype']);
    const { eps = 1e-5, elementwiseAffine = true, bias = true, dtype = 'float32' } = opts;
    this.normalizedShape = typeof normalizedShape === 'number' ? [normalizedShape] : [...normalizedShape];
    if (this.normalizedShape.some((d) => !Number.isInteger(d) || d < 1)) {
      throw new ValueError(`LayerNorm: normalizedShape must be positive integers, got ${JSON.stringify(normalizedShape)}`);
    }
    this.eps = eps;
    this.elementwiseAffine = elementwiseAffine;
    this.weight = elementwiseAffine ? new Parameter(ones(this.normalizedShape, { dtype })) : null;
    this.bias = elementwiseAffine && bias ? new Parameter(zeros(this.normalizedShape, { dtype })) : null;
  }

  forward(x: Tensor): Tensor {
    return layerNorm(x, this.normalizedShape, this.weight, this.bias, this.eps);
  }

  override extraRepr(): string {
    return `[${this.normalizedShape.join(', ')}], eps=${this.eps}, elementwiseAffine=${this.elementwiseAffine}`;
  }
}

/** x: (N, C, …): channels in numGroups groups, each normalized over its channels and positions. */
export class GroupNorm extends Module {
  readonly eps: number;
  readonly affine: boolean;
  weight: Parameter | null;
  bias: Parameter | null;

  constructor(readonly numGroups: number, readonly numChannels: number, opts: { eps?: number; affine?: boolean; dtype?: DType } = {}) {
    super();
    checkOptions('GroupNorm', opts, ['eps', 'affine', 'dtype']);
    const { eps = 1e-5, affine = true, dtype = 'float32' } = opts;
    if (!Number.isInteger(numGroups) || numGroups < 1 || numChannels % numGroups) {
      throw new ValueError(`GroupNorm: numGroups ${numGroups} must be a positive integer dividing numChannels ${numChannels}`);
    }
    this.eps = eps;
    this.affine = affine;
    this.weight = affine ? new Parameter(ones([numChannels], { dtype })) : null;
    this.bias = affine ? new Parameter(zeros([numChannels], { dtype })) : null;
  }

  forward(x: Tensor): Tensor {
    if (x.ndim < 2 || x.shape[1] !== this.numChannels) {
      throw new ShapeError(`GroupNorm: x of shape ${fmtShape(x.shape)} must be (N, ${this.numChannels}, …)`);
    }
    return groupNorm(x, this.numGroups, this.weight, this.bias, this.eps);
  }

  override extraRepr(): string {
    return `${this.numGroups}, ${this.numChannels}, eps=${this.eps}, affine=${this.affine}`;
  }
}
