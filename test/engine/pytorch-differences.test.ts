// The README's "Differences from PyTorch", one test per bullet, so the list cannot drift from the
// engine; then the edge cases that used to differ and now match torch 1.13 (values measured with
// torch 1.13.1 CPU and pasted here; the tests never need PyTorch).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  tensor, arange, randn, manualSeed, setBackend, getBackendName, tidy, fit, nn, optim, mseLoss, std, variance,
  relu6, hardtanh, leakyRelu, elu, celu, selu, hardSigmoid, hardswish, binaryCrossEntropy, scaledDotProductAttention,
  logSoftmax, ValueError, TrainingError, AllocationError, zeros, setTensorMemoryLimit, floorDivide, div, topk, type Tensor,
} from '../../engine/index.ts';

const flat = (t: Tensor): number[] => Array.from(t.toTypedArray() as ArrayLike<number>);

/** Element by element within rtol (relative) or 1e-7 (absolute); NaN must meet NaN. */
function close(actual: number[], expected: number[], what: string, rtol = 1e-6): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  actual.forEach((a, i) => {
    const e = expected[i];
    const ok = Number.isNaN(e) ? Number.isNaN(a) : Math.abs(a - e) <= 1e-7 + rtol * Math.abs(e);
    assert.ok(ok, `${what}: element ${i} is ${a}, expected ${e} (got [${actual}])`);
  });
}

function onEachBackend(fn: (backend: string) => void): void {
  const before = getBackendName();
  try {
    for (const b of ['js', 'wasm']) {
      setBackend(b);
      fn(b);
    }
  } finally {
    setBackend(before);
  }
}

// ---- The deliberate differences (README, "Differences from PyTorch") ----

test('difference: names are camelCase and keyword arguments are one options object, whose unknown keys are errors', () => {
  assert.equal(typeof logSoftmax, 'function');
  assert.equal(typeof nn.Module.prototype.zeroGrad, 'function');
  assert.equal(typeof nn.Module.prototype.stateDict, 'function');
  assert.deepEqual(tensor([[1, 2], [3, 4]]).sum({ dim: 1, keepdim: true }).shape, [2, 1]);
  assert.throws(() => tensor([1, 2]).sum({ dim: 0, keepDim: true } as never), (e: Error) => e instanceof ValueError && /keepDim/.test(e.message));
});

test('difference: no int64 — integers are int32, and a JS number array makes float32', () => {
  // torch 1.13: torch.tensor([1, 2]).dtype and torch.arange(3).dtype are both int64.
  assert.equal(tensor([1, 2]).dtype, 'float32');
  assert.equal(arange(3).dtype, 'int32');
  assert.equal(tensor([1, 5, 2]).argmax().dtype, 'int32');
  assert.equal(tensor([1, 2], { dtype: 'int32' }).sum().dtype, 'int32');
});

test('difference: integer sum/cumsum/prod/cumprod are exact int32 or a ValueError, never a silent wrap', () => {
  const x = tensor([[2 ** 30, 2 ** 30 - 2, 1], [-5, 7, 3]], { dtype: 'int32' });
  assert.deepEqual(flat(x.sum(1)), [2 ** 31 - 1, 5]); // one short of the edge: exact
  assert.deepEqual(flat(x.cumsum(1)), [2 ** 30, 2 ** 31 - 2, 2 ** 31 - 1, -5, 2, 5]);
  assert.equal(tensor([true, true, false]).sum().item(), 2);
  assert.equal(tensor([-(2 ** 16), 2 ** 15], { dtype: 'int32' }).prod().item(), -(2 ** 31));
  // torch 1.13: tensor([2147483647, 1], dtype=int32).sum() is tensor(2147483648) (int64); an int32
  // accumulator would give −2147483648.
  const edge = tensor([2 ** 31 - 1, 1], { dtype: 'int32' });
  const names = (op: string, v: string) => (e: Error) => e instanceof ValueError && e.message.startsWith(`${op}:`) && e.message.includes(v) && /double\(\)/.test(e.message);
  assert.throws(() => edge.sum(), names('sum', '2147483648'));
  assert.throws(() => edge.cumsum(0), names('cumsum', '2147483648'));
  assert.throws(() => tensor([65536, 65536], { dtype: 'int32' }).prod(), names('prod', '4294967296'));
  assert.throws(() => tensor([65536, 65536], { dtype: 'int32' }).cumprod(0), names('cumprod', '4294967296'));
  assert.deepEqual(flat(tensor([3, -2, 0], { dtype: 'int32' }).cumprod(0)), [3, -6, 0]);
  assert.equal(edge.double().sum().item(), 2 ** 31); // the fix the message names
  onEachBackend((b) => assert.throws(() => tidy(() => edge.sum()), ValueError, b)); // the wasm backend too
});

