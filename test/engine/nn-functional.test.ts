// Neural-network functions: conv, pooling, normalization, dropout, embedding and linear against
// values worked out by hand or by a plain-JS reference written from the definitions, output
// shapes from PyTorch's formula, gradchecks through the composites, and every error they throw.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  tensor, arange, ones, zeros, randn, manualSeed, gradcheck, grad, enableGrad, Tensor,
  ShapeError, DTypeError, IndexError, ValueError,
  conv1d, conv2d, conv3d, maxPool1d, maxPool2d, maxPool3d, avgPool1d, avgPool2d, avgPool3d,
  adaptiveAvgPool1d, adaptiveAvgPool2d, batchNorm, layerNorm, groupNorm, instanceNorm, dropout, embedding, linear,
} from '../../engine/index.ts';

type Nested = number[] | number[][] | number[][][] | number[][][][] | number[][][][][];
const f64 = (v: Nested, requiresGrad = false) => tensor(v, { dtype: 'float64', requiresGrad });
const flat = (t: Tensor): number[] => Array.from(t.toTypedArray());
const grid = (n: number, shape: number[]) => arange(1, n + 1, 1, { dtype: 'float64' }).reshape(shape);

function close(actual: Tensor | number[], expected: number[], tol = 1e-12, what = ''): void {
  const a = actual instanceof Tensor ? flat(actual) : actual;
  assert.equal(a.length, expected.length, `${what}: length ${a.length} vs ${expected.length}`);
  a.forEach((x, i) => assert.ok(x === expected[i] || Math.abs(x - expected[i]) <= tol * Math.max(1, Math.abs(expected[i])), `${what}[${i}]: got ${x}, expected ${expected[i]}`));
}
const check = (fn: (...xs: Tensor[]) => Tensor, inputs: Tensor[]) => assert.ok(gradcheck(fn, inputs).passed);
const errorNaming = (cls: Function, ...parts: RegExp[]) => (e: Error) => {
  assert.ok(e instanceof cls, `expected ${cls.name}, got ${e.name}: ${e.message}`);
  for (const p of parts) assert.match(e.message, p);
  return true;
};

// ---- convolution ----

// Cross-correlation straight from the definition, with bounds checks instead of padding.
function convRef(x: Tensor, w: Tensor, b: Tensor | null, s: number[], p: number[], d: number[], groups: number): { data: number[]; shape: number[] } {
  const [N, C, H, W] = x.shape, [O, Cg, KH, KW] = w.shape;
  const OH = Math.floor((H + 2 * p[0] - d[0] * (KH - 1) - 1) / s[0]) + 1;
  const OW = Math.floor((W + 2 * p[1] - d[1] * (KW - 1) - 1) / s[1]) + 1;
  const xv = flat(x), wv = flat(w), bv = b ? flat(b) : null;
  const out: number[] = [];
  for (let n = 0; n < N; n++) for (let o = 0; o < O; o++) for (let i = 0; i < OH; i++) for (let j = 0; j < OW; j++) {
    let acc = bv ? bv[o] : 0;
    const g = Math.floor(o / (O / groups));
    for (let c = 0; c < Cg; c++) for (let kh = 0; kh < KH; kh++) for (let kw = 0; kw < KW; kw++) {
      const ih = i * s[0] - p[0] + kh * d[0], iw = j * s[1] - p[1] + kw * d[1];
      if (ih < 0 || ih >= H || iw < 0 || iw >= W) continue;
      acc += xv[((n * C + g * Cg + c) * H + ih) * W + iw] * wv[((o * Cg + c) * KH + kh) * KW + kw];
    }
    out.push(acc);
  }
  return { data: out, shape: [N, O, OH, OW] };
}

