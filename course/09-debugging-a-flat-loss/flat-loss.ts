// Experiment flat-loss: one MNIST MLP trained with a chosen bug (or none), then four diagnostics
// run on the same code: the loss at initialization, per-layer gradient norms, overfitting one
// batch, and a learning-rate sweep. Each diagnostic reuses the run's own training loop and bug.

import { checkConfig, pacer, throwIfStopped, type Experiment, type Figure, type Param, type RunContext } from '../kit/index.ts';
import { crossEntropy, data, fromTypedArray, manualSeed, nn, noGrad, optim, randperm, stepScopes, tidy, type Tensor } from '../../engine/index.ts';
import { batchStream, takeRows } from '../kit/index.ts';

export const BUGS = ['none', 'lr-too-high', 'lr-too-low', 'no-zero-grad', 'dead-relus', 'shuffled-labels'] as const;
export type Bug = (typeof BUGS)[number];

export interface FlatLossConfig {
  [key: string]: number | string | boolean;
  bug: string;
  trainSize: number;
  testSize: number;
  steps: number;
  batchSize: number;
  hidden: number;
  lr: number;
  highLr: number;
  lowLr: number;
  overfitSteps: number;
  finderSteps: number;
  evalEvery: number;
}

const params: readonly Param[] = [
  { key: 'bug', label: 'bug', kind: 'select', options: BUGS, help: 'none is the healthy control; each other option breaks one thing' },
  { key: 'trainSize', label: 'training images', kind: 'integer', min: 200, max: 60000, step: 100 },
  { key: 'testSize', label: 'test images', kind: 'integer', min: 200, max: 10000, step: 100 },
  { key: 'steps', label: 'training steps', kind: 'integer', min: 20, max: 5000, step: 10 },
  { key: 'batchSize', label: 'batch size', kind: 'integer', min: 8, max: 256 },
  { key: 'hidden', label: 'hidden units per layer', kind: 'integer', min: 8, max: 256 },
  { key: 'lr', label: 'learning rate (healthy)', kind: 'number', min: 1e-4, max: 1, log: true, help: 'SGD rate of every run except the two learning-rate bugs' },
  { key: 'highLr', label: 'learning rate when “too high”', kind: 'number', min: 0.5, max: 100, log: true },
  { key: 'lowLr', label: 'learning rate when “too low”', kind: 'number', min: 1e-7, max: 1e-3, log: true },
  { key: 'overfitSteps', label: 'steps on the single batch', kind: 'integer', min: 10, max: 2000, step: 10 },
  { key: 'finderSteps', label: 'steps per learning rate in the sweep', kind: 'integer', min: 10, max: 500, step: 10 },
  { key: 'evalEvery', label: 'test every … steps', kind: 'integer', min: 5, max: 500, step: 5 },
];

/** The learning rates the sweep (a learning-rate finder) tries, a decade apart. */
export const FINDER_LRS = [1e-4, 1e-3, 1e-2, 1e-1, 1, 10] as const;
const OVERFIT_BATCH = 32;
/** A loss above this (or not finite) counts as diverged; ln 10 ≈ 2.3 is where a fresh net starts. */
const DIVERGED = 20;
const LN_C = Math.log(10);

interface Setup {
  lr: number;
  zeroGrad: boolean;
  dead: boolean;
}

function setupOf(bug: Bug, c: FlatLossConfig): Setup {
  return {
    lr: bug === 'lr-too-high' ? c.highLr : bug === 'lr-too-low' ? c.lowLr : c.lr,
    zeroGrad: bug !== 'no-zero-grad',
    dead: bug === 'dead-relus',
  };
}

/** 784-h-h-10 ReLU MLP from the seed's weights; the dead-ReLU bug sets every hidden bias to −10. */
function makeModel(seed: number, hidden: number, dead: boolean): nn.Sequential {
  manualSeed(seed);
  const model = new nn.Sequential(new nn.Linear(784, hidden), new nn.ReLU(), new nn.Linear(hidden, hidden), new nn.ReLU(), new nn.Linear(hidden, 10));
  if (dead) for (const i of [0, 2]) nn.init.constant_((model.get(i) as nn.Linear).bias!, -10);
  return model;
}

