// Optimizers: each update rule against the published pseudo-code (computed here in plain JS),
// parameter groups, null grads, zeroGrad, option errors, and state-dict resume (bitwise equal).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tensor, randn, manualSeed, matmul, mseLoss, ValueError, ShapeError, type Tensor, optim } from '../../engine/index.ts';

type Vec = number[];
type GradFn = (theta: Vec, t: number) => Vec;

// A gradient that depends on θ (so weight decay and the trajectory matter) and shrinks after the
// first step (so AMSGrad's running max differs from plain Adam).
const BASE = [[10, -5], [0.1, 0.2], [0.05, -0.1]];
const gradFn: GradFn = (th, t) => th.map((x, i) => BASE[t - 1][i] + 0.5 * x);
const THETA0 = [1.5, -2];

/** Runs `steps` optimizer steps on a float64 2-vector whose gradient we set by hand. */
function runOpt(make: (p: Tensor) => optim.Optimizer, steps = 3, grad: GradFn = gradFn): Vec[] {
  const p = tensor(THETA0, { dtype: 'float64', requiresGrad: true });
  const opt = make(p);
  const out: Vec[] = [];
  for (let t = 1; t <= steps; t++) {
    p.grad = tensor(grad(p.toArray() as Vec, t), { dtype: 'float64' });
    opt.step();
    out.push(p.toArray() as Vec);
  }
  return out;
}

function assertClose(actual: Vec[], expected: Vec[], tol = 1e-12): void {
  assert.equal(actual.length, expected.length);
  actual.forEach((row, t) =>
    row.forEach((v, i) => assert.ok(Math.abs(v - expected[t][i]) <= tol * (1 + Math.abs(expected[t][i])), `step ${t + 1}, element ${i}: got ${v}, expected ${expected[t][i]}`)),
  );
  // The test means something only if the parameter moved.
  assert.notDeepEqual(expected[expected.length - 1], THETA0);
}

// ---- reference rules, written from PyTorch's documented algorithms ----

function sgdRef(o: { lr: number; momentum?: number; dampening?: number; wd?: number; nesterov?: boolean; maximize?: boolean }, steps = 3): Vec[] {
  const { lr, momentum: mu = 0, dampening = 0, wd = 0, nesterov = false, maximize = false } = o;
  let th = [...THETA0];
  let b: Vec = [];
  const out: Vec[] = [];
  for (let t = 1; t <= steps; t++) {
    let g = gradFn(th, t).map((x) => (maximize ? -x : x));
    if (wd) g = g.map((x, i) => x + wd * th[i]);
    if (mu) {
      b = t > 1 ? b.map((bi, i) => mu * bi + (1 - dampening) * g[i]) : [...g];
      g = nesterov ? g.map((x, i) => x + mu * b[i]) : [...b];
    }
    th = th.map((x, i) => x - lr * g[i]);
    out.push(th);
  }
  return out;
}

function adamRef(o: { lr: number; b1?: number; b2?: number; eps?: number; wd?: number; amsgrad?: boolean; decoupled?: boolean; maximize?: boolean }, steps = 3): Vec[] {
  const { lr, b1 = 0.9, b2 = 0.999, eps = 1e-8, wd = 0, amsgrad = false, decoupled = false, maximize = false } = o;
  let th = [...THETA0];
  let m = [0, 0], v = [0, 0], vmax = [0, 0];
  const out: Vec[] = [];
  for (let t = 1; t <= steps; t++) {
    let g = gradFn(th, t).map((x) => (maximize ? -x : x));
    if (decoupled) th = th.map((x) => x * (1 - lr * wd));
    else if (wd) g = g.map((x, i) => x + wd * th[i]);
    m = m.map((mi, i) => b1 * mi + (1 - b1) * g[i]);
    v = v.map((vi, i) => b2 * vi + (1 - b2) * g[i] * g[i]);
    const mHat = m.map((x) => x / (1 - b1 ** t));
    vmax = vmax.map((x, i) => Math.max(x, v[i]));
    const vHat = (amsgrad ? vmax : v).map((x) => x / (1 - b2 ** t));
    th = th.map((x, i) => x - (lr * mHat[i]) / (Math.sqrt(vHat[i]) + eps));
    out.push(th);
  }
  return out;
}

