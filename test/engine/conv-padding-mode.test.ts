// Conv paddingMode ('zeros', 'reflect', 'replicate', 'circular') on nn.Conv1d/2d/3d: values that can
// be checked by hand and against PyTorch 1.13, 'same' padding, gradients (float64 gradcheck),
// PyTorch's size limits as ValueErrors naming the layer, and ONNX export run in onnxruntime.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as ort from 'onnxruntime-node';
import { tensor, randn, arange, manualSeed, nn, io, loadOnnxModel, gradcheck, pad, conv2d, ValueError, type Tensor } from '../../engine/index.ts';

const f64 = { dtype: 'float64' as const };
const MODES = ['reflect', 'replicate', 'circular'] as const;

function assertClose(actual: Tensor, expected: ArrayLike<number>, tol = 1e-5, what = ''): void {
  const a = actual.toTypedArray();
  assert.equal(a.length, expected.length, `${what} size`);
  for (let i = 0; i < a.length; i++) assert.ok(Math.abs(a[i] - expected[i]) <= tol, `${what}[${i}]: ${a[i]} vs ${expected[i]}`);
}

/** A layer with its weight (and bias) set to the given values. */
function withWeights<M extends nn.Conv1d | nn.Conv2d | nn.Conv3d>(m: M, w: Tensor, b?: Tensor): M {
  m.loadStateDict(b ? { weight: w, bias: b } : { weight: w });
  return m;
}

