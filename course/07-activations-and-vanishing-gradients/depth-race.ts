// Experiment depth-race: 10-layer MLPs (sigmoid, tanh, ReLU) and a 2-layer sigmoid MLP trained on
// MNIST with plain SGD, each at the best of its own three learning rates. Which ones learn at all?

import { checkConfig, pacer } from '../kit/index.ts';
import { crossEntropy, manualSeed, optim, stepScopes, tidy } from '../../engine/index.ts';
import type { Experiment, Figure, Param } from '../kit/index.ts';
import { DeepMlp, accuracy, allRows, batchStream, flatMnist, rowsOf, type ActivationName, type InitName } from './shared.ts';

export interface DepthRaceConfig {
  [key: string]: number | string | boolean;
  depth: number;
  width: number;
  trainSize: number;
  testSize: number;
  steps: number;
  batchSize: number;
  evalEvery: number;
}

const params: readonly Param[] = [
  { key: 'depth', label: 'hidden layers of the deep nets', kind: 'integer', min: 3, max: 20 },
  { key: 'width', label: 'units per hidden layer', kind: 'integer', min: 16, max: 256 },
  { key: 'trainSize', label: 'training images', kind: 'integer', min: 1000, max: 60000, step: 1000 },
  { key: 'testSize', label: 'test images', kind: 'integer', min: 200, max: 10000, step: 100 },
  { key: 'steps', label: 'training steps', kind: 'integer', min: 50, max: 5000, step: 50 },
  { key: 'batchSize', label: 'batch size', kind: 'integer', min: 8, max: 512 },
  { key: 'evalEvery', label: 'test every … steps', kind: 'integer', min: 25, max: 1000, step: 25 },
];

/**
 * Each arm's own three learning rates. Sigmoid's sit higher because its gradients are smaller; the
 * deep sigmoid net's best is chosen from them like everyone else's.
 */
export const RACE_ARMS: ReadonlyArray<{ key: string; name: string; activation: ActivationName; init: InitName; shallow: boolean; lrs: readonly number[] }> = [
  { key: 'sigmoid', name: 'sigmoid, Xavier', activation: 'sigmoid', init: 'xavier', shallow: false, lrs: [1, 3, 10] },
  { key: 'tanh', name: 'tanh, Xavier', activation: 'tanh', init: 'xavier', shallow: false, lrs: [0.1, 0.3, 1] },
  { key: 'relu', name: 'ReLU, He', activation: 'relu', init: 'he', shallow: false, lrs: [0.01, 0.03, 0.1] },
  { key: 'sigmoid2', name: 'sigmoid, Xavier, 2 layers', activation: 'sigmoid', init: 'xavier', shallow: true, lrs: [1, 3, 10] },
];
const TAIL = 50;

