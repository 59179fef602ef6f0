// Helpers this lesson's experiments share: MNIST as flat (N, 784) arrays, seeded minibatches, an MLP
// built from a named activation, weight fills by scheme, and test accuracy. Public engine API only.

import { data, fromTypedArray, nn, noGrad, tidy, type Tensor } from '../../engine/index.ts';
import type { RunContext } from '../kit/index.ts';
export { batchStream, takeRows } from '../kit/index.ts';

export type ActivationName = 'tanh' | 'relu' | 'sigmoid';
export const ACTIVATIONS: readonly ActivationName[] = ['tanh', 'relu', 'sigmoid'];

export function activation(name: ActivationName): nn.Module {
  return name === 'tanh' ? new nn.Tanh() : name === 'relu' ? new nn.ReLU() : new nn.Sigmoid();
}

/** MNIST normalized with the training set's mean and std, flattened, as plain arrays to cut batches from. */
export async function loadMnist(ctx: RunContext, trainSize: number, testSize: number) {
  const [train, test] = [await ctx.data.mnist('train', trainSize), await ctx.data.mnist('test', testSize)];
  const normalize = data.transforms.normalize(0.1307, 0.3081);
  const flat = (images: Tensor) => Float32Array.from(normalize(images).reshape([images.shape[0], 784]).contiguous().toTypedArray());
  return {
    trainPixels: flat(train.images), trainLabels: Int32Array.from(train.labels.toTypedArray()),
    testPixels: flat(test.images), testLabels: Int32Array.from(test.labels.toTypedArray()),
  };
}

/** Fraction of test images whose argmax logit is the label. */
export function testAccuracy(model: nn.Module, pixels: Float32Array, labels: Int32Array): number {
  return tidy(() => {
    const predicted = noGrad(() => model.forward(fromTypedArray(pixels, [labels.length, 784])).argmax(1).toTypedArray());
    let same = 0;
    for (let i = 0; i < labels.length; i++) if (predicted[i] === labels[i]) same++;
    return same / labels.length;
  });
}

/** The Linear layers of a Sequential, in order. */
export const linears = (model: nn.Sequential): nn.Linear[] => [...model.children()].filter((m): m is nn.Linear => m instanceof nn.Linear);

/** Fraction of a model's parameters that are not finite (a diverged run). */
export function nonFinite(model: nn.Module): number {
  let bad = 0, total = 0;
  for (const p of model.parameters()) {
    const v = p.toTypedArray();
    for (let i = 0; i < v.length; i++) if (!Number.isFinite(v[i]!)) bad++;
    total += v.length;
  }
  return bad / total;
}
