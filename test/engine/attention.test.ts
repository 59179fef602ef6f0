// Attention: scaledDotProductAttention against a plain-JS softmax(q·kᵀ/√E + mask)·v, its masks
// (bool, float, causal, fully masked rows), dropout and gradchecks; MultiheadAttention against
// heads computed one by one, its masks and shapes; and the pre-LayerNorm TransformerBlock.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  tensor, randn, zeros, manualSeed, gradcheck, noGrad, Tensor, ShapeError, ValueError, DTypeError, cat,
  scaledDotProductAttention, linear, softmax, layerNorm, gelu, nn,
} from '../../engine/index.ts';

const flat = (t: Tensor): number[] => Array.from(t.toTypedArray());
function close(actual: Tensor | number[], expected: number[], tol = 1e-6, what = ''): void {
  const a = actual instanceof Tensor ? flat(actual) : actual;
  assert.equal(a.length, expected.length, `${what}: length ${a.length} vs ${expected.length}`);
  a.forEach((x, i) => assert.ok(Math.abs(x - expected[i]) <= tol * Math.max(1, Math.abs(expected[i])), `${what}[${i}]: got ${x}, expected ${expected[i]}`));
}
const f64 = (shape: number[], requiresGrad = false) => {
  const t = randn(shape, { dtype: 'float64' });
  t.requiresGrad = requiresGrad;
  return t;
};

/** softmax(q·kᵀ·scale + mask)·v for one (L, E), (S, E), (S, Ev) problem; mask[i][j] = −∞ removes key j. */
function attentionRef(q: number[][], k: number[][], v: number[][], mask?: number[][], scale = 1 / Math.sqrt(q[0].length)) {
  const weights = q.map((qi, i) => {
    const s = k.map((kj, j) => qi.reduce((acc, x, e) => acc + x * kj[e], 0) * scale + (mask?.[i][j] ?? 0));
    const m = Math.max(...s);
    if (m === -Infinity) return s.map(() => 0);
    const e = s.map((x) => Math.exp(x - m));
    const z = e.reduce((a, b) => a + b, 0);
    return e.map((x) => x / z);
  });
  const output = weights.map((w) => v[0].map((_, c) => w.reduce((acc, wj, j) => acc + wj * v[j][c], 0)));
  return { weights: weights.flat(), output: output.flat() };
}
const mat = (t: Tensor) => t.toArray() as number[][];

test('scaledDotProductAttention matches softmax(q·kᵀ/√E + mask)·v, with bool, float and causal masks', () => {
  manualSeed(1);
  const q = f64([2, 3, 4]), k = f64([2, 5, 4]), v = f64([2, 5, 3]);
  const allowed = tensor([[1, 1, 0, 1, 0], [0, 1, 1, 1, 1], [1, 0, 0, 0, 0]], { dtype: 'bool' });
  const additive = allowed.logicalNot().float().mul(-1e9).double(); // any broadcastable float mask
  const toInf = (m: number[][]) => m.map((r) => r.map((x) => (x ? 0 : -Infinity)));
  const boolAsNumbers = (allowed.toArray() as boolean[][]).map((r) => r.map(Number));
  const causal = [0, 1, 2].map((i) => [0, 1, 2, 3, 4].map((j) => (j <= i ? 1 : 0)));
  for (let b = 0; b < 2; b++) {
    const [qb, kb, vb] = [q, k, v].map((t) => mat(t.select(0, b)));
    const plain = attentionRef(qb, kb, vb);
    const r = scaledDotProductAttention(q, k, v);
    close(r.weights.select(0, b), plain.weights, 1e-12, 'weights');
    close(r.output.select(0, b), plain.output, 1e-12, 'output');
    const masked = attentionRef(qb, kb, vb, toInf(boolAsNumbers));
    close(scaledDotProductAttention(q, k, v, { attnMask: allowed }).output.select(0, b), masked.output, 1e-12, 'bool mask');
    close(scaledDotProductAttention(q, k, v, { attnMask: additive }).output.select(0, b), masked.output, 1e-9, 'float mask');
    close(scaledDotProductAttention(q, k, v, { isCausal: true }).output.select(0, b), attentionRef(qb, kb, vb, toInf(causal)).output, 1e-12, 'causal');
    close(scaledDotProductAttention(q, k, v, { scale: 0.3 }).output.select(0, b), attentionRef(qb, kb, vb, undefined, 0.3).output, 1e-12, 'scale');
  }
});

