// The calls a PyTorch user writes, translated word for word, give PyTorch's values and shapes:
// reductions' positional forms (x.var(1), x.sum(1, true), x.var(1, false, true)), Python's keyword
// arguments as a trailing options object, and the errors for what PyTorch refuses or we don't take.
// Expected values were computed with torch 1.13 (float64), pasted here; the test never needs torch.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as g from '../../engine/index.ts';
import { tensor, Tensor, nn, optim, ValueError, type NestedArray } from '../../engine/index.ts';

const f64 = { dtype: 'float64' as const };
const X = (): Tensor => tensor([[1, 2, 3], [4, 5, 7]], f64);
const Y = (): Tensor => tensor([
  [[0.5, -1, 2, 3], [1, 1.5, -2, 0], [4, 2, 1, -1]],
  [[2, 0, 1, 1], [-3, 2.5, 0.5, 2], [1, 1, 1, 6]],
], f64);

/** Same shape (through the nesting) and values within 1e-12 relative. */
function same(actual: Tensor, shape: number[], expected: NestedArray | number, what: string): void {
  assert.deepEqual(actual.shape, shape, `${what}: shape`);
  const flat = (v: unknown): number[] => (Array.isArray(v) ? v.flatMap(flat) : [Number(v)]);
  const a = flat(actual.toArray()), e = flat(expected);
  assert.equal(a.length, e.length, `${what}: size`);
  a.forEach((v, i) => assert.ok(Math.abs(v - e[i]) <= 1e-12 * (1 + Math.abs(e[i])), `${what}[${i}]: expected ${e[i]}, got ${v}`));
}

// [call as written in PyTorch, our call, torch 1.13's shape and values]
const FORMS: Array<[string, () => Tensor, number[], NestedArray | number]> = [
  ['x.var(1)', () => X().var(1), [2], [1.0, 2.333333333333334]],
  ['x.std(0)', () => X().std(0), [3], [2.1213203435596424, 2.1213203435596424, 2.8284271247461903]],
  ['x.var(1, False, True)', () => X().var(1, false, true), [2, 1], [[0.6666666666666666], [1.555555555555556]]],
  ['x.std(0, True)', () => X().std(0, true), [3], [2.1213203435596424, 2.1213203435596424, 2.8284271247461903]],
  ['x.var(False)', () => X().var(false), [], 3.8888888888888893],
  ['x.var(True)', () => X().var(true), [], 4.666666666666667],
  ['x.var()', () => X().var(), [], 4.666666666666667],
  ['torch.var(x, 1, unbiased=False)', () => g.variance(X(), 1, { unbiased: false }), [2], [0.6666666666666666, 1.555555555555556]],
  ['torch.var(x, dim=1, unbiased=False)', () => g.variance(X(), { dim: 1, unbiased: false }), [2], [0.6666666666666666, 1.555555555555556]],
  ['torch.var(x, dim=1, correction=0, keepdim=True)', () => g.var(X(), { dim: 1, correction: 0, keepdim: true }), [2, 1], [[0.6666666666666666], [1.555555555555556]]],
  ['y.var([0, 2])', () => Y().var([0, 2]), [3], [1.6026785714285716, 3.7098214285714284, 4.696428571428571]],
  ['y.std([0, 2], False, True)', () => Y().std([0, 2], false, true), [1, 3, 1], [[[1.1842059575935262], [1.8016919131749467], [2.027159342528357]]]],
  ['torch.sum(x, 1, True)', () => g.sum(X(), 1, true), [2, 1], [[6], [16]]],
  ['x.sum(1, keepdim=True)', () => X().sum(1, { keepdim: true }), [2, 1], [[6], [16]]],
  ['torch.mean(x, 0, True)', () => g.mean(X(), 0, true), [1, 3], [[2.5, 3.5, 5]]],
  ['torch.sum(y, [0, 2], True)', () => g.sum(Y(), [0, 2], true), [1, 3, 1], [[[8.5], [2.5], [15]]]],
  ['y.mean((0, 2))', () => Y().mean([0, 2]), [3], [1.0625, 0.3125, 1.875]],
  ['torch.prod(x, 1, True)', () => g.prod(X(), 1, true), [2, 1], [[6], [140]]],
  ['torch.amax(y, [0, 2], True)', () => g.amax(Y(), [0, 2], true), [1, 3, 1], [[[3], [2.5], [6]]]],
  ['torch.amin(x, 1)', () => g.amin(X(), 1), [2], [1, 4]],
  ['torch.max(x, 1, True).values', () => g.max(X(), 1, true).values, [2, 1], [[3], [7]]],
  ['torch.max(x, 1, True).indices', () => g.max(X(), 1, true).indices, [2, 1], [[2], [2]]],
  ['x.max(dim=1, keepdim=True).values', () => X().max({ dim: 1, keepdim: true }).values, [2, 1], [[3], [7]]],
  ['torch.min(y, 2).values', () => g.min(Y(), 2).values, [2, 3], [[-1, -2, -1], [0, -3, 1]]],
  ['y.min(2).indices', () => Y().min(2, { keepdim: false }).indices, [2, 3], [[1, 2, 3], [1, 0, 0]]],
  ['torch.argmax(x, 1, True)', () => g.argmax(X(), 1, true), [2, 1], [[2], [2]]],
  ['torch.argmin(y, 0)', () => g.argmin(Y(), 0), [3, 4], [[0, 0, 1, 1], [1, 0, 0, 0], [1, 1, 0, 0]]],
  ['torch.argmax(y)', () => g.argmax(Y()), [], 23],
  ['torch.argmax(y, keepdim=True)', () => g.argmax(Y(), { keepdim: true }), [1, 1, 1], [[[23]]]],
  ['torch.logsumexp(x, 1, True)', () => g.logsumexp(X(), 1, true), [2, 1], [[3.4076059644443806], [7.169846019556286]]],
  ['torch.logsumexp(y, [0, 2])', () => g.logsumexp(Y(), [0, 2]), [3], [3.768540861944356, 3.3879555807444546, 6.166797168044432]],
  ['torch.norm(x, 1, 1)', () => g.norm(X(), 1, 1), [2], [6, 16]],
  ['torch.norm(x, 2, 0, True)', () => g.norm(X(), 2, 0, true), [1, 3], [[4.123105625617661, 5.385164807134504, 7.615773105863909]]],
  ['x.norm(dim=0, keepdim=True)', () => X().norm({ dim: 0, keepdim: true }), [1, 3], [[4.123105625617661, 5.385164807134504, 7.615773105863909]]],
  ['x.norm()', () => X().norm(), [], 10.198039027185569],
  ['torch.norm(y, inf, [1, 2])', () => g.norm(Y(), Infinity, [1, 2]), [2], [4, 6]],
];