test('difference: a fully masked attention row gives zeros, not NaN', () => {
  // torch 1.13's nn.MultiheadAttention gives NaN weights and outputs for such a row (torch ≥ 2.5's SDPA gives zeros).
  manualSeed(0);
  const q = randn([1, 2, 4]);
  const mask = tensor([[true, true], [false, false]]); // query 1 may attend to no key
  const { output, weights } = scaledDotProductAttention(q, q, q, { attnMask: mask });
  assert.deepEqual(flat(weights).slice(2), [0, 0]);
  assert.deepEqual(flat(output).slice(4), [0, 0, 0, 0]);
  assert.ok(flat(output).slice(0, 4).every((v) => Number.isFinite(v) && v !== 0));
});

test("difference: binaryCrossEntropy's target gradient at p = 0 or 1 is ±100 (the clamped loss's), not ±∞", () => {
  // torch 1.13 gives target.grad = inf, inf, -inf, -inf for these four corners.
  const p = tensor([0, 0, 1, 1], { dtype: 'float64' });
  const y = tensor([0, 1, 0, 1], { dtype: 'float64', requiresGrad: true });
  binaryCrossEntropy(p, y, { reduction: 'sum' }).backward();
  assert.deepEqual(flat(y.grad!), [100, 100, -100, -100]);
});

test('difference: an empty dim list reduces nothing (NumPy\'s axis=()), where torch 1.13 reduces all', () => {
  // torch 1.13: torch.sum(x, dim=[]) is tensor(10.), x.mean(dim=[]) is tensor(2.5000).
  const x = tensor([[1, 2], [3, 4]]);
  assert.deepEqual(x.sum([]).toArray(), [[1, 2], [3, 4]]);
  assert.deepEqual(x.mean({ dim: [] }).toArray(), [[1, 2], [3, 4]]);
  assert.deepEqual(x.amax({ dim: [] }).shape, [2, 2]);
  assert.equal(x.sum().item(), 10); // no dim: every dim
});

test('difference: a tensor holds at most 2^31 − 1 elements and the memory limit; past either is an AllocationError naming op and shape', () => {
  assert.throws(() => zeros([2 ** 16, 2 ** 15 + 1]), (e: Error) => e instanceof AllocationError && /^full: shape \[65536, 32769\] holds 2147549184 elements of float32, more than the 2147483647/.test(e.message));
  const before = setTensorMemoryLimit(1024);
  try {
    assert.throws(() => zeros([300]), (e: Error) => e instanceof AllocationError && /1200 bytes\), past the tensor memory limit of 1024 bytes/.test(e.message));
    assert.equal(zeros([256]).numel(), 256); // 1024 bytes: at the limit is allowed
  } finally {
    setTensorMemoryLimit(before);
  }
});

test('difference: floorDivide has a zero gradient (torch 1.13 raises on its backward), as div with a roundingMode', () => {
  // torch 1.13: torch.div(a, b, rounding_mode='floor').sum().backward() gives a.grad = b.grad = [0, 0];
  // floor_divide's backward raises "derivative for aten::floor_divide is not implemented".
  for (const f of [(a: Tensor, b: Tensor) => floorDivide(a, b), (a: Tensor, b: Tensor) => div(a, b, { roundingMode: 'floor' })]) {
    const a = tensor([7, -7], { dtype: 'float64', requiresGrad: true }), b = tensor([2, 2], { dtype: 'float64', requiresGrad: true });
    const y = f(a, b);
    assert.deepEqual(flat(y), [3, -4]);
    y.sum().backward();
    assert.deepEqual([flat(a.grad!), flat(b.grad!)], [[0, 0], [0, 0]]);
  }
});

