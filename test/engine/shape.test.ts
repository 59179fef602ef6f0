// Shape ops: cat, stack, split, chunk, unbind, diagonal, flatten, unflatten, repeat, tile,
// repeatInterleave, flip, roll, tril, triu, pad, einsum — hand-checked values, views, gradients, errors.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  tensor, arange, zeros, ones, randn, gradcheck, cat, stack, split, chunk, unbind, diagonal, flatten, unflatten,
  repeat, tile, repeatInterleave, flip, roll, tril, triu, pad, einsum, ShapeError, ValueError, IndexError, type Tensor, type NestedArray,
} from '../../engine/index.ts';

const f64 = (a: NestedArray) => tensor(a, { dtype: 'float64', requiresGrad: true });
const r64 = (shape: number[]) => randn(shape, { dtype: 'float64', requiresGrad: true });
const close = (a: Tensor, b: Tensor, tol = 1e-9) => {
  assert.deepEqual(a.shape, b.shape);
  const [x, y] = [a.toTypedArray(), b.toTypedArray()];
  x.forEach((v, i) => assert.ok(Math.abs(v - y[i]) <= tol, `element ${i}: ${v} vs ${y[i]}`));
};

test('cat joins along a dim (negative too), skips 1-D empty tensors, promotes dtypes', () => {
  const a = tensor([[1, 2], [3, 4]]);
  assert.deepEqual(cat([a, tensor([[5, 6]])]).toArray(), [[1, 2], [3, 4], [5, 6]]);
  assert.deepEqual(cat([a, tensor([[7], [8]])], -1).toArray(), [[1, 2, 7], [3, 4, 8]]);
  assert.deepEqual(cat([zeros([0]), a, zeros([0])], 1).toArray(), [[1, 2], [3, 4]]);
  assert.deepEqual(cat([zeros([2, 0]), a], 1).toArray(), [[1, 2], [3, 4]]);
  assert.deepEqual(cat([zeros([0]), zeros([0])]).shape, [0]);
  const mixed = cat([tensor([1], { dtype: 'int32' }), tensor([2.5])]);
  assert.equal(mixed.dtype, 'float32');
  assert.deepEqual(mixed.toArray(), [1, 2.5]);
  assert.deepEqual(cat([a.t(), a]).toArray(), [[1, 3], [2, 4], [1, 2], [3, 4]]); // a strided input
});

test('cat backward hands each input its slice of the gradient', () => {
  const [x, y] = [f64([[1, 2], [3, 4]]), f64([[5, 6]])];
  cat([x, y]).mul(tensor([[1, 2], [3, 4], [5, 6]], { dtype: 'float64' })).sum().backward();
  assert.deepEqual(x.grad!.toArray(), [[1, 2], [3, 4]]);
  assert.deepEqual(y.grad!.toArray(), [[5, 6]]);
});

test('cat and stack reject shapes that do not fit, naming every shape', () => {
  assert.throws(() => cat([zeros([2, 3]), zeros([3, 3]), zeros([2, 4])], 1), (e: Error) => e instanceof ShapeError && /cat: .*dim 1.*\[2, 3\], \[3, 3\], \[2, 4\]/.test(e.message));
  assert.throws(() => cat([zeros([2, 3]), zeros([3])]), (e: Error) => e instanceof ShapeError && /\[2, 3\], \[3\]/.test(e.message));
  assert.throws(() => cat([zeros([])]), ShapeError);
  assert.throws(() => cat([]), ValueError);
  assert.throws(() => cat([zeros([2])], 1), IndexError);
  assert.throws(() => stack([zeros([2]), zeros([3])]), (e: Error) => e instanceof ShapeError && /stack: .*\[2\], \[3\]/.test(e.message));
});

test('stack adds a new dim at any position', () => {
  const [a, b] = [tensor([1, 2]), tensor([3, 4])];
  assert.deepEqual(stack([a, b]).toArray(), [[1, 2], [3, 4]]);
  assert.deepEqual(stack([a, b], 1).toArray(), [[1, 3], [2, 4]]);
  assert.deepEqual(stack([a, b], -1).toArray(), [[1, 3], [2, 4]]);
  assert.deepEqual(stack([zeros([0]), zeros([0])]).shape, [2, 0]);
  const x = f64([1, 2]);
  stack([x, x.mul(3)]).sum().backward();
  assert.deepEqual(x.grad!.toArray(), [4, 4]);
});

