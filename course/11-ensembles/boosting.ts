// Experiment boosting: AdaBoost on decision stumps (course/classic, the code lesson 22 reuses) for one
// MNIST digit against another on raw pixels, round by round: training and test error, the margins,
// bagged stumps for contrast, and boosting again with a fraction of labels flipped.

import { checkConfig, pacer, seededPermutation, type Experiment, type Figure, type Param } from '../kit/index.ts';
import { fitAdaBoost, fitStump, sortFeatures, stumpPredict, type AdaBoostModel, type LabelledTable, type Table } from '../classic/index.ts';
import { bootstrapRows } from './combine.ts';

export interface BoostingConfig {
  [key: string]: number | string | boolean;
  digitA: number;
  digitB: number;
  trainSize: number;
  rounds: number;
  bagged: number;
  noise: number;
}

const params: readonly Param[] = [
  { key: 'digitA', label: 'first digit (class 0)', kind: 'integer', min: 0, max: 9 },
  { key: 'digitB', label: 'second digit (class 1)', kind: 'integer', min: 0, max: 9 },
  { key: 'trainSize', label: 'training images', kind: 'integer', min: 100, max: 3000, step: 100 },
  { key: 'rounds', label: 'boosting rounds', kind: 'integer', min: 10, max: 2000, step: 10 },
  { key: 'bagged', label: 'bagged stumps', kind: 'integer', min: 1, max: 1001, step: 2, help: 'an odd number, so the majority vote of two classes never ties' },
  { key: 'noise', label: 'fraction of training labels flipped in the noisy run', kind: 'number', min: 0, max: 0.45, step: 0.05 },
];

/** Errors of the first t rounds for t = 1..rounds, and the normalized margins after each round, on one table. */
function trace(model: AdaBoostModel, t: Table, y: ArrayLike<number>) {
  // Binary votes as ±1: f(x) = Σ α_t h_t(x), margin y·f(x)/Σα in [−1, 1].
  const f = new Float64Array(t.n);
  const errors: number[] = [];
  let alphaSum = 0;
  for (const s of model.rounds) {
    alphaSum += s.alpha;
    let wrong = 0;
    for (let i = 0; i < t.n; i++) {
      f[i]! += s.alpha * (stumpPredict(s, t.x, t.d, i) === 1 ? 1 : -1);
      if ((f[i]! > 0 ? 1 : 0) !== y[i]) wrong++; // a tie (f = 0) votes class 0
    }
    errors.push(wrong / t.n);
  }
  const margins = Array.from(f, (v, i) => ((y[i] === 1 ? 1 : -1) * v) / alphaSum);
  return { errors, margins };
}

const quantile = (xs: readonly number[], q: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
};

