// gradcheck(): compares autograd's gradients with central finite differences in float64.
// To keep it cheap it checks one random projection of the output, s = Σ v·f(x): autograd gives
// ∂s/∂x in one backward pass, finite differences give it by nudging each input element ±eps.

import { Tensor } from '../tensor/tensor.ts';
import { fromTypedArray } from '../tensor/creation.ts';
import { DTypeError, AutogradError, ValueError } from '../errors.ts';
import { noGrad } from './grad-mode.ts';
import { grad } from './backward.ts';
import { checkOptions } from '../options.ts';

export interface GradcheckOptions {
  eps?: number;
  atol?: number;
  rtol?: number;
  /** Throw on mismatch (default true); otherwise just return the report. */
  raise?: boolean;
}

export interface InputReport {
  input: number;
  passed: boolean;
  maxAbsError: number;
  /** Flat index of the worst element, with both values there. */
  worst: { index: number; analytic: number; numeric: number } | null;
  analytic: number[];
  numeric: number[];
}

export interface GradcheckReport {
  passed: boolean;
  inputs: InputReport[];
}

// A private generator, so checking gradients never moves the user's seeded random stream.
function projection(n: number): Float64Array {
  const v = new Float64Array(n);
  let x = 0x2545f491;
  for (let i = 0; i < n; i++) {
    x ^= x << 13; x ^= x >>> 17; x ^= x << 5;
    v[i] = ((x >>> 0) / 4294967296) * 2 - 1;
  }
  return v;
}

export function gradcheck(fn: (...inputs: Tensor[]) => Tensor, inputs: Tensor[], opts: GradcheckOptions = {}): GradcheckReport {
  checkOptions('gradcheck', opts, ['eps', 'atol', 'rtol', 'raise'], { raise_exception: 'write raise', raiseException: 'write raise' });
  const { eps = 1e-6, atol = 1e-5, rtol = 1e-3, raise = true } = opts;
  const checked = inputs.map((t, i) => {
    if (t.requiresGrad && t.dtype !== 'float64') {
      throw new DTypeError(`gradcheck: input ${i} is ${t.dtype}; finite differences need float64 inputs (create them with {dtype: 'float64'})`);
    }
    // Private contiguous copies, so nudging an element never touches the caller's storage.
    return fromTypedArray(t.toTypedArray(), t.shape, { requiresGrad: t.requiresGrad });
  });
  const diffInputs = checked.filter((t) => t.requiresGrad);
  if (!diffInputs.length) throw new ValueError('gradcheck: no input requires grad, so there is nothing to check');

  const out0 = fn(...checked);
  if (!out0.requiresGrad) throw new AutogradError('gradcheck: the function output does not depend on any input that requires grad');
  const v = projection(out0.numel());
  const vT = fromTypedArray(v, out0.shape, { dtype: out0.dtype });
  const analytic = grad(out0, diffInputs, { gradOutput: vT });
  const project = (): number => {
    const y = noGrad(() => fn(...checked)).toTypedArray();
    let s = 0;
    for (let i = 0; i < y.length; i++) s += v[i] * y[i];
    return s;
  };

  const reports = diffInputs.map((x, k): InputReport => {
    const index = checked.indexOf(x);
    const a = Array.from(analytic[k].toTypedArray());
    const numeric: number[] = [];
    for (let i = 0; i < x.data.length; i++) {
      const orig = x.data[i];
      x.data[i] = orig + eps;
      const plus = project();
      x.data[i] = orig - eps;
      const minus = project();
      x.data[i] = orig;
      numeric.push((plus - minus) / (2 * eps));
    }
    let at = 0;
    let maxAbsError = 0;
    let passed = true;
    numeric.forEach((n, i) => {
      const err = Math.abs(a[i] - n);
      if (!(err <= atol + rtol * Math.abs(n))) passed = false;
      const e = Number.isNaN(err) ? Infinity : err; // a NaN gradient is the worst mismatch
      if (e > maxAbsError) [maxAbsError, at] = [e, i];
    });
    const worst = numeric.length ? { index: at, analytic: a[at], numeric: numeric[at] } : null;
    return { input: index, passed, maxAbsError, worst, analytic: a, numeric };
  });

  const report = { passed: reports.every((r) => r.passed), inputs: reports };
  if (raise && !report.passed) {
    const bad = reports.filter((r) => !r.passed).map((r) => {
      const w = r.worst!;
      return `input ${r.input}: max error ${r.maxAbsError.toExponential(2)} at flat index ${w.index} (autograd ${w.analytic}, finite difference ${w.numeric})`;
    });
    throw new AutogradError(`gradcheck failed: ${bad.join('; ')}`);
  }
  return report;
}
