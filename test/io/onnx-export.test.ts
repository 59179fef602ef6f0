// ONNX export by tracing, checked against onnxruntime-node: an MLP, a CNN, an LSTM classifier and
// a transformer block each export, run in onnxruntime with outputs equal to ours within 1e-4, and
// load back through our own importer (loadOnnxModel) with the same outputs. Node-only (native ORT).

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import {
  tensor, randn, randint, arange, manualSeed, nn, io, loadOnnxModel, ValueError,
  where, cat, clamp, binaryCrossEntropy, type Tensor,
} from '../../engine/index.ts';
import { exportOnnxFile } from '../../engine/io/index.node.ts';

const ORT_TYPE = { float32: 'float32', float64: 'float64', int32: 'int32', bool: 'bool' } as const;

async function runOrt(bytes: Uint8Array, feeds: Record<string, Tensor>): Promise<Record<string, ort.Tensor>> {
  const session = await ort.InferenceSession.create(bytes);
  const ortFeeds: Record<string, ort.Tensor> = {};
  for (const [name, t] of Object.entries(feeds)) ortFeeds[name] = new ort.Tensor(ORT_TYPE[t.dtype], t.toTypedArray() as Float32Array, [...t.shape]);
  return session.run(ortFeeds);
}

/** Same shape and every element within tol (NaN matches NaN, infinities match exactly). */
function assertClose(actual: ArrayLike<number | bigint | boolean>, dims: readonly number[], expected: Tensor, tol = 1e-4, what = ''): void {
  assert.deepEqual([...dims], [...expected.shape], `${what} shape`);
  const want = expected.toTypedArray();
  assert.equal(actual.length, want.length, `${what} size`);
  let worst = 0;
  for (let i = 0; i < want.length; i++) {
    const a = Number(actual[i]), b = want[i];
    if (Number.isNaN(b) || !Number.isFinite(b)) assert.ok(Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b)), `${what} element ${i}: ${a} vs ${b}`);
    else worst = Math.max(worst, Math.abs(a - b));
  }
  assert.ok(worst <= tol, `${what} max difference ${worst} > ${tol}`);
}

/** Exports, runs in ORT and through our importer, and compares both with our forward on `run`. */
async function checkModel(model: io.Traceable, example: Tensor[], run: Tensor[], opts: io.ExportOnnxOptions = {}): Promise<Uint8Array> {
  const bytes = io.exportOnnx(model, example, opts);
  const forward = (xs: Tensor[]) => (typeof model === 'function' ? model(...xs) : model.forward(...xs));
  const ours = forward(run);
  const expected = (ours instanceof Array ? ours.flat(2) : [ours]) as Tensor[];
  const names = opts.inputNames ?? (run.length === 1 ? ['input'] : run.map((_, i) => `input_${i}`));
  const feeds = Object.fromEntries(run.map((t, i) => [names[i], t]));
  const fromOrt = await runOrt(bytes, feeds);
  const imported = loadOnnxModel(bytes, 'exported.onnx').run(feeds);
  const outNames = loadOnnxModel(bytes).outputNames;
  assert.equal(outNames.length, expected.length);
  outNames.forEach((name, i) => {
    assertClose(fromOrt[name].data as ArrayLike<number>, fromOrt[name].dims, expected[i], 1e-4, `onnxruntime '${name}'`);
    assertClose(imported[name].toTypedArray(), imported[name].shape, expected[i], 1e-5, `importer '${name}'`);
  });
  return bytes;
}

const opTypes = (model: io.Traceable, example: Tensor[], opts: io.ExportOnnxOptions = {}) => new Set(io.traceOnnx(model, example, opts).graph!.node!.map((n) => n.opType));

