// MNIST digits with a small convolutional network: two blocks of 3×3 convolution → ReLU → 2×2 max
// pooling (32 then 64 channels), then a dense layer of 128 and the 10 logits. Adam, cross-entropy.
//   npx tsx examples/mnist-cnn.ts [--epochs 2] [--seed 0] [--batch-size 64] [--lr 0.001]
//                                 [--limit N] [--quick] [--backend js|wasm]
// Ends with one JSON line: {"example":"mnist-cnn","epochs":2,"testAccuracy":…,"seconds":…,"backend":…}

import { nn, optim, data, fit, accuracy, crossEntropy, manualSeed } from '../engine/index.ts';
import { loadMnist } from '../engine/data/index.node.ts';
import { parseFlags, useBackend, progress, report, round, secondsSince, consoleOutput, isMain, runMain, type Output, type ExampleRun } from './lib/cli.ts';

export async function main(argv: string[], out: Output = consoleOutput): Promise<ExampleRun> {
  const flags = parseFlags(argv, { epochs: 2, seed: 0, batchSize: 64, lr: 1e-3, limit: 0, quick: false, backend: '' });
  const start = performance.now();
  const backend = useBackend(flags.backend);
  manualSeed(flags.seed); // fixes the weights' initialization; the loader below has its own seed

  // --quick or --limit N: the first N training images (and N/4 test images), for tests and trying things out.
  const limit = flags.quick ? 256 : flags.limit || undefined;
  const train = loadMnist({ split: 'train', limit });
  const test = loadMnist({ split: 'test', limit: limit && Math.ceil(limit / 4) });
  // Pixels in [0, 1] → zero mean, unit variance (MNIST's mean 0.1307, std 0.3081): faster, steadier training.
  const normalize = data.transforms.normalize(0.1307, 0.3081);
  const trainSet = new data.TensorDataset(normalize(train.images), train.labels);
  const testSet = new data.TensorDataset(normalize(test.images), test.labels);
  const trainLoader = new data.DataLoader(trainSet, { batchSize: flags.batchSize, shuffle: true, seed: flags.seed });
  const testLoader = new data.DataLoader(testSet, { batchSize: 1000 });

  // Shapes for one image: (1, 28, 28) → conv (32, 26, 26) → pool (32, 13, 13) → conv (64, 11, 11) → pool (64, 5, 5).
  const model = new nn.Sequential(
    new nn.Conv2d(1, 32, 3), new nn.ReLU(), new nn.MaxPool2d(2),
    new nn.Conv2d(32, 64, 3), new nn.ReLU(), new nn.MaxPool2d(2),
    new nn.Flatten(), // (N, 64, 5, 5) → (N, 1600)
    new nn.Linear(64 * 5 * 5, 128), new nn.ReLU(),
    new nn.Linear(128, 10), // logits; crossEntropy applies the log-softmax
  );
  out.log(`mnist-cnn on ${backend}: ${trainSet.length} training / ${testSet.length} test images`);
  out.log(model.toString());

  const optimizer = new optim.Adam(model.parameters(), { lr: flags.lr });
  const bar = progress(out, flags.epochs, (r) => `train loss ${r.trainLoss.toFixed(4)}, acc ${(100 * r.trainMetrics.accuracy).toFixed(2)}% · test loss ${r.valLoss!.toFixed(4)}, acc ${(100 * r.valMetrics!.accuracy).toFixed(2)}%`);
  // The test set serves as the per-epoch check, as in PyTorch's MNIST example: nothing is tuned on it.
  const history = await fit(model, { train: trainLoader, val: testLoader, loss: crossEntropy, optimizer, epochs: flags.epochs, metrics: { accuracy }, onEvent: bar.onEvent });

  const last = history.epochs[history.epochs.length - 1];
  const result = {
    example: 'mnist-cnn', epochs: flags.epochs, testAccuracy: round(last.valMetrics!.accuracy), testLoss: round(last.valLoss!),
    trainLoss: round(last.trainLoss), seconds: secondsSince(start), backend, seed: flags.seed,
    trainSamples: trainSet.length, testSamples: testSet.length, batchSize: flags.batchSize,
  };
  report(out, result);
  return { result, losses: bar.losses };
}

if (isMain(import.meta.url)) runMain(main);