test('conv2d: a 2×2 kernel of ones over a 3×3 input sums each window', () => {
  const x = grid(9, [1, 1, 3, 3]);
  const w = ones([1, 1, 2, 2], { dtype: 'float64' });
  close(conv2d(x, w), [12, 16, 24, 28]);
  close(conv2d(x, w, f64([1])), [13, 17, 25, 29]);
  close(conv2d(x, w, null, { padding: 1 }), [1, 3, 5, 3, 5, 12, 16, 9, 11, 24, 28, 15, 7, 15, 17, 9]);
  close(conv2d(x, w, null, { padding: 1, stride: 2 }), [1, 5, 11, 28]);
  close(conv2d(x, w, null, { dilation: 2 }), [1 + 3 + 7 + 9]);
  // cross-correlation, not flipped: a kernel with only its top-left tap copies the window's top-left
  close(conv2d(x, f64([[[[1, 0], [0, 0]]]])), [1, 2, 4, 5]);
  close(conv2d(x, f64([[[[0, 0], [0, 1]]]])), [5, 6, 8, 9]);
  // unbatched input keeps no batch dim
  assert.deepEqual(conv2d(grid(9, [1, 3, 3]), w).shape, [1, 2, 2]);
});

test('conv2d: channels sum, groups keep channels apart, padding same keeps the size', () => {
  const x = f64([[[[1, 2], [3, 4]], [[10, 20], [30, 40]]]]);
  close(conv2d(x, f64([[[[1]], [[10]]]])), [101, 202, 303, 404]);
  close(conv2d(x, f64([[[[2]]], [[[3]]]]), null, { groups: 2 }), [2, 4, 6, 8, 30, 60, 90, 120]);
  const y = conv2d(grid(9, [1, 1, 3, 3]), ones([1, 1, 3, 3], { dtype: 'float64' }), null, { padding: 'same' });
  close(y, [12, 21, 16, 27, 45, 33, 24, 39, 28]);
  // an even kernel puts the extra padding at the end: windows [x_i, x_{i+1}] with a 0 after the last
  close(conv1d(f64([[[1, 2, 3, 4]]]), f64([[[1, 1]]]), null, { padding: 'same' }), [3, 5, 7, 4]);
  close(conv1d(f64([[[1, 2, 3, 4]]]), f64([[[1, 1]]]), null, { padding: 'valid' }), [3, 5, 7]);
});

test('conv2d: gradients of y.sum() count how often each input and tap is used', () => {
  const x = grid(9, [1, 1, 3, 3]).requiresGrad_();
  const w = ones([1, 1, 2, 2], { dtype: 'float64', requiresGrad: true });
  const b = f64([0.5], true);
  conv2d(x, w, b).sum().backward();
  close(x.grad!, [1, 2, 1, 2, 4, 2, 1, 2, 1]);
  close(w.grad!, [12, 16, 24, 28]);
  close(b.grad!, [4]);
});

test('conv2d matches a direct reference for stride, padding, dilation and groups combinations', () => {
  manualSeed(3);
  const combos: Array<[number[], number[], number[], number[], number[], number]> = [
    // x shape, w shape, stride, padding, dilation, groups
    [[2, 3, 7, 6], [4, 3, 3, 2], [1, 1], [0, 0], [1, 1], 1],
    [[1, 4, 8, 7], [6, 2, 3, 3], [2, 3], [1, 2], [2, 1], 2],
    [[2, 4, 5, 5], [4, 1, 3, 3], [1, 2], [1, 1], [1, 1], 4],
    [[1, 3, 6, 6], [2, 3, 1, 1], [2, 2], [0, 0], [1, 1], 1],
  ];
  for (const [xs, ws, s, p, d, groups] of combos) {
    const x = randn(xs, { dtype: 'float64' }), w = randn(ws, { dtype: 'float64' }), b = randn([ws[0]], { dtype: 'float64' });
    const ref = convRef(x, w, b, s, p, d, groups);
    const y = conv2d(x, w, b, { stride: s, padding: p, dilation: d, groups });
    assert.deepEqual(y.shape, ref.shape);
    close(y, ref.data, 1e-12, `conv ${JSON.stringify(xs)}`);
    // a strided (transposed) view of x gives the same result without a copy first
    const xt = x.transpose(2, 3).contiguous().transpose(2, 3);
    assert.ok(!xt.isContiguous());
    close(conv2d(xt, w, b, { stride: s, padding: p, dilation: d, groups }), ref.data, 1e-12);
  }
});

