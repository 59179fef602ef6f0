// Autograd semantics: leaves and .grad, accumulation, freed graphs, grad modes, grad(),
// higher-order gradients, deep graphs, broadcasting, anomaly detection, graph inspection, gradcheck.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  tensor, scalar, ones, noGrad, enableGrad, isGradEnabled, grad, detectAnomaly, inspectGraph, gradcheck, defineOp,
  AutogradError, AnomalyError, DTypeError, type Tensor,
} from '../../engine/index.ts';

const values = (t: Tensor | null): number[] => Array.from(t!.toTypedArray());

describe('leaves and .grad', () => {
  test('user tensors are leaves; op results are not, and keep .grad only with retainGrad()', () => {
    const x = tensor([1, 2, 3], { requiresGrad: true });
    const h = x.mul(x); // x²
    const k = h.mul(2).retainGrad(); // 2x²
    const y = k.sum();
    assert.deepEqual([x.isLeaf, h.isLeaf, k.isLeaf, y.isLeaf], [true, false, false, false]);
    y.backward();
    assert.deepEqual(values(x.grad), [4, 8, 12]); // d(2x²)/dx = 4x
    assert.equal(h.grad, null);
    assert.deepEqual(values(k.grad), [1, 1, 1]);
    assert.equal(x.grad!.requiresGrad, false);
  });

  test('a tensor that does not require grad is a leaf and gets no .grad', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const c = tensor([5, 7]);
    x.mul(c).sum().backward();
    assert.deepEqual(values(x.grad), [5, 7]);
    assert.equal(c.grad, null);
    assert.ok(c.isLeaf);
  });

  test('gradients accumulate across two backward calls on fresh graphs', () => {
    const x = tensor([1, -2], { requiresGrad: true });
    x.mul(3).sum().backward();
    x.mul(x).sum().backward();
    assert.deepEqual(values(x.grad), [3 + 2, 3 - 4]);
  });

  test('backward twice through the same graph throws, naming retainGraph', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const y = x.mul(x).sum();
    y.backward();
    assert.throws(() => y.backward(), (e: Error) => e instanceof AutogradError && e.message.includes('retainGraph'));
  });

  test('with {retainGraph: true} a second backward accumulates exactly twice', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const y = x.mul(x).sum();
    y.backward(undefined, { retainGraph: true });
    assert.deepEqual(values(x.grad), [2, 4]);
    y.backward();
    assert.deepEqual(values(x.grad), [4, 8]);
  });

  test('backward on a non-scalar needs an explicit gradient', () => {
    const x = tensor([1, 2, 3], { requiresGrad: true });
    const y = x.mul(2);
    assert.throws(() => y.backward(), (e: Error) => e instanceof AutogradError && e.message.includes('[3]'));
    y.backward(tensor([1, 0, 10]));
    assert.deepEqual(values(x.grad), [2, 0, 20]);
  });

  test('backward on a tensor that does not require grad throws', () => {
    assert.throws(() => tensor([1]).sum().backward(), AutogradError);
  });

  test('requiresGrad is only for floating-point tensors', () => {
    assert.throws(() => tensor([1, 2], { dtype: 'int32', requiresGrad: true }), DTypeError);
    assert.throws(() => { tensor([true]).requiresGrad = true; }, DTypeError);
    assert.equal(tensor([1], { dtype: 'float64', requiresGrad: true }).requiresGrad, true);
  });

  test('requiresGrad cannot be switched off on a non-leaf', () => {
    const y = tensor([1], { requiresGrad: true }).mul(2);
    assert.throws(() => { y.requiresGrad = false; }, DTypeError);
  });
});

describe('grad modes and detach', () => {
  test('noGrad results do not require grad and record nothing; the mode is restored', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const y = noGrad(() => x.mul(2));
    assert.equal(y.requiresGrad, false);
    assert.equal(y.gradFn, null);
    assert.equal(isGradEnabled(), true);
    assert.throws(() => noGrad(() => { throw new Error('inside'); }));
    assert.equal(isGradEnabled(), true, 'restored after a throw');
    const z = noGrad(() => enableGrad(() => x.mul(2)));
    assert.equal(z.requiresGrad, true);
  });

  test('detach cuts the graph', () => {
    const x = tensor([3], { requiresGrad: true });
    const d = x.mul(x).detach(); // a constant 9
    assert.equal(d.requiresGrad, false);
    assert.ok(d.isLeaf);
    x.mul(d).sum().backward();
    assert.deepEqual(values(x.grad), [9]); // not 3x² = 27
  });
});

