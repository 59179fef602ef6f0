// The statements lesson.md makes, each checked on the quick variant of one experiment. Bands come
// from a sweep of 30 seeds of the quick variant (ranges quoted in lesson.md), with room to spare.

import { metricPerRun, perSeed, type Claim, type ExperimentResult } from '../kit/index.ts';

const seeds = [1, 2, 3] as const;

/** "key: seed 1: …, seed 2: …" for each key, joined with '; '. */
const detailOf = (results: readonly ExperimentResult[], runSeeds: readonly number[], keys: readonly string[]): string =>
  keys.map((k) => `${k} ${perSeed(runSeeds, metricPerRun(results, k))}`).join('; ');

/** Every listed condition on every seed; the failed ones are named in the detail line. */
function allOf(results: readonly ExperimentResult[], conditions: Record<string, (m: Record<string, number>) => boolean>): { passed: boolean; failed: string[] } {
  const failed = Object.entries(conditions).filter(([, ok]) => !results.every((r) => ok(r.metrics))).map(([name]) => name);
  return { passed: failed.length === 0, failed };
}

const withFailures = (detail: string, failed: string[]): string => (failed.length ? `FAILED: ${failed.join(', ')}. ` : '') + detail;

/** Per-seed differences a − b of two metrics. */
const diffs = (results: readonly ExperimentResult[], a: string, b: string): number[] => results.map((r) => r.metrics[a]! - r.metrics[b]!);

/** A fraction as a percentage or points, without float noise (100 × 0.07 = 7.000000000000001). */
const pct = (x: number): number => Math.round(1000 * x) / 10;

export const AUGMENTATION_GAIN = 0.01;
export const L1_ZEROED = 0.5;
export const L2_ZEROED = 0.05;
export const SPARSITY_ACC_GAP = 0.025;
export const DROPOUT_AGREEMENT = 0.93;
export const DROPOUT_SINGLE_DROP = 0.03;
export const BN_AT_ONE = 0.5;
export const ATTENTION_GAIN = 0.03;
export const ATTENTION_ON_DIGIT = 0.9;
export const INPUT_NOISE_TOO_MUCH = 0.005;

