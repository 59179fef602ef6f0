// What lesson 02's text states, checked over three seeds of the quick experiments. Each band comes
// from what the experiment can physically do (float32 rounding, what one unit can represent), not
// from the numbers a run happened to give.

import { fmt, mean, perSeed, metricPerRun, type Claim, type ClaimVerdict, type ExperimentResult } from '../kit/index.ts';

const SEEDS = [1, 2, 3] as const;

/** Passes when every seed's value is on the right side of the bound; reports the worst seed. */
function everySeed(results: readonly ExperimentResult[], seeds: readonly number[], key: string, side: 'atLeast' | 'atMost', bound: number, expected: string): ClaimVerdict {
  const vs = metricPerRun(results, key);
  const worst = side === 'atLeast' ? Math.min(...vs) : Math.max(...vs);
  const passed = vs.every((v) => (side === 'atLeast' ? v >= bound : v <= bound));
  return { passed, value: worst, expected, detail: `${key} — ${perSeed(seeds, vs)}` };
}

/** The widest net of the sweep against the 1-unit net, on one target. */
function wideBeatsNarrow(target: string, factor: number, why: string): Claim {
  return {
    id: `wide-beats-narrow-${target}`,
    text: `On ${target}, the widest network of the sweep (64 hidden units) ends with a test MSE at least ${factor}× lower than the 1-unit network's, on every seed. ${why}`,
    experiment: 'fit-1d',
    seeds: SEEDS,
    config: { target },
    check: (results, seeds) => everySeed(results, seeds, 'improvement', 'atLeast', factor, `width-1 MSE ÷ width-64 MSE ≥ ${factor} on every seed (worst seed shown)`),
  };
}

export const claims: Claim[] = [
  {
    id: 'neuron-by-hand',
    text: 'A neuron computed with a calculator (w·x + b, then the activation) equals nn.Linear followed by the same activation to within 1e-6, on every seed: the only difference is float32 rounding.',
    experiment: 'one-neuron',
    seeds: SEEDS,
    check: (results, seeds) => everySeed(results, seeds, 'neuron.scaledDiff', 'atMost', 1e-6, '|by hand − engine| ≤ 1e-6 (relative above 1), every seed (worst shown)'),
  },
  {
    id: 'backprop-by-hand',
    text: "The chain rule worked by hand gives the same nine gradients of a 2-2-1 network as autograd's backward() to within 1e-5 (relative above 1), and the engine's gradcheck (finite differences in float64) passes, on every seed.",
    experiment: 'one-neuron',
    seeds: SEEDS,
    check: (results, seeds) => {
      const diff = everySeed(results, seeds, 'backprop.maxScaledDiff', 'atMost', 1e-5, '');
      const passes = metricPerRun(results, 'gradcheck.passed');
      const passed = diff.passed && passes.every((p) => p === 1);
      return {
        passed,
        value: diff.value,
        expected: 'max |hand − autograd| ≤ 1e-5 (relative above 1) and gradcheck passed, every seed',
        detail: `${diff.detail}; gradcheck passed: ${passes.map((p) => (p === 1 ? 'yes' : 'no')).join(', ')}`,
      };
    },
  },
  wideBeatsNarrow('sine', 100, 'Sixty-four bends can follow the curve closely, while one unit can draw at most one bend.'),
  wideBeatsNarrow('abs', 100, 'Two ReLUs already make |x| exactly; one unit can make only half of the V.'),
  wideBeatsNarrow('step', 3, 'Less than for smooth targets: a sum of continuous units must ramp across the jump, and how steep a ramp 300 steps build varies from seed to seed.'),
  {
    id: 'sine-error-falls-with-width',
    text: 'On sine, the test error falls with width: the rank correlation between width and test MSE, averaged over the seeds, is at most −0.8 (−1 is a perfectly steady fall, 0 no trend; a lone swapped pair on one seed still passes).',
    experiment: 'fit-1d',
    seeds: SEEDS,
    config: { target: 'sine' },
    check: (results, seeds) => {
      const rhos = metricPerRun(results, 'spearman');
      const avg = mean(rhos);
      return { passed: avg <= -0.8, value: avg, expected: 'mean Spearman ρ(width, test MSE) ≤ −0.8', detail: `spearman — ${perSeed(seeds, rhos)}` };
    },
  },
  {
    id: 'mnist-learns-digits',
    text: 'About a hundred Adam steps over 6,000 MNIST digits give a 784-64-10 network at least 80% accuracy on 2,000 test digits, on every seed, against 10% for guessing.',
    experiment: 'mnist-mlp',
    seeds: SEEDS,
    check: (results, seeds) => {
      const v = everySeed(results, seeds, 'test.accuracy', 'atLeast', 0.8, 'test accuracy ≥ 80% on every seed (worst shown)');
      return { ...v, detail: `${v.detail} (chance: ${fmt(0.1)})` };
    },
  },
];