test('conv output shapes follow PyTorch’s formula ⌊(n + 2p − d(k−1) − 1)/s⌋ + 1', () => {
  const formula = (n: number, k: number, s: number, p: number, d: number) => Math.floor((n + 2 * p - d * (k - 1) - 1) / s) + 1;
  for (const [n, k, s, p, d] of [[10, 3, 2, 1, 2], [12, 5, 3, 2, 1], [7, 1, 3, 0, 1], [9, 4, 2, 3, 2], [5, 5, 1, 0, 1]]) {
    const y = conv2d(zeros([1, 1, n, n + 1]), zeros([2, 1, k, k]), null, { stride: s, padding: p, dilation: d });
    assert.deepEqual(y.shape, [1, 2, formula(n, k, s, p, d), formula(n + 1, k, s, p, d)], `n=${n} k=${k} s=${s} p=${p} d=${d}`);
  }
  assert.deepEqual(conv1d(zeros([2, 3, 11]), zeros([5, 3, 3]), null, { stride: 2, padding: 1 }).shape, [2, 5, 6]);
  assert.deepEqual(conv3d(zeros([1, 2, 4, 5, 6]), zeros([3, 2, 2, 3, 3]), null, { padding: [0, 1, 1] }).shape, [1, 3, 3, 5, 6]);
});

test('conv1d and conv3d agree with conv2d on unit dims', () => {
  manualSeed(5);
  const x = randn([2, 3, 9], { dtype: 'float64' }), w = randn([4, 3, 3], { dtype: 'float64' });
  const y1 = conv1d(x, w, null, { stride: 2, padding: 1, dilation: 2 });
  const y2 = conv2d(x.unsqueeze(2), w.unsqueeze(2), null, { stride: [1, 2], padding: [0, 1], dilation: [1, 2] });
  close(y1, flat(y2));
  const y3 = conv3d(x.unsqueeze(2).unsqueeze(2), w.unsqueeze(2).unsqueeze(2), null, { stride: [1, 1, 2], padding: [0, 0, 1], dilation: [1, 1, 2] });
  close(y3, flat(y2));
});

test('conv gradients pass gradcheck, and so do gradients of gradients', () => {
  manualSeed(11);
  const x = randn([2, 4, 5, 5], { dtype: 'float64', requiresGrad: true });
  const w = randn([6, 2, 3, 2], { dtype: 'float64', requiresGrad: true });
  const b = randn([6], { dtype: 'float64', requiresGrad: true });
  check((x, w, b) => conv2d(x, w, b, { stride: [2, 1], padding: [1, 0], dilation: [1, 2], groups: 2 }), [x, w, b]);
  // d/dx and d/dw of Σ y², recorded (createGraph), must themselves differentiate correctly
  // (enableGrad: gradcheck evaluates fn under noGrad, and the inner grad() needs a graph)
  check((x, w) => enableGrad(() => {
    const y = conv2d(x, w, null, { stride: 2, padding: 1, groups: 2 });
    const [gx, gw] = grad(y.mul(y).sum(), [x, w], { createGraph: true });
    return gx.sum().add(gw.mul(gw).sum());
  }), [x, w]);
});

