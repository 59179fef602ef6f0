// Recurrent cells and layers: each cell against a plain-JS reference of its formula, gradchecks
// through three unrolled steps, the layers' shapes, state handling and PyTorch state-dict names,
// agreement with onnxruntime's LSTM/GRU/RNN given the same weights, errors, and a tiny LSTM that
// learns to remember the first bit of a sequence.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as ort from 'onnxruntime-node';
import {
  tensor, randn, zeros, manualSeed, gradcheck, noGrad, Tensor, ShapeError, ValueError, stack, cat,
  rnnCell, lstmCell, gruCell, binaryCrossEntropyWithLogits, encodeModel, DataType, nn, lstm, onOpApplied, grad, setBackend, getBackendName, AutogradError,
} from '../../engine/index.ts';

const flat = (t: Tensor): number[] => Array.from(t.toTypedArray());
const rows = (t: Tensor): number[][] => t.toArray() as number[][];
function close(actual: Tensor | number[], expected: number[], tol = 1e-6, what = ''): void {
  const a = actual instanceof Tensor ? flat(actual) : actual;
  assert.equal(a.length, expected.length, `${what}: length ${a.length} vs ${expected.length}`);
  a.forEach((x, i) => assert.ok(Math.abs(x - expected[i]) <= tol * Math.max(1, Math.abs(expected[i])), `${what}[${i}]: got ${x}, expected ${expected[i]}`));
}
const f64 = (shape: number[], requiresGrad = false) => {
  const t = randn(shape, { dtype: 'float64' }).mul(0.5);
  t.requiresGrad = requiresGrad;
  return t;
};

// ---- plain-JS references, written from the formulas (one sample, vectors as arrays) ----

const matvec = (w: number[][], x: number[]) => w.map((row) => row.reduce((s, v, j) => s + v * x[j], 0));
const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
/** x·W_ihᵀ + b_ih + h·W_hhᵀ + b_hh, as two separate sums (the GRU needs them apart). */
const affine = (x: number[], w: number[][], b: number[]) => matvec(w, x).map((v, k) => v + b[k]);

function rnnRef(x: number[], h: number[], wIh: number[][], wHh: number[][], bIh: number[], bHh: number[]): number[] {
  const a = affine(x, wIh, bIh), r = affine(h, wHh, bHh);
  return a.map((v, k) => Math.tanh(v + r[k]));
}
function lstmRef(x: number[], h: number[], c: number[], wIh: number[][], wHh: number[][], bIh: number[], bHh: number[]): [number[], number[]] {
  const H = h.length;
  const a = affine(x, wIh, bIh), r = affine(h, wHh, bHh);
  const gate = (g: number, j: number) => a[g * H + j] + r[g * H + j];
  const c2 = c.map((cj, j) => sigmoid(gate(1, j)) * cj + sigmoid(gate(0, j)) * Math.tanh(gate(2, j)));
  const h2 = c2.map((cj, j) => sigmoid(gate(3, j)) * Math.tanh(cj));
  return [h2, c2];
}
function gruRef(x: number[], h: number[], wIh: number[][], wHh: number[][], bIh: number[], bHh: number[]): number[] {
  const H = h.length;
  const a = affine(x, wIh, bIh), r = affine(h, wHh, bHh);
  return h.map((hj, j) => {
    const reset = sigmoid(a[j] + r[j]);
    const update = sigmoid(a[H + j] + r[H + j]);
    const n = Math.tanh(a[2 * H + j] + reset * r[2 * H + j]);
    return (1 - update) * n + update * hj;
  });
}

test('rnnCell on one hand-computed number: tanh(2·1 − 1·0.5 + 0.1 + 0.2), and relu', () => {
  const [x, h, wIh, wHh, bIh, bHh] = [[[1]], [[0.5]], [[2]], [[-1]], [0.1], [0.2]].map((v) => tensor(v, { dtype: 'float64' }));
  close(rnnCell(x, h, wIh, wHh, bIh, bHh), [Math.tanh(1.8)], 1e-12);
  close(rnnCell(x, h, wIh, wHh.mul(5), bIh, bHh, 'relu'), [0], 1e-12); // 2 − 2.5 + 0.3 < 0
  close(rnnCell(x, null, wIh, wHh), [Math.tanh(2)], 1e-12); // no state: zeros
});

