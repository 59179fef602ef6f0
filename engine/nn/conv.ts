// Conv1d/2d/3d and ConvTranspose1d/2d/3d: the learned filters around the functional convNd and
// convTransposeNd. Options as PyTorch (stride, padding, dilation, groups, bias, paddingMode; and
// outputPadding for the transposed ones); weights and bias default to U(±1/√fanIn), fanIn = weight
// dim 1 · kernel area (inChannels/groups for a conv, outChannels/groups for a transposed one).

import type { Tensor } from '../tensor/tensor.ts';
import type { DType } from '../tensor/dtype.ts';
import { conv1d, conv2d, conv3d, convTranspose1d, convTranspose2d, convTranspose3d, type ConvFn, type ConvTransposeFn } from '../ops/conv-nd.ts';
import { perDim } from '../ops/window.ts';
import { padIndexed } from '../ops/pad-indexed.ts';
import { checkOptions } from '../options.ts';
import { ValueError, fmtShape } from '../errors.ts';
import { Module } from './module.ts';
import { Parameter } from './parameter.ts';
import { kaimingUniform_ } from './init.ts';
import { empty, reprArgs, resetBias } from './util.ts';

type PerDim = number | readonly number[];
/** 'zeros' pads inside the convolution; the others pad x first (one op, ONNX Pad), then convolve unpadded. */
export type PaddingMode = 'zeros' | 'reflect' | 'replicate' | 'circular';
const MODES: readonly PaddingMode[] = ['zeros', 'reflect', 'replicate', 'circular'];

export interface ConvLayerOptions {
  stride?: PerDim;
  padding?: PerDim | 'valid' | 'same';
  dilation?: PerDim;
  groups?: number;
  bias?: boolean;
  paddingMode?: PaddingMode;
  dtype?: DType;
}
const CONV_KEYS = ['stride', 'padding', 'dilation', 'groups', 'bias', 'paddingMode', 'dtype'];

/** Checks groups and channel counts, returns the resolved kernel size, stride and dilation. */
function layerGeometry(name: string, nd: number, inChannels: number, outChannels: number, kernelSize: PerDim, stride: PerDim, dilation: PerDim, groups: number) {
  if (!Number.isInteger(groups) || groups < 1) throw new ValueError(`${name}: groups must be a positive integer, got ${groups}`);
  for (const [what, v] of [['inChannels', inChannels], ['outChannels', outChannels]] as const) {
    if (!Number.isInteger(v) || v < 1 || v % groups) {
      throw new ValueError(`${name}: ${what} (${v}) must be a positive integer divisible by groups (${groups})`);
    }
  }
  return { kernelSize: perDim(name, 'kernelSize', kernelSize, nd, 1), stride: perDim(name, 'stride', stride, nd, 1), dilation: perDim(name, 'dilation', dilation, nd, 1) };
}

/**
 * pad() for a conv's paddingMode, as (left, right) pairs from the last dim back. PyTorch's limits
 * become errors that name the layer: reflect needs padding < size (the edge is not repeated),
 * circular padding ≤ size (wrapping around once at most), replicate a non-empty dim.
 */
function padForMode(name: string, x: Tensor, mode: Exclude<PaddingMode, 'zeros'>, before: readonly number[], after: readonly number[]): Tensor {
  const nd = before.length, spatial = x.shape.slice(x.ndim - nd);
  spatial.forEach((n, i) => {
    const p = Math.max(before[i], after[i]);
    const ok = mode === 'reflect' ? p < n : mode === 'circular' ? p <= n : n > 0;
    if (!ok) {
      const rule = mode === 'reflect' ? 'smaller than' : mode === 'circular' ? 'at most' : 'used with a non-empty';
      throw new ValueError(`${name}: paddingMode '${mode}' needs padding ${rule} the input size, got padding ${fmtShape(before)}${before.some((b, j) => b !== after[j]) ? `+${fmtShape(after)}` : ''} for spatial size ${fmtShape(spatial)} (x ${fmtShape(x.shape)})`);
    }
  });
  const pairs = [...before.keys()].reverse().flatMap((i) => [before[i], after[i]]);
  return padIndexed(x, pairs, mode);
}

abstract class ConvNd extends Module {
  readonly inChannels: number;
  readonly outChannels: number;
  readonly kernelSize: number[];
  readonly stride: number[];
  readonly padding: number[] | 'valid' | 'same';
  readonly dilation: number[];
  readonly groups: number;
  readonly paddingMode: PaddingMode;
  weight: Parameter;
  bias: Parameter | null;
  readonly #conv: ConvFn;
  readonly #name: string;

