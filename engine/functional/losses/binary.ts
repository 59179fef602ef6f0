// Binary cross-entropy, on probabilities (binaryCrossEntropy) or on logits
// (binaryCrossEntropyWithLogits, which never forms σ(x) and so stays exact for any |x|).

import type { Tensor } from '../../tensor/tensor.ts';
import { ValueError } from '../../errors.ts';
import { logSigmoid } from '../activations.ts';
import { binaryCrossEntropyOp } from '../../ops/binary-cross-entropy.ts';
import { checkSameShape, checkBroadcastsTo, reduceLoss, LOSS_HINTS, type Reduction } from './reduction.ts';
import { checkOptions } from '../../options.ts';

export interface BceOptions {
  /** Rescales each element's loss; broadcasts to the input's shape. */
  weight?: Tensor;
  reduction?: Reduction;
}

/** −weight·[y·log x + (1 − y)·log(1 − x)] with x the probabilities in [0, 1], y the targets. */
export function binaryCrossEntropy(input: Tensor, target: Tensor, opts: BceOptions = {}): Tensor {
  checkOptions('binaryCrossEntropy', opts, ['weight', 'reduction'], LOSS_HINTS);
  const { weight, reduction = 'mean' } = opts;
  const op = 'binaryCrossEntropy';
  checkSameShape(op, input, target);
  if (weight) checkBroadcastsTo(op, 'weight', weight, input);
  const values = input.toTypedArray();
  for (let i = 0; i < values.length; i++) {
    if (!(values[i] >= 0 && values[i] <= 1)) {
      throw new ValueError(`${op}: input must hold probabilities in [0, 1], got ${values[i]} at flat index ${i} (pass logits to binaryCrossEntropyWithLogits)`);
    }
  }
  // One op: log p is clamped to ≥ −100 (p = 0 costs 100, not ∞) and the gradient is PyTorch's.
  let loss = binaryCrossEntropyOp([input, target], undefined);
  if (weight) loss = loss.mul(weight);
  return reduceLoss(op, loss, reduction);
}

export interface BceWithLogitsOptions extends BceOptions {
  /** Weight of the positive term, broadcast over the last dim (one per class): > 1 favours recall. */
  posWeight?: Tensor;
}

/**
 * −weight·[posWeight·y·log σ(x) + (1 − y)·log(1 − σ(x))], written as
 * (1 − y)·x − (1 + (posWeight − 1)·y)·log σ(x), using log(1 − σ(x)) = log σ(x) − x.
 */
export function binaryCrossEntropyWithLogits(input: Tensor, target: Tensor, opts: BceWithLogitsOptions = {}): Tensor {
  checkOptions('binaryCrossEntropyWithLogits', opts, ['weight', 'posWeight', 'reduction'], LOSS_HINTS);
  const { weight, posWeight, reduction = 'mean' } = opts;
  const op = 'binaryCrossEntropyWithLogits';
  checkSameShape(op, input, target);
  if (weight) checkBroadcastsTo(op, 'weight', weight, input);
  if (posWeight) checkBroadcastsTo(op, 'posWeight', posWeight, input);
  const logWeight = posWeight ? posWeight.sub(1).mul(target).add(1) : 1;
  let loss = target.neg().add(1).mul(input).sub(logSigmoid(input).mul(logWeight));
  if (weight) loss = loss.mul(weight);
  return reduceLoss(op, loss, reduction);
}