test('the cells match the plain-JS formulas, batched and unbatched', () => {
  manualSeed(3);
  const [N, I, H] = [2, 3, 4];
  const x = f64([N, I]), h = f64([N, H]), c = f64([N, H]);
  for (const [gates, name] of [[1, 'rnn'], [4, 'lstm'], [3, 'gru']] as const) {
    const wIh = f64([gates * H, I]), wHh = f64([gates * H, H]), bIh = f64([gates * H]), bHh = f64([gates * H]);
    const W = [rows(wIh), rows(wHh), flat(bIh), flat(bHh)] as const;
    for (let n = 0; n < N; n++) {
      const [xn, hn, cn] = [rows(x)[n], rows(h)[n], rows(c)[n]];
      if (name === 'rnn') close(rnnCell(x, h, wIh, wHh, bIh, bHh).select(0, n), rnnRef(xn, hn, ...W), 1e-12, name);
      if (name === 'gru') close(gruCell(x, h, wIh, wHh, bIh, bHh).select(0, n), gruRef(xn, hn, ...W), 1e-12, name);
      if (name === 'lstm') {
        const [h2, c2] = lstmCell(x, [h, c], wIh, wHh, bIh, bHh);
        const [hr, cr] = lstmRef(xn, hn, cn, ...W);
        close(h2.select(0, n), hr, 1e-12, 'lstm h');
        close(c2.select(0, n), cr, 1e-12, 'lstm c');
      }
    }
    // Unbatched (I) with state (H) gives row 0 of the batched result; no biases means zero biases.
    if (name === 'gru') close(gruCell(x.select(0, 0), h.select(0, 0), wIh, wHh), gruRef(rows(x)[0], rows(h)[0], W[0], W[1], new Array(3 * H).fill(0), new Array(3 * H).fill(0)), 1e-12);
  }
});

test('gradcheck through three unrolled steps of each cell (float64)', () => {
  manualSeed(5);
  const [T, N, I, H] = [3, 2, 3, 2];
  const xs = f64([T, N, I], true), h0 = f64([N, H], true), c0 = f64([N, H], true);
  for (const gates of [1, 3, 4]) {
    const params = [f64([gates * H, I], true), f64([gates * H, H], true), f64([gates * H], true), f64([gates * H], true)];
    const unrolled = (x: Tensor, h: Tensor, c: Tensor, wIh: Tensor, wHh: Tensor, bIh: Tensor, bHh: Tensor) => {
      const outs: Tensor[] = [];
      for (let t = 0; t < T; t++) {
        if (gates === 4) [h, c] = lstmCell(x.select(0, t), [h, c], wIh, wHh, bIh, bHh);
        else h = gates === 3 ? gruCell(x.select(0, t), h, wIh, wHh, bIh, bHh) : rnnCell(x.select(0, t), h, wIh, wHh, bIh, bHh);
        outs.push(gates === 4 ? cat([h, c], -1) : h);
      }
      return stack(outs, 0);
    };
    assert.ok(gradcheck(unrolled, [xs, h0, c0, ...params]).passed, `gates=${gates}`);
  }
});

test('cell errors name the op and the shapes', () => {
  const w = zeros([8, 3]), wh = zeros([8, 2]);
  assert.throws(() => lstmCell(zeros([4, 5]), null, w, wh), (e: Error) => e instanceof ShapeError && /lstmCell/.test(e.message) && /\[4, 5\]/.test(e.message) && /\[8, 3\]/.test(e.message));
  assert.throws(() => lstmCell(zeros([4, 3]), [zeros([4, 2]), zeros([3, 2])], w, wh), /lstmCell: state \[3, 2\] must have shape \[4, 2\]/);
  assert.throws(() => gruCell(zeros([4, 3]), null, w, wh), /gruCell: weightHh must have shape \(3·hidden, hidden\), got \[8, 2\]/);
  assert.throws(() => rnnCell(zeros([4, 3]), null, zeros([2, 3]), zeros([2, 2]), zeros([3])), /rnnCell: biasIh must have shape \[2\], got \[3\]/);
  assert.throws(() => rnnCell(zeros([3]), null, zeros([2, 3]), zeros([2, 2]), null, null, 'gelu' as 'tanh'), (e: Error) => e instanceof ValueError && /'gelu'/.test(e.message));
});

// ---- layers ----

