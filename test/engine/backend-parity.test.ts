// Every registered op, every case, forward and backward in float32: the wasm backend must match
// the js reference. Plus sgemm at sizes off the register tile, transposed and broadcast operands,
// convolutions with stride, padding, dilation and groups, and average pooling bit for bit.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  opRegistry, manualSeed, randn, grad, setBackend, getBackendName, tidy, standardize, conv1d, conv2d, conv3d, avgPool1d, avgPool2d, avgPool3d, tensor, Tensor, gelu,
} from '../../engine/index.ts';
import { apply } from '../../engine/autograd/op.ts';
import { makeInputs } from './op-inputs.ts';

const RTOL = 1e-4, ATOL = 1e-5;

function assertClose(name: string, js: Tensor, wasm: Tensor, rtol = RTOL, atol = ATOL): void {
  assert.deepEqual(wasm.shape, js.shape, `${name}: shape`);
  assert.equal(wasm.dtype, js.dtype, `${name}: dtype`);
  const a = js.toTypedArray(), b = wasm.toTypedArray();
  for (let i = 0; i < a.length; i++) {
    const x = Number(a[i]), y = Number(b[i]);
    if (Number.isNaN(x) && Number.isNaN(y)) continue;
    if (x === y) continue; // also ±∞
    assert.ok(Math.abs(x - y) <= atol + rtol * Math.abs(x), `${name}: element ${i} js ${x} vs wasm ${y}`);
  }
}

/** The bytes of a tensor's values, row-major: equal bytes = bit-identical values, NaNs included. */
const bytesOf = (t: Tensor): Uint8Array => {
  const a = t.toTypedArray();
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
};

/**
 * Runs f on each backend (same seed, fresh leaves) and returns its tensors per backend. On wasm it
 * runs twice: outside any scope (tensors in JS arrays) and inside tidy() (tensors in wasm memory,
 * read in place), and the two must agree bit for bit.
 */
function onBoth(f: () => Tensor[]): [Tensor[], Tensor[]] {
  const before = getBackendName();
  const run = (name: string) => {
    setBackend(name);
    manualSeed(99); // ops that draw random numbers (dropout) draw the same ones on both
    return f();
  };
  try {
    const js = run('js'), wasm = run('wasm');
    const resident = tidy(() => run('wasm').map(bytesOf));
    wasm.forEach((t, i) => assert.deepEqual(resident[i], bytesOf(t), `output ${i}: wasm in wasm memory differs from wasm in JS arrays`));
    return [js, wasm];
  } finally {
    setBackend(before);
  }
}

test('the wasm backend is registered', () => {
  const before = getBackendName();
  setBackend('wasm');
  assert.equal(getBackendName(), 'wasm');
  setBackend(before);
});

for (const [name, def] of opRegistry) {
  (def.cases ?? []).forEach((c, i) => {
    test(`parity ${name} case ${i} ${JSON.stringify(c.shapes)}`, () => {
      manualSeed(4321 + i);
      // Float inputs in float32, the dtype the wasm kernels serve; index inputs as they are.
      const base = makeInputs(c).map((t) => (t.dtype === 'float64' ? t.float() : t));
      const differentiable = def.backward !== 'nondifferentiable';
      const wanted = base.map((t, j) => differentiable && (c.grad ? c.grad.includes(j) : t.dtype === 'float32'));
      const [js, wasm] = onBoth(() => {
        const xs = base.map((t, j) => {
          const leaf = t.detach();
          if (wanted[j]) leaf.requiresGrad = true;
          return leaf;
        });
        const y = apply(def, xs, c.attrs);
        if (!y.requiresGrad) return [y];
        // A fixed cotangent, so the backward pass is compared on something other than all-ones.
        manualSeed(7);
        const dy = randn(y.shape, { dtype: y.dtype });
        return [y, ...grad(y, xs.filter((_, j) => wanted[j]), { gradOutput: dy })];
      });
      js.forEach((t, j) => assertClose(`${name} case ${i} ${j === 0 ? 'forward' : `grad ${j - 1}`}`, t, wasm[j]));
    });
  });
}

