// Experiment deep-training: a deep ReLU MLP trained on MNIST with SGD from four weight scales (too
// small, Xavier, He, too large), each at the best of a small learning-rate sweep. Shows that the
// forward collapse or explosion measured in experiment depth decides whether the network trains.

import { checkConfig, pacer, type Experiment, type Figure, type Param } from '../kit/index.ts';
import { manualSeed, nn, optim, crossEntropy, stepScopes } from '../../engine/index.ts';
import { batchStream, linears, loadMnist, nonFinite, takeRows, testAccuracy } from './shared.ts';

export interface DeepTrainingConfig {
  [key: string]: number | string | boolean;
  depth: number;
  width: number;
  trainSize: number;
  testSize: number;
  steps: number;
  batchSize: number;
  lr: number;
  small: number;
  large: number;
}

const params: readonly Param[] = [
  { key: 'depth', label: 'hidden layers', kind: 'integer', min: 2, max: 20 },
  { key: 'width', label: 'units per layer', kind: 'integer', min: 16, max: 512 },
  { key: 'trainSize', label: 'training images', kind: 'integer', min: 500, max: 60000, step: 500 },
  { key: 'testSize', label: 'test images', kind: 'integer', min: 200, max: 10000, step: 100 },
  { key: 'steps', label: 'training steps', kind: 'integer', min: 20, max: 5000, step: 10 },
  { key: 'batchSize', label: 'batch size', kind: 'integer', min: 8, max: 512 },
  { key: 'lr', label: 'middle learning rate of the sweep', kind: 'number', min: 1e-4, max: 1, log: true, help: 'each start takes the best of 0.3×, 1× and 3× this' },
  { key: 'small', label: 'the “too small” weight std', kind: 'number', min: 1e-4, max: 1, log: true },
  { key: 'large', label: 'the “too large” weight std', kind: 'number', min: 1e-2, max: 10, log: true },
];

type Scheme = 'small' | 'xavier' | 'he' | 'large';
const SCHEMES: readonly Scheme[] = ['small', 'xavier', 'he', 'large'];

function build(scheme: Scheme, config: DeepTrainingConfig): nn.Sequential {
  const layers: nn.Module[] = [];
  for (let l = 0; l < config.depth; l++) layers.push(new nn.Linear(l === 0 ? 784 : config.width, config.width), new nn.ReLU());
  layers.push(new nn.Linear(config.width, 10));
  const model = new nn.Sequential(...layers);
  for (const layer of linears(model)) {
    nn.init.zeros_(layer.bias!);
    if (scheme === 'small') nn.init.normal_(layer.weight, 0, config.small);
    else if (scheme === 'large') nn.init.normal_(layer.weight, 0, config.large);
    else if (scheme === 'xavier') nn.init.xavierNormal_(layer.weight);
    else nn.init.kaimingNormal_(layer.weight, { nonlinearity: 'relu' });
  }
  return model;
}

export const deepTrainingExperiment: Experiment<DeepTrainingConfig> = {
  id: 'deep-training',
  title: 'Does a deep ReLU network train from each scale?',
  summary:
    'A deep ReLU MLP on MNIST trained with plain SGD from a too-small weight std, Xavier, He and a too-large std, each at the best of three learning rates. A diverged run counts as chance, not as trained.',
  params,
  defaults: { depth: 10, width: 64, trainSize: 20000, testSize: 5000, steps: 1000, batchSize: 64, lr: 0.03, small: 0.01, large: 1 },
  quick: { trainSize: 5000, testSize: 1000, steps: 200 },
  async run(config, ctx) {
    checkConfig('deep-training', params, config);
    const { steps, batchSize, lr } = config;
    const pace = pacer(ctx.signal);
    const d = await loadMnist(ctx, config.trainSize, config.testSize);
    const metrics: Record<string, number> = {};
    const rows: Array<Array<string | number>> = [];
    const curves: Figure & { kind: 'line' } = { id: 'accuracy', title: 'Test accuracy (each start at its best learning rate)', kind: 'line', xLabel: 'step', yLabel: 'test accuracy', series: [] };
    const evalEvery = Math.max(10, Math.round(steps / 20));
    const lrs = [lr * 0.3, lr, lr * 3].map((r) => Number(r.toPrecision(3)));

    for (const scheme of SCHEMES) {
      let best: { lr: number; acc: number; diverged: number; curve: Array<[number, number]> } | null = null;
      const diverged: number[] = [];
      for (const rate of lrs) {
        manualSeed(ctx.seed);
        const model = build(scheme, config);
        const opt = new optim.SGD(model.parameters(), { lr: rate });
        const next = batchStream(d.trainLabels.length, batchSize, ctx.seed);
        const scopes = stepScopes([model, opt]);
        const curve: Array<[number, number]> = [];
        let broken = false;
        for (let step = 1; step <= steps && !broken; step++) {
          const idx = next();
          const loss = scopes.step(() => {
            const l = crossEntropy(model.forward(takeRows(d.trainPixels, 784, idx)), takeRows(d.trainLabels, 1, idx));
            opt.zeroGrad();
            l.backward();
            opt.step();
            return l.item();
          });
          // A non-finite loss or weight is a diverged run: it scores chance (10%), never "trained".
          if (!Number.isFinite(loss) || (step % evalEvery === 0 && nonFinite(model) > 0)) broken = true;
          if (step % evalEvery === 0 || step === steps || broken) {
            const acc = broken ? 0.1 : testAccuracy(model, d.testPixels, d.testLabels);
            curve.push([step, acc]);
            ctx.progress({ series: `${scheme}, lr ${rate}`, step, totalSteps: steps, metrics: { 'test accuracy': acc } });
          }
          await pace();
        }
        scopes.close();
        diverged.push(broken ? 1 : 0);
        const acc = curve[curve.length - 1]![1];
        if (!best || acc > best.acc) best = { lr: rate, acc, diverged: broken ? 1 : 0, curve };
      }
      metrics[`${scheme}.accuracy`] = best!.acc;
      metrics[`${scheme}.lr`] = best!.lr;
      metrics[`${scheme}.divergedRuns`] = diverged.reduce((a, b) => a + b, 0);
      curves.series.push({ name: `${scheme} (lr ${best!.lr})`, points: best!.curve });
      rows.push([scheme, best!.lr, Number(best!.acc.toFixed(4)), `${metrics[`${scheme}.divergedRuns`]} of ${lrs.length}`]);
      ctx.log(`${scheme}: ${(100 * best!.acc).toFixed(1)}% at lr ${best!.lr}; diverged at ${metrics[`${scheme}.divergedRuns`]} of ${lrs.length} rates`);
    }
    const figures: Figure[] = [
      curves,
      { id: 'summary', title: 'Each start at its best learning rate', kind: 'table', columns: ['init', 'learning rate', 'test accuracy', 'learning rates that diverged'], rows },
    ];
    return { metrics, figures };
  },
};
