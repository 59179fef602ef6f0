// Tensor creation, the seeded random source, and PyTorch-style printing.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { inspect } from 'node:util';
import {
  tensor, zeros, ones, full, arange, linspace, eye, rand, randn, randint, randperm, scalar, fromTypedArray,
  zerosLike, onesLike, fullLike, randLike, randnLike, manualSeed, getRngState, setRngState,
  ShapeError, ValueError, type Tensor,
} from '../../engine/index.ts';

const values = (t: Tensor): number[] => Array.from(t.toTypedArray());

describe('tensor() from JS data', () => {
  test('infers the shape of nested arrays, float32 by default', () => {
    const t = tensor([[1, 2, 3], [4, 5, 6]]);
    assert.deepEqual(t.shape, [2, 3]);
    assert.equal(t.dtype, 'float32');
    assert.deepEqual(t.toArray(), [[1, 2, 3], [4, 5, 6]]);
    assert.deepEqual(tensor([[[1], [2]]]).shape, [1, 2, 1]);
  });

  test('a number gives a 0-dim tensor; an empty list a 0-length one', () => {
    const s = tensor(2.5);
    assert.deepEqual(s.shape, []);
    assert.equal(s.item(), 2.5);
    assert.deepEqual(tensor([]).shape, [0]);
    assert.deepEqual(tensor([[], []]).shape, [2, 0]);
  });

  test('ragged nested arrays throw a ShapeError naming where', () => {
    assert.throws(() => tensor([[1, 2], [3]]), (e: Error) => e instanceof ShapeError && e.message.includes('data[1]'));
    assert.throws(() => tensor([[[1], [2]], [[3], 4]] as never), (e: Error) => e instanceof ShapeError && e.message.includes('data[1][1]'));
    assert.throws(() => tensor([[1, 2], 3] as never), ShapeError);
  });

  test('non-numbers throw a ValueError naming the element', () => {
    assert.throws(() => tensor([1, 'a'] as never), (e: Error) => e instanceof ValueError && e.message.includes('data[1]') && e.message.includes('string'));
  });

  test('all-boolean data infers bool; {dtype} casts (floats truncate toward zero for int32)', () => {
    const b = tensor([true, false, true]);
    assert.equal(b.dtype, 'bool');
    assert.deepEqual(b.toArray(), [true, false, true]);
    const i = tensor([1.7, -1.7, 3], { dtype: 'int32' });
    assert.equal(i.dtype, 'int32');
    assert.deepEqual(i.toArray(), [1, -1, 3]);
    assert.deepEqual(tensor([0, 2, -1], { dtype: 'bool' }).toArray(), [false, true, true]);
    assert.equal(tensor([1, 2], { dtype: 'float64' }).dtype, 'float64');
  });

  test('typed arrays keep their dtype, and tensor() copies them', () => {
    const src = new Int32Array([4, 5, 6]);
    const t = tensor(src);
    assert.equal(t.dtype, 'int32');
    src[0] = 99;
    assert.deepEqual(t.toArray(), [4, 5, 6]);
    assert.equal(tensor(new Float64Array([0.1])).dtype, 'float64');
    assert.equal(tensor(new Uint8Array([0, 3])).dtype, 'bool');
    assert.deepEqual(values(tensor(new Uint8Array([0, 3]))), [0, 1]);
    assert.deepEqual(tensor(new Float32Array([1.5, 2.5]), { dtype: 'int32' }).toArray(), [1, 2]);
  });

  test('fromTypedArray wraps without copying and checks the size', () => {
    const data = new Float32Array(6);
    const t = fromTypedArray(data, [2, 3]);
    assert.equal(t.data, data);
    assert.throws(() => fromTypedArray(data, [4, 2]), ShapeError);
  });
});

