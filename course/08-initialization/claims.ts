// The statements lesson.md makes, each checked over three seeds of its experiment's quick variant.
// Bands were set from a sweep of 32 seeds (30 for deep-training), with room to spare; the sweep's
// ranges are quoted in the text.

import { fmt, mean, perSeed, metricPerRun, type Claim } from '../kit/index.ts';

const SEEDS = [1, 2, 3] as const;

export const claims: Claim[] = [
  {
    id: 'symmetric-starts-waste-width',
    text: 'A 32-unit tanh network started from all-zero or all-equal weights still has one distinct hidden unit after 300 SGD steps, and even at the best of three learning rates its test accuracy stays at least 40 points below the same network started from Xavier weights: the zero start ends at the majority-class rate and the equal start below 50%.',
    experiment: 'symmetry',
    seeds: SEEDS,
    check(results, seeds) {
      const random = metricPerRun(results, 'random.accuracy');
      const zero = metricPerRun(results, 'zero.accuracy');
      const constant = metricPerRun(results, 'constant.accuracy');
      const oneUnit = metricPerRun(results, 'oneUnit.accuracy');
      const majority = metricPerRun(results, 'majorityClass.accuracy');
      const distinct = [...metricPerRun(results, 'zero.distinctUnits'), ...metricPerRun(results, 'constant.distinctUnits')];
      const gap = random.map((r, i) => r - Math.max(zero[i]!, constant[i]!));
      // Zero: tanh(0) = 0 blocks every hidden gradient, so only the output bias learns the class prior.
      const passed = distinct.every((d) => d === 1) && gap.every((g) => g >= 0.4)
        && zero.every((z, i) => Math.abs(z - majority[i]!) <= 0.02) && constant.every((c) => c < 0.5);
      return {
        passed, value: Math.min(...gap),
        expected: 'one distinct unit in both symmetric starts; random − best symmetric ≥ 0.40; zero within 0.02 of the majority class; constant < 0.50, on every seed (detail: a one-hidden-unit network for reference)',
        detail: `accuracy random / zero / constant / one unit: ${random.map((r, i) => `seed ${seeds[i]}: ${fmt(r)} / ${fmt(zero[i]!)} / ${fmt(constant[i]!)} / ${fmt(oneUnit[i]!)}`).join(', ')}`,
      };
    },
  },
  {
    id: 'symmetry-is-unstable',
    text: 'The symmetric state is unstable: nudging the equal start with noise of std 10⁻⁶ gives gaps between units that grow more than 10,000-fold in 300 steps, and the nudged network ends within 5 points of the random start.',
    experiment: 'symmetry',
    seeds: SEEDS,
    check(results, seeds) {
      const growth = metricPerRun(results, 'nudged.spreadGrowth');
      const nudged = metricPerRun(results, 'nudged.accuracy');
      const random = metricPerRun(results, 'random.accuracy');
      const passed = growth.every((g) => g >= 1e4) && nudged.every((a, i) => a >= random[i]! - 0.05);
      return {
        passed, value: Math.min(...growth), expected: 'gap growth ≥ 10⁴ and nudged accuracy ≥ random − 0.05 on every seed',
        detail: `growth ${perSeed(seeds, growth)}; accuracy nudged / random ${nudged.map((a, i) => `${fmt(a)} / ${fmt(random[i]!)}`).join(', ')}`,
      };
    },
  },
  {
    id: 'relu-scale-collapses-or-explodes',
    text: 'Through ten 256-wide ReLU layers, weights of std 0.01 shrink the activations’ std below 10⁻⁶ and weights of std 1 blow it past 10⁶, while He’s std √(2/fan-in) keeps every layer’s std between 0.4 and 1.6.',
    experiment: 'depth',
    seeds: SEEDS,
    check(results, seeds) {
      const small = metricPerRun(results, 'relu.small.stdLast');
      const large = metricPerRun(results, 'relu.large.stdLast');
      const heMin = metricPerRun(results, 'relu.he.stdMin');
      const heMax = metricPerRun(results, 'relu.he.stdMax');
      const passed = small.every((s) => s < 1e-6) && large.every((l) => l > 1e6) && heMin.every((m) => m >= 0.4) && heMax.every((m) => m <= 1.6);
      return {
        passed, value: mean(heMax.map((m, i) => m / heMin[i]!)),
        expected: 'std at layer 10: < 1e-6 (σ = 0.01), > 1e6 (σ = 1); He: every layer in [0.4, 1.6] (value: mean max/min ratio across He’s layers)',
        detail: `layer 10, σ = 0.01: ${small.map((s) => fmt(s)).join(', ')}; σ = 1: ${large.map((s) => fmt(s)).join(', ')}; He min–max: ${heMin.map((m, i) => `${fmt(m)}–${fmt(heMax[i]!)}`).join(', ')}`,
      };
    },
  },
  {
    id: 'tanh-saturates-xavier-drifts',
    text: 'Through ten 256-wide tanh layers, weights of std 1 do not explode but saturate: at least 70% of the units of every layer from the second on sit beyond ±0.99. Xavier’s weights keep saturation under 1%, and the std drifts down to between 0.1 and 0.4 by layer 10 instead of collapsing like std 0.01 (below 10⁻⁵).',
    experiment: 'depth',
    seeds: SEEDS,
    check(results, seeds) {
      const sat = metricPerRun(results, 'tanh.large.saturatedMin');
      const xSat = metricPerRun(results, 'tanh.xavier.saturatedMax');
      const xLast = metricPerRun(results, 'tanh.xavier.stdLast');
      const small = metricPerRun(results, 'tanh.small.stdLast');
      const passed = sat.every((s) => s >= 0.7) && xSat.every((s) => s < 0.01) && xLast.every((x) => x >= 0.1 && x <= 0.4) && small.every((s) => s < 1e-5);
      return {
        passed, value: Math.min(...sat),
        expected: 'σ = 1: ≥ 70% saturated in every layer ≥ 2; Xavier: < 1% saturated, layer-10 std in [0.1, 0.4]; σ = 0.01: layer-10 std < 1e-5',
        detail: `saturated (σ = 1) ${perSeed(seeds, sat)}; Xavier layer-10 std ${xLast.map((x) => fmt(x)).join(', ')}; σ = 0.01 layer-10 std ${small.map((s) => fmt(s)).join(', ')}`,
      };
    },
  },
  {
    id: 'only-he-scale-trains-deep-relu',
    text: 'A 10-layer ReLU network trained with SGD for 200 steps reaches at least 60% test accuracy from He weights, while from std 0.01 or std 1 it stays at or below 20% at each one’s best of three learning rates (std 1 diverges at all three).',
    experiment: 'deep-training',
    seeds: SEEDS,
    check(results, seeds) {
      const he = metricPerRun(results, 'he.accuracy');
      const small = metricPerRun(results, 'small.accuracy');
      const large = metricPerRun(results, 'large.accuracy');
      const largeDiverged = metricPerRun(results, 'large.divergedRuns');
      const passed = he.every((h) => h >= 0.6) && small.every((s) => s <= 0.2) && large.every((l) => l <= 0.2) && largeDiverged.every((n) => n === 3);
      return {
        passed, value: Math.min(...he.map((h, i) => h - Math.max(small[i]!, large[i]!))),
        expected: 'He ≥ 0.60; σ = 0.01 and σ = 1 ≤ 0.20, σ = 1 diverged at all three rates, on every seed (value: smallest margin of He over the better bad scale)',
        detail: `accuracy He / σ = 0.01 / σ = 1: ${he.map((h, i) => `seed ${seeds[i]}: ${fmt(h)} / ${fmt(small[i]!)} / ${fmt(large[i]!)}`).join(', ')}`,
      };
    },
  },
];
