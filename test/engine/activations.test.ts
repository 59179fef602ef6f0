// Activations and clamp: values from the definitions (scalar JS formulas), gradients by gradcheck,
// PyTorch's gradients at the kinks, stability at ±1000, and the errors.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  tensor, gradcheck, Tensor, ShapeError, ValueError,
  leakyRelu, elu, selu, celu, gelu, softplus, softsign, hardSigmoid, hardtanh, relu6, silu, mish,
  logSigmoid, prelu, hardswish, clamp, clip, clampMin, clampMax,
} from '../../engine/index.ts';

const f64 = (v: number[] | number[][] | number[][][], requiresGrad = false) => tensor(v, { dtype: 'float64', requiresGrad });
const flat = (t: Tensor): number[] => Array.from(t.toTypedArray());

function close(actual: number[], expected: number[], tol = 1e-12, what = ''): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  actual.forEach((a, i) => {
    const e = expected[i];
    const ok = a === e || Math.abs(a - e) <= tol * Math.max(1, Math.abs(e));
    assert.ok(ok, `${what}[${i}]: got ${a}, expected ${e}`);
  });
}

/** The gradient of sum(fn(x)) at each point of xs: one derivative per element. */
function gradAt(fn: (x: Tensor) => Tensor, xs: number[]): number[] {
  const x = f64(xs, true);
  fn(x).sum().backward();
  return flat(x.grad!);
}

// Scalar definitions, written straight from the formulas.
const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
const softplusRef = (x: number, beta = 1, threshold = 20) => (beta * x > threshold ? x : Math.log1p(Math.exp(beta * x)) / beta);
const SELU_ALPHA = 1.6732632423543772848170429916717;
const SELU_SCALE = 1.0507009873554804934193349852946;
const erf = (x: number): number => {
  // Abramowitz–Stegun 7.1.26 is too coarse; integrate e^(−t²) with Simpson's rule instead.
  const n = 2000;
  const h = x / n;
  let s = 1 + Math.exp(-x * x);
  for (let i = 1; i < n; i++) s += (i % 2 ? 4 : 2) * Math.exp(-((i * h) ** 2));
  return (2 / Math.sqrt(Math.PI)) * (h / 3) * s;
};

const POINTS = [-7.5, -3.2, -2, -0.7, -0.1, 0, 0.3, 1.1, 2.5, 4, 6.5];
// Away from every kink (0, ±1, ±3, 6) so finite differences see a smooth function.
const SMOOTH = [[-7.3, -3.6, -2.2], [-0.8, -0.35, 0.45], [0.8, 2.4, 6.7]];

const CASES: Array<[string, (x: Tensor) => Tensor, (x: number) => number]> = [
  ['leakyRelu', (x) => leakyRelu(x), (x) => (x > 0 ? x : 0.01 * x)],
  ['leakyRelu 0.2', (x) => leakyRelu(x, 0.2), (x) => (x > 0 ? x : 0.2 * x)],
  ['elu', (x) => elu(x), (x) => (x > 0 ? x : Math.exp(x) - 1)],
  ['elu 0.5', (x) => elu(x, 0.5), (x) => (x > 0 ? x : 0.5 * (Math.exp(x) - 1))],
  ['selu', selu, (x) => SELU_SCALE * (x > 0 ? x : SELU_ALPHA * (Math.exp(x) - 1))],
  ['celu 2', (x) => celu(x, 2), (x) => Math.max(0, x) + Math.min(0, 2 * (Math.exp(x / 2) - 1))],
  ['gelu', (x) => gelu(x), (x) => 0.5 * x * (1 + erf(x / Math.SQRT2))],
  ['gelu tanh', (x) => gelu(x, { approximate: 'tanh' }), (x) => 0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x ** 3)))],
  ['softplus', (x) => softplus(x), (x) => softplusRef(x)],
  ['softplus beta 2 threshold 5', (x) => softplus(x, { beta: 2, threshold: 5 }), (x) => softplusRef(x, 2, 5)],
  ['softsign', softsign, (x) => x / (1 + Math.abs(x))],
  ['hardSigmoid', (x) => hardSigmoid(x), (x) => Math.min(Math.max(x + 3, 0), 6) / 6],
  ['hardSigmoid onnx', (x) => hardSigmoid(x, { alpha: 0.2, beta: 0.5 }), (x) => Math.min(Math.max(0.2 * x + 0.5, 0), 1)],
  ['hardtanh', (x) => hardtanh(x), (x) => Math.min(Math.max(x, -1), 1)],
  ['hardtanh [-2, 3]', (x) => hardtanh(x, { minVal: -2, maxVal: 3 }), (x) => Math.min(Math.max(x, -2), 3)],
  ['relu6', relu6, (x) => Math.min(Math.max(x, 0), 6)],
  ['silu', silu, (x) => x * sigmoid(x)],
  ['mish', mish, (x) => x * Math.tanh(softplusRef(x))],
  ['logSigmoid', logSigmoid, (x) => Math.log(sigmoid(x))],
  ['hardswish', hardswish, (x) => (x * Math.min(Math.max(x + 3, 0), 6)) / 6],
  ['clamp', (x) => clamp(x, -0.5, 2), (x) => Math.min(Math.max(x, -0.5), 2)],
];

