// Experiment optimizer-race: plain SGD, SGD with momentum and Adam train the same MLP from the
// same weights on the same minibatches. Each optimizer gets the learning rate from its own small
// grid that scores best on validation images at each checkpoint, so none is handicapped by a rate
// chosen for another. Test accuracy is reported at an early checkpoint and at the end.

import { manualSeed, crossEntropy, stepScopes, optim, type nn } from '../../engine/index.ts';
import { checkConfig, pacer, type Experiment, type Figure, type Param } from '../kit/index.ts';
import { batchOf, batchStream, evaluate, loadSplit, makeMlp } from './shared.ts';

export interface OptimizerRaceConfig {
  [key: string]: number | string | boolean;
  trainSize: number;
  valSize: number;
  testSize: number;
  hidden: number;
  batchSize: number;
  earlyStep: number;
  steps: number;
  evalEvery: number;
}

const params: readonly Param[] = [
  { key: 'trainSize', label: 'training images', kind: 'integer', min: 500, max: 50000, step: 500 },
  { key: 'valSize', label: 'validation images (pick each learning rate)', kind: 'integer', min: 100, max: 10000, step: 100 },
  { key: 'testSize', label: 'test images', kind: 'integer', min: 200, max: 10000, step: 100 },
  { key: 'hidden', label: 'hidden units', kind: 'integer', min: 8, max: 256 },
  { key: 'batchSize', label: 'minibatch size', kind: 'integer', min: 8, max: 512 },
  { key: 'earlyStep', label: 'early checkpoint (step)', kind: 'integer', min: 5, max: 5000, step: 5 },
  { key: 'steps', label: 'training steps', kind: 'integer', min: 10, max: 10000, step: 10 },
  { key: 'evalEvery', label: 'measure every … steps', kind: 'integer', min: 5, max: 500, step: 5, help: 'the early checkpoint and the last step are always measured' },
];

type OptName = 'sgd' | 'momentum' | 'adam';
/** Each optimizer's learning-rate grid (a factor of about 3 apart, centred on its usual range). */
export const OPTIMIZERS: ReadonlyArray<{ key: OptName; name: string; lrs: readonly number[]; make: (m: nn.Module, lr: number) => optim.Optimizer<any> }> = [
  { key: 'sgd', name: 'SGD', lrs: [0.03, 0.1, 0.3], make: (m, lr) => new optim.SGD(m.parameters(), { lr }) },
  { key: 'momentum', name: 'SGD + momentum 0.9', lrs: [0.01, 0.03, 0.1], make: (m, lr) => new optim.SGD(m.parameters(), { lr, momentum: 0.9 }) },
  { key: 'adam', name: 'Adam', lrs: [1e-3, 3e-3, 1e-2, 3e-2], make: (m, lr) => new optim.Adam(m.parameters(), { lr }) },
];

interface Run { opt: OptName; lr: number; curve: Array<[number, number]>; at: Map<number, { val: number; test: number }> }

