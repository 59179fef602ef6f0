// Experiment "A real function: pixels → digit": a one-hidden-layer MLP learns the map from 784 pixel
// values to ten digit scores on an MNIST subset, with its test accuracy tracked as it trains.

import { checkConfig, pacer } from '../kit/index.ts';
import { nn, optim, data, manualSeed, crossEntropy, noGrad, accuracy, predictions, tidy, stepScopes, type Tensor } from '../../engine/index.ts';
import type { Experiment, Figure } from '../kit/index.ts';

export type MnistMlpConfig = {
  trainImages: number;
  testImages: number;
  hidden: number;
  epochs: number;
  batchSize: number;
  lr: number;
};

const params = [
  { key: 'trainImages', label: 'training images', kind: 'integer', min: 100, max: 60000, log: true },
  { key: 'testImages', label: 'test images', kind: 'integer', min: 100, max: 10000, log: true },
  { key: 'hidden', label: 'hidden units', kind: 'integer', min: 1, max: 1024, log: true },
  { key: 'epochs', label: 'epochs', kind: 'integer', min: 1, max: 20 },
  { key: 'batchSize', label: 'batch size', kind: 'integer', min: 1, max: 1024, log: true },
  { key: 'lr', label: 'learning rate (Adam)', kind: 'number', min: 1e-5, max: 0.1, log: true },
] as const;

// MNIST's pixel mean and standard deviation: centred, unit-scale inputs make Adam's first steps count.
const normalize = data.transforms.normalize(0.1307, 0.3081);
const flat = (images: Tensor): Tensor => normalize(images).reshape([images.shape[0]!, 784]);

export const mnistMlp: Experiment<MnistMlpConfig> = {
  id: 'mnist-mlp',
  title: 'A real function: pixels → digit',
  summary:
    'An MLP with one hidden layer (784 → hidden → 10) learns to map a 28×28 image to the digit it shows. Watch the test accuracy climb from chance (10%) as the weights are fitted.',
  params,
  defaults: { trainImages: 20000, testImages: 10000, hidden: 64, epochs: 2, batchSize: 64, lr: 0.002 },
  quick: { trainImages: 6000, testImages: 2000, epochs: 1 },

  async run(config, ctx) {
    checkConfig('mnist-mlp', params, config);
    const { trainImages, testImages, hidden, epochs, batchSize, lr } = config;
    manualSeed(ctx.seed);
    const [train, test] = await Promise.all([ctx.data.mnist('train', trainImages), ctx.data.mnist('test', testImages)]);
    const xTest = flat(test.images);
    const loader = new data.DataLoader(new data.TensorDataset(flat(train.images), train.labels), { batchSize, shuffle: true, seed: ctx.seed });
    const model = new nn.Sequential(new nn.Linear(784, hidden), new nn.ReLU(), new nn.Linear(hidden, 10));
    const opt = new optim.Adam(model.parameters(), { lr });
    const pace = pacer(ctx.signal);

    const totalSteps = epochs * loader.length;
    const evalEvery = Math.max(1, Math.round(totalSteps / 10));
    const reportEvery = Math.max(1, Math.round(totalSteps / 150));
    // Each step in a scope: its tensors live in wasm memory and are freed when it ends.
    const scopes = stepScopes([model, opt]);
    const testAccuracy = () => tidy(() => noGrad(() => accuracy(model.forward(xTest), test.labels)));
    const accCurve: Array<[number, number]> = [[0, testAccuracy()]];
    const lossCurve: Array<[number, number]> = [];
    ctx.progress({ series: 'test', step: 0, totalSteps, metrics: { accuracy: accCurve[0]![1] } });
    let step = 0, lossSum = 0, lossCount = 0;
    for (let epoch = 1; epoch <= epochs; epoch++) {
      for (const [x, y] of loader) {
        step++;
        lossSum += scopes.step(() => {
          opt.zeroGrad();
          const loss = crossEntropy(model.forward(x!), y!);
          loss.backward();
          opt.step();
          return loss.item();
        });
        lossCount++;
        if (step % reportEvery === 0 || step === totalSteps) {
          lossCurve.push([step, lossSum / lossCount]);
          ctx.progress({ series: 'train', step, totalSteps, metrics: { loss: lossSum / lossCount } });
          lossSum = lossCount = 0;
        }
        if (step % evalEvery === 0 || step === totalSteps) {
          accCurve.push([step, testAccuracy()]);
          ctx.progress({ series: 'test', step, totalSteps, metrics: { accuracy: accCurve[accCurve.length - 1]![1] } });
        }
        await pace();
      }
      ctx.log(`epoch ${epoch}: test accuracy ${(100 * accCurve[accCurve.length - 1]![1]).toFixed(1)}%`);
    }

    scopes.close();
    const logits = noGrad(() => model.forward(xTest));
    const final = accCurve[accCurve.length - 1]![1];
    // The floor a model that ignores the pixels can reach: always answer the commonest test digit.
    const counts = new Array<number>(10).fill(0);
    for (const label of test.labels.toTypedArray()) counts[label]!++;
    const majority = Math.max(...counts) / test.labels.shape[0]!;
    return {
      metrics: { 'test.accuracy': final, 'majorityClass.accuracy': majority, 'train.loss': lossCurve[lossCurve.length - 1]![1], steps: totalSteps, parameters: model.numParameters() },
      figures: [
        { id: 'accuracy', title: 'Test accuracy while training', kind: 'line', xLabel: 'step', yLabel: 'test accuracy', series: [{ name: 'test accuracy', points: accCurve }, { name: 'always the commonest digit', points: [[0, majority], [totalSteps, majority]] }] },
        { id: 'loss', title: 'Training loss (cross-entropy, averaged between reports)', kind: 'line', xLabel: 'step', yLabel: 'loss', series: [{ name: 'train loss', points: lossCurve }] },
        sampleTable(logits, test.labels),
      ],
    };
  },
};

/** The first eight test digits and the first four the network gets wrong, with its confidence. */
function sampleTable(logits: Tensor, labels: Tensor): Figure {
  const preds = predictions(logits);
  const truth = labels.toTypedArray();
  const rows = logits.toArray() as number[][];
  const wrong = [...preds.keys()].filter((i) => preds[i] !== truth[i]).slice(0, 4);
  const picked = [...new Set([...Array.from({ length: Math.min(8, preds.length) }, (_, i) => i), ...wrong])];
  const confidence = (row: number[], k: number) => {
    const m = Math.max(...row);
    const e = row.map((v) => Math.exp(v - m));
    return e[k]! / e.reduce((s, v) => s + v, 0);
  };
  return {
    id: 'samples',
    title: 'Some test digits and what the network says (first eight, then its first mistakes)',
    kind: 'table',
    columns: ['test image', 'true digit', 'predicted', 'softmax probability of the prediction', 'right?'],
    rows: picked.map((i) => [i, truth[i]!, preds[i]!, Number(confidence(rows[i]!, preds[i]!).toFixed(3)), preds[i] === truth[i] ? 'yes' : 'no']),
  };
}
