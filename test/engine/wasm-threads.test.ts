// Threads on the wasm backend: matmul and convolution split across worker threads give the same
// numbers as one thread, the thread count is validated, and without SharedArrayBuffer the backend
// still loads (unshared memory, one thread).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { manualSeed, randn, setBackend, getBackendName, setNumThreads, getNumThreads, conv2d, grad, ValueError, type Tensor } from '../../engine/index.ts';

/** Waits until the pool can start threads (it loads node:worker_threads asynchronously). */
async function threadsReady(n: number): Promise<void> {
  setNumThreads(n);
  for (let i = 0; i < 200 && getNumThreads() !== n; i++) await new Promise((r) => setTimeout(r, 5));
  assert.equal(getNumThreads(), n);
}

function work(): Tensor[] {
  manualSeed(11);
  // Big enough to be split (several MFLOP), with edges off the 4×8 tile.
  const a = randn([130, 257]), b = randn([257, 203]);
  const x = randn([8, 4, 24, 24]), w = randn([8, 4, 3, 3]), bias = randn([8]);
  for (const t of [a, x, w]) t.requiresGrad = true;
  const y = a.matmul(b);
  const z = conv2d(x, w, bias, { padding: 1 });
  return [y, ...grad(y, [a], { gradOutput: randn(y.shape) }), z, ...grad(z, [x, w], { gradOutput: randn(z.shape) })];
}

test('matmul and conv give identical results on 1 and 3 threads', async () => {
  const before = getBackendName();
  setBackend('wasm');
  try {
    await threadsReady(1);
    const one = work();
    await threadsReady(3);
    const three = work();
    // Each chunk runs the same kernel on the same data whichever thread takes it: bit-identical.
    one.forEach((t, i) => assert.deepEqual(three[i].toTypedArray(), t.toTypedArray(), `output ${i}`));
  } finally {
    setNumThreads(1);
    setBackend(before);
  }
});

test('lowering and raising the thread count, over many back-to-back tasks, keeps results exact', async () => {
  const before = getBackendName();
  setBackend('wasm');
  try {
    manualSeed(12);
    const a = randn([96, 200]), b = randn([200, 160]); // 6 MFLOP: split into chunks
    await threadsReady(1);
    const expected = a.matmul(b).toTypedArray();
    for (const n of [3, 2, 3, 1, 2]) {
      await threadsReady(n);
      // Back to back, so workers wake for a task while the previous one is barely over.
      for (let i = 0; i < 40; i++) assert.deepEqual(a.matmul(b).toTypedArray(), expected, `${n} threads, task ${i}`);
    }
  } finally {
    setNumThreads(1);
    setBackend(before);
  }
});

test('setNumThreads rejects a count that is not a positive integer', () => {
  for (const n of [0, -1, 1.5, NaN]) assert.throws(() => setNumThreads(n), (e: Error) => e instanceof ValueError && /setNumThreads/.test(e.message));
});

test('without SharedArrayBuffer the wasm backend loads on unshared memory and runs single-threaded', () => {
  const script = `
    delete globalThis.SharedArrayBuffer;
    const g = await import(${JSON.stringify(new URL('../../engine/index.ts', import.meta.url).href)});
    g.setBackend('wasm');
    g.setNumThreads(4);
    const y = g.tensor([[1, 2], [3, 4]]).matmul(g.tensor([[5, 6], [7, 8]]));
    console.log(JSON.stringify({ y: Array.from(y.toTypedArray()), threads: g.getNumThreads() }));`;
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout.trim().split('\n').pop()!), { y: [19, 22, 43, 50], threads: 1 });
});