  constructor(nd: number, conv: ConvFn, inChannels: number, outChannels: number, kernelSize: PerDim, opts: ConvLayerOptions) {
    super();
    const name = `Conv${nd}d`;
    checkOptions(name, opts, CONV_KEYS);
    const { stride = 1, padding = 0, dilation = 1, groups = 1, bias = true, paddingMode = 'zeros', dtype = 'float32' } = opts;
    ({ kernelSize: this.kernelSize, stride: this.stride, dilation: this.dilation } = layerGeometry(name, nd, inChannels, outChannels, kernelSize, stride, dilation, groups));
    this.inChannels = inChannels;
    this.outChannels = outChannels;
    if (padding === 'same' && this.stride.some((s) => s !== 1)) throw new ValueError(`${name}: padding 'same' needs stride 1, got stride [${this.stride.join(', ')}]`);
    this.padding = padding === 'same' || padding === 'valid' ? padding : perDim(name, 'padding', padding, nd, 0);
    if (!MODES.includes(paddingMode)) throw new ValueError(`${name}: paddingMode must be one of ${MODES.join(', ')}, got '${paddingMode}'`);
    this.paddingMode = paddingMode;
    this.groups = groups;
    this.#conv = conv;
    this.#name = name;
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
    const { stride, padding, dilation, groups, paddingMode } = this;
    if (paddingMode === 'zeros' || padding === 'valid') return this.#conv(x, this.weight, this.bias, { stride, padding, dilation, groups });
    // 'same' splits d·(k−1) with the odd cell at the end, as the zeros mode does inside the conv.
    const total = this.kernelSize.map((k, i) => (padding === 'same' ? dilation[i] * (k - 1) : 2 * padding[i]));
    const before = total.map((t) => Math.floor(t / 2));
    const padded = padForMode(this.#name, x, paddingMode, before, total.map((t, i) => t - before[i]));
    return this.#conv(padded, this.weight, this.bias, { stride, padding: 0, dilation, groups });
  }

  override extraRepr(): string {
    const nd = this.kernelSize.length, ones = new Array(nd).fill(1);
    return `${this.inChannels}, ${this.outChannels}, ` + reprArgs([
      ['kernelSize', this.kernelSize], ['stride', this.stride], ['padding', this.padding, new Array(nd).fill(0)],
      ['dilation', this.dilation, ones], ['groups', this.groups, 1], ['bias', this.bias !== null, true], ['paddingMode', this.paddingMode, 'zeros'],
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

export interface ConvTransposeLayerOptions {
  stride?: PerDim;
  padding?: PerDim;
  outputPadding?: PerDim;
  dilation?: PerDim;
  groups?: number;
  bias?: boolean;
  /** Only 'zeros', as in PyTorch: the padding here crops the output rather than extending the input. */
  paddingMode?: 'zeros';
  dtype?: DType;
}
const TRANSPOSE_KEYS = ['stride', 'padding', 'outputPadding', 'dilation', 'groups', 'bias', 'paddingMode', 'dtype'];

abstract class ConvTransposeNd extends Module {
  readonly inChannels: number;
  readonly outChannels: number;
  readonly kernelSize: number[];
  readonly stride: number[];
  readonly padding: number[];
  readonly outputPadding: number[];
  readonly dilation: number[];
  readonly groups: number;
  weight: Parameter;
  bias: Parameter | null;
  readonly #conv: ConvTransposeFn;
  readonly #name: string;

  constructor(nd: number, conv: ConvTransposeFn, inChannels: number, outChannels: number, kernelSize: PerDim, opts: ConvTransposeLayerOptions) {
    super();
    const name = `ConvTranspose${nd}d`;
    checkOptions(name, opts, TRANSPOSE_KEYS);
    const { stride = 1, padding = 0, outputPadding = 0, dilation = 1, groups = 1, bias = true, paddingMode = 'zeros', dtype = 'float32' } = opts;
    ({ kernelSize: this.kernelSize, stride: this.stride, dilation: this.dilation } = layerGeometry(name, nd, inChannels, outChannels, kernelSize, stride, dilation, groups));
    if (paddingMode !== 'zeros') throw new ValueError(`${name}: only paddingMode 'zeros' is supported (as in PyTorch), got '${paddingMode}'`);
    this.inChannels = inChannels;
    this.outChannels = outChannels;
    this.padding = perDim(name, 'padding', padding, nd, 0);
    this.outputPadding = perDim(name, 'outputPadding', outputPadding, nd, 0);
    this.groups = groups;
    this.#conv = conv;
    this.#name = name;
    // (C_in, C_out/groups, …kernel): the layout of the conv this one transposes, read the other way.
    this.weight = new Parameter(empty([inChannels, outChannels / groups, ...this.kernelSize], dtype));
    this.bias = bias ? new Parameter(empty([outChannels], dtype)) : null;
    this.resetParameters();
  }

  /** As Conv: W ~ U(±1/√fanIn), b ~ U(±1/√fanIn), but fanIn is weight dim 1 (outChannels/groups) · kernel area. */
  resetParameters(): void {
    kaimingUniform_(this.weight, { a: Math.sqrt(5) });
    if (this.bias) resetBias(this.bias, this.weight);
  }

  /**
   * x: (N, inChannels, …spatial) or unbatched. Several output sizes map back to the input size
   * under the strided conv; outputSize (the spatial sizes, or with N and C in front) picks one.
   */
  forward(x: Tensor, outputSize?: readonly number[]): Tensor {
    const { stride, padding, dilation, groups } = this;
    const outputPadding = outputSize === undefined ? this.outputPadding : this.#outputPaddingFor(x, outputSize);
    return this.#conv(x, this.weight, this.bias, { stride, padding, outputPadding, dilation, groups });
  }

  // The smallest output is outputPadding 0; each size up to stride − 1 more is also reachable.
  #outputPaddingFor(x: Tensor, outputSize: readonly number[]): number[] {
    const nd = this.kernelSize.length, spatial = x.shape.slice(x.ndim - nd);
    const size = outputSize.length === x.ndim ? outputSize.slice(x.ndim - nd) : outputSize; // (N, C, …) or (C, …) in front
    const min = spatial.map((n, i) => (n - 1) * this.stride[i] - 2 * this.padding[i] + this.dilation[i] * (this.kernelSize[i] - 1) + 1);
    const max = min.map((m, i) => m + this.stride[i] - 1);
    if (size.length !== nd || size.some((s, i) => !Number.isInteger(s) || s < min[i] || s > max[i])) {
      throw new ValueError(`${this.#name}: outputSize ${fmtShape(outputSize)} is not reachable from x ${fmtShape(x.shape)}: each of the ${nd} spatial sizes must lie between ${fmtShape(min)} and ${fmtShape(max)}`);
    }
    return size.map((s, i) => s - min[i]);
  }

  override extraRepr(): string {
    const nd = this.kernelSize.length, zeros = new Array(nd).fill(0);
    return `${this.inChannels}, ${this.outChannels}, ` + reprArgs([
      ['kernelSize', this.kernelSize], ['stride', this.stride], ['padding', this.padding, zeros], ['outputPadding', this.outputPadding, zeros],
      ['dilation', this.dilation, new Array(nd).fill(1)], ['groups', this.groups, 1], ['bias', this.bias !== null, true],
    ]);
  }
}

/** x: (N, C_in, L) → (N, C_out, L_out), L_out = (L − 1)·stride − 2·padding + dilation·(k − 1) + outputPadding + 1. */
export class ConvTranspose1d extends ConvTransposeNd {
  constructor(inChannels: number, outChannels: number, kernelSize: PerDim, opts: ConvTransposeLayerOptions = {}) {
    super(1, convTranspose1d, inChannels, outChannels, kernelSize, opts);
  }
}

/** x: (N, C_in, H, W) → (N, C_out, H_out, W_out); weight: (C_in, C_out/groups, kH, kW). */
export class ConvTranspose2d extends ConvTransposeNd {
  constructor(inChannels: number, outChannels: number, kernelSize: PerDim, opts: ConvTransposeLayerOptions = {}) {
    super(2, convTranspose2d, inChannels, outChannels, kernelSize, opts);
  }
}

/** x: (N, C_in, D, H, W) → (N, C_out, D_out, H_out, W_out). */
export class ConvTranspose3d extends ConvTransposeNd {
  constructor(inChannels: number, outChannels: number, kernelSize: PerDim, opts: ConvTransposeLayerOptions = {}) {
    super(3, convTranspose3d, inChannels, outChannels, kernelSize, opts);
  }
}
