// The playground's data losses on the engine: for two classes a logit loss (BCE) or any regression
// loss on σ(z); for several, softmax cross-entropy or a regression loss on softmax(z) against one-hot
// targets; for a regression, the loss on the output itself.

import { binaryCrossEntropyWithLogits, crossEntropy, mseLoss, l1Loss, huberLoss, smoothL1Loss, fromTypedArray, type Tensor } from '../../../engine/index.ts';
import type { LossName, Task } from './settings.ts';

const regressionLosses: Record<Exclude<LossName, 'bce' | 'crossEntropy'>, (a: Tensor, b: Tensor) => Tensor> = {
  mse: (a, b) => mseLoss(a, b), l1: (a, b) => l1Loss(a, b), huber: (a, b) => huberLoss(a, b), smoothL1: (a, b) => smoothL1Loss(a, b),
};

/** out: (N, outputs) · labels: N class indices or targets → the mean loss (a scalar). The settings check makes `loss` fit `task`. */
export function dataLoss(task: Task, loss: LossName, outputs: number, out: Tensor, labels: Float32Array): Tensor {
  const n = labels.length;
  if (task === 'multiclass') {
    if (loss === 'crossEntropy') return crossEntropy(out, fromTypedArray(Int32Array.from(labels), [n]));
    const oneHot = new Float32Array(n * outputs);
    labels.forEach((c, i) => (oneHot[i * outputs + c] = 1));
    return regressionLosses[loss as 'mse'](out.softmax(1), fromTypedArray(oneHot, [n, outputs]));
  }
  const y = fromTypedArray(labels, [n, 1]);
  if (task === 'binary') return loss === 'bce' ? binaryCrossEntropyWithLogits(out, y) : regressionLosses[loss as 'mse'](out.sigmoid(), y);
  return regressionLosses[loss as 'mse'](out, y);
}
