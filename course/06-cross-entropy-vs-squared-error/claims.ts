// The statements lesson.md makes, each checked over three seeds of its experiment's quick variant.
// Bands come from the math in the text (C/2, √2, 1/(2p(1−p))), not from fitting to runs.

import { fmt, mean, perSeed, metricPerRun, type Claim } from '../kit/index.ts';

const SEEDS = [1, 2, 3] as const;

export const claims: Claim[] = [
  {
    id: 'ce-reaches-90-first',
    text: 'With the same SGD learning rate, initial weights and batches, cross-entropy reaches 90% test accuracy in fewer steps than squared error on every seed, and at least 1.2 times faster on average.',
    experiment: 'ce-vs-mse',
    seeds: SEEDS,
    check(results, seeds) {
      const ce = metricPerRun(results, 'ce.stepsTo90');
      const se = metricPerRun(results, 'se.stepsTo90');
      const ratio = metricPerRun(results, 'stepsRatio');
      // 1.2: with a test every 25 steps and 90% reached after 100–300 steps, a smaller gap is within the grid.
      const passed = ce.every((c, i) => c < se[i]!) && mean(ratio) >= 1.2;
      return {
        passed, value: mean(ratio), expected: 'cross-entropy first on every seed; mean steps ratio (squared error ÷ cross-entropy) ≥ 1.2',
        detail: `steps to 90% (cross-entropy / squared error): ${ce.map((c, i) => `seed ${seeds[i]}: ${c} / ${se[i]}`).join(', ')}`,
      };
    },
  },
  {
    id: 'init-gradient-c-over-2',
    text: 'At initialization, when the softmax output is nearly uniform, squared error’s gradient on the logits is about C/2 = 5 times smaller than cross-entropy’s.',
    experiment: 'ce-vs-mse',
    seeds: SEEDS,
    check(results, seeds) {
      const ratio = metricPerRun(results, 'initGradRatio');
      // Exactly C/2 for a uniform output; a fresh network's outputs are close to uniform, not equal, hence ±20%.
      const passed = ratio.every((r) => r >= 4 && r <= 6);
      return { passed, value: mean(ratio), expected: 'between 4 and 6 on every seed (C/2 = 5 for 10 classes)', detail: perSeed(seeds, ratio) };
    },
  },
  {
    id: 'confidently-wrong-gradient',
    text: 'When the softmax puts 0.999 on a wrong class, cross-entropy’s gradient on the logits keeps a norm of about √2, more than 100 times the norm of squared error’s.',
    experiment: 'confidently-wrong',
    seeds: SEEDS,
    check(results, seeds) {
      const ratio = metricPerRun(results, 'gradRatio');
      const ceNorm = metricPerRun(results, 'ce.gradNorm');
      // ‖p − y‖ → √(1 + 1) as p → 1; squared error's gradient carries a factor of about (1 − p) = 0.001.
      const passed = ratio.every((r) => r >= 100) && ceNorm.every((n) => Math.abs(n - Math.SQRT2) < 0.01);
      return {
        passed, value: mean(ratio), expected: 'ratio ≥ 100 and cross-entropy’s norm within 0.01 of √2 on every seed',
        detail: `ratio ${perSeed(seeds, ratio)}; cross-entropy norm ${ceNorm.map((n) => fmt(n, 4)).join(', ')}`,
      };
    },
  },
  {
    id: 'autograd-matches-closed-form',
    text: 'The engine’s autograd gradients equal the closed forms p − y (cross-entropy) and 2pᵢ(rᵢ − Σⱼ pⱼrⱼ) (squared error) at every confidence level.',
    experiment: 'confidently-wrong',
    seeds: SEEDS,
    check(results, seeds) {
      const err = metricPerRun(results, 'closedFormMaxError');
      return { passed: err.every((e) => e <= 1e-9), value: Math.max(...err), expected: 'largest difference ≤ 1e-9 (float64)', detail: perSeed(seeds, err) };
    },
  },
  {
    id: 'bce-reaches-95-first',
    text: 'On the breast-cancer data, logistic regression trained with binary cross-entropy reaches 95% held-out accuracy in fewer gradient steps than with squared error on every seed, and at least 1.3 times faster on average.',
    experiment: 'binary',
    seeds: SEEDS,
    check(results, seeds) {
      const bce = metricPerRun(results, 'bce.stepsTo95');
      const se = metricPerRun(results, 'se.stepsTo95');
      const ratio = metricPerRun(results, 'stepsRatio');
      // Near σ = ½, squared error's gradient is exactly half of BCE's, so about 2× is expected; 1.3 leaves room for later phases.
      const passed = bce.every((b, i) => b < se[i]!) && mean(ratio) >= 1.3;
      return {
        passed, value: mean(ratio), expected: 'BCE first on every seed; mean steps ratio ≥ 1.3',
        detail: `steps to 95% (BCE / squared error): ${bce.map((b, i) => `seed ${seeds[i]}: ${b} / ${se[i]}`).join(', ')}`,
      };
    },
  },
  {
    id: 'bce-gradient-confidently-wrong',
    text: 'At a logit that gives the wrong class 0.999, binary cross-entropy’s gradient is 1/(2p(1 − p)) ≈ 500 times squared error’s.',
    experiment: 'binary',
    seeds: SEEDS,
    check(results, seeds) {
      const ratio = metricPerRun(results, 'gradRatioAtWrong');
      const formula = 1 / (2 * 0.999 * 0.001);
      const passed = ratio.every((r) => r >= 100 && Math.abs(r / formula - 1) < 0.01);
      return { passed, value: mean(ratio), expected: `≥ 100, within 1% of 1/(2·0.999·0.001) = ${fmt(formula, 4)}`, detail: perSeed(seeds, ratio) };
    },
  },
  {
    id: 'mse-regression-beats-mean',
    text: 'A linear model trained with MSE on the diabetes data beats always predicting the training mean on held-out patients on every seed, with a held-out R² of at least 0.3 on average.',
    experiment: 'regression',
    seeds: SEEDS,
    check(results, seeds) {
      const r2 = metricPerRun(results, 'mse.r2');
      const baseline = metricPerRun(results, 'meanPredictor.r2');
      // Published linear fits explain about half the variance; 0.3 leaves room for an unlucky 20% split of 442 patients.
      const passed = r2.every((r, i) => r > 0 && r > baseline[i]!) && mean(r2) >= 0.3;
      return {
        passed, value: mean(r2), expected: 'R² > 0 and above the mean predictor on every seed; mean R² ≥ 0.3',
        detail: `R² ${perSeed(seeds, r2)}; mean predictor ${baseline.map((b) => fmt(b)).join(', ')}`,
      };
    },
  },
  {
    id: 'robust-losses-resist-outliers',
    text: 'When 10% of the training targets are pushed up by 6 standard deviations, models trained with MAE and with Huber loss both get a higher held-out R² than the one trained with MSE, on every seed.',
    experiment: 'regression',
    seeds: SEEDS,
    config: { outliers: 0.1 },
    check(results, seeds) {
      const mse = metricPerRun(results, 'mse.r2');
      const mae = metricPerRun(results, 'mae.r2');
      const huber = metricPerRun(results, 'huber.r2');
      // MSE fits the mean, which the shifted tenth drags up by about 0.6 sd; MAE fits the median, Huber caps each point's pull.
      const passed = mse.every((m, i) => mae[i]! > m && huber[i]! > m);
      return {
        passed, value: mean(mae.map((a, i) => Math.min(a, huber[i]!) - mse[i]!)), expected: 'MAE and Huber above MSE on every seed (value: mean margin of the lower of the two over MSE)',
        detail: `R² MSE / MAE / Huber: ${mse.map((m, i) => `seed ${seeds[i]}: ${fmt(m)} / ${fmt(mae[i]!)} / ${fmt(huber[i]!)}`).join(', ')}`,
      };
    },
  },
];
