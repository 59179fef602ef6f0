// Reductions by hand-computed values: sum, mean, prod, amax/amin, max/min, argmax/argmin, cumsum,
// logsumexp, var, std, norm, hardmax — dims (negative, several, all), keepdim, empty tensors,
// dtypes, gradients at the awkward points (zeros, ties), and the errors.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as g from '../../engine/index.ts';
import { tensor, zeros, scalar, Tensor, IndexError, DTypeError, type NestedArray } from '../../engine/index.ts';

const f64 = { dtype: 'float64' as const };

/** Deep comparison with a tolerance; also checks the shape through the nesting. */
function close(actual: Tensor | NestedArray | number, expected: NestedArray | number, tol = 1e-6, path = ''): void {
  const a = actual instanceof Tensor ? actual.toArray() : actual;
  if (Array.isArray(expected)) {
    assert.ok(Array.isArray(a) && a.length === expected.length, `${path}: expected length ${expected.length}, got ${JSON.stringify(a)}`);
    expected.forEach((e, i) => close((a as NestedArray)[i] as NestedArray, e as NestedArray, tol, `${path}[${i}]`));
    return;
  }
  const [x, y] = [Number(a), Number(expected)];
  if (Number.isNaN(y)) return assert.ok(Number.isNaN(x), `${path}: expected NaN, got ${x}`);
  if (!Number.isFinite(y)) return assert.equal(x, y, `${path}`);
  assert.ok(Math.abs(x - y) <= tol * (1 + Math.abs(y)), `${path}: expected ${y}, got ${x}`);
}

/** The gradient of sum(f(x)) (or of Σ w·f(x)) with respect to x. */
function gradOf(f: (x: Tensor) => Tensor, x: NestedArray, w?: Tensor): NestedArray {
  const leaf = tensor(x, { ...f64, requiresGrad: true });
  const y = f(leaf);
  (w ? y.mul(w).sum() : y.sum()).backward();
  return leaf.grad!.toArray();
}

const X = [[1, 2, 3], [4, 5, 6]];

test('sum: dims, negative dims, several dims, keepdim, empty, 0-dim, bool → int32', () => {
  const x = tensor(X);
  close(x.sum(), 21);
  close(x.sum(0), [5, 7, 9]);
  close(x.sum(-1), [6, 15]);
  close(x.sum({ dim: [0, 1], keepdim: true }), [[21]]);
  close(x.sum({ dim: -2, keepdim: true }), [[5, 7, 9]]);
  close(zeros([2, 0]).sum(1), [0, 0]);
  close(zeros([0]).sum(), 0);
  close(scalar(3).sum(0), 3);
  const b = tensor([[true, false, true], [true, true, true]]).sum(1);
  assert.equal(b.dtype, 'int32');
  close(b, [2, 3]);
});

test('mean: values, and int tensors are refused with a DTypeError', () => {
  close(tensor(X).mean(1), [2, 5]);
  close(tensor(X).mean({ dim: [0, 1] }), 3.5);
  close(scalar(3).mean(-1), 3);
  assert.throws(() => tensor([1, 2], { dtype: 'int32' }).mean(), (e: Error) => e instanceof DTypeError && /mean/.test(e.message));
});

test('prod: values, keepdim, empty product is 1, bool → int32', () => {
  const x = tensor(X);
  close(x.prod(), 720);
  close(x.prod(0), [4, 10, 18]);
  close(x.prod({ dim: -1, keepdim: true }), [[6], [120]]);
  close(zeros([2, 0]).prod(1), [1, 1]);
  close(zeros([0]).prod(), 1);
  const b = tensor([[true, false], [true, true]]).prod(1);
  assert.equal(b.dtype, 'int32');
  close(b, [0, 1]);
  close(tensor([2, 3], { dtype: 'int32' }).prod(), 6);
});

test('prod gradient: the product of the others, also with one or two zeros', () => {
  close(gradOf((x) => x.prod(), [2, 4, 3]), [12, 6, 8]);
  close(gradOf((x) => x.prod(), [2, 0, 3]), [0, 6, 0]);
  close(gradOf((x) => x.prod(), [0, 0, 3]), [0, 0, 0]);
  close(gradOf((x) => x.prod(1), [[2, 0, 3], [1, 2, 5]]), [[0, 6, 0], [10, 5, 2]]);
  close(gradOf((x) => x.prod(0), [[0, 0], [0, 7]]), [[0, 7], [0, 0]]); // column 0 has two zeros, column 1 one
});

