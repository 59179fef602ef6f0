// Experiment batchnorm-lr: the baseline network with and without batch norm, trained at learning
// rates a decade apart. Which rates still train, and how many epochs each needs to reach a target.

import { checkConfig, pacer, throwIfStopped, type Experiment, type Figure, type Param } from '../kit/index.ts';
import { accuracy, loadSplits, train, setupParams } from './setup.ts';

export interface BatchNormLrConfig {
  [key: string]: number | string | boolean;
  trainSize: number;
  testSize: number;
  width: number;
  epochs: number;
  batchSize: number;
  target: number;
}

const params: readonly Param[] = [
  ...setupParams,
  { key: 'target', label: 'target test accuracy', kind: 'number', min: 0.2, max: 0.99, step: 0.01 },
];

export const BN_LRS = [0.01, 0.1, 1] as const;
/** Below this final test accuracy (or NaN) a run counts as not trained. */
export const TRAINS = 0.8;

export const batchNormLrExperiment: Experiment<BatchNormLrConfig> = {
  id: 'batchnorm-lr',
  title: 'What batch norm does to the learning rate you can use',
  summary:
    'The baseline network with and without batch normalization after each hidden layer, trained with SGD (momentum 0.9) at rates 0.01, 0.1 and 1. A run that diverges counts as chance.',
  params,
  defaults: { trainSize: 1000, testSize: 10000, width: 256, epochs: 30, batchSize: 50, target: 0.85 },
  quick: { testSize: 1000, width: 128, epochs: 6 },
  async run(config, ctx) {
    checkConfig('batchnorm-lr', params, config);
    throwIfStopped(ctx.signal);
    const c = config;
    const pace = pacer(ctx.signal);
    const d = await loadSplits(ctx, c.trainSize, 0, c.testSize);
    const metrics: Record<string, number> = {};
    const finals: Figure & { kind: 'line' } = { id: 'final', title: `Test accuracy after ${c.epochs} epochs at each rate (diverged = 0.1)`, kind: 'line', xLabel: 'log₁₀ learning rate', yLabel: 'test accuracy', series: [] };
    const curves: Figure & { kind: 'line' } = { id: 'curves', title: 'Test accuracy per epoch, each arm at its best rate', kind: 'line', xLabel: 'epoch', yLabel: 'test accuracy', series: [] };
    for (const [arm, batchNorm] of [['plain', false], ['batchNorm', true]] as const) {
      const points: Array<[number, number]> = [];
      let best = { lr: 0, acc: -1, curve: [] as Array<[number, number]> };
      for (const lr of BN_LRS) {
        const curve: Array<[number, number]> = [];
        let dead = false;
        await train({ lr, epochs: c.epochs, batchSize: c.batchSize, width: c.width, batchNorm }, d, ctx.seed, pace, (epoch, loss, model) => {
          dead ||= !Number.isFinite(loss) || loss > 20;
          const acc = dead ? 0.1 : accuracy(model, d.test);
          curve.push([epoch, acc]);
          ctx.progress({ series: `${arm}, lr ${lr}`, step: epoch, totalSteps: c.epochs, metrics: { 'test accuracy': acc } });
        });
        // A run that stopped early on a NaN loss holds chance for the epochs it did not reach.
        const acc = curve.length < c.epochs || dead ? 0.1 : curve[curve.length - 1]![1];
        metrics[`${arm}.acc@${lr}`] = acc;
        points.push([Math.log10(lr), acc]);
        if (acc > best.acc) best = { lr, acc, curve };
      }
      const working = BN_LRS.filter((lr) => metrics[`${arm}.acc@${lr}`]! >= TRAINS);
      metrics[`${arm}.maxWorkingLr`] = working.length ? Math.max(...working) : 0;
      metrics[`${arm}.workingRates`] = working.length;
      metrics[`${arm}.bestLr`] = best.lr;
      metrics[`${arm}.bestAcc`] = best.acc;
      const hit = best.curve.find(([, a]) => a >= c.target);
      metrics[`${arm}.epochsToTarget`] = hit ? hit[0] : c.epochs + 1;
      finals.series.push({ name: arm === 'plain' ? 'without batch norm' : 'with batch norm', points });
      curves.series.push({ name: `${arm === 'plain' ? 'without' : 'with'} batch norm (lr ${best.lr})`, points: best.curve });
      ctx.log(`${arm}: rates that train ${working.join(', ') || 'none'}; best ${best.lr} → ${(100 * best.acc).toFixed(1)}%, target ${c.target} at epoch ${metrics[`${arm}.epochsToTarget`]}`);
    }
    return { metrics, figures: [finals, curves] };
  },
};
