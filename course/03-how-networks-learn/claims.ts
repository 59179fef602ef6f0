// The statements lesson.md makes about the learning rate and about epochs, as checks over runs of the
// quick variants. Bands come from a sweep of 32 seeds (ranges quoted in lesson.md), with room to
// spare. That backprop by hand equals autograd is certain by construction: a unit test, not a claim.

import { mean, metricPerRun, perSeed, type Claim, type ExperimentResult } from '../kit/index.ts';

const seeds = [1, 2, 3] as const;

/** Every listed condition on every run; the failed ones are named in the detail line. */
function allOf(results: readonly ExperimentResult[], conditions: Record<string, (m: Record<string, number>) => boolean>): string[] {
  return Object.entries(conditions).filter(([, ok]) => !results.every((r) => ok(r.metrics))).map(([name]) => name);
}

const detailOf = (results: readonly ExperimentResult[], runSeeds: readonly number[], keys: readonly string[], failed: string[]): string =>
  (failed.length ? `FAILED: ${failed.join(', ')}. ` : '') + keys.map((k) => `${k} ${perSeed(runSeeds, metricPerRun(results, k))}`).join('; ');

/** Progress of a rate: how far its final training loss fell below the starting loss. */
const drop = (m: Record<string, number>, lr: number): number => m['init.trainLoss']! - m[`lr${lr}.trainLoss`]!;