test('attention weights: rows sum to 1, exactly 0 where masked; a fully masked row is all zeros, not NaN', () => {
  manualSeed(2);
  const q = f64([3, 4], true), k = f64([5, 4]), v = f64([5, 2], true);
  const allowed = tensor([[1, 0, 1, 0, 1], [0, 0, 0, 0, 0], [1, 1, 1, 1, 0]], { dtype: 'bool' });
  const { output, weights } = scaledDotProductAttention(q, k, v, { attnMask: allowed });
  const w = weights.toArray() as number[][];
  const a = allowed.toArray() as boolean[][];
  w.forEach((row, i) => {
    row.forEach((x, j) => { if (!a[i][j]) assert.equal(x, 0, `weight [${i}][${j}] is masked`); });
    if (i !== 1) assert.ok(Math.abs(row.reduce((s, x) => s + x, 0) - 1) < 1e-12, `row ${i} sums to 1`);
  });
  assert.deepEqual(w[1], [0, 0, 0, 0, 0]);
  assert.deepEqual(flat(output.select(0, 1)), [0, 0]);
  output.sum().backward();
  assert.ok([...flat(q.grad!), ...flat(v.grad!)].every(Number.isFinite), 'gradients stay finite');
  assert.deepEqual(flat(q.grad!.select(0, 1)), [0, 0, 0, 0]); // the dead query receives no gradient
  // No keys at all is the same situation for every query.
  const empty = scaledDotProductAttention(zeros([2, 4]), zeros([0, 4]), zeros([0, 3]));
  assert.deepEqual([empty.weights.shape, flat(empty.output)], [[2, 0], [0, 0, 0, 0, 0, 0]]);
});

test('causal: the output at step t does not change when a later input changes', () => {
  manualSeed(3);
  const x = randn([6, 4]);
  const before = scaledDotProductAttention(x, x, x, { isCausal: true }).output;
  const later = x.clone();
  noGrad(() => later.narrow(0, 4, 2).add_(randn([2, 4])));
  const after = scaledDotProductAttention(later, later, later, { isCausal: true }).output;
  close(after.narrow(0, 0, 4), flat(before.narrow(0, 0, 4)), 1e-7, 'steps 0..3');
  assert.ok(flat(after.select(0, 4)).some((v, i) => Math.abs(v - flat(before.select(0, 4))[i]) > 1e-3), 'step 4 sees its own change');
});

test('gradcheck through attention with a bool mask, a float mask and a causal mask (float64)', () => {
  manualSeed(4);
  const q = f64([2, 3, 4], true), k = f64([2, 5, 4], true), v = f64([2, 5, 2], true);
  const allowed = tensor([[1, 1, 0, 1, 0], [0, 1, 1, 1, 1], [1, 0, 0, 0, 0]], { dtype: 'bool' });
  const floatMask = f64([1, 3, 5]);
  assert.ok(gradcheck((a, b, c) => scaledDotProductAttention(a, b, c, { attnMask: allowed }).output, [q, k, v]).passed);
  assert.ok(gradcheck((a, b, c, m) => scaledDotProductAttention(a, b, c, { attnMask: m }).output, [q, k, v, floatMask.requiresGrad_()]).passed);
  assert.ok(gradcheck((a, b, c) => scaledDotProductAttention(a, b, c, { isCausal: true }).weights, [q, k, v]).passed);
});