export const depthRaceExperiment: Experiment<DepthRaceConfig> = {
  id: 'depth-race',
  title: 'Which 10-layer nets learn? Sigmoid vs tanh vs ReLU',
  summary:
    'Three 10-layer MLPs (sigmoid and tanh with Xavier init, ReLU with He init) and a 2-layer sigmoid MLP, trained with plain SGD on MNIST, each at the best of its own three learning rates (chosen by training loss). Watch the deep sigmoid net sit at chance while the others learn.',
  params,
  defaults: { depth: 10, width: 32, trainSize: 20000, testSize: 5000, steps: 1000, batchSize: 128, evalEvery: 50 },
  quick: { trainSize: 10000, testSize: 1000, steps: 150, evalEvery: 50 },
  async run(config, ctx) {
    checkConfig('depth-race', params, config);
    const { depth, width, trainSize, testSize, steps, batchSize, evalEvery } = config;
    const pace = pacer(ctx.signal);
    await pace(); // a run stopped before it starts loads nothing
    const train = await flatMnist(ctx.data, 'train', trainSize);
    const test = await flatMnist(ctx.data, 'test', testSize);
    const T = allRows(test);
    // Floors computed from the data: the best constant guess (the commonest test digit) and the loss of a uniform guess.
    const counts = new Array(10).fill(0);
    for (const l of test.labels) counts[l]++;
    const metrics: Record<string, number> = { chanceAccuracy: Math.max(...counts) / test.n, uniformLoss: Math.log(10) };
    const curves: Figure & { kind: 'line' } = { id: 'accuracy', title: 'Test accuracy while training (each at its best learning rate)', kind: 'line', xLabel: 'step', yLabel: 'test accuracy', series: [] };
    const lossCurves: Figure & { kind: 'line' } = { id: 'loss', title: 'Training loss (each at its best learning rate)', kind: 'line', xLabel: 'step', yLabel: 'mean training loss', series: [] };
    const rows: Array<Array<string | number>> = [];
    const total = RACE_ARMS.reduce((s, a) => s + a.lrs.length, 0);
    let done = 0;

    for (const arm of RACE_ARMS) {
      let best: { lr: number; tailLoss: number; acc: Array<[number, number]>; loss: Array<[number, number]> } | null = null;
      for (const lr of arm.lrs) {
        manualSeed(ctx.seed);
        const model = new DeepMlp(arm.activation, arm.init, arm.shallow ? 2 : depth, width);
        const opt = new optim.SGD(model.parameters(), { lr });
        const scopes = stepScopes([model, opt]);
        const next = batchStream(train.n, Math.min(batchSize, train.n), ctx.seed);
        const acc: Array<[number, number]> = [], lossPts: Array<[number, number]> = [];
        let tail = 0, windowSum = 0, windowN = 0;
        for (let step = 1; step <= steps; step++) {
          const { x, y } = rowsOf(train, next());
          const l = scopes.step(() => {
            const loss = crossEntropy(model.forward(x), y);
            opt.zeroGrad();
            loss.backward();
            opt.step();
            return loss.item();
          });
          if (step > steps - TAIL) tail += l / TAIL;
          windowSum += l; windowN++;
          if (step % evalEvery === 0 || step === steps) {
            const a = tidy(() => accuracy(model, T.x, test.labels));
            acc.push([step, a]);
            lossPts.push([step, windowSum / windowN]);
            windowSum = windowN = 0;
            ctx.progress({ series: `${arm.name}, lr ${lr}`, step, totalSteps: steps, metrics: { 'test accuracy': a } });
          }
          await pace();
        }
        // A diverged run (NaN loss) ranks last.
        const score = Number.isFinite(tail) ? tail : Infinity;
        rows.push([arm.name, lr, Number.isFinite(tail) ? Number(tail.toFixed(3)) : 'diverged', Number(acc[acc.length - 1]![1].toFixed(3))]);
        if (!best || score < best.tailLoss) best = { lr, tailLoss: score, acc, loss: lossPts };
        ctx.progress({ series: 'runs', step: ++done, totalSteps: total, metrics: {} });
      }
      metrics[`${arm.key}.bestLr`] = best!.lr;
      metrics[`${arm.key}.trainLoss`] = best!.tailLoss;
      metrics[`${arm.key}.accuracy`] = best!.acc[best!.acc.length - 1]![1];
      curves.series.push({ name: `${arm.name} (lr ${best!.lr})`, points: best!.acc });
      lossCurves.series.push({ name: `${arm.name} (lr ${best!.lr})`, points: best!.loss });
      ctx.log(`${arm.name}: best lr ${best!.lr}, training loss ${best!.tailLoss.toFixed(3)}, test accuracy ${(100 * metrics[`${arm.key}.accuracy`]!).toFixed(1)}%`);
    }
    const figures: Figure[] = [
      curves,
      lossCurves,
      { id: 'sweep', title: `Every learning rate tried (training loss over the last ${TAIL} steps)`, kind: 'table', columns: ['network', 'learning rate', 'final training loss', 'final test accuracy'], rows },
    ];
    return { metrics, figures };
  },
};
