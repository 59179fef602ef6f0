// What every wasm kernel wrapper shares: the module's exports, the scratch arena, and the js
// reference kernels to fall back on where a wasm kernel does not apply.

import type { Backend } from '../backend.ts';
import type { KernelExports } from './instance.ts';
import type { Arena } from './arena.ts';

export interface WasmContext {
  readonly k: KernelExports;
  readonly arena: Arena;
  readonly js: Backend;
  /** Bytes of packing scratch one sgemm needs (per thread). */
  readonly gemmWorkspace: number;
}
