// Transfer learning with a small CNN. Pretrain it on MNIST digits 0–4 (all their training images),
// then teach it digits 5–9 from only 20 labelled images per class: once starting from the
// pretrained body (a fresh head; `--body-lr-scale` sets the body's rate relative to the head's, 1 by default,
// because a 10× smaller body rate lost to scratch in 100 steps: measured, see the README), once from
// scratch — same net, same labels, same number of steps — and compare test accuracy on 5–9.
// `--target fashion` shows the other side: pretrained on all of MNIST, fine-tuned on Fashion-MNIST
// (Debian package dataset-fashion-mnist), where digit strokes help little, if at all.
//   npx tsx examples/fine-tune.ts [--target digits|fashion] [--seeds 3] [--seed 0] [--epochs 1]
//        [--labels-per-class 20] [--steps 100] [--batch-size 20] [--lr 0.001] [--body-lr-scale 1]
//        [--limit N] [--quick] [--backend js|wasm]
// --epochs counts pretraining epochs; each seed draws its own labelled subset and initializations.
// Ends with one JSON line: {"example":"fine-tune","epochs":1,"testAccuracy":…,"scratchTestAccuracy":…,…}

import { nn, optim, data, fit, evaluate, accuracy, crossEntropy, manualSeed, tensor, type Tensor } from '../engine/index.ts';
import { loadMnist, loadFashionMnist } from '../engine/data/index.node.ts';
import { parseFlags, useBackend, progress, report, round, secondsSince, consoleOutput, isMain, runMain, UsageError, type Output, type ExampleRun } from './lib/cli.ts';

class SmallCNN extends nn.Module {
  /** Everything but the classifier: the part that transfers. (N, 1, 28, 28) → (N, 64) features. */
  body = new nn.Sequential(
    new nn.Conv2d(1, 16, 3), new nn.ReLU(), new nn.MaxPool2d(2), // → (16, 13, 13)
    new nn.Conv2d(16, 32, 3), new nn.ReLU(), new nn.MaxPool2d(2), // → (32, 5, 5)
    new nn.Flatten(), new nn.Linear(32 * 5 * 5, 64), new nn.ReLU(),
  );
  head: nn.Linear;

  constructor(classes: number) {
    super();
    this.head = new nn.Linear(64, classes);
  }

  forward(x: Tensor): Tensor {
    return this.head.call(this.body.call(x));
  }
}

interface Split { images: Tensor; labels: Tensor }

/** The images of the given classes, relabelled 0, 1, … in the order the classes are listed. */
function keepClasses(set: Split, classes: number[]): Split {
  const labels = set.labels.toTypedArray();
  const rows: number[] = [], relabelled: number[] = [];
  labels.forEach((c, i) => {
    const k = classes.indexOf(c);
    if (k >= 0) rows.push(i), relabelled.push(k);
  });
  return { images: set.images.indexSelect(0, tensor(rows, { dtype: 'int32' })), labels: tensor(relabelled, { dtype: 'int32' }) };
}