describe('onnx export: the four models', () => {
  test('MLP: linear-relu-linear-logSoftmax, batch dim symbolic', async () => {
    manualSeed(1);
    const mlp = new nn.Sequential(new nn.Linear(6, 16), new nn.ReLU(), new nn.Linear(16, 4), new nn.LogSoftmax(1));
    const bytes = await checkModel(mlp, [randn([3, 6])], [randn([5, 6])], { dynamicBatch: true });
    const proto = loadOnnxModel(bytes).proto;
    // Parameters keep their state-dict names as initializers.
    assert.deepEqual(proto.graph!.initializer!.map((t) => t.name).filter((n) => !n!.startsWith('const')).sort(), ['0.bias', '0.weight', '2.bias', '2.weight']);
    assert.equal(proto.graph!.input![0].type!.tensorType!.shape!.dim![0].dimParam, 'batch');
    assert.deepEqual([...opTypes(mlp, [randn([3, 6])])].sort(), ['Add', 'LogSoftmax', 'MatMul', 'Relu', 'Transpose']);
  });

  test('CNN: conv2d-relu-maxPool2d-flatten-linear', async () => {
    manualSeed(2);
    const cnn = new nn.Sequential(
      new nn.Conv2d(2, 4, 3, { padding: 1 }), new nn.ReLU(), new nn.MaxPool2d(2), new nn.Flatten(), new nn.Linear(4 * 4 * 4, 10),
    );
    await checkModel(cnn, [randn([2, 2, 8, 8])], [randn([3, 2, 8, 8])], { dynamicBatch: true });
    const types = opTypes(cnn, [randn([2, 2, 8, 8])]);
    for (const t of ['Conv', 'Relu', 'MaxPool', 'Reshape', 'MatMul']) assert.ok(types.has(t), t);
  });

  test('LSTM classifier: embedding-lstm(2 layers)-last step-linear, int32 tokens', async () => {
    manualSeed(3);
    class Classifier extends nn.Module {
      embed = new nn.Embedding(20, 8);
      lstm = new nn.LSTM(8, 12, { numLayers: 2, batchFirst: true });
      head = new nn.Linear(12, 3);
      forward(tokens: Tensor): Tensor {
        const [out] = this.lstm.call(this.embed.call(tokens));
        return this.head.call(out.select(1, -1));
      }
    }
    const model = new Classifier();
    // The LSTM's zero initial state has the batch size in it, so the batch is fixed here (as in PyTorch's tracer).
    await checkModel(model, [randint(0, 20, [2, 5])], [randint(0, 20, [2, 5])]);
    const types = opTypes(model, [randint(0, 20, [2, 5])]);
    for (const t of ['Gather', 'Sigmoid', 'Tanh', 'Slice', 'Concat']) assert.ok(types.has(t), t);
  });

  test('transformer block: pre-LayerNorm, causal multi-head attention, GELU MLP; batch symbolic', async () => {
    manualSeed(4);
    const block = new nn.TransformerBlock(16, 4, { causal: true });
    await checkModel(block, [randn([2, 6, 16])], [randn([3, 6, 16])], { dynamicBatch: true });
    const types = opTypes(block, [randn([2, 6, 16])]);
    // The causal mask leaves every query a key, so no empty-row guard (Where, ReduceMax) is traced.
    for (const t of ['Softmax', 'Erf', 'ReduceMean', 'Sqrt']) assert.ok(types.has(t), t);
    for (const t of ['Where', 'ReduceMax']) assert.ok(!types.has(t), `no ${t}`);
  });

  test('multi-head attention with both outputs named, and older and newer opsets', async () => {
    manualSeed(5);
    const mha = new nn.MultiheadAttention(8, 2, { batchFirst: true });
    const attend = (q: Tensor, kv: Tensor) => mha.forward(q, kv, kv);
    for (const opset of [13, 17, 18]) {
      const bytes = await checkModel(attend, [randn([2, 3, 8]), randn([2, 4, 8])], [randn([2, 3, 8]), randn([2, 4, 8])], { opset, inputNames: ['q', 'kv'], outputNames: ['out', 'weights'] });
      const m = loadOnnxModel(bytes);
      assert.deepEqual(m.outputNames, ['out', 'weights']);
      assert.equal(m.opset, opset);
    }
  });
});

