// nn layers: each against values from its definition (or the functional form it wraps), PyTorch's
// default initialization bounds, train/eval behaviour of dropout and batch norm, and their errors.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  nn, tensor, randn, rand, ones, arange, manualSeed, noGrad, Tensor, ShapeError, ValueError, IndexError,
  conv2d, softmax, gelu, crossEntropy, mseLoss,
} from '../../engine/index.ts';

const flat = (t: Tensor): number[] => Array.from(t.toTypedArray());
function close(actual: Tensor | number[], expected: number[], tol = 1e-5, what = ''): void {
  const a = actual instanceof Tensor ? flat(actual) : actual;
  assert.equal(a.length, expected.length, `${what}: length ${a.length} vs ${expected.length}`);
  a.forEach((x, i) => assert.ok(Math.abs(x - expected[i]) <= tol * Math.max(1, Math.abs(expected[i])), `${what}[${i}]: got ${x}, expected ${expected[i]}`));
}
const errorNaming = (cls: Function, ...parts: RegExp[]) => (e: Error) => {
  assert.ok(e instanceof cls, `expected ${cls.name}, got ${e.name}: ${e.message}`);
  for (const p of parts) assert.match(e.message, p);
  return true;
};
const maxAbs = (t: Tensor) => Math.max(...flat(t).map(Math.abs));

test('Linear computes x·Wᵀ + b and has PyTorch\'s shapes', () => {
  const lin = new nn.Linear(2, 3);
  noGrad(() => {
    lin.weight.copy_(tensor([[1, 2], [3, 4], [5, 6]]));
    lin.bias!.copy_(tensor([0.5, -1, 0]));
  });
  close(lin.call(tensor([[1, -1], [2, 0]])), [-0.5, -2, -1, 2.5, 5, 10]);
  assert.deepEqual(lin.weight.shape, [3, 2]);
  assert.deepEqual(lin.call(ones([4, 5, 2])).shape, [4, 5, 3]);
  assert.equal(new nn.Linear(2, 3, { bias: false }).bias, null);
  assert.equal(new nn.Linear(2, 3, { dtype: 'float64' }).weight.dtype, 'float64');
  assert.throws(() => lin.call(ones([4, 5])), errorNaming(ShapeError, /linear/, /\[4, 5\]/, /\[3, 2\]/));
  assert.throws(() => new nn.Linear(2.5, 3), ValueError);
});

test('Linear and Conv default init: weights and biases in U(±1/√fanIn), spread over the whole range', () => {
  manualSeed(3);
  const lin = new nn.Linear(100, 400);
  const bound = 1 / Math.sqrt(100);
  for (const t of [lin.weight, lin.bias!]) {
    assert.ok(maxAbs(t) <= bound);
    assert.ok(maxAbs(t) > 0.97 * bound);
  }
  // U(±b) has variance b²/3.
  const v = flat(lin.weight).reduce((s, x) => s + x * x, 0) / lin.weight.numel();
  assert.ok(Math.abs(v - bound ** 2 / 3) < 0.03 * bound ** 2 / 3, `variance ${v}`);
  const conv = new nn.Conv2d(4, 8, [3, 5], { groups: 2 });
  const convBound = 1 / Math.sqrt((4 / 2) * 3 * 5);
  assert.deepEqual(conv.weight.shape, [8, 2, 3, 5]);
  assert.ok(maxAbs(conv.weight) <= convBound && maxAbs(conv.weight) > 0.9 * convBound);
  assert.ok(maxAbs(conv.bias!) <= convBound);
});

