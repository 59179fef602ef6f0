// One trial of the search: a small MLP trained on scikit-learn's 8×8 digits with given hyper-parameters,
// scored by its validation error; and the table of every trial on a learning-rate × weight-decay
// lattice, which the searches then read. Public engine API only; no search logic here.

import { crossEntropy, manualSeed, nn, noGrad, optim, stepScopes, tidy, type Tensor } from '../../engine/index.ts';
import { batchStream, seededPermutation, takeRows, type RunContext } from '../kit/index.ts';

/** A diverged trial (non-finite loss) scores the error of guessing: it never counts as trained. */
export const DIVERGED_ERROR = 0.9;

export interface DigitsSplit {
  xTrain: Float32Array;
  yTrain: Int32Array;
  xVal: Tensor;
  yVal: Int32Array;
}

/** The 1,797 digits, pixels scaled to [0, 1], split by the seed into `trainSize` to learn from and the rest to validate on. */
export async function loadDigitsSplit(ctx: RunContext, trainSize: number): Promise<DigitsSplit> {
  const digits = await ctx.data.digits();
  const n = digits.y.shape[0]!;
  const x = Float32Array.from(digits.x.contiguous().toTypedArray() as Float32Array, (v) => v / 16);
  const y = Int32Array.from(digits.y.toTypedArray());
  const order = seededPermutation(n, 7000 + ctx.seed);
  const train = order.slice(0, trainSize), val = order.slice(trainSize);
  return {
    xTrain: takeRows(x, 64, train).toTypedArray() as Float32Array,
    yTrain: takeRows(y, 1, train).toTypedArray() as Int32Array,
    xVal: takeRows(x, 64, val),
    yVal: takeRows(y, 1, val).toTypedArray() as Int32Array,
  };
}

export interface TrialSetup {
  hidden: number;
  steps: number;
  batchSize: number;
  momentum: number;
}

/**
 * Validation error of a 64-hidden-10 ReLU MLP after `steps` of SGD with momentum at this learning
 * rate and weight decay. The seed fixes the initial weights and the batch order, so the same
 * (lr, weightDecay, seed) always gives the same error: trials differ only in their hyper-parameters.
 */
export function trainTrial(split: DigitsSplit, setup: TrialSetup, lr: number, weightDecay: number, seed: number): number {
  manualSeed(seed);
  const model = new nn.Sequential(new nn.Linear(64, setup.hidden), new nn.ReLU(), new nn.Linear(setup.hidden, 10));
  const opt = new optim.SGD(model.parameters(), { lr, momentum: setup.momentum, weightDecay });
  const next = batchStream(split.yTrain.length, setup.batchSize, seed);
  const scopes = stepScopes([model, opt]);
  let diverged = false;
  for (let step = 0; step < setup.steps && !diverged; step++) {
    const idx = next();
    const loss = scopes.step(() => {
      const l = crossEntropy(model.forward(takeRows(split.xTrain, 64, idx)), takeRows(split.yTrain, 1, idx));
      opt.zeroGrad();
      l.backward();
      opt.step();
      return l.item();
    });
    if (!Number.isFinite(loss)) diverged = true;
  }
  scopes.close();
  if (diverged) return DIVERGED_ERROR;
  const error = tidy(() =>
    noGrad(() => {
      const predicted = model.forward(split.xVal).argmax(1).toTypedArray();
      let wrong = 0;
      for (let i = 0; i < split.yVal.length; i++) if (predicted[i] !== split.yVal[i]) wrong++;
      return wrong / split.yVal.length;
    }),
  );
  // Weights that turned non-finite without a non-finite loss still predict garbage: score them as diverged.
  return Number.isFinite(error) ? error : DIVERGED_ERROR;
}

/** `count` values evenly spaced in log10 from 10^lo to 10^hi, both ends included. */
export function logSpaced(lo: number, hi: number, count: number): number[] {
  return Array.from({ length: count }, (_, i) => 10 ** (lo + ((hi - lo) * i) / (count - 1)));
}

/** Every trial's validation error: `errors[i][j]` at learning rate `lrs[i]` and weight decay `wds[j]`. */
export interface Table {
  lrs: number[];
  wds: number[];
  errors: number[][];
}

/** Trains every (lr, weight decay) cell once, reporting each trial's error as it finishes; awaits `pace` between trials. */
export async function computeTable(
  split: DigitsSplit, setup: TrialSetup, lrs: number[], wds: number[], seed: number,
  pace: () => Promise<void>, onTrial: (done: number, total: number, error: number) => void,
): Promise<Table> {
  const errors: number[][] = [];
  let done = 0;
  for (const lr of lrs) {
    const row: number[] = [];
    for (const wd of wds) {
      const error = trainTrial(split, setup, lr, wd, seed);
      row.push(error);
      onTrial(++done, lrs.length * wds.length, error);
      await pace();
    }
    errors.push(row);
  }
  return { lrs, wds, errors };
}
