// sort, argsort, topk, median, quantile, mode, cumprod, remainder, fmod, floorDivide and div's
// roundingMode: values against PyTorch 1.13 (numbers pasted from torch 1.13.0 CPU runs, noted as
// such) or worked by hand, the edge cases (ties, NaN, ±∞, −0, empty dims, k = 0, int dtypes), the
// errors, and gradients. The primitives' gradchecks run in op-table.test.ts; the ops composed
// through gather (sort, topk, median along a dim, quantile, mode) are gradchecked here.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  tensor, randn, manualSeed, gradcheck, grad, enableGrad, sort, argsort, topk, median, quantile, mode, cumprod, remainder, fmod, floorDivide, div,
  ValueError, DTypeError, IndexError, ShapeError, type Tensor,
} from '../../engine/index.ts';

const f64 = { dtype: 'float64' as const };
const i32 = { dtype: 'int32' as const };
const values = (t: Tensor): unknown => t.toArray();
/** Float32 results compared at float32 precision (PyTorch prints them rounded). */
function close(t: Tensor, want: number[], tol = 1e-6): void {
  const got = Array.from(t.toTypedArray(), Number);
  assert.equal(got.length, want.length);
  got.forEach((g, i) => assert.ok(Object.is(g, want[i]) || Math.abs(g - want[i]) <= tol * Math.max(1, Math.abs(want[i])), `element ${i}: ${g} vs ${want[i]}`));
}

// ---- sort / argsort ----

test('sort: ascending puts −∞ first and NaN after +∞; −0 and 0 are equal and keep their order (torch 1.13)', () => {
  const x = tensor([3, NaN, 1, Infinity, -Infinity, 1, -0, 0, NaN, 2]);
  const { values: v, indices } = sort(x);
  assert.deepEqual(values(v), [-Infinity, -0, 0, 1, 1, 2, 3, Infinity, NaN, NaN]);
  assert.deepEqual(values(indices), [4, 6, 7, 2, 5, 9, 0, 3, 1, 8]);
  assert.equal(indices.dtype, 'int32');
});

test('sort: descending puts NaN first, ties still in their original order (torch 1.13, stable=True)', () => {
  const x = tensor([3, NaN, 1, Infinity, -Infinity, 1, -0, 0, NaN, 2]);
  for (const r of [sort(x, 0, true), sort(x, { descending: true }), x.sort(-1, true)]) {
    assert.deepEqual(values(r.values), [NaN, NaN, Infinity, 3, 2, 1, 1, -0, 0, -Infinity]);
    assert.deepEqual(values(r.indices), [1, 8, 3, 0, 9, 2, 5, 6, 7, 4]);
  }
});

test('argsort: stable on ints both ways (torch 1.13)', () => {
  const x = tensor([2, 1, 2, 1, 0], i32);
  assert.deepEqual(values(argsort(x)), [4, 1, 3, 0, 2]);
  assert.deepEqual(values(x.argsort(0, true)), [0, 2, 1, 3, 4]);
  assert.deepEqual(values(argsort(x, { dim: 0, descending: true, stable: true })), [0, 2, 1, 3, 4]);
});

test('argsort agrees with a plain comparator sort on 100 random rows full of ties and NaNs, both ways', () => {
  manualSeed(3);
  const d = randn([50, 37]).mul(2).round().toTypedArray();
  for (let i = 0; i < d.length; i += 7) d[i] = NaN;
  const y = tensor(Array.from(d)).reshape([50, 37]);
  // NaN above everything, ties by position: the rule, written as the obvious comparator.
  const cmp = (A: number, B: number): number => (A !== A ? (B !== B ? 0 : 1) : B !== B ? -1 : A < B ? -1 : A > B ? 1 : 0);
  for (const desc of [false, true]) {
    const got = argsort(y, 1, desc).toArray() as number[][];
    (y.toArray() as number[][]).forEach((row, r) => {
      const want = row.map((_, k) => k).sort((a, b) => (desc ? cmp(row[b], row[a]) : cmp(row[a], row[b])) || a - b);
      assert.deepEqual(got[r], want, `row ${r}, descending ${desc}`);
    });
  }
});