// sgemm: sizes that are not multiples of the 4×8 tile or of the packing blocks.
const sizes = [1, 3, 17, 33, 129];
test('matmul: odd sizes m, k, n ∈ {1, 3, 17, 33, 129}', () => {
  manualSeed(1);
  for (const m of sizes) for (const k of sizes) for (const n of [1, 17, 129]) {
    const a = randn([m, k]), b = randn([k, n]);
    const [[y1], [y2]] = onBoth(() => [a.matmul(b)]);
    assertClose(`matmul ${m}×${k}·${k}×${n}`, y1, y2);
  }
});

test('matmul: depth past one packed block (k = 300, 600) and a wide n (2100)', () => {
  manualSeed(2);
  for (const [m, k, n] of [[5, 300, 9], [33, 600, 17], [3, 20, 2100]]) {
    const a = randn([m, k]), b = randn([k, n]);
    const [[y1], [y2]] = onBoth(() => [a.matmul(b)]);
    // Longer sums in a different order: a looser relative tolerance.
    assertClose(`matmul ${m}×${k}·${k}×${n}`, y1, y2, 1e-4, 1e-4);
  }
});

test('matmul: transposed, strided and broadcast-batch operands', () => {
  manualSeed(3);
  const a = randn([4, 17, 33]), b = randn([4, 33, 9]);
  const cases: [string, () => Tensor][] = [
    ['aᵀ·b (dense transpose)', () => randn([33, 17]).mT.matmul(randn([33, 9]))],
    ['a·bᵀ', () => a.matmul(randn([4, 9, 33]).mT)],
    ['aᵀ·bᵀ batched', () => randn([4, 33, 17]).mT.matmul(randn([4, 9, 33]).mT)],
    ['broadcast batch (b shared)', () => a.matmul(randn([33, 9]))],
    ['broadcast batch (a shared)', () => randn([17, 33]).matmul(b)],
    ['batch dims broadcast both ways', () => randn([2, 1, 5, 7]).matmul(randn([3, 7, 4]))],
    ['strided rows (a slice with a gap)', () => randn([17, 66]).slice(1, 0, 66, 2).matmul(randn([33, 9]))],
    ['permuted batch', () => randn([17, 4, 33]).permute([1, 0, 2]).matmul(b)],
    // Attention's heads: views with unit stride along one dim and a wider pitch along the other,
    // read in place by the kernels when resident (q·kᵀ, then the weights · v).
    ['heads: q · kᵀ from permuted projections', () => randn([2, 20, 4, 16]).permute([0, 2, 1, 3]).matmul(randn([2, 20, 4, 16]).permute([0, 2, 3, 1]))],
    ['heads: weights · v', () => randn([2, 4, 20, 20]).matmul(randn([2, 20, 4, 16]).permute([0, 2, 1, 3]))],
    ['transposes with a column pitch wider than their rows', () => randn([4, 33, 40]).slice(2, 0, 17).mT.matmul(randn([4, 9, 40]).slice(2, 0, 33).mT)],
    ['vector · matrix and matrix · vector', () => randn([33]).matmul(randn([33, 9])).add(randn([9, 33]).matmul(randn([33])))],
  ];
  for (const [name, f] of cases) {
    manualSeed(5);
    const [[y1], [y2]] = onBoth(() => [f()]);
    assertClose(name, y1, y2);
  }
});

test('matmul: gradients through transposes match', () => {
  manualSeed(4);
  const a0 = randn([3, 17, 33]), b0 = randn([33, 9]);
  const [js, wasm] = onBoth(() => {
    const a = a0.detach(), b = b0.detach();
    a.requiresGrad = b.requiresGrad = true;
    const y = a.matmul(b);
    return [y, ...grad(y, [a, b], { gradOutput: randn(y.shape) })];
  });
  js.forEach((t, i) => assertClose(`matmul grad ${i}`, t, wasm[i]));
});