test('amax/amin: one, several and all dims, keepdim; reducing a zero-size kept dim is fine', () => {
  const x = tensor([[1, 7, 3], [4, 5, 6]]);
  close(x.amax(), 7);
  close(x.amax(0), [4, 7, 6]);
  close(g.amin(x, -1), [1, 4]);
  close(x.amax({ dim: [0, 1], keepdim: true }), [[7]]);
  close(x.amin({ dim: 1, keepdim: true }), [[1], [4]]);
  assert.deepEqual(zeros([0, 3]).amax(1).shape, [0]);
  close(tensor([3, NaN, 1]).amax(), NaN);
});

test('amax/amin gradient is split evenly among tied extremes', () => {
  close(gradOf((x) => x.amax(1), [[1, 5, 5], [2, 0, 1]]), [[0, 0.5, 0.5], [1, 0, 0]]);
  close(gradOf((x) => x.amin(), [[2, 2, 2], [2, 3, 4]]), [[0.25, 0.25, 0.25], [0.25, 0, 0]]);
});

test('max/min over all elements: 0-dim result, ties share the gradient', () => {
  const x = tensor([[1, 3, 5], [2, 4, 1]]);
  const m = x.max();
  assert.deepEqual(m.shape, []);
  close(m, 5);
  close(g.min(x), 1);
  close(gradOf((t) => t.max(), [1, 5, 5]), [0, 0.5, 0.5]);
  assert.equal(tensor([1, 9], { dtype: 'int32' }).max().dtype, 'int32');
});

test('max/min along a dim: {values, indices}, keepdim, negative dim, first occurrence', () => {
  const x = tensor([[1, 3, 5], [2, 4, 1]]);
  const { values, indices } = x.max(1);
  close(values, [5, 4]);
  assert.equal(indices.dtype, 'int32');
  close(indices, [2, 1]);
  const r = g.min(x, -2, true);
  close(r.values, [[1, 3, 1]]);
  close(r.indices, [[0, 0, 1]]);
  close(tensor([[2, 7, 7, 1]]).max(1).indices, [1]);
  close(tensor([[2, 1, 1, 7]]).min(-1).indices, [1]);
  const s = scalar(4).max(0);
  close(s.values, 4);
  close(s.indices, 0);
  assert.deepEqual(zeros([2, 0]).max(0).values.shape, [0]);
});

test('max/min along a dim: the whole gradient goes to the chosen index', () => {
  close(gradOf((x) => x.max(1).values, [[1, 5, 5], [3, 0, 3]]), [[0, 1, 0], [1, 0, 0]]);
  close(gradOf((x) => x.min(0, true).values, [[1, 5], [1, 2]]), [[1, 0], [0, 1]]);
});

test('max(x, other) and min(x, other) are the elementwise maximum and minimum', () => {
  close(tensor([1, 5]).max(tensor([3, 2])), [3, 5]);
  close(g.min(tensor([1, 5]), tensor([3, 2])), [1, 2]);
});

test('max/min/amax/argmax of an empty set throw a clear IndexError', () => {
  const named = (op: string, shape: string) => (e: Error) => e instanceof IndexError && e.message.startsWith(`${op}:`) && e.message.includes(shape);
  assert.throws(() => zeros([0]).max(), named('max', '[0]'));
  assert.throws(() => zeros([2, 0]).max(1), named('max', '[2, 0]'));
  assert.throws(() => zeros([2, 0]).min(), named('min', '[2, 0]'));
  assert.throws(() => zeros([0, 3]).amax(0), named('amax', '[0, 3]'));
  assert.throws(() => zeros([0, 3]).amin(), named('amin', '[0, 3]'));
  assert.throws(() => zeros([0]).argmax(), named('argmax', '[0]'));
  assert.throws(() => zeros([3, 0]).argmin(1), named('argmin', '[3, 0]'));
});