function rmspropRef(o: { lr: number; alpha?: number; eps?: number; wd?: number; momentum?: number; centered?: boolean }, steps = 3): Vec[] {
  const { lr, alpha = 0.99, eps = 1e-8, wd = 0, momentum: mu = 0, centered = false } = o;
  let th = [...THETA0];
  let v = [0, 0], gAve = [0, 0], b = [0, 0];
  const out: Vec[] = [];
  for (let t = 1; t <= steps; t++) {
    let g = gradFn(th, t);
    if (wd) g = g.map((x, i) => x + wd * th[i]);
    v = v.map((vi, i) => alpha * vi + (1 - alpha) * g[i] * g[i]);
    let vTilde = [...v];
    if (centered) {
      gAve = gAve.map((a, i) => alpha * a + (1 - alpha) * g[i]);
      vTilde = vTilde.map((x, i) => x - gAve[i] ** 2);
    }
    if (mu > 0) {
      b = b.map((bi, i) => mu * bi + g[i] / (Math.sqrt(vTilde[i]) + eps));
      th = th.map((x, i) => x - lr * b[i]);
    } else th = th.map((x, i) => x - (lr * g[i]) / (Math.sqrt(vTilde[i]) + eps));
    out.push(th);
  }
  return out;
}

function adagradRef(o: { lr: number; lrDecay?: number; wd?: number; init?: number; eps?: number }, steps = 3): Vec[] {
  const { lr, lrDecay = 0, wd = 0, init = 0, eps = 1e-10 } = o;
  let th = [...THETA0];
  let sum = [init, init];
  const out: Vec[] = [];
  for (let t = 1; t <= steps; t++) {
    let g = gradFn(th, t);
    const clr = lr / (1 + (t - 1) * lrDecay);
    if (wd) g = g.map((x, i) => x + wd * th[i]);
    sum = sum.map((s, i) => s + g[i] * g[i]);
    th = th.map((x, i) => x - (clr * g[i]) / (Math.sqrt(sum[i]) + eps));
    out.push(th);
  }
  return out;
}

// ---- update rules ----

test('SGD: plain, weight decay, momentum with dampening, nesterov, maximize', () => {
  assertClose(runOpt((p) => new optim.SGD([p], { lr: 0.1 })), sgdRef({ lr: 0.1 }));
  assertClose(runOpt((p) => new optim.SGD([p], { lr: 0.1, weightDecay: 0.3 })), sgdRef({ lr: 0.1, wd: 0.3 }));
  assertClose(runOpt((p) => new optim.SGD([p], { lr: 0.05, momentum: 0.9, dampening: 0.2 })), sgdRef({ lr: 0.05, momentum: 0.9, dampening: 0.2 }));
  assertClose(runOpt((p) => new optim.SGD([p], { lr: 0.05, momentum: 0.9, nesterov: true, weightDecay: 0.1 })), sgdRef({ lr: 0.05, momentum: 0.9, nesterov: true, wd: 0.1 }));
  assertClose(runOpt((p) => new optim.SGD([p], { lr: 0.1, maximize: true, weightDecay: 0.2 })), sgdRef({ lr: 0.1, maximize: true, wd: 0.2 }));
  // Nesterov really is a different rule.
  assert.notDeepEqual(sgdRef({ lr: 0.05, momentum: 0.9, nesterov: true }), sgdRef({ lr: 0.05, momentum: 0.9 }));
});

test('SGD: first step by hand', () => {
  // g = [10 + 0.75, -5 - 1] = [10.75, -6]; θ − 0.1·g
  const [first] = runOpt((p) => new optim.SGD([p], { lr: 0.1 }), 1);
  assert.deepEqual(first.map((x) => +x.toFixed(12)), [0.425, -1.4]);
});

