// Helpers this lesson's MNIST experiments share: flat normalized images as plain arrays to cut
// batches from, the 784-h-10 ReLU network they train, and a graph-free evaluation. Public engine API only.

import { crossEntropy, data, fromTypedArray, manualSeed, nn, noGrad, tidy, type Tensor } from '../../engine/index.ts';
import type { RunContext } from '../kit/index.ts';

export interface Mnist {
  trainPixels: Float32Array;
  trainLabels: Int32Array;
  testPixels: Float32Array;
  testLabels: Int32Array;
}

/** MNIST normalized with the training set's mean and std, flattened to (N, 784). */
export async function loadMnist(ctx: RunContext, trainSize: number, testSize: number): Promise<Mnist> {
  const [train, test] = [await ctx.data.mnist('train', trainSize), await ctx.data.mnist('test', testSize)];
  const normalize = data.transforms.normalize(0.1307, 0.3081);
  const flat = (images: Tensor) => Float32Array.from(normalize(images).reshape([images.shape[0]!, 784]).contiguous().toTypedArray());
  return {
    trainPixels: flat(train.images), trainLabels: Int32Array.from(train.labels.toTypedArray()),
    testPixels: flat(test.images), testLabels: Int32Array.from(test.labels.toTypedArray()),
  };
}

/** The 784-h-10 ReLU MLP, its weights drawn from the seed (the engine's default Linear init, as PyTorch's). */
export function mlp(seed: number, hidden: number): nn.Sequential {
  manualSeed(seed);
  return new nn.Sequential(new nn.Linear(784, hidden), new nn.ReLU(), new nn.Linear(hidden, 10));
}

/** Mean cross-entropy and accuracy on (pixels, labels), without building a graph. NaN weights give a NaN loss. */
export function evaluate(model: nn.Module, pixels: Float32Array, labels: Int32Array): { loss: number; accuracy: number } {
  return tidy(() =>
    noGrad(() => {
      const out = model.forward(fromTypedArray(pixels, [labels.length, 784]));
      const pred = out.argmax(1).toTypedArray();
      let same = 0;
      for (let i = 0; i < labels.length; i++) if (pred[i] === labels[i]) same++;
      return { loss: crossEntropy(out, fromTypedArray(labels, [labels.length])).item(), accuracy: same / labels.length };
    }),
  );
}
