// Experiment "Width vs fit": one-hidden-layer networks of growing width fit a 1-D function on
// [-π, π], each at the best of three learning rates; the test error on a dense grid, set against
// the best any 1-unit net can reach (computed, not trained), shows what more hidden units buy, and
// the hidden units of one small net, drawn one by one, show how their sum becomes the prediction.

import { checkConfig, pacer } from '../kit/index.ts';
import { nn, optim, tensor, rand, manualSeed, mseLoss, noGrad, stepScopes, type Tensor } from '../../engine/index.ts';
import type { Experiment, Figure, Series } from '../kit/index.ts';
import { activationNames, activations, type ActivationName } from './activations.ts';
import { targetNames, targets, oneUnitFloor, lineFloor, spearman, type TargetName } from './targets.ts';

export type Fit1dConfig = {
  target: TargetName;
  activation: ActivationName;
  maxWidth: number;
  widthGrowth: number;
  steps: number;
  lr: number;
  lrSweep: boolean;
  trainPoints: number;
  unitsWidth: number;
};

const GRID = 1001; // test points, evenly spaced: the error between training points counts too
const grid = Array.from({ length: GRID }, (_, i) => -Math.PI + (2 * Math.PI * i) / (GRID - 1));
const column = (xs: readonly number[]): Tensor => tensor(xs.map((x) => [x]));
const every = <T>(xs: readonly T[], k: number): T[] => xs.filter((_, i) => i % k === 0 || i === xs.length - 1);

/** 1, g, g², … up to maxWidth (and maxWidth itself, so the widest asked for is always trained). */
export function widthsFor(maxWidth: number, growth: number): number[] {
  const ws: number[] = [];
  for (let w = 1; w < maxWidth; w *= growth) ws.push(w);
  ws.push(maxWidth);
  return ws;
}

interface Trained {
  width: number;
  lr: number;
  hidden: nn.Linear;
  out: nn.Linear;
  trainMse: number;
  testMse: number;
  prediction: number[];
}

const params = [
  { key: 'target', label: 'target function', kind: 'select', options: targetNames, help: 'sin x, a step (−1 then +1), or |x|' },
  { key: 'activation', label: 'activation', kind: 'select', options: activationNames },
  { key: 'maxWidth', label: 'widest hidden layer', kind: 'integer', min: 1, max: 256, log: true },
  { key: 'widthGrowth', label: 'width growth factor', kind: 'integer', min: 2, max: 8, help: 'widths 1, g, g², … up to the widest' },
  { key: 'steps', label: 'Adam steps per width', kind: 'integer', min: 10, max: 10000, log: true },
  { key: 'lr', label: 'learning rate (Adam)', kind: 'number', min: 1e-4, max: 0.3, log: true },
  { key: 'lrSweep', label: 'also try lr ÷ 3 and lr × 3', kind: 'boolean', help: 'each width keeps the rate with the lowest training error' },
  { key: 'trainPoints', label: 'training points', kind: 'integer', min: 4, max: 2000, log: true },
  { key: 'unitsWidth', label: 'width of the net whose units are drawn', kind: 'integer', min: 1, max: 16 },
] as const;

export const fit1d: Experiment<Fit1dConfig> = {
  id: 'fit-1d',
  title: 'Width vs fit',
  summary:
    'Networks with one hidden layer of 1, 2, 4, … units fit sin x, a step or |x| from random samples, each at its best of three learning rates. Watch the test error fall as units are added, far below the best any single unit can do, and see the prediction as a sum of bent pieces, one per unit.',
  params,
  defaults: { target: 'sine', activation: 'relu', maxWidth: 64, widthGrowth: 2, steps: 2000, lr: 0.1, lrSweep: true, trainPoints: 200, unitsWidth: 6 },
  quick: { widthGrowth: 4, steps: 300, unitsWidth: 4 },

  async run(config, ctx) {
    checkConfig('fit-1d', params, config);
    const { target, activation, maxWidth, widthGrowth, steps, lr, lrSweep, trainPoints, unitsWidth } = config;
    manualSeed(ctx.seed);
    const f = targets[target];
    const xTrain = Array.from(rand([trainPoints]).mul(2 * Math.PI).sub(Math.PI).toTypedArray());
    const x = column(xTrain), y = column(xTrain.map(f));
    const xTest = column(grid), yGrid = grid.map(f), yTest = column(yGrid);
    const pace = pacer(ctx.signal);
    const reportEvery = Math.max(1, Math.round(steps / 100));

    const rates = lrSweep ? [lr / 3, lr, lr * 3].map((r) => Number(r.toPrecision(3))) : [lr];

    /** One width at one rate; every rate of a width starts from the same weights. */
    const trainAt = async (width: number, rate: number): Promise<Trained> => {
      manualSeed(ctx.seed * 1009 + width);
      const hidden = new nn.Linear(1, width), out = new nn.Linear(width, 1);
      const model = new nn.Sequential(hidden, activations[activation].module(), out);
      const opt = new optim.Adam(model.parameters(), { lr: rate });
      const scopes = stepScopes([model, opt]);
      for (let step = 1; step <= steps; step++) {
        const loss = scopes.step(() => {
          opt.zeroGrad();
          const l = mseLoss(model.forward(x), y);
          l.backward();
          opt.step();
          return l.item();
        });
        if (step % reportEvery === 0 || step === steps) {
          ctx.progress({ series: `width ${width}, lr ${rate}`, step, totalSteps: steps, metrics: { mse: loss } });
        }
        await pace();
      }
      scopes.close();
      const trainMse = noGrad(() => mseLoss(model.forward(x), y).item());
      const pred = noGrad(() => model.forward(xTest));
      const testMse = noGrad(() => mseLoss(pred, yTest).item());
      return { width, lr: rate, hidden, out, trainMse, testMse, prediction: Array.from(pred.toTypedArray()) };
    };

    /** The best rate for a width, chosen on the training points only (the grid stays unseen). */
    const train = async (width: number): Promise<Trained> => {
      let best: Trained | null = null;
      for (const rate of rates) {
        const t = await trainAt(width, rate);
        if (!best || !(t.trainMse >= best.trainMse)) best = t; // a NaN run never wins
      }
      ctx.log(`width ${width}: lr ${best!.lr}, train mse ${best!.trainMse.toExponential(2)}, test mse ${best!.testMse.toExponential(2)}`);
      return best!;
    };

    const widths = widthsFor(maxWidth, widthGrowth);
    const nets: Trained[] = [];
    for (const w of widths) nets.push(await train(w));
    const unitsNet = nets.find((n) => n.width === unitsWidth) ?? (await train(unitsWidth));
    const errors = nets.map((n) => n.testMse);
    const floor = oneUnitFloor(grid, yGrid, activation);
    const line = lineFloor(grid, yGrid);
    const units = unitContributions(unitsNet, xTest, activation);

    const metrics: Record<string, number> = {};
    for (const n of nets) {
      metrics[`width${n.width}.testMse`] = n.testMse;
      metrics[`width${n.width}.lr`] = n.lr;
    }
    const widest = nets[nets.length - 1]!;
    Object.assign(metrics, {
      'wide.testMse': widest.testMse,
      'wide.width': widest.width,
      oneUnitFloor: floor,
      lineFloor: line,
      // The headline: the widest net against the best any 1-unit net can reach (not a trained one,
      // which may have failed), and how far a trained 1-unit net ended above that best.
      'wide.belowFloor': floor / widest.testMse,
      'width1.overFloor': nets[0]!.testMse / floor,
      spearman: spearman(widths, errors),
      fallsEveryStep: errors.every((e, i) => i === 0 || e < errors[i - 1]!) ? 1 : 0,
      'units.width': unitsWidth,
      'units.sumError': units.sumError,
    });
    return { metrics, figures: [fitsFigure(target, yGrid, nets), errorFigure(widths, errors, floor, line, activation), units.figure] };
  },
};

