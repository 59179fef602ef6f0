// Helpers the three experiments of this lesson share: an MNIST subset split into train,
// validation and test rows, the MLP they train, seeded minibatches, and a full-set evaluation.
// No training loop lives here: each experiment owns its loop.

import { data, fromTypedArray, nn, noGrad, crossEntropy, tidy, type Tensor } from '../../engine/index.ts';
import type { RunContext } from '../kit/index.ts';
export { batchStream } from '../kit/index.ts';

/** Images flattened to (N, 784), normalized with MNIST's mean and std, and their labels. */
export interface Rows {
  x: Tensor;
  y: Tensor;
  pixels: Float32Array;
  labels: Int32Array;
  n: number;
}

function rowsOf(images: Tensor, labels: Tensor): Rows {
  const n = images.shape[0]!;
  const x = data.transforms.normalize(0.1307, 0.3081)(images).reshape([n, 784]).contiguous();
  const pixels = Float32Array.from(x.toTypedArray());
  const labelValues = Int32Array.from(labels.toTypedArray());
  return { x: fromTypedArray(pixels, [n, 784]), y: fromTypedArray(labelValues, [n]), pixels, labels: labelValues, n };
}

/**
 * The first `trainSize` MNIST training images to learn from, the next `valSize` to choose
 * learning rates on, and the first `testSize` test images to report. The split ignores the seed:
 * seeds vary the weights and the batch order, so results from different seeds are comparable.
 */
export async function loadSplit(ctx: RunContext, trainSize: number, valSize: number, testSize: number): Promise<{ train: Rows; val: Rows; test: Rows }> {
  const all = await ctx.data.mnist('train', trainSize + valSize);
  const test = await ctx.data.mnist('test', testSize);
  const train = rowsOf(all.images.slice(0, 0, trainSize), all.labels.slice(0, 0, trainSize));
  const val = valSize > 0 ? rowsOf(all.images.slice(0, trainSize, trainSize + valSize), all.labels.slice(0, trainSize, trainSize + valSize)) : train;
  return { train, val, test: rowsOf(test.images, test.labels) };
}

export const makeMlp = (hidden: number): nn.Sequential => new nn.Sequential(new nn.Linear(784, hidden), new nn.ReLU(), new nn.Linear(hidden, 10));

/** The given rows as a (rows, 784) batch and its labels: plain copies, cheaper than a gather op. */
export function batchOf(rows: Rows, idx: Int32Array): { x: Tensor; y: Tensor } {
  const px = new Float32Array(idx.length * 784);
  const lb = new Int32Array(idx.length);
  idx.forEach((r, i) => {
    px.set(rows.pixels.subarray(r * 784, (r + 1) * 784), i * 784);
    lb[i] = rows.labels[r]!;
  });
  return { x: fromTypedArray(px, [idx.length, 784]), y: fromTypedArray(lb, [idx.length]) };
}

/** Mean cross-entropy and 0-1 error (fraction misclassified) of a model on a whole set. */
export function evaluate(model: nn.Module, rows: Rows): { loss: number; error: number } {
  return tidy(() => noGrad(() => {
    const z = model.forward(rows.x);
    const loss = crossEntropy(z, rows.y).item();
    const predicted = z.argmax(1).toTypedArray();
    let wrong = 0;
    for (let i = 0; i < rows.n; i++) if (predicted[i] !== rows.labels[i]) wrong++;
    return { loss, error: wrong / rows.n };
  }));
}

/** Mean 0-1 loss of logits (N, C) against labels: the fraction whose argmax is not the label. */
export function zeroOneError(logits: Tensor, labels: ArrayLike<number>): number {
  const predicted = logits.argmax(1).toTypedArray();
  let wrong = 0;
  for (let i = 0; i < labels.length; i++) if (predicted[i] !== labels[i]) wrong++;
  return wrong / labels.length;
}
