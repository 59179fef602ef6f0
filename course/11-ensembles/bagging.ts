// Experiment bagging: MLPs on a small MNIST training set, combined by averaging their probabilities.
// Two ways to make members differ: bootstrap resamples of the rows (bagging) and only the seed of the
// initial weights and batch order. Each arm picks its learning rate from three on validation images.
// Reports each member, the average of the first k members, disagreement and the Brier decomposition.

import { checkConfig, pacer, type Experiment, type Figure, type Param } from '../kit/index.ts';
import { accuracyOf, ambiguityDecomposition, argmaxRows, averageProbabilities, bootstrapRows, disagreement, logLoss } from './combine.ts';
import { allRows, loadMnistSplits, mlpProbabilities, trainMlp, type MlpRecipe } from './shared.ts';

export interface BaggingConfig {
  [key: string]: number | string | boolean;
  trainSize: number;
  valSize: number;
  testSize: number;
  members: number;
  hidden: number;
  epochs: number;
  batchSize: number;
  lr: number;
}

const params: readonly Param[] = [
  { key: 'trainSize', label: 'training images', kind: 'integer', min: 200, max: 8000, step: 100 },
  { key: 'valSize', label: 'validation images (choose the learning rate)', kind: 'integer', min: 200, max: 2000, step: 100 },
  { key: 'testSize', label: 'test images', kind: 'integer', min: 500, max: 10000, step: 500 },
  { key: 'members', label: 'members per ensemble', kind: 'integer', min: 2, max: 12, help: 'every subset of the members is scored, so keep this small' },
  { key: 'hidden', label: 'hidden units', kind: 'integer', min: 8, max: 512 },
  { key: 'epochs', label: 'epochs per member', kind: 'integer', min: 1, max: 200 },
  { key: 'batchSize', label: 'batch size', kind: 'integer', min: 8, max: 512 },
  { key: 'lr', label: 'middle learning rate of the sweep', kind: 'number', min: 1e-4, max: 1, log: true, help: 'each arm takes the best of ⅓×, 1× and 3× this on validation images' },
];

export type Arm = 'bag' | 'seeds';
export const ARMS: ReadonlyArray<{ id: Arm; label: string }> = [
  { id: 'bag', label: 'bootstrap resamples (bagging)' },
  { id: 'seeds', label: 'all rows, different seeds' },
];

