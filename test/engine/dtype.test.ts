// Type promotion as a table (PyTorch's result_type rules, in gradschool's four dtypes), checked
// both through resultType() and through real ops, plus the dtypes that reductions and
// comparisons produce.
//
// Decisions where gradschool differs from or narrows PyTorch:
// - int32 is the only integer type, so it stands where PyTorch would say int64.
// - bool + bool stays bool, as torch.add on bools does (it acts as logical or).

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { tensor, scalar, zeros, resultType, promoteTypes, add, mul, div, DTypeError, type DType, type Tensor } from '../../engine/index.ts';

const i32 = (): Tensor => tensor([1, 2], { dtype: 'int32' });
const f32 = (): Tensor => tensor([1.5, 2]);
const f64 = (): Tensor => tensor([1.5, 2], { dtype: 'float64' });
const bool = (): Tensor => tensor([true, false]);
const zeroDim = (dtype: DType): Tensor => scalar(2, { dtype });

describe('promoteTypes: the wider dtype wins', () => {
  const table: Array<[DType, DType, DType]> = [
    ['bool', 'bool', 'bool'],
    ['bool', 'int32', 'int32'],
    ['bool', 'float32', 'float32'],
    ['int32', 'float32', 'float32'],
    ['int32', 'float64', 'float64'],
    ['float32', 'float64', 'float64'],
    ['float64', 'float64', 'float64'],
  ];
  for (const [a, b, want] of table) {
    test(`${a} + ${b} → ${want}`, () => {
      assert.equal(promoteTypes(a, b), want);
      assert.equal(promoteTypes(b, a), want);
    });
  }
});

describe('add promotes like PyTorch: tensors with dims > 0-dim tensors > plain numbers', () => {
  const table: Array<[string, () => [Tensor | number | boolean, Tensor | number | boolean], DType, number[]]> = [
    ['int32 + float32', () => [i32(), f32()], 'float32', [2.5, 4]],
    ['float32 + float64', () => [f32(), f64()], 'float64', [3, 4]],
    ['bool + int32', () => [bool(), i32()], 'int32', [2, 2]],
    ['int32 + 2 (int number)', () => [i32(), 2], 'int32', [3, 4]],
    ['int32 + 2.5 (float number)', () => [i32(), 2.5], 'float32', [3.5, 4.5]],
    ['float64 + 2.5 keeps float64', () => [f64(), 2.5], 'float64', [4, 4.5]],
    ['bool + 1', () => [bool(), 1], 'int32', [2, 1]],
    ['bool + 1.5', () => [bool(), 1.5], 'float32', [2.5, 1.5]],
    ['int32 + true', () => [i32(), true], 'int32', [2, 3]],
    ['float32 tensor + float64 0-dim → float32 (same category, lower tier)', () => [f32(), zeroDim('float64')], 'float32', [3.5, 4]],
    ['int32 tensor + float64 0-dim → float64 (higher category wins)', () => [i32(), zeroDim('float64')], 'float64', [3, 4]],
    ['int32 tensor + float32 0-dim → float32', () => [i32(), zeroDim('float32')], 'float32', [3, 4]],
    ['float64 0-dim + int32 0-dim → float64', () => [zeroDim('float64'), zeroDim('int32')], 'float64', [4]],
    ['int32 0-dim + 0.5 → float32', () => [zeroDim('int32'), 0.5], 'float32', [2.5]],
  ];
  for (const [name, make, want, sum] of table) {
    test(name, () => {
      const [a, b] = make();
      assert.equal(resultType(a, b), want);
      const y = add(a, b);
      assert.equal(y.dtype, want);
      assert.deepEqual(Array.from(y.toTypedArray()), sum);
    });
  }
});

describe('dtypes of other results', () => {
  test('int / int is true division into float32', () => {
    const y = div(tensor([1, 3], { dtype: 'int32' }), tensor([2, 4], { dtype: 'int32' }));
    assert.equal(y.dtype, 'float32');
    assert.deepEqual(y.toArray(), [0.5, 0.75]);
    assert.equal(div(tensor([1], { dtype: 'float64' }), tensor([2], { dtype: 'int32' })).dtype, 'float64');
  });

  test('comparisons give bool whatever the operands', () => {
    for (const y of [f32().gt(1.7), i32().eq(2), f64().le(zeroDim('int32')), bool().ne(true)]) assert.equal(y.dtype, 'bool');
    assert.deepEqual(f32().gt(1.7).toArray(), [false, true]);
    assert.deepEqual(i32().lt(f32()).toArray(), [true, false]);
  });

  test('sum: bool and int32 sum to int32, floats keep their dtype', () => {
    const b = tensor([true, false, true, true]).sum();
    assert.equal(b.dtype, 'int32');
    assert.equal(b.item(), 3);
    assert.equal(i32().sum().dtype, 'int32');
    assert.equal(f64().sum().dtype, 'float64');
    assert.equal(f32().sum().dtype, 'float32');
  });

  test('mean of an int tensor is a DTypeError (as PyTorch)', () => {
    assert.throws(() => i32().mean(), DTypeError);
  });

  test('float math on ints gives float32; sign-like ops keep int32', () => {
    assert.equal(i32().exp().dtype, 'float32');
    assert.equal(i32().sqrt().dtype, 'float32');
    assert.deepEqual(i32().neg().toArray(), [-1, -2]);
    assert.equal(i32().neg().dtype, 'int32');
    assert.equal(mul(i32(), i32()).dtype, 'int32');
  });

  test('casts: float → int32 truncates toward zero; to() of the same dtype is a no-op', () => {
    assert.deepEqual(tensor([1.9, -1.9]).int().toArray(), [1, -1]);
    const x = f32();
    assert.equal(x.to('float32'), x);
    assert.equal(x.double().dtype, 'float64');
  });

  // Bool storage (a Uint8Array) must hold only 0/1, as PyTorch: true + true = true, bool(0.5) = true.
  test('bool + bool stays bool and stores 0/1 (true + true = true)', () => {
    const y = add(tensor([true, true, false]), tensor([true, false, false]));
    assert.equal(y.dtype, 'bool');
    assert.deepEqual(y.toArray(), [true, true, false]);
    assert.equal(y.sum().item(), 2);
  });

  test('casting to bool is "nonzero" (0.5 and NaN are true)', () => {
    const b = tensor([0.5, -1, 0, NaN]).bool();
    assert.deepEqual(b.toArray(), [true, true, false, true]);
    assert.equal(b.sum().item(), 3);
  });
});

test('an unknown dtype is a DTypeError naming it, not a size error (int64 gets a hint)', () => {
  const dtype = 'int64' as DType;
  assert.throws(() => tensor([1], { dtype }), (e: Error) => e instanceof DTypeError && /unknown dtype 'int64'.*no int64/.test(e.message));
  assert.throws(() => zeros([2, 3], { dtype: 'float16' as DType }), (e: Error) => e instanceof DTypeError && /full: unknown dtype 'float16'; dtypes are bool, int32, float32, float64$/.test(e.message));
});