describe('Conv paddingMode: values', () => {
  test('Conv1d, kernel [1, 10, 100]: each output digit shows one cell of the padded input', () => {
    // y[i] = p[i] + 10·p[i+1] + 100·p[i+2], so reading the digits right to left gives the padded sequence
    const x = tensor([[[1, 2, 3, 4]]]);
    const expected = {
      zeros: [210, 321, 432, 43], // 0 1 2 3 4 0
      reflect: [212, 321, 432, 343], // 2 1 2 3 4 3: the mirror does not repeat the edge
      replicate: [211, 321, 432, 443], // 1 1 2 3 4 4
      circular: [214, 321, 432, 143], // 4 1 2 3 4 1
    };
    for (const [mode, want] of Object.entries(expected)) {
      const m = withWeights(new nn.Conv1d(1, 1, 3, { padding: 1, paddingMode: mode as never, bias: false }), tensor([[[1, 10, 100]]]));
      assertClose(m.call(x), want, 0, mode); // torch 1.13 gives the same four lists
    }
  });

  test("'same' with reflect puts the odd padding cell at the end (kernel 4: one before, two after)", () => {
    const m = withWeights(new nn.Conv1d(1, 1, 4, { padding: 'same', paddingMode: 'reflect', bias: false }), tensor([[[1, 10, 100, 1000]]]));
    // padded: 2 1 2 3 4 5 4 3; torch 1.13 gives [3212, 4321, 5432, 4543, 3454]
    assertClose(m.call(tensor([[[1, 2, 3, 4, 5]]])), [3212, 4321, 5432, 4543, 3454], 0);
  });

  test('Conv2d with per-dim padding (1, 2) matches PyTorch 1.13 in every mode', () => {
    const x = arange(12).float().reshape([1, 1, 3, 4]);
    // torch 1.13: Conv2d(1, 2, (2, 3), padding=(1, 2), padding_mode=m), weight arange(12)/4 − 1, bias [0.25, −0.5]
    const expected = {
      reflect: [-12, -10.25, -10, -12.25, -14, -14.25, -3, -1.25, -1, -3.25, -5, -5.25, -12, -10.25, -10, -12.25, -14, -14.25, -21, -19.25, -19, -21.25, -23, -23.25,
        14.25, 13, 16.25, 23, 24.25, 21, 23.25, 22, 25.25, 32, 33.25, 30, 50.25, 49, 52.25, 59, 60.25, 57, 41.25, 40, 43.25, 50, 51.25, 48],
      replicate: [0.25, 0, -1, -3.25, -5.25, -6.5, 0.25, 0, -1, -3.25, -5.25, -6.5, -8.75, -9, -10, -12.25, -14.25, -15.5, -17.75, -18, -19, -21.25, -23.25, -24.5,
        -0.5, 2.25, 7.25, 14, 18, 19.75, 17.5, 20.25, 25.25, 32, 36, 37.75, 44.5, 47.25, 52.25, 59, 63, 64.75, 53.5, 56.25, 61.25, 68, 72, 73.75],
      circular: [-22.5, -21.75, -19, -21.25, -22.5, -21.75, -4.5, -3.75, -1, -3.25, -4.5, -3.75, -13.5, -12.75, -10, -12.25, -13.5, -12.75, -22.5, -21.75, -19, -21.25, -22.5, -21.75,
        27.75, 25.5, 25.25, 32, 27.75, 25.5, 27.75, 25.5, 25.25, 32, 27.75, 25.5, 54.75, 52.5, 52.25, 59, 54.75, 52.5, 27.75, 25.5, 25.25, 32, 27.75, 25.5],
    };
    for (const mode of MODES) {
      const m = withWeights(new nn.Conv2d(1, 2, [2, 3], { padding: [1, 2], paddingMode: mode }), arange(12).float().div(4).sub(1).reshape([2, 1, 2, 3]), tensor([0.25, -0.5]));
      const y = m.call(x);
      assert.deepEqual(y.shape, [1, 2, 4, 6]);
      assertClose(y, expected[mode], 1e-5, mode);
    }
  });

  test('a non-zero mode equals pad() then an unpadded conv; unbatched input and Conv3d too', () => {
    manualSeed(1);
    for (const mode of MODES) {
      const m = new nn.Conv2d(2, 3, 3, { padding: [1, 2], stride: 2, paddingMode: mode });
      const x = randn([2, 5, 6]);
      const want = conv2d(pad(x, [2, 2, 1, 1], mode), m.weight, m.bias, { stride: 2 });
      assertClose(m.call(x), want.toTypedArray(), 0, mode);
      const m3 = new nn.Conv3d(1, 2, 2, { padding: 1, paddingMode: mode });
      assert.deepEqual(m3.call(randn([1, 1, 2, 3, 2])).shape, [1, 2, 3, 4, 3]);
    }
    assert.equal(new nn.Conv2d(1, 1, 3, { padding: 1, paddingMode: 'circular' }).extraRepr(), "1, 1, kernelSize=[3, 3], stride=[1, 1], padding=[1, 1], paddingMode='circular'");
  });
});

describe('Conv paddingMode: gradients', () => {
  for (const mode of MODES) {
    test(`gradcheck (float64) through Conv2d with paddingMode '${mode}' for x, weight and bias`, () => {
      manualSeed(2);
      const m = new nn.Conv2d(2, 2, [2, 3], { padding: [1, 2], paddingMode: mode, dtype: 'float64' });
      const x = randn([1, 2, 3, 3], f64).requiresGrad_();
      // padding 2 ≤ 3 cells: in circular and reflect the edge cells are read twice, so their gradient sums two paths
      const report = gradcheck((xi, w, b) => conv2d(pad(xi, [2, 2, 1, 1], mode), w, b), [x, m.weight, m.bias!].map((t) => t.detach().requiresGrad_()), { raise: false });
      assert.ok(report.passed);
      const viaModule = gradcheck((xi) => m.call(xi), [x], { raise: false });
      assert.ok(viaModule.passed, JSON.stringify(viaModule.inputs));
    });
  }
});