/** The cell of each layer and direction, run by hand: what the layer must compute. */
function manualRun(m: nn.RNNBase, x: Tensor, h0: Tensor[] | null): { out: Tensor; finals: Tensor[] } {
  const p = m as unknown as Record<string, Tensor>;
  const [L, N] = x.shape, D = m.directions, H = m.hiddenSize;
  let xs = Array.from({ length: L }, (_, t) => x.select(0, t));
  const finals: Tensor[][] = [];
  for (let layer = 0; layer < m.numLayers; layer++) {
    const dirs: Tensor[][] = [];
    for (let d = 0; d < D; d++) {
      const s = `L${layer}${d ? 'Reverse' : ''}`;
      const w = [p[`weightIh${s}`], p[`weightHh${s}`], p[`biasIh${s}`], p[`biasHh${s}`]] as const;
      let st = h0 ? h0.map((t) => t.select(0, layer * D + d)) : m.mode === 'LSTM' ? [zeros([N, H]), zeros([N, H])] : [zeros([N, H])];
      const out: Tensor[] = new Array(L);
      for (let k = 0; k < L; k++) {
        const t = d ? L - 1 - k : k;
        st = m.mode === 'LSTM' ? lstmCell(xs[t], [st[0], st[1]], ...w) : m.mode === 'GRU' ? [gruCell(xs[t], st[0], ...w)] : [rnnCell(xs[t], st[0], ...w)];
        out[t] = st[0];
      }
      dirs.push(out);
      finals.push(st);
    }
    xs = D === 2 ? dirs[0].map((o, t) => cat([o, dirs[1][t]], -1)) : dirs[0];
  }
  return { out: stack(xs, 0), finals: finals[0].map((_, i) => stack(finals.map((f) => f[i]), 0)) };
}

test('LSTM, GRU and RNN equal their cells run by hand: 2 layers, bidirectional, with and without initial states', () => {
  manualSeed(11);
  const [L, N, I, H] = [4, 2, 3, 3];
  const x = randn([L, N, I]);
  for (const m of [new nn.LSTM(I, H, { numLayers: 2, bidirectional: true }), new nn.GRU(I, H, { numLayers: 2 }), new nn.RNN(I, H, { bidirectional: true })]) {
    const S = m.numLayers * m.directions;
    const h0 = randn([S, N, H]), c0 = randn([S, N, H]);
    for (const initial of [null, m instanceof nn.LSTM ? [h0, c0] : [h0]]) {
      const want = manualRun(m, x, initial);
      const [out, states] = m instanceof nn.LSTM ? (([o, [h, c]]) => [o, [h, c]])(m.forward(x, initial as [Tensor, Tensor] | null)) : (([o, h]) => [o, [h]])((m as nn.GRU).forward(x, initial?.[0]));
      assert.deepEqual(out.shape, [L, N, m.directions * H], `${m.mode} output shape`);
      close(out as Tensor, flat(want.out), 1e-6, `${m.mode} output`);
      (states as Tensor[]).forEach((s, i) => {
        assert.deepEqual(s.shape, [S, N, H]);
        close(s, flat(want.finals[i]), 1e-6, `${m.mode} state ${i}`);
      });
    }
  }
});

test('the fused LSTM path has the gradients of its cells run by hand: inputs, initial states and every weight, 2 layers, bidirectional', () => {
  for (const backend of ['js', 'wasm']) {
    const before = getBackendName();
    setBackend(backend);
    try {
      manualSeed(21);
      const [L, N, I, H] = [5, 3, 4, 6];
      const m = new nn.LSTM(I, H, { numLayers: 2, bidirectional: true });
      const x = randn([L, N, I]), h0 = randn([4, N, H]), c0 = randn([4, N, H]);
      const leaves = [x, h0, c0, ...m.parameters()];
      // Cotangents on the output and on both final states, so every path back is exercised.
      const gy = randn([L, N, 2 * H]), gh = randn([4, N, H]), gc = randn([4, N, H]);
      const loss = (out: Tensor, h: Tensor, c: Tensor) => out.mul(gy).sum().add(h.mul(gh).sum()).add(c.mul(gc).sum());
      const withGrad = () => leaves.forEach((t) => { t.requiresGrad = true; });
      withGrad();
      const [out, [h, c]] = m.forward(x, [h0, c0]);
      const fused = grad(loss(out, h, c), leaves);
      const want = manualRun(m, x, [h0, c0]);
      const byHand = grad(loss(want.out, want.finals[0], want.finals[1]), leaves);
      fused.forEach((g, i) => close(g, flat(byHand[i]), backend === 'js' ? 1e-5 : 1e-4, `${backend} gradient of leaf ${i}`));
    } finally {
      setBackend(before);
    }
  }
});

