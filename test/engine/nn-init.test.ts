// nn.init: sample statistics over many draws against each scheme's defining mean, variance and
// bounds (tolerances of several standard errors), seeding, in-place use on parameters, and the
// orthogonality of orthogonal_.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nn, zeros, manualSeed, Tensor, ShapeError, ValueError } from '../../engine/index.ts';

const { init } = nn;
const flat = (t: Tensor): number[] => Array.from(t.toTypedArray());
function stats(t: Tensor): { mean: number; std: number; min: number; max: number } {
  const v = flat(t);
  const mean = v.reduce((a, b) => a + b, 0) / v.length;
  const std = Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / v.length);
  return { mean, std, min: Math.min(...v), max: Math.max(...v) };
}
const near = (x: number, want: number, tol: number, what: string) => assert.ok(Math.abs(x - want) <= tol, `${what}: ${x} vs ${want} ± ${tol}`);
const param = (shape: number[]) => new nn.Parameter(zeros(shape));

test('constant fills work in place on a parameter that requires grad, recording no graph', () => {
  const p = param([2, 3]);
  assert.equal(init.constant_(p, 2.5), p);
  assert.deepEqual(flat(p), [2.5, 2.5, 2.5, 2.5, 2.5, 2.5]);
  init.ones_(p);
  assert.ok(flat(p).every((v) => v === 1));
  init.zeros_(p);
  assert.ok(flat(p).every((v) => v === 0));
  init.normal_(p);
  assert.ok(p.requiresGrad && p.gradFn === null);
  init.eye_(p);
  assert.deepEqual(p.toArray(), [[1, 0, 0], [0, 1, 0]]);
});

test('uniform_ and normal_ have the requested moments and bounds, and a seed repeats them', () => {
  manualSeed(1);
  const u = init.uniform_(param([20000]), -2, 4);
  const s = stats(u);
  assert.ok(s.min >= -2 && s.max < 4 && s.min < -1.99 && s.max > 3.99);
  near(s.mean, 1, 5 * 6 / Math.sqrt(12 * 20000), 'uniform mean'); // σ = (b − a)/√12
  near(s.std, 6 / Math.sqrt(12), 0.03, 'uniform std');
  const n = stats(init.normal_(param([20000]), 3, 0.5));
  near(n.mean, 3, 5 * 0.5 / Math.sqrt(20000), 'normal mean');
  near(n.std, 0.5, 0.01, 'normal std');
  manualSeed(42);
  const a = flat(init.normal_(param([5])));
  manualSeed(42);
  assert.deepEqual(flat(init.normal_(param([5]))), a);
  // The same seed gives the same numbers whatever the dtype (up to float32 rounding).
  manualSeed(42);
  const b = flat(init.normal_(zeros([5], { dtype: 'float64' })));
  b.forEach((v, i) => near(v, a[i], 1e-6, 'dtype-independent draws'));
  assert.throws(() => init.uniform_(param([2]), 1, 0), ValueError);
  assert.throws(() => init.normal_(param([2]), 0, -1), ValueError);
});

test('truncNormal_ stays inside [a, b]', () => {
  manualSeed(2);
  const s = stats(init.truncNormal_(param([5000]), 0, 1, -1, 0.5));
  assert.ok(s.min >= -1 && s.max <= 0.5 && s.min < -0.98 && s.max > 0.48);
  assert.throws(() => init.truncNormal_(param([2]), 0, 1, 1, -1), (e: Error) => e instanceof ValueError && /a < b/.test(e.message));
  assert.throws(() => init.eye_(param([2, 2, 2])), (e: Error) => e instanceof ShapeError && /eye_/.test(e.message) && /\[2, 2, 2\]/.test(e.message));
});

test('calculateGain and the fans', () => {
  assert.equal(init.calculateGain('linear'), 1);
  assert.equal(init.calculateGain('conv2d'), 1);
  assert.equal(init.calculateGain('sigmoid'), 1);
  assert.equal(init.calculateGain('tanh'), 5 / 3);
  assert.equal(init.calculateGain('relu'), Math.SQRT2);
  assert.equal(init.calculateGain('selu'), 0.75);
  near(init.calculateGain('leakyRelu'), Math.sqrt(2 / (1 + 0.01 ** 2)), 1e-15, 'leaky default');
  near(init.calculateGain('leakyRelu', Math.sqrt(5)), Math.sqrt(1 / 3), 1e-15, 'leaky √5');
  assert.throws(() => init.calculateGain('swish' as nn.init.Nonlinearity), (e: Error) => e instanceof ValueError && /'swish'/.test(e.message));
  assert.deepEqual(init.calculateFanInAndFanOut(zeros([8, 3, 5, 5])), { fanIn: 75, fanOut: 200 });
  assert.deepEqual(init.calculateFanInAndFanOut(zeros([10, 4])), { fanIn: 4, fanOut: 10 });
  assert.throws(() => init.calculateFanInAndFanOut(zeros([7])), (e: Error) => e instanceof ShapeError && /\[7\]/.test(e.message));
});