for (const [name, fn, ref] of CASES) {
  test(`${name}: values match the definition`, () => {
    close(flat(fn(f64(POINTS))), POINTS.map(ref), 1e-12, name);
  });
  test(`${name}: float32 in, float32 out`, () => {
    const y = fn(tensor(POINTS));
    assert.equal(y.dtype, 'float32');
    close(flat(y), POINTS.map(ref), 1e-5, name);
  });
  test(`${name}: gradcheck`, () => {
    assert.ok(gradcheck(fn, [f64(SMOOTH, true)]).passed);
  });
}

test('activations keep shapes, including size-0 and 0-dim', () => {
  for (const [name, fn] of CASES) {
    assert.deepEqual(fn(tensor([[[]]], { dtype: 'float64' })).shape, [1, 1, 0], name);
    assert.deepEqual(fn(f64(SMOOTH)).shape, [3, 3], name);
    assert.equal(fn(tensor(0.5, { dtype: 'float64' })).ndim, 0, name);
  }
});

test('gradients at the kinks follow PyTorch', () => {
  close(gradAt((x) => leakyRelu(x, 0.1), [0]), [0.1], 0, 'leakyRelu at 0');
  close(gradAt((x) => elu(x, 0.5), [0]), [0.5], 0, 'elu at 0 (x ≤ 0 branch: alpha·e⁰)');
  close(gradAt((x) => celu(x, 2), [0]), [1], 0, 'celu at 0');
  close(gradAt((x) => hardtanh(x), [-1, 1, 0.5]), [0, 0, 1], 0, 'hardtanh: 0 on the boundary');
  close(gradAt(relu6, [0, 6, 3]), [0, 0, 1], 0, 'relu6: 0 on the boundary');
  close(gradAt((x) => hardSigmoid(x), [-3, 3, 0]), [0, 0, 1 / 6], 0, 'hardSigmoid: 0 on the boundary');
  close(gradAt(hardswish, [-3, 3, -4, 4, 0]), [-0.5, 1.5, 0, 1, 0.5], 0, 'hardswish: x/3 + 1/2 on [−3, 3]');
  close(gradAt((x) => softplus(x), [0]), [0.5], 1e-15, 'softplus at 0');
  close(gradAt(logSigmoid, [0]), [0.5], 1e-15, 'logSigmoid at 0');
  close(gradAt(softsign, [0]), [1], 0, 'softsign at 0');
  close(gradAt((x) => prelu(x, f64([0.25])), [0, 1, -1]), [0.25, 1, 0.25], 0, 'prelu at 0 takes the weight');
});

