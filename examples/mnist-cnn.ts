// MNIST digits with a small convolutional network: two blocks of 3×3 convolution → ReLU → 2×2 max
// pooling (32 then 64 channels), then a dense layer of 128 and the 10 logits. Adam, cross-entropy.
//   npx tsx examples/mnist-cnn.ts [--epochs 2] [--seed 0] [--batch-size 64] [--lr 0.001]
//                                 [--limit N] [--quick] [--backend js|wasm]
// Ends with one JSON line: {"example":"mnist-cnn","epochs":2,"testAccuracy":…,"seconds":…,"backend":…}

import { nn } from '../engine/index.ts';
import { parseFlags, consoleOutput, isMain, runMain, type Output, type ExampleRun } from './lib/cli.ts';
import { trainOnMnist } from './lib/mnist.ts';

export async function main(argv: string[], out: Output = consoleOutput): Promise<ExampleRun> {
  const flags = parseFlags(argv, { epochs: 2, seed: 0, batchSize: 64, lr: 1e-3, limit: 0, quick: false, backend: '' });
  // Shapes for one image: (1, 28, 28) → conv (32, 26, 26) → pool (32, 13, 13) → conv (64, 11, 11) → pool (64, 5, 5).
  return trainOnMnist('mnist-cnn', flags, 256, () =>
    new nn.Sequential(
      new nn.Conv2d(1, 32, 3), new nn.ReLU(), new nn.MaxPool2d(2),
      new nn.Conv2d(32, 64, 3), new nn.ReLU(), new nn.MaxPool2d(2),
      new nn.Flatten(), // (N, 64, 5, 5) → (N, 1600)
      new nn.Linear(64 * 5 * 5, 128), new nn.ReLU(),
      new nn.Linear(128, 10), // logits; crossEntropy applies the log-softmax
    ),
    out,
  );
}

if (isMain(import.meta.url)) runMain(main);
