// Indexing ops: indexSelect, gather, scatter, scatterAdd, indexAdd, maskedFill, oneHot, take —
// values worked out by hand from the definitions, gradients, and every error they raise.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  tensor, arange, zeros, randn, gradcheck, indexSelect, gather, scatter, scatterAdd, indexAdd, maskedFill, oneHot, take,
  IndexError, DTypeError, ShapeError, ValueError, type NestedArray,
} from '../../engine/index.ts';

const i32 = (a: NestedArray) => tensor(a, { dtype: 'int32' });
const f64 = (a: NestedArray) => tensor(a, { dtype: 'float64', requiresGrad: true });
const grid = () => arange(12).reshape(3, 4); // [[0,1,2,3],[4,5,6,7],[8,9,10,11]], int32

test('indexSelect picks whole slices in index order, repeats allowed, negative dims', () => {
  assert.deepEqual(grid().indexSelect(0, i32([2, 0, 2])).toArray(), [[8, 9, 10, 11], [0, 1, 2, 3], [8, 9, 10, 11]]);
  assert.deepEqual(indexSelect(grid(), -1, i32([3, 0])).toArray(), [[3, 0], [7, 4], [11, 8]]);
  assert.deepEqual(grid().indexSelect(1, i32([])).shape, [3, 0]);
  assert.deepEqual(grid().t().indexSelect(1, i32([1])).toArray(), [[4], [5], [6], [7]]); // a strided input
});

test('indexSelect backward adds the gradient of repeated picks', () => {
  const x = f64([[1, 2], [3, 4], [5, 6]]);
  x.indexSelect(0, i32([2, 0, 2])).sum().backward();
  assert.deepEqual(x.grad!.toArray(), [[1, 1], [0, 0], [2, 2]]);
});

test('gather reads y[i][j] = x[i][index[i][j]] (dim 1) and x[index[i][j]][j] (dim 0)', () => {
  const x = tensor([[1, 2], [3, 4]]);
  assert.deepEqual(gather(x, 1, i32([[0, 0], [1, 0]])).toArray(), [[1, 1], [4, 3]]);
  assert.deepEqual(x.gather(-1, i32([[0, 0], [1, 0]])).toArray(), [[1, 1], [4, 3]]);
  assert.deepEqual(x.gather(0, i32([[1, 0]])).toArray(), [[3, 2]]);
  assert.deepEqual(x.gather(0, i32([[1], [0], [1]])).toArray(), [[3], [1], [3]]); // index longer than x along dim
});

test('gather backward scatters dy back, adding repeats', () => {
  const x = f64([[1, 2], [3, 4]]);
  x.gather(1, i32([[0, 0], [1, 0]])).sum().backward();
  assert.deepEqual(x.grad!.toArray(), [[2, 0], [1, 1]]);
});

test('scatterAdd adds src at the indexed places, out of place', () => {
  const base = zeros([3]);
  assert.deepEqual(scatterAdd(base, 0, i32([0, 1, 0, 2]), tensor([1, 2, 3, 4])).toArray(), [4, 2, 4]);
  assert.deepEqual(base.toArray(), [0, 0, 0]);
  const y = zeros([2, 3]).scatterAdd(1, i32([[0, 0], [2, 1]]), tensor([[1, 2], [3, 4]]));
  assert.deepEqual(y.toArray(), [[3, 0, 0], [0, 4, 3]]);
});

test('scatterAdd backward: dy for x, dy gathered for src', () => {
  const x = f64([0, 0, 0]);
  const src = f64([1, 2, 3, 4]);
  x.scatterAdd(0, i32([0, 1, 0, 2]), src).mul(tensor([10, 20, 30], { dtype: 'float64' })).sum().backward();
  assert.deepEqual(x.grad!.toArray(), [10, 20, 30]);
  assert.deepEqual(src.grad!.toArray(), [10, 20, 10, 30]);
});

