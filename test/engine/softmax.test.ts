// softmax and logSoftmax: values from the definition, stability at huge logits, and agreement of
// the fused primitives (values and gradients) with the plain composite formula.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tensor, randn, scalar, zeros, grad, manualSeed, softmax, logSoftmax, IndexError, Tensor } from '../../engine/index.ts';

const f64 = { dtype: 'float64' as const };

function assertClose(actual: Tensor, expected: number[], tol = 1e-6): void {
  const a = Array.from(actual.toTypedArray());
  assert.equal(a.length, expected.length);
  a.forEach((v, i) => {
    assert.ok(Number.isFinite(v), `element ${i} is ${v}`);
    assert.ok(Math.abs(v - expected[i]) <= tol * (1 + Math.abs(expected[i])), `element ${i}: expected ${expected[i]}, got ${v}`);
  });
}

/** softmax of one row straight from the definition, in float64. */
const reference = (row: number[]): number[] => {
  const m = Math.max(...row);
  const e = row.map((v) => Math.exp(v - m));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
};

test('softmax: values from the definition; rows sum to 1 along the chosen dim', () => {
  const x = tensor([[1, 2, 3], [0, -1, 4]]);
  assertClose(x.softmax(1), [...reference([1, 2, 3]), ...reference([0, -1, 4])]);
  assertClose(softmax(x, -1).sum(-1), [1, 1]);
  const cols = x.softmax(0);
  assertClose(cols.sum(0), [1, 1, 1]);
  assertClose(cols.select(1, 0), reference([1, 0]));
  assertClose(cols.select(1, 2), reference([3, 4]));
});

test('softmax is shift invariant', () => {
  const x = tensor([[0.5, -1, 2, 0]], f64);
  assertClose(x.add(100).softmax(1), Array.from(x.softmax(1).toTypedArray()), 1e-12);
  assertClose(x.sub(37).softmax(1), Array.from(x.softmax(1).toTypedArray()), 1e-12);
});

test('softmax and logSoftmax stay finite and exact at logits near ±1000', () => {
  const big = reference([0, -1, -2]);
  assertClose(tensor([1000, 999, 998]).softmax(0), big);
  assertClose(tensor([-1000, -1001, -1002]).softmax(0), big);
  assertClose(tensor([1000, 999, 998], f64).logSoftmax(0), big.map(Math.log), 1e-12);
  assertClose(tensor([1000, 0]).logSoftmax(0), [0, -1000]);
  assertClose(tensor([-1000, 1000]).logSoftmax(0), [-2000, 0]);
  // d logSoftmax₀/dx = δ₀ⱼ − softmaxⱼ, finite too
  const x = tensor([1000, 999, 998], { ...f64, requiresGrad: true });
  const [dx] = grad(x.logSoftmax(0).select(0, 0), [x]);
  assertClose(dx, [1 - big[0], -big[1], -big[2]], 1e-12);
});

test('logSoftmax is log(softmax) at ordinary logits', () => {
  const x = tensor([[1, 2, 3], [0.1, -0.2, 0.3]], f64);
  assertClose(logSoftmax(x, 1), Array.from(x.softmax(1).log().toTypedArray()), 1e-12);
});

test('the fused softmax/logSoftmax match the composite formula in value and gradient', () => {
  manualSeed(7);
  const composite = {
    softmax: (x: Tensor, dim: number) => {
      const e = x.sub(x.amax({ dim, keepdim: true }).detach()).exp();
      return e.div(e.sum({ dim, keepdim: true }));
    },
    logSoftmax: (x: Tensor, dim: number) => x.sub(x.logsumexp(dim, true)),
  };
  const fused = { softmax, logSoftmax };
  for (const name of ['softmax', 'logSoftmax'] as const) {
    for (const dim of [0, 1, -1]) {
      const x = randn([3, 4, 5], { ...f64, requiresGrad: true });
      const w = randn([3, 4, 5], f64);
      const a = fused[name](x, dim);
      const b = composite[name](x, dim);
      assertClose(a, Array.from(b.toTypedArray()), 1e-12);
      const [ga] = grad(a.mul(w).sum(), [x]);
      const [gb] = grad(b.mul(w).sum(), [x]);
      assertClose(ga, Array.from(gb.toTypedArray()), 1e-10);
    }
  }
});

test('softmax of a 0-dim tensor is 1; of an empty tensor is empty; ints give float32', () => {
  assertClose(scalar(3).softmax(0), [1]);
  assertClose(scalar(3).logSoftmax(-1), [0]);
  assert.deepEqual(zeros([2, 0]).softmax(1).shape, [2, 0]);
  const p = tensor([1, 2, 3], { dtype: 'int32' }).softmax(0);
  assert.equal(p.dtype, 'float32');
  assertClose(p, reference([1, 2, 3]));
});

test('softmax/logSoftmax reject a dim out of range with an IndexError naming the op', () => {
  const x = tensor([[1, 2]]);
  assert.throws(() => x.softmax(2), (e: Error) => e instanceof IndexError && e.message.startsWith('softmax:'));
  assert.throws(() => logSoftmax(x, -3), (e: Error) => e instanceof IndexError && e.message.startsWith('logSoftmax:'));
});
