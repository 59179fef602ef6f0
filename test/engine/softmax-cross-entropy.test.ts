// The fused softmax cross-entropy against the composite it replaces (logSoftmax then nllLoss):
// equal losses and gradients over random cases with ignored rows, every target ignored, logits of
// ±1000, both dtypes and both backends; second-order gradients; which inputs take the fused path;
// the op's errors; and its ONNX export run in onnxruntime.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as ort from 'onnxruntime-node';
import {
  crossEntropy, nllLoss, softmaxCrossEntropyOp, randn, rand, randint, ones, tensor, grad, gradcheck, enableGrad,
  manualSeed, setBackend, getBackendName, onOpApplied, io, loadOnnxModel, IndexError, ShapeError, DTypeError,
  type Tensor, type DType, type CrossEntropyOptions,
} from '../../engine/index.ts';

const REDUCTIONS = ['none', 'sum', 'mean'] as const;

/** Every element within atol + rtol·|expected|; NaN matches NaN, infinities match exactly. */
function assertClose(actual: Tensor, expected: Tensor, tol: number, what: string): void {
  assert.deepEqual(actual.shape, expected.shape, `${what}: shape`);
  const a = actual.toTypedArray(), e = expected.toTypedArray();
  for (let i = 0; i < e.length; i++) {
    if (Number.isNaN(e[i]) && Number.isNaN(a[i])) continue;
    if (a[i] === e[i]) continue;
    assert.ok(Math.abs(a[i] - e[i]) <= tol * (1 + Math.abs(e[i])), `${what}[${i}]: fused ${a[i]} vs composite ${e[i]}`);
  }
}

const composite = (x: Tensor, t: Tensor, opts: CrossEntropyOptions) => nllLoss(x.logSoftmax(1), t, opts);

/** Loss and d(loss·v)/dx by both paths, from fresh leaves of the same values. */
function bothPaths(x0: Tensor, t: Tensor, opts: CrossEntropyOptions): { fused: Tensor[]; comp: Tensor[] } {
  const run = (f: (x: Tensor) => Tensor) => {
    const x = x0.detach();
    x.requiresGrad = true;
    const y = f(x);
    manualSeed(5);
    return [y, ...grad(y, [x], { gradOutput: rand(y.shape, { dtype: y.dtype }) })];
  };
  return { fused: run((x) => crossEntropy(x, t, opts)), comp: run((x) => composite(x, t, opts)) };
}

/** Random targets in 0..C-1, about a quarter of them ignoreIndex. */
function targets(N: number, C: number, ignoreIndex: number): Tensor {
  const t = randint(0, C, [N]).toTypedArray();
  const drop = rand([N]).toTypedArray();
  return tensor(Array.from(t, (v, i) => (drop[i] < 0.25 ? ignoreIndex : v)), { dtype: 'int32' });
}

function onBackend<T>(name: string, f: () => T): T {
  const before = getBackendName();
  setBackend(name);
  try {
    return f();
  } finally {
    setBackend(before);
  }
}

for (const backend of ['js', 'wasm']) {
  for (const dtype of ['float64', 'float32'] as DType[]) {
    test(`${backend} ${dtype}: fused and composite agree on random cases with ignored rows`, () => onBackend(backend, () => {
      // float32 paths round in different places (the composite at every op): a few ulps of slack.
      const tol = dtype === 'float64' ? 1e-9 : 1e-6;
      manualSeed(11);
      for (const [N, C] of [[1, 1], [5, 3], [17, 10], [8, 33], [3, 130]]) {
        const scale = [1, 5, 30][N % 3];
        const x = randn([N, C], { dtype }).mul(scale);
        for (const ignoreIndex of [-100, 0]) {
          const t = targets(N, C, ignoreIndex);
          for (const reduction of REDUCTIONS) {
            const { fused, comp } = bothPaths(x, t, { ignoreIndex, reduction });
            const what = `(${N}, ${C}) ×${scale} ignoreIndex ${ignoreIndex} ${reduction}`;
            assertClose(fused[0], comp[0], tol, `${what} loss`);
            assertClose(fused[1], comp[1], tol, `${what} dx`);
          }
        }
      }
    }));
  }

  test(`${backend}: every target ignored gives what the composite gives (mean NaN, sum 0, zero gradients)`, () => onBackend(backend, () => {
    manualSeed(12);
    const x = randn([4, 6]), t = tensor([-100, -100, -100, -100], { dtype: 'int32' });
    for (const reduction of REDUCTIONS) {
      const { fused, comp } = bothPaths(x, t, { reduction });
      assertClose(fused[0], comp[0], 0, `${reduction} loss`);
      assertClose(fused[1], comp[1], 0, `${reduction} dx`);
      assert.ok(fused[1].toTypedArray().every((v) => v === 0), `${reduction}: zero gradient`);
    }
    assert.ok(Number.isNaN(crossEntropy(x, t).item()), 'a mean over no counted targets is NaN, as in PyTorch');
  }));

  test(`${backend}: logits of ±1000 give finite losses and gradients equal to the composite's`, () => onBackend(backend, () => {
    const x = tensor([[1000, -1000, 0], [-1000, -1000, -999], [1000, 1000, -1000], [-1000, 1000, 1000]]);
    const t = tensor([1, 2, 0, 0], { dtype: 'int32' });
    const { fused, comp } = bothPaths(x, t, { reduction: 'none' });
    assert.ok(fused[0].toTypedArray().every(Number.isFinite) && fused[1].toTypedArray().every(Number.isFinite));
    assertClose(fused[0], tensor([2000, Math.log(1 + 2 * Math.exp(-1)), Math.log(2), 2000 + Math.log(2)]), 1e-6, 'exact losses');
    assertClose(fused[0], comp[0], 1e-6, 'loss');
    assertClose(fused[1], comp[1], 1e-6, 'dx');
  }));
}