test('conv errors name the shapes involved', () => {
  const x = zeros([1, 3, 5, 5]);
  assert.throws(() => conv2d(x, zeros([8, 4, 3, 3])), errorNaming(ShapeError, /conv2d/, /\[1, 3, 5, 5\]/, /\[8, 4, 3, 3\]/, /3 channels/));
  assert.throws(() => conv2d(zeros([1, 1, 3, 3]), zeros([1, 1, 5, 5])), errorNaming(ShapeError, /conv2d/, /larger than the padded input \[3, 3\]/, /\[1, 1, 5, 5\]/));
  assert.throws(() => conv2d(zeros([1, 1, 3, 3]), zeros([1, 1, 3, 3]), null, { padding: 1, dilation: 3 }), errorNaming(ShapeError, /window \[7, 7\]/, /padded input \[5, 5\]/));
  assert.deepEqual(conv2d(zeros([1, 1, 3, 3]), zeros([1, 1, 5, 5]), null, { padding: 1 }).shape, [1, 1, 1, 1]); // just fits
  assert.throws(() => conv2d(zeros([1, 4, 5, 5]), zeros([6, 1, 3, 3]), null, { groups: 3 }), errorNaming(ShapeError, /groups 3 must divide/, /\(4\)/, /\[1, 4, 5, 5\]/));
  assert.throws(() => conv2d(zeros([1, 4, 5, 5]), zeros([5, 2, 3, 3]), null, { groups: 2 }), errorNaming(ShapeError, /output channels \(5\)/));
  assert.throws(() => conv2d(zeros([3, 5, 5, 1, 1]), zeros([1, 3, 3, 3])), errorNaming(ShapeError, /conv2d/, /3-D \(unbatched\) or 4-D \(batched\)/, /\[3, 5, 5, 1, 1\]/));
  assert.throws(() => conv2d(zeros([5, 5]), zeros([1, 3, 3, 3])), errorNaming(ShapeError, /\[5, 5\]/));
  assert.throws(() => conv2d(x, zeros([2, 3, 3])), errorNaming(ShapeError, /4-D weight/, /\[2, 3, 3\]/));
  assert.throws(() => conv2d(x, zeros([2, 3, 3, 3]), null, { padding: 'same', stride: 2 }), errorNaming(ValueError, /'same' needs stride 1/));
  assert.throws(() => conv2d(x, zeros([2, 3, 3, 3]), null, { stride: 0 }), errorNaming(ValueError, /stride/));
  assert.throws(() => conv2d(x, zeros([2, 3, 3, 3]), null, { padding: [1, 1, 1] }), errorNaming(ValueError, /padding/));
  assert.throws(() => conv2d(x, zeros([2, 3, 3, 3]), zeros([3])), errorNaming(ShapeError, /bias must have shape \[2\]/, /\[3\]/));
  assert.throws(() => conv2d(x, zeros([2, 3, 3, 3], { dtype: 'float64' })), errorNaming(DTypeError, /float32, float64/));
  assert.throws(() => conv2d(x, zeros([2, 3, 3, 3]), null, { groups: 0 }), errorNaming(ValueError, /groups must be a positive integer/));
});

// ---- pooling ----

test('maxPool2d: window maxima, their flat indices, and −∞ padding', () => {
  const x = arange(16, undefined, 1, { dtype: 'float64' }).reshape([1, 1, 4, 4]);
  close(maxPool2d(x, 2), [5, 7, 13, 15]);
  const { values, indices } = maxPool2d(x, { kernelSize: 2, returnIndices: true });
  close(values, [5, 7, 13, 15]);
  assert.equal(indices.dtype, 'int32');
  assert.deepEqual(indices.toArray(), [[[[5, 7], [13, 15]]]]);
  // ties go to the first occurrence in the window
  assert.deepEqual(maxPool2d(ones([1, 1, 2, 2]), 2, { returnIndices: true }).indices.toArray(), [[[[0]]]]);
  // padding is −∞, so negative inputs are never replaced by 0
  const neg = f64([[[[-1, -2], [-3, -4]]]]);
  close(maxPool2d(neg, 2, { stride: 1, padding: 1 }), [-1, -1, -2, -1, -1, -2, -3, -3, -4]);
  // overlapping windows with dilation: taps two apart
  close(maxPool2d(f64([[[[1, 9, 2], [3, 4, 5], [6, 7, 8]]]]), { kernelSize: 2, stride: 1, dilation: 2 }), [8]);
  // unbatched (C, H, W)
  assert.deepEqual(maxPool2d(zeros([3, 4, 4]), 2).shape, [3, 2, 2]);
});

test('maxPool backward routes dy to each window’s argmax (first one on ties), summing overlaps', () => {
  const x = f64([[[[1, 2, 3], [4, 9, 5], [6, 7, 8]]]], true);
  maxPool2d(x, 2, { stride: 1 }).sum().backward();
  close(x.grad!, [0, 0, 0, 0, 4, 0, 0, 0, 0]);
  const t = ones([1, 1, 2, 4], { dtype: 'float64', requiresGrad: true });
  maxPool2d(t, 2).backward(f64([[[[3, 5]]]]));
  close(t.grad!, [3, 0, 5, 0, 0, 0, 0, 0]);
});

