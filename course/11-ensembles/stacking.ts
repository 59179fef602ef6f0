// Experiment stacking: three different models on scikit-learn's 8×8 digits (logistic regression,
// AdaBoost on stumps, an MLP), combined three ways: the best single member, the average of their
// probabilities, and a logistic regression trained on their out-of-fold probabilities (stacking).
// A leaky variant trains the meta-model on the members' predictions for their own training rows.

import { checkConfig, pacer, seededPermutation, type Experiment, type Figure, type Param } from '../kit/index.ts';
import { adaBoostScores, fitAdaBoost, fitLogisticRegression, logisticProbabilities } from '../classic/index.ts';
import { accuracyOf, averageProbabilities, kFolds } from './combine.ts';
import { allRows, mlpProbabilities, subset, trainMlp, type Rows } from './shared.ts';

export interface StackingConfig {
  [key: string]: number | string | boolean;
  trainSize: number;
  folds: number;
  boostRounds: number;
  hidden: number;
  epochs: number;
  metaL2: number;
  logisticIterations: number;
}

const params: readonly Param[] = [
  { key: 'trainSize', label: 'training digits (the rest of the 1,797 are the test set)', kind: 'integer', min: 300, max: 1500, step: 50 },
  { key: 'folds', label: 'folds for the out-of-fold predictions', kind: 'integer', min: 2, max: 10 },
  { key: 'boostRounds', label: 'most AdaBoost rounds (the sweep tries ¼, ½ and all)', kind: 'integer', min: 8, max: 1000 },
  { key: 'hidden', label: 'MLP hidden units', kind: 'integer', min: 8, max: 256 },
  { key: 'epochs', label: 'MLP epochs', kind: 'integer', min: 1, max: 200 },
  { key: 'logisticIterations', label: 'most iterations of each logistic-regression member', kind: 'integer', min: 10, max: 5000 },
  { key: 'metaL2', label: 'L2 penalty of the stacking logistic regression', kind: 'number', min: 0, max: 1, log: false },
];

type MemberId = 'logistic' | 'boosted' | 'mlp';
const MEMBERS: ReadonlyArray<{ id: MemberId; label: string }> = [
  { id: 'logistic', label: 'logistic regression' },
  { id: 'boosted', label: 'AdaBoost on stumps' },
  { id: 'mlp', label: 'MLP' },
];

/** A member fitted to some rows, predicting class probabilities (n × 10) for others. */
type Fit = (train: Rows, seed: number) => Promise<(rows: Rows) => Float64Array>;

