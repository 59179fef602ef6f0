// Experiment: one digits classifier, copied, trained three ways from the same weights on the same
// batches, each at the best of three Adam learning rates (chosen on a validation split): softmax +
// cross-entropy; squared error on one-hot(argmax(logits)) differentiated honestly (its gradient,
// measured, is zero); and the same argmax forward pass with the straight-through estimator's
// backward. A finite-difference probe, with cross-entropy as its control, measures the slopes.

import { nn, optim, manualSeed, noGrad, tidy, stepScopes, crossEntropy, mseLoss, oneHot, softmax, randn, type Tensor } from '../../engine/index.ts';
import { batchStream, checkConfig, pacer, seededPermutation, takeRows, throwIfStopped, type Experiment, type Figure, type RunContext } from '../kit/index.ts';

export type TrainThroughArgmaxConfig = { steps: number; hidden: number; batchSize: number; probes: number; probeSize: number };

/** Adam learning rates (five, a half-decade apart) each arm is tried at; each arm keeps its best by validation accuracy. */
export const LRS = [0.001, 0.003, 0.01, 0.03, 0.1] as const;
export const ARMS = ['softmax', 'argmax', 'straightThrough'] as const;
export type Arm = (typeof ARMS)[number];
export const ARM_NAMES: Record<Arm, string> = { softmax: 'softmax + cross-entropy', argmax: 'through argmax', straightThrough: 'argmax, straight-through' };

// The split is the same for every seed (only the weights and batch order vary): 360 test images,
// 288 validation images for choosing the learning rate, the other 1,149 for training.
const SPLIT_SEED = 0;
const N_TEST = 360;
const N_VAL = 288;
const PROBE_IMAGES = 256;
const CLASSES = 10;

interface Part { x: Tensor; y: Tensor; labels: Int32Array }
interface Split { xTrain: Float32Array; yTrain: Int32Array; nTrain: number; val: Part; test: Part; probe: Part }

async function loadSplit(ctx: RunContext): Promise<Split> {
  const digits = await ctx.data.digits();
  const n = digits.x.shape[0]!;
  const xs = Float32Array.from(digits.x.toTypedArray(), (v) => Number(v) / 16); // pixel counts 0..16 → [0, 1]
  const ys = Int32Array.from(digits.y.toTypedArray(), Number);
  const order = seededPermutation(n, SPLIT_SEED);
  const rows = (from: number, to: number) => order.slice(from, to);
  const part = (r: Int32Array): Part => ({ x: takeRows(xs, 64, r), y: takeRows(ys, 1, r), labels: Int32Array.from(r, (i) => ys[i]!) });
  const trainRows = rows(N_TEST + N_VAL, n);
  return {
    xTrain: Float32Array.from(takeRows(xs, 64, trainRows).toTypedArray() as Float32Array),
    yTrain: Int32Array.from(trainRows, (i) => ys[i]!),
    nTrain: trainRows.length,
    test: part(rows(0, N_TEST)),
    val: part(rows(N_TEST, N_TEST + N_VAL)),
    probe: part(trainRows.slice(0, PROBE_IMAGES)),
  };
}

const makeModel = (hidden: number) => new nn.Sequential(new nn.Linear(64, hidden), new nn.ReLU(), new nn.Linear(hidden, CLASSES));

/**
 * one-hot(argmax(z)) as an expression autograd differentiates: z − max z is 0 at the largest logit
 * and negative elsewhere, so sign(·) + 1 is 1 there and 0 elsewhere (every tied maximum gets a 1).
 * Its derivative is what argmax's really is: sign' = 0, so nothing flows back.
 */
export const hardOneHot = (z: Tensor): Tensor => z.sub(z.amax({ dim: 1, keepdim: true })).sign().add(1);

/** Squared error between the one-hot prediction and the one-hot label: 2/K × the 0-1 error (no ties). */
const argmaxLoss = (z: Tensor, y: Tensor): Tensor => mseLoss(hardOneHot(z), oneHot(y, CLASSES).float());

/** The same forward value, but backward treats the one-hot as if it were softmax(z) (straight-through). */
function straightThroughLoss(z: Tensor, y: Tensor): Tensor {
  const p = softmax(z, 1);
  const h = hardOneHot(z).detach().add(p.sub(p.detach())); // value: exactly the one-hot; gradient: softmax's
  return mseLoss(h, oneHot(y, CLASSES).float());
}

const LOSSES: Record<Arm, (z: Tensor, y: Tensor) => Tensor> = { softmax: crossEntropy, argmax: argmaxLoss, straightThrough: straightThroughLoss };

function accuracy(model: nn.Module, part: Part): number {
  return tidy(() => noGrad(() => {
    const pred = model.forward(part.x).argmax(1).toTypedArray();
    let right = 0;
    for (let i = 0; i < pred.length; i++) if (Number(pred[i]) === part.labels[i]) right++;
    return right / pred.length;
  }));
}

