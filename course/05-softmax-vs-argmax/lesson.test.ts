// Lesson 05's tests: the contract every lesson meets (lab/testing/lesson-contract.node.ts), then the
// facts certain by construction as unit tests: the seed example's argmax, softmax's sums, shift and
// temperature invariances, the honest argmax one-hot and its zero gradient, the straight-through
// forward value, and softmax's slope rounding to 0 in float32.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import lesson from './index.ts';
import { SEED_EXAMPLE } from './argmax-explorer.ts';
import { hardOneHot } from './train-through-argmax.ts';
import { GAPS } from './overflow.ts';
import { grad, hardmax, softmax, tensor, randn, manualSeed, mseLoss } from '../../engine/index.ts';
import { lessonContract } from '../../lab/testing/lesson-contract.node.ts';

const { cachedRun } = lessonContract(lesson, import.meta.url, {
  prerequisites: ['what-is-a-neural-network', 'optimization-vs-learning'],
  words: [1500, 3000],
  predictCards: [1, 2],
  badConfigs: [
    ['train-through-argmax', { steps: -5 }, /'steps' must be an integer from 10 to 3000, got -5/],
    ['train-through-argmax', { probeSize: 0 }, /'probeSize' must be a number from/],
    ['overflow', { dtype: 'int8' }, /'dtype' must be one of float32, float64, got "int8"/],
    ['argmax-explorer', { temperature: 0 }, /'temperature' must be a number from 0.05 to 20/],
  ],
});

// First position of the largest value: the convention PyTorch, NumPy and the engine share for ties.
const firstMax = (xs: readonly number[]): number => xs.reduce((best, v, i) => (v > xs[best]! ? i : best), 0);
const values = (t: { toTypedArray(): ArrayLike<number | bigint> }) => Array.from(t.toTypedArray(), Number);

test('the seed example: the engine’s argmax matches the definition, flattened and along each dim', async () => {
  const x = SEED_EXAMPLE.map((r) => [...r]);
  const want: Record<string, number> = { 'argmax.flat': firstMax(x.flat()) };
  for (let j = 0; j < 3; j++) want[`argmax.dim0.${j}`] = firstMax(x.map((row) => row[j]!));
  x.forEach((row, i) => (want[`argmax.dim1.${i}`] = firstMax(row)));
  Object.assign(want, { 'argmax.dim0.keepdimRows': 1, 'argmax.dim0.keepdimCols': 3, 'argmax.dim1.keepdimRows': 2, 'argmax.dim1.keepdimCols': 1 });
  // The values the notes give: 2, [1, 1, 0], [2, 1].
  assert.deepEqual([want['argmax.flat'], want['argmax.dim0.0'], want['argmax.dim0.1'], want['argmax.dim0.2'], want['argmax.dim1.0'], want['argmax.dim1.1']], [2, 1, 1, 0, 2, 1]);
  const r = await cachedRun('argmax-explorer', {}, 1);
  for (const [k, v] of Object.entries(want)) assert.equal(r.metrics[k], v, k);
  // Ties go to the first position.
  assert.equal(tensor([3, 7, 7, 1]).argmax().item(), 1);
});

test('softmax sums to 1 along its dim, ignores a shift of every logit, and keeps the argmax at every temperature', async () => {
  const r = await cachedRun('argmax-explorer', { shift: 100 }, 1);
  assert.ok(r.metrics['softmax.dim0.maxSumError']! <= 1e-6 && r.metrics['softmax.dim1.maxSumError']! <= 1e-6);
  // 1..5 + 100 stays inside [64, 128) with 1..5 in exact float32 steps, so the shifted row is computed exactly.
  assert.equal(r.metrics['shift.maxAbsDiff'], 0);
  for (const k of ['softmax.dim0.argmaxMatches', 'softmax.dim1.argmaxMatches', 'temperature.sweepArgmaxMatches', 'temperature.entropyIncreasing']) assert.equal(r.metrics[k], 1, k);
  assert.ok(r.metrics['temperature.entropyAtLowest']! < 1e-6 && Math.abs(r.metrics['temperature.entropyAtHighest']! - Math.log(3)) < 0.01);
  // A shift that crosses a power of two is rounded: close, not exact.
  const odd = await cachedRun('argmax-explorer', { shift: 123.456 }, 1);
  assert.ok(odd.metrics['shift.maxAbsDiff']! > 0 && odd.metrics['shift.maxAbsDiff']! < 1e-5);
});

test('the argmax one-hot the experiment differentiates equals hardmax, and its gradient is exactly zero', () => {
  manualSeed(3);
  const z = randn([50, 10], { requiresGrad: true });
  assert.deepEqual(values(hardOneHot(z)), values(hardmax(z.detach(), 1)));
  const y = hardmax(randn([50, 10]), 1);
  const [g] = grad(mseLoss(hardOneHot(z), y), [z]);
  assert.ok(values(g!).every((v) => v === 0));
  // Straight-through: the forward value is the one-hot exactly, the gradient is softmax's.
  const p = softmax(z, 1);
  const st = hardOneHot(z).detach().add(p.sub(p.detach()));
  assert.deepEqual(values(st), values(hardmax(z.detach(), 1)));
  const [gs] = grad(mseLoss(st, y), [z]);
  const [gp] = grad(mseLoss(softmax(z, 1), y.sub(hardOneHot(z.detach())).add(softmax(z.detach(), 1))), [z]);
  values(gs!).forEach((v, i) => assert.ok(Math.abs(v - values(gp!)[i]!) < 1e-7));
  assert.ok(values(gs!).some((v) => v !== 0));
});

test('softmax’s slope is positive in exact arithmetic but rounds to 0 once one logit leads by enough', async () => {
  const r = await cachedRun('overflow', {}, 1);
  // p₀(1 − p₀) for logits [g, 0]: 1 − p₀ ≈ e^−g is lost next to 1 below float32's ε/2 ≈ 6e-8 (g ≈ 16.6), float64's 1.1e-16 (g ≈ 36.7).
  assert.ok(r.metrics['slope.g10.float32']! > 4e-5 && r.metrics['slope.g20.float64']! > 2e-9);
  for (const g of GAPS.filter((g) => g >= 17)) assert.equal(r.metrics[`slope.g${g}.float32`], 0, `float32, gap ${g}`);
  for (const g of GAPS.filter((g) => g >= 50)) assert.equal(r.metrics[`slope.g${g}.float64`], 0, `float64, gap ${g}`);
  // exp overflows from 89 in float32: the first whole number above ln(3.4e38) ≈ 88.72.
  assert.equal(r.metrics.firstOverflowLogit, 89);
  // The Jacobian diag(p) − p pᵀ sends the all-ones vector to 0: a shift of every logit changes nothing.
  const z = tensor([0.3, -1.2, 2.0, 0.5], { dtype: 'float64' });
  const p = values(softmax(z, 0));
  const jOnes = p.map((pi) => pi - pi * p.reduce((s, pj) => s + pj, 0));
  assert.ok(jOnes.every((v) => Math.abs(v) < 1e-15));
});

test('the argmax arm’s weights never move, at any learning rate', async () => {
  const r = await cachedRun('train-through-argmax', {}, 1);
  assert.equal(r.metrics['argmax.weightChangeMax'], 0);
  assert.equal(r.metrics['argmax.testAccuracy'], r.metrics.initialTestAccuracy);
  for (let i = 0; i < 5; i++) assert.equal(r.metrics[`argmax.lr${i}.testAccuracy`], r.metrics.initialTestAccuracy);
});