test('conv: stride, padding, dilation, groups, 1-D to 3-D, forward and both gradients', () => {
  const cases: [number, number[], number[], object][] = [
    [2, [2, 3, 9, 9], [4, 3, 3, 3], { padding: 1 }],
    [2, [3, 4, 11, 10], [6, 2, 3, 2], { stride: [2, 1], dilation: [1, 2], padding: [1, 0], groups: 2 }],
    [2, [2, 3, 8, 8], [5, 3, 1, 1], {}],
    [2, [2, 3, 8, 8], [5, 3, 1, 1], { stride: 2 }],
    [2, [2, 4, 7, 7], [4, 1, 3, 3], { padding: 'same', groups: 4 }],
    [2, [5, 1, 12, 12], [8, 1, 3, 3], { stride: 3, padding: 2, dilation: 2 }],
    [1, [2, 2, 7], [3, 2, 3], { stride: 2, dilation: 2, padding: 1 }],
    [3, [1, 2, 3, 4, 4], [2, 2, 2, 2, 2], { stride: [1, 2, 2], padding: 1 }],
  ];
  for (const [nd, xs, ws, opts] of cases) {
    const f = nd === 1 ? conv1d : nd === 2 ? conv2d : conv3d;
    manualSeed(6);
    const x0 = randn(xs), w0 = randn(ws), b0 = randn([ws[0]]);
    const [js, wasm] = onBoth(() => {
      const x = x0.detach(), w = w0.detach(), b = b0.detach();
      x.requiresGrad = w.requiresGrad = b.requiresGrad = true;
      const y = f(x, w, b, opts);
      return [y, ...grad(y, [x, w, b], { gradOutput: randn(y.shape) })];
    });
    ['y', 'dx', 'dw', 'db'].forEach((what, i) => assertClose(`conv${nd}d ${JSON.stringify(xs)} ${JSON.stringify(ws)} ${JSON.stringify(opts)} ${what}`, js[i], wasm[i]));
  }
});

// Values where float32 math has edges: NaN, ±∞, ±0, denormals, exp's overflow and underflow,
// tanh's switch between its two formulas at |x| = 0.5, rounding ties.
const EDGES = [NaN, -Infinity, Infinity, 0, -0, 1e-40, -1e-40, 1e-30, 1e-3, -1e-3, 0.49, 0.5, 0.51, -0.5, 1.5, 2.5, -2.5,
  3, -7.25, 20, -20, 87, 88.7, 89, -87, -88, -100, -104, -110, 1e10, -1e10, 3.4e38];

test('unary math agrees at the float32 edges (NaN, ±∞, ±0, denormals, overflow)', () => {
  const ops = ['neg', 'abs', 'sqrt', 'relu', 'exp', 'log', 'sigmoid', 'tanh', 'reciprocal', 'rsqrt', 'floor', 'ceil', 'round', 'erf'] as const;
  const x = tensor(EDGES);
  for (const op of ops) {
    const [[y1], [y2]] = onBoth(() => [(x as unknown as Record<string, () => Tensor>)[op]()]);
    assertClose(`${op} at edge values`, y1, y2);
  }
});

test('binary arithmetic and comparisons agree over broadcasts, NaN and ±∞', () => {
  manualSeed(8);
  const e = tensor(EDGES);
  const shapes: [number[], number[]][] = [[[2, 3, 4, 5], [2, 3, 4, 5]], [[2, 3, 4, 5], []], [[], [7, 9]], [[6, 5], [5]], [[6, 5], [6, 1]],
    [[2, 3, 4, 5], [1, 3, 1, 1]], [[2, 3, 4, 5], [2, 1, 4, 1]], [[4, 1, 6], [1, 5, 1]], [[33], [33]]];
  const ops = ['add', 'sub', 'mul', 'div', 'maximum', 'minimum', 'eq', 'ne', 'lt', 'le', 'gt', 'ge'] as const;
  for (const [sa, sb] of shapes) {
    // Mostly normal values, with the edge values and some exact ties mixed in.
    const a = randn(sa), b = randn(sb).round();
    const [js, wasm] = onBoth(() => ops.map((op) => (a as unknown as Record<string, (o: Tensor) => Tensor>)[op](b)));
    js.forEach((t, i) => assertClose(`${ops[i]} ${JSON.stringify(sa)} ∘ ${JSON.stringify(sb)}`, t, wasm[i]));
  }
  const [js, wasm] = onBoth(() => ops.map((op) => (e as unknown as Record<string, (o: Tensor) => Tensor>)[op](e.flip([0]))));
  js.forEach((t, i) => assertClose(`${ops[i]} on edge values`, t, wasm[i]));
});