test('split, chunk and unbind return views sharing storage', () => {
  const x = arange(10);
  const parts = split(x, 4);
  assert.deepEqual(parts.map((p) => p.toArray()), [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]]);
  assert.ok(parts.every((p) => p.data === x.data));
  assert.equal(parts[1].offset, 4);
  assert.deepEqual(x.split([3, 0, 7]).map((p) => p.shape[0]), [3, 0, 7]);
  const m = arange(10).reshape(2, 5);
  assert.deepEqual(m.split([2, 3], -1).map((p) => p.toArray()), [[[0, 1], [5, 6]], [[2, 3, 4], [7, 8, 9]]]);
  assert.deepEqual(split(zeros([0]), 2).map((p) => p.shape), [[0]]);
  assert.deepEqual(chunk(arange(5), 4).map((p) => p.toArray()), [[0, 1], [2, 3], [4]]); // PyTorch: fewer chunks
  assert.deepEqual(chunk(arange(6), 3).map((p) => p.toArray()), [[0, 1], [2, 3], [4, 5]]);
  assert.deepEqual(chunk(zeros([0]), 3).map((p) => p.shape), [[0], [0], [0]]);
  assert.deepEqual(m.chunk(2, 1).map((p) => p.shape), [[2, 3], [2, 2]]);
  assert.ok(m.chunk(2, 1).every((p) => p.data === m.data));
  const cols = unbind(arange(6).reshape(2, 3), 1);
  assert.deepEqual(cols.map((c) => c.toArray()), [[0, 3], [1, 4], [2, 5]]);
  assert.equal(cols[2].data, cols[0].data);
  assert.deepEqual(m.unbind().map((r) => r.shape), [[5], [5]]);
});

test('split gradients flow back to the right elements; bad sizes throw', () => {
  const x = f64([1, 2, 3, 4, 5]);
  const [a, b] = x.split([2, 3]);
  a.mul(2).sum().add(b.mul(3).sum()).backward();
  assert.deepEqual(x.grad!.toArray(), [2, 2, 3, 3, 3]);
  assert.throws(() => split(arange(5), [2, 2]), (e: Error) => e instanceof ShapeError && /\[2, 2\].*5.*\[5\]/.test(e.message));
  assert.throws(() => split(arange(5), 0), ValueError);
  assert.throws(() => chunk(arange(5), 0), ValueError);
  assert.throws(() => unbind(tensor(3)), ShapeError);
});

test('diagonal is a view of a (batched, offset) diagonal', () => {
  const x = arange(12).reshape(3, 4);
  assert.deepEqual(x.diagonal().toArray(), [0, 5, 10]);
  assert.deepEqual(x.diagonal(1).toArray(), [1, 6, 11]);
  assert.deepEqual(x.diagonal(-1).toArray(), [4, 9]);
  assert.deepEqual(x.diagonal(4).shape, [0]);
  assert.equal(x.diagonal().data, x.data);
  const b = arange(24).reshape(2, 3, 4);
  assert.deepEqual(diagonal(b, 0, -2, -1).toArray(), [[0, 5, 10], [12, 17, 22]]);
  assert.deepEqual(diagonal(b, 0, 2, 1).toArray(), [[0, 5, 10], [12, 17, 22]]);
  assert.deepEqual(diagonal(b, 1, 0, 2).toArray(), [[1, 14], [5, 18], [9, 22]]); // x[i, j, i+1] = 12i + 4j + i + 1
  const w = f64([[1, 2], [3, 4]]);
  w.diagonal().sum().backward();
  assert.deepEqual(w.grad!.toArray(), [[1, 0], [0, 1]]);
  assert.throws(() => x.diagonal(0, 1, -1), (e: Error) => e instanceof ShapeError && /\[3, 4\]/.test(e.message));
  assert.throws(() => arange(3).diagonal(), ShapeError);
});