describe('Conv paddingMode: errors', () => {
  test("PyTorch's limits become ValueErrors naming the layer and the sizes", () => {
    const x = randn([1, 1, 2, 5]);
    const reflect = new nn.Conv2d(1, 1, 3, { padding: 2, paddingMode: 'reflect' });
    // torch 1.13: "Padding size should be less than the corresponding input dimension"
    assert.throws(() => reflect.call(x), (e: Error) => e instanceof ValueError && /Conv2d: paddingMode 'reflect' needs padding smaller than the input size, got padding \[2, 2\] for spatial size \[2, 5\]/.test(e.message));
    // torch 1.13: "Padding value causes wrapping around more than once."
    assert.throws(() => new nn.Conv1d(1, 1, 3, { padding: 3, paddingMode: 'circular' }).call(randn([1, 1, 2])), (e: Error) => e instanceof ValueError && /Conv1d: paddingMode 'circular' needs padding at most the input size/.test(e.message));
    assert.deepEqual(new nn.Conv1d(1, 1, 3, { padding: 2, paddingMode: 'circular' }).call(randn([1, 1, 2])).shape, [1, 1, 4]);
    assert.deepEqual(new nn.Conv1d(1, 1, 3, { padding: 4, paddingMode: 'replicate' }).call(randn([1, 1, 2])).shape, [1, 1, 8]);
  });

  test('an unknown mode or option key is rejected at construction', () => {
    assert.throws(() => new nn.Conv2d(1, 1, 3, { paddingMode: 'mirror' as never }), (e: Error) => e instanceof ValueError && /paddingMode must be one of zeros, reflect, replicate, circular, got 'mirror'/.test(e.message));
    assert.throws(() => new nn.Conv1d(1, 1, 3, { strides: 2 } as never), (e: Error) => e instanceof ValueError && /Conv1d: unknown option 'strides'/.test(e.message));
    assert.throws(() => conv2d(randn([1, 1, 3, 3]), randn([1, 1, 3, 3]), null, { paddingMode: 'reflect' } as never), (e: Error) => e instanceof ValueError && /conv2d: unknown option 'paddingMode' \(paddingMode belongs to the Conv modules/.test(e.message));
  });
});

describe('Conv paddingMode: ONNX', () => {
  for (const mode of MODES) {
    test(`Conv2d with paddingMode '${mode}' exports as Pad + Conv and runs in onnxruntime`, async () => {
      manualSeed(3);
      const m = new nn.Conv2d(2, 3, 3, { padding: [1, 2], paddingMode: mode });
      const x = randn([2, 2, 4, 5]);
      const opset = mode === 'circular' ? 19 : 17; // Pad's 'wrap' arrived in opset 19
      const bytes = io.exportOnnx(m, [x], { opset });
      assert.deepEqual(io.traceOnnx(m, [x], { opset }).graph!.node!.map((n) => n.opType), ['Pad', 'Conv']);
      const want = m.call(x);
      const session = await ort.InferenceSession.create(bytes);
      const out = (await session.run({ input: new ort.Tensor('float32', x.toTypedArray() as Float32Array, [...x.shape]) })).output;
      assert.deepEqual([...out.dims], want.shape);
      assertClose(want, out.data as Float32Array, 1e-4, 'onnxruntime');
      assertClose(loadOnnxModel(bytes).run({ input: x }).output, want.toTypedArray(), 1e-6, 'importer');
    });
  }

  test("circular before opset 19 is written as one Gather per padded dim, and runs the same", async () => {
    manualSeed(4);
    const m = new nn.Conv1d(2, 2, 3, { padding: 2, paddingMode: 'circular' });
    const x = randn([1, 2, 4]);
    assert.deepEqual(io.traceOnnx(m, [x], { opset: 17 }).graph!.node!.map((n) => n.opType), ['Gather', 'Conv']);
    const session = await ort.InferenceSession.create(io.exportOnnx(m, [x], { opset: 17 }));
    const out = (await session.run({ input: new ort.Tensor('float32', x.toTypedArray() as Float32Array, [...x.shape]) })).output;
    assertClose(m.call(x), out.data as Float32Array, 1e-5);
  });
});