test('wasm and js kernels agree on a wide batch (C not a multiple of the SIMD width)', () => {
  manualSeed(13);
  const x = randn([64, 1003]).mul(4), t = targets(64, 1003, -100);
  const [js, wasm] = ['js', 'wasm'].map((b) => onBackend(b, () => bothPaths(x, t, { reduction: 'mean' }).fused));
  assertClose(wasm[0], js[0], 1e-6, 'loss');
  assertClose(wasm[1], js[1], 1e-6, 'dx');
});

test('second-order gradients (gradient of the gradient) match finite differences', () => {
  manualSeed(14);
  const t = tensor([2, -100, 0, 1], { dtype: 'int32' });
  const w = randn([4, 3], { dtype: 'float64' });
  for (const reduction of ['sum', 'mean'] as const) {
    // dx as a function of x: its own backward runs the backward op's rules.
    const dx = (x: Tensor) => enableGrad(() => grad(crossEntropy(x, t, { reduction }), [x], { createGraph: true })[0].mul(w));
    const x = randn([4, 3], { dtype: 'float64', requiresGrad: true });
    assert.ok(gradcheck(dx, [x], { raise: false }).passed, reduction);
  }
});

test('(N, C) float logits with plain int32 targets take the fused op; everything else the composite', () => {
  manualSeed(15);
  const fusedOps = (f: () => unknown): number => {
    let n = 0;
    const stop = onOpApplied((r) => { if (r.op === 'softmaxCrossEntropy') n++; });
    try {
      f();
    } finally {
      stop();
    }
    return n;
  };
  const x = randn([4, 3]), t = tensor([0, 2, 1, 1], { dtype: 'int32' });
  assert.equal(fusedOps(() => crossEntropy(x, t)), 1);
  assert.equal(fusedOps(() => crossEntropy(x.double(), t, { reduction: 'sum', ignoreIndex: 1 })), 1);
  assert.equal(fusedOps(() => crossEntropy(x, t, { weight: ones([3]) })), 0);
  assert.equal(fusedOps(() => crossEntropy(x, t, { labelSmoothing: 0.1 })), 0);
  assert.equal(fusedOps(() => crossEntropy(x.unsqueeze(2), t.unsqueeze(1))), 0);
  assert.equal(fusedOps(() => crossEntropy(x, x.softmax(1))), 0);
  assert.equal(fusedOps(() => crossEntropy(x.select(0, 0), t.select(0, 0))), 0);
});

test('bad input: crossEntropy keeps its messages; the op itself names what is wrong', () => {
  const x = randn([2, 3]);
  assert.throws(() => crossEntropy(x, tensor([0, 3], { dtype: 'int32' })), (e: Error) => e instanceof IndexError && /^crossEntropy: target index 3/.test(e.message));
  assert.throws(() => crossEntropy(x, tensor([0, 1, 2], { dtype: 'int32' })), (e: Error) => e instanceof ShapeError && /^crossEntropy:/.test(e.message));
  const op = (a: Tensor, b: Tensor) => softmaxCrossEntropyOp([a, b], { ignoreIndex: -100 });
  assert.throws(() => op(x, tensor([0, -1], { dtype: 'int32' })), (e: Error) => e instanceof IndexError && /target index -1 is out of range for 3 classes/.test(e.message));
  assert.throws(() => op(x, tensor([0, 1])), (e: Error) => e instanceof ShapeError && /int32 of shape \[2\].*got float32/.test(e.message));
  assert.throws(() => op(x.unsqueeze(0), tensor([0], { dtype: 'int32' })), (e: Error) => e instanceof ShapeError && /2-D \(N, C\), got shape \[1, 2, 3\]/.test(e.message));
  assert.throws(() => op(tensor([[1, 2]], { dtype: 'int32' }), tensor([0], { dtype: 'int32' })), (e: Error) => e instanceof DTypeError && /float32 or float64, got int32/.test(e.message));
});

test('ONNX export: the fused loss is SoftmaxCrossEntropyLoss and runs the same in onnxruntime and our importer', async () => {
  manualSeed(16);
  for (const reduction of REDUCTIONS) {
    const loss = (x: Tensor, t: Tensor) => crossEntropy(x, t, { reduction, ignoreIndex: 2 });
    const x = randn([5, 4]), t = tensor([0, 2, 3, 1, 2], { dtype: 'int32' });
    const bytes = io.exportOnnx(loss, [x, t]);
    assert.ok(io.traceOnnx(loss, [x, t]).graph!.node!.some((n) => n.opType === 'SoftmaxCrossEntropyLoss'));
    const x2 = randn([5, 4]), t2 = tensor([3, 1, 2, 0, 0], { dtype: 'int32' });
    const expected = loss(x2, t2);
    const session = await ort.InferenceSession.create(bytes);
    const out = await session.run({
      input_0: new ort.Tensor('float32', x2.toTypedArray() as Float32Array, [5, 4]),
      input_1: new ort.Tensor('int32', t2.toTypedArray() as Int32Array, [5]),
    });
    const fromOrt = out.output;
    assert.deepEqual([...fromOrt.dims], expected.shape, `${reduction}: shape`);
    assertClose(tensor(Array.from(fromOrt.data as Float32Array)).reshape(expected.shape), expected, 1e-5, `onnxruntime ${reduction}`);
    const imported = loadOnnxModel(bytes).run({ input_0: x2, input_1: t2 }).output;
    assertClose(imported, expected, 1e-5, `importer ${reduction}`);
  }
});