const gradNorm = (model: nn.Module): number =>
  Math.sqrt(model.parameters().reduce((s, p) => s + (p.grad ? p.grad.pow(2).sum().item() : 0), 0));

function distance(a: Float32Array[], b: Float32Array[]): number {
  let s = 0;
  a.forEach((arr, k) => arr.forEach((v, i) => (s += (v - b[k]![i]!) ** 2)));
  return Math.sqrt(s);
}
const sig = (x: number): number => Number(x.toPrecision(4));
const snapshot = (model: nn.Module): Float32Array[] => model.parameters().map((p) => Float32Array.from(p.toTypedArray(), Number));

/** The share of the commonest class: what predicting one class for every image scores. */
function majorityShare(labels: Int32Array): number {
  const counts = new Array<number>(CLASSES).fill(0);
  labels.forEach((c) => counts[c]!++);
  return Math.max(...counts) / labels.length;
}

interface ProbeResult { argmaxFlat: number; argmaxMaxSlope: number; argmaxAutogradNorm: number; ceNonzero: number; ceRelError: number; ceMedianSlope: number; kinkDirections: number }

/**
 * Central differences [L(θ + h·d) − L(θ − h·d)] / 2h along `probes` random unit directions d of
 * all the weights, in float64, for the argmax loss and (the control) cross-entropy; the control's
 * difference quotients are compared, as one vector over the directions, with autograd's ∇L·d.
 */
function slopeProbe(start: nn.Sequential, hidden: number, part: Part, probes: number, h: number): ProbeResult {
  return tidy(() => {
    const model = makeModel(hidden);
    model.loadStateDict(start.stateDict());
    model.to('float64');
    const x = part.x.to('float64');
    const params = model.parameters();
    const w0 = params.map((p) => p.detach().clone());
    const lossAt = (fn: (z: Tensor, y: Tensor) => Tensor) => noGrad(() => fn(model.forward(x), part.y).item());
    const autograd = (fn: (z: Tensor, y: Tensor) => Tensor): Tensor[] => {
      model.zeroGrad();
      fn(model.forward(x), part.y).backward();
      const g = params.map((p) => p.grad ? p.grad.clone() : p.detach().mul(0));
      model.zeroGrad();
      return g;
    };
    const gCe = autograd(crossEntropy);
    const gArgmax = autograd(argmaxLoss);
    const argmaxAutogradNorm = Math.sqrt(gArgmax.reduce((s, g) => s + g.pow(2).sum().item(), 0));
    // Which hidden ReLUs are on, image by image: a direction whose ±h points differ crosses a kink,
    // where cross-entropy's slope itself changes (finite differences then average two slopes).
    const first = model.get(0) as nn.Linear;
    const pattern = () => noGrad(() => Array.from(first.forward(x).gt(0).toTypedArray(), Number).join(''));
    let argmaxFlat = 0, argmaxMaxSlope = 0, ceNonzero = 0, gap2 = 0, exact2 = 0, kinkDirections = 0;
    const ceSlopes: number[] = [];
    for (let k = 0; k < probes; k++) {
      const dir = params.map((p) => randn(p.shape, { dtype: 'float64' }));
      const len = Math.sqrt(dir.reduce((s, d) => s + d.pow(2).sum().item(), 0));
      const unit = dir.map((d) => d.div(len));
      const at = (t: number) => noGrad(() => params.forEach((p, i) => p.copy_(w0[i]!.add(unit[i]!.mul(t)))));
      at(h);
      const up = { argmax: lossAt(argmaxLoss), ce: lossAt(crossEntropy) };
      const upPattern = pattern();
      at(-h);
      const down = { argmax: lossAt(argmaxLoss), ce: lossAt(crossEntropy) };
      if (pattern() !== upPattern) kinkDirections++;
      const argmaxSlope = (up.argmax - down.argmax) / (2 * h);
      const ceSlope = (up.ce - down.ce) / (2 * h);
      const exact = gCe.reduce((s, g, i) => s + g.mul(unit[i]!).sum().item(), 0);
      if (argmaxSlope === 0) argmaxFlat++;
      argmaxMaxSlope = Math.max(argmaxMaxSlope, Math.abs(argmaxSlope));
      if (ceSlope !== 0) ceNonzero++;
      gap2 += (ceSlope - exact) ** 2;
      exact2 += exact ** 2;
      ceSlopes.push(Math.abs(ceSlope));
    }
    ceSlopes.sort((a, b) => a - b);
    return { argmaxFlat: argmaxFlat / probes, argmaxMaxSlope, argmaxAutogradNorm, ceNonzero: ceNonzero / probes, ceRelError: Math.sqrt(gap2 / exact2), ceMedianSlope: ceSlopes[Math.floor(probes / 2)]!, kinkDirections };
  });
}