test('difference: topk is sorted even with sorted: false, and ties go to the earlier index', () => {
  const x = tensor([1, 5, 3, 5, 2, 5]);
  const { values, indices } = topk(x, 3, { sorted: false });
  assert.deepEqual(flat(values), [5, 5, 5]);
  assert.deepEqual(flat(indices), [1, 3, 5]);
  assert.deepEqual(flat(topk(x, 2, -1, false).indices), [0, 4]); // smallest: 1 then 2
});

// ---- Edge cases that now match torch 1.13 ----

test('relu(NaN) is NaN and its gradient is 1, on both backends, in SIMD lanes and the scalar tail', () => {
  // torch 1.13: relu([nan, -1, 0, 2]) = [nan, 0, 0, 2]; grad of sum = [1, 0, 0, 1].
  onEachBackend((b) => {
    const values = Array.from({ length: 11 }, (_, i) => [NaN, -1, 0, 2][i % 4]); // 8 in vectors, 3 in the tail
    const x = tensor(values, { requiresGrad: true });
    const y = x.relu();
    y.sum().backward();
    close(flat(y), values.map((v) => (Number.isNaN(v) ? NaN : Math.max(v, 0))), `relu on ${b}`);
    close(flat(x.grad!), values.map((v) => (v > 0 || Number.isNaN(v) ? 1 : 0)), `relu grad on ${b}`);
    const resident = tidy(() => flat(tensor(values).relu())); // on wasm, read in place from wasm memory
    close(resident, values.map((v) => (Number.isNaN(v) ? NaN : Math.max(v, 0))), `relu inside tidy on ${b}`);
  });
});

test('the relu family and the clamps at NaN: values and gradients as torch 1.13', () => {
  // From torch 1.13: f(x) and x.grad after f(x).backward(ones) for x = [nan, -1, 0, 2].
  const golden: Array<[string, (x: Tensor) => Tensor, number[], number[]]> = [
    ['relu6', relu6, [NaN, 0, 0, 2], [1, 0, 0, 1]],
    ['hardtanh', (x) => hardtanh(x), [NaN, -1, 0, 1], [1, 0, 1, 0]],
    ['leakyRelu', (x) => leakyRelu(x), [NaN, -0.009999999776482582, 0, 2], [0.009999999776482582, 0.009999999776482582, 0.009999999776482582, 1]],
    ['clamp(-1, 1)', (x) => x.clamp(-1, 1), [NaN, -1, 0, 1], [0, 1, 1, 0]],
    ['clampMin(0)', (x) => x.clampMin(0), [NaN, 0, 0, 2], [0, 0, 1, 1]],
    ['elu', (x) => elu(x), [NaN, -0.6321205496788025, 0, 2], [1, 0.3678794503211975, 1, 1]],
    ['celu', (x) => celu(x), [NaN, -0.6321205496788025, 0, 2], [1, 0.3678794503211975, 1, 1]],
    ['selu', selu, [NaN, -1.1113307476043701, 0, 2.1014020442962646], [1.0507010221481323, 0.6467686295509338, 1.7580993175506592, 1.0507010221481323]],
    ['hardSigmoid', (x) => hardSigmoid(x), [NaN, 0.3333333432674408, 0.5, 0.8333333134651184], [0, 0.1666666716337204, 0.1666666716337204, 0.1666666716337204]],
    ['hardswish', hardswish, [NaN, -0.3333333432674408, 0, 1.6666666269302368], [1, 0.1666666567325592, 0.5, 1.1666667461395264]],
  ];
  onEachBackend((b) => {
    for (const [name, f, value, grad] of golden) {
      const x = tensor([NaN, -1, 0, 2], { requiresGrad: true });
      const y = f(x);
      y.sum().backward();
      close(flat(y), value, `${name} on ${b}`);
      close(flat(x.grad!), grad, `${name} grad on ${b}`);
    }
  });
});

test('maximum/minimum gradients follow torch 1.13: both inputs get dy where a NaN is involved, half each on a tie', () => {
  for (const [op, value, ga, gb] of [
    ['maximum', [NaN, NaN, 2, NaN, 3], [1, 1, 0.5, 1, 1], [1, 1, 0.5, 1, 0]],
    ['minimum', [NaN, NaN, 2, NaN, 1], [1, 1, 0.5, 1, 0], [1, 1, 0.5, 1, 1]],
  ] as const) {
    const a = tensor([NaN, 1, 2, NaN, 3], { requiresGrad: true });
    const b = tensor([1, NaN, 2, NaN, 1], { requiresGrad: true });
    const y = op === 'maximum' ? a.maximum(b) : a.minimum(b);
    y.sum().backward();
    close(flat(y), [...value], op);
    close(flat(a.grad!), [...ga], `${op}: a's gradient`);
    close(flat(b.grad!), [...gb], `${op}: b's gradient`);
  }
});

