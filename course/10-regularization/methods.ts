// Experiment methods: one overfitting setup (a 784-w-w-10 ReLU MLP on 1,000 MNIST images) and the
// regularizers of the notes, each at the best of a small sweep of its strength (or learning rate),
// chosen on a validation set, against the same unregularized baseline; the test set only reports.

import { checkConfig, pacer, throwIfStopped, type Experiment, type Figure, type Param } from '../kit/index.ts';
import { SETUP_PARAMS, accuracy, accuracyOf, loadSplits, probabilities, train, type Recipe, type Splits } from './setup.ts';

export interface MethodsConfig {
  [key: string]: number | string | boolean;
  set: string;
  trainSize: number;
  valSize: number;
  testSize: number;
  width: number;
  epochs: number;
  batchSize: number;
  points: number;
  members: number;
}

export const SETS = ['all', 'baseline-augmentation'] as const;

const params: readonly Param[] = [
  { key: 'set', label: 'methods', kind: 'select', options: SETS, help: 'all: every method of the notes that applies to an MLP; baseline-augmentation: the two the claims compare' },
  ...SETUP_PARAMS,
  { key: 'points', label: 'sweep points per method', kind: 'integer', min: 1, max: 3, help: '3: the whole sweep; 2: its first two points; 1: its middle one' },
  { key: 'members', label: 'ensemble members', kind: 'integer', min: 2, max: 10 },
];

/** A method: what it changes in the baseline recipe, at each point of its sweep. */
interface Method {
  id: string;
  label: string;
  /** What the sweep varies, for the table. */
  knob: string;
  sweep: readonly number[];
  recipe(base: Recipe, value: number): Recipe;
}

export const BASE_LRS = [0.01, 0.03, 0.1] as const;

/** The methods that change the baseline's recipe (early stopping and the ensemble reuse baseline runs). */
export const METHODS: readonly Method[] = [
  { id: 'l2', label: 'L2 / weight decay', knob: 'weightDecay', sweep: [1e-4, 1e-3, 1e-2], recipe: (b, v) => ({ ...b, weightDecay: v }) },
  { id: 'l1', label: 'L1 penalty', knob: 'λ', sweep: [3e-5, 1e-4, 3e-4], recipe: (b, v) => ({ ...b, l1: v }) },
  { id: 'dropout', label: 'dropout', knob: 'p', sweep: [0.2, 0.35, 0.5], recipe: (b, v) => ({ ...b, dropout: v }) },
  { id: 'augmentation', label: 'data augmentation (random shifts)', knob: 'max shift (px)', sweep: [1, 2, 3], recipe: (b, v) => ({ ...b, shift: v }) },
  { id: 'batchNorm', label: 'batch normalization', knob: 'lr', sweep: [0.01, 0.03, 0.1], recipe: (b, v) => ({ ...b, batchNorm: true, lr: v }) },
  { id: 'noise', label: 'noise injection (inputs)', knob: 'noise std', sweep: [0.5, 1, 1.5], recipe: (b, v) => ({ ...b, inputNoise: v }) },
  { id: 'smaller', label: 'a smaller network', knob: 'width', sweep: [32, 64, 128], recipe: (b, v) => ({ ...b, width: v }) },
  { id: 'cosine', label: 'learning-rate schedule (cosine to 0)', knob: 'lr', sweep: [0.01, 0.03, 0.1], recipe: (b, v) => ({ ...b, cosine: true, lr: v }) },
];

const pick = <T>(xs: readonly T[], points: number): T[] => (points >= 3 ? [...xs] : points === 2 ? xs.slice(0, 2) : [xs[1]!]);

interface Row { id: string; label: string; choice: string; val: number; test: number }