test('flatten and unflatten reshape runs of dims', () => {
  const x = zeros([2, 3, 4]);
  assert.deepEqual(flatten(x).shape, [24]);
  assert.deepEqual(x.flatten(1).shape, [2, 12]);
  assert.deepEqual(x.flatten(0, 1).shape, [6, 4]);
  assert.deepEqual(x.flatten(-2, -1).shape, [2, 12]);
  assert.deepEqual(x.flatten(1, 1).shape, [2, 3, 4]);
  assert.deepEqual(flatten(tensor(5)).shape, [1]);
  assert.deepEqual(zeros([2, 0, 3]).flatten(1).shape, [2, 0]);
  assert.throws(() => x.flatten(2, 1), (e: Error) => e instanceof ShapeError && /\[2, 3, 4\]/.test(e.message));
  const y = unflatten(arange(12).reshape(3, 4), 1, [2, -1]);
  assert.deepEqual(y.toArray(), [[[0, 1], [2, 3]], [[4, 5], [6, 7]], [[8, 9], [10, 11]]]);
  assert.deepEqual(arange(12).unflatten(-1, [3, 4]).shape, [3, 4]);
  assert.throws(() => unflatten(arange(12), 0, [5, -1]), ShapeError);
});

test('repeat and tile lay copies side by side; repeatInterleave repeats in place', () => {
  assert.deepEqual(tensor([1, 2, 3]).repeat(2, 2).toArray(), [[1, 2, 3, 1, 2, 3], [1, 2, 3, 1, 2, 3]]);
  assert.deepEqual(repeat(tensor([[1], [2]]), [1, 3]).toArray(), [[1, 1, 1], [2, 2, 2]]);
  assert.deepEqual(repeat(tensor([1, 2]), [0]).shape, [0]);
  assert.throws(() => tensor([[1, 2]]).repeat(2), (e: Error) => e instanceof ShapeError && /\[1, 2\]/.test(e.message));
  assert.deepEqual(tile(tensor([[1, 2], [3, 4]]), [2]).toArray(), [[1, 2, 1, 2], [3, 4, 3, 4]]);
  assert.deepEqual(tensor([1, 2]).tile(2, 1).toArray(), [[1, 2], [1, 2]]);
  assert.deepEqual(repeatInterleave(tensor([1, 2, 3]), 2).toArray(), [1, 1, 2, 2, 3, 3]);
  assert.deepEqual(tensor([[1, 2], [3, 4]]).repeatInterleave([1, 2], 0).toArray(), [[1, 2], [3, 4], [3, 4]]);
  assert.deepEqual(tensor([[1, 2], [3, 4]]).repeatInterleave(2).toArray(), [1, 1, 2, 2, 3, 3, 4, 4]);
  assert.throws(() => tensor([1, 2]).repeatInterleave([1]), ShapeError);
  const x = f64([1, 2]);
  x.repeat(3, 2).sum().add(x.repeatInterleave([0, 4]).sum()).backward();
  assert.deepEqual(x.grad!.toArray(), [6, 10]);
});

test('flip and roll reorder along dims', () => {
  const x = arange(6).reshape(2, 3);
  assert.deepEqual(flip(x, 1).toArray(), [[2, 1, 0], [5, 4, 3]]);
  assert.deepEqual(x.flip(-1).toArray(), [[2, 1, 0], [5, 4, 3]]);
  assert.deepEqual(x.flip(0, 1).toArray(), [[5, 4, 3], [2, 1, 0]]);
  assert.deepEqual(roll(arange(5), 2).toArray(), [3, 4, 0, 1, 2]);
  assert.deepEqual(arange(5).roll(-1, 0).toArray(), [1, 2, 3, 4, 0]);
  assert.deepEqual(x.roll(1).toArray(), [[5, 0, 1], [2, 3, 4]]);
  assert.deepEqual(x.roll([1, 1], [0, 1]).toArray(), [[5, 3, 4], [2, 0, 1]]);
  assert.throws(() => x.roll([1, 1], [0]), ShapeError);
  const g = f64([1, 2, 3]);
  g.flip(0).mul(tensor([1, 2, 3], { dtype: 'float64' })).sum().backward();
  assert.deepEqual(g.grad!.toArray(), [3, 2, 1]);
});