export const claims: Claim[] = [
  {
    id: 'middle-band-learns',
    text: 'A middle band of learning rates works: 0.03, 0.1 and 0.3 all train without diverging and reach at least 80% test accuracy, the lowest training loss of the sweep comes from 0.1 or 0.3 (an interior point: smaller and larger rates both end worse), and it is at most a tenth of the loss at 0.001.',
    experiment: 'learning-rate',
    seeds,
    check(results, runSeeds: readonly number[] = seeds) {
      const failed = allOf(results, {
        'band trains': (m) => [0.03, 0.1, 0.3].every((lr) => m[`lr${lr}.diverged`] === 0 && m[`lr${lr}.testAccuracy`]! >= 0.8),
        'best is 0.1 or 0.3': (m) => m['best.lr'] === 0.1 || m['best.lr'] === 0.3,
        'best ≤ a tenth of 0.001’s loss': (m) => m['best.trainLoss']! <= m['lr0.001.trainLoss']! / 10,
      });
      const acc = results.map((r) => Math.min(...[0.03, 0.1, 0.3].map((lr) => r.metrics[`lr${lr}.testAccuracy`]!)));
      return { passed: failed.length === 0, value: Math.min(...acc), expected: 'every condition on every seed (value: lowest test accuracy in the band 0.03–0.3)', detail: detailOf(results, runSeeds, ['best.lr', 'best.trainLoss', 'best.testAccuracy', 'lr0.03.testAccuracy'], failed) };
    },
  },
  {
    id: 'too-small-crawls',
    text: 'Too small a rate crawls: after 200 steps at 0.001 the training loss has fallen less than 0.6 below its starting value (about ln 10), without diverging, and tripling the rate to 0.003 buys between 2.2 and 3.8 times the progress, as a first-order step, whose effect is proportional to the rate, predicts.',
    experiment: 'learning-rate',
    seeds,
    check(results, runSeeds: readonly number[] = seeds) {
      const failed = allOf(results, {
        'still near the start': (m) => m['lr0.001.diverged'] === 0 && drop(m, 0.001) > 0 && drop(m, 0.001) < 0.6,
        'progress ∝ rate': (m) => drop(m, 0.003) / drop(m, 0.001) >= 2.2 && drop(m, 0.003) / drop(m, 0.001) <= 3.8,
      });
      const ratio = results.map((r) => drop(r.metrics, 0.003) / drop(r.metrics, 0.001));
      return { passed: failed.length === 0, value: mean(ratio), expected: 'drop at 0.001 in (0, 0.6) and drop(0.003)/drop(0.001) in [2.2, 3.8] on every seed (value: mean ratio)', detail: `${failed.length ? `FAILED: ${failed.join(', ')}. ` : ''}progress ratio ${perSeed(runSeeds, ratio)}; ${detailOf(results, runSeeds, ['lr0.001.trainLoss', 'lr0.003.trainLoss'], [])}` };
    },
  },
  {
    id: 'too-large-diverges',
    text: 'Too large a rate diverges: at 3 and at 10 the batch loss passes 10 ln 10 ≈ 23 (or turns NaN) within the first 10 steps on every seed.',
    experiment: 'learning-rate',
    seeds,
    check(results, runSeeds: readonly number[] = seeds) {
      const failed = allOf(results, {
        'lr 3 diverges early': (m) => m['lr3.diverged'] === 1 && m['lr3.divergedAtStep']! >= 1 && m['lr3.divergedAtStep']! <= 10,
        'lr 10 diverges early': (m) => m['lr10.diverged'] === 1 && m['lr10.divergedAtStep']! >= 1 && m['lr10.divergedAtStep']! <= 10,
      });
      const at = metricPerRun(results, 'lr3.divergedAtStep');
      return { passed: failed.length === 0, value: Math.max(...at), expected: 'both diverge by step 10 on every seed (value: latest divergence step at lr 3)', detail: detailOf(results, runSeeds, ['lr3.divergedAtStep', 'lr10.divergedAtStep'], failed) };
    },
  },
  {
    id: 'curvature-guides-the-edge',
    text: 'The starting curvature is a guide to the edge: 2/λ, from the top eigenvalue λ of the loss’s Hessian at the initial weights, falls between 0.2 and 0.6; no rate of the sweep below 2/λ diverges (those from 0.03 up reach at least 80% test accuracy), and every rate more than twice 2/λ fails: it diverges, or ends with a training loss more than ten times the best rate’s.',
    experiment: 'learning-rate',
    seeds,
    check(results, runSeeds: readonly number[] = seeds) {
      const lrs = [0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10];
      const failed = allOf(results, {
        '2/λ in [0.2, 0.6]': (m) => m['sharpness.limit']! >= 0.2 && m['sharpness.limit']! <= 0.6,
        'nothing below 2/λ diverges': (m) => lrs.filter((lr) => lr < m['sharpness.limit']!).every((lr) => m[`lr${lr}.diverged`] === 0),
        'from 0.03 to 2/λ trains': (m) => lrs.filter((lr) => lr < m['sharpness.limit']! && lr >= 0.03).every((lr) => m[`lr${lr}.testAccuracy`]! >= 0.8),
        'above 2 × 2/λ fails': (m) => lrs.filter((lr) => lr > 2 * m['sharpness.limit']!).every((lr) => m[`lr${lr}.diverged`] === 1 || m[`lr${lr}.trainLoss`]! > 10 * m['best.trainLoss']!),
      });
      const limit = metricPerRun(results, 'sharpness.limit');
      return { passed: failed.length === 0, value: mean(limit), expected: 'every condition on every seed (value: mean 2/λ)', detail: detailOf(results, runSeeds, ['sharpness.limit', 'largestStableLr', 'lr1.trainLoss'], failed) };
    },
  },
  {
    id: 'repeated-epochs-memorize',
    text: 'Past the first epoch the training loss stops measuring generalization: after 20 epochs over 500 images the test loss exceeds the training loss by at least 0.35, while after one epoch over 10,000 images (the same number of examples seen) the gap stays below 0.2, each at its own best learning rate.',
    experiment: 'epochs',
    seeds,
    check(results, runSeeds: readonly number[] = seeds) {
      const failed = allOf(results, {
        'repeated gap ≥ 0.35': (m) => m['repeated.gap']! >= 0.35,
        'fresh gap < 0.2': (m) => m['fresh.gap']! < 0.2,
      });
      const diff = results.map((r) => r.metrics['repeated.gap']! - r.metrics['fresh.gap']!);
      return { passed: failed.length === 0, value: Math.min(...diff), expected: 'both on every seed (value: smallest difference of the gaps)', detail: detailOf(results, runSeeds, ['repeated.gap', 'fresh.gap', 'repeated.trainLoss', 'fresh.trainLoss'], failed) };
    },
  },
  {
    id: 'fresh-data-beats-repeats',
    text: 'At the same number of examples seen, one epoch over 10,000 images ends with a test loss at least 0.03 lower than 20 epochs over 500 on every seed, and with a higher test accuracy on average over the seeds (by at least half a point).',
    experiment: 'epochs',
    seeds,
    check(results, runSeeds: readonly number[] = seeds) {
      const failed = allOf(results, { 'test loss ≥ 0.03 lower': (m) => m['repeated.testLoss']! - m['fresh.testLoss']! >= 0.03 });
      const gain = metricPerRun(results, 'accuracyGain');
      if (mean(gain) < 0.005) failed.push('mean accuracy gain ≥ 0.5 points');
      return { passed: failed.length === 0, value: mean(gain), expected: 'test loss lower by ≥ 0.03 on every seed and mean accuracy gain ≥ 0.005 (value: mean gain)', detail: detailOf(results, runSeeds, ['accuracyGain', 'fresh.testLoss', 'repeated.testLoss'], failed) };
    },
  },
  {
    id: 'epoch-loss-lags',
    text: 'The loss an epoch reports, the mean of its batch losses, overstates the loss of the weights at the epoch’s end: over the single epoch on 10,000 images it is higher on every seed, and by at least 0.08 on average over the seeds.',
    experiment: 'epochs',
    seeds,
    check(results, runSeeds: readonly number[] = seeds) {
      const lag = metricPerRun(results, 'fresh.epoch1.lag');
      const failed = allOf(results, { 'higher on every seed': (m) => m['fresh.epoch1.lag']! > 0 });
      if (mean(lag) < 0.08) failed.push('mean lag ≥ 0.08');
      return { passed: failed.length === 0, value: mean(lag), expected: 'lag > 0 on every seed and mean lag ≥ 0.08 (value: mean lag)', detail: detailOf(results, runSeeds, ['fresh.epoch1.lag', 'fresh.lr'], failed) };
    },
  },
];
