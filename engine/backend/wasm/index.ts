// The wasm backend: the js reference kernels, with float32 kernels in WebAssembly SIMD taking over
// where they apply (other dtypes and layouts fall through to js). Results of wasm kernels live in
// wasm memory (heap.ts) where it is shared, so the next kernel reads them without a copy.

import type { Backend, View } from '../backend.ts';
import { isFreed } from '../scope.ts';
import { LifetimeError, fmtShape } from '../../errors.ts';
import { jsBackend } from '../js/index.ts';
import { Arena } from './arena.ts';
import { loadKernels, loadKernelsAsync, MAX_PAGES, type Kernels } from './instance.ts';
import { kernelsChoiceFromEnv, resolveKernels, type WasmKernels } from './variant.ts';
import { Heap } from './heap.ts';
import { attachKernels } from './threads.ts';
import type { WasmContext } from './context.ts';
import { matmulKernels } from './matmul.ts';
import { convKernels } from './conv.ts';
import { elementwiseKernels } from './elementwise.ts';
import { reduceKernels } from './reduce.ts';
import { poolKernels } from './pool.ts';
import { lossKernels } from './losses.ts';
import { normKernels } from './norm.ts';
import { recurrentKernels } from './recurrent.ts';
import { activationKernels } from './activations.ts';

export { setNumThreads, getNumThreads } from './threads.ts';
export { relaxedSimdSupported, checkKernelsChoice, resolveKernels, WASM_KERNEL_CHOICES, type WasmKernels, type WasmKernelsChoice } from './variant.ts';

let loaded: Kernels | null = null;

/** Bytes of WebAssembly memory the wasm backend holds now (0 before it loads): its heap's high-water mark. */
export const wasmMemoryBytes = (): number => loaded?.memory.buffer.byteLength ?? 0;

const builds = new WeakMap<Backend, WasmKernels>();

/** Which build of the kernels a wasm backend runs ('portable' or 'relaxed'); null for any other backend. */
export const kernelsOf = (b: Backend | undefined): WasmKernels | null => (b && builds.get(b)) ?? null;

/** A backend on these kernels; `replaces`: it takes over the thread pool from the one before (setWasmKernels). */
export function createWasmBackend(kernels: Kernels, replaces = false): Backend {
  loaded = kernels;
  attachKernels(kernels, replaces);
  const ctx: WasmContext = {
    k: kernels.exports,
    arena: new Arena(new Heap(kernels.memory, MAX_PAGES * 65536, kernels.shared)),
    js: jsBackend,
    gemmWorkspace: kernels.exports.GEMM_WORKSPACE.value,
  };
  const backend = guardLifetimes({
    ...jsBackend,
    name: 'wasm',
    ...matmulKernels(ctx),
    ...convKernels(ctx),
    ...elementwiseKernels(ctx),
    ...reduceKernels(ctx),
    ...poolKernels(ctx),
    ...lossKernels(ctx),
    ...normKernels(ctx),
    ...recurrentKernels(ctx),
    ...activationKernels(ctx),
  });
  builds.set(backend, kernels.variant);
  return backend;
}

/**
 * Every kernel first checks that no tensor it is given was freed by a closed tidy() scope: its
 * memory may already hold another tensor, and reading it would be a silent wrong answer.
 */
function guardLifetimes(b: Backend): Backend {
  const guarded: Record<string, unknown> = { ...b };
  for (const [name, kernel] of Object.entries(b)) {
    if (typeof kernel !== 'function') continue;
    guarded[name] = (...args: unknown[]) => {
      for (const a of args) {
        const data = (a as { data?: object } | null)?.data;
        if (data && isFreed(data)) {
          throw new LifetimeError(`${name}: a tensor of shape ${fmtShape((a as View).shape)} was used after the tidy() scope that made it closed `
            + '(fit() runs each step in one); keep(t) it, or store it on the model, to use it after the step');
        }
      }
      return kernel(...args);
    };
  }
  return guarded as unknown as Backend;
}

// Resolved when first asked, not at import: an invalid GRADSCHOOL_WASM_KERNELS is a ValueError there.
const fromEnv = (): WasmKernels => resolveKernels('GRADSCHOOL_WASM_KERNELS', kernelsChoiceFromEnv());

/**
 * The wasm backend, built synchronously with the given build of the kernels (default: what
 * GRADSCHOOL_WASM_KERNELS asks for, else 'auto'); null where WebAssembly SIMD is unavailable or a
 * sync compile is refused. kernelsOf() tells which build a backend runs.
 */
export function loadWasmBackend(variant: WasmKernels = fromEnv(), replaces = false): Backend | null {
  const kernels = loadKernels(variant);
  return kernels ? createWasmBackend(kernels, replaces) : null;
}

/** The wasm backend, compiled asynchronously (the browser main thread's way). */
export const loadWasmBackendAsync = async (variant: WasmKernels = fromEnv()): Promise<Backend> => createWasmBackend(await loadKernelsAsync(variant));
