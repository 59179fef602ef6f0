// Kullback–Leibler divergence KL(target ‖ q) with the input given as log q (as PyTorch's kl_div):
// pointwise target·(log target − input), with 0·log 0 taken as 0 (also for a log-target of −∞).

import type { Tensor } from '../../tensor/tensor.ts';
import { where } from '../../ops/index.ts';
import { checkSameShape, checkReduction, LOSS_HINTS } from './reduction.ts';
import { checkOptions } from '../../options.ts';

export interface KlDivOptions {
  /** 'batchmean' (sum / batch size) is the true KL per sample; 'mean' divides by every element. */
  reduction?: 'none' | 'mean' | 'batchmean' | 'sum';
  /** The target is given as log-probabilities too. */
  logTarget?: boolean;
}

export function klDiv(input: Tensor, target: Tensor, opts: KlDivOptions = {}): Tensor {
  checkOptions('klDiv', opts, ['reduction', 'logTarget'], LOSS_HINTS);
  const { reduction = 'mean', logTarget = false } = opts;
  const op = 'klDiv';
  const r = checkReduction(op, reduction, ['none', 'mean', 'batchmean', 'sum'] as const);
  checkSameShape(op, input, target);
  let loss: Tensor;
  if (logTarget) {
    // A log-target of −∞ is p = 0, which contributes 0 (PyTorch would give 0·(−∞) = NaN).
    const none = target.eq(-Infinity);
    const t = where(none, 0, target);
    loss = where(none, 0, t.exp().mul(t.sub(input)));
  } else {
    // t·log t with log taken of 1 where t = 0, so neither the value nor the gradient sees log 0.
    const zero = target.eq(0);
    const tLogT = target.mul(where(zero, 1, target).log());
    loss = tLogT.sub(target.mul(input));
  }
  if (r === 'none') return loss;
  if (r === 'sum') return loss.sum();
  if (r === 'mean') return loss.mean();
  return input.ndim > 0 ? loss.sum().div(input.shape[0]) : loss.sum();
}
