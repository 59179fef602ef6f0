// Experiment symmetry: one-hidden-layer MLPs on MNIST started from random, all-zero and all-equal
// ("constant") weights, plus a constant start nudged by tiny noise. Counts how many distinct hidden
// units each ends with and how far apart they drifted; the symmetric starts get the best of a small
// learning-rate sweep, so their failure is not a bad learning rate.

import { checkConfig, pacer, type Experiment, type Figure, type Param } from '../kit/index.ts';
import { manualSeed, nn, optim, crossEntropy, stepScopes } from '../../engine/index.ts';
import { ACTIVATIONS, activation, batchStream, linears, loadMnist, nonFinite, takeRows, testAccuracy, type ActivationName } from './shared.ts';

export interface SymmetryConfig {
  [key: string]: number | string | boolean;
  activation: string;
  trainSize: number;
  testSize: number;
  hidden: number;
  steps: number;
  batchSize: number;
  lr: number;
  constant: number;
  noise: number;
}

const params: readonly Param[] = [
  { key: 'activation', label: 'hidden activation', kind: 'select', options: ACTIVATIONS },
  { key: 'trainSize', label: 'training images', kind: 'integer', min: 500, max: 60000, step: 500 },
  { key: 'testSize', label: 'test images', kind: 'integer', min: 200, max: 10000, step: 100 },
  { key: 'hidden', label: 'hidden units', kind: 'integer', min: 2, max: 256 },
  { key: 'steps', label: 'training steps', kind: 'integer', min: 20, max: 5000, step: 10 },
  { key: 'batchSize', label: 'batch size', kind: 'integer', min: 8, max: 512 },
  { key: 'lr', label: 'learning rate of the random start', kind: 'number', min: 1e-3, max: 2, log: true, help: 'the other starts take the best of 0.3×, 1× and 3× this' },
  { key: 'constant', label: 'value of every weight in the constant start', kind: 'number', min: 1e-4, max: 1, log: true },
  { key: 'noise', label: 'std of the nudge added to the constant start', kind: 'number', min: 1e-9, max: 1e-2, log: true },
];

type Start = 'random' | 'zero' | 'constant' | 'nudged' | 'one unit';
const STARTS: readonly Start[] = ['random', 'zero', 'constant', 'nudged', 'one unit'];

/** Fills a fresh 784-h-10 MLP's weights for a start; biases start at zero in every start. */
function build(start: Start, act: ActivationName, hidden: number, constant: number, noise: number): nn.Sequential {
  const width = start === 'one unit' ? 1 : hidden;
  const model = new nn.Sequential(new nn.Linear(784, width), activation(act), new nn.Linear(width, 10));
  for (const layer of linears(model)) {
    nn.init.zeros_(layer.bias!);
    if (start === 'zero') nn.init.zeros_(layer.weight);
    else if (start === 'constant') nn.init.constant_(layer.weight, constant);
    else if (start === 'nudged') nn.init.normal_(layer.weight, constant, noise);
    else if (act === 'relu') nn.init.kaimingNormal_(layer.weight, { nonlinearity: 'relu' });
    else nn.init.xavierNormal_(layer.weight);
  }
  return model;
}

/** Each hidden unit's parameters: its row of W1, its bias, its column of W2. */
function unitVectors(model: nn.Sequential): Float64Array[] {
  const [first, second] = linears(model) as [nn.Linear, nn.Linear];
  const w1 = first.weight.toTypedArray(), b1 = first.bias!.toTypedArray(), w2 = second.weight.toTypedArray();
  const h = first.outFeatures;
  return Array.from({ length: h }, (_, j) => {
    const v = new Float64Array(784 + 1 + 10);
    for (let i = 0; i < 784; i++) v[i] = w1[j * 784 + i]!;
    v[784] = b1[j]!;
    for (let c = 0; c < 10; c++) v[785 + c] = w2[c * h + j]!;
    return v;
  });
}

/** Distinct hidden units (exactly equal parameter vectors count once) and the largest gap between any unit and the first. */
function unitStats(model: nn.Sequential): { distinct: number; spread: number } {
  const units = unitVectors(model);
  const keys = new Set(units.map((u) => Array.from(u).join(',')));
  let spread = 0;
  for (const u of units) for (let i = 0; i < u.length; i++) spread = Math.max(spread, Math.abs(u[i]! - units[0]![i]!));
  return { distinct: keys.size, spread };
}