test('sort: along dim 0 of a matrix, bools, a 0-dim tensor and an empty dim', () => {
  const m = tensor([[3, 1], [1, 2], [2, 0]]);
  const s = sort(m, 0);
  assert.deepEqual(values(s.values), [[1, 0], [2, 1], [3, 2]]);
  assert.deepEqual(values(s.indices), [[1, 2], [2, 0], [0, 1]]);
  const b = sort(tensor([true, false, true])); // torch 1.13: values [False, True, True], indices [1, 0, 2]
  assert.deepEqual(values(b.indices), [1, 0, 2]);
  assert.equal(b.values.dtype, 'bool');
  const z = sort(tensor(3));
  assert.deepEqual([z.values.shape, z.values.item(), z.indices.item()], [[], 3, 0]);
  const e = sort(tensor([[], []]), 1);
  assert.deepEqual([e.values.shape, e.indices.shape], [[2, 0], [2, 0]]);
});

test('sort: an unknown option key is an error naming sort', () => {
  assert.throws(() => sort(tensor([1, 2]), { descend: true } as never), (e: Error) => e instanceof ValueError && /sort: unknown option 'descend'/.test(e.message));
  assert.throws(() => sort(tensor([1, 2]), 1), IndexError);
});

// ---- topk ----

test('topk: NaN counts as the largest, largest=false, ints along a dim (torch 1.13)', () => {
  const a = topk(tensor([1, 3, 3, 2, NaN]), 2);
  assert.deepEqual(values(a.values), [NaN, 3]);
  assert.equal(a.indices.toArray()[0], 4);
  const s = topk(tensor([1, 3, 3, 2]), 2, -1, false);
  assert.deepEqual([values(s.values), values(s.indices)], [[1, 2], [0, 3]]);
  const m = topk(tensor([[4, 1, 4], [0, 0, 9]], i32), 2, 1);
  assert.deepEqual([values(m.values), values(m.indices)], [[[4, 4], [9, 0]], [[0, 2], [2, 0]]]);
  const o = tensor([5, 1, 4, 2, 3]).topk(3, { largest: true, sorted: false });
  assert.deepEqual([values(o.values), values(o.indices)], [[5, 4, 3], [0, 2, 4]]);
});

test('topk: ties go to the earlier element (PyTorch leaves their order unspecified)', () => {
  assert.deepEqual(values(topk(tensor([3, 3, 3, 3]), 2).indices), [0, 1]);
});

test('topk: k = 0 gives an empty dim, k = size everything; k past the size or negative is an error naming topk and the shape', () => {
  assert.deepEqual(topk(tensor([[1, 2], [3, 4]]), 0).values.shape, [2, 0]);
  assert.deepEqual(values(topk(tensor([1, 2]), 2).values), [2, 1]);
  assert.deepEqual(topk(tensor([[], []]), 0, 1).indices.shape, [2, 0]);
  assert.throws(() => topk(tensor([1, 2]), 3), (e: Error) => e instanceof ValueError && /topk: k = 3 .* size 2 \(shape \[2\]\)/.test(e.message));
  assert.throws(() => topk(tensor([1, 2]), -1), ValueError);
  assert.throws(() => topk(tensor([1, 2]), 1, { dim: 0, k: 1 } as never), /topk: unknown option 'k'/);
});

// ---- median ----

test('median: the lower middle, no averaging; NaN anywhere makes it NaN (torch 1.13)', () => {
  assert.equal(median(tensor([3, 1, 2, 4])).item(), 2);
  assert.ok(Number.isNaN(median(tensor([3, NaN, 2])).item()));
  assert.ok(Number.isNaN(median(tensor([])).item())); // torch 1.13: tensor(nan)
  assert.equal(median(tensor(3)).item(), 3);
  const r = median(tensor([[3, 1, 2, 4], [1, NaN, 0, NaN], [5, 5, 1, 5]]), 1);
  assert.deepEqual([values(r.values), values(r.indices)], [[2, NaN, 5], [2, 1, 0]]);
});

test('median along a dim: ints, keepdim, ties, dim -1, a 0-dim tensor (torch 1.13)', () => {
  const i = median(tensor([[3, 1, 2, 4]], i32), 1);
  assert.deepEqual([values(i.values), values(i.indices), i.values.dtype], [[2], [2], 'int32']);
  const k = median(tensor([[1, 5], [3, 2]], i32), 0, true);
  assert.deepEqual([values(k.values), values(k.indices)], [[[1, 2]], [[0, 1]]]);
  const t = tensor([2, 1, 2, 2, 1]).median({ dim: 0 });
  assert.deepEqual([t.values.item(), t.indices.item()], [2, 0]);
  const last = median(tensor([[1, 2], [3, 4]]), -1);
  assert.deepEqual([values(last.values), values(last.indices)], [[1, 3], [0, 0]]);
  const z = median(tensor(3), 0);
  assert.deepEqual([z.values.shape, z.values.item(), z.indices.item()], [[], 3, 0]);
});

