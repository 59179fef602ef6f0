// The overfitting setup every experiment of this lesson shares: MNIST split into a small training
// set, a validation set (for every choice of strength, rate and stopping epoch) and a test set (only
// reported), a two-hidden-layer ReLU MLP with optional batch norm, dropout and activation noise, and one SGD loop that
// applies each regularizer by name. Public engine API only.

import { crossEntropy, data, fromTypedArray, manualSeed, nn, noGrad, optim, randnLike, softmax, stepScopes, tidy, type Tensor } from '../../engine/index.ts';
import { batchStream, takeRows, type Param, type RunContext } from '../kit/index.ts';

/** The settings of the shared overfitting setup, which every experiment built on it exposes. */
export const SETUP_PARAMS: readonly Param[] = [
  { key: 'trainSize', label: 'training images', kind: 'integer', min: 200, max: 20000, step: 100 },
  { key: 'valSize', label: 'validation images (for every choice)', kind: 'integer', min: 200, max: 10000, step: 100 },
  { key: 'testSize', label: 'test images (only reported)', kind: 'integer', min: 200, max: 10000, step: 100 },
  { key: 'width', label: 'hidden units per layer', kind: 'integer', min: 16, max: 512 },
  { key: 'epochs', label: 'epochs', kind: 'integer', min: 1, max: 300 },
  { key: 'batchSize', label: 'batch size', kind: 'integer', min: 8, max: 256 },
];

const MEAN = 0.1307, STD = 0.3081;

export interface Split {
  /** Normalized pixels, (n, 784) row-major. */
  x: Float32Array;
  /** Raw pixels in [0, 1], (n, 784): what augmentation shifts before normalizing. */
  raw: Float32Array;
  y: Int32Array;
  n: number;
}

/** The settings every experiment of the shared setup takes: data sizes, the network, the schedule. */
export const setupParams: readonly Param[] = [
  { key: 'trainSize', label: 'training images', kind: 'integer', min: 200, max: 20000, step: 100 },
  { key: 'testSize', label: 'test images', kind: 'integer', min: 200, max: 10000, step: 100 },
  { key: 'width', label: 'hidden units per layer', kind: 'integer', min: 16, max: 512 },
  { key: 'epochs', label: 'epochs', kind: 'integer', min: 1, max: 300 },
  { key: 'batchSize', label: 'batch size', kind: 'integer', min: 8, max: 256 },
];

export interface Splits { train: Split; val: Split; test: Split }

const normalized = (raw: Float32Array): Float32Array => raw.map((v) => (v - MEAN) / STD);

function split(images: Tensor, labels: Tensor, from: number, to: number): Split {
  const all = images.reshape([images.shape[0]!, 784]).contiguous().toTypedArray() as Float32Array;
  const raw = Float32Array.from(all.subarray(from * 784, to * 784));
  return { raw, x: normalized(raw), y: Int32Array.from((labels.toTypedArray() as Int32Array).subarray(from, to)), n: to - from };
}

/** The first `trainSize` MNIST training images to learn from, the next `valSize` to choose with, and `testSize` test images. */
export async function loadSplits(ctx: RunContext, trainSize: number, valSize: number, testSize: number): Promise<Splits> {
  const train = await ctx.data.mnist('train', trainSize + valSize);
  const test = await ctx.data.mnist('test', testSize);
  return { train: split(train.images, train.labels, 0, trainSize), val: split(train.images, train.labels, trainSize, trainSize + valSize), test: split(test.images, test.labels, 0, testSize) };
}

