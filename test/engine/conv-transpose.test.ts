// Transposed convolution: values against PyTorch 1.13 and against a scatter-add loop written here,
// the adjoint identity with conv, gradients (float64 gradcheck), errors, nn.ConvTranspose* (shapes,
// init bounds, outputSize), and ONNX ConvTranspose both ways (onnxruntime-node and our importer).

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as ort from 'onnxruntime-node';
import {
  tensor, randn, arange, manualSeed, nn, io, loadOnnxModel, gradcheck, grad, conv1d, conv2d, conv3d,
  convTranspose1d, convTranspose2d, convTranspose3d, ValueError, ShapeError, type Tensor,
} from '../../engine/index.ts';
import { INTS, attrInt, attrInts, runOne } from '../onnx/build.ts';

const f64 = { dtype: 'float64' as const };

function assertClose(actual: Tensor, expected: ArrayLike<number>, tol = 1e-5, what = ''): void {
  const a = actual.toTypedArray();
  assert.equal(a.length, expected.length, `${what} size`);
  for (let i = 0; i < a.length; i++) assert.ok(Math.abs(a[i] - expected[i]) <= tol, `${what}[${i}]: ${a[i]} vs ${expected[i]}`);
}

interface Geo { stride: number[]; padding: number[]; outputPadding: number[]; dilation: number[]; groups: number }

/**
 * The definition, as a loop: input cell i of channel c adds x·w[c, o, k] to output cell
 * i·s − p + k·d of channel o (within c's group), for every tap k; cells past the edges are dropped.
 */
function naive(x: Tensor, w: Tensor, b: Tensor | null, g: Geo): { shape: number[]; data: Float64Array } {
  const [N, C, ...inSize] = x.shape, kernel = w.shape.slice(2), nd = inSize.length;
  const Og = w.shape[1], O = Og * g.groups, Cg = C / g.groups;
  const outSize = inSize.map((L, i) => (L - 1) * g.stride[i] - 2 * g.padding[i] + g.dilation[i] * (kernel[i] - 1) + g.outputPadding[i] + 1);
  const plane = outSize.reduce((p, s) => p * s, 1);
  const data = new Float64Array(N * O * plane);
  const X = x.toTypedArray(), W = w.toTypedArray(), B = b?.toTypedArray();
  const cells = (size: number[]): number[][] => size.reduce<number[][]>((acc, n) => acc.flatMap((c) => Array.from({ length: n }, (_, j) => [...c, j])), [[]]);
  const flat = (idx: number[], size: number[]) => idx.reduce((f, v, i) => f * size[i] + v, 0);
  for (let n = 0; n < N; n++) {
    for (let o = 0; o < O; o++) if (B) data.fill(B[o], (n * O + o) * plane, (n * O + o + 1) * plane);
    for (let c = 0; c < C; c++) {
      const group = Math.floor(c / Cg);
      for (const i of cells(inSize)) {
        const xv = X[(n * C + c) * inSize.reduce((p, s) => p * s, 1) + flat(i, inSize)];
        for (let oo = 0; oo < Og; oo++) {
          for (const k of cells(kernel)) {
            const t = i.map((v, d) => v * g.stride[d] - g.padding[d] + k[d] * g.dilation[d]);
            if (t.some((v, d) => v < 0 || v >= outSize[d])) continue;
            const o = group * Og + oo;
            data[(n * O + o) * plane + flat(t, outSize)] += xv * W[(c * Og + oo) * kernel.reduce((p, s) => p * s, 1) + flat(k, kernel)];
          }
        }
      }
    }
  }
  return { shape: [N, O, ...outSize], data };
}

const fns = [convTranspose1d, convTranspose2d, convTranspose3d];