test('maxPool1d/3d and ceilMode', () => {
  const x = f64([[[1, 3, 2, 5, 4]]]);
  close(maxPool1d(x, 2), [3, 5]);
  close(maxPool1d(x, 2, { ceilMode: true }), [3, 5, 4]);
  const cube = arange(8, undefined, 1, { dtype: 'float64' }).reshape([1, 1, 2, 2, 2]);
  const r = maxPool3d(cube, 2, { returnIndices: true });
  close(r.values, [7]);
  assert.deepEqual(r.indices.toArray(), [[[[[7]]]]]);
});

test('pool output shapes follow PyTorch’s formula, with ceilMode’s last-window rule', () => {
  const formula = (n: number, k: number, s: number, p: number, d: number, ceil: boolean) => {
    const span = (n + 2 * p - d * (k - 1) - 1) / s;
    let out = (ceil ? Math.ceil(span) : Math.floor(span)) + 1;
    if (ceil && (out - 1) * s >= n + p) out--;
    return out;
  };
  const combos = [[7, 3, 2, 1, 1], [6, 3, 2, 1, 1], [5, 2, 2, 1, 1], [5, 2, 2, 0, 1], [10, 3, 3, 1, 2], [8, 4, 3, 2, 1]];
  for (const [n, k, s, p, d] of combos) {
    for (const ceilMode of [false, true]) {
      const y = maxPool2d(zeros([1, 1, n, n]), { kernelSize: k, stride: s, padding: p, dilation: d, ceilMode });
      const o = formula(n, k, s, p, d, ceilMode);
      assert.deepEqual(y.shape, [1, 1, o, o], `max n=${n} k=${k} s=${s} p=${p} d=${d} ceil=${ceilMode}`);
      if (d === 1) assert.deepEqual(avgPool2d(zeros([1, 1, n, n]), { kernelSize: k, stride: s, padding: p, ceilMode }).shape, [1, 1, o, o]);
    }
  }
  // the rule bites: n=5, k=2, s=2, p=1 would give 4 windows by ceil, but the 4th starts in the right padding
  assert.deepEqual(maxPool2d(zeros([1, 1, 5, 5]), 2, { padding: 1, ceilMode: true }).shape, [1, 1, 3, 3]);
});

test('avgPool2d: divisors with and without padding, and divisorOverride', () => {
  const x = grid(9, [1, 1, 3, 3]);
  close(avgPool2d(x, 2, { stride: 1 }), [3, 4, 6, 7]);
  close(avgPool2d(x, 2, { padding: 1 }), [0.25, 1.25, 2.75, 7]);
  close(avgPool2d(x, 2, { padding: 1, countIncludePad: false }), [1, 2.5, 5.5, 7]);
  close(avgPool2d(x, 2, { padding: 1, divisorOverride: 2 }), [0.5, 2.5, 5.5, 14]);
  // ceilMode: a window hanging past the right padding counts only up to it
  close(avgPool1d(f64([[1, 2, 3, 4, 5]]), 2, { ceilMode: true }), [1.5, 3.5, 5]);
  close(avgPool1d(f64([[[1, 2, 3, 4, 5, 6]]]), 3, { stride: 2, padding: 1, ceilMode: true }), [1, 3, 5, 3]);
  close(avgPool3d(arange(8, undefined, 1, { dtype: 'float64' }).reshape([1, 1, 2, 2, 2]), 2), [3.5]);
});

test('avgPool backward spreads dy/divisor over each window', () => {
  const x = grid(9, [1, 1, 3, 3]).requiresGrad_();
  avgPool2d(x, 2, { stride: 1 }).sum().backward();
  close(x.grad!, [0.25, 0.5, 0.25, 0.5, 1, 0.5, 0.25, 0.5, 0.25]);
  const y = grid(9, [1, 1, 3, 3]).requiresGrad_();
  avgPool2d(y, 2, { padding: 1, countIncludePad: false }).sum().backward();
  close(y.grad!, [1, 0.5, 0.5, 0.5, 0.25, 0.25, 0.5, 0.25, 0.25]);
});