test('erf agrees with the js series to 1e-6 across [−6, 6], including both sides of the wasm switch at |x| = 1', () => {
  const x = tensor([...Array.from({ length: 2401 }, (_, i) => -6 + i / 200), 0.9999999, 1.0000001, -0.9999999, 1e-20, -3e-8]);
  const [[y1], [y2]] = onBoth(() => [x.erf()]);
  assertClose('erf over [−6, 6]', y1, y2, 1e-6, 1e-7);
});

test('gelu and its gradient agree with the js reference across [−10, 10] (the far left tail in relative terms) and at edge values', () => {
  const x = tensor([...Array.from({ length: 2001 }, (_, i) => -10 + i / 100), ...EDGES]);
  const [js, wasm] = onBoth(() => {
    const leaf = x.detach();
    leaf.requiresGrad = true;
    const y = gelu(leaf);
    return [y, ...grad(y, [leaf], { gradOutput: tensor(Array.from({ length: x.shape[0] }, (_, i) => 1 + (i % 7) / 7)) })];
  });
  assertClose('gelu', js[0], wasm[0], 1e-5, 1e-30);
  assertClose('gelu gradient', js[1], wasm[1], 1e-5, 1e-7);
  // x·Φ(x) at −10 and −5, Φ from tables: 7.619853e-24 and 2.8665157e-7 (1 + erf would round these to 0).
  for (const [i, want] of [[0, -7.619853e-23], [500, -1.4332579e-6]]) {
    for (const y of [js[0], wasm[0]]) assert.ok(Math.abs(Number(y.toTypedArray()[i]) / want - 1) < 1e-5, `gelu(${-10 + i / 100}) = ${y.toTypedArray()[i]}, want ${want}`);
  }
});

test('where agrees over broadcast masks and values (masked_fill, causal masks, strided operands)', () => {
  manualSeed(11);
  const x = randn([2, 3, 8, 8]), y = randn([3, 1, 8]);
  const causal = tensor(Array.from({ length: 64 }, (_, i) => (i % 8) > Math.floor(i / 8))).reshape([8, 8]).bool();
  const rows = randn([2, 1, 8, 1]).gt(0);
  const [js, wasm] = onBoth(() => [
    x.maskedFill(causal, -Infinity), x.maskedFill(rows, 0), x.where(causal, y), x.permute([3, 1, 0, 2]).maskedFill(causal.unsqueeze(1).unsqueeze(1), 2.5),
    y.where(rows.logicalNot(), x.mT),
  ]);
  js.forEach((t, i) => assertClose(`where ${i}`, t, wasm[i], 0, 0));
});

test('sum / amax / amin agree over every pattern of reduced dims', () => {
  manualSeed(9);
  const x = randn([3, 4, 5, 6]);
  const dimsList = [[0], [1], [3], [0, 1], [1, 2], [0, 2], [1, 3], [0, 3], [0, 1, 2, 3], [0, 2, 3]];
  for (const dim of dimsList) {
    const [js, wasm] = onBoth(() => [x.sum(dim), x.amax(dim), x.amin(dim), x.permute([2, 0, 3, 1]).sum(dim)]);
    js.forEach((t, i) => assertClose(`reduction ${i} over ${JSON.stringify(dim)}`, t, wasm[i]));
  }
  const withNaN = tensor([[1, NaN, 3], [4, 5, 6]]);
  const [js, wasm] = onBoth(() => [withNaN.amax(1), withNaN.amin(0), withNaN.sum(1)]);
  js.forEach((t, i) => assertClose(`NaN reduction ${i}`, t, wasm[i]));
});