export const baggingExperiment: Experiment<BaggingConfig> = {
  id: 'bagging',
  title: 'Bagged MLPs against their members',
  summary:
    'Ensembles of one-hidden-layer MLPs on a small MNIST training set, each member trained on a bootstrap resample (bagging) or on all rows with its own seed. Watch the ensemble pass its average member, the gain flatten as members are added, and how much the members disagree.',
  params,
  defaults: { trainSize: 1000, valSize: 1000, testSize: 10000, members: 10, hidden: 64, epochs: 20, batchSize: 50, lr: 0.03 },
  quick: { testSize: 2000, members: 5, epochs: 15 },
  async run(config, ctx) {
    checkConfig('bagging', params, config);
    const pace = pacer(ctx.signal);
    const d = await loadMnistSplits(ctx, 10_000, config.trainSize, config.valSize, config.testSize);
    const lrs = [config.lr / 3, config.lr, config.lr * 3].map((r) => Number(r.toPrecision(3)));
    const metrics: Record<string, number> = {};
    const curves: Figure & { kind: 'line' } = { id: 'members', title: 'Test accuracy of an average of k members (mean over every k-member subset)', kind: 'line', xLabel: 'members averaged', yLabel: 'test accuracy', series: [] };
    const rows: Array<Array<string | number>> = [];
    const total = ARMS.length * (lrs.length + config.members - 1);
    let trained = 0;

    for (const arm of ARMS) {
      // Member m of both arms starts from the same weights (seed); only the bagged one resamples rows.
      const rowsOf = (m: number) => (arm.id === 'bag' ? bootstrapRows(config.trainSize, 50_000 + 1000 * ctx.seed + m) : allRows(config.trainSize));
      const recipe = (lr: number): MlpRecipe => ({ hidden: config.hidden, lr, epochs: config.epochs, batchSize: config.batchSize });
      const member = async (m: number, lr: number) => {
        const model = await trainMlp(d.train, rowsOf(m), recipe(lr), 1000 * ctx.seed + m, pace);
        trained++;
        ctx.progress({ series: 'members trained', step: trained, totalSteps: total, metrics: {} });
        if (!model) return null;
        const val = mlpProbabilities(model, d.val), test = mlpProbabilities(model, d.test);
        return { val: accuracyOf(val, d.val.y, 10), test };
      };
      // The learning rate: the first member at each of three rates, best on validation images.
      let first: { lr: number; val: number; test: Float32Array } | null = null;
      for (const lr of lrs) {
        const r = await member(0, lr);
        if (r && (!first || r.val > first.val)) first = { lr, ...r };
      }
      if (!first) throw new Error(`bagging: every learning rate diverged for arm '${arm.id}'`);
      const probs: Float32Array[] = [first.test];
      const vals: number[] = [first.val];
      for (let m = 1; m < config.members; m++) {
        const r = await member(m, first.lr);
        if (!r) throw new Error(`bagging: member ${m + 1} of arm '${arm.id}' diverged at lr ${first.lr}`);
        probs.push(r.test);
        vals.push(r.val);
      }
      const accs = probs.map((p) => accuracyOf(p, d.test.y, 10));
      const a = arm.id;
      metrics[`${a}.lr`] = first.lr;
      const meanMember = accs.reduce((s, x) => s + x, 0) / accs.length;
      metrics[`${a}.member.mean`] = meanMember;
      metrics[`${a}.member.min`] = Math.min(...accs);
      metrics[`${a}.member.max`] = Math.max(...accs);
      metrics[`${a}.member.bestByVal`] = accs[vals.indexOf(Math.max(...vals))]!;
      // Accuracy of an ensemble of k members, averaged over every k-member subset (smoother than the first k).
      const series: Array<[number, number]> = [];
      const sums = new Float64Array(probs.length + 1), counts = new Float64Array(probs.length + 1);
      for (let mask = 1; mask < 1 << probs.length; mask++) {
        const chosen = probs.filter((_, m) => mask & (1 << m));
        sums[chosen.length]! += accuracyOf(averageProbabilities(chosen), d.test.y, 10);
        counts[chosen.length]! += 1;
        if (mask % 64 === 0) await pace();
      }
      for (let k = 1; k <= probs.length; k++) {
        metrics[`${a}.k${k}`] = sums[k]! / counts[k]!;
        series.push([k, metrics[`${a}.k${k}`]!]);
      }
      const ensemble = metrics[`${a}.k${probs.length}`]!;
      metrics[`${a}.ensemble`] = ensemble;
      metrics[`${a}.gain`] = ensemble - meanMember;
      metrics[`${a}.disagreement`] = disagreement(probs.map((p) => argmaxRows(p, 10)));
      const dec = ambiguityDecomposition(probs, d.test.y, 10);
      metrics[`${a}.brier.ensemble`] = dec.ensemble;
      metrics[`${a}.brier.meanMember`] = dec.meanMember;
      metrics[`${a}.ambiguity`] = dec.ambiguity;
      metrics[`${a}.logLoss.ensemble`] = logLoss(averageProbabilities(probs), d.test.y, 10);
      metrics[`${a}.logLoss.meanMember`] = probs.reduce((s, p) => s + logLoss(p, d.test.y, 10), 0) / probs.length;
      curves.series.push({ name: `${arm.label}: ensemble`, points: series });
      curves.series.push({ name: `${arm.label}: mean member`, points: series.map(([k]) => [k, meanMember]) });
      rows.push([arm.label, first.lr, +meanMember.toFixed(4), `${(100 * Math.min(...accs)).toFixed(1)}–${(100 * Math.max(...accs)).toFixed(1)}%`, +ensemble.toFixed(4), +metrics[`${a}.disagreement`]!.toFixed(4), +dec.meanMember.toFixed(4), +dec.ambiguity.toFixed(4), +dec.ensemble.toFixed(4)]);
      ctx.log(`${arm.label}: lr ${first.lr}, members ${(100 * meanMember).toFixed(1)}% on average, ensemble of ${probs.length} ${(100 * ensemble).toFixed(1)}%, disagreement ${(100 * metrics[`${a}.disagreement`]!).toFixed(1)}%`);
    }
    const figures: Figure[] = [
      curves,
      {
        id: 'summary', title: 'Members and their average (test set)', kind: 'table',
        columns: ['members differ by', 'learning rate', 'mean member accuracy', 'member range', 'ensemble accuracy', 'pairwise disagreement', 'mean member Brier', 'ambiguity', 'ensemble Brier'],
        rows,
      },
    ];
    return { metrics, figures };
  },
};