test('tril and triu keep a triangle of the last two dims', () => {
  const x = arange(1, 10).reshape(3, 3).float();
  assert.deepEqual(tril(x).toArray(), [[1, 0, 0], [4, 5, 0], [7, 8, 9]]);
  assert.deepEqual(x.tril(-1).toArray(), [[0, 0, 0], [4, 0, 0], [7, 8, 0]]);
  assert.deepEqual(triu(x, 1).toArray(), [[0, 2, 3], [0, 0, 6], [0, 0, 0]]);
  assert.deepEqual(arange(1, 7).reshape(2, 3).triu().toArray(), [[1, 2, 3], [0, 5, 6]]);
  assert.deepEqual(ones([2, 2, 2]).tril().toArray(), [[[1, 0], [1, 1]], [[1, 0], [1, 1]]]);
  assert.equal(ones([2, 2], { dtype: 'bool' }).triu().dtype, 'bool');
  const w = f64([[1, 2], [3, 4]]);
  w.tril().sum().backward();
  assert.deepEqual(w.grad!.toArray(), [[1, 0], [1, 1]]);
  assert.throws(() => tril(arange(3)), (e: Error) => e instanceof ShapeError && /tril: .*\[3\]/.test(e.message));
});

test('pad: constant (with crops), reflect, replicate and circular values', () => {
  const x = tensor([[1, 2], [3, 4]]);
  assert.deepEqual(pad(x, [1, 2]).toArray(), [[0, 1, 2, 0, 0], [0, 3, 4, 0, 0]]);
  assert.deepEqual(pad(x, [1, 0, 0, 1], 'constant', 9).toArray(), [[9, 1, 2], [9, 3, 4], [9, 9, 9]]);
  const v = tensor([1, 2, 3, 4]);
  assert.deepEqual(pad(v, [-1, 1]).toArray(), [2, 3, 4, 0]);
  assert.deepEqual(pad(v, [-4, 0]).shape, [0]);
  assert.deepEqual(pad(v, [2, 1], 'reflect').toArray(), [3, 2, 1, 2, 3, 4, 3]);
  assert.deepEqual(pad(v, [2, 1], 'replicate').toArray(), [1, 1, 1, 2, 3, 4, 4]);
  assert.deepEqual(pad(v, [2, 1], 'circular').toArray(), [3, 4, 1, 2, 3, 4, 1]);
  assert.deepEqual(pad(v, [-1, 2], 'reflect').toArray(), [2, 3, 4, 3, 2]);
  const m = tensor([[1, 2, 3], [4, 5, 6]]);
  assert.deepEqual(pad(m, [1, 1, 1, 1], 'reflect').toArray(), [[5, 4, 5, 6, 5], [2, 1, 2, 3, 2], [5, 4, 5, 6, 5], [2, 1, 2, 3, 2]]);
  assert.deepEqual(pad(m, [0, 0, 1, 0], 'replicate').toArray(), [[1, 2, 3], [1, 2, 3], [4, 5, 6]]);
});

test('pad backward accumulates into the reflected, replicated or wrapped source elements', () => {
  const expected: Record<string, number[]> = { reflect: [1, 2, 3, 1], replicate: [3, 1, 1, 2], circular: [2, 1, 2, 2], constant: [1, 1, 1, 1] };
  for (const mode of ['reflect', 'replicate', 'circular', 'constant'] as const) {
    const x = f64([1, 2, 3, 4]);
    pad(x, [2, 1], mode).sum().backward();
    assert.deepEqual(x.grad!.toArray(), expected[mode], mode);
    gradcheck((t) => pad(t, [1, 2, 2, -1], mode, 0.5), [r64([3, 4])]);
  }
});

test('pad rejects a wrong number of values and pads too large for the mode', () => {
  assert.throws(() => pad(zeros([3]), [1]), (e: Error) => e instanceof ValueError && /pad: .*\[1\].*\[3\]/.test(e.message));
  assert.throws(() => pad(zeros([3]), [1, 1, 1, 1]), ValueError);
  assert.throws(() => pad(zeros([3]), [3, 0], 'reflect'), (e: Error) => e instanceof ShapeError && /reflect.*size 3/.test(e.message));
  assert.throws(() => pad(zeros([3]), [4, 0], 'circular'), ShapeError);
  assert.throws(() => pad(zeros([0]), [1, 0], 'replicate'), ShapeError);
  assert.throws(() => pad(zeros([3]), [-2, -2]), ShapeError);
});

