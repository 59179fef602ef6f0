// Losses: values against plain-JS references written from PyTorch's definitions, gradcheck of
// every variant (weight, ignoreIndex, labelSmoothing, probabilities), stability, and the errors.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  tensor, gradcheck, Tensor, ShapeError, DTypeError, IndexError, ValueError,
  crossEntropy, nllLoss, mseLoss, l1Loss, huberLoss, smoothL1Loss, binaryCrossEntropy, binaryCrossEntropyWithLogits, klDiv,
  type CrossEntropyOptions,
} from '../../engine/index.ts';

type Nested = number[] | number[][] | number[][][] | number[][][][];
const f64 = (v: Nested | number, requiresGrad = false) => tensor(v, { dtype: 'float64', requiresGrad });
const i32 = (v: Nested | number) => tensor(v, { dtype: 'int32' });
const flat = (t: Tensor): number[] => Array.from(t.toTypedArray());

function close(actual: number | number[], expected: number | number[], tol = 1e-12, what = ''): void {
  const a = typeof actual === 'number' ? [actual] : actual;
  const e = typeof expected === 'number' ? [expected] : expected;
  assert.equal(a.length, e.length, `${what}: length`);
  a.forEach((x, i) => assert.ok(x === e[i] || Math.abs(x - e[i]) <= tol * Math.max(1, Math.abs(e[i])), `${what}[${i}]: got ${x}, expected ${e[i]}`));
}

const check = (fn: (...xs: Tensor[]) => Tensor, inputs: Tensor[]) => assert.ok(gradcheck(fn, inputs).passed);
const reduce = (v: number[], r: string) => (r === 'none' ? v : r === 'sum' ? v.reduce((a, b) => a + b, 0) : v.reduce((a, b) => a + b, 0) / v.length);
const errorNaming = (cls: Function, ...parts: RegExp[]) => (e: Error) => e instanceof cls && parts.every((p) => p.test(e.message));

// ---- cross-entropy reference: flat data of shape (N, C, D), D = product of the trailing dims ----

interface Ref { none: number[]; sum: number; mean: number }

function logSoftmaxRef(x: number[], N: number, C: number, D: number): number[] {
  const out = new Array<number>(x.length);
  for (let n = 0; n < N; n++) for (let d = 0; d < D; d++) {
    const at = (c: number) => (n * C + c) * D + d;
    let m = -Infinity;
    for (let c = 0; c < C; c++) m = Math.max(m, x[at(c)]);
    let s = 0;
    for (let c = 0; c < C; c++) s += Math.exp(x[at(c)] - m);
    for (let c = 0; c < C; c++) out[at(c)] = x[at(c)] - m - Math.log(s);
  }
  return out;
}

/** PyTorch's definition: (1−ε)·nll + ε/C·smooth, each mean divided by Σ weight[y] over counted targets. */
function ceIndexRef(logp: number[], N: number, C: number, D: number, target: number[], o: { weight?: number[]; ignoreIndex?: number; eps?: number }): Ref {
  const { weight, ignoreIndex = -100, eps = 0 } = o;
  const w = (c: number) => (weight ? weight[c] : 1);
  const none: number[] = [];
  let nllSum = 0, smoothSum = 0, total = 0;
  for (let n = 0; n < N; n++) for (let d = 0; d < D; d++) {
    const y = target[n * D + d];
    if (y === ignoreIndex) { none.push(0); continue; }
    const at = (c: number) => (n * C + c) * D + d;
    const nll = -w(y) * logp[at(y)];
    let smooth = 0;
    for (let c = 0; c < C; c++) smooth -= w(c) * logp[at(c)];
    none.push((1 - eps) * nll + (eps / C) * smooth);
    nllSum += nll; smoothSum += smooth; total += w(y);
  }
  const sum = none.reduce((a, b) => a + b, 0);
  return { none, sum, mean: (1 - eps) * (nllSum / total) + (eps / C) * (smoothSum / total) };
}

function ceProbRef(logp: number[], N: number, C: number, D: number, q: number[], o: { weight?: number[]; eps?: number }): Ref {
  const { weight, eps = 0 } = o;
  const none: number[] = [];
  for (let n = 0; n < N; n++) for (let d = 0; d < D; d++) {
    let s = 0;
    for (let c = 0; c < C; c++) {
      const at = (n * C + c) * D + d;
      s -= (weight ? weight[c] : 1) * ((1 - eps) * q[at] + eps / C) * logp[at];
    }
    none.push(s);
  }
  const sum = none.reduce((a, b) => a + b, 0);
  return { none, sum, mean: sum / (N * D) };
}

