// The output side, by hand, over plain arrays of class probabilities (n × 10): accuracy, negative
// log-likelihood, expected calibration error and its reliability bins, entropy, averaging, and
// temperature scaling fitted by a one-dimensional search. No tensors here.

export const CLASSES = 10;

export function accuracy(p: ArrayLike<number>, y: ArrayLike<number>): number {
  let right = 0;
  for (let i = 0; i < y.length; i++) if (argmaxRow(p, i) === y[i]) right++;
  return right / y.length;
}

export function argmaxRow(p: ArrayLike<number>, i: number): number {
  let best = 0;
  for (let k = 1; k < CLASSES; k++) if (p[i * CLASSES + k]! > p[i * CLASSES + best]!) best = k;
  return best;
}

/** Mean −log p(true class), with probabilities floored at 1e-12 so a confident mistake costs a finite 27.6 nats. */
export function nll(p: ArrayLike<number>, y: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < y.length; i++) s -= Math.log(Math.max(p[i * CLASSES + y[i]!]!, 1e-12));
  return s / y.length;
}

/** Mean entropy of the predicted distributions, in nats (0 = certain, ln 10 ≈ 2.30 = uniform). */
export function meanEntropy(p: ArrayLike<number>, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) for (let k = 0; k < CLASSES; k++) {
    const q = p[i * CLASSES + k]!;
    if (q > 0) s -= q * Math.log(q);
  }
  return s / n;
}

/** Mean top-class probability: what the model believes its accuracy is. */
export function meanConfidence(p: ArrayLike<number>, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += p[i * CLASSES + argmaxRow(p, i)]!;
  return s / n;
}

export interface Bin { lo: number; hi: number; count: number; confidence: number; accuracy: number }

/** Rows grouped by top-class probability into equal-width bins, each with its mean confidence and accuracy. */
export function reliability(p: ArrayLike<number>, y: ArrayLike<number>, bins = 10): Bin[] {
  const out: Bin[] = Array.from({ length: bins }, (_, b) => ({ lo: b / bins, hi: (b + 1) / bins, count: 0, confidence: 0, accuracy: 0 }));
  for (let i = 0; i < y.length; i++) {
    const k = argmaxRow(p, i), c = p[i * CLASSES + k]!;
    const bin = out[Math.min(bins - 1, Math.floor(c * bins))]!;
    bin.count++;
    bin.confidence += c;
    bin.accuracy += k === y[i] ? 1 : 0;
  }
  for (const b of out) if (b.count) { b.confidence /= b.count; b.accuracy /= b.count; }
  return out;
}

/** Expected calibration error: Σ (bin size / n) · |accuracy − confidence| over the bins. */
export function ece(p: ArrayLike<number>, y: ArrayLike<number>, bins = 10): number {
  return reliability(p, y, bins).reduce((s, b) => s + (b.count / y.length) * Math.abs(b.accuracy - b.confidence), 0);
}

/** softmax(log p / T) row by row: the same ranking of classes, sharper (T < 1) or softer (T > 1). */
export function withTemperature(p: ArrayLike<number>, n: number, t: number): Float32Array {
  const out = new Float32Array(n * CLASSES);
  for (let i = 0; i < n; i++) {
    let max = -Infinity;
    for (let k = 0; k < CLASSES; k++) max = Math.max(max, Math.log(Math.max(p[i * CLASSES + k]!, 1e-30)) / t);
    let z = 0;
    for (let k = 0; k < CLASSES; k++) z += (out[i * CLASSES + k] = Math.exp(Math.log(Math.max(p[i * CLASSES + k]!, 1e-30)) / t - max));
    for (let k = 0; k < CLASSES; k++) out[i * CLASSES + k]! /= z;
  }
  return out;
}

/** The temperature in [0.05, 20] that minimizes NLL on labelled rows: golden-section search on log T (NLL is convex in 1/T, so unimodal in log T). */
export function fitTemperature(p: ArrayLike<number>, y: ArrayLike<number>): number {
  const f = (logT: number) => nll(withTemperature(p, y.length, Math.exp(logT)), y);
  let lo = Math.log(0.05), hi = Math.log(20);
  const g = (Math.sqrt(5) - 1) / 2;
  let a = hi - g * (hi - lo), b = lo + g * (hi - lo), fa = f(a), fb = f(b);
  for (let it = 0; it < 40; it++) {
    if (fa < fb) { hi = b; b = a; fb = fa; a = hi - g * (hi - lo); fa = f(a); }
    else { lo = a; a = b; fa = fb; b = lo + g * (hi - lo); fb = f(b); }
  }
  return Math.exp((lo + hi) / 2);
}

/** The element-wise mean of several probability arrays. */
export function average(ps: readonly ArrayLike<number>[]): Float32Array {
  const out = new Float32Array(ps[0]!.length);
  for (const p of ps) for (let i = 0; i < out.length; i++) out[i]! += p[i]! / ps.length;
  return out;
}