test('Xavier: bound gain·√(6/(fanIn + fanOut)), std gain·√(2/(fanIn + fanOut))', () => {
  manualSeed(3);
  const w = init.xavierUniform_(param([200, 100]), 2);
  const bound = 2 * Math.sqrt(6 / 300);
  const s = stats(w);
  assert.ok(s.max <= bound && -s.min <= bound && s.max > 0.99 * bound);
  near(s.std, bound / Math.sqrt(3), 0.02 * bound, 'xavier uniform std');
  const n = stats(init.xavierNormal_(param([200, 100])));
  near(n.std, Math.sqrt(2 / 300), 0.02 * Math.sqrt(2 / 300), 'xavier normal std');
  near(n.mean, 0, 5 * Math.sqrt(2 / 300) / Math.sqrt(20000), 'xavier normal mean');
});

test('Kaiming: std gain/√fan with fanIn or fanOut; a = √5 gives PyTorch\'s Linear bound 1/√fanIn', () => {
  manualSeed(4);
  const conv = param([64, 16, 3, 3]); // fanIn 144, fanOut 576
  const s = stats(init.kaimingNormal_(conv, { mode: 'fanOut', nonlinearity: 'relu' }));
  near(s.std, Math.sqrt(2 / 576), 0.02 * Math.sqrt(2 / 576), 'kaiming normal fanOut');
  const u = stats(init.kaimingUniform_(conv));
  const bound = Math.SQRT2 * Math.sqrt(3 / 144); // default: leakyRelu with a = 0, fanIn
  assert.ok(u.max <= bound && -u.min <= bound && u.max > 0.99 * bound);
  near(u.std, bound / Math.sqrt(3), 0.02 * bound, 'kaiming uniform std');
  const lin = stats(init.kaimingUniform_(param([300, 50]), { a: Math.sqrt(5) }));
  assert.ok(lin.max <= 1 / Math.sqrt(50) && lin.max > 0.99 / Math.sqrt(50));
  assert.throws(() => init.kaimingUniform_(param([3, 3]), { mode: 'fan_in' as nn.init.FanMode }), ValueError);
  // Zero-element tensors are left alone (a zero fan would divide by zero).
  assert.deepEqual(init.kaimingNormal_(param([3, 0])).shape, [3, 0]);
  assert.deepEqual(init.xavierUniform_(param([0, 4])).shape, [0, 4]);
  assert.equal(new nn.Linear(0, 3).bias!.toArray().join(), '0,0,0');
});

// Max |(AAᵀ)ᵢⱼ − δᵢⱼ·gain²| for the rows of A (k, n).
function gramError(rows: number[][], gain: number): number {
  let worst = 0;
  for (let i = 0; i < rows.length; i++) {
    for (let j = 0; j < rows.length; j++) {
      const dot = rows[i].reduce((s, v, e) => s + v * rows[j][e], 0);
      worst = Math.max(worst, Math.abs(dot - (i === j ? gain * gain : 0)));
    }
  }
  return worst;
}
const columns = (m: number[][]) => m[0].map((_, j) => m.map((r) => r[j]));

test('orthogonal_: WᵀW ≈ I for tall matrices, WWᵀ ≈ I for wide ones, scaled by gain; conv weights are flattened', () => {
  manualSeed(5);
  const tall = init.orthogonal_(zeros([40, 12], { dtype: 'float64' })).toArray() as number[][];
  assert.ok(gramError(columns(tall), 1) < 1e-12);
  const wide = init.orthogonal_(param([6, 30]), 1.5).toArray() as number[][];
  assert.ok(gramError(wide, 1.5) < 1e-5);
  const square = init.orthogonal_(zeros([16, 16], { dtype: 'float64' })).toArray() as number[][];
  assert.ok(gramError(square, 1) < 1e-12 && gramError(columns(square), 1) < 1e-12);
  const conv = init.orthogonal_(zeros([4, 2, 3, 3], { dtype: 'float64' }));
  assert.ok(gramError(conv.reshape([4, 18]).toArray() as number[][], 1) < 1e-12);
  // Not a fixed matrix: another draw differs.
  assert.notDeepEqual(init.orthogonal_(zeros([3, 3])).toArray(), init.orthogonal_(zeros([3, 3])).toArray());
  assert.throws(() => init.orthogonal_(zeros([5])), ShapeError);
  assert.deepEqual(init.orthogonal_(zeros([0, 3])).shape, [0, 3]);
});
