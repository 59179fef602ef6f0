// nllLoss and crossEntropy with PyTorch's conventions: input (N, C, d1, …) or unbatched (C), class
// dim 1 (0 unbatched); targets are class indices (N, d1, …) or, for crossEntropy, probabilities
// shaped like the input. A weighted 'mean' divides by the total weight of the counted targets.
// The common case, (N, C) logits with plain class indices, runs as one fused op (softmaxCrossEntropy).

import type { Tensor } from '../../tensor/tensor.ts';
import { isFloat } from '../../tensor/dtype.ts';
import { sameShape } from '../../tensor/shape.ts';
import { DTypeError, IndexError, ShapeError, ValueError, fmtShape } from '../../errors.ts';
import { arange } from '../../tensor/creation.ts';
import { where, softmaxCrossEntropyOp } from '../../ops/index.ts';
import { checkReduction, LOSS_HINTS, type Reduction } from './reduction.ts';
import { checkOptions } from '../../options.ts';

export interface NllLossOptions {
  /** One weight per class, shape (C). */
  weight?: Tensor;
  /** Targets equal to this count for nothing (neither loss nor the mean's denominator). */
  ignoreIndex?: number;
  reduction?: Reduction;
}

export interface CrossEntropyOptions extends NllLossOptions {
  /** ε in [0, 1]: the target becomes (1 − ε)·target + ε/C, the uniform mix over classes. */
  labelSmoothing?: number;
}

/** Where the classes live, and how to spread a (C) vector over the input's dims. */
function layout(op: string, input: Tensor, weight: Tensor | undefined) {
  if (input.ndim === 0) throw new ShapeError(`${op}: input must have a class dim, got a 0-dim input`);
  const classDim = input.ndim === 1 ? 0 : 1;
  const C = input.shape[classDim];
  const spread = [...input.shape].fill(1);
  spread[classDim] = C;
  if (weight && !(weight.ndim === 1 && weight.shape[0] === C)) {
    throw new ShapeError(`${op}: weight must have shape [${C}] (one per class) for input of shape ${fmtShape(input.shape)}, got ${fmtShape(weight.shape)}`);
  }
  return { classDim, C, spread };
}

/** Checks an index target's dtype, shape and values. */
function checkIndexTarget(op: string, input: Tensor, target: Tensor, classDim: number, C: number, ignoreIndex: number): void {
  const expected = input.shape.filter((_, i) => i !== classDim);
  if (!sameShape(target.shape, expected)) {
    const probs = op === 'crossEntropy' ? ` (class indices) or ${fmtShape(input.shape)} (class probabilities)` : '';
    throw new ShapeError(`${op}: target of shape ${fmtShape(target.shape)} does not fit input of shape ${fmtShape(input.shape)}: expected ${fmtShape(expected)}${probs}`);
  }
  if (target.dtype !== 'int32') {
    const hint = isFloat(target.dtype) && op === 'crossEntropy' ? `; class probabilities must have the input's shape ${fmtShape(input.shape)}` : '';
    throw new DTypeError(`${op}: class-index target must be int32, got ${target.dtype} target of shape ${fmtShape(target.shape)} for input of shape ${fmtShape(input.shape)}${hint}`);
  }
  const values = target.toTypedArray();
  for (const t of values) {
    if (t !== ignoreIndex && (t < 0 || t >= C)) {
      throw new IndexError(`${op}: target index ${t} is out of range for ${C} classes (valid: 0..${C - 1}, or ignoreIndex ${ignoreIndex})`);
    }
  }
}

/** Checks an index target; returns the one-hot mask of the counted targets. */
function indexMask(op: string, input: Tensor, target: Tensor, classDim: number, C: number, spread: number[], ignoreIndex: number): Tensor {
  checkIndexTarget(op, input, target, classDim, C, ignoreIndex);
  const t = target.unsqueeze(classDim);
  return t.eq(arange(C).reshape(spread)).logicalAnd(t.ne(ignoreIndex));
}

/**
 * Negative log-likelihood of the target classes: loss = −weight[y]·input[y] for input holding
 * log-probabilities; targets equal to ignoreIndex contribute 0.
 */