const LOGITS = [[0.5, -1.2, 2.0, 0.1], [1.5, 0.3, -0.7, 0.9], [-0.4, 2.2, 0.6, -1.8]]; // (N=3, C=4)
const TARGET = [2, 0, 3];

function compareCe(input: Tensor, target: Tensor, N: number, C: number, D: number, opts: CrossEntropyOptions, what: string): void {
  const logp = logSoftmaxRef(flat(input), N, C, D);
  const t = flat(target);
  const isProb = target.dtype !== 'int32';
  const o = { weight: opts.weight ? flat(opts.weight) : undefined, ignoreIndex: opts.ignoreIndex, eps: opts.labelSmoothing };
  const ref = isProb ? ceProbRef(logp, N, C, D, t, o) : ceIndexRef(logp, N, C, D, t, o);
  const none = crossEntropy(input, target, { ...opts, reduction: 'none' });
  close(flat(none), ref.none, 1e-12, `${what} none`);
  close(crossEntropy(input, target, { ...opts, reduction: 'sum' }).item(), ref.sum, 1e-12, `${what} sum`);
  close(crossEntropy(input, target, opts).item(), ref.mean, 1e-12, `${what} mean`);
  for (const reduction of ['mean', 'sum', 'none'] as const) {
    check((x) => crossEntropy(x, target, { ...opts, reduction }), [input.detach().requiresGrad_()]);
  }
}

const CE_VARIANTS: Array<[string, CrossEntropyOptions]> = [
  ['plain', {}],
  ['weight', { weight: f64([0.5, 2, 1, 3]) }],
  ['labelSmoothing', { labelSmoothing: 0.2 }],
  ['weight + labelSmoothing', { weight: f64([0.5, 2, 1, 3]), labelSmoothing: 0.2 }],
];

for (const [name, opts] of CE_VARIANTS) {
  test(`crossEntropy (N, C) class indices, ${name}: values and gradients`, () => {
    compareCe(f64(LOGITS), i32(TARGET), 3, 4, 1, opts, name);
  });
  test(`crossEntropy (N, C) with ignoreIndex, ${name}`, () => {
    compareCe(f64(LOGITS), i32([2, -100, 3]), 3, 4, 1, opts, `${name} ignore −100`);
    compareCe(f64(LOGITS), i32([2, 1, 1]), 3, 4, 1, { ...opts, ignoreIndex: 1 }, `${name} ignore 1 (a real class)`);
  });
  test(`crossEntropy (N, C, d1, d2) class indices, ${name}`, () => {
    const x = f64([[[[0.2, -0.5], [1.1, 0.4]], [[-1.0, 0.3], [0.8, -0.2]], [[0.5, 1.5], [-0.6, 0.1]]],
      [[[1.3, -0.9], [0.0, 0.7]], [[0.4, 0.6], [-1.2, 1.0]], [[-0.3, 0.2], [0.9, -1.1]]]]); // (2, 3, 2, 2)
    const three = { ...opts, weight: opts.weight ? f64(flat(opts.weight).slice(0, 3)) : undefined }; // C = 3 here
    compareCe(x, i32([[[0, 2], [1, 1]], [[2, -100], [0, 1]]]), 2, 3, 4, three, name);
  });
  test(`crossEntropy class probabilities, ${name}`, () => {
    const q = f64([[0.1, 0.2, 0.3, 0.4], [1, 0, 0, 0], [0.25, 0.25, 0.5, 0]]);
    compareCe(f64(LOGITS), q, 3, 4, 1, opts, name);
    check((x, p) => crossEntropy(x, p, opts), [f64(LOGITS, true), q.detach().requiresGrad_()]);
  });
}

test('crossEntropy (N, C, d) class probabilities, with weight and labelSmoothing', () => {
  const x = f64([[[0.2, -0.5], [1.1, 0.4], [-1.0, 0.3]], [[0.8, -0.2], [0.5, 1.5], [-0.6, 0.1]]]); // (2, 3, 2)
  const q = f64([[[0.2, 1], [0.3, 0], [0.5, 0]], [[0, 0.6], [0.5, 0.3], [0.5, 0.1]]]);
  compareCe(x, q, 2, 3, 2, {}, 'probabilities (N, C, d)');
  compareCe(x, q, 2, 3, 2, { weight: f64([0.5, 2, 1]), labelSmoothing: 0.3 }, 'probabilities (N, C, d) weighted, smoothed');
});

