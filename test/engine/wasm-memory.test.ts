// The wasm backend's memory stays flat. Outside any scope, kernels work in one scratch block that
// only grows to the largest call. Inside tidy() (and fit(), which runs each step in one) tensors
// live in wasm memory and are freed when the step ends, so 10,000 steps need no more memory than
// the first 100; what escapes a scope is freed by garbage collection, and a tensor used after its
// scope freed it is refused by name rather than read.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import {
  manualSeed, randn, randint, setBackend, getBackendName, setNumThreads, getNumThreads, noGrad, linear, crossEntropy, tidy, keep, stepScopes, fit, nn, optim,
  LifetimeError, ValueError, type Tensor,
} from '../../engine/index.ts';
import { wasmMemoryBytes } from '../../engine/backend/index.ts';

/**
 * Runs fn on the wasm backend with one thread, then restores the backend and thread count. One
 * thread: a thread pool that finishes starting mid-test (it starts asynchronously) gives the
 * scratch block a workspace per thread, growth these tests are not about.
 */
async function onWasm<T>(fn: () => T | Promise<T>): Promise<T> {
  const before = getBackendName(), threads = getNumThreads();
  setBackend('wasm');
  setNumThreads(1);
  try {
    return await fn();
  } finally {
    setNumThreads(threads);
    setBackend(before);
  }
}

/** 4 → 16 → 3 MLP parameters and one batch of 8: tiny, so the tests are about memory, not arithmetic. */
function tinyMlp() {
  manualSeed(0);
  const params: Tensor[] = [randn([16, 4]).mul(0.5), randn([16]).mul(0.1), randn([3, 16]).mul(0.5), randn([3]).mul(0.1)];
  for (const p of params) p.requiresGrad = true;
  const x = randn([8, 4]), y = randint(0, 3, [8]);
  const [w1, b1, w2, b2] = params;
  /** One SGD step; returns the loss before it. */
  const step = (): number => {
    const loss = crossEntropy(linear(linear(x, w1, b1).relu(), w2, b2), y);
    for (const p of params) p.grad = null;
    loss.backward();
    noGrad(() => { for (const p of params) p.sub_(p.grad!.mul(0.05)); });
    return loss.item();
  };
  return { params, step };
}

test('10,000 MLP training steps outside any scope keep WebAssembly memory flat after the first 100', () => onWasm(() => {
  const mlp = tinyMlp();
  let afterWarmup = 0, first = Infinity, last = Infinity;
  for (let step = 0; step < 10_000; step++) {
    const loss = mlp.step();
    if (step === 0) first = loss;
    if (step === 99) afterWarmup = wasmMemoryBytes();
    if (step === 9_999) last = loss;
  }
  assert.ok(afterWarmup > 0, 'the wasm backend holds memory');
  assert.equal(wasmMemoryBytes(), afterWarmup, 'memory grew after step 100');
  assert.ok(last < first * 0.5, `the MLP trained (loss ${first} → ${last})`);
}));

test('inside scopes, tensors live in wasm memory: same losses bit for bit, and 10,000 steps keep memory flat', () => onWasm(() => {
  const plain = tinyMlp(), scoped = tinyMlp();
  // stepScopes, as fit() uses them: each step's gradients survive it (the parameters reach them)
  // and are freed at the end of the next step, once step() has replaced them.
  const scopes = stepScopes([scoped.params]);
  for (let i = 0; i < 300; i++) assert.equal(scopes.step(() => scoped.step()), plain.step(), `step ${i}`);
  if (typeof SharedArrayBuffer !== 'undefined') {
    tidy(() => assert.ok(scoped.params[0].matmul(scoped.params[0].mT).data.buffer instanceof SharedArrayBuffer, 'a result inside tidy() is not in wasm memory'));
  }
  let afterWarmup = 0;
  for (let i = 0; i < 10_000; i++) {
    scopes.step(() => scoped.step());
    if (i === 99) afterWarmup = wasmMemoryBytes();
  }
  scopes.close();
  assert.equal(wasmMemoryBytes(), afterWarmup, 'memory grew after step 100');
  assert.ok(scoped.params.every((p) => Number.isFinite(p.grad!.sum().item())), 'the last gradients outlive the loop');
}));

test('fit() frees each step: 10,000 Adam steps of an nn.Sequential MLP keep memory flat', () => onWasm(async () => {
  manualSeed(1);
  const model = new nn.Sequential(new nn.Linear(4, 16), new nn.ReLU(), new nn.Linear(16, 3));
  const x = randn([8, 4]), y = randint(0, 3, [8]);
  const steps = 10_000;
  const train = { length: steps, *[Symbol.iterator]() { for (let i = 0; i < steps; i++) yield [x, y] as [Tensor, Tensor]; } };
  let afterWarmup = 0, first = NaN, last = NaN;
  await fit(model, {
    train, epochs: 1, loss: crossEntropy, optimizer: new optim.Adam(model.parameters(), { lr: 0.01 }),
    onEvent: (e) => {
      if (e.type !== 'step') return;
      if (e.step === 1) first = e.loss;
      if (e.step === 100) afterWarmup = wasmMemoryBytes();
      last = e.loss;
    },
  });
  assert.ok(afterWarmup > 0);
  assert.equal(wasmMemoryBytes(), afterWarmup, 'memory grew after step 100');
  assert.ok(last < first * 0.5, `the MLP trained (loss ${first} → ${last})`);
}));

