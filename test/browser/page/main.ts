// The harness page's main thread: records how the engine's wasm backend comes up here (the main
// thread may refuse a synchronous compile), runs small ops on js, wasm and an explicitly async-compiled
// wasm, and relays requests to page/worker.ts. Node drives it through `window.harness` (see ../harness.ts).

import { getBackendName, getNumThreads, setBackend, setNumThreads } from '../../../engine/index.ts';
import { registerBackend } from '../../../engine/backend/index.ts';
import { loadWasmBackendAsync } from '../../../engine/backend/wasm/index.ts';
import { smallOps } from './workloads.ts';
import type { MainThreadReport, WorkerRequest } from './protocol.ts';

// Read before anything yields: the engine has just run its module code, nothing async has settled.
const started = performance.now();
const initialBackend = getBackendName();
let earlySetBackendError = '';
try {
  setBackend('wasm');
} catch (e) {
  earlySetBackendError = (e as Error).message;
}

async function checkMainThread(): Promise<MainThreadReport> {
  while (getBackendName() !== 'wasm' && performance.now() - started < 10_000) await new Promise((r) => setTimeout(r, 5));
  const msUntilWasm = performance.now() - started;
  const backend = getBackendName();
  setNumThreads(2);
  const threadsAfterSetTwo = getNumThreads();
  const wasm = smallOps();
  setBackend('js');
  const js = smallOps();
  // The async compile path, whichever path the engine took at load, registered under its own name.
  // It stays selected: building a second wasm backend re-points the engine's thread pool (global
  // in threads.ts) at the new module, after which the first backend's matmul reads the wrong memory.
  registerBackend({ ...(await loadWasmBackendAsync()), name: 'wasm-async' });
  setBackend('wasm-async');
  const asyncWasm = smallOps();
  return { crossOriginIsolated, initialBackend, earlySetBackendError, backend, msUntilWasm, threadsAfterSetTwo, wasm, asyncWasm, js };
}

const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
let nextId = 1;
worker.onmessage = (e) => {
  const { id, ok, value, error } = e.data;
  const p = pending.get(id);
  pending.delete(id);
  if (ok) p?.resolve(value);
  else p?.reject(new Error(`worker: ${error}`));
};
worker.onerror = (e) => {
  // A worker that fails to load fails every request it holds, rather than leaving them hanging.
  for (const p of pending.values()) p.reject(new Error(`the harness worker failed: ${e.message || 'it could not start'}`));
  pending.clear();
};

function ask(req: WorkerRequest): Promise<unknown> {
  const id = nextId++;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject });
    worker.postMessage({ id, req });
  });
}

// Once per page: a second run would build yet another wasm backend (see above).
let report: Promise<MainThreadReport> | null = null;
const mainThread = (): Promise<MainThreadReport> => (report ??= checkMainThread());

(globalThis as any).harness = { mainThread, ask };