describe('grad()', () => {
  test('returns gradients without touching .grad of leaves', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const w = tensor([3, 4], { requiresGrad: true });
    const [gx, gw] = grad(x.mul(w).sum(), [x, w]);
    assert.deepEqual(values(gx), [3, 4]);
    assert.deepEqual(values(gw), [1, 2]);
    assert.equal(x.grad, null);
    assert.equal(w.grad, null);
  });

  test('an input the output does not depend on gets zeros', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const u = tensor([5, 6, 7], { requiresGrad: true });
    const [, gu] = grad(x.sum(), [x, u]);
    assert.deepEqual(values(gu), [0, 0, 0]);
  });

  test('double backward with createGraph: d²/dx² of x³ is 6x', () => {
    const x = tensor([1.5, -2], { dtype: 'float64', requiresGrad: true });
    const y = x.mul(x).mul(x).sum();
    const [dx] = grad(y, [x], { createGraph: true });
    assert.deepEqual(values(dx), [3 * 1.5 ** 2, 3 * 4]); // 3x²
    assert.equal(dx.requiresGrad, true);
    const [ddx] = grad(dx.sum(), [x], { retainGraph: true });
    assert.deepEqual(values(ddx), [9, -12]); // 6x
    // The same through backward(): .grad of x receives the second derivative.
    dx.sum().backward();
    assert.deepEqual(values(x.grad), [9, -12]);
  });

  test('backward with createGraph records the backward pass too', () => {
    const x = tensor([2], { dtype: 'float64', requiresGrad: true });
    x.mul(x).mul(x).sum().backward(undefined, { createGraph: true });
    const g = x.grad!; // 3x² = 12, itself differentiable
    assert.equal(g.requiresGrad, true);
    x.grad = null;
    g.sum().backward();
    assert.deepEqual(values(x.grad), [12]); // 6x
  });
});

describe('deep and broadcast graphs', () => {
  test('a 100,000-op chain backpropagates without stack overflow', () => {
    const x = tensor([0, 1], { requiresGrad: true });
    let y = x;
    for (let i = 0; i < 50_000; i++) y = y.add(1).mul(1);
    assert.deepEqual(values(y), [50_000, 50_001]);
    y.sum().backward();
    assert.deepEqual(values(x.grad), [1, 1]);
  });

  test('a wide fan-in sums every path', () => {
    const x = tensor([2], { requiresGrad: true });
    let y = scalar(0);
    for (let i = 0; i < 1000; i++) y = y.add(x.mul(x)); // 1000 x²
    y.sum().backward();
    assert.deepEqual(values(x.grad), [4000]); // 2000 x
  });

  test('gradients of broadcast inputs are summed back to each input shape', () => {
    const a = tensor([[1], [2]], { requiresGrad: true }); // (2, 1)
    const b = tensor([10, 20, 30], { requiresGrad: true }); // (3,)
    const c = scalar(2, { requiresGrad: true }); // ()
    a.mul(b).mul(c).sum().backward();
    assert.deepEqual(a.grad!.shape, [2, 1]);
    assert.deepEqual(a.grad!.toArray(), [[120], [120]]); // c·Σb
    assert.deepEqual(b.grad!.toArray(), [6, 6, 6]); // c·Σa
    assert.deepEqual(c.grad!.shape, []);
    assert.equal(c.grad!.item(), 180); // Σ a·b = 3·60
  });

  test('a gradient reaches an input used twice in one op', () => {
    const x = tensor([3], { requiresGrad: true });
    x.mul(x).sum().backward();
    assert.deepEqual(values(x.grad), [6]);
  });
});

describe('detectAnomaly', () => {
  test('names the op whose forward made a NaN', () => {
    const x = tensor([-1, 1], { requiresGrad: true });
    assert.throws(
      () => detectAnomaly(() => x.log()),
      (e: Error) => e instanceof AnomalyError && e.message.includes("forward of 'log'") && e.message.includes('NaN'),
    );
  });

  test("names the op whose backward made an Inf (sqrt at 0), not an op inside its rule", () => {
    const x = tensor([0, 4], { requiresGrad: true });
    assert.throws(
      () => detectAnomaly(() => x.sqrt().sum().backward()),
      (e: Error) => e instanceof AnomalyError && e.message.includes("backward of 'sqrt'") && e.message.includes('Infinity'),
    );
  });

  test('without detectAnomaly the same computations just produce NaN / Inf', () => {
    const x = tensor([0, 4], { requiresGrad: true });
    assert.ok(Number.isNaN(values(tensor([-1]).log())[0]));
    x.sqrt().sum().backward();
    assert.deepEqual(values(x.grad), [Infinity, 0.25]);
  });

  test('anomaly mode ends when detectAnomaly returns or throws', () => {
    assert.throws(() => detectAnomaly(() => tensor([-1]).log()), AnomalyError);
    assert.doesNotThrow(() => tensor([-1]).log());
    assert.deepEqual(values(detectAnomaly(() => tensor([4]).sqrt())), [2]);
  });
});