test('pool gradients pass gradcheck (padding, ceilMode, overlapping windows), and maxPool’s double backward', () => {
  manualSeed(21);
  const x = randn([2, 2, 6, 5], { dtype: 'float64', requiresGrad: true });
  check((x) => maxPool2d(x, 3, { stride: [2, 1], padding: 1, ceilMode: true }), [x]);
  check((x) => avgPool2d(x, 3, { stride: 2, padding: 1, ceilMode: true, countIncludePad: false }), [x]);
  check((x) => enableGrad(() => {
    const y = maxPool2d(x, 2, { stride: 1 });
    return grad(y.mul(y).sum(), [x], { createGraph: true })[0];
  }), [x]);
});

test('pool errors', () => {
  assert.throws(() => maxPool2d(zeros([1, 1, 2, 2]), 3), errorNaming(ShapeError, /maxPool2d/, /larger than the padded input \[2, 2\]/, /\[1, 1, 2, 2\]/));
  assert.throws(() => avgPool2d(zeros([1, 1, 4, 4]), 2, { padding: 2 }), errorNaming(ValueError, /at most half the kernel size/));
  assert.throws(() => maxPool2d(zeros([4, 4]), 2), errorNaming(ShapeError, /3-D \(unbatched\) or 4-D/, /\[4, 4\]/));
  assert.throws(() => maxPool1d(zeros([1, 1, 4, 4]), 2), errorNaming(ShapeError, /maxPool1d/));
  assert.throws(() => maxPool2d(zeros([1, 1, 4, 4]), { stride: 2 } as never), errorNaming(ValueError, /kernelSize is required/));
  assert.throws(() => avgPool2d(zeros([1, 1, 4, 4]), 2, { divisorOverride: 0 }), errorNaming(ValueError, /divisorOverride/));
  assert.throws(() => maxPool2d(zeros([1, 1, 4, 4], { dtype: 'int32' }), 2), errorNaming(DTypeError, /int32/));
});

test('adaptiveAvgPool uses windows ⌊i·n/out⌋ … ⌈(i+1)·n/out⌉', () => {
  close(adaptiveAvgPool1d(f64([[[1, 2, 3, 4, 5]]]), 3), [1.5, 3, 4.5]);
  close(adaptiveAvgPool1d(f64([[1, 2, 3, 4, 5]]), 1), [3]);
  const x = arange(16, undefined, 1, { dtype: 'float64' }).reshape([1, 1, 4, 4]);
  close(adaptiveAvgPool2d(x, 2), flat(avgPool2d(x, 2)));
  close(adaptiveAvgPool2d(x, [1, null]), [6, 7, 8, 9]);
  assert.deepEqual(adaptiveAvgPool2d(zeros([2, 3, 7, 5]), [3, 2]).shape, [2, 3, 3, 2]);
  manualSeed(4);
  check((x) => adaptiveAvgPool2d(x, [3, 2]), [randn([1, 2, 5, 4], { dtype: 'float64', requiresGrad: true })]);
  assert.throws(() => adaptiveAvgPool2d(zeros([4, 4]), 2), errorNaming(ShapeError, /\[4, 4\]/));
  assert.throws(() => adaptiveAvgPool2d(zeros([1, 4, 4]), 0), errorNaming(ValueError, /outputSize/));
});

// ---- normalization ----

test('batchNorm training: batch statistics, running stats updated in place with the unbiased variance', () => {
  const x = f64([[1, 2], [2, 4], [3, 6], [4, 8]]);
  const runningMean = zeros([2], { dtype: 'float64' }), runningVar = ones([2], { dtype: 'float64' });
  const y = batchNorm(x, runningMean, runningVar, null, null, { training: true, eps: 0 });
  const z = [-1.5, -0.5, 0.5, 1.5].map((v) => v / Math.sqrt(1.25)); // channel 0: mean 2.5, biased var 1.25; channel 1 is twice it
  close(y, z.flatMap((v) => [v, v]), 1e-12);
  close(runningMean, [0.25, 0.5]);
  close(runningVar, [0.9 + 0.1 * (5 / 3), 0.9 + 0.1 * (20 / 3)]);
  assert.equal(runningMean.requiresGrad, false);
  // eval mode reads the running statistics, and weight/bias scale and shift per channel
  const e = batchNorm(f64([[1, 1]]), runningMean, runningVar, f64([2, 3]), f64([10, 20]), { eps: 1e-5 });
  close(e, [10 + (2 * 0.75) / Math.sqrt(0.9 + 1 / 6 + 1e-5), 20 + (3 * 0.5) / Math.sqrt(0.9 + 2 / 3 + 1e-5)]);
});

