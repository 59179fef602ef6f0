// Binary cross-entropy, on probabilities (binaryCrossEntropy) or on logits
// (binaryCrossEntropyWithLogits, which never forms σ(x) and so stays exact for any |x|).

import type { Tensor } from '../../tensor/tensor.ts';
import { ValueError } from '../../errors.ts';
import { logSigmoid } from '../activations.ts';
import { checkSameShape, checkBroadcastsTo, reduceLoss, type Reduction } from './reduction.ts';

export interface BceOptions {
  /** Rescales each element's loss; broadcasts to the input's shape. */
  weight?: Tensor;
  reduction?: Reduction;
}

// log p clamped to ≥ −100 (as PyTorch), so p = 0 costs 100 rather than ∞. Clamping p first to a
// tiny positive number keeps the gradient finite (zero) there instead of 0/0 from log'(0).
const clampedLog = (p: Tensor): Tensor => p.clampMin(1e-45).log().clampMin(-100);

/** −weight·[y·log x + (1 − y)·log(1 − x)] with x the probabilities in [0, 1], y the targets. */
export function binaryCrossEntropy(input: Tensor, target: Tensor, { weight, reduction = 'mean' }: BceOptions = {}): Tensor {
  const op = 'binaryCrossEntropy';
  checkSameShape(op, input, target);
  if (weight) checkBroadcastsTo(op, 'weight', weight, input);
  const values = input.toTypedArray();
  for (let i = 0; i < values.length; i++) {
    if (!(values[i] >= 0 && values[i] <= 1)) {
      throw new ValueError(`${op}: input must hold probabilities in [0, 1], got ${values[i]} at flat index ${i} (pass logits to binaryCrossEntropyWithLogits)`);
    }
  }
  const oneMinus = (t: Tensor): Tensor => t.neg().add(1);
  let loss = target.mul(clampedLog(input)).add(oneMinus(target).mul(clampedLog(oneMinus(input)))).neg();
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
export function binaryCrossEntropyWithLogits(input: Tensor, target: Tensor, { weight, posWeight, reduction = 'mean' }: BceWithLogitsOptions = {}): Tensor {
  const op = 'binaryCrossEntropyWithLogits';
  checkSameShape(op, input, target);
  if (weight) checkBroadcastsTo(op, 'weight', weight, input);
  if (posWeight) checkBroadcastsTo(op, 'posWeight', posWeight, input);
  const logWeight = posWeight ? posWeight.sub(1).mul(target).add(1) : 1;
  let loss = target.neg().add(1).mul(input).sub(logSigmoid(input).mul(logWeight));
  if (weight) loss = loss.mul(weight);
  return reduceLoss(op, loss, reduction);
}