/** Both losses (argmax's as the 0-1 error) along one random unit direction through the weights. */
function lineSlice(start: nn.Sequential, hidden: number, part: Part, tMax: number, points: number): { ce: Array<[number, number]>; error: Array<[number, number]>; levels: number } {
  return tidy(() => {
    const model = makeModel(hidden);
    model.loadStateDict(start.stateDict());
    const params = model.parameters();
    const w0 = params.map((p) => p.detach().clone());
    const dir = params.map((p) => randn(p.shape));
    const len = Math.sqrt(dir.reduce((s, d) => s + d.pow(2).sum().item(), 0));
    const ce: Array<[number, number]> = [], error: Array<[number, number]> = [];
    for (let k = 0; k <= points; k++) {
      const t = -tMax + (2 * tMax * k) / points;
      noGrad(() => params.forEach((p, i) => p.copy_(w0[i]!.add(dir[i]!.mul(t / len)))));
      ce.push([t, noGrad(() => crossEntropy(model.forward(part.x), part.y).item())]);
      error.push([t, 1 - accuracy(model, part)]);
    }
    return { ce, error, levels: new Set(error.map(([, e]) => e)).size };
  });
}

const params = [
  { key: 'steps', label: 'training steps', kind: 'integer', min: 10, max: 3000, help: 'Mini-batch updates each arm takes at each learning rate.' },
  { key: 'hidden', label: 'hidden units', kind: 'integer', min: 4, max: 256, help: 'Width of the one hidden layer (64 → hidden → 10).' },
  { key: 'batchSize', label: 'batch size', kind: 'integer', min: 8, max: 512 },
  { key: 'probes', label: 'random directions the slope probe tries', kind: 'integer', min: 5, max: 500 },
  { key: 'probeSize', label: 'finite-difference step h (along a unit direction of all the weights)', kind: 'number', min: 1e-6, max: 1, log: true, help: 'Larger steps flip more predictions, so the argmax loss changes in more directions.' },
] as const;