export const stackingExperiment: Experiment<StackingConfig> = {
  id: 'stacking',
  title: 'Stacking against averaging and the best member',
  summary:
    'Logistic regression, boosted stumps and an MLP on 8×8 digits. A logistic regression learns how to combine their out-of-fold probabilities; compare it with plain averaging, with the best single member, and with a meta-model trained on in-fold predictions.',
  params,
  defaults: { trainSize: 1000, folds: 5, boostRounds: 200, hidden: 64, epochs: 30, metaL2: 0.001, logisticIterations: 500 },
  quick: { folds: 4, boostRounds: 60, hidden: 32, epochs: 10, logisticIterations: 100 },
  async run(config, ctx) {
    checkConfig('stacking', params, config);
    const pace = pacer(ctx.signal);
    const digits = await ctx.data.digits();
    const n = digits.y.shape[0]!;
    const all: Rows = { x: Float32Array.from(digits.x.contiguous().toTypedArray() as Float32Array, (v) => v / 16), y: Int32Array.from(digits.y.toTypedArray()), n, d: 64 };
    const order = seededPermutation(n, 44_000 + ctx.seed);
    const train = subset(all, order.slice(0, config.trainSize)), test = subset(all, order.slice(config.trainSize));
    const fold = kFolds(train.n, config.folds, 55_000 + ctx.seed);
    const inFold = (k: number, held: boolean) => Int32Array.from([...fold.keys()].filter((i) => (fold[i] === k) === held));
    const table = (r: Rows) => ({ x: r.x, y: r.y, n: r.n, d: r.d, classes: 10 });

    // Each member's candidate settings (a 3-point sweep), as fitters.
    const logistic = (l2: number): Fit => async (tr) => {
      const m = fitLogisticRegression(table(tr), { l2, maxIterations: config.logisticIterations, tolerance: 1e-5 });
      return (rows) => logisticProbabilities(m, { x: rows.x, n: rows.n, d: rows.d });
    };
    const boosted = (rounds: number): Fit => async (tr) => {
      const m = fitAdaBoost(table(tr), rounds);
      const total = m.rounds.reduce((s, r) => s + r.alpha, 0);
      return (rows) => adaBoostScores(m, { x: rows.x, n: rows.n, d: rows.d }).map((v) => v / total); // each class's share of the votes
    };
    const mlp = (lr: number): Fit => async (tr, seed) => {
      const model = await trainMlp(tr, allRows(tr.n), { hidden: config.hidden, lr, epochs: config.epochs, batchSize: 50 }, seed, pace);
      return (rows) => (model ? Float64Array.from(mlpProbabilities(model, rows)) : new Float64Array(rows.n * 10).fill(0.1));
    };
    const b = config.boostRounds;
    const sweeps: Record<MemberId, Array<{ label: string; fit: Fit }>> = {
      logistic: [1e-5, 1e-4, 1e-3].map((l2) => ({ label: `L2 ${l2}`, fit: logistic(l2) })),
      boosted: [Math.round(b / 4), Math.round(b / 2), b].map((r) => ({ label: `${r} rounds`, fit: boosted(r) })),
      mlp: [0.03, 0.1, 0.3].map((lr) => ({ label: `lr ${lr}`, fit: mlp(lr) })),
    };

    const metrics: Record<string, number> = {};
    const oof: Float64Array[] = [], testProbs: Float64Array[] = [], selfProbs: Float64Array[] = [];
    const rows: Array<Array<string | number>> = [];
    let done = 0;
    const totalFits = MEMBERS.length * (3 + config.folds);
    for (const [mi, member] of MEMBERS.entries()) {
      const seed = 1000 * ctx.seed + mi;
      // The setting: best accuracy on fold 0's held-out rows (the same rows each candidate never saw).
      const train0 = subset(train, inFold(0, false)), held0 = subset(train, inFold(0, true));
      let best: { i: number; acc: number; pred: Float64Array } = { i: 0, acc: -1, pred: new Float64Array(0) };
      for (const [i, cand] of sweeps[member.id].entries()) {
        const pred = (await cand.fit(train0, seed))(held0);
        const acc = accuracyOf(pred, held0.y, 10);
        if (acc > best.acc) best = { i, acc, pred };
        ctx.progress({ series: 'fits', step: ++done, totalSteps: totalFits, metrics: {} });
        await pace();
      }
      const fit = sweeps[member.id][best.i]!.fit;
      // Out-of-fold probabilities: each row predicted by the member fitted without its fold.
      const p = new Float64Array(train.n * 10);
      for (let k = 0; k < config.folds; k++) {
        const held = inFold(k, true);
        const pred = k === 0 ? best.pred : (await fit(subset(train, inFold(k, false)), seed))(subset(train, held));
        held.forEach((row, j) => p.set(pred.subarray(j * 10, j * 10 + 10), row * 10));
        if (k > 0) ctx.progress({ series: 'fits', step: ++done, totalSteps: totalFits, metrics: {} });
        await pace();
      }
      oof.push(p);
      const final = await fit(train, seed); // refitted on every training row, for the test set
      testProbs.push(final(test));
      selfProbs.push(final(train));
      metrics[`${member.id}.setting`] = best.i; // 0, 1, 2: which of the three candidates
      metrics[`${member.id}.oof`] = accuracyOf(p, train.y, 10);
      metrics[`${member.id}.train`] = accuracyOf(selfProbs[mi]!, train.y, 10);
      metrics[`${member.id}.test`] = accuracyOf(testProbs[mi]!, test.y, 10);
      rows.push([member.label, sweeps[member.id][best.i]!.label, +metrics[`${member.id}.train`]!.toFixed(4), +metrics[`${member.id}.oof`]!.toFixed(4), +metrics[`${member.id}.test`]!.toFixed(4)]);
      ctx.log(`${member.label} (${sweeps[member.id][best.i]!.label}): out-of-fold ${(100 * metrics[`${member.id}.oof`]!).toFixed(1)}%, test ${(100 * metrics[`${member.id}.test`]!).toFixed(1)}%`);
    }

    // The best member is chosen by out-of-fold accuracy, never by the test set.
    const oofAcc = MEMBERS.map((m) => metrics[`${m.id}.oof`]!);
    metrics['best.test'] = metrics[`${MEMBERS[oofAcc.indexOf(Math.max(...oofAcc))]!.id}.test`]!;
    metrics['bestByTest.test'] = Math.max(...MEMBERS.map((m) => metrics[`${m.id}.test`]!));
    metrics['average.test'] = accuracyOf(averageProbabilities(testProbs), test.y, 10);
    // Stacking: the meta-features of a row are its three members' probabilities side by side.
    const features = (ps: Float64Array[], count: number): Rows['x'] => {
      const x = new Float32Array(count * 10 * ps.length);
      for (let i = 0; i < count; i++) ps.forEach((p, m) => x.set(p.subarray(i * 10, i * 10 + 10), (i * ps.length + m) * 10));
      return x;
    };
    const d = 10 * MEMBERS.length;
    const testFeatures = { x: features(testProbs, test.n), n: test.n, d };
    const meta = fitLogisticRegression({ x: features(oof, train.n), y: train.y, n: train.n, d, classes: 10 }, { l2: config.metaL2, maxIterations: 300, tolerance: 1e-5 });
    metrics['stack.test'] = accuracyOf(logisticProbabilities(meta, testFeatures), test.y, 10);
    const leaky = fitLogisticRegression({ x: features(selfProbs, train.n), y: train.y, n: train.n, d, classes: 10 }, { l2: config.metaL2, maxIterations: 300, tolerance: 1e-5 });
    metrics['leaky.test'] = accuracyOf(logisticProbabilities(leaky, testFeatures), test.y, 10);
    // How much weight the meta-model puts on each member: the norm of its block of weights.
    for (const [mi, m] of MEMBERS.entries()) {
      let sq = 0;
      for (let k = 0; k < 10; k++) for (let j = 0; j < 10; j++) sq += meta.weights[k * d + mi * 10 + j]! ** 2;
      metrics[`stack.weight.${m.id}`] = Math.sqrt(sq);
      let lsq = 0;
      for (let k = 0; k < 10; k++) for (let j = 0; j < 10; j++) lsq += leaky.weights[k * d + mi * 10 + j]! ** 2;
      metrics[`leaky.weight.${m.id}`] = Math.sqrt(lsq);
    }
    ctx.log(`test: best member ${(100 * metrics['best.test']).toFixed(1)}%, average ${(100 * metrics['average.test']).toFixed(1)}%, stacked ${(100 * metrics['stack.test']).toFixed(1)}%, stacked in-fold ${(100 * metrics['leaky.test']).toFixed(1)}%`);

    const figures: Figure[] = [
      { id: 'members', title: 'Each member at its best setting', kind: 'table', columns: ['member', 'setting', 'training accuracy', 'out-of-fold accuracy', 'test accuracy'], rows },
      {
        id: 'combined', title: 'Test accuracy of each way to combine', kind: 'bar', xLabel: 'combination', yLabel: 'test accuracy',
        bars: [
          { label: 'best member (by out-of-fold accuracy)', value: metrics['best.test'] },
          { label: 'average of probabilities', value: metrics['average.test'] },
          { label: 'stacking (out-of-fold)', value: metrics['stack.test'] },
          { label: 'stacking (in-fold, leaky)', value: metrics['leaky.test'] },
        ],
      },
      {
        id: 'meta-weights', title: 'Weight the meta-model gives each member (norm of its block)', kind: 'table', columns: ['member', 'out-of-fold meta-model', 'in-fold meta-model'],
        rows: MEMBERS.map((m) => [m.label, +metrics[`stack.weight.${m.id}`]!.toFixed(3), +metrics[`leaky.weight.${m.id}`]!.toFixed(3)]),
      },
    ];
    return { metrics, figures };
  },
};