for (const [torchCall, call, shape, values] of FORMS) {
  test(`${torchCall} gives torch 1.13's shape and values`, () => same(call(), shape, values, torchCall));
}

test('variance(x, {dim: 1, unbiased: false}) is the population variance (by hand: Σ(x − mean)²/N)', () => {
  // row 0: mean 2, squares 1 + 0 + 1 = 2 → 2/3; row 1: mean 16/3, squares (16 + 1 + 25)/9 = 42/9 → 14/9
  same(g.variance(X(), { dim: 1, unbiased: false }), [2], [2 / 3, 14 / 9], 'population');
  same(g.variance(X(), { dim: 1 }), [2], [1, 7 / 3], 'unbiased by default');
});

test('every method form matches its function form, and {dim, keepdim} matches the positionals', () => {
  const x = Y();
  const pairs: Array<[string, Tensor, Tensor]> = [
    ['sum', x.sum(2, true), g.sum(x, { dim: 2, keepdim: true })], ['mean', x.mean([0, 1]), g.mean(x, { dim: [0, 1] })],
    ['prod', x.prod(-1, true), g.prod(x, -1, { keepdim: true })], ['amax', x.amax(1), g.amax(x, { dim: 1 })],
    ['amin', x.amin([0, 2], true), g.amin(x, [0, 2], { keepdim: true })], ['argmin', x.argmin(2, true), g.argmin(x, { dim: 2, keepdim: true })],
    ['logsumexp', x.logsumexp(0), g.logsumexp(x, { dim: 0 })], ['std', x.std(1, false), g.std(x, { dim: 1, correction: 0 })],
    ['var', x.var(2, true, true), g.variance(x, 2, { keepdim: true })], ['norm', x.norm(3, 2), g.norm(x, { p: 3, dim: 2 })],
  ];
  for (const [name, a, b] of pairs) assert.deepEqual(a.toArray(), b.toArray(), name);
});

test('what PyTorch refuses, or a call we would misread, is a ValueError naming the argument', () => {
  const x = X();
  const cases: Array<[() => unknown, RegExp]> = [
    [() => g.variance(x, { dim: 1, unbiased: false, correction: 0 }), /var: give unbiased or correction, not both/],
    [() => x.sum(1, 1 as never), /sum: keepdim must be true or false, got number 1/],
    [() => x.var(1, 0 as never), /var: unbiased must be true or false/],
    [() => x.sum(1, { dim: 0 } as never), /sum: dim is given twice/],
    [() => (x.mean as (...args: unknown[]) => Tensor)(0, true, true), /mean: takes at most 2 arguments/],
    [() => x.sum('1' as never), /sum: dim must be an integer or a list of integers/],
    [() => x.max({ keepdim: true } as never), /max: keepdim needs a dim/],
    [() => x.argmax([0, 1] as never), /argmax: dim must be one integer/],
    [() => x.max([0, 1] as never), /max: dim must be one integer/],
    [() => x.var(1, { unbiased: true, bogus: 1 } as never), /var: unknown option 'bogus'; accepted: dim, unbiased, keepdim, correction/],
    [() => (x.std as (...args: unknown[]) => Tensor)(true, { dim: 0 }), /std: unknown option 'dim'/], // PyTorch's std(x, unbiased) takes no dim
    [() => x.sum({ keepDim: true } as never), /unknown option 'keepDim' \(write keepdim\)/],
  ];
  for (const [call, message] of cases) assert.throws(call, (e: Error) => e instanceof ValueError && message.test(e.message), String(message));
});

