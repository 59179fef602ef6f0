// Chooses the backend every op dispatches to. The js backend is the readable reference; the wasm
// backend (WebAssembly SIMD kernels) is the default wherever it loads.

import type { Backend } from './backend.ts';
import { jsBackend } from './js/index.ts';
import { loadWasmBackend, loadWasmBackendAsync, kernelsOf, checkKernelsChoice, resolveKernels, type WasmKernels } from './wasm/index.ts';

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
    if (backends.has('wasm')) return; // setWasmKernels built one meanwhile: the user's choice stands
    registerBackend(b);
    if (!chosen) current = b;
  }, () => { /* no SIMD here: js stays */ });
}

/**
 * Picks the build of the wasm backend's kernels: 'relaxed' (fused multiply-add through WebAssembly
 * relaxed SIMD: faster, results differ from 'portable' in the last bits), 'portable' (SIMD128, the
 * same bits on every host) or 'auto' (relaxed where the host has it; the default). Node reads the
 * same choice from GRADSCHOOL_WASM_KERNELS at start-up. Switching builds a new wasm backend: tensors
 * made before stay valid (they are copied in when used). Throws ValueError for an unknown choice,
 * and for 'relaxed' where the host lacks relaxed SIMD.
 */
export function setWasmKernels(choice: 'auto' | 'portable' | 'relaxed'): void {
  const want = resolveKernels('setWasmKernels', checkKernelsChoice('setWasmKernels', choice));
  const before = backends.get('wasm');
  if (kernelsOf(before) === want) return;
  const b = loadWasmBackend(want, true);
  if (!b) throw new Error(`setWasmKernels: the ${want} kernels cannot compile synchronously here (a browser's main thread: switch in a worker)`);
  registerBackend(b);
  if (current === before) current = b;
}

/** Which build of the kernels the wasm backend runs: 'relaxed', 'portable', or null before it loads (see setWasmKernels). */
export const getWasmKernels = (): WasmKernels | null => kernelsOf(backends.get('wasm'));

/**
 * Resolves once every backend this host can load is registered. Only a browser's main thread ever
 * waits (it may refuse to compile wasm synchronously); await it before `setBackend('wasm')` there.
 */
export const backendReady = (): Promise<void> => ready;

export { setNumThreads, getNumThreads, wasmMemoryBytes } from './wasm/index.ts';
export type { Backend, View, UnaryOp, BinaryOp, ReduceOp } from './backend.ts';