describe('convTranspose: values', () => {
  test('convTranspose1d matches PyTorch 1.13 (stride 2, padding 1, outputPadding 1, bias)', () => {
    const x = arange(6).div(2).sub(1).reshape([1, 2, 3]);
    const w = arange(12).div(4).sub(1).reshape([2, 2, 3]);
    const y = convTranspose1d(x, w, tensor([0.5, -1]), { stride: 2, padding: 1, outputPadding: 1 });
    assert.deepEqual(y.shape, [1, 2, 6]);
    // torch 1.13: F.conv_transpose1d(x, w, b, stride=2, padding=1, output_padding=1).flatten()
    assertClose(y, [1.625, 2.5, 1.625, 2.5, 1.625, 2.0, -0.25, 1.0, 0.5, 2.5, 1.25, 1.625]);
  });

  test('convTranspose2d matches PyTorch 1.13 (groups 2, per-dim stride, padding, outputPadding, dilation)', () => {
    const x = arange(32).div(8).sub(1).reshape([2, 4, 2, 2]);
    const w = arange(24).div(6).sub(2).reshape([4, 1, 2, 3]);
    const y = convTranspose2d(x, w, tensor([1, -2]), { stride: [2, 1], padding: [1, 0], outputPadding: [1, 0], groups: 2, dilation: [1, 2] });
    assert.deepEqual(y.shape, [2, 2, 3, 6]);
    // torch 1.13: F.conv_transpose2d(x, w, b, stride=(2,1), padding=(1,0), output_padding=(1,0), groups=2, dilation=(1,2)).flatten()
    assertClose(y, [
      2.75, 2.5, 2.5, 2.2916665, 2.25, 2.0833335, 2.75, 2.375, 2.5833335, 2.25, 2.4166665, 2.125, 2.25, 2.0, 2.0833333, 1.875, 1.9166667, 1.75,
      -1.25, -1.0, -1.1666666, -0.8749999, -1.0833334, -0.7500001, -1.25, -1.125, -1.0833333, -0.9166666, -0.9166667, -0.7083334, -0.75, -0.5, -0.5833333, -0.2916666, -0.4166667, -0.0833334,
      -1.25, -1.5, -0.8333333, -1.0416665, -0.4166667, -0.5833334, -3.25, -3.625, -2.75, -3.0833335, -2.25, -2.5416665, -1.75, -2.0, -1.25, -1.4583333, -0.7500001, -0.9166667,
      2.75, 3.0, 3.5000005, 3.791667, 4.2499995, 4.583333, 0.75, 0.875, 1.5833337, 1.7500005, 2.4166665, 2.6249995, 3.25, 3.5, 4.083334, 4.3750005, 4.916666, 5.2499995,
    ], 2e-6);
  });

  const geos: Array<[string, number[], number[], Partial<Geo>]> = [
    ['1d plain', [2, 3, 5], [3, 2, 3], {}],
    ['1d stride 3, padding 2, outputPadding 2, dilation 2', [1, 2, 4], [2, 3, 4], { stride: [3], padding: [2], outputPadding: [2], dilation: [2] }],
    ['1d outputPadding below the dilation only', [1, 1, 3], [1, 1, 2], { dilation: [3], outputPadding: [2] }],
    ['2d groups 3, stride 2', [2, 6, 3, 2], [6, 2, 2, 3], { stride: [2, 2], padding: [0, 1], outputPadding: [1, 0], groups: 3 }],
    ['3d stride (1, 2, 2), padding 1', [1, 2, 2, 3, 2], [2, 2, 2, 2, 3], { stride: [1, 2, 2], padding: [0, 1, 1], outputPadding: [0, 1, 1] }],
  ];
  for (const [name, xShape, wShape, opts] of geos) {
    test(`matches the scatter-add definition: ${name}, with and without bias`, () => {
      manualSeed(7);
      const nd = xShape.length - 2, one = (v: number) => new Array<number>(nd).fill(v);
      const g: Geo = { stride: one(1), padding: one(0), outputPadding: one(0), dilation: one(1), groups: 1, ...opts };
      const x = randn(xShape, f64), w = randn(wShape, f64), b = randn([wShape[1] * g.groups], f64);
      for (const bias of [b, null]) {
        const y = fns[nd - 1](x, w, bias, g);
        const want = naive(x, w, bias, g);
        assert.deepEqual(y.shape, want.shape);
        assertClose(y, want.data, 1e-12, name);
      }
    });
  }

  test('an unbatched input gives the batched result without its batch dim', () => {
    manualSeed(8);
    const x = randn([3, 4, 5]), w = randn([3, 2, 3, 3]), b = randn([2]);
    const opts = { stride: 2, padding: 1, outputPadding: 1 };
    const y = convTranspose2d(x, w, b, opts);
    assert.deepEqual(y.shape, [2, 8, 10]);
    assertClose(y, convTranspose2d(x.unsqueeze(0), w, b, opts).toTypedArray(), 0);
  });

  test('it is the adjoint of conv: ⟨convTranspose(y, w), x⟩ = ⟨y, conv(x, w)⟩', () => {
    manualSeed(9);
    const cases: Array<[typeof conv1d, typeof convTranspose1d, number[], number[], Record<string, unknown>]> = [
      [conv1d, convTranspose1d, [2, 4, 9], [6, 2, 3], { stride: 2, padding: 1, dilation: 2, groups: 2 }],
      [conv2d, convTranspose2d, [1, 3, 7, 6], [4, 3, 3, 2], { stride: [2, 3], padding: [1, 0] }],
      [conv3d, convTranspose3d, [1, 2, 4, 5, 3], [2, 2, 2, 3, 1], { stride: [1, 2, 1], padding: [0, 1, 0] }],
    ];
    for (const [conv, convT, xShape, wShape, opts] of cases) {
      const x = randn(xShape, f64), w = randn(wShape, f64);
      const y = randn(conv(x, w, null, opts).shape, f64);
      // outputPadding makes convTranspose(y) as large as x where the strided conv dropped a remainder
      const z = convT(y, w, null, { ...opts, outputPadding: lostCells(x.shape, w.shape, opts) });
      assert.deepEqual(z.shape, x.shape);
      const lhs = z.mul(x).sum().item(), rhs = y.mul(conv(x, w, null, opts)).sum().item();
      assert.ok(Math.abs(lhs - rhs) < 1e-9 * Math.max(1, Math.abs(lhs)), `${lhs} vs ${rhs}`);
    }
  });
});

