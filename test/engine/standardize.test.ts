// The standardize primitive under every normalization layer: it equals the textbook formula, its
// gradient and its gradient's gradient match finite differences (float64), and the layers built on
// it agree with the formula written out in plain ops.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  standardize, layerNorm, groupNorm, batchNorm, gradcheck, grad, enableGrad, manualSeed, randn, tensor, ones, zeros,
  DTypeError, ShapeError, type Tensor,
} from '../../engine/index.ts';

const f64 = { dtype: 'float64' } as const;

/** The formula in plain ops: (x − mean)/√(var + eps) over `dims`, biased variance. */
function byFormula(x: Tensor, dims: number[], eps: number): Tensor {
  const centered = x.sub(x.mean({ dim: dims, keepdim: true }));
  return centered.div(centered.mul(centered).mean({ dim: dims, keepdim: true }).add(eps).sqrt());
}

function assertClose(a: Tensor, b: Tensor, tol: number, what: string): void {
  assert.deepEqual(a.shape, b.shape, `${what}: shape`);
  const x = a.toTypedArray(), y = b.toTypedArray();
  x.forEach((v, i) => assert.ok(Math.abs(Number(v) - Number(y[i])) <= tol, `${what}: element ${i}: ${v} vs ${y[i]}`));
}

test('standardize equals the formula, on contiguous and strided inputs, with rows of one', () => {
  manualSeed(0);
  const x = randn([4, 3, 7], f64).mul(5).add(3);
  assertClose(standardize(x, 1e-5), byFormula(x, [2], 1e-5), 1e-12, 'contiguous');
  assertClose(standardize(x.transpose(1, 2), 0.1), byFormula(x.transpose(1, 2), [2], 0.1), 1e-12, 'strided');
  assert.deepEqual(standardize(tensor([[3], [-2]]), 1e-5).toArray(), [[0], [0]]);
});

test('standardize: first and second derivatives match finite differences', () => {
  manualSeed(1);
  const x = randn([3, 5], f64).requiresGrad_();
  const w = randn([3, 5], f64);
  assert.ok(gradcheck((t) => standardize(t, 1e-3).mul(w).sum(), [x], { raise: false }).passed, 'first derivative');
  // d/dx of ⟨∂⟨standardize(x), v⟩/∂x, u⟩: runs standardizeBackward's own backward, through x and dy.
  const v0 = randn([3, 5], f64), u = randn([3, 5], f64);
  // (enableGrad: gradcheck evaluates its finite differences under noGrad, and grad() needs a graph.)
  const second = (t: Tensor, v: Tensor) => enableGrad(() => grad(standardize(t, 1e-3), [t], { gradOutput: v, createGraph: true })[0].mul(u).sum());
  const report = gradcheck(second, [x, v0.requiresGrad_()], { raise: false });
  assert.ok(report.passed, JSON.stringify(report.inputs.map((r) => [r.input, r.maxAbsError])));
});

test('layerNorm double backward (with weight and bias) matches finite differences', () => {
  manualSeed(2);
  const x = randn([2, 3, 4], f64).requiresGrad_(), w = randn([3, 4], f64).requiresGrad_(), b = randn([3, 4], f64).requiresGrad_();
  const u = randn([2, 3, 4], f64);
  const gradNorm = (xx: Tensor, ww: Tensor, bb: Tensor) => enableGrad(() => {
    const y = layerNorm(xx, [3, 4], ww, bb);
    const [dx, dw] = grad(y.mul(y).sum(), [xx, ww], { createGraph: true });
    return dx.mul(u).sum().add(dw.mul(u.select(0, 0)).sum());
  });
  const report = gradcheck(gradNorm, [x, w, b], { raise: false });
  assert.ok(report.passed, JSON.stringify(report.inputs.map((r) => [r.input, r.maxAbsError])));
});

test('layerNorm, groupNorm and batchNorm (training) agree with the formula', () => {
  manualSeed(3);
  const x = randn([4, 6, 3, 5], f64).mul(2).add(1);
  assertClose(layerNorm(x, [3, 5]), byFormula(x, [2, 3], 1e-5), 1e-12, 'layerNorm');
  assertClose(groupNorm(x, 3), byFormula(x.reshape([4, 3, 30]), [2], 1e-5).reshape(x.shape), 1e-12, 'groupNorm');
  const runningMean = zeros([6], f64), runningVar = ones([6], f64);
  const y = batchNorm(x, runningMean, runningVar, null, null, { training: true, momentum: 0.5 });
  assertClose(y, byFormula(x, [0, 2, 3], 1e-5), 1e-12, 'batchNorm');
  // The running statistics move halfway to the batch's mean and unbiased variance.
  const mean = x.mean({ dim: [0, 2, 3] }), n = 4 * 3 * 5;
  const unbiased = x.sub(x.mean({ dim: [0, 2, 3], keepdim: true })).pow(2).sum([0, 2, 3]).div(n - 1);
  assertClose(runningMean, mean.mul(0.5), 1e-12, 'running mean');
  assertClose(runningVar, unbiased.mul(0.5).add(0.5), 1e-12, 'running var');
});

test('standardize refuses what it cannot standardize, by name', () => {
  assert.throws(() => standardize(tensor([1, 2], { dtype: 'int32' })), (e: Error) => e instanceof DTypeError && /standardize: .*int32/.test(e.message));
  assert.throws(() => standardize(tensor(3)), (e: Error) => e instanceof ShapeError && /standardize: .*\[\]/.test(e.message));
});