test('Conv2d matches the functional conv2d with its weights, across padding, stride, dilation and groups', () => {
  manualSeed(4);
  const x = randn([2, 4, 7, 6]);
  const cases: [nn.ConvLayerOptions, number[]][] = [
    [{}, [2, 6, 5, 4]],
    [{ padding: 'same' }, [2, 6, 7, 6]],
    [{ padding: [1, 2], stride: 2 }, [2, 6, 4, 4]],
    [{ dilation: 2, groups: 2, bias: false }, [2, 6, 3, 2]],
  ];
  for (const [opts, shape] of cases) {
    const conv = new nn.Conv2d(4, 6, 3, opts);
    const y = conv.call(x);
    assert.deepEqual(y.shape, shape, JSON.stringify(opts));
    const { padding = 0, stride = 1, dilation = 1, groups = 1 } = opts;
    close(y, flat(conv2d(x, conv.weight, conv.bias, { padding, stride, dilation, groups })), 1e-6);
  }
  assert.deepEqual(new nn.Conv1d(3, 5, 2).call(ones([4, 3, 10])).shape, [4, 5, 9]);
  assert.deepEqual(new nn.Conv2d(3, 5, 3).call(ones([3, 8, 8])).shape, [5, 6, 6]); // unbatched
  assert.throws(() => new nn.Conv2d(3, 6, 3, { groups: 2 }), errorNaming(ValueError, /inChannels \(3\)/, /groups \(2\)/));
  assert.throws(() => new nn.Conv2d(2, 2, 3, { padding: 'same', stride: 2 }), errorNaming(ValueError, /'same'/));
  assert.throws(() => new nn.Conv2d(3, 5, 3).call(ones([1, 2, 8, 8])), ShapeError);
  assert.equal(String(new nn.Conv2d(1, 32, 3, { padding: 1 }).repr()), 'Conv2d(1, 32, kernelSize=[3, 3], stride=[1, 1], padding=[1, 1])');
});

test('pooling layers: max and mean of each window, adaptive pooling to any size', () => {
  const x = arange(1, 17, 1, { dtype: 'float32' }).reshape([1, 1, 4, 4]);
  close(new nn.MaxPool2d(2).call(x), [6, 8, 14, 16]);
  close(new nn.AvgPool2d(2).call(x), [3.5, 5.5, 11.5, 13.5]);
  close(new nn.MaxPool2d(3, { stride: 1 }).call(x), [11, 12, 15, 16]);
  close(new nn.AvgPool2d(2, { stride: 2, padding: 1, countIncludePad: false }).call(x), [1, 2.5, 4, 7, 8.5, 10, 13, 14.5, 16]);
  close(new nn.AdaptiveAvgPool2d(1).call(x), [8.5]);
  close(new nn.AdaptiveAvgPool2d([2, 1]).call(x), [4.5, 12.5]);
  close(new nn.MaxPool1d(2).call(tensor([[[1, 5, 2, 0]]])), [5, 2]);
  close(new nn.AvgPool1d(2).call(tensor([[[1, 5, 2, 0]]])), [3, 1]);
  close(new nn.AdaptiveAvgPool1d(1).call(tensor([[[1, 5, 2, 0]]])), [2]);
  assert.throws(() => new nn.MaxPool2d(5).call(x), ShapeError);
});

test('Flatten keeps the batch dim by default; Unflatten undoes it', () => {
  const x = randn([2, 3, 4, 5]);
  assert.deepEqual(new nn.Flatten().call(x).shape, [2, 60]);
  assert.deepEqual(new nn.Flatten(0).call(x).shape, [120]);
  assert.deepEqual(new nn.Flatten(1, 2).call(x).shape, [2, 12, 5]);
  const back = new nn.Unflatten(1, [3, 4, 5]).call(new nn.Flatten().call(x));
  assert.deepEqual(back.toArray(), x.toArray());
  assert.throws(() => new nn.Unflatten(1, [7, 9]).call(ones([2, 60])), ShapeError);
});

test('Dropout: in training zeros about p of the inputs and scales the rest by 1/(1 − p); in eval it is the identity', () => {
  manualSeed(5);
  const drop = new nn.Dropout(0.25);
  const x = ones([4000]);
  const y = flat(drop.call(x));
  const zerosCount = y.filter((v) => v === 0).length;
  assert.ok(Math.abs(zerosCount / 4000 - 0.25) < 0.03, `dropped ${zerosCount}`);
  assert.ok(y.every((v) => v === 0 || Math.abs(v - 1 / 0.75) < 1e-6));
  drop.eval();
  assert.equal(drop.call(x), x);
  assert.throws(() => new nn.Dropout(1.5), errorNaming(ValueError, /Dropout/, /1\.5/));
});

