// Experiment: one digits classifier, copied, trained two ways from the same weights on the same
// batches: softmax + cross-entropy, and a loss on one-hot(argmax(logits)). It measures what reaches
// the weights through argmax (nothing) and what each arm's test accuracy does.

import { nn, optim, data, manualSeed, noGrad, crossEntropy, mseLoss, hardmax, oneHot, randperm, randn, accuracy, AutogradError, type Tensor } from '../../engine/index.ts';
import { checkConfig, pacer, throwIfStopped, type Experiment, type Figure, type RunContext } from '../kit/index.ts';

export type TrainThroughArgmaxConfig = { steps: number; hidden: number; lr: number; batchSize: number };

// The test set is the same for every seed (only the weights and batch order vary), so accuracies
// from different seeds are comparable.
const SPLIT_SEED = 0;
const TEST_FRACTION = 0.2;
// Finite-difference probes of the argmax loss: nudges of the whole first layer of this size.
const PROBES = 20;
const PROBE_SIZE = 1e-3;

interface Split { xTrain: Tensor; yTrain: Tensor; xTest: Tensor; yTest: Tensor }

async function loadSplit(ctx: RunContext): Promise<Split> {
  const digits = await ctx.data.digits();
  const n = digits.x.shape[0];
  const order = new data.Generator(SPLIT_SEED).run(() => randperm(n));
  const nTest = Math.round(n * TEST_FRACTION);
  const testIdx = order.slice(0, 0, nTest);
  const trainIdx = order.slice(0, nTest, n);
  const x = digits.x.div(16); // pixel counts 0..16 → [0, 1]
  return { xTrain: x.indexSelect(0, trainIdx), yTrain: digits.y.indexSelect(0, trainIdx), xTest: x.indexSelect(0, testIdx), yTest: digits.y.indexSelect(0, testIdx) };
}

const makeModel = (hidden: number) => new nn.Sequential(new nn.Linear(64, hidden), new nn.ReLU(), new nn.Linear(hidden, 10));

/** The argmax arm's loss: squared error between the one-hot prediction and the one-hot target. */
const argmaxLoss = (logits: Tensor, y: Tensor): Tensor => mseLoss(hardmax(logits, 1), oneHot(y, 10).float());

const testAccuracy = (model: nn.Module, s: Split): number => noGrad(() => accuracy(model.forward(s.xTest), s.yTest));

const flatWeights = (model: nn.Module): Float32Array[] => model.parameters().map((p) => p.toTypedArray() as Float32Array);

function distance(a: Float32Array[], b: Float32Array[]): number {
  let s = 0;
  a.forEach((arr, k) => arr.forEach((v, i) => (s += (v - b[k]![i]!) ** 2)));
  return Math.sqrt(s);
}

/** Backward through a loss; returns the first layer's gradient norm, 0 when no graph reaches it. */
function backwardAndFirstLayerNorm(loss: Tensor, firstWeight: Tensor): { norm: number; threw: boolean } {
  let threw = false;
  try {
    loss.backward();
  } catch (e) {
    // The argmax arm's loss has no grad_fn: argmax and one-hot record no graph, so backward refuses.
    if (!(e instanceof AutogradError)) throw e;
    threw = true;
  }
  return { norm: firstWeight.grad ? firstWeight.grad.norm().item() : 0, threw };
}

/** Fraction of random nudges of the first layer that leave the argmax loss exactly unchanged. */
function flatProbeFraction(model: nn.Sequential, x: Tensor, y: Tensor): number {
  const w = (model.get(0) as nn.Linear).weight;
  const w0 = w.detach().clone();
  const loss = () => noGrad(() => argmaxLoss(model.forward(x), y).item());
  let flat = 0;
  for (let k = 0; k < PROBES; k++) {
    const dir = randn(w.shape);
    const step = dir.mul(PROBE_SIZE / dir.norm().item());
    noGrad(() => w.copy_(w0.add(step)));
    const up = loss();
    noGrad(() => w.copy_(w0.sub(step)));
    if (up === loss()) flat++;
  }
  noGrad(() => w.copy_(w0));
  return flat / PROBES;
}

const params = [
  { key: 'steps', label: 'training steps', kind: 'integer', min: 10, max: 3000, help: 'Mini-batch updates each arm takes.' },
  { key: 'hidden', label: 'hidden units', kind: 'integer', min: 4, max: 256, help: 'Width of the one hidden layer (64 → hidden → 10).' },
  { key: 'lr', label: 'learning rate (Adam)', kind: 'number', min: 1e-4, max: 0.3, log: true },
  { key: 'batchSize', label: 'batch size', kind: 'integer', min: 8, max: 512 },
] as const;