test('scatter writes src (or a number); only the index-sized block of src is used', () => {
  const idx = i32([[2], [0]]);
  assert.deepEqual(scatter(zeros([2, 3]), 1, idx, tensor([[5], [6]])).toArray(), [[0, 0, 5], [6, 0, 0]]);
  assert.deepEqual(zeros([2, 3]).scatter(1, idx, tensor([[5, 9], [6, 9]])).toArray(), [[0, 0, 5], [6, 0, 0]]);
  assert.deepEqual(zeros([2, 3]).scatter(1, idx, 7).toArray(), [[0, 0, 7], [7, 0, 0]]);
});

test('scatter backward: overwritten elements of x get no gradient, src gets dy at its targets', () => {
  const x = f64([[1, 1, 1], [1, 1, 1]]);
  const src = f64([[5, 8], [6, 8]]);
  x.scatter(1, i32([[2], [0]]), src).mul(tensor([[1, 2, 3], [4, 5, 6]], { dtype: 'float64' })).sum().backward();
  assert.deepEqual(x.grad!.toArray(), [[1, 2, 0], [0, 5, 6]]);
  assert.deepEqual(src.grad!.toArray(), [[3, 0], [4, 0]]);
});

test('indexAdd adds alpha·src slices at the listed positions', () => {
  const src = tensor([[1, 1], [2, 2], [3, 3]]);
  assert.deepEqual(indexAdd(zeros([3, 2]), 0, i32([0, 2, 0]), src).toArray(), [[4, 4], [0, 0], [2, 2]]);
  assert.deepEqual(zeros([3, 2]).indexAdd(0, i32([0, 2, 0]), src, { alpha: 2 }).toArray(), [[8, 8], [0, 0], [4, 4]]);
  assert.throws(() => zeros([3, 2]).indexAdd(0, i32([0, 1]), src), (e: Error) => e instanceof ShapeError && /\[3, 2\]/.test(e.message));
});

test('indexing ops pass gradcheck as users call them (negative dims)', () => {
  const idx = i32([[1, 0, 1], [0, 0, 1]]);
  gradcheck((x) => x.gather(-1, idx), [randn([2, 2], { dtype: 'float64', requiresGrad: true })]);
  gradcheck((x, s) => x.scatterAdd(-2, idx, s), [randn([2, 3], { dtype: 'float64', requiresGrad: true }), randn([2, 4], { dtype: 'float64', requiresGrad: true })]);
  gradcheck((x) => x.indexSelect(-1, i32([2, 2, 0])), [randn([2, 3], { dtype: 'float64', requiresGrad: true })]);
});

test('out-of-range indices throw IndexError naming the op, the value, the dim and its size', () => {
  const cases: Array<[string, () => unknown, RegExp]> = [
    ['indexSelect', () => grid().indexSelect(0, i32([0, 3])), /indexSelect: index 3 .*dim 0 with size 3/],
    ['indexSelect', () => grid().indexSelect(1, i32([-1])), /indexSelect: index -1 .*dim 1 with size 4/],
    ['gather', () => grid().gather(1, i32([[4], [0], [0]])), /gather: index 4 .*dim 1 with size 4/],
    ['gather', () => grid().gather(0, i32([[-1]])), /gather: index -1 .*dim 0 with size 3/],
    ['scatterAdd', () => zeros([3]).scatterAdd(0, i32([5]), tensor([1])), /scatterAdd: index 5 .*dim 0 with size 3/],
    ['scatter', () => zeros([3]).scatter(-1, i32([3]), 1), /scatter: index 3 .*dim -1 with size 3/],
    ['indexAdd', () => zeros([3]).indexAdd(0, i32([3]), tensor([1])), /indexAdd: index 3 .*dim 0 with size 3/],
    ['take', () => grid().take(i32([12])), /take: index 12 .*size 12/],
  ];
  for (const [op, fn, pattern] of cases) assert.throws(fn, (e: Error) => e instanceof IndexError && pattern.test(e.message), op);
});