test('Adam: bias correction, L2 weight decay, AMSGrad, maximize', () => {
  assertClose(runOpt((p) => new optim.Adam([p], { lr: 0.1 })), adamRef({ lr: 0.1 }));
  assertClose(runOpt((p) => new optim.Adam([p], { lr: 0.1, betas: [0.8, 0.99], eps: 1e-3, weightDecay: 0.2 })), adamRef({ lr: 0.1, b1: 0.8, b2: 0.99, eps: 1e-3, wd: 0.2 }));
  // β2 = 0.5 forgets fast, so v falls after the big first gradient and AMSGrad's max matters.
  assertClose(runOpt((p) => new optim.Adam([p], { lr: 0.1, betas: [0.9, 0.5], amsgrad: true })), adamRef({ lr: 0.1, b2: 0.5, amsgrad: true }));
  assertClose(runOpt((p) => new optim.Adam([p], { lr: 0.1, maximize: true })), adamRef({ lr: 0.1, maximize: true }));
  assert.notDeepEqual(adamRef({ lr: 0.1, b2: 0.5, amsgrad: true }), adamRef({ lr: 0.1, b2: 0.5 }));
  // Adam's first step moves each coordinate by about lr·sign(g).
  const [first] = runOpt((p) => new optim.Adam([p], { lr: 0.1 }), 1);
  assert.ok(Math.abs(first[0] - 1.4) < 1e-8 && Math.abs(first[1] + 1.9) < 1e-8);
});

test('AdamW: decoupled weight decay differs from Adam with L2', () => {
  assertClose(runOpt((p) => new optim.AdamW([p], { lr: 0.1, weightDecay: 0.5 })), adamRef({ lr: 0.1, wd: 0.5, decoupled: true }));
  assertClose(runOpt((p) => new optim.AdamW([p], { lr: 0.1, betas: [0.9, 0.5], weightDecay: 0.5, amsgrad: true })), adamRef({ lr: 0.1, b2: 0.5, wd: 0.5, decoupled: true, amsgrad: true }));
  assert.notDeepEqual(adamRef({ lr: 0.1, wd: 0.5, decoupled: true }), adamRef({ lr: 0.1, wd: 0.5 }));
  assert.equal(new optim.AdamW([tensor([1], { requiresGrad: true })]).paramGroups[0].weightDecay, 1e-2);
});

test('RMSprop: plain, centered, momentum, weight decay', () => {
  assertClose(runOpt((p) => new optim.RMSprop([p], { lr: 0.01 })), rmspropRef({ lr: 0.01 }));
  assertClose(runOpt((p) => new optim.RMSprop([p], { lr: 0.01, alpha: 0.9, centered: true })), rmspropRef({ lr: 0.01, alpha: 0.9, centered: true }));
  assertClose(runOpt((p) => new optim.RMSprop([p], { lr: 0.01, momentum: 0.8, weightDecay: 0.1 })), rmspropRef({ lr: 0.01, momentum: 0.8, wd: 0.1 }));
  assertClose(runOpt((p) => new optim.RMSprop([p], { lr: 0.01, momentum: 0.5, centered: true, eps: 1e-4 })), rmspropRef({ lr: 0.01, momentum: 0.5, centered: true, eps: 1e-4 }));
});

test('Adagrad: lr decay, weight decay, initial accumulator', () => {
  assertClose(runOpt((p) => new optim.Adagrad([p], { lr: 0.5 })), adagradRef({ lr: 0.5 }));
  assertClose(runOpt((p) => new optim.Adagrad([p], { lr: 0.5, lrDecay: 0.3, weightDecay: 0.2 })), adagradRef({ lr: 0.5, lrDecay: 0.3, wd: 0.2 }));
  assertClose(runOpt((p) => new optim.Adagrad([p], { lr: 0.5, initialAccumulatorValue: 0.7, eps: 1e-3 })), adagradRef({ lr: 0.5, init: 0.7, eps: 1e-3 }));
});

