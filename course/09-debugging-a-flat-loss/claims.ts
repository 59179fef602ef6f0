// The statements lesson.md makes, one claim per run: each bug's signature and the diagnostic that
// finds it, and a healthy control that trips none of them. Bands come from a sweep of 32 seeds of
// the quick variant (ranges quoted in lesson.md), with room to spare.

import { metric, metricPerRun, perSeed, type Claim, type ExperimentResult } from '../kit/index.ts';

const seeds = [1, 2, 3] as const;
const LN_C = Math.log(10);

/** "key: seed 1: …, seed 2: …" for each key, joined with '; '. */
const detailOf = (results: readonly ExperimentResult[], runSeeds: readonly number[], keys: readonly string[]): string =>
  keys.map((k) => `${k} ${perSeed(runSeeds, metricPerRun(results, k))}`).join('; ');

/**
 * Every listed condition on every seed; the failed ones are named in the detail line. A condition
 * reads a run's metrics through `m(key)`, which throws (naming the key) if the run lacks it.
 */
function allOf(results: readonly ExperimentResult[], conditions: Record<string, (m: (key: string) => number) => boolean>): { passed: boolean; failed: string[] } {
  const failed = Object.entries(conditions).filter(([, ok]) => !results.every((r) => ok((key) => metric(r, key)))).map(([name]) => name);
  return { passed: failed.length === 0, failed };
}

const withFailures = (detail: string, failed: string[]): string => (failed.length ? `FAILED: ${failed.join(', ')}. ` : '') + detail;