test('the lstm op: one hand-computed step, and no second derivative', () => {
  // H = 1, zero state: z = xz = (0, 0, 0, 0) gives i = f = o = 0.5, g = 0, so c = 0 and h = 0;
  // z = (0, 0, 1, 0) gives c = 0.5·tanh(1) and h = 0.5·tanh(c).
  const y = lstm(tensor([[[0, 0, 1, 0]]]), zeros([1, 1]), zeros([1, 1]), zeros([4, 1]));
  const cExp = 0.5 * Math.tanh(1);
  close(y, [0.5 * Math.tanh(cExp), cExp], 1e-6, 'one step');
  const xz = randn([2, 1, 4]);
  xz.requiresGrad = true;
  assert.throws(() => grad(lstm(xz, zeros([1, 1]), zeros([1, 1]), randn([4, 1])).sum(), [xz], { createGraph: true }), (e: Error) => e instanceof AutogradError && /second derivative/.test(e.message));
});

test('the fused path is only taken when no one watches ops: a tracer sees the cells, with the same values', () => {
  manualSeed(22);
  const m = new nn.LSTM(3, 4);
  const x = randn([6, 2, 3]);
  const ops: string[] = [];
  const stop = onOpApplied((r) => ops.push(r.op));
  const [watched] = m.forward(x);
  stop();
  const [fast] = m.forward(x);
  assert.ok(!ops.includes('lstm') && ops.includes('sigmoid'), `a watched forward runs the cells, got ${[...new Set(ops)].join(', ')}`);
  close(fast, flat(watched), 1e-6, 'fused vs cells');
});

test('batchFirst transposes input and output but not the final states; unbatched input drops the batch dim', () => {
  manualSeed(12);
  const seqFirst = new nn.LSTM(3, 4, { numLayers: 2 });
  const batchFirst = new nn.LSTM(3, 4, { numLayers: 2, batchFirst: true });
  batchFirst.loadStateDict(seqFirst.stateDict());
  const x = randn([5, 2, 3]); // (L, N, I)
  const [y1, [h1, c1]] = seqFirst.forward(x);
  const [y2, [h2, c2]] = batchFirst.forward(x.transpose(0, 1));
  assert.deepEqual(y2.shape, [2, 5, 4]);
  assert.deepEqual(h2.shape, [2, 2, 4]);
  close(y2, flat(y1.transpose(0, 1).contiguous()), 1e-7);
  close(h2, flat(h1), 1e-7);
  close(c2, flat(c1), 1e-7);

  const gru = new nn.GRU(3, 4, { bidirectional: true });
  const [yb, hb] = gru.forward(x.narrow(1, 0, 1));
  const [yu, hu] = gru.forward(x.select(1, 0), randn([2, 4]).mul(0));
  assert.deepEqual([yu.shape, hu.shape], [[5, 8], [2, 4]]);
  close(yu, flat(yb), 1e-7);
  close(hu, flat(hb), 1e-7);
});

test('parameters carry PyTorch state-dict names and shapes, initialized in ±1/√hiddenSize', () => {
  manualSeed(13);
  const m = new nn.GRU(3, 4, { numLayers: 2, bidirectional: true });
  const sd = m.stateDict();
  const names = [];
  for (const l of [0, 1]) for (const s of ['', 'Reverse']) names.push(`weightIhL${l}${s}`, `weightHhL${l}${s}`, `biasIhL${l}${s}`, `biasHhL${l}${s}`);
  assert.deepEqual(Object.keys(sd), names);
  assert.deepEqual(sd.weightIhL0.shape, [12, 3]);
  assert.deepEqual(sd.weightIhL1Reverse.shape, [12, 8]); // layer 1 reads both directions
  assert.deepEqual(sd.weightHhL1.shape, [12, 4]);
  assert.deepEqual(m.weightHhL0?.shape, [12, 4]);
  for (const [k, t] of Object.entries(sd)) {
    const v = flat(t);
    assert.ok(v.every((x) => Math.abs(x) <= 0.5), `${k} within ±1/√4`);
    assert.ok(new Set(v).size > v.length / 2, `${k} is random`);
  }
  assert.equal(m.numParameters(), 2 * (12 * 3 + 12 * 4 + 24) + 2 * (12 * 8 + 12 * 4 + 24));
  assert.deepEqual(Object.keys(new nn.RNN(2, 3, { bias: false }).stateDict()), ['weightIhL0', 'weightHhL0']);
  assert.match(String(m), /^GRU\(3, 4, numLayers=2, bidirectional=true\)/);
});