test('argmax/argmin: the seed example, flat index, keepdim, first occurrence, int32, no gradient', () => {
  const x = tensor([[1, 3, 5], [2, 4, 1]]);
  const all = x.argmax();
  assert.deepEqual(all.shape, []);
  assert.equal(all.dtype, 'int32');
  close(all, 2);
  close(x.argmax(0), [1, 1, 0]);
  close(x.argmax(1), [2, 1]);
  close(x.argmin(), 0);
  close(x.argmin(0), [0, 0, 1]);
  close(g.argmin(x, -1), [0, 2]);
  close(x.argmax(1, true), [[2], [1]]);
  assert.deepEqual(x.argmax(undefined, true).shape, [1, 1]);
  close(tensor([[4, 9], [9, 0]]).argmax(), 1);
  close(tensor([1, NaN, 5, NaN]).argmax(), 1);
  close(tensor([3, 1, 2], { dtype: 'int32' }).argmin(), 1);
  close(scalar(7).argmax(), 0);
  assert.equal(tensor(X, { requiresGrad: true }).argmax(1).requiresGrad, false);
});

test('cumsum: plain, exclusive, reverse, along rows and columns, bool → int32, 0-dim', () => {
  const v = tensor([1, 2, 3, 4]);
  close(v.cumsum(0), [1, 3, 6, 10]);
  close(v.cumsum(0, { exclusive: true }), [0, 1, 3, 6]);
  close(v.cumsum(-1, { reverse: true }), [10, 9, 7, 4]);
  close(g.cumsum(v, 0, { exclusive: true, reverse: true }), [9, 7, 4, 0]);
  close(tensor(X).cumsum(0), [[1, 2, 3], [5, 7, 9]]);
  close(tensor(X).cumsum(-1), [[1, 3, 6], [4, 9, 15]]);
  const b = tensor([true, false, true]).cumsum(0);
  assert.equal(b.dtype, 'int32');
  close(b, [1, 1, 2]);
  close(scalar(5).cumsum(0), 5);
  assert.deepEqual(zeros([0, 2]).cumsum(0).shape, [0, 2]);
});

test('cumsum gradient: a cumulative sum the other way', () => {
  close(gradOf((x) => x.cumsum(0), [1, 1, 1, 1]), [4, 3, 2, 1]);
  close(gradOf((x) => x.cumsum(0, { reverse: true }), [1, 1, 1, 1]), [1, 2, 3, 4]);
  close(gradOf((x) => x.cumsum(0, { exclusive: true }), [1, 1, 1, 1]), [3, 2, 1, 0]);
  close(gradOf((x) => x.cumsum(0, { exclusive: true, reverse: true }), [1, 1, 1, 1]), [0, 1, 2, 3]);
});

test('logsumexp: values from the definition, stable at large and infinite logits', () => {
  const lse = (xs: number[]) => Math.log(xs.reduce((s, v) => s + Math.exp(v), 0));
  close(tensor([[1, 2, 3], [0, 0, 0]], f64).logsumexp(1), [lse([1, 2, 3]), Math.log(3)]);
  close(tensor(X, f64).logsumexp(-2, true), [[lse([1, 4]), lse([2, 5]), lse([3, 6])]]);
  close(tensor(X, f64).logsumexp([0, 1]), lse([1, 2, 3, 4, 5, 6]));
  close(tensor([1000, 1000]).logsumexp(0), 1000 + Math.log(2));
  close(tensor([-1000, -1000], f64).logsumexp(0), -1000 + Math.log(2));
  close(tensor([-Infinity, -Infinity]).logsumexp(0), -Infinity);
  close(tensor([Infinity, 1]).logsumexp(0), Infinity);
  close(zeros([2, 0]).logsumexp(1), [-Infinity, -Infinity]);
  close(tensor([1, 2], { dtype: 'int32' }).logsumexp(0), lse([1, 2]));
  // its gradient is the softmax
  const e = [Math.exp(1), Math.exp(2), Math.exp(3)];
  const s = e[0] + e[1] + e[2];
  close(gradOf((x) => x.logsumexp(0), [1, 2, 3]), e.map((v) => v / s));
  close(gradOf((x) => x.logsumexp(0), [1000, 1000]), [0.5, 0.5]);
});

test('var/std: Bessel correction by default, correction 0, dims, keepdim; ints refused', () => {
  const v = tensor([1, 2, 3, 4], f64);
  close(v.var(), 5 / 3);
  close(g.var(v, { correction: 0 }), 1.25);
  close(v.std(), Math.sqrt(5 / 3));
  close(g.std(v, { correction: 0 }), Math.sqrt(1.25));
  const m = tensor([[1, 2], [3, 5]], f64);
  close(m.var({ dim: 0 }), [2, 4.5]);
  close(m.var({ dim: -1, keepdim: true }), [[0.5], [2]]);
  close(m.std({ dim: [0, 1], correction: 0 }), Math.sqrt(2.1875));
  close(tensor([3]).var(), NaN); // one sample, correction 1: 0/0, as PyTorch
  // d var/dx = 2(x − mean)/(N − 1)
  close(gradOf((x) => x.var(), [1, 2, 3, 4]), [-1, -1 / 3, 1 / 3, 1]);
  assert.throws(() => tensor([1, 2], { dtype: 'int32' }).var(), (e: Error) => e instanceof DTypeError && /var/.test(e.message));
  assert.throws(() => tensor([1, 2], { dtype: 'int32' }).std(), DTypeError);
});