const linears = (model: nn.Sequential): nn.Linear[] => [0, 2, 4].map((i) => model.get(i) as nn.Linear);

function norm(t: Tensor | null): number {
  if (!t) return 0;
  let s = 0;
  for (const v of t.contiguous().toTypedArray() as Float32Array) s += v * v;
  return Math.sqrt(s);
}

/** Weight-gradient norm of each of the three layers. */
const layerGradNorms = (model: nn.Sequential): number[] => linears(model).map((l) => norm(l.weight.grad));

interface Data {
  xTrain: Float32Array;
  yTrain: Int32Array;
  xTest: Tensor;
  yTest: Tensor;
  nTrain: number;
}

async function loadData(ctx: RunContext, c: FlatLossConfig, shuffled: boolean): Promise<Data> {
  const [train, test] = [await ctx.data.mnist('train', c.trainSize), await ctx.data.mnist('test', c.testSize)];
  const normalize = data.transforms.normalize(0.1307, 0.3081);
  const flat = (images: Tensor) => normalize(images).reshape([images.shape[0], 784]);
  const yTrain = Int32Array.from(train.labels.toTypedArray());
  // The data bug: training labels permuted among the images, so a label says nothing about its image.
  const labels = shuffled ? Int32Array.from(new data.Generator(1000 + ctx.seed).run(() => randperm(yTrain.length)).toTypedArray(), (j) => yTrain[j]!) : yTrain;
  return { xTrain: Float32Array.from(flat(train.images).contiguous().toTypedArray()), yTrain: labels, xTest: flat(test.images), yTest: test.labels, nTrain: yTrain.length };
}

/** How much the logits vary from image to image: the std over images, averaged over classes (0: the output ignores the input). */
function logitSpread(model: nn.Module, x: Tensor): number {
  return tidy(() => noGrad(() => model.forward(x).std({ dim: 0 }).mean().item()));
}

/** Mean loss and accuracy of a model on (x, y), without a graph. */
function evaluate(model: nn.Module, x: Tensor, y: Tensor): { loss: number; accuracy: number } {
  return tidy(() =>
    noGrad(() => {
      const out = model.forward(x);
      const pred = out.argmax(1).toTypedArray();
      const truth = y.toTypedArray();
      let same = 0;
      for (let i = 0; i < pred.length; i++) if (pred[i] === truth[i]) same++;
      return { loss: crossEntropy(out, y).item(), accuracy: same / pred.length };
    }),
  );
}

/**
 * The training loop under test: SGD on minibatches, with or without zeroGrad() before backward.
 * Calls `each(step, loss)` after every update (before the next batch); stops early once the loss
 * is not finite. Returns the per-step training losses.
 */
async function train(
  model: nn.Sequential, setup: Setup, steps: number, nextBatch: () => { x: Tensor; y: Tensor }, pace: () => Promise<void>,
  each?: (step: number, loss: number) => void,
): Promise<number[]> {
  const opt = new optim.SGD(model.parameters(), { lr: setup.lr });
  const scopes = stepScopes([model, opt]);
  const losses: number[] = [];
  for (let step = 1; step <= steps; step++) {
    const { x, y } = nextBatch();
    const loss = scopes.step(() => {
      const l = crossEntropy(model.forward(x), y);
      if (setup.zeroGrad) opt.zeroGrad();
      l.backward();
      each?.(step, l.item());
      opt.step();
      return l.item();
    });
    losses.push(loss);
    if (!Number.isFinite(loss)) break;
    await pace();
  }
  scopes.close();
  return losses;
}

