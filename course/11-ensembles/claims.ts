// The statements lesson.md makes, each checked over three seeds of its experiment's quick variant.
// Bands were set from a sweep of 30 seeds with room to spare; the sweep's ranges are quoted in the text.

import { fmt, mean, metricPerRun, perSeed, type Claim } from '../kit/index.ts';

const SEEDS = [1, 2, 3] as const;
const pts = (x: number) => `${(100 * x).toFixed(1)}`;

export const claims: Claim[] = [
  {
    id: 'bagged-average-beats-its-members',
    text: 'Averaging the probabilities of five bagged MLPs beats their mean member’s test accuracy by at least 1 point on every seed.',
    experiment: 'bagging',
    seeds: SEEDS,
    check(results, seeds) {
      const ens = metricPerRun(results, 'bag.ensemble');
      const mean = metricPerRun(results, 'bag.member.mean');
      const best = metricPerRun(results, 'bag.member.max');
      const gain = ens.map((e, i) => e - mean[i]!);
      return {
        passed: gain.every((g) => g >= 0.01), value: Math.min(...gain),
        expected: 'ensemble − mean member ≥ 0.01 on every seed (value: smallest gain; detail: the best member for reference)',
        detail: `ensemble / mean member / best member: ${ens.map((e, i) => `seed ${seeds[i]}: ${pts(e)} / ${pts(mean[i]!)} / ${pts(best[i]!)}`).join(', ')}`,
      };
    },
  },
  {
    id: 'first-members-give-most',
    text: 'Most of bagging’s gain comes from the first members: scoring k members as the mean over every k-member subset of the five, going from one bagged MLP to three adds at least 0.8 points of test accuracy, and at least 0.3 points more than going from three to five adds, on every seed.',
    experiment: 'bagging',
    seeds: SEEDS,
    check(results, seeds) {
      const k1 = metricPerRun(results, 'bag.k1'), k3 = metricPerRun(results, 'bag.k3'), k5 = metricPerRun(results, 'bag.k5');
      const early = k3.map((a, i) => a - k1[i]!), late = k5.map((a, i) => a - k3[i]!);
      const passed = early.every((e, i) => e >= 0.008 && e - late[i]! >= 0.003);
      return {
        passed, value: Math.min(...early.map((e, i) => e - late[i]!)),
        expected: 'gain 1→3 members ≥ 0.008 and ≥ gain 3→5 + 0.003, on every seed (value: smallest difference of the two gains)',
        detail: `gain 1→3 / 3→5 members: ${early.map((e, i) => `seed ${seeds[i]}: ${fmt(e)} / ${fmt(late[i]!)}`).join(', ')}`,
      };
    },
  },
  {
    id: 'bootstrap-not-needed-for-network-diversity',
    text: 'For these networks bagging buys nothing over seeds alone: averaged over three seeds, a bootstrap member is at least 0.2 points less accurate than a member trained on every row, and the ensemble of all-row members is at most 1 point behind the bagged ensemble (it is ahead on most seeds).',
    experiment: 'bagging',
    seeds: SEEDS,
    check(results, seeds) {
      const bagMember = metricPerRun(results, 'bag.member.mean'), seedMember = metricPerRun(results, 'seeds.member.mean');
      const bagEns = metricPerRun(results, 'bag.ensemble'), seedEns = metricPerRun(results, 'seeds.ensemble');
      const memberGap = mean(seedMember.map((s, i) => s - bagMember[i]!));
      const lead = mean(seedEns.map((s, i) => s - bagEns[i]!));
      return {
        passed: memberGap >= 0.002 && lead >= -0.01, value: lead,
        expected: 'mean over seeds of (all-row member − bootstrap member) ≥ 0.002 and of (all-row ensemble − bagged ensemble) ≥ −0.01 (value: the mean ensemble lead)',
        detail: `mean member bootstrap / all rows, ensemble bootstrap / all rows: ${bagMember.map((b, i) => `seed ${seeds[i]}: ${pts(b)} / ${pts(seedMember[i]!)}, ${pts(bagEns[i]!)} / ${pts(seedEns[i]!)}`).join('; ')}`,
      };
    },
  },
  {
    id: 'boosting-cuts-bias-bagging-does-not',
    text: 'On 3 vs 5, 150 rounds of AdaBoost cut a single stump’s test error to at most 40% of it, while 51 bagged stumps stay at least 6 points worse than boosting.',
    experiment: 'boosting',
    seeds: SEEDS,
    check(results, seeds) {
      const stump = metricPerRun(results, 'stump.test'), boost = metricPerRun(results, 'boost.test.final'), bag = metricPerRun(results, 'bagStumps.test');
      const ratio = boost.map((b, i) => b / stump[i]!);
      const passed = ratio.every((r) => r <= 0.4) && bag.every((b, i) => b >= boost[i]! + 0.06);
      return {
        passed, value: Math.max(...ratio),
        expected: 'boosted / one stump ≤ 0.40 and bagged stumps ≥ boosted + 0.06, on every seed (value: largest ratio)',
        detail: `test error one stump / bagged / boosted: ${stump.map((s, i) => `seed ${seeds[i]}: ${pts(s)} / ${pts(bag[i]!)} / ${pts(boost[i]!)}`).join(', ')}`,
      };
    },
  },
  {
    id: 'test-error-falls-after-zero-training-error',
    text: 'AdaBoost’s training error reaches zero within 100 rounds on every seed, and the smallest training margin keeps growing after it; averaged over three seeds, the rounds after zero training error still lower the test error by round 150.',
    experiment: 'boosting',
    seeds: SEEDS,
    check(results, seeds) {
      const zero = metricPerRun(results, 'boost.zeroTrainRound');
      const at = results.map((r) => r.metrics['boost.test.atZeroTrain'] ?? NaN);
      const final = metricPerRun(results, 'boost.test.final');
      const mAt = results.map((r) => r.metrics['boost.margin.min.atZeroTrain'] ?? NaN), mEnd = metricPerRun(results, 'boost.margin.min.final');
      const drop = mean(at.map((a, i) => a - final[i]!));
      const passed = zero.every((z) => z <= 100) && mEnd.every((m, i) => m > mAt[i]!) && drop >= 0.001;
      return {
        passed, value: drop,
        expected: 'zero training error by round 100 and a larger smallest margin at round 150, on every seed; mean over seeds of (test error at zero training error − at round 150) ≥ 0.001 (value: that mean)',
        detail: `round of zero training error, test error then → at 150, min margin then → at 150: ${zero.map((z, i) => `seed ${seeds[i]}: ${z}, ${pts(at[i]!)} → ${pts(final[i]!)}, ${fmt(mAt[i]!)} → ${fmt(mEnd[i]!)}`).join('; ')}`,
      };
    },
  },
  {
    id: 'boosting-chases-flipped-labels',
    text: 'With a fifth of the training labels flipped, AdaBoost fits most of the flips (training error on the noisy labels at most 7% after 150 rounds), its test error ends at least 7 points above the clean run’s, and at least half a point above its own best round’s.',
    experiment: 'boosting',
    seeds: SEEDS,
    check(results, seeds) {
      const train = metricPerRun(results, 'noisy.train.final'), test = metricPerRun(results, 'noisy.test.final');
      const best = metricPerRun(results, 'noisy.test.min'), clean = metricPerRun(results, 'boost.test.final');
      const gap = test.map((t, i) => t - clean[i]!);
      const passed = train.every((t) => t <= 0.07) && gap.every((g) => g >= 0.07) && test.every((t, i) => t >= best[i]! + 0.005);
      return {
        passed, value: Math.min(...gap),
        expected: 'noisy training error ≤ 0.07; noisy test − clean test ≥ 0.07; noisy test at 150 ≥ its best round + 0.005, on every seed (value: smallest gap)',
        detail: `noisy training / test / best test, clean test: ${train.map((t, i) => `seed ${seeds[i]}: ${pts(t)} / ${pts(test[i]!)} / ${pts(best[i]!)}, ${pts(clean[i]!)}`).join('; ')}`,
      };
    },
  },
  {
    id: 'stacking-learns-whom-to-trust',
    text: 'Stacking learns to discount the weak member: the meta-model’s weights on the boosted stumps’ probabilities are at most a third the size of those on either strong member. It does not pay for it: its test accuracy is never more than 1 point below plain averaging or below the best member.',
    experiment: 'stacking',
    seeds: SEEDS,
    check(results, seeds) {
      const wB = metricPerRun(results, 'stack.weight.boosted'), wL = metricPerRun(results, 'stack.weight.logistic'), wM = metricPerRun(results, 'stack.weight.mlp');
      const stack = metricPerRun(results, 'stack.test'), avg = metricPerRun(results, 'average.test'), best = metricPerRun(results, 'best.test');
      const ratio = wB.map((w, i) => w / Math.min(wL[i]!, wM[i]!));
      const passed = ratio.every((r) => r <= 1 / 3) && stack.every((s, i) => s >= avg[i]! - 0.01 && s >= best[i]! - 0.01);
      return {
        passed, value: Math.max(...ratio),
        expected: 'boosted weight ≤ ⅓ of each strong member’s; stacking ≥ averaging − 0.01 and ≥ best member − 0.01, on every seed (value: largest weight ratio)',
        detail: `weight ratio ${perSeed(seeds, ratio)}; test stacking / averaging / best member: ${stack.map((s, i) => `${pts(s)} / ${pts(avg[i]!)} / ${pts(best[i]!)}`).join(', ')}`,
      };
    },
  },
];
