// Chooses the backend every op dispatches to. The js backend is the readable reference; the wasm
// backend (WebAssembly SIMD kernels) is the default wherever it loads.

import type { Backend } from './backend.ts';
import { jsBackend } from './js/index.ts';
import { loadWasmBackend, loadWasmBackendAsync } from './wasm/index.ts';

const backends = new Map<string, Backend>([['js', jsBackend]]);
let current: Backend = jsBackend;
let chosen = false; // set once the user picks a backend, so a late async load never overrides it

export const backend = (): Backend => current;

/** Switches every op to the named backend: 'js' (reference) or 'wasm' (SIMD kernels, float32). */
export function setBackend(name: string): void {
  const b = backends.get(name);
  if (!b) throw new Error(`setBackend: unknown backend '${name}' (available: ${[...backends.keys()].join(', ')})`);
  current = b;
  chosen = true;
}

export function registerBackend(b: Backend): void {
  backends.set(b.name, b);
}

export const getBackendName = (): string => current.name;

// Synchronous where the host allows (Node, workers); else compiled in the background and made the
// default when ready, unless a backend was chosen meanwhile. `backendReady()` settles either way.
let ready: Promise<void> = Promise.resolve();
const wasm = loadWasmBackend();
if (wasm) {
  registerBackend(wasm);
  current = wasm;
} else if (typeof WebAssembly !== 'undefined') {
  ready = loadWasmBackendAsync().then((b) => {
    registerBackend(b);
    if (!chosen) current = b;
  }, () => { /* no SIMD here: js stays */ });
}

/**
 * Resolves once every backend this host can load is registered. Only a browser's main thread ever
 * waits (it may refuse to compile wasm synchronously); await it before `setBackend('wasm')` there.
 */
export const backendReady = (): Promise<void> => ready;

export { setNumThreads, getNumThreads, wasmMemoryBytes } from './wasm/index.ts';
export type { Backend, View, UnaryOp, BinaryOp, ReduceOp } from './backend.ts';
