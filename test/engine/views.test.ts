// Views share storage with their base (same `data` array, new shape/strides/offset); a write
// through one shows in the other. Copies (reshape of a non-contiguous tensor) do not.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { arange, tensor, ShapeError, type Tensor } from '../../engine/index.ts';

/** Writes element `idx` of a (possibly strided) tensor straight into its storage. */
function setAt(t: Tensor, idx: number[], value: number): void {
  t.data[t.offset + idx.reduce((o, i, d) => o + i * t.strides[d], 0)] = value;
}

const grid = (): Tensor => arange(12).reshape(3, 4).float(); // [[0..3], [4..7], [8..11]], contiguous

describe('views share storage', () => {
  test('reshape and view of a contiguous tensor', () => {
    const a = grid();
    for (const b of [a.reshape(4, 3), a.view(2, -1), a.reshape([12])]) {
      assert.equal(b.data, a.data);
      assert.ok(b.isContiguous());
    }
    const b = a.reshape(4, 3);
    assert.deepEqual(b.strides, [3, 1]);
    setAt(b, [1, 0], 100); // flat element 3 = a[0, 3]
    assert.equal(a.toArray()[0][3 as never], 100);
    setAt(a, [2, 3], -1); // flat 11 = b[3, 2]
    assert.deepEqual(b.toArray()[3], [9, 10, -1]);
  });

  test('permute and transpose reorder strides', () => {
    const x = arange(24).reshape(2, 3, 4);
    const p = x.permute(2, 0, 1);
    assert.deepEqual(p.shape, [4, 2, 3]);
    assert.deepEqual(p.strides, [1, 12, 4]);
    assert.equal(p.data, x.data);
    assert.ok(!p.isContiguous());
    assert.deepEqual((p.toArray() as number[][][])[1][1], [13, 17, 21]); // x[1, j, 1]
    const a = grid();
    const t = a.transpose(0, 1);
    assert.deepEqual([t.shape, t.strides], [[4, 3], [1, 4]]);
    setAt(t, [2, 1], 55); // = a[1, 2]
    assert.equal((a.toArray() as number[][])[1][2], 55);
    assert.deepEqual(a.t().toArray(), t.toArray());
  });

  test('expand uses stride 0, so one stored value appears in every copy', () => {
    const col = tensor([[1], [2]]);
    const e = col.expand(2, 3);
    assert.deepEqual([e.shape, e.strides], [[2, 3], [1, 0]]);
    assert.equal(e.data, col.data);
    assert.deepEqual(e.toArray(), [[1, 1, 1], [2, 2, 2]]);
    col.data[1] = 9;
    assert.deepEqual(e.toArray(), [[1, 1, 1], [9, 9, 9]]);
    const lead = tensor([1, 2]).expand(3, -1);
    assert.deepEqual([lead.shape, lead.strides], [[3, 2], [0, 1]]);
  });

  test('slice / narrow / select move the offset and stride', () => {
    const a = grid();
    const s = a.slice(1, 1, 4, 2); // columns 1 and 3
    assert.deepEqual([s.shape, s.strides, s.offset], [[3, 2], [4, 2], 1]);
    assert.deepEqual(s.toArray(), [[1, 3], [5, 7], [9, 11]]);
    const n = a.narrow(0, 1, 2); // rows 1..2
    assert.deepEqual([n.shape, n.offset], [[2, 4], 4]);
    const r = a.select(0, -1); // last row
    assert.deepEqual([r.shape, r.offset, r.toArray()], [[4], 8, [8, 9, 10, 11]]);
    const c = a.select(1, 2); // column 2
    assert.deepEqual([c.strides, c.toArray()], [[4], [2, 6, 10]]);
    for (const v of [s, n, r, c]) assert.equal(v.data, a.data);
    setAt(c, [1], -6); // a[1, 2]
    assert.equal((n.toArray() as number[][])[0][2], -6);
    assert.deepEqual(a.slice(0, -2).toArray(), [[4, 5, -6, 7], [8, 9, 10, 11]]);
    assert.deepEqual(a.slice(1, 10, 20).shape, [3, 0]);
  });

  test('squeeze / unsqueeze', () => {
    const a = arange(6).reshape(1, 2, 1, 3);
    const s = a.squeeze();
    assert.deepEqual(s.shape, [2, 3]);
    assert.deepEqual(a.squeeze(0).shape, [2, 1, 3]);
    assert.deepEqual(a.squeeze(1).shape, [1, 2, 1, 3], 'a dim that is not 1 is left alone');
    const u = s.unsqueeze(-1);
    assert.deepEqual(u.shape, [2, 3, 1]);
    assert.deepEqual(s.unsqueeze(0).shape, [1, 2, 3]);
    for (const v of [s, u]) assert.equal(v.data, a.data);
    setAt(u, [1, 2, 0], 42); // flat 5
    assert.deepEqual(a.toArray(), [[[[0, 1, 2]], [[3, 4, 42]]]]);
  });

  test('detach shares storage', () => {
    const x = tensor([1, 2, 3], { requiresGrad: true });
    const d = x.detach();
    assert.equal(d.data, x.data);
    d.data[0] = 7;
    assert.equal(x.toArray()[0], 7);
  });
});

describe('copies and refusals', () => {
  test('reshape of a non-contiguous tensor copies', () => {
    const a = grid();
    const r = a.t().reshape(12);
    assert.notEqual(r.data, a.data);
    assert.deepEqual(r.toArray(), [0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11]);
    r.data[0] = 99;
    assert.equal(a.toArray()[0][0 as never], 0);
  });

  test('view() of a non-contiguous tensor throws ShapeError', () => {
    const a = grid();
    assert.throws(() => a.t().view(12), (e: Error) => e instanceof ShapeError && e.message.includes('[4, 3]') && e.message.includes('contiguous'));
    assert.deepEqual(a.t().contiguous().view(12).shape, [12]);
  });

  test('contiguous() returns the same tensor when already contiguous, a row-major copy otherwise', () => {
    const a = grid();
    assert.equal(a.contiguous(), a);
    const c = a.t().contiguous();
    assert.ok(c.isContiguous());
    assert.notEqual(c.data, a.data);
    assert.deepEqual(c.strides, [3, 1]);
    assert.deepEqual(Array.from(c.data), [0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11]);
  });

  test('clone always copies', () => {
    const a = grid();
    const c = a.clone();
    assert.notEqual(c.data, a.data);
    assert.deepEqual(c.toArray(), a.toArray());
  });

  test('toTypedArray never aliases storage', () => {
    const a = grid();
    const flat = a.toTypedArray();
    flat[0] = 123;
    assert.equal(a.data[0], 0);
  });
});

describe('gradients flow back through views to the right elements', () => {
  test('select, transpose and expand', () => {
    const x = tensor([[1, 2, 3], [4, 5, 6]], { requiresGrad: true });
    x.select(1, 2).sum().backward(); // column 2
    assert.deepEqual(x.grad!.toArray(), [[0, 0, 1], [0, 0, 1]]);
    x.grad = null;
    x.t().mul(tensor([[1, 10], [2, 20], [3, 30]])).sum().backward();
    assert.deepEqual(x.grad!.toArray(), [[1, 2, 3], [10, 20, 30]]);
    const c = tensor([[1], [2]], { requiresGrad: true });
    c.expand(2, 4).sum().backward();
    assert.deepEqual(c.grad!.toArray(), [[4], [4]]);
  });
});
