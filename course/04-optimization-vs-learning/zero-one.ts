// Experiment surrogate-vs-zero-one: the same MLP, from the same weights, trained by full-batch
// gradient descent twice: on cross-entropy (a smooth surrogate) and on the 0-1 loss itself.
// It records what each does to the 0-1 error, train and test, and the shape of both losses
// along one line through the weights. The 0-1 arm's gradient is exactly zero (sign() has zero
// derivative), so that arm cannot move; the interesting half is what the surrogate does.

import { manualSeed, crossEntropy, oneHot, stepScopes, noGrad, tidy, optim, type nn, type Tensor } from '../../engine/index.ts';
import { checkConfig, pacer, type Experiment, type Figure, type Param } from '../kit/index.ts';
import { evaluate, loadSplit, makeMlp, zeroOneError } from './shared.ts';

export interface ZeroOneConfig {
  [key: string]: number | string | boolean;
  trainSize: number;
  testSize: number;
  hidden: number;
  steps: number;
  lr: number;
  evalEvery: number;
}

const params: readonly Param[] = [
  { key: 'trainSize', label: 'training images', kind: 'integer', min: 100, max: 20000, step: 100, help: 'few images make the gap between training and test loss easy to see' },
  { key: 'testSize', label: 'test images', kind: 'integer', min: 200, max: 10000, step: 100 },
  { key: 'hidden', label: 'hidden units', kind: 'integer', min: 8, max: 256 },
  { key: 'steps', label: 'gradient-descent steps (full batch)', kind: 'integer', min: 20, max: 5000, step: 10 },
  { key: 'lr', label: 'learning rate', kind: 'number', min: 1e-3, max: 3, log: true },
  { key: 'evalEvery', label: 'measure every … steps', kind: 'integer', min: 1, max: 200 },
];

/**
 * The 0-1 loss written as a tensor expression autograd can walk: the margin of the true class
 * over the best other class, through (1 − sign(margin))/2 — 1 when wrong, 0 when right, ½ at a tie.
 */
export function zeroOneLoss(logits: Tensor, y: Tensor): Tensor {
  const hot = oneHot(y, logits.shape[1]!).float();
  const trueScore = logits.mul(hot).sum(1);
  const bestOther = logits.sub(hot.mul(1e9)).amax(1);
  return trueScore.sub(bestOther).sign().neg().add(1).div(2).mean();
}

const gradNorm = (model: nn.Module): number =>
  Math.sqrt(model.parameters().reduce((s, p) => s + (p.grad ? p.grad.pow(2).sum().item() : 0), 0));

/** Loss and 0-1 error of the training set along w0 + t·d, for t in [0, tMax] (d: a unit direction). */
function slice(model: nn.Module, x: Tensor, y: Tensor, labels: Int32Array, direction: Tensor[], tMax: number, points: number): Array<[number, number, number]> {
  const params = model.parameters();
  const start = params.map((p) => p.detach().clone());
  const out: Array<[number, number, number]> = [];
  for (let k = 0; k <= points; k++) {
    const t = (tMax * k) / points;
    tidy(() => noGrad(() => {
      params.forEach((p, i) => p.copy_(start[i]!.add(direction[i]!.mul(t))));
      const z = model.forward(x);
      out.push([t, crossEntropy(z, y).item(), zeroOneError(z, labels)]);
    }));
  }
  noGrad(() => params.forEach((p, i) => p.copy_(start[i]!)));
  return out;
}