test('avg pool: wasm equals js bit for bit over 1-D to 3-D windows, padding, ceil mode and divisors, both ways', () => {
  const cases: [number, number[], object][] = [
    [2, [2, 3, 9, 21], { kernelSize: 3, stride: 1, padding: 1 }],
    [2, [2, 3, 9, 21], { kernelSize: 3, stride: 2, padding: 1, ceilMode: true, countIncludePad: false }],
    [2, [1, 2, 8, 30], { kernelSize: [2, 4], stride: [1, 3], padding: [0, 2], divisorOverride: 5 }],
    [2, [3, 2, 6, 6], { kernelSize: 2 }],
    [2, [1, 1, 5, 5], { kernelSize: 4, stride: 3, padding: 2, ceilMode: true }],
    [1, [2, 4, 40], { kernelSize: 5, stride: 1, padding: 2, countIncludePad: false }],
    [3, [1, 2, 5, 6, 17], { kernelSize: [2, 3, 3], stride: [1, 2, 1], padding: [1, 1, 1], ceilMode: true }],
  ];
  for (const [nd, xs, opts] of cases) {
    const f = nd === 1 ? avgPool1d : nd === 2 ? avgPool2d : avgPool3d;
    manualSeed(10);
    // Magnitudes far apart, so a sum in another order or precision would round differently.
    const x0 = randn(xs).mul(randn(xs).mul(6).exp());
    const [js, wasm] = onBoth(() => {
      const x = x0.detach();
      x.requiresGrad = true;
      const y = f(x, opts as { kernelSize: number });
      return [y, ...grad(y, [x], { gradOutput: randn(y.shape).mul(1000) })];
    });
    ['y', 'dx'].forEach((what, i) => assertClose(`avgPool${nd}d ${JSON.stringify(xs)} ${JSON.stringify(opts)} ${what}`, js[i], wasm[i], 0, 0));
  }
});

test('softmax / logSoftmax rows agree: long and odd rows, ±1000 logits, −∞ and NaN entries', () => {
  manualSeed(11);
  const rows: [string, Tensor][] = [
    ['odd lengths', randn([7, 37])],
    ['one wide row', randn([1, 1001]).mul(10)],
    ['±1000 logits', tensor([[1000, 999, 998.5, -1000, 1000, 0.5, 3]])],
    ['−∞ entries, one row all −∞', tensor([[-Infinity, 0, 1, -Infinity, 2], [-Infinity, -Infinity, -Infinity, -Infinity, -Infinity]])],
    ['a NaN entry', tensor([[1, NaN, 2, 3, 4]])],
  ];
  for (const [name, x] of rows) {
    const [js, wasm] = onBoth(() => [x.softmax(-1), x.logSoftmax(-1)]);
    js.forEach((t, i) => assertClose(`${i ? 'logSoftmax' : 'softmax'} ${name}`, t, wasm[i]));
  }
});

test('standardize (every normalization layer) agrees forward and backward: odd, long and one-element rows, offset values', () => {
  manualSeed(12);
  const cases: [string, Tensor][] = [
    ['odd rows', randn([5, 37]).mul(3).add(5)],
    ['one long row', randn([1, 1001]).mul(0.01).add(-2)],
    ['one-element rows', randn([6, 1])],
    ['strided (transposed) input', randn([9, 4]).mT],
  ];
  for (const [name, x0] of cases) {
    const [js, wasm] = onBoth(() => {
      const x = x0.detach();
      x.requiresGrad = true;
      const y = standardize(x, 1e-5);
      return [y, ...grad(y, [x], { gradOutput: randn(y.shape) })];
    });
    ['y', 'dx'].forEach((what, i) => assertClose(`standardize ${name} ${what}`, js[i], wasm[i], 1e-4, 1e-4));
  }
});