/** How one network is trained: the baseline is plain SGD with momentum; every other field adds one regularizer. */
export interface Recipe {
  lr: number;
  epochs: number;
  batchSize: number;
  width: number;
  /** BatchNorm1d after each hidden Linear, before its ReLU. */
  batchNorm?: boolean;
  /** Dropout probability after each hidden ReLU. */
  dropout?: number;
  /** SGD's weightDecay λ (adds λ·w to every gradient). */
  weightDecay?: number;
  /** λ of the L1 penalty λ·Σ|w| over the Linear weights, added to the loss. */
  l1?: number;
  /** Std of Gaussian noise added to the normalized input pixels at each step. */
  inputNoise?: number;
  /**
   * Std of Gaussian noise added to every Linear weight matrix (not the biases) for one step's forward
   * and backward pass, then removed before the optimizer's update (see `withWeightNoise`).
   */
  weightNoise?: number;
  /** Std of Gaussian noise added to each hidden ReLU's output in training mode only (see `GaussianNoise`). */
  activationNoise?: number;
  /** Random shift of each training image by up to this many pixels in x and y. */
  shift?: number;
  /** Cosine annealing of the rate from lr to 0 over the run (stepped once per epoch). */
  cosine?: boolean;
  /** Evaluate on the validation set after every epoch and keep the best epoch's weights. */
  trackBest?: boolean;
}

/**
 * Additive Gaussian noise, x + std·ε with ε ~ N(0, 1) drawn afresh at every forward pass, in
 * training mode only; the identity in eval mode (dropout's additive cousin, without a rescaling:
 * the noise has mean zero, so the expected activation is already x).
 */
export class GaussianNoise extends nn.Module {
  constructor(readonly std: number) {
    super();
  }
  forward(x: Tensor): Tensor {
    return this.training && this.std > 0 ? x.add(randnLike(x).mul(this.std)) : x;
  }
}

/**
 * Runs `fn` (one step's forward and backward) with N(0, std²) noise added to each tensor of
 * `weights`, then writes the exact clean values back, so the gradient `fn` leaves in `.grad` is the
 * one at the perturbed weights w + ε and the optimizer then moves the clean w with it: a stochastic
 * gradient of the smoothed loss E_ε L(w + ε). (The other variant, noise added to the weights and
 * kept, makes the weights themselves a random walk: a different thing.)
 */
export function withWeightNoise<T>(weights: readonly Tensor[], std: number, fn: () => T): T {
  if (!(std > 0)) return fn();
  const clean = weights.map((w) => fromTypedArray((w.contiguous().toTypedArray() as Float32Array).slice(), w.shape));
  noGrad(() => weights.forEach((w) => w.add_(randnLike(w).mul(std))));
  try {
    return fn();
  } finally {
    noGrad(() => weights.forEach((w, i) => w.copy_(clean[i]!)));
  }
}

export function mlp(width: number, opts: { batchNorm?: boolean; dropout?: number; activationNoise?: number } = {}): nn.Sequential {
  const layers: nn.Module[] = [];
  for (const fanIn of [784, width]) {
    layers.push(new nn.Linear(fanIn, width));
    if (opts.batchNorm) layers.push(new nn.BatchNorm1d(width));
    layers.push(new nn.ReLU());
    if (opts.dropout) layers.push(new nn.Dropout(opts.dropout));
    if (opts.activationNoise) layers.push(new GaussianNoise(opts.activationNoise));
  }
  layers.push(new nn.Linear(width, 10));
  return new nn.Sequential(...layers);
}

export const linears = (model: nn.Sequential): nn.Linear[] => [...model.children()].filter((m): m is nn.Linear => m instanceof nn.Linear);

/** Class probabilities of a model in eval mode on a split, (n, 10) row-major, computed in chunks. */
export function probabilities(model: nn.Module, s: Split): Float32Array {
  model.eval();
  const out = new Float32Array(s.n * 10);
  const chunk = 2000;
  for (let i = 0; i < s.n; i += chunk) {
    const rows = Math.min(chunk, s.n - i);
    const p = tidy(() => noGrad(() => softmax(model.forward(fromTypedArray(s.x.subarray(i * 784, (i + rows) * 784), [rows, 784])), 1).toTypedArray() as Float32Array));
    out.set(p, i * 10);
  }
  model.train();
  return out;
}

/** Fraction of rows whose largest probability is the label. */
export function accuracyOf(probs: Float32Array, y: Int32Array): number {
  let right = 0;
  for (let i = 0; i < y.length; i++) {
    let best = 0;
    for (let c = 1; c < 10; c++) if (probs[i * 10 + c]! > probs[i * 10 + best]!) best = c;
    if (best === y[i]) right++;
  }
  return right / y.length;
}