test('crossEntropy by hand: −log softmax of the target, weighted mean over weights', () => {
  const x = f64([[1, 2, 3], [1, 1, 1]]);
  const lse0 = Math.log(Math.exp(1) + Math.exp(2) + Math.exp(3));
  const l0 = lse0 - 3;
  const l1 = Math.log(3);
  close(crossEntropy(x, i32([2, 0])).item(), (l0 + l1) / 2, 1e-14);
  // weight [1, 2, 3]: (3·l0 + 1·l1) / (3 + 1)
  close(crossEntropy(x, i32([2, 0]), { weight: f64([1, 2, 3]) }).item(), (3 * l0 + l1) / 4, 1e-14);
  // The ignored item is left out of the mean's denominator.
  close(crossEntropy(x, i32([2, -100])).item(), l0, 1e-14);
  close(flat(crossEntropy(x, i32([2, -100]), { reduction: 'none' })), [l0, 0], 1e-14);
});

test('crossEntropy unbatched (C) input with a 0-dim target, and (C) probabilities', () => {
  const x = f64([0.3, -1.0, 2.0]);
  const lse = Math.log(Math.exp(0.3) + Math.exp(-1) + Math.exp(2));
  const none = crossEntropy(x, i32(2), { reduction: 'none' });
  assert.deepEqual(none.shape, []);
  close(none.item(), lse - 2, 1e-14);
  close(crossEntropy(x, i32(2)).item(), lse - 2, 1e-14);
  close(crossEntropy(x, f64([0, 0.5, 0.5])).item(), 0.5 * (lse + 1) + 0.5 * (lse - 2), 1e-14);
  check((a) => crossEntropy(a, i32(1), { labelSmoothing: 0.1 }), [f64([0.3, -1.0, 2.0], true)]);
});

test('crossEntropy: every target ignored gives NaN for mean (0/0), 0 for sum, as PyTorch', () => {
  assert.ok(Number.isNaN(crossEntropy(f64(LOGITS), i32([-100, -100, -100])).item()));
  close(crossEntropy(f64(LOGITS), i32([-100, -100, -100]), { reduction: 'sum' }).item(), 0, 0);
});

test('crossEntropy is stable for huge logits and −∞ logits of other classes', () => {
  close(crossEntropy(f64([[1000, 0, -1000]]), i32([0])).item(), 0, 1e-15);
  close(crossEntropy(f64([[1000, 0, -1000]]), i32([1])).item(), 1000, 1e-15);
  close(crossEntropy(tensor([[1000, 0]]), i32([1])).item(), 1000, 1e-7);
  const x = f64([[0, -Infinity, 0]], true);
  const loss = crossEntropy(x, i32([0]));
  close(loss.item(), Math.log(2), 1e-15);
  loss.backward();
  close(flat(x.grad!), [-0.5, 0, 0.5], 1e-15, 'gradient stays finite');
});

test('crossEntropy keeps float32', () => {
  const loss = crossEntropy(tensor(LOGITS), i32(TARGET));
  assert.equal(loss.dtype, 'float32');
  const ref = ceIndexRef(logSoftmaxRef(LOGITS.flat(), 3, 4, 1), 3, 4, 1, TARGET, {});
  close(loss.item(), ref.mean, 1e-6);
});

