// MNIST digits with a multilayer perceptron: 784 → 256 → 128 → 10, ReLU, Adam, cross-entropy.
//   npx tsx examples/mnist-mlp.ts [--epochs 3] [--seed 0] [--batch-size 128] [--lr 0.001]
//                                 [--limit N] [--quick] [--backend js|wasm]
// Ends with one JSON line: {"example":"mnist-mlp","epochs":3,"testAccuracy":…,"seconds":…,"backend":…}

import { nn } from '../engine/index.ts';
import { parseFlags, consoleOutput, isMain, runMain, type Output, type ExampleRun } from './lib/cli.ts';
import { trainOnMnist } from './lib/mnist.ts';

export async function main(argv: string[], out: Output = consoleOutput): Promise<ExampleRun> {
  const flags = parseFlags(argv, { epochs: 3, seed: 0, batchSize: 128, lr: 1e-3, limit: 0, quick: false, backend: '' });
  return trainOnMnist('mnist-mlp', flags, 512, () =>
    new nn.Sequential(
      new nn.Flatten(), // (N, 1, 28, 28) → (N, 784)
      new nn.Linear(784, 256), new nn.ReLU(),
      new nn.Linear(256, 128), new nn.ReLU(),
      new nn.Linear(128, 10), // logits; crossEntropy applies the log-softmax
    ),
    out,
  );
}

if (isMain(import.meta.url)) runMain(main);