describe('filled tensors and ranges', () => {
  test('zeros / ones / full / scalar', () => {
    assert.deepEqual(zeros([2, 2]).toArray(), [[0, 0], [0, 0]]);
    assert.deepEqual(ones(3, { dtype: 'int32' }).toArray(), [1, 1, 1]);
    assert.equal(ones(3, { dtype: 'int32' }).dtype, 'int32');
    assert.deepEqual(full([2], 7.5).toArray(), [7.5, 7.5]);
    assert.deepEqual(scalar(4).shape, []);
    assert.deepEqual(zeros([0, 3]).shape, [0, 3]);
    assert.throws(() => zeros([2, -1]), ValueError);
  });

  test('arange: ints give int32, any fraction gives float32, negative steps count down', () => {
    const a = arange(5);
    assert.equal(a.dtype, 'int32');
    assert.deepEqual(a.toArray(), [0, 1, 2, 3, 4]);
    assert.deepEqual(arange(2, 5).toArray(), [2, 3, 4]);
    const f = arange(0, 1, 0.25);
    assert.equal(f.dtype, 'float32');
    assert.deepEqual(f.toArray(), [0, 0.25, 0.5, 0.75]);
    assert.deepEqual(arange(5, 0, -2).toArray(), [5, 3, 1]);
    assert.deepEqual(arange(3, 3).shape, [0]);
    assert.deepEqual(arange(3, 5, -1).shape, [0]);
    assert.equal(arange(0, 3, 1, { dtype: 'float64' }).dtype, 'float64');
    assert.throws(() => arange(0, 5, 0), ValueError);
  });

  test('linspace includes both endpoints exactly', () => {
    assert.deepEqual(linspace(0, 1, 5).toArray(), [0, 0.25, 0.5, 0.75, 1]);
    const l = linspace(-1, 0.3, 7, { dtype: 'float64' });
    const v = values(l);
    assert.equal(v[0], -1);
    assert.equal(v[6], 0.3);
    v.forEach((x, i) => assert.ok(Math.abs(x - (-1 + (1.3 * i) / 6)) < 1e-15));
    assert.equal(values(linspace(0, 0.1, 11))[10], Math.fround(0.1));
    assert.deepEqual(linspace(2, 5, 1).toArray(), [2]);
    assert.deepEqual(linspace(2, 5, 0).shape, [0]);
  });

  test('eye: square and rectangular', () => {
    assert.deepEqual(eye(3).toArray(), [[1, 0, 0], [0, 1, 0], [0, 0, 1]]);
    assert.deepEqual(eye(2, 3).toArray(), [[1, 0, 0], [0, 1, 0]]);
    assert.deepEqual(eye(3, 2).toArray(), [[1, 0], [0, 1], [0, 0]]);
  });

  test('*Like copies shape and dtype unless told otherwise', () => {
    const x = arange(6).reshape(2, 3);
    const z = zerosLike(x);
    assert.deepEqual([z.shape, z.dtype], [[2, 3], 'int32']);
    assert.deepEqual(onesLike(x, { dtype: 'float64' }).dtype, 'float64');
    assert.deepEqual(fullLike(x, 7).toArray(), [[7, 7, 7], [7, 7, 7]]);
    const f = zeros([4, 1], { dtype: 'float64' });
    assert.deepEqual([randLike(f).shape, randLike(f).dtype], [[4, 1], 'float64']);
    assert.deepEqual([randnLike(f).shape, randnLike(f).dtype], [[4, 1], 'float64']);
  });
});

