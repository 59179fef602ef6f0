// Normalization layers: batchNorm, layerNorm, groupNorm and instanceNorm. Each standardizes x over
// some dims — (x − mean)/√(var + eps), the biased variance, by the standardize primitive
// (ops/standardize.ts) — then applies an optional per-channel (or per-element) scale and shift.

import type { Tensor } from '../tensor/tensor.ts';
import { numel } from '../tensor/shape.ts';
import { backend } from '../backend/index.ts';
import { standardize } from '../ops/standardize.ts';
import { noGrad } from '../autograd/grad-mode.ts';
import { ShapeError, ValueError, fmtShape } from '../errors.ts';
import { checkOptions } from '../options.ts';

/**
 * (x − mean)/√(var + eps) over `dims`: those dims are moved last and flattened into rows for the
 * standardize primitive (a view when they already are last), and the result moved back.
 */
function standardizeOver(x: Tensor, dims: readonly number[], eps: number): Tensor {
  const rest = [...x.shape.keys()].filter((d) => !dims.includes(d));
  const order = [...rest, ...dims];
  const inPlace = order.every((d, i) => d === i);
  const moved = inPlace ? x : x.permute(order);
  const rowLength = numel(dims.map((d) => x.shape[d]));
  const y = standardize(moved.reshape([...rest.map((d) => x.shape[d]), rowLength]), eps).reshape(moved.shape);
  return inPlace ? y : y.permute(order.map((_, i) => order.indexOf(i)));
}

/** Per-channel scale and shift for x of shape (N, C, …): weight and bias of shape (C). */
function affineChannels(op: string, y: Tensor, weight?: Tensor | null, bias?: Tensor | null): Tensor {
  const shape = y.shape.map((s, i) => (i === 1 ? s : 1));
  for (const [name, t] of [['weight', weight], ['bias', bias]] as const) {
    if (t && (t.ndim !== 1 || t.shape[0] !== y.shape[1])) {
      throw new ShapeError(`${op}: ${name} must have shape [${y.shape[1]}] (one per channel of x ${fmtShape(y.shape)}), got ${fmtShape(t.shape)}`);
    }
  }
  if (weight) y = y.mul(weight.reshape(shape));
  return bias ? y.add(bias.reshape(shape)) : y;
}

export interface BatchNormOptions {
  /** Normalize with this batch's statistics and update the running ones (default false: use the running ones). */
  training?: boolean;
  /** running ← (1 − momentum)·running + momentum·batch (default 0.1). */
  momentum?: number;
  eps?: number;
}

/**
 * x: (N, C, …) normalized per channel over every other dim. In training the running mean and
 * (unbiased) variance are updated in place, outside the graph, as PyTorch does.
 */
export function batchNorm(
  x: Tensor, runningMean: Tensor | null, runningVar: Tensor | null, weight?: Tensor | null, bias?: Tensor | null,
  opts: BatchNormOptions = {},
): Tensor {
  checkOptions('batchNorm', opts, ['training', 'momentum', 'eps']);
  const { training = false, momentum = 0.1, eps = 1e-5 } = opts;
  if (x.ndim < 2) throw new ShapeError(`batchNorm: x needs at least 2 dims (N, C, …), got shape ${fmtShape(x.shape)}`);
  const C = x.shape[1];
  for (const [name, t] of [['runningMean', runningMean], ['runningVar', runningVar]] as const) {
    if (t && (t.ndim !== 1 || t.shape[0] !== C)) throw new ShapeError(`batchNorm: ${name} must have shape [${C}] for x ${fmtShape(x.shape)}, got ${fmtShape(t.shape)}`);
  }
  const dims = [...x.shape.keys()].filter((d) => d !== 1);
  const statShape = x.shape.map((s, i) => (i === 1 ? s : 1));
  if (!training) {
    if (!runningMean || !runningVar) throw new ValueError('batchNorm: inference (training: false) needs runningMean and runningVar');
    const y = x.sub(runningMean.reshape(statShape)).div(runningVar.reshape(statShape).add(eps).sqrt());
    return affineChannels('batchNorm', y, weight, bias);
  }
  const count = numel(x.shape) / Math.max(C, 1);
  if (count <= 1) throw new ValueError(`batchNorm: expected more than 1 value per channel when training, got x of shape ${fmtShape(x.shape)}`);
  const y = standardizeOver(x, dims, eps);
  noGrad(() => {
    const mean = x.mean({ dim: dims, keepdim: true }), centered = x.sub(mean);
    const variance = centered.mul(centered).mean({ dim: dims, keepdim: true });
    const blend = (running: Tensor, batch: Tensor) => backend().copyInto(running, running.mul(1 - momentum).add(batch.reshape([C]).mul(momentum)));
    if (runningMean) blend(runningMean, mean);
    if (runningVar) blend(runningVar, variance.mul(count / (count - 1))); // the unbiased variance, as PyTorch keeps
  });
  return affineChannels('batchNorm', y, weight, bias);
}

/** Normalizes over the last dims, which must equal normalizedShape; weight and bias have that shape. */
export function layerNorm(x: Tensor, normalizedShape: number | readonly number[], weight?: Tensor | null, bias?: Tensor | null, eps = 1e-5): Tensor {
  const shape = typeof normalizedShape === 'number' ? [normalizedShape] : [...normalizedShape];
  const tail = x.shape.slice(x.ndim - shape.length);
  if (shape.length > x.ndim || tail.some((s, i) => s !== shape[i])) {
    throw new ShapeError(`layerNorm: x of shape ${fmtShape(x.shape)} does not end with normalizedShape ${fmtShape(shape)}`);
  }
  for (const [name, t] of [['weight', weight], ['bias', bias]] as const) {
    if (t && fmtShape(t.shape) !== fmtShape(shape)) throw new ShapeError(`layerNorm: ${name} must have shape ${fmtShape(shape)}, got ${fmtShape(t.shape)}`);
  }
  let y = standardizeOver(x, shape.map((_, i) => x.ndim - shape.length + i), eps);
  if (weight) y = y.mul(weight);
  return bias ? y.add(bias) : y;
}

/** x: (N, C, …): channels split into numGroups groups, each normalized over its channels and positions. */
export function groupNorm(x: Tensor, numGroups: number, weight?: Tensor | null, bias?: Tensor | null, eps = 1e-5): Tensor {
  if (x.ndim < 2) throw new ShapeError(`groupNorm: x needs at least 2 dims (N, C, …), got shape ${fmtShape(x.shape)}`);
  if (!Number.isInteger(numGroups) || numGroups < 1 || x.shape[1] % numGroups) {
    throw new ValueError(`groupNorm: numGroups ${numGroups} must be a positive integer dividing the ${x.shape[1]} channels of x ${fmtShape(x.shape)}`);
  }
  const y = standardizeOver(x.reshape([x.shape[0], numGroups, -1]), [2], eps);
  return affineChannels('groupNorm', y.reshape(x.shape), weight, bias);
}

export interface InstanceNormOptions {
  weight?: Tensor | null;
  bias?: Tensor | null;
  eps?: number;
}

/** x: (N, C, …): each channel of each sample normalized over its positions (groupNorm with one channel per group). */
export function instanceNorm(x: Tensor, opts: InstanceNormOptions = {}): Tensor {
  checkOptions('instanceNorm', opts, ['weight', 'bias', 'eps']);
  const { weight, bias, eps = 1e-5 } = opts;
  if (x.ndim < 3) throw new ShapeError(`instanceNorm: x needs at least 3 dims (N, C, …spatial), got shape ${fmtShape(x.shape)}`);
  return groupNorm(x, x.shape[1], weight, bias, eps);
}