test('median: an empty dim, a bool tensor and an unknown option are errors naming median', () => {
  assert.throws(() => median(tensor([[], []]), 1), (e: Error) => e instanceof IndexError && /median: .*size 0.*\[2, 0\]/.test(e.message));
  assert.deepEqual(median(tensor([[], [], []]).reshape([0, 3]), 1).values.shape, [0]); // torch 1.13: an empty result
  assert.throws(() => median(tensor([true, false])), DTypeError);
  assert.throws(() => median(tensor([1, 2]), { dim: 0, keepDim: true } as never), /median: unknown option 'keepDim'/);
});

test('median gradient: over all elements tied medians share it, a NaN median goes to the NaNs; along a dim only the chosen one (torch 1.13)', () => {
  const x = tensor([2, 1, 2, 2, 1], { ...f64, requiresGrad: true });
  median(x).backward();
  close(x.grad!, [1 / 3, 0, 1 / 3, 1 / 3, 0], 1e-12);
  const n = tensor([2, NaN, NaN], { ...f64, requiresGrad: true });
  median(n).backward();
  assert.deepEqual(values(n.grad!), [0, 0.5, 0.5]);
  const d = tensor([2, 1, 2, 2, 1], { ...f64, requiresGrad: true });
  median(d, 0).values.backward();
  assert.deepEqual(values(d.grad!), [1, 0, 0, 0, 0]);
});

// ---- quantile ----

test('quantile: every interpolation at q = 0 … 1 on 0..4 in float32 (torch 1.13)', () => {
  const x = tensor([0, 1, 2, 3, 4]);
  const q = [0, 0.1, 0.25, 0.5, 0.625, 0.875, 1];
  const want: Record<string, number[]> = {
    linear: [0, 0.4000000059604645, 1, 2, 2.5, 3.5, 4],
    lower: [0, 0, 1, 2, 2, 3, 4],
    higher: [0, 1, 1, 2, 3, 4, 4],
    midpoint: [0, 0.5, 1, 2, 2.5, 3.5, 4],
    nearest: [0, 0, 1, 2, 2, 4, 4],
  };
  for (const [how, w] of Object.entries(want)) {
    assert.deepEqual(values(quantile(x, q, null, false, { interpolation: how as 'linear' })), w, how);
    assert.deepEqual(values(x.quantile(tensor(q), { interpolation: how as 'linear' })), w, how);
  }
});

test('quantile: float32 rounds the rank as PyTorch; nearest rounds half to even (torch 1.13)', () => {
  assert.equal(quantile(tensor([1, 7, 3, 2]), 0.1).item(), 1.2999999523162842);
  assert.equal(quantile(tensor([1, 7, 3, 2], f64), 0.1).item(), 1.3);
  assert.deepEqual(values(quantile(tensor([0, 10, 20]), [0.25, 0.75], null, false, { interpolation: 'nearest' })), [0, 20]);
  assert.deepEqual(values(quantile(tensor([0, 10, 20, 30, 40]), [0.125, 0.375, 0.625], null, false, { interpolation: 'nearest' })), [0, 20, 20]);
  assert.equal(quantile(tensor([-0, 0]), 0.5).item(), 0);
});

test('quantile: a row with NaN gives NaN; shapes with a dim, keepdim, and no dim (torch 1.13)', () => {
  assert.deepEqual(values(quantile(tensor([[1, NaN, 3], [1, 2, 3]]), 0.5, 1)), [NaN, 2]);
  const x = tensor(Array.from({ length: 24 }, (_, i) => i)).reshape([2, 3, 4]);
  const q = quantile(x, [0.2, 0.8], 1, true);
  assert.deepEqual(q.shape, [2, 2, 1, 4]);
  close(q, [1.6, 2.6, 3.6, 4.6, 13.6, 14.6, 15.6, 16.6, 6.4, 7.4, 8.4, 9.4, 18.4, 19.4, 20.4, 21.4]);
  assert.deepEqual(quantile(x, 0.3, { keepdim: true }).shape, [1, 1, 1]);
  assert.deepEqual(quantile(x, tensor([0.3]), null, true).shape, [1, 1, 1, 1]);
  assert.deepEqual(quantile(x, 0.5, -1).shape, [2, 3]);
  assert.deepEqual(quantile(x, tensor(0.5)).shape, []);
  assert.equal(quantile(tensor(3), 0.5).item(), 3);
});