/** Input cells of a strided conv that no window reaches past the last: (n + 2p − d(k−1) − 1) mod s. */
function lostCells(xShape: readonly number[], wShape: readonly number[], opts: Record<string, unknown>): number[] {
  const nd = xShape.length - 2, per = (v: unknown, fill: number) => (v === undefined ? new Array(nd).fill(fill) : typeof v === 'number' ? new Array(nd).fill(v) : (v as number[]));
  const s = per(opts.stride, 1), p = per(opts.padding, 0), d = per(opts.dilation, 1);
  return xShape.slice(2).map((n, i) => (n + 2 * p[i] - d[i] * (wShape[2 + i] - 1) - 1) % s[i]);
}

describe('convTranspose: gradients', () => {
  test('gradcheck (float64) through convTranspose1d/2d/3d for x, weight and bias', () => {
    manualSeed(10);
    const cases: Array<[number, number[], number[], Record<string, unknown>]> = [
      [1, [2, 2, 4], [2, 3, 3], { stride: 2, padding: 1, outputPadding: 1 }],
      [2, [1, 4, 3, 2], [4, 1, 2, 2], { stride: [2, 1], dilation: [1, 2], groups: 2, outputPadding: [1, 1] }],
      [3, [1, 1, 2, 2, 2], [1, 2, 2, 1, 2], { stride: 2 }],
    ];
    for (const [nd, xShape, wShape, opts] of cases) {
      const inputs = [randn(xShape, f64), randn(wShape, f64), randn([wShape[1] * ((opts.groups as number) ?? 1)], f64)].map((t) => t.requiresGrad_());
      const report = gradcheck((x, w, b) => fns[nd - 1](x, w, b, opts), inputs, { raise: false });
      assert.ok(report.passed, `${nd}d: ${JSON.stringify(report.inputs.filter((r) => !r.passed))}`);
    }
  });

  test('second derivatives: the weight gradient, differentiated in x, matches finite differences', () => {
    manualSeed(11);
    const opts = { stride: 2, padding: 1, outputPadding: 1 };
    const x0 = randn([1, 2, 3], f64), w0 = randn([2, 3, 3], f64), dy = randn([1, 3, 6], f64);
    const v = randn([2, 3, 3], f64), u = randn([1, 2, 3], f64), eps = 1e-6;
    // gw(x) = ∂⟨convTranspose(x, w), dy⟩/∂w; its derivative in x runs the weight-gradient op's own backward
    const gwDotV = (x: Tensor, createGraph: boolean) => {
      const w = w0.detach().requiresGrad_();
      return grad(convTranspose1d(x, w, null, opts).mul(dy).sum(), [w], { createGraph })[0].mul(v).sum();
    };
    const x = x0.detach().requiresGrad_();
    const [dx] = grad(gwDotV(x, true), [x]);
    const analytic = dx.mul(u).sum().item();
    const numeric = (gwDotV(x0.add(u.mul(eps)), false).item() - gwDotV(x0.sub(u.mul(eps)), false).item()) / (2 * eps);
    assert.ok(Math.abs(analytic - numeric) < 1e-6 * Math.max(1, Math.abs(numeric)), `${analytic} vs ${numeric}`);
  });
});

