// ONNX ops beyond the conformance list that PyTorch exports commonly, checked on hand-computed values.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tensor } from '../../engine/index.ts';
import { FLOAT, STRING, attrInt, close, runOne } from './build.ts';

const int = (v: number[]) => tensor(v, { dtype: 'int32' });
const one = (op: string, attrs: Parameters<typeof runOne>[1]['attrs'] = [], inputs = ['x']) => ({ op, inputs, outputs: ['y'], attrs });

test('activations: HardSwish, Celu, Mish, ThresholdedRelu, Gelu', () => {
  // hardswish(x) = x·clip(x + 3, 0, 6)/6
  close(runOne(14, one('HardSwish'), { x: tensor([-4, 0, 1, 4]) }), [0, 0, 4 / 6, 4]);
  // celu(x) = max(0, x) + min(0, α(e^(x/α) − 1)), α = 2
  close(runOne(12, one('Celu', [{ name: 'alpha', type: FLOAT, f: 2 }]), { x: tensor([-2, 1]) }), [2 * (Math.exp(-1) - 1), 1]);
  // mish(x) = x·tanh(ln(1 + eˣ))
  close(runOne(18, one('Mish'), { x: tensor([0, 1]) }), [0, Math.tanh(Math.log(1 + Math.E))]);
  close(runOne(10, one('ThresholdedRelu', [{ name: 'alpha', type: FLOAT, f: 1 }]), { x: tensor([0.5, 1, 2]) }), [0, 0, 2]);
  // Φ(1) = 0.841344746…; the tanh form gives 0.841191990…
  close(runOne(20, one('Gelu'), { x: tensor([1]) }), [0.8413447]);
  close(runOne(20, one('Gelu', [{ name: 'approximate', type: STRING, s: new TextEncoder().encode('tanh') }]), { x: tensor([1]) }), [0.8411920]);
});

test('Mod: fmod=0 takes the divisor\'s sign (integers), fmod=1 the dividend\'s', () => {
  assert.deepEqual(runOne(13, one('Mod', [], ['a', 'b']), { a: int([-7, 7, 6]), b: int([3, -3, 4]) }), [2, -2, 2]);
  assert.deepEqual(runOne(13, one('Mod', [attrInt('fmod', 1)], ['a', 'b']), { a: int([-7, 7]), b: int([3, -3]) }), [-1, 1]);
  close(runOne(13, one('Mod', [attrInt('fmod', 1)], ['a', 'b']), { a: tensor([5.5, -5.5]), b: tensor([2, 2]) }), [1.5, -1.5]);
});

test('CastLike truncates to the second input\'s integer type', () => {
  assert.deepEqual(runOne(15, one('CastLike', [], ['x', 'like']), { x: tensor([1.7, -1.7]), like: int([0]) }), [1, -1]);
});

test('InstanceNormalization normalizes each channel over its positions', () => {
  // channel [1, 3]: mean 2, variance 1 → [−1, 1]/√(1 + ε)·2 + 1, ε = 1e-5
  const k = 2 / Math.sqrt(1 + 1e-5);
  close(runOne(6, one('InstanceNormalization', [], ['x', 's', 'b']), { x: tensor([[[1, 3]]]), s: tensor([2]), b: tensor([1]) }), [1 - k, 1 + k]);
});

test('ScatterElements writes (or adds) updates at wrapped indices', () => {
  const node = (reduction?: string) => one('ScatterElements', reduction ? [{ name: 'reduction', type: STRING, s: new TextEncoder().encode(reduction) }] : [], ['x', 'i', 'u']);
  close(runOne(16, node(), { x: tensor([0, 0, 0]), i: int([-1, 0]), u: tensor([5, 6]) }), [6, 0, 5]);
  close(runOne(16, node('add'), { x: tensor([1, 1, 1]), i: int([0, 0]), u: tensor([2, 3]) }), [6, 1, 1]);
});
