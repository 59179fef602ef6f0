// Multinomial logistic regression (softmax regression) with an L2 penalty, fitted by Nesterov's
// accelerated gradient descent with the step 1/L from a bound on the curvature. The loss is convex,
// so the method reaches the one minimum (unique when l2 > 0) from any start; we start from zero.
// With two classes it is ordinary logistic regression: the log-odds weights are w₁ − w₀.

import { checkTable, type LabelledTable, type Table } from './table.ts';

export interface LogisticModel {
  classes: number;
  d: number;
  /** classes × d, row k holding class k's weights. */
  weights: Float64Array;
  bias: Float64Array;
}

export interface LogisticFit extends LogisticModel {
  iterations: number;
  /** Norm of the gradient of the penalized loss at the returned parameters. */
  gradientNorm: number;
}

export interface LogisticOptions {
  /** Penalty (l2/2)·Σw² on the weights (not the biases), added to the mean cross-entropy. */
  l2?: number;
  maxIterations?: number;
  /** Stop once the gradient norm is below this. */
  tolerance?: number;
}

/** Logits then probabilities, in place: row i of `out` (n × K) becomes softmax(W xᵢ + b). */
function probabilities(m: LogisticModel, t: Table, out: Float64Array): void {
  const { classes: K, d } = m;
  for (let i = 0; i < t.n; i++) {
    let max = -Infinity;
    for (let k = 0; k < K; k++) {
      let z = m.bias[k]!;
      for (let j = 0; j < d; j++) z += m.weights[k * d + j]! * t.x[i * d + j]!;
      out[i * K + k] = z;
      if (z > max) max = z;
    }
    let sum = 0;
    for (let k = 0; k < K; k++) sum += out[i * K + k] = Math.exp(out[i * K + k]! - max);
    for (let k = 0; k < K; k++) out[i * K + k]! /= sum;
  }
}

/** Class probabilities for each row (n × classes). */
export function logisticProbabilities(m: LogisticModel, t: Table): Float64Array {
  checkTable('logisticProbabilities', t);
  if (t.d !== m.d) throw new Error(`logisticProbabilities: the model was fitted on ${m.d} features, the table has ${t.d}`);
  const p = new Float64Array(t.n * m.classes);
  probabilities(m, t, p);
  return p;
}

/** Gradient of the mean cross-entropy + (l2/2)|W|² into gW and gB; returns its norm. */
function gradient(m: LogisticModel, t: LabelledTable, l2: number, p: Float64Array, gW: Float64Array, gB: Float64Array): number {
  const { classes: K, d } = m;
  probabilities(m, t, p);
  gW.fill(0);
  gB.fill(0);
  for (let i = 0; i < t.n; i++) {
    for (let k = 0; k < K; k++) {
      const r = (p[i * K + k]! - (t.y[i] === k ? 1 : 0)) / t.n; // ∂(mean CE)/∂zᵢₖ = (pᵢₖ − yᵢₖ)/n
      gB[k]! += r;
      for (let j = 0; j < d; j++) gW[k * d + j]! += r * t.x[i * d + j]!;
    }
  }
  let norm = 0;
  for (let q = 0; q < gW.length; q++) norm += (gW[q]! += l2 * m.weights[q]!) ** 2;
  for (const g of gB) norm += g * g;
  return Math.sqrt(norm);
}

/** Largest eigenvalue of X̃ᵀX̃ / n (X̃ = X with a column of ones), by power iteration. */
function curvatureBound(t: Table): number {
  const d1 = t.d + 1;
  let v = new Float64Array(d1).fill(1 / Math.sqrt(d1));
  let lambda = 0;
  for (let it = 0; it < 100; it++) {
    const w = new Float64Array(d1);
    for (let i = 0; i < t.n; i++) {
      let s = v[t.d]!;
      for (let j = 0; j < t.d; j++) s += t.x[i * t.d + j]! * v[j]!;
      for (let j = 0; j < t.d; j++) w[j]! += s * t.x[i * t.d + j]!;
      w[t.d]! += s;
    }
    const norm = Math.hypot(...w) / t.n;
    if (norm === 0) return 0;
    v = w.map((e) => e / (norm * t.n));
    if (Math.abs(norm - lambda) < 1e-9 * norm) return norm;
    lambda = norm;
  }
  return lambda * 1.01; // not fully converged: pad so the step stays safe
}

export function fitLogisticRegression(t: LabelledTable, options: LogisticOptions = {}): LogisticFit {
  checkTable('fitLogisticRegression', t);
  const { l2 = 0, maxIterations = 5000, tolerance = 1e-6 } = options;
  if (!(l2 >= 0)) throw new Error(`fitLogisticRegression: l2 must be ≥ 0, got ${l2}`);
  const { classes: K, d } = t;
  // The Hessian of softmax cross-entropy in the logits is diag(p) − ppᵀ, whose eigenvalues are at most ½.
  const step = 1 / (0.5 * curvatureBound(t) + l2);
  const m: LogisticModel = { classes: K, d, weights: new Float64Array(K * d), bias: new Float64Array(K) };
  const prevW = new Float64Array(K * d), prevB = new Float64Array(K);
  const look: LogisticModel = { classes: K, d, weights: new Float64Array(K * d), bias: new Float64Array(K) };
  const gW = new Float64Array(K * d), gB = new Float64Array(K), p = new Float64Array(t.n * K);
  let iterations = 0;
  for (; iterations < maxIterations; iterations++) {
    // Nesterov: take the gradient step from the look-ahead point y = θₜ + (t−1)/(t+2)·(θₜ − θₜ₋₁).
    const mom = iterations / (iterations + 3);
    for (let q = 0; q < K * d; q++) look.weights[q] = m.weights[q]! + mom * (m.weights[q]! - prevW[q]!);
    for (let k = 0; k < K; k++) look.bias[k] = m.bias[k]! + mom * (m.bias[k]! - prevB[k]!);
    if (gradient(look, t, l2, p, gW, gB) < tolerance) {
      m.weights.set(look.weights);
      m.bias.set(look.bias);
      break;
    }
    prevW.set(m.weights);
    prevB.set(m.bias);
    for (let q = 0; q < K * d; q++) m.weights[q] = look.weights[q]! - step * gW[q]!;
    for (let k = 0; k < K; k++) m.bias[k] = look.bias[k]! - step * gB[k]!;
  }
  const gradientNorm = gradient(m, t, l2, p, gW, gB);
  return { ...m, iterations, gradientNorm };
}