describe('onnx export: op coverage against onnxruntime', () => {
  test('binary cross-entropy per element, including p at 0 and 1 (the −100 floor on log)', async () => {
    const f = (p: Tensor, y: Tensor) => [binaryCrossEntropy(p, y, { reduction: 'none' }), binaryCrossEntropy(p, y)];
    const p = tensor([[0, 0.2, 0.7, 1], [1, 0.5, 0.01, 0]]), y = tensor([[0, 1, 1, 0], [1, 0.3, 0, 1]]);
    await checkModel(f, [p, y], [p, y]);
  });
  test('elementwise, comparisons, casts, clamp, where and reductions', async () => {
    manualSeed(6);
    const f = (x: Tensor, y: Tensor) => {
      const a = x.mul(2.5).sub(y).div(x.abs().add(1)).pow(2).sqrt().exp().log1p();
      const b = where(x.gt(y).logicalOr(x.le(-1)), x.tanh().expm1(), y.sigmoid().rsqrt());
      const c = clamp(x, -0.5, 0.5).add(clamp(y, { min: x.mul(0.1) })).add(x.ne(0).float());
      const d = cat([a, b, c], 1).cumsum(1);
      const e = x.sum({ dim: 1, keepdim: true }).add(x.gt(0).sum(1).unsqueeze(1)).add(x.amax(0)).mul(y.prod(1, ).unsqueeze(1));
      return [d.softmax(-1), e.neg().floor(), x.argmax(1), y.argmin(), x.max(1).values, x.exp().sin().cos().erf().relu()];
    };
    await checkModel(f, [randn([3, 4]), randn([3, 4])], [randn([3, 4]), randn([3, 4])]);
  });

  test('shape ops: reshape, permute, expand, slice with steps, squeeze, gather, indexSelect, scatterAdd, cumsum', async () => {
    manualSeed(7);
    const idx = tensor([[0, 2], [1, 1], [3, 0]], { dtype: 'int32' });
    const f = (x: Tensor) => {
      const a = x.reshape([3, 2, 2]).permute([2, 0, 1]).reshape([2, 6]);
      const b = x.slice(1, 1, 4, 2).unsqueeze(0).expand([2, 3, 2]).squeeze().sum(0);
      const c = x.gather(1, idx).add(x.indexSelect(1, tensor([3, 0], { dtype: 'int32' })));
      const d = x.mul(0).scatterAdd(1, idx, x.narrow(1, 0, 2));
      return [a, b, c, d, x.t().contiguous(), x.to('float64').mul(2), x.to('int32')];
    };
    await checkModel(f, [randn([3, 4]).mul(3)], [randn([3, 4]).mul(3)]);
  });

  test('batchNorm (eval), layerNorm, avgPool, adaptive pooling, dropout in eval, int32 inputs', async () => {
    manualSeed(8);
    const net = new nn.Sequential(new nn.Conv2d(3, 4, 3, { stride: 2, padding: [1, 0] }), new nn.BatchNorm2d(4), new nn.GELU(), new nn.AvgPool2d(2, { padding: 1, countIncludePad: false }),
      new nn.AdaptiveAvgPool2d(2), new nn.Flatten(), new nn.Dropout(0.5), new nn.LayerNorm(16), new nn.Linear(16, 2));
    net.train(); // export switches to eval for the trace, then gives every module its own mode back
    net.get(6).eval();
    const x = randn([2, 3, 9, 9]);
    const bytes = io.exportOnnx(net, [x], { dynamicBatch: true });
    assert.deepEqual(net.modules().map((m) => m.training), [true, true, true, true, true, true, true, false, true, true]);
    net.eval();
    const x2 = randn([4, 3, 9, 9]);
    const out = await runOrt(bytes, { input: x2 });
    assertClose(out.output.data as Float32Array, out.output.dims, net.forward(x2), 1e-4, 'onnxruntime');
    const counts = (t: Tensor) => t.to('int32').mul(3).add(arange(4, undefined, undefined, { dtype: 'int32' }));
    await checkModel(counts, [tensor([1, 2, 3, 4])], [tensor([5, -1, 0, 2])]);
  });
});

describe('onnx export: errors and files', () => {
  test('an op without an ONNX mapping is named', () => {
    assert.throws(() => io.exportOnnx((x: Tensor) => x.diagonal(), [randn([3, 3])]), (e: Error) => e instanceof ValueError && /op 'diagonal'/.test(e.message) && /\[3, 3\]/.test(e.message));
  });

  test('bad options are refused', () => {
    const id = (x: Tensor) => x.mul(1);
    assert.throws(() => io.exportOnnx(id, [randn([2])], { opset: 11 }), /opset must be an integer from 13 to 21/);
    assert.throws(() => io.exportOnnx(id, [randn([2])], { inputNames: ['a', 'b'] }), /2 inputNames for 1 example inputs/);
    assert.throws(() => io.exportOnnx(id, [randn([2])], { inputNames: ['a'], outputNames: ['a'] }), /'a' is used twice/);
    assert.throws(() => io.exportOnnx(() => 3 as unknown as Tensor, [randn([2])]), /returned number/);
    const x = randn([2]);
    assert.throws(() => io.exportOnnx((a: Tensor, b: Tensor) => a.add(b), [x, x]), /same tensor appears twice/);
  });

  test('outputs that are inputs or repeated pass through Identity; constants are folded', async () => {
    const mask = tensor([true, false, true]);
    const f = (x: Tensor) => {
      const m = mask.logicalNot().logicalNot(); // reads only constants: folded into one initializer
      const y = where(m, x, 0);
      return [y, y, x];
    };
    const proto = io.traceOnnx(f, [randn([3])]);
    assert.deepEqual(proto.graph!.node!.map((n) => n.opType), ['Where', 'Identity', 'Identity']);
    await checkModel(f, [randn([3])], [randn([3])]);
  });

  test('exportOnnxFile writes the same bytes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gs-onnx-'));
    try {
      const lin = new nn.Linear(3, 2);
      const path = join(dir, 'lin.onnx');
      const x = randn([1, 3]);
      exportOnnxFile(path, lin, [x]);
      assert.deepEqual([...readFileSync(path)], [...io.exportOnnx(lin, [x])]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
