// The classic methods against results known independently: a textbook Cholesky factor, normal-table
// values, closed forms for a two-point Gaussian process and for expected improvement, the worked
// AdaBoost example of Li Hang's "Statistical Learning Methods" (Example 8.1), and logistic regression
// on a 2×2 table, whose maximum-likelihood coefficients are log-odds.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  adaBoostPredict, cholesky, choleskySolve, expectedImprovement, fitAdaBoost, fitLogisticRegression, fitStump,
  GaussianProcess, kernelValue, logisticProbabilities, normalCdf, normalPdf, type GpSettings,
} from './index.ts';

const close = (a: number, b: number, tol: number, what: string): void => assert.ok(Math.abs(a - b) <= tol, `${what}: ${a} vs ${b}`);

test('cholesky: the textbook 3×3 factor, a solve that reproduces b, and a clear error when not positive definite', () => {
  const a = { n: 3, data: Float64Array.from([4, 12, -16, 12, 37, -43, -16, -43, 98]) };
  assert.deepEqual(Array.from(cholesky(a).data), [2, 0, 0, 6, 1, 0, -8, 5, 3]);
  const x = choleskySolve(cholesky(a), [1, 2, 3]);
  for (let i = 0; i < 3; i++) close(a.data[i * 3]! * x[0]! + a.data[i * 3 + 1]! * x[1]! + a.data[i * 3 + 2]! * x[2]!, i + 1, 1e-9, `row ${i} of A·x`);
  assert.throws(() => cholesky({ n: 2, data: Float64Array.from([1, 2, 2, 1]) }), /not positive definite \(pivot 1/);
});

test('normal distribution: table values in the centre and the tails', () => {
  close(normalPdf(0), 0.3989422804, 1e-9, 'φ(0)');
  close(normalCdf(0), 0.5, 1e-7, 'Φ(0)');
  close(normalCdf(1.959964), 0.975, 1e-6, 'Φ(1.96)');
  close(normalCdf(-3), 0.0013498980, 1e-9, 'Φ(−3)');
  close(normalCdf(-8) / 6.220960574e-16, 1, 1e-5, 'Φ(−8), relative');
});

test('expected improvement: closed-form values, and no improvement expected from a certain loss', () => {
  close(expectedImprovement(0, 1, 0), normalPdf(0), 1e-7, 'EI at the incumbent');
  close(expectedImprovement(0, 1, 1), 0.8413447461 + 0.2419707245, 1e-6, 'EI one σ below the incumbent'); // Φ(1) + φ(1)
  assert.equal(expectedImprovement(2, 0, 1), 0);
  assert.equal(expectedImprovement(0.25, 0, 1), 0.75);
  assert.ok(expectedImprovement(0, 2, 0) > expectedImprovement(0, 1, 0), 'more uncertainty, more expected improvement');
});

test('Gaussian process: a two-point posterior equals the closed form of its 2×2 algebra', () => {
  const s: GpSettings = { kernel: 'rbf', lengthscale: 0.7, signalVariance: 1.3, noiseVariance: 0.05 };
  const gp = new GaussianProcess([[0], [1]], [1, 3], s);
  // Standardized targets: mean 2, sd 1 → z = (−1, 1). K = [[a, c], [c, a]].
  const a = 1.3 + 0.05, c = 1.3 * Math.exp(-0.5 / 0.49), det = a * a - c * c;
  const inv = [[a / det, -c / det], [-c / det, a / det]];
  const xs = 0.4, k0 = 1.3 * Math.exp(-0.5 * 0.16 / 0.49), k1 = 1.3 * Math.exp(-0.5 * 0.36 / 0.49);
  const alpha = [inv[0]![0]! * -1 + inv[0]![1]! * 1, inv[1]![0]! * -1 + inv[1]![1]! * 1];
  const mean = 2 + k0 * alpha[0]! + k1 * alpha[1]!;
  const variance = 1.3 - (k0 * (inv[0]![0]! * k0 + inv[0]![1]! * k1) + k1 * (inv[1]![0]! * k0 + inv[1]![1]! * k1));
  const post = gp.predict([[xs]]);
  close(post.mean[0]!, mean, 1e-12, 'posterior mean');
  close(post.std[0]!, Math.sqrt(variance), 1e-12, 'posterior std');
  const lml = -0.5 * (-1 * alpha[0]! + 1 * alpha[1]!) - 0.5 * Math.log(det) - Math.log(2 * Math.PI);
  close(gp.logMarginalLikelihood(), lml, 1e-12, 'log marginal likelihood');
});

test('Gaussian process: interpolates its data, returns to the prior far away, and picks the likelier lengthscale', () => {
  const x = Array.from({ length: 12 }, (_, i) => [i / 11]);
  const y = x.map(([v]) => Math.sin(2 * Math.PI * v!));
  const gp = new GaussianProcess(x, y, { kernel: 'matern52', lengthscale: 0.3, signalVariance: 1, noiseVariance: 1e-6 });
  const atData = gp.predict(x);
  x.forEach((_, i) => {
    close(atData.mean[i]!, y[i]!, 1e-3, `mean at point ${i}`);
    assert.ok(atData.std[i]! < 0.01, `std at point ${i}: ${atData.std[i]}`);
  });
  const far = gp.predict([[50]]);
  const yMean = y.reduce((s, v) => s + v, 0) / y.length;
  const ySd = Math.sqrt(y.reduce((s, v) => s + (v - yMean) ** 2, 0) / y.length);
  close(far.mean[0]!, yMean, 1e-9, 'mean far away');
  close(far.std[0]!, ySd, 1e-9, 'std far away (the prior, in the targets’ units)');
  const best = GaussianProcess.fitBestLengthscale(x, y, [0.01, 0.3, 10], gp.settings);
  assert.equal(best.settings.lengthscale, 0.3);
  assert.ok(kernelValue(gp.settings, [0], [0]) === 1 && kernelValue(gp.settings, [0], [1]) < kernelValue(gp.settings, [0], [0.5]));
  assert.throws(() => new GaussianProcess([[0], [1]], [1, Number.NaN]), /target 1 is NaN/);
  assert.throws(() => new GaussianProcess([[0], [1, 2]], [1, 2]), /point 1 must be 1 finite numbers/);
});

test('AdaBoost reproduces Li Hang’s Example 8.1: thresholds, weighted errors and votes of three rounds, then no training error', () => {
  const x = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
  const labels = [1, 1, 1, -1, -1, -1, 1, 1, 1, -1];
  const table = { x, n: 10, d: 1, y: labels.map((v) => (v > 0 ? 1 : 0)), classes: 2 };
  const model = fitAdaBoost(table, 3);
  assert.deepEqual(model.rounds.map((r) => r.threshold), [2.5, 8.5, 5.5]);
  assert.deepEqual(model.rounds.map((r) => [r.left, r.right]), [[1, 0], [1, 0], [0, 1]]);
  // Exact errors: 3/10; 3 × 1/14; then the rows 0, 1, 2 and 9 hold 1/22 each, so 4/22 = 2/11. The book
  // prints 0.3, 0.2143 and 0.1820 (its third from weights rounded to four places, 4 × 0.0455).
  [3 / 10, 3 / 14, 2 / 11].forEach((e, i) => close(model.rounds[i]!.error, e, 1e-12, `round ${i + 1} error`));
  // The book's α = ½ ln((1−ε)/ε) (0.4236, 0.6496, and 0.7514 from its rounded ε); SAMME's vote with K = 2 is twice that.
  [0.4236, 0.6496, 0.7520].forEach((a, i) => close(model.rounds[i]!.alpha / 2, a, 5e-5, `round ${i + 1} α`));
  assert.deepEqual(Array.from(adaBoostPredict(model, table)), table.y);
  assert.deepEqual(Array.from(adaBoostPredict(model, table, 1)), [1, 1, 1, 0, 0, 0, 0, 0, 0, 0], 'after one round: the first stump alone');
});

test('stumps and SAMME with three classes: the best split, then boosting to zero training error', () => {
  const table = { x: [0, 1, 2, 3, 4, 5], n: 6, d: 1, y: [0, 0, 1, 1, 2, 2], classes: 3 };
  const stump = fitStump(table, new Array(6).fill(1 / 6));
  close(stump.error, 1 / 3, 1e-12, 'one stump gets two thirds right');
  const model = fitAdaBoost(table, 20);
  assert.deepEqual(Array.from(adaBoostPredict(model, table)), table.y);
  assert.throws(() => fitAdaBoost({ ...table, y: [0, 0, 1, 1, 2, 3] }, 5), /label 5 is 3, expected a class index in 0..2/);
  assert.throws(() => fitAdaBoost(table, 0), /rounds must be a positive integer/);
});

test('logistic regression on a 2×2 table recovers the log-odds, and an L2 penalty shrinks the slope', () => {
  // x = 0: 30 of 100 positive; x = 1: 60 of 100 positive.
  const rows: Array<[number, number]> = [];
  for (let i = 0; i < 100; i++) rows.push([0, i < 30 ? 1 : 0], [1, i < 60 ? 1 : 0]);
  const table = { x: rows.map((r) => r[0]), n: rows.length, d: 1, y: rows.map((r) => r[1]), classes: 2 };
  const fit = fitLogisticRegression(table, { tolerance: 1e-9, maxIterations: 20000 });
  assert.ok(fit.gradientNorm < 1e-8, `converged: gradient norm ${fit.gradientNorm}`);
  const intercept = fit.bias[1]! - fit.bias[0]!, slope = fit.weights[1]! - fit.weights[0]!;
  close(intercept, Math.log(30 / 70), 1e-6, 'intercept = log-odds at x = 0');
  close(slope, Math.log(60 / 40) - Math.log(30 / 70), 1e-6, 'slope = log odds ratio');
  const p = logisticProbabilities(fit, { x: [0, 1], n: 2, d: 1 });
  close(p[1]!, 0.3, 1e-6, 'P(positive | x = 0)');
  close(p[3]!, 0.6, 1e-6, 'P(positive | x = 1)');
  const shrunk = fitLogisticRegression(table, { l2: 0.5, tolerance: 1e-9, maxIterations: 20000 });
  assert.ok(Math.abs(shrunk.weights[1]! - shrunk.weights[0]!) < 0.5 * Math.abs(slope), 'the penalty shrinks the slope');
  assert.throws(() => fitLogisticRegression({ ...table, x: [...table.x.slice(1), Number.NaN] }), /x\[199\] \(row 199, feature 0\) is NaN/);
});

test('logistic regression with three classes: probabilities sum to one and the fit separates separable classes', () => {
  const x = [-3, -2.5, -2, 0, 0.5, -0.5, 2, 2.5, 3];
  const table = { x, n: 9, d: 1, y: [0, 0, 0, 1, 1, 1, 2, 2, 2], classes: 3 };
  const fit = fitLogisticRegression(table, { l2: 0.01 });
  const p = logisticProbabilities(fit, table);
  for (let i = 0; i < 9; i++) {
    close(p[i * 3]! + p[i * 3 + 1]! + p[i * 3 + 2]!, 1, 1e-12, `row ${i} sums to 1`);
    const predicted = [0, 1, 2].reduce((b, k) => (p[i * 3 + k]! > p[i * 3 + b]! ? k : b), 0);
    assert.equal(predicted, table.y[i], `row ${i}`);
  }
  assert.ok(fit.gradientNorm < 1e-6, `converged: ${fit.gradientNorm} after ${fit.iterations} iterations`);
});
