// Experiment rules-vs-learned: hand-written if/else rules over pixel features (thresholds tuned on
// the training images) vs logistic regression vs a one-hidden-layer MLP, on MNIST, at growing
// training-set sizes. Each learned model's Adam learning rate is picked per size on a validation split.

import { checkConfig, pacer, takeRows } from '../kit/index.ts';
import { ValueError, data, nn, noGrad, optim, manualSeed, crossEntropy, randperm, stepScopes, tidy, fromTypedArray, type Tensor } from '../../engine/index.ts';
import type { Experiment, Figure, Param, RunContext } from '../kit/index.ts';
import { digitFeatures, type DigitFeatures } from './features.ts';
import { classify, countQuestions, handWrittenRules, rulesToText, tuneRules } from './rules.ts';

export interface RulesVsLearnedConfig {
  [key: string]: number | string | boolean;
  minTrain: number;
  maxTrain: number;
  sizes: number;
  valSize: number;
  testSize: number;
  steps: number;
  batchSize: number;
  hidden: number;
}

const params: readonly Param[] = [
  { key: 'minTrain', label: 'smallest training set (images)', kind: 'integer', min: 50, max: 50000, step: 50 },
  { key: 'maxTrain', label: 'largest training set (images)', kind: 'integer', min: 50, max: 50000, step: 50 },
  { key: 'sizes', label: 'training-set sizes (evenly spaced on a log scale)', kind: 'integer', min: 2, max: 6 },
  { key: 'valSize', label: 'validation images (to pick each model’s learning rate)', kind: 'integer', min: 200, max: 5000, step: 100 },
  { key: 'testSize', label: 'test images (the first N of the 10,000)', kind: 'integer', min: 500, max: 10000, step: 500 },
  { key: 'steps', label: 'Adam steps per model (equal at every size)', kind: 'integer', min: 50, max: 5000, step: 50 },
  { key: 'batchSize', label: 'batch size', kind: 'integer', min: 8, max: 512 },
  { key: 'hidden', label: 'MLP hidden units', kind: 'integer', min: 8, max: 512 },
];

/** Each learned model's learning-rate sweep; the best on the validation split is the one tested. */
export const LEARNING_RATES = [3e-4, 1e-3, 3e-3, 1e-2, 3e-2] as const;
const ARMS = [
  { key: 'logreg', name: 'logistic regression' },
  { key: 'mlp', name: 'MLP' },
] as const;

/** `count` training-set sizes from minTrain to maxTrain, evenly spaced on a log scale. */
export const trainSizes = (minTrain: number, maxTrain: number, count: number): number[] =>
  Array.from({ length: count }, (_, k) => Math.round(minTrain * (maxTrain / minTrain) ** (k / (count - 1))));

const accuracy = (predicted: ArrayLike<number>, labels: ArrayLike<number>): number => {
  let right = 0;
  for (let i = 0; i < labels.length; i++) if (predicted[i] === labels[i]) right++;
  return right / labels.length;
};

/** Trains one model with Adam on `rows` for `steps` minibatches; returns its predictions on val and test. */
async function trainArm(
  arm: 'logreg' | 'mlp', lr: number, cfg: RulesVsLearnedConfig, ctx: RunContext, pace: () => Promise<void>,
  pixels: Float32Array, labels: Int32Array, rows: Int32Array, xVal: Tensor, xTest: Tensor, series: string,
): Promise<{ val: ArrayLike<number>; test: ArrayLike<number> }> {
  manualSeed(ctx.seed * 1000 + rows.length); // same initial weights for every learning rate at a size
  const model = arm === 'logreg'
    ? new nn.Sequential(new nn.Linear(784, 10))
    : new nn.Sequential(new nn.Linear(784, cfg.hidden), new nn.ReLU(), new nn.Linear(cfg.hidden, 10));
  const opt = new optim.Adam(model.parameters(), { lr });
  const gen = new data.Generator(ctx.seed * 7919 + rows.length);
  const batch = Math.min(cfg.batchSize, rows.length);
  let order = new Int32Array(0), pos = 0, lossSum = 0;
  const scopes = stepScopes([model, opt]);
  for (let step = 1; step <= cfg.steps; step++) {
    if (pos + batch > order.length) {
      const perm = gen.run(() => randperm(rows.length)).toTypedArray();
      order = Int32Array.from(perm, (k) => rows[k]!);
      pos = 0;
    }
    const pick = order.subarray(pos, pos + batch);
    pos += batch;
    lossSum += scopes.step(() => {
      const x = takeRows(pixels, 784, pick);
      const y = fromTypedArray(Int32Array.from(pick, (r) => labels[r]!), [batch]);
      opt.zeroGrad();
      const loss = crossEntropy(model.forward(x), y);
      loss.backward();
      opt.step();
      return loss.item();
    });
    if (step % 50 === 0 || step === cfg.steps) {
      ctx.progress({ series, step, totalSteps: cfg.steps, metrics: { 'training loss': lossSum / (step % 50 || 50) } });
      lossSum = 0;
    }
    await pace();
  }
  scopes.close();
  return tidy(() => noGrad(() => ({
    val: model.forward(xVal).argmax(1).toTypedArray(),
    test: model.forward(xTest).argmax(1).toTypedArray(),
  })));
}