const meanOfLast = (xs: number[], k: number): number => {
  const tail = xs.slice(-k);
  return tail.reduce((s, x) => s + x, 0) / tail.length;
};
/** A loss for tables and claims: finite, capped at DIVERGED (a NaN run reads as diverged, not as flat). */
const capped = (loss: number): number => (Number.isFinite(loss) ? Math.min(loss, DIVERGED) : DIVERGED);

export const flatLoss: Experiment<FlatLossConfig> = {
  id: 'flat-loss',
  title: 'Five ways to get a flat loss, and the checks that tell them apart',
  summary:
    'A 784-64-64-10 ReLU network on MNIST, trained with SGD and one bug of your choice (or none). Beside the training curves, four diagnostics: the loss at initialization against ln 10, the gradient norm of each layer, whether the same code can overfit one batch of 32, and a sweep of learning rates.',
  params,
  defaults: { bug: 'none', trainSize: 10000, testSize: 2000, steps: 1500, batchSize: 64, hidden: 64, lr: 0.1, highLr: 3, lowLr: 1e-5, overfitSteps: 200, finderSteps: 100, evalEvery: 50 },
  quick: { trainSize: 2000, testSize: 1000, steps: 300, finderSteps: 40, evalEvery: 25 },
  async run(config, ctx) {
    checkConfig('flat-loss', params, config);
    throwIfStopped(ctx.signal);
    const c = config;
    const bug = c.bug as Bug;
    const setup = setupOf(bug, c);
    const pace = pacer(ctx.signal);
    const d = await loadData(ctx, c, bug === 'shuffled-labels');
    const batchOf = (rows: Int32Array) => ({ x: takeRows(d.xTrain, 784, rows), y: takeRows(d.yTrain, 1, rows) });
    const allTrain = { x: fromTypedArray(d.xTrain, [d.nTrain, 784]), y: fromTypedArray(d.yTrain, [d.nTrain]) };
    const metrics: Record<string, number> = {};

    // 1. The loss at initialization, on the whole training set: about ln C for a sane init and loss.
    const fresh = makeModel(ctx.seed, c.hidden, setup.dead);
    metrics['init.loss'] = evaluate(fresh, allTrain.x, allTrain.y).loss;
    metrics['init.logitSpread'] = logitSpread(fresh, allTrain.x);
    ctx.log(`loss at initialization ${metrics['init.loss']!.toFixed(3)} (ln 10 = ${LN_C.toFixed(3)})`);

    // 2. The run itself, with gradient norms per layer recorded as it trains.
    const model = makeModel(ctx.seed, c.hidden, setup.dead);
    const stream = batchStream(d.nTrain, c.batchSize, ctx.seed);
    const trainCurve: Array<[number, number]> = [], testCurve: Array<[number, number]> = [], accCurve: Array<[number, number]> = [];
    const gradCurves: Array<Array<[number, number]>> = [[], [], []];
    let firstGrad: number[] = [], lastGrad: number[] = [], window: number[] = [];
    let updateRatio = 0, maxEarly = 0;
    const losses = await train(model, setup, c.steps, () => batchOf(stream()), pace, (step, loss) => {
      const g = layerGradNorms(model);
      if (step === 1) {
        firstGrad = g;
        // Size of the first update relative to the weights: lr·‖g‖/‖W‖, summed over layers' squares.
        const w = linears(model).map((l) => norm(l.weight));
        updateRatio = Math.hypot(...g) * setup.lr / Math.hypot(...w);
      }
      lastGrad = g;
      window.push(loss);
      if (step <= 10) maxEarly = Math.max(maxEarly, capped(loss));
      if (step % c.evalEvery === 0 || step === c.steps || !Number.isFinite(loss)) {
        // Norms before this step's update: the gradient the optimizer is about to use.
        gradCurves.forEach((curve, i) => curve.push([step, Number.isFinite(g[i]!) ? g[i]! : DIVERGED]));
        const trainLoss = capped(window.reduce((s, x) => s + x, 0) / window.length);
        const test = evaluate(model, d.xTest, d.yTest);
        trainCurve.push([step, trainLoss]);
        testCurve.push([step, capped(test.loss)]);
        accCurve.push([step, test.accuracy]);
        window = [];
        ctx.progress({ series: bug, step, totalSteps: c.steps, metrics: { 'training loss': trainLoss, 'test loss': capped(test.loss), 'test accuracy': test.accuracy } });
      }
    });
    // Evaluations after the loop (a test pass inside a step scope would be swept with it).
    const finalTest = evaluate(model, d.xTest, d.yTest);
    const finalTrain = evaluate(model, allTrain.x, allTrain.y);
    metrics['train.loss'] = capped(finalTrain.loss);
    metrics['train.accuracy'] = finalTrain.accuracy;
    metrics['test.loss'] = capped(finalTest.loss);
    metrics['test.accuracy'] = finalTest.accuracy;
    metrics['train.diverged'] = losses.some((l) => !Number.isFinite(l) || l > DIVERGED) ? 1 : 0;
    metrics['train.maxEarlyLoss'] = maxEarly;
    metrics['train.lastLoss'] = capped(meanOfLast(losses, 10));
    ['layer1', 'layer2', 'layer3'].forEach((name, i) => {
      metrics[`grad.first.${name}`] = firstGrad[i] ?? 0;
      metrics[`grad.last.${name}`] = Number.isFinite(lastGrad[i]!) ? lastGrad[i]! : -1;
    });
    // How much the stored gradient grew over the run; −1 when it went NaN, 0 when it started at 0.
    const [g0, g1] = [Math.hypot(...firstGrad), Math.hypot(...lastGrad)];
    metrics['grad.growth'] = !Number.isFinite(g1) ? -1 : g0 > 0 ? g1 / g0 : 0;
    metrics['update.ratio'] = updateRatio;

    // 3. Overfit one batch of 32 with the same code: a correct model and optimizer drive it to ~0.
    const one = batchOf(batchStream(d.nTrain, OVERFIT_BATCH, ctx.seed + 500)());
    const small = makeModel(ctx.seed, c.hidden, setup.dead);
    const oneLosses = await train(small, setup, c.overfitSteps, () => one, pace, (step, loss) => {
      if (step % c.evalEvery === 0) ctx.progress({ series: 'overfit one batch', step, totalSteps: c.overfitSteps, metrics: { 'batch loss': capped(loss) } });
    });
    metrics['overfit.loss'] = capped(meanOfLast(oneLosses, 5));
    ctx.log(`overfitting one batch of ${OVERFIT_BATCH}: loss ${metrics['overfit.loss']!.toFixed(3)} after ${c.overfitSteps} steps`);

    // 4. Learning-rate sweep: short runs from the same init at each rate, same code otherwise.
    const finder: Array<[number, number]> = [];
    for (const lr of FINDER_LRS) {
      const m = makeModel(ctx.seed, c.hidden, setup.dead);
      const s = batchStream(d.nTrain, c.batchSize, ctx.seed + 700);
      const ls = await train(m, { ...setup, lr }, c.finderSteps, () => batchOf(s()), pace);
      finder.push([lr, ls.length < c.finderSteps ? DIVERGED : capped(meanOfLast(ls, 10))]);
      ctx.progress({ series: 'learning-rate sweep', step: finder.length, totalSteps: FINDER_LRS.length, metrics: { [`loss after ${c.finderSteps} steps`]: finder[finder.length - 1]![1] } });
    }
    const best = finder.reduce((a, b) => (b[1] < a[1] ? b : a));
    metrics['finder.bestLr'] = best[0];
    metrics['finder.bestLoss'] = best[1];
    metrics['finder.log10RunOverBest'] = Math.log10(setup.lr / best[0]);
    finder.forEach(([lr, l]) => (metrics[`finder.loss@${lr}`] = l));

    const lnC = LN_C.toFixed(2);
    const verdicts: Array<[string, string, string, string]> = [
      ['loss at initialization', metrics['init.loss']!.toFixed(3), `≈ ln 10 = ${lnC}`, Math.abs(metrics['init.loss']! - LN_C) < 0.1 ? 'passes' : 'FAILS'],
      ['logit spread over images at init', metrics['init.logitSpread']!.toPrecision(3), '> 0 (outputs depend on the input)', metrics['init.logitSpread']! > 0 ? 'passes' : 'FAILS: output ignores the input'],
      ['gradient norms at step 1 (layers 1, 2, 3)', firstGrad.map((g) => g.toPrecision(3)).join(', '), 'all > 0', firstGrad.every((g) => g > 0) ? 'passes' : 'FAILS: a layer gets no gradient'],
      ['first update ÷ weights (lr·‖g‖/‖W‖)', metrics['update.ratio']!.toPrecision(3), 'about 1e-3 to 1e-2', metrics['update.ratio']! < 1e-4 ? 'FAILS: steps far too small' : metrics['update.ratio']! > 0.1 ? 'FAILS: steps far too large' : 'passes'],
      ['stored gradient norm, last ÷ first step', metrics['grad.growth']!.toPrecision(3), 'within a few ×', metrics['grad.growth']! < 0 ? 'FAILS: NaN' : metrics['grad.growth']! > 10 ? 'FAILS: gradient keeps growing' : 'passes'],
      [`overfit one batch of ${OVERFIT_BATCH} (${c.overfitSteps} steps)`, metrics['overfit.loss']!.toFixed(3), '< 0.05', metrics['overfit.loss']! < 0.05 ? 'passes' : 'FAILS: the code cannot fit 32 images'],
      ['learning-rate sweep: best rate', `${best[0]} (loss ${best[1].toFixed(3)})`, `run's rate ${setup.lr}`, best[1] > LN_C - 0.1 ? 'FAILS: no rate helps' : Math.abs(metrics['finder.log10RunOverBest']!) >= 1 ? `FAILS: run's rate is ${setup.lr > best[0] ? 'above' : 'below'} the best by ${Math.round(10 ** Math.abs(metrics['finder.log10RunOverBest']!))}×` : 'passes'],
    ];
    const figures: Figure[] = [
      {
        id: 'loss', title: `Loss while training (bug: ${bug})`, kind: 'line', xLabel: 'step', yLabel: 'cross-entropy (capped at 20)',
        series: [{ name: 'training (mean since last point)', points: trainCurve }, { name: 'test', points: testCurve }, { name: `ln 10 = ${lnC}`, points: [[0, LN_C], [c.steps, LN_C]] }],
      },
      { id: 'accuracy', title: 'Test accuracy', kind: 'line', xLabel: 'step', yLabel: 'test accuracy', series: [{ name: 'test', points: accCurve }, { name: 'chance', points: [[0, 0.1], [c.steps, 0.1]] }] },
      { id: 'grads', title: 'Gradient norm of each layer’s weights (20 = NaN)', kind: 'line', xLabel: 'step', yLabel: '‖∂L/∂W‖', logY: true, series: gradCurves.map((points, i) => ({ name: `layer ${i + 1}`, points })) },
      { id: 'overfit', title: `Overfitting one batch of ${OVERFIT_BATCH}`, kind: 'line', xLabel: 'step', yLabel: 'batch loss', series: [{ name: 'one batch', points: oneLosses.map((l, i) => [i + 1, capped(l)] as [number, number]) }] },
      { id: 'finder', title: `Learning-rate sweep: loss after ${c.finderSteps} steps (20 = diverged)`, kind: 'line', xLabel: 'log₁₀ learning rate', yLabel: 'training loss', series: [{ name: 'sweep', points: finder.map(([lr, l]) => [Math.log10(lr), l] as [number, number]) }] },
      { id: 'diagnostics', title: 'The diagnostics on this run', kind: 'table', columns: ['check', 'measured', 'a healthy run reads', 'verdict'], rows: verdicts },
    ];
    return { metrics, figures };
  },
};
