// In-place updates: values, views, broadcasting, and PyTorch's rules on leaves that require grad.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tensor, zeros, noGrad, AutogradError, ShapeError } from '../../engine/index.ts';

test('add_/sub_/mul_/div_ update the storage and return the same tensor', () => {
  const t = tensor([1, 2, 3]);
  assert.equal(t.add_(tensor([1, 1, 1]), 2), t);
  assert.deepEqual(t.toArray(), [3, 4, 5]);
  t.sub_(1).mul_(tensor([2, 3, 4])).div_(2);
  assert.deepEqual(t.toArray(), [2, 4.5, 8]);
});

test('writes go through views into the shared storage, broadcasting the value', () => {
  const m = zeros([2, 3]);
  m.select(0, 1).fill_(7);
  m.t().select(0, 0).add_(tensor([1, 1]));
  assert.deepEqual(m.toArray(), [[1, 0, 0], [8, 7, 7]]);
  m.copy_(tensor([5, 6, 7]));
  assert.deepEqual(m.toArray(), [[5, 6, 7], [5, 6, 7]]);
  assert.throws(() => m.copy_(tensor([1, 2])), ShapeError);
});

test('a leaf that requires grad changes in place only under noGrad; a non-leaf never', () => {
  const w = tensor([1, 2], { requiresGrad: true });
  assert.throws(() => w.sub_(1), (e: Error) => e instanceof AutogradError && /noGrad/.test(e.message));
  noGrad(() => w.sub_(tensor([0.5, 0.5])));
  assert.deepEqual(w.toArray(), [0.5, 1.5]);
  const y = w.mul(2);
  assert.throws(() => noGrad(() => y.zero_()), (e: Error) => e instanceof AutogradError && /mul/.test(e.message));
});

test('int tensors stay int: fill_ and add_ cast the value', () => {
  const t = tensor([1, 2], { dtype: 'int32' });
  t.add_(1.9);
  assert.equal(t.dtype, 'int32');
  assert.deepEqual(t.toArray(), [2, 3]);
});