test('quantile: q outside [0, 1], an int or empty input, a 2-D q, a bad interpolation or option are errors naming quantile', () => {
  const x = tensor([0, 1, 2]);
  assert.throws(() => quantile(x, 1.5), (e: Error) => e instanceof ValueError && /quantile: q must be in \[0, 1\], got 1.5/.test(e.message));
  assert.throws(() => quantile(x, [0.5, -0.1]), /got -0.1/);
  assert.throws(() => quantile(x, NaN), ValueError);
  assert.throws(() => quantile(tensor([1, 2], i32), 0.5), DTypeError);
  assert.throws(() => quantile(tensor([]), 0.5), /quantile: the input of shape \[0\] is empty/);
  assert.throws(() => quantile(x, tensor([[0.5]])), ShapeError);
  assert.throws(() => quantile(x, 0.5, null, false, { interpolation: 'foo' as 'linear' }), /interpolation must be one of linear, lower, higher, midpoint, nearest, got 'foo'/);
  assert.throws(() => quantile(x, 0.5, { dim: 0, method: 'linear' } as never), /quantile: unknown option 'method'/);
});

test('quantile gradient: the two neighbouring order statistics with the linear weights (torch 1.13)', () => {
  const x = tensor([3, 1, 2, 5], { ...f64, requiresGrad: true });
  quantile(x, 0.4).backward();
  close(x.grad!, [0.2, 0, 0.8, 0], 1e-12);
});

// ---- mode ----

test('mode: the smallest most frequent value and the last index of it (torch 1.13)', () => {
  const a = mode(tensor([1, 2, 2, 3, 3, 1, 0], i32));
  assert.deepEqual([a.values.item(), a.indices.item()], [1, 5]);
  const b = mode(tensor([[1, 2, 2, 1], [3, 1, 3, 1]]), 1);
  assert.deepEqual([values(b.values), values(b.indices)], [[1, 1], [3, 3]]);
  const c = tensor([5, 2, 5, 2, 5, 2]).mode();
  assert.deepEqual([c.values.item(), c.indices.item()], [2, 5]);
  const k = mode(tensor([[1, 5, 5], [3, 2, 3]], i32), { dim: 1, keepdim: true });
  assert.deepEqual([values(k.values), values(k.indices)], [[[5], [3]], [[2], [2]]]);
  const z = mode(tensor([2, -0, 0, 2])); // −0 and 0 are one value
  assert.deepEqual([z.values.item(), z.indices.item()], [0, 2]);
  const s = mode(tensor(4));
  assert.deepEqual([s.values.shape, s.values.item(), s.indices.item()], [[], 4, 0]);
});

test('mode: NaNs count as one value (PyTorch 1.13 gives an order-dependent answer here); an empty dim is an error', () => {
  const n = mode(tensor([NaN, 1, NaN]));
  assert.ok(Number.isNaN(n.values.item()));
  assert.equal(n.indices.item(), 2);
  assert.throws(() => mode(tensor([[], []]), 1), (e: Error) => e instanceof IndexError && /mode: .*size 0/.test(e.message));
  assert.deepEqual(mode(tensor([[], [], []]).reshape([0, 3]), 1).values.shape, [0]);
});

test('mode gradient goes to the returned index (torch 1.13)', () => {
  const x = tensor([1, 2, 2, 3], { ...f64, requiresGrad: true });
  mode(x).values.backward();
  assert.deepEqual(values(x.grad!), [0, 0, 1, 0]);
});

// ---- cumprod ----

test('cumprod: values, ints, bools to int32, 0-dim and empty (torch 1.13)', () => {
  assert.deepEqual(values(cumprod(tensor([2, 0, 3, 4, 0, 5]), 0)), [2, 0, 0, 0, 0, 0]);
  const i = cumprod(tensor([2, 3, -1], i32), 0);
  assert.deepEqual([values(i), i.dtype], [[2, 6, -6], 'int32']);
  assert.equal(cumprod(tensor([true, true]), 0).dtype, 'int32');
  assert.deepEqual(values(tensor([[1, 2], [3, 4]]).cumprod(-1)), [[1, 2], [3, 12]]);
  assert.equal(cumprod(tensor(3), 0).item(), 3);
  assert.deepEqual(cumprod(tensor([]), 0).shape, [0]);
});