test('softplus, logSigmoid, mish, elu and gelu stay exact and finite at ±1000', () => {
  close(flat(softplus(f64([1000, -1000, 30]))), [1000, 0, 30], 0, 'softplus');
  close(flat(softplus(tensor([1000, -1000]))), [1000, 0], 0, 'softplus float32');
  close(flat(logSigmoid(f64([-1000, 1000]))), [-1000, 0], 0, 'logSigmoid');
  close(flat(logSigmoid(tensor([-1000]))), [-1000], 0, 'logSigmoid float32');
  close(flat(mish(f64([1000, -1000]))), [1000, -0], 0, 'mish');
  close(flat(elu(f64([1000, -1000]))), [1000, -1], 0, 'elu');
  close(flat(selu(f64([-1000]))), [-SELU_SCALE * SELU_ALPHA], 1e-15, 'selu saturates at −scale·alpha');
  close(flat(gelu(f64([1000, -1000]))), [1000, -0], 0, 'gelu');
  // The gradients must not be 0·∞ = NaN from an overflowing branch that where() did not pick.
  for (const fn of [(x: Tensor) => softplus(x), logSigmoid, mish, (x: Tensor) => elu(x), selu, (x: Tensor) => celu(x, 0.5), silu]) {
    const g = gradAt(fn, [1000, -1000]);
    assert.ok(g.every(Number.isFinite), `finite gradient, got ${g}`);
  }
  close(gradAt((x) => softplus(x), [1000, -1000]), [1, 0], 1e-15, 'softplus gradient');
  close(gradAt(logSigmoid, [1000, -1000]), [0, 1], 1e-15, 'logSigmoid gradient');
});

test('softplus is linear above the threshold and smooth below it', () => {
  // beta·x = 2·11 = 22 > 20: exactly x; beta·x = 2·9 = 18: log(1 + e¹⁸)/2.
  close(flat(softplus(f64([11, 9]), { beta: 2 })), [11, Math.log1p(Math.exp(18)) / 2], 1e-15);
  close(flat(softplus(f64([3]), { threshold: 2 })), [3], 0);
});

test('prelu: one weight per channel (dim 1), or one for all', () => {
  const x = f64([[[-1, 2], [-3, 4], [-5, -6]], [[1, -2], [3, -4], [5, 6]]]); // (N=2, C=3, L=2)
  const w = f64([0.1, 0.2, 0.3]);
  close(flat(prelu(x, w)), [-0.1, 2, -0.6, 4, -1.5, -1.8, 1, -0.2, 3, -0.8, 5, 6], 1e-15);
  close(flat(x.prelu(f64([0.5]))), [-0.5, 2, -1.5, 4, -2.5, -3, 1, -1, 3, -2, 5, 6], 1e-15, 'method, single weight');
  close(flat(prelu(f64([[-2, 2]]), f64([0.5, 0.25]))), [-1, 2], 0, '(N, C) input');
  close(flat(prelu(f64([-2, 2]), tensor(0.5, { dtype: 'float64' }))), [-1, 2], 0, '0-dim weight');
  assert.ok(gradcheck((a, b) => prelu(a, b), [f64([[[-1.2, 0.7], [0.4, -2.1], [-0.6, 1.5]]], true), f64([0.1, -0.4, 0.7], true)]).passed);
  assert.ok(gradcheck((a, b) => prelu(a, b), [f64([[-1.2, 0.7], [0.4, -2.1]], true), f64([0.3], true)]).passed);
});

test('prelu rejects a weight that does not fit the channels', () => {
  assert.throws(() => prelu(f64([[1, 2, 3]]), f64([1, 2])), (e: Error) => e instanceof ShapeError && /\[2\]/.test(e.message) && /\[1, 3\]/.test(e.message) && /3 channels/.test(e.message));
  assert.throws(() => prelu(f64([1, 2, 3]), f64([1, 2, 3])), ShapeError);
  assert.throws(() => prelu(f64([[1, 2]]), f64([[1, 2]])), (e: Error) => e instanceof ShapeError && /scalar or 1-D/.test(e.message));
});

test('bad options are ValueErrors', () => {
  assert.throws(() => gelu(f64([1]), { approximate: 'erf' as 'none' }), (e: Error) => e instanceof ValueError && /'none' or 'tanh'/.test(e.message) && /'erf'/.test(e.message));
  assert.throws(() => hardtanh(f64([1]), { minVal: 2, maxVal: 1 }), (e: Error) => e instanceof ValueError && /maxVal \(1\)/.test(e.message));
  assert.throws(() => celu(f64([1]), 0), ValueError);
});

