// The engine in headless Chromium: on the page's main thread (how the wasm backend loads there, and
// that it agrees with the js backend) and in a cross-origin-isolated page's Worker (threads give
// bit-identical results, and seeded training gives the same losses as in Node). Chromium: ./chromium.ts.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getBackendName, setBackend, getWasmKernels } from '../../engine/index.ts';
import { openHarness, type BrowserHarness } from './harness.ts';
import { mlpLosses, threadedOps, type Named } from './page/workloads.ts';

/** Largest |a−b| / (1 + |b|) over two equally long arrays. */
function maxRelDiff(a: readonly number[], b: readonly number[], what: string): number {
  assert.equal(a.length, b.length, `${what}: lengths differ`);
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]) / (1 + Math.abs(b[i])));
  assert.ok(Number.isFinite(worst), `${what}: non-finite values`);
  return worst;
}

function assertClose(got: Named, want: Named, tol: number, what: string): void {
  assert.deepEqual(Object.keys(got).sort(), Object.keys(want).sort(), `${what}: outputs`);
  for (const key of Object.keys(want)) {
    const d = maxRelDiff(got[key], want[key], `${what} ${key}`);
    assert.ok(d <= tol, `${what} ${key}: differs by ${d.toExponential(2)} (relative), more than ${tol}`);
  }
}

test('the engine in Chromium: main thread and a cross-origin-isolated worker', { timeout: 120_000 }, async (t) => {
  const h: BrowserHarness = await openHarness();
  t.after(() => h.close());

  await t.test('main thread: the wasm backend loads synchronously, never splits work, and matches js', async () => {
    const r = await h.mainThread();
    t.diagnostic(`main thread: backend '${r.initialBackend}' as the page's code starts; early setBackend('wasm'): ${r.earlySetBackendError || 'ok'}`);
    assert.equal(r.crossOriginIsolated, true, 'the harness page is served with COOP/COEP');
    // This Chromium accepts a synchronous compile of the 24 KB module on the main thread (older ones
    // refused anything over 4 KB), so the engine's sync path works here and the async one is a fallback.
    assert.equal(r.initialBackend, 'wasm', 'the synchronous wasm load on the main thread failed; the engine fell back to js or the async compile');
    assert.equal(r.earlySetBackendError, '');
    assert.equal(r.backend, 'wasm');
    assert.equal(r.threadsAfterSetTwo, 1, 'the main thread may not block in Atomics.wait, so it never splits work');
    assertClose(r.wasm, r.js, 1e-5, 'main thread wasm vs js');
    // The async path (loadWasmBackendAsync) compiles the same bytes: the same kernels, bit for bit.
    assert.deepEqual(r.asyncWasm, r.wasm, 'async-compiled wasm vs sync-compiled wasm');
  });

  await t.test('worker: isolated, wasm, two threads bit-identical to one and close to js', async () => {
    const env = await h.ask({ type: 'env' });
    assert.equal(env.crossOriginIsolated, true);
    assert.equal(env.backend, 'wasm', 'a worker compiles the module synchronously at load');
    assert.equal(env.kernels, 'relaxed', "Chromium has WebAssembly relaxed SIMD, so 'auto' picks the fused multiply-add kernels");
    assert.ok(env.threadsAfterSetTwo >= 2, `getNumThreads() after setNumThreads(2) is ${env.threadsAfterSetTwo}`);

    const r = await h.ask({ type: 'threaded', threads: [1, 2] });
    // Without a live helper the caller does every chunk itself and the comparison below proves nothing.
    assert.ok(r.helpersSpawned >= 1, 'the thread pool started a helper Worker');
    assert.ok(r.helpersWaiting >= 1, 'the helper Worker booted and waits for tasks');
    for (const key of Object.keys(r.results[1])) assert.deepEqual(r.results[2][key], r.results[1][key], `${key}: 2 threads vs 1`);
    // float32 sums in another order than js: the longest, dw's 8 images × 256 pixels = 2048 products
    // per entry, may drift by about 2048 · 2^-24 ≈ 1.2e-4 relative.
    assertClose(r.results[1], r.results.js, 1.2e-4, 'worker wasm vs js');
    // Node against the browser on the same build of the kernels (Node 20 has only portable without
    // a flag): fused and unfused multiply-adds round differently, which the 1.2e-4 above allows.
    const kernels = getWasmKernels() ?? 'portable';
    const browser = (await h.ask({ type: 'threaded', threads: [1], kernels })).results[1];
    const previous = getBackendName();
    setBackend('wasm');
    try {
      const node = threadedOps();
      const same = Object.keys(node).every((k) => node[k].every((v, i) => v === browser[k][i]));
      t.diagnostic(`browser wasm vs Node wasm (${kernels} kernels in both): ${same ? 'bit-identical' : 'close, not bit-identical'}`);
      assertClose(browser, node, 1e-6, 'browser wasm vs Node wasm');
    } finally {
      setBackend(previous);
    }
  });

  await t.test('seeded MLP training gives the same 20 losses in the browser worker as in Node', async () => {
    const browser = await h.ask({ type: 'mlp' });
    const previous = getBackendName();
    setBackend('wasm');
    let node: number[];
    try {
      node = mlpLosses();
    } finally {
      setBackend(previous);
    }
    assert.equal(browser.length, 20);
    assert.ok(node[19] < node[0], `training lowers the loss (${node[0]} → ${node[19]})`);
    browser.forEach((loss, i) => assert.ok(Math.abs(loss - node[i]) <= 1e-5, `step ${i}: browser ${loss}, Node ${node[i]}`));
    t.diagnostic(`losses ${node[0].toFixed(4)} → ${node[19].toFixed(4)}; browser ${browser.every((l, i) => l === node[i]) ? 'bit-identical to' : 'within 1e-5 of'} Node`);
  });

  assert.deepEqual(h.errors, [], 'no page, worker or console errors');
});