export const accuracy = (model: nn.Module, s: Split): number => accuracyOf(probabilities(model, s), s.y);

/** A copy of every parameter and buffer, to restore the best epoch later. */
function snapshot(model: nn.Module): Record<string, Tensor> {
  return Object.fromEntries(Object.entries(model.stateDict()).map(([k, t]) => [k, fromTypedArray((t.contiguous().toTypedArray() as Float32Array).slice(), t.shape)]));
}

export interface Trained {
  model: nn.Sequential;
  /** Validation accuracy after each epoch (only with trackBest). */
  valCurve: Array<[number, number]>;
  /** The epoch (1-based) with the best validation accuracy (only with trackBest). */
  bestEpoch: number;
  /** That epoch's weights, for model.loadStateDict (only with trackBest). */
  bestState: Record<string, Tensor> | null;
  /** Mean training loss of the last epoch (NaN when the run diverged). */
  lastLoss: number;
}

/**
 * Trains one network from the seed's weights with SGD (momentum 0.9) on `d.train`. Calls
 * `onEpoch(epoch, meanLoss)` after each epoch. Deterministic for (recipe, seed).
 */
export async function train(recipe: Recipe, d: Splits, seed: number, pace: () => Promise<void>, onEpoch?: (epoch: number, loss: number, model: nn.Sequential) => void): Promise<Trained> {
  const r = recipe;
  manualSeed(seed);
  const model = mlp(r.width, { batchNorm: r.batchNorm, dropout: r.dropout, activationNoise: r.activationNoise });
  const opt = new optim.SGD(model.parameters(), { lr: r.lr, momentum: 0.9, weightDecay: r.weightDecay ?? 0 });
  const sched = r.cosine ? new optim.lrScheduler.CosineAnnealingLR(opt, { tMax: r.epochs }) : null;
  const weights = linears(model).map((l) => l.weight);
  const shift = r.shift ? data.transforms.randomShift(r.shift) : null;
  const noise = r.inputNoise ? data.transforms.gaussianNoise(r.inputNoise) : null;
  const stepsPerEpoch = Math.floor(d.train.n / r.batchSize);
  const next = batchStream(d.train.n, r.batchSize, seed);
  const scopes = stepScopes([model, opt]);
  const valCurve: Array<[number, number]> = [];
  let best = { epoch: 0, acc: -1, state: null as Record<string, Tensor> | null };
  let lastLoss = NaN;
  model.train();
  for (let epoch = 1; epoch <= r.epochs; epoch++) {
    let sum = 0;
    for (let s = 0; s < stepsPerEpoch; s++) {
      const idx = next();
      sum += scopes.step(() => {
        let x: Tensor;
        if (shift) {
          // Shift the raw image (empty border = 0 = background), then normalize.
          const moved = shift(takeRows(d.train.raw, 784, idx).reshape([idx.length, 1, 28, 28]));
          x = moved.sub(MEAN).div(STD).reshape([idx.length, 784]);
        } else x = takeRows(d.train.x, 784, idx);
        if (noise) x = noise(x.reshape([idx.length, 1, 28, 28])).reshape([idx.length, 784]);
        opt.zeroGrad();
        const value = withWeightNoise(weights, r.weightNoise ?? 0, () => {
          let loss = crossEntropy(model.forward(x), takeRows(d.train.y, 1, idx));
          if (r.l1) loss = loss.add(optim.l1Penalty(weights).mul(r.l1));
          loss.backward();
          return loss.item();
        });
        opt.step();
        return value;
      });
      await pace();
    }
    lastLoss = sum / stepsPerEpoch;
    sched?.step();
    if (r.trackBest) {
      const acc = accuracy(model, d.val);
      valCurve.push([epoch, acc]);
      if (acc > best.acc) best = { epoch, acc, state: snapshot(model) };
    }
    onEpoch?.(epoch, lastLoss, model);
    if (!Number.isFinite(lastLoss)) break;
  }
  scopes.close();
  return { model, valCurve, bestEpoch: best.epoch, bestState: best.state, lastLoss };
}