export const zeroOneExperiment: Experiment<ZeroOneConfig> = {
  id: 'surrogate-vs-zero-one',
  title: 'Gradient descent on the 0-1 loss vs on cross-entropy',
  summary:
    'One MLP, copied, trained by full-batch gradient descent on a small MNIST training set: once on the 0-1 loss (the error we care about), once on cross-entropy. Watch the 0-1 arm stand still, the surrogate lower the 0-1 error, and the test loss part ways with the training loss.',
  params,
  defaults: { trainSize: 1000, testSize: 2000, hidden: 64, steps: 1500, lr: 0.5, evalEvery: 10 },
  quick: { trainSize: 500, testSize: 1000, hidden: 32, steps: 150, evalEvery: 5 },
  async run(config, ctx) {
    checkConfig('surrogate-vs-zero-one', params, config);
    const { trainSize, testSize, hidden, steps, lr, evalEvery } = config;
    const pace = pacer(ctx.signal);
    const { train, test } = await loadSplit(ctx, trainSize, 0, testSize);

    manualSeed(ctx.seed);
    const ceModel = makeMlp(hidden);
    const zoModel = makeMlp(hidden);
    zoModel.loadStateDict(ceModel.stateDict()); // identical starting weights
    const arms = [
      { key: 'ce', name: 'cross-entropy', model: ceModel, loss: crossEntropy, opt: new optim.SGD(ceModel.parameters(), { lr }) },
      { key: 'zeroOne', name: '0-1 loss', model: zoModel, loss: zeroOneLoss, opt: new optim.SGD(zoModel.parameters(), { lr }) },
    ];

    // The two losses along the cross-entropy gradient's direction at the start (a unit vector).
    const ceGrad = tidy(() => {
      ceModel.zeroGrad();
      crossEntropy(ceModel.forward(train.x), train.y).backward();
      const g = ceModel.parameters().map((p) => p.grad!.clone());
      const norm = Math.sqrt(g.reduce((s, t) => s + t.pow(2).sum().item(), 0));
      ceModel.zeroGrad();
      return g.map((t) => t.div(-norm));
    });
    const sliceLine = slice(ceModel, train.x, train.y, train.labels, ceGrad, 2, 400);
    let flatIntervals = 0;
    for (let k = 1; k < sliceLine.length; k++) if (sliceLine[k]![2] === sliceLine[k - 1]![2]) flatIntervals++;

    const curves = arms.map(() => ({ trainLoss: [] as Array<[number, number]>, trainError: [] as Array<[number, number]>, testLoss: [] as Array<[number, number]>, testError: [] as Array<[number, number]> }));
    const record = (step: number) => arms.forEach((arm, i) => {
      const tr = evaluate(arm.model, train), te = evaluate(arm.model, test);
      const c = curves[i]!;
      c.trainLoss.push([step, tr.loss]); c.trainError.push([step, tr.error]); c.testLoss.push([step, te.loss]); c.testError.push([step, te.error]);
      ctx.progress({ series: arm.name, step, totalSteps: steps, metrics: { 'training loss': tr.loss, 'training 0-1 error': tr.error, 'test loss': te.loss, 'test 0-1 error': te.error } });
    });
    record(0);

    let zeroOneGradMax = 0;
    const scopes = stepScopes([arms.map((a) => [a.model, a.opt])]);
    for (let step = 1; step <= steps; step++) {
      for (const arm of arms) {
        const g = scopes.step(() => {
          arm.opt.zeroGrad();
          arm.loss(arm.model.forward(train.x), train.y).backward();
          const norm = arm.key === 'zeroOne' ? gradNorm(arm.model) : 0;
          arm.opt.step();
          return norm;
        });
        if (arm.key === 'zeroOne') zeroOneGradMax = Math.max(zeroOneGradMax, g);
      }
      if (step % evalEvery === 0 || step === steps) record(step);
      await pace();
    }
    scopes.close();

    const ce = curves[0]!, zo = curves[1]!;
    const last = <T>(a: T[]): T => a[a.length - 1]!;
    let minAt = 0;
    ce.testLoss.forEach(([, v], i) => { if (v < ce.testLoss[minAt]![1]) minAt = i; });
    const metrics: Record<string, number> = {
      'ce.trainErrorStart': ce.trainError[0]![1],
      'ce.testErrorStart': ce.testError[0]![1],
      'ce.trainErrorFinal': last(ce.trainError)[1],
      'ce.testErrorFinal': last(ce.testError)[1],
      'ce.trainLossFinal': last(ce.trainLoss)[1],
      'ce.testLossMin': ce.testLoss[minAt]![1],
      'ce.testLossMinStep': ce.testLoss[minAt]![0],
      'ce.testLossFinal': last(ce.testLoss)[1],
      'ce.testErrorAtLossMin': ce.testError[minAt]![1],
      testLossRise: last(ce.testLoss)[1] / ce.testLoss[minAt]![1],
      'zeroOne.gradNormMax': zeroOneGradMax,
      'zeroOne.trainErrorStart': zo.trainError[0]![1],
      'zeroOne.trainErrorFinal': last(zo.trainError)[1],
      'zeroOne.testErrorFinal': last(zo.testError)[1],
      'slice.flatFraction': flatIntervals / (sliceLine.length - 1),
      'slice.levels': new Set(sliceLine.map((p) => p[2])).size,
      steps,
    };
    ctx.log(`cross-entropy: test 0-1 error ${metrics['ce.testErrorStart']!.toFixed(3)} → ${metrics['ce.testErrorFinal']!.toFixed(3)}; 0-1 arm: ${metrics['zeroOne.trainErrorStart']!.toFixed(3)} → ${metrics['zeroOne.trainErrorFinal']!.toFixed(3)} (largest gradient norm ${zeroOneGradMax})`);

    const figures: Figure[] = [
      { id: 'slice', title: 'Both losses along the cross-entropy gradient’s direction, from the starting weights (training set)', kind: 'line', xLabel: 'distance moved t', yLabel: 'loss', series: [{ name: 'cross-entropy', points: sliceLine.map(([t, l]) => [t, l]) }, { name: '0-1 error', points: sliceLine.map(([t, , e]) => [t, e]) }] },
      { id: 'zero-one', title: '0-1 error while training (training set solid, test set dashed)', kind: 'line', xLabel: 'step', yLabel: '0-1 error', series: [
        { name: 'trained on cross-entropy: train', points: ce.trainError }, { name: 'trained on cross-entropy: test', points: ce.testError },
        { name: 'trained on 0-1 loss: train', points: zo.trainError }, { name: 'trained on 0-1 loss: test', points: zo.testError },
      ] },
      { id: 'train-vs-test', title: 'What gradient descent minimizes (training cross-entropy) vs what we care about (test cross-entropy)', kind: 'line', xLabel: 'step', yLabel: 'cross-entropy', logY: true, series: [{ name: 'training loss', points: ce.trainLoss }, { name: 'test loss', points: ce.testLoss }] },
      {
        id: 'summary', title: 'Start and end of each arm', kind: 'table',
        columns: ['trained on', 'train 0-1 error: start', 'train 0-1 error: end', 'test 0-1 error: end', 'largest gradient norm'],
        rows: [
          ['cross-entropy', metrics['ce.trainErrorStart']!, metrics['ce.trainErrorFinal']!, metrics['ce.testErrorFinal']!, '—'],
          ['0-1 loss', metrics['zeroOne.trainErrorStart']!, metrics['zeroOne.trainErrorFinal']!, metrics['zeroOne.testErrorFinal']!, zeroOneGradMax],
        ],
      },
    ];
    return { metrics, figures };
  },
};