test('what a scope returns, keeps, or roots reach survives it; a tensor that escaped otherwise is refused by name', () => onWasm(() => {
  manualSeed(2);
  const a = randn([64]);
  const holder: { cache?: Tensor } = {};
  let escaped: Tensor | undefined;
  const { returned, kept } = tidy(() => {
    escaped = a.add(1);
    holder.cache = a.mul(4);
    return { returned: a.mul(2), kept: keep(a.mul(3)) };
  }, [holder]);
  // Fill memory the freed tensor had with other values, as the next training step would.
  tidy(() => [a.neg(), a.neg(), a.neg()]);
  const expect = (t: Tensor, scale: number) => assert.deepEqual(t.toArray(), a.mul(scale).toArray());
  expect(returned, 2);
  expect(kept, 3);
  expect(holder.cache!, 4);
  assert.throws(() => escaped!.sum(), (e: Error) => e instanceof LifetimeError && /used after the tidy\(\) scope/.test(e.message) && /\[64\]/.test(e.message));
  assert.throws(() => escaped!.toArray(), LifetimeError);
  assert.throws(() => tidy(() => escaped!.select(0, 0)).item(), LifetimeError);
  assert.throws(() => tidy(() => Promise.resolve(1) as unknown as number), (e: Error) => e instanceof ValueError && /synchronous/.test(e.message));
}));

test('garbage collection frees the tensors scopes let out, once nothing references them', () => onWasm(async () => {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  const collect = async () => {
    for (let i = 0; i < 3; i++) {
      gc();
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  manualSeed(3);
  const big = randn([256 * 1024]); // 1 MiB
  // Each result is returned by its scope (so not freed by it), then dropped at once.
  const round = () => { for (let i = 0; i < 40; i++) tidy(() => big.mul(2)); };
  round();
  await collect();
  const settled = wasmMemoryBytes();
  for (let r = 0; r < 3; r++) {
    round();
    await collect();
  }
  assert.equal(wasmMemoryBytes(), settled, 'the 40 MiB dropped each round was not reused');
}));

test('toTypedArray() inside a scope hands back an array of the caller\'s own, which outlives the scope', () => onWasm(() => {
  manualSeed(4);
  const a = randn([8, 8]);
  const values = tidy(() => {
    const t = a.mT.contiguous().mul(2); // a copy and a product, both in wasm memory while the scope is open
    if (typeof SharedArrayBuffer !== 'undefined') assert.ok(t.data.buffer instanceof SharedArrayBuffer, 'the product is not in wasm memory');
    return t.toTypedArray();
  });
  tidy(() => [a.neg(), a.neg(), a.neg()]); // reuse the freed memory
  assert.ok(!(values.buffer instanceof SharedArrayBuffer));
  assert.deepEqual(Array.from(values), Array.from(a.mT.mul(2).toTypedArray()));
}));

test('stepScopes: a graph the roots still hold across steps keeps what it saved until backward runs', () => onWasm(() => {
  manualSeed(5);
  const w = randn([4, 4]).requiresGrad_();
  const state: { h: Tensor | null } = { h: null };
  const scopes = stepScopes([state, w]);
  // Two steps build one graph through state.h (no detach), as full backpropagation through time does.
  scopes.step(() => { state.h = randn([4]).matmul(w).tanh(); });
  scopes.step(() => { state.h = state.h!.matmul(w).tanh(); });
  scopes.step(() => { state.h!.sum().backward(); });
  assert.ok(Number.isFinite(w.grad!.sum().item()), 'backward ran through both steps');
}));

test('keep() holds a tensor an earlier step made, once the roots let go of it', () => onWasm(() => {
  manualSeed(6);
  const a = randn([32]);
  const model: { cache: Tensor | null } = { cache: null };
  const scopes = stepScopes([model]);
  scopes.step(() => { model.cache = a.mul(3); }); // survives: the root reaches it
  let saved: Tensor | undefined, dropped: Tensor | undefined;
  scopes.step(() => {
    saved = keep(model.cache!); // made by the step before
    model.cache = a.mul(4);
  });
  scopes.step(() => {
    dropped = model.cache!; // not kept: swept once the root lets go
    model.cache = null;
  });
  scopes.step(() => [a.neg(), a.neg(), a.neg()]); // reuse freed memory
  assert.deepEqual(saved!.toArray(), a.mul(3).toArray());
  assert.throws(() => dropped!.sum(), LifetimeError);
}));