test('float32 parameters follow the same rule (to float32 precision)', () => {
  const p = tensor(THETA0, { requiresGrad: true });
  const opt = new optim.Adam([p], { lr: 0.1, betas: [0.9, 0.5], amsgrad: true });
  for (let t = 1; t <= 3; t++) {
    p.grad = tensor(gradFn(p.toArray() as Vec, t));
    opt.step();
  }
  const expected = adamRef({ lr: 0.1, b2: 0.5, amsgrad: true })[2];
  (p.toArray() as Vec).forEach((v, i) => assert.ok(Math.abs(v - expected[i]) < 1e-5, `${v} vs ${expected[i]}`));
  assert.equal((opt.state.get(p)!.expAvg as Tensor).dtype, 'float32');
});

test('a strided (non-contiguous) parameter is updated through its view', () => {
  const base = tensor([[1, 2], [3, 4]], { dtype: 'float64' });
  const col = base.t().select(0, 0); // elements 1 and 3, stride 2
  col.requiresGrad = true;
  col.grad = tensor([1, -1], { dtype: 'float64' });
  new optim.SGD([col], { lr: 0.5 }).step();
  assert.deepEqual(base.toArray(), [[0.5, 2], [3.5, 4]]);
});

// ---- groups, null grads, zeroGrad ----

test('parameter groups: each has its own lr (fine-tuning), missing options come from the defaults', () => {
  const body = tensor([1, 1], { dtype: 'float64', requiresGrad: true });
  const head = tensor([1, 1], { dtype: 'float64', requiresGrad: true });
  const opt = new optim.SGD([{ params: [body], lr: 0.001 }, { params: [head] }], { lr: 0.1, momentum: 0.5 });
  assert.equal(opt.paramGroups[0].lr, 0.001);
  assert.equal(opt.paramGroups[1].lr, 0.1);
  assert.equal(opt.paramGroups[0].momentum, 0.5);
  body.grad = tensor([1, 2], { dtype: 'float64' });
  head.grad = tensor([1, 2], { dtype: 'float64' });
  opt.step();
  assert.deepEqual(body.toArray(), [1 - 0.001, 1 - 0.002]);
  assert.deepEqual(head.toArray(), [1 - 0.1, 1 - 0.2]);
  const extra = tensor([0], { requiresGrad: true });
  opt.addParamGroup({ params: extra, lr: 0.5 });
  assert.equal(opt.paramGroups.length, 3);
  assert.equal(opt.paramGroups[2].momentum, 0.5);
  assert.throws(() => opt.addParamGroup({ params: [head] }), (e: Error) => e instanceof ValueError && /more than one parameter group/.test(e.message));
});

test('parameters whose grad is null are skipped and get no state', () => {
  const a = tensor([1, 2], { requiresGrad: true });
  const b = tensor([3, 4], { requiresGrad: true });
  const opt = new optim.Adam([a, b], { lr: 0.1 });
  a.grad = tensor([1, 1]);
  opt.step();
  assert.deepEqual(b.toArray(), [3, 4]);
  assert.equal(opt.state.has(b), false);
  assert.equal(opt.state.get(a)!.step, 1);
  assert.deepEqual(Object.keys(opt.stateDict().state), ['0']);
});

test('zeroGrad sets grads to null by default, or zeros them in place', () => {
  const w = tensor([1, 2], { requiresGrad: true });
  w.mul(w).sum().backward();
  const opt = new optim.SGD([w], { lr: 0.1 });
  const g = w.grad!;
  opt.zeroGrad({ setToNone: false });
  assert.equal(w.grad, g);
  assert.deepEqual(g.toArray(), [0, 0]);
  opt.zeroGrad();
  assert.equal(w.grad, null);
});

test('step(closure) re-evaluates the loss and returns it', () => {
  const w = tensor([3], { dtype: 'float64', requiresGrad: true });
  const opt = new optim.SGD([w], { lr: 0.25 });
  const loss = opt.step(() => {
    opt.zeroGrad();
    const l = w.mul(w).sum();
    l.backward();
    return l;
  });
  assert.equal(loss!.item(), 9);
  assert.deepEqual(w.toArray(), [1.5]); // 3 − 0.25·6
});

// ---- option errors ----