test('batchNorm over (N, C, H, W) passes gradcheck in training mode', () => {
  manualSeed(8);
  const x = randn([3, 2, 2, 3], { dtype: 'float64', requiresGrad: true });
  const w = randn([2], { dtype: 'float64', requiresGrad: true }), b = randn([2], { dtype: 'float64', requiresGrad: true });
  const rm = zeros([2], { dtype: 'float64' }), rv = ones([2], { dtype: 'float64' });
  check((x, w, b) => batchNorm(x, rm, rv, w, b, { training: true }), [x, w, b]);
  check((x, w, b) => batchNorm(x, rm, rv, w, b), [x, w, b]);
  const y = batchNorm(x, null, null, null, null, { training: true, eps: 0 });
  close(y.mean({ dim: [0, 2, 3] }), [0, 0], 1e-12);
  assert.throws(() => batchNorm(zeros([1, 3]), null, null, null, null, { training: true }), errorNaming(ValueError, /more than 1 value per channel/, /\[1, 3\]/));
  assert.throws(() => batchNorm(zeros([2, 3]), zeros([2]), ones([3])), errorNaming(ShapeError, /runningMean must have shape \[3\]/));
  assert.throws(() => batchNorm(zeros([2, 3]), null, null), errorNaming(ValueError, /needs runningMean/));
});

test('layerNorm gives mean 0 and variance 1 over the normalized dims, and passes gradcheck', () => {
  manualSeed(9);
  const x = randn([3, 4, 5], { dtype: 'float64' }).mul(3).add(2);
  const y = layerNorm(x, [4, 5], null, null, 0);
  close(y.mean({ dim: [1, 2] }), [0, 0, 0], 1e-12);
  close(y.mul(y).mean({ dim: [1, 2] }), [1, 1, 1], 1e-12);
  const w = randn([5], { dtype: 'float64', requiresGrad: true }), b = randn([5], { dtype: 'float64', requiresGrad: true });
  check((x, w, b) => layerNorm(x, 5, w, b), [x.detach().requiresGrad_(), w, b]);
  assert.throws(() => layerNorm(x, [5, 4]), errorNaming(ShapeError, /\[3, 4, 5\]/, /\[5, 4\]/));
  assert.throws(() => layerNorm(x, 5, ones([4])), errorNaming(ShapeError, /weight must have shape \[5\]/));
});

test('groupNorm and instanceNorm normalize within groups', () => {
  manualSeed(10);
  const x = randn([2, 4, 3], { dtype: 'float64' });
  const y = groupNorm(x, 2, null, null, 0);
  close(y.reshape([2, 2, 6]).mean({ dim: 2 }), [0, 0, 0, 0], 1e-12);
  close(instanceNorm(x, { eps: 0 }), flat(layerNorm(x, 3, null, null, 0)), 1e-12);
  const w = randn([4], { dtype: 'float64', requiresGrad: true }), b = randn([4], { dtype: 'float64', requiresGrad: true });
  check((x, w, b) => groupNorm(x, 2, w, b), [x.detach().requiresGrad_(), w, b]);
  assert.throws(() => groupNorm(x, 3), errorNaming(ValueError, /numGroups 3/, /4 channels/));
});

// ---- dropout ----