export const methodsExperiment: Experiment<MethodsConfig> = {
  id: 'methods',
  title: 'Every regularizer against one overfitting baseline',
  summary:
    'A 784-256-256-10 ReLU network trained with SGD on 1,000 MNIST images reaches 100% training accuracy and overfits. Each regularizer gets a small sweep of its strength, chosen on 2,000 held-out validation images; the table ranks them by test accuracy gained over the baseline.',
  params,
  defaults: { set: 'all', trainSize: 1000, valSize: 2000, testSize: 10000, width: 256, epochs: 50, batchSize: 50, points: 3, members: 5 },
  quick: { set: 'baseline-augmentation', valSize: 500, testSize: 2000, width: 128, epochs: 25, points: 2 },
  async run(config, ctx) {
    checkConfig('methods', params, config);
    throwIfStopped(ctx.signal);
    const c = config;
    const pace = pacer(ctx.signal);
    const d: Splits = await loadSplits(ctx, c.trainSize, c.valSize, c.testSize);
    const metrics: Record<string, number> = {};
    const rows: Row[] = [];
    const all = c.set === 'all';
    const base0: Recipe = { lr: BASE_LRS[1], epochs: c.epochs, batchSize: c.batchSize, width: c.width };
    const totalRuns = all ? 3 + 3 * METHODS.length + c.members - 1 : 2 * pick(BASE_LRS, c.points).length;
    let runsDone = 0;
    const report = (series: string, epoch: number, loss: number) =>
      ctx.progress({ series, step: runsDone * c.epochs + epoch, totalSteps: totalRuns * c.epochs, metrics: { 'training loss': Number.isFinite(loss) ? loss : 10 } });

    // 1. The baseline: plain SGD with momentum at the best of a few learning rates, tracking the
    // validation accuracy after each epoch (early stopping reads it) and the test accuracy every few.
    const testEvery = Math.max(1, Math.round(c.epochs / 10));
    let base: { lr: number; val: number; test: number; model: Awaited<ReturnType<typeof train>>; testCurve: Array<[number, number]> } | null = null;
    for (const lr of pick(BASE_LRS, c.points)) {
      const testCurve: Array<[number, number]> = [];
      const run = await train({ ...base0, lr, trackBest: all }, d, ctx.seed, pace, (epoch, loss, model) => {
        report(`baseline, lr ${lr}`, epoch, loss);
        if (all && (epoch % testEvery === 0 || epoch === 1)) testCurve.push([epoch, accuracy(model, d.test)]);
      });
      runsDone++;
      const val = accuracy(run.model, d.val);
      if (!base || val > base.val) base = { lr, val, test: accuracy(run.model, d.test), model: run, testCurve };
    }
    const b = base!;
    const baseRecipe: Recipe = { ...base0, lr: b.lr };
    rows.push({ id: 'baseline', label: 'baseline (no regularization)', choice: `lr ${b.lr}`, val: b.val, test: b.test });
    metrics['baseline.lr'] = b.lr;
    metrics['baseline.train'] = accuracy(b.model.model, d.train);
    ctx.log(`baseline: lr ${b.lr}, training accuracy ${(100 * metrics['baseline.train']!).toFixed(1)}%, test ${(100 * b.test).toFixed(1)}%`);

    // 2. Each method at the best point of its sweep, by validation accuracy.
    for (const m of all ? METHODS : METHODS.filter((x) => x.id === 'augmentation')) {
      let best: Row | null = null;
      for (const v of pick(m.sweep, c.points)) {
        const run = await train(m.recipe(baseRecipe, v), d, ctx.seed, pace, (epoch, loss) => report(`${m.id}, ${m.knob} ${v}`, epoch, loss));
        runsDone++;
        const val = accuracy(run.model, d.val);
        if (!best || val > best.val) best = { id: m.id, label: m.label, choice: `${m.knob} ${v}`, val, test: accuracy(run.model, d.test) };
        metrics[`${m.id}.test@${v}`] = accuracy(run.model, d.test);
      }
      rows.push(best!);
      metrics[`${m.id}.value`] = Number(best!.choice.split(' ').pop());
      ctx.log(`${m.label}: ${best!.choice}, test ${(100 * best!.test).toFixed(1)}%`);
    }

    if (all) {
      // 3. Early stopping: the baseline run's weights from its best validation epoch (its final
      // weights' probabilities are kept first: they are the ensemble's first member).
      const es = b.model;
      const sumVal = probabilities(es.model, d.val), sumTest = probabilities(es.model, d.test);
      const firstTest = accuracyOf(sumTest, d.test.y);
      es.model.loadStateDict(es.bestState!);
      rows.push({ id: 'earlyStopping', label: 'early stopping (best validation epoch)', choice: `epoch ${es.bestEpoch} of ${c.epochs}`, val: accuracy(es.model, d.val), test: accuracy(es.model, d.test) });
      metrics['earlyStopping.bestEpoch'] = es.bestEpoch;

      // 4. An ensemble: the baseline recipe from `members` different seeds, probabilities averaged.
      const memberTests = [firstTest];
      for (let k = 1; k < c.members; k++) {
        const run = await train(baseRecipe, d, ctx.seed + 1000 * k, pace, (epoch, loss) => report(`ensemble member ${k + 1}`, epoch, loss));
        runsDone++;
        const pv = probabilities(run.model, d.val), pt = probabilities(run.model, d.test);
        pv.forEach((p, i) => (sumVal[i] += p));
        pt.forEach((p, i) => (sumTest[i] += p));
        memberTests.push(accuracyOf(pt, d.test.y));
      }
      rows.push({ id: 'ensemble', label: `ensemble of ${c.members} baselines`, choice: `${c.members} seeds`, val: accuracyOf(sumVal, d.val.y), test: accuracyOf(sumTest, d.test.y) });
      metrics['ensemble.meanMember'] = memberTests.reduce((s, x) => s + x, 0) / memberTests.length;
      metrics['earlyStopping.curveEpochs'] = b.testCurve.length;
    }

    const baseTest = b.test;
    for (const r of rows) {
      metrics[`${r.id}.test`] = r.test;
      metrics[`${r.id}.val`] = r.val;
      metrics[`${r.id}.gain`] = r.test - baseTest;
    }
    const ranked = [...rows].sort((p, q) => q.test - p.test);
    const pct = (x: number) => Number((100 * x).toFixed(2));
    const figures: Figure[] = [
      {
        id: 'ranking', title: 'Each method at its best sweep point (chosen on validation), ranked by test accuracy', kind: 'table',
        columns: ['method', 'chosen setting', 'validation accuracy %', 'test accuracy %', 'gain over baseline (points)'],
        rows: ranked.map((r) => [r.label, r.choice, pct(r.val), pct(r.test), Number((100 * (r.test - baseTest)).toFixed(2))]),
      },
      { id: 'gains', title: 'Test accuracy gained over the baseline (points)', kind: 'bar', xLabel: 'method', yLabel: 'points', bars: ranked.filter((r) => r.id !== 'baseline').map((r) => ({ label: r.label, value: Number((100 * (r.test - baseTest)).toFixed(2)) })) },
    ];
    if (all) {
      figures.push({
        id: 'early-stopping', title: `Baseline (lr ${b.lr}): accuracy per epoch; early stopping would keep epoch ${b.model.bestEpoch}`, kind: 'line', xLabel: 'epoch', yLabel: 'accuracy',
        series: [{ name: 'validation', points: b.model.valCurve }, { name: 'test', points: b.testCurve }],
      });
    }
    return { metrics, figures };
  },
};
