// The statements lesson.md makes, each checked over three seeds of its experiment's quick variant.
// Bands were set from a sweep of 30 seeds (npx gradschool claims softmax-vs-argmax --seeds 1-30),
// with room to spare; the sweep's ranges are quoted in the text. What is certain by construction
// (the seed example's argmax, shift invariance, softmax's slope in float32) is in lesson.test.ts.

import { fmt, perSeed, metricPerRun, type Claim } from '../kit/index.ts';

const SEEDS = [1, 2, 3] as const;

export const claims: Claim[] = [
  {
    id: 'softmax-learns-argmax-does-not',
    text: 'Trained from the same weights on the same batches, each at its best of five Adam learning rates, the softmax + cross-entropy network reaches at least 90% test accuracy on the 8×8 digits, while the network whose loss is computed on its argmax prediction ends no more than 12 points above the commonest class’s share (13%) and at least 60 points below the softmax network.',
    experiment: 'train-through-argmax',
    seeds: SEEDS,
    check(results, seeds) {
      const soft = metricPerRun(results, 'softmax.testAccuracy');
      const hard = metricPerRun(results, 'argmax.testAccuracy');
      const floor = metricPerRun(results, 'test.majorityShare');
      const passed = soft.every((a) => a >= 0.9) && hard.every((a, i) => a <= floor[i]! + 0.12) && soft.every((a, i) => a - hard[i]! >= 0.6);
      return {
        passed,
        value: Math.min(...soft.map((a, i) => a - hard[i]!)),
        expected: 'softmax ≥ 0.90; argmax ≤ majority share + 0.12; softmax − argmax ≥ 0.60, on every seed (value: the smallest gap)',
        detail: `test accuracy softmax / argmax (majority share ${fmt(floor[0]!)}): ${soft.map((a, i) => `seed ${seeds[i]}: ${fmt(a)} / ${fmt(hard[i]!)}`).join(', ')}`,
      };
    },
  },
  {
    id: 'argmax-slope-is-zero',
    text: 'The argmax loss has no slope to follow, measured two ways: autograd’s gradient through it is exactly 0 at every step and learning rate, and a finite-difference probe (h = 10⁻⁴, 20 random directions of all the weights, float64) finds it unchanged in at least 80% of directions. The same probe, as a control, finds cross-entropy changing in every direction and agrees with autograd’s directional derivatives within 1%.',
    experiment: 'train-through-argmax',
    seeds: SEEDS,
    check(results, seeds) {
      const grad = metricPerRun(results, 'argmax.gradNormMax');
      const gradAtProbe = metricPerRun(results, 'probe.argmaxAutogradNorm');
      const flat = metricPerRun(results, 'probe.argmaxFlat');
      const ceNonzero = metricPerRun(results, 'probe.ceNonzero');
      const ceError = metricPerRun(results, 'probe.ceRelError');
      const passed = grad.every((g) => g === 0) && gradAtProbe.every((g) => g === 0) && flat.every((f) => f >= 0.8) && ceNonzero.every((c) => c === 1) && ceError.every((e) => e <= 0.01);
      return {
        passed,
        value: Math.max(...ceError),
        expected: 'argmax: autograd norm 0 throughout, ≥ 80% of directions flat; cross-entropy: changes in 100% of directions, within 1% of autograd (‖fd − ∇L·d‖/‖∇L·d‖), on every seed (value: the control’s largest gap to autograd)',
        detail: `argmax: largest autograd norm ${perSeed(seeds, grad)}; flat share ${perSeed(seeds, flat)}; cross-entropy: changed in ${perSeed(seeds, ceNonzero)}, gap to autograd ${perSeed(seeds, ceError)}; directions crossing a ReLU kink ${perSeed(seeds, metricPerRun(results, 'probe.kinkDirections'))}`,
      };
    },
  },
  {
    id: 'straight-through-learns',
    text: 'Keeping argmax’s forward pass but using softmax’s gradient in its place (the straight-through estimator) trains: at its best of the same five learning rates it reaches at least 75% test accuracy, at least 60 points above the network trained through argmax’s true gradient, although its loss sees nothing but the one-hot prediction.',
    experiment: 'train-through-argmax',
    seeds: SEEDS,
    check(results, seeds) {
      const st = metricPerRun(results, 'straightThrough.testAccuracy');
      const hard = metricPerRun(results, 'argmax.testAccuracy');
      const passed = st.every((a) => a >= 0.75) && st.every((a, i) => a - hard[i]! >= 0.6);
      return {
        passed,
        value: Math.min(...st),
        expected: 'straight-through ≥ 0.75 and ≥ argmax + 0.60 on every seed',
        detail: `test accuracy straight-through / argmax: ${st.map((a, i) => `seed ${seeds[i]}: ${fmt(a)} / ${fmt(hard[i]!)}`).join(', ')}`,
      };
    },
  },
  {
    id: 'naive-softmax-overflows',
    text: 'In float32, exp(x)/Σexp(x) agrees with a float64 reference within 10⁻⁶ while the logits stay within about ±60, returns NaN in the row near +100 and in every entry at ±300 and ±1000; subtracting the row maximum first keeps every entry finite and within 10⁻⁶ of the reference at every size.',
    experiment: 'overflow',
    seeds: SEEDS,
    config: { dtype: 'float32', classes: 10 },
    check(results, seeds) {
      const worst = (key: string) => Math.max(...metricPerRun(results, key));
      const small = Math.max(...[1, 10, 30, 60].map((s) => worst(`naive.s${s}.maxError`)));
      const smallNan = Math.max(...[1, 10, 30, 60].map((s) => worst(`naive.s${s}.nan`)));
      const nan100 = metricPerRun(results, 'naive.s100.nan');
      const nanLarge = [...metricPerRun(results, 'naive.s300.nan'), ...metricPerRun(results, 'naive.s1000.nan')];
      const stableError = Math.max(...[1, 10, 30, 60, 100, 300, 1000].map((s) => worst(`stable.s${s}.maxError`)));
      const stableBad = Math.max(...[1, 10, 30, 60, 100, 300, 1000].map((s) => worst(`stable.s${s}.nonFinite`)));
      const passed = smallNan === 0 && small >= 0 && small <= 1e-6 && nan100.every((n) => n >= 10) && nanLarge.every((n) => n === 20) && stableBad === 0 && stableError >= 0 && stableError <= 1e-6;
      return {
        passed,
        value: stableError,
        expected: 'naive: no NaN and error ≤ 1e-6 up to ±60, ≥ 10 NaN (the +100 row) at ±100, all 20 NaN at ±300 and ±1000; stable: finite and ≤ 1e-6 everywhere (value: stable’s largest error)',
        detail: `naive error up to ±60 ≤ ${fmt(small)}; NaN at ±100 ${perSeed(seeds, nan100)}; stable error ≤ ${fmt(stableError)}`,
      };
    },
  },
];