test('dropout zeros about p of the elements, scales the rest by 1/(1−p), and is seeded', () => {
  const x = ones([20000], { dtype: 'float64' });
  manualSeed(42);
  const y = dropout(x, 0.3);
  const v = flat(y);
  const kept = v.filter((a) => a !== 0);
  assert.ok(kept.every((a) => Math.abs(a - 1 / 0.7) < 1e-15));
  const dropped = 1 - kept.length / v.length;
  assert.ok(Math.abs(dropped - 0.3) < 0.02, `dropped fraction ${dropped}`);
  manualSeed(42);
  assert.deepEqual(flat(dropout(x, 0.3)), v);
  assert.notDeepEqual(flat(dropout(x, 0.3)), v);
  assert.equal(dropout(x, 0.3, false), x);
  assert.equal(dropout(x, 0), x);
  close(dropout(x.slice(0, 0, 5), 1), [0, 0, 0, 0, 0]);
  for (const p of [-0.1, 1.5, NaN]) assert.throws(() => dropout(x, p), errorNaming(ValueError, /dropout/, new RegExp(String(p))));
});

test('dropout’s backward reuses the forward mask: dx = mask·dy/(1−p)', () => {
  manualSeed(7);
  const x = randn([6, 7], { dtype: 'float64', requiresGrad: true });
  const y = dropout(x, 0.4);
  const dy = randn([6, 7], { dtype: 'float64' });
  y.backward(dy);
  const mask = flat(y).map((v) => (v !== 0 ? 1 : 0));
  assert.ok(mask.some((m) => m === 0) && mask.some((m) => m === 1));
  close(x.grad!, flat(dy).map((g, i) => (mask[i] * g) / 0.6), 1e-12);
});

// ---- embedding and linear ----

test('embedding picks rows; repeated indices add their gradients; the padding row gets none', () => {
  const w = f64([[0, 1], [2, 3], [4, 5], [6, 7]], true);
  const idx = tensor([[3, 1, 3], [0, 3, 2]], { dtype: 'int32' });
  const y = embedding(idx, w, { paddingIdx: 0 });
  assert.deepEqual(y.shape, [2, 3, 2]);
  close(y, [6, 7, 2, 3, 6, 7, 0, 1, 6, 7, 4, 5]);
  const dy = f64([[[1, 2], [3, 4], [5, 6]], [[7, 8], [9, 10], [11, 12]]]);
  y.backward(dy);
  close(w.grad!, [0, 0, 3, 4, 11, 12, 1 + 5 + 9, 2 + 6 + 10]);
  w.grad = null;
  embedding(idx, w, { paddingIdx: -1 }).sum().backward(); // −1 is the last row, here 3
  close(w.grad!, [1, 1, 1, 1, 1, 1, 0, 0]);
  assert.throws(() => embedding(tensor([0, 4], { dtype: 'int32' }), w), errorNaming(IndexError, /index 4/, /4 rows/));
  assert.throws(() => embedding(tensor([-1], { dtype: 'int32' }), w), errorNaming(IndexError, /index -1/));
  assert.throws(() => embedding(tensor([0.0]), w), errorNaming(DTypeError, /int32/));
  assert.throws(() => embedding(idx, zeros([4])), errorNaming(ShapeError, /2-D/));
  manualSeed(2);
  const rows = tensor([[0, 4], [4, 2]], { dtype: 'int32' });
  check((w) => embedding(rows, w), [randn([5, 3], { dtype: 'float64', requiresGrad: true })]);
});

test('linear computes x·Wᵀ + b for any leading dims', () => {
  const x = f64([[1, 2, 3], [4, 5, 6]]);
  const w = f64([[1, 0, 0], [0, 1, 1]]);
  close(linear(x, w, f64([10, 20])), [11, 25, 14, 31]);
  close(linear(f64([1, 2, 3]), w), [1, 5]);
  assert.deepEqual(linear(zeros([2, 5, 3]), zeros([4, 3])).shape, [2, 5, 4]);
  manualSeed(1);
  check((x, w, b) => linear(x, w, b), [randn([2, 3, 4], { dtype: 'float64', requiresGrad: true }), randn([5, 4], { dtype: 'float64', requiresGrad: true }), randn([5], { dtype: 'float64', requiresGrad: true })]);
  assert.throws(() => linear(x, zeros([2, 4])), errorNaming(ShapeError, /\[2, 3\]/, /\[2, 4\]/));
  assert.throws(() => linear(x, w, zeros([3])), errorNaming(ShapeError, /bias/));
});