// Per-channel statistics of x (N, C, …) straight from the definition.
function channelStats(x: Tensor): { mean: number[]; biasedVar: number[]; unbiasedVar: number[] } {
  const [N, C] = x.shape, inner = x.numel() / (N * C), v = flat(x);
  const mean: number[] = [], biasedVar: number[] = [], unbiasedVar: number[] = [];
  for (let c = 0; c < C; c++) {
    const vals: number[] = [];
    for (let n = 0; n < N; n++) for (let i = 0; i < inner; i++) vals.push(v[(n * C + c) * inner + i]);
    const m = vals.reduce((a, b) => a + b, 0) / vals.length;
    const ss = vals.reduce((a, b) => a + (b - m) ** 2, 0);
    mean.push(m);
    biasedVar.push(ss / vals.length);
    unbiasedVar.push(ss / (vals.length - 1));
  }
  return { mean, biasedVar, unbiasedVar };
}

test('BatchNorm2d in training normalizes with batch statistics and updates the running ones', () => {
  manualSeed(6);
  const bn = new nn.BatchNorm2d(3);
  const x = randn([4, 3, 2, 2]).mul(3).add(1);
  const stats = channelStats(x);
  const y = bn.call(x);
  const out = channelStats(y);
  close(out.mean, [0, 0, 0], 1e-5);
  out.biasedVar.forEach((v, c) => close([v], [stats.biasedVar[c] / (stats.biasedVar[c] + 1e-5)], 1e-5));
  close(bn.runningMean!, stats.mean.map((m) => 0.1 * m), 1e-5);
  close(bn.runningVar!, stats.unbiasedVar.map((v) => 0.9 + 0.1 * v), 1e-5);
  assert.equal(bn.numBatchesTracked!.item(), 1);
  assert.deepEqual(names(bn), ['weight', 'bias', 'runningMean', 'runningVar', 'numBatchesTracked']);
  y.sum().backward();
  assert.ok(bn.weight!.grad && bn.bias!.grad);
});
const names = (m: nn.Module) => Object.keys(m.stateDict());

test('BatchNorm in eval uses the running statistics and leaves them alone', () => {
  const bn = new nn.BatchNorm1d(2);
  noGrad(() => {
    bn.runningMean!.copy_(tensor([1, -2]));
    bn.runningVar!.copy_(tensor([4, 0.25]));
    bn.weight!.copy_(tensor([2, 1]));
    bn.bias!.copy_(tensor([0, 10]));
  });
  bn.eval();
  const y = bn.call(tensor([[3, -2], [1, -1]]));
  const s0 = Math.sqrt(4 + 1e-5), s1 = Math.sqrt(0.25 + 1e-5);
  close(y, [2 * 2 / s0, 10, 0, 10 + 1 / s1]);
  close(bn.runningMean!, [1, -2]);
  assert.equal(bn.numBatchesTracked!.item(), 0);
  // Back in training mode a single sample per channel cannot give a variance.
  bn.train();
  assert.throws(() => bn.call(tensor([[1, 2]])), errorNaming(ValueError, /more than 1 value per channel/));
});

test('BatchNorm with momentum null keeps a cumulative average; without running stats eval uses the batch', () => {
  manualSeed(7);
  const bn = new nn.BatchNorm1d(2, { momentum: null });
  const a = randn([5, 2]), b = randn([5, 2]).add(3);
  bn.call(a);
  bn.call(b);
  const ma = channelStats(a).mean, mb = channelStats(b).mean;
  close(bn.runningMean!, [0, 1].map((c) => (ma[c] + mb[c]) / 2), 1e-5);
  assert.equal(bn.numBatchesTracked!.item(), 2);

  const free = new nn.BatchNorm1d(2, { trackRunningStats: false, affine: false });
  assert.equal(free.runningMean, null);
  assert.deepEqual(names(free), []);
  free.eval();
  close(channelStats(free.call(b)).mean, [0, 0], 1e-5);
  assert.throws(() => new nn.BatchNorm2d(3).call(ones([2, 3, 4])), errorNaming(ShapeError, /BatchNorm2d/, /4-D/, /\[2, 3, 4\]/));
  assert.throws(() => new nn.BatchNorm1d(3).call(ones([2, 4])), errorNaming(ShapeError, /BatchNorm1d/, /4 channels/, /expects 3/));
});