test('invalid options throw a ValueError naming the option', () => {
  const p = [tensor([1], { requiresGrad: true })];
  const bad: Array<[() => unknown, RegExp]> = [
    [() => new optim.SGD(p, { lr: -0.1 }), /SGD: invalid lr -0\.1/],
    [() => new optim.SGD(p, { lr: 0.1, momentum: -1 }), /momentum/],
    [() => new optim.SGD(p, { lr: 0.1, nesterov: true }), /nesterov needs momentum > 0/],
    [() => new optim.SGD(p, { lr: 0.1, nesterov: true, momentum: 0.9, dampening: 0.1 }), /dampening 0/],
    [() => new optim.SGD(p, { lr: 0.1, weightDecay: -1 }), /weightDecay/],
    [() => new optim.Adam(p, { betas: [1, 0.999] }), /Adam: invalid betas\[0\] 1/],
    [() => new optim.Adam(p, { betas: [0.9, -0.1] }), /betas\[1\]/],
    [() => new optim.AdamW(p, { eps: -1 }), /AdamW: invalid eps/],
    [() => new optim.RMSprop(p, { alpha: -0.5 }), /RMSprop: invalid alpha/],
    [() => new optim.Adagrad(p, { lrDecay: -1 }), /Adagrad: invalid lrDecay/],
    [() => new optim.Adagrad(p, { initialAccumulatorValue: -1 }), /initialAccumulatorValue/],
    [() => new optim.SGD([{ params: p, lr: -1 }], { lr: 0.1 }), /invalid lr -1 in param group 0/],
    [() => new optim.SGD([], { lr: 0.1 }), /empty parameter list/],
    [() => new optim.SGD([p[0], p[0]], { lr: 0.1 }), /repeats/],
    [() => new optim.SGD([p[0].mul(2)], { lr: 0.1 }), /non-leaf/],
    [() => new optim.SGD([tensor([1], { dtype: 'int32' })], { lr: 0.1 }), /floating-point/],
  ];
  for (const [fn, re] of bad) assert.throws(fn, (e: Error) => e instanceof ValueError && re.test(e.message), String(re));
});

test('a gradient of the wrong shape is a ShapeError naming both shapes', () => {
  const w = tensor([1, 2], { requiresGrad: true });
  w.grad = tensor([1, 2, 3]);
  assert.throws(() => new optim.SGD([w], { lr: 0.1 }).step(), (e: Error) => e instanceof ShapeError && /\[3\]/.test(e.message) && /\[2\]/.test(e.message));
});

// ---- state dict ----

function problem(seed: number): { x: Tensor; y: Tensor; params: Tensor[] } {
  manualSeed(seed);
  const x = randn([8, 3]);
  const y = randn([8, 2]);
  const params = [randn([3, 2]).requiresGrad_(), randn([2]).requiresGrad_()];
  return { x, y, params };
}

function train(opt: optim.Optimizer, { x, y, params }: { x: Tensor; y: Tensor; params: Tensor[] }, steps: number): void {
  for (let i = 0; i < steps; i++) {
    opt.zeroGrad();
    mseLoss(matmul(x, params[0]).add(params[1]), y).backward();
    opt.step();
  }
}

const MAKERS: Array<[string, (ps: Params) => optim.Optimizer]> = [
  ['SGD', (ps) => new optim.SGD(ps, { lr: 0.05, momentum: 0.9, nesterov: true })],
  ['Adam', (ps) => new optim.Adam(ps, { lr: 0.01, amsgrad: true, weightDecay: 0.01 })],
  ['AdamW', (ps) => new optim.AdamW(ps, { lr: 0.01 })],
  ['RMSprop', (ps) => new optim.RMSprop(ps, { lr: 0.01, momentum: 0.5, centered: true })],
  ['Adagrad', (ps) => new optim.Adagrad(ps, { lr: 0.1, lrDecay: 0.01 })],
];
type Params = Array<{ params: Tensor[]; lr?: number }>;

