// The wasm backend: the js reference kernels, with float32 kernels in WebAssembly SIMD taking over
// where they apply (other dtypes and layouts fall through to js). Tensors stay in JS typed arrays;
// each wasm kernel copies its inputs into a scratch arena in wasm memory and its result out.

import type { Backend } from '../backend.ts';
import { jsBackend } from '../js/index.ts';
import { Arena } from './arena.ts';
import { loadKernels, loadKernelsAsync, type Kernels } from './instance.ts';
import { attachKernels } from './threads.ts';
import type { WasmContext } from './context.ts';
import { matmulKernels } from './matmul.ts';
import { convKernels } from './conv.ts';
import { elementwiseKernels } from './elementwise.ts';
import { reduceKernels } from './reduce.ts';
import { poolKernels } from './pool.ts';
import { lossKernels } from './losses.ts';

export { setNumThreads, getNumThreads } from './threads.ts';

let loaded: Kernels | null = null;

/** Bytes of WebAssembly memory the wasm backend holds now (0 before it loads): its arena's high-water mark. */
export const wasmMemoryBytes = (): number => loaded?.memory.buffer.byteLength ?? 0;

export function createWasmBackend(kernels: Kernels): Backend {
  loaded = kernels;
  attachKernels(kernels);
  const ctx: WasmContext = {
    k: kernels.exports,
    arena: new Arena(kernels.memory),
    js: jsBackend,
    gemmWorkspace: kernels.exports.GEMM_WORKSPACE.value,
  };
  return {
    ...jsBackend,
    name: 'wasm',
    ...matmulKernels(ctx),
    ...convKernels(ctx),
    ...elementwiseKernels(ctx),
    ...reduceKernels(ctx),
    ...poolKernels(ctx),
    ...lossKernels(ctx),
  };
}

/** The wasm backend, built synchronously; null where WebAssembly SIMD is unavailable or a sync compile is refused. */
export function loadWasmBackend(): Backend | null {
  const kernels = loadKernels();
  return kernels ? createWasmBackend(kernels) : null;
}

/** The wasm backend, compiled asynchronously (the browser main thread's way). */
export const loadWasmBackendAsync = async (): Promise<Backend> => createWasmBackend(await loadKernelsAsync());
