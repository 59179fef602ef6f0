// Gaussian-process regression with a squared-exponential or Matérn-5/2 kernel, and the expected
// improvement that Bayesian optimization maximizes to choose its next trial. Written out by hand:
// the kernel matrix, its Cholesky factor, the posterior mean and variance, the marginal likelihood.

import { cholesky, choleskySolve, solveLower, type SquareMatrix } from './linalg.ts';
import { normalCdf, normalPdf } from './normal.ts';

export type Kernel = 'rbf' | 'matern52';

export interface GpSettings {
  kernel: Kernel;
  /** How far apart (in input units) two points must be before their values decorrelate. */
  lengthscale: number;
  /** Prior variance of the function, in units of the standardized targets. */
  signalVariance: number;
  /** Variance of the observation noise, same units; a small positive value also keeps K invertible. */
  noiseVariance: number;
}

export const defaultGpSettings: GpSettings = { kernel: 'matern52', lengthscale: 0.25, signalVariance: 1, noiseVariance: 1e-4 };

const sqDist = (a: readonly number[], b: readonly number[]): number => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i]! - b[i]!) ** 2;
  return s;
};

/** k(a, b): the prior covariance of the function's values at a and b. */
export function kernelValue(s: GpSettings, a: readonly number[], b: readonly number[]): number {
  const r2 = sqDist(a, b) / (s.lengthscale * s.lengthscale);
  if (s.kernel === 'rbf') return s.signalVariance * Math.exp(-0.5 * r2);
  // Matérn 5/2: twice differentiable sample paths, rougher than the RBF's infinitely smooth ones,
  // which suits validation error as a function of hyper-parameters.
  const r = Math.sqrt(5 * r2);
  return s.signalVariance * (1 + r + (r * r) / 3) * Math.exp(-r);
}

export interface Posterior {
  mean: Float64Array;
  std: Float64Array;
}

/**
 * A GP conditioned on observations (x_i, y_i). Targets are standardized (mean 0, variance 1) before
 * fitting and predictions are mapped back, so the settings read the same for any scale of y.
 */
export class GaussianProcess {
  readonly settings: GpSettings;
  readonly x: readonly (readonly number[])[];
  readonly #l: SquareMatrix;
  readonly #alpha: Float64Array;
  readonly #yMean: number;
  readonly #yScale: number;
  readonly #z: Float64Array;

  constructor(x: readonly (readonly number[])[], y: readonly number[], settings: GpSettings = defaultGpSettings) {
    if (x.length === 0 || x.length !== y.length) throw new Error(`GaussianProcess: need as many targets as points (≥ 1), got ${x.length} points and ${y.length} targets`);
    const dim = x[0]!.length;
    for (const [i, p] of x.entries()) if (p.length !== dim || p.some((v) => !Number.isFinite(v))) throw new Error(`GaussianProcess: point ${i} must be ${dim} finite numbers, got [${p.join(', ')}]`);
    for (const [i, v] of y.entries()) if (!Number.isFinite(v)) throw new Error(`GaussianProcess: target ${i} is ${v}; every target must be finite`);
    if (!(settings.lengthscale > 0 && settings.signalVariance > 0 && settings.noiseVariance > 0)) {
      throw new Error(`GaussianProcess: lengthscale, signalVariance and noiseVariance must be > 0, got ${settings.lengthscale}, ${settings.signalVariance}, ${settings.noiseVariance}`);
    }
    this.settings = settings;
    this.x = x;
    const n = x.length;
    this.#yMean = y.reduce((s, v) => s + v, 0) / n;
    const sd = Math.sqrt(y.reduce((s, v) => s + (v - this.#yMean) ** 2, 0) / n);
    this.#yScale = sd > 0 ? sd : 1;
    this.#z = Float64Array.from(y, (v) => (v - this.#yMean) / this.#yScale);
    const k = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j <= i; j++) k[i * n + j] = k[j * n + i] = kernelValue(settings, x[i]!, x[j]!);
      k[i * n + i]! += settings.noiseVariance;
    }
    this.#l = cholesky({ n, data: k });
    this.#alpha = choleskySolve(this.#l, this.#z); // K⁻¹ z
  }

  /** Posterior mean and standard deviation of the function (not of a noisy observation) at each point. */
  predict(points: readonly (readonly number[])[]): Posterior {
    const mean = new Float64Array(points.length);
    const std = new Float64Array(points.length);
    points.forEach((p, i) => {
      const kStar = this.x.map((xi) => kernelValue(this.settings, p, xi));
      let m = 0;
      for (let j = 0; j < kStar.length; j++) m += kStar[j]! * this.#alpha[j]!;
      const v = solveLower(this.#l, kStar); // var = k(p,p) − k*ᵀ K⁻¹ k* = k(p,p) − |L⁻¹ k*|²
      let vv = 0;
      for (const e of v) vv += e * e;
      mean[i] = this.#yMean + this.#yScale * m;
      std[i] = this.#yScale * Math.sqrt(Math.max(0, kernelValue(this.settings, p, p) - vv));
    });
    return { mean, std };
  }

  /** log p(z | X) of the standardized targets: −½ zᵀK⁻¹z − ½ log|K| − (n/2) log 2π. */
  logMarginalLikelihood(): number {
    const n = this.#z.length;
    let fit = 0, logDet = 0;
    for (let i = 0; i < n; i++) {
      fit += this.#z[i]! * this.#alpha[i]!;
      logDet += 2 * Math.log(this.#l.data[i * n + i]!);
    }
    return -0.5 * fit - 0.5 * logDet - 0.5 * n * Math.log(2 * Math.PI);
  }

  /** Fits one GP per candidate lengthscale and keeps the one the data make most likely. */
  static fitBestLengthscale(x: readonly (readonly number[])[], y: readonly number[], lengthscales: readonly number[], base: GpSettings = defaultGpSettings): GaussianProcess {
    if (lengthscales.length === 0) throw new Error('GaussianProcess.fitBestLengthscale: give at least one lengthscale');
    let best: GaussianProcess | undefined;
    for (const lengthscale of lengthscales) {
      const gp = new GaussianProcess(x, y, { ...base, lengthscale });
      if (!best || gp.logMarginalLikelihood() > best.logMarginalLikelihood()) best = gp;
    }
    return best!;
  }
}

/**
 * Expected improvement below `best` (we minimize, e.g. validation error) of a normal belief with
 * this mean and std: E[max(best − ξ − f, 0)] = (best − ξ − μ)Φ(z) + σφ(z), z = (best − ξ − μ)/σ.
 * It is large where the mean is low (exploitation) or the uncertainty high (exploration).
 */
export function expectedImprovement(mean: number, std: number, best: number, xi = 0): number {
  const gain = best - xi - mean;
  if (std <= 0) return Math.max(gain, 0);
  const z = gain / std;
  return gain * normalCdf(z) + std * normalPdf(z);
}