test('cumprod gradient through zeros is exact, not NaN (torch 1.13: [1, 118, 0, 0, 0, 0])', () => {
  const x = tensor([2, 0, 3, 4, 0, 5], { ...f64, requiresGrad: true });
  cumprod(x, 0).backward(tensor([1, 2, 3, 4, 5, 6], f64));
  assert.deepEqual(values(x.grad!), [1, 118, 0, 0, 0, 0]);
  const report = gradcheck((t) => cumprod(t, 1), [tensor([[0, 0, 2], [1.5, 0, -1], [0.5, 2, 0]], { ...f64, requiresGrad: true })]);
  assert.ok(report.passed);
});

test('cumprod: the gradient of the gradient through a zero (createGraph) matches finite differences', () => {
  // gradcheck evaluates f under noGrad, so f turns recording back on for its inner gradient.
  const g = (t: Tensor): Tensor => enableGrad(() => {
    const y = cumprod(t, 0);
    return grad(y.mul(y).sum(), [t], { createGraph: true })[0];
  });
  const x = tensor([1.5, 0, 2, -0.5], { ...f64, requiresGrad: true });
  assert.ok(gradcheck(g, [x]).passed);
});

// ---- remainder / fmod / floorDivide / div(roundingMode) ----

const A = [5, -5, 5, -5, 0, -0, 5.5, 1, -1, Infinity, 3];
const B = [3, 3, -3, -3, 3, 3, 2, Infinity, Infinity, 2, 0];

test('remainder takes the sign of the divisor, fmod of the dividend; ±∞, 0 and −0 as PyTorch (torch 1.13)', () => {
  assert.deepEqual(values(remainder(tensor(A), tensor(B))), [2, 1, -1, -2, 0, -0, 1.5, 1, Infinity, NaN, NaN]);
  assert.deepEqual(values(fmod(tensor(A), tensor(B))), [2, -2, 2, -2, 0, -0, 1.5, 1, -1, NaN, NaN]);
  assert.deepEqual(values(remainder(tensor([-0, 0, -4]), tensor([-2, -2, 2]))), [-0, 0, -0]);
  assert.deepEqual(values(tensor([NaN, 1]).remainder(tensor([1, NaN]))), [NaN, NaN]);
});

test('floorDivide and div(roundingMode): Python // for floats (1 // 0.1 = 9), truncation toward zero (torch 1.13)', () => {
  const floor = [1, -2, -2, 1, 0, -0, 2, 0, -1, NaN, Infinity];
  assert.deepEqual(values(floorDivide(tensor(A), tensor(B))), floor);
  assert.deepEqual(values(div(tensor(A), tensor(B), { roundingMode: 'floor' })), floor);
  assert.deepEqual(values(tensor(A).div(tensor(B), { roundingMode: 'trunc' })), [1, -1, -1, 1, 0, -0, 2, 0, -0, Infinity, Infinity]);
  assert.equal(floorDivide(tensor(1), tensor(0.1)).item(), 9);
  assert.equal(div(tensor(1, f64), tensor(0.1, f64), { roundingMode: 'floor' }).item(), 9);
  assert.deepEqual(values(floorDivide(tensor([1, -1, 0]), tensor([0, 0, 0]))), [Infinity, -Infinity, NaN]);
  assert.deepEqual(values(floorDivide(tensor([-0, 0]), tensor([2, -2]))), [-0, -0]);
  assert.deepEqual(values(div(tensor([-1, 1]), tensor([2, -2]), { roundingMode: 'trunc' })), [-0, -0]);
  assert.deepEqual(values(div(tensor([1, 3]), tensor([2, 4]), { roundingMode: null })), [0.5, 0.75]);
});

test('ints stay ints; an int with a float scalar promotes to float (torch 1.13)', () => {
  const a = tensor([7, -7, 7, -7, 0], i32), b = tensor([2, 2, -2, -2, 3], i32);
  const cases: [Tensor, number[]][] = [
    [remainder(a, b), [1, 1, -1, -1, 0]],
    [fmod(a, b), [1, -1, 1, -1, 0]],
    [floorDivide(a, b), [3, -4, -4, 3, 0]],
    [div(a, b, { roundingMode: 'trunc' }), [3, -3, -3, 3, 0]],
    [div(a, b, { roundingMode: 'floor' }), [3, -4, -4, 3, 0]],
    [remainder(a, 3), [1, 2, 1, 2, 0]],
  ];
  for (const [y, want] of cases) assert.deepEqual([y.dtype, values(y)], ['int32', want]);
  const f = remainder(a, 2.5);
  assert.deepEqual([f.dtype, values(f)], ['float32', [2, 0.5, 2, 0.5, 0]]);
  assert.deepEqual(values(fmod(a, 2.5)), [2, -2, 2, -2, 0]);
  assert.deepEqual(values(floorDivide(a, 2.5)), [2, -3, 2, -3, 0]);
  assert.deepEqual(values(remainder(5, tensor([3, -3], i32))), [2, -1]);
});