describe('convTranspose: errors', () => {
  const x = randn([1, 2, 4]), w = randn([2, 3, 3]);
  test('outputPadding must be below the stride or the dilation (PyTorch\'s rule)', () => {
    assert.throws(() => convTranspose1d(x, w, null, { stride: 2, outputPadding: 2 }), (e: Error) => e instanceof ValueError && /outputPadding \[2\].*stride \[2\].*dilation \[1\]/.test(e.message));
    assert.throws(() => convTranspose1d(x, w, null, { outputPadding: 1 }), ValueError);
    assert.deepEqual(convTranspose1d(x, w, null, { dilation: 2, outputPadding: 1 }).shape, [1, 3, 9]);
  });
  test('shapes: weight rows must equal the input channels; bias one per output channel', () => {
    assert.throws(() => convTranspose1d(x, randn([3, 2, 3])), (e: Error) => e instanceof ShapeError && /C_in = 2/.test(e.message));
    assert.throws(() => convTranspose1d(x, w, randn([2])), (e: Error) => e instanceof ShapeError && /bias must have shape \[3\]/.test(e.message));
    assert.throws(() => convTranspose2d(x, w), (e: Error) => e instanceof ShapeError && /convTranspose2d/.test(e.message));
    assert.throws(() => convTranspose1d(randn([1, 3, 4]), randn([3, 1, 3]), null, { groups: 2 }), ShapeError);
  });
  test('an empty output is a ShapeError naming the sizes', () => {
    assert.throws(() => convTranspose1d(randn([1, 2, 1]), randn([2, 1, 1]), null, { padding: 1 }), (e: Error) => e instanceof ShapeError && /output \[-1\] is empty/.test(e.message));
  });
  test('unknown option keys and string padding are rejected', () => {
    assert.throws(() => convTranspose1d(x, w, null, { output_padding: 1 } as never), (e: Error) => e instanceof ValueError && /unknown option 'output_padding' \(write outputPadding\)/.test(e.message));
    assert.throws(() => convTranspose1d(x, w, null, { padding: 'same' } as never), (e: Error) => e instanceof ValueError && /convolutions only/.test(e.message));
    assert.throws(() => conv1d(x, randn([3, 2, 3]), null, { padding_mode: 'reflect' } as never), (e: Error) => e instanceof ValueError && /Conv modules/.test(e.message));
  });
});

describe('nn.ConvTranspose*', () => {
  test('parameter shapes, and PyTorch\'s init: U(±1/√fanIn) with fanIn = (outChannels/groups)·kernel area', () => {
    manualSeed(12);
    const m = new nn.ConvTranspose2d(4, 6, 3, { groups: 2 });
    assert.deepEqual(m.weight.shape, [4, 3, 3, 3]);
    assert.deepEqual(m.bias!.shape, [6]);
    assert.deepEqual(Object.keys(m.stateDict()).sort(), ['bias', 'weight']);
    const bound = 1 / Math.sqrt(3 * 9); // 0.19245…, as torch 1.13's ConvTranspose2d(4, 6, 3, groups=2) draws
    const wMax = m.weight.abs().max().item(), bMax = m.bias!.abs().max().item();
    assert.ok(wMax <= bound && wMax > 0.9 * bound, `|w| max ${wMax}, bound ${bound}`); // 108 draws come near the bound
    assert.ok(bMax <= bound, `|b| max ${bMax}`);
    assert.equal(new nn.ConvTranspose1d(2, 4, 3, { bias: false }).bias, null);
    assert.equal(m.extraRepr(), '4, 6, kernelSize=[3, 3], stride=[1, 1], groups=2');
  });

  test('forward equals the functional form; outputSize picks the output padding', () => {
    manualSeed(13);
    const m = new nn.ConvTranspose1d(2, 3, 3, { stride: 2 });
    const x = randn([1, 2, 4]);
    assert.deepEqual(m.call(x).shape, [1, 3, 9]);
    assertClose(m.call(x), convTranspose1d(x, m.weight, m.bias, { stride: 2 }).toTypedArray(), 0);
    assert.deepEqual(m.forward(x, [10]).shape, [1, 3, 10]);
    assert.deepEqual(m.forward(x, [1, 3, 10]).shape, [1, 3, 10]);
    assert.deepEqual(m.forward(randn([2, 4]), [2, 9]).shape, [3, 9]); // unbatched: (C, L) in front
    // torch 1.13: "requested an output size of [11], but valid sizes range from [9] to [10]"
    assert.throws(() => m.forward(x, [11]), (e: Error) => e instanceof ValueError && /between \[9\] and \[10\]/.test(e.message));
    const m3 = new nn.ConvTranspose3d(1, 1, 2, { stride: 2, padding: 1, outputPadding: 1 });
    assert.deepEqual(m3.call(randn([1, 1, 2, 3, 2])).shape, [1, 1, 3, 5, 3]);
  });

  test('options: only paddingMode zeros, no unknown keys, channels divisible by groups', () => {
    assert.throws(() => new nn.ConvTranspose2d(2, 2, 3, { paddingMode: 'reflect' as never }), (e: Error) => e instanceof ValueError && /only paddingMode 'zeros'/.test(e.message));
    assert.throws(() => new nn.ConvTranspose2d(2, 2, 3, { output_padding: 1 } as never), (e: Error) => e instanceof ValueError && /ConvTranspose2d: unknown option 'output_padding'/.test(e.message));
    assert.throws(() => new nn.ConvTranspose2d(3, 2, 3, { groups: 2 }), ValueError);
    assert.throws(() => new nn.Conv2d(2, 2, 3, { padding_mode: 'reflect' } as never), (e: Error) => e instanceof ValueError && /write paddingMode/.test(e.message));
  });

  test('trains: gradients reach weight and bias', () => {
    manualSeed(14);
    const m = new nn.ConvTranspose2d(2, 1, 2, { stride: 2 });
    m.call(randn([1, 2, 2, 2])).pow(2).sum().backward();
    assert.deepEqual(m.weight.grad!.shape, [2, 1, 2, 2]);
    assert.deepEqual(m.bias!.grad!.shape, [1]);
  });
});