test('dropout between layers: the identity in eval mode; p = 1 feeds the last layer zeros in training', () => {
  manualSeed(14);
  const m = new nn.RNN(2, 3, { numLayers: 2, dropout: 1 });
  const plain = new nn.RNN(2, 3, { numLayers: 2 });
  plain.loadStateDict(m.stateDict());
  const x = randn([4, 1, 2]);
  m.eval();
  close(m.forward(x)[0], flat(plain.forward(x)[0]), 1e-7);
  m.train();
  const p = m as unknown as Record<string, Tensor>;
  let h = zeros([1, 3]);
  const want: Tensor[] = [];
  for (let t = 0; t < 4; t++) want.push((h = rnnCell(zeros([1, 3]), h, p.weightIhL1, p.weightHhL1, p.biasIhL1, p.biasHhL1)));
  close(m.forward(x)[0], flat(stack(want, 0)), 1e-7);
});

test('RNN cell modules equal the functional cells with their parameters', () => {
  manualSeed(15);
  const x = randn([2, 3]), h = randn([2, 4]), c = randn([2, 4]);
  const l = new nn.LSTMCell(3, 4), g = new nn.GRUCell(3, 4), r = new nn.RNNCell(3, 4, { nonlinearity: 'relu' });
  assert.deepEqual(Object.keys(l.stateDict()), ['weightIh', 'weightHh', 'biasIh', 'biasHh']);
  close(l.forward(x, [h, c])[1], flat(lstmCell(x, [h, c], l.weightIh, l.weightHh, l.biasIh, l.biasHh)[1]));
  close(g.forward(x, h), flat(gruCell(x, h, g.weightIh, g.weightHh, g.biasIh, g.biasHh)));
  close(r.forward(x), flat(rnnCell(x, null, r.weightIh, r.weightHh, r.biasIh, r.biasHh, 'relu')));
});

test('layer errors name the layer and the shapes', () => {
  const m = new nn.LSTM(3, 4, { numLayers: 2 });
  assert.throws(() => m.forward(zeros([5, 2, 6])), (e: Error) => e instanceof ShapeError && /LSTM/.test(e.message) && /\[5, 2, 6\]/.test(e.message) && /3 features/.test(e.message));
  assert.throws(() => m.forward(zeros([5, 2, 3]), [zeros([1, 2, 4]), zeros([2, 2, 4])]), /LSTM: initial state 0 \[1, 2, 4\] must have shape \[2, 2, 4\]/);
  assert.throws(() => m.forward(zeros([5, 2, 3, 1])), /LSTM: input must be 3-D/);
  assert.throws(() => m.forward(zeros([0, 2, 3])), /no time steps/);
  assert.throws(() => m.forward(zeros([5, 2, 3]), [zeros([2, 2, 4])] as unknown as [Tensor, Tensor]), /pair \[h0, c0\]/);
  assert.throws(() => new nn.GRU(3, 0), (e: Error) => e instanceof ValueError && /hiddenSize must be an integer ≥ 1, got 0/.test(e.message));
  assert.throws(() => new nn.RNN(3, 2, { dropout: 2 }), /dropout must be a probability/);
  assert.throws(() => new nn.RNN(3, 2, { nonlinearity: 'gelu' as 'tanh' }), /nonlinearity must be 'tanh' or 'relu'/);
});

// ---- PyTorch's gate order against onnxruntime's (ONNX orders LSTM i,o,f,c and GRU z,r,h) ----