test('float or bool index tensors throw DTypeError naming the op', () => {
  const fi = tensor([0, 1]);
  const checks: Array<[string, () => unknown]> = [
    ['indexSelect', () => grid().indexSelect(0, fi)],
    ['gather', () => grid().gather(0, tensor([[0, 1]]))],
    ['scatterAdd', () => zeros([3]).scatterAdd(0, fi, tensor([1, 2]))],
    ['scatter', () => zeros([3]).scatter(0, fi, 1)],
    ['oneHot', () => oneHot(fi)],
    ['take', () => take(grid(), tensor([true]))],
  ];
  for (const [op, fn] of checks) assert.throws(fn, (e: Error) => e instanceof DTypeError && e.message.startsWith(`${op}:`), op);
});

test('index tensors that do not fit throw ShapeError naming the shapes', () => {
  assert.throws(() => grid().gather(0, i32([0, 1])), (e: Error) => e instanceof ShapeError && /\[2\].*\[3, 4\]/.test(e.message));
  assert.throws(() => grid().gather(0, i32([[0, 0, 0, 0, 0]])), ShapeError); // wider than x off dim 0
  assert.throws(() => grid().indexSelect(0, i32([[0]])), (e: Error) => e instanceof ShapeError && /1-D/.test(e.message));
  assert.throws(() => zeros([3]).scatterAdd(0, i32([0, 1]), tensor([1])), (e: Error) => e instanceof ShapeError && /src \[1\]/.test(e.message));
  assert.throws(() => zeros([3]).scatterAdd(0, i32([0]), tensor([1], { dtype: 'float64' })), DTypeError);
});

test('maskedFill fills where the (broadcast) mask is true and keeps x\'s dtype', () => {
  const x = tensor([[1, 2], [3, 4]]);
  assert.deepEqual(maskedFill(x, tensor([[true], [false]]), -1).toArray(), [[-1, -1], [3, 4]]);
  assert.deepEqual(x.maskedFill(tensor([true, false]), -1).toArray(), [[-1, 2], [-1, 4]]);
  const xi = x.int().maskedFill(tensor([false, true]), 2.5);
  assert.equal(xi.dtype, 'int32');
  assert.deepEqual(xi.toArray(), [[1, 2], [3, 2]]);
  const xg = f64([1, 2, 3]);
  xg.maskedFill(tensor([false, true, false]), 0).sum().backward();
  assert.deepEqual(xg.grad!.toArray(), [1, 0, 1]);
  assert.throws(() => x.maskedFill(tensor([1, 0]), 0), (e: Error) => e instanceof DTypeError && /maskedFill/.test(e.message));
  assert.throws(() => x.maskedFill(tensor([[[true]], [[false]]]), 0), (e: Error) => e instanceof ShapeError && /\[2, 1, 1\].*\[2, 2\]/.test(e.message));
});

test('oneHot makes int32 rows with a single 1; numClasses -1 means max + 1', () => {
  const y = oneHot(i32([0, 2, 1]));
  assert.equal(y.dtype, 'int32');
  assert.deepEqual(y.toArray(), [[1, 0, 0], [0, 0, 1], [0, 1, 0]]);
  assert.deepEqual(oneHot(i32([1]), 4).toArray(), [[0, 1, 0, 0]]);
  assert.deepEqual(oneHot(i32([[0, 1], [1, 1]]), 2).shape, [2, 2, 2]);
  assert.deepEqual(oneHot(i32([]), 3).shape, [0, 3]);
  assert.throws(() => oneHot(i32([0, 3]), 3), (e: Error) => e instanceof IndexError && /index 3 .*size 3/.test(e.message));
  assert.throws(() => oneHot(i32([-1])), (e: Error) => e instanceof IndexError && /index -1/.test(e.message));
  assert.throws(() => oneHot(i32([])), ValueError);
});

test('take reads x as flat; negative positions count from the end', () => {
  assert.deepEqual(take(grid(), i32([[0, 11], [-1, 2]])).toArray(), [[0, 11], [11, 2]]);
  const x = f64([[1, 2], [3, 4]]);
  x.take(i32([3, 3, 0])).sum().backward();
  assert.deepEqual(x.grad!.toArray(), [[1, 0], [0, 2]]);
});