export const claims: Claim[] = [
  {
    id: 'augmentation-beats-baseline',
    text: `Random shifts of the 1,000 training images by a pixel or two raise test accuracy by at least ${pct(AUGMENTATION_GAIN)} points over the unregularized baseline on every seed, each arm at the best of its own sweep (the baseline’s learning rate, the augmentation’s shift) chosen on a validation set.`,
    experiment: 'methods',
    seeds,
    config: { set: 'baseline-augmentation' },
    check(results, runSeeds: readonly number[] = seeds) {
      const gain = diffs(results, 'augmentation.test', 'baseline.test');
      return {
        passed: gain.every((g) => g >= AUGMENTATION_GAIN),
        value: Math.min(...gain),
        expected: `augmentation − baseline ≥ ${AUGMENTATION_GAIN} test accuracy on every seed (value: smallest gain)`,
        detail: `gain ${perSeed(runSeeds, gain)}; ${detailOf(results, runSeeds, ['baseline.test', 'augmentation.test', 'baseline.lr', 'augmentation.value'])}`,
      };
    },
  },
  {
    id: 'l1-zeroes-l2-shrinks',
    text: `At about the same test accuracy (within ${pct(SPARSITY_ACC_GAP)} points), an L1 penalty leaves more than ${pct(L1_ZEROED)}% of the first layer’s weights below 10⁻³ in size, while L2 weight decay leaves fewer than ${pct(L2_ZEROED)}% there, about as few as training with no penalty.`,
    experiment: 'sparsity',
    seeds,
    check(results, runSeeds: readonly number[] = seeds) {
      const { passed, failed } = allOf(results, {
        'L1 zeroes most weights': (m) => m['l1.zeroed']! > L1_ZEROED,
        'L2 zeroes few': (m) => m['l2.zeroed']! < L2_ZEROED,
        'matched accuracy': (m) => Math.abs(m['l1.test']! - m['l2.test']!) <= SPARSITY_ACC_GAP,
      });
      const l1 = metricPerRun(results, 'l1.zeroed');
      return { passed, value: Math.min(...l1), expected: `L1 > ${L1_ZEROED}, L2 < ${L2_ZEROED} of |w| below 1e-3, accuracies within ${SPARSITY_ACC_GAP} (value: smallest L1 share)`, detail: withFailures(detailOf(results, runSeeds, ['l1.zeroed', 'l2.zeroed', 'none.zeroed', 'l1.test', 'l2.test']), failed) };
    },
  },
  {
    id: 'dropout-eval-mode-is-the-average',
    text: `For a network trained with dropout (p = 0.5), eval mode, one pass with no mask, predicts the same class as the average of 20 train-mode passes on at least ${pct(DROPOUT_AGREEMENT)}% of test images, while a single train-mode pass scores at least ${pct(DROPOUT_SINGLE_DROP)} points below eval mode: the 1/(1 − p) scaling makes one deterministic pass stand in for the average over masks.`,
    experiment: 'dropout',
    seeds,
    check(results, runSeeds: readonly number[] = seeds) {
      const { passed, failed } = allOf(results, {
        'eval ≈ average of passes': (m) => m['average.agreement']! >= DROPOUT_AGREEMENT,
        'one pass is worse': (m) => m['eval.accuracy']! - m['singlePass.accuracy']! >= DROPOUT_SINGLE_DROP,
      });
      const agree = metricPerRun(results, 'average.agreement');
      return { passed, value: Math.min(...agree), expected: `agreement ≥ ${DROPOUT_AGREEMENT} and eval − one pass ≥ ${DROPOUT_SINGLE_DROP} on every seed (value: lowest agreement)`, detail: withFailures(detailOf(results, runSeeds, ['average.agreement', 'eval.accuracy', 'singlePass.accuracy', 'average.accuracy']), failed) };
    },
  },
  {
    id: 'batchnorm-survives-a-larger-rate',
    text: `With SGD (momentum 0.9) at a learning rate of 1, the network without batch norm diverges to chance on every seed, while the same network with batch norm after each hidden layer still learns: at least ${pct(BN_AT_ONE)}% test accuracy after 6 epochs.`,
    experiment: 'batchnorm-lr',
    seeds,
    check(results, runSeeds: readonly number[] = seeds) {
      const { passed, failed } = allOf(results, {
        'plain diverges at lr 1': (m) => m['plain.acc@1']! <= 0.11,
        'batch norm learns at lr 1': (m) => m['batchNorm.acc@1']! >= BN_AT_ONE,
      });
      const bn = metricPerRun(results, 'batchNorm.acc@1');
      return { passed, value: Math.min(...bn), expected: `plain at lr 1 ≤ 0.11 (chance), batch norm at lr 1 ≥ ${BN_AT_ONE} on every seed (value: lowest batch-norm accuracy at lr 1)`, detail: withFailures(detailOf(results, runSeeds, ['plain.acc@1', 'batchNorm.acc@1', 'plain.bestAcc', 'batchNorm.bestAcc', 'plain.bestLr', 'batchNorm.bestLr']), failed) };
    },
  },
  {
    id: 'attention-pools-past-noise',
    text: `When one digit sits among scrambled digits at a random slot, attention pooling puts more than ${ATTENTION_ON_DIGIT} of its weight on the digit’s slot and beats mean pooling by at least ${pct(ATTENTION_GAIN)} points of test accuracy, each arm at its best learning rate, on every seed.`,
    experiment: 'attention',
    seeds,
    check(results, runSeeds: readonly number[] = seeds) {
      const { passed, failed } = allOf(results, {
        'weight on the digit': (m) => m['attention.onDigit']! > ATTENTION_ON_DIGIT,
        'beats mean pooling': (m) => m['attention.test']! - m['mean.test']! >= ATTENTION_GAIN,
      });
      const gain = diffs(results, 'attention.test', 'mean.test');
      return { passed, value: Math.min(...gain), expected: `attention − mean ≥ ${ATTENTION_GAIN} and weight on the digit > ${ATTENTION_ON_DIGIT} on every seed (value: smallest gain)`, detail: withFailures(`gain ${perSeed(runSeeds, gain)}; ${detailOf(results, runSeeds, ['attention.test', 'mean.test', 'attention.onDigit', 'attention.train', 'mean.train'])}`, failed) };
    },
  },
  {
    id: 'input-noise-has-a-best-strength',
    text: `Noise on the input pixels has a strength past which it only hurts: at std 3 (in units of the pixels’ standard deviation) test accuracy ends at least ${pct(INPUT_NOISE_TOO_MUCH)} points below the unregularized baseline on every seed, and the validation set picks a smaller std (0.5, 1 or 2) on every seed.`,
    experiment: 'noise-where',
    // Only the baseline and the input sweep: each run reseeds, so these are the full comparison's runs.
    config: { noises: 'input' },
    seeds,
    check(results, runSeeds: readonly number[] = seeds) {
      const { passed, failed } = allOf(results, {
        'std 3 is below the baseline': (m) => m['baseline.test']! - m['input.test@3']! >= INPUT_NOISE_TOO_MUCH,
        'validation picks less than 3': (m) => m['input.value']! < 3,
      });
      const cost = diffs(results, 'baseline.test', 'input.test@3');
      return {
        passed,
        value: Math.min(...cost),
        expected: `baseline − input noise at std 3 ≥ ${INPUT_NOISE_TOO_MUCH} test accuracy, and the chosen std < 3, on every seed (value: smallest cost)`,
        detail: withFailures(`cost ${perSeed(runSeeds, cost)}; ${detailOf(results, runSeeds, ['baseline.test', 'input.test@3', 'input.value', 'input.gain'])}`, failed),
      };
    },
  },
];