/** Test images per digit, and the fraction of each digit a predictor got right. */
function recallPerDigit(predicted: ArrayLike<number>, labels: ArrayLike<number>): number[] {
  const right = new Array(10).fill(0), total = new Array(10).fill(0);
  for (let i = 0; i < labels.length; i++) {
    total[labels[i]!]++;
    if (predicted[i] === labels[i]) right[labels[i]!]++;
  }
  return right.map((r, d) => r / Math.max(1, total[d]));
}

function confusion(predicted: ArrayLike<number>, labels: ArrayLike<number>): number[][] {
  const m = Array.from({ length: 10 }, () => new Array<number>(10).fill(0));
  for (let i = 0; i < labels.length; i++) m[labels[i]!]![predicted[i]!]!++;
  return m;
}

/** The digits 2, 3 and 5: strokes without loops, told apart by where the strokes bend. */
export const OPEN_DIGITS = [2, 3, 5] as const;
const inOpen = (d: number) => (OPEN_DIGITS as readonly number[]).includes(d);

export const rulesVsLearned: Experiment<RulesVsLearnedConfig> = {
  id: 'rules-vs-learned',
  title: 'Hand-written rules vs logistic regression vs an MLP on MNIST',
  summary:
    'An if/else tree over hand-made pixel features (loops found by flood fill, ink per region, stroke crossings, aspect ratio), its thresholds grid-searched on the training images, against two learned models at their best learning rate, at growing training-set sizes. Watch which one keeps improving with more data.',
  params,
  defaults: { minTrain: 250, maxTrain: 16000, sizes: 4, valSize: 2000, testSize: 10000, steps: 600, batchSize: 128, hidden: 128 },
  quick: { minTrain: 250, maxTrain: 4000, sizes: 2, valSize: 1000, testSize: 5000, steps: 200, batchSize: 128 },
  async run(config, ctx) {
    checkConfig('rules-vs-learned', params, config);
    const { maxTrain, valSize, testSize } = config;
    const pace = pacer(ctx.signal);
    if (config.minTrain >= maxTrain) throw new ValueError(`rules-vs-learned: config 'minTrain' (${config.minTrain}) must be below 'maxTrain' (${maxTrain})`);
    const sizes = trainSizes(config.minTrain, maxTrain, config.sizes);
    const [pool, test] = [await ctx.data.mnist('train', maxTrain + valSize), await ctx.data.mnist('test', testSize)];
    const nPool = pool.images.shape[0]!, nTest = test.images.shape[0]!;
    const rawPool = pool.images.contiguous().toTypedArray() as Float32Array;
    const rawTest = test.images.contiguous().toTypedArray() as Float32Array;
    const poolLabels = Int32Array.from(pool.labels.toTypedArray() as ArrayLike<number>);
    const testLabels = Int32Array.from(test.labels.toTypedArray() as ArrayLike<number>);

    // A seeded split of the pool: the first valSize images validate, the rest train (smaller sets are prefixes).
    const order = Int32Array.from(new data.Generator(ctx.seed).run(() => randperm(nPool)).toTypedArray() as ArrayLike<number>);
    const valRows = order.subarray(0, valSize);
    const trainRows = order.subarray(valSize);

    // Rules see features; the learned models see normalized pixels.
    const poolFeats: DigitFeatures[] = Array.from({ length: nPool }, (_, i) => digitFeatures(rawPool, i));
    const testFeats: DigitFeatures[] = Array.from({ length: nTest }, (_, i) => digitFeatures(rawTest, i));
    const normalize = (v: Float32Array) => Float32Array.from(v, (p) => (p - 0.1307) / 0.3081);
    const pixels = normalize(rawPool);
    const xVal = takeRows(pixels, 784, valRows);
    const xTest = fromTypedArray(normalize(rawTest), [nTest, 784]);
    const valLabels = Int32Array.from(valRows, (r) => poolLabels[r]!);
    const perDigit = new Array<number>(10).fill(0);
    for (const l of testLabels) perDigit[l]!++;
    const chance = Math.max(...perDigit) / nTest; // always answering the commonest test digit

    const metrics: Record<string, number> = { chance };
    const curve: Record<'rules' | 'logreg' | 'mlp', Array<[number, number]>> = { rules: [], logreg: [], mlp: [] };
    let last: { rules: number[]; logreg: ArrayLike<number>; mlp: ArrayLike<number>; rulesText: string } | undefined;
    const chosen: Array<Array<string | number>> = [];

    for (const n of sizes) {
      const rows = trainRows.subarray(0, n);
      const feats = Array.from(rows, (r) => poolFeats[r]!);
      const labels = Int32Array.from(rows, (r) => poolLabels[r]!);
      const rules = tuneRules(handWrittenRules(), feats, labels);
      const rulesTest = testFeats.map((f) => classify(rules, f));
      metrics[`rules.trainAcc@${n}`] = accuracy(feats.map((f) => classify(rules, f)), labels);
      metrics[`rules.acc@${n}`] = accuracy(rulesTest, testLabels);
      curve.rules.push([n, metrics[`rules.acc@${n}`]!]);
      ctx.log(`${n} images: rules ${(100 * metrics[`rules.acc@${n}`]!).toFixed(1)}% on test (${(100 * metrics[`rules.trainAcc@${n}`]!).toFixed(1)}% on their training images)`);

      const predictions: Record<string, ArrayLike<number>> = {};
      for (const arm of ARMS) {
        let best = { valAcc: -1, lr: 0, test: [] as ArrayLike<number> };
        for (const lr of LEARNING_RATES) {
          const out = await trainArm(arm.key, lr, config, ctx, pace, pixels, poolLabels, rows, xVal, xTest, `${arm.name}, ${n} images, lr ${lr}`);
          const valAcc = accuracy(out.val, valLabels);
          metrics[`${arm.key}.valAcc@${n}@${lr}`] = valAcc;
          if (valAcc > best.valAcc) best = { valAcc, lr, test: out.test };
        }
        const acc = accuracy(best.test, testLabels);
        metrics[`${arm.key}.acc@${n}`] = acc;
        metrics[`${arm.key}.lr@${n}`] = best.lr;
        curve[arm.key].push([n, acc]);
        predictions[arm.key] = best.test;
        chosen.push([arm.name, n, best.lr, Number(best.valAcc.toFixed(4)), Number(acc.toFixed(4))]);
        ctx.log(`${n} images: ${arm.name} ${(100 * acc).toFixed(1)}% on test (learning rate ${best.lr}, picked on validation)`);
      }
      last = { rules: rulesTest, logreg: predictions.logreg!, mlp: predictions.mlp!, rulesText: rulesToText(rules) };
      ctx.progress({ series: 'test accuracy', step: n, metrics: { rules: metrics[`rules.acc@${n}`]!, 'logistic regression': metrics[`logreg.acc@${n}`]!, MLP: metrics[`mlp.acc@${n}`]! } });
    }

    // Headline numbers at the largest size, gains from the smallest to the largest.
    const [small, big] = [sizes[0]!, sizes[sizes.length - 1]!];
    for (const k of ['rules', 'logreg', 'mlp']) {
      metrics[`${k}.acc`] = metrics[`${k}.acc@${big}`]!;
      metrics[`${k}.gain`] = metrics[`${k}.acc@${big}`]! - metrics[`${k}.acc@${small}`]!;
    }
    metrics['mlp.overRules'] = metrics['mlp.acc']! - metrics['rules.acc']!;
    metrics['logreg.overRules'] = metrics['logreg.acc']! - metrics['rules.acc']!;
    metrics['rules.overChance'] = metrics['rules.acc']! - chance;
    metrics['rules.questions'] = countQuestions(handWrittenRules());

    // Where the rules go wrong: errors among the open-stroke digits 2, 3, 5 (true and predicted both in the set).
    const { rules: rPred, mlp: mPred, rulesText } = last!;
    const openErrors = (pred: ArrayLike<number>) => {
      let within = 0, all = 0;
      for (let i = 0; i < nTest; i++) {
        if (pred[i] === testLabels[i]) continue;
        all++;
        if (inOpen(testLabels[i]!) && inOpen(pred[i]!)) within++;
      }
      return { within, all };
    };
    const rOpen = openErrors(rPred), mOpen = openErrors(mPred);
    metrics['rules.openErrorShare'] = rOpen.within / rOpen.all;
    metrics['rules.openErrors'] = rOpen.within;
    metrics['mlp.openErrors'] = mOpen.within;
    metrics['logreg.openErrors'] = openErrors(last!.logreg).within;
    metrics['openErrorRatio'] = rOpen.within / Math.max(1, mOpen.within);
    const rRecall = recallPerDigit(rPred, testLabels), mRecall = recallPerDigit(mPred, testLabels), lRecall = recallPerDigit(last!.logreg, testLabels);
    const worst = rRecall.indexOf(Math.min(...rRecall));
    metrics['rules.worstDigit'] = worst;
    metrics['rules.worstRecall'] = rRecall[worst]!;
    metrics['mlp.recallOnRulesWorst'] = mRecall[worst]!;
    const cm = confusion(rPred, testLabels);

    const figures: Figure[] = [
      {
        id: 'accuracy', title: `Test accuracy with ${big.toLocaleString('en')} training images`, kind: 'bar', xLabel: 'method', yLabel: `accuracy on ${nTest.toLocaleString('en')} test images`,
        bars: [
          { label: 'always the commonest digit', value: chance },
          { label: 'hand-written rules', value: metrics['rules.acc']! },
          { label: 'logistic regression', value: metrics['logreg.acc']! },
          { label: 'MLP', value: metrics['mlp.acc']! },
        ],
      },
      {
        id: 'learning-curve', title: 'Test accuracy against training-set size', kind: 'line', xLabel: 'training images', yLabel: 'test accuracy',
        series: [{ name: 'hand-written rules', points: curve.rules }, { name: 'logistic regression', points: curve.logreg }, { name: 'MLP', points: curve.mlp }],
      },
      {
        id: 'confusion', title: `The rules’ confusion matrix (rows: true digit, columns: the rules’ answer), ${big.toLocaleString('en')} training images`, kind: 'table',
        columns: ['true ↓ / said →', ...Array.from({ length: 10 }, (_, d) => String(d))],
        rows: cm.map((r, d) => [String(d), ...r]),
      },
      {
        id: 'recall', title: 'Fraction of each digit answered correctly', kind: 'table',
        columns: ['digit', 'rules', 'logistic regression', 'MLP'],
        rows: rRecall.map((r, d) => [String(d), Number(r.toFixed(3)), Number(lRecall[d]!.toFixed(3)), Number(mRecall[d]!.toFixed(3))]),
      },
      { id: 'learning-rates', title: 'Each learned model’s learning rate, picked on the validation split', kind: 'table', columns: ['model', 'training images', 'learning rate', 'validation accuracy', 'test accuracy'], rows: chosen },
      { id: 'rules', title: `The rules after tuning on ${big.toLocaleString('en')} images`, kind: 'table', columns: ['if / else'], rows: rulesText.trimEnd().split('\n').map((line) => [line.replace(/^ +/, (s) => '\u00a0'.repeat(s.length))]) },
    ];
    return { metrics, figures };
  },
};