test('nllLoss on log-probabilities: weight, ignoreIndex, reductions, (N, C, d) and unbatched', () => {
  const logp = logSoftmaxRef(LOGITS.flat(), 3, 4, 1);
  const lp = f64([logp.slice(0, 4), logp.slice(4, 8), logp.slice(8)]);
  for (const opts of [{}, { weight: f64([0.5, 2, 1, 3]) }, { ignoreIndex: 0 }, { weight: f64([0.5, 2, 1, 3]), ignoreIndex: 3 }]) {
    const ref = ceIndexRef(logp, 3, 4, 1, TARGET, { ...opts, weight: opts.weight ? flat(opts.weight) : undefined });
    close(flat(nllLoss(lp, i32(TARGET), { ...opts, reduction: 'none' })), ref.none, 1e-14);
    close(nllLoss(lp, i32(TARGET), { ...opts, reduction: 'sum' }).item(), ref.sum, 1e-14);
    close(nllLoss(lp, i32(TARGET), opts).item(), ref.mean, 1e-14);
    check((x) => nllLoss(x, i32(TARGET), opts), [lp.detach().requiresGrad_()]);
  }
  // By hand: −(2·x[0,1] + 3·x[1,2]) / (2 + 3).
  const x = f64([[-1, -2, -3], [-4, -5, -6]]);
  close(nllLoss(x, i32([1, 2]), { weight: f64([1, 2, 3]) }).item(), (2 * 2 + 3 * 6) / 5, 1e-15);
  close(flat(nllLoss(f64([[[-1, -2], [-3, -4]]]), i32([[1, 0]]), { reduction: 'none' })), [3, 2], 0, '(N, C, d)');
  close(nllLoss(f64([-1, -2, -3]), i32(1)).item(), 2, 0, 'unbatched');
  check((a) => nllLoss(a, i32([[1, 0]])), [f64([[[-1, -2], [-3, -4]]], true)]);
});

test('crossEntropy and nllLoss: bad targets', () => {
  const x = f64(LOGITS); // (3, 4)
  assert.throws(() => crossEntropy(x, i32([0, 1])), errorNaming(ShapeError, /crossEntropy/, /\[2\]/, /\[3, 4\]/, /\[3\]/));
  assert.throws(() => nllLoss(x, i32([[0, 1, 2]])), errorNaming(ShapeError, /nllLoss/, /\[1, 3\]/, /\[3, 4\]/));
  assert.throws(() => crossEntropy(x, i32([0, 4, 1])), errorNaming(IndexError, /crossEntropy/, /target index 4/, /4 classes/));
  assert.throws(() => crossEntropy(x, i32([0, -1, 1])), errorNaming(IndexError, /target index -1/));
  assert.throws(() => nllLoss(x, i32([0, 7, 1]), { ignoreIndex: 5 }), errorNaming(IndexError, /nllLoss/, /target index 7/, /4 classes/));
  crossEntropy(x, i32([0, 7, 1]), { ignoreIndex: 7 }); // the ignored value may be out of range
  // Float class indices, and probabilities of the wrong shape / wrong dtype.
  assert.throws(() => crossEntropy(x, f64([0, 1, 2])), errorNaming(DTypeError, /int32/, /float64/, /\[3, 4\]/));
  assert.throws(() => crossEntropy(x, f64([[0.5, 0.5], [0.5, 0.5], [0.5, 0.5]])), errorNaming(ShapeError, /\[3, 2\]/, /\[3, 4\]/));
  assert.throws(() => crossEntropy(x, i32([[0, 1, 0, 0], [1, 0, 0, 0], [0, 0, 0, 1]])), errorNaming(DTypeError, /probabilities/, /float/, /int32/));
  assert.throws(() => nllLoss(x, f64([0, 1, 2])), errorNaming(DTypeError, /nllLoss/, /int32/));
  assert.throws(() => crossEntropy(x, i32(TARGET), { weight: f64([1, 2, 3]) }), errorNaming(ShapeError, /weight/, /\[4\]/, /\[3\]/));
  assert.throws(() => crossEntropy(f64(1), i32(0)), errorNaming(ShapeError, /0-dim/));
  assert.throws(() => crossEntropy(x, i32(TARGET), { reduction: 'avg' as 'mean' }), errorNaming(ValueError, /crossEntropy/, /'none', 'mean', 'sum'/, /'avg'/));
  assert.throws(() => nllLoss(x, i32(TARGET), { reduction: 'batchmean' as 'mean' }), errorNaming(ValueError, /'batchmean'/));
  assert.throws(() => crossEntropy(x, i32(TARGET), { labelSmoothing: 1.5 }), errorNaming(ValueError, /labelSmoothing/, /1\.5/));
});

// ---- regression losses ----

const X = [[0.5, -1.2, 3.0], [2.2, 0.1, -0.4]];
const Y = [[0.0, -1.0, 1.0], [2.0, 1.6, -0.4]];
const D = X.flat().map((x, i) => x - Y.flat()[i]);