export const trainThroughArgmax: Experiment<TrainThroughArgmaxConfig> = {
  id: 'train-through-argmax',
  title: 'Training through softmax vs through argmax',
  summary:
    'Three copies of one 64-32-10 network learn the 8×8 digits from the same weights on the same batches, each at its best of three Adam learning rates: softmax + cross-entropy; a loss on its argmax prediction, differentiated as it is (the gradient is measured); and the same argmax prediction with the straight-through estimator. A finite-difference probe checks the slopes, with cross-entropy as the control.',
  params,
  defaults: { steps: 600, hidden: 32, batchSize: 64, probes: 50, probeSize: 1e-4 },
  quick: { steps: 150, probes: 20 },
  async run(config, ctx) {
    checkConfig('train-through-argmax', params, config);
    throwIfStopped(ctx.signal);
    const { steps, hidden, batchSize, probes, probeSize } = config;
    const split = await loadSplit(ctx);
    const pause = pacer(ctx.signal);
    manualSeed(ctx.seed);
    const start = makeModel(hidden);
    const startWeights = snapshot(start);
    const metrics: Record<string, number> = {};
    const initialAccuracy = accuracy(start, split.test);
    metrics.initialTestAccuracy = initialAccuracy;
    metrics['test.majorityShare'] = majorityShare(split.test.labels);

    // The probe first, at the starting weights every arm shares.
    const probe = slopeProbe(start, hidden, split.probe, probes, probeSize);
    Object.entries(probe).forEach(([k, v]) => (metrics[`probe.${k}`] = v));
    const slice = lineSlice(start, hidden, split.probe, 5, 200);
    metrics['slice.errorLevels'] = slice.levels;

    const runs = ARMS.flatMap((arm) => LRS.map((lr) => {
      const model = makeModel(hidden);
      model.loadStateDict(start.stateDict());
      return { arm, lr, model, opt: new optim.Adam(model.parameters(), { lr }), gradMax: 0, gradFirst: 0, val: [] as Array<[number, number]>, test: [] as Array<[number, number]> };
    }));
    const scopes = stepScopes([runs.map((r) => [r.model, r.opt])]);
    const stream = batchStream(split.nTrain, batchSize, ctx.seed);
    const every = Math.max(1, Math.round(steps / 50));
    const record = (step: number) => runs.forEach((r) => {
      const v = accuracy(r.model, split.val), t = accuracy(r.model, split.test);
      r.val.push([step, v]);
      r.test.push([step, t]);
      ctx.progress({ series: `${ARM_NAMES[r.arm]}, lr ${r.lr}`, step, totalSteps: steps, metrics: { 'validation accuracy': v, 'test accuracy': t } });
    });
    record(0);
    for (let step = 1; step <= steps; step++) {
      const rows = stream();
      const xb = takeRows(split.xTrain, 64, rows), yb = takeRows(split.yTrain, 1, rows);
      for (const r of runs) {
        const g = scopes.step(() => {
          r.opt.zeroGrad();
          LOSSES[r.arm](r.model.forward(xb), yb).backward();
          const norm = gradNorm(r.model);
          r.opt.step();
          return norm;
        });
        r.gradMax = Math.max(r.gradMax, g);
        if (step === 1) r.gradFirst = g;
      }
      if (step % every === 0 || step === steps) record(step);
      await pause();
    }
    scopes.close();

    // Each arm at its best learning rate by final validation accuracy (the first of equals).
    const best = {} as Record<Arm, (typeof runs)[number]>;
    for (const arm of ARMS) {
      const mine = runs.filter((r) => r.arm === arm);
      best[arm] = mine.reduce((b, r) => (r.val.at(-1)![1] > b.val.at(-1)![1] ? r : b), mine[0]!);
      metrics[`${arm}.bestLr`] = best[arm].lr;
      metrics[`${arm}.valAccuracy`] = best[arm].val.at(-1)![1];
      metrics[`${arm}.testAccuracy`] = best[arm].test.at(-1)![1];
      metrics[`${arm}.gradNormFirst`] = best[arm].gradFirst;
      // Over every learning rate, not only the best: the largest gradient and the largest move.
      metrics[`${arm}.gradNormMax`] = Math.max(...mine.map((r) => r.gradMax));
      metrics[`${arm}.weightChangeMax`] = Math.max(...mine.map((r) => distance(snapshot(r.model), startWeights)));
      mine.forEach((r, i) => (metrics[`${arm}.lr${i}.testAccuracy`] = r.test.at(-1)![1]));
    }
    ctx.log(`test accuracy from ${initialAccuracy.toFixed(3)}: softmax ${metrics['softmax.testAccuracy']!.toFixed(3)} (lr ${best.softmax.lr}), argmax ${metrics['argmax.testAccuracy']!.toFixed(3)}, straight-through ${metrics['straightThrough.testAccuracy']!.toFixed(3)} (lr ${best.straightThrough.lr}); argmax gradient norm ≤ ${metrics['argmax.gradNormMax']}`);

    const figures: Figure[] = [
      {
        id: 'accuracy', title: 'Test accuracy while training, each arm at its best learning rate', kind: 'line', xLabel: 'step', yLabel: 'test accuracy',
        series: ARMS.map((arm) => ({ name: `${ARM_NAMES[arm]} (lr ${best[arm].lr})`, points: best[arm].test })),
      },
      {
        id: 'sweep', title: 'Final test accuracy at each learning rate (the best by validation is marked)', kind: 'table',
        columns: ['arm', ...LRS.map((lr) => `lr ${lr}`), 'largest gradient norm (all weights)', 'largest distance moved'],
        rows: ARMS.map((arm) => [ARM_NAMES[arm], ...runs.filter((r) => r.arm === arm).map((r) => `${r.test.at(-1)![1].toFixed(3)}${r === best[arm] ? ' ✓' : ''}`), sig(metrics[`${arm}.gradNormMax`]!), sig(metrics[`${arm}.weightChangeMax`]!)]),
      },
      {
        id: 'probe', title: `Slopes at the starting weights: ${probes} random directions, h = ${probeSize}, ${PROBE_IMAGES} training images, float64`, kind: 'table', columns: ['measure', 'argmax loss', 'cross-entropy (control)'],
        rows: [
          ['autograd gradient norm', sig(probe.argmaxAutogradNorm), '—'],
          ['directions where the loss did not change', `${(probe.argmaxFlat * probes).toFixed(0)} of ${probes}`, `${((1 - probe.ceNonzero) * probes).toFixed(0)} of ${probes}`],
          ['largest |finite-difference slope|', sig(probe.argmaxMaxSlope), '—'],
          ['median |finite-difference slope|', '—', sig(probe.ceMedianSlope)],
          ['‖finite differences − autograd’s ∇L·d‖ / ‖∇L·d‖ over the directions', '—', sig(probe.ceRelError)],
          ['directions whose step crossed a ReLU kink (on some image)', '—', `${probe.kinkDirections} of ${probes}`],
        ],
      },
      {
        id: 'slice', title: 'Along one random line through the starting weights: the argmax (0-1) error is a staircase, cross-entropy is smooth', kind: 'line', xLabel: 'distance along the direction', yLabel: 'loss on 256 training images',
        series: [{ name: 'cross-entropy', points: slice.ce }, { name: '0-1 error of the argmax prediction', points: slice.error }],
      },
    ];
    return { metrics, figures };
  },
};