describe('ONNX ConvTranspose', () => {
  test('export runs in onnxruntime and in our importer with the same outputs', async () => {
    manualSeed(15);
    const up = new nn.ConvTranspose2d(2, 4, 3, { stride: 2, padding: 1, outputPadding: 1, groups: 2, dilation: [1, 2] });
    const x = randn([2, 2, 3, 4]);
    const bytes = io.exportOnnx(up, [x]);
    const types = io.traceOnnx(up, [x]).graph!.node!.map((n) => n.opType);
    assert.deepEqual(types, ['ConvTranspose']);
    const want = up.call(x);
    const session = await ort.InferenceSession.create(bytes);
    const out = (await session.run({ input: new ort.Tensor('float32', x.toTypedArray() as Float32Array, [...x.shape]) })).output;
    assert.deepEqual([...out.dims], want.shape);
    assertClose(want, out.data as Float32Array, 1e-5, 'onnxruntime');
    assertClose(loadOnnxModel(bytes).run({ input: x }).output, want.toTypedArray(), 1e-6, 'importer');
  });

  test('import: pads, output_padding, output_shape and auto_pad SAME_UPPER', () => {
    manualSeed(16);
    const x = randn([1, 2, 3]), w = randn([2, 2, 3]), b = randn([2]);
    const node = (attrs: ReturnType<typeof attrInt>[]) => ({ op: 'ConvTranspose', inputs: ['x', 'w', 'b'], outputs: ['y'], attrs });
    const same = (got: unknown, want: Tensor) => assertClose(tensor(got as number[][][]), want.toTypedArray(), 1e-6);
    // pads [1, 0] crop one cell at the start only: the full output (stride 2: 8 cells) without its first cell
    const full = convTranspose1d(x, w, b, { stride: 2, outputPadding: 1 });
    same(runOne(17, node([attrInts('strides', [2]), attrInts('pads', [1, 0]), attrInts('output_padding', [1])]), { x, w, b }), full.narrow(2, 1, 7));
    // output_shape [6] from a full size of 7: total padding 1, the odd cell at the start (not SAME_UPPER)
    same(runOne(17, node([attrInts('strides', [2]), { name: 'output_shape', type: INTS, ints: [6] }]), { x, w, b }), full.narrow(2, 1, 6));
    // SAME_UPPER asks for in·stride = 6 cells and puts the odd cell at the end
    same(runOne(17, node([attrInts('strides', [2]), { name: 'auto_pad', type: 3, s: new TextEncoder().encode('SAME_UPPER') }]), { x, w, b }), full.narrow(2, 0, 6));
    // group 2: each input channel feeds its own output channel
    same(runOne(17, node([attrInt('group', 2)]), { x, w: w.narrow(1, 0, 1), b }), convTranspose1d(x, w.narrow(1, 0, 1), b, { groups: 2 }));
    assert.throws(() => runOne(17, node([attrInts('kernel_shape', [2])]), { x, w, b }), /kernel_shape \[2\] does not match/);
  });
});