export const boostingExperiment: Experiment<BoostingConfig> = {
  id: 'boosting',
  title: 'AdaBoost on decision stumps, round by round',
  summary:
    'Boosts decision stumps on raw pixels to tell one MNIST digit from another. Watch training error reach zero while test error keeps falling and the margins grow; compare with bagged stumps; then flip a fifth of the training labels and watch boosting chase them.',
  params,
  defaults: { digitA: 3, digitB: 5, trainSize: 1000, rounds: 500, bagged: 201, noise: 0.2 },
  quick: { trainSize: 500, rounds: 150, bagged: 51 },
  async run(config, ctx) {
    checkConfig('boosting', params, config);
    if (config.digitA === config.digitB) throw new Error(`boosting: config 'digitB' must differ from 'digitA', got ${config.digitB} twice`);
    const pace = pacer(ctx.signal);
    const [train, test] = [await ctx.data.mnist('train', 20_000), await ctx.data.mnist('test', 10_000)];
    const pair = (images: Float32Array, labels: Int32Array, rows: number[]): LabelledTable & { x: Float32Array; y: Int32Array } => {
      const x = new Float32Array(rows.length * 784), y = new Int32Array(rows.length);
      rows.forEach((r, i) => {
        x.set(images.subarray(r * 784, (r + 1) * 784), i * 784);
        y[i] = labels[r] === config.digitB ? 1 : 0;
      });
      return { x, y, n: rows.length, d: 784, classes: 2 };
    };
    const pixels = (s: typeof train) => s.images.reshape([s.images.shape[0]!, 784]).contiguous().toTypedArray() as Float32Array;
    const trLabels = Int32Array.from(train.labels.toTypedArray()), teLabels = Int32Array.from(test.labels.toTypedArray());
    const isPair = (l: number) => l === config.digitA || l === config.digitB;
    const pool = [...trLabels.keys()].filter((i) => isPair(trLabels[i]!));
    if (pool.length < config.trainSize) throw new Error(`boosting: config 'trainSize' must be at most ${pool.length} for digits ${config.digitA} and ${config.digitB}, got ${config.trainSize}`);
    const pick = seededPermutation(pool.length, 22_000 + ctx.seed).slice(0, config.trainSize);
    const tr = pair(pixels(train), trLabels, Array.from(pick, (p) => pool[p]!));
    const te = pair(pixels(test), teLabels, [...teLabels.keys()].filter((i) => isPair(teLabels[i]!)));
    const metrics: Record<string, number> = {};
    await pace();

    // 1. AdaBoost on the clean labels.
    const model = fitAdaBoost(tr, config.rounds);
    const trainTrace = trace(model, tr, tr.y), testTrace = trace(model, te, te.y);
    const R = model.rounds.length;
    ctx.progress({ series: 'boosting', step: R, totalSteps: config.rounds, metrics: { 'test error': testTrace.errors[R - 1]! } });
    await pace();
    const zeroAt = trainTrace.errors.findIndex((e) => e === 0); // −1: never
    metrics['rounds'] = R;
    metrics['majority.test'] = Math.min(...[0, 1].map((c) => te.y.filter((y) => y !== c).length / te.n));
    metrics['stump.test'] = testTrace.errors[0]!;
    metrics['stump.train'] = trainTrace.errors[0]!;
    metrics['boost.train.final'] = trainTrace.errors[R - 1]!;
    metrics['boost.test.final'] = testTrace.errors[R - 1]!;
    metrics['boost.test.min'] = Math.min(...testTrace.errors);
    metrics['boost.zeroTrainRound'] = zeroAt < 0 ? R + 1 : zeroAt + 1; // R + 1: not within these rounds
    if (zeroAt >= 0) metrics['boost.test.atZeroTrain'] = testTrace.errors[zeroAt]!;
    // Margins on the training rows when training error first reached zero, and at the end.
    if (zeroAt >= 0) {
      const atZero = trace({ ...model, rounds: model.rounds.slice(0, zeroAt + 1) }, tr, tr.y).margins;
      metrics['boost.margin.min.atZeroTrain'] = Math.min(...atZero);
      metrics['boost.margin.p10.atZeroTrain'] = quantile(atZero, 0.1);
    }
    metrics['boost.margin.min.final'] = Math.min(...trainTrace.margins);
    metrics['boost.margin.p10.final'] = quantile(trainTrace.margins, 0.1);
    ctx.log(`AdaBoost: one stump ${(100 * metrics['stump.test']).toFixed(1)}% test error, ${R} stumps ${(100 * metrics['boost.test.final']).toFixed(1)}%; training error 0 from round ${metrics['boost.zeroTrainRound']}`);

    // 2. Stumps each fitted to a bootstrap resample (counts as weights), majority vote.
    const sorted = sortFeatures(tr);
    const votes = new Int32Array(te.n);
    for (let b = 0; b < config.bagged; b++) {
      const counts = new Float64Array(tr.n);
      for (const r of bootstrapRows(tr.n, 70_000 + 1000 * ctx.seed + b)) counts[r]! += 1;
      const s = fitStump(tr, counts, sorted);
      for (let i = 0; i < te.n; i++) votes[i]! += stumpPredict(s, te.x, te.d, i);
      if (b % 20 === 0) await pace();
    }
    let bagWrong = 0;
    for (let i = 0; i < te.n; i++) if ((2 * votes[i]! > config.bagged ? 1 : 0) !== te.y[i]) bagWrong++;
    metrics['bagStumps.test'] = bagWrong / te.n;

    // 3. AdaBoost again with a fraction of the training labels flipped; tested on clean labels.
    const flip = seededPermutation(tr.n, 33_000 + ctx.seed).slice(0, Math.round(config.noise * tr.n));
    const noisy = { ...tr, y: Int32Array.from(tr.y) };
    for (const i of flip) noisy.y[i] = 1 - noisy.y[i]!;
    const noisyModel = fitAdaBoost(noisy, config.rounds);
    const noisyTrain = trace(noisyModel, noisy, noisy.y), noisyTest = trace(noisyModel, te, te.y);
    const Rn = noisyModel.rounds.length;
    metrics['noisy.train.final'] = noisyTrain.errors[Rn - 1]!;
    metrics['noisy.test.final'] = noisyTest.errors[Rn - 1]!;
    metrics['noisy.test.min'] = Math.min(...noisyTest.errors);
    metrics['noisy.test.minRound'] = noisyTest.errors.indexOf(metrics['noisy.test.min']) + 1;
    ctx.progress({ series: 'noisy boosting', step: Rn, totalSteps: config.rounds, metrics: { 'test error': noisyTest.errors[Rn - 1]! } });

    const pts = (e: number[]) => e.map((v, i) => [i + 1, v] as [number, number]);
    const figures: Figure[] = [
      {
        id: 'rounds', title: `AdaBoost on stumps, ${config.digitA} vs ${config.digitB}: error by round`, kind: 'line', xLabel: 'round', yLabel: 'error',
        series: [
          { name: 'training error', points: pts(trainTrace.errors) },
          { name: 'test error', points: pts(testTrace.errors) },
          { name: `training error, ${Math.round(100 * config.noise)}% labels flipped`, points: pts(noisyTrain.errors) },
          { name: `test error, ${Math.round(100 * config.noise)}% labels flipped`, points: pts(noisyTest.errors) },
        ],
      },
      {
        id: 'summary', title: 'Test error on the held-out images', kind: 'table', columns: ['model', 'test error'],
        rows: [
          ['always the majority digit', +metrics['majority.test'].toFixed(4)],
          ['one stump', +metrics['stump.test'].toFixed(4)],
          [`${config.bagged} bagged stumps (majority vote)`, +metrics['bagStumps.test'].toFixed(4)],
          [`AdaBoost, ${R} rounds`, +metrics['boost.test.final'].toFixed(4)],
          [`AdaBoost, ${Math.round(100 * config.noise)}% labels flipped, ${Rn} rounds`, +metrics['noisy.test.final'].toFixed(4)],
        ],
      },
    ];
    return { metrics, figures };
  },
};