describe('inspectGraph', () => {
  test('lists every tensor inputs-first, with ops, shapes and gradients after backward', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const w = tensor([[3], [4]], { requiresGrad: true });
    const h = x.mul(w); // (2, 2)
    const y = h.sum();
    y.backward();
    const nodes = inspectGraph(y);
    assert.equal(nodes.length, 4);
    assert.equal(nodes.at(-1)!.id, y.id);
    const pos = new Map(nodes.map((n, i) => [n.id, i]));
    for (const [i, n] of nodes.entries()) for (const input of n.inputs) assert.ok(pos.get(input)! < i, `input ${input} of ${n.op} comes first`);
    const byId = new Map(nodes.map((n) => [n.id, n]));
    assert.deepEqual([byId.get(h.id)!.op, byId.get(h.id)!.shape, byId.get(h.id)!.inputs], ['mul', [2, 2], [x.id, w.id]]);
    assert.deepEqual([byId.get(y.id)!.op, byId.get(y.id)!.shape], ['sum', []]);
    assert.deepEqual([byId.get(x.id)!.op, byId.get(x.id)!.grad()], ['leaf', [7, 7]]);
    assert.deepEqual(byId.get(w.id)!.grad(), [[3], [3]]);
    assert.deepEqual(byId.get(h.id)!.value(), [[3, 6], [4, 8]]);
    assert.equal(byId.get(h.id)!.grad(), null); // not retained
  });

  test('a tensor used twice appears once', () => {
    const x = tensor([1], { requiresGrad: true });
    const nodes = inspectGraph(x.mul(x));
    assert.deepEqual(nodes.map((n) => n.op), ['leaf', 'mul']);
  });
});

describe('gradcheck', () => {
  // x², one forward, two backward rules: one right, one deliberately wrong.
  const square = (name: string, factor: number) =>
    defineOp({
      name,
      forward: ([x]) => noGrad(() => x.mul(x)),
      backward: (dy, { inputs: [x] }) => [() => dy.mul(x).mul(factor)], // right when factor = 2
    });
  const wrong = square('testWrongSquare', 3);
  const right = square('testRightSquare', 2);
  const x64 = () => tensor([[0.5, -1.2], [2, 0.3]], { dtype: 'float64', requiresGrad: true });

  test('catches a wrong backward and reports where', () => {
    const report = gradcheck((x) => wrong([x], undefined), [x64()], { raise: false });
    assert.equal(report.passed, false);
    const r = report.inputs[0];
    // autograd says 3x·v, finite differences 2x·v, for the projection v: analytic = 1.5 × numeric.
    r.analytic.forEach((a, i) => assert.ok(Math.abs(a - 1.5 * r.numeric[i]) < 1e-6));
    assert.throws(() => gradcheck((x) => wrong([x], undefined), [x64()]), (e: Error) => e instanceof AutogradError && e.message.includes('input 0'));
  });

  test('passes a right backward, and composites of ops', () => {
    assert.equal(gradcheck((x) => right([x], undefined), [x64()]).passed, true);
    const w = tensor([1, -2], { dtype: 'float64', requiresGrad: true });
    assert.equal(gradcheck((x, v) => x.mul(v).exp().sum(), [x64(), w]).passed, true);
  });

  test('does not modify the caller’s inputs', () => {
    const x = x64();
    gradcheck((t) => right([t], undefined), [x]);
    assert.deepEqual(x.toArray(), [[0.5, -1.2], [2, 0.3]]);
    assert.equal(x.grad, null);
  });

  test('float32 inputs throw DTypeError (finite differences need float64)', () => {
    assert.throws(() => gradcheck((x) => x.mul(x), [ones([2], { requiresGrad: true })]), DTypeError);
  });
});