test('einsum: matmul, transpose, diagonal, trace, sums, outer and dot products', () => {
  const a = tensor([[1, 2], [3, 4]]);
  const b = tensor([[5, 6], [7, 8]]);
  assert.deepEqual(einsum('ij,jk->ik', a, b).toArray(), [[19, 22], [43, 50]]);
  assert.deepEqual(einsum('ij,jk', a, b).toArray(), [[19, 22], [43, 50]]);
  assert.deepEqual(einsum('ij, jk -> ki', [a, b]).toArray(), [[19, 43], [22, 50]]);
  assert.deepEqual(einsum('ij->ji', a).toArray(), [[1, 3], [2, 4]]);
  assert.deepEqual(einsum('ba', a).toArray(), [[1, 3], [2, 4]]); // implicit output is alphabetical
  assert.deepEqual(einsum('ii->i', a).toArray(), [1, 4]);
  assert.equal(einsum('ii', a).item(), 5);
  assert.equal(einsum('ij->', a).item(), 10);
  assert.deepEqual(einsum('ij->j', a).toArray(), [4, 6]);
  assert.deepEqual(einsum('i,j->ij', tensor([1, 2]), tensor([3, 4, 5])).toArray(), [[3, 4, 5], [6, 8, 10]]);
  assert.equal(einsum('i,i', tensor([1, 2]), tensor([3, 4])).item(), 11);
  assert.deepEqual(einsum('ij,ij->ij', a, b).toArray(), [[5, 12], [21, 32]]);
  assert.deepEqual(einsum('bii->b', arange(8).reshape(2, 2, 2)).toArray(), [3, 11]);
  assert.deepEqual(einsum('ij,j->i', a, tensor([1, 1])).toArray(), [3, 7]);
});

test('einsum batches, broadcasts ellipses and chains operands like matmul', () => {
  const [p, q] = [randn([3, 2, 4], { dtype: 'float64' }), randn([3, 4, 5], { dtype: 'float64' })];
  close(einsum('bij,bjk->bik', p, q), p.matmul(q));
  const r = randn([4, 6], { dtype: 'float64' });
  close(einsum('...ij,...jk->...ik', p, r), p.matmul(r));
  close(einsum('...ij,jk', p, r), p.matmul(r));
  close(einsum('...ij->...ji', p), p.mT);
  const s = randn([5, 2], { dtype: 'float64' });
  close(einsum('ij,jk,kl->il', p.select(0, 0), q.select(0, 0), s), p.select(0, 0).matmul(q.select(0, 0)).matmul(s));
  close(einsum('bij,bjk->', p, q), p.matmul(q).sum());
  assert.deepEqual(einsum('ij,jk->ik', zeros([0, 3]), zeros([3, 2])).shape, [0, 2]);
});

test('einsum gradients match finite differences', () => {
  gradcheck((x, y) => einsum('bij,bjk->bik', x, y), [r64([2, 3, 4]), r64([2, 4, 2])]);
  gradcheck((x) => einsum('ii->i', x), [r64([3, 3])]);
  gradcheck((x, y) => einsum('i,j->ij', x, y), [r64([3]), r64([2])]);
  gradcheck((x, y, z) => einsum('...ij,jk,k->...i', x, y, z), [r64([2, 3, 4]), r64([4, 2]), r64([2])]);
});

test('einsum rejects mismatched sizes and malformed equations', () => {
  assert.throws(() => einsum('ij,jk->ik', zeros([2, 3]), zeros([4, 2])), (e: Error) => e instanceof ShapeError && /'j'.*3.*4/.test(e.message));
  assert.throws(() => einsum('ij,jk->ik', zeros([2, 3])), ValueError);
  assert.throws(() => einsum('ij->ik', zeros([2, 3])), ValueError);
  assert.throws(() => einsum('ij->ii', zeros([2, 2])), ValueError);
  assert.throws(() => einsum('ijk', zeros([2, 3])), (e: Error) => e instanceof ShapeError && /\[2, 3\]/.test(e.message));
  assert.throws(() => einsum('ii', zeros([2, 3])), ShapeError);
  assert.throws(() => einsum('i1', zeros([2, 3])), ValueError);
});