test('norm: p = 2 (default), fro, 1, ∞, −∞, 0, 3; dims and keepdim', () => {
  const v = tensor([3, -4], f64);
  close(v.norm(), 5);
  close(v.norm('fro'), 5);
  close(v.norm(1), 7);
  close(v.norm(Infinity), 4);
  close(v.norm(-Infinity), 3);
  close(tensor([0, 2, 0, -1]).norm(0), 2);
  close(v.norm(3), Math.cbrt(27 + 64));
  const m = tensor([[3, 4], [6, 8]], f64);
  close(m.norm(2, 1), [5, 10]);
  close(g.norm(m, 1, 0, true), [[9, 12]]);
  close(m.norm('fro', [0, 1]), Math.sqrt(125));
  assert.throws(() => tensor([1], { dtype: 'int32' }).norm(), (e: Error) => e instanceof DTypeError && /norm/.test(e.message));
});

test('norm gradients: x/‖x‖, 0 (not NaN) at the zero vector, ties shared for ∞', () => {
  close(gradOf((x) => x.norm(), [3, 4]), [0.6, 0.8]);
  close(gradOf((x) => x.norm(), [0, 0]), [0, 0]);
  close(gradOf((x) => x.norm(3), [0, 0]), [0, 0]);
  close(gradOf((x) => x.norm(2, 1), [[0, 0], [3, 4]]), [[0, 0], [0.6, 0.8]]);
  close(gradOf((x) => x.norm(1), [2, -3]), [1, -1]);
  close(gradOf((x) => x.norm(Infinity), [3, -3, 1]), [0.5, -0.5, 0]);
  // d‖x‖₃/dxᵢ = xᵢ|xᵢ| / ‖x‖₃²
  const n3 = Math.cbrt(1 + 8);
  close(gradOf((x) => x.norm(3), [1, -2]), [1 / n3 ** 2, -4 / n3 ** 2]);
});

test('hardmax: one-hot of the first maximum along dim, float', () => {
  const x = tensor([[1, 3, 3], [2, 0, 1]]);
  const h = x.hardmax(1);
  assert.equal(h.dtype, 'float32');
  close(h, [[0, 1, 0], [1, 0, 0]]);
  close(g.hardmax(x, 0), [[0, 1, 1], [1, 0, 0]]);
  close(g.hardmax(x, -1), [[0, 1, 0], [1, 0, 0]]);
  assert.equal(g.hardmax(tensor([1, 2], f64), 0).dtype, 'float64');
  close(g.hardmax(tensor([5, 1], { dtype: 'int32' }), 0), [1, 0]);
  close(g.hardmax(scalar(2), 0), 1);
  assert.deepEqual(g.hardmax(zeros([2, 0]), 1).shape, [2, 0]);
  assert.equal(g.hardmax(tensor([1, 2], { requiresGrad: true }), 0).requiresGrad, false);
});

test('a dim out of range is an IndexError that names the op', () => {
  const x = tensor(X);
  const calls: Array<[string, () => unknown]> = [
    ['sum', () => x.sum(2)], ['mean', () => x.mean(-3)], ['prod', () => x.prod(5)], ['amax', () => x.amax([0, 2])],
    ['amin', () => x.amin(2)], ['max', () => x.max(2)], ['min', () => x.min(-3)], ['argmax', () => x.argmax(2)],
    ['argmin', () => x.argmin(-3)], ['cumsum', () => x.cumsum(2)], ['logsumexp', () => x.logsumexp(2)],
    ['var', () => x.var({ dim: 2 })], ['std', () => x.std({ dim: 2 })], ['norm', () => x.norm(2, 3)], ['hardmax', () => x.hardmax(2)],
    ['max', () => scalar(1).max(1)],
  ];
  for (const [op, call] of calls) {
    assert.throws(call, (e: Error) => e instanceof IndexError && e.message.startsWith(`${op}:`), op);
  }
});
