// Choosing a backend: the default, switching by name, the error for an unknown one, and the
// readiness promise browser main threads await before asking for wasm.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setBackend, getBackendName, backendReady, tensor } from '../../engine/index.ts';

test('backendReady resolves, and then wasm is the default and selectable', async () => {
  await backendReady();
  assert.equal(getBackendName(), 'wasm');
  setBackend('js');
  try {
    assert.equal(getBackendName(), 'js');
    assert.deepEqual(tensor([1, 2]).add(1).toArray(), [2, 3]);
  } finally {
    setBackend('wasm');
  }
  assert.equal(getBackendName(), 'wasm');
});

test('an unknown backend name is refused and lists the available ones', () => {
  assert.throws(() => setBackend('cuda'), /unknown backend 'cuda' \(available: js, wasm\)/);
  assert.equal(getBackendName(), 'wasm');
});
