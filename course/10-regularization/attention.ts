// Experiment attention: what "attention as a regularizer" can honestly show. Each example is a row of
// K slots: one real MNIST digit at a random slot, the others scrambled digits (the same pixels in a
// random order: the same brightness, no shape). One shared encoder reads every slot; the slots are
// pooled by a plain mean or by learned attention weights, then classified.

import { checkConfig, pacer, throwIfStopped, batchStream, takeRows, type Experiment, type Figure, type Param } from '../kit/index.ts';
import { crossEntropy, fromTypedArray, manualSeed, nn, noGrad, optim, softmax, stepScopes, tidy, type Tensor } from '../../engine/index.ts';
import { loadSplits, type Split } from './setup.ts';

export interface AttentionConfig {
  [key: string]: number | string | boolean;
  slots: number;
  trainSize: number;
  valSize: number;
  testSize: number;
  hidden: number;
  epochs: number;
  batchSize: number;
  points: number;
}

const params: readonly Param[] = [
  { key: 'slots', label: 'slots per example (one digit, the rest scrambled)', kind: 'integer', min: 1, max: 16 },
  { key: 'trainSize', label: 'training examples', kind: 'integer', min: 200, max: 20000, step: 100 },
  { key: 'valSize', label: 'validation examples', kind: 'integer', min: 200, max: 10000, step: 100 },
  { key: 'testSize', label: 'test examples', kind: 'integer', min: 200, max: 10000, step: 100 },
  { key: 'hidden', label: 'encoder units', kind: 'integer', min: 8, max: 256 },
  { key: 'epochs', label: 'epochs', kind: 'integer', min: 1, max: 200 },
  { key: 'batchSize', label: 'batch size', kind: 'integer', min: 8, max: 256 },
  { key: 'points', label: 'learning rates tried per arm', kind: 'integer', min: 1, max: 3, help: '3: 0.01, 0.03, 0.1; 2: 0.03, 0.1; 1: 0.03' },
];

export const ATTN_LRS = [0.01, 0.03, 0.1] as const;

interface Rows { x: Float32Array; y: Int32Array; where: Int32Array; n: number; k: number }