export async function main(argv: string[], out: Output = consoleOutput): Promise<ExampleRun> {
  const flags = parseFlags(argv, {
    target: 'digits', seeds: 3, seed: 0, epochs: 1, labelsPerClass: 20, steps: 100, batchSize: 20, pretrainBatchSize: 64,
    lr: 1e-3, bodyLrScale: 1, limit: 0, quick: false, backend: '',
  });
  if (flags.target !== 'digits' && flags.target !== 'fashion') throw new UsageError(`--target must be 'digits' or 'fashion', got '${flags.target}'`);
  const start = performance.now();
  const backend = useBackend(flags.backend);
  manualSeed(flags.seed);

  const limit = flags.quick ? 400 : flags.limit || undefined;
  const testLimit = limit && Math.ceil(limit / 4);
  const normalize = data.transforms.normalize(0.1307, 0.3081); // MNIST's statistics, used for both tasks
  const load = (fn: typeof loadMnist, split: 'train' | 'test'): Split => {
    const s = fn({ split, limit: split === 'train' ? limit : testLimit });
    return { images: normalize(s.images), labels: s.labels };
  };
  const mnistTrain = load(loadMnist, 'train'), mnistTest = load(loadMnist, 'test');
  // Source task (pretraining) and target task (few labels): digits 0–4 → 5–9, or MNIST → Fashion-MNIST.
  const [source, sourceTest, target, targetTest, classes] = flags.target === 'digits'
    ? [keepClasses(mnistTrain, [0, 1, 2, 3, 4]), keepClasses(mnistTest, [0, 1, 2, 3, 4]), keepClasses(mnistTrain, [5, 6, 7, 8, 9]), keepClasses(mnistTest, [5, 6, 7, 8, 9]), 5]
    : [mnistTrain, mnistTest, load(loadFashionMnist, 'train'), load(loadFashionMnist, 'test'), 10];
  const sourceName = flags.target === 'digits' ? 'MNIST 0–4' : 'MNIST', targetName = flags.target === 'digits' ? 'MNIST 5–9' : 'Fashion-MNIST';
  const targetTrainSet = new data.TensorDataset(target.images, target.labels);
  const targetTestLoader = new data.DataLoader(new data.TensorDataset(targetTest.images, targetTest.labels), { batchSize: 1000 });
  out.log(`fine-tune on ${backend}: pretrain on ${sourceName} (${source.labels.shape[0]} images), then ${flags.labelsPerClass} labels per class of ${targetName}, tested on ${targetTest.labels.shape[0]} images`);

  // 1. Pretraining on the source task, all of its labels.
  const pretrained = new SmallCNN(classes);
  out.log(pretrained.toString());
  const sourceLoader = new data.DataLoader(new data.TensorDataset(source.images, source.labels), { batchSize: flags.pretrainBatchSize, shuffle: true, seed: flags.seed });
  const sourceTestLoader = new data.DataLoader(new data.TensorDataset(sourceTest.images, sourceTest.labels), { batchSize: 1000 });
  const bar = progress(out, flags.epochs, (r) => `pretraining loss ${r.trainLoss.toFixed(4)} · ${sourceName} test acc ${(100 * r.valMetrics!.accuracy).toFixed(2)}%`);
  const pre = await fit(pretrained, {
    train: sourceLoader, val: sourceTestLoader, loss: crossEntropy, optimizer: new optim.Adam(pretrained.parameters(), { lr: flags.lr }),
    epochs: flags.epochs, metrics: { accuracy }, onEvent: bar.onEvent,
  });
  const bodyWeights = pretrained.body.stateDict();

  // 2. For each seed: the same few labels, two starts, the same number of steps.
  const runs: { seed: number; fineTuned: number; scratch: number }[] = [];
  let steps = 0;
  for (let s = flags.seed; s < flags.seed + flags.seeds; s++) {
    const labelled = data.stratifiedSubset(targetTrainSet, flags.labelsPerClass, { seed: s });
    const train = async (model: SmallCNN, optimizer: optim.Optimizer): Promise<number> => {
      const loader = new data.DataLoader(labelled, { batchSize: flags.batchSize, shuffle: true, seed: s });
      const epochs = Math.ceil(flags.steps / loader.length);
      steps = epochs * loader.length;
      await fit(model, { train: loader, loss: crossEntropy, optimizer, epochs });
      return evaluate(model, targetTestLoader, crossEntropy, { accuracy }).metrics.accuracy;
    };

    manualSeed(s);
    const fineTuned = new SmallCNN(classes); // a fresh head for the new classes…
    fineTuned.body.loadStateDict(bodyWeights); // …on the pretrained body
    // Parameter groups: the pretrained body moves gently, the new head at the full rate.
    const ftOptimizer = new optim.Adam([
      { params: fineTuned.body.parameters(), lr: flags.lr * flags.bodyLrScale },
      { params: fineTuned.head.parameters() },
    ], { lr: flags.lr });
    const ftAccuracy = await train(fineTuned, ftOptimizer);

    manualSeed(s);
    const scratch = new SmallCNN(classes);
    const scratchAccuracy = await train(scratch, new optim.Adam(scratch.parameters(), { lr: flags.lr }));
    runs.push({ seed: s, fineTuned: round(ftAccuracy), scratch: round(scratchAccuracy) });
    out.log(`seed ${s}: ${targetName} test accuracy ${(100 * ftAccuracy).toFixed(2)}% fine-tuned vs ${(100 * scratchAccuracy).toFixed(2)}% from scratch (${steps} steps on ${labelled.length} labels)`);
  }

  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const result = {
    example: 'fine-tune', target: flags.target, epochs: flags.epochs,
    testAccuracy: round(mean(runs.map((r) => r.fineTuned))), scratchTestAccuracy: round(mean(runs.map((r) => r.scratch))),
    seconds: secondsSince(start), backend, seeds: runs, labelsPerClass: flags.labelsPerClass, steps,
    pretrainTestAccuracy: round(pre.epochs[pre.epochs.length - 1].valMetrics!.accuracy), pretrainImages: source.labels.shape[0],
    testImages: targetTest.labels.shape[0], bodyLrScale: flags.bodyLrScale,
  };
  report(out, result);
  return { result, losses: bar.losses }; // the pretraining steps' losses
}

if (isMain(import.meta.url)) runMain(main);