export const claims: Claim[] = [
  {
    id: 'healthy-control-trips-nothing',
    text: 'The healthy control run learns (test accuracy of at least 80%) and passes every diagnostic: loss at initialization within 0.1 of ln 10, every layer’s gradient non-zero, a first update between 10⁻⁴ and 10⁻¹ of the weights, a stored gradient that grows less than 10× over the run, one batch of 32 overfit to a loss below 0.05, and its learning rate the best of the sweep.',
    experiment: 'flat-loss',
    seeds,
    config: { bug: 'none' },
    check(results, runSeeds: readonly number[] = seeds) {
      const { passed, failed } = allOf(results, {
        'learns': (m) => m('test.accuracy') >= 0.8,
        'init loss ≈ ln 10': (m) => Math.abs(m('init.loss') - LN_C) < 0.1,
        'gradients non-zero': (m) => m('grad.first.layer1') > 0 && m('grad.first.layer2') > 0 && m('grad.first.layer3') > 0,
        'update ratio in range': (m) => m('update.ratio') > 1e-4 && m('update.ratio') < 0.1,
        'gradient not growing': (m) => m('grad.growth') > 0 && m('grad.growth') < 10,
        'overfits one batch': (m) => m('overfit.loss') < 0.05,
        'rate is the sweep’s best': (m) => Math.abs(m('finder.log10RunOverBest')) < 0.5,
      });
      const acc = metricPerRun(results, 'test.accuracy');
      return { passed, value: Math.min(...acc), expected: 'test accuracy ≥ 0.8 and every diagnostic passes on every seed (value: lowest test accuracy)', detail: withFailures(detailOf(results, runSeeds, ['test.accuracy', 'overfit.loss', 'grad.growth', 'update.ratio']), failed) };
    },
  },
  {
    id: 'lr-too-low-flat-and-found',
    text: 'With a learning rate of 10⁻⁵ the training and test losses stay within 0.05 of ln 10 although every layer’s gradient is of normal size; the first update moves the weights by less than 10⁻⁵ of their norm, the same code cannot overfit one batch (loss above 1.5), and the learning-rate sweep finds its best rate at least 1,000 times higher.',
    experiment: 'flat-loss',
    seeds,
    config: { bug: 'lr-too-low' },
    check(results, runSeeds: readonly number[] = seeds) {
      const { passed, failed } = allOf(results, {
        'train loss flat at ln 10': (m) => Math.abs(m('train.lastLoss') - LN_C) < 0.05,
        'test loss flat at ln 10': (m) => Math.abs(m('test.loss') - LN_C) < 0.05,
        'gradients of normal size': (m) => m('grad.first.layer1') > 0.1,
        'tiny update ratio': (m) => m('update.ratio') < 1e-5,
        'cannot overfit one batch': (m) => m('overfit.loss') > 1.5,
        'sweep’s best ≥ 1000× higher': (m) => m('finder.log10RunOverBest') <= -3,
      });
      const gap = metricPerRun(results, 'finder.log10RunOverBest');
      return { passed, value: Math.max(...gap), expected: 'all conditions on every seed (value: log₁₀ of run rate ÷ best rate, highest seed)', detail: withFailures(detailOf(results, runSeeds, ['train.lastLoss', 'update.ratio', 'overfit.loss', 'finder.bestLr']), failed) };
    },
  },
  {
    id: 'lr-too-high-spikes-then-dies-or-nans',
    text: 'With a learning rate of 3 the loss exceeds 20 (or turns NaN) within the first 10 steps on every seed, the run ends near chance, the first update is more than a tenth of the weights’ norm, the same code cannot overfit one batch, and the sweep’s best rate is at least 10 times lower than the run’s.',
    experiment: 'flat-loss',
    seeds,
    config: { bug: 'lr-too-high' },
    check(results, runSeeds: readonly number[] = seeds) {
      const { passed, failed } = allOf(results, {
        'early spike': (m) => m('train.maxEarlyLoss') >= 20,
        'ends near chance': (m) => m('test.accuracy') <= 0.2,
        'huge update ratio': (m) => m('update.ratio') > 0.1,
        'cannot overfit one batch': (m) => m('overfit.loss') > 1.5,
        'sweep’s best ≥ 10× lower': (m) => m('finder.log10RunOverBest') >= 1,
      });
      const acc = metricPerRun(results, 'test.accuracy');
      return { passed, value: Math.max(...acc), expected: 'all conditions on every seed (value: highest final test accuracy)', detail: withFailures(detailOf(results, runSeeds, ['train.maxEarlyLoss', 'train.loss', 'update.ratio', 'overfit.loss']), failed) };
    },
  },
  {
    id: 'no-zero-grad-gradient-grows',
    text: 'Without zeroGrad() the stored gradient is the running sum of every gradient so far: its norm grows more than 10-fold over the run, and the run ends near chance (test accuracy at most 30%) with a training loss no lower than ln 10 − 0.3.',
    experiment: 'flat-loss',
    seeds,
    config: { bug: 'no-zero-grad' },
    check(results, runSeeds: readonly number[] = seeds) {
      const { passed, failed } = allOf(results, {
        'gradient grows > 10×': (m) => m('grad.growth') > 10,
        'ends near chance': (m) => m('test.accuracy') <= 0.3,
        'loss stuck near ln 10': (m) => m('train.lastLoss') >= LN_C - 0.3,
      });
      const growth = metricPerRun(results, 'grad.growth');
      return { passed, value: Math.min(...growth), expected: 'all conditions on every seed (value: smallest gradient growth)', detail: withFailures(detailOf(results, runSeeds, ['grad.growth', 'train.lastLoss', 'test.accuracy', 'overfit.loss']), failed) };
    },
  },
  {
    id: 'dead-relus-zero-gradient',
    text: 'With every ReLU dead the loss at initialization still reads ln 10, but the logits are the same for every image, every weight gradient is exactly zero, the loss stays within 0.05 of ln 10, no learning rate in the sweep gets below ln 10 − 0.1, and one batch cannot be overfit.',
    experiment: 'flat-loss',
    seeds,
    config: { bug: 'dead-relus' },
    check(results, runSeeds: readonly number[] = seeds) {
      const { passed, failed } = allOf(results, {
        'init loss ≈ ln 10': (m) => Math.abs(m('init.loss') - LN_C) < 0.1,
        'logits ignore the input': (m) => m('init.logitSpread') < 1e-4,
        'weight gradients exactly 0': (m) => ['first', 'last'].every((w) => [1, 2, 3].every((l) => m(`grad.${w}.layer${l}`) === 0)),
        'loss flat at ln 10': (m) => Math.abs(m('train.lastLoss') - LN_C) < 0.05 && Math.abs(m('test.loss') - LN_C) < 0.05,
        'no rate helps': (m) => m('finder.bestLoss') > LN_C - 0.1,
        'cannot overfit one batch': (m) => m('overfit.loss') > 1.5,
      });
      const loss = metricPerRun(results, 'train.lastLoss');
      return { passed, value: Math.min(...loss), expected: 'all conditions on every seed (value: lowest final training loss)', detail: withFailures(detailOf(results, runSeeds, ['init.loss', 'init.logitSpread', 'train.lastLoss', 'finder.bestLoss', 'overfit.loss']), failed) };
    },
  },
  {
    id: 'shuffled-labels-overfit-succeeds',
    text: 'With the training labels shuffled the code is sound, so one batch of 32 is overfit to a loss below 0.05, yet test accuracy stays below 25% (chance is 10%) and the test loss no lower than ln 10 − 0.05, while the training loss falls below the test loss as the network memorizes.',
    experiment: 'flat-loss',
    seeds,
    config: { bug: 'shuffled-labels' },
    check(results, runSeeds: readonly number[] = seeds) {
      const { passed, failed } = allOf(results, {
        'overfits one batch': (m) => m('overfit.loss') < 0.05,
        'test near chance': (m) => m('test.accuracy') <= 0.25,
        'test loss not below ln 10 − 0.05': (m) => m('test.loss') >= LN_C - 0.05,
        'train below test': (m) => m('train.loss') < m('test.loss') - 0.1,
      });
      const overfit = metricPerRun(results, 'overfit.loss');
      return { passed, value: Math.max(...overfit), expected: 'all conditions on every seed (value: highest one-batch loss)', detail: withFailures(detailOf(results, runSeeds, ['overfit.loss', 'test.accuracy', 'test.loss', 'train.loss']), failed) };
    },
  },
];