export const symmetryExperiment: Experiment<SymmetryConfig> = {
  id: 'symmetry',
  title: 'Why not start from zero? Symmetric starts on MNIST',
  summary:
    'A 784-h-10 MLP trained with SGD from random weights, from all zeros, from all weights equal, and from equal weights nudged by tiny noise, next to a network with one hidden unit. Count the distinct hidden units at the end and compare accuracies.',
  params,
  defaults: { activation: 'tanh', trainSize: 20000, testSize: 5000, hidden: 64, steps: 1000, batchSize: 64, lr: 0.1, constant: 0.01, noise: 1e-6 },
  quick: { trainSize: 5000, testSize: 1000, hidden: 32, steps: 300 },
  async run(config, ctx) {
    checkConfig('symmetry', params, config);
    const act = config.activation as ActivationName;
    const { hidden, steps, batchSize, lr, constant, noise } = config;
    const pace = pacer(ctx.signal);
    const d = await loadMnist(ctx, config.trainSize, config.testSize);
    const n = d.trainLabels.length;
    const metrics: Record<string, number> = {};
    const rows: Array<Array<string | number>> = [];
    const curves: Figure & { kind: 'line' } = { id: 'accuracy', title: 'Test accuracy while training (each start at its best learning rate)', kind: 'line', xLabel: 'step', yLabel: 'test accuracy', series: [] };
    const spreadCurve: Figure & { kind: 'line' } = { id: 'spread', title: 'Largest gap between two hidden units’ parameters (the nudged start)', kind: 'line', xLabel: 'step', yLabel: 'max |unit j − unit 1|', logY: true, series: [] };
    const evalEvery = Math.max(10, Math.round(steps / 20));

    for (const start of STARTS) {
      const lrs = start === 'random' ? [lr] : [lr * 0.3, lr, lr * 3].map((r) => Number(r.toPrecision(3)));
      let best: { lr: number; acc: number; distinct: number; spread: number; spread0: number; curve: Array<[number, number]>; spreads: Array<[number, number]> } | null = null;
      for (const rate of lrs) {
        manualSeed(ctx.seed);
        const model = build(start, act, hidden, constant, noise);
        const spread0 = unitStats(model).spread;
        const opt = new optim.SGD(model.parameters(), { lr: rate });
        const next = batchStream(n, batchSize, ctx.seed);
        const scopes = stepScopes([model, opt]);
        const curve: Array<[number, number]> = [[0, testAccuracy(model, d.testPixels, d.testLabels)]];
        const spreads: Array<[number, number]> = [[0, spread0]];
        for (let step = 1; step <= steps; step++) {
          const rowsIdx = next();
          scopes.step(() => {
            const loss = crossEntropy(model.forward(takeRows(d.trainPixels, 784, rowsIdx)), takeRows(d.trainLabels, 1, rowsIdx));
            opt.zeroGrad();
            loss.backward();
            opt.step();
          });
          if (step % evalEvery === 0 || step === steps) {
            const acc = nonFinite(model) > 0 ? 0 : testAccuracy(model, d.testPixels, d.testLabels);
            curve.push([step, acc]);
            if (start === 'nudged') spreads.push([step, unitStats(model).spread]);
            ctx.progress({ series: `${start}, lr ${rate}`, step, totalSteps: steps, metrics: { 'test accuracy': acc } });
          }
          await pace();
        }
        scopes.close();
        const acc = curve[curve.length - 1]![1];
        const { distinct, spread } = unitStats(model);
        if (!best || acc > best.acc) best = { lr: rate, acc, distinct, spread, spread0, curve, spreads };
      }
      const key = start === 'one unit' ? 'oneUnit' : start;
      metrics[`${key}.accuracy`] = best!.acc;
      metrics[`${key}.lr`] = best!.lr;
      metrics[`${key}.distinctUnits`] = best!.distinct;
      metrics[`${key}.spread`] = best!.spread;
      if (start === 'nudged') {
        metrics['nudged.spreadAtInit'] = best!.spread0;
        metrics['nudged.spreadGrowth'] = best!.spread / best!.spread0;
        spreadCurve.series.push({ name: `nudged, lr ${best!.lr}`, points: best!.spreads });
      }
      curves.series.push({ name: `${start} (lr ${best!.lr})`, points: best!.curve });
      rows.push([start, best!.lr, Number(best!.acc.toFixed(4)), best!.distinct, Number(best!.spread.toPrecision(3))]);
      ctx.log(`${start}: ${(100 * best!.acc).toFixed(1)}% at lr ${best!.lr}, ${best!.distinct} distinct hidden units, spread ${best!.spread.toExponential(2)}`);
    }
    // Chance-level floor: always predicting the most common test label.
    const counts = new Array(10).fill(0);
    for (const y of d.testLabels) counts[y]++;
    metrics['majorityClass.accuracy'] = Math.max(...counts) / d.testLabels.length;

    const figures: Figure[] = [
      curves,
      spreadCurve,
      { id: 'summary', title: 'Each start at its best learning rate', kind: 'table', columns: ['start', 'learning rate', 'test accuracy', 'distinct hidden units', 'max gap between units'], rows },
    ];
    return { metrics, figures };
  },
};