test('LayerNorm and GroupNorm normalize each sample, the same in training and eval', () => {
  manualSeed(8);
  const ln = new nn.LayerNorm(6);
  const x = randn([3, 6]).mul(5).add(2);
  const y = ln.call(x);
  for (const row of y.toArray() as number[][]) {
    const m = row.reduce((a, b) => a + b, 0) / 6;
    close([m, row.reduce((a, b) => a + (b - m) ** 2, 0) / 6], [0, 1], 1e-3);
  }
  ln.eval();
  close(ln.call(x), flat(y));
  assert.deepEqual(Object.keys(ln.stateDict()), ['weight', 'bias']);
  assert.equal(new nn.LayerNorm([2, 3], { elementwiseAffine: false }).numParameters(), 0);
  assert.throws(() => ln.call(ones([3, 5])), errorNaming(ShapeError, /layerNorm/, /\[3, 5\]/, /\[6\]/));
  const gn = new nn.GroupNorm(2, 4);
  // Each group of 2 channels × 3 positions has mean 0.
  close(channelStats(gn.call(randn([1, 4, 3]).mul(4).add(1)).reshape([1, 2, 6])).mean, [0, 0], 1e-5);
  assert.throws(() => new nn.GroupNorm(3, 4), ValueError);
  assert.throws(() => new nn.LayerNorm([0]), errorNaming(ValueError, /LayerNorm/));
  assert.throws(() => new nn.BatchNorm2d(0), errorNaming(ValueError, /BatchNorm2d/, /numFeatures/));
  assert.throws(() => gn.call(ones([2, 3, 4])), errorNaming(ShapeError, /GroupNorm/, /\[2, 3, 4\]/));
});

test('Embedding looks up rows; the padding row starts at zero and gets no gradient', () => {
  manualSeed(9);
  const emb = new nn.Embedding(5, 3, { paddingIdx: -1 });
  assert.equal(emb.paddingIdx, 4);
  assert.deepEqual(emb.weight.select(0, 4).toArray(), [0, 0, 0]);
  const idx = tensor([[1, 4], [1, 2]], { dtype: 'int32' });
  const y = emb.call(idx);
  assert.deepEqual(y.shape, [2, 2, 3]);
  assert.deepEqual(y.select(0, 1).select(0, 1).toArray(), emb.weight.select(0, 2).toArray());
  y.sum().backward();
  assert.deepEqual(emb.weight.grad!.toArray(), [[0, 0, 0], [2, 2, 2], [1, 1, 1], [0, 0, 0], [0, 0, 0]]);
  // Default init N(0, 1).
  const big = flat(new nn.Embedding(1000, 20).weight);
  const mean = big.reduce((a, b) => a + b, 0) / big.length;
  const sd = Math.sqrt(big.reduce((a, b) => a + (b - mean) ** 2, 0) / big.length);
  assert.ok(Math.abs(mean) < 0.02 && Math.abs(sd - 1) < 0.02, `mean ${mean} sd ${sd}`);
  const pre = nn.Embedding.fromPretrained(tensor([[1, 2], [3, 4]]));
  assert.equal(pre.weight.requiresGrad, false);
  assert.deepEqual(pre.call(tensor([1], { dtype: 'int32' })).toArray(), [[3, 4]]);
  assert.throws(() => emb.call(tensor([5], { dtype: 'int32' })), IndexError);
  assert.throws(() => new nn.Embedding(5, 3, { paddingIdx: 5 }), IndexError);
  assert.throws(() => new nn.Embedding(-1, 3), errorNaming(ValueError, /numEmbeddings/));
  assert.throws(() => nn.Embedding.fromPretrained(tensor([1, 2])), errorNaming(ShapeError, /fromPretrained/, /\[2\]/));
});