/** A small seeded generator of uniform [0, 1) numbers (mulberry32), for building the slotted data. */
function uniform(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Each digit of `s` at a random slot among k; the other slots hold other images of `s` with their pixels shuffled. */
function slotted(s: Split, k: number, seed: number): Rows {
  const u = uniform(seed * 7919 + 17);
  const x = new Float32Array(s.n * k * 784);
  const where = new Int32Array(s.n);
  const perm = Int32Array.from({ length: 784 }, (_, i) => i);
  for (let i = 0; i < s.n; i++) {
    where[i] = Math.floor(u() * k);
    for (let j = 0; j < k; j++) {
      const at = (i * k + j) * 784;
      if (j === where[i]) { x.set(s.x.subarray(i * 784, (i + 1) * 784), at); continue; }
      // Another image's pixels in a fresh random order (Fisher–Yates): its brightness without its shape.
      const other = (i + 1 + Math.floor(u() * (s.n - 1))) % s.n;
      for (let m = 783; m > 0; m--) {
        const r = Math.floor(u() * (m + 1));
        [perm[m], perm[r]] = [perm[r]!, perm[m]!];
      }
      for (let m = 0; m < 784; m++) x[at + m] = s.x[other * 784 + perm[m]!]!;
    }
  }
  return { x, y: s.y, where, n: s.n, k };
}

class Pooled extends nn.Module {
  encoder: nn.Linear;
  score: nn.Linear;
  head: nn.Linear;
  constructor(hidden: number, readonly attention: boolean) {
    super();
    this.encoder = new nn.Linear(784, hidden);
    this.score = new nn.Linear(hidden, 1);
    this.head = new nn.Linear(hidden, 10);
  }
  /** x: (B·K, 784) → logits (B, 10); `weights` receives the (B, K) attention weights. */
  forward(x: Tensor, k = 1, keep?: (w: Tensor) => void): Tensor {
    const b = x.shape[0]! / k;
    const h = this.encoder.forward(x).relu().reshape([b, k, -1]);
    if (!this.attention) return this.head.forward(h.mean(1));
    const w = softmax(this.score.forward(h).reshape([b, k]), 1);
    keep?.(w);
    return this.head.forward(h.mul(w.reshape([b, k, 1])).sum(1));
  }
}

function evaluate(model: Pooled, r: Rows): { acc: number; onDigit: number } {
  return tidy(() => noGrad(() => {
    let weights: Tensor | null = null;
    const pred = model.forward(fromTypedArray(r.x, [r.n * r.k, 784]), r.k, (w) => (weights = w)).argmax(1).toTypedArray();
    let right = 0, on = 0;
    const w = weights ? ((weights as Tensor).toTypedArray() as Float32Array) : null;
    for (let i = 0; i < r.n; i++) {
      if (pred[i] === r.y[i]) right++;
      on += w ? w[i * r.k + r.where[i]!]! : 1 / r.k;
    }
    return { acc: right / r.n, onDigit: on / r.n };
  }));
}

export const attentionExperiment: Experiment<AttentionConfig> = {
  id: 'attention',
  title: 'Attention pooling over noisy slots',
  summary:
    'Each example holds one MNIST digit at a random slot among several scrambled digits. The same encoder reads every slot; mean pooling averages them, attention pooling learns a weight per slot. Each arm at its best learning rate on a validation set.',
  params,
  defaults: { slots: 6, trainSize: 1000, valSize: 2000, testSize: 10000, hidden: 64, epochs: 40, batchSize: 50, points: 3 },
  quick: { valSize: 500, testSize: 2000, hidden: 32, epochs: 6, points: 2 },
  async run(config, ctx) {
    checkConfig('attention', params, config);
    throwIfStopped(ctx.signal);
    const c = config;
    const pace = pacer(ctx.signal);
    const d = await loadSplits(ctx, c.trainSize, c.valSize, c.testSize);
    const [tr, va, te] = [slotted(d.train, c.slots, ctx.seed), slotted(d.val, c.slots, ctx.seed + 1), slotted(d.test, c.slots, ctx.seed + 2)];
    const lrs = c.points >= 3 ? [...ATTN_LRS] : c.points === 2 ? ATTN_LRS.slice(1) : [ATTN_LRS[1]];
    const metrics: Record<string, number> = {};
    const curves: Figure & { kind: 'line' } = { id: 'curves', title: 'Validation accuracy per epoch, each arm at its best rate', kind: 'line', xLabel: 'epoch', yLabel: 'validation accuracy', series: [] };
    const rows: Array<Array<string | number>> = [];
    for (const arm of ['mean', 'attention'] as const) {
      let best: { lr: number; val: number; test: number; train: number; onDigit: number; curve: Array<[number, number]> } | null = null;
      for (const lr of lrs) {
        manualSeed(ctx.seed);
        const model = new Pooled(c.hidden, arm === 'attention');
        const opt = new optim.SGD(model.parameters(), { lr, momentum: 0.9 });
        const next = batchStream(tr.n, c.batchSize, ctx.seed);
        const scopes = stepScopes([model, opt]);
        const curve: Array<[number, number]> = [];
        for (let epoch = 1; epoch <= c.epochs; epoch++) {
          for (let s = 0; s < Math.floor(tr.n / c.batchSize); s++) {
            const idx = next();
            // The rows of each chosen example's k slots.
            const slotRows = Int32Array.from({ length: idx.length * tr.k }, (_, j) => idx[Math.floor(j / tr.k)]! * tr.k + (j % tr.k));
            scopes.step(() => {
              const loss = crossEntropy(model.forward(takeRows(tr.x, 784, slotRows), tr.k), takeRows(tr.y, 1, idx));
              opt.zeroGrad();
              loss.backward();
              opt.step();
            });
            await pace();
          }
          const acc = evaluate(model, va).acc;
          curve.push([epoch, acc]);
          ctx.progress({ series: `${arm} pooling, lr ${lr}`, step: epoch, totalSteps: c.epochs, metrics: { 'validation accuracy': acc } });
        }
        scopes.close();
        const val = curve[curve.length - 1]![1];
        if (!best || val > best.val) {
          const t = evaluate(model, te);
          best = { lr, val, test: t.acc, onDigit: t.onDigit, train: evaluate(model, tr).acc, curve };
        }
      }
      const b = best!;
      Object.assign(metrics, { [`${arm}.lr`]: b.lr, [`${arm}.val`]: b.val, [`${arm}.test`]: b.test, [`${arm}.train`]: b.train, [`${arm}.onDigit`]: b.onDigit });
      curves.series.push({ name: `${arm} pooling (lr ${b.lr})`, points: b.curve });
      rows.push([`${arm} pooling`, b.lr, Number((100 * b.train).toFixed(2)), Number((100 * b.test).toFixed(2)), Number(b.onDigit.toFixed(3))]);
      ctx.log(`${arm} pooling: lr ${b.lr}, train ${(100 * b.train).toFixed(1)}%, test ${(100 * b.test).toFixed(1)}%, weight on the digit's slot ${b.onDigit.toFixed(3)}`);
    }
    const figures: Figure[] = [
      curves,
      { id: 'summary', title: `Mean vs attention pooling over ${c.slots} slots`, kind: 'table', columns: ['pooling', 'learning rate', 'training accuracy %', 'test accuracy %', 'mean weight on the digit’s slot'], rows },
    ];
    return { metrics, figures };
  },
};