for (const [name, make] of MAKERS) {
  test(`${name}: resuming from stateDict is bitwise equal to training straight through`, () => {
    const a = problem(7);
    const groups = (ps: Tensor[]): Params => [{ params: [ps[0]] }, { params: [ps[1]], lr: 0.003 }];
    const optA = make(groups(a.params));
    train(optA, a, 5);
    const sd = optA.stateDict();
    const snapshot = a.params.map((p) => p.detach().clone());
    train(optA, a, 5);

    const b = { ...a, params: snapshot.map((p) => p.requiresGrad_()) };
    const optB = make([{ params: [b.params[0]], lr: 123 }, { params: [b.params[1]] }]); // wrong lrs: the state dict restores them
    optB.loadStateDict(sd);
    assert.equal(optB.paramGroups[1].lr, 0.003);
    train(optB, b, 5);
    a.params.forEach((p, i) => assert.deepEqual(b.params[i].toTypedArray(), p.toTypedArray(), `${name} param ${i}`));
    assert.notDeepEqual(snapshot[0].toTypedArray(), problem(7).params[0].toTypedArray()); // training moved it
  });
}

test('stateDict has PyTorch layout, is a snapshot, and its groups are JSON-able', () => {
  const { params, x, y } = problem(3);
  const opt = new optim.Adam([{ params: [params[0]] }, { params: [params[1]], lr: 0.5 }], { lr: 0.01 });
  train(opt, { params, x, y }, 2);
  const sd = opt.stateDict();
  assert.deepEqual(sd.paramGroups.map((g) => g.params), [[0], [1]]);
  assert.deepEqual(JSON.parse(JSON.stringify(sd.paramGroups))[1], { lr: 0.5, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, amsgrad: false, maximize: false, params: [1] });
  assert.equal(sd.state[0].step, 2);
  const m = sd.state[0].expAvg as Tensor;
  assert.deepEqual(m.shape, [3, 2]);
  const before = m.toArray();
  train(opt, { params, x, y }, 1);
  assert.deepEqual(m.toArray(), before);
  assert.notDeepEqual((opt.state.get(params[0])!.expAvg as Tensor).toArray(), before);
});

test('loadStateDict checks groups, parameter counts, indices and shapes before changing anything', () => {
  const { params } = problem(1);
  const opt = new optim.Adam(params, { lr: 0.01 });
  params.forEach((p) => (p.grad = p.detach().clone()));
  opt.step();
  const sd = opt.stateDict();
  const two = new optim.Adam([{ params: [params[0]] }, { params: [params[1]] }]);
  assert.throws(() => two.loadStateDict(sd), (e: Error) => e instanceof ValueError && /1 parameter groups, the optimizer has 2/.test(e.message));
  const one = new optim.Adam([params[0]]);
  assert.throws(() => one.loadStateDict(sd), (e: Error) => e instanceof ValueError && /group 0 has 2 parameters in the state dict but 1/.test(e.message));
  const swapped = new optim.Adam([params[1], params[0]], { lr: 0.2 });
  assert.throws(() => swapped.loadStateDict(sd), (e: Error) => e instanceof ShapeError && /optimizer\.state\.0\.expAvg has shape \[3, 2\] but its parameter has shape \[2\]/.test(e.message));
  assert.equal(swapped.paramGroups[0].lr, 0.2); // unchanged after the failed load
  assert.throws(() => opt.loadStateDict({ ...sd, state: { 9: {} } }), (e: Error) => e instanceof ValueError && /optimizer\.state\.9 belongs to no parameter/.test(e.message));
  assert.throws(() => opt.loadStateDict({ state: {}, paramGroups: [{ ...sd.paramGroups[0], lr: -1 }] }), /invalid lr -1/);
  assert.throws(() => opt.loadStateDict(null as never), /expected an object/);
});

test('toString lists the groups and their options', () => {
  const s = new optim.SGD([tensor([1], { requiresGrad: true })], { lr: 0.1, momentum: 0.9 }).toString();
  assert.match(s, /^SGD \(/);
  assert.match(s, /Parameter Group 0 \(1 tensors\)/);
  assert.match(s, /momentum: 0\.9/);
});