const REGRESSION: Array<[string, (a: Tensor, b: Tensor, r: 'none' | 'mean' | 'sum') => Tensor, (d: number) => number]> = [
  ['mseLoss', (a, b, reduction) => mseLoss(a, b, { reduction }), (d) => d * d],
  ['l1Loss', (a, b, reduction) => l1Loss(a, b, { reduction }), (d) => Math.abs(d)],
  ['huberLoss', (a, b, reduction) => huberLoss(a, b, { reduction }), (d) => (Math.abs(d) < 1 ? 0.5 * d * d : Math.abs(d) - 0.5)],
  ['huberLoss delta 0.7', (a, b, reduction) => huberLoss(a, b, { delta: 0.7, reduction }), (d) => (Math.abs(d) < 0.7 ? 0.5 * d * d : 0.7 * (Math.abs(d) - 0.35))],
  ['smoothL1Loss', (a, b, reduction) => smoothL1Loss(a, b, { reduction }), (d) => (Math.abs(d) < 1 ? 0.5 * d * d : Math.abs(d) - 0.5)],
  ['smoothL1Loss beta 0.7', (a, b, reduction) => smoothL1Loss(a, b, { beta: 0.7, reduction }), (d) => (Math.abs(d) < 0.7 ? (0.5 * d * d) / 0.7 : Math.abs(d) - 0.35)],
  ['smoothL1Loss beta 0', (a, b, reduction) => smoothL1Loss(a, b, { beta: 0, reduction }), (d) => Math.abs(d)],
];

for (const [name, fn, ref] of REGRESSION) {
  test(`${name}: values, reductions and gradients`, () => {
    const perElement = D.map(ref);
    for (const r of ['none', 'mean', 'sum'] as const) {
      const out = fn(f64(X), f64(Y), r);
      assert.deepEqual(out.shape, r === 'none' ? [2, 3] : []);
      close(flat(out), reduce(perElement, r), 1e-14, `${name} ${r}`);
    }
    // d = 0 (the last element) is a kink of l1; the smooth losses pass gradcheck there too, so move it off.
    const y = f64([[0.0, -1.0, 1.0], [2.0, 1.6, -0.3]]);
    for (const r of ['none', 'mean', 'sum'] as const) check((a, b) => fn(a, b, r), [f64(X, true), y.detach().requiresGrad_()]);
  });
  test(`${name}: target shape must match, reduction must be known`, () => {
    assert.throws(() => fn(f64([[1], [2]]), f64([1, 2]), 'mean'), errorNaming(ShapeError, new RegExp(name.split(' ')[0]), /\[2\]/, /\[2, 1\]/));
    assert.throws(() => fn(f64([1]), f64([1]), 'avg' as 'mean'), errorNaming(ValueError, /'none', 'mean', 'sum'/, /'avg'/));
  });
}

test('huber and smoothL1 gradients are continuous at the joint, as PyTorch', () => {
  const x = f64([1, -1, 0.5], true);
  huberLoss(x, f64([0, 0, 0]), { reduction: 'sum' }).backward();
  close(flat(x.grad!), [1, -1, 0.5], 0);
  const z = f64([2, 0.5], true);
  smoothL1Loss(z, f64([0, 0]), { beta: 2, reduction: 'sum' }).backward();
  close(flat(z.grad!), [1, 0.25], 0);
  const w = f64([0, 1], true);
  l1Loss(w, f64([0, 0]), { reduction: 'sum' }).backward();
  close(flat(w.grad!), [0, 1], 0, 'l1 gradient at d = 0 is 0');
});

test('huber delta and smoothL1 beta are checked', () => {
  assert.throws(() => huberLoss(f64([1]), f64([1]), { delta: 0 }), errorNaming(ValueError, /delta/));
  assert.throws(() => smoothL1Loss(f64([1]), f64([1]), { beta: -1 }), errorNaming(ValueError, /beta/));
});

test('an empty batch averages to NaN, sums to 0', () => {
  assert.ok(Number.isNaN(mseLoss(f64([]), f64([])).item()));
  close(mseLoss(f64([]), f64([]), { reduction: 'sum' }).item(), 0, 0);
});

// ---- binary cross-entropy ----

const P = [[0.2, 0.9, 0.5], [0.7, 0.05, 0.35]];
const T = [[0, 1, 1], [1, 0, 0.3]];
const bceRef = (p: number, t: number) => -(t * Math.max(Math.log(p), -100) + (1 - t) * Math.max(Math.log(1 - p), -100));