test('clamp: numbers, tensors, one bound, options and method forms', () => {
  const x = f64([-2, -0.5, 0, 0.5, 2]);
  close(flat(clamp(x, -1, 1)), [-1, -0.5, 0, 0.5, 1], 0);
  close(flat(clamp(x, { min: 0 })), [0, 0, 0, 0.5, 2], 0, 'min only');
  close(flat(clamp(x, null, 0)), [-2, -0.5, 0, 0, 0], 0, 'max only');
  close(flat(x.clamp(-1, 1)), [-1, -0.5, 0, 0.5, 1], 0, 'method');
  close(flat(x.clamp({ max: -1 })), [-2, -1, -1, -1, -1], 0, 'method with options');
  close(flat(x.clip(0, 1)), [0, 0, 0, 0.5, 1], 0, 'clip');
  close(flat(clip(x, 0, 1)), [0, 0, 0, 0.5, 1], 0, 'clip function');
  close(flat(clampMin(x, 0.5)), [0.5, 0.5, 0.5, 0.5, 2], 0);
  close(flat(clampMax(x, 0.5)), [-2, -0.5, 0, 0.5, 0.5], 0);
  close(flat(x.clampMin(1)), [1, 1, 1, 1, 2], 0);
  // Tensor bounds broadcast with x: (2, 1) bounds against (3,) give (2, 3).
  const y = clamp(f64([-5, 0, 5]), f64([[-1], [1]]), f64([[2], [3]]));
  assert.deepEqual(y.shape, [2, 3]);
  close(flat(y), [-1, 0, 2, 1, 1, 3], 0);
  // min > max: every element becomes max, as PyTorch.
  close(flat(clamp(x, 1, 0)), [0, 0, 0, 0, 0], 0, 'min > max');
  // NaN stays NaN.
  assert.ok(Number.isNaN(flat(clamp(f64([NaN]), 0, 1))[0]));
});

test('clamp: dtypes follow PyTorch promotion', () => {
  const i = tensor([1, 2, 3], { dtype: 'int32' });
  assert.equal(clamp(i, 0, 2).dtype, 'int32');
  close(flat(clamp(i, 0, 2)), [1, 2, 2], 0);
  assert.equal(clamp(i, 1.5).dtype, 'float32');
  close(flat(clamp(i, 1.5)), [1.5, 2, 3], 0);
  assert.equal(clamp(tensor([1.5]), 0, 1).dtype, 'float32');
});

test('clamp: gradient is 1 on [min, max] including the boundaries, 0 outside', () => {
  close(gradAt((x) => clamp(x, -1, 1), [-2, -1, 0, 1, 2]), [0, 1, 1, 1, 0], 0);
  close(gradAt((x) => clamp(x, { min: 0 }), [-1, 0, 1]), [0, 1, 1], 0);
  close(gradAt((x) => clamp(x, null, 0), [-1, 0, 1]), [1, 1, 0], 0);
  close(gradAt((x) => clamp(x, 1, 0), [-1, 0.5, 2]), [0, 0, 0], 0, 'min > max: x never wins');
});

test('clamp: tensor bounds get the gradient where they won', () => {
  const x = f64([-2, 0, 2, 0.5], true);
  const lo = f64([-1, -1, -1, 1], true); // last: lo = 1 > hi = 0.8
  const hi = f64([1, 1, 1, 0.8], true);
  clamp(x, lo, hi).sum().backward();
  close(flat(x.grad!), [0, 1, 0, 0], 0, 'dx');
  close(flat(lo.grad!), [1, 0, 0, 0], 0, 'dlo (not where lo > hi)');
  close(flat(hi.grad!), [0, 0, 1, 1], 0, 'dhi (also where hi < lo)');
  assert.ok(gradcheck((a, b, c) => clamp(a, b, c), [f64([[-2, 0.1], [2.3, 0.5]], true), f64([-1.1, 0.9], true), f64([[1.2], [0.2]], true)]).passed);
  assert.ok(gradcheck((a, b) => clamp(a, b), [f64([-2, 0.1, 2.3], true), f64([0.4], true)]).passed);
  assert.ok(gradcheck((a, b) => clamp(a, null, b), [f64([-2, 0.1, 2.3], true), f64([0.4], true)]).passed);
});

test('clamp: errors', () => {
  assert.throws(() => clamp(f64([1])), (e: Error) => e instanceof ValueError && /at least one of min and max/.test(e.message));
  assert.throws(() => clamp(f64([1, 2, 3]), f64([1, 2])), (e: Error) => e instanceof ShapeError && /clamp/.test(e.message) && /\[3\]/.test(e.message) && /\[2\]/.test(e.message));
});