export const trainThroughArgmax: Experiment<TrainThroughArgmaxConfig> = {
  id: 'train-through-argmax',
  title: 'Training through softmax vs through argmax',
  summary:
    'Two copies of the same 64-32-10 network learn the 8×8 digits, one with softmax + cross-entropy, one with a loss on its argmax prediction. Watch the test accuracy: one climbs, the other never moves, because no gradient gets through argmax.',
  params,
  defaults: { steps: 400, hidden: 32, lr: 0.01, batchSize: 64 },
  quick: { steps: 150 },
  async run(config, ctx) {
    checkConfig('train-through-argmax', params, config);
    const { steps, hidden, lr, batchSize } = config;
    const split = await loadSplit(ctx);
    manualSeed(ctx.seed);
    const soft = makeModel(hidden);
    const hard = makeModel(hidden);
    hard.loadStateDict(soft.stateDict()); // identical starting weights
    const start = flatWeights(hard);
    const optSoft = new optim.Adam(soft.parameters(), { lr });
    const optHard = new optim.Adam(hard.parameters(), { lr });
    const loader = new data.DataLoader(new data.TensorDataset(split.xTrain, split.yTrain), { batchSize, shuffle: true, seed: ctx.seed });
    const pause = pacer(ctx.signal);

    const initialAccuracy = testAccuracy(soft, split);
    const acc = { soft: [[0, initialAccuracy]] as Array<[number, number]>, hard: [[0, initialAccuracy]] as Array<[number, number]> };
    const losses = { soft: [] as Array<[number, number]>, hard: [] as Array<[number, number]> };
    const gradMax = { soft: 0, hard: 0 };
    let backwardThrew = 0;
    const every = Math.max(1, Math.round(steps / 75));
    const report = (series: string, step: number, accuracy: number, loss?: number) =>
      ctx.progress({ series, step, totalSteps: steps, metrics: loss === undefined ? { testAccuracy: accuracy } : { testAccuracy: accuracy, loss } });
    report('softmax', 0, initialAccuracy);
    report('argmax', 0, initialAccuracy);

    let step = 0;
    while (step < steps) {
      for (const [xb, yb] of loader) {
        if (step >= steps) break;
        throwIfStopped(ctx.signal);
        step++;
        optSoft.zeroGrad();
        const lossSoft = crossEntropy(soft.forward(xb), yb);
        gradMax.soft = Math.max(gradMax.soft, backwardAndFirstLayerNorm(lossSoft, (soft.get(0) as nn.Linear).weight).norm);
        optSoft.step();

        optHard.zeroGrad();
        const lossHard = argmaxLoss(hard.forward(xb), yb);
        const h = backwardAndFirstLayerNorm(lossHard, (hard.get(0) as nn.Linear).weight);
        gradMax.hard = Math.max(gradMax.hard, h.norm);
        if (h.threw) backwardThrew = 1;
        optHard.step(); // a parameter without a gradient is skipped, so nothing moves

        losses.soft.push([step, lossSoft.item()]);
        losses.hard.push([step, lossHard.item()]);
        if (step % every === 0 || step === steps) {
          const a = testAccuracy(soft, split), b = testAccuracy(hard, split);
          acc.soft.push([step, a]);
          acc.hard.push([step, b]);
          report('softmax', step, a, lossSoft.item());
          report('argmax', step, b, lossHard.item());
        }
        await pause();
      }
    }

    const softAcc = acc.soft[acc.soft.length - 1]![1], hardAcc = acc.hard[acc.hard.length - 1]![1];
    const weightChange = { soft: distance(flatWeights(soft), start), hard: distance(flatWeights(hard), start) };
    const probeX = split.xTrain.slice(0, 0, 256), probeY = split.yTrain.slice(0, 0, 256);
    const flatFraction = flatProbeFraction(hard, probeX, probeY);
    ctx.log(`softmax: test accuracy ${initialAccuracy.toFixed(3)} → ${softAcc.toFixed(3)}; argmax: ${initialAccuracy.toFixed(3)} → ${hardAcc.toFixed(3)} (weights moved ${weightChange.hard})`);

    const figures: Figure[] = [
      { id: 'accuracy', title: 'Test accuracy while training', kind: 'line', xLabel: 'step', yLabel: 'test accuracy', series: [{ name: 'softmax + cross-entropy', points: acc.soft }, { name: 'through argmax', points: acc.hard }] },
      { id: 'loss', title: 'Training loss of each arm (cross-entropy; squared error of the one-hot prediction)', kind: 'line', xLabel: 'step', yLabel: 'loss', series: [{ name: 'softmax + cross-entropy', points: losses.soft }, { name: 'through argmax', points: losses.hard }] },
      { id: 'grad-norm', title: 'Largest gradient norm that reached the first layer', kind: 'bar', xLabel: 'arm', yLabel: '‖∂loss/∂W₁‖', bars: [{ label: 'softmax + cross-entropy', value: gradMax.soft }, { label: 'through argmax', value: gradMax.hard }] },
      {
        id: 'summary', title: 'Both arms after training', kind: 'table',
        columns: ['arm', 'test accuracy at start', 'test accuracy at end', 'largest first-layer gradient norm', 'distance the weights moved'],
        rows: [
          ['softmax + cross-entropy', initialAccuracy, softAcc, gradMax.soft, weightChange.soft],
          ['through argmax', initialAccuracy, hardAcc, gradMax.hard, weightChange.hard],
        ],
      },
    ];
    return {
      metrics: {
        initialTestAccuracy: initialAccuracy,
        'softmax.testAccuracy': softAcc,
        'softmax.gradNorm': gradMax.soft,
        'softmax.weightChange': weightChange.soft,
        'argmax.testAccuracy': hardAcc,
        'argmax.gradNorm': gradMax.hard,
        'argmax.weightChange': weightChange.hard,
        'argmax.backwardThrew': backwardThrew,
        'argmax.flatProbeFraction': flatFraction,
        steps,
      },
      figures,
    };
  },
};
