// Bad input throws a typed error whose message names the op and every shape, dim or index involved.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  tensor, zeros, arange, linspace, matmul, add, conv2d, randn, AllocationError,
  GradschoolError, ShapeError, IndexError, ValueError, DTypeError, AutogradError, fmtShape,
} from '../../engine/index.ts';

/** Asserts fn throws an instance of `type` whose message contains every fragment. */
function throwsWith(fn: () => unknown, type: new (...args: never[]) => Error, ...fragments: string[]): void {
  assert.throws(fn, (e: Error) => {
    assert.ok(e instanceof type, `expected ${type.name}, got ${e.name}: ${e.message}`);
    for (const f of fragments) assert.ok(e.message.includes(f), `message lacks '${f}': ${e.message}`);
    return true;
  });
}

describe('error classes', () => {
  test('each is a GradschoolError named after its class', () => {
    const e = new ShapeError('x');
    assert.ok(e instanceof GradschoolError && e instanceof Error);
    assert.equal(e.name, 'ShapeError');
    assert.equal(new IndexError('y').name, 'IndexError');
    assert.equal(fmtShape([2, 3]), '[2, 3]');
    assert.equal(fmtShape([]), '[]');
  });
});

describe('shape errors', () => {
  test('broadcast failure names the op and both shapes', () => {
    throwsWith(() => tensor([[1, 2, 3]]).add(zeros([2, 4])), ShapeError, 'add', '[1, 3]', '[2, 4]');
    throwsWith(() => add(zeros([5, 3]), zeros([4, 3])), ShapeError, '[5, 3]', '[4, 3]');
  });

  test('matmul inner-size mismatch names both shapes', () => {
    throwsWith(() => matmul(zeros([2, 3]), zeros([4, 5])), ShapeError, 'matmul', '[2, 3]', '[4, 5]');
    throwsWith(() => matmul(zeros([3]), zeros([4])), ShapeError, 'matmul', '[3]', '[4]');
    throwsWith(() => matmul(zeros([7, 2, 3]), zeros([3, 3, 1])), ShapeError, 'matmul');
  });

  test('reshape to an incompatible size names both shapes and the count', () => {
    throwsWith(() => arange(12).reshape(5, 3), ShapeError, 'reshape', '[5, 3]', '[12]', '12 elements');
    throwsWith(() => arange(12).reshape(-1, 5), ShapeError, 'reshape', '[-1, 5]');
    throwsWith(() => arange(12).reshape(-1, -1), ShapeError, 'reshape', 'only one dim can be -1');
  });

  test('expand can only grow size-1 dims', () => {
    throwsWith(() => tensor([1, 2]).expand(3), ShapeError, 'expand', '[2]', '[3]');
  });

  test('view of a non-contiguous tensor', () => {
    throwsWith(() => arange(6).reshape(2, 3).t().view(6), ShapeError, 'view', '[3, 2]');
  });

  test('ragged nested arrays', () => {
    throwsWith(() => tensor([[1, 2], [3]]), ShapeError, 'tensor', 'data[1]');
  });
});

describe('index errors', () => {
  test('a dim out of range names the op and the valid range', () => {
    const a = zeros([3, 4]);
    throwsWith(() => a.sum(2), IndexError, 'sum', 'dim 2', '-2..1');
    throwsWith(() => a.transpose(0, -3), IndexError, 'transpose', 'dim -3', '-2..1');
    throwsWith(() => a.unsqueeze(3), IndexError, 'unsqueeze', '-3..2');
    throwsWith(() => a.size(5), IndexError, 'size', 'dim 5');
    throwsWith(() => a.permute(0, 2), IndexError, 'permute');
  });

  test('an index out of bounds names the index, dim and size', () => {
    throwsWith(() => zeros([3, 4]).select(1, 4), IndexError, 'select', 'index 4', 'size 4', '[3, 4]');
    throwsWith(() => zeros([3, 4]).narrow(0, 2, 2), IndexError, 'narrow', '[3, 4]');
  });

  test('item() on a multi-element tensor', () => {
    throwsWith(() => zeros([3, 4]).item(), IndexError, 'item', '[3, 4]');
    assert.equal(zeros([1, 1]).add(5).item(), 5);
  });
});

describe('value, dtype and autograd errors', () => {
  test('bad sizes and steps', () => {
    throwsWith(() => zeros([2, -1]), ValueError, 'full', '[2, -1]');
    throwsWith(() => zeros([1.5]), ValueError);
    throwsWith(() => arange(0, 3, 0), ValueError, 'arange', 'step');
    throwsWith(() => linspace(0, 1, -1), ValueError, 'linspace', '-1');
    throwsWith(() => zeros([4]).slice(0, 0, 4, 0), ValueError, 'slice', 'step');
  });

  test('requiresGrad on a non-float tensor', () => {
    throwsWith(() => arange(3).requiresGrad_(), DTypeError, 'requiresGrad', 'int32');
  });

  test('autograd misuse', () => {
    throwsWith(() => tensor([1, 2], { requiresGrad: true }).mul(2).backward(), AutogradError, 'backward', '[2]');
    throwsWith(() => zeros([1]).backward(), AutogradError, 'backward', 'requiresGrad');
    const x = tensor([1, 2], { requiresGrad: true });
    const y = x.mul(2);
    throwsWith(() => y.backward(zeros([3])), ShapeError, 'backward', '[3]', '[2]');
  });
});

test('conv2d with a padding of 1e7 fails at once with an AllocationError naming conv and the output shape', () => {
  assert.throws(
    () => conv2d(randn([1, 1, 4, 4]), randn([1, 1, 3, 3]), null, { padding: 10_000_000 }),
    (e: Error) => e instanceof AllocationError && /^conv: shape \[1, 1, 20000002, 20000002\]/.test(e.message),
  );
});