test('dropout on the weights: kept weights scale by 1/(1 − p); none in eval (training: false)', () => {
  manualSeed(5);
  const q = randn([4, 3]), k = randn([6, 3]), v = randn([6, 2]);
  const plain = flat(scaledDotProductAttention(q, k, v).weights);
  const dropped = scaledDotProductAttention(q, k, v, { dropoutP: 0.5 });
  const w = flat(dropped.weights);
  w.forEach((x, i) => assert.ok(x === 0 || Math.abs(x - 2 * plain[i]) < 1e-6, `weight ${i}: ${x} is 0 or 2×${plain[i]}`));
  assert.ok(w.some((x) => x === 0) && w.some((x) => x !== 0));
  close(dropped.output, flat(dropped.weights.matmul(v)), 1e-6);
  close(scaledDotProductAttention(q, k, v, { dropoutP: 0.5, training: false }).weights, plain, 1e-7);
});

test('scaledDotProductAttention errors name the shapes', () => {
  const z = (...s: number[]) => zeros(s);
  assert.throws(() => scaledDotProductAttention(z(3, 4), z(5, 3), z(5, 2)), (e: Error) => e instanceof ShapeError && /feature size E/.test(e.message) && /q \[3, 4\], k \[5, 3\], v \[5, 2\]/.test(e.message));
  assert.throws(() => scaledDotProductAttention(z(3, 4), z(5, 4), z(6, 2)), /same number of keys S/);
  assert.throws(() => scaledDotProductAttention(z(4), z(5, 4), z(5, 2)), /at least 2 dims/);
  assert.throws(() => scaledDotProductAttention(z(3, 4), z(5, 4), z(5, 2), { attnMask: zeros([4, 5]) }), /attnMask \[4, 5\] must broadcast to the scores' shape \[3, 5\]/);
  assert.throws(() => scaledDotProductAttention(z(3, 4), z(5, 4), z(5, 2), { attnMask: zeros([3, 5], { dtype: 'int32' }) }), DTypeError);
  assert.throws(() => scaledDotProductAttention(z(3, 4), z(5, 4), z(5, 2), { attnMask: zeros([3, 5]), isCausal: true }), ValueError);
});

// ---- MultiheadAttention ----

/** MHA computed head by head from the module's parameters, batch first: (N, L, E) → (N, L, E), weights (N, heads, L, S). */
function mhaByHand(m: nn.MultiheadAttention, q: Tensor, k: Tensor, v: Tensor, mask?: Tensor) {
  const E = m.embedDim, hd = m.headDim;
  const w = m.inProjWeight!, b = m.inProjBias!;
  const outs: Tensor[] = [], weights: Tensor[] = [];
  for (let h = 0; h < m.numHeads; h++) {
    const rowsOf = (part: number) => [w.narrow(0, part * E + h * hd, hd), b.narrow(0, part * E + h * hd, hd)] as const;
    const [qh, kh, vh] = [linear(q, ...rowsOf(0)), linear(k, ...rowsOf(1)), linear(v, ...rowsOf(2))];
    let scores = qh.matmul(kh.mT).div(Math.sqrt(hd));
    if (mask) scores = scores.add(mask);
    const p = softmax(scores, -1);
    weights.push(p);
    outs.push(p.matmul(vh));
  }
  return { out: m.outProj.forward(cat(outs, -1)), weights: cat(weights.map((p) => p.unsqueeze(1)), 1) };
}

test('MultiheadAttention equals its heads computed one by one; weights per head or averaged', () => {
  manualSeed(6);
  const m = new nn.MultiheadAttention(6, 3, { batchFirst: true });
  const q = randn([2, 4, 6]), k = randn([2, 5, 6]), v = randn([2, 5, 6]);
  const want = mhaByHand(m, q, k, v);
  const [out, w] = m.forward(q, k, v, { averageAttnWeights: false });
  assert.deepEqual([out.shape, w!.shape], [[2, 4, 6], [2, 3, 4, 5]]);
  close(out, flat(want.out), 1e-5, 'output');
  close(w!, flat(want.weights), 1e-6, 'weights');
  close(m.forward(q, k, v)[1]!, flat(want.weights.mean({ dim: 1 })), 1e-6, 'averaged');
  assert.equal(m.forward(q, k, v, { needWeights: false })[1], null);

  // Sequence first (the default) and unbatched give the same numbers.
  const seqFirst = new nn.MultiheadAttention(6, 3);
  seqFirst.loadStateDict(m.stateDict());
  close(seqFirst.forward(q.transpose(0, 1), k.transpose(0, 1), v.transpose(0, 1))[0], flat(out.transpose(0, 1).contiguous()), 1e-6, 'seq first');
  const [uOut, uW] = m.forward(q.select(0, 1), k.select(0, 1), v.select(0, 1));
  assert.deepEqual([uOut.shape, uW!.shape], [[4, 6], [4, 5]]);
  close(uOut, flat(out.select(0, 1)), 1e-6, 'unbatched');
});

test('MultiheadAttention masks: bool attnMask true = blocked, key padding, causal, per-head 3-D masks', () => {
  manualSeed(7);
  const m = new nn.MultiheadAttention(4, 2, { batchFirst: true });
  const x = randn([2, 3, 4]);
  const blocked = tensor([[0, 1, 1], [0, 0, 1], [0, 0, 0]], { dtype: 'bool' });
  const inf = zeros([3, 3]).maskedFill(blocked, -Infinity);
  close(m.forward(x, x, x, { attnMask: blocked })[0], flat(mhaByHand(m, x, x, x, inf).out), 1e-5, 'bool mask');
  close(m.forward(x, x, x, { isCausal: true })[0], flat(mhaByHand(m, x, x, x, inf).out), 1e-5, 'isCausal = the same triangle');
  close(m.forward(x, x, x, { attnMask: inf.unsqueeze(0).expand([4, 3, 3]) })[0], flat(mhaByHand(m, x, x, x, inf).out), 1e-5, '(N·heads, L, S) mask');

  // Padding the last key of sample 1: its weight is 0 and its value cannot matter.
  const pad = tensor([[0, 0, 0], [0, 0, 1]], { dtype: 'bool' });
  const [out, w] = m.forward(x, x, x, { keyPaddingMask: pad });
  assert.deepEqual(flat(w!.select(0, 1).select(1, 2)), [0, 0, 0]);
  const v2 = x.clone();
  noGrad(() => v2.select(0, 1).select(0, 2).add_(5));
  close(m.forward(x, x, v2, { keyPaddingMask: pad })[0], flat(out), 1e-6, 'padded value ignored');
  for (const row of w!.toArray() as number[][][]) for (const r of row) assert.ok(Math.abs(r.reduce((s, a) => s + a, 0) - 1) < 1e-6);
});

test('MultiheadAttention parameters: PyTorch names, separate projections for kdim/vdim, Xavier and zero-bias init', () => {
  manualSeed(8);
  const m = new nn.MultiheadAttention(8, 2);
  assert.deepEqual(Object.entries(m.stateDict()).map(([k, t]) => `${k} ${t.shape}`), ['inProjWeight 24,8', 'inProjBias 24', 'outProj.weight 8,8', 'outProj.bias 8']);
  const bound = Math.sqrt(6 / (24 + 8));
  assert.ok(flat(m.inProjWeight!).every((x) => Math.abs(x) <= bound));
  assert.ok([...flat(m.inProjBias!), ...flat(m.outProj.bias!)].every((x) => x === 0));
  const cross = new nn.MultiheadAttention(4, 2, { kdim: 3, vdim: 5, bias: false, batchFirst: true });
  assert.deepEqual(Object.entries(cross.stateDict()).map(([k, t]) => `${k} ${t.shape}`), ['qProjWeight 4,4', 'kProjWeight 4,3', 'vProjWeight 4,5', 'outProj.weight 4,4']);
  const [out, w] = cross.forward(randn([2, 3, 4]), randn([2, 6, 3]), randn([2, 6, 5]));
  assert.deepEqual([out.shape, w!.shape], [[2, 3, 4], [2, 3, 6]]);
});

test('gradcheck through MultiheadAttention with padding and causal masks (float64)', () => {
  manualSeed(9);
  const m = new nn.MultiheadAttention(4, 2, { batchFirst: true, dtype: 'float64' });
  const pad = tensor([[0, 0, 1], [0, 0, 0]], { dtype: 'bool' });
  const x = f64([2, 3, 4], true), y = f64([2, 3, 4], true);
  assert.ok(gradcheck((a, b) => m.forward(a, b, b, { keyPaddingMask: pad, isCausal: true })[0], [x, y]).passed);
});

test('MultiheadAttention errors', () => {
  assert.throws(() => new nn.MultiheadAttention(6, 4), /embedDim 6 must be divisible by numHeads 4/);
  const m = new nn.MultiheadAttention(4, 2);
  const x = zeros([3, 2, 4]);
  assert.throws(() => m.forward(zeros([3, 2, 5]), x, x), (e: Error) => e instanceof ShapeError && /query \[3, 2, 5\]/.test(e.message));
  assert.throws(() => m.forward(x, zeros([3, 4]), x), /all be 3-D \(batched\) or all 2-D/);
  assert.throws(() => m.forward(x, x, x, { attnMask: zeros([3, 4]) }), /attnMask \[3, 4\] must be \(L, S\) = \[3, 3\] or \(N·numHeads, L, S\) = \[4, 3, 3\]/);
  assert.throws(() => m.forward(x, x, x, { keyPaddingMask: zeros([3, 2], { dtype: 'bool' }) }), /keyPaddingMask \[3, 2\] must be \[2, 3\]/);
});

// ---- TransformerBlock ----

test('TransformerBlock is x + attn(ln1(x)) then + mlp(ln2(x)), and causal blocks ignore the future', () => {
  manualSeed(10);
  const block = new nn.TransformerBlock(8, 2, { causal: true });
  assert.deepEqual(Object.keys(block.stateDict()), [
    'ln1.weight', 'ln1.bias', 'attn.inProjWeight', 'attn.inProjBias', 'attn.outProj.weight', 'attn.outProj.bias',
    'ln2.weight', 'ln2.bias', 'mlp.0.weight', 'mlp.0.bias', 'mlp.2.weight', 'mlp.2.bias',
  ]);
  assert.deepEqual(block.stateDict()['mlp.0.weight'].shape, [32, 8]);
  const x = randn([2, 5, 8]);
  const y = block.forward(x);
  assert.deepEqual(y.shape, [2, 5, 8]);

  // The formula, spelled out with functional ops and the block's own parameters.
  const p = block.stateDict();
  const h = layerNorm(x, [8], p['ln1.weight'], p['ln1.bias']);
  const mask = zeros([5, 5]).maskedFill(tensor([0, 1, 2, 3, 4]).unsqueeze(0).gt(tensor([0, 1, 2, 3, 4]).unsqueeze(1)), -Infinity);
  const x1 = x.add(mhaByHand(block.attn, h, h, h, mask).out);
  const h2 = layerNorm(x1, [8], p['ln2.weight'], p['ln2.bias']);
  const want = x1.add(linear(gelu(linear(h2, p['mlp.0.weight'], p['mlp.0.bias'])), p['mlp.2.weight'], p['mlp.2.bias']));
  close(y, flat(want), 1e-5, 'block');

  const later = x.clone();
  noGrad(() => later.narrow(1, 3, 2).mul_(-2));
  const y2 = block.forward(later);
  close(y2.narrow(1, 0, 3), flat(y.narrow(1, 0, 3).contiguous()), 1e-6, 'positions 0..2 unchanged');
  const plain = new nn.TransformerBlock(8, 2);
  plain.loadStateDict(block.stateDict());
  const y3 = plain.forward(later);
  assert.ok(flat(y3.narrow(1, 0, 3).contiguous()).some((v, i) => Math.abs(v - flat(y.narrow(1, 0, 3).contiguous())[i]) > 1e-4), 'a non-causal block sees the future');
});

test('TransformerBlock dropout trains stochastic and evaluates deterministic', () => {
  manualSeed(11);
  const block = new nn.TransformerBlock(4, 1, { dropout: 0.5 });
  const x = randn([1, 3, 4]);
  const a = flat(block.forward(x)), b = flat(block.forward(x));
  assert.ok(a.some((v, i) => v !== b[i]), 'training draws new masks');
  block.eval();
  assert.deepEqual(flat(block.forward(x)), flat(block.forward(x)));
  assert.throws(() => new nn.TransformerBlock(4, 3), ValueError);
});