/** Each hidden unit's share w2_j · act(w1_j x + b1_j) of the prediction, and how exactly they add up. */
function unitContributions(net: Trained, xTest: Tensor, activation: ActivationName): { figure: Figure; sumError: number } {
  const act = activations[activation].module();
  const parts = noGrad(() => act.forward(net.hidden.forward(xTest)).mul(net.out.weight)); // (GRID, width)
  const values = parts.toArray() as number[][];
  const b2 = net.out.bias!.item();
  const sum = values.map((row) => row.reduce((s, v) => s + v, 0) + b2);
  const sumError = Math.max(...sum.map((s, i) => Math.abs(s - net.prediction[i]!)));
  const xs = every(grid, 5);
  const idx = every(grid.map((_, i) => i), 5);
  const series: Series[] = Array.from({ length: net.width }, (_, j) => ({
    name: `unit ${j + 1}`,
    points: idx.map((i, k): [number, number] => [xs[k]!, values[i]![j]!]),
  }));
  series.push({ name: `output bias b₂ = ${b2.toFixed(3)}`, points: [[xs[0]!, b2], [xs[xs.length - 1]!, b2]] });
  series.push({ name: 'sum of units + b₂ = prediction', points: idx.map((i, k): [number, number] => [xs[k]!, sum[i]!]) });
  return {
    sumError,
    figure: { id: 'units', title: `The ${net.width} hidden units of one net, and their sum`, kind: 'line', xLabel: 'x', yLabel: 'contribution to the output', series },
  };
}

function fitsFigure(target: TargetName, yGrid: number[], nets: Trained[]): Figure {
  // At most four fits, spread from the narrowest to the widest, so the chart stays readable.
  const picks = [...new Set([0, Math.round((nets.length - 1) / 3), Math.round((2 * (nets.length - 1)) / 3), nets.length - 1])];
  const idx = every(grid.map((_, i) => i), 5);
  const line = (name: string, ys: readonly number[]): Series => ({ name, points: idx.map((i): [number, number] => [grid[i]!, ys[i]!]) });
  return {
    id: 'fits',
    title: `The target (${target}) and what networks of several widths learned`,
    kind: 'line',
    xLabel: 'x',
    yLabel: 'y',
    series: [line('target', yGrid), ...picks.map((p) => line(`width ${nets[p]!.width}`, nets[p]!.prediction))],
  };
}

function errorFigure(widths: number[], errors: number[], floor: number, line: number, activation: ActivationName): Figure {
  // For ReLU the search covers every 1-unit net (the slope scales out); for tanh and sigmoid it stops at slope 100.
  const floorName = activation === 'relu' ? 'best any 1-unit net can do (computed)' : 'best 1-unit net with slope ≤ 100 (computed)';
  return {
    id: 'error-vs-width',
    title: 'Test error on a dense grid against the number of hidden units',
    kind: 'line',
    xLabel: 'hidden units (width)',
    yLabel: 'test MSE',
    logY: true,
    series: [
      { name: 'trained network (best of its learning rates)', points: widths.map((w, i): [number, number] => [w, errors[i]!]) },
      { name: floorName, points: [[widths[0]!, floor], [widths[widths.length - 1]!, floor]] },
      { name: 'best straight line: any width, no activation', points: [[widths[0]!, line], [widths[widths.length - 1]!, line]] },
    ],
  };
}
