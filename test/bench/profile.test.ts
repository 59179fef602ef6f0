// bench/profile.ts's arithmetic on a made-up CPU profile (self, inclusive with recursion counted
// once, by file, unexported wasm functions named by their caller), and its wasm export names
// against V8's own list of the kernels' exports.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { summarize, wasmExports, type CpuProfile } from '../../bench/profile.ts';

const js = (functionName: string, file: string) => ({ functionName, url: `file:///somewhere/gradschool/engine/${file}` });

test('self time, inclusive time (a recursive function once) and time by file from a sampled call tree', () => {
  // root → step → (kernel → wasm helper), (GC);  root → f → f (recursion)
  const profile: CpuProfile = {
    nodes: [
      { id: 1, callFrame: { functionName: '(root)', url: '' }, children: [2, 7] },
      { id: 2, callFrame: js('step', 'tensor/tidy.ts'), children: [3, 4] },
      { id: 3, callFrame: js('kernel', 'backend/wasm/matmul.ts'), children: [6] },
      { id: 4, callFrame: { functionName: '(garbage collector)', url: '' } },
      { id: 6, callFrame: { functionName: 'wasm-function[99999]', url: 'wasm://wasm/0badc0de' } },
      { id: 7, callFrame: js('f', 'x.ts'), children: [8] },
      { id: 8, callFrame: js('f', 'x.ts') },
    ],
    samples: [3, 6, 6, 4, 2, 8, 7],
    timeDeltas: [1000, 2000, 2000, 500, 1500, 1000, 250], // µs before each sample
    startTime: 0, endTime: 8250,
  };
  const s = summarize(profile);
  const self = Object.fromEntries(s.self), incl = Object.fromEntries(s.inclusive), files = Object.fromEntries(s.files);
  assert.equal(s.totalMs, 8.25);
  assert.deepEqual(self, {
    'wasm helper #99999 (under kernel engine/backend/wasm/matmul.ts)': 4, 'step engine/tensor/tidy.ts': 1.5,
    'kernel engine/backend/wasm/matmul.ts': 1, 'f engine/x.ts': 1.25, '(garbage collector)': 0.5, '(root)': 0,
  });
  assert.equal(incl['step engine/tensor/tidy.ts'], 1.5 + 1 + 4 + 0.5);
  assert.equal(incl['kernel engine/backend/wasm/matmul.ts'], 5);
  assert.equal(incl['f engine/x.ts'], 1.25, 'the inner f is inside the outer one: counted once');
  assert.equal(incl['(root)'], 8.25);
  assert.deepEqual(files, { 'wasm kernels': 4, 'engine/tensor/tidy.ts': 1.5, 'engine/backend/wasm/matmul.ts': 1, 'engine/x.ts': 1.25, '(garbage collector)': 0.5, '(root)': 0 });
});

test('wasm function names read from the export section are exactly the functions V8 says the kernels export', () => {
  const bytes = readFileSync(new URL('../../engine/backend/wasm/kernels.wasm', import.meta.url));
  const exported = WebAssembly.Module.exports(new WebAssembly.Module(bytes)).filter((e) => e.kind === 'function').map((e) => e.name);
  const names = [...wasmExports().values()];
  assert.ok(exported.length > 5);
  assert.deepEqual(names.sort(), exported.sort());
});