export function nllLoss(input: Tensor, target: Tensor, opts: NllLossOptions = {}): Tensor {
  checkOptions('nllLoss', opts, ['weight', 'ignoreIndex', 'reduction'], LOSS_HINTS);
  const { weight, ignoreIndex = -100, reduction = 'mean' } = opts;
  const op = 'nllLoss';
  checkReduction(op, reduction, ['none', 'mean', 'sum'] as const);
  const { classDim, C, spread } = layout(op, input, weight);
  const mask = indexMask(op, input, target, classDim, C, spread, ignoreIndex);
  return nllFromMask(input, mask, classDim, weight?.reshape(spread), reduction).loss;
}

// where() (not a multiply by the mask) picks the target entries, so a −∞ log-probability of some
// other class cannot make 0·∞ = NaN.
function nllFromMask(logp: Tensor, mask: Tensor, classDim: number, w: Tensor | undefined, reduction: Reduction) {
  const picked = where(mask, w ? logp.mul(w) : logp, 0).sum(classDim).neg();
  // Each counted target's weight (1 without weights), 0 for ignored ones: the mean's denominator.
  const total = (w ? where(mask, w, 0) : mask.to(logp.dtype)).sum();
  const loss = reduction === 'none' ? picked : reduction === 'sum' ? picked.sum() : picked.sum().div(total);
  return { loss, total };
}

/**
 * logSoftmax over the class dim, then the negative log-likelihood of the target: class indices
 * (int32, with weight/ignoreIndex) or class probabilities (float, the input's shape).
 */
export function crossEntropy(input: Tensor, target: Tensor, opts: CrossEntropyOptions = {}): Tensor {
  const op = 'crossEntropy';
  checkOptions(op, opts, ['weight', 'ignoreIndex', 'reduction', 'labelSmoothing'], LOSS_HINTS);
  const { weight, ignoreIndex = -100, reduction = 'mean', labelSmoothing: eps = 0 } = opts;
  checkReduction(op, reduction, ['none', 'mean', 'sum'] as const);
  if (!(eps >= 0 && eps <= 1)) throw new ValueError(`${op}: labelSmoothing must be in [0, 1], got ${eps}`);
  const { classDim, C, spread } = layout(op, input, weight);
  const w = weight?.reshape(spread);
  const probabilities = sameShape(target.shape, input.shape);
  if (!probabilities && input.ndim === 2 && isFloat(input.dtype) && !w && eps === 0) {
    checkIndexTarget(op, input, target, classDim, C, ignoreIndex);
    const losses = softmaxCrossEntropyOp([input, target], { ignoreIndex });
    if (reduction === 'none') return losses;
    // 'mean' divides by the count of counted targets: 0/0 = NaN when every target is ignored, as in PyTorch.
    return reduction === 'sum' ? losses.sum() : losses.sum().div(target.ne(ignoreIndex).to(input.dtype).sum());
  }
  const logp = input.logSoftmax(classDim);

  if (probabilities) {
    if (!isFloat(target.dtype)) {
      throw new DTypeError(`${op}: a target shaped like the input ${fmtShape(input.shape)} holds class probabilities and must be float, got ${target.dtype}`);
    }
    const q = eps > 0 ? target.mul(1 - eps).add(eps / C) : target;
    const perItem = (w ? logp.mul(q).mul(w) : logp.mul(q)).sum(classDim).neg();
    if (reduction === 'none') return perItem;
    // The mean is over items (N·d1·…), whatever the weights: PyTorch's rule for probabilities.
    return reduction === 'sum' ? perItem.sum() : perItem.sum().div(input.numel() / C);
  }

  const mask = indexMask(op, input, target, classDim, C, spread, ignoreIndex);
  const { loss: nll, total } = nllFromMask(logp, mask, classDim, w, reduction);
  if (eps === 0) return nll;
  // The uniform part: −Σ_c w_c·logp_c per counted item, averaged with the same denominator as nll.
  const smooth = where(target.ne(ignoreIndex), (w ? logp.mul(w) : logp).sum(classDim).neg(), 0);
  const smoothLoss = reduction === 'none' ? smooth : reduction === 'sum' ? smooth.sum() : smooth.sum().div(total);
  return nll.mul(1 - eps).add(smoothLoss.mul(eps / C));
}
