// Loads the kernels module: decodes the embedded bytes, makes a WebAssembly memory (shared where
// threads can use it) and instantiates synchronously. The browser main thread may refuse a
// synchronous compile of a module this size; loadKernelsAsync() is the way there.

import { kernelsWasmBase64 } from './kernels-wasm.ts';
import { kernelsRelaxedWasmBase64 } from './kernels-relaxed-wasm.ts';
import type { WasmKernels } from './variant.ts';

/** The most memory the module may grow to, in 64 KiB pages (its import declares this maximum). */
export const MAX_PAGES = 32768;

export interface KernelExports {
  sgemm(a: number, b: number, c: number, m: number, n: number, k: number, lda: number, ldb: number, ldc: number,
    transA: number, transB: number, accumulate: number, ws: number): void;
  /** sgemm with B packed once by packBWhole (an LSTM's recurrent weight, reused every time step). */
  sgemmPackedB(a: number, packed: number, c: number, m: number, n: number, k: number, lda: number, ldc: number,
    transA: number, accumulate: number, ws: number): void;
  packBWhole(b: number, ldb: number, transB: number, k: number, n: number, dst: number): void;
  packedBBytes(k: number, n: number): number;
  /** Runs chunk `chunk` of the task of `kind` described at `desc`, on workspace slot `thread`. */
  run(kind: number, desc: number, chunk: number, thread: number): void;
  sumPartials(src: number, count: number, len: number, dst: number): void;
  binary(op: number, a: number, b: number, out: number, d0: number, d1: number, d2: number,
    sa0: number, sa1: number, sa2: number, sb0: number, sb1: number, sb2: number): void;
  compare(op: number, a: number, b: number, out: number, d0: number, d1: number, d2: number,
    sa0: number, sa1: number, sa2: number, sb0: number, sb1: number, sb2: number): void;
  unary(op: number, x: number, out: number, n: number): void;
  where(cond: number, a: number, b: number, out: number, d0: number, d1: number, d2: number,
    sc0: number, sc1: number, sc2: number, sa0: number, sa1: number, sa2: number, sb0: number, sb1: number, sb2: number): void;
  reduce(op: number, x: number, outer: number, len: number, inner: number, out: number): void;
  maxPool(desc: number): void;
  maxPoolBackward(dy: number, indices: number, planes: number, outPlane: number, inPlane: number, dx: number): void;
  /** Reads its shapes and addresses from the descriptor at `desc` (see assembly/pool.ts). */
  avgPool(desc: number): void;
  avgPoolBackward(desc: number): void;
  softmaxCrossEntropy(x: number, target: number, n: number, c: number, ignoreIndex: number, losses: number, probs: number): void;
  softmaxCrossEntropyBackward(probs: number, target: number, dy: number, n: number, c: number, ignoreIndex: number, dx: number): void;
  softmaxRows(x: number, rows: number, len: number, log: number, y: number): void;
  standardizeRows(x: number, rows: number, len: number, eps: number, y: number, mean: number, rstd: number): void;
  standardizeRowsBackward(dy: number, y: number, rstd: number, rows: number, len: number, dx: number): void;
  gelu(x: number, out: number, n: number): void;
  geluBackward(dy: number, x: number, out: number, n: number): void;
  lstmCell(z: number, cPrev: number, c: number, h: number, n: number, hidden: number): void;
  lstmCellBackward(gates: number, c: number, cPrev: number, dhOut: number, dhRec: number, dcOut: number, dcRec: number, dz: number, n: number, hidden: number): void;
  readonly GEMM_WORKSPACE: WebAssembly.Global;
}

export interface Kernels {
  readonly exports: KernelExports;
  readonly memory: WebAssembly.Memory;
  /** The module bytes as instantiated here (workers compile the same bytes on the same memory). */
  readonly bytes: Uint8Array;
  readonly shared: boolean;
  /** Which build of the kernels this is (see variant.ts). */
  readonly variant: WasmKernels;
}

function decode(b64: string): Uint8Array {
  const s = atob(b64);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

/**
 * The same module importing an unshared memory: clears the shared bit of the memory import's
 * limits (flags 0x03 → 0x01, same length), for hosts without SharedArrayBuffer.
 */
export function unshareMemoryImport(bytes: Uint8Array): Uint8Array {
  const out = bytes.slice();
  let p = 8; // past the magic number and version
  const leb = (): number => {
    let v = 0;
    for (let shift = 0; ; shift += 7) {
      const b = out[p++];
      v |= (b & 0x7f) << shift;
      if (b < 0x80) return v >>> 0;
    }
  };
  while (p < out.length) {
    const id = out[p++];
    const size = leb();
    if (id !== 2) { p += size; continue; }
    for (let count = leb(); count > 0; count--) {
      for (let name = 0; name < 2; name++) { // module and field names; leb() moves p, so read it first
        const len = leb();
        p += len;
      }
      const kind = out[p++];
      if (kind === 2) {
        if (out[p] & 2) out[p] &= ~2;
        return out;
      }
      if (kind === 0) leb();
      else if (kind === 1) { p++; const f = out[p++]; leb(); if (f & 1) leb(); }
      else p += 2;
    }
    break;
  }
  throw new Error('wasm backend: the kernels module has no memory import');
}

function memoryFor(bytes: Uint8Array): { memory: WebAssembly.Memory; bytes: Uint8Array; shared: boolean } {
  try {
    if (typeof SharedArrayBuffer !== 'undefined') {
      return { memory: new WebAssembly.Memory({ initial: 17, maximum: MAX_PAGES, shared: true }), bytes, shared: true };
    }
  } catch { /* a host that has SharedArrayBuffer but refuses shared memories: fall through */ }
  return { memory: new WebAssembly.Memory({ initial: 17, maximum: MAX_PAGES }), bytes: unshareMemoryImport(bytes), shared: false };
}

const instantiate = (module: WebAssembly.Module, m: ReturnType<typeof memoryFor>, variant: WasmKernels): Kernels => ({
  exports: new WebAssembly.Instance(module, { env: { memory: m.memory } }).exports as unknown as KernelExports,
  memory: m.memory,
  bytes: m.bytes,
  shared: m.shared,
  variant,
});

const moduleBytes = (variant: WasmKernels): Uint8Array => decode(variant === 'relaxed' ? kernelsRelaxedWasmBase64 : kernelsWasmBase64);

/** The kernels, compiled synchronously; null where WebAssembly (with SIMD; relaxed SIMD for 'relaxed') is missing or refuses. */
export function loadKernels(variant: WasmKernels = 'portable'): Kernels | null {
  if (typeof WebAssembly === 'undefined') return null;
  try {
    const m = memoryFor(moduleBytes(variant));
    return instantiate(new WebAssembly.Module(m.bytes as BufferSource), m, variant);
  } catch {
    return null;
  }
}

/** The kernels, compiled off the calling thread (for the browser main thread). */
export async function loadKernelsAsync(variant: WasmKernels = 'portable'): Promise<Kernels> {
  const m = memoryFor(moduleBytes(variant));
  return instantiate(await WebAssembly.compile(m.bytes as BufferSource), m, variant);
}
