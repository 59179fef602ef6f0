// Pooling layers — MaxPool1d/2d, AvgPool1d/2d, AdaptiveAvgPool1d/2d — thin modules over the
// functional pools; they hold settings, no parameters.

import type { Tensor } from '../tensor/tensor.ts';
import { maxPool1d, maxPool2d, avgPool1d, avgPool2d, type MaxPoolOptions, type AvgPoolOptions } from '../ops/pool-nd.ts';
import { adaptiveAvgPool1d, adaptiveAvgPool2d } from '../functional/adaptive-pool.ts';
import { Module } from './module.ts';
import { reprArgs } from './util.ts';
import { checkOptions } from '../options.ts';

type PerDim = number | readonly number[];
export type MaxPoolLayerOptions = Omit<MaxPoolOptions, 'kernelSize' | 'returnIndices'>;
export type AvgPoolLayerOptions = Omit<AvgPoolOptions, 'kernelSize'>;

abstract class MaxPoolNd extends Module {
  readonly kernelSize: PerDim;
  readonly options: MaxPoolLayerOptions;

  constructor(kernelSize: PerDim, options: MaxPoolLayerOptions) {
    super();
    checkOptions(new.target.name, options, ['stride', 'padding', 'dilation', 'ceilMode'], { returnIndices: 'the layer returns values only: call maxPool2d(x, kernelSize, {returnIndices: true}) for the indices' });
    this.kernelSize = kernelSize;
    this.options = { ...options };
  }

  override extraRepr(): string {
    const { stride, padding = 0, dilation = 1, ceilMode = false } = this.options;
    return reprArgs([['kernelSize', this.kernelSize], ['stride', stride ?? this.kernelSize], ['padding', padding], ['dilation', dilation], ['ceilMode', ceilMode]]);
  }
}

/** x: (N, C, L) or (C, L): the maximum of each window; stride defaults to kernelSize. */
export class MaxPool1d extends MaxPoolNd {
  constructor(kernelSize: PerDim, options: MaxPoolLayerOptions = {}) {
    super(kernelSize, options);
  }
  forward(x: Tensor): Tensor {
    return maxPool1d(x, this.kernelSize, this.options);
  }
}

/** x: (N, C, H, W) or (C, H, W): the maximum of each window; stride defaults to kernelSize. */
export class MaxPool2d extends MaxPoolNd {
  constructor(kernelSize: PerDim, options: MaxPoolLayerOptions = {}) {
    super(kernelSize, options);
  }
  forward(x: Tensor): Tensor {
    return maxPool2d(x, this.kernelSize, this.options);
  }
}

abstract class AvgPoolNd extends Module {
  readonly kernelSize: PerDim;
  readonly options: AvgPoolLayerOptions;

  constructor(kernelSize: PerDim, options: AvgPoolLayerOptions) {
    super();
    checkOptions(new.target.name, options, ['stride', 'padding', 'ceilMode', 'countIncludePad', 'divisorOverride']);
    this.kernelSize = kernelSize;
    this.options = { ...options };
  }

  override extraRepr(): string {
    const { stride, padding = 0, ceilMode = false, countIncludePad = true, divisorOverride } = this.options;
    return reprArgs([['kernelSize', this.kernelSize], ['stride', stride ?? this.kernelSize], ['padding', padding], ['ceilMode', ceilMode, false],
      ['countIncludePad', countIncludePad, true], ['divisorOverride', divisorOverride ?? null, null]]);
  }
}

/** x: (N, C, L) or (C, L): the mean of each window. */
export class AvgPool1d extends AvgPoolNd {
  constructor(kernelSize: PerDim, options: AvgPoolLayerOptions = {}) {
    super(kernelSize, options);
  }
  forward(x: Tensor): Tensor {
    return avgPool1d(x, this.kernelSize, this.options);
  }
}

/** x: (N, C, H, W) or (C, H, W): the mean of each window. */
export class AvgPool2d extends AvgPoolNd {
  constructor(kernelSize: PerDim, options: AvgPoolLayerOptions = {}) {
    super(kernelSize, options);
  }
  forward(x: Tensor): Tensor {
    return avgPool2d(x, this.kernelSize, this.options);
  }
}

/** (N, C, L) → (N, C, outputSize), whatever L is. */
export class AdaptiveAvgPool1d extends Module {
  constructor(readonly outputSize: number) {
    super();
  }
  forward(x: Tensor): Tensor {
    return adaptiveAvgPool1d(x, this.outputSize);
  }
  override extraRepr(): string {
    return `outputSize=${this.outputSize}`;
  }
}

/** (N, C, H, W) → (N, C, outH, outW), whatever H and W are; a null entry keeps that size. */
export class AdaptiveAvgPool2d extends Module {
  constructor(readonly outputSize: number | readonly [number | null, number | null]) {
    super();
  }
  forward(x: Tensor): Tensor {
    return adaptiveAvgPool2d(x, this.outputSize);
  }
  override extraRepr(): string {
    return `outputSize=${typeof this.outputSize === 'number' ? this.outputSize : `[${this.outputSize.join(', ')}]`}`;
  }
}