test('integer division by zero is an error naming the op and shapes; float division by zero is not; bools are refused', () => {
  const a = tensor([7, -7, 7], i32);
  const zero = /integer division by zero \(the divisor of shape \[3\] holds a 0; dividend of shape \[3\]\)/;
  assert.throws(() => remainder(a, tensor([1, 0, 1], i32)), (e: Error) => e instanceof ValueError && /^remainder: /.test(e.message) && zero.test(e.message));
  assert.throws(() => fmod(a, tensor([0, 0, 1], i32)), /ValueError: fmod: integer division by zero/);
  assert.throws(() => floorDivide(a, 0), /ValueError: floorDivide: integer division by zero \(the divisor of shape \[\] holds a 0/);
  assert.throws(() => div(a, 0, { roundingMode: 'trunc' }), /ValueError: div: integer division by zero/);
  assert.deepEqual(values(div(a, 0)), [Infinity, -Infinity, Infinity]); // true division: a float result
  assert.deepEqual(values(remainder(a, tensor([0], { dtype: 'float32' }))), [NaN, NaN, NaN]);
  assert.throws(() => remainder(tensor([true]), tensor([true])), (e: Error) => e instanceof DTypeError && /remainder: not defined for bool/.test(e.message));
  assert.throws(() => div(a, a, { roundingMode: 'round' as 'floor' }), /div: roundingMode must be 'trunc', 'floor' or null, got 'round'/);
  assert.throws(() => div(a, a, { rounding_mode: 'floor' } as never), /div: unknown option 'rounding_mode' \(write roundingMode\)/);
});

test('gradients: remainder and fmod give 1 and −floor / −trunc of a/b; a rounded division gives zeros (torch 1.13)', () => {
  const make = () => [tensor([5, -5, 5.5], { ...f64, requiresGrad: true }), tensor([3, 3, -2], { ...f64, requiresGrad: true })];
  let [a, b] = make();
  remainder(a, b).sum().backward();
  assert.deepEqual([values(a.grad!), values(b.grad!)], [[1, 1, 1], [-1, 2, 3]]);
  [a, b] = make();
  fmod(a, b).sum().backward();
  assert.deepEqual([values(a.grad!), values(b.grad!)], [[1, 1, 1], [-1, 1, 2]]);
  [a, b] = make();
  div(a, b, { roundingMode: 'floor' }).sum().backward();
  assert.deepEqual([values(a.grad!), values(b.grad!)], [[0, 0, 0], [0, 0, 0]]);
});

// ---- gradchecks of the ops composed through gather (float64, distinct values) ----

test('gradcheck: sort, topk, median along a dim, quantile (linear, midpoint, with a list q), mode', () => {
  manualSeed(31);
  const x = randn([3, 5], f64);
  const fns: [string, (t: Tensor) => Tensor][] = [
    ['sort', (t) => sort(t, 1).values],
    ['sort descending dim 0', (t) => sort(t, 0, true).values],
    ['topk', (t) => topk(t, 2, 1).values],
    ['topk smallest', (t) => topk(t, 3, 0, false).values],
    ['median dim', (t) => median(t, 1).values],
    ['median all', (t) => median(t)],
    ['quantile linear', (t) => quantile(t, [0.1, 0.5, 0.93], 1)],
    ['quantile midpoint, all', (t) => quantile(t, 0.3, null, false, { interpolation: 'midpoint' })],
    ['quantile lower keepdim', (t) => quantile(t, 0.6, 0, true, { interpolation: 'lower' })],
    ['mode (every value unique: the smallest)', (t) => mode(t, 1).values],
  ];
  for (const [name, f] of fns) {
    const leaf = x.detach();
    leaf.requiresGrad = true;
    const report = gradcheck(f, [leaf], { raise: false });
    assert.ok(report.passed, `${name}: max error ${report.inputs[0].maxAbsError}`);
  }
});
