// What this lesson's experiments share: MNIST cut by the seed into train / validation / test rows,
// a one-hidden-layer ReLU MLP trained with SGD + momentum on any list of rows (a bootstrap resample
// repeats rows), and its class probabilities. Public engine API only.

import { crossEntropy, fromTypedArray, manualSeed, nn, noGrad, optim, softmax, stepScopes, tidy, type Tensor } from '../../engine/index.ts';
import { batchStream, seededPermutation, takeRows, type RunContext } from '../kit/index.ts';

const MEAN = 0.1307, STD = 0.3081;

export interface Rows {
  /** (n, d) row-major features. */
  x: Float32Array;
  y: Int32Array;
  n: number;
  d: number;
}

export function subset(s: Rows, rows: Int32Array): Rows {
  return { x: takeRows(s.x, s.d, rows).toTypedArray() as Float32Array, y: takeRows(s.y, 1, rows).toTypedArray() as Int32Array, n: rows.length, d: s.d };
}

/**
 * `trainSize` training and `valSize` validation images drawn by the seed from the first `pool` MNIST
 * training images (disjoint), and the first `testSize` test images; pixels normalized.
 */
export async function loadMnistSplits(ctx: RunContext, pool: number, trainSize: number, valSize: number, testSize: number) {
  const [train, test] = [await ctx.data.mnist('train', pool), await ctx.data.mnist('test', testSize)];
  const flat = (images: Tensor, n: number): Float32Array =>
    (images.reshape([n, 784]).contiguous().toTypedArray() as Float32Array).map((v) => (v - MEAN) / STD);
  const all: Rows = { x: flat(train.images, pool), y: Int32Array.from(train.labels.toTypedArray()), n: pool, d: 784 };
  const order = seededPermutation(pool, 11_000 + ctx.seed);
  return {
    train: subset(all, order.slice(0, trainSize)),
    val: subset(all, order.slice(trainSize, trainSize + valSize)),
    test: { x: flat(test.images, testSize), y: Int32Array.from(test.labels.toTypedArray()), n: testSize, d: 784 } as Rows,
  };
}

export interface MlpRecipe {
  hidden: number;
  lr: number;
  epochs: number;
  batchSize: number;
}

/**
 * Trains a d-hidden-10 ReLU MLP with SGD (momentum 0.9) on the given rows of `s` (repeats allowed),
 * `epochs` passes of ⌊rows/batch⌋ steps; `seed` fixes the initial weights and the batch order.
 * Returns null when the loss turned non-finite (a diverged run is never a member).
 */
export async function trainMlp(s: Rows, rows: Int32Array, r: MlpRecipe, seed: number, pace: () => Promise<void>): Promise<nn.Sequential | null> {
  manualSeed(seed);
  const model = new nn.Sequential(new nn.Linear(s.d, r.hidden), new nn.ReLU(), new nn.Linear(r.hidden, 10));
  const opt = new optim.SGD(model.parameters(), { lr: r.lr, momentum: 0.9 });
  const next = batchStream(rows.length, r.batchSize, seed);
  const scopes = stepScopes([model, opt]);
  const steps = r.epochs * Math.floor(rows.length / r.batchSize);
  let finite = true;
  for (let step = 0; step < steps && finite; step++) {
    const idx = next().map((i) => rows[i]!);
    const loss = scopes.step(() => {
      const l = crossEntropy(model.forward(takeRows(s.x, s.d, idx)), takeRows(s.y, 1, idx));
      opt.zeroGrad();
      l.backward();
      opt.step();
      return l.item();
    });
    finite = Number.isFinite(loss);
    await pace();
  }
  scopes.close();
  return finite ? model : null;
}

/** Class probabilities (n × 10) of a model on every row of `s`, in chunks. */
export function mlpProbabilities(model: nn.Module, s: Rows): Float32Array {
  const out = new Float32Array(s.n * 10);
  const chunk = 2000;
  for (let i = 0; i < s.n; i += chunk) {
    const rows = Math.min(chunk, s.n - i);
    out.set(tidy(() => noGrad(() => softmax(model.forward(fromTypedArray(s.x.subarray(i * s.d, (i + rows) * s.d), [rows, s.d])), 1).toTypedArray() as Float32Array)), i * 10);
  }
  return out;
}

/** 0..n−1 as row indices (train on every row once per epoch). */
export const allRows = (n: number): Int32Array => Int32Array.from({ length: n }, (_, i) => i);
