// The wasm backend's memory stays flat: kernels work in one scratch arena that only grows to the
// largest call, so 10,000 training steps need no more wasm memory than the first 100.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { manualSeed, randn, randint, setBackend, getBackendName, noGrad, linear, crossEntropy, type Tensor } from '../../engine/index.ts';
import { wasmMemoryBytes } from '../../engine/backend/index.ts';

test('10,000 MLP training steps on wasm keep WebAssembly memory flat after the first 100', () => {
  const before = getBackendName();
  setBackend('wasm');
  try {
    manualSeed(0);
    // 4 → 16 → 3, batch 8: tiny, so the test is about the memory, not the arithmetic.
    const params: Tensor[] = [randn([16, 4]).mul(0.5), randn([16]).mul(0.1), randn([3, 16]).mul(0.5), randn([3]).mul(0.1)];
    for (const p of params) p.requiresGrad = true;
    const x = randn([8, 4]);
    const y = randint(0, 3, [8]);
    const [w1, b1, w2, b2] = params;
    let afterWarmup = 0, first = Infinity, last = Infinity;
    for (let step = 0; step < 10_000; step++) {
      const loss = crossEntropy(linear(linear(x, w1, b1).relu(), w2, b2), y);
      for (const p of params) p.grad = null;
      loss.backward();
      noGrad(() => { for (const p of params) p.sub_(p.grad!.mul(0.05)); });
      if (step === 0) first = loss.item();
      if (step === 99) afterWarmup = wasmMemoryBytes();
      if (step === 9_999) last = loss.item();
    }
    assert.ok(afterWarmup > 0, 'the wasm backend holds memory');
    assert.equal(wasmMemoryBytes(), afterWarmup, 'memory grew after step 100');
    assert.ok(last < first * 0.5, `the MLP trained (loss ${first} → ${last})`);
  } finally {
    setBackend(before);
  }
});