test('activation modules compute their functions', () => {
  const x = tensor([-2, -0.5, 0, 1, 3]);
  close(new nn.ReLU().call(x), [0, 0, 0, 1, 3]);
  close(new nn.ReLU6().call(tensor([-1, 7, 2])), [0, 6, 2]);
  close(new nn.LeakyReLU(0.1).call(x), [-0.2, -0.05, 0, 1, 3]);
  close(new nn.ELU().call(x), [Math.exp(-2) - 1, Math.exp(-0.5) - 1, 0, 1, 3]);
  close(new nn.Sigmoid().call(x), [-2, -0.5, 0, 1, 3].map((v) => 1 / (1 + Math.exp(-v))));
  close(new nn.Tanh().call(x), [-2, -0.5, 0, 1, 3].map(Math.tanh));
  close(new nn.SiLU().call(x), [-2, -0.5, 0, 1, 3].map((v) => v / (1 + Math.exp(-v))));
  close(new nn.Hardtanh(-1, 2).call(x), [-1, -0.5, 0, 1, 2]);
  close(new nn.Softplus().call(x), [-2, -0.5, 0, 1, 3].map((v) => Math.log1p(Math.exp(v))));
  close(new nn.Softsign().call(x), [-2, -0.5, 0, 1, 3].map((v) => v / (1 + Math.abs(v))));
  close(new nn.SELU().call(tensor([1])), [1.0507009873554805]);
  close(new nn.GELU().call(x), flat(gelu(x)));
  close(new nn.GELU('tanh').call(x), flat(gelu(x, { approximate: 'tanh' })));
  const m = tensor([[1, 2], [3, 5]]);
  close(new nn.Softmax(1).call(m), flat(softmax(m, 1)));
  close(new nn.Softmax(0).call(m), [1 / (1 + Math.exp(2)), 1 / (1 + Math.exp(3)), 1 / (1 + Math.exp(-2)), 1 / (1 + Math.exp(-3))]);
  close(new nn.LogSoftmax(-1).call(m), flat(softmax(m, -1).log()));
  const prelu = new nn.PReLU();
  close(prelu.call(x), [-0.5, -0.125, 0, 1, 3]);
  assert.equal(prelu.numParameters(), 1);
  assert.equal(new nn.PReLU(3).numParameters(), 3);
  assert.equal(new nn.Identity().call(x), x);
});

test('loss modules call the functional losses with their options', () => {
  manualSeed(10);
  const logits = randn([4, 3]);
  const target = tensor([0, 2, 1, 2], { dtype: 'int32' });
  close(new nn.CrossEntropyLoss().call(logits, target), flat(crossEntropy(logits, target)));
  const w = tensor([1, 2, 0.5]);
  const ce = new nn.CrossEntropyLoss({ weight: w, labelSmoothing: 0.1 });
  close(ce.call(logits, target), flat(crossEntropy(logits, target, { weight: w, labelSmoothing: 0.1 })));
  assert.deepEqual(Object.keys(ce.stateDict()), ['weight']);
  const a = rand([5]), b = rand([5]);
  close(new nn.MSELoss({ reduction: 'sum' }).call(a, b), flat(mseLoss(a, b, { reduction: 'sum' })));
  close(new nn.L1Loss().call(tensor([1, 4]), tensor([2, 2])), [1.5]);
  close(new nn.BCEWithLogitsLoss().call(tensor([0]), tensor([1])), [Math.log(2)]);
  close(new nn.BCELoss().call(tensor([0.5]), tensor([1])), [Math.log(2)]);
  close(new nn.NLLLoss().call(tensor([[-1, -2]]), tensor([1], { dtype: 'int32' })), [2]);
  assert.equal(new nn.MSELoss({ reduction: 'sum' }).repr(), "MSELoss(reduction='sum')");
});

test('a small CNN composes: conv, batch norm, pooling, flatten and a linear head', () => {
  manualSeed(11);
  const net = new nn.Sequential(
    new nn.Conv2d(1, 4, 3, { padding: 1 }), new nn.BatchNorm2d(4), new nn.ReLU(), new nn.MaxPool2d(2),
    new nn.Flatten(), new nn.Dropout(0.5), new nn.Linear(4 * 4 * 4, 10),
  );
  const y = net.call(randn([2, 1, 8, 8]));
  assert.deepEqual(y.shape, [2, 10]);
  y.sum().backward();
  assert.ok(net.parameters().every((p) => p.grad !== null && p.grad.shape.join() === p.shape.join()));
  assert.equal(net.numParameters(), 4 * 9 + 4 + 8 + 64 * 10 + 10);
  net.eval();
  const x = randn([1, 1, 8, 8]);
  assert.deepEqual(net.call(x).toArray(), net.call(x).toArray(), 'eval is deterministic');
});