test('binaryCrossEntropy: values, weight, reductions, gradients', () => {
  const per = P.flat().map((p, i) => bceRef(p, T.flat()[i]));
  for (const r of ['none', 'mean', 'sum'] as const) close(flat(binaryCrossEntropy(f64(P), f64(T), { reduction: r })), reduce(per, r), 1e-14, r);
  const w = [2, 0.5, 1];
  const weighted = per.map((v, i) => v * w[i % 3]);
  close(binaryCrossEntropy(f64(P), f64(T), { weight: f64(w) }).item(), reduce(weighted, 'mean') as number, 1e-14, 'weight');
  check((a, b) => binaryCrossEntropy(a, b), [f64(P, true), f64(T, true)]);
  check((a) => binaryCrossEntropy(a, f64(T), { weight: f64(w), reduction: 'sum' }), [f64(P, true)]);
  check((a) => binaryCrossEntropy(a, f64(T), { reduction: 'none' }), [f64(P, true)]);
});

test('binaryCrossEntropy clamps log at −100: certainty in the wrong answer costs 100, never ∞ or NaN', () => {
  close(flat(binaryCrossEntropy(f64([0, 1, 0, 1]), f64([1, 0, 0, 1]), { reduction: 'none' })), [100, 100, 0, 0], 0);
  close(flat(binaryCrossEntropy(tensor([0, 1]), tensor([1, 0]), { reduction: 'none' })), [100, 100], 0, 'float32');
  const p = f64([0, 1, 1e-300], true);
  binaryCrossEntropy(p, f64([1, 0, 1]), { reduction: 'sum' }).backward();
  assert.ok(flat(p.grad!).every(Number.isFinite), `finite gradient, got ${flat(p.grad!)}`);
});

test('binaryCrossEntropy: errors', () => {
  assert.throws(() => binaryCrossEntropy(f64([0.5, 1.5]), f64([0, 1])), errorNaming(ValueError, /\[0, 1\]/, /1\.5/));
  assert.throws(() => binaryCrossEntropy(f64([[0.5, 0.5]]), f64([0, 1])), errorNaming(ShapeError, /binaryCrossEntropy/, /\[1, 2\]/, /\[2\]/));
  assert.throws(() => binaryCrossEntropy(f64([0.5, 0.5]), f64([0, 1]), { weight: f64([1, 2, 3]) }), errorNaming(ShapeError, /weight/, /\[3\]/, /\[2\]/));
  assert.throws(() => binaryCrossEntropy(f64([0.5]), f64([0]), { reduction: 'batchmean' as 'mean' }), ValueError);
});

const Z = [[0.8, -2.5, 0.0], [3.1, -0.4, 1.7]];
const sig = (x: number) => 1 / (1 + Math.exp(-x));
const bceLogitsRef = (z: number, t: number, pw = 1) => -(pw * t * Math.log(sig(z)) + (1 - t) * Math.log(1 - sig(z)));

test('binaryCrossEntropyWithLogits: values, weight, posWeight, gradients', () => {
  const per = Z.flat().map((z, i) => bceLogitsRef(z, T.flat()[i]));
  for (const r of ['none', 'mean', 'sum'] as const) close(flat(binaryCrossEntropyWithLogits(f64(Z), f64(T), { reduction: r })), reduce(per, r), 1e-13, r);
  const pw = [3, 1, 0.5]; // one per class (the last dim)
  const w = [[2], [0.5]]; // one per row
  const both = Z.flat().map((z, i) => w[Math.floor(i / 3)][0] * bceLogitsRef(z, T.flat()[i], pw[i % 3]));
  close(flat(binaryCrossEntropyWithLogits(f64(Z), f64(T), { posWeight: f64(pw), weight: f64(w), reduction: 'none' })), both, 1e-13, 'posWeight + weight');
  check((a, b) => binaryCrossEntropyWithLogits(a, b), [f64(Z, true), f64(T, true)]);
  check((a, b) => binaryCrossEntropyWithLogits(a, f64(T), { posWeight: b, weight: f64(w), reduction: 'sum' }), [f64(Z, true), f64(pw, true)]);
  // It is binaryCrossEntropy of σ(x), without forming σ(x).
  close(binaryCrossEntropyWithLogits(f64(Z), f64(T)).item(), binaryCrossEntropy(f64(Z).sigmoid(), f64(T)).item(), 1e-13, 'same as bce(σ(x))');
});