describe('random numbers', () => {
  test('manualSeed makes rand, randn, randint and randperm repeat exactly', () => {
    const draw = () => [rand([5]), randn([5]), randint(0, 10, [5]), randperm(8)].map(values);
    manualSeed(42);
    const first = draw();
    manualSeed(42);
    assert.deepEqual(draw(), first);
    manualSeed(43);
    assert.notDeepEqual(draw()[0], first[0]);
  });

  test('randn has mean ≈ 0 and std ≈ 1 over 100k samples', () => {
    manualSeed(7);
    const v = values(randn([100_000]));
    const mean = v.reduce((a, b) => a + b, 0) / v.length;
    const std = Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / v.length);
    // Standard errors are ~0.003 and ~0.002; 0.02 is over six of them.
    assert.ok(Math.abs(mean) < 0.02, `mean ${mean}`);
    assert.ok(Math.abs(std - 1) < 0.02, `std ${std}`);
  });

  test('rand lies in [0, 1) with mean ≈ 0.5, in float32 too', () => {
    manualSeed(8); // with this seed a double just below 1 comes up, which float32 would round to 1
    const v = values(rand([1 << 20]));
    assert.ok(v.every((x) => x >= 0 && x < 1), `max ${Math.max(...v.slice(0, 10))}`);
    const mean = v.reduce((a, b) => a + b, 0) / v.length;
    assert.ok(Math.abs(mean - 0.5) < 0.005, `mean ${mean}`);
  });

  test('randint covers [low, high) and randperm is a permutation', () => {
    manualSeed(3);
    const r = randint(-3, 4, [10_000]);
    assert.equal(r.dtype, 'int32');
    const seen = new Set(values(r));
    assert.deepEqual([...seen].sort((a, b) => a - b), [-3, -2, -1, 0, 1, 2, 3]);
    assert.throws(() => randint(5, 5, [1]), ValueError);
    const p = values(randperm(10));
    assert.deepEqual([...p].sort((a, b) => a - b), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  test('getRngState / setRngState resume the stream, including a pending normal', () => {
    manualSeed(1);
    randn([3]); // an odd count leaves the second Box–Muller value waiting
    const state = getRngState();
    const a = [values(randn([4])), values(rand([3])), values(randint(0, 100, [3]))];
    setRngState(state);
    const b = [values(randn([4])), values(rand([3])), values(randint(0, 100, [3]))];
    assert.deepEqual(b, a);
  });
});

describe('printing like PyTorch', () => {
  test('whole floats print with a trailing dot, columns aligned', () => {
    assert.equal(tensor([[1, 3, 5], [2, 4, 1]]).toString(), 'tensor([[1., 3., 5.],\n        [2., 4., 1.]])');
    // Widths come from the nonzero values, so '-0.' may overflow its column, as in PyTorch.
    assert.equal(tensor([-0, 2]).toString(), 'tensor([-0., 2.])');
    assert.equal(tensor([1, 1000]).toString(), 'tensor([   1., 1000.])');
  });

  test('fractions print with 4 decimals, padded to the widest', () => {
    assert.equal(tensor(3.5).toString(), 'tensor(3.5000)');
    assert.equal(tensor([1.5, 2, -3.25]).toString(), 'tensor([ 1.5000,  2.0000, -3.2500])');
    assert.equal(tensor([[1.5, -10.25], [100, 2]]).toString(), 'tensor([[  1.5000, -10.2500],\n        [100.0000,   2.0000]])');
  });

  test('scientific notation for wide ranges, huge or tiny values', () => {
    assert.equal(tensor([1, 2000]).toString(), 'tensor([1.0000e+00, 2.0000e+03])');
    assert.equal(tensor([1, 1e-5]).toString(), 'tensor([1.0000e+00, 1.0000e-05])');
    assert.equal(tensor([1e9, 2e9]).toString(), 'tensor([1.0000e+09, 2.0000e+09])');
    assert.equal(tensor([0.5, -2e-5]).toString(), 'tensor([ 5.0000e-01, -2.0000e-05])');
  });

  test('nan and inf', () => {
    assert.equal(tensor([1.5, NaN, Infinity, -Infinity]).toString(), 'tensor([1.5000,    nan,    inf,   -inf])');
    assert.equal(tensor([1, NaN]).toString(), 'tensor([1., nan])');
    assert.equal(tensor(NaN).toString(), 'tensor(nan)');
    assert.equal(tensor([-Infinity]).toString(), 'tensor([-inf])');
  });

  test('ints and bools; dtype shown for int32 and float64 only', () => {
    assert.equal(tensor([1, 2, 3], { dtype: 'int32' }).toString(), 'tensor([1, 2, 3], dtype=int32)');
    assert.equal(tensor([-5, 10], { dtype: 'int32' }).toString(), 'tensor([-5, 10], dtype=int32)');
    assert.equal(tensor([true, false]).toString(), 'tensor([ True, False])');
    assert.equal(tensor([0.5], { dtype: 'float64' }).toString(), 'tensor([0.5000], dtype=float64)');
  });

  test('empty tensors show their size (unless 1-D) and any non-default dtype', () => {
    assert.equal(tensor([]).toString(), 'tensor([])');
    assert.equal(zeros([0, 3]).toString(), 'tensor([], size=(0, 3))');
    assert.equal(arange(0).toString(), 'tensor([], dtype=int32)');
    assert.equal(zeros([2, 0], { dtype: 'bool' }).toString(), 'tensor([], size=(2, 0), dtype=bool)');
  });

  test('3-D tensors separate blocks with a blank line', () => {
    const expected = 'tensor([[[0, 1],\n         [2, 3]],\n\n        [[4, 5],\n         [6, 7]]], dtype=int32)';
    assert.equal(arange(8).reshape(2, 2, 2).toString(), expected);
  });

  test('long rows wrap at 80 columns, and a suffix that does not fit goes on its own line', () => {
    const lines = linspace(0, 1, 30).toString().split('\n');
    assert.equal(lines.length, 4); // 9 values of width 6 fit in a row (80 − 7 indent) / 8
    assert.equal(lines[0], 'tensor([0.0000, 0.0345, 0.0690, 0.1034, 0.1379, 0.1724, 0.2069, 0.2414, 0.2759,');
    assert.ok(lines[1].startsWith('        0.3103,'));
    assert.equal(
      linspace(0, 1, 9, { dtype: 'float64' }).toString(),
      'tensor([0.0000, 0.1250, 0.2500, 0.3750, 0.5000, 0.6250, 0.7500, 0.8750, 1.0000],\n       dtype=float64)',
    );
  });

  test('more than 1000 elements are summarized with 3 edge items', () => {
    assert.equal(arange(10_000).toString(), 'tensor([   0,    1,    2,  ..., 9997, 9998, 9999], dtype=int32)');
    const z = zeros([100, 100]).toString().split('\n');
    assert.deepEqual(z, [
      'tensor([[0., 0., 0.,  ..., 0., 0., 0.],',
      '        [0., 0., 0.,  ..., 0., 0., 0.],',
      '        [0., 0., 0.,  ..., 0., 0., 0.],',
      '        ...,',
      '        [0., 0., 0.,  ..., 0., 0., 0.],',
      '        [0., 0., 0.,  ..., 0., 0., 0.],',
      '        [0., 0., 0.,  ..., 0., 0., 0.]])',
    ]);
    // Exactly 1000 elements are printed in full: 14 values of width 3 per row.
    const full1000 = arange(1000).toString();
    assert.ok(!full1000.includes('...'));
    assert.equal(full1000.split('\n').length, Math.ceil(1000 / 14));
  });

  test('summary widths come only from the shown values', () => {
    const t = arange(2000).float();
    const s = t.toString();
    // 0 … 1999 shown: ratio 1999 > 1000, so scientific, even though the hidden middle is irrelevant.
    assert.equal(s, 'tensor([0.0000e+00, 1.0000e+00, 2.0000e+00,  ..., 1.9970e+03, 1.9980e+03,\n        1.9990e+03])');
  });

  test('requiresGrad and gradFn suffixes', () => {
    const x = tensor([1.5, 2, -3.25], { requiresGrad: true });
    assert.equal(x.toString(), 'tensor([ 1.5000,  2.0000, -3.2500], requiresGrad=true)');
    assert.equal(x.mul(2).toString(), 'tensor([ 3.0000,  4.0000, -6.5000], gradFn=<MulBackward>)');
    assert.equal(x.sum().toString(), 'tensor(0.2500, gradFn=<SumBackward>)');
    assert.equal(x.detach().toString(), 'tensor([ 1.5000,  2.0000, -3.2500])');
  });

  test('views print their own elements', () => {
    const a = arange(6).reshape(2, 3);
    assert.equal(a.t().toString(), 'tensor([[0, 3],\n        [1, 4],\n        [2, 5]], dtype=int32)');
    assert.equal(a.select(1, 2).toString(), 'tensor([2, 5], dtype=int32)');
  });

  test('String(), template literals, console.log and util.inspect all show the same text', () => {
    const t = tensor([[1, 2], [3, 4]]);
    const text = 'tensor([[1., 2.],\n        [3., 4.]])';
    assert.equal(String(t), text);
    assert.equal(`${t}`, text);
    assert.equal(inspect(t), text);
  });
});
