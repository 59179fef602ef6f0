// Gradient clipping (norm keeps the direction, value does not), L1/L2 penalties, early stopping,
// and an integration test: every optimizer drives a least-squares loss down by a large factor.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tensor, randn, manualSeed, matmul, mseLoss, ValueError, type Tensor, optim } from '../../engine/index.ts';

const flat = (ts: Tensor[]): number[] => ts.flatMap((t) => Array.from(t.toTypedArray()));
const norm2 = (v: number[]): number => Math.sqrt(v.reduce((s, x) => s + x * x, 0));
const cosine = (a: number[], b: number[]): number => a.reduce((s, x, i) => s + x * b[i], 0) / (norm2(a) * norm2(b));

function withGrads(grads: number[][]): Tensor[] {
  return grads.map((g) => {
    const p = tensor(g.map(() => 0), { dtype: 'float64', requiresGrad: true });
    p.grad = tensor(g, { dtype: 'float64' });
    return p;
  });
}

test('clipGradNorm_: returns the total norm and scales all grads to maxNorm, keeping their direction', () => {
  const ps = withGrads([[3, 4], [12]]); // total 2-norm 13
  const before = flat(ps.map((p) => p.grad!));
  const total = optim.clipGradNorm_(ps, 6.5);
  assert.equal(total.item(), 13);
  const after = flat(ps.map((p) => p.grad!));
  assert.ok(Math.abs(norm2(after) - 6.5) < 1e-6, `norm after ${norm2(after)}`);
  assert.ok(Math.abs(cosine(before, after) - 1) < 1e-12);
  const c = 6.5 / (13 + 1e-6);
  after.forEach((v, i) => assert.ok(Math.abs(v - before[i] * c) < 1e-12));
});

test('clipGradNorm_: small gradients are untouched; other norms; null grads are ignored', () => {
  const ps = withGrads([[0.3, -0.4]]);
  assert.ok(Math.abs(optim.clipGradNorm_(ps, 1).item() - 0.5) < 1e-15);
  assert.deepEqual(ps[0].grad!.toArray(), [0.3, -0.4]);

  const inf = withGrads([[1, -5], [2]]);
  assert.equal(optim.clipGradNorm_(inf, 2.5, Infinity).item(), 5);
  assert.ok(Math.abs(Math.max(...flat(inf.map((p) => p.grad!)).map(Math.abs)) - 2.5) < 1e-6);

  const l1 = withGrads([[1, -2], [3]]);
  assert.equal(optim.clipGradNorm_(l1, 3, 1).item(), 6);
  assert.ok(Math.abs(flat(l1.map((p) => p.grad!)).reduce((s, x) => s + Math.abs(x), 0) - 3) < 1e-6);

  const none = tensor([1], { requiresGrad: true });
  assert.equal(optim.clipGradNorm_([none, ...withGrads([[6, 8]])], 5).item(), 10);
  assert.equal(optim.clipGradNorm_([none], 1).item(), 0);
});

test('clipGradNorm_: argument errors and non-finite norms', () => {
  const ps = withGrads([[NaN, 1]]);
  assert.throws(() => optim.clipGradNorm_(ps, 1, 2, { errorIfNonfinite: true }), (e: Error) => e instanceof ValueError && /total norm of order 2/.test(e.message));
  assert.throws(() => optim.clipGradNorm_(ps, -1), /maxNorm must be a number ≥ 0/);
  assert.throws(() => optim.clipGradNorm_(ps, 1, 0), /normType/);
});

test('clipGradValue_: clamps each element, which turns the gradient (norm clipping would not)', () => {
  const ps = withGrads([[5, -0.1], [-3, 0.2]]);
  const before = flat(ps.map((p) => p.grad!));
  optim.clipGradValue_(ps, 1);
  const after = flat(ps.map((p) => p.grad!));
  assert.deepEqual(after, [1, -0.1, -1, 0.2]);
  assert.ok(cosine(before, after) < 0.99, 'value clipping changed the direction');
  assert.throws(() => optim.clipGradValue_(ps, -1), /clipValue must be a number ≥ 0/);
});

test('clipping a gradient that carries a graph (createGraph) detaches it first', () => {
  const w = tensor([3, 4], { dtype: 'float64', requiresGrad: true });
  w.grad = w.mul(2); // a non-leaf gradient
  optim.clipGradNorm_([w], 5);
  assert.equal(w.grad!.gradFn, null);
  assert.ok(Math.abs(norm2(flat([w.grad!])) - 5) < 1e-6);
});

test('l1Penalty and l2Penalty: values and gradients', () => {
  const a = tensor([1, -2], { dtype: 'float64', requiresGrad: true });
  const b = tensor([[0.5], [-3]], { dtype: 'float64', requiresGrad: true });
  const l1 = optim.l1Penalty([a, b]);
  assert.equal(l1.item(), 6.5);
  l1.backward();
  assert.deepEqual(a.grad!.toArray(), [1, -1]);
  assert.deepEqual(b.grad!.toArray(), [[1], [-1]]);
  a.grad = null;
  b.grad = null;
  const l2 = optim.l2Penalty([a, b]);
  assert.equal(l2.item(), 1 + 4 + 0.25 + 9);
  l2.backward();
  assert.deepEqual(a.grad!.toArray(), [2, -4]);
  assert.deepEqual(b.grad!.toArray(), [[1], [-6]]);
  assert.equal(optim.l2Penalty([]).item(), 0);
});