test('binaryCrossEntropyWithLogits is exact at logits ±1000', () => {
  close(flat(binaryCrossEntropyWithLogits(f64([1000, -1000, 1000, -1000]), f64([0, 1, 1, 0]), { reduction: 'none' })), [1000, 1000, 0, 0], 0);
  close(flat(binaryCrossEntropyWithLogits(tensor([1000, -1000]), tensor([0, 1]), { reduction: 'none' })), [1000, 1000], 0, 'float32');
  const x = f64([1000, -1000, 1000], true);
  binaryCrossEntropyWithLogits(x, f64([0, 1, 1]), { reduction: 'sum', posWeight: f64([2]) }).backward();
  close(flat(x.grad!), [1, -2, 0], 0, 'gradient σ(x)·(1 + (pw−1)y) − pw·y');
});

test('binaryCrossEntropyWithLogits: errors', () => {
  assert.throws(() => binaryCrossEntropyWithLogits(f64([1, 2]), f64([[0, 1]])), errorNaming(ShapeError, /binaryCrossEntropyWithLogits/, /\[1, 2\]/, /\[2\]/));
  assert.throws(() => binaryCrossEntropyWithLogits(f64([[1, 2]]), f64([[0, 1]]), { posWeight: f64([1, 2, 3]) }), errorNaming(ShapeError, /posWeight/, /\[3\]/));
});

// ---- KL divergence ----

test('klDiv: input is log q, target p; 0·log 0 = 0; all reductions', () => {
  const q = [[0.2, 0.3, 0.5], [0.6, 0.3, 0.1]];
  const p = [[0.1, 0.0, 0.9], [0.5, 0.25, 0.25]];
  const logq = f64(q.map((r) => r.map(Math.log)));
  const per = q.flat().map((qi, i) => { const pi = p.flat()[i]; return pi === 0 ? 0 : pi * (Math.log(pi) - Math.log(qi)); });
  const total = per.reduce((a, b) => a + b, 0);
  close(flat(klDiv(logq, f64(p), { reduction: 'none' })), per, 1e-14, 'none');
  close(klDiv(logq, f64(p), { reduction: 'sum' }).item(), total, 1e-14, 'sum');
  close(klDiv(logq, f64(p)).item(), total / 6, 1e-14, 'mean over elements');
  close(klDiv(logq, f64(p), { reduction: 'batchmean' }).item(), total / 2, 1e-14, 'batchmean: per row');
  const logp = f64(p.map((r) => r.map(Math.log)));
  close(klDiv(logq, logp, { reduction: 'batchmean', logTarget: true }).item(), total / 2, 1e-14, 'logTarget');
  check((a) => klDiv(a, f64(p), { reduction: 'batchmean' }), [logq.detach().requiresGrad_()]);
  check((a, b) => klDiv(a, b, { reduction: 'sum' }), [logq.detach().requiresGrad_(), f64([[0.1, 0.2, 0.7], [0.5, 0.25, 0.25]], true)]);
  check((a, b) => klDiv(a, b, { logTarget: true, reduction: 'none' }), [logq.detach().requiresGrad_(), f64([[-1.2, -0.5, -2], [0.3, -1, -0.1]], true)]);
  // p = 0 given as log p = −∞ contributes 0, with finite gradients.
  const lt = f64([-Infinity, 0], true);
  const li = f64([-1, -0.5], true);
  const kl = klDiv(li, lt, { logTarget: true, reduction: 'none' });
  close(flat(kl), [0, 0.5], 0, 'log-target −∞');
  kl.sum().backward();
  assert.ok([...flat(lt.grad!), ...flat(li.grad!)].every(Number.isFinite));
  // A zero target gives a finite (zero-valued) loss and a finite gradient.
  const t = f64([0, 1], true);
  klDiv(f64([-1, -0.5]), t, { reduction: 'sum' }).backward();
  assert.ok(flat(t.grad!).every(Number.isFinite));
});

test('klDiv: errors', () => {
  assert.throws(() => klDiv(f64([-1]), f64([1]), { reduction: 'avg' as 'mean' }), errorNaming(ValueError, /klDiv/, /'batchmean'/, /'avg'/));
  assert.throws(() => klDiv(f64([[-1, -1]]), f64([0.5, 0.5])), errorNaming(ShapeError, /klDiv/, /\[2\]/, /\[1, 2\]/));
});
