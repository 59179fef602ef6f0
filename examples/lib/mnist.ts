// What the two MNIST examples share: loading and normalizing the digits, and training a model with
// fit() while printing progress, then reporting the final JSON line. Only the model differs.

import { optim, data, fit, accuracy, crossEntropy, manualSeed, type nn } from '../../engine/index.ts';
import { loadMnist } from '../../engine/data/index.node.ts';
import { useBackend, progress, report, round, secondsSince, type Output, type ExampleRun } from './cli.ts';

export interface MnistFlags {
  epochs: number;
  seed: number;
  batchSize: number;
  lr: number;
  limit: number;
  quick: boolean;
  backend: string;
}

/** Trains `makeModel()` on MNIST with Adam and cross-entropy; `quickLimit` training images under --quick. */
export async function trainOnMnist(name: string, flags: MnistFlags, quickLimit: number, makeModel: () => nn.Module, out: Output): Promise<ExampleRun> {
  const start = performance.now();
  const backend = useBackend(flags.backend);
  manualSeed(flags.seed); // fixes the weights' initialization; the loader below has its own seed

  // --quick or --limit N: the first N training images (and N/4 test images), for tests and trying things out.
  const limit = flags.quick ? quickLimit : flags.limit || undefined;
  const train = loadMnist({ split: 'train', limit });
  const test = loadMnist({ split: 'test', limit: limit && Math.ceil(limit / 4) });
  // Pixels in [0, 1] → zero mean, unit variance (MNIST's mean 0.1307, std 0.3081): faster, steadier training.
  const normalize = data.transforms.normalize(0.1307, 0.3081);
  const trainSet = new data.TensorDataset(normalize(train.images), train.labels);
  const testSet = new data.TensorDataset(normalize(test.images), test.labels);
  const trainLoader = new data.DataLoader(trainSet, { batchSize: flags.batchSize, shuffle: true, seed: flags.seed });
  const testLoader = new data.DataLoader(testSet, { batchSize: 1000 });

  const model = makeModel();
  out.log(`${name} on ${backend}: ${trainSet.length} training / ${testSet.length} test images`);
  out.log(model.toString());

  const optimizer = new optim.Adam(model.parameters(), { lr: flags.lr });
  const bar = progress(out, flags.epochs, (r) => `train loss ${r.trainLoss.toFixed(4)}, acc ${(100 * r.trainMetrics.accuracy).toFixed(2)}% · test loss ${r.valLoss!.toFixed(4)}, acc ${(100 * r.valMetrics!.accuracy).toFixed(2)}%`);
  // The test set serves as the per-epoch check, as in PyTorch's MNIST example: nothing is tuned on it.
  const history = await fit(model, { train: trainLoader, val: testLoader, loss: crossEntropy, optimizer, epochs: flags.epochs, metrics: { accuracy }, onEvent: bar.onEvent });

  const last = history.epochs[history.epochs.length - 1];
  const result = {
    example: name, epochs: flags.epochs, testAccuracy: round(last.valMetrics!.accuracy), testLoss: round(last.valLoss!),
    trainLoss: round(last.trainLoss), seconds: secondsSince(start), backend, seed: flags.seed,
    trainSamples: trainSet.length, testSamples: testSet.length, batchSize: flags.batchSize,
  };
  report(out, result);
  return { result, losses: bar.losses };
}