test('nn.LSTM, nn.GRU and nn.RNN match onnxruntime given their weights in ONNX gate order', async () => {
  manualSeed(16);
  const [L, N, I, H] = [3, 2, 3, 4];
  const x = randn([L, N, I]);
  // Row blocks of a PyTorch weight, rearranged: order[k] is the PyTorch block that goes k-th.
  const reorder = (t: Tensor, order: number[]) => cat(order.map((k) => t.narrow(0, k * H, H)), 0);
  for (const [m, op, order] of [[new nn.LSTM(I, H), 'LSTM', [0, 3, 1, 2]], [new nn.GRU(I, H), 'GRU', [1, 0, 2]], [new nn.RNN(I, H), 'RNN', [0]]] as const) {
    const p = m.stateDict();
    const feeds: Record<string, Tensor> = {
      X: x,
      W: reorder(p.weightIhL0, [...order]).unsqueeze(0),
      R: reorder(p.weightHhL0, [...order]).unsqueeze(0),
      B: cat([reorder(p.biasIhL0, [...order]), reorder(p.biasHhL0, [...order])], 0).unsqueeze(0),
    };
    const attrs = [{ name: 'hidden_size', type: 2, i: H }, ...(op === 'GRU' ? [{ name: 'linear_before_reset', type: 2, i: 1 }] : [])];
    const model = encodeModel({
      irVersion: 8, opsetImport: [{ domain: '', version: 14 }],
      graph: {
        name: 'g', node: [{ opType: op, input: ['X', 'W', 'R', 'B'], output: ['Y', 'Y_h'], name: 'n', attribute: attrs }],
        input: Object.keys(feeds).map((name) => ({ name, type: { tensorType: { elemType: DataType.FLOAT } } })),
        output: ['Y', 'Y_h'].map((name) => ({ name, type: { tensorType: { elemType: DataType.FLOAT } } })),
      },
    });
    const session = await ort.InferenceSession.create(model);
    const out = await session.run(Object.fromEntries(Object.entries(feeds).map(([k, t]) => [k, new ort.Tensor('float32', Float32Array.from(t.toTypedArray()), t.shape)])));
    const [y, hN] = noGrad(() => { const r = m.forward(x); return [r[0], Array.isArray(r[1]) ? r[1][0] : r[1]]; });
    close(y, Array.from(out.Y.data as Float32Array), 1e-5, `${op} Y`); // ONNX Y is (L, 1, N, H): same order
    close(hN, Array.from(out.Y_h.data as Float32Array), 1e-5, `${op} Y_h`);
  }
});

// ---- learning ----

test('an LSTM learns to remember the first bit of a 10-step sequence', () => {
  manualSeed(21);
  const [T, N, H] = [10, 32, 8];
  const lstm = new nn.LSTM(1, H, { batchFirst: true });
  const head = new nn.Linear(H, 1);
  // Forget-gate bias 1 (Jozefowicz et al., 2015): the cell starts out keeping its contents, so the
  // first bit's gradient reaches step 0 from the start instead of after a long plateau at chance.
  noGrad(() => lstm.biasIhL0!.narrow(0, H, H).fill_(1));
  const params = [...lstm.parameters(), ...head.parameters()];
  // Adam by hand (this test must not depend on optim): per-parameter first and second moments.
  const m1 = params.map((p) => zeros(p.shape)), m2 = params.map((p) => zeros(p.shape));
  const batch = () => {
    const bits = randn([N, T, 1]).gt(0).float();
    return { x: bits.mul(2).sub(1), y: bits.select(1, 0) };
  };
  const lossOf = (x: Tensor, y: Tensor) => {
    const [out] = lstm.forward(x);
    return binaryCrossEntropyWithLogits(head.forward(out.select(1, T - 1)), y);
  };
  const evalSet = batch();
  const before = noGrad(() => lossOf(evalSet.x, evalSet.y)).item();
  for (let step = 1; step <= 60; step++) {
    const { x, y } = batch();
    for (const p of params) p.grad = null;
    lossOf(x, y).backward();
    noGrad(() => params.forEach((p, i) => {
      const g = p.grad!;
      m1[i] = m1[i].mul(0.9).add(g.mul(0.1));
      m2[i] = m2[i].mul(0.999).add(g.mul(g).mul(0.001));
      const mHat = m1[i].div(1 - 0.9 ** step), vHat = m2[i].div(1 - 0.999 ** step);
      p.sub_(mHat.div(vHat.sqrt().add(1e-8)).mul(0.03));
    }));
  }
  const after = noGrad(() => lossOf(evalSet.x, evalSet.y)).item();
  assert.ok(before > 0.6, `an untrained model is near chance (ln 2 ≈ 0.69), got ${before}`);
  assert.ok(after < 0.2, `the loss fell from ${before} to ${after}`);
});