test('EarlyStopping (min): stops after `patience` epochs without improvement', () => {
  const es = new optim.EarlyStopping({ patience: 2 });
  const stops = [1.0, 0.8, 0.85, 0.9].map((m) => es.step(m));
  assert.deepEqual(stops, [false, false, false, true]);
  assert.equal(es.bestEpoch, 1);
  assert.equal(es.bestValue, 0.8);
  assert.equal(es.counter, 2);
});

test('EarlyStopping: minDelta, max mode, NaN, patience 0, errors', () => {
  const es = new optim.EarlyStopping({ patience: 3, minDelta: 0.1 });
  // 0.95 and 0.91 improve by less than minDelta, so they count as bad epochs; 0.85 resets.
  assert.deepEqual([1.0, 0.95, 0.91, 0.85, 0.8, 0.79, 0.78].map((m) => es.step(m)), [false, false, false, false, false, false, true]);
  assert.equal(es.bestEpoch, 3);

  const acc = new optim.EarlyStopping({ patience: 1, mode: 'max' });
  assert.deepEqual([0.5, 0.7, NaN].map((m) => acc.step(m)), [false, false, true]);
  assert.equal(acc.bestValue, 0.7);

  const eager = new optim.EarlyStopping({ patience: 0 });
  assert.deepEqual([3, 2, 2].map((m) => eager.step(m)), [false, false, true]);

  const saved = es.stateDict();
  const es2 = new optim.EarlyStopping({ patience: 3, minDelta: 0.1 });
  es2.loadStateDict(saved);
  assert.equal(es2.counter, es.counter);
  assert.throws(() => new optim.EarlyStopping({ patience: -1 }), (e: Error) => e instanceof ValueError && /patience/.test(e.message));
  assert.throws(() => new optim.EarlyStopping({ patience: 1, mode: 'low' as never }), /mode/);
});

// ---- integration ----

const OPTIMIZERS: Array<[string, (ps: Tensor[]) => optim.Optimizer]> = [
  ['SGD', (ps) => new optim.SGD(ps, { lr: 0.1 })],
  ['SGD+nesterov', (ps) => new optim.SGD(ps, { lr: 0.05, momentum: 0.9, nesterov: true })],
  ['Adam', (ps) => new optim.Adam(ps, { lr: 0.05 })],
  ['AdamW', (ps) => new optim.AdamW(ps, { lr: 0.05, weightDecay: 1e-4 })],
  ['RMSprop', (ps) => new optim.RMSprop(ps, { lr: 0.03 })],
  ['Adagrad', (ps) => new optim.Adagrad(ps, { lr: 0.5 })],
];

for (const [name, make] of OPTIMIZERS) {
  test(`${name} minimizes a least-squares problem (loss falls by over 1000×)`, () => {
    manualSeed(11);
    const x = randn([32, 4]);
    const wTrue = tensor([[1.5], [-2], [0.5], [3]]);
    const y = matmul(x, wTrue).add(0.5);
    const w = randn([4, 1]).requiresGrad_();
    const b = randn([1]).requiresGrad_();
    const opt = make([w, b]);
    const loss = (): Tensor => mseLoss(matmul(x, w).add(b), y);
    const first = loss().item();
    for (let i = 0; i < 300; i++) {
      opt.zeroGrad();
      loss().backward();
      opt.step();
    }
    const last = loss().item();
    assert.ok(last < first / 1000, `${name}: loss ${first} → ${last}`);
  });
}

test('clipGradNorm_: the total norm is, to the bit, the per-tensor p-norms of Σ|g|^p combined the same way (p = 2, 3 and ∞)', () => {
  manualSeed(11);
  // The reference: the plain formula, element by element through Math.pow, as clipping first computed it.
  const pNorm = (xs: Iterable<number>, p: number) => {
    let acc = 0;
    for (const v of xs) acc = p === Infinity ? Math.max(acc, Math.abs(v)) : acc + Math.abs(v) ** p;
    return p === Infinity ? acc : acc ** (1 / p);
  };
  for (const p of [2, 3, Infinity]) {
    const ps = [randn([300, 7]), randn([41]), randn([5, 5, 5])].map((t) => t.requiresGrad_());
    ps.forEach((t) => { t.grad = randn(t.shape).mul(3); });
    const want = pNorm(ps.map((t) => pNorm(t.grad!.toTypedArray() as Float32Array, p)), p);
    assert.equal(optim.clipGradNorm_(ps, 1e9, p).item(), Math.fround(want), `p = ${p}`);
  }
});