test("PyTorch's spellings we don't take get a hint in the error", () => {
  const p = [tensor([1], { requiresGrad: true })];
  const cases: Array<[() => unknown, RegExp]> = [
    [() => new optim.SGD(p, { lr: 0.1, weight_decay: 0.1 } as never), /SGD: unknown option 'weight_decay' \(write weightDecay\)/],
    [() => new optim.Adam([{ params: p, weight_decay: 0.1 }] as never), /Adam in param group 0: unknown option 'weight_decay' \(write weightDecay\)/],
    [() => new optim.Adam(p, { foreach: true } as never), /foreach is not an option here/],
    [() => new nn.Embedding(4, 2, { maxNorm: 1 } as never), /Embedding: unknown option 'maxNorm' \(maxNorm is not supported/],
    [() => g.embedding(tensor([0], { dtype: 'int32' }), g.ones([2, 2]), { maxNorm: 1 } as never), /embedding: unknown option 'maxNorm' \(maxNorm is not supported/],
    [() => g.crossEntropy(g.ones([1, 2]), tensor([0], { dtype: 'int32' }), { size_average: false } as never), /size_average.*write reduction/],
    [() => g.crossEntropy(g.ones([1, 2]), tensor([0], { dtype: 'int32' }), { ignore_index: 0 } as never), /write ignoreIndex/],
    [() => tensor([1], { requires_grad: true } as never), /tensor: unknown option 'requires_grad' \(write requiresGrad\)/],
    [() => g.zeros([1], { device: 'cuda' } as never), /device is not an option/],
    [() => new nn.LSTM(2, 3, { projSize: 1 } as never), /projSize .* is not supported/],
    [() => g.dropout(g.ones([2]), { p: 0.5, inplace: true } as never), /inplace is not supported/],
    [() => new data_.DataLoader(new data_.TensorDataset(g.ones([2])), { numWorkers: 2 } as never), /numWorkers is not supported/],
  ];
  for (const [call, message] of cases) assert.throws(call, (e: Error) => e instanceof ValueError && message.test(e.message), String(message));
});
const data_ = g.data;

test("Python's keyword arguments as a trailing options object: dropout, pad, oneHot, clipGradNorm_, backward", () => {
  const x = tensor([[1, 2, 3]], f64);
  assert.deepEqual(g.dropout(x, { p: 0.9, training: false }).toArray(), [[1, 2, 3]]); // F.dropout(x, p=0.9, training=False)
  assert.deepEqual(g.dropout(x, 1, { training: true }).toArray(), [[0, 0, 0]]);
  assert.deepEqual(g.pad(x, [1, 1], { mode: 'reflect' }).toArray(), [[2, 1, 2, 3, 2]]); // F.pad(x, (1, 1), mode='reflect')
  assert.deepEqual(g.pad(x, [1, 0], { value: 9 }).toArray(), [[9, 1, 2, 3]]);
  assert.deepEqual(g.pad(x, [0, 1], 'constant', 7).toArray(), [[1, 2, 3, 7]]);
  assert.deepEqual(g.oneHot(tensor([2, 0], { dtype: 'int32' }), { numClasses: 4 }).toArray(), [[0, 0, 1, 0], [1, 0, 0, 0]]);
  const w = tensor([3, -4], { ...f64, requiresGrad: true });
  w.grad = tensor([3, -4], f64);
  // clip_grad_norm_(p, 2, norm_type=inf): the largest |g| is 4, so every gradient scales by 2/4
  assert.equal(optim.clipGradNorm_([w], 2, { normType: Infinity }).item(), 4);
  assert.deepEqual((w.grad.toArray() as number[]).map((v) => Math.round(v * 1e6) / 1e6), [1.5, -2]);
  const a = tensor([2], { ...f64, requiresGrad: true });
  const y = a.mul(a).sum();
  y.backward({ retainGraph: true }); // loss.backward(retain_graph=True): the graph survives a second pass
  y.backward();
  assert.deepEqual(a.grad!.toArray(), [8]);
});