test("std and var of a constant row have gradient 0, as torch 1.13 (not ∞·0 = NaN)", () => {
  // torch 1.13: x = [[2, 2, 2], [1, 2, 4]]; x.std(dim=1).sum().backward() and the same for var.
  const golden: Array<[string, (x: Tensor) => Tensor, number[]]> = [
    ['std', (x) => std(x, 1), [0, 0, 0, -0.4364357590675354, -0.10910891741514206, 0.5455447435379028]],
    ['var', (x) => variance(x, 1), [0, 0, 0, -1.3333332538604736, -0.33333325386047363, 1.6666667461395264]],
  ];
  for (const [name, f, grad] of golden) {
    const x = tensor([[2, 2, 2], [1, 2, 4]], { requiresGrad: true });
    f(x).sum().backward();
    close(flat(x.grad!), grad, `${name} grad`, 1e-5);
  }
  const x = tensor([5, 5], { requiresGrad: true });
  std(x, { correction: 0 }).backward();
  assert.deepEqual(flat(x.grad!), [0, 0]); // torch 1.13: x.std(unbiased=False) over [5, 5] → grad [0, 0]
});

test("binaryCrossEntropy's input gradient at p = 0 and 1 is torch 1.13's (p − y)/max(p(1 − p), 1e-12)", () => {
  // torch 1.13, float32, reduction 'mean' over one element: loss and p.grad at the four corners.
  for (const [p0, y0, loss, grad] of [[0, 0, 0, 0], [0, 1, 100, -999999995904], [1, 0, 100, 999999995904], [1, 1, 0, 0]]) {
    const p = tensor([p0], { requiresGrad: true });
    const l = binaryCrossEntropy(p, tensor([y0]));
    l.backward();
    close([l.item()], [loss], `loss at p=${p0}, y=${y0}`);
    close(flat(p.grad!), [grad], `p.grad at p=${p0}, y=${y0}`);
  }
  // torch 1.13, float64, reduction 'none' then sum (its 1e-12 is a float32 constant, hence …3995.8).
  const p = tensor([0, 1, 1e-13, 0.3], { dtype: 'float64', requiresGrad: true });
  const l = binaryCrossEntropy(p, tensor([1, 0, 1, 0.7], { dtype: 'float64' }), { reduction: 'none' });
  l.sum().backward();
  close(flat(l), [100, 100, 29.933606208922594, 0.949783446209775], 'float64 losses', 1e-12);
  close(flat(p.grad!), [-1000000003995.8029, 1000000003995.8029, -1000000003995.7028, -1.9047619047619047], 'float64 p.grad', 1e-12);
});

test('one NaN input batch makes the loss NaN, and fit() stops with a TrainingError naming epoch and step, weights intact', async () => {
  // Before relu kept NaN, this batch gave a finite loss (relu turned the NaN row into zeros) while
  // the first layer's gradient, and so its weights after the step, became NaN.
  manualSeed(3);
  const model = new nn.Sequential(new nn.Linear(2, 8), new nn.ReLU(), new nn.Linear(8, 1));
  const batches = Array.from({ length: 5 }, () => {
    const x = randn([4, 2]);
    return [x, x.sum(1, { keepdim: true })] as [Tensor, Tensor];
  });
  batches[2][0] = tensor([[0.5, NaN], [1, 2], [-1, 0], [0.3, 0.3]]);
  assert.ok(Number.isNaN(mseLoss(model.call(batches[2][0]), batches[2][1]).item()));
  const opt = new optim.SGD(model.parameters(), { lr: 0.05 });
  await assert.rejects(
    fit(model, { train: batches, loss: mseLoss, optimizer: opt, epochs: 2 }),
    (e: Error) => e instanceof TrainingError && /NaN at epoch 1, step 3/.test(e.message),
  );
  for (const [name, p] of model.namedParameters()) assert.ok(flat(p).every(Number.isFinite), `${name} stayed finite`);
});