export const optimizerRaceExperiment: Experiment<OptimizerRaceConfig> = {
  id: 'optimizer-race',
  title: 'SGD vs momentum vs Adam, each at its own best learning rate',
  summary:
    'Three optimizers train the same MLP from the same weights on the same MNIST minibatches, each at the best rate of its own grid. Who leads after a few dozen steps, and who is ahead by the end?',
  params,
  defaults: { trainSize: 10000, valSize: 2000, testSize: 5000, hidden: 64, batchSize: 64, earlyStep: 50, steps: 1000, evalEvery: 25 },
  quick: { trainSize: 2000, valSize: 500, testSize: 1000, hidden: 32, steps: 200 },
  async run(config, ctx) {
    checkConfig('optimizer-race', params, config);
    const { trainSize, valSize, testSize, hidden, earlyStep, steps, evalEvery } = config;
    const batchSize = Math.min(config.batchSize, trainSize);
    const pace = pacer(ctx.signal);
    const { train, val, test } = await loadSplit(ctx, trainSize, valSize, testSize);
    const checkpoints = [...new Set([Math.min(earlyStep, steps), steps])];

    const runs: Run[] = [];
    for (const o of OPTIMIZERS) {
      for (const lr of o.lrs) {
        manualSeed(ctx.seed); // same initial weights for every run
        const model = makeMlp(hidden);
        const opt = o.make(model, lr);
        const nextBatch = batchStream(trainSize, batchSize, ctx.seed); // same batches for every run
        const scopes = stepScopes([model, opt]);
        const run: Run = { opt: o.key, lr, curve: [[0, 1 - evaluate(model, test).error]], at: new Map() };
        for (let step = 1; step <= steps; step++) {
          scopes.step(() => {
            const { x, y } = batchOf(train, nextBatch());
            const loss = crossEntropy(model.forward(x), y);
            opt.zeroGrad();
            loss.backward();
            opt.step();
            return 0;
          });
          const isCheckpoint = checkpoints.includes(step);
          if (step % evalEvery === 0 || isCheckpoint) {
            const testAccuracy = 1 - evaluate(model, test).error;
            run.curve.push([step, testAccuracy]);
            if (isCheckpoint) run.at.set(step, { val: 1 - evaluate(model, val).error, test: testAccuracy });
            ctx.progress({ series: `${o.name}, lr ${lr}`, step, totalSteps: steps, metrics: { 'test accuracy': testAccuracy } });
          }
          await pace();
        }
        scopes.close();
        runs.push(run);
      }
    }

    // At each checkpoint, each optimizer's best rate on validation images (NaN never wins).
    const bestAt = (key: OptName, step: number): Run => runs.filter((r) => r.opt === key).reduce((a, b) => {
      const va = a.at.get(step)!.val, vb = b.at.get(step)!.val;
      return vb > va || Number.isNaN(va) ? b : a;
    });
    const metrics: Record<string, number> = { earlyStep: checkpoints[0]!, steps };
    const names = { [checkpoints[0]!]: 'early', [steps]: 'final' } as Record<number, string>;
    for (const o of OPTIMIZERS) {
      for (const step of checkpoints) {
        const r = bestAt(o.key, step);
        metrics[`${o.key}.${names[step]}Accuracy`] = r.at.get(step)!.test;
        metrics[`${o.key}.${names[step]}Lr`] = r.lr;
        const i = o.lrs.indexOf(r.lr);
        metrics[`${o.key}.${names[step]}LrAtGridEdge`] = i === 0 || i === o.lrs.length - 1 ? 1 : 0;
      }
    }
    const m = (k: string) => metrics[k]!;
    metrics['adamLeadEarly'] = m('adam.earlyAccuracy') - m('sgd.earlyAccuracy');
    metrics['adamLeadFinal'] = m('adam.finalAccuracy') - m('sgd.finalAccuracy');
    metrics['adamLeadOverMomentumEarly'] = m('adam.earlyAccuracy') - m('momentum.earlyAccuracy');
    metrics['momentumLeadOverSgdFinal'] = m('momentum.finalAccuracy') - m('sgd.finalAccuracy');
    for (const o of OPTIMIZERS) ctx.log(`${o.name}: step ${checkpoints[0]} ${m(`${o.key}.earlyAccuracy`).toFixed(3)} (lr ${m(`${o.key}.earlyLr`)}), step ${steps} ${m(`${o.key}.finalAccuracy`).toFixed(3)} (lr ${m(`${o.key}.finalLr`)})`);

    const finalBest = OPTIMIZERS.map((o) => ({ o, r: bestAt(o.key, steps) }));
    const figures: Figure[] = [
      { id: 'race', title: 'Test accuracy while training, each optimizer at its best final learning rate', kind: 'line', xLabel: 'step', yLabel: 'test accuracy', series: finalBest.map(({ o, r }) => ({ name: `${o.name} (lr ${r.lr})`, points: r.curve })) },
      { id: 'checkpoints', title: `Test accuracy at step ${checkpoints[0]} and step ${steps}, each at its best rate for that step`, kind: 'bar', xLabel: 'optimizer and step', yLabel: 'test accuracy', bars: OPTIMIZERS.flatMap((o) => checkpoints.map((s) => ({ label: `${o.name}, step ${s}`, value: m(`${o.key}.${names[s]}Accuracy`) }))) },
      {
        id: 'sweep', title: 'Every run: validation accuracy at each checkpoint (the best of each optimizer is used)', kind: 'table',
        columns: ['optimizer', 'learning rate', ...checkpoints.flatMap((s) => [`validation, step ${s}`, `test, step ${s}`])],
        rows: runs.map((r) => [OPTIMIZERS.find((o) => o.key === r.opt)!.name, r.lr, ...checkpoints.flatMap((s) => [r.at.get(s)!.val, r.at.get(s)!.test])]),
      },
    ];
    return { metrics, figures };
  },
};
